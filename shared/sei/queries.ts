import { count, optionalInt, text } from '../data-api/row';
import type { SqlParam, SqlReader, SqlRow } from '../data-api/sql-client';
import { ModuleNotInstalledError } from '../errors';

/**
 * The only SQL the notifier runs. Every statement is a SELECT with bound
 * parameters, portable between MySQL 8/MariaDB and PostgreSQL, aggregates in
 * the database, never reads `arquivo_metadados`, cuts error texts in SQL and
 * bounds every list with LIMIT (the Data API answers at most 1 MiB).
 *
 * `md_pi_pacote_envio` has no index on the columns read, so each statement
 * over it is one pass over the table: a check makes one such pass, plus one
 * more only when it has something to report.
 */

/** The module's tables the checks read; missing ones mean the module is not installed. */
export const SEI_TABLES = [
  'md_pi_pacote_envio',
  'md_pi_parametros',
  'infra_parametro',
  'infra_agendamento_tarefa',
  'protocolo',
] as const;

/** Characters of `arquivo_erro` read per package (from `<Resultado>` on). */
export const ERROR_EXCERPT_CHARS = 1000;

/** Status normalized in SQL: PostgreSQL pads char(2) and old rows may be lower case. */
const STATUS = 'UPPER(TRIM(e.sta_integracao))';
const ATTEMPTS = 'COALESCE(e.num_tentativas_envio, 0)';
const ERROR_EXCERPT = `SUBSTRING(e.arquivo_erro, GREATEST(POSITION('<Resultado>' IN e.arquivo_erro), 1), ${ERROR_EXCERPT_CHARS})`;
const ADMIN_EMAILS = "(SELECT ip.valor FROM infra_parametro ip WHERE ip.nome = 'SEI_EMAIL_ADMINISTRADOR')";
const LAST_RUN_END = '(SELECT MAX(pp.dth_ultimo_processamento) FROM md_pi_parametros pp)';

/** Figures of the newest publishing cycle, for the failed-processes check. */
export interface LastCycleFigures {
  /** `dth_agendamento_executado` of the newest cycle (SEI local time). */
  readonly cycle: string;
  readonly tried: number;
  readonly integrated: number;
  readonly infrastructureFailures: number;
  readonly businessErrors: number;
  readonly notSent: number;
  /** Failed packages of the cycle that reached the attempt limit. */
  readonly exhaustedInCycle: number;
  /** Packages anywhere in the table that reached the limit and are not integrated. */
  readonly exhaustedTotal: number;
  readonly lastSuccess?: string;
  readonly lastRunEnd?: string;
  readonly adminEmails?: string;
}

/** One failed package of a cycle, as listed in the mail. */
export interface FailedPackage {
  readonly packageId: number;
  readonly processId?: number;
  readonly processNumber?: string;
  readonly status: string;
  readonly attempts: number;
  readonly statusChangedAt?: string;
  /** Raw start of `arquivo_erro` (to be read leniently, then escaped). */
  readonly errorExcerpt?: string;
}

/** Figures over the whole table, for the stalled-packages check. */
export interface SendingFigures {
  readonly packages: number;
  /** Packages with a `dth_situacao` (tried at least once). */
  readonly tried: number;
  readonly lastAttempt?: string;
  readonly lastSuccess?: string;
  /**
   * Last time the web service answered (`I`, or `EN`: a business error is an
   * answer too, so the link works).
   */
  readonly lastAnswer?: string;
  readonly lastCycle?: string;
  readonly notSent: number;
  /** Failed packages that will still be retried. */
  readonly retrying: number;
  /** Of those, the ones the web service never answered (`FI` or unknown status). */
  readonly retryingUnanswered: number;
  /** Failed packages that reached the attempt limit. */
  readonly exhausted: number;
  readonly lastRunEnd?: string;
  readonly runInProgress: boolean;
  /** `parametro` of the stalled task's row, as stored (often empty). */
  readonly toleranceParameter?: string;
  /** `sin_ativo` of the publishing task's row, when there is one. */
  readonly publishingTaskActive?: string;
  readonly adminEmails?: string;
}

/** The newest failure, to hint at the cause of a stall. */
export interface LatestFailure {
  readonly status: string;
  readonly statusChangedAt?: string;
  readonly errorExcerpt?: string;
}

const MISSING_TABLE =
  /(?:relation|table)\s+["'`]?(?:[\w$]+\.)?([\w$]+)["'`]?\s+(?:does not exist|doesn't exist)|Table\s+'(?:[\w$]+\.)?([\w$]+)'\s+doesn't exist/i;

/** Runs a statement, turning "table does not exist" into a clear error. */
async function read(reader: SqlReader, sql: string, params: Record<string, SqlParam>): Promise<SqlRow[]> {
  try {
    return await reader.query(sql, params);
  } catch (error) {
    const match = MISSING_TABLE.exec(error instanceof Error ? error.message : String(error));
    const table = match?.[1] ?? match?.[2];
    if (table) {
      throw new ModuleNotInstalledError(
        `A tabela ${table} não existe no banco de dados do SEI: o módulo Protocolo Integrado (mod-sei-protocolo-integrado) pode não estar instalado, ou o banco configurado não é o do SEI.`,
        { cause: error }
      );
    }
    throw error;
  }
}

