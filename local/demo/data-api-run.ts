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
import { localAwsEnv } from '../harness/local-aws-env';
import { checkAwsAccess, PROBE_HTTP } from './aws-access';
import { explainAwsFailure } from './aws-errors';
import { DatabaseAccessError } from './database-errors';
import { type ChecksRun, NO_SES, realAwsEnv, runChecksIn } from './dry-run';
import { functionOptions, type RunOptions } from './run-options';

/** Which cluster, secret and database (the functions' DB_* variables). */
export interface DataApiTarget {
  readonly clusterArn: string;
  readonly secretArn: string;
  readonly database: string;
  readonly engine: 'mysql' | 'postgres';
}

/** A Data API error (or a failure to reach AWS) explained to an SEI administrator, with the fix (pt-BR); others pass through. */
export function explainDataApiError(error: unknown, target: DataApiTarget): unknown {
  if (error instanceof NotifierError) return error;
  const unreachable = explainAwsFailure(error, 'RDS Data API');
  if (unreachable) return unreachable;
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

/**
 * Runs both checks through the real Data API, in the region of `options`
 * (the cluster's); writes the mails to the outbox folder of `options`, sends
 * only with `send`.
 */
export async function runThroughDataApi(
  target: DataApiTarget,
  send: boolean,
  options: RunOptions,
  progress: (line: string) => void = (line) => process.stderr.write(`${line}\n`)
): Promise<ChecksRun> {
  const region = await checkAwsAccess({ dataApi: true, send }, options.region);
  // A first query proves access and wakes a paused Aurora, saying so while it waits.
  const client = new RDSDataClient({ region, maxAttempts: 2, requestHandler: PROBE_HTTP });
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

  // The functions' environment, on the real Data API: no local endpoint, no fake credentials.
  const env = {
    ...realAwsEnv(
      localAwsEnv({ dataApiUrl: '', sesUrl: NO_SES, engine: target.engine, ...functionOptions(options) }),
      ['RDS_DATA'],
      region
    ),
    [ENV.dbClusterArn]: target.clusterArn,
    [ENV.dbSecretArn]: target.secretArn,
    [ENV.dbName]: target.database,
  };
  const story = send ? 'Data API (envio real)' : 'Data API (simulação)';
  return runChecksIn(env, send, { ...options, region }, { story, fileSuffix: 'data-api' }, (error) => explainDataApiError(error, target));
}
