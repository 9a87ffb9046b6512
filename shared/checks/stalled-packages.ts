import { instantToLocal, wholeDaysSince } from '../sei/local-time';
import { nextScheduledTime, parseTaskSchedule } from '../sei/task-schedule';
import type { CheckDecision } from './decision';
import type { SendingFigures } from './figures';
import type { NoticeState } from './notice-plan';
import { assessRunProgress, type RunProgress } from './run-progress';

/** The regulation's maximum tolerance for stalled sending (§ 1 of art. 3 of Portaria 2.320/2014). */
export const REGULATION_MAX_STALLED_DAYS = 2;

/** Where the tolerance in days came from. */
export type ToleranceSource = 'STALLED_AFTER_DAYS' | 'infra_agendamento_tarefa.parametro' | 'default';

export interface Tolerance {
  readonly days: number;
  readonly source: ToleranceSource;
  /** Above the regulation's maximum of 2 days (only `STALLED_AFTER_DAYS` may be; warned about). */
  readonly aboveRegulation: boolean;
  /** SEI's `parametro` when it was above the regulation's maximum and was capped to it. */
  readonly cappedParameter?: number;
}

/**
 * A run of the publishing task may take this long after its scheduled time
 * before the task counts as overdue.
 */
export const OVERDUE_GRACE_HOURS = 3;

/** A reason to alarm; several may hold at once. */
export type StallCondition =
  | { readonly kind: 'never-sent' }
  | { readonly kind: 'publishing-not-completing'; readonly days?: number }
  | { readonly kind: 'nothing-succeeding'; readonly days?: number; readonly waiting: number; readonly givenUp: number }
  | { readonly kind: 'nothing-generated'; readonly days: number; readonly threshold: number }
  | { readonly kind: 'publishing-disabled' }
  | { readonly kind: 'publishing-failed'; readonly at?: string; readonly runningMinutes?: number }
  | { readonly kind: 'publishing-overdue'; readonly due: string };

export type StallKind = StallCondition['kind'];

/** Conditions that warn the same day, before the tolerance is spent. */
export const EARLY_WARNINGS: readonly StallKind[] = ['publishing-disabled', 'publishing-failed', 'publishing-overdue'];

export interface StalledPackagesVerdict {
  readonly decision: CheckDecision;
  readonly reason: string;
  readonly tolerance: Tolerance;
  readonly conditions: readonly StallCondition[];
  /** Days for the subject ("Há N dias…"), when a tolerance condition with a day count holds. */
  readonly days?: number;
  readonly daysSinceLastSuccess?: number;
  readonly daysSinceLastAnswer?: number;
  readonly daysSinceLastRunEnd?: number;
  readonly daysSinceLastAttempt?: number;
  /** Days since the newest first try of a package (retries of old ones do not count). */
  readonly daysSinceLastNewPackage?: number;
  /** Whether the newest publishing run is still going or did not finish. */
  readonly run: RunProgress;
  readonly waiting: number;
  /** Positive evidence that every condition of an open alarm is over. */
  readonly cleared: boolean;
}

export interface StalledOptions {
  /** SEI's zone, in which the stored times are read. */
  readonly timeZone: string;
  /** `STALLED_AFTER_DAYS`, when set. */
  readonly configuredTolerance?: number;
  /** Days without any package tried, while the job completes, that count as a stall. */
  readonly noNewPackagesAfterDays: number;
}

/**
 * The tolerance N: `STALLED_AFTER_DAYS` if set (it may exceed the
 * regulation's 2 days: the deployment's own choice, warned about); else the
 * stalled task's `parametro` when it is a positive integer, capped at 2
 * (agencies raised it to silence the original's daily mail); else 2.
 */
