/**
 * A direct (non-Data API) connection to the benchmark database, used to
 * seed, analyze, create indexes and run the bare `count(*)` pass.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { Dialect } from '../sei/schema';

export interface AdminDb {
  readonly dialect: Dialect;
  /** Runs one statement and returns its rows (values as the driver gives them). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export function dialectOfUrl(url: string): Dialect {
  const protocol = new URL(url).protocol;
  if (protocol === 'postgres:' || protocol === 'postgresql:') return 'postgres';
  if (protocol === 'mysql:' || protocol === 'mariadb:') return 'mysql';
  throw new Error(`Unsupported database URL ${protocol} (postgres://, mysql:// or mariadb://)`);
}

export async function connectAdmin(url: string): Promise<AdminDb> {
  if (dialectOfUrl(url) === 'postgres') {
    const client = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
    await client.connect();
    return {
      dialect: 'postgres',
      query: async (sql) => (await client.query(sql)).rows as Record<string, unknown>[],
      close: () => client.end(),
    };
  }
  const connection = await mysql.createConnection({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    charset: 'utf8mb4',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  return {
    dialect: 'mysql',
    query: async (sql) => {
      const [rows] = await connection.query(sql);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
    },
    close: () => connection.end(),
  };
}
