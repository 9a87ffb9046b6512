/**
 * SqlExecutor on an embedded PGlite instance. The caller owns the instance:
 * `close()` does not close it.
 */
import type { PGlite } from '@electric-sql/pglite';
import { toPositional } from './named-parameters';
import {
  postgresCell,
  postgresColumnInfo,
  postgresError,
  postgresParameterText,
  renderPostgresPlaceholder,
  TEXT_PARSED_OIDS,
} from './postgres-values';
import { checkTypeHint } from './type-hints';
import type { BoundParameter, ExecutorResult, SqlExecutor } from './types';

const keepText = (x: string) => x;

/** Per-query parsers: every built-in type stays in text form (converted by postgresCell). */
const TEXT_PARSERS: Record<number, (x: string) => string> = Object.fromEntries(TEXT_PARSED_OIDS.map((oid) => [oid, keepText]));

/** Parameters are already PostgreSQL text; PGlite must not re-serialize them (e.g. JSON.stringify). */
const TEXT_SERIALIZERS = new Proxy({} as Record<number, (x: unknown) => string>, {
  get: () => (x: unknown) => String(x),
});

const WRITE_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);

export function createPgliteExecutor(db: PGlite): SqlExecutor {
  const typeNames = new Map<number, string>();

  async function resolveTypeNames(oids: number[]): Promise<void> {
    const missing = oids.filter((oid) => !typeNames.has(oid));
    if (missing.length === 0) return;
    try {
      const r = await db.query<[number, string]>(
        'select oid::int4, typname::text from pg_catalog.pg_type where oid = any($1::oid[])',
        [`{${missing.join(',')}}`],
        { rowMode: 'array', parsers: TEXT_PARSERS, serializers: TEXT_SERIALIZERS }
      );
      for (const [oid, name] of r.rows) typeNames.set(Number(oid), name);
    } catch {
      // Metadata only; a failure here must not fail the statement.
    }
  }

  return {
    dialect: 'postgres',
    async execute(sql: string, params: readonly BoundParameter[]): Promise<ExecutorResult> {
      params.forEach(checkTypeHint);
      const statement = toPositional(sql, params, 'postgres', renderPostgresPlaceholder);
      let result: Awaited<ReturnType<typeof db.query<unknown[]>>>;
      try {
        result = await db.query<unknown[]>(statement.sql, statement.params.map(postgresParameterText), {
          rowMode: 'array',
          parsers: TEXT_PARSERS,
          serializers: TEXT_SERIALIZERS,
        });
      } catch (err) {
        throw postgresError(err) ?? err;
      }
      const command = (result.command ?? '').toUpperCase();
      const rowsAffected = WRITE_COMMANDS.has(command) ? (result.rowCount ?? result.affectedRows ?? 0) : 0;
      if (result.fields.length === 0 && command !== 'SELECT') {
        return { rows: [], rowsAffected };
      }
      await resolveTypeNames(result.fields.map((f) => f.dataTypeID));
      const columns = result.fields.map((f) => postgresColumnInfo(f, typeNames.get(f.dataTypeID), undefined));
      const oids = result.fields.map((f) => f.dataTypeID);
      const rows = result.rows.map((row) => row.map((value, i) => postgresCell(value, oids[i] ?? 25)));
      return { columns, rows, rowsAffected };
    },
    async close(): Promise<void> {
      // The PGlite instance belongs to the caller.
    },
  };
}
