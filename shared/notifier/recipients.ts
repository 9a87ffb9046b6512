import { createHash } from 'node:crypto';
import { NoRecipientsError } from '../errors';
import type { LogSink } from '../logger';
import { parseRecipients } from '../sei/recipients';

/**
 * Masks every e-mail address in a text (SES errors name them:
 * "…failed the check in region …: fulano@orgao.gov.br"), keeping the domain.
 */
export function maskEmails(text: string): string {
  return text.replace(/[^\s<>;,:"'()[\]]+@([^\s<>;,:"'()[\]]+)/g, '***@$1');
}

/** Masks an entry for the logs: enough to find it, not to read it. */
function mask(entry: string): string {
  return entry.length <= 2 ? '**' : `${entry[0]}***${entry[entry.length - 1]} (${entry.length} caracteres)`;
}

/**
 * The recipients of a notification: `MAIL_TO` when set, else the database's
 * `SEI_EMAIL_ADMINISTRADOR`. Invalid entries are logged (masked) and
 * skipped; none at all is an error, since a notification nobody receives
 * must not look like success.
 */
export function resolveRecipients(mailTo: string | undefined, adminEmails: string | undefined, log: LogSink): readonly string[] {
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
  return valid;
}

/** A recipient's SHA-256 (lower case): enough to recognise it again, without keeping the address. */
export function recipientHash(address: string): string {
  return createHash('sha256').update(address.toLowerCase()).digest('hex');
}
