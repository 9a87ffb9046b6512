/**
 * `OperatorAlerts`: how the notifier's own failures reach people. A
 * KMS-encrypted, TLS-only SNS topic (e-mail subscriptions for the operators)
 * and a helper that raises a CloudWatch alarm into it.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Properties of {@link OperatorAlerts}. */
export interface OperatorAlertsProps {
  /**
   * Addresses subscribed to the topic (each must confirm the subscription
   * from the e-mail AWS sends).
   * @default - no subscription; subscribe later in the SNS console
   */
  readonly emails?: readonly string[];
  /**
   * Prefix of the alarm names (shown in the subject of the alarm e-mails).
   */
  readonly alarmNamePrefix: string;
}

/** What {@link OperatorAlerts.alarmWhen} watches. */
export interface AlertOptions {
  /** Metric; any datapoint at or above `threshold` raises the alarm. */
  readonly metric: cloudwatch.IMetric;
  /** Suffix of the alarm name. */
  readonly name: string;
  /** What happened and what to do, for the person who reads the alarm (pt-BR). */
  readonly description: string;
  /** @default 1 */
  readonly threshold?: number;
}

/** What {@link OperatorAlerts.alarmWhenSilent} watches. */
export interface SilenceOptions {
  /**
   * The heartbeat: a metric with a datapoint of at least 1 for each run that
   * should keep the switch quiet (Sum over one hour), and no datapoint otherwise.
   */
  readonly heartbeat: cloudwatch.IMetric;
  /** Hours without a heartbeat before the alarm (at most 168, CloudWatch's 7-day window). */
  readonly hours: number;
  /** Suffix of the alarm name. */
  readonly name: string;
  /** What happened and what to do (pt-BR). */
  readonly description: string;
  /** Words that name the check in the helper alarms' descriptions (pt-BR). */
  readonly label: string;
}

/** The alarms of one dead-man's switch. */
export interface SilenceAlarms {
  /** The one that notifies: ALARM when armed and silent. */
  readonly switch: cloudwatch.CompositeAlarm;
  /** OK from the first heartbeat on (INSUFFICIENT_DATA before it); never ALARM, never notifies. */
  readonly armed: cloudwatch.Alarm;
  /** OK while a heartbeat is within the last `hours`, INSUFFICIENT_DATA after; never ALARM, never notifies. */
  readonly recent: cloudwatch.Alarm;
}

/** Period of every alarm: short enough to warn on the same run. */
export const ALARM_PERIOD = Duration.minutes(5);

/**
 * The operators' channel: a customer-managed KMS key (CloudWatch alarms cannot
 * use the AWS-managed `aws/sns` key), the topic, and the alarms that feed it.
 */
export class OperatorAlerts extends Construct {
  /** Key that encrypts the topic (rotation on). */
  public readonly key: kms.Key;
  /** The operators' topic. */
  public readonly topic: sns.Topic;
  /** The alarms that notify the topic (from {@link alarmWhen} and {@link alarmWhenSilent}), in creation order. */
  public readonly alarms: cloudwatch.IAlarm[] = [];

  private readonly alarmNamePrefix: string;