export function resolveTolerance(configured: number | undefined, parameter: string | undefined): Tolerance {
  if (configured !== undefined) {
    return { days: configured, source: 'STALLED_AFTER_DAYS', aboveRegulation: configured > REGULATION_MAX_STALLED_DAYS };
  }
  const fromParameter = /^\s*\d+\s*$/.test(parameter ?? '') ? Number(parameter) : 0;
  if (fromParameter <= 0) return { days: REGULATION_MAX_STALLED_DAYS, source: 'default', aboveRegulation: false };
  return fromParameter > REGULATION_MAX_STALLED_DAYS
    ? {
        days: REGULATION_MAX_STALLED_DAYS,
        source: 'infra_agendamento_tarefa.parametro',
        aboveRegulation: false,
        cappedParameter: fromParameter,
      }
    : { days: fromParameter, source: 'infra_agendamento_tarefa.parametro', aboveRegulation: false };
}

/** The newest normal end of a publishing run: the module's own record or the scheduler's. */
export function lastCompletionOf(figures: SendingFigures): string | undefined {
  // Local timestamps as stored (YYYY-MM-DD HH:MM:SS) sort as text.
  const ends = [figures.lastRunEnd, figures.publishingTask?.lastCompletion].filter((v): v is string => v !== undefined);
  return ends.sort().at(-1);
}

/** What proves each kind of alarm over: the web service answered, a run completed, a package was tried. */
function recovered(kind: StallKind, figures: SendingFigures, since: string): boolean {
  const after = (value: string | undefined) => value !== undefined && value > since;
  switch (kind) {
    case 'never-sent':
    case 'nothing-succeeding':
      return after(figures.lastAnswer);
    case 'nothing-generated':
      return after(figures.lastNewPackage) || figures.notSent > 0;
    case 'publishing-disabled':
    case 'publishing-not-completing':
    case 'publishing-failed':
    case 'publishing-overdue':
      return after(lastCompletionOf(figures));
  }
}

/**
 * Decides whether sending to the Protocolo Integrado has stalled, or is
 * about to. Tolerance conditions: nothing was ever tried; the publishing job
 * has not completed for N days; the web service has answered nothing
 * (neither `I` nor `EN`) for N days while packages wait or SEI gave up on
 * them; no package was tried for many days while the job completes.
 * Early warnings, the same day: the publishing task is disabled, its last
 * execution failed, or a scheduled execution did not complete. With the
 * task's schedule known, time when no run was due (a weekday-only job's
 * weekend) is not a stall. An open alarm clears only on positive evidence.
 *
 * @param figures the table's figures (SEI local times).
 * @param now the current instant.
 * @param previous the state after the previous run, for the evidence of recovery.
 */
