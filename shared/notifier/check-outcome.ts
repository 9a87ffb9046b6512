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
}
