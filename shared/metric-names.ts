/**
 * Names of the CloudWatch metrics the functions publish (namespace
 * `METRICS_NAMESPACE`), in one place: the functions emit them and the stack's
 * dashboard graphs them.
 */
export const METRIC = {
  /** failed-processes: packages in FI in the failure window. */
  infrastructureFailures: 'InfrastructureFailures',
  /** failed-processes: packages in EN in the failure window. */
  businessErrors: 'BusinessErrors',
  /** failed-processes: packages out of attempts in the whole table. */
  exhaustedAttempts: 'ExhaustedAttempts',
  /** stalled-packages: days since the last integrated package. */
  daysSinceLastSuccess: 'DaysSinceLastSuccess',
  /** stalled-packages: days since the publishing job last ended normally. */
  daysSinceLastRunEnd: 'DaysSinceLastRunEnd',
  /** Both: messages sent to SES by this run. */
  mailsSent: 'MailsSent',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
