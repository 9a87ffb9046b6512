/**
 * SqlExecutor on a MySQL/MariaDB server through a mysql2 pool
 * (dateStrings, utf8mb4, big numbers as strings, session time_zone UTC).
 *
 * Parameters are inlined as escaped literals at the `?` positions found by
 * the named-parameter scanner (a client-side prepare, as MySQL Connector/J
 * does by default), so a `?` inside a string literal is never mistaken for a
 * placeholder.
 */

import type { FieldPacket, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import mysql from 'mysql2/promise';
import { type DataApiError, databaseError, databaseUnavailable } from './errors';
import { JdbcType } from './jdbc-types';
import { toPositional } from './named-parameters';
import { normalizeDate, normalizeTime, normalizeTimestamp } from './temporal';
import { checkTypeHint } from './type-hints';
import type { BoundParameter, Cell, ColumnInfo, ExecutorResult, SqlExecutor } from './types';

/** MySQL protocol column types. */
const MysqlType = {
  DECIMAL: 0,
  TINY: 1,
  SHORT: 2,
  LONG: 3,
  FLOAT: 4,
  DOUBLE: 5,
  NULL: 6,
  TIMESTAMP: 7,
  LONGLONG: 8,
  INT24: 9,
  DATE: 10,
  TIME: 11,
  DATETIME: 12,
  YEAR: 13,
  NEWDATE: 14,
  VARCHAR: 15,
  BIT: 16,
  JSON: 245,
  NEWDECIMAL: 246,
  ENUM: 247,
  SET: 248,
  TINY_BLOB: 249,
  MEDIUM_BLOB: 250,
  LONG_BLOB: 251,
  BLOB: 252,
  VAR_STRING: 253,
  STRING: 254,
  GEOMETRY: 255,
} as const;

const FLAG_NOT_NULL = 1;
const FLAG_UNSIGNED = 32;
const FLAG_AUTO_INCREMENT = 512;
const BINARY_CHARSET = 63;

const INTEGER_TYPES = new Set<number>([
  MysqlType.TINY,
  MysqlType.SHORT,
  MysqlType.LONG,
  MysqlType.LONGLONG,
  MysqlType.INT24,
  MysqlType.YEAR,
]);
const BLOB_TYPES = new Set<number>([MysqlType.TINY_BLOB, MysqlType.MEDIUM_BLOB, MysqlType.LONG_BLOB, MysqlType.BLOB]);

interface TypeDescription {
  readonly name: string;
  readonly jdbc: number;
}

function describeType(field: FieldPacket): TypeDescription {
  const t = field.columnType ?? field.type ?? MysqlType.VAR_STRING;
  const binary = field.characterSet === BINARY_CHARSET;
  const unsigned = typeof field.flags === 'number' && (field.flags & FLAG_UNSIGNED) !== 0;
  const u = (name: string) => (unsigned ? `${name} UNSIGNED` : name);
  switch (t) {
    case MysqlType.DECIMAL:
    case MysqlType.NEWDECIMAL:
      return { name: u('DECIMAL'), jdbc: JdbcType.DECIMAL };
    case MysqlType.TINY:
      return { name: u('TINYINT'), jdbc: JdbcType.TINYINT };
    case MysqlType.SHORT:
      return { name: u('SMALLINT'), jdbc: JdbcType.SMALLINT };
    case MysqlType.INT24:
      return { name: u('MEDIUMINT'), jdbc: JdbcType.INTEGER };
    case MysqlType.LONG:
      return { name: u('INT'), jdbc: JdbcType.INTEGER };
    case MysqlType.LONGLONG:
      return { name: u('BIGINT'), jdbc: JdbcType.BIGINT };
    case MysqlType.FLOAT:
      return { name: u('FLOAT'), jdbc: JdbcType.REAL };
    case MysqlType.DOUBLE:
      return { name: u('DOUBLE'), jdbc: JdbcType.DOUBLE };
    case MysqlType.NULL:
      return { name: 'NULL', jdbc: 0 };
    case MysqlType.TIMESTAMP:
      return { name: 'TIMESTAMP', jdbc: JdbcType.TIMESTAMP };
    case MysqlType.DATETIME:
      return { name: 'DATETIME', jdbc: JdbcType.TIMESTAMP };
    case MysqlType.DATE:
    case MysqlType.NEWDATE:
      return { name: 'DATE', jdbc: JdbcType.DATE };
    case MysqlType.TIME:
      return { name: 'TIME', jdbc: JdbcType.TIME };
    case MysqlType.YEAR:
      return { name: 'YEAR', jdbc: JdbcType.DATE };
    case MysqlType.BIT:
      return { name: 'BIT', jdbc: JdbcType.BIT };
    case MysqlType.JSON:
      return { name: 'JSON', jdbc: JdbcType.LONGVARCHAR };
    case MysqlType.ENUM:
      return { name: 'ENUM', jdbc: JdbcType.CHAR };
    case MysqlType.SET:
      return { name: 'SET', jdbc: JdbcType.CHAR };
    case MysqlType.TINY_BLOB:
    case MysqlType.MEDIUM_BLOB:
    case MysqlType.LONG_BLOB:
    case MysqlType.BLOB:
      return binary ? { name: 'BLOB', jdbc: JdbcType.LONGVARBINARY } : { name: 'TEXT', jdbc: JdbcType.LONGVARCHAR };
    case MysqlType.STRING:
      return binary ? { name: 'BINARY', jdbc: JdbcType.BINARY } : { name: 'CHAR', jdbc: JdbcType.CHAR };
    case MysqlType.GEOMETRY:
      return { name: 'GEOMETRY', jdbc: JdbcType.BINARY };
    default:
      return binary ? { name: 'VARBINARY', jdbc: JdbcType.VARBINARY } : { name: 'VARCHAR', jdbc: JdbcType.VARCHAR };
  }
}

function columnInfo(field: FieldPacket): ColumnInfo {
  const flags = typeof field.flags === 'number' ? field.flags : 0;
  const t = field.columnType ?? field.type ?? MysqlType.VAR_STRING;
  const type = describeType(field);
  const numeric =
    INTEGER_TYPES.has(t) || t === MysqlType.FLOAT || t === MysqlType.DOUBLE || t === MysqlType.DECIMAL || t === MysqlType.NEWDECIMAL;
  return {
    name: field.orgName || field.name,
    label: field.name,
    typeName: type.name,
    type: type.jdbc,
    nullable: (flags & FLAG_NOT_NULL) !== 0 ? 0 : 1,
    precision: field.columnLength ?? 0,
    scale: field.decimals ?? 0,
    isSigned: numeric && (flags & FLAG_UNSIGNED) === 0,
    isAutoIncrement: (flags & FLAG_AUTO_INCREMENT) !== 0,
    isCaseSensitive: !numeric && field.characterSet === BINARY_CHARSET,
    isCurrency: false,
    schemaName: field.db ?? field.schema ?? '',
    tableName: field.orgTable || field.table || '',
    arrayBaseColumnType: 0,
  };
}

function mysqlCell(value: unknown, field: FieldPacket): Cell {
  if (value === null || value === undefined) return { kind: 'null' };
  const t = field.columnType ?? field.type ?? MysqlType.VAR_STRING;
  if (t === MysqlType.BIT && Buffer.isBuffer(value)) {
    if ((field.columnLength ?? 0) === 1) return { kind: 'boolean', value: value[0] === 1 };
    return { kind: 'long', value: BigInt('0x' + (value.toString('hex') || '0')) };
  }
  if (Buffer.isBuffer(value)) {
    if (field.characterSet === BINARY_CHARSET || BLOB_TYPES.has(t) || t === MysqlType.GEOMETRY) {
      return { kind: 'blob', value: new Uint8Array(value) };
    }
    return { kind: 'string', value: value.toString('utf8') };
  }
  if (INTEGER_TYPES.has(t)) return { kind: 'long', value: BigInt(String(value)) };
  if (t === MysqlType.FLOAT || t === MysqlType.DOUBLE) return { kind: 'double', value: Number(value) };
  if (t === MysqlType.DECIMAL || t === MysqlType.NEWDECIMAL) return { kind: 'decimal', value: String(value) };
  if (t === MysqlType.DATE || t === MysqlType.NEWDATE) return { kind: 'temporal', value: normalizeDate(String(value)) };
  if (t === MysqlType.DATETIME || t === MysqlType.TIMESTAMP) return { kind: 'temporal', value: normalizeTimestamp(String(value)) };
  if (t === MysqlType.TIME) return { kind: 'temporal', value: normalizeTime(String(value)) };
  if (typeof value === 'number') return Number.isInteger(value) ? { kind: 'long', value: BigInt(value) } : { kind: 'double', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  return { kind: 'string', value: String(value) };
}

function literal(param: BoundParameter): string {
  const v = param.value;
  switch (v.kind) {
    case 'null':
      return 'NULL';
    case 'string':
      return mysql.escape(v.value);
    case 'long':
      return String(v.value);
    case 'double':
      return Number.isFinite(v.value) ? String(v.value) : 'NULL';
    case 'boolean':
      return v.value ? 'TRUE' : 'FALSE';
    case 'blob':
      return `X'${Buffer.from(v.value).toString('hex')}'`;
  }
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_CONNECTION_KILLED',
]);

function mysqlError(err: unknown): DataApiError | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & { code?: string; sqlMessage?: string; sqlState?: string; fatal?: boolean };
  if (e.code && UNAVAILABLE_CODES.has(e.code)) return databaseUnavailable();
  if (e.sqlMessage !== undefined || e.sqlState !== undefined) return databaseError(e.sqlMessage ?? e.message);
  if (e.fatal) return databaseUnavailable();
  return undefined;
}

