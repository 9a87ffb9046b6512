import type { CheckDecision, CheckName } from './decision';

/**
 * What the notifier remembers of a check between runs (kept in DynamoDB,
 * never in the SEI database).
 */
export interface NoticeState {
  /** `alerting` while the condition that was mailed holds. */
  readonly status: 'alerting' | 'ok';
  /** Since when (SEI local time) the current status holds. */
  readonly since: string;
  /**
   * What the last mail was about: the cycle (failed-processes) or the
   * scheduled run (stalled-packages).
   */
  readonly lastKey?: string;
}

/** What to do with a run's decision, given what was already mailed. */
export type NoticePlan =
  | { readonly send: 'alert'; readonly next: NoticeState }
  | { readonly send: 'resolved'; readonly previous: NoticeState; readonly next: NoticeState }
  | { readonly send: 'none'; readonly reason?: 'already-notified'; readonly next?: NoticeState };

export interface PlanInput {
  readonly check: CheckName;
  readonly decision: CheckDecision;
  /** Whether a "nothing to report" decision means the condition cleared (not merely unknown). */
  readonly cleared: boolean;
  /**
   * What this run's alert would be about: the last cycle (failed-processes
   * mails once per cycle) or the scheduled time (stalled-packages repeats on
   * every scheduled run, but not on a retry of the same one). `undefined`
   * for a run an operator started by hand: it always mails.
   */
  readonly key?: string;
  /**
   * When this run's state began, in SEI local time: the last cycle
   * (failed-processes) or now (stalled-packages).
   */
  readonly observedAt: string;
}

/**
 * Decides whether to mail an alert, a "Resolvido" notice or nothing, so that
 * each event is mailed once: the same cycle (or the same scheduled run) is
 * never mailed twice, and a condition that was mailed and cleared gets one
 * short notice.
 */
export function planNotice(previous: NoticeState | undefined, input: PlanInput): NoticePlan {
  const alerting = previous?.status === 'alerting';
  if (input.decision === 'report') {
    if (alerting && input.key !== undefined && previous.lastKey === input.key) {
      return { send: 'none', reason: 'already-notified' };
    }
    return {
      send: 'alert',
      next: { status: 'alerting', since: alerting ? previous.since : input.observedAt, lastKey: input.key },
    };
  }
  if (alerting && input.cleared) {
    return { send: 'resolved', previous, next: { status: 'ok', since: input.observedAt, lastKey: input.key } };
  }
  return { send: 'none' };
}
