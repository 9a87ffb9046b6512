import { createExecutorForUrl, startDataApiBridge } from '../bridge';
import { applyEnv } from '../harness/apply-env';
import { CHECKS, importCheckHandlers } from '../harness/check-handlers';
import { connectDirect } from '../harness/direct-connection';
import { fakeLambdaContext } from '../harness/lambda-context';
import { localAwsEnv, QUIET_FUNCTIONS_ENV } from '../harness/local-aws-env';
import { checkAwsAccess } from './aws-access';
import { explainAwsFailure } from './aws-errors';
import { engineOfUrl, explainDatabaseError } from './database-errors';
import { asStoredEmail, writeMail } from './outbox';
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
 * A local run's environment for the real AWS: without the fake credentials,
 * the blanked profile, the demo's region and the local endpoints of
 * `services` (AWS_ENDPOINT_URL_<service>), so the SDK resolves credentials
 * and region as usual (environment, then the profile in ~/.aws/config);
 * `region` wins when given.
 */
export function realAwsEnv(
  env: Readonly<Record<string, string>>,
  services: readonly ('SES' | 'RDS_DATA')[],
  region?: string
): Record<string, string> {
  const local = new Set([
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_PROFILE',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    ...services.map((service) => `AWS_ENDPOINT_URL_${service}`),
  ]);
  const rest = Object.fromEntries(Object.entries(env).filter(([name]) => !local.has(name)));
  return region ? { ...rest, AWS_REGION: region } : rest;
}

/** The environment for a real send: {@link realAwsEnv} without the local SES; `region` (--region) wins when given. */
export function realSesEnv(env: Readonly<Record<string, string>>, region?: string): Record<string, string> {
  return realAwsEnv(env, ['SES'], region);
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
 * failure into a message for the operator; by default, with `send`, a
 * failure to reach SES or a mail SES refused.
 */
export async function runChecksIn(
  env: Readonly<Record<string, string>>,
  send: boolean,
  options: RunOptions,
  labels: { readonly story: string; readonly fileSuffix: string },
  explain: (error: unknown) => unknown = (error) => (send && explainAwsFailure(error, 'Amazon SES')) || error
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
 * same bridge and handlers. Writes the would-be mails to the outbox folder
 * given in `options`; sends them through the real SES (standard AWS
 * credential chain, region checked first) only with `send`.
 */
export async function runDryRun(givenUrl: string, send: boolean, given: RunOptions): Promise<ChecksRun> {
  const engine = engineOfUrl(givenUrl);
  const databaseUrl = withPasswordFromEnv(givenUrl);
  const options = send ? { ...given, region: await checkAwsAccess({ dataApi: false, send }, given.region) } : given;
  await checkConnection(databaseUrl);
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
