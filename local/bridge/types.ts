/**
 * Types shared by the Data API bridge modules: what an executor receives
 * (bound parameters) and what it returns (typed cells + column info), kept
 * independent of the HTTP wire format.
 */

export type Dialect = 'postgres' | 'mysql';

/** Data API `typeHint` values (SqlParameter.typeHint). */
export type TypeHint = 'JSON' | 'UUID' | 'TIMESTAMP' | 'DATE' | 'TIME' | 'DECIMAL';

/**
 * A parameter value after decoding the wire `Field` union.
 * `long` keeps the integer as bigint when it does not fit a JS number.
 */
export type ParameterValue =
  | { readonly kind: 'null' }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'long'; readonly value: number | bigint }
  | { readonly kind: 'double'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'blob'; readonly value: Uint8Array };

/** One named parameter (`:name` in the SQL text), as sent in ExecuteStatement `parameters`. */
export interface BoundParameter {
  readonly name: string;
  readonly value: ParameterValue;
  readonly typeHint?: TypeHint;
}

/**
 * A result value, typed the way the Data API classifies it. `decimal` and
 * `temporal` travel as `stringValue` on the wire but are kept apart so that
 * `resultSetOptions.decimalReturnType` and the JSON format can treat them.
 */
export type Cell =
  | { readonly kind: 'null' }
  | { readonly kind: 'long'; readonly value: bigint }
  | { readonly kind: 'double'; readonly value: number }
  | { readonly kind: 'decimal'; readonly value: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'temporal'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'blob'; readonly value: Uint8Array }
  | { readonly kind: 'array'; readonly value: readonly Cell[] };

/** Column description, mirroring the Data API `ColumnMetadata` shape. */
export interface ColumnInfo {
  readonly name: string;
  readonly label: string;
  /** Engine type name, e.g. `int8`, `bpchar`, `timestamp` (PostgreSQL) or `BIGINT`, `DATETIME` (MySQL). */
  readonly typeName: string;
  /** JDBC `java.sql.Types` code, as the real service reports it. */
  readonly type: number;
  /** JDBC nullability: 0 = no nulls, 1 = nullable, 2 = unknown. */
  readonly nullable: 0 | 1 | 2;
  readonly precision: number;
  readonly scale: number;
  readonly isSigned: boolean;
  readonly isAutoIncrement: boolean;
  readonly isCaseSensitive: boolean;
  readonly isCurrency: boolean;
  readonly schemaName: string;
  readonly tableName: string;
  readonly arrayBaseColumnType: number;
}

export interface ExecutorResult {
  /** Present when the statement produced a result set (SELECT, RETURNING, SHOW...). */
  readonly columns?: readonly ColumnInfo[];
  readonly rows: readonly (readonly Cell[])[];
  /** Rows written by INSERT/UPDATE/DELETE; 0 for queries. */
  readonly rowsAffected: number;
  /** MySQL auto-increment id of an INSERT, reported as `generatedFields`. */
  readonly generatedFields?: readonly Cell[];
}

/** Runs SQL (with Data API style `:name` parameters) on a real database. */
export interface SqlExecutor {
  readonly dialect: Dialect;
  execute(sql: string, params: readonly BoundParameter[]): Promise<ExecutorResult>;
  close(): Promise<void>;
}
