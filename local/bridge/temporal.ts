/**
 * Date/time values rendered the way the Data API returns them in
 * `stringValue`: `YYYY-MM-DD HH:MM:SS[.fff]`, `YYYY-MM-DD`, `HH:MM:SS[.fff]`,
 * with no zone designator and no zone conversion of zone-less types.
 *
 * Fractional seconds appear only when non-zero; trailing zeros are dropped but
 * at least milliseconds are kept (`.120`, `.123456`).
 *
 * Zone-aware PostgreSQL types (timestamptz, timetz) are shifted to UTC and
 * lose their offset, which is what a UTC session (the Data API default)
 * renders.
 */

const DATE_TIME = /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?|Z)?( BC)?$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;

export function formatFraction(digits: string | undefined): string {
  if (!digits) return '';
  const trimmed = digits.replace(/0+$/, '');
  if (trimmed.length === 0) return '';
  return '.' + trimmed.padEnd(3, '0');
}

function offsetSeconds(sign: string | undefined, h?: string, m?: string, s?: string): number {
  if (!sign) return 0;
  const total = Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
  return sign === '-' ? -total : total;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Normalizes a timestamp/datetime text (optionally with an offset, which is converted to UTC). */
export function normalizeTimestamp(raw: string): string {
  const m = DATE_TIME.exec(raw);
  if (!m) return raw; // infinity, zero dates and other oddities pass through
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os, bc] = m;
  const fraction = formatFraction(frac);
  const offset = offsetSeconds(sign, oh, om, os);
  if (offset === 0 || bc) {
    return `${y}-${mo}-${d} ${h}:${mi}:${s}${fraction}${bc ?? ''}`;
  }
  const utc = new Date(0);
  utc.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  utc.setUTCHours(Number(h), Number(mi), Number(s) - offset, 0);
  const year = String(utc.getUTCFullYear()).padStart(4, '0');
  return (
    `${year}-${pad2(utc.getUTCMonth() + 1)}-${pad2(utc.getUTCDate())} ` +
    `${pad2(utc.getUTCHours())}:${pad2(utc.getUTCMinutes())}:${pad2(utc.getUTCSeconds())}${fraction}`
  );
}

/** Normalizes a time / time with zone text. */
export function normalizeTime(raw: string): string {
  const m = TIME.exec(raw);
  if (!m) return raw;
  const [, h, mi, s, frac, sign, oh, om, os] = m;
  const offset = offsetSeconds(sign, oh, om, os);
  const fraction = formatFraction(frac);
  if (offset === 0) return `${h}:${mi}:${s}${fraction}`;
  const day = 86400;
  const secs = (((Number(h) * 3600 + Number(mi) * 60 + Number(s) - offset) % day) + day) % day;
  return `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor((secs % 3600) / 60))}:${pad2(secs % 60)}${fraction}`;
}

/** Dates are already `YYYY-MM-DD` in both engines; kept as a function for symmetry. */
export function normalizeDate(raw: string): string {
  return raw;
}
