import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { CheckName } from '../checks/decision';
import { createAwsClients } from '../clients';
import { loadConfig, type NotifierConfig } from '../config';
import { createDataApiReader, DEFAULT_RESUME_POLICY, type SqlReader } from '../data-api/sql-client';
import { asError } from '../errors';
import { type LogSink, logger } from '../logger';
import { createSesMailer } from '../mail/ses-mailer';
import { composeTestMail } from '../mail/test-mail';
import { formatLocalTimestamp, instantToLocal } from '../sei/local-time';
import { readAdminEmails } from '../sei/queries';
import type { CheckOutcome } from './check-outcome';
import { resolveRecipients } from './recipients';
import { parseRunEvent } from './run-event';
import type { RunSummary } from './run-summary';

/** A check: reads, decides and writes its mail, given a reader. */
export type CheckRunner = (reader: SqlReader, config: NotifierConfig, now: Date, log: LogSink) => Promise<CheckOutcome>;

/**
 * Builds the Lambda handler of a check. Configuration is validated and AWS
 * clients are created here, once per container (cold start): a bad variable
 * fails every invocation with a message naming it.
 *
 * The handler logs one summary line per run and rethrows any failure, so the
 * invocation is marked failed, alarms fire and Lambda retries it.
 */
export function createCheckHandler(check: CheckName, runner: CheckRunner, env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env);
  const clients = createAwsClients();
  const mailer = createSesMailer(clients.ses, { from: config.mailFrom, configurationSet: config.mailConfigurationSet });

  async function run(event: unknown, context: Context): Promise<RunSummary> {
    const request = parseRunEvent(event);
    const reader = createDataApiReader(
      clients.rdsData,
      { resourceArn: config.dbClusterArn, secretArn: config.dbSecretArn, database: config.dbName },
      { ...DEFAULT_RESUME_POLICY, remainingMs: () => context.getRemainingTimeInMillis() }
    );
    const now = new Date();
    const common = {
      check,
      mode: request.mode,
      configurationSet: config.mailConfigurationSet,
    };

    if (request.mode === 'test') {
      const recipients = resolveRecipients(config.mailTo, config.mailTo ? undefined : await readAdminEmails(reader), logger);
      const sentAt = formatLocalTimestamp(instantToLocal(now, config.seiTimeZone)) ?? now.toISOString();
      const messageIds = await mailer.send(composeTestMail(check, sentAt), recipients);
      return { ...common, decision: 'test-sent', reason: 'operator-test', figures: {}, messageIds, recipients: recipients.length, dataApiCalls: reader.calls };
    }

    const outcome = await runner(reader, config, now, logger);
    const base = { ...common, reason: outcome.reason, figures: outcome.figures };
    if (outcome.decision !== 'report' || !outcome.mail) {
      return { ...base, decision: 'nothing-to-report', messageIds: [], recipients: 0, dataApiCalls: reader.calls };
    }
    const recipients = resolveRecipients(config.mailTo, outcome.adminEmails, logger);
    if (request.mode === 'dry-run') {
      return {
        ...base,
        decision: 'would-send',
        messageIds: [],
        recipients: recipients.length,
        dataApiCalls: reader.calls,
        mail: { ...outcome.mail, to: recipients },
      };
    }
    const messageIds = await mailer.send(outcome.mail, recipients);
    return { ...base, decision: 'sent', messageIds, recipients: recipients.length, dataApiCalls: reader.calls };
  }

  return middy(async (event: unknown, context: Context): Promise<RunSummary> => {
    try {
      const summary = await run(event, context);
      // The dry-run mail is returned to the console, not written to the logs.
      const { mail: _mail, ...logged } = summary;
      logger.info('Check finished', { summary: logged });
      return summary;
    } catch (error) {
      const e = asError(error);
      logger.error('Check failed', { check, errorName: e.name, errorMessage: e.message });
      throw e;
    }
  }).use(injectLambdaContext(logger, { clearState: true }));
}
