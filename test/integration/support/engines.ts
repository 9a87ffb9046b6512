import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { createExecutorForUrl, createPgliteExecutor, type SqlExecutor } from '../../../local/bridge';
import {
  type ClosableRunner,
  mysqlRunner,
  pgliteRunner,
  postgresRunner,
} from '../../../local/harness/statement-runners';
import { createSeiSchema } from '../../../local/sei/dataset';

export type EngineKind = 'pglite' | 'postgres' | 'mysql';

/** A fresh SEI database on one engine: a writer for seeding, an executor for the bridge. */
export interface SeiDatabase {
  readonly kind: EngineKind;
  readonly dbEngine: 'postgres' | 'mysql';
  /** Writes test data (a privileged connection). */
  readonly seed: ClosableRunner;
  /** What the bridge runs the notifier's SQL on. */
  readonly executor: SqlExecutor;
  /** URL of this database (servers only). */
  readonly url?: string;
  close(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Opens an empty SEI schema in a database of its own (one per test file), so
 * files can run side by side on the same servers.
 *
 * @param serverUrl admin URL of the server (postgres/mysql), from the global setup.
 * @param readOnlyUrl optional: turns the admin URL of the new database into a SELECT-only one.
 */
export async function openSeiDatabase(
  kind: EngineKind,
  serverUrl?: string,
  readOnlyUrl?: (databaseUrl: string) => Promise<string>
): Promise<SeiDatabase> {
  if (kind === 'pglite') {
    const db = await PGlite.create();
    const seed = pgliteRunner(db);
    await createSeiSchema(seed);
    const executor = createPgliteExecutor(db);
    return { kind, dbEngine: 'postgres', seed, executor, close: () => db.close() };
  }
  if (!serverUrl) throw new Error(`No ${kind} server URL was provided by the global setup`);
  const name = `sei_${randomBytes(4).toString('hex')}`;
  const admin = kind === 'postgres' ? await postgresRunner(serverUrl) : await mysqlRunner(serverUrl);
  await admin.run(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = withDatabase(serverUrl, name);
  const seed = kind === 'postgres' ? await postgresRunner(url) : await mysqlRunner(url);
  await createSeiSchema(seed);
  const executor = createExecutorForUrl(readOnlyUrl ? await readOnlyUrl(url) : url);
  return {
    kind,
    dbEngine: kind === 'mysql' ? 'mysql' : 'postgres',
    seed,
    executor,
    url,
    close: async () => {
      await executor.close();
      await seed.close();
    },
  };
}
