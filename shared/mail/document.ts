import { DEFAULT_SEI_TIME_ZONE } from '../config-rules';

/**
 * A mail as a list of plain-text blocks, rendered once as HTML (every string
 * escaped here, in one place: error texts come from a web service) and once
 * as plain text.
 */
export type Block =
  | { readonly kind: 'heading'; readonly text: string }
  | {
      readonly kind: 'paragraph';
      readonly text: string;
      readonly emphasis?: boolean;
      /** An address written in `text`, made a link in the HTML part (the text part shows it as written). */
      readonly link?: string;
    }
  | { readonly kind: 'facts'; readonly rows: readonly (readonly [string, string])[] }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] };

/** A rendered mail. */
export interface Mail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** Prefix every subject keeps: agencies filter their mail on it. */
export const SUBJECT_PREFIX = '[Plugin SEI-PI]';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** `text` escaped, with the first occurrence of `url` made a link (both escaped). */
function linkIn(text: string, url: string): string {
  const at = text.indexOf(url);
  if (at < 0) return escapeHtml(text);
  const href = escapeHtml(url);
  return `${escapeHtml(text.slice(0, at))}<a href="${href}">${href}</a>${escapeHtml(text.slice(at + url.length))}`;
}

/**
 * Long unbroken strings (the task's command, a WSDL address in an error
 * text) wrap anywhere rather than widen a phone's screen; inline styles,
 * since mail clients drop `<style>`. `anywhere` (unlike `break-word`) also
 * lets a table cell shrink below its longest word.
 */
const WRAP = 'overflow-wrap:anywhere;word-break:break-word';
const CELL = `border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;${WRAP}`;
/** The first column of a table names a process: `00000.000123/2024-45` must never break. */
const FIRST_CELL = `${CELL};white-space:nowrap;overflow-wrap:normal`;
/** A column's heading ("Tentativas") is a short word: broken, it reads as two. */
const HEAD_CELL = `${CELL};background:#f4f4f4;overflow-wrap:normal;word-break:normal`;

function blockToHtml(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h2 style="font-size:16px;margin:20px 0 8px">${escapeHtml(block.text)}</h2>`;
    case 'paragraph': {
      const text = block.link ? linkIn(block.text, block.link) : escapeHtml(block.text);
      return block.emphasis ? `<p><strong>${text}</strong></p>` : `<p>${text}</p>`;
    }
    case 'facts':
      return `<table style="border-collapse:collapse">${block.rows
        .map(([k, v]) => `<tr><th style="${CELL};background:#f4f4f4">${escapeHtml(k)}</th><td style="${CELL}">${escapeHtml(v)}</td></tr>`)
        .join('')}</table>`;
    case 'list':
      return `<ul>${block.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'table':
      return `<table style="border-collapse:collapse;font-size:13px;max-width:100%"><thead><tr>${block.head
        .map((h) => `<th style="${HEAD_CELL}">${escapeHtml(h)}</th>`)
        .join('')}</tr></thead><tbody>${block.rows
        .map((r) => `<tr>${r.map((c, i) => `<td style="${i === 0 ? FIRST_CELL : CELL}">${escapeHtml(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
  }
}

function blockToText(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${block.text}\n${'='.repeat(block.text.length)}`;
    case 'paragraph':
      return block.text;
    case 'facts':
      return block.rows.map(([k, v]) => `${k}: ${v}`).join('\n');
    case 'list':
      return block.items.map((i) => `- ${i}`).join('\n');
    case 'table':
      return block.rows.map((r) => `- ${r.map((c, i) => `${block.head[i] ?? ''}: ${c}`).join(' | ')}`).join('\n');
  }
}

const FOOTER = 'Mensagem automática do notificador SEI · Protocolo Integrado (sei-pi-notifier). Não responda a este e-mail.';

/** Which SEI a notice is about, when an agency runs several (production, homologação…), and its clock. */
export interface SeiIdentity {
  /** e.g. "SEI-MGI Produção"; shown in the subject, header and footer. */
  readonly name?: string;
  /** e.g. https://sei.orgao.gov.br; shown (as a link) in the header and footer. */
  readonly url?: string;
  /** The SEI server's IANA zone, in which every time of the mail is written. Default America/Sao_Paulo. */
  readonly timeZone?: string;
}

/** Says once which zone the mail's times are in (SEI stores wall-clock time; the mail's Date header is UTC). */
export function timeZoneNote(timeZone: string = DEFAULT_SEI_TIME_ZONE): string {
  return `Horários no fuso do SEI: ${timeZone}${timeZone === DEFAULT_SEI_TIME_ZONE ? ' (horário de Brasília)' : ''}.`;
}

const MUTED = 'font-size:12px;color:#555';

/**
 * Renders a mail from its blocks; the subject gets the `[Plugin SEI-PI]`
 * prefix (agencies filter on it) and, when given, the SEI's name in brackets
 * right after it, so production and homologação are told apart at a glance
 * and the name survives an inbox list's cut. A first line says which SEI
 * (its address a link) and the time zone of every time in the mail.
 */
export function renderMail(subject: string, blocks: readonly Block[], sei: SeiIdentity = {}): Mail {
  const fullSubject = sei.name ? `${SUBJECT_PREFIX} [${sei.name}] ${subject}` : `${SUBJECT_PREFIX} ${subject}`;
  const which = sei.name || sei.url ? [sei.name, sei.url].filter(Boolean).join(' — ') : undefined;
  const zone = timeZoneNote(sei.timeZone);
  const whichHtml = which && (sei.url ? linkIn(`SEI: ${which}`, sei.url) : escapeHtml(`SEI: ${which}`));
  const footer = which ? `${FOOTER} SEI: ${which}.` : FOOTER;
  const html = [
    '<!DOCTYPE html><html lang="pt-BR"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(fullSubject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
    `<div style="max-width:720px;${WRAP}">`,
    `<p style="${MUTED}">${whichHtml ? `${whichHtml}<br>` : ''}${escapeHtml(zone)}</p>`,
    ...blocks.map(blockToHtml),
    `<hr><p style="font-size:12px;color:#666">${escapeHtml(footer)}</p></div></body></html>`,
  ].join('\n');
  const header = which ? `SEI: ${which}\n${zone}` : zone;
  const text = [header, ...blocks.map(blockToText), '--', footer].join('\n\n');
  return { subject: fullSubject, html, text };
}
