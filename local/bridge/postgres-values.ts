/**
 * PostgreSQL knowledge shared by the PGlite and `pg` executors: how a
 * parameter is bound (`$n::type`, like the JDBC driver behind the real Data
 * API types it), how a value in text format becomes a Data API cell, how a
 * column is described and how a driver error is reported.
 */
import { type DataApiError, databaseError, databaseUnavailable } from './errors';
import { JdbcType } from './jdbc-types';
import { normalizeDate, normalizeTime, normalizeTimestamp } from './temporal';
import type { BoundParameter, Cell, ColumnInfo } from './types';

type ValueClass = 'bool' | 'int' | 'float' | 'numeric' | 'bytea' | 'date' | 'time' | 'timestamp' | 'text';

interface PgType {
  readonly name: string;
  readonly jdbc: number;
  readonly cls: ValueClass;
  /** For array types: the element type OID. */
  readonly element?: number;
}

const T = (name: string, jdbc: number, cls: ValueClass): PgType => ({ name, jdbc, cls });

/** Built-in type OIDs (stable across PostgreSQL versions). */
export const PG_TYPES: ReadonlyMap<number, PgType> = new Map<number, PgType>([
  [16, T('bool', JdbcType.BIT, 'bool')],
  [17, T('bytea', JdbcType.BINARY, 'bytea')],
  [18, T('char', JdbcType.CHAR, 'text')],
  [19, T('name', JdbcType.VARCHAR, 'text')],
  [20, T('int8', JdbcType.BIGINT, 'int')],
  [21, T('int2', JdbcType.SMALLINT, 'int')],
  [23, T('int4', JdbcType.INTEGER, 'int')],
  [25, T('text', JdbcType.VARCHAR, 'text')],
  [26, T('oid', JdbcType.BIGINT, 'int')],
  [114, T('json', JdbcType.OTHER, 'text')],
  [142, T('xml', JdbcType.OTHER, 'text')],
  [700, T('float4', JdbcType.REAL, 'float')],
  [701, T('float8', JdbcType.DOUBLE, 'float')],
  [790, T('money', JdbcType.DOUBLE, 'text')],
  [1042, T('bpchar', JdbcType.CHAR, 'text')],
  [1043, T('varchar', JdbcType.VARCHAR, 'text')],
  [1082, T('date', JdbcType.DATE, 'date')],
  [1083, T('time', JdbcType.TIME, 'time')],
  [1114, T('timestamp', JdbcType.TIMESTAMP, 'timestamp')],
  [1184, T('timestamptz', JdbcType.TIMESTAMP, 'timestamp')],
  [1186, T('interval', JdbcType.OTHER, 'text')],
  [1266, T('timetz', JdbcType.TIME, 'time')],
  [1700, T('numeric', JdbcType.NUMERIC, 'numeric')],
  [2950, T('uuid', JdbcType.OTHER, 'text')],
  [3802, T('jsonb', JdbcType.OTHER, 'text')],
  ...(
    [
      [1000, '_bool', 16],
      [1001, '_bytea', 17],
      [1005, '_int2', 21],
      [1007, '_int4', 23],
      [1016, '_int8', 20],
      [1009, '_text', 25],
      [1014, '_bpchar', 1042],
      [1015, '_varchar', 1043],
      [1021, '_float4', 700],
      [1022, '_float8', 701],
      [1231, '_numeric', 1700],
      [1182, '_date', 1082],
      [1183, '_time', 1083],
      [1115, '_timestamp', 1114],
      [1185, '_timestamptz', 1184],
      [2951, '_uuid', 2950],
      [199, '_json', 114],
      [3807, '_jsonb', 3802],
    ] as const
  ).map(([oid, name, element]): [number, PgType] => [oid, { name, jdbc: JdbcType.ARRAY, cls: 'text', element }]),
]);

/** Type OIDs whose driver parsers must be replaced by "keep the text". */
export const TEXT_PARSED_OIDS: readonly number[] = [...PG_TYPES.keys()];

const HINT_CASTS: Record<NonNullable<BoundParameter['typeHint']>, string> = {
  TIMESTAMP: 'timestamp',
  DATE: 'date',
  TIME: 'time',
  DECIMAL: 'numeric',
  UUID: 'uuid',
  JSON: 'json',
};

/**
 * Placeholder text for PostgreSQL. Values carry the type the JDBC driver of
 * the real service would give them (stringValue -> varchar, longValue -> int8,
 * ...), so a missing typeHint fails here like it fails on AWS
 * (e.g. `timestamp >= character varying`).
 */
export function renderPostgresPlaceholder(position: number, param: BoundParameter): string {
  if (param.typeHint && param.value.kind === 'string') return `$${position}::${HINT_CASTS[param.typeHint]}`;
  switch (param.value.kind) {
    case 'string':
      return `$${position}::varchar`;
    case 'long':
      return `$${position}::int8`;
    case 'double':
      return `$${position}::float8`;
    case 'boolean':
      return `$${position}::bool`;
    case 'blob':
      return `$${position}::bytea`;
    case 'null':
      return `$${position}`;
  }
}

/** Parameter value as PostgreSQL text input (both drivers receive strings). */
export function postgresParameterText(param: BoundParameter): string | null {
  const v = param.value;
  switch (v.kind) {
    case 'null':
      return null;
    case 'string':
      return v.value;
    case 'long':
      return String(v.value);
    case 'double':
      return Number.isNaN(v.value) ? 'NaN' : String(v.value);
    case 'boolean':
      return v.value ? 't' : 'f';
    case 'blob':
      return '\\x' + Buffer.from(v.value).toString('hex');
  }
}

