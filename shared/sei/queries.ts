import type { FailedProcessList, FailureFigures, LatestFailure, PublishingTask, SendingFigures } from '../checks/figures';
import { assessRunProgress } from '../checks/run-progress';
import { count, id, optionalInt, text } from '../data-api/row';
import type { SqlParam, SqlReader, SqlRow } from '../data-api/sql-client';
import { MissingGrantError, ModuleNotInstalledError } from '../errors';
import { MODULE_V2_COLUMNS, matchingIndexesSql, moduleV2ColumnsSql, type PackageAccess } from './notifier-index';
import {
  failureGroups,
  groupFailureTotals,
  INDEX_FAILURE_TOTALS,
  statusRows,
  triedInRanges,
  untriedFailureAttempts,
  untriedFailuresBefore,
} from './package-sources';

/**
 * The only SQL the notifier runs. Every statement is a SELECT with bound
 * parameters, portable between MySQL 8/MariaDB and PostgreSQL, aggregates in
 * the database, never reads `arquivo_metadados`, cuts error texts in SQL and
 * bounds every list with LIMIT (the Data API answers at most 1 MiB).
 *
 * A check first looks the recommended index up (`choosePackageAccess`).
 * Without it, each statement over `md_pi_pacote_envio` is one pass over the
 * table; with it, a few ranges of the index (see package-sources.ts).
 */
/** The module's tables the checks read; missing ones mean the module is not installed. */
export const SEI_TABLES = ['md_pi_pacote_envio', 'md_pi_parametros', 'infra_parametro', 'infra_agendamento_tarefa', 'protocolo'] as const;

/** Characters of `arquivo_erro` read per package (from `<Resultado>` on). */
export const ERROR_EXCERPT_CHARS = 1000;

/** Status normalized in SQL: PostgreSQL pads char(2) and old rows may be lower case. */
const STATUS = 'UPPER(TRIM(e.sta_integracao))';
const ATTEMPTS = 'COALESCE(e.num_tentativas_envio, 0)';
/** The start of a package's `arquivo_erro` (table alias `t`), from `<Resultado>` on. */
const errorExcerpt = (t: string) =>
  `SUBSTRING(${t}.arquivo_erro, GREATEST(POSITION('<Resultado>' IN ${t}.arquivo_erro), 1), ${ERROR_EXCERPT_CHARS})`;
/**
 * Characters of `SEI_EMAIL_ADMINISTRADOR` read: far more than MAX_RECIPIENTS
 * addresses, and far below the Data API's 64 KB per row (5,000 addresses,
 * about 114 KB, made the whole statement fail).
 */
export const ADMIN_EMAILS_MAX_CHARS = 32_000;
const ADMIN_EMAILS_VALUE = "(SELECT ip.valor FROM infra_parametro ip WHERE ip.nome = 'SEI_EMAIL_ADMINISTRADOR')";
const ADMIN_EMAILS = `SUBSTRING(${ADMIN_EMAILS_VALUE}, 1, ${ADMIN_EMAILS_MAX_CHARS}) AS admin_emails,
       CHAR_LENGTH(${ADMIN_EMAILS_VALUE}) AS admin_emails_chars`;

/** `SEI_EMAIL_ADMINISTRADOR` as read; when cut, without its last (maybe cut) entry. */
function adminEmailsOf(row: SqlRow): string | undefined {
  const value = text(row, 'admin_emails');
  if (value === undefined || count(row, 'admin_emails_chars') <= ADMIN_EMAILS_MAX_CHARS) return value;
  return value.slice(0, Math.max(value.lastIndexOf(';'), value.lastIndexOf(','), 0));
}
const LAST_RUN_END = '(SELECT MAX(pp.dth_ultimo_processamento) FROM md_pi_parametros pp)';

/** A bound timestamp no stored value reaches: comparisons with it are false. */
const NEVER = { timestamp: '9999-12-31 23:59:59' } as const;
/** A bound timestamp every stored value passes. */
const ALWAYS = { timestamp: '1000-01-01 00:00:00' } as const;
/** `value` as a bound timestamp, or the sentinel when there is none. */
const stamp = (value: string | undefined, otherwise: SqlParam): SqlParam => (value ? { timestamp: value } : otherwise);

const MISSING_TABLE =
  /(?:relation|table)\s+["'`]?(?:[\w$]+\.)?([\w$]+)["'`]?\s+(?:does not exist|doesn't exist)|Table\s+'(?:[\w$]+\.)?([\w$]+)'\s+doesn't exist/i;

/**
 * "permission denied for table x" (PostgreSQL 42501) or "SELECT command
 * denied to user 'u'@'h' for table 'x'" (MySQL 1142).
 */
