/**
 * CDK context validation at synth time and the template variations the
 * optional keys produce. No bundling here (templates only), so it is fast.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeploymentConfigError } from '../../infra/config';
import { ProtocoloIntegradoNotifierStack } from '../../infra/stack';
import { ENV } from '../../shared/env-names';
import {
  ACCOUNT,
  appWithoutBundling,
  CLUSTER_ARN,
  FULL_CONTEXT,
  NO_BUNDLING,
  REGION,
  REQUIRED_CONTEXT,
  renderCfnString,
  SECRET_ARN,
} from './fixtures';

/** The message of the DeploymentConfigError the context raises (fails the test otherwise). */
function synthError(context: Record<string, unknown>): string {
  try {
    appWithoutBundling(context);
  } catch (error) {
    expect(error).toBeInstanceOf(DeploymentConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the synth to fail');
}

const without = (key: keyof typeof REQUIRED_CONTEXT): Record<string, unknown> => {
  const { [key]: _removed, ...rest } = REQUIRED_CONTEXT;
  return rest;
};

const templateOf = (context: Record<string, unknown>): Template => Template.fromStack(appWithoutBundling(context).stack);

/** Environment variables of every function in the template (both checks and the SES event relay). */
const environments = (template: Template): Array<Record<string, unknown>> =>
  Object.values(template.findResources('AWS::Lambda::Function')).map(
    (fn) => (fn as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables
  );

/** Environment variables of the two checks (the functions that read the SEI database). */
const checkEnvironments = (template: Template): Array<Record<string, unknown>> => {
  const checks = environments(template).filter((env) => ENV.dbEngine in env);
  expect(checks).toHaveLength(2);
  return checks;
};

/** E-mail subscriptions (the relay's Lambda subscription to the internal events topic is not one). */
const emailSubscriptionCount = (template: Template): number =>
  Object.keys(template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } })).length;

describe('required context keys', () => {
  it.each(Object.keys(REQUIRED_CONTEXT) as Array<keyof typeof REQUIRED_CONTEXT>)(
    'a missing %s fails the synth with a message naming it and an example',
    (key) => {
      const message = synthError(without(key));
      expect(message).toContain(`- ${key}: obrigatório e não informado. Exemplo: -c ${key}=`);
      // Only that key is reported.
      expect(message.match(/^ {2}- /gm)).toHaveLength(1);
    }
  );

  it('reports every missing key in one message', () => {
    const message = synthError({});
    for (const key of Object.keys(REQUIRED_CONTEXT)) expect(message).toContain(`- ${key}: obrigatório`);
    expect(message).toMatch(/^Configuração inválida/);
  });

  it('treats an empty value as missing', () => {
    expect(synthError({ ...REQUIRED_CONTEXT, dbName: '  ' })).toContain('- dbName: obrigatório e não informado');
  });
});

