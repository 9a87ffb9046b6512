import { randomUUID } from 'node:crypto';
import type { Mail } from './document';

/** Who a raw message is from and to (the `From` and `To` headers). */
export interface Envelope {
  readonly from: string;
  readonly to: readonly string[];
}

const CRLF = '\r\n';

/** Bytes of UTF-8 per encoded word: 45 bytes → 60 base64 characters, 72 with the `=?UTF-8?B?…?=` frame (RFC 2047: ≤ 75). */
const WORD_BYTES = 45;

/**
 * A header value as RFC 2047 encoded words when it is not plain short
 * ASCII; words break between characters, never inside one, and fold onto
 * continuation lines.
 */
export function encodeHeaderValue(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: only printable ASCII goes unencoded.
  if (/^[\x20-\x7e]*$/.test(value) && value.length <= 900) return value;
  const words: string[] = [];
  let chunk = '';
  for (const char of value) {
    if (Buffer.byteLength(chunk + char) > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join(`${CRLF} `);
}

/** Base64 body lines of at most 76 characters. */
function base64Lines(text: string): string {
  return (
    Buffer.from(text)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join(CRLF);
}

/**
 * The mail as a raw MIME message (multipart/alternative: text, then HTML;
 * UTF-8, base64), marked `Auto-Submitted: auto-generated` (RFC 3834) so
 * vacation and out-of-office replies do not answer it, and
 * `X-Auto-Response-Suppress: All` for Exchange/Outlook.
 */
export function buildMimeMessage(mail: Mail, envelope: Envelope, date = new Date(), boundary = `=_sei-pi-${randomUUID()}`): string {
  const part = (type: string, body: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=UTF-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(body)].join(CRLF);
  return [
    `From: ${envelope.from}`,
    `To: ${envelope.to.join(`,${CRLF} `)}`,
    `Subject: ${encodeHeaderValue(mail.subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    'Auto-Submitted: auto-generated',
    'X-Auto-Response-Suppress: All',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    part('text/plain', mail.text),
    part('text/html', mail.html),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}
