import type { PGlite } from '@electric-sql/pglite';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { StatementRunner } from '../sei/dataset';

/** A statement runner that owns a connection. */
export interface ClosableRunner extends StatementRunner {
  close(): Promise<void>;
}

/** Runs statements on an embedded PGlite (the caller owns the instance). */
export function pgliteRunner(db: PGlite): ClosableRunner {
  return {
    dialect: 'postgres',
    run: async (sql) => {
      await db.exec(sql);
    },
    close: async () => {},
  };
}

/** Runs statements on a PostgreSQL server. */
export async function postgresRunner(url: string): Promise<ClosableRunner> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    dialect: 'postgres',
    run: async (sql) => {
      await client.query(sql);
    },
    close: () => client.end(),
  };
}

/** Runs statements on a MySQL/MariaDB server. */
export async function mysqlRunner(url: string): Promise<ClosableRunner> {
  const connection = await mysql.createConnection({ uri: url, charset: 'utf8mb4', multipleStatements: false });
  return {
    dialect: 'mysql',
    run: async (sql) => {
      await connection.query(sql);
    },
    close: () => connection.end(),
  };
}
