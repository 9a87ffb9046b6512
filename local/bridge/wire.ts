/**
 * The ExecuteStatement wire format (restJson1, service model rds-data
 * 2018-08-01): decoding the request body and encoding the response body,
 * including `formatRecordsAs: "JSON"` and `resultSetOptions`.
 */
import { badRequest } from './errors';
import type { BoundParameter, Cell, ColumnInfo, ExecutorResult, ParameterValue, TypeHint } from './types';

export interface ExecuteStatementRequest {
  readonly resourceArn?: string;
  readonly secretArn?: string;
  readonly database?: string;
  readonly schema?: string;
  readonly sql: string;
  readonly parameters: readonly BoundParameter[];
  readonly includeResultMetadata: boolean;
  readonly formatRecordsAs: 'NONE' | 'JSON';
  readonly decimalReturnType: 'STRING' | 'DOUBLE_OR_LONG';
  readonly longReturnType: 'LONG' | 'STRING';
  readonly transactionId?: string;
  readonly continueAfterTimeout: boolean;
}

const TYPE_HINTS = new Set<TypeHint>(['JSON', 'UUID', 'TIMESTAMP', 'DATE', 'TIME', 'DECIMAL']);

/**
 * JSON.parse that keeps integers beyond 2^53 in `longValue` exact: they are
 * quoted before parsing and turned into bigint when decoding the parameter.
 */
function parseBody(text: string): unknown {
  const guarded = text.replace(/(?<!\\)("longValue"\s*:\s*)(-?\d{16,})/g, '$1"$2"');
  return JSON.parse(guarded);
}

function decodeValue(name: string, raw: unknown): ParameterValue {
  if (raw === null || typeof raw !== 'object') throw badRequest(`Parameter ${name} has no value.`);
  const v = raw as Record<string, unknown>;
  if (v.isNull === true) return { kind: 'null' };
  if (typeof v.stringValue === 'string') return { kind: 'string', value: v.stringValue };
  if (typeof v.longValue === 'number' || typeof v.longValue === 'string') {
    const big = BigInt(v.longValue);
    const value = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    return { kind: 'long', value };
  }
  if (typeof v.doubleValue === 'number') return { kind: 'double', value: v.doubleValue };
  if (typeof v.booleanValue === 'boolean') return { kind: 'boolean', value: v.booleanValue };
  if (typeof v.blobValue === 'string') return { kind: 'blob', value: new Uint8Array(Buffer.from(v.blobValue, 'base64')) };
  if ('arrayValue' in v) throw badRequest('Array parameters are not supported.');
  if (v.isNull === false) throw badRequest(`Parameter ${name} has no value.`);
  throw badRequest(`Parameter ${name} has an unsupported value type.`);
}

/** Decodes and validates an ExecuteStatement body. */
export function decodeExecuteStatement(body: string): ExecuteStatementRequest {
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? {} : parseBody(body);
  } catch {
    throw badRequest('Request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('Request body must be a JSON object.');
  }
  const b = parsed as Record<string, unknown>;
  if (typeof b.sql !== 'string' || b.sql.trim() === '') throw badRequest('sql is required.');
  if (b.sql.length > 65536) throw badRequest('sql must be at most 65536 characters.');

  const parameters: BoundParameter[] = [];
  if (b.parameters !== undefined && b.parameters !== null) {
    if (!Array.isArray(b.parameters)) throw badRequest('parameters must be a list.');
    for (const p of b.parameters as unknown[]) {
      if (p === null || typeof p !== 'object') throw badRequest('Invalid parameter.');
      const { name, value, typeHint } = p as Record<string, unknown>;
      if (typeof name !== 'string' || name === '') throw badRequest('Parameter name is required.');
      if (typeHint !== undefined && typeHint !== null && !TYPE_HINTS.has(typeHint as TypeHint)) {
        throw badRequest(`Invalid typeHint ${String(typeHint)} for parameter ${name}.`);
      }
      parameters.push({
        name,
        value: decodeValue(name, value),
        ...(typeHint ? { typeHint: typeHint as TypeHint } : {}),
      });
    }
  }

  const options = (b.resultSetOptions ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  return {
    resourceArn: str(b.resourceArn),
    secretArn: str(b.secretArn),
    database: str(b.database),
    schema: str(b.schema),
    sql: b.sql,
    parameters,
    includeResultMetadata: b.includeResultMetadata === true,
    formatRecordsAs: b.formatRecordsAs === 'JSON' ? 'JSON' : 'NONE',
    decimalReturnType: options.decimalReturnType === 'DOUBLE_OR_LONG' ? 'DOUBLE_OR_LONG' : 'STRING',
    longReturnType: options.longReturnType === 'STRING' ? 'STRING' : 'LONG',
    transactionId: str(b.transactionId),
    continueAfterTimeout: b.continueAfterTimeout === true,
  };
}

/** JSON serialization that writes bigint as a bare JSON number. */
export function stringifyJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return '[' + value.map((v) => stringifyJson(v)).join(',') + ']';
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      parts.push(JSON.stringify(k) + ':' + stringifyJson(v));
    }
    return '{' + parts.join(',') + '}';
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value);
}

type Options = Pick<ExecuteStatementRequest, 'decimalReturnType' | 'longReturnType'>;

function decimalAsNumber(text: string): { long: bigint } | { double: number } | undefined {
  if (/^-?\d+$/.test(text)) return { long: BigInt(text) };
  const n = Number(text);
  return Number.isFinite(n) ? { double: n } : undefined;
}

