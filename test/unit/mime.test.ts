import { describe, expect, it } from 'vitest';
import { renderMail } from '../../shared/mail/document';
import { buildMimeMessage, encodeHeaderValue } from '../../shared/mail/mime';

/** Decodes RFC 2047 `=?UTF-8?B?…?=` words (folded or not) back to text. */
const decodeWords = (value: string) =>
  value
    .replace(/\r\n /g, '')
    .replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));

describe('the raw MIME message', () => {
  const mail = renderMail('Há 4 dias não há envio de informações ao Protocolo Integrado. — ção ç ã é 🚫 '.repeat(3), [
    { kind: 'paragraph', text: 'Olá, administração <b>' },
  ]);
  const raw = buildMimeMessage(
    mail,
    { from: 'sei-pi@orgao.gov.br', to: ['a@orgao.gov.br', 'b@orgao.gov.br'] },
    new Date('2026-12-03T11:00:00Z'),
    'B'
  );
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n');

  it('says it was sent automatically (RFC 3834), so out-of-office replies do not answer it', () => {
    expect(head).toMatch(/^Auto-Submitted: auto-generated$/m);
    expect(head).toMatch(/^X-Auto-Response-Suppress: All$/m);
  });

  it('has From, every recipient of the batch in To, a date and a multipart/alternative body', () => {
    expect(head).toMatch(/^From: sei-pi@orgao\.gov\.br$/m);
    expect(head).toContain('To: a@orgao.gov.br,\r\n b@orgao.gov.br');
    expect(head).toMatch(/^Date: Thu, 03 Dec 2026 11:00:00 \+0000$/m);
    expect(head).toContain('Content-Type: multipart/alternative; boundary="B"');
    expect(body).toContain('--B\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64');
    expect(body).toContain('--B\r\nContent-Type: text/html; charset=UTF-8');
    expect(body.trimEnd().endsWith('--B--')).toBe(true);
  });

  it('encodes a long UTF-8 subject in words of at most 75 characters that decode back exactly', () => {
    const subject = /^Subject: ((?:.*)(?:\r\n .*)*)$/m.exec(head)?.[1] ?? '';
    for (const line of subject.split('\r\n')) expect(line.trim().length).toBeLessThanOrEqual(75);
    expect(decodeWords(subject)).toBe(mail.subject);
    expect(encodeHeaderValue('ASCII simples')).toBe('ASCII simples');
  });

  it('carries the text and HTML parts intact (base64, lines of 76)', () => {
    const parts = body.split('--B').slice(1, 3);
    const decoded = parts.map((p) => Buffer.from(p.split('\r\n\r\n')[1]?.replace(/\r\n/g, '') ?? '', 'base64').toString('utf8'));
    expect(decoded[0]).toBe(mail.text);
    expect(decoded[1]).toBe(mail.html);
    for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
  });
});
