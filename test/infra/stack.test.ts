/**
 * Template assertions on the stack synthesized from a full sample context,
 * with the real esbuild bundling (done once for the whole file).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckFunction } from '../../infra/check-function';
import { createApp } from '../../infra/create-app';
import type { ProtocoloIntegradoNotifierStack } from '../../infra/stack';
import { ENV } from '../../shared/env-names';
import {
  ACCOUNT,
  CLUSTER_ARN,
  FULL_CONTEXT,
  getAtt,
  logicalIdOf,
  partitionArn,
  policyStatementsOf,
  REGION,
  renderCfnString,
  resourceOf,
  SECRET_ARN,
  validationReportOf,
} from './fixtures';

let app: App;
let stack: ProtocoloIntegradoNotifierStack;
let assembly: CloudAssembly;
let template: Template;

beforeAll(() => {
  ({ app, stack } = createApp({ context: { ...FULL_CONTEXT } }));
  assembly = app.synth();
  template = Template.fromStack(stack);
}, 120_000);

/** The two checks, by property of the notifier (resolved after the synth). */
const CHECKS = ['failedProcesses', 'stalledPackages'] as const;

const id = (construct: Parameters<typeof logicalIdOf>[1]): string => logicalIdOf(stack, construct);
const topicRef = () => ({ Ref: id(stack.notifier.alerts.topic) });
const eventsTopicRef = () => ({ Ref: id(stack.notifier.mailEvents.eventsTopic) });

