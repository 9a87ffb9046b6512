/**
 * Schedules of SEI's task scheduler (`infra_agendamento_tarefa`): the columns
 * `sta_periodicidade_execucao` and `periodicidade_complemento`, as read by
 * InfraAgendamentoTarefa. Everything here is wall-clock time in SEI's own zone,
 * handled with Date.UTC arithmetic as if that wall clock were UTC.
 */
import { parseLocalTimestamp } from './local-time';

/** N: minutes of every hour; D: hours of every day; S: weekday/hour; M: day/hour; A: day/month/hour. */
export type Periodicity = 'N' | 'D' | 'S' | 'M' | 'A';

/** One entry of `periodicidade_complemento`; fields a type does not use are undefined. */
export interface ScheduleEntry {
  /** Month 1–12 (A only). */
  readonly month?: number;
  /** ISO weekday 1 (Monday)–7 (Sunday) for S; day of month 1–31 for M and A. */
  readonly day?: number;
  /** Hour 0–23; undefined for N (every hour). */
  readonly hour?: number;
  /** Minute 0–59 (0 when an hour is written without minutes). */
  readonly minute: number;
}

export interface TaskSchedule {
  readonly periodicity: Periodicity;
  readonly entries: readonly ScheduleEntry[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far previous/next scheduled times are searched. */
const SEARCH_DAYS = 400;
/** Longest month length, by month (February counts its leap day). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const HOUR = String.raw`(?<hour>\d{1,2})(?::(?<minute>\d{1,2}))?`;
const ENTRY: Record<Periodicity, RegExp> = {
  N: /^(?<minute>\d{1,2})$/,
  D: new RegExp(`^${HOUR}$`),
  S: new RegExp(String.raw`^(?<day>\d{1,2})/${HOUR}$`),
  M: new RegExp(String.raw`^(?<day>\d{1,2})/${HOUR}$`),
  A: new RegExp(String.raw`^(?<day>\d{1,2})/(?<month>\d{1,2})/${HOUR}$`),
};

function isPeriodicity(value: string): value is Periodicity {
  return Object.hasOwn(ENTRY, value);
}

function parseEntry(periodicity: Periodicity, text: string): ScheduleEntry | undefined {
  const groups = ENTRY[periodicity].exec(text)?.groups;
  if (!groups) return undefined;
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const entry = {
    month: num(groups.month),
    day: num(groups.day),
    hour: num(groups.hour),
    minute: num(groups.minute) ?? 0,
  };
  const { month, day, hour, minute } = entry;
  if (minute > 59 || (hour !== undefined && hour > 23)) return undefined;
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  const maxDay = periodicity === 'S' ? 7 : month !== undefined ? (MONTH_DAYS[month - 1] ?? 31) : 31;
  if (day !== undefined && (day < 1 || day > maxDay)) return undefined;
  return entry;
}

/** Parses the two columns; undefined when unknown/unparseable/empty (never throws). */
export function parseTaskSchedule(periodicity: string | null | undefined, complement: string | null | undefined): TaskSchedule | undefined {
  // SEI compares the type case-sensitively, so a lowercase type never runs.
  const type = periodicity?.trim() ?? '';
  if (!isPeriodicity(type) || !complement) return undefined;
  const entries = complement
    .replace(/\s*([/:])\s*/g, '$1') // "1 / 2 : 00" -> "1/2:00"
    .split(/[\s,;]+/)
    .filter((text) => text !== '')
    .map((text) => parseEntry(type, text))
    .filter((entry): entry is ScheduleEntry => entry !== undefined);
  return entries.length > 0 ? { periodicity: type, entries } : undefined;
}

function occursOn(periodicity: Periodicity, entry: ScheduleEntry, date: Date): boolean {
  switch (periodicity) {
    case 'S':
      return entry.day === (date.getUTCDay() || 7);
    case 'M':
      return entry.day === date.getUTCDate();
    case 'A':
      return entry.day === date.getUTCDate() && entry.month === date.getUTCMonth() + 1;
    default:
      return true;
  }
}

/** Scheduled times on the day starting at `dayMs`, in seconds since midnight. */
function timesOn(schedule: TaskSchedule, dayMs: number): number[] {
  const minutes: number[] = [];
  for (const entry of schedule.entries) {
    if (schedule.periodicity === 'N') {
      for (let hour = 0; hour < 24; hour++) minutes.push(hour * 60 + entry.minute);
    } else if (occursOn(schedule.periodicity, entry, new Date(dayMs))) {
      minutes.push((entry.hour ?? 0) * 60 + entry.minute);
    }
  }
  return minutes.map((m) => m * 60);
}

function search(schedule: TaskSchedule, local: string, direction: -1 | 1): string | undefined {
  const w = parseLocalTimestamp(local);
  if (!w) return undefined;
  const ms = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const t = new Date(ms);
  const actual = [t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()];
  if (actual.join() !== [w.month, w.day, w.hour, w.minute, w.second].join()) return undefined; // e.g. Feb 30
  const today = Date.UTC(w.year, w.month - 1, w.day);
  const nowSeconds = (ms - today) / 1000;
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const day = today + direction * i * DAY_MS;
    const times = timesOn(schedule, day).filter((s) => i > 0 || (direction < 0 ? s <= nowSeconds : s > nowSeconds));
    if (times.length > 0) {
      const best = direction < 0 ? Math.max(...times) : Math.min(...times);
      return new Date(day + best * 1000).toISOString().slice(0, 19).replace('T', ' ');
    }
  }
  return undefined;
}

/**
 * The latest scheduled wall-clock time at or before `localNow`, as
 * 'YYYY-MM-DD HH:MM:SS'; undefined if none within 400 days (or `localNow` is unreadable).
 */
export function previousScheduledTime(schedule: TaskSchedule, localNow: string): string | undefined {
  return search(schedule, localNow, -1);
}

/**
 * The earliest scheduled wall-clock time strictly after `localAfter`, same
 * format; undefined if none within 400 days (or `localAfter` is unreadable).
 */
export function nextScheduledTime(schedule: TaskSchedule, localAfter: string): string | undefined {
  return search(schedule, localAfter, 1);
}
