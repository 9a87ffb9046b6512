import type { CheckName, Figures } from '../checks/decision';
import type { Mail } from '../mail/document';

/** What a run returns and logs as one structured line. */
export interface RunSummary {
  readonly check: CheckName;
  readonly mode: 'run' | 'dry-run' | 'test';
  readonly decision: 'sent' | 'resolved-sent' | 'nothing-to-report' | 'would-send' | 'test-sent';
  readonly reason: string;
  readonly figures: Figures;
  /** One SES message id per message sent (50 recipients each at most). */
  readonly messageIds: readonly string[];
  readonly recipients: number;
  /** Valid recipients read and left out by `MAX_RECIPIENTS` (`SEI_EMAIL_ADMINISTRADOR` is read up to 32,000 characters). */
  readonly recipientsCut?: number;
  /** What a dry run could not do but did not stop for (no recipient). */
  readonly warnings?: readonly string[];
  readonly configurationSet?: string;
  readonly dataApiCalls: number;
  /** The would-be mails when a notice has one part per team (dry-run mode only). */
  readonly mails?: readonly (Mail & { readonly to: readonly string[]; readonly audience: string })[];
  /** The would-be mail, only in dry-run mode (never logged in full otherwise); the first part when there are several. */
  readonly mail?: Mail & { readonly to: readonly string[] };
}
