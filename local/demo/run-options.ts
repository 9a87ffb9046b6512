import type { LocalRunOptions } from '../harness/local-aws-env';

/** The function configuration the CLI's options mirror (MAIL_TO, SEI_TIME_ZONE…). */
export type FunctionOptions = Pick<
  LocalRunOptions,
  'mailTo' | 'mailFrom' | 'seiTimeZone' | 'stalledAfterDays' | 'maxSendAttempts' | 'maxListed'
>;

/** Options shared by the demo and the dry run. */
export interface RunOptions extends FunctionOptions {
  readonly outbox: string;
  readonly seiTimeZone: string;
  readonly verbose: boolean;
}

/** Splits the CLI-only options from the function configuration. */
export function functionOptions({ outbox: _outbox, verbose: _verbose, ...config }: RunOptions): FunctionOptions {
  return config;
}
