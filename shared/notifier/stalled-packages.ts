import { decideStalledPackages } from '../checks/stalled-packages';
import type { NotifierConfig } from '../config';
import type { SqlReader } from '../data-api/sql-client';
import type { LogSink } from '../logger';
import { composeStalledPackagesMail } from '../mail/stalled-packages-mail';
import { readLatestFailure, readSendingFigures } from '../sei/queries';
import type { CheckOutcome } from './check-outcome';

/**
 * The stalled-packages check: reads the table's figures (one statement),
 * decides, and only when reporting reads the newest failure to hint at the
 * cause (a second).
 */
export async function runStalledPackagesCheck(
  reader: SqlReader,
  config: NotifierConfig,
  now: Date,
  log: LogSink
): Promise<CheckOutcome> {
  const figures = await readSendingFigures(reader, config.maxSendAttempts);
  const verdict = decideStalledPackages(figures, now, config.seiTimeZone, config.stalledAfterDays);
  if (verdict.tolerance.aboveRegulation) {
    log.warn('Tolerance above the regulation maximum of 2 days', {
      toleranceDays: verdict.tolerance.days,
      toleranceSource: verdict.tolerance.source,
    });
  }
  const summaryFigures = {
    toleranceDays: verdict.tolerance.days,
    toleranceSource: verdict.tolerance.source,
    packages: figures.packages,
    waiting: verdict.waiting,
    exhausted: figures.exhausted,
    daysSinceLastSuccess: verdict.daysSinceLastSuccess ?? null,
    daysSinceLastRunEnd: verdict.daysSinceLastRunEnd ?? null,
    lastSuccess: figures.lastSuccess ?? null,
    lastRunEnd: figures.lastRunEnd ?? null,
    days: verdict.days ?? null,
  };
  const metrics: Record<string, number> = {};
  if (verdict.daysSinceLastSuccess !== undefined) metrics.DaysSinceLastSuccess = verdict.daysSinceLastSuccess;
  if (verdict.daysSinceLastRunEnd !== undefined) metrics.DaysSinceLastRunEnd = verdict.daysSinceLastRunEnd;
  const base = {
    check: 'stalled-packages',
    decision: verdict.decision,
    reason: verdict.reason,
    figures: summaryFigures,
    cleared: verdict.decision === 'nothing-to-report',
    adminEmails: figures.adminEmails,
    metrics,
  } as const;
  if (verdict.decision !== 'report') return base;

  const latestFailure = await readLatestFailure(reader);
  const mail = composeStalledPackagesMail({ verdict, figures, latestFailure });
  return { ...base, mail };
}
