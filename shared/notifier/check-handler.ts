import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { CheckName } from '../checks/decision';
import { type CheckHistory, planNotice } from '../checks/notice-plan';
import { createAwsClients } from '../clients';
import { loadConfig, type NotifierConfig } from '../config';
import { createDataApiReader, DEFAULT_RESUME_POLICY, type SqlReader } from '../data-api/sql-client';
import { type LogSink, logger } from '../logger';
import type { Mail } from '../mail/document';
import { composeResolvedMail } from '../mail/resolved-mail';
import { createSesMailer } from '../mail/ses-mailer';
import { composeTestMail } from '../mail/test-mail';
import { metrics } from '../metrics';
import { formatLocalTimestamp, instantToLocal } from '../sei/local-time';
import { readAdminEmails } from '../sei/queries';
import type { CheckOutcome } from './check-outcome';
import { recipientHash, resolveRecipients } from './recipients';
import { isRealRun, parseRunEvent, type RunEvent } from './run-event';
import { scrubError } from './scrub-error';
import type { RunSummary } from './run-summary';
import { createDynamoNoticeStore } from './state-store';

/** A check: reads, decides and writes its mail, given a reader and what the previous run left. */
export type CheckRunner = (
  reader: SqlReader,
  config: NotifierConfig,
  now: Date,
  log: LogSink,
  history: CheckHistory
) => Promise<CheckOutcome>;

/** What a mode decides; the handler adds who, how and how many Data API calls. */
type ModeResult = Omit<RunSummary, 'check' | 'mode' | 'configurationSet' | 'dataApiCalls'>;

/** The summary's note of recipients left out by `MAX_RECIPIENTS`, when any. */
const cutOf = (cut: number) => (cut > 0 ? { recipientsCut: cut } : {});

/** Idempotency records outlive any retry (Lambda async retries end after 6 h). */
const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * Builds the Lambda handler of a check. Configuration is validated and AWS
 * clients are created here, once per container (cold start): a bad variable
 * fails every invocation with a message naming it.
 *
 * A scheduled run is idempotent on its scheduled time (Scheduler delivers at
 * least once and Lambda retries); the notification state in the same table
 * makes failed-processes mail once per cycle and sends one "Resolvido"
 * notice when a mailed condition clears. The handler logs one summary line
 * per run and rethrows any failure, so the invocation is marked failed,
 * alarms fire and Lambda retries it.
 */