describe('malformed values', () => {
  it.each([
    ['dbClusterArn', SECRET_ARN, 'serviço "secretsmanager"'],
    ['dbClusterArn', `arn:aws:rds:${REGION}:${ACCOUNT}:db:sei-instancia`, 'recurso "db:sei-instancia" inválido'],
    ['dbClusterArn', 'sei-producao', 'não é um ARN'],
    ['dbClusterArn', `arn:aws:rds:sa-east-1:12345:cluster:sei`, 'conta "12345" inválida'],
    ['dbSecretArn', CLUSTER_ARN, 'serviço "rds"'],
    ['dbSecretArn', `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:sei`, 'recurso "secret:sei" inválido'],
    ['dbSecretArn', `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:sei-leitura-AbC123`, 'região "us-east-1"'],
    ['dbSecretArn', `arn:aws:secretsmanager:${REGION}:210987654321:secret:sei-leitura-AbC123`, 'conta 210987654321'],
    ['dbSecretKmsKeyArn', `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, 'região "us-east-1"'],
    ['dbSecretKmsKeyArn', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/sei`, 'recurso "alias/sei" inválido'],
    ['dbEngine', 'oracle', '"mysql" ou "postgres"'],
    ['dbName', 'sei producao', 'até 64 letras'],
    ['mailFrom', 'sei-notificacoes', 'não é um endereço de e-mail'],
    ['mailIdentity', 'outro.gov.br', 'não autoriza o remetente'],
    ['mailTo', 'admin@orgao.gov.br; fulano', 'fulano'],
    ['opsEmail', 'infra', 'infra'],
    ['seiTimeZone', 'America/Sao_Paolo', 'desconhecido'],
    ['seiTimeZone', '-03:00', 'fuso horário IANA'],
    ['stalledAfterDays', '0', 'no mínimo 1'],
    ['stalledAfterDays', 'dois', 'número inteiro'],
    ['maxSendAttempts', '1.5', 'número inteiro'],
    ['maxListed', '500', 'no máximo 200'],
    ['failedProcessesCron', 'cron(0 17 * * *)', 'exige 6'],
    ['failedProcessesCron', '0 17 * * ? *', 'deve ter a forma cron('],
    ['stalledPackagesCron', 'cron(0 12 * * * *)', 'exatamente um'],
    ['failedProcessesCron', 'cron(0 25 * * ? *)', 'horas (2º campo): "25" fora do permitido (de 0 a 23)'],
    ['failedProcessesCron', 'cron(60 17 * * ? *)', 'minutos (1º campo)'],
    ['stalledPackagesCron', 'cron(0 12 ? * SEG-SEX *)', 'dia da semana (5º campo): "SEG" fora do permitido (de 1 a 7 ou SUN–SAT)'],
    ['stalledPackagesCron', 'cron(0 12 ? * 0 *)', 'dia da semana (5º campo)'],
    ['stalledPackagesCron', 'cron(0 12 32 * ? *)', 'dia do mês (3º campo)'],
    ['stalledPackagesCron', 'cron(0 12 ? 13 MON *)', 'mês (4º campo)'],
    ['schedulesEnabled', 'sim', 'true ou false'],
    ['reserveConcurrency', 'talvez', 'true ou false'],
  ])('%s=%s fails the synth (%s)', (key, value, reason) => {
    const message = synthError({ ...REQUIRED_CONTEXT, [key]: value });
    const line = message.split('\n').find((l) => l.startsWith(`  - ${key}:`));
    expect(line).toBeDefined();
    expect(line).toContain(reason);
    expect(line).toMatch(new RegExp(`Exemplo: -c "?${key}=`));
  });

  it('points at the right key when the letter case is wrong', () => {
    const { dbClusterArn, ...rest } = REQUIRED_CONTEXT;
    const message = synthError({ ...rest, dbclusterarn: dbClusterArn });
    expect(message).toContain('- dbclusterarn: chave desconhecida; você quis dizer "dbClusterArn"? Exemplo: -c dbClusterArn=arn:aws:rds:');
    expect(message).toContain('- dbClusterArn: obrigatório');
    expect(message).not.toContain('"?.');
  });

  it('refuses a stack whose explicit region is not the cluster region', () => {
    const app = new App({ context: { ...NO_BUNDLING } });
    expect(
      () =>
        new ProtocoloIntegradoNotifierStack(app, 'Elsewhere', {
          env: { account: ACCOUNT, region: 'us-east-1' },
          notifier: { ...REQUIRED_CONTEXT, dbEngine: 'mysql' },
        })
    ).toThrow(/dbClusterArn: está na região "sa-east-1", mas a stack é implantada em "us-east-1"/);
  });

  it('refuses a stack in another account than the cluster', () => {
    const app = new App({ context: { ...NO_BUNDLING } });
    expect(
      () =>
        new ProtocoloIntegradoNotifierStack(app, 'OtherAccount', {
          env: { account: '210987654321', region: REGION },
          notifier: { ...REQUIRED_CONTEXT, dbEngine: 'mysql' },
        })
    ).toThrow(/dbClusterArn: está na conta 123456789012, mas a stack é implantada na conta 210987654321/);
  });

  it('the CLI entry prints the pt-BR message without a stack trace and exits with 1', async () => {
    const { dbEngine: _engine, ...rest } = REQUIRED_CONTEXT;
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(rest), CDK_OUTDIR: '.tmp/cdk.out.test-app' },
    });
    const failure = await run.then(
      () => expect.unreachable('the entry should exit with an error'),
      (error: { code?: number; stderr?: string }) => error
    );
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/^Configuração inválida[\s\S]*\n {2}- dbEngine: obrigatório[\s\S]*docs\/implantacao\.md/);
    expect(failure.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});

