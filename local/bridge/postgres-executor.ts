/**
 * SqlExecutor on a PostgreSQL server through a `pg` Pool. Sessions use
 * TimeZone=UTC (the Data API default) and every type is read as text, so
 * dates/timestamps are never converted through JS Date.
 */
import pg from 'pg';
import { toPositional } from './named-parameters';
import {
  type PostgresColumnFacts,
  postgresCell,
  postgresColumnInfo,
  postgresError,
  postgresParameterText,
  renderPostgresPlaceholder,
} from './postgres-values';
import { checkTypeHint } from './type-hints';
import type { BoundParameter, ExecutorResult, SqlExecutor } from './types';

const keepText = (value: string) => value;
const TEXT_TYPES = { getTypeParser: () => keepText } as unknown as pg.CustomTypesConfig;
const WRITE_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);

export function createPostgresExecutor(connectionString: string): SqlExecutor {
  const pool = new pg.Pool({
    connectionString,
    max: 4,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 10_000,
    options: '-c TimeZone=UTC',
    types: TEXT_TYPES,
  });
  // An idle client losing its connection (server stopped) must not crash the process.
  pool.on('error', () => {});

  const typeNames = new Map<number, string>();
  const columnFacts = new Map<string, PostgresColumnFacts | null>();

  async function loadMetadata(fields: readonly pg.FieldDef[]): Promise<void> {
    const missingTypes = [...new Set(fields.map((f) => f.dataTypeID))].filter((oid) => !typeNames.has(oid));
    const missingColumns = fields.filter((f) => f.tableID !== 0 && !columnFacts.has(`${f.tableID}.${f.columnID}`));
    try {
      if (missingTypes.length > 0) {
        const r = await pool.query<{ oid: string; typname: string }>(
          'select oid::int4 as oid, typname::text as typname from pg_catalog.pg_type where oid = any($1::oid[])',
          [`{${missingTypes.join(',')}}`]
        );
        for (const row of r.rows) typeNames.set(Number(row.oid), row.typname);
      }
      if (missingColumns.length > 0) {
        const r = await pool.query<{ rel: string; num: string; notnull: string; relname: string; nspname: string; autoinc: string }>(
          `select a.attrelid::int8 as rel, a.attnum::int4 as num, a.attnotnull as notnull, c.relname::text, n.nspname::text,
                  (a.attidentity <> '' or coalesce(pg_get_expr(d.adbin, d.adrelid), '') like 'nextval(%') as autoinc
             from pg_catalog.pg_attribute a
             join pg_catalog.pg_class c on c.oid = a.attrelid
             join pg_catalog.pg_namespace n on n.oid = c.relnamespace
             left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
            where (a.attrelid::int8, a.attnum::int4) in (select * from unnest($1::int8[], $2::int4[]))`,
          [`{${missingColumns.map((f) => f.tableID).join(',')}}`, `{${missingColumns.map((f) => f.columnID).join(',')}}`]
        );
        for (const f of missingColumns) columnFacts.set(`${f.tableID}.${f.columnID}`, null);
        for (const row of r.rows) {
          columnFacts.set(`${row.rel}.${row.num}`, {
            notNull: row.notnull === 't',
            tableName: row.relname,
            schemaName: row.nspname,
            autoIncrement: row.autoinc === 't',
          });
        }
      }
    } catch {
      // Metadata only; a failure here must not fail the statement.
    }
  }

  return {
    dialect: 'postgres',
    async execute(sql: string, params: readonly BoundParameter[]): Promise<ExecutorResult> {
      params.forEach(checkTypeHint);
      const statement = toPositional(sql, params, 'postgres', renderPostgresPlaceholder);
      let result: pg.QueryArrayResult<unknown[]>;
      try {
        result = await pool.query({
          text: statement.sql,
          values: statement.params.map(postgresParameterText),
          rowMode: 'array',
        });
      } catch (err) {
        throw postgresError(err) ?? err;
      }
      const command = (result.command ?? '').toUpperCase();
      const rowsAffected = WRITE_COMMANDS.has(command) ? (result.rowCount ?? 0) : 0;
      const fields = result.fields ?? [];
      if (fields.length === 0 && command !== 'SELECT') return { rows: [], rowsAffected };
      await loadMetadata(fields);
      const columns = fields.map((f) =>
        postgresColumnInfo(f, typeNames.get(f.dataTypeID), columnFacts.get(`${f.tableID}.${f.columnID}`) ?? undefined)
      );
      const rows = result.rows.map((row) => row.map((value, i) => postgresCell(value, fields[i]?.dataTypeID ?? 25)));
      return { columns, rows, rowsAffected };
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}
