import type { RunProgress } from './run-progress';

/**
 * What the checks decide on: figures read from the SEI database (SEI local
 * times as `YYYY-MM-DD HH:MM:SS` strings). The SQL in shared/sei/queries.ts
 * fills them; the decisions and mails here consume them.
 */

/** The newest publishing run, as the module and SEI's scheduler recorded it. */
export interface PublishingRun {
  /**
   * Start of the newest publishing run (SEI local time): the scheduler's
   * last start of `publicarProtocoloIntegrado`, or the stamp of the last run
   * that completed, whichever is newer.
   */
  readonly start?: string;
  /** Stamp (`dth_agendamento_executado`) of the newest run that completed. */
  readonly completedStart?: string;
  /** `md_pi_parametros.dth_ultimo_processamento`: end of the last run that completed. */
  readonly lastRunEnd?: string;
  /**
   * The newest run started and did not complete: `sin_executando_publicacao`
   * still `S`, or the scheduler started the task after the last end (and it
   * is not a run still in progress).
   */
  readonly unfinished: boolean;
  /** The newest run started after the last end and may still be running: the figures are those of the run before it. */
  readonly inProgress: boolean;
  /** How long the newest run has been going, and may go, before it is called unfinished. */
  readonly progress?: RunProgress;
  /** The scheduler's row of the publishing task, when there is one. */
  readonly task?: PublishingTask;
}

/** `infra_agendamento_tarefa` row of `publicarProtocoloIntegrado`. */
export interface PublishingTask {
  readonly active?: string;
  readonly lastStart?: string;
  readonly lastCompletion?: string;
  /** `N` when the last execution threw. */
  readonly succeeded?: string;
  readonly periodicity?: string;
  readonly complement?: string;
}

/** Figures of the current failures, for the failed-processes check. */
export interface FailureFigures {
  readonly run: PublishingRun;
  /**
   * Where the current failures start: the newest run's start, or, when it
   * did not complete, the start of the last run that did (so the failures
   * the dead run did not retry are still current).
   */
  readonly windowStart?: string;
  /** Packages tried since `windowStart` (by runs or by "Forçar Reenvio"), by their status now. */
  readonly tried: number;
  readonly integrated: number;
  readonly infrastructureFailures: number;
  readonly businessErrors: number;
  readonly notSent: number;
  /** Failed packages that reached the attempt limit with a try after `exhaustedSince`. */
  readonly newlyExhausted: number;
  /** Failed packages anywhere in the table that reached the limit. */
  readonly exhaustedTotal: number;
  /** Failed packages tried since the start of the run an alert was about. */
  readonly failingSinceAlert: number;
  /** Highest attempt count among the packages the last completed run tried. */
  readonly maxAttemptsInRun?: number;
  /**
   * The fewest attempts (below the limit read with) of a failed package the
   * last completed run did not try: SEI's limit is at most that (3.x).
   */
  readonly untriedFailureAttempts?: number;
  /**
   * Failed tries after the previous check of packages whose cycle is before
   * the window (a "Forçar Reenvio" before the newest run, e.g. of a process
   * past SEI's limit, which no run retries): current failures too. Those
   * that reached exactly the limit count as newly exhausted instead.
   */
  readonly failedOutsideWindow: number;
  /**
   * Failed tries after the previous check of packages in the window (below
   * or past the limit, not exactly at it): with `failedOutsideWindow`, what
   * is new since the previous check.
   */
  readonly failedInWindowSinceCheck: number;
  /** Newest cycle after the window's start with an integrated try: a re-send (no run started then). */
  readonly integratedAfterWindow?: string;
  readonly lastSuccess?: string;
  readonly adminEmails?: string;
}