describe('unknown context keys (typos)', () => {
  it.each([
    ['schedulesEnable', 'false', 'schedulesEnabled', '-c schedulesEnabled=false'],
    ['stalledAfterDay', '2', 'stalledAfterDays', '-c stalledAfterDays=2'],
    ['failedProcessCron', 'cron(0 17 ? * MON-FRI *)', 'failedProcessesCron', '-c "failedProcessesCron=cron(0 17 * * ? *)"'],
    ['opsEmails', 'infra@orgao.gov.br', 'opsEmail', '-c opsEmail=infra@orgao.gov.br'],
    ['stackname', 'SeiPiNotifier-Homologacao', 'stackName', '-c stackName=SeiPiNotifier-Homologacao'],
    ['tag', 'Ambiente=homologacao', 'tags', '-c "tags=Ambiente=homologacao;Sistema=SEI"'],
  ])('%s=%s fails the synth, suggesting the key meant', (typo, value, meant, example) => {
    const message = synthError({ ...REQUIRED_CONTEXT, [typo]: value });
    expect(message.split('\n').filter((line) => line.startsWith('  - '))).toEqual([
      `  - ${typo}: chave desconhecida; você quis dizer "${meant}"? Exemplo: ${example}`,
    ]);
  });

  it('a key like none of ours fails the synth too, pointing at the list', () => {
    expect(synthError({ ...REQUIRED_CONTEXT, banana: '1' })).toContain(
      '  - banana: chave desconhecida, sem nenhuma parecida entre as do notificador (veja a lista em docs/implantacao.md).'
    );
  });

  it("the CDK's own keys pass: feature flags, CLI settings, cached lookups, telemetry, acknowledged notices", () => {
    const cdkKeys = {
      '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      'aws:cdk:enable-path-metadata': true,
      'aws:cdk:version-reporting': true,
      'aws-cdk:enableDiffNoFail': true,
      'availability-zones:account=123456789012:region=sa-east-1': ['sa-east-1a'],
      'cli-telemetry': false,
      'acknowledged-issue-numbers': [32775],
    };
    expect(() => appWithoutBundling({ ...REQUIRED_CONTEXT, ...cdkKeys })).not.toThrow();
  });
});

describe('cdk bootstrap before the configuration exists', () => {
  const runApp = (context: Record<string, unknown>) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: '.tmp/cdk.out.test-bootstrap' },
    }).then(
      ({ stderr }) => ({ code: 0, stderr }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' })
    );

  it('a command that builds nothing (the CLI asks for no bundling) gets an app without stacks, not a configuration error', async () => {
    // What `npx cdk bootstrap aws://123456789012/sa-east-1` passes in a fresh clone (cdk.json adds cli-telemetry).
    const { code, stderr } = await runApp({ 'aws:cdk:bundling-stacks': [], 'aws:cdk:version-reporting': true, 'cli-telemetry': false });
    expect(code).toBe(0);
    expect(stderr).toContain('nenhuma stack sintetizada (normal no "cdk bootstrap"');
    const manifest = JSON.parse(readFileSync('.tmp/cdk.out.test-bootstrap/manifest.json', 'utf8')) as {
      artifacts?: Record<string, { type: string }>;
    };
    expect(Object.values(manifest.artifacts ?? {}).filter((a) => a.type === 'aws:cloudformation:stack')).toEqual([]);
  }, 120_000);

  it('a configured run synthesizes the stack into the cloud assembly (the probe for the bootstrap case writes nothing)', async () => {
    const { code } = await runApp({ ...REQUIRED_CONTEXT, 'aws:cdk:bundling-stacks': [], 'cli-telemetry': false });
    expect(code).toBe(0);
    const manifest = JSON.parse(readFileSync('.tmp/cdk.out.test-bootstrap/manifest.json', 'utf8')) as {
      artifacts?: Record<string, { type: string }>;
    };
    expect(
      Object.entries(manifest.artifacts ?? {})
        .filter(([, a]) => a.type === 'aws:cloudformation:stack')
        .map(([name]) => name)
    ).toEqual(['SeiPiNotifier']);
  }, 120_000);

  it('synth and deploy (which bundle) still fail on the missing configuration', async () => {
    const { code, stderr } = await runApp({ 'aws:cdk:bundling-stacks': ['**'], 'cli-telemetry': false });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Configuração inválida[\s\S]*- dbEngine: obrigatório/);
  }, 120_000);

  it('a partial configuration is never taken for none', async () => {
    const { code, stderr } = await runApp({ 'aws:cdk:bundling-stacks': [], schedulesEnable: 'false' });
    expect(code).toBe(1);
    expect(stderr).toContain('- schedulesEnable: chave desconhecida');
  }, 120_000);
});