export function decideStalledPackages(
  figures: SendingFigures,
  now: Date,
  options: StalledOptions,
  previous?: NoticeState
): StalledPackagesVerdict {
  const { timeZone } = options;
  const tolerance = resolveTolerance(options.configuredTolerance, figures.toleranceParameter);
  const lastCompletion = lastCompletionOf(figures);
  const daysSinceLastSuccess = wholeDaysSince(figures.lastSuccess, now, timeZone);
  // A business error (EN) is an answer of the web service: the link works.
  const daysSinceLastAnswer = wholeDaysSince(figures.lastAnswer, now, timeZone);
  const daysSinceLastRunEnd = wholeDaysSince(lastCompletion, now, timeZone);
  const daysSinceLastAttempt = wholeDaysSince(figures.lastAttempt, now, timeZone);
  const daysSinceLastNewPackage = wholeDaysSince(figures.lastNewPackage, now, timeZone);
  const waiting = figures.notSent + figures.retrying;
  const unanswered = figures.notSent + figures.retryingUnanswered + figures.givenUpUnanswered;

  const task = figures.publishingTask;
  const lastStart = task?.lastStart;
  const run = assessRunProgress(
    { start: lastStart, lastRunEnd: figures.lastRunEnd, lastTry: figures.lastAttempt, completedStart: figures.completedRunStart },
    now,
    timeZone
  );
  const schedule = task?.active === 'N' ? undefined : parseTaskSchedule(task?.periodicity, task?.complement);
  const graceEnd = instantToLocal(new Date(now.getTime() - OVERDUE_GRACE_HOURS * 3_600_000), timeZone);
  /** The first scheduled run after `local`, when it is overdue. */
  const overdueRunAfter = (local: string | undefined): string | undefined => {
    if (!schedule || !local) return undefined;
    const next = nextScheduledTime(schedule, local);
    return next !== undefined && next <= graceEnd ? next : undefined;
  };
  /** Whether the days counted since `local` span a missed run: always when the schedule is unknown. */
  const runMissedAfter = (local: string | undefined): boolean => !schedule || overdueRunAfter(local) !== undefined;

  const conditions: StallCondition[] = [];
  if (figures.lastAttempt === undefined) conditions.push({ kind: 'never-sent' });
  const notCompleting = daysSinceLastRunEnd === undefined || (daysSinceLastRunEnd >= tolerance.days && runMissedAfter(lastCompletion));
  if (notCompleting) conditions.push({ kind: 'publishing-not-completing', days: daysSinceLastRunEnd });
  if (
    unanswered > 0 &&
    (daysSinceLastAnswer === undefined || (daysSinceLastAnswer >= tolerance.days && runMissedAfter(figures.lastAnswer)))
  ) {
    conditions.push({ kind: 'nothing-succeeding', days: daysSinceLastAnswer, waiting: unanswered, givenUp: figures.givenUpUnanswered });
  }
  // New packages are judged by first tries: nightly retries of old failures are no new package,
  // and `NI` packages waiting are new ones (each run creates them at its start).
  const lastNew = daysSinceLastNewPackage ?? daysSinceLastAttempt;
  if (!notCompleting && figures.notSent === 0 && lastNew !== undefined && lastNew >= options.noNewPackagesAfterDays) {
    conditions.push({ kind: 'nothing-generated', days: lastNew, threshold: options.noNewPackagesAfterDays });
  }
  if (task?.active === 'N') conditions.push({ kind: 'publishing-disabled' });
  // SEI's scheduler writes sin_sucesso = N when a task starts (and the module installs the task
  // with N before it ever ran): a run with no end is a failure only once it cannot be running.
  if (run.notFinished && task?.succeeded !== 'S') {
    conditions.push({ kind: 'publishing-failed', at: lastStart, runningMinutes: run.runningMinutes });
  }
  const due = overdueRunAfter(lastCompletion);
  // A failed execution is the same event as the missed one: said once.
  if (due && !notCompleting && !conditions.some((c) => c.kind === 'publishing-failed')) {
    conditions.push({ kind: 'publishing-overdue', due });
  }

  const dayCounts = conditions.flatMap((c) =>
    (c.kind === 'publishing-not-completing' || c.kind === 'nothing-succeeding') && c.days !== undefined ? [c.days] : []
  );
  const days = conditions.some((c) => c.kind === 'never-sent') || dayCounts.length === 0 ? undefined : Math.max(...dayCounts);
  const decision: CheckDecision = conditions.length > 0 ? 'report' : 'nothing-to-report';
  // Without the kinds of an older state, a clear decision is the only evidence there is.
  const alerted = previous?.status === 'alerting' ? (previous.alerted ?? []) : [];
  const cleared = decision === 'nothing-to-report' && alerted.every((kind) => recovered(kind as StallKind, figures, previous?.since ?? ''));
  return {
    decision,
    reason:
      conditions.length > 0
        ? conditions.map((c) => c.kind).join('+')
        : cleared || previous?.status !== 'alerting'
          ? 'sending-within-tolerance'
          : 'no-recovery-evidence',
    tolerance,
    conditions,
    days,
    daysSinceLastSuccess,
    daysSinceLastAnswer,
    daysSinceLastRunEnd,
    daysSinceLastAttempt,
    daysSinceLastNewPackage,
    run,
    waiting,
    cleared,
  };
}
