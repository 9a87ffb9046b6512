/** The real RDS Data API client, pointed at a local bridge with fake credentials. */
import {
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  type ExecuteStatementCommandOutput,
  RDSDataClient,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';

export const CLUSTER_ARN = 'arn:aws:rds:us-east-1:123456789012:cluster:sei-local';
export const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:sei-local-AbCdEf';

export function dataApiClient(endpoint: string, options: { maxAttempts?: number } = {}): RDSDataClient {
  return new RDSDataClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' },
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });
}

export type Params = Record<string, SqlParameter['value'] | { value: SqlParameter['value']; typeHint: SqlParameter['typeHint'] }>;

/** `{ a: { longValue: 1 } }` -> `[{ name: 'a', value: { longValue: 1 } }]`. */
export function parameters(params: Params): SqlParameter[] {
  return Object.entries(params).map(([name, v]) =>
    v && typeof v === 'object' && 'typeHint' in v && 'value' in v
      ? { name, value: v.value, typeHint: v.typeHint }
      : { name, value: v as SqlParameter['value'] }
  );
}

export function execute(
  client: RDSDataClient,
  sql: string,
  params: Params = {},
  extra: Partial<ExecuteStatementCommandInput> = {}
): Promise<ExecuteStatementCommandOutput> {
  return client.send(
    new ExecuteStatementCommand({
      resourceArn: CLUSTER_ARN,
      secretArn: SECRET_ARN,
      database: 'sei',
      sql,
      parameters: parameters(params),
      ...extra,
    })
  );
}

/** Awaits a promise that must reject, and returns the error. */
export async function rejection(
  promise: Promise<unknown>
): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { name: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
