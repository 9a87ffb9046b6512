/**
 * Names of the environment variables the functions read.
 *
 * Kept in one place so the CDK construct (which sets them) and the functions
 * (which read them) cannot drift apart.
 */
export const ENV = {
  dbEngine: 'DB_ENGINE',
  dbClusterArn: 'DB_CLUSTER_ARN',
  dbSecretArn: 'DB_SECRET_ARN',
  dbName: 'DB_NAME',
  mailFrom: 'MAIL_FROM',
  mailTo: 'MAIL_TO',
  /** Optional: who gets infrastructure failures (FI) and stalls. */
  mailToInfrastructure: 'MAIL_TO_INFRASTRUCTURE',
  /** Optional: who gets business errors (EN), the team that fixes process data. */
  mailToRecords: 'MAIL_TO_RECORDS',
  mailConfigurationSet: 'MAIL_CONFIGURATION_SET',
  seiTimeZone: 'SEI_TIME_ZONE',
  /** Optional: which SEI, in the mails (e.g. "SEI-MGI Produção"). */
  seiName: 'SEI_NAME',
  seiUrl: 'SEI_URL',
  stalledAfterDays: 'STALLED_AFTER_DAYS',
  noNewPackagesAfterDays: 'NO_NEW_PACKAGES_AFTER_DAYS',
  maxSendAttempts: 'MAX_SEND_ATTEMPTS',
  maxListed: 'MAX_LISTED',
  maxRecipients: 'MAX_RECIPIENTS',
  /** DynamoDB table of idempotency records and notification state. */
  stateTable: 'STATE_TABLE',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

/**
 * Variables of the SES event relay (functions/mail-events) besides
 * `ENV.seiTimeZone`; apart from {@link ENV}, which the checks read.
 */
export const MAIL_EVENTS_ENV = {
  /** ARN of the operators' topic, where the readable notices go. */
  operatorsTopicArn: 'OPERATORS_TOPIC_ARN',
  /** URL of the failed-run queue, where a notice the topic refused is kept (masked). */
  failedRunQueueUrl: 'FAILED_RUN_QUEUE_URL',
} as const;

/** Service name of the logs and metrics (Powertools `service` dimension). */
export const SERVICE_NAME = 'sei-pi-notifier';

/** CloudWatch namespace of the notifier's metrics (the stack's dashboard reads it). */
export const METRICS_NAMESPACE = 'SeiPiNotifier';
