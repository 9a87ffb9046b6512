import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEmlContent } from 'aws-ses-v2-local/dist/emlFile.js';
import type { Email } from 'aws-ses-v2-local/dist/store.js';
import type { Mail } from '../../shared/mail/document';

/** Empties (or creates) the outbox folder. */
export async function resetOutbox(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}

/** A mail as the local SES stores it, for mails that were not sent (dry run). */
export function asStoredEmail(mail: Mail, from: string, to: readonly string[]): Email {
  return {
    messageId: 'nao-enviado',
    from,
    replyTo: [],
    destination: { to: [...to], cc: [], bcc: [] },
    subject: mail.subject,
    body: { html: mail.html, text: mail.text },
    attachments: [],
    at: Math.floor(Date.now() / 1000),
  };
}

/**
 * Writes a mail as `<name>.eml` (opens in any mail client) and
 * `<name>.html`; returns the .eml path.
 */
export async function writeMail(dir: string, name: string, email: Email): Promise<string> {
  const eml = await createEmlContent(email);
  const emlPath = join(dir, `${name}.eml`);
  await writeFile(emlPath, eml.body);
  await writeFile(join(dir, `${name}.html`), email.body.html ?? '');
  return emlPath;
}
