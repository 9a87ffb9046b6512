import type { LastCycleFigures } from '../sei/queries';
import type { CheckDecision } from './decision';

/** The failed-processes decision and why. */
export interface FailedProcessesVerdict {
  readonly decision: CheckDecision;
  readonly reason: 'no-cycle-yet' | 'last-cycle-without-failures' | 'last-cycle-has-failures';
  readonly failed: number;
}

/**
 * Decides whether the newest publishing cycle must be reported: only when it
 * has packages in `FI` or `EN`. Older cycles never count; with no cycle at
 * all there is nothing to say here (the stalled-packages check covers it).
 */
export function decideFailedProcesses(lastCycle: LastCycleFigures | undefined): FailedProcessesVerdict {
  if (!lastCycle) return { decision: 'nothing-to-report', reason: 'no-cycle-yet', failed: 0 };
  const failed = lastCycle.infrastructureFailures + lastCycle.businessErrors;
  return failed > 0
    ? { decision: 'report', reason: 'last-cycle-has-failures', failed }
    : { decision: 'nothing-to-report', reason: 'last-cycle-without-failures', failed };
}
