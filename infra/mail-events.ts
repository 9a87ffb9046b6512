/**
 * `MailEvents`: the SES configuration set used for every notification e-mail,
 * publishing the events that mean "the e-mail did not reach anyone" to the
 * operators' topic (upstream issues #33 and #73: mails that silently never
 * arrive).
 */
import { ArnFormat, Names, Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { OperatorAlerts } from './operator-alerts';

/** Properties of {@link MailEvents}. */
export interface MailEventsProps {
  /** Operators' channel that receives the delivery-problem events. */
  readonly alerts: OperatorAlerts;
}

/** SES events published to the operators: every way a notification can fail to arrive. */
export const PUBLISHED_MAIL_EVENTS: readonly ses.EmailSendingEvent[] = [
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.RENDERING_FAILURE,
  ses.EmailSendingEvent.DELIVERY_DELAY,
];

/** SES configuration set with an SNS event destination to the operators' topic. */
export class MailEvents extends Construct {
  /** The configuration set (its name goes to MAIL_CONFIGURATION_SET). */
  public readonly configurationSet: ses.ConfigurationSet;
  /** The SNS event destination. */
  public readonly eventDestination: ses.ConfigurationSetEventDestination;
  /** ARN of the configuration set (resource of the send permission). */
  public readonly configurationSetArn: string;

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

    // The L2 also adds the topic-policy statement that lets SES (for this
    // configuration set and account only) publish to the topic.
    this.eventDestination = this.configurationSet.addEventDestination('ToOperators', {
      destination: ses.EventDestination.snsTopic(props.alerts.topic),
      events: [...PUBLISHED_MAIL_EVENTS],
    });
    // The topic is encrypted: SES must also be able to use its key.
    props.alerts.allowServiceToUseKey('ses.amazonaws.com', this.configurationSetArn);
  }
}
