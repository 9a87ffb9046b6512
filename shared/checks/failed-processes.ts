import type { CheckDecision } from './decision';
import type { FailureFigures } from './figures';
import type { CheckHistory } from './notice-plan';

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
}

/** Where the newly exhausted packages start, given what was remembered. */
export function exhaustedSinceOf(history: CheckHistory): string | undefined {
  return history.stateful ? history.previous?.checkedAt : undefined;
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
export function decideFailedProcesses(figures: FailureFigures, history: CheckHistory): FailedProcessesVerdict {
  const { run } = figures;
  const failed = figures.infrastructureFailures + figures.businessErrors;
  const exhaustedSince = exhaustedSinceOf(history);
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
  // An alert clears only when a run newer than the alerted one completed and
  // nothing alerted since is failing (an exhausted package SEI stopped trying
  // is still failing; a run in progress or dead proves nothing).
  const alertedSince = previous.alertedSince ?? previous.since;
  const reason: FailedProcessesReason = run.unfinished
    ? 'run-unfinished'
    : figures.windowStart <= alertedSince
      ? 'no-new-completed-run'
      : figures.failingSinceAlert > 0
        ? 'alerted-failures-persist'
        : 'last-cycle-without-failures';
  return { ...base, decision: 'nothing-to-report', reason, cleared: reason === 'last-cycle-without-failures' };
}
