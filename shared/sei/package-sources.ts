import type { PackageAccess } from './notifier-index';

/**
 * Where the figures statements read `md_pi_pacote_envio` from: one pass
 * over the table (`scan`), or ranges of the recommended index (`index`,
 * NOTIFIER_INDEX: status, then try, attempts and cycle). Every source here
 * yields small rows the statements in queries.ts sum up, with the status
 * normalized (PostgreSQL pads char(2), old rows may be lower case) on
 * groups, never per package.
 *
 * The index path splits the status domain into ranges: an equality range
 * for each status the module writes (`I`, `EN`, `FI`, `NI`), under which
 * the index orders by try, and the open ranges between them for anything
 * else (lower case, padded, unknown), normally empty. This partition holds
 * under any collation. It also relies on how the module stamps a try: the
 * cycle (`dth_agendamento_executado`, the try's start) is never after the
 * try (`dth_situacao`), so a package of a cycle at or after a bound was
 * tried at or after it.
 */

/** Every raw status but the four the module writes: the open ranges between them. */
export const OTHER_STATUS_RAW = `(e.sta_integracao < 'EN' OR (e.sta_integracao > 'EN' AND e.sta_integracao < 'FI')
      OR (e.sta_integracao > 'FI' AND e.sta_integracao < 'I') OR (e.sta_integracao > 'I' AND e.sta_integracao < 'NI')
      OR e.sta_integracao > 'NI')`;

/** The columns the window groups read, from table alias `e`. */
const TRY_COLUMNS =
  'e.dth_agendamento_executado AS cycle, e.sta_integracao AS sta, e.num_tentativas_envio AS attempts, e.dth_situacao AS tried_at';

/** The tries of the packages that meet `condition`, from table alias `e`. */
const triesWhere = (condition: string) => `SELECT ${TRY_COLUMNS} FROM md_pi_pacote_envio e WHERE ${condition}`;

/** The newest integrated try: one probe at the end of the `I` range. */
const NEWEST_INTEGRATED = `${triesWhere("e.sta_integracao = 'I' AND e.dth_situacao IS NOT NULL")} ORDER BY e.dth_situacao DESC LIMIT 1`;

/**
 * The packages under `statusRange` (ranges the module writes) tried at
 * `bound` (a comparison on `e.dth_situacao`), plus every odd status: index
 * ranges. The try is tested first on its own too: without the index,
 * MariaDB tests the conditions in written order on every row, and the
 * status ranges first had made a pass 1.3× slower.
 */
export const triedInRanges = (statusRange: string, bound: string) => `${bound}
      AND ((${statusRange} AND ${bound}) OR ${OTHER_STATUS_RAW})`;

const unionAll = (parts: readonly string[]) => parts.join('\n        UNION ALL\n        ');

/**
 * Packages as groups of (cycle, status, attempts): their count, how many
 * were tried after `:exhaustedSince` (where newly exhausted ones start) and
 * after `:checkedAt` (the previous check: new tries), and their newest
 * try. Grouped on the raw columns, normalized on the groups.
 */
function tryGroups(source: string): string {
  return `
    SELECT r.cycle, UPPER(TRIM(r.sta)) AS st, COALESCE(r.attempts, 0) AS attempts, r.n, r.n_after_check, r.n_new, r.last_at
    FROM (
      SELECT u.cycle, u.sta, u.attempts, COUNT(*) AS n,
             SUM(CASE WHEN u.tried_at > :exhaustedSince THEN 1 ELSE 0 END) AS n_after_check,
             SUM(CASE WHEN u.tried_at > :checkedAt THEN 1 ELSE 0 END) AS n_new, MAX(u.tried_at) AS last_at
      FROM ${source} u
      GROUP BY u.cycle, u.sta, u.attempts
    ) r`;
}

/**
 * The groups (cycle, st, attempts, n, n_after_check, n_new, last_at) the failure
 * window is computed from.
 *
 * - `scan`: every package; the whole-table totals come from them too.
 * - `index`: what the window and the last success can depend on: the
 *   integrated packages tried since `:integratedFrom` (grouped by cycle
 *   only, their status known) and the newest integrated try; the failures
 *   tried since `:windowFloor` (a cycle at or before every window's start,
 *   so no older try is in a window); the packages with a cycle but no try
 *   time, or never sent but with a cycle (odd data); and every other
 *   status. Not the failures older than the floor (they count only in the
 *   totals), nor the packages never sent.
 */
