/**
 * One SES event (as SES publishes it to SNS) turned into what an operator
 * reads: a short subject and one Portuguese sentence, with every e-mail
 * address masked. Field names follow "Contents of event data that Amazon SES
 * publishes to Amazon SNS" (SES Developer Guide).
 */
import { SUBJECT_PREFIX } from '../mail/document';
import { maskEmails } from '../notifier/mask-emails';
import { formatLocalTimestamp, instantToLocal } from '../sei/local-time';

/** What goes to the operators' topic for one SES event. */
export interface MailEventNotice {
  /** SNS subject (the operators' e-mail subject): printable ASCII, under 100 characters. */
  readonly subject: string;
  /** Plain-text message: the sentence, then the SES message id when known. */
  readonly message: string;
  /** `eventType` as SES wrote it (or a placeholder when it is missing), masked and cut to {@link MAX_EVENT_TYPE}, for the logs. */
  readonly eventType: string;
  /** SES message id of the mail the event is about, for the logs. */
  readonly sesMessageId?: string;
}

/** SNS: the subject must be shorter than 100 characters. */
const MAX_SUBJECT = 99;
/** A diagnostic or error text from a remote server, at most. */
export const MAX_DETAIL = 300;
/** Recipients named in one sentence; the rest are counted. */
export const MAX_LISTED_RECIPIENTS = 10;
/** An event type, as named in the subject and logged, at most. */
export const MAX_EVENT_TYPE = 40;
/** Excerpt of an event that could not be read. */
const MAX_EXCERPT = 1000;

const BOUNCE_TYPES: Readonly<Record<string, string>> = {
  Permanent: 'Devolução permanente',
  Transient: 'Devolução temporária',
  Undetermined: 'Devolução de tipo indeterminado',
};

/** Subtypes worth naming; `General` and `Undetermined` add nothing to the type. */
const BOUNCE_SUBTYPES: Readonly<Record<string, string>> = {
  General: '',
  Undetermined: '',
  NoEmail: 'endereço inexistente',
  Suppressed: 'endereço na lista de supressão global do SES',
  OnAccountSuppressionList: 'endereço na lista de supressão da conta',
  MailboxFull: 'caixa postal cheia',
  MessageTooLarge: 'mensagem grande demais',
  ContentRejected: 'conteúdo recusado',
  AttachmentRejected: 'anexo recusado',
};

const COMPLAINT_TYPES: Readonly<Record<string, string>> = {
  abuse: 'marcado como spam ou abuso',
  'auth-failure': 'falha de autenticação',
  fraud: 'suspeita de fraude ou phishing',
  'not-spam': 'marcado como não spam',
  other: 'outro motivo',
  virus: 'vírus',
};

const DELAY_TYPES: Readonly<Record<string, string>> = {
  InternalFailure: 'falha interna do SES',
  General: 'motivo geral',
  MailboxFull: 'caixa postal cheia',
  SpamDetected: 'o provedor considerou spam',
  RecipientServerError: 'erro temporário no servidor do destinatário',
  IPFailure: 'IP de envio bloqueado ou limitado pelo provedor',
  TransientCommunicationFailure: 'falha temporária de comunicação',
  BYOIPHostNameLookupUnavailable: 'falha na consulta DNS do IP próprio (BYOIP)',
  Undetermined: 'motivo indeterminado',
  SendingDeferral: 'envio adiado pelo SES',
};

const REJECT_REASONS: Readonly<Record<string, string>> = {
  'Bad content': 'conteúdo inválido (o SES detectou vírus)',
};

type Json = Record<string, unknown>;

/**
 * Describes one SES event for the operators. Never throws: an unreadable or
 * unknown event still yields a notice that names what arrived (with a masked
 * excerpt), so no event is lost.
 *
 * @param raw - the SNS message: the event JSON as SES published it
 * @param timeZone - IANA zone of the times shown (SEI's)
 */