/** A cell as a Data API `Field` union. */
export function cellToField(cell: Cell, options: Options): Record<string, unknown> {
  switch (cell.kind) {
    case 'null':
      return { isNull: true };
    case 'long':
      return options.longReturnType === 'STRING' ? { stringValue: cell.value.toString() } : { longValue: cell.value };
    case 'double':
      return Number.isFinite(cell.value) ? { doubleValue: cell.value } : { stringValue: String(cell.value) };
    case 'decimal': {
      if (options.decimalReturnType === 'DOUBLE_OR_LONG') {
        const n = decimalAsNumber(cell.value);
        if (n && 'long' in n) return options.longReturnType === 'STRING' ? { stringValue: n.long.toString() } : { longValue: n.long };
        if (n) return { doubleValue: n.double };
      }
      return { stringValue: cell.value };
    }
    case 'string':
    case 'temporal':
      return { stringValue: cell.value };
    case 'boolean':
      return { booleanValue: cell.value };
    case 'blob':
      return { blobValue: Buffer.from(cell.value).toString('base64') };
    case 'array':
      return { arrayValue: arrayValue(cell.value, options) };
  }
}

function arrayValue(items: readonly Cell[], options: Options): Record<string, unknown> {
  const first = items.find((c) => c.kind !== 'null');
  if (!first) return { stringValues: [] };
  switch (first.kind) {
    case 'long':
      return options.longReturnType === 'STRING'
        ? { stringValues: items.map((c) => (c.kind === 'long' ? c.value.toString() : null)) }
        : { longValues: items.map((c) => (c.kind === 'long' ? c.value : null)) };
    case 'double':
      return { doubleValues: items.map((c) => (c.kind === 'double' ? c.value : null)) };
    case 'boolean':
      return { booleanValues: items.map((c) => (c.kind === 'boolean' ? c.value : null)) };
    case 'array':
      return { arrayValues: items.map((c) => (c.kind === 'array' ? arrayValue(c.value, options) : null)) };
    default:
      return {
        stringValues: items.map((c) =>
          c.kind === 'null' ? null : c.kind === 'blob' ? Buffer.from(c.value).toString('base64') : String((c as { value: unknown }).value)
        ),
      };
  }
}

/** A cell as a value of a `formattedRecords` JSON object. */
export function cellToJsonValue(cell: Cell, options: Options): unknown {
  switch (cell.kind) {
    case 'null':
      return null;
    case 'long':
      return options.longReturnType === 'STRING' ? cell.value.toString() : cell.value;
    case 'double':
      return cell.value;
    case 'decimal': {
      if (options.decimalReturnType === 'DOUBLE_OR_LONG') {
        const n = decimalAsNumber(cell.value);
        if (n) return 'long' in n ? (options.longReturnType === 'STRING' ? n.long.toString() : n.long) : n.double;
      }
      return cell.value;
    }
    case 'string':
    case 'temporal':
      return cell.value;
    case 'boolean':
      return cell.value;
    case 'blob':
      return Buffer.from(cell.value).toString('base64');
    case 'array':
      return cell.value.map((c) => cellToJsonValue(c, options));
  }
}

function columnMetadata(columns: readonly ColumnInfo[]): Record<string, unknown>[] {
  return columns.map((c) => ({
    arrayBaseColumnType: c.arrayBaseColumnType,
    isAutoIncrement: c.isAutoIncrement,
    isCaseSensitive: c.isCaseSensitive,
    isCurrency: c.isCurrency,
    isSigned: c.isSigned,
    label: c.label,
    name: c.name,
    nullable: c.nullable,
    precision: c.precision,
    scale: c.scale,
    schemaName: c.schemaName,
    tableName: c.tableName,
    type: c.type,
    typeName: c.typeName,
  }));
}

/** Builds the ExecuteStatement response body (a JSON string). */
export function encodeExecuteStatementResponse(request: ExecuteStatementRequest, result: ExecutorResult): string {
  const body: Record<string, unknown> = { numberOfRecordsUpdated: result.rowsAffected };
  if (result.columns) {
    if (request.includeResultMetadata) body.columnMetadata = columnMetadata(result.columns);
    if (request.formatRecordsAs === 'JSON') {
      const labels = result.columns.map((c) => c.label);
      const objects = result.rows.map((row) => {
        const o: Record<string, unknown> = {};
        row.forEach((cell, i) => {
          o[labels[i] ?? `column${i + 1}`] = cellToJsonValue(cell, request);
        });
        return o;
      });
      body.formattedRecords = stringifyJson(objects);
    } else {
      body.records = result.rows.map((row) => row.map((cell) => cellToField(cell, request)));
    }
  }
  if (result.generatedFields && result.generatedFields.length > 0) {
    body.generatedFields = result.generatedFields.map((cell) => cellToField(cell, request));
  }
  return stringifyJson(body);
}

/** Approximate size of a row as the database sends it (text bytes, blob bytes, 8 per number). */
export function rowBytes(row: readonly Cell[]): number {
  let total = 0;
  for (const cell of row) total += cellBytes(cell);
  return total;
}

function cellBytes(cell: Cell): number {
  switch (cell.kind) {
    case 'null':
      return 0;
    case 'long':
    case 'double':
      return 8;
    case 'boolean':
      return 1;
    case 'blob':
      return cell.value.byteLength;
    case 'array':
      return cell.value.reduce((n, c) => n + cellBytes(c), 0);
    default:
      return Buffer.byteLength(cell.value, 'utf8');
  }
}