export function failureGroups(access: PackageAccess['kind']): string {
  if (access === 'scan') return tryGroups(`(SELECT ${TRY_COLUMNS} FROM md_pi_pacote_envio e)`);
  const others = tryGroups(`(
        ${unionAll([
          triesWhere("e.sta_integracao IN ('EN', 'FI') AND e.dth_situacao >= :windowFloor"),
          triesWhere("e.sta_integracao IN ('EN', 'FI', 'I') AND e.dth_situacao IS NULL AND e.dth_agendamento_executado IS NOT NULL"),
          triesWhere("e.sta_integracao = 'NI' AND e.dth_agendamento_executado IS NOT NULL"),
          triesWhere(OTHER_STATUS_RAW),
        ])}
      )`);
  return unionAll([
    // The newest integrated try (the last success), counted in the range below when in it.
    `SELECT n.cycle, 'I' AS st, COALESCE(n.attempts, 0) AS attempts, CASE WHEN n.tried_at < :integratedFrom THEN 1 ELSE 0 END AS n,
               0 AS n_after_check, 0 AS n_new, n.tried_at AS last_at
        FROM (${NEWEST_INTEGRATED}) n`,
    // Integrated tries since :integratedFrom, by cycle: the window counts them, the completed
    // run's highest attempt is read from them. Attempts are the group's highest.
    `SELECT e.dth_agendamento_executado AS cycle, 'I' AS st, MAX(COALESCE(e.num_tentativas_envio, 0)) AS attempts, COUNT(*) AS n,
               0 AS n_after_check, 0 AS n_new, NULL AS last_at
        FROM md_pi_pacote_envio e WHERE e.sta_integracao = 'I' AND e.dth_situacao >= :integratedFrom
        GROUP BY e.dth_agendamento_executado`,
    `SELECT o.* FROM (${others}
        ) o`,
  ]);
}

/**
 * The whole-table totals of failures, summed over groups `g` of
 * {@link tryGroups}: out of attempts, newly out of attempts (exactly the
 * limit, tried after the previous check) and failing since the open alert.
 */
export const groupFailureTotals = (g: string) => `
       SUM(CASE WHEN ${g}.st NOT IN ('I', 'NI') AND ${g}.attempts >= :maxAttempts THEN ${g}.n ELSE 0 END) AS exhausted_total,
       SUM(CASE WHEN ${g}.st IN ('FI', 'EN') AND ${g}.attempts = :maxAttempts THEN ${g}.n_after_check ELSE 0 END) AS newly_exhausted,
       SUM(CASE WHEN ${g}.st IN ('FI', 'EN') AND ${g}.cycle >= :alertedSince THEN ${g}.n ELSE 0 END) AS failing_since_alert`;

/** Counts the packages in the `EN` and `FI` ranges that meet `condition`. */
const countFailures = (condition: string) =>
  `(SELECT COUNT(*) FROM md_pi_pacote_envio e WHERE e.sta_integracao IN ('EN', 'FI') AND ${condition})`;

/**
 * A failed package below the limit that a completed run did not try shows
 * that SEI's limit is lower (notifier/sei-settings.ts `withInferredLimit`):
 * over groups `g` joined to `completed_start`, the fewest attempts of such
 * packages. Attempts 0 are odd data, not evidence.
 */
export const untriedFailureAttempts = (g: string) =>
  `MIN(CASE WHEN ${g}.st IN ('FI', 'EN') AND ${g}.attempts >= 1 AND ${g}.attempts < :maxAttempts AND ${g}.cycle < ${g}.completed_start THEN ${g}.attempts END)`;

/**
 * {@link untriedFailureAttempts} for the failures tried before `bound`, a
 * cycle at or before the last completed run's (so none of them was tried by
 * it), as a scalar subquery: a range of the index under `EN` and `FI`.
 */
export const untriedFailuresBefore = (bound: string) => `(SELECT MIN(COALESCE(e.num_tentativas_envio, 0)) FROM md_pi_pacote_envio e
                 WHERE e.sta_integracao IN ('EN', 'FI') AND e.dth_situacao < ${bound}
                   AND COALESCE(e.num_tentativas_envio, 0) >= 1 AND COALESCE(e.num_tentativas_envio, 0) < :maxAttempts)`;

/**
 * {@link groupFailureTotals} on the index path, one row: a count for each
 * total on the `EN` and `FI` ranges (no grouping and no row passed on: the
 * out-of-attempts backlog can be tens of thousands of packages; one test per
 * entry, not three), plus the groups of the other statuses. Only the
 * out-of-attempts count reads the whole ranges: the other two read the
 * tries since their bound (a try is never before its cycle) and those with
 * their time cleared. Packages never sent (`NI`) and integrated ones count
 * in none of them.
 */
