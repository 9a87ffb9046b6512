import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createEmlContent } from 'aws-ses-v2-local/dist/emlFile.js';
import type { Email } from 'aws-ses-v2-local/dist/store.js';
import type { Mail } from '../../shared/mail/document';

/** Prefix of the folder inside the outbox where a run writes its mails until it succeeds. */
const STAGING_PREFIX = '.execucao-em-andamento-';

/** What a run may remove from the outbox: mails and the folder of a run that was killed. */
function isReplaceable(entry: string): boolean {
  return /\.(eml|html)$/.test(entry) || entry.startsWith(STAGING_PREFIX);
}

/**
 * Runs `run` with a fresh folder for its mails, inside the outbox; only when
 * it succeeds do those mails replace the outbox's mails. A failed run (no
 * module tables, a refused `--send`…) leaves the last run's mails as they
 * were. Files other than mails (.eml, .html) are never removed, so an
 * outbox pointed at a folder in use loses nothing.
 *
 * @param outbox the outbox folder (created when missing)
 * @param run writes its mails to the folder it is given
 */
export async function replaceOutboxAfter<T>(outbox: string, run: (dir: string) => Promise<T>): Promise<T> {
  await mkdir(outbox, { recursive: true });
  const staging = await mkdtemp(join(outbox, STAGING_PREFIX));
  try {
    const result = await run(staging);
    for (const entry of await readdir(outbox)) {
      if (entry !== basename(staging) && isReplaceable(entry)) await rm(join(outbox, entry), { recursive: true, force: true });
    }
    for (const entry of await readdir(staging)) await rename(join(staging, entry), join(outbox, entry));
    return result;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
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
 * `<name>.html`; returns the .eml file name.
 */
export async function writeMail(dir: string, name: string, email: Email): Promise<string> {
  const eml = await createEmlContent(email);
  const emlPath = join(dir, `${name}.eml`);
  await writeFile(emlPath, eml.body);
  await writeFile(join(dir, `${name}.html`), email.body.html ?? '');
  return basename(emlPath);
}
