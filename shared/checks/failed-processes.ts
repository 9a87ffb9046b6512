import type { CheckDecision } from './decision';
import type { FailureFigures } from './figures';
import { type CheckHistory, lastAlertedWindow } from './notice-plan';

export type FailedProcessesReason =
  | 'no-cycle-yet'
  | 'last-cycle-has-failures'
  | 'unfinished-run-has-failures'
  | 'exhausted-attempts'
  | 'exhausted-backlog'
  | 'last-cycle-without-failures'
  | 'run-unfinished'
  | 'no-new-completed-run'
  | 'alerted-failures-persist';

/** The failed-processes decision and why. */
export interface FailedProcessesVerdict {
  readonly decision: CheckDecision;
  readonly reason: FailedProcessesReason;
  /** Failed packages tried since the window start. */
  readonly failed: number;
  /** The first run after deploy names the exhausted backlog once. */
  readonly backlog: boolean;
  /** Tries after this (the previous check) that ran out of attempts are named. */
  readonly exhaustedSince?: string;
  /**
   * Positive evidence that an open alert is over: a run that started after
   * the alerted one completed, and nothing alerted since is still failing.
   */
  readonly cleared: boolean;
  /** What an alert is about (mailed once): the window and whether its run completed. */
  readonly key?: string;
  /** With `cleared`: what integrated the alerted failures, and when (SEI local time). */
  readonly clearedBy?: ClearingEvidence;
}

/** What shows that an alert is over: a newer run that completed, or re-sends (no run since) that integrated. */
export interface ClearingEvidence {
  readonly kind: 'run' | 'resend';
  /** The run's start, or the newest successful re-send. */
  readonly at: string;
}

/**
 * Where the newly exhausted packages start, given what was remembered: the
 * previous check; but when SEI's limit is now known lower than the one the
 * previous check read with (3.x, inferred from the rows), from the start of
 * the window that check reported, whose failures it counted against the
 * wrong limit (so the processes that stopped there are named once).
 */
export function exhaustedSinceOf(history: CheckHistory, limit?: AttemptLimit): string | undefined {
  const previous = history.stateful ? history.previous : undefined;
  if (!previous?.checkedAt) return undefined;
  const before = previous.seen?.maxAttempts;
  // State of an older version does not say which limit it read with: the configured one.
  const lowered = limit?.inferred === true && (before === undefined || limit.maxAttempts < before);
  const window = previous.seen?.windowStart ?? lastAlertedWindow(previous);
  return lowered && window !== undefined && window < previous.checkedAt ? window : previous.checkedAt;
}

/** The attempt limit a check reads with, and whether the rows showed it (3.x) rather than a setting. */
export interface AttemptLimit {
  readonly maxAttempts: number;
  readonly inferred: boolean;
}

/**
 * Decides whether the current failures must be reported. A failure is
 * current when its package's newest try failed and was made since the
 * window start (the newest run, any later "Forçar Reenvio", or, when the
 * newest run did not complete, the last run that did): a re-stamp never
 * hides it. Processes that ran out of attempts since the previous check
 * are reported once; the first run after deploy reports the backlog once.
 * An open alert clears only on positive evidence (see `cleared`).
 */
export function decideFailedProcesses(figures: FailureFigures, history: CheckHistory, limit?: AttemptLimit): FailedProcessesVerdict {
  const { run } = figures;
  const failed = figures.infrastructureFailures + figures.businessErrors + figures.failedOutsideWindow;
  const exhaustedSince = exhaustedSinceOf(history, limit);
  const newlyExhausted = exhaustedSince ? figures.newlyExhausted : 0;
  const backlog = history.stateful && history.previous === undefined && figures.exhaustedTotal > 0;
  // Each run that does not finish is an event of its own (several nights may die after the same cycle).
  const key = figures.windowStart && (run.unfinished ? `${figures.windowStart} não concluída ${run.start ?? ''}` : figures.windowStart);
  const base = { failed, backlog, exhaustedSince, key };

  if (failed > 0 || newlyExhausted > 0 || backlog) {
    const reason: FailedProcessesReason =
      failed === 0
        ? newlyExhausted > 0
          ? 'exhausted-attempts'
          : 'exhausted-backlog'
        : run.unfinished
          ? 'unfinished-run-has-failures'
          : 'last-cycle-has-failures';
    return { ...base, decision: 'report', reason, cleared: false };
  }
  if (!figures.windowStart) return { ...base, decision: 'nothing-to-report', reason: 'no-cycle-yet', cleared: false };

  const previous = history.previous;
  if (previous?.status !== 'alerting') {
    return { ...base, decision: 'nothing-to-report', reason: 'last-cycle-without-failures', cleared: false };
  }
  // An alert clears only when nothing alerted since is failing (an exhausted
  // package SEI stopped trying is still failing) and something integrated
  // them: a run newer than the last alerted one that completed, or, with no
  // run since, re-sends ("Forçar Reenvio"). A run in progress or dead proves nothing.
  const lastAlerted = lastAlertedWindow(previous) ?? previous.alertedSince ?? previous.since;
  const resentAt = run.inProgress ? undefined : figures.integratedAfterWindow;
  const reason: FailedProcessesReason = run.unfinished
    ? 'run-unfinished'
    : figures.failingSinceAlert > 0
      ? 'alerted-failures-persist'
      : figures.windowStart <= lastAlerted && resentAt === undefined
        ? 'no-new-completed-run'
        : 'last-cycle-without-failures';
  if (reason !== 'last-cycle-without-failures') return { ...base, decision: 'nothing-to-report', reason, cleared: false };
  const clearedBy: ClearingEvidence =
    figures.windowStart > lastAlerted ? { kind: 'run', at: figures.windowStart } : { kind: 'resend', at: resentAt ?? figures.windowStart };
  return { ...base, decision: 'nothing-to-report', reason, cleared: true, clearedBy };
}