const MISSING_GRANT =
  /permission denied for (?:table|relation) ["'`]?(?:[\w$]+["'`]?\.["'`]?)?([\w$]+)|SELECT command denied to user '([^']*)'@'([^']*)' for table ["'`]?(?:[\w$]+["'`]?\.["'`]?)?([\w$]+)/i;

/** Runs a statement, turning "table does not exist" and "permission denied" into clear errors. */
async function read(reader: SqlReader, sql: string, params: Record<string, SqlParam>): Promise<SqlRow[]> {
  try {
    return await reader.query(sql, params);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const denied = MISSING_GRANT.exec(message);
    const deniedTable = denied?.[1] ?? denied?.[4];
    if (denied && deniedTable) {
      const grantee = denied[2] !== undefined ? `'${denied[2]}'@'${denied[3]}'` : '<usuario_somente_leitura>';
      throw new MissingGrantError(
        `O usuário do banco não tem permissão de leitura na tabela ${deniedTable}. Conceda-a (como administrador do banco) com: GRANT SELECT ON ${deniedTable} TO ${grantee}; — as tabelas necessárias são ${SEI_TABLES.join(', ')}.`,
        { cause: error }
      );
    }
    const match = MISSING_TABLE.exec(message);
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
 * A task's row in SEI's scheduler, as a subquery selecting `columns`. Several
 * rows may carry the same command (a task re-created by hand beside an old
 * disabled copy): the active one is the one SEI runs, then the newest start.
 */
const taskRow = (command: string, columns: string) =>
  `(SELECT ${columns} FROM infra_agendamento_tarefa t WHERE t.comando LIKE '%${command}%'
    ORDER BY CASE WHEN UPPER(TRIM(COALESCE(t.sin_ativo, 'N'))) = 'S' THEN 0 ELSE 1 END,
             CASE WHEN t.dth_ultima_execucao IS NULL THEN 1 ELSE 0 END, t.dth_ultima_execucao DESC,
             t.id_infra_agendamento_tarefa DESC
    LIMIT 1)`;

const PUBLISHING_COMMAND = 'publicarProtocoloIntegrado';
const TASK_START = taskRow(PUBLISHING_COMMAND, 't.dth_ultima_execucao');
const RUN_MARKER = '(SELECT MAX(pp.sin_executando_publicacao) FROM md_pi_parametros pp)';
/**
 * The publishing task's row as a derived table to join `ON 1 = 1` (no row:
 * its columns NULL). One subquery, not one per column: less to plan.
 */
const PUBLISHING_TASK_ROW = taskRow(
  PUBLISHING_COMMAND,
  `t.sin_ativo AS task_active, t.dth_ultima_execucao AS task_start, t.dth_ultima_conclusao AS task_end,
             t.sin_sucesso AS task_success, t.sta_periodicidade_execucao AS task_periodicity, t.periodicidade_complemento AS task_complement`
);

/**
 * The cycle of the newest integrated try before the module's last end: a
 * completed run's, at or before the last completed run's. One probe at the
 * end of the index's `I` range.
 */
const WINDOW_FLOOR = `(SELECT x.dth_agendamento_executado FROM md_pi_pacote_envio x
            WHERE x.sta_integracao = 'I' AND x.dth_situacao <= ${LAST_RUN_END}
            ORDER BY x.dth_situacao DESC LIMIT 1)`;

/** The number of indexes that match the recommended one (catalog views only). */
const indexPresenceSql = (engine: 'mysql' | 'postgres') =>
  `SELECT ${matchingIndexesSql(engine)} AS indexes, ${moduleV2ColumnsSql(engine)} AS module_v2`;

/** Marks an access as on module 2.x when the probe saw both of its columns. */
const withModuleVersion = (access: PackageAccess, row: SqlRow): PackageAccess =>
  count(row, 'module_v2') === MODULE_V2_COLUMNS.length ? { ...access, moduleV2: true } : access;

/**
 * The recommended index's presence and, only when it is there (a CASE branch
 * not taken is not evaluated; without the index this probe would be a pass),
 * the bounds of the ranges the failure figures read:
 * - `window_floor`: the cycle of the newest integrated try before the last
 *   run's end. That cycle is a completed run's, at or before every window's
 *   start: failures tried before it are in no window.
 * - `integrated_from`: where the integrated packages they read start: that
 *   floor or, with none, that end or the scheduler's last start.
 * Read here, they reach the figures statement as constants, which both
 * engines estimate and use as range bounds (as a subquery, PostgreSQL
 * guessed millions of rows and spent 0.7 s compiling the plan with JIT at
 * 10 M packages).
 */
const failureWindowAccessSql = (engine: 'mysql' | 'postgres') => `
SELECT b.indexes, b.module_v2, b.window_floor,
       CASE WHEN b.indexes > 0 THEN COALESCE(b.window_floor, ${LAST_RUN_END}, ${TASK_START}) END AS integrated_from
FROM (
  SELECT a.indexes, a.module_v2,
         CASE WHEN a.indexes > 0 THEN ${WINDOW_FLOOR} END AS window_floor
  FROM (${indexPresenceSql(engine)}) a
  -- Keeps PostgreSQL from copying the probe into each use.
  LIMIT 1
) b`;

/**
 * Picks how the stalled check reads the package table: through the
 * recommended index (NOTIFIER_INDEX) when the database has it, else one
 * pass. Catalog views only: the sending figures need no bound, and without
 * the index PostgreSQL compiled the failure lookup's probe with JIT (190 ms
 * at 10 M packages) for a branch it never runs.
 */
export async function choosePackageAccess(reader: SqlReader, engine: 'mysql' | 'postgres'): Promise<PackageAccess> {
  const [row = {}] = await read(reader, indexPresenceSql(engine), {});
  return withModuleVersion(count(row, 'indexes') === 0 ? { kind: 'scan' } : { kind: 'index' }, row);
}

/**
 * {@link choosePackageAccess} for the failure check, with the bounds of the
 * failure window's ranges on the index path: one statement over catalog
 * views, the module's one-row tables and one index probe, a few
 * milliseconds.
 */
export async function chooseFailureWindowAccess(reader: SqlReader, engine: 'mysql' | 'postgres'): Promise<PackageAccess> {
  const [row = {}] = await read(reader, failureWindowAccessSql(engine), {});
  if (count(row, 'indexes') === 0) return withModuleVersion({ kind: 'scan' }, row);
  return withModuleVersion({ kind: 'index', integratedFrom: text(row, 'integrated_from'), windowFloor: text(row, 'window_floor') }, row);
}

/** In a row of run facts `f`: the scheduler started the task after the module's last recorded end (no normal end yet). */
const STARTED_AFTER_END = (f: string) => `(${f}.task_start IS NOT NULL AND (${f}.run_end IS NULL OR ${f}.run_end < ${f}.task_start))`;

/**
 * One row with what the module and SEI's scheduler say of the newest run,
 * each small-table subquery read once: its end, the module's marker, the
 * publishing task's row, SEI's administrator addresses; then whether it has
 * no normal end (the scheduler started it after the last end, or the
 * module's marker is still `S` — only a normal end clears it, nothing in
 * the module reads it), and its start when it did end. Whether
 * a run with no end is still going or was interrupted is decided in code,
 * with the clock (checks/run-progress.ts): SEI writes the same flags for both.
 */
const RUN_FACTS = `
    SELECT f.*,
           CASE WHEN UPPER(TRIM(COALESCE(f.run_marker, 'N'))) = 'S' OR ${STARTED_AFTER_END('f')} THEN 1 ELSE 0 END AS unfinished,
           CASE WHEN ${STARTED_AFTER_END('f')} THEN NULL ELSE f.task_start END AS settled_start
    FROM (SELECT ${LAST_RUN_END} AS run_end, ${RUN_MARKER} AS run_marker, pt.*,
                 ${ADMIN_EMAILS}
          FROM (SELECT 1 AS one) x LEFT JOIN ${PUBLISHING_TASK_ROW} pt ON 1 = 1
          -- LIMIT keeps PostgreSQL from inlining this row into every use of its
          -- columns: the subqueries multiplied into hundreds, and JIT compiling
          -- them took seconds.
          LIMIT 1) f
    LIMIT 1`;

/**
 * The window of current failures: the groups (joined to the run facts,
 * which stay one row when the table is empty) learn the stamp of the last
 * completed run (the newest stamp not after the module's last end), then
 * where the window starts (the newest run's start, or the completed run's
 * when the newest did not finish), then are summed. One pass over the
 * table; or, through the index, groups of the newest tries and a plain
 * count of the failures for the whole-table totals.
 */
function failureFiguresSql(access: PackageAccess['kind']): string {
  const scan = access === 'scan';
  // Some package exists: the window has a start (else, with the table empty, none).
  const anyPackage = scan ? 'c.n IS NOT NULL' : 'c.any_package = 1';
  const totals = scan
    ? groupFailureTotals('c')
    : `
       MAX(c.exhausted_total) AS exhausted_total,
       MAX(c.newly_exhausted) AS newly_exhausted,
       MAX(c.failing_since_alert) AS failing_since_alert,
       MIN(c.untried_before_floor) AS untried_before_floor,
       MAX(c.failed_after_check_before_floor) AS failed_after_check_before_floor`;
  const wholeTable = scan
    ? ''
    : `
      CROSS JOIN (
        SELECT k.*, CASE WHEN EXISTS (SELECT 1 FROM md_pi_pacote_envio p) THEN 1 ELSE 0 END AS any_package
        FROM (${INDEX_FAILURE_TOTALS}
        ) k
      ) o`;
  return `
SELECT MAX(CASE WHEN ${anyPackage} THEN c.window_start END) AS window_start,
       MAX(CASE WHEN ${anyPackage} THEN c.newest_start END) AS newest_start,
       MAX(c.completed_start) AS completed_start,
       SUM(CASE WHEN c.cycle >= c.window_start THEN c.n ELSE 0 END) AS tried,
       SUM(CASE WHEN c.cycle >= c.window_start AND c.st = 'I' THEN c.n ELSE 0 END) AS integrated,
       SUM(CASE WHEN c.cycle >= c.window_start AND c.st = 'FI' THEN c.n ELSE 0 END) AS infrastructure_failures,
       SUM(CASE WHEN c.cycle >= c.window_start AND c.st = 'EN' THEN c.n ELSE 0 END) AS business_errors,
       SUM(CASE WHEN c.cycle >= c.window_start AND c.st = 'NI' THEN c.n ELSE 0 END) AS not_sent,
       ${totals},
       MAX(CASE WHEN c.cycle = c.completed_start THEN c.attempts END) AS max_attempts_in_run,
       ${untriedFailureAttempts('c')} AS untried_attempts,
       SUM(CASE WHEN c.st IN ('FI', 'EN') AND c.cycle < c.window_start AND c.attempts <> :maxAttempts THEN c.n_new ELSE 0 END) AS failed_after_check,
       SUM(CASE WHEN c.st IN ('FI', 'EN') AND c.cycle >= c.window_start AND c.attempts <> :maxAttempts THEN c.n_new ELSE 0 END) AS failed_in_window_after_check,
       MAX(CASE WHEN c.st = 'I' AND c.cycle > c.window_start THEN c.cycle END) AS resent_after_window,
       MAX(CASE WHEN c.st = 'I' THEN c.last_at END) AS last_success,
       MAX(c.run_end) AS last_run_end,
       MAX(c.last_at) AS last_try,
       MAX(c.unfinished) AS run_unfinished,
       MAX(c.task_active) AS task_active,
       MAX(c.task_start) AS task_start,
       MAX(c.task_end) AS task_end,
       MAX(c.task_success) AS task_success,
       MAX(c.task_periodicity) AS task_periodicity,
       MAX(c.task_complement) AS task_complement,
       MAX(c.admin_emails) AS admin_emails,
       MAX(c.admin_emails_chars) AS admin_emails_chars
FROM (
  SELECT b.*, CASE WHEN b.unfinished = 1 THEN COALESCE(b.completed_start, b.newest_start) ELSE b.newest_start END AS window_start
  FROM (
    SELECT a.*,
           CASE WHEN a.settled_start IS NULL THEN a.completed_start
                WHEN a.completed_start IS NULL OR a.settled_start > a.completed_start THEN a.settled_start
                ELSE a.completed_start END AS newest_start
    FROM (
      SELECT g.cycle, g.st, g.attempts, g.n, g.n_after_check, g.n_new, g.last_at, g.completed_start, r.*${scan ? '' : ', o.*'}
      FROM (${RUN_FACTS}
      ) r${wholeTable}
      LEFT JOIN (
        -- The newest stamp not after the last end, on every group: the first of
        -- them newest first (MariaDB computes MAX(...) OVER () in time quadratic
        -- in the groups: 1 s for 6,000). Over the narrow groups only, not the
        -- run facts (addresses up to 32,000 characters) a window would sort.
        SELECT k.cycle, k.st, k.attempts, k.n, k.n_after_check, k.n_new, k.last_at,
               FIRST_VALUE(k.completed) OVER (ORDER BY CASE WHEN k.completed IS NULL THEN 0 ELSE 1 END DESC, k.completed DESC) AS completed_start
        FROM (
          SELECT w.*, CASE WHEN w.cycle <= ${LAST_RUN_END} THEN w.cycle END AS completed
          FROM (${failureGroups(access)}
          ) w
        ) k
      ) g ON 1 = 1
    ) a
  ) b
) c`;
}

const FAILURE_FIGURES_SQL = { scan: failureFiguresSql('scan'), index: failureFiguresSql('index') } as const;

/** The lower of two optional numbers. */
const lowest = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

function publishingTask(row: SqlRow): PublishingTask | undefined {
  const task = {
    active: text(row, 'task_active')?.trim().toUpperCase(),
    lastStart: text(row, 'task_start'),
    lastCompletion: text(row, 'task_end'),
    succeeded: text(row, 'task_success')?.trim().toUpperCase(),
    periodicity: text(row, 'task_periodicity')?.trim(),
    complement: text(row, 'task_complement'),
  };
  return Object.values(task).some((v) => v !== undefined) ? task : undefined;
}

export interface FailureWindowOptions {
  readonly maxAttempts: number;
  /** Now, and SEI's zone: whether a run with no end is still going depends on the clock. */
  readonly now: Date;
  readonly timeZone: string;
  /** Start of the run the open alert is about, if any. */
  readonly alertedSince?: string;
  /** Tries after this count as newly exhausted (the previous check); none: no try does. */
  readonly exhaustedSince?: string;
  /** The previous check: failed tries after it are new, whatever their cycle; none: only the window's are. */
  readonly checkedAt?: string;
}

/** Reads the current failures' figures and the newest run, in one statement. */
export async function readFailureFigures(
  reader: SqlReader,
  options: FailureWindowOptions,
  access: PackageAccess = { kind: 'scan' }
): Promise<FailureFigures> {
  const bounds: Record<string, SqlParam> =
    access.kind === 'index'
      ? {
          // With no run and no try to start from, no integrated package is in any window.
          integratedFrom: stamp(access.integratedFrom, NEVER),
          // With no floor known, every failure may be.
          windowFloor: stamp(access.windowFloor, ALWAYS),
        }
      : {};
  const [row = {}] = await read(reader, FAILURE_FIGURES_SQL[access.kind], {
    ...bounds,
    maxAttempts: options.maxAttempts,
    alertedSince: stamp(options.alertedSince, NEVER),
    exhaustedSince: stamp(options.exhaustedSince, NEVER),
    checkedAt: stamp(options.checkedAt, NEVER),
  });
  const completedStart = text(row, 'completed_start');
  const lastRunEnd = text(row, 'last_run_end');
  const task = publishingTask(row);
  const progress = assessRunProgress(
    { start: task?.lastStart, lastTry: text(row, 'last_try'), completedStart, lastRunEnd },
    options.now,
    options.timeZone
  );
  return {
    run: {
      // A run with no end is the newest one (unless it is still going); with no package at
      // all, the scheduler still tells when the task last started.
      start: progress.notFinished ? task?.lastStart : (text(row, 'newest_start') ?? task?.lastStart),
      completedStart,
      lastRunEnd,
      // The module's marker `S` with no newer start is a run that did not end (nothing else is running).
      unfinished: count(row, 'run_unfinished') === 1 && !progress.inProgress,
      inProgress: progress.inProgress,
      progress,
      task,
    },
    windowStart: text(row, 'window_start'),
    tried: count(row, 'tried'),
    integrated: count(row, 'integrated'),
    infrastructureFailures: count(row, 'infrastructure_failures'),
    businessErrors: count(row, 'business_errors'),
    notSent: count(row, 'not_sent'),
    newlyExhausted: count(row, 'newly_exhausted'),
    exhaustedTotal: count(row, 'exhausted_total'),
    failingSinceAlert: count(row, 'failing_since_alert'),
    maxAttemptsInRun: optionalInt(row, 'max_attempts_in_run'),
    untriedFailureAttempts: lowest(optionalInt(row, 'untried_attempts'), optionalInt(row, 'untried_before_floor')),
    failedOutsideWindow: count(row, 'failed_after_check') + count(row, 'failed_after_check_before_floor'),
    failedInWindowSinceCheck: count(row, 'failed_in_window_after_check'),
    integratedAfterWindow: text(row, 'resent_after_window'),
    lastSuccess: text(row, 'last_success'),
    adminEmails: adminEmailsOf(row),
  };
}

/**
 * Reached the attempt limit with a try after the previous check (or, on the
 * first run, out of attempts at all): named once. Exactly the limit: SEI's
 * runs stop there, and a "Forçar Reenvio" of an exhausted package (limit + 1)
 * is a current failure, not a new exhaustion.
 */
const NEWLY_EXHAUSTED = `((${ATTEMPTS} = :maxAttempts AND e.dth_situacao > :exhaustedSince)
        OR (:backlog = 1 AND ${ATTEMPTS} >= :maxAttempts))`;

/**
 * Failed again after the previous check, outside the window (a re-send
 * before the newest run): current too. A try that reached exactly the
 * limit is named as newly exhausted instead (not twice).
 */
const RETRIED_SINCE_CHECK = `(e.dth_situacao > :checkedAt AND ${ATTEMPTS} <> :maxAttempts)`;

/**
 * Short output names: the Data API repeats every column name in every row
 * of its JSON, and at ~30 rows the long names were half the response.
 */
/** The list's order, in the limit and after the joins: out of attempts first, then EN, then by process. */
const LISTED_FIRST = (f: string) => `${f}.exhausted DESC, UPPER(TRIM(${f}.status)) DESC, ${f}.process_id`;

const FAILED_PROCESSES_SQL = `
SELECT l.process_id AS pid, pr.protocolo_formatado AS num, l.package_id AS pkg, l.status AS st, l.attempts AS att,
       l.status_changed_at AS at, ${errorExcerpt('x')} AS err, l.packages AS pkgs, l.current_failure AS cur, l.exhausted AS exh,
       l.cur_n, l.exh_n, l.cur_en, l.exh_en
FROM (
  -- The processes listed, with the totals of all of them; the error text and the
  -- process number are read for these only (a cycle can fail thousands).
  SELECT f.*,
         SUM(f.current_failure) OVER () AS cur_n,
         SUM(f.exhausted) OVER () AS exh_n,
         SUM(CASE WHEN UPPER(TRIM(f.status)) = 'EN' THEN f.current_failure ELSE 0 END) OVER () AS cur_en,
         SUM(CASE WHEN UPPER(TRIM(f.status)) = 'EN' THEN f.exhausted ELSE 0 END) OVER () AS exh_en
  FROM (
    SELECT e.id_protocolo AS process_id, e.id_md_pi_pacote_envio AS package_id, e.sta_integracao AS status,
           ${ATTEMPTS} AS attempts, e.dth_situacao AS status_changed_at,
           -- Per process: any of its failing packages tried in the window, or just out of attempts.
           MAX(CASE WHEN e.dth_agendamento_executado >= :since OR ${RETRIED_SINCE_CHECK} THEN 1 ELSE 0 END) OVER (PARTITION BY e.id_protocolo) AS current_failure,
           MAX(CASE WHEN ${NEWLY_EXHAUSTED} THEN 1 ELSE 0 END) OVER (PARTITION BY e.id_protocolo) AS exhausted,
           COUNT(*) OVER (PARTITION BY e.id_protocolo) AS packages,
           ROW_NUMBER() OVER (PARTITION BY e.id_protocolo ORDER BY e.id_md_pi_pacote_envio DESC) AS newest
    FROM md_pi_pacote_envio e
    WHERE ${triedInRanges("e.sta_integracao IN ('EN', 'FI')", 'e.dth_situacao >= :triedSince')}
      AND ${STATUS} IN ('FI', 'EN') AND (e.dth_agendamento_executado >= :since OR ${RETRIED_SINCE_CHECK} OR ${NEWLY_EXHAUSTED})
  ) f
  WHERE f.newest = 1
  ORDER BY ${LISTED_FIRST('f')}
  LIMIT :limit
) l
JOIN md_pi_pacote_envio x ON x.id_md_pi_pacote_envio = l.package_id
LEFT JOIN protocolo pr ON pr.id_protocolo = l.process_id
ORDER BY ${LISTED_FIRST('l')}`;

export interface FailedProcessOptions {
  /** Start of the window of current failures. */
  readonly since?: string;
  readonly maxAttempts: number;
  /** Processes out of attempts with a try after this are named as such (and listed). */
  readonly exhaustedSince?: string;
  /** The previous check: a failed try after it is current wherever its cycle is (a re-send before the newest run). */
  readonly checkedAt?: string;
  /** Also list every process that ran out of attempts (the first run after deploy). */
  readonly backlog: boolean;
  readonly limit: number;
}

/**
 * Lists up to `limit` failing processes (each by its newest failing
 * package; those out of attempts first): the failures since the window
 * start, and those that ran out of attempts since the last check.
 */
export async function readFailedProcesses(reader: SqlReader, options: FailedProcessOptions): Promise<FailedProcessList> {
  // Implied by the conditions (a try is stamped at or after its cycle), but a range of the index
  // under each status the module writes.
  const earliest = [options.since, options.exhaustedSince, options.checkedAt].filter((t) => t !== undefined).sort()[0];
  const rows = await read(reader, FAILED_PROCESSES_SQL, {
    triedSince: options.backlog ? ALWAYS : stamp(earliest, NEVER),
    since: stamp(options.since, NEVER),
    maxAttempts: options.maxAttempts,
    exhaustedSince: stamp(options.exhaustedSince, NEVER),
    checkedAt: stamp(options.checkedAt, NEVER),
    backlog: options.backlog ? 1 : 0,
    limit: options.limit,
  });
  const [first] = rows;
  // Bounded in code too: the list is read into memory and mailed.
  const processes = rows.slice(0, options.limit).map((row) => ({
    packageId: id(row, 'pkg'),
    processId: optionalInt(row, 'pid'),
    processNumber: text(row, 'num'),
    status: text(row, 'st') ?? '',
    attempts: count(row, 'att'),
    statusChangedAt: text(row, 'at'),
    errorExcerpt: text(row, 'err'),
    packages: count(row, 'pkgs'),
    current: count(row, 'cur') === 1,
    exhausted: count(row, 'exh') === 1,
  }));
  return {
    processes,
    currentTotal: first ? count(first, 'cur_n') : 0,
    exhaustedTotal: first ? count(first, 'exh_n') : 0,
    currentBusiness: first ? count(first, 'cur_en') : 0,
    exhaustedBusiness: first ? count(first, 'exh_en') : 0,
  };
}

/**
 * Whole-table figures of sending, from one row per status (or per status
 * and attempts): every one is a count or a newest try by status.
 */
const sendingSql = (access: PackageAccess['kind']) => `
SELECT a.*, pt.*
FROM (
  SELECT MAX(s.last_at) AS last_attempt,
       MAX(s.first_at) AS last_new_package,
       MAX(CASE WHEN s.st = 'I' THEN s.last_at END) AS last_success,
       MAX(CASE WHEN s.st IN ('I', 'EN') THEN s.last_at END) AS last_answer,
       SUM(CASE WHEN s.st = 'NI' THEN s.n ELSE 0 END) AS not_sent,
       SUM(CASE WHEN s.st NOT IN ('I', 'NI') THEN s.n - s.exhausted ELSE 0 END) AS retrying,
       SUM(CASE WHEN s.st NOT IN ('I', 'NI', 'EN') THEN s.n - s.exhausted ELSE 0 END) AS retrying_unanswered,
       SUM(CASE WHEN s.st NOT IN ('I', 'NI') THEN s.exhausted ELSE 0 END) AS exhausted,
       ${LAST_RUN_END} AS last_run_end,
       ${RUN_MARKER} AS run_marker,
       ${taskRow('notificarNovosPacotesNaoSendoGerados', 't.parametro')} AS tolerance_parameter,
       ${ADMIN_EMAILS}
  FROM (${statusRows(access)}
  ) s
) a
LEFT JOIN ${PUBLISHING_TASK_ROW} pt ON 1 = 1`;

const SENDING_SQL = { scan: sendingSql('scan'), index: sendingSql('index') } as const;

/** Reads the sending figures of the whole table in one statement. */
export async function readSendingFigures(
  reader: SqlReader,
  maxAttempts: number,
  access: PackageAccess = { kind: 'scan' }
): Promise<SendingFigures> {
  const [row = {}] = await read(reader, SENDING_SQL[access.kind], { maxAttempts });
  return {
    lastAttempt: text(row, 'last_attempt'),
    lastSuccess: text(row, 'last_success'),
    lastAnswer: text(row, 'last_answer'),
    lastNewPackage: text(row, 'last_new_package'),
    notSent: count(row, 'not_sent'),
    retrying: count(row, 'retrying'),
    retryingUnanswered: count(row, 'retrying_unanswered'),
    exhausted: count(row, 'exhausted'),
    // Known only from a second statement, read when it can matter (readUnansweredSince).
    givenUpUnanswered: 0,
    lastRunEnd: text(row, 'last_run_end'),
    lastRunUnfinished: (text(row, 'run_marker') ?? '').trim().toUpperCase() === 'S',
    toleranceParameter: text(row, 'tolerance_parameter'),
    publishingTask: publishingTask(row),
    adminEmails: adminEmailsOf(row),
  };
}

/**
 * The packages the web service did not answer (`FI` or unknown) tried after
 * `:after`: how many SEI gave up on (attempt limit), and the newest one,
 * whose error is read by id once chosen (not for every row).
 */
const UNANSWERED_SQL = `
SELECT u.given_up, x.sta_integracao AS status, x.dth_situacao AS status_changed_at,
       ${errorExcerpt('x')} AS error_excerpt
FROM (
  SELECT e.id_md_pi_pacote_envio AS package_id,
         SUM(CASE WHEN ${ATTEMPTS} >= :maxAttempts THEN 1 ELSE 0 END) OVER () AS given_up,
         ROW_NUMBER() OVER (ORDER BY e.dth_situacao DESC, e.id_md_pi_pacote_envio DESC) AS newest
  FROM md_pi_pacote_envio e
  WHERE ${triedInRanges("e.sta_integracao = 'FI'", 'e.dth_situacao > :after')}
    AND ${STATUS} NOT IN ('I', 'NI', 'EN')
) u
JOIN md_pi_pacote_envio x ON x.id_md_pi_pacote_envio = u.package_id
WHERE u.newest = 1`;

/** What {@link readUnansweredSince} finds. */
export interface UnansweredSince {
  /** Unanswered packages SEI gave up on (attempt limit). */
  readonly givenUp: number;
  /** The newest unanswered failure, to hint at the cause of a stall. */
  readonly latest?: LatestFailure;
}

/**
 * The unanswered packages tried after `after` (the web service's last
 * answer; none: ever), in one statement read only when a stall is possible:
 * older errors say nothing about why it stopped answering.
 */
export async function readUnansweredSince(reader: SqlReader, maxAttempts: number, after: string | undefined): Promise<UnansweredSince> {
  const [row] = await read(reader, UNANSWERED_SQL, { maxAttempts, after: stamp(after, ALWAYS) });
  if (!row) return { givenUp: 0 };
  return {
    givenUp: count(row, 'given_up'),
    latest: {
      status: text(row, 'status') ?? '',
      statusChangedAt: text(row, 'status_changed_at'),
      errorExcerpt: text(row, 'error_excerpt'),
    },
  };
}

/**
 * The evidence of a lower attempt limit for the stalled check (the failure
 * check reads it with its figures): the fewest attempts of a failed package
 * the last completed run did not try (see `untriedFailureAttempts`).
 * - `scan`: one pass, grouped by (cycle, status, attempts); the completed
 *   run's stamp is the newest cycle not after the module's last end.
 * - `index`: the failures tried before the cycle of the newest integrated
 *   try before that end (a completed run's, at or before the last one's):
 *   one probe and a range under `EN` and `FI`. It can miss failures given
 *   up between that cycle and the last completed run's, never invents one.
 */
const untriedFailuresSql = (access: PackageAccess['kind']) =>
  access === 'scan'
    ? `
WITH g AS (
  SELECT e.dth_agendamento_executado AS cycle, UPPER(TRIM(e.sta_integracao)) AS st, COALESCE(e.num_tentativas_envio, 0) AS attempts
  FROM md_pi_pacote_envio e
  GROUP BY e.dth_agendamento_executado, e.sta_integracao, e.num_tentativas_envio
)
SELECT MAX(c.completed_start) AS completed_start, ${untriedFailureAttempts('c')} AS untried_attempts
FROM (
  SELECT g.*, k.completed_start
  FROM g CROSS JOIN (SELECT MAX(g2.cycle) AS completed_start FROM g g2 WHERE g2.cycle <= ${LAST_RUN_END}) k
) c`
    : `
SELECT f.completed_start, ${untriedFailuresBefore('f.completed_start')} AS untried_attempts
FROM (SELECT ${WINDOW_FLOOR} AS completed_start) f`;

/** The rows that showed a lower limit than the configured one. */
export interface UntriedFailures {
  /** The fewest attempts of a failed package (FI/EN) the last completed run did not try. */
  readonly attempts?: number;
  /** Start of that completed run (its stamp, `dth_agendamento_executado`). */
  readonly completedStart?: string;
}

const UNTRIED_FAILURES_SQL = { scan: untriedFailuresSql('scan'), index: untriedFailuresSql('index') } as const;

/** Reads the evidence of a lower attempt limit (3.x; the stalled check, when packages wait for a retry). */
export async function readUntriedFailures(reader: SqlReader, maxAttempts: number, access: PackageAccess): Promise<UntriedFailures> {
  const [row = {}] = await read(reader, UNTRIED_FAILURES_SQL[access.kind], { maxAttempts });
  return { attempts: optionalInt(row, 'untried_attempts'), completedStart: text(row, 'completed_start') };
}

/** Module 2.x's own settings, as its Parâmetros screen saved them. */
export interface ModuleV2Settings {
  /** `quantidade_tentativas`: the attempt limit 2.x's runs use. */
  readonly attemptsLimit?: number;
  /** `email_administrador`: where 2.x's own notifications went ("Administrador da Integração"). */
  readonly integrationAdmin?: string;
}

const MODULE_V2_SETTINGS_SQL = `
SELECT MAX(p.quantidade_tentativas) AS attempts_limit,
       SUBSTRING(MAX(p.email_administrador), 1, ${ADMIN_EMAILS_MAX_CHARS}) AS integration_admin
FROM md_pi_parametros p`;

/**
 * Reads module 2.x's settings; only when the probe saw its columns (on 3.x
 * the statement would not compile). A limit that is not a positive number
 * is left out: SEI's runs would then try nothing again, which the figures show.
 */
export async function readModuleV2Settings(reader: SqlReader): Promise<ModuleV2Settings> {
  const [row = {}] = await read(reader, MODULE_V2_SETTINGS_SQL, {});
  const limit = optionalInt(row, 'attempts_limit');
  return {
    attemptsLimit: limit !== undefined && limit > 0 ? limit : undefined,
    integrationAdmin: text(row, 'integration_admin')?.trim() || undefined,
  };
}

const ADMIN_EMAILS_SQL = `SELECT ${ADMIN_EMAILS}`;

/** `SEI_EMAIL_ADMINISTRADOR`, for a test mail when `MAIL_TO` is not set. */
export async function readAdminEmails(reader: SqlReader): Promise<string | undefined> {
  const [row] = await read(reader, ADMIN_EMAILS_SQL, {});
  return row && adminEmailsOf(row);
}