/** One failing process, represented by its newest failing package. */
export interface FailedProcess {
  readonly packageId: number;
  readonly processId?: number;
  readonly processNumber?: string;
  readonly status: string;
  readonly attempts: number;
  readonly statusChangedAt?: string;
  /** Raw start of `arquivo_erro` (to be read leniently, then escaped). */
  readonly errorExcerpt?: string;
  /** Failing packages of the process (a new activity creates a new package while an old one fails). */
  readonly packages: number;
  /** Tried since the window start (else: listed only because it ran out of attempts). */
  readonly current: boolean;
  /** Ran out of attempts since the previous check (or is in the first run's backlog): named once. */
  readonly exhausted: boolean;
}

/** The failing processes, at most `limit` of them, with the totals. */
export interface FailedProcessList {
  readonly processes: readonly FailedProcess[];
  /** Failing processes tried since the window start. */
  readonly currentTotal: number;
  /** Of all selected processes, those that ran out of attempts since the previous check (or the backlog). */
  readonly exhaustedTotal: number;
  /** Of `currentTotal`, the processes whose newest failing package is EN (the rest: FI). */
  readonly currentBusiness: number;
  /** Of `exhaustedTotal`, the EN ones. */
  readonly exhaustedBusiness: number;
}

/** Figures over the whole table, for the stalled-packages check. */
export interface SendingFigures {
  /** Newest try of any package; none: nothing was ever sent (or the table is empty). */
  readonly lastAttempt?: string;
  readonly lastSuccess?: string;
  /**
   * Last time the web service answered (`I`, or `EN`: a business error is an
   * answer too, so the link works).
   */
  readonly lastAnswer?: string;
  /**
   * Newest first try of a package (a new package, not a retry of an old
   * one): nightly retries of old failures keep `dth_situacao` fresh while
   * nothing new is generated.
   */
  readonly lastNewPackage?: string;
  readonly notSent: number;
  /** Failed packages that will still be retried. */
  readonly retrying: number;
  /** Of those, the ones the web service never answered (`FI` or unknown status). */
  readonly retryingUnanswered: number;
  /** Failed packages that reached the attempt limit. */
  readonly exhausted: number;
  /** Unanswered packages SEI gave up on (attempt limit) after the web service's last answer (read apart, when it can matter). */
  readonly givenUpUnanswered: number;
  readonly lastRunEnd?: string;
  /**
   * Start of the run that ended at `lastRunEnd`, as a check saw it (the
   * scheduler's start then): how long a run takes, for the allowance of one
   * in progress. The table keeps only the newest start.
   */
  readonly completedRunStart?: string;
  /** `sin_executando_publicacao = 'S'`: the last run has not finished (running, or died). */
  readonly lastRunUnfinished: boolean;
  /** `parametro` of the stalled task's row, as stored (often empty). */
  readonly toleranceParameter?: string;
  readonly publishingTask?: PublishingTask;
  readonly adminEmails?: string;
}

/** The newest failure, to hint at the cause of a stall. */
export interface LatestFailure {
  readonly status: string;
  readonly statusChangedAt?: string;
  readonly errorExcerpt?: string;
}

/** Who a part of a notice is for: everyone, or one team (FI and stalls: infrastructure; EN: records). */
export type Audience = 'everyone' | 'infrastructure' | 'records';

/** The part of a failure list one team gets: only the processes in its statuses, with its totals. */
export function failuresFor(list: FailedProcessList, audience: Audience): FailedProcessList {
  if (audience === 'everyone') return list;
  const business = audience === 'records';
  const isBusiness = (status: string) => status.trim().toUpperCase() === 'EN';
  return {
    processes: list.processes.filter((p) => isBusiness(p.status) === business),
    currentTotal: business ? list.currentBusiness : list.currentTotal - list.currentBusiness,
    exhaustedTotal: business ? list.exhaustedBusiness : list.exhaustedTotal - list.exhaustedBusiness,
    currentBusiness: business ? list.currentBusiness : 0,
    exhaustedBusiness: business ? list.exhaustedBusiness : 0,
  };
}