describe('defaults', () => {
  let defaults: Template;
  beforeAll(() => {
    defaults = templateOf(REQUIRED_CONTEXT);
  }, 120_000);
  const template = () => defaults;

  it('schedules at 17:00 and 12:00 America/Sao_Paulo, enabled', () => {
    const t = template();
    for (const expression of ['cron(0 17 * * ? *)', 'cron(0 12 * * ? *)']) {
      t.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: 'America/Sao_Paulo',
        State: 'ENABLED',
      });
    }
  });

  it('sets the default values and leaves the optional variables out', () => {
    for (const env of checkEnvironments(template())) {
      expect(env).toMatchObject({ [ENV.seiTimeZone]: 'America/Sao_Paulo', [ENV.maxSendAttempts]: '15', [ENV.maxListed]: '50' });
      expect(env).not.toHaveProperty(ENV.mailTo);
      expect(env).not.toHaveProperty(ENV.stalledAfterDays);
      expect(env).not.toHaveProperty(ENV.noNewPackagesAfterDays);
    }
  });

  it('warns at synth when stalledAfterDays exceeds the regulation maximum of 2 days', () => {
    const warnings = (stalledAfterDays: string) =>
      Annotations.fromStack(appWithoutBundling({ ...REQUIRED_CONTEXT, stalledAfterDays }).stack).findWarning(
        '*',
        Match.stringLikeRegexp('acima do máximo de 2 dias do § 1º do art. 3º')
      );
    expect(warnings('5')).toHaveLength(1);
    expect(warnings('2')).toHaveLength(0);
  }, 120_000);

  it('draws no threshold on the stalled-packages graph without stalledAfterDays (the SEI parameter rules)', () => {
    const dashboard = Object.values(template().findResources('AWS::CloudWatch::Dashboard'))[0] as {
      Properties: { DashboardBody: unknown };
    };
    const { widgets } = JSON.parse(renderCfnString(dashboard.Properties.DashboardBody)) as {
      widgets: Array<{ properties: { metrics?: unknown[][]; annotations?: unknown } }>;
    };
    const stalled = widgets.find((w) => w.properties.metrics?.some((line) => line[1] === 'DaysSinceLastSuccess'));
    expect(stalled).toBeDefined();
    expect(stalled?.properties).not.toHaveProperty('annotations');
  });

  it("sends through the account's SES identities with mailFrom pinned as sender, and no subscription without opsEmail", () => {
    const t = template();
    expect(emailSubscriptionCount(t)).toBe(0);
    const policies = JSON.stringify(t.findResources('AWS::IAM::Policy'));
    expect(policies).toContain(`:ses:${REGION}:${ACCOUNT}:identity/*"`);
    expect(policies).toContain(`"ses:FromAddress":"${REQUIRED_CONTEXT.mailFrom}"`);
    expect(policies).toMatch(/:configuration-set\/"/);
    // kms:Decrypt only for the relay's publish to the operators' topic, none for the database secret.
    expect(policies).not.toContain('DecryptDatabaseSecret');
  });
});

