import type { LocalRunOptions } from '../harness/local-aws-env';

/** The function configuration the CLI's options mirror (MAIL_TO, SEI_TIME_ZONE…). */
export type FunctionOptions = Pick<
  LocalRunOptions,
  'mailTo' | 'mailFrom' | 'seiTimeZone' | 'seiName' | 'seiUrl' | 'stalledAfterDays' | 'maxSendAttempts' | 'maxListed'
>;

/** Options shared by the demo and the dry run. */
export interface RunOptions extends FunctionOptions {
  readonly outbox: string;
  /** AWS region for a real send; else the SDK's own resolution (AWS_REGION, the profile's region). */
  readonly region?: string;
  readonly seiTimeZone: string;
  readonly verbose: boolean;
}

/** Splits the CLI-only options from the function configuration. */
export function functionOptions({ outbox: _outbox, verbose: _verbose, region: _region, ...config }: RunOptions): FunctionOptions {
  return config;
}
