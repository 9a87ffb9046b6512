import type { CheckDecision, CheckName } from './decision';

/**
 * What the notifier remembers of a check between runs (kept in DynamoDB,
 * never in the SEI database): dates and condition names, no addresses, no
 * process numbers, no mail.
 */
export interface NoticeState {
  /** `alerting` while the condition that was mailed holds. */
  readonly status: 'alerting' | 'ok';
  /** Since when (SEI local time) the current status holds. */
  readonly since: string;
  /**
   * What the last mail was about: the failure window (failed-processes) or
   * the scheduled run (stalled-packages).
   */
  readonly lastKey?: string;
  /** failed-processes: start of the first window alerted in this episode. */
  readonly alertedSince?: string;
  /** stalled-packages: the kinds of condition alerted in this episode. */
  readonly alerted?: readonly string[];
  /** SEI local time of the last scheduled run (tries after it are new to the next one). */
  readonly checkedAt?: string;
  /** When the last alert of the episode was mailed (SEI local time), to name it when it clears. */
  readonly alertedAt?: string;
  /** failed-processes: how many processes the last alert named as failing. */
  readonly alertedCount?: number;
  /** What the check saw that the SEI table may overwrite later: kept across every plan. */
  readonly seen?: SeenState;
}

/**
 * What a check has seen in the SEI table that the module's next try may
 * overwrite (a row keeps only its newest try).
 */
export interface SeenState {
  /** stalled-packages: the newest answer of the web service (`I` or `EN`) seen so far. */
  readonly lastAnswer?: string;
  /** failed-processes: the attempt limit the check read with (SEI's, configured or inferred). */
  readonly maxAttempts?: number;
  /** failed-processes: the start of the failure window the check read. */
  readonly windowStart?: string;
  /**
   * stalled-packages: the last completed run seen, from the scheduler's start
   * to the module's end (the next start overwrites the start).
   */
  readonly completedRun?: { readonly start: string; readonly end: string };
}

/** What a check's decision may depend on of the previous runs. */
export interface CheckHistory {
  /** The state after the previous scheduled run; `undefined` on the first run. */
  readonly previous?: NoticeState;
  /** Whether state is kept between runs at all (a state table is configured). */
  readonly stateful: boolean;
}

/** What to do with a run's decision, given what was already mailed. Every plan says what to remember next. */
export type NoticePlan =
  /** `again`: the same key as the last alert, mailed again because the check saw new failed tries. */
  | { readonly send: 'alert'; readonly next: NoticeState; readonly again?: true }
  | { readonly send: 'resolved'; readonly previous: NoticeState; readonly next: NoticeState }
  | { readonly send: 'none'; readonly reason?: 'already-notified'; readonly next: NoticeState };

export interface PlanInput {
  readonly check: CheckName;
  readonly decision: CheckDecision;
  /** Whether a "nothing to report" decision comes with positive evidence that the mailed condition is over. */
  readonly cleared: boolean;
  /**
   * What this run's alert would be about: the failure window
   * (failed-processes mails once per window) or the scheduled time
   * (stalled-packages repeats on every scheduled run, but not on a retry of
   * the same one). `undefined` for a run an operator started by hand: it
   * always mails.
   */
  readonly key?: string;
  /**
   * When this run's state began, in SEI local time: the failure window
   * (failed-processes) or now (stalled-packages).
   */
  readonly observedAt: string;
  /** Now, in SEI local time. */
  readonly checkedAt: string;
  /** failed-processes: start of the window this alert is about. */
  readonly alertedSince?: string;
  /** stalled-packages: kinds of condition this alert is about. */
  readonly alerted?: readonly string[];
  /** `false`: the alert is a one-off notice that leaves the episode as it was. Default `true`. */
  readonly opensEpisode?: boolean;
  /** failed-processes: how many processes this alert names as failing. */
  readonly alertCount?: number;
  /**
   * The check saw failed tries since the previous check (e.g. a "Forçar
   * Reenvio" that failed again within the alerted window): an alert about
   * the same key is news, mailed once more.
   */
  readonly news?: boolean;
  /** What to remember of what this run saw (replaces what was remembered). */
  readonly seen?: SeenState;
}

const union = (a: readonly string[] = [], b: readonly string[] = []) => [...new Set([...a, ...b])];

/**
 * Decides whether to mail an alert, a "Resolvido" notice or nothing, so that
 * each event is mailed once: the same window (or the same scheduled run) is
 * never mailed twice, and a condition that was mailed and is over, with
 * evidence, gets one short notice.
 */
export function planNotice(previous: NoticeState | undefined, input: PlanInput): NoticePlan {
  const plan = planFor(previous, input);
  const seen = input.seen ?? previous?.seen;
  return seen ? { ...plan, next: { ...plan.next, seen } } : plan;
}

function planFor(previous: NoticeState | undefined, input: PlanInput): NoticePlan {
  const alerting = previous?.status === 'alerting';
  const { checkedAt } = input;
  const unchanged: NoticeState = previous ? { ...previous, checkedAt } : { status: 'ok', since: input.observedAt, checkedAt };
  if (input.decision === 'report' && input.opensEpisode === false) return { send: 'alert', next: unchanged };
  if (input.decision === 'report') {
    const sameKey = alerting && input.key !== undefined && previous.lastKey === input.key;
    if (sameKey && !input.news) return { send: 'none', reason: 'already-notified', next: unchanged };
    return {
      send: 'alert',
      ...(sameKey ? { again: true as const } : {}),
      next: {
        status: 'alerting',
        since: alerting ? previous.since : input.observedAt,
        lastKey: input.key,
        ...(input.alertedSince ? { alertedSince: (alerting ? previous.alertedSince : undefined) ?? input.alertedSince } : {}),
        ...(input.alerted ? { alerted: union(alerting ? previous.alerted : [], input.alerted) } : {}),
        checkedAt,
        alertedAt: checkedAt,
        ...(input.alertCount !== undefined ? { alertedCount: input.alertCount } : {}),
      },
    };
  }
  if (alerting && input.cleared) {
    return { send: 'resolved', previous, next: { status: 'ok', since: input.observedAt, lastKey: input.key, checkedAt } };
  }
  return { send: 'none', next: unchanged };
}

/**
 * Start of the failure window the last failed-processes alert was about:
 * its key is that start (SEI local `YYYY-MM-DD HH:MM:SS`), followed by the
 * dead run's start when its run did not finish.
 */
export function lastAlertedWindow(previous: NoticeState | undefined): string | undefined {
  const start = previous?.lastKey?.slice(0, 19);
  return start && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(start) ? start : undefined;
}
