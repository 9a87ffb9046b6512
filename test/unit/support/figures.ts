import type { FailedProcess, FailureFigures, SendingFigures } from '../../../shared/checks/figures';

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

/** A failing process (EN, 2 tries, in the window); override what a test is about. */
export function failedProcess(over: Partial<FailedProcess> = {}): FailedProcess {
  return {
    packageId: 1,
    processId: 7,
    processNumber: '00007.000007/2026-11',
    status: 'EN',
    attempts: 2,
    statusChangedAt: '2026-11-29 02:01:00',
    errorExcerpt: '<Resultado>NF0012 - Interessado sem CPF</Resultado>',
    packages: 1,
    current: true,
    exhausted: false,
    ...over,
  };
}

/**
 * Sending stopped on 2026-11-25: the last try, answer and success at 02:10,
 * the daily 02:00 run ended at 02:30, 30 packages not sent; override what a
 * test is about.
 */
export function sendingFigures(over: Partial<SendingFigures> = {}): SendingFigures {
  return {
    lastAttempt: '2026-11-25 02:10:00',
    lastSuccess: '2026-11-25 02:10:00',
    lastAnswer: '2026-11-25 02:10:00',
    notSent: 30,
    retrying: 0,
    retryingUnanswered: 0,
    exhausted: 0,
    givenUpUnanswered: 0,
    lastRunEnd: '2026-11-25 02:30:00',
    lastRunUnfinished: false,
    toleranceParameter: '',
    publishingTask: { active: 'S', periodicity: 'D', complement: '2', lastStart: '2026-11-25 02:00:00', succeeded: 'S' },
    ...over,
  };
}
