import { PGlite } from '@electric-sql/pglite';
import { createExecutorForUrl, createPgliteExecutor, type SqlExecutor } from '../../../local/bridge';
import { connectDirect, type DirectConnection, pgliteConnection } from '../../../local/harness/direct-connection';
import { createDatabase, createReadOnlyUser } from '../../../local/harness/servers';
import { createSeiSchema } from '../../../local/sei/dataset';
import { SEI_TABLES } from '../../../shared/sei/queries';

export type EngineKind = 'pglite' | 'postgres' | 'mysql';

/** A fresh SEI database on one engine: a writer for seeding, an executor for the bridge. */
export interface SeiDatabase {
  readonly kind: EngineKind;
  readonly dbEngine: 'postgres' | 'mysql';
  /** Writes test data (a privileged connection). */
  readonly seed: DirectConnection;
  /** What the bridge runs the notifier's SQL on. */
  readonly executor: SqlExecutor;
  /** URL of this database (servers only). */
  readonly url?: string;
  close(): Promise<void>;
}

/**
 * Opens an empty SEI schema in a database of its own (one per test file), so
 * files can run side by side on the same servers. On the servers, the
 * notifier's SQL runs as a login that can only SELECT the module's tables,
 * as the README asks agencies to create.
 *
 * @param serverUrl admin URL of the server (postgres/mysql), from the global setup.
 */
export async function openSeiDatabase(kind: EngineKind, serverUrl?: string): Promise<SeiDatabase> {
  if (kind === 'pglite') {
    const db = await PGlite.create();
    const seed = pgliteConnection(db);
    await createSeiSchema(seed);
    const executor = createPgliteExecutor(db);
    return { kind, dbEngine: 'postgres', seed, executor, close: () => db.close() };
  }
  if (!serverUrl) throw new Error(`No ${kind} server URL was provided by the global setup`);
  const url = await createDatabase(serverUrl);
  const seed = await connectDirect(url);
  await createSeiSchema(seed);
  const executor = createExecutorForUrl(await createReadOnlyUser(url, SEI_TABLES));
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
