/**
 * `MailEvents`: the SES configuration set used for every notification e-mail,
 * and the path of the events that mean "the e-mail did not reach anyone"
 * (upstream issues #33 and #73: mails that silently never arrive) to the
 * operators, as one readable Portuguese sentence each: configuration set →
 * internal encrypted topic → relay function → operators' topic.
 */
import { fileURLToPath } from 'node:url';
import { ArnFormat, Names, Stack } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, MAIL_EVENTS_ENV } from '../shared/env-names';
import { CheckFunction } from './check-function';
import type { OperatorAlerts } from './operator-alerts';

/** Properties of {@link MailEvents}. */
export interface MailEventsProps {
  /** Operators' channel that receives the delivery problems. */
  readonly alerts: OperatorAlerts;
  /**
   * The failed-run queue: the relay keeps there, masked, a notice the
   * operators' topic refused. It is not the relay's on-failure destination,
   * which would receive the raw SES event with its addresses.
   */
  readonly failedNoticeQueue: sqs.IQueue;
  /** IANA zone of the times in the sentences (SEI's). */
  readonly timeZone: string;
  /**
   * Namespace of the relay's metrics (the stack's own).
   * @default METRICS_NAMESPACE
   */
  readonly metricsNamespace?: string;
  /**
   * Reserve a concurrency of 1 for the relay (see {@link CheckFunction}).
   * @default true
   */
  readonly reserveConcurrency?: boolean;
  /**
   * Retention of the relay's log group.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** SES events published to the operators: every way a notification can fail to arrive. */
export const PUBLISHED_MAIL_EVENTS: readonly ses.EmailSendingEvent[] = [
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.RENDERING_FAILURE,
  ses.EmailSendingEvent.DELIVERY_DELAY,
];

/** Handler of the relay (exports `handler`). */
const RELAY_ENTRY = fileURLToPath(new URL('../functions/mail-events/handler.ts', import.meta.url));

/**
 * SES configuration set whose delivery problems reach the operators as
 * readable, masked sentences instead of raw SES JSON.
 */
export class MailEvents extends Construct {
  /** The configuration set (its name goes to MAIL_CONFIGURATION_SET). */
  public readonly configurationSet: ses.ConfigurationSet;
  /** The SNS event destination (to {@link eventsTopic}). */
  public readonly eventDestination: ses.ConfigurationSetEventDestination;
  /** ARN of the configuration set (resource of the send permission). */
  public readonly configurationSetArn: string;
  /** Internal topic where SES publishes the raw events; only the relay subscribes. */
  public readonly eventsTopic: sns.Topic;
  /** Function that turns each raw event into one sentence on the operators' topic. */
  public readonly relay: CheckFunction;

  constructor(scope: Construct, id: string, props: MailEventsProps) {
    super(scope, id);

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      // An explicit name: it is what the functions pass as ConfigurationSetName,
      // and SES allows only letters, digits, "_" and "-" (max 64).
      configurationSetName: Names.uniqueResourceName(this, { maxLength: 64, separator: '-' }),
      // Bounce and complaint rates of these mails in CloudWatch (free).
      reputationMetrics: true,
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });

    // Same key and TLS rule as the operators' topic: the raw events name recipients.
    this.eventsTopic = props.alerts.encryptedTopic(this, 'EventsTopic', 'Notificador do Protocolo Integrado (SEI) - eventos do SES');
    // The L2 also adds the topic-policy statement that lets SES (for this
    // configuration set and account only) publish to the topic.
    this.eventDestination = this.configurationSet.addEventDestination('ToRelay', {
      destination: ses.EventDestination.snsTopic(this.eventsTopic),
      events: [...PUBLISHED_MAIL_EVENTS],
    });
    // The topic is encrypted: SES must also be able to use its key.
    props.alerts.allowServiceToUseKey('ses.amazonaws.com', this.configurationSetArn);

    this.relay = new CheckFunction(this, 'Relay', {
      entry: RELAY_ENTRY,
      description: 'SEI Protocolo Integrado: problemas de entrega do SES como alertas legíveis aos operadores',
      reserveConcurrency: props.reserveConcurrency,
      logRetention: props.logRetention,
      metricsNamespace: props.metricsNamespace,
      environment: {
        [MAIL_EVENTS_ENV.operatorsTopicArn]: props.alerts.topic.topicArn,
        [MAIL_EVENTS_ENV.failedRunQueueUrl]: props.failedNoticeQueue.queueUrl,
        [ENV.seiTimeZone]: props.timeZone,
      },
    });
    props.alerts.grantPublish(this.relay.role);
    props.failedNoticeQueue.grantSendMessages(this.relay.role);
    // Lambda permission for this topic only; SNS invokes asynchronously, so a
    // failed relay is retried twice by Lambda (no on-failure destination: see failedNoticeQueue).
    this.eventsTopic.addSubscription(new LambdaSubscription(this.relay.function));
  }
}