export function createCheckHandler(check: CheckName, runner: CheckRunner, env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env);
  const clients = createAwsClients();
  const mailer = createSesMailer(clients.ses, { from: config.mailFrom, configurationSet: config.mailConfigurationSet });
  const store = config.stateTable ? createDynamoNoticeStore(clients.documents, config.stateTable) : undefined;

  async function test(reader: SqlReader, now: Date): Promise<ModeResult> {
    const { recipients, cut } = resolveRecipients(
      config.mailTo,
      config.mailTo ? undefined : await readAdminEmails(reader),
      logger,
      config.maxRecipients
    );
    const sentAt = formatLocalTimestamp(instantToLocal(now, config.seiTimeZone)) ?? now.toISOString();
    const messageIds = await mailer.send(composeTestMail(check, sentAt), recipients);
    return { decision: 'test-sent', reason: 'operator-test', figures: {}, messageIds, recipients: recipients.length, ...cutOf(cut) };
  }

  /**
   * Sends a mail; with a state table and a key, a retry after a failed batch
   * sends only to the recipients the earlier attempt did not reach.
   */
  async function deliver(mail: Mail, recipients: readonly string[], key: string | undefined): Promise<string[]> {
    const tracked = store !== undefined && key !== undefined;
    const progress = tracked ? await store.getDelivery(check) : undefined;
    const earlier = progress !== undefined && progress.key === key ? progress : { messageIds: [], sentTo: [] };
    const reached = new Set(earlier.sentTo);
    const messageIds = [...earlier.messageIds];
    const sentTo = [...earlier.sentTo];
    const before = messageIds.length;
    await mailer.send(
      mail,
      recipients.filter((r) => !reached.has(recipientHash(r))),
      {
        onBatchSent: async (batch, messageId) => {
          messageIds.push(messageId);
          sentTo.push(...batch.map(recipientHash));
          if (tracked) await store.putDelivery(check, { key, messageIds, sentTo });
        },
      }
    );
    metrics.addMetric('MailsSent', MetricUnit.Count, messageIds.length - before);
    return messageIds;
  }

  async function notify(request: RunEvent, reader: SqlReader, now: Date): Promise<ModeResult> {
    const previous = await store?.get(check);
    const outcome = await runner(reader, config, now, logger, { previous, stateful: store !== undefined });
    const nowLocal = instantToLocal(now, config.seiTimeZone);
    const key = outcome.alertKey ?? request.scheduledTime;
    const plan = planNotice(previous, {
      check,
      decision: outcome.decision,
      cleared: outcome.cleared,
      key,
      observedAt: outcome.observedAt ?? nowLocal,
      checkedAt: nowLocal,
      alertedSince: outcome.alertedSince,
      alerted: outcome.alerted,
      opensEpisode: outcome.opensEpisode,
    });
    const mail: Mail | undefined =
      plan.send === 'alert' ? outcome.mail : plan.send === 'resolved' ? composeResolvedMail(check, plan.previous, outcome.figures) : undefined;
    const base = { figures: outcome.figures };
    // Only real runs change what is remembered; a dry run or a test leaves no trace.
    const remember = async () => {
      if (store && request.mode === 'run') await store.put(check, plan.next);
    };
    if (request.mode === 'run') {
      for (const [name, value] of Object.entries(outcome.metrics)) metrics.addMetric(name, MetricUnit.Count, value);
    }
    if (!mail) {
      await remember();
      const reason = plan.send === 'none' && plan.reason ? plan.reason : outcome.reason;
      return { ...base, decision: 'nothing-to-report', reason, messageIds: [], recipients: 0 };
    }
    const reason = plan.send === 'resolved' ? 'resolved' : outcome.reason;
    const { recipients, cut } = resolveRecipients(config.mailTo, outcome.adminEmails, logger, config.maxRecipients);
    if (request.mode === 'dry-run') {
      return { ...base, decision: 'would-send', reason, messageIds: [], recipients: recipients.length, ...cutOf(cut), mail: { ...mail, to: recipients } };
    }
    const deliveryKey = key !== undefined ? `${plan.send}@${key}` : undefined;
    const messageIds = await deliver(mail, recipients, deliveryKey);
    // Recorded only once the mail is out, so a failure never loses a notice;
    // a retry finds the delivery progress and does not send the batches again.
    await remember();
    return {
      ...base,
      decision: plan.send === 'resolved' ? 'resolved-sent' : 'sent',
      reason,
      messageIds,
      recipients: recipients.length,
      ...cutOf(cut),
    };
  }

  async function run(event: unknown, context: Context): Promise<RunSummary> {
    const request = parseRunEvent(event);
    const reader = createDataApiReader(
      clients.rdsData,
      { resourceArn: config.dbClusterArn, secretArn: config.dbSecretArn, database: config.dbName, engine: config.dbEngine },
      { ...DEFAULT_RESUME_POLICY, remainingMs: () => context.getRemainingTimeInMillis() }
    );
    const now = new Date();
    const result = request.mode === 'test' ? await test(reader, now) : await notify(request, reader, now);
    return {
      check,
      mode: request.mode,
      ...(config.mailConfigurationSet ? { configurationSet: config.mailConfigurationSet } : {}),
      ...result,
      dataApiCalls: reader.calls,
    };
  }

  async function handle(event: unknown, context: Context): Promise<RunSummary> {
    try {
      const summary = await run(event, context);
      // The dry-run mail is returned to the console, not written to the logs.
      const { mail: _mail, ...logged } = summary;
      logger.info('Check finished', { summary: logged });
      // Plain JSON: the idempotency store keeps it, and DynamoDB refuses undefined values.
      return JSON.parse(JSON.stringify(summary)) as RunSummary;
    } catch (error) {
      // SES errors name recipients: neither the log nor the failed-run queue may carry them.
      // A clean copy keeps the class for whoever catches it, and nothing else.
      const e = scrubError(error);
      logger.error('Check failed', { check, errorName: e.name, errorMessage: e.message });
      throw e;
    }
  }

  const observed = () => middy(handle).use(injectLambdaContext(logger, { clearState: true })).use(logMetrics(metrics));
  const plain = observed();
  if (!config.stateTable) return plain;
  const idempotent = observed().use(
    makeHandlerIdempotent({
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: config.stateTable, awsSdkV3Client: clients.dynamo }),
      config: new IdempotencyConfig({
        eventKeyJmesPath: 'scheduledTime',
        // Runs started from the console ({}) carry no scheduled time: not deduplicated.
        throwOnNoIdempotencyKey: false,
        expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
      }),
    })
  );
  // Only real runs are deduplicated: a dry run's result holds the would-be mail (process
  // numbers, addresses), which must not be kept as an idempotency record.
  return (event: unknown, context: Context) => (isRealRun(event) ? idempotent(event, context) : plain(event, context));
}
