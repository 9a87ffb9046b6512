import { SESClient } from '@aws-sdk/client-ses';
import { createExecutorForUrl, startDataApiBridge } from '../bridge';
import { applyEnv } from '../harness/apply-env';
import { CHECKS, importCheckHandlers } from '../harness/check-handlers';
import { connectDirect } from '../harness/direct-connection';
import { fakeLambdaContext } from '../harness/lambda-context';
import { localAwsEnv, QUIET_FUNCTIONS_ENV } from '../harness/local-aws-env';
import { DatabaseAccessError, engineOfUrl, explainDatabaseError } from './database-errors';
import { asStoredEmail, resetOutbox, writeMail } from './outbox';
import { functionOptions, type RunOptions } from './run-options';
import { type SummaryRow, summaryRow } from './summary-table';

/** Nothing listens here: a dry run can never reach an SES endpoint. */
export const NO_SES = 'http://127.0.0.1:9';

/** Connects once with the driver itself, whose errors say what went wrong (refused, credentials…). */
async function checkConnection(databaseUrl: string): Promise<void> {
  try {
    const connection = await connectDirect(databaseUrl);
    try {
      await connection.run('SELECT 1');
    } finally {
      await connection.close();
    }
  } catch (error) {
    throw explainDatabaseError(error, databaseUrl);
  }
}

/**
 * The environment for a real send: the local run's, without the local SES
 * endpoint, the fake credentials and the demo's region, so the SDK resolves
 * credentials and region as usual (environment, then the profile in
 * ~/.aws/config); `region` (--region) wins when given.
 */
export function realSesEnv(env: Readonly<Record<string, string>>, region?: string): Record<string, string> {
  const {
    AWS_ENDPOINT_URL_SES: _ses,
    AWS_ACCESS_KEY_ID: _key,
    AWS_SECRET_ACCESS_KEY: _secret,
    AWS_REGION: _region,
    AWS_DEFAULT_REGION: _defaultRegion,
    ...rest
  } = env;
  return region ? { ...rest, AWS_REGION: region } : rest;
}

/**
 * A real send needs AWS credentials (the local bridge never does): find them
 * the SDK's way before reading anything, and say how to configure them.
 */
export async function checkAwsCredentials(region: string | undefined): Promise<void> {
  const client = new SESClient(region ? { region } : {});
  try {
    await client.config.credentials();
  } catch (error) {
    throw new DatabaseAccessError(
      'Nenhuma credencial da AWS encontrada para enviar pelo SES (--send). Configure-as com "aws configure" ou "aws sso login" (e AWS_PROFILE, se usar um perfil), ou defina AWS_ACCESS_KEY_ID e AWS_SECRET_ACCESS_KEY. A simulação sem --send não precisa de credenciais.',
      { cause: error }
    );
  } finally {
    client.destroy();
  }
}

/**
 * The URL with the password of the environment when it has none: a password
 * with `@`, `#` or `:` breaks a URL unless percent-encoded, so it may come
 * from `PGPASSWORD` (PostgreSQL) or `MYSQL_PWD` (MySQL/MariaDB) instead.
 */
export function withPasswordFromEnv(databaseUrl: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const url = new URL(databaseUrl);
  if (url.password) return databaseUrl;
  const password = engineOfUrl(databaseUrl) === 'mysql' ? env.MYSQL_PWD : env.PGPASSWORD;
  if (!password) return databaseUrl;
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** What a run of both checks on an agency's database shows: the summary lines and the warnings. */
export interface ChecksRun {
  readonly rows: SummaryRow[];
  readonly warnings: string[];
}

/**
 * Runs both real handlers in the given environment (as of now): in dry-run
 * mode, or for real with `send`; writes each mail to the outbox as
 * `<check>--<suffix>` and turns each summary into a line. `explain` turns a
 * failure into a message for the operator.
 */
export async function runChecksIn(
  env: Readonly<Record<string, string>>,
  send: boolean,
  options: RunOptions,
  labels: { readonly story: string; readonly fileSuffix: string },
  explain: (error: unknown) => unknown = (error) => error
): Promise<ChecksRun> {
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
        throw explain(error);
      }
      // One file per mail: a notice split between teams has one part each.
      const parts = summary.mails ?? (summary.mail ? [{ ...summary.mail, audience: '' }] : []);
      const files: string[] = [];
      for (const part of parts) {
        const name = `${check}--${labels.fileSuffix}${part.audience ? `-${part.audience}` : ''}`;
        files.push(await writeMail(options.outbox, name, asStoredEmail(part, env.MAIL_FROM ?? '', part.to)));
      }
      const file = files.join(', ') || '-';
      rows.push(summaryRow(labels.story, summary, file));
      for (const warning of summary.warnings ?? []) {
        warnings.push(`${check}: ${warning} O e-mail foi gravado mesmo assim; informe destinatários com --to para simular o envio.`);
      }
    }
    return { rows, warnings };
  } finally {
    restoreEnv();
  }
}

/**
 * Runs both checks, as of now, on an agency's own SEI database, through the
 * same bridge and handlers. Writes the would-be mails to the outbox; sends
 * them through the real SES (standard AWS credential chain) only with `send`.
 */
export async function runDryRun(givenUrl: string, send: boolean, options: RunOptions): Promise<ChecksRun> {
  const engine = engineOfUrl(givenUrl);
  const databaseUrl = withPasswordFromEnv(givenUrl);
  if (send) await checkAwsCredentials(options.region);
  await checkConnection(databaseUrl);
  await resetOutbox(options.outbox);
  const executor = createExecutorForUrl(databaseUrl);
  try {
    const bridge = await startDataApiBridge({ executor });
    try {
      const env = localAwsEnv({ dataApiUrl: bridge.url, sesUrl: NO_SES, engine, ...functionOptions(options) });
      const story = send ? 'banco informado (envio real)' : 'banco informado (simulação)';
      return await runChecksIn(env, send, options, { story, fileSuffix: 'simulacao' });
    } finally {
      await bridge.close();
    }
  } finally {
    await executor.close();
  }
}
