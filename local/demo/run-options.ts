/** Options shared by the demo and the dry run (they mirror the function configuration). */
export interface RunOptions {
  readonly outbox: string;
  readonly timeZone: string;
  readonly mailTo?: string;
  readonly mailFrom?: string;
  readonly stalledAfterDays?: number;
  readonly maxSendAttempts?: number;
  readonly maxListed?: number;
  readonly verbose: boolean;
}
