/**
 * Reading `md_pi_pacote_envio.arquivo_erro`: normally
 * `<ResultadoDocumento><Protocolo>…</Protocolo><Resultado>…</Resultado></ResultadoDocumento>`,
 * but it may be malformed XML, latin1 bytes under a UTF-8 declaration, or not
 * XML at all. Extraction is lenient and never throws.
 */

/** Longest error text shown in a mail. */
export const MAX_ERROR_TEXT_LENGTH = 500;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Repairs UTF-8 text that was read as latin1 ("NÃ£o" → "Não"), the usual
 * damage of latin1/UTF-8 mix-ups; leaves any other text as it is.
 */
export function repairMojibake(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole latin1 range is the point here.
  if (!/[ÂÃ][\u0080-\u00bf]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return text;
  const repaired = Buffer.from(text, 'latin1').toString('utf8');
  return repaired.includes('\ufffd') ? text : repaired;
}

function squeeze(text: string): string {
  return (
    text
      // Control characters other than tab/newline make mail clients misbehave.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The human-readable error of a failed package: the content of
 * `<Resultado>` when present (even if the XML around it is broken), else the
 * text with tags removed. `undefined` when there is nothing to show.
 */
export function extractErrorText(raw: string | null | undefined, max = MAX_ERROR_TEXT_LENGTH): string | undefined {
  if (!raw) return undefined;
  let text = repairMojibake(raw);
  const cdata = (s: string) => s.replace(/<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g, '$1');
  const result = /<Resultado(?:\s[^>]*)?>([\s\S]*?)(?:<\/Resultado\s*>|$)/i.exec(text);
  if (result?.[1] !== undefined) {
    text = result[1];
  } else {
    text = text.replace(/<\?xml[\s\S]*?\?>/gi, ' ');
  }
  text = cdata(text).replace(/<[^>]*>?/g, ' ');
  const cleaned = squeeze(decodeEntities(text));
  return cleaned ? truncate(cleaned, max) : undefined;
}
