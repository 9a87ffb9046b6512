/**
 * The original module's query pattern (mod-sei-protocolo-integrado 3.0.x,
 * `ProtocoloIntegradoMonitoramentoProcessosRN`), replicated as the SQL its
 * InfraDTO calls produce, for the benchmark only.
 *
 * Failure check (`notificarProcessosComFalha`):
 *   1. `retTodos()` + `setNumMaxRegistrosRetorno(1)` + order by
 *      `dth_agendamento_executado` DESC: every column of the newest row,
 *      found by sorting the whole table;
 *   2. `retTodos()` with `sta_integracao = 'FI'` and that cycle: full rows,
 *      longtext included;
 *   3. the same for `'EN'`;
 *   4. only when 2 or 3 returned rows: `SEI_EMAIL_SISTEMA`,
 *      `SEI_EMAIL_ADMINISTRADOR` and `dth_ultimo_processamento`.
 * Stalled check (`notificarPacotesSemEnvio`):
 *   1. every column of the newest row by `dth_situacao` (whole-table sort);
 *   2. the `infra_agendamento_tarefa` row of the task (`retTodos()`);
 *   3. only when it alarms: the two e-mail parameters.
 *
 * PostgreSQL puts NULLs first in `ORDER BY ... DESC`, so the module, taken
 * literally, reads a never-tried package there as the newest row (the
 * failure check then stops after one statement and the stalled check raises
 * a false alarm). The benchmark orders NULLS LAST on PostgreSQL so that both
 * engines do the work the module intends; the passes cost the same.
 */
import type { SqlReader, SqlRow } from '../../shared/data-api/sql-client';
import { wholeDaysSince } from '../../shared/sei/local-time';
import type { Dialect } from '../sei/schema';

/** Every column of `md_pi_pacote_envio` (what `retTodos()` selects). */
const ALL_COLUMNS =
  'id_md_pi_pacote_envio, id_protocolo, dth_metadados, dth_situacao, sta_integracao, arquivo_metadados, arquivo_erro, num_tentativas_envio, dth_agendamento_executado';

const TASK_COLUMNS =
  'id_infra_agendamento_tarefa, descricao, comando, sta_periodicidade_execucao, periodicidade_complemento, dth_ultima_execucao, dth_ultima_conclusao, sin_sucesso, parametro, email_erro, sin_ativo';

const desc = (dialect: Dialect, column: string) => (dialect === 'postgres' ? `${column} DESC NULLS LAST` : `${column} DESC`);

/** The original statements, in the order the module runs them. */
export function originalStatements(dialect: Dialect) {
  return {
    newestByCycle: `SELECT ${ALL_COLUMNS} FROM md_pi_pacote_envio ORDER BY ${desc(dialect, 'dth_agendamento_executado')} LIMIT 1`,
    failedOfCycle: `SELECT ${ALL_COLUMNS} FROM md_pi_pacote_envio WHERE sta_integracao = :status AND dth_agendamento_executado = :cycle`,
    newestBySituation: `SELECT ${ALL_COLUMNS} FROM md_pi_pacote_envio ORDER BY ${desc(dialect, 'dth_situacao')} LIMIT 1`,
    task: `SELECT ${TASK_COLUMNS} FROM infra_agendamento_tarefa WHERE comando = 'ProtocoloIntegradoAgendamentoRN::notificarNovosPacotesNaoSendoGerados'`,
    parameter: 'SELECT nome, valor FROM infra_parametro WHERE nome = :name',
    lastRunEnd: 'SELECT dth_ultimo_processamento FROM md_pi_parametros',
  };
}

export interface OriginalFailedOutcome {
  readonly cycle?: string;
  readonly infrastructureFailures: number;
  readonly businessErrors: number;
  readonly wouldMail: boolean;
}

/** Runs the original failure check's statements through `reader`. */
export async function runOriginalFailedProcesses(reader: SqlReader, dialect: Dialect): Promise<OriginalFailedOutcome> {
  const sql = originalStatements(dialect);
  const [newest] = await reader.query(sql.newestByCycle);
  const cycle = newest?.dth_agendamento_executado;
  if (typeof cycle !== 'string') return { infrastructureFailures: 0, businessErrors: 0, wouldMail: false };
  const fi = await reader.query(sql.failedOfCycle, { status: 'FI', cycle: { timestamp: cycle } });
  const en = await reader.query(sql.failedOfCycle, { status: 'EN', cycle: { timestamp: cycle } });
  const wouldMail = fi.length > 0 || en.length > 0;
  if (wouldMail) {
    await reader.query(sql.parameter, { name: 'SEI_EMAIL_SISTEMA' });
    await reader.query(sql.parameter, { name: 'SEI_EMAIL_ADMINISTRADOR' });
    await reader.query(sql.lastRunEnd);
  }
  return { cycle, infrastructureFailures: fi.length, businessErrors: en.length, wouldMail };
}

export interface OriginalStalledOutcome {
  readonly newest?: string;
  readonly days: number;
  readonly wouldMail: boolean;
}

/** Runs the original stalled check's statements through `reader`. */
export async function runOriginalStalledPackages(
  reader: SqlReader,
  dialect: Dialect,
  now: Date,
  timeZone: string
): Promise<OriginalStalledOutcome> {
  const sql = originalStatements(dialect);
  const [newest] = await reader.query(sql.newestBySituation);
  if (!newest) return { days: 0, wouldMail: false };
  const [task] = await reader.query(sql.task);
  const situation = (newest as SqlRow).dth_situacao;
  const stamp = typeof situation === 'string' ? situation : '2000-01-01 00:00:00';
  const days = wholeDaysSince(stamp, now, timeZone) ?? 0;
  // PHP 8: an int compared with a numeric string compares numbers; with '' or NULL it alarms.
  const parameter = task?.parametro;
  const tolerance = typeof parameter === 'string' && /^\s*\d+\s*$/.test(parameter) ? Number(parameter) : undefined;
  const wouldMail = tolerance === undefined ? true : days >= tolerance;
  if (wouldMail) {
    await reader.query(sql.parameter, { name: 'SEI_EMAIL_SISTEMA' });
    await reader.query(sql.parameter, { name: 'SEI_EMAIL_ADMINISTRADOR' });
  }
  return { newest: stamp, days, wouldMail };
}
