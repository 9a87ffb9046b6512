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
  /**
   * Both: 1 when a run the schedule started (its event carries the scheduled
   * time) completed; with dimension {@link CHECK_DIMENSION}. Console runs do
   * not count: the dead-man's switch watches the schedules only.
   */
  scheduledRunCompleted: 'ScheduledRunCompleted',
} as const;

/** Dimension (beside `service`) of {@link METRIC.scheduledRunCompleted}: which check. */
export const CHECK_DIMENSION = 'check';

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
