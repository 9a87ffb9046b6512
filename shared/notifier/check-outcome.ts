import type { CheckDecision, CheckName, Figures } from '../checks/decision';
import type { Audience } from '../checks/figures';
import type { SeenState } from '../checks/notice-plan';
import type { Mail } from '../mail/document';

/** A mail and who it is for. */
export interface AddressedMail {
  readonly audience: Audience;
  readonly mail: Mail;
}

/** What a check found, ready to be delivered. */
export interface CheckOutcome {
  readonly check: CheckName;
  readonly decision: CheckDecision;
  readonly reason: string;
  readonly figures: Figures;
  /** The mail, when the decision is to report: one for everyone, or one part per team. */
  readonly mails?: readonly AddressedMail[];
  /** `SEI_EMAIL_ADMINISTRADOR` as read from the database. */
  readonly adminEmails?: string;
  /**
   * Whether "nothing to report" comes with positive evidence that a mailed
   * condition is over (a newer run completed without the alerted failures;
   * the web service answered again), so a "Resolvido" notice is due.
   */
  readonly cleared: boolean;
  /** What an alert is about when it must be mailed once only (failed-processes: the failure window). */
  readonly alertKey?: string;
  /** When the observed state began, SEI local time (failed-processes: the failure window). */
  readonly observedAt?: string;
  /** failed-processes: start of the window an alert is about (for the evidence of its end). */
  readonly alertedSince?: string;
  /**
   * Whether an alert opens (or continues) an episode that a "Resolvido" may
   * close; `false` for a one-off notice (processes that ran out of attempts).
   * Default `true`.
   */
  readonly opensEpisode?: boolean;
  /** stalled-packages: the kinds of condition an alert is about. */
  readonly alerted?: readonly string[];
  /** failed-processes: how many processes an alert names as failing (a "Resolvido" names the alert it closes). */
  readonly alertCount?: number;
  /** failed-processes: failed tries since the previous check, so an alert about the same window is news. */
  readonly news?: boolean;
  /** What the check saw that the SEI table may overwrite: remembered for the next run. */
  readonly seen?: SeenState;
  /** CloudWatch metrics of the run (name → value; counts and days). */
  readonly metrics: Readonly<Record<string, number>>;
}
