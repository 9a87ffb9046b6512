/**
 * `npm start -- --cluster-arn … --secret-arn … --database …`: both checks,
 * as of now, through the real RDS Data API with the operator's AWS
 * credentials — what production needs (Data API enabled, secret right,
 * grants right) proven from a laptop that cannot reach the private Aurora.
 * Nothing is sent unless `--send`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { createDataApiReader, DEFAULT_RESUME_POLICY } from '../../shared/data-api/sql-client';
import { ENV } from '../../shared/env-names';
import { NotifierError } from '../../shared/errors';
import { applyEnv } from '../harness/apply-env';
import { CHECKS, importCheckHandlers } from '../harness/check-handlers';
import { fakeLambdaContext } from '../harness/lambda-context';
import { QUIET_FUNCTIONS_ENV } from '../harness/local-aws-env';
import { DatabaseAccessError } from './database-errors';
import { checkAwsCredentials, NO_SES, realSesEnv } from './dry-run';
import { asStoredEmail, resetOutbox, writeMail } from './outbox';
import { functionOptions, type RunOptions } from './run-options';
import { type SummaryRow, summaryRow } from './summary-table';

/** Which cluster, secret and database (the functions' DB_* variables). */
export interface DataApiTarget {
  readonly clusterArn: string;
  readonly secretArn: string;
  readonly database: string;
  readonly engine: 'mysql' | 'postgres';
}

/** A Data API error explained to an SEI administrator, with the fix (pt-BR); others pass through. */
export function explainDataApiError(error: unknown, target: DataApiTarget): unknown {
  if (error instanceof NotifierError) return error;
  const e = error as { name?: string; message?: string };
  const name = e.name ?? '';
  const detail = e.message ? ` (${e.message})` : '';
  const explain = (message: string) => new DatabaseAccessError(message, { cause: error });
  if (name === 'HttpEndpointNotEnabledException' || /HttpEndpoint is not enabled|Data API.*not enabled/i.test(e.message ?? '')) {
    return explain(
      `O RDS Data API não está habilitado no cluster ${target.clusterArn}. Habilite-o com: aws rds enable-http-endpoint --resource-arn ${target.clusterArn} (o Data API não existe em classes de instância T, como db.t3 e db.t4g).${detail}`
    );
  }
  if (
    ['SecretsErrorException', 'InvalidSecretException'].includes(name) ||
    (name === 'NotFoundException' && /secret/i.test(e.message ?? ''))
  ) {
    return explain(
      `O segredo ${target.secretArn} não foi encontrado ou não pôde ser lido: confira o ARN completo (com o sufixo de 6 caracteres), a região e se ele tem "username" e "password" do usuário somente leitura.${detail}`
    );
  }
  if (name === 'NotFoundException' || name === 'DatabaseNotFoundException') {
    return explain(`O cluster ${target.clusterArn} (ou o banco "${target.database}") não foi encontrado nesta conta e região.${detail}`);
  }
  if (name === 'AccessDeniedException' || name === 'ForbiddenException') {
    return explain(
      `Acesso negado pela AWS: suas credenciais precisam de rds-data:ExecuteStatement no cluster ${target.clusterArn} e de secretsmanager:GetSecretValue no segredo ${target.secretArn} (e kms:Decrypt, se o segredo usar uma chave própria).${detail}`
    );
  }
  return error;
}

/** Runs both checks through the real Data API; writes the mails to the outbox, sends only with `send`. */
export async function runThroughDataApi(
  target: DataApiTarget,
  send: boolean,
  options: RunOptions,
  progress: (line: string) => void = (line) => process.stderr.write(`${line}\n`)
): Promise<{ rows: SummaryRow[]; warnings: string[] }> {
  await checkAwsCredentials(options.region);
  // A first query proves access and wakes a paused Aurora, saying so while it waits.
  const client = new RDSDataClient(options.region ? { region: options.region } : {});
  try {
    const reader = createDataApiReader(
      client,
      { resourceArn: target.clusterArn, secretArn: target.secretArn, database: target.database, engine: target.engine },
      {
        ...DEFAULT_RESUME_POLICY,
        sleep: async (ms) => {
          progress(`O banco de dados (Aurora) está retomando após uma pausa; aguardando ${Math.round(ms / 1000)} s…`);
          await delay(ms);
        },
      }
    );
    await reader.query('SELECT 1 AS ok');
  } catch (error) {
    throw explainDataApiError(error, target);
  } finally {
    client.destroy();
  }
  await resetOutbox(options.outbox);

  const fn = functionOptions(options);
  const env: Record<string, string> = {
    [ENV.dbEngine]: target.engine,
    [ENV.dbClusterArn]: target.clusterArn,
    [ENV.dbSecretArn]: target.secretArn,
    [ENV.dbName]: target.database,
    [ENV.mailFrom]: fn.mailFrom ?? 'sei-pi@orgao.gov.br',
    AWS_ENDPOINT_URL_SES: NO_SES,
    POWERTOOLS_METRICS_NAMESPACE: 'SeiPiNotifier',
    ...(options.region ? { AWS_REGION: options.region } : {}),
  };
  const optional: [string, string | number | undefined][] = [
    [ENV.mailTo, fn.mailTo],
    [ENV.seiTimeZone, fn.seiTimeZone],
    [ENV.stalledAfterDays, fn.stalledAfterDays],
    [ENV.maxSendAttempts, fn.maxSendAttempts],
    [ENV.maxListed, fn.maxListed],
  ];
  for (const [name, value] of optional) if (value !== undefined) env[name] = String(value);
  const restoreEnv = applyEnv({ ...(send ? realSesEnv(env, options.region) : env), ...(options.verbose ? {} : QUIET_FUNCTIONS_ENV) });
  try {
    const handlers = await importCheckHandlers();
    const rows: SummaryRow[] = [];
    const warnings: string[] = [];
    for (const check of CHECKS) {
      let summary: Awaited<ReturnType<(typeof handlers)[typeof check]>>;
      try {
        summary = await handlers[check]({ mode: send ? 'run' : 'dry-run' }, fakeLambdaContext(check));
      } catch (error) {
        throw explainDataApiError(error, target);
      }
      const file = summary.mail
        ? await writeMail(options.outbox, `${check}--data-api`, asStoredEmail(summary.mail, env[ENV.mailFrom] ?? '', summary.mail.to))
        : '-';
      rows.push(summaryRow(send ? 'Data API (envio real)' : 'Data API (simulação)', summary, file));
      for (const warning of summary.warnings ?? []) warnings.push(`${check}: ${warning} Informe destinatários com --to.`);
    }
    return { rows, warnings };
  } finally {
    restoreEnv();
  }
}
