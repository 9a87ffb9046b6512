/** Picks the executor for a database URL: postgres(ql):// -> pg Pool, mysql:// or mariadb:// -> mysql2 pool. */
import { createMysqlExecutor } from './mysql-executor';
import { createPostgresExecutor } from './postgres-executor';
import type { SqlExecutor } from './types';

export function createExecutorForUrl(databaseUrl: string): SqlExecutor {
  const protocol = new URL(databaseUrl).protocol;
  if (protocol === 'postgres:' || protocol === 'postgresql:') return createPostgresExecutor(databaseUrl);
  if (protocol === 'mysql:' || protocol === 'mariadb:') return createMysqlExecutor(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  throw new Error(`Unsupported database URL protocol ${protocol} (use postgres://, postgresql://, mysql:// or mariadb://)`);
}