export function createMysqlExecutor(connectionString: string): SqlExecutor {
  const pool = mysql.createPool({
    uri: connectionString,
    dateStrings: true,
    charset: 'utf8mb4',
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    rowsAsArray: true,
    multipleStatements: false,
    connectionLimit: 4,
    connectTimeout: 10_000,
    // JSON columns stay as their text (the Data API returns them in stringValue).
    typeCast: (field, next) => (field.type === 'JSON' ? field.string('utf8') : next()),
  });
  // Aurora MySQL sessions default to UTC; TIMESTAMP columns render in the session zone.
  pool.pool.on('connection', (connection) => {
    connection.query("SET time_zone = '+00:00'");
  });

  return {
    dialect: 'mysql',
    async execute(sql: string, params: readonly BoundParameter[]): Promise<ExecutorResult> {
      params.forEach(checkTypeHint);
      const statement = toPositional(sql, params, 'mysql');
      let text = statement.sql;
      for (let i = statement.placeholderOffsets.length - 1; i >= 0; i--) {
        const at = statement.placeholderOffsets[i]!;
        text = text.slice(0, at) + literal(statement.params[i]!) + text.slice(at + 1);
      }
      let rows: unknown;
      let fields: FieldPacket[] | undefined;
      try {
        [rows, fields] = await pool.query<RowDataPacket[] | ResultSetHeader>({ sql: text, rowsAsArray: true });
      } catch (err) {
        throw mysqlError(err) ?? err;
      }
      if (!Array.isArray(rows)) {
        const header = rows as ResultSetHeader;
        return {
          rows: [],
          rowsAffected: header.affectedRows ?? 0,
          ...(header.insertId ? { generatedFields: [{ kind: 'long', value: BigInt(header.insertId) }] } : {}),
        };
      }
      const cols = fields ?? [];
      return {
        columns: cols.map(columnInfo),
        rows: (rows as unknown[][]).map((row) => row.map((value, i) => mysqlCell(value, cols[i]!))),
        rowsAffected: 0,
      };
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}