  constructor(scope: Construct, id: string, props: OperatorAlertsProps) {
    super(scope, id);
    this.alarmNamePrefix = props.alarmNamePrefix;
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the operators' alarm topic of ${this.node.path}`,
      enableKeyRotation: true,
      // Only the notifier's topics use the key (this one and those of
      // encryptedTopic); removing the stack schedules its deletion.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });

    this.topic = this.encryptedTopic(this, 'Topic', 'Notificador do Protocolo Integrado (SEI) - alertas');

    // CloudWatch alarms publish to the topic: they need the topic and its key.
    const alarmsOfThisAccount = stack.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: '*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': alarmsOfThisAccount },
        },
      })
    );
    this.allowServiceToUseKey('cloudwatch.amazonaws.com', alarmsOfThisAccount);

    for (const email of props.emails ?? []) {
      this.topic.addSubscription(new EmailSubscription(email));
    }
  }

  /**
   * A topic like the operators' one (this key, TLS only), for the notifier's
   * internal traffic.
   */
  public encryptedTopic(scope: Construct, id: string, displayName: string): sns.Topic {
    return new sns.Topic(scope, id, { displayName, masterKey: this.key, enforceSSL: true });
  }

  /**
   * Lets a role publish to the operators' topic: `sns:Publish` on the topic,
   * and on the key exactly what SNS asks of a publisher to an encrypted topic
   * (`kms:GenerateDataKey`, `kms:Decrypt`), only for this topic's encryption
   * context. Explicit statements: `topic.grantPublish` would add
   * `kms:GenerateDataKey*` without the condition.
   */
  public grantPublish(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PublishToTheOperatorsTopic',
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
      })
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptForTheOperatorsTopic',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': this.topic.topicArn } },
      })
    );
  }

  /**
   * Lets an AWS service publish to the encrypted topic (key policy). Without
   * it the service's publish fails with a KMS access error. Only on behalf of
   * this account's resources matching `sourceArn` (confused-deputy protection).
   */
  public allowServiceToUseKey(servicePrincipal: string, sourceArn: string): void {
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `Allow${servicePrincipal.split('.')[0]}ToPublishToTheEncryptedTopic`,
        principals: [new iam.ServicePrincipal(servicePrincipal)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnLike: { 'aws:SourceArn': sourceArn },
        },
      })
    );
  }

  /**
   * Creates an alarm that notifies the topic as soon as one 5-minute datapoint
   * of the metric reaches the threshold, and again when it recovers; no data
   * counts as "all good".
   */
  public alarmWhen(id: string, options: AlertOptions): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `${this.alarmNamePrefix}-${options.name}`,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold ?? 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    return this.notify(alarm);
  }

  /**
   * Creates a dead-man's switch that means "a run should have happened and
   * did not": ALARM only when the heartbeat has been seen at least once and
   * then not for `hours` hours. Two helper alarms hold the two facts, and a
   * composite alarm, the only one that notifies, joins them:
   *
   * - `armed` ignores missing data: INSUFFICIENT_DATA until the first
   *   heartbeat, OK from then on (a silence keeps its state);
   * - `recent` treats missing data as missing: OK while a heartbeat is in its
   *   `hours`-hour window, INSUFFICIENT_DATA when none is;
   * - the switch is `OK(armed) AND INSUFFICIENT_DATA(recent)`.
   *
   * So a new stack (no heartbeat yet) is not in ALARM, nor is one whose runs
   * never started; neither helper ever goes to ALARM, as the heartbeat is never
   * below 1.
   */
  public alarmWhenSilent(id: string, options: SilenceOptions): SilenceAlarms {
    const name = `${this.alarmNamePrefix}-${options.name}`;
    const helper = (helperId: string, suffix: string, description: string, props: Partial<cloudwatch.AlarmProps>) =>
      new cloudwatch.Alarm(this, `${id}${helperId}`, {
        alarmName: `${name}-${suffix}`,
        alarmDescription: `Auxiliar do alarme ${name}: ${description} Não envia avisos e nunca fica em ALARME.`,
        metric: options.heartbeat,
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        ...props,
      });
    const armed = helper(
      'Armed',
      'armado',
      `fica OK a partir da primeira execução agendada concluída da verificação de ${options.label} (antes, dados insuficientes).`,
      { treatMissingData: cloudwatch.TreatMissingData.IGNORE }
    );
    const recent = helper(
      'Recent',
      'recente',
      `fica OK enquanto houver uma execução agendada concluída da verificação de ${options.label} nas últimas ${options.hours} horas, e com dados insuficientes quando não houver.`,
      {
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
        evaluationPeriods: options.hours,
        datapointsToAlarm: options.hours,
      }
    );
    const silent = new cloudwatch.CompositeAlarm(this, id, {
      compositeAlarmName: name,
      alarmDescription: options.description,
      alarmRule: cloudwatch.AlarmRule.allOf(
        cloudwatch.AlarmRule.fromAlarm(armed, cloudwatch.AlarmState.OK),
        cloudwatch.AlarmRule.fromAlarm(recent, cloudwatch.AlarmState.INSUFFICIENT_DATA)
      ),
    });
    this.notify(silent);
    return { switch: silent, armed, recent };
  }

  /** Sends the alarm and its recovery (OK) to the operators' topic. */
  private notify<A extends cloudwatch.Alarm | cloudwatch.CompositeAlarm>(alarm: A): A {
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }
}