export function describeMailEvent(raw: string, timeZone: string): MailEventNotice {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return unreadable(raw, 'o conteúdo não é JSON');
  }
  if (!isObject(parsed)) return unreadable(raw, 'o conteúdo não é um objeto JSON');

  const eventType = text(parsed.eventType) ?? text(parsed.notificationType);
  const mail = objectOr(parsed.mail);
  const about = mailContext(mail, timeZone);
  const sesMessageId = text(mail.messageId);
  const notice = (title: string, sentence: string, excerpt?: string): MailEventNotice =>
    finish(title, sentence, eventType ?? '(sem tipo)', sesMessageId, excerpt);

  switch (eventType) {
    case 'Bounce': {
      const bounce = objectOr(parsed.bounce);
      const type = text(bounce.bounceType);
      const kind = type === undefined ? 'Devolução' : (known(BOUNCE_TYPES, type) ?? `Devolução (${cut(type, 40)})`);
      const subtype = label(BOUNCE_SUBTYPES, bounce.bounceSubType);
      const what = subtype ? `${kind} (${subtype})` : kind;
      return notice(`${kind} de e-mail`, `${what} para ${recipientsWithDetail(bounce.bouncedRecipients)}${about}.`);
    }
    case 'Complaint': {
      const complaint = objectOr(parsed.complaint);
      const who = addresses(listOf(complaint.complainedRecipients).map((r) => objectOr(r).emailAddress));
      if (text(complaint.complaintSubType) === 'OnAccountSuppressionList') {
        return notice(
          'E-mail não enviado: endereço suprimido',
          `E-mail não enviado a ${who}: o endereço está na lista de supressão da conta do SES por uma reclamação anterior${about}.`
        );
      }
      const type = label(COMPLAINT_TYPES, complaint.complaintFeedbackType);
      return notice('Reclamação sobre e-mail', `Reclamação${type ? ` (${type})` : ''} de ${who} sobre o e-mail${about}.`);
    }
    case 'Reject': {
      const reason = label(REJECT_REASONS, objectOr(parsed.reject).reason) || 'motivo não informado';
      return notice(
        'E-mail rejeitado pelo SES',
        `O SES rejeitou o e-mail para ${destinations(mail)} e não tentou entregá-lo: ${reason}${about}.`
      );
    }
    case 'Rendering Failure': {
      const failure = objectOr(parsed.failure);
      const template = text(failure.templateName);
      const error = detail(failure.errorMessage) ?? 'erro não informado';
      return notice(
        'Falha de renderização de e-mail',
        `Falha de renderização${template ? ` do modelo ${cut(template, 100)}` : ''}: ${error}; o e-mail para ${destinations(mail)} não foi enviado${about}.`
      );
    }
    case 'DeliveryDelay': {
      const delay = objectOr(parsed.deliveryDelay);
      const type = label(DELAY_TYPES, delay.delayType);
      const until = localTime(delay.expirationTime, timeZone);
      return notice(
        'Atraso na entrega de e-mail',
        `Atraso na entrega${type ? ` (${type})` : ''} para ${recipientsWithDetail(delay.delayedRecipients)}` +
          `${until ? `; o SES tenta entregar até ${until}` : ''}${about}.`
      );
    }
    default: {
      const name = eventType ? cut(eventType, MAX_EVENT_TYPE) : undefined;
      return notice(
        name ? `Evento do SES: ${name}` : 'Evento do SES sem tipo',
        `Evento do SES ${name ? `do tipo "${name}"` : 'sem tipo reconhecido'} sobre o e-mail para ${destinations(mail)}${about}.`,
        excerptOf(raw)
      );
    }
  }
}

/** A notice for something that is not an SES event object. */
function unreadable(raw: string, why: string): MailEventNotice {
  return finish('Evento do SES ilegível', `Evento do SES ilegível (${why}).`, '(ilegível)', undefined, excerptOf(raw));
}

/** Assembles the notice; the last `maskEmails` pass catches addresses inside free texts. */
function finish(title: string, sentence: string, eventType: string, sesMessageId?: string, excerpt?: string): MailEventNotice {
  const lines = [sentence];
  if (sesMessageId) lines.push('', `Id da mensagem no SES: ${cut(sesMessageId, 200)}`);
  if (excerpt) lines.push('', `Conteúdo recebido (resumido, endereços mascarados): ${excerpt}`);
  return {
    subject: snsSubject(`${SUBJECT_PREFIX} ${maskEmails(title)}`),
    message: maskEmails(lines.join('\n')),
    // Cut like the subject's name: an unknown type is free text from the event.
    eventType: cut(maskEmails(eventType), MAX_EVENT_TYPE),
    ...(sesMessageId ? { sesMessageId: cut(sesMessageId, 200) } : {}),
  };
}

