/**
 * Candidate rewrites of the checks' whole-table statements, measured by the
 * benchmark next to the shipped ones (shared/sei/queries.ts) so that the
 * numbers behind a recommendation come from the same run. Not used by the
 * functions.
 *
 * The shipped statements evaluate `UPPER(TRIM(sta_integracao))` and several
 * CASE aggregates for every row of the table; that per-row CPU, not reading
 * the table, dominates their cost. These versions first group the raw rows
 * by the raw columns (`dth_agendamento_executado`, `sta_integracao`,
 * `num_tentativas_envio`) with COUNT/MAX only, and normalize the status and
 * apply the CASE logic on the few thousand groups. Same results (the
 * benchmark checks they match), same single pass.
 */
import { ExecuteStatementCommand, type RDSDataClient, type SqlParameter } from '@aws-sdk/client-rds-data';
import type { DataApiTarget, SqlParam, SqlReader, SqlRow, SqlValue } from '../../shared/data-api/sql-client';
import { count, text } from '../../shared/data-api/row';
import { readFailedPackages } from '../../shared/sei/queries';

const ADMIN_EMAILS = "(SELECT ip.valor FROM infra_parametro ip WHERE ip.nome = 'SEI_EMAIL_ADMINISTRADOR')";
const LAST_RUN_END = '(SELECT MAX(pp.dth_ultimo_processamento) FROM md_pi_parametros pp)';
const TASK = (command: string, column: string) =>
  `(SELECT t.${column} FROM infra_agendamento_tarefa t WHERE t.comando LIKE '%${command}%' ORDER BY t.id_infra_agendamento_tarefa LIMIT 1)`;

/** Same columns and values as LAST_CYCLE_SQL in shared/sei/queries.ts. */
export const PROPOSED_LAST_CYCLE_SQL = `
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
  FROM (
    SELECT r.cycle, UPPER(TRIM(r.sta)) AS st, COALESCE(r.attempts, 0) AS attempts, r.n, r.last_at
    FROM (
      SELECT e.dth_agendamento_executado AS cycle, e.sta_integracao AS sta, e.num_tentativas_envio AS attempts,
             COUNT(*) AS n, MAX(e.dth_situacao) AS last_at
      FROM md_pi_pacote_envio e
      GROUP BY e.dth_agendamento_executado, e.sta_integracao, e.num_tentativas_envio
    ) r
  ) g
  GROUP BY g.cycle
) c
ORDER BY (c.cycle IS NULL), c.cycle DESC
LIMIT 1`;

/** Same columns and values as SENDING_SQL in shared/sei/queries.ts. */
export const PROPOSED_SENDING_SQL = `
SELECT SUM(g.n) AS packages,
       SUM(g.tried) AS tried,
       MAX(g.last_attempt) AS last_attempt,
       MAX(CASE WHEN g.st = 'I' THEN g.last_attempt END) AS last_success,
       MAX(g.last_cycle) AS last_cycle,
       SUM(CASE WHEN g.st = 'NI' THEN g.n ELSE 0 END) AS not_sent,
       SUM(CASE WHEN g.st NOT IN ('I', 'NI') AND g.attempts < :maxAttempts THEN g.n ELSE 0 END) AS retrying,
       SUM(CASE WHEN g.st NOT IN ('I', 'NI') AND g.attempts >= :maxAttempts THEN g.n ELSE 0 END) AS exhausted,
       ${LAST_RUN_END} AS last_run_end,
       (SELECT MAX(pp.sin_executando_publicacao) FROM md_pi_parametros pp) AS run_in_progress,
       ${TASK('notificarNovosPacotesNaoSendoGerados', 'parametro')} AS tolerance_parameter,
       ${TASK('publicarProtocoloIntegrado', 'sin_ativo')} AS publishing_task_active,
       ${ADMIN_EMAILS} AS admin_emails
FROM (
  SELECT UPPER(TRIM(r.sta)) AS st, COALESCE(r.attempts, 0) AS attempts, r.n, r.tried, r.last_attempt, r.last_cycle
  FROM (
    SELECT e.sta_integracao AS sta, e.num_tentativas_envio AS attempts, COUNT(*) AS n, COUNT(e.dth_situacao) AS tried,
           MAX(e.dth_situacao) AS last_attempt, MAX(e.dth_agendamento_executado) AS last_cycle
    FROM md_pi_pacote_envio e
    GROUP BY e.sta_integracao, e.num_tentativas_envio
  ) r
) g`;

/**
 * Figures of the newest cycle only (no whole-table `exhausted_total` /
 * `last_success`): with an index on `dth_agendamento_executado` both the MAX
 * and the cycle's rows are index reads. Without the index it is two passes.
 */
