import { decideFailedProcesses } from '../checks/failed-processes';
import type { NotifierConfig } from '../config';
import type { SqlReader } from '../data-api/sql-client';
import { composeFailedProcessesMail } from '../mail/failed-processes-mail';
import { readFailedPackages, readLastCycle } from '../sei/queries';
import type { CheckOutcome } from './check-outcome';

/**
 * The failed-processes check: reads the newest cycle (one statement),
 * decides, and only when reporting lists its failed packages (a second).
 */
export async function runFailedProcessesCheck(reader: SqlReader, config: NotifierConfig): Promise<CheckOutcome> {
  const cycle = await readLastCycle(reader, config.maxSendAttempts);
  const verdict = decideFailedProcesses(cycle);
  const figures = {
    lastCycle: cycle?.cycle ?? null,
    tried: cycle?.tried ?? 0,
    integrated: cycle?.integrated ?? 0,
    infrastructureFailures: cycle?.infrastructureFailures ?? 0,
    businessErrors: cycle?.businessErrors ?? 0,
    exhaustedInCycle: cycle?.exhaustedInCycle ?? 0,
    exhaustedTotal: cycle?.exhaustedTotal ?? 0,
    lastSuccess: cycle?.lastSuccess ?? null,
    lastRunEnd: cycle?.lastRunEnd ?? null,
  };
  const base = {
    check: 'failed-processes',
    decision: verdict.decision,
    reason: verdict.reason,
    figures,
    cleared: verdict.reason === 'last-cycle-without-failures',
    adminEmails: cycle?.adminEmails,
    alertKey: cycle?.cycle,
    observedAt: cycle?.cycle,
    metrics: {
      InfrastructureFailures: figures.infrastructureFailures,
      BusinessErrors: figures.businessErrors,
      ExhaustedAttempts: figures.exhaustedTotal,
    },
  } as const;
  if (verdict.decision !== 'report' || !cycle) return base;

  const failures = await readFailedPackages(reader, cycle.cycle, config.maxSendAttempts, config.maxListed);
  const mail = composeFailedProcessesMail({
    cycle,
    failures,
    maxSendAttempts: config.maxSendAttempts,
    maxListed: config.maxListed,
  });
  return { ...base, figures: { ...figures, listed: failures.length }, mail };
}
