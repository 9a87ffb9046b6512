/**
 * The index the README recommends on `md_pi_pacote_envio`. Status first:
 * the packages that matter (not sent, failing, out of attempts) are a few
 * index ranges, and the integrated ones, almost the whole table, are read
 * only from their newest tries (`dth_situacao`). The other two columns make
 * it covering, so no statement of the checks visits the table's rows.
 */
export const NOTIFIER_INDEX = {
  name: 'ix_md_pi_pacote_envio_notif',
  columns: ['sta_integracao', 'dth_situacao', 'num_tentativas_envio', 'dth_agendamento_executado'],
} as const;

/**
 * How a check reads `md_pi_pacote_envio`: one pass over the table, or ranges
 * of {@link NOTIFIER_INDEX}. For the failure check, the index path also
 * carries the bounds of the ranges its figures read (see
 * `failureWindowAccessSql` in queries.ts):
 * where the integrated packages start (`integratedFrom`; none: no run and
 * no try yet) and a cycle at or before every window's start
 * (`windowFloor`; none: nothing integrated before the last run's end).
 */
export type PackageAccess = (
  | { readonly kind: 'scan' }
  | { readonly kind: 'index'; readonly integratedFrom?: string; readonly windowFloor?: string }
) & {
  /** `md_pi_parametros` has module 2.x's own columns (read apart: see MODULE_V2_COLUMNS). */
  readonly moduleV2?: true;
};

/**
 * Module 2.x's columns of `md_pi_parametros` (rn/ProtocoloIntegradoVersaoRN.php
 * `instalarv113` @v2.1.3), dropped by 3.0.0 (`versao_3_0_0`): the attempt
 * limit of its Parâmetros screen and its "Administrador da Integração".
 */
export const MODULE_V2_COLUMNS = ['quantidade_tentativas', 'email_administrador'] as const;

/** A scalar subquery counting the 2.x columns the user can see (catalog views only). */
export function moduleV2ColumnsSql(engine: 'mysql' | 'postgres'): string {
  const schema = engine === 'postgres' ? 'current_schema()' : 'DATABASE()';
  return `(SELECT COUNT(*) FROM information_schema.columns c
   WHERE c.table_schema = ${schema} AND c.table_name = 'md_pi_parametros'
     AND c.column_name IN (${MODULE_V2_COLUMNS.map((column) => `'${column}'`).join(', ')}))`;
}

const COUNT_MATCHING_INDEXES = {
  postgres: `
  SELECT COUNT(*)
  FROM pg_index i
  WHERE i.indrelid = to_regclass('md_pi_pacote_envio') AND i.indisvalid AND i.indisready AND i.indpred IS NULL
    AND ${NOTIFIER_INDEX.columns.map((c, k) => `pg_get_indexdef(i.indexrelid, ${k + 1}, true) = '${c}'`).join(' AND ')}`,
  mysql: `
  SELECT COUNT(*)
  FROM (
    SELECT s.INDEX_NAME
    FROM information_schema.STATISTICS s
    WHERE s.TABLE_SCHEMA = DATABASE() AND s.TABLE_NAME = 'md_pi_pacote_envio'
      AND s.SUB_PART IS NULL
      AND (${NOTIFIER_INDEX.columns.map((c, k) => `(s.SEQ_IN_INDEX = ${k + 1} AND s.COLUMN_NAME = '${c}')`).join(' OR ')})
    GROUP BY s.INDEX_NAME
    HAVING COUNT(*) = ${NOTIFIER_INDEX.columns.length}
  ) x`,
} as const;

/**
 * A scalar subquery counting the table's usable indexes whose first key
 * columns are {@link NOTIFIER_INDEX}'s, in order (any name), from catalog
 * views every user may read: PostgreSQL's `pg_index` (valid ones only: a
 * failed `CREATE INDEX CONCURRENTLY` leaves an invalid index; not partial),
 * MySQL's `information_schema.STATISTICS` (rows of the tables the user can
 * read; whole columns, not prefixes). A partial or prefix index would match
 * by name but not serve every range, and the index path would fall back to
 * several passes.
 */
export function matchingIndexesSql(engine: 'mysql' | 'postgres'): string {
  return `(${COUNT_MATCHING_INDEXES[engine]}
)`;
}

/**
 * The statement a DBA runs to create an index on `md_pi_pacote_envio` on a
 * live SEI: online, without blocking the publishing job's writes
 * (PostgreSQL: outside a transaction).
 */
export function onlineCreateIndexStatement(engine: 'mysql' | 'postgres', name: string, columns: readonly string[]): string {
  return engine === 'postgres'
    ? `CREATE INDEX CONCURRENTLY ${name} ON md_pi_pacote_envio (${columns.join(', ')})`
    : `CREATE INDEX ${name} ON md_pi_pacote_envio (${columns.join(', ')}) ALGORITHM=INPLACE LOCK=NONE`;
}

/** {@link onlineCreateIndexStatement} for {@link NOTIFIER_INDEX}. */
export function createNotifierIndexStatement(engine: 'mysql' | 'postgres'): string {
  return onlineCreateIndexStatement(engine, NOTIFIER_INDEX.name, NOTIFIER_INDEX.columns);
}
