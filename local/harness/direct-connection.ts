import type { PGlite } from '@electric-sql/pglite';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { StatementRunner } from '../sei/dataset';
import type { Dialect } from '../sei/schema';

/**
 * A direct (not Data API) connection to a database: for seeding test data,
 * creating databases and users, benchmarks and connection checks. The
 * notifier itself never uses one.
 */
export interface DirectConnection extends StatementRunner {
  /** Runs one statement and returns its rows as the driver gives them. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** The dialect of a `postgres(ql)://` or `mysql://`/`mariadb://` URL. */
export function dialectOfUrl(url: string): Dialect {
  const protocol = new URL(url).protocol;
  if (protocol === 'postgres:' || protocol === 'postgresql:') return 'postgres';
  if (protocol === 'mysql:' || protocol === 'mariadb:') return 'mysql';
  throw new Error(`Unsupported database URL ${protocol} (postgres://, mysql:// or mariadb://)`);
}

/** Connects to the server of `url`; driver errors (refused, credentials…) propagate as they are. */
export async function connectDirect(url: string): Promise<DirectConnection> {
  if (dialectOfUrl(url) === 'postgres') {
    const client = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
    await client.connect();
    const query = async (sql: string) => (await client.query(sql)).rows as Record<string, unknown>[];
    return { dialect: 'postgres', query, run: async (sql) => void (await query(sql)), close: () => client.end() };
  }
  const connection = await mysql.createConnection({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    charset: 'utf8mb4',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  const query = async (sql: string) => {
    const [rows] = await connection.query(sql);
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
  };
  return { dialect: 'mysql', query, run: async (sql) => void (await query(sql)), close: () => connection.end() };
}

/** The same over an embedded PGlite (the caller owns the instance). */
export function pgliteConnection(db: PGlite): DirectConnection {
  const query = async (sql: string) => (await db.query<Record<string, unknown>>(sql)).rows;
  return { dialect: 'postgres', query, run: async (sql) => void (await db.exec(sql)), close: async () => {} };
}