/** Converts a value in PostgreSQL text output format to a cell. */
export function postgresCell(text: unknown, oid: number): Cell {
  if (text === null || text === undefined) return { kind: 'null' };
  const raw = typeof text === 'string' ? text : String(text);
  const type = PG_TYPES.get(oid);
  if (type?.element !== undefined) return postgresArrayCell(raw, type.element);
  switch (type?.cls) {
    case 'bool':
      return { kind: 'boolean', value: raw === 't' || raw === 'true' };
    case 'int':
      return { kind: 'long', value: BigInt(raw) };
    case 'float':
      return { kind: 'double', value: Number(raw) };
    case 'numeric':
      return { kind: 'decimal', value: raw };
    case 'bytea':
      return { kind: 'blob', value: decodeBytea(raw) };
    case 'date':
      return { kind: 'temporal', value: normalizeDate(raw) };
    case 'time':
      return { kind: 'temporal', value: normalizeTime(raw) };
    case 'timestamp':
      return { kind: 'temporal', value: normalizeTimestamp(raw) };
    default:
      return { kind: 'string', value: raw };
  }
}

function decodeBytea(raw: string): Uint8Array {
  if (raw.startsWith('\\x')) return new Uint8Array(Buffer.from(raw.slice(2), 'hex'));
  // Legacy escape format.
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\') {
      if (raw[i + 1] === '\\') {
        bytes.push(92);
        i++;
      } else {
        bytes.push(parseInt(raw.slice(i + 1, i + 4), 8));
        i += 3;
      }
    } else {
      bytes.push(raw.charCodeAt(i));
    }
  }
  return new Uint8Array(bytes);
}

/** One-dimensional array literal (`{1,2,NULL}`, `{"a b",c}`) to an array cell. */
function postgresArrayCell(raw: string, elementOid: number): Cell {
  if (!raw.startsWith('{')) return { kind: 'string', value: raw };
  const items: Cell[] = [];
  let i = 1;
  const n = raw.length - 1; // closing brace
  if (raw[i] === '{') {
    throw databaseError('Multidimensional arrays are not supported.');
  }
  while (i < n) {
    let value: string | null;
    if (raw[i] === '"') {
      let s = '';
      i++;
      while (i < n && raw[i] !== '"') {
        if (raw[i] === '\\') i++;
        s += raw[i];
        i++;
      }
      i++; // closing quote
      value = s;
    } else {
      let j = i;
      while (j < n && raw[j] !== ',') j++;
      const token = raw.slice(i, j);
      value = token === 'NULL' ? null : token;
      i = j;
    }
    items.push(postgresCell(value, elementOid));
    if (raw[i] === ',') i++;
  }
  return { kind: 'array', value: items };
}

/** Field as reported by a driver (PGlite gives only name + dataTypeID). */
export interface PostgresField {
  readonly name: string;
  readonly dataTypeID: number;
  readonly tableID?: number;
  readonly columnID?: number;
  readonly dataTypeModifier?: number;
}

/** Extra per-column facts looked up in pg_catalog (node-pg only). */
export interface PostgresColumnFacts {
  readonly notNull: boolean;
  readonly tableName: string;
  readonly schemaName: string;
  readonly autoIncrement: boolean;
}

export function postgresColumnInfo(field: PostgresField, typeName: string | undefined, facts: PostgresColumnFacts | undefined): ColumnInfo {
  const type = PG_TYPES.get(field.dataTypeID);
  const name = typeName ?? type?.name ?? 'unknown';
  const mod = field.dataTypeModifier ?? -1;
  let precision = 0;
  let scale = 0;
  if (name === 'numeric' && mod >= 4) {
    precision = ((mod - 4) >> 16) & 0xffff;
    scale = (mod - 4) & 0xffff;
  } else if ((name === 'varchar' || name === 'bpchar') && mod >= 4) {
    precision = mod - 4;
  } else if (type?.cls === 'int') {
    precision = name === 'int2' ? 5 : name === 'int4' ? 10 : 19;
  } else if (type?.cls === 'float') {
    precision = name === 'float4' ? 8 : 17;
  } else if (name === 'text') {
    precision = 2147483647;
  }
  const numeric = type?.cls === 'int' || type?.cls === 'float' || type?.cls === 'numeric';
  return {
    name: field.name,
    label: field.name,
    typeName: name,
    type: type?.jdbc ?? JdbcType.OTHER,
    nullable: facts ? (facts.notNull ? 0 : 1) : field.tableID === 0 ? 1 : 2,
    precision,
    scale,
    isSigned: numeric,
    isAutoIncrement: facts?.autoIncrement ?? false,
    isCaseSensitive: type?.cls === 'text' && type.element === undefined,
    isCurrency: name === 'money',
    schemaName: facts?.schemaName ?? '',
    tableName: facts?.tableName ?? '',
    arrayBaseColumnType: type?.element !== undefined ? (PG_TYPES.get(type.element)?.jdbc ?? 0) : 0,
  };
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);

/**
 * Maps a driver error to the Data API error the real service would give:
 * SQL errors -> DatabaseErrorException `ERROR: <message>; SQLState: <code>`;
 * connection failures / shutdown -> DatabaseUnavailableException (504).
 * Returns undefined for errors that are not database errors (bugs).
 */
export function postgresError(err: unknown): DataApiError | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return databaseUnavailable();
  if (/Connection terminated|connection timeout|Client has encountered a connection error/i.test(err.message)) {
    return databaseUnavailable();
  }
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return databaseUnavailable();
    return databaseError(`ERROR: ${err.message}; SQLState: ${code}`);
  }
  return undefined;
}
