import type { CheckHistory } from '../checks/notice-plan';
import { decideStalledPackages } from '../checks/stalled-packages';
import type { FunctionConfig } from '../config';
import type { SqlReader } from '../data-api/sql-client';
import type { LogSink } from '../logger';
import { composeStalledPackagesMail } from '../mail/stalled-packages-mail';
import { METRIC } from '../metric-names';
import { readGivenUpSince, readLatestFailure, readSendingFigures } from '../sei/queries';
import type { CheckOutcome } from './check-outcome';

/**
 * The stalled-packages check: reads the table's figures (one statement),
 * decides, and only when reporting reads the newest failure after the web
 * service's last answer to hint at the cause (a second).
 */
export async function runStalledPackagesCheck(
  reader: SqlReader,
  config: FunctionConfig,
  now: Date,
  log: LogSink,
  history: CheckHistory = { stateful: false }
): Promise<CheckOutcome> {
  const options = {
    timeZone: config.seiTimeZone,
    configuredTolerance: config.stalledAfterDays,
    noNewPackagesAfterDays: config.noNewPackagesAfterDays,
  };
  let figures = await readSendingFigures(reader, config.maxSendAttempts);
  let verdict = decideStalledPackages(figures, now, options, history.previous);
  // Packages SEI gave up on matter only when the web service has been silent for the tolerance:
  // then (and only then) count those tried after its last answer, and decide again.
  const silent = verdict.daysSinceLastAnswer === undefined || verdict.daysSinceLastAnswer >= verdict.tolerance.days;
  if (figures.exhausted > 0 && silent) {
    figures = { ...figures, givenUpUnanswered: await readGivenUpSince(reader, config.maxSendAttempts, figures.lastAnswer) };
    verdict = decideStalledPackages(figures, now, options, history.previous);
  }
  if (verdict.tolerance.aboveRegulation || verdict.tolerance.cappedParameter !== undefined) {
    log.warn('Tolerance above the regulation maximum of 2 days', {
      toleranceDays: verdict.tolerance.days,
      toleranceSource: verdict.tolerance.source,
      cappedParameter: verdict.tolerance.cappedParameter,
    });
  }
  const summaryFigures = {
    toleranceDays: verdict.tolerance.days,
    toleranceSource: verdict.tolerance.source,
    packages: figures.packages,
    waiting: verdict.waiting,
    exhausted: figures.exhausted,
    givenUpUnanswered: figures.givenUpUnanswered,
    daysSinceLastSuccess: verdict.daysSinceLastSuccess ?? null,
    daysSinceLastAnswer: verdict.daysSinceLastAnswer ?? null,
    daysSinceLastRunEnd: verdict.daysSinceLastRunEnd ?? null,
    daysSinceLastAttempt: verdict.daysSinceLastAttempt ?? null,
    lastSuccess: figures.lastSuccess ?? null,
    lastRunEnd: figures.lastRunEnd ?? null,
    days: verdict.days ?? null,
  };
  const metrics: Record<string, number> = {};
  if (verdict.daysSinceLastSuccess !== undefined) metrics[METRIC.daysSinceLastSuccess] = verdict.daysSinceLastSuccess;
  if (verdict.daysSinceLastRunEnd !== undefined) metrics[METRIC.daysSinceLastRunEnd] = verdict.daysSinceLastRunEnd;
  const base = {
    check: 'stalled-packages',
    decision: verdict.decision,
    reason: verdict.reason,
    figures: summaryFigures,
    cleared: verdict.cleared,
    adminEmails: figures.adminEmails,
    alerted: verdict.conditions.map((c) => c.kind),
    metrics,
  } as const;
  if (verdict.decision !== 'report') return base;

  const latestFailure = await readLatestFailure(reader, figures.lastAnswer);
  const mail = composeStalledPackagesMail({ verdict, figures, latestFailure, sei: config.sei });
  // A stall is the infrastructure team's (MAIL_TO_INFRASTRUCTURE, else everyone's).
  return { ...base, mails: [{ audience: 'infrastructure', mail }] };
}
