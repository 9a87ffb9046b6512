/**
 * `ProtocoloIntegradoNotifier`: the whole product as one reusable construct.
 *
 * Two scheduled checks of the SEI "Protocolo Integrado" module (processes that
 * failed in the last publishing cycle; packages no longer being sent) read the
 * SEI database through the RDS Data API and e-mail the integration
 * administrators through Amazon SES. Everything that can go wrong with the
 * notifier itself ends in an alarm on the operators' SNS topic.
 */
import { fileURLToPath } from 'node:url';
import { Annotations, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Schedule, ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { REGULATION_MAX_STALLED_DAYS } from '../shared/checks/stalled-packages';
import { ENV } from '../shared/env-names';
import { CheckFunction } from './check-function';
import { CheckSchedules } from './check-schedules';
import { type DeploymentConfig, DeploymentConfigError, parseDeploymentConfig } from './config';
import { NotifierDashboard } from './dashboard';
import { FailureQueue } from './failure-queue';
import { MailEvents } from './mail-events';
import { addNotifierAlarms } from './notifier-alarms';
import { OperatorAlerts } from './operator-alerts';
import { addSavedQueries } from './saved-queries';
import { warnOnSuspectSecretSuffix } from './secret-arn-warning';
import { StateTable } from './state-table';

/**
 * Properties of {@link ProtocoloIntegradoNotifier}. The names are the CDK
 * context keys of the bundled app (see docs/implantacao.md).
 */
export interface ProtocoloIntegradoNotifierProps {
  /** Engine of the SEI database: `mysql` (Aurora MySQL) or `postgres` (Aurora PostgreSQL). */
  readonly dbEngine: 'mysql' | 'postgres';
  /**
   * ARN of the Aurora cluster with the Data API enabled. Its region and
   * account are where the notifier must be deployed.
   * @example 'arn:aws:rds:sa-east-1:123456789012:cluster:sei-producao'
   */
  readonly dbClusterArn: string;
  /**
   * Full ARN (with the 6-character suffix) of the Secrets Manager secret of a
   * read-only database user; same region and account as the cluster.
   */
  readonly dbSecretArn: string;
  /**
   * ARN of the customer-managed KMS key that encrypts the secret, if any.
   * @default - the secret uses the AWS-managed key `aws/secretsmanager` (no grant needed)
   */
  readonly dbSecretKmsKeyArn?: string;
  /** Name of the SEI database. */
  readonly dbName: string;
  /** Sender address of the notifications (MAIL_FROM). */
  readonly mailFrom: string;
  /**
   * Verified SES identity that authorises `mailFrom`: the address itself,
   * its domain or a parent domain. Only this identity may be used to send.
   * @default - the domain of `mailFrom`
   */
  readonly mailIdentity?: string;
  /**
   * Recipients of the notifications, separated by `;` or `,` (at most 50).
   * @default - the functions use SEI_EMAIL_ADMINISTRADOR from the SEI database
   */
  readonly mailTo?: string;
  /**
   * Recipients of infrastructure failures (FI) and stalls: the
   * infrastructure team. Each team gets only its part.
   * @default - `mailTo`, else SEI_EMAIL_ADMINISTRADOR
   */
  readonly mailToInfrastructure?: string;
  /**
   * Recipients of business errors (EN): the team that fixes process data.
   * @default - `mailTo`, else SEI_EMAIL_ADMINISTRADOR
   */
  readonly mailToRecords?: string;
  /**
   * Operators who receive the notifier's own alarms and the SES delivery
   * problems, separated by `;` or `,`.
   * @default - no subscription (the topic exists; subscribe in the SNS console)
   */
  readonly opsEmail?: string;
  /**
   * IANA time zone of SEI's wall-clock `dth_*` columns and of the schedules.
   * @default 'America/Sao_Paulo'
   */
  /**
   * Which SEI the notices are about, e.g. "SEI-MGI Produção": shown in the
   * subject (after `[Plugin SEI-PI]`), header and footer of every mail.
   * @default - not shown
   */
  readonly seiName?: string;
  /**
   * Address of that SEI, shown in the header and footer.
   * @default - not shown
   */
  readonly seiUrl?: string;
  readonly seiTimeZone?: string;
  /**
   * Days without a package being sent before the stalled-packages check alerts.
   * @default - the functions' own rule (the SEI task parameter)
   */
  readonly stalledAfterDays?: number;
  /**
   * Days without any package tried, while the publishing job completes,
   * before the stalled-packages check alerts ("nenhum pacote novo").
   * @default 14
   */
  readonly noNewPackagesAfterDays?: number;
  /**
   * Send attempts after which the SEI module gives up on a package (its
   * `TentativasReenvio` parameter).
   * @default 15
   */
  readonly maxSendAttempts?: number;
  /**
   * Recipients of one notice at most; more are cut, with a warning.
   * @default 250 (the functions' default)
   */
  readonly maxRecipients?: number;
  /**
   * Maximum number of processes listed in one e-mail.
   * @default 50
   */
  readonly maxListed?: number;
  /**
   * EventBridge Scheduler cron expression of the failed-processes check, in `seiTimeZone`.
   * @default 'cron(0 17 * * ? *)' (every day at 17:00)
   */
  readonly failedProcessesCron?: string;
  /**
   * EventBridge Scheduler cron expression of the stalled-packages check, in `seiTimeZone`.
   * @default 'cron(0 12 * * ? *)' (every day at 12:00)
   */
  readonly stalledPackagesCron?: string;
  /**
   * Deploy the schedules enabled. They can be toggled in the console later.
   * @default true
   */
  readonly schedulesEnabled?: boolean;
  /**
   * Reserve a concurrency of 1 for each function (one run at a time).
   * Set to false in accounts whose Lambda concurrency quota is still 10.
   * @default true
   */
  readonly reserveConcurrency?: boolean;
  /**
   * Retention of the functions' log groups.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * CloudWatch namespace of the functions' metrics, read by the dashboard and
   * the dead-man's switches. Two notifiers in one account need two namespaces.
   * @default - the stack's name (two stacks never mix their figures)
   */
  readonly metricsNamespace?: string;
}

/** Handler entries of the two checks (each exports `handler`). */
const ENTRIES = {
  failedProcesses: fileURLToPath(new URL('../functions/failed-processes/handler.ts', import.meta.url)),
  stalledPackages: fileURLToPath(new URL('../functions/stalled-packages/handler.ts', import.meta.url)),
} as const;

/**
 * The SEI Protocolo Integrado notifier: two scheduled Lambda checks, their
 * schedules, a DynamoDB table for idempotency and notification state, the SES
 * configuration set, alarms for the notifier's own failures and a dashboard.
 * Add it to any stack deployed in the cluster's region and account.
 *
 * @example
 * new ProtocoloIntegradoNotifier(stack, 'Notifier', {
 *   dbEngine: 'mysql',
 *   dbClusterArn: 'arn:aws:rds:sa-east-1:123456789012:cluster:sei',
 *   dbSecretArn: 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:sei-leitura-AbC123',
 *   dbName: 'sei',
 *   mailFrom: 'sei-notificacoes@orgao.gov.br',
 *   opsEmail: 'infra@orgao.gov.br',
 * });
 */
export class ProtocoloIntegradoNotifier extends Construct {
  /** The validated configuration, defaults applied. */
  public readonly config: DeploymentConfig;
  /** Check of the processes that failed in the last publishing cycle. */
  public readonly failedProcesses: CheckFunction;
  /** Check of the packages that are no longer being sent. */
  public readonly stalledPackages: CheckFunction;
  /** Schedule group holding both schedules. */
  public readonly scheduleGroup: ScheduleGroup;
  /** Daily schedule of the failed-processes check. */
  public readonly failedProcessesSchedule: Schedule;
  /** Daily schedule of the stalled-packages check. */
  public readonly stalledPackagesSchedule: Schedule;
  /** Role EventBridge Scheduler assumes to invoke the functions. */
  public readonly schedulerRole: iam.Role;
  /** Dead-letter queue of the schedules (Invoke calls that could not be delivered). */
  public readonly scheduleDeadLetterQueue: FailureQueue;
  /** On-failure destination of both functions (runs that failed after Lambda's retries). */
  public readonly failedRunQueue: FailureQueue;
  /** Operators' topic, its key, and the alarms. */
  public readonly alerts: OperatorAlerts;
  /** SES configuration set used for every notification, and the relay of its delivery problems to the operators. */
  public readonly mailEvents: MailEvents;
  /**
   * DynamoDB table of both checks: Powertools idempotency records (keyed on
   * the schedule's `scheduledTime`) and the notification state
   * (`notice#failed-processes`, `notice#stalled-packages`).
   */
  public readonly stateTable: StateTable;
  /** CloudWatch dashboard: the checks' metrics, the functions, the alarms and the failure queues. */
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ProtocoloIntegradoNotifierProps) {
    super(scope, id);
    const config = parseDeploymentConfig({ ...props }, 'props');
    this.config = config;
    const stack = Stack.of(this);
    checkStackLocation(stack, config);
    const metricsNamespace = props.metricsNamespace ?? stack.stackName;

    this.alerts = new OperatorAlerts(this, 'Alerts', {
      emails: config.opsEmails,
      alarmNamePrefix: `${stack.stackName}-${id}`,
    });

    this.scheduleDeadLetterQueue = new FailureQueue(this, 'ScheduleDeadLetterQueue', {
      collects: 'the EventBridge Scheduler schedules (Invoke calls that could not be delivered)',
    });
    this.failedRunQueue = new FailureQueue(this, 'FailedRunQueue', {
      collects:
        'the check functions (Lambda on-failure destination for asynchronous runs) and the notices the SES event relay could not publish (masked)',
    });
    this.mailEvents = new MailEvents(this, 'Mail', {
      alerts: this.alerts,
      failedNoticeQueue: this.failedRunQueue,
      timeZone: config.seiTimeZone,
      reserveConcurrency: config.reserveConcurrency,
      logRetention: props.logRetention,
      metricsNamespace,
    });

    this.stateTable = new StateTable(this, 'StateTable');

    const common = {
      metricsNamespace,
      onFailureQueue: this.failedRunQueue,
      reserveConcurrency: config.reserveConcurrency,
      logRetention: props.logRetention,
    };
    this.failedProcesses = new CheckFunction(this, 'FailedProcesses', {
      ...common,
      entry: ENTRIES.failedProcesses,
      description: 'SEI Protocolo Integrado: processos com falha no último ciclo de publicação',
    });
    this.stalledPackages = new CheckFunction(this, 'StalledPackages', {
      ...common,
      entry: ENTRIES.stalledPackages,
      description: 'SEI Protocolo Integrado: pacotes sem envio há dias',
    });

    const identitiesArn = stack.formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: '*',
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    for (const check of [this.failedProcesses, this.stalledPackages]) {
      check
        .bindDatabase({
          engine: config.dbEngine,
          clusterArn: config.dbClusterArn,
          secretArn: config.dbSecretArn,
          secretKmsKeyArn: config.dbSecretKmsKeyArn,
          name: config.dbName,
        })
        .bindMail({
          from: config.mailFrom,
          to: config.mailTo,
          identitiesArn,
          configurationSetName: this.mailEvents.configurationSet.configurationSetName,
          configurationSetArn: this.mailEvents.configurationSetArn,
        })
        .bindStateTable(this.stateTable)
        .addEnvironment(ENV.seiTimeZone, config.seiTimeZone)
        .addEnvironment(ENV.maxSendAttempts, String(config.maxSendAttempts))
        .addEnvironment(ENV.maxListed, String(config.maxListed));
      if (config.stalledAfterDays !== undefined) {
        check.addEnvironment(ENV.stalledAfterDays, String(config.stalledAfterDays));
      }
      if (config.mailToInfrastructure !== undefined) check.addEnvironment(ENV.mailToInfrastructure, config.mailToInfrastructure);
      if (config.mailToRecords !== undefined) check.addEnvironment(ENV.mailToRecords, config.mailToRecords);
      if (config.seiName !== undefined) check.addEnvironment(ENV.seiName, config.seiName);
      if (config.seiUrl !== undefined) check.addEnvironment(ENV.seiUrl, config.seiUrl);
      if (config.maxRecipients !== undefined) {
        check.addEnvironment(ENV.maxRecipients, String(config.maxRecipients));
      }
      if (config.noNewPackagesAfterDays !== undefined) {
        check.addEnvironment(ENV.noNewPackagesAfterDays, String(config.noNewPackagesAfterDays));
      }
    }
    warnOnSuspectSecretSuffix(this, config.dbSecretArn);
    if (config.stalledAfterDays !== undefined && config.stalledAfterDays > REGULATION_MAX_STALLED_DAYS) {
      Annotations.of(this).addWarningV2(
        'sei-pi:stalledAfterDaysAboveRegulation',
        `stalledAfterDays = ${config.stalledAfterDays}: acima do máximo de ${REGULATION_MAX_STALLED_DAYS} dias do § 1º do art. 3º da Portaria Interministerial nº 2.320/2014. Cada e-mail de envio parado avisará isso.`
      );
    }

    // Schedules -------------------------------------------------------------
    const scheduling = new CheckSchedules(this, 'Scheduling', {
      timeZone: config.seiTimeZone,
      enabled: config.schedulesEnabled,
      deadLetterQueue: this.scheduleDeadLetterQueue,
      checks: [
        {
          id: 'FailedProcessesSchedule',
          check: this.failedProcesses,
          cron: config.failedProcessesCron,
          description: 'SEI Protocolo Integrado: verifica processos com falha no último ciclo',
        },
        {
          id: 'StalledPackagesSchedule',
          check: this.stalledPackages,
          cron: config.stalledPackagesCron,
          description: 'SEI Protocolo Integrado: verifica se pacotes deixaram de ser enviados',
        },
      ],
    });
    this.scheduleGroup = scheduling.group;
    this.schedulerRole = scheduling.role;
    this.failedProcessesSchedule = scheduling.schedules.FailedProcessesSchedule as Schedule;
    this.stalledPackagesSchedule = scheduling.schedules.StalledPackagesSchedule as Schedule;

    // Alarms and dashboard --------------------------------------------------
    addNotifierAlarms(this.alerts, {
      checks: [
        {
          check: this.failedProcesses,
          checkName: 'failed-processes',
          name: 'processos-com-falha',
          label: 'processos com falha',
          cron: config.failedProcessesCron,
        },
        {
          check: this.stalledPackages,
          checkName: 'stalled-packages',
          name: 'pacotes-sem-envio',
          label: 'pacotes sem envio',
          cron: config.stalledPackagesCron,
        },
      ],
      metricsNamespace,
      schedulesEnabled: config.schedulesEnabled,
      scheduleDeadLetterQueue: this.scheduleDeadLetterQueue,
      failedRunQueue: this.failedRunQueue,
    });
    addSavedQueries(this, `${stack.stackName}-${id}`, [this.failedProcesses, this.stalledPackages]);
    this.dashboard = new NotifierDashboard(this, 'Dashboard', {
      // Same prefix as the alarm names, so both are easy to find in the console.
      dashboardName: dashboardNameOf(stack, id),
      metricsNamespace,
      failedProcesses: this.failedProcesses,
      stalledPackages: this.stalledPackages,
      alarms: this.alerts.alarms,
      scheduleDeadLetterQueue: this.scheduleDeadLetterQueue,
      failedRunQueue: this.failedRunQueue,
      stalledAfterDays: config.stalledAfterDays,
    });
  }
}

/**
 * `<stack>-<id>` with what CloudWatch does not allow in a dashboard name
 * (anything but letters, digits, `-` and `_`) replaced by `-`; a generated
 * name when the stack name is not known at synth time.
 */
function dashboardNameOf(stack: Stack, id: string): string | undefined {
  if (Token.isUnresolved(stack.stackName)) return undefined;
  return `${stack.stackName}-${id}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 255);
}

/**
 * The notifier must live where the cluster is: the Data API only reaches a
 * cluster of the caller's account, and SES and the Data API are called in the
 * function's region.
 */
function checkStackLocation(stack: Stack, config: DeploymentConfig): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(stack.region) && stack.region !== config.cluster.region) {
    problems.push(`está na região "${config.cluster.region}", mas a stack é implantada em "${stack.region}"`);
  }
  if (!Token.isUnresolved(stack.account) && stack.account !== config.cluster.account) {
    problems.push(`está na conta ${config.cluster.account}, mas a stack é implantada na conta ${stack.account}`);
  }
  if (problems.length > 0) {
    throw new DeploymentConfigError(
      [{ key: 'dbClusterArn', message: problems.join('; ') + ' (implante na região e conta do cluster)' }],
      'props'
    );
  }
}
