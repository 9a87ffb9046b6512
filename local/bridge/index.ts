/**
 * Local RDS Data API bridge: an HTTP server that answers
 * `@aws-sdk/client-rds-data` ExecuteStatement calls from a real database
 * (PGlite, PostgreSQL or MySQL/MariaDB).
 */

export { DataApiError } from './errors';
export { createExecutorForUrl } from './executor-for-url';
export type { Fault, FaultInjector, InjectedError } from './faults';
export { createMysqlExecutor } from './mysql-executor';
export { createPgliteExecutor } from './pglite-executor';
export { createPostgresExecutor } from './postgres-executor';
export type { DataApiBridge, DataApiBridgeOptions, DataApiBridgeStats } from './server';
export { startDataApiBridge } from './server';
export type { BoundParameter, Cell, ColumnInfo, Dialect, ExecutorResult, ParameterValue, SqlExecutor, TypeHint } from './types';
