/**
 * Data API named parameters (`:name` in the SQL text, for both engines)
 * translated to the positional form the drivers understand: `$n` for
 * PostgreSQL/PGlite and `?` for MySQL.
 *
 * The scanner skips everything that is not SQL code: string literals
 * ('..' with '' escapes, E'..' and MySQL backslash escapes), quoted
 * identifiers ("..", `..`), comments (--, #, nested /* *\/) and PostgreSQL
 * dollar-quoted bodies. `::type` casts are not placeholders.
 */
import { databaseError } from './errors';
import type { BoundParameter, Dialect } from './types';

export interface PlaceholderToken {
  readonly name: string;
  /** Offset of the leading `:`. */
  readonly start: number;
  /** Offset just after the name. */
  readonly end: number;
}

export interface PositionalStatement {
  /** SQL with `$n` (postgres) or `?` (mysql) placeholders. */
  readonly sql: string;
  /** Parameters in positional order (`$1` = index 0; for `?`, one entry per occurrence). */
  readonly params: readonly BoundParameter[];
  /** Offsets in `sql` of each `?` (mysql only), in order. */
  readonly placeholderOffsets: readonly number[];
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DOLLAR_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

/** Finds the `:name` placeholders of a statement, in order of appearance. */
export function findNamedPlaceholders(sql: string, dialect: Dialect): PlaceholderToken[] {
  const found: PlaceholderToken[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const ch = sql[i]!;
    const next = sql[i + 1];

    if (ch === "'") {
      const backslashEscapes = dialect === 'mysql' || (i > 0 && /[eE]/.test(sql[i - 1]!) && !IDENT_PART.test(sql[i - 2] ?? ''));
      i = skipQuoted(sql, i, "'", backslashEscapes);
      continue;
    }
    if (ch === '"') {
      i = skipQuoted(sql, i, '"', dialect === 'mysql');
      continue;
    }
    if (ch === '`' && dialect === 'mysql') {
      i = skipQuoted(sql, i, '`', false);
      continue;
    }
    if (ch === '-' && next === '-') {
      i = skipLine(sql, i);
      continue;
    }
    if (ch === '#' && dialect === 'mysql') {
      i = skipLine(sql, i);
      continue;
    }
    if (ch === '/' && next === '*') {
      i = skipBlockComment(sql, i, dialect === 'postgres');
      continue;
    }
    if (ch === '$' && dialect === 'postgres' && !IDENT_PART.test(sql[i - 1] ?? '')) {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 70));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? n : close + tag[0].length;
        continue;
      }
    }
    if (ch === ':') {
      if (next === ':') {
        // PostgreSQL cast (`::text`); skip any run of colons.
        while (sql[i] === ':') i++;
        continue;
      }
      if (next !== undefined && IDENT_START.test(next)) {
        let j = i + 2;
        while (j < n && IDENT_PART.test(sql[j]!)) j++;
        found.push({ name: sql.slice(i + 1, j), start: i, end: j });
        i = j;
        continue;
      }
    }
    i++;
  }
  return found;
}

function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (backslashEscapes && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

function skipLine(sql: string, start: number): number {
  const end = sql.indexOf('\n', start);
  return end === -1 ? sql.length : end + 1;
}

function skipBlockComment(sql: string, start: number, nested: boolean): number {
  let depth = 1;
  let i = start + 2;
  while (i < sql.length && depth > 0) {
    if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
    } else if (nested && sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else {
      i++;
    }
  }
  return i;
}

/**
 * Rewrites `:name` placeholders into positional ones.
 *
 * @param renderPostgres builds the text put in place of a placeholder for
 *   PostgreSQL, given its 1-based position and parameter (e.g. `$1::varchar`).
 * @throws DataApiError (DatabaseErrorException) when the SQL uses a name with no parameter.
 */
export function toPositional(
  sql: string,
  params: readonly BoundParameter[],
  dialect: Dialect,
  renderPostgres: (position: number, param: BoundParameter) => string = (position) => `$${position}`
): PositionalStatement {
  const byName = new Map<string, BoundParameter>();
  for (const p of params) byName.set(p.name, p);

  const tokens = findNamedPlaceholders(sql, dialect);
  if (tokens.length === 0) return { sql, params: [], placeholderOffsets: [] };

  const ordered: BoundParameter[] = [];
  const positionOf = new Map<string, number>();
  const offsets: number[] = [];
  let out = '';
  let last = 0;
  for (const token of tokens) {
    const param = byName.get(token.name);
    if (!param) {
      throw databaseError(`No value specified for parameter :${token.name}.`);
    }
    out += sql.slice(last, token.start);
    if (dialect === 'postgres') {
      let position = positionOf.get(token.name);
      if (position === undefined) {
        ordered.push(param);
        position = ordered.length;
        positionOf.set(token.name, position);
      }
      out += renderPostgres(position, param);
    } else {
      ordered.push(param);
      offsets.push(out.length);
      out += '?';
    }
    last = token.end;
  }
  out += sql.slice(last);
  return { sql: out, params: ordered, placeholderOffsets: offsets };
}