export const INDEX_FAILURE_TOTALS = `
    SELECT SUM(t.exhausted_total) AS exhausted_total, SUM(t.newly_exhausted) AS newly_exhausted,
           SUM(t.failing_since_alert) AS failing_since_alert, MIN(t.untried_before_floor) AS untried_before_floor,
           SUM(t.failed_after_check_before_floor) AS failed_after_check_before_floor
    FROM (
        SELECT ${countFailures('COALESCE(e.num_tentativas_envio, 0) >= :maxAttempts')} AS exhausted_total,
               ${countFailures('e.dth_situacao > :exhaustedSince AND COALESCE(e.num_tentativas_envio, 0) = :maxAttempts')} AS newly_exhausted,
               ${countFailures('(e.dth_situacao >= :alertedSince OR e.dth_situacao IS NULL) AND e.dth_agendamento_executado >= :alertedSince')} AS failing_since_alert,
               ${untriedFailuresBefore(':windowFloor')} AS untried_before_floor,
               ${countFailures('e.dth_situacao > :checkedAt AND e.dth_situacao < :windowFloor AND COALESCE(e.num_tentativas_envio, 0) <> :maxAttempts')} AS failed_after_check_before_floor
        UNION ALL
        SELECT ${groupFailureTotals('o')}, NULL AS untried_before_floor, 0 AS failed_after_check_before_floor
        FROM (${tryGroups(`(${triesWhere(OTHER_STATUS_RAW)})`)}
        ) o
      ) t`;

/**
 * The first try of the packages of a group (status `st`, `attempts`): the
 * try itself when it was the only one; for a failing package, its
 * `dth_metadados`, which the module writes at the first try and again only
 * on success; none for a package integrated after retries.
 */
const FIRST_TRY = (g: string) => `CASE WHEN ${g}.attempts <= 1 THEN ${g}.last_at WHEN ${g}.st IN ('FI', 'EN') THEN ${g}.metadata_at END`;

/**
 * The sending figures' rows (a statement, or several joined by UNION ALL):
 * per status, how many packages, how many of them out of attempts
 * (`exhausted`), the newest try and the newest first try (`first_at`: a new
 * package, not a retry).
 *
 * - `scan`: groups of (status, attempts) of every package, in one pass.
 * - `index`: a count over each range the module writes (`I` excepted: only
 *   its newest try and its newest first try, probes at the range's end,
 *   matter), its newest try a probe at the range's end, and the groups of
 *   every other status.
 */
export function statusRows(access: PackageAccess['kind']): string {
  const groups = (where: string) => `
        SELECT r.st, r.n, r.exhausted, r.last_at, ${FIRST_TRY('r')} AS first_at
        FROM (
          SELECT UPPER(TRIM(q.sta)) AS st, COALESCE(q.attempts, 0) AS attempts, q.n,
                 CASE WHEN COALESCE(q.attempts, 0) >= :maxAttempts THEN q.n ELSE 0 END AS exhausted, q.last_at, q.metadata_at
          FROM (
            SELECT e.sta_integracao AS sta, e.num_tentativas_envio AS attempts, COUNT(*) AS n, MAX(e.dth_situacao) AS last_at,
                   MAX(e.dth_metadados) AS metadata_at
            FROM md_pi_pacote_envio e${where}
            GROUP BY e.sta_integracao, e.num_tentativas_envio
          ) q
        ) r`;
  if (access === 'scan') return groups('');
  const newestTry = (status: string) => `(SELECT MAX(x.dth_situacao) FROM md_pi_pacote_envio x WHERE x.sta_integracao = '${status}')`;
  // Attempts do not matter for packages never sent.
  const counted = (status: 'EN' | 'FI' | 'NI') =>
    `SELECT '${status}' AS st, COUNT(*) AS n,
               ${status === 'NI' ? '0' : 'SUM(CASE WHEN COALESCE(e.num_tentativas_envio, 0) >= :maxAttempts THEN 1 ELSE 0 END)'} AS exhausted,
               ${newestTry(status)} AS last_at,
               ${status === 'NI' ? 'NULL' : `MAX(CASE WHEN COALESCE(e.num_tentativas_envio, 0) <= 1 THEN e.dth_situacao ELSE e.dth_metadados END)`} AS first_at
        FROM md_pi_pacote_envio e WHERE e.sta_integracao = '${status}'`;
  // Integrated at the first try: its try is its first; most packages are, so the probe stops at once.
  const newestFirstSuccess = `(SELECT x.dth_situacao FROM md_pi_pacote_envio x
                 WHERE x.sta_integracao = 'I' AND x.dth_situacao IS NOT NULL AND COALESCE(x.num_tentativas_envio, 0) <= 1
                 ORDER BY x.dth_situacao DESC LIMIT 1)`;
  return unionAll([
    counted('EN'),
    counted('FI'),
    counted('NI'),
    `SELECT 'I' AS st, 0 AS n, 0 AS exhausted, ${newestTry('I')} AS last_at, ${newestFirstSuccess} AS first_at`,
    `SELECT o.* FROM (${groups(` WHERE ${OTHER_STATUS_RAW}`)}
        ) o`,
  ]);
}
