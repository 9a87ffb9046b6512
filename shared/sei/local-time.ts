/**
 * SEI stores every `dth_*` column as wall-clock time without a zone, in the
 * zone of its PHP server. These helpers read such values in a given IANA zone.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** A timestamp as SEI wrote it: `YYYY-MM-DD HH:MM:SS[.fff]` (or with a `T`). */
const LOCAL_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

/** Wall-clock fields of a local timestamp. */
interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Parses a local timestamp; `undefined` for NULL or anything unreadable. */
export function parseLocalTimestamp(value: string | null | undefined): WallClock | undefined {
  if (!value) return undefined;
  const m = LOCAL_TIMESTAMP.exec(value.trim());
  if (!m) return undefined;
  const wall = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  // MySQL's zero date and other impossible values count as unreadable.
  if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31) return undefined;
  return wall;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset (ms) of `timeZone` from UTC at the instant `utcMs`. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant at which the wall clock of `timeZone` showed `value`.
 * Returns `undefined` for NULL or unreadable values.
 */
export function localToInstant(value: string | null | undefined, timeZone: string): Date | undefined {
  const wall = parseLocalTimestamp(value);
  if (!wall) return undefined;
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // Two passes settle the offset across DST changes (older rows fall in
  // Brazil's DST periods).
  let instant = asUtc - zoneOffsetMs(asUtc, timeZone);
  instant = asUtc - zoneOffsetMs(instant, timeZone);
  return new Date(instant);
}

/**
 * Whole days elapsed between the local timestamp `value` (read in
 * `timeZone`) and `now`: 46 h is 1 day, 50 h is 2. Future timestamps count
 * as 0. `undefined` when the value is NULL or unreadable.
 */
export function wholeDaysSince(value: string | null | undefined, now: Date, timeZone: string): number | undefined {
  const instant = localToInstant(value, timeZone);
  if (!instant) return undefined;
  return Math.max(0, Math.floor((now.getTime() - instant.getTime()) / DAY_MS));
}

/** The current wall-clock time of `timeZone`, as SEI would store it. */
export function instantToLocal(instant: Date, timeZone: string): string {
  const offset = zoneOffsetMs(instant.getTime(), timeZone);
  return new Date(instant.getTime() + offset).toISOString().slice(0, 19).replace('T', ' ');
}

/** `dd/mm/aaaa hh:mm` for the mail; the value is shown as SEI stored it. */
export function formatLocalTimestamp(value: string | null | undefined): string | undefined {
  const wall = parseLocalTimestamp(value);
  if (!wall) return undefined;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(wall.day)}/${p(wall.month)}/${wall.year} ${p(wall.hour)}:${p(wall.minute)}`;
}
