/**
 * Reads back what the outbox's `.eml` files hold, as a mail client shows it:
 * the subject (RFC 2047 encoded words) and the plain-text part
 * (quoted-printable, 7bit or base64). Only what the local SES writes.
 */
export interface ReadMail {
  readonly subject: string;
  readonly text: string;
}

/** Bytes of a quoted-printable or Q-encoded run (`=C3=A3`), as UTF-8 text. */
function decodeQuoted(value: string, underscoreIsSpace: boolean): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i] ?? '';
    const hex = value.slice(i + 1, i + 3);
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (c === '_' && underscoreIsSpace) {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** A header value with its encoded words decoded (adjacent words joined, as RFC 2047 says). */
function decodeHeader(value: string): string {
  const parts = value.split(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)/).filter((part, i, all) => {
    // Whitespace between two encoded words is not part of the text.
    const between = i > 0 && i < all.length - 1 && /^\s*$/.test(part);
    return part !== '' && !between;
  });
  const out: Buffer[] = [];
  for (const part of parts) {
    const word = /^=\?[^?]+\?([QqBb])\?([^?]*)\?=$/.exec(part);
    if (!word) out.push(Buffer.from(part, 'utf8'));
    else out.push(word[1]?.toUpperCase() === 'B' ? Buffer.from(word[2] ?? '', 'base64') : decodeQuoted(word[2] ?? '', true));
  }
  return Buffer.concat(out).toString('utf8');
}

function splitHeaders(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.indexOf('\n\n');
  const head = at < 0 ? raw : raw.slice(0, at);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: at < 0 ? '' : raw.slice(at + 2) };
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuoted(body.replace(/=\n/g, ''), false).toString('utf8');
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

/** The subject and the plain-text part of an `.eml` file's content. */
export function readEml(eml: string): ReadMail {
  const { headers, body } = splitHeaders(eml.replace(/\r\n/g, '\n'));
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  let text = body;
  if (boundary) {
    const part = body
      .split(`--${boundary}`)
      .map((p) => splitHeaders(p.replace(/^\n/, '')))
      .find((p) => /^text\/plain/i.test(p.headers.get('content-type') ?? ''));
    if (!part) throw new Error('eml: no text/plain part');
    text = decodeBody(part.body, part.headers.get('content-transfer-encoding'));
  } else {
    text = decodeBody(body, headers.get('content-transfer-encoding'));
  }
  return { subject: decodeHeader(headers.get('subject') ?? ''), text: text.replace(/\n+$/, '') };
}
