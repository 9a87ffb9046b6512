import { localToInstant } from '../sei/local-time';

/**
 * Whether the newest publishing run may still be running. SEI's scheduler
 * (`InfraAgendamentoTarefaRN::executar`, SEI 4.x) writes `sin_sucesso = 'N'`
 * with `dth_ultima_execucao` when a task starts and `'S'` with
 * `dth_ultima_conclusao` only at a normal end; the module writes
 * `sin_executando_publicacao = 'S'` at the start and `dth_ultimo_processamento`
 * only at a normal end. So a run that is still going looks exactly like one
 * that threw, until it ends: neither flag tells them apart. What does:
 * - how long ago it started, against an allowance drawn from how long the
 *   last completed run took (its stamp `dth_agendamento_executado` to the
 *   module's end), never below {@link RUN_ALLOWANCE_FLOOR_MINUTES};
 * - its own heartbeat: a package tried since its start, recently (a long
 *   backlog run keeps re-stamping rows, one try after another).
 */

/** No run is called unfinished before this many minutes (gathering a day's activities takes a while). */
export const RUN_ALLOWANCE_FLOOR_MINUTES = 60;
/** A longer span from the last stamp to the last end is not one run's duration (see runAllowanceMinutes). */
export const RUN_ALLOWANCE_CAP_MINUTES = 6 * 60;
/** A run may take this many times as long as the last completed one. */
export const RUN_DURATION_FACTOR = 2;
/** A try this recent, made by the newest run, means it is still sending. */
export const RUN_HEARTBEAT_MINUTES = 60;

export interface RunTimes {
  /** `dth_ultima_execucao` of the active publishing task. */
  readonly start?: string;
  /** Newest try of any package (`dth_situacao`). */
  readonly lastTry?: string;
  /** Stamp (`dth_agendamento_executado`) of the last run that completed. */
  readonly completedStart?: string;
  /** `dth_ultimo_processamento`: that run's end, the module's last normal end. */
  readonly lastRunEnd?: string;
}

/** The scheduler started the task after the module's last normal end (local timestamps sort as text). */
export function startedAfterEnd(times: RunTimes): boolean {
  return times.start !== undefined && (times.lastRunEnd === undefined || times.lastRunEnd < times.start);
}

export interface RunProgress {
  /** Started after the last normal end, and may still be running. */
  readonly inProgress: boolean;
  /** Started after the last normal end, and by now would have ended: interrupted, or stuck. */
  readonly notFinished: boolean;
  /** Minutes since the newest run started (when it started after the last end). */
  readonly runningMinutes?: number;
  /** How long a run may be in progress before it is called not finished. */
  readonly allowanceMinutes: number;
}

const minutesBetween = (from: Date | undefined, to: Date | undefined) =>
  from && to ? Math.floor((to.getTime() - from.getTime()) / 60_000) : undefined;

/**
 * How long a run may take: twice the last completed one, never below the
 * floor. The stamp of the last run that tried a package is that run's own
 * start only when the run tried something; a run with nothing to send leaves
 * no stamp, and the stamp is then an older run's: a span beyond what a run
 * can take (the cap) is no duration at all.
 */
export function runAllowanceMinutes(times: RunTimes, timeZone: string): number {
  const last = minutesBetween(localToInstant(times.completedStart, timeZone), localToInstant(times.lastRunEnd, timeZone));
  const drawn = last !== undefined && last > 0 && last * RUN_DURATION_FACTOR <= RUN_ALLOWANCE_CAP_MINUTES ? last * RUN_DURATION_FACTOR : 0;
  return Math.max(RUN_ALLOWANCE_FLOOR_MINUTES, drawn);
}

/**
 * Tells a run in progress from one that did not finish.
 *
 * @param times what the scheduler, the module and the package rows say (SEI local times).
 * @param now the current instant.
 */
export function assessRunProgress(times: RunTimes, now: Date, timeZone: string): RunProgress {
  const allowanceMinutes = runAllowanceMinutes(times, timeZone);
  const start = localToInstant(times.start, timeZone);
  if (!startedAfterEnd(times) || !start) return { inProgress: false, notFinished: false, allowanceMinutes };
  const runningMinutes = Math.max(0, minutesBetween(start, now) ?? 0);
  const lastTry = localToInstant(times.lastTry, timeZone);
  const beating =
    lastTry !== undefined && lastTry >= start && (minutesBetween(lastTry, now) ?? Number.POSITIVE_INFINITY) < RUN_HEARTBEAT_MINUTES;
  const inProgress = runningMinutes < allowanceMinutes || beating;
  return { inProgress, notFinished: !inProgress, runningMinutes, allowanceMinutes };
}

/** `2 h 30 min`, `45 min`, `26 h` for the mail. */
export function describeDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 || h >= 10 ? `${h} h` : `${h} h ${m} min`;
}
