import type { CheckDecision, CheckName } from '../checks/decision';
import type { Mail } from '../mail/document';

/** Figures a check decided on; numbers and dates only, never personal data. */
export type Figures = Readonly<Record<string, string | number | boolean | null>>;

/** What a check found, ready to be delivered. */
export interface CheckOutcome {
  readonly check: CheckName;
  readonly decision: CheckDecision;
  readonly reason: string;
  readonly figures: Figures;
  /** The mail, when the decision is to report. */
  readonly mail?: Mail;
  /** `SEI_EMAIL_ADMINISTRADOR` as read from the database. */
  readonly adminEmails?: string;
  /**
   * Whether "nothing to report" means a mailed condition cleared (the last
   * cycle had no failures; sending is within tolerance), so a "Resolvido"
   * notice is due.
   */
  readonly cleared: boolean;
  /** What an alert is about when it must be mailed once only (failed-processes: the cycle). */
  readonly alertKey?: string;
  /** When the observed state began, SEI local time (failed-processes: the cycle). */
  readonly observedAt?: string;
  /** CloudWatch metrics of the run (name → value; counts and days). */
  readonly metrics: Readonly<Record<string, number>>;
}
