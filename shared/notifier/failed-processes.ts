import { type AttemptLimit, decideFailedProcesses, exhaustedSinceOf } from '../checks/failed-processes';
import { type Audience, failuresFor } from '../checks/figures';
import type { CheckHistory } from '../checks/notice-plan';
import type { FunctionConfig } from '../config';
import type { SqlReader } from '../data-api/sql-client';
import { composeFailedProcessesMail } from '../mail/failed-processes-mail';
import { METRIC } from '../metric-names';
import { chooseFailureWindowAccess, readFailedProcesses, readFailureFigures } from '../sei/queries';
import type { CheckOutcome } from './check-outcome';
import { readSeiSettings, seiAdministrators, withInferredLimit } from './sei-settings';

/**
 * The failed-processes check: looks the recommended index up, reads the
 * current failures' figures and the newest run (one statement), decides,
 * and only when reporting lists the failing processes: at most three
 * statements (one more on 2.x, and one more when the rows show that SEI's
 * limit is lower than the configured one).
 *
 * @param history what the previous run left (a first run names the exhausted backlog).
 */
export async function runFailedProcessesCheck(
  reader: SqlReader,
  config: FunctionConfig,
  now: Date,
  history: CheckHistory = { stateful: false }
): Promise<CheckOutcome> {
  const previous = history.previous;
  const access = await chooseFailureWindowAccess(reader, config.dbEngine);
  const configured = await readSeiSettings(reader, access, config);
  const checkedAt = history.stateful ? previous?.checkedAt : undefined;
  const readFigures = (limit: AttemptLimit) =>
    readFailureFigures(
      reader,
      {
        maxAttempts: limit.maxAttempts,
        now,
        timeZone: config.seiTimeZone,
        alertedSince: previous?.status === 'alerting' ? (previous.alertedSince ?? previous.since) : undefined,
        exhaustedSince: exhaustedSinceOf(history, limit),
        checkedAt,
      },
      access
    );
  let figures = await readFigures({ maxAttempts: configured.maxAttempts, inferred: false });
  // On 3.x the rows may show a lower limit than the configured one: then read again against it.
  const sei = withInferredLimit(configured, { attempts: figures.untriedFailureAttempts, completedStart: figures.run.completedStart });
  const limit = { maxAttempts: sei.maxAttempts, inferred: sei.maxAttemptsSource === 'inferred' };
  if (sei !== configured) figures = await readFigures(limit);
  const verdict = decideFailedProcesses(figures, history, limit);
  const { run } = figures;
  const summary = {
    packageAccess: access.kind,
    lastCycle: figures.windowStart ?? null,
    runStart: run.start ?? null,
    runUnfinished: run.unfinished,
    runInProgress: run.inProgress,
    tried: figures.tried,
    integrated: figures.integrated,
    infrastructureFailures: figures.infrastructureFailures,
    businessErrors: figures.businessErrors,
    newlyExhausted: figures.newlyExhausted,
    exhaustedTotal: figures.exhaustedTotal,
    failingSinceAlert: figures.failingSinceAlert,
    failedOutsideWindow: figures.failedOutsideWindow,
    failedInWindowSinceCheck: figures.failedInWindowSinceCheck,
    lastSuccess: figures.lastSuccess ?? null,
    lastRunEnd: run.lastRunEnd ?? null,
    maxAttempts: sei.maxAttempts,
    maxAttemptsSource: sei.maxAttemptsSource,
    ...(verdict.clearedBy ? { clearedBy: verdict.clearedBy.kind, clearedAt: verdict.clearedBy.at } : {}),
  };
  const base = {
    check: 'failed-processes',
    decision: verdict.decision,
    reason: verdict.reason,
    figures: summary,
    cleared: verdict.cleared,
    seen: { maxAttempts: sei.maxAttempts, windowStart: figures.windowStart },
    adminEmails: seiAdministrators(sei, figures.adminEmails),
    alertKey: verdict.key,
    observedAt: figures.windowStart,
    alertedSince: figures.windowStart,
    // Processes named only because they ran out of attempts are counted afterwards, not resolved.
    opensEpisode: verdict.failed > 0,
    metrics: {
      [METRIC.infrastructureFailures]: figures.infrastructureFailures,
      [METRIC.businessErrors]: figures.businessErrors,
      [METRIC.exhaustedAttempts]: figures.exhaustedTotal,
    },
  } as const;
  if (verdict.decision !== 'report') return base;

  const list = await readFailedProcesses(reader, {
    since: figures.windowStart,
    maxAttempts: sei.maxAttempts,
    // Without a previous check, those that ran out of attempts in the window are the new ones.
    exhaustedSince: verdict.exhaustedSince ?? figures.windowStart,
    checkedAt,
    backlog: verdict.backlog,
    limit: config.maxListed,
  });
  // With a team per kind of failure, each gets only its part (FI: infrastructure, EN: records).
  const routed = config.mailToInfrastructure !== undefined || config.mailToRecords !== undefined;
  const audiences: readonly Audience[] = routed ? ['infrastructure', 'records'] : ['everyone'];
  const mails = audiences.flatMap((audience) => {
    const part = failuresFor(list, audience);
    if (part.currentTotal + part.exhaustedTotal === 0) return [];
    const mail = composeFailedProcessesMail({
      figures,
      list: part,
      backlog: verdict.backlog,
      maxSendAttempts: sei.maxAttempts,
      maxAttemptsSource: sei.maxAttemptsSource,
      limitInferredFrom: sei.inferredFrom?.completedStart,
      maxListed: config.maxListed,
      sei: config.sei,
      audience,
    });
    return [{ audience, mail }];
  });
  return {
    ...base,
    figures: { ...summary, failedProcesses: list.currentTotal, listed: list.processes.length },
    alertCount: list.currentTotal,
    // A try that failed since the previous check is told once, even within an alerted window.
    news: figures.failedInWindowSinceCheck + figures.failedOutsideWindow > 0,
    mails,
  };
}
