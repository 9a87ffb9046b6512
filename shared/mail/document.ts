/**
 * A mail as a list of plain-text blocks, rendered once as HTML (every string
 * escaped here, in one place: error texts come from a web service) and once
 * as plain text.
 */
export type Block =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string; readonly emphasis?: boolean }
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

const CELL = 'border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere';
/** The first column of a table names a process: `00000.000123/2024-45` must never break. */
const FIRST_CELL = `${CELL};white-space:nowrap;overflow-wrap:normal`;

function blockToHtml(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h2 style="font-size:16px;margin:20px 0 8px">${escapeHtml(block.text)}</h2>`;
    case 'paragraph':
      return block.emphasis ? `<p><strong>${escapeHtml(block.text)}</strong></p>` : `<p>${escapeHtml(block.text)}</p>`;
    case 'facts':
      return `<table style="border-collapse:collapse">${block.rows
        .map(([k, v]) => `<tr><th style="${CELL};background:#f4f4f4">${escapeHtml(k)}</th><td style="${CELL}">${escapeHtml(v)}</td></tr>`)
        .join('')}</table>`;
    case 'list':
      return `<ul>${block.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'table':
      return `<table style="border-collapse:collapse;font-size:13px;max-width:100%"><thead><tr>${block.head
        .map((h) => `<th style="${CELL};background:#f4f4f4">${escapeHtml(h)}</th>`)
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

/** Which SEI a notice is about, when an agency runs several (production, homologação…). */
export interface SeiIdentity {
  /** e.g. "SEI-MGI Produção"; shown in the subject, header and footer. */
  readonly name?: string;
  /** e.g. https://sei.orgao.gov.br; shown in the header and footer. */
  readonly url?: string;
}

/**
 * Renders a mail from its blocks; the subject gets the `[Plugin SEI-PI]`
 * prefix (agencies filter on it) and, when given, the SEI's name in brackets
 * right after it, so production and homologação are told apart at a glance.
 */
export function renderMail(subject: string, blocks: readonly Block[], sei: SeiIdentity = {}): Mail {
  const fullSubject = sei.name ? `${SUBJECT_PREFIX} [${sei.name}] ${subject}` : `${SUBJECT_PREFIX} ${subject}`;
  const which = sei.name || sei.url ? [sei.name, sei.url].filter(Boolean).join(' — ') : undefined;
  const header: Block[] = which ? [{ kind: 'paragraph', text: `SEI: ${which}` }] : [];
  const footer = which ? `${FOOTER} SEI: ${which}.` : FOOTER;
  const all = [...header, ...blocks];
  const html = [
    '<!DOCTYPE html><html lang="pt-BR"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(fullSubject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
    ...all.map(blockToHtml),
    `<hr><p style="font-size:12px;color:#666">${escapeHtml(footer)}</p></body></html>`,
  ].join('\n');
  const text = [...all.map(blockToText), '--', footer].join('\n\n');
  return { subject: fullSubject, html, text };
}