export const NEWEST_CYCLE_ONLY_SQL = `
SELECT e.dth_agendamento_executado AS cycle,
       COUNT(*) AS tried,
       SUM(CASE WHEN UPPER(TRIM(e.sta_integracao)) = 'I' THEN 1 ELSE 0 END) AS integrated,
       SUM(CASE WHEN UPPER(TRIM(e.sta_integracao)) = 'FI' THEN 1 ELSE 0 END) AS infrastructure_failures,
       SUM(CASE WHEN UPPER(TRIM(e.sta_integracao)) = 'EN' THEN 1 ELSE 0 END) AS business_errors,
       SUM(CASE WHEN UPPER(TRIM(e.sta_integracao)) IN ('FI', 'EN') AND COALESCE(e.num_tentativas_envio, 0) >= :maxAttempts THEN 1 ELSE 0 END) AS exhausted_in_cycle
FROM md_pi_pacote_envio e
WHERE e.dth_agendamento_executado = (SELECT MAX(x.dth_agendamento_executado) FROM md_pi_pacote_envio x)
GROUP BY e.dth_agendamento_executado`;

/** The figures both statements return, for comparing them with the shipped ones. */
export function cycleKey(row: Record<string, unknown> | undefined): string {
  if (!row) return '';
  const r = row as Record<string, string | number | boolean | null>;
  return [
    text(r, 'cycle'),
    count(r, 'tried'),
    count(r, 'integrated'),
    count(r, 'infrastructure_failures'),
    count(r, 'business_errors'),
    count(r, 'not_sent'),
    count(r, 'exhausted_in_cycle'),
    count(r, 'exhausted_total'),
    text(r, 'last_success'),
  ].join('|');
}

export function sendingKey(row: Record<string, unknown> | undefined): string {
  if (!row) return '';
  const r = row as Record<string, string | number | boolean | null>;
  return [
    count(r, 'packages'),
    count(r, 'tried'),
    text(r, 'last_attempt'),
    text(r, 'last_success'),
    text(r, 'last_cycle'),
    count(r, 'not_sent'),
    count(r, 'retrying'),
    count(r, 'exhausted'),
    text(r, 'tolerance_parameter'),
  ].join('|');
}

/** The failure check's statements with the proposed first statement. */
export async function runProposedFailedProcesses(reader: SqlReader, maxAttempts: number, maxListed: number): Promise<number> {
  const [row] = await reader.query(PROPOSED_LAST_CYCLE_SQL, { maxAttempts });
  const cycle = row ? text(row, 'cycle') : undefined;
  if (!row || !cycle) return 0;
  const failed = count(row, 'infrastructure_failures') + count(row, 'business_errors');
  if (failed === 0) return 0;
  const list = await readFailedPackages(reader, cycle, maxAttempts, maxListed);
  return list.length;
}

/** The stalled check's first statement, proposed version. */
export async function runProposedStalledPackages(reader: SqlReader, maxAttempts: number): Promise<void> {
  await reader.query(PROPOSED_SENDING_SQL, { maxAttempts });
}

function toParameter(name: string, value: SqlParam): SqlParameter {
  if (value === null) return { name, value: { isNull: true } };
  if (typeof value === 'object') return { name, value: { stringValue: value.timestamp }, typeHint: 'TIMESTAMP' };
  if (typeof value === 'boolean') return { name, value: { booleanValue: value } };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { name, value: { longValue: value } } : { name, value: { doubleValue: value } };
  }
  return { name, value: { stringValue: value } };
}

/**
 * A reader like shared/data-api/sql-client.ts's, but asking the Data API for
 * `formatRecordsAs: 'JSON'` without result metadata: the response carries
 * the rows as JSON objects keyed by column label instead of typed field
 * unions plus ~250 bytes of column metadata per column. Measured for its
 * bytes only.
 */
export function createJsonRecordsReader(client: RDSDataClient, target: DataApiTarget): SqlReader {
  return {
    async query(sql, params = {}) {
      const output = await client.send(
        new ExecuteStatementCommand({
          resourceArn: target.resourceArn,
          secretArn: target.secretArn,
          database: target.database,
          sql,
          parameters: Object.entries(params).map(([name, value]) => toParameter(name, value)),
          formatRecordsAs: 'JSON',
        })
      );
      const records = JSON.parse(output.formattedRecords ?? '[]') as Record<string, unknown>[];
      return records.map((record) => {
        const row: Record<string, SqlValue> = {};
        for (const [key, value] of Object.entries(record)) {
          row[key.toLowerCase()] =
            value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : JSON.stringify(value);
        }
        return row as SqlRow;
      });
    },
  };
}