/**
 * Rows are first grouped by the raw columns with COUNT/MAX only, and the
 * status is normalized on the few thousand groups: evaluating
 * UPPER(TRIM(...)) and CASE for every row was most of the cost (measured in
 * docs/benchmarks.md). Still one pass over the table.
 */
const RAW_GROUPS = `
    SELECT r.cycle, UPPER(TRIM(r.sta)) AS st, COALESCE(r.attempts, 0) AS attempts, r.n, r.tried, r.last_at
    FROM (
      SELECT e.dth_agendamento_executado AS cycle, e.sta_integracao AS sta, e.num_tentativas_envio AS attempts,
             COUNT(*) AS n, COUNT(e.dth_situacao) AS tried, MAX(e.dth_situacao) AS last_at
      FROM md_pi_pacote_envio e
      GROUP BY e.dth_agendamento_executado, e.sta_integracao, e.num_tentativas_envio
    ) r`;

const LAST_CYCLE_SQL = `
SELECT c.cycle AS cycle, c.tried, c.integrated, c.infrastructure_failures, c.business_errors,
       c.not_sent, c.exhausted_in_cycle,
       SUM(c.exhausted_pending) OVER () AS exhausted_total,
       MAX(c.last_success) OVER () AS last_success,
       ${LAST_RUN_END} AS last_run_end,
       ${ADMIN_EMAILS} AS admin_emails
FROM (
  SELECT g.cycle,
         SUM(g.n) AS tried,
         SUM(CASE WHEN g.st = 'I' THEN g.n ELSE 0 END) AS integrated,
         SUM(CASE WHEN g.st = 'FI' THEN g.n ELSE 0 END) AS infrastructure_failures,
         SUM(CASE WHEN g.st = 'EN' THEN g.n ELSE 0 END) AS business_errors,
         SUM(CASE WHEN g.st = 'NI' THEN g.n ELSE 0 END) AS not_sent,
         SUM(CASE WHEN g.st IN ('FI', 'EN') AND g.attempts >= :maxAttempts THEN g.n ELSE 0 END) AS exhausted_in_cycle,
         SUM(CASE WHEN g.st NOT IN ('I', 'NI') AND g.attempts >= :maxAttempts THEN g.n ELSE 0 END) AS exhausted_pending,
         MAX(CASE WHEN g.st = 'I' THEN g.last_at END) AS last_success
  FROM (${RAW_GROUPS}
  ) g
  GROUP BY g.cycle
) c
ORDER BY CASE
           WHEN c.cycle IS NULL THEN 2
           -- Started after the last completed run: a run still in progress, or
           -- packages re-sent by hand ("Forçar Reenvio"), not a publishing cycle.
           WHEN c.cycle > ${LAST_RUN_END} THEN 1
           ELSE 0
         END,
         c.cycle DESC
LIMIT 1`;

/**
 * Reads the newest publishing cycle's figures in one pass over the table.
 * `undefined` when no package was ever tried in a cycle.
 */
export async function readLastCycle(reader: SqlReader, maxAttempts: number): Promise<LastCycleFigures | undefined> {
  const [row] = await read(reader, LAST_CYCLE_SQL, { maxAttempts });
  const cycle = row && text(row, 'cycle');
  if (!row || !cycle) return undefined;
  return {
    cycle,
    tried: count(row, 'tried'),
    integrated: count(row, 'integrated'),
    infrastructureFailures: count(row, 'infrastructure_failures'),
    businessErrors: count(row, 'business_errors'),
    notSent: count(row, 'not_sent'),
    exhaustedInCycle: count(row, 'exhausted_in_cycle'),
    exhaustedTotal: count(row, 'exhausted_total'),
    lastSuccess: text(row, 'last_success'),
    lastRunEnd: text(row, 'last_run_end'),
    adminEmails: text(row, 'admin_emails'),
  };
}

const FAILED_PACKAGES_SQL = `
SELECT e.id_md_pi_pacote_envio AS package_id, e.id_protocolo AS process_id,
       pr.protocolo_formatado AS process_number, e.sta_integracao AS status,
       e.num_tentativas_envio AS attempts, e.dth_situacao AS status_changed_at,
       ${ERROR_EXCERPT} AS error_excerpt
FROM md_pi_pacote_envio e
LEFT JOIN protocolo pr ON pr.id_protocolo = e.id_protocolo
WHERE e.dth_agendamento_executado = :cycle AND ${STATUS} IN ('FI', 'EN')
ORDER BY CASE WHEN ${ATTEMPTS} >= :maxAttempts THEN 0 ELSE 1 END, ${STATUS} DESC, e.id_md_pi_pacote_envio
LIMIT :limit`;

