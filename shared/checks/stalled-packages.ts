import { REGULATION_MAX_STALLED_DAYS } from '../config';
import { wholeDaysSince } from '../sei/local-time';
import type { SendingFigures } from '../sei/queries';
import type { CheckDecision } from './decision';

/** Where the tolerance in days came from. */
export type ToleranceSource = 'STALLED_AFTER_DAYS' | 'infra_agendamento_tarefa.parametro' | 'default';

export interface Tolerance {
  readonly days: number;
  readonly source: ToleranceSource;
  /** Above the regulation's maximum of 2 days (allowed, but warned about). */
  readonly aboveRegulation: boolean;
}

/** A reason to alarm; several may hold at once. */
export type StallCondition =
  | { readonly kind: 'never-sent' }
  | { readonly kind: 'publishing-not-completing'; readonly days?: number }
  | { readonly kind: 'nothing-succeeding'; readonly days?: number; readonly waiting: number };

export interface StalledPackagesVerdict {
  readonly decision: CheckDecision;
  readonly reason: string;
  readonly tolerance: Tolerance;
  readonly conditions: readonly StallCondition[];
  /** Days for the subject ("Há N dias…"), when a day count applies. */
  readonly days?: number;
  readonly daysSinceLastSuccess?: number;
  readonly daysSinceLastAnswer?: number;
  readonly daysSinceLastRunEnd?: number;
  readonly waiting: number;
}

/**
 * The tolerance N: `STALLED_AFTER_DAYS` if set; else the stalled task's
 * `parametro` when it is a positive integer; else 2.
 */
export function resolveTolerance(configured: number | undefined, parameter: string | undefined): Tolerance {
  const fromParameter = /^\s*\d+\s*$/.test(parameter ?? '') ? Number(parameter) : undefined;
  const [days, source]: [number, ToleranceSource] =
    configured !== undefined
      ? [configured, 'STALLED_AFTER_DAYS']
      : fromParameter !== undefined && fromParameter > 0
        ? [fromParameter, 'infra_agendamento_tarefa.parametro']
        : [REGULATION_MAX_STALLED_DAYS, 'default'];
  return { days, source, aboveRegulation: days > REGULATION_MAX_STALLED_DAYS };
}

/**
 * Decides whether sending to the Protocolo Integrado has stalled. Alarms when
 * nothing was ever tried, when the publishing job stopped completing, or when
 * packages are waiting for an answer and the web service has answered
 * nothing (neither `I` nor `EN`) for N days. A quiet period with the job
 * completing, or with only business errors being retried, is not a stall.
 *
 * @param figures the table's figures (SEI local times).
 * @param now the current instant.
 * @param timeZone SEI's zone, in which the stored times are read.
 * @param configuredTolerance `STALLED_AFTER_DAYS`, when set.
 */
export function decideStalledPackages(
  figures: SendingFigures,
  now: Date,
  timeZone: string,
  configuredTolerance: number | undefined
): StalledPackagesVerdict {
  const tolerance = resolveTolerance(configuredTolerance, figures.toleranceParameter);
  const daysSinceLastSuccess = wholeDaysSince(figures.lastSuccess, now, timeZone);
  // A business error (EN) is an answer of the web service: the link works.
  const daysSinceLastAnswer = wholeDaysSince(figures.lastAnswer, now, timeZone);
  const daysSinceLastRunEnd = wholeDaysSince(figures.lastRunEnd, now, timeZone);
  const waiting = figures.notSent + figures.retrying;
  const unanswered = figures.notSent + figures.retryingUnanswered;
  const conditions: StallCondition[] = [];

  if (figures.packages === 0 || figures.tried === 0) conditions.push({ kind: 'never-sent' });
  if (daysSinceLastRunEnd === undefined || daysSinceLastRunEnd >= tolerance.days) {
    conditions.push({ kind: 'publishing-not-completing', days: daysSinceLastRunEnd });
  }
  if (unanswered > 0 && (daysSinceLastAnswer === undefined || daysSinceLastAnswer >= tolerance.days)) {
    conditions.push({ kind: 'nothing-succeeding', days: daysSinceLastAnswer, waiting: unanswered });
  }

  const dayCounts = conditions.flatMap((c) => ('days' in c && c.days !== undefined ? [c.days] : []));
  const days = conditions.some((c) => c.kind === 'never-sent') || dayCounts.length === 0 ? undefined : Math.max(...dayCounts);
  return {
    decision: conditions.length > 0 ? 'report' : 'nothing-to-report',
    reason: conditions.length > 0 ? conditions.map((c) => c.kind).join('+') : 'sending-within-tolerance',
    tolerance,
    conditions,
    days,
    daysSinceLastSuccess,
    daysSinceLastAnswer,
    daysSinceLastRunEnd,
    waiting,
  };
}
