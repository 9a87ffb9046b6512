import * as z from 'zod/mini';

/** SES v1 accepts at most 50 recipients per message. */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;

const emailSchema = z.email();

/** The outcome of reading a recipient list. */
export interface RecipientList {
  /** Valid, trimmed, de-duplicated addresses, in the order given. */
  readonly valid: readonly string[];
  /** Entries that are not e-mail addresses (to be logged, not mailed). */
  readonly invalid: readonly string[];
}

/** Extracts the address from `Name <address>` or returns the entry itself. */
function addressOf(entry: string): string {
  const angle = /<([^<>]*)>\s*$/.exec(entry);
  return (angle?.[1] ?? entry).trim();
}

/**
 * Reads a list of recipients as SEI's `SEI_EMAIL_ADMINISTRADOR` or the
 * `MAIL_TO` variable hold them: separated by `;` or `,`, with optional
 * display names (`Fulano <fulano@orgao.gov.br>`). Duplicates (in any letter
 * case) are dropped; invalid entries are reported apart.
 */
export function parseRecipients(raw: string | null | undefined): RecipientList {
  const valid: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const entry of (raw ?? '').split(/[;,\n]/)) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const address = addressOf(trimmed);
    if (!emailSchema.safeParse(address).success) {
      invalid.push(trimmed);
      continue;
    }
    const key = address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    valid.push(address);
  }
  return { valid, invalid };
}

/** Splits recipients into batches SES accepts in one message. */
export function batchRecipients(recipients: readonly string[], size = MAX_RECIPIENTS_PER_MESSAGE): string[][] {
  const batches: string[][] = [];
  for (let i = 0; i < recipients.length; i += size) {
    batches.push(recipients.slice(i, i + size));
  }
  return batches;
}