/**
 * Lists up to `limit` failed packages of a cycle, those that exhausted their
 * attempts first.
 */
export async function readFailedPackages(
  reader: SqlReader,
  cycle: string,
  maxAttempts: number,
  limit: number
): Promise<FailedPackage[]> {
  const rows = await read(reader, FAILED_PACKAGES_SQL, { cycle: { timestamp: cycle }, maxAttempts, limit });
  return rows.map((row) => ({
    packageId: count(row, 'package_id'),
    processId: optionalInt(row, 'process_id'),
    processNumber: text(row, 'process_number'),
    status: text(row, 'status') ?? '',
    attempts: count(row, 'attempts'),
    statusChangedAt: text(row, 'status_changed_at'),
    errorExcerpt: text(row, 'error_excerpt'),
  }));
}

const TASK = (command: string, column: string) =>
  `(SELECT t.${column} FROM infra_agendamento_tarefa t WHERE t.comando LIKE '%${command}%' ORDER BY t.id_infra_agendamento_tarefa LIMIT 1)`;

const SENDING_SQL = `
SELECT SUM(g.n) AS packages,
       SUM(g.tried) AS tried,
       MAX(g.last_at) AS last_attempt,
       MAX(CASE WHEN g.st = 'I' THEN g.last_at END) AS last_success,
       MAX(CASE WHEN g.st IN ('I', 'EN') THEN g.last_at END) AS last_answer,
       MAX(g.cycle) AS last_cycle,
       SUM(CASE WHEN g.st = 'NI' THEN g.n ELSE 0 END) AS not_sent,
       SUM(CASE WHEN g.st NOT IN ('I', 'NI') AND g.attempts < :maxAttempts THEN g.n ELSE 0 END) AS retrying,
       SUM(CASE WHEN g.st NOT IN ('I', 'NI', 'EN') AND g.attempts < :maxAttempts THEN g.n ELSE 0 END) AS retrying_unanswered,
       SUM(CASE WHEN g.st NOT IN ('I', 'NI') AND g.attempts >= :maxAttempts THEN g.n ELSE 0 END) AS exhausted,
       ${LAST_RUN_END} AS last_run_end,
       (SELECT MAX(pp.sin_executando_publicacao) FROM md_pi_parametros pp) AS run_in_progress,
       ${TASK('notificarNovosPacotesNaoSendoGerados', 'parametro')} AS tolerance_parameter,
       ${TASK('publicarProtocoloIntegrado', 'sin_ativo')} AS publishing_task_active,
       ${ADMIN_EMAILS} AS admin_emails
FROM (${RAW_GROUPS}
) g`;

/** Reads the sending figures of the whole table in one pass. */
export async function readSendingFigures(reader: SqlReader, maxAttempts: number): Promise<SendingFigures> {
  const [row = {}] = await read(reader, SENDING_SQL, { maxAttempts });
  return {
    packages: count(row, 'packages'),
    tried: count(row, 'tried'),
    lastAttempt: text(row, 'last_attempt'),
    lastSuccess: text(row, 'last_success'),
    lastAnswer: text(row, 'last_answer'),
    lastCycle: text(row, 'last_cycle'),
    notSent: count(row, 'not_sent'),
    retrying: count(row, 'retrying'),
    retryingUnanswered: count(row, 'retrying_unanswered'),
    exhausted: count(row, 'exhausted'),
    lastRunEnd: text(row, 'last_run_end'),
    runInProgress: (text(row, 'run_in_progress') ?? '').trim().toUpperCase() === 'S',
    toleranceParameter: text(row, 'tolerance_parameter'),
    publishingTaskActive: text(row, 'publishing_task_active')?.trim().toUpperCase(),
    adminEmails: text(row, 'admin_emails'),
  };
}

const LATEST_FAILURE_SQL = `
SELECT e.sta_integracao AS status, e.dth_situacao AS status_changed_at, ${ERROR_EXCERPT} AS error_excerpt
FROM md_pi_pacote_envio e
WHERE ${STATUS} IN ('FI', 'EN') AND e.dth_situacao IS NOT NULL
ORDER BY e.dth_situacao DESC
LIMIT 1`;

/** The newest failed attempt, if any. */
export async function readLatestFailure(reader: SqlReader): Promise<LatestFailure | undefined> {
  const [row] = await read(reader, LATEST_FAILURE_SQL, {});
  if (!row) return undefined;
  return {
    status: text(row, 'status') ?? '',
    statusChangedAt: text(row, 'status_changed_at'),
    errorExcerpt: text(row, 'error_excerpt'),
  };
}

const ADMIN_EMAILS_SQL = `SELECT ${ADMIN_EMAILS} AS admin_emails`;

/** `SEI_EMAIL_ADMINISTRADOR`, for a test mail when `MAIL_TO` is not set. */
export async function readAdminEmails(reader: SqlReader): Promise<string | undefined> {
  const [row] = await read(reader, ADMIN_EMAILS_SQL, {});
  return row && text(row, 'admin_emails');
}
