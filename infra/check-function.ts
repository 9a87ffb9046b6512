/**
 * `CheckFunction`: one scheduled check as a Lambda function, with every Lambda
 * default of the project in one place (runtime, architecture, bundling,
 * timeout, memory, logs, Powertools service name and metrics namespace, async
 * error handling) and bind helpers that set an environment variable together
 * with the IAM permission it needs.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, METRICS_NAMESPACE, SERVICE_NAME } from '../shared/env-names';
import { METRICS_NAMESPACE_ENV } from '../shared/metrics-namespace';

/** Repository root: the esbuild project root and home of the lock file. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOCK_FILE = fileURLToPath(new URL('../package-lock.json', import.meta.url));

/**
 * An ESM bundle that contains the AWS SDK needs `require` for Node built-ins
 * (the SDK's CommonJS parts call `require('node:https')`); without this banner
 * the function fails at load with "Dynamic require of node:https is not
 * supported". The alias avoids clashing with an import of the same name.
 */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __notifierCreateRequire } from 'node:module';" + ' const require = __notifierCreateRequire(import.meta.url);';

/**
 * Timeout. A run may wait ~40 s for a paused Aurora Serverless v2 writer to
 * resume (the functions retry DatabaseResumingException), then a Data API call
 * can take up to its own 45 s limit, then SES is called: about 90 s in the
 * worst case. Two minutes leaves headroom without letting a stuck run linger.
 */
const TIMEOUT = Duration.minutes(2);

/**
 * Memory. The work is I/O bound (two or three HTTPS calls), but Lambda gives
 * CPU in proportion to memory and the cold start parses a ~0.5 MB bundle and
 * sets up TLS; 256 MB keeps that well under a second. Two runs a day cost
 * fractions of a cent either way.
 */
const MEMORY_MB = 256;

/**
 * How long Lambda keeps retrying an asynchronous event (errors and throttles)
 * before it goes to the on-failure queue. Six hours is Lambda's maximum; a
 * late notification is better than none, and the next daily run is far away.
 */
const MAX_EVENT_AGE = Duration.hours(6);

/** Shared with the functions, so the dashboard reads what they publish. */
export { METRICS_NAMESPACE, SERVICE_NAME } from '../shared/env-names';

/**
 * What a check may do in the state table: exactly what the Powertools
 * DynamoDB persistence layer (idempotency records) and the notification state
 * use. No Query/Scan/Batch*, no DescribeTable.
 */
export const STATE_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] as const;

/** Where a check reads the SEI database. */
export interface DatabaseBinding {
  /** `mysql` or `postgres`. */
  readonly engine: 'mysql' | 'postgres';
  /** ARN of the Aurora cluster (Data API enabled). */
  readonly clusterArn: string;
  /** Full ARN of the Secrets Manager secret of the read-only user. */
  readonly secretArn: string;
  /**
   * ARN of the customer-managed KMS key that encrypts the secret.
   * @default - the secret uses the AWS-managed key `aws/secretsmanager`
   */
  readonly secretKmsKeyArn?: string;
  /** Database (schema) name. */
  readonly name: string;
}

/** How a check sends e-mail. */
export interface MailBinding {
  /** Sender address (MAIL_FROM). */
  readonly from: string;
  /**
   * ARN pattern of the SES identities the functions may send through: the
   * account's identities in the region (`identity/*`). SES authorises a send
   * against the identity it actually uses (the address identity when the
   * address itself is verified, else its domain) and, in the sandbox, against
   * each recipient's identity too; the sender stays pinned by `ses:FromAddress`.
   */
  readonly identitiesArn: string;
  /** Name of the SES configuration set used for every message. */
  readonly configurationSetName: string;
  /** ARN of that configuration set. */
  readonly configurationSetArn: string;
  /**
   * Recipients, separated by `;`.
   * @default - the function reads SEI_EMAIL_ADMINISTRADOR from the database
   */
  readonly to?: string;
}

/**
 * The table that holds the idempotency records and the notification state
 * (a `dynamodb.ITable` fits). Its encryption must not need a grant of its own:
 * AWS-owned or AWS-managed key, not a customer-managed one.
 */
export interface StateTableBinding {
  /** Table name (goes to STATE_TABLE). */
  readonly tableName: string;
  /** Table ARN (the only resource of the grant). */
  readonly tableArn: string;
}

