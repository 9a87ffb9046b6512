/**
 * Local RDS Data API bridge: an HTTP server that answers
 * `@aws-sdk/client-rds-data` ExecuteStatement calls from a real database
 * (PGlite, PostgreSQL or MySQL/MariaDB).
 */
export { startDataApiBridge } from './server';
export type { DataApiBridge, DataApiBridgeOptions, DataApiBridgeStats } from './server';
export type { Fault, FaultInjector, InjectedError } from './faults';
export { createPgliteExecutor } from './pglite-executor';
export { createPostgresExecutor } from './postgres-executor';
export { createMysqlExecutor } from './mysql-executor';
export { createExecutorForUrl } from './executor-for-url';
export { DataApiError } from './errors';
export type { BoundParameter, Cell, ColumnInfo, Dialect, ExecutorResult, ParameterValue, SqlExecutor, TypeHint } from './types';