/**
 * An SNS subject: printable ASCII only (accents folded, anything else
 * replaced), one line, under 100 characters.
 */
export function snsSubject(title: string): string {
  const ascii = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  return ascii.length <= MAX_SUBJECT ? ascii : `${ascii.slice(0, MAX_SUBJECT - 3).trimEnd()}...`;
}

/** ` (assunto: …; enviado em dd/mm/aaaa hh:mm)`, or what of it is known. */
function mailContext(mail: Json, timeZone: string): string {
  const subject = text(objectOr(mail.commonHeaders).subject);
  const sent = localTime(mail.timestamp, timeZone);
  const parts = [subject ? `assunto: ${cut(subject, 150)}` : undefined, sent ? `enviado em ${sent}` : undefined].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

/** `***@domínio: diagnóstico`, one per recipient (bounces and delays). */
function recipientsWithDetail(value: unknown): string {
  const entries = listOf(value).map((item) => {
    const r = objectOr(item);
    const info = detail(r.diagnosticCode) ?? text(r.status);
    const who = maskAddress(r.emailAddress);
    return info ? `${who}: ${cut(info, MAX_DETAIL)}` : who;
  });
  if (entries.length === 0) return 'destinatário não informado';
  if (entries.length === 1) return entries[0] as string;
  return `${entries.length} destinatários — ${listed(entries)}`;
}

/** The mail's destinations, masked. */
function destinations(mail: Json): string {
  return addresses(listOf(mail.destination));
}

function addresses(values: readonly unknown[]): string {
  return values.length === 0 ? 'destinatário não informado' : listed(values.map(maskAddress));
}

function listed(entries: readonly string[]): string {
  const shown = entries.slice(0, MAX_LISTED_RECIPIENTS).join('; ');
  const rest = entries.length - MAX_LISTED_RECIPIENTS;
  return rest > 0 ? `${shown}; e mais ${rest}` : shown;
}

/** `***@domínio`: the local part never leaves this function. */
function maskAddress(value: unknown): string {
  const address = text(value);
  if (!address) return 'endereço não informado';
  const at = address.lastIndexOf('@');
  // Internationalized domains keep their letters (órgão.gov.br, not rgo.gov.br).
  const domain = at === -1 ? '' : address.slice(at + 1).replace(/[^\p{L}\p{N}\p{M}.-]/gu, '');
  return domain ? `***@${cut(domain, 100)}` : '***';
}

/** A remote server's text without the `smtp;` prefix, cut to {@link MAX_DETAIL}. */
function detail(value: unknown): string | undefined {
  const t = text(value)?.replace(/^smtp;\s*/i, '');
  return t ? cut(t, MAX_DETAIL) : undefined;
}

/** The label of a known value, the value itself when unknown, '' when absent. */
function label(labels: Readonly<Record<string, string>>, value: unknown): string {
  const key = text(value);
  return key === undefined ? '' : (known(labels, key) ?? cut(key, 60));
}

/** Own entries only: "constructor" is not a bounce type. */
function known(labels: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

/** An ISO instant as `dd/mm/aaaa hh:mm` in `timeZone`. */
function localTime(value: unknown, timeZone: string): string | undefined {
  const iso = text(value);
  const instant = iso ? new Date(iso) : undefined;
  if (!instant || Number.isNaN(instant.getTime())) return undefined;
  try {
    return formatLocalTimestamp(instantToLocal(instant, timeZone));
  } catch {
    return undefined;
  }
}

function excerptOf(raw: string): string {
  return cut(text(raw) ?? '(vazio)', MAX_EXCERPT);
}

/**
 * A string from the event: addresses masked (before any cut, which could
 * leave a half address unrecognisable), on one line without control
 * characters; `undefined` when empty or not a string.
 */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = maskEmails(
    value
      .replace(/\p{Cc}+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
  return t === '' ? undefined : t;
}

function cut(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectOr(value: unknown): Json {
  return isObject(value) ? value : {};
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