/** Properties of a {@link CheckFunction}. */
export interface CheckFunctionProps {
  /** Absolute path of the handler module (it must export `handler`). */
  readonly entry: string;
  /** Description shown in the Lambda console. */
  readonly description: string;
  /**
   * Queue that receives the events whose asynchronous invocation finally failed or expired.
   * @default - none: Lambda drops such an event after its retries (the SES event relay, whose raw events name recipients)
   */
  readonly onFailureQueue?: sqs.IQueue;
  /**
   * Reserve a concurrency of 1.
   *
   * A check is a once-a-day batch: one instance at a time is enough, and it
   * keeps a scheduled run, its retries and a manual test from sending the same
   * e-mail in parallel. Turn it off in accounts whose concurrency quota is
   * still the new-account value (10), where no concurrency can be reserved.
   * @default true
   */
  readonly reserveConcurrency?: boolean;
  /**
   * Retention of the function's log group.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * CloudWatch namespace of the function's metrics (POWERTOOLS_METRICS_NAMESPACE):
   * one per stack, so two copies of the notifier never publish into the same series.
   * @default METRICS_NAMESPACE
   */
  readonly metricsNamespace?: string;
  /**
   * Extra environment variables (merged over the defaults).
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * A function of the notifier (a scheduled check, or the SES event relay of
 * ./mail-events.ts): a Node.js 24 arm64 function bundled as minified ESM with
 * the AWS SDK inside, its own log group and an execution role without managed
 * policies; failed asynchronous runs go to an SQS queue. Powertools reads its
 * service name and metrics namespace from the environment set here.
 */
export class CheckFunction extends Construct {
  /** The Lambda function. */
  public readonly function: NodejsFunction;
  /** Execution role (only the permissions granted through this construct). */
  public readonly role: iam.Role;
  /** The function's log group. */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CheckFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      // Keep the history of the runs after `cdk destroy` (audit trail).
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // A role of our own: no AWSLambdaBasicExecutionRole (a managed policy that
    // may write to any log group); only this log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: LOCK_FILE,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: TIMEOUT,
      memorySize: MEMORY_MB,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      reservedConcurrentExecutions: (props.reserveConcurrency ?? true) ? 1 : undefined,
      // Asynchronous invocation (EventBridge Scheduler): errors thrown by the
      // handler are retried here, not by the scheduler.
      retryAttempts: 2,
      maxEventAge: MAX_EVENT_AGE,
      onFailure: props.onFailureQueue ? new SqsDestination(props.onFailureQueue) : undefined,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        [METRICS_NAMESPACE_ENV]: props.metricsNamespace ?? METRICS_NAMESPACE,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        minify: true,
        keepNames: true,
        sourceMap: true,
        // Stack traces need the mappings, not the sources: keeps the zip small.
        sourcesContent: false,
        charset: Charset.UTF8,
        // Bundle the AWS SDK (do not rely on the runtime's copy, updated without notice).
        externalModules: [],
        banner: CREATE_REQUIRE_BANNER,
        forceDockerBundling: false,
      },
    });
  }

  /** Sets one environment variable on the function. */
  public addEnvironment(name: string, value: string): this {
    this.function.addEnvironment(name, value);
    return this;
  }

  /**
   * Points the check at the SEI database: sets DB_* and allows exactly
   * `rds-data:ExecuteStatement` on the cluster and `secretsmanager:GetSecretValue`
   * on the secret (plus `kms:Decrypt` through Secrets Manager when the secret
   * uses a customer-managed key).
   */
  public bindDatabase(db: DatabaseBinding): this {
    this.addEnvironment(ENV.dbEngine, db.engine);
    this.addEnvironment(ENV.dbClusterArn, db.clusterArn);
    this.addEnvironment(ENV.dbSecretArn, db.secretArn);
    this.addEnvironment(ENV.dbName, db.name);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadSeiThroughDataApi',
        actions: ['rds-data:ExecuteStatement'],
        resources: [db.clusterArn],
      })
    );
    // The Data API reads the secret with the caller's credentials.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadDatabaseSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [db.secretArn],
      })
    );
    if (db.secretKmsKeyArn !== undefined) {
      this.role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'DecryptDatabaseSecret',
          actions: ['kms:Decrypt'],
          resources: [db.secretKmsKeyArn],
          conditions: {
            StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` },
          },
        })
      );
    }
    return this;
  }

  /**
   * Lets the check send e-mail: sets MAIL_* and allows `ses:SendRawEmail`
   * (the only call the mailer makes) on the account's SES identities in the region and the
   * configuration set, and only with `from` as the From address.
   */
  public bindMail(mail: MailBinding): this {
    this.addEnvironment(ENV.mailFrom, mail.from);
    this.addEnvironment(ENV.mailConfigurationSet, mail.configurationSetName);
    if (mail.to !== undefined) this.addEnvironment(ENV.mailTo, mail.to);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SendNotificationMail',
        // The mailer sends raw MIME (SendRawEmail) only; SendEmail is never called.
        actions: ['ses:SendRawEmail'],
        resources: [mail.identitiesArn, mail.configurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': mail.from } },
      })
    );
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:${Stack.of(this).region}:${Stack.of(this).account}:identity/*]`,
      reason:
        'SES checks SendRawEmail against the identity it uses (address or domain) and, in the sandbox, against ' +
        "every recipient identity: the account's identities in this region are needed, while the " +
        'ses:FromAddress condition pins the only sender the functions may use.',
    });
    return this;
  }

  /**
   * Lets the check keep its idempotency records and notification state in
   * the table: sets STATE_TABLE and allows exactly {@link STATE_TABLE_ACTIONS}
   * on the table ARN.
   *
   * An explicit statement rather than `table.grant(...)`: the L2 grant would
   * silently extend to `<table>/index/*` the day an index is added, and
   * `grantReadWriteData` adds BatchGet/BatchWrite, Query, Scan and
   * DescribeTable, none of which the functions use.
   */
  public bindStateTable(table: StateTableBinding): this {
    this.addEnvironment(ENV.stateTable, table.tableName);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'KeepIdempotencyAndNoticeState',
        actions: [...STATE_TABLE_ACTIONS],
        resources: [table.tableArn],
      })
    );
    return this;
  }
}
