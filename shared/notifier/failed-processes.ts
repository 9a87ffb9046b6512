import { decideFailedProcesses } from '../checks/failed-processes';
import type { CheckHistory } from '../checks/notice-plan';
import type { NotifierConfig } from '../config';
import type { SqlReader } from '../data-api/sql-client';
import { composeFailedProcessesMail } from '../mail/failed-processes-mail';
import { readFailedProcesses, readFailureFigures } from '../sei/queries';
import type { CheckOutcome } from './check-outcome';

/**
 * The failed-processes check: reads the current failures' figures and the
 * newest run (one statement), decides, and only when reporting lists the
 * failing processes (a second).
 *
 * @param history what the previous run left (a first run names the exhausted backlog).
 */
export async function runFailedProcessesCheck(
  reader: SqlReader,
  config: NotifierConfig,
  history: CheckHistory = { stateful: false }
): Promise<CheckOutcome> {
  const previous = history.previous;
  const figures = await readFailureFigures(reader, {
    maxAttempts: config.maxSendAttempts,
    alertedSince: previous?.status === 'alerting' ? (previous.alertedSince ?? previous.since) : undefined,
    exhaustedSince: history.stateful ? previous?.checkedAt : undefined,
  });
  const verdict = decideFailedProcesses(figures, history);
  const { run } = figures;
  const summary = {
    lastCycle: figures.windowStart ?? null,
    runStart: run.start ?? null,
    runUnfinished: run.unfinished,
    tried: figures.tried,
    integrated: figures.integrated,
    infrastructureFailures: figures.infrastructureFailures,
    businessErrors: figures.businessErrors,
    newlyExhausted: figures.newlyExhausted,
    exhaustedTotal: figures.exhaustedTotal,
    failingSinceAlert: figures.failingSinceAlert,
    lastSuccess: figures.lastSuccess ?? null,
    lastRunEnd: run.lastRunEnd ?? null,
  };
  const base = {
    check: 'failed-processes',
    decision: verdict.decision,
    reason: verdict.reason,
    figures: summary,
    cleared: verdict.cleared,
    adminEmails: figures.adminEmails,
    alertKey: verdict.key,
    observedAt: figures.windowStart,
    alertedSince: figures.windowStart,
    metrics: {
      InfrastructureFailures: figures.infrastructureFailures,
      BusinessErrors: figures.businessErrors,
      ExhaustedAttempts: figures.exhaustedTotal,
    },
  } as const;
  if (verdict.decision !== 'report') return base;

  const list = await readFailedProcesses(reader, {
    since: figures.windowStart,
    maxAttempts: config.maxSendAttempts,
    exhaustedSince: verdict.exhaustedSince,
    backlog: verdict.backlog,
    limit: config.maxListed,
  });
  const mail = composeFailedProcessesMail({
    figures,
    list,
    backlog: verdict.backlog,
    maxSendAttempts: config.maxSendAttempts,
    maxListed: config.maxListed,
  });
  return {
    ...base,
    figures: { ...summary, failedProcesses: list.currentTotal, listed: list.processes.length },
    mail,
  };
}
