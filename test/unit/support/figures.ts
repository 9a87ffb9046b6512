import type { FailureFigures } from '../../../shared/checks/figures';

/** A completed nightly cycle at 02:00 of 2026-11-29 with no failure; override what a test is about. */
export function failureFigures(over: Partial<FailureFigures> = {}): FailureFigures {
  return {
    run: {
      start: '2026-11-29 02:00:00',
      completedStart: '2026-11-29 02:00:00',
      lastRunEnd: '2026-11-29 02:30:00',
      unfinished: false,
      inProgress: false,
    },
    windowStart: '2026-11-29 02:00:00',
    tried: 10,
    integrated: 10,
    infrastructureFailures: 0,
    businessErrors: 0,
    notSent: 0,
    newlyExhausted: 0,
    exhaustedTotal: 0,
    failingSinceAlert: 0,
    failedOutsideWindow: 0,
    failedInWindowSinceCheck: 0,
    ...over,
  };
}
