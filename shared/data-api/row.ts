import type { SqlRow, SqlValue } from './sql-client';

/**
 * Typed readers of a row's columns. Aggregates come back as strings or
 * numbers depending on engine (PostgreSQL's SUM is numeric), so they are
 * coerced here, in one place.
 */
function value(row: SqlRow, column: string): SqlValue {
  return row[column] ?? null;
}

/** A text column, or `undefined` for NULL. */
export function text(row: SqlRow, column: string): string | undefined {
  const v = value(row, column);
  return v === null ? undefined : String(v);
}

/** An integer column (counts, ids); NULL or unreadable counts as 0. */
export function count(row: SqlRow, column: string): number {
  const v = value(row, column);
  const n = typeof v === 'number' ? v : Number(v ?? 0);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

/** An id column (NOT NULL in the schema); unreadable values read as 0. */
export function id(row: SqlRow, column: string): number {
  return optionalInt(row, column) ?? 0;
}

/** An integer column that may be NULL. */
export function optionalInt(row: SqlRow, column: string): number | undefined {
  const v = value(row, column);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}
