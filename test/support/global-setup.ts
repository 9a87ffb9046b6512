/**
 * Vitest globalSetup: starts one PostgreSQL and one MariaDB server for the
 * whole run and hands their URLs to test files:
 *
 *   import { inject } from 'vitest';
 *   const url = inject('postgresUrl'); // postgres://postgres@127.0.0.1:PORT/sei
 *
 * Test files run in parallel against the same servers: create your own
 * database with `createDatabase(url)` (local/harness/servers.ts) when a file
 * writes tables.
 */
import type { TestProject } from 'vitest/node';
import { startMariadbServer, startPostgresServer, type TestServer } from '../../local/harness/servers';

declare module 'vitest' {
  interface ProvidedContext {
    /** Superuser URL of the `sei` database on the run's PostgreSQL server. */
    postgresUrl: string;
    /** Root URL of the `sei` database on the run's MariaDB server. */
    mysqlUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: TestServer[] = [];
  const stopAll = async () => {
    await Promise.allSettled(started.splice(0).map((s) => s.stop()));
  };
  try {
    const [postgres, mariadb] = await Promise.all([
      startPostgresServer().then((s) => (started.push(s), s)),
      startMariadbServer().then((s) => (started.push(s), s)),
    ]);
    project.provide('postgresUrl', postgres.url);
    project.provide('mysqlUrl', mariadb.url);
  } catch (err) {
    await stopAll();
    throw err;
  }
  return stopAll;
}
