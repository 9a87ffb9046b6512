import type { Audience } from '../checks/figures';
import type { FunctionConfig } from '../config';
import { NoRecipientsError } from '../errors';
import type { LogSink } from '../logger';
import { parseRecipients } from '../sei/recipient-list';

/** Masks an entry for the logs: enough to find it, not to read it. */
function mask(entry: string): string {
  return entry.length <= 2 ? '**' : `${entry[0]}***${entry[entry.length - 1]} (${entry.length} caracteres)`;
}

/** Who a notice goes to, and how many valid addresses the cap left out. */
export interface Recipients {
  readonly recipients: readonly string[];
  readonly cut: number;
}

/**
 * The recipients of a notification: `MAIL_TO` when set, else the database's
 * `SEI_EMAIL_ADMINISTRADOR`. Invalid entries are logged (masked) and
 * skipped; none at all is an error, since a notification nobody receives
 * must not look like success. More than `max` (`MAX_RECIPIENTS`) are cut,
 * with a warning: each batch of 50 is a SendEmail call, and the delivery
 * progress kept to resume a failed batch must stay small.
 */
export function resolveRecipients(mailTo: string | undefined, adminEmails: string | undefined, log: LogSink, max: number): Recipients {
  const source = mailTo ? 'MAIL_TO' : 'SEI_EMAIL_ADMINISTRADOR';
  const { valid, invalid } = parseRecipients(mailTo ?? adminEmails);
  if (invalid.length > 0) {
    log.warn('Invalid recipients skipped', { source, invalidRecipients: invalid.map(mask) });
  }
  if (valid.length === 0) {
    throw new NoRecipientsError(
      mailTo
        ? 'Nenhum destinatário válido em MAIL_TO: a notificação não pode ser enviada.'
        : 'Nenhum destinatário: o parâmetro SEI_EMAIL_ADMINISTRADOR (Infra > Parâmetros do SEI) está vazio ou sem e-mails válidos, e MAIL_TO não foi configurado. A notificação não pode ser enviada.'
    );
  }
  if (valid.length > max) {
    log.warn('Recipients cut', { source, given: valid.length, kept: max });
    return { recipients: valid.slice(0, max), cut: valid.length - max };
  }
  return { recipients: valid, cut: 0 };
}

/**
 * The recipient list of an audience: the team's own variable, else
 * `MAIL_TO`; everyone is both teams when teams are configured. `undefined`
 * means `SEI_EMAIL_ADMINISTRADOR`.
 */
export function recipientListFor(config: FunctionConfig, audience: Audience, adminEmails: string | undefined): string | undefined {
  const { infrastructure, records } = teamLists(config);
  if (audience === 'infrastructure') return infrastructure;
  if (audience === 'records') return records;
  if (config.mailToInfrastructure === undefined && config.mailToRecords === undefined) return config.mailTo;
  return [infrastructure ?? adminEmails, records ?? adminEmails].filter((list) => list !== undefined).join(';') || undefined;
}

/** Each team's configured list: its own variable, else `MAIL_TO`. */
function teamLists(config: FunctionConfig): { infrastructure?: string; records?: string } {
  return { infrastructure: config.mailToInfrastructure ?? config.mailTo, records: config.mailToRecords ?? config.mailTo };
}

/** Whether the audience's list falls back to `SEI_EMAIL_ADMINISTRADOR`, which must then be read. */
export function needsAdminEmails(config: FunctionConfig, audience: Audience): boolean {
  const { infrastructure, records } = teamLists(config);
  if (audience === 'infrastructure') return infrastructure === undefined;
  if (audience === 'records') return records === undefined;
  return infrastructure === undefined || records === undefined;
}
