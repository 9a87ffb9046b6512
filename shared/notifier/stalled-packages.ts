import type { CheckHistory } from '../checks/notice-plan';
import { completedRunOf, withRemembered } from '../checks/remembered-sending';
import { decideStalledPackages } from '../checks/stalled-packages';
import type { FunctionConfig } from '../config';
import type { SqlReader } from '../data-api/sql-client';
import type { LogSink } from '../logger';
import { composeStalledPackagesMail } from '../mail/stalled-packages-mail';
import { METRIC } from '../metric-names';
import { choosePackageAccess, readSendingFigures, readUnansweredSince, readUntriedFailures, type UnansweredSince } from '../sei/queries';
import type { CheckOutcome } from './check-outcome';
import { readSeiSettings, seiAdministrators, withInferredLimit } from './sei-settings';

/**
 * The stalled-packages check: looks the recommended index up, reads the
 * table's figures, decides, and only when the web service has been silent
 * reads the unanswered packages after its last answer (how many SEI gave up
 * on, and the newest failure, to hint at the cause): at most three
 * statements; on 3.x, when packages wait for a retry and that matters
 * (silence, or a mail), one more to learn whether SEI's limit is lower than
 * the configured one (and then the figures again).
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
  const access = await choosePackageAccess(reader, config.dbEngine);
  const configured = await readSeiSettings(reader, access, config);
  let sei = configured;
  const read = async (maxAttempts: number) => withRemembered(await readSendingFigures(reader, maxAttempts, access), history.previous);
  let figures = await read(sei.maxAttempts);
  let verdict = decideStalledPackages(figures, now, options, history.previous);
  // Packages waiting for a retry and those SEI gave up on are told apart only when the web
  // service has been silent for the tolerance, and in a mail's figures: only then do they matter.
  const silent = verdict.daysSinceLastAnswer === undefined || verdict.daysSinceLastAnswer >= verdict.tolerance.days;
  const waitingMatters = figures.retrying > 0 && (silent || verdict.decision === 'report');
  // On 3.x, packages "waiting for a retry" may be ones SEI gave up on below the configured limit.
  if (waitingMatters && configured.maxAttemptsSource === 'MAX_SEND_ATTEMPTS') {
    sei = withInferredLimit(configured, await readUntriedFailures(reader, configured.maxAttempts, access));
    if (sei !== configured) {
      figures = await read(sei.maxAttempts);
      verdict = decideStalledPackages(figures, now, options, history.previous);
    }
  }
  // Then count the given-up ones tried after the web service's last answer, and decide again.
  let unanswered: UnansweredSince | undefined;
  if (figures.exhausted > 0 && silent) {
    unanswered = await readUnansweredSince(reader, sei.maxAttempts, figures.lastAnswer);
    figures = { ...figures, givenUpUnanswered: unanswered.givenUp };
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
    packageAccess: access.kind,
    toleranceDays: verdict.tolerance.days,
    toleranceSource: verdict.tolerance.source,
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
    maxAttempts: sei.maxAttempts,
    maxAttemptsSource: sei.maxAttemptsSource,
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
    adminEmails: seiAdministrators(sei, figures.adminEmails),
    alerted: verdict.conditions.map((c) => c.kind),
    seen: { lastAnswer: figures.lastAnswer, completedRun: completedRunOf(figures, history.previous) },
    metrics,
  } as const;
  if (verdict.decision !== 'report') return base;

  // The newest unanswered failure hints at the cause (read now if the count was not needed).
  unanswered ??= await readUnansweredSince(reader, sei.maxAttempts, figures.lastAnswer);
  const mail = composeStalledPackagesMail({ verdict, figures, latestFailure: unanswered.latest, sei: config.sei });
  // A stall is the infrastructure team's (MAIL_TO_INFRASTRUCTURE, else everyone's).
  return { ...base, mails: [{ audience: 'infrastructure', mail }] };
}
