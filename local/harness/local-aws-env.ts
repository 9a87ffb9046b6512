import { ENV } from '../../shared/env-names';

/** Placeholders that pass validation; the bridge ignores them. */
export const LOCAL_CLUSTER_ARN = 'arn:aws:rds:us-east-1:123456789012:cluster:sei-local';
export const LOCAL_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:sei-local-AbCdEf';

export interface LocalRunOptions {
  readonly dataApiUrl: string;
  readonly sesUrl: string;
  /** Local DynamoDB and its state table; without them each run decides alone. */
  readonly dynamoUrl?: string;
  readonly stateTable?: string;
  readonly engine: 'mysql' | 'postgres';
  readonly mailFrom?: string;
  readonly mailTo?: string;
  readonly mailToInfrastructure?: string;
  readonly mailToRecords?: string;
  readonly seiTimeZone?: string;
  /** Short name of the SEI in subjects (SEI_NAME) and its address for links (SEI_URL). */
  readonly seiName?: string;
  readonly seiUrl?: string;
  readonly stalledAfterDays?: number;
  readonly maxSendAttempts?: number;
  readonly maxListed?: number;
}

/**
 * The environment a check function gets, pointed at local endpoints through
 * the SDK's standard variables (fake credentials: the SDK signs every request;
 * the operator's AWS_PROFILE blanked, which the SDK would prefer to them).
 */
export function localAwsEnv(options: LocalRunOptions): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_PROFILE: '',
    AWS_ENDPOINT_URL_RDS_DATA: options.dataApiUrl,
    AWS_ENDPOINT_URL_SES: options.sesUrl,
    [ENV.dbEngine]: options.engine,
    [ENV.dbClusterArn]: LOCAL_CLUSTER_ARN,
    [ENV.dbSecretArn]: LOCAL_SECRET_ARN,
    [ENV.dbName]: 'sei',
    [ENV.mailFrom]: options.mailFrom ?? 'sei-pi@orgao.gov.br',
    POWERTOOLS_METRICS_NAMESPACE: 'SeiPiNotifier',
  };
  const optional: [string, string | number | undefined][] = [
    [ENV.mailTo, options.mailTo],
    [ENV.mailToInfrastructure, options.mailToInfrastructure],
    [ENV.mailToRecords, options.mailToRecords],
    [ENV.seiTimeZone, options.seiTimeZone],
    [ENV.seiName, options.seiName],
    [ENV.seiUrl, options.seiUrl],
    [ENV.stalledAfterDays, options.stalledAfterDays],
    [ENV.maxSendAttempts, options.maxSendAttempts],
    [ENV.maxListed, options.maxListed],
    [ENV.stateTable, options.stateTable],
    ['AWS_ENDPOINT_URL_DYNAMODB', options.dynamoUrl],
  ];
  for (const [name, value] of optional) if (value !== undefined) env[name] = String(value);
  return env;
}

/** Keeps the functions' JSON logs and EMF metrics off a terminal session (use --verbose to see them). */
export const QUIET_FUNCTIONS_ENV: Readonly<Record<string, string>> = {
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
};
