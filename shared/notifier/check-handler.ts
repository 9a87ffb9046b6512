import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { CheckName } from '../checks/decision';
import { createAwsClients } from '../clients';
import { loadConfig } from '../config';
import { createDataApiReader, DEFAULT_RESUME_POLICY } from '../data-api/sql-client';
import { logger } from '../logger';
import { createSesMailer } from '../mail/ses-mailer';
import { metrics } from '../metrics';
import { type CheckRunner, runCheck } from './run-check';
import { isRealRun, parseRunEvent } from './run-event';
import type { RunSummary } from './run-summary';
import { emitScheduledRunCompleted } from './scheduled-run-metric';
import { scrubErrors } from './scrub-errors-middleware';
import { createDynamoNoticeStore } from './state-store';

export type { CheckRunner } from './run-check';

/** Idempotency records outlive any retry (Lambda async retries end after 6 h). */
const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * The Lambda handler of a check: configuration validated and AWS clients
 * created once per container (a bad variable fails every invocation with a
 * message naming it); per invocation, the run of the check on those clients
 * (./run-check.ts), one summary log line, EMF metrics, a clean error on
 * failure, and idempotency on the scheduled time for real runs (Scheduler
 * delivers at least once and Lambda retries).
 */
export function createCheckHandler(check: CheckName, runner: CheckRunner, env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env);
  const clients = createAwsClients();
  const mailer = createSesMailer(clients.ses, { from: config.mailFrom, configurationSet: config.mailConfigurationSet });
  const store = config.stateTable ? createDynamoNoticeStore(clients.documents, config.stateTable) : undefined;
  const target = { resourceArn: config.dbClusterArn, secretArn: config.dbSecretArn, database: config.dbName, engine: config.dbEngine };

  async function handle(event: unknown, context: Context): Promise<RunSummary> {
    const request = parseRunEvent(event);
    const reader = createDataApiReader(clients.rdsData, target, {
      ...DEFAULT_RESUME_POLICY,
      remainingMs: () => context.getRemainingTimeInMillis(),
    });
    const count = (name: string, value: number) => metrics.addMetric(name, MetricUnit.Count, value);
    const result = await runCheck(check, runner, request, config, { reader, mailer, store, log: logger, count }, new Date());
    emitScheduledRunCompleted(metrics, check, request);
    const summary: RunSummary = {
      check,
      mode: request.mode,
      ...(config.mailConfigurationSet ? { configurationSet: config.mailConfigurationSet } : {}),
      ...result,
      dataApiCalls: reader.calls,
    };
    // The dry-run mail is returned to the console, not written to the logs.
    const { mail: _mail, ...logged } = summary;
    logger.info('Check finished', { summary: logged });
    // Plain JSON: the idempotency store keeps it, and DynamoDB refuses undefined values.
    return JSON.parse(JSON.stringify(summary)) as RunSummary;
  }

  const observed = () =>
    middy(handle)
      .use(injectLambdaContext(logger, { clearState: true }))
      .use(logMetrics(metrics))
      .use(scrubErrors(logger, 'Check failed', { check }));
  const plain = observed();
  if (!config.stateTable) return plain;
  const idempotent = observed().use(
    makeHandlerIdempotent({
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: config.stateTable, awsSdkV3Client: clients.dynamo }),
      // Both checks share the table and often the scheduled time: keys carry the check, not
      // AWS_LAMBDA_FUNCTION_NAME (Powertools' default), which local runs of both checks share.
      keyPrefix: check,
      // Runs started from the console ({}) carry no scheduled time: not deduplicated.
      config: new IdempotencyConfig({
        eventKeyJmesPath: 'scheduledTime',
        throwOnNoIdempotencyKey: false,
        expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
      }),
    })
  );
  // Only real runs are deduplicated: a dry run's result holds the would-be mail (process
  // numbers, addresses), which must not be kept as an idempotency record.
  return (event: unknown, context: Context) => (isRealRun(event) ? idempotent(event, context) : plain(event, context));
}