describe('optional keys', () => {
  it('stackName and tags let several copies live in one account (homologação beside produção)', () => {
    const { app, stack } = appWithoutBundling({
      ...REQUIRED_CONTEXT,
      stackName: 'SeiPiNotifier-Homologacao',
      tags: 'Ambiente=homologacao;Sistema=SEI',
    });
    expect(stack.stackName).toBe('SeiPiNotifier-Homologacao');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Tags: Match.arrayWith([
        { Key: 'Ambiente', Value: 'homologacao' },
        { Key: 'Sistema', Value: 'SEI' },
      ]),
    });
    // Names derived from the stack differ, so the copies do not collide.
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a) => String(a.Properties.AlarmName));
    expect(alarms.every((name) => name.startsWith('SeiPiNotifier-Homologacao-'))).toBe(true);
    expect(app.node.tryGetContext('tags')).toBeDefined();
    // cdk.context.json may hold the tags as an object.
    const fromJson = appWithoutBundling({ ...REQUIRED_CONTEXT, tags: { Ambiente: 'producao' } }).stack;
    Template.fromStack(fromJson).hasResourceProperties('AWS::Lambda::Function', {
      Tags: Match.arrayWith([{ Key: 'Ambiente', Value: 'producao' }]),
    });
    expect(fromJson.stackName).toBe('SeiPiNotifier');
  });

  it.each([
    ['stackName', '1-notifier', 'deve começar com letra'],
    ['stackName', 'sei_pi', 'deve começar com letra'],
    ['tags', 'Ambiente', 'não tem valor'],
    ['tags', 'aws:x=1', 'não pode começar com aws:'],
    ['tags', '{"a": ', 'JSON inválido'],
  ])('%s=%s fails the synth (%s)', (key, value, reason) => {
    const message = synthError({ ...REQUIRED_CONTEXT, [key]: value });
    expect(message).toContain(`- ${key}: `);
    expect(message).toContain(reason);
  });

  it('schedulesEnabled=false deploys both schedules disabled', () => {
    const t = templateOf({ ...FULL_CONTEXT, schedulesEnabled: 'false' });
    t.resourceCountIs('AWS::Scheduler::Schedule', 2);
    t.allResourcesProperties('AWS::Scheduler::Schedule', { State: 'DISABLED' });
  });

  it('schedulesEnabled accepts a JSON boolean from cdk.context.json', () => {
    templateOf({ ...FULL_CONTEXT, schedulesEnabled: false }).allResourcesProperties('AWS::Scheduler::Schedule', {
      State: 'DISABLED',
    });
  });

  it('custom crons and time zone reach the schedules and the functions', () => {
    const t = templateOf({
      ...REQUIRED_CONTEXT,
      seiTimeZone: 'America/Manaus',
      failedProcessesCron: 'cron(30 18 ? * MON-FRI *)',
      stalledPackagesCron: 'cron(0 9 * * ? *)',
    });
    for (const expression of ['cron(30 18 ? * MON-FRI *)', 'cron(0 9 * * ? *)']) {
      t.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: 'America/Manaus',
      });
    }
    for (const env of environments(t)) expect(env[ENV.seiTimeZone]).toBe('America/Manaus');
  });

  it('reserveConcurrency=false reserves nothing', () => {
    const fns = templateOf({ ...REQUIRED_CONTEXT, reserveConcurrency: 'false' }).findResources('AWS::Lambda::Function');
    for (const fn of Object.values(fns)) expect(fn.Properties).not.toHaveProperty('ReservedConcurrentExecutions');
  });

  it('mailIdentity may be the sender address itself; the sender stays pinned either way', () => {
    const policies = JSON.stringify(
      templateOf({ ...REQUIRED_CONTEXT, mailIdentity: REQUIRED_CONTEXT.mailFrom }).findResources('AWS::IAM::Policy')
    );
    expect(policies).toContain(`:identity/*"`);
    expect(policies).toContain(`"ses:FromAddress":"${REQUIRED_CONTEXT.mailFrom}"`);
  });

  it('dbSecretKmsKeyArn adds kms:Decrypt on that key, only through Secrets Manager', () => {
    const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const t = templateOf({ ...REQUIRED_CONTEXT, dbSecretKmsKeyArn: keyArn });
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: Array<Record<string, unknown>> } } }).Properties.PolicyDocument.Statement
    );
    const decrypt = statements.filter((s) => s.Sid === 'DecryptDatabaseSecret');
    expect(decrypt).toHaveLength(2);
    for (const statement of decrypt) {
      expect(statement).toEqual({
        Sid: 'DecryptDatabaseSecret',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: keyArn,
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` } },
      });
    }
  });

  it('several opsEmail addresses become one subscription each (repeats dropped)', () => {
    const t = templateOf({ ...REQUIRED_CONTEXT, opsEmail: 'a@orgao.gov.br;b@orgao.gov.br, A@orgao.gov.br' });
    expect(emailSubscriptionCount(t)).toBe(2);
  });

  it('opsEmail is read like the recipients: the subscription endpoints are bare, lower-cased addresses (SNS refuses a display name)', () => {
    const t = templateOf({
      ...REQUIRED_CONTEXT,
      opsEmail: 'Equipe Infra <Infra@Orgao.gov.br>; "Plantão SEI" <plantao@orgao.gov.br>, infra@orgao.gov.br',
    });
    const endpoints = Object.values(t.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } })).map(
      (subscription) => subscription.Properties.Endpoint
    );
    expect(endpoints.sort()).toEqual(['infra@orgao.gov.br', 'plantao@orgao.gov.br']);
  });

  it('a secret ARN whose last 6 characters look like a word of its name (no random suffix) gets a synth warning', () => {
    const suspect = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:sei-backup`;
    const warnings = (context: Record<string, unknown>) =>
      Annotations.fromStack(appWithoutBundling(context).stack).findWarning('*', Match.stringLikeRegexp('dbSecretArn termina em'));
    expect(warnings({ ...REQUIRED_CONTEXT, dbSecretArn: suspect })).toHaveLength(1);
    expect(warnings(REQUIRED_CONTEXT)).toEqual([]);
  });
});