describe('stack from the sample context', () => {
  it("deploys to the cluster's account and region", () => {
    expect(stack.account).toBe(ACCOUNT);
    expect(stack.region).toBe(REGION);
  });

  describe.each(CHECKS)('function %s', (key) => {
    let check: CheckFunction;
    beforeAll(() => {
      check = stack.notifier[key];
    });

    it('runs Node.js 24 on arm64 with 2 min, 256 MB, concurrency 1 and JSON logs in its own log group', () => {
      expect(resourceOf(template, id(check.function)).Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Timeout: 120,
        MemorySize: 256,
        ReservedConcurrentExecutions: 1,
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: id(check.logGroup) } },
        Role: getAtt(id(check.role)),
      });
    });

    it('keeps its logs for a year, also after the stack is removed', () => {
      const logGroup = template.toJSON().Resources[id(check.logGroup)];
      expect(logGroup).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 365 },
        DeletionPolicy: 'Retain',
      });
    });

    it('gets every environment variable of shared/env-names.ts from the context', () => {
      const env = (
        resourceOf(template, id(check.function)).Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(Object.keys(env).sort()).toEqual(
        [...Object.values(ENV), 'NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE'].sort()
      );
      expect(env).toEqual({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'sei-pi-notifier',
        POWERTOOLS_METRICS_NAMESPACE: 'SeiPiNotifier',
        [ENV.stateTable]: { Ref: id(stack.notifier.stateTable) },
        [ENV.dbEngine]: 'mysql',
        [ENV.dbClusterArn]: CLUSTER_ARN,
        [ENV.dbSecretArn]: SECRET_ARN,
        [ENV.dbName]: 'sei',
        [ENV.mailFrom]: 'sei-notificacoes@orgao.gov.br',
        [ENV.mailTo]: 'admin1@orgao.gov.br;admin2@orgao.gov.br',
        [ENV.mailToInfrastructure]: 'infra@orgao.gov.br',
        [ENV.mailToRecords]: 'protocolo@orgao.gov.br;arquivo@orgao.gov.br',
        [ENV.mailConfigurationSet]: { Ref: id(stack.notifier.mailEvents.configurationSet) },
        [ENV.seiTimeZone]: 'America/Sao_Paulo',
        [ENV.seiName]: 'SEI-MGI Produção',
        [ENV.seiUrl]: 'https://sei.orgao.gov.br',
        [ENV.stalledAfterDays]: '2',
        [ENV.noNewPackagesAfterDays]: '21',
        [ENV.maxSendAttempts]: '15',
        [ENV.maxListed]: '50',
        [ENV.maxRecipients]: '300',
      });
    });

    it('is retried twice by Lambda for up to 6 h, then lands in the on-failure queue', () => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: id(check.function) },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
        DestinationConfig: { OnFailure: { Destination: getAtt(id(stack.notifier.failedRunQueue)) } },
      });
    });

    it('has a role without managed policies and exactly the statements it needs', () => {
      const role = resourceOf(template, id(check.role)).Properties;
      expect(role.ManagedPolicyArns).toBeUndefined();
      expect(role.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
      });
      const configurationSet = { Ref: id(stack.notifier.mailEvents.configurationSet) };
      expect(policyStatementsOf(stack, template, check.role)).toEqual([
        {
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: getAtt(id(check.logGroup)),
        },
        {
          Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          Effect: 'Allow',
          Resource: getAtt(id(stack.notifier.failedRunQueue)),
        },
        { Sid: 'ReadSeiThroughDataApi', Action: 'rds-data:ExecuteStatement', Effect: 'Allow', Resource: CLUSTER_ARN },
        { Sid: 'ReadDatabaseSecret', Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: SECRET_ARN },
        {
          Sid: 'SendNotificationMail',
          // The mailer only sends raw MIME: SendEmail is not granted.
          Action: 'ses:SendRawEmail',
          Effect: 'Allow',
          Resource: [
            // SES checks the identity it uses (address or domain) and, in the sandbox, each recipient's.
            partitionArn(`:ses:${REGION}:${ACCOUNT}:identity/*`),
            partitionArn(`:ses:${REGION}:${ACCOUNT}:configuration-set/`, configurationSet),
          ],
          Condition: { StringEquals: { 'ses:FromAddress': 'sei-notificacoes@orgao.gov.br' } },
        },
        {
          Sid: 'KeepIdempotencyAndNoticeState',
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
          Effect: 'Allow',
          Resource: getAtt(id(stack.notifier.stateTable)),
        },
      ]);
    });
  });

  describe('schedules', () => {
    const schedules = () => [
      { schedule: stack.notifier.failedProcessesSchedule, check: stack.notifier.failedProcesses, cron: 'cron(0 17 * * ? *)' },
      { schedule: stack.notifier.stalledPackagesSchedule, check: stack.notifier.stalledPackages, cron: 'cron(0 12 * * ? *)' },
    ];

    it('fire daily at 17:00 and 12:00 in America/Sao_Paulo, enabled, in their own group', () => {
      const group = resourceOf(template, id(stack.notifier.scheduleGroup));
      expect(group.Type).toBe('AWS::Scheduler::ScheduleGroup');
      for (const { schedule, cron } of schedules()) {
        expect(resourceOf(template, id(schedule)).Properties).toMatchObject({
          ScheduleExpression: cron,
          ScheduleExpressionTimezone: 'America/Sao_Paulo',
          State: 'ENABLED',
          GroupName: group.Properties.Name,
          FlexibleTimeWindow: { Mode: 'OFF' },
        });
      }
      template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    });

    it('invoke their function with {"scheduledTime": <aws.scheduler.scheduled-time>}, a retry policy and the DLQ', () => {
      for (const { schedule, check } of schedules()) {
        const target = (resourceOf(template, id(schedule)).Properties as { Target: Record<string, unknown> }).Target;
        expect(target).toEqual({
          Arn: getAtt(id(check.function)),
          RoleArn: getAtt(id(stack.notifier.schedulerRole)),
          Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
          RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 6 * 3600 },
          DeadLetterConfig: { Arn: getAtt(id(stack.notifier.scheduleDeadLetterQueue)) },
        });
        expect(JSON.parse(target.Input as string)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
      }
    });

    it('use a role only the scheduler of this account and group can assume, allowed only to invoke and dead-letter', () => {
      const role = resourceOf(template, id(stack.notifier.schedulerRole)).Properties;
      expect(role.ManagedPolicyArns).toBeUndefined();
      expect(role.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': ACCOUNT,
                'aws:SourceArn': getAtt(id(stack.notifier.scheduleGroup)),
              },
            },
          },
        ],
      });
      // The unqualified function ARN only: the schedules never call a version or an alias.
      const invoke = (fn: string) => ({ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: getAtt(fn) });
      expect(policyStatementsOf(stack, template, stack.notifier.schedulerRole)).toEqual([
        invoke(id(stack.notifier.failedProcesses.function)),
        { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: getAtt(id(stack.notifier.scheduleDeadLetterQueue)) },
        invoke(id(stack.notifier.stalledPackages.function)),
      ]);
    });
  });

  describe('state table', () => {
    it('is on-demand, keyed on the string id, with TTL on expiration, PITR and AWS-managed encryption', () => {
      template.resourceCountIs('AWS::DynamoDB::Table', 1);
      expect(resourceOf(template, id(stack.notifier.stateTable)).Properties).toEqual({
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        // SSEEnabled without a key id: the AWS-managed key aws/dynamodb.
        SSESpecification: { SSEEnabled: true },
      });
    });

    it('is removed with the stack (it only holds idempotency records and notice state)', () => {
      expect(template.toJSON().Resources[id(stack.notifier.stateTable)]).toMatchObject({
        DeletionPolicy: 'Delete',
        UpdateReplacePolicy: 'Delete',
      });
    });

    it('is reachable only by the two functions, with the four item actions on the table ARN', () => {
      const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
        (p) => (p as { Properties: { PolicyDocument: { Statement: Array<{ Action: unknown }> } } }).Properties.PolicyDocument.Statement
      );
      const dynamo = statements.filter((st) => JSON.stringify(st.Action).includes('dynamodb:'));
      expect(dynamo).toHaveLength(2);
      for (const statement of dynamo) {
        expect(statement).toEqual({
          Sid: 'KeepIdempotencyAndNoticeState',
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
          Effect: 'Allow',
          Resource: getAtt(id(stack.notifier.stateTable)),
        });
      }
    });
  });

  describe('dashboard', () => {
    const FUNCTION_METRICS = ['Invocations', 'Errors', 'Throttles', 'Duration'];
    const CUSTOM = [
      'InfrastructureFailures',
      'BusinessErrors',
      'ExhaustedAttempts',
      'DaysSinceLastSuccess',
      'DaysSinceLastRunEnd',
      'MailsSent',
    ];
    type Widget = { type: string; properties: { title?: string; metrics?: unknown[][]; alarms?: string[]; annotations?: unknown } };
    let body: string;
    let widgets: Widget[];
    beforeAll(() => {
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      const dashboard = resourceOf(template, id(stack.notifier.dashboard));
      expect(dashboard.Type).toBe('AWS::CloudWatch::Dashboard');
      body = renderCfnString(dashboard.Properties.DashboardBody);
      widgets = (JSON.parse(body) as { widgets: Widget[] }).widgets;
    });
    /** Every metric line of every graph: [namespace, name, dimension, value, options]. */
    const metricLines = () => widgets.flatMap((w) => w.properties.metrics ?? []);

    it('is named after the stack and the construct, opens on the last 28 days and keeps one point per day', () => {
      expect(resourceOf(template, id(stack.notifier.dashboard)).Properties.DashboardName).toBe('SeiPiNotifier-Notifier');
      expect(JSON.parse(body)).toMatchObject({ start: '-P28D', periodOverride: 'inherit' });
      for (const line of metricLines()) expect(line.at(-1)).toMatchObject({ period: 86400 });
    });

    it('contains each custom metric name and both function names', () => {
      for (const name of CUSTOM) expect(body).toContain(`"${name}"`);
      for (const check of CHECKS) expect(body).toContain(`"FunctionName","<Ref:${id(stack.notifier[check].function)}>"`);
    });

    it('reads the custom metrics from SeiPiNotifier with the single dimension service=sei-pi-notifier', () => {
      const custom = metricLines().filter((line) => line[0] === 'SeiPiNotifier');
      expect(custom.map((line) => line[1]).sort()).toEqual([...CUSTOM].sort());
      for (const line of custom) {
        expect(line.slice(2, 4)).toEqual(['service', 'sei-pi-notifier']);
        expect(line).toHaveLength(5);
        expect(line[4]).toMatchObject({ stat: line[1] === 'MailsSent' ? 'Sum' : 'Maximum', label: expect.any(String) });
      }
    });

    it.each(CHECKS)('shows invocations, errors, throttles and duration of %s', (check) => {
      const fn = `<Ref:${id(stack.notifier[check].function)}>`;
      const lines = metricLines().filter((line) => line[0] === 'AWS/Lambda' && line[3] === fn);
      expect(new Set(lines.map((line) => line[1]))).toEqual(new Set(FUNCTION_METRICS));
      for (const line of lines) expect(line[2]).toBe('FunctionName');
    });

    it('shows the state of every alarm', () => {
      const alarmWidgets = widgets.filter((w) => w.type === 'alarm');
      expect(alarmWidgets).toHaveLength(1);
      const expected = stack.notifier.alerts.alarms.map((alarm) => `<GetAtt:${id(alarm)}.Arn>`);
      // 6 event alarms and one dead-man's switch per check.
      expect(expected).toHaveLength(8);
      expect(alarmWidgets[0]?.properties.alarms).toEqual(expected);
    });

    it("shows both failure queues' visible messages", () => {
      const queues = metricLines().filter((line) => line[0] === 'AWS/SQS');
      expect(queues.map((line) => line.slice(1, 4))).toEqual([
        ['ApproximateNumberOfMessagesVisible', 'QueueName', `<GetAtt:${id(stack.notifier.failedRunQueue)}.QueueName>`],
        ['ApproximateNumberOfMessagesVisible', 'QueueName', `<GetAtt:${id(stack.notifier.scheduleDeadLetterQueue)}.QueueName>`],
      ]);
    });

    it('draws the stalledAfterDays threshold and the function timeout as lines', () => {
      const stalled = widgets.find((w) => w.properties.metrics?.some((line) => line[1] === 'DaysSinceLastSuccess'));
      expect(stalled?.properties.annotations).toEqual({
        horizontal: [expect.objectContaining({ value: 2, yAxis: 'left' })],
      });
      const durations = widgets.filter((w) => w.properties.metrics?.some((line) => line[1] === 'Duration'));
      expect(durations).toHaveLength(2);
      for (const widget of durations) {
        expect(widget.properties.annotations).toEqual({ horizontal: [expect.objectContaining({ value: 120_000 })] });
      }
    });

    it('has pt-BR titles', () => {
      const titles = widgets.flatMap((w) => (w.properties.title ? [w.properties.title] : []));
      expect(titles).toEqual([
        'Alarmes do notificador',
        'Processos com falha: o que a verificação encontrou',
        'Processos com falha: execuções',
        'Processos com falha: duração',
        'Pacotes sem envio: dias parados',
        'Pacotes sem envio: execuções',
        'Pacotes sem envio: duração',
        'E-mails enviados por dia',
        'Filas de falhas: mensagens à espera',
      ]);
    });
  });

  it('outputs the names operators look for, the state table and the dashboard included', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.StateTableName?.Value).toEqual({ Ref: id(stack.notifier.stateTable) });
    expect(outputs.DashboardName?.Value).toEqual({ Ref: id(stack.notifier.dashboard) });
  });

  it('failure queues are encrypted, TLS-only and keep messages 14 days', () => {
    for (const queue of [stack.notifier.scheduleDeadLetterQueue, stack.notifier.failedRunQueue]) {
      expect(resourceOf(template, id(queue)).Properties).toEqual({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id(queue) }],
        PolicyDocument: {
          Statement: [
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ],
        },
      });
    }
    template.resourceCountIs('AWS::SQS::Queue', 2);
  });

  describe("operators' topic", () => {
    it('is encrypted with a rotating customer-managed key and refuses plain HTTP', () => {
      const key = id(stack.notifier.alerts.key);
      expect(resourceOf(template, id(stack.notifier.alerts.topic)).Properties).toMatchObject({
        KmsMasterKeyId: getAtt(key),
      });
      expect(resourceOf(template, key).Properties).toMatchObject({ EnableKeyRotation: true });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [topicRef()],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sns:Publish',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it('lets CloudWatch alarms publish to it, SES (this account, this configuration set) the events topic, and both use the key', () => {
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [topicRef()],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Action: 'sns:Publish',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': ACCOUNT } }),
            }),
          ]),
        },
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [eventsTopicRef()],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Action: 'sns:Publish',
              Principal: { Service: 'ses.amazonaws.com' },
              Condition: {
                StringEquals: {
                  'AWS:SourceAccount': ACCOUNT,
                  'AWS:SourceArn': partitionArn(`:ses:${REGION}:${ACCOUNT}:configuration-set/`, {
                    Ref: id(stack.notifier.mailEvents.configurationSet),
                  }),
                },
              },
            }),
          ]),
        },
      });
      const keyPolicy = (
        resourceOf(template, id(stack.notifier.alerts.key)).Properties as {
          KeyPolicy: { Statement: Array<{ Principal?: { Service?: string }; Action?: unknown }> };
        }
      ).KeyPolicy.Statement;
      // Confused-deputy protection: only on behalf of this account's alarms and configuration set.
      const sources: Array<[string, unknown]> = [
        ['cloudwatch.amazonaws.com', partitionArn(`:cloudwatch:${REGION}:${ACCOUNT}:alarm:*`)],
        [
          'ses.amazonaws.com',
          partitionArn(`:ses:${REGION}:${ACCOUNT}:configuration-set/`, { Ref: id(stack.notifier.mailEvents.configurationSet) }),
        ],
      ];
      for (const [service, sourceArn] of sources) {
        expect(keyPolicy).toContainEqual(
          expect.objectContaining({
            Effect: 'Allow',
            Principal: { Service: service },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': sourceArn } },
          })
        );
      }
    });

    it('has the e-mail subscription of opsEmail (and, on the events topic, only the relay)', () => {
      template.resourceCountIs('AWS::SNS::Subscription', 2);
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'infra@orgao.gov.br',
        TopicArn: topicRef(),
      });
      template.resourceCountIs('AWS::SNS::Topic', 2);
    });
  });

  it('alarms on errors and throttles of each function and on messages in both queues, all to the topic', () => {
    const functionAlarm = (check: CheckFunction, metric: string) => ({
      Namespace: 'AWS/Lambda',
      MetricName: metric,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: id(check.function) } }],
      Statistic: 'Sum',
    });
    const queueAlarm = (queue: Parameters<typeof id>[0]) => ({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(id(queue), 'QueueName') }],
      Statistic: 'Maximum',
    });
    const expected = [
      functionAlarm(stack.notifier.failedProcesses, 'Errors'),
      functionAlarm(stack.notifier.failedProcesses, 'Throttles'),
      functionAlarm(stack.notifier.stalledPackages, 'Errors'),
      functionAlarm(stack.notifier.stalledPackages, 'Throttles'),
      queueAlarm(stack.notifier.scheduleDeadLetterQueue),
      queueAlarm(stack.notifier.failedRunQueue),
    ];
    // Plus, per check, the two helper alarms of its dead-man's switch (the switch itself is a composite alarm, below).
    template.resourceCountIs('AWS::CloudWatch::Alarm', expected.length + 4);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 2);
    for (const metric of expected) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...metric,
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: [topicRef()],
        // Recovery notices on the same topic.
        OKActions: [topicRef()],
        AlarmDescription: Match.stringLikeRegexp('.+'),
      });
    }
  });

  it("saves Logs Insights queries over both functions' logs: runs and decisions, failures, mails sent", () => {
    template.resourceCountIs('AWS::Logs::QueryDefinition', 3);
    const logGroups = [stack.notifier.failedProcesses, stack.notifier.stalledPackages].map((check) => ({ Ref: id(check.logGroup) }));
    const queries: ReadonlyArray<readonly [string, string]> = [
      ['execucoes-e-decisoes', 'filter message = "Check finished"'],
      ['falhas', 'filter message = "Check failed"'],
      ['emails-enviados', 'summary.decision in ["sent", "resolved-sent", "test-sent"]'],
    ];
    for (const [name, filter] of queries) {
      template.hasResourceProperties('AWS::Logs::QueryDefinition', {
        Name: `SeiPiNotifier-Notifier/${name}`,
        QueryString: Match.stringLikeRegexp(filter.replace(/[[\]()"]/g, '.')),
        LogGroupNames: logGroups,
      });
    }
  });

  it("alarms (a composite alarm) when a check that ran from its schedule has not completed a scheduled run within its schedule's interval", () => {
    for (const [checkName, name] of [
      ['failed-processes', 'processos-com-falha'],
      ['stalled-packages', 'pacotes-sem-envio'],
    ] as const) {
      const heartbeat = {
        Namespace: 'SeiPiNotifier',
        MetricName: 'ScheduledRunCompleted',
        Dimensions: [
          { Name: 'check', Value: checkName },
          { Name: 'service', Value: 'sei-pi-notifier' },
        ],
        Period: 3600,
        Statistic: 'Sum',
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
      };
      const helper = (suffix: string, props: Record<string, unknown>) => {
        const found = template.findResources('AWS::CloudWatch::Alarm', {
          Properties: { AlarmName: `SeiPiNotifier-Notifier-${name}-sem-execucao-${suffix}`, ...heartbeat, ...props },
        });
        expect(Object.keys(found)).toHaveLength(1);
        const [logicalId, resource] = Object.entries(found)[0] as [string, { Properties: Record<string, unknown> }];
        // Helpers never notify.
        for (const actions of ['AlarmActions', 'OKActions', 'InsufficientDataActions'])
          expect(resource.Properties[actions]).toBeUndefined();
        return logicalId;
      };
      const armed = helper('armado', { TreatMissingData: 'ignore', EvaluationPeriods: 1 });
      // Daily crons (FULL_CONTEXT): 24 h between runs + 2 h.
      const recent = helper('recente', { TreatMissingData: 'missing', EvaluationPeriods: 26, DatapointsToAlarm: 26 });
      const composite = Object.values(
        template.findResources('AWS::CloudWatch::CompositeAlarm', {
          Properties: { AlarmName: `SeiPiNotifier-Notifier-${name}-sem-execucao` },
        })
      ) as Array<{ Properties: Record<string, unknown> }>;
      expect(composite).toHaveLength(1);
      const props = composite[0]?.Properties ?? {};
      expect(props).toMatchObject({ AlarmActions: [topicRef()], OKActions: [topicRef()] });
      expect(renderCfnString(props.AlarmRule)).toBe(`(OK("<GetAtt:${armed}.Arn>") AND INSUFFICIENT_DATA("<GetAtt:${recent}.Arn>"))`);
      expect(props.AlarmDescription).toEqual(expect.stringContaining('desativado (Disable) no console do EventBridge Scheduler'));
      expect(props.AlarmDescription).toEqual(expect.stringContaining('-c schedulesEnabled=false'));
      expect(props.AlarmDescription).toEqual(expect.stringContaining('aws cloudwatch disable-alarm-actions'));
      expect(String(props.AlarmDescription).length).toBeLessThanOrEqual(1024);
    }
  });

  describe('SES delivery problems', () => {
    it('every mail goes through a configuration set whose problems go to the internal events topic, not raw to the operators', () => {
      const configurationSet = id(stack.notifier.mailEvents.configurationSet);
      expect(resourceOf(template, configurationSet).Properties.Name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      template.resourceCountIs('AWS::SES::ConfigurationSetEventDestination', 1);
      template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
        ConfigurationSetName: { Ref: configurationSet },
        EventDestination: {
          Enabled: true,
          MatchingEventTypes: ['bounce', 'complaint', 'reject', 'renderingFailure', 'deliveryDelay'],
          SnsDestination: { TopicARN: eventsTopicRef() },
        },
      });
      // The operators' topic is no SES destination and SES may not publish to it.
      expect(JSON.stringify(template.findResources('AWS::SES::ConfigurationSetEventDestination'))).not.toContain(
        JSON.stringify(topicRef())
      );
      const operatorsPolicy = Object.values(template.findResources('AWS::SNS::TopicPolicy')).find(
        (p) => JSON.stringify(p.Properties.Topics) === JSON.stringify([topicRef()])
      );
      expect(JSON.stringify(operatorsPolicy)).not.toContain('ses.amazonaws.com');
    });

    it('the events topic uses the operators key and refuses plain HTTP', () => {
      expect(resourceOf(template, id(stack.notifier.mailEvents.eventsTopic)).Properties).toMatchObject({
        KmsMasterKeyId: getAtt(id(stack.notifier.alerts.key)),
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [eventsTopicRef()],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('the relay is subscribed to the events topic, and only that topic may invoke it', () => {
      const relay = id(stack.notifier.mailEvents.relay.function);
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', Endpoint: getAtt(relay), TopicArn: eventsTopicRef() });
      const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
        (p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify(getAtt(relay))
      );
      expect(permissions.map((p) => p.Properties)).toEqual([
        { Action: 'lambda:InvokeFunction', FunctionName: getAtt(relay), Principal: 'sns.amazonaws.com', SourceArn: eventsTopicRef() },
      ]);
    });

    it('the relay runs like the checks, with the topic, queue and time zone in its environment; its raw events never reach the queue', () => {
      const relay = stack.notifier.mailEvents.relay;
      expect(resourceOf(template, id(relay.function)).Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: id(relay.logGroup) } },
        Role: getAtt(id(relay.role)),
        Environment: {
          Variables: {
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_SERVICE_NAME: 'sei-pi-notifier',
            POWERTOOLS_METRICS_NAMESPACE: 'SeiPiNotifier',
            OPERATORS_TOPIC_ARN: topicRef(),
            FAILED_RUN_QUEUE_URL: { Ref: id(stack.notifier.failedRunQueue) },
            [ENV.seiTimeZone]: 'America/Sao_Paulo',
          },
        },
      });
      // Retried twice by Lambda, but with no on-failure destination: Lambda would put the raw SES event
      // (destinations, To headers) in the queue. The relay parks the masked notice there itself.
      const invokeConfigs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).filter(
        (c) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: id(relay.function) })
      );
      expect(invokeConfigs.map((c) => c.Properties)).toEqual([
        { FunctionName: { Ref: id(relay.function) }, Qualifier: '$LATEST', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 },
      ]);
    });

    it('the relay may only write its logs, park notices in the queue and publish to the operators topic (key: that topic only)', () => {
      const relay = stack.notifier.mailEvents.relay;
      expect(resourceOf(template, id(relay.role)).Properties.ManagedPolicyArns).toBeUndefined();
      expect(policyStatementsOf(stack, template, relay.role)).toEqual([
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: getAtt(id(relay.logGroup)) },
        { Sid: 'PublishToTheOperatorsTopic', Action: 'sns:Publish', Effect: 'Allow', Resource: topicRef() },
        {
          Sid: 'EncryptForTheOperatorsTopic',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Effect: 'Allow',
          Resource: getAtt(id(stack.notifier.alerts.key)),
          Condition: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': topicRef() } },
        },
        // Where it parks a notice the topic refused (masked), not an on-failure destination.
        {
          Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          Effect: 'Allow',
          Resource: getAtt(id(stack.notifier.failedRunQueue)),
        },
      ]);
    });
  });

  describe('cdk-nag (AwsSolutions)', () => {
    it('reports nothing in the synth validation report', () => {
      const report = validationReportOf(assembly.directory);
      const violations = report.pluginReports.flatMap((r) => r.violations ?? []);
      expect(violations).toEqual([]);
    });

    it('finds no unacknowledged error or warning', () => {
      const result = new AwsSolutionsChecks().validateScope(app);
      expect(result.violations.map((v) => `${v.severity} ${v.ruleName}`)).toEqual([]);
      expect(result.success).toBe(true);
    });
  });

  describe('bundles', () => {
    const RELAY = 'mailEvents.relay';
    /** The checks by property, and the SES event relay. */
    const functionOf = (key: (typeof CHECKS)[number] | typeof RELAY): CheckFunction =>
      key === RELAY ? stack.notifier.mailEvents.relay : stack.notifier[key];
    const bundleOf = (check: CheckFunction): string => {
      const code = (resourceOf(template, id(check.function)).Properties as { Code: { S3Key: string } }).Code;
      return join(assembly.directory, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
    };

    it.each([...CHECKS, RELAY] as const)('%s is minified ESM with the createRequire banner, a source map and the SDK inside', (key) => {
      const dir = bundleOf(functionOf(key));
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith("import { createRequire as __notifierCreateRequire } from 'node:module';")).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
      expect(code).toMatch(/sourceMappingURL=index\.mjs\.map/);
      // Externals would stay as imports; bundled, no @aws-sdk import is left.
      expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
      // Guard against accidental growth (measured ~0.54 MB with the RDS Data, SES and DynamoDB clients,
      // zod/mini, middy, Powertools Logger, Metrics and Idempotency).
      expect(statSync(join(dir, 'index.mjs')).size).toBeLessThan(2 * 1024 * 1024);
    });

    it.each([...CHECKS, RELAY] as const)(
      '%s loads, and its own config accepts the environment the stack sets',
      async (key) => {
        const check = functionOf(key);
        const fn = resourceOf(template, id(check.function)).Properties as {
          Environment: { Variables: Record<string, unknown> };
        };
        // The unresolved values are Refs that CloudFormation resolves to names: the configuration set's
        // (given in the template) and the table's (generated: stack-logicalId-suffix).
        const refs: Record<string, string> = {
          [id(stack.notifier.mailEvents.configurationSet)]: resourceOf(template, id(stack.notifier.mailEvents.configurationSet)).Properties
            .Name as string,
          [id(stack.notifier.stateTable)]: `SeiPiNotifier-${id(stack.notifier.stateTable)}-1A2B3C4D5E6F`,
          [id(stack.notifier.alerts.topic)]: `arn:aws:sns:${REGION}:${ACCOUNT}:SeiPiNotifier-AlertsTopic-1A2B3C4D5E6F`,
          [id(stack.notifier.failedRunQueue)]: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/SeiPiNotifier-FailedRunQueue-1A2B3C4D5E6F`,
        };
        const env = Object.fromEntries(
          Object.entries(fn.Environment.Variables).map(([name, value]) => {
            if (typeof value === 'string') return [name, value];
            const resolved = refs[(value as { Ref?: string }).Ref ?? ''];
            if (resolved === undefined) throw new Error(`unexpected unresolved ${name}: ${JSON.stringify(value)}`);
            return [name, resolved];
          })
        );
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ['--input-type=module', '-e', "const m = await import('./index.mjs'); console.log(typeof m.handler);"],
          { cwd: bundleOf(check), env: { PATH: process.env.PATH ?? '', AWS_REGION: REGION, ...env } }
        );
        expect(stdout.trim()).toBe('function');
      },
      20_000
    );
  });
});
