import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import { checkTimeZone, DEFAULT_SEI_TIME_ZONE } from '../config-rules';
import { ENV, MAIL_EVENTS_ENV } from '../env-names';
import { FunctionConfigError } from '../errors';
import { logger } from '../logger';
import { scrubErrors } from '../notifier/scrub-errors-middleware';
import { type OperatorChannel, type ParkingQueue, type RelaySummary, relayMailEvents } from './relay-mail-events';

/**
 * The Lambda handler of the SES event relay: the topic and time zone read
 * once per container (a bad value fails every invocation, naming it); per
 * invocation, each SES event published to the operators' topic as one
 * readable sentence. A notice the topic refuses goes, masked, to the
 * failed-run queue of FAILED_RUN_QUEUE_URL (whose alarm reaches the
 * operators); the raw event never does: the relay has no on-failure
 * destination. Any other failure logs one clean line and rethrows (Lambda
 * retries twice).
 */
export function createMailEventsHandler(
  env: NodeJS.ProcessEnv = process.env,
  sns: SNSClient = new SNSClient({ maxAttempts: 5 }),
  sqs: SQSClient = new SQSClient({ maxAttempts: 5 })
) {
  const topicArn = env[MAIL_EVENTS_ENV.operatorsTopicArn];
  if (!topicArn) throw new FunctionConfigError(`${MAIL_EVENTS_ENV.operatorsTopicArn}: obrigatório e não informado`);
  const timeZone = env[ENV.seiTimeZone] || DEFAULT_SEI_TIME_ZONE;
  const zoneProblem = checkTimeZone(timeZone);
  if (zoneProblem) throw new FunctionConfigError(`${ENV.seiTimeZone}: ${zoneProblem}`);

  const channel: OperatorChannel = {
    publish: async (subject, message) => {
      await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    },
  };

  const queueUrl = env[MAIL_EVENTS_ENV.failedRunQueueUrl];
  const parking: ParkingQueue | undefined = queueUrl
    ? {
        park: async (notice) => {
          await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ source: 'mail-events', ...notice }) }));
        },
      }
    : undefined;

  return middy((event: unknown): Promise<RelaySummary> => relayMailEvents(event, { channel, log: logger, timeZone, parking }))
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(scrubErrors(logger, 'Mail event relay failed'));
}
