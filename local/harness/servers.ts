/**
 * Throwaway PostgreSQL and MariaDB servers for the tests and the bench: temp
 * data dir, free loopback port, fast (unsafe) durability settings, a `sei`
 * database, and a superuser/root URL. stop() kills the server and removes the directory.
 *
 * TEST_POSTGRES_URL / TEST_MYSQL_URL: use that server instead (nothing is
 * started or stopped).
 *
 * Servers are also cleaned up when the process exits normally or by signal,
 * and a small watchdog shell kills them if this process dies abruptly
 * (SIGKILL), so no server or temp dir outlives the test run.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { connectDirect, type DirectConnection, dialectOfUrl } from './direct-connection';

export interface TestServer {
  /** Superuser/root URL of the `sei` database. */
  readonly url: string;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'Install them with: apt-get install -y postgresql mariadb-server';
const READY_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------
// helpers

/** A free TCP port on 127.0.0.1 (bind to port 0, read it, release it). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function userIds(user: string): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(`OS user "${user}" not found. ${INSTALL_HINT}`);
  }
}

/** Runs a command to completion (as `user` when we are root), failing with its output. */
function runAs(user: string | undefined, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const ids = user && isRoot() ? userIds(user) : undefined;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...(ids ?? {}) });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}:\n${output.slice(-4000)}`))));
  });
}

/**
 * A temp directory holding one server (data dir, socket, logs) and the
 * process running in it. From creation on, the directory is removed and the
 * server killed when this process exits (normally, by signal, or abruptly:
 * a detached watchdog shell notices the parent is gone).
 */
class ServerWorkspace {
  static readonly live = new Set<ServerWorkspace>();
  static #hooksInstalled = false;

  readonly dir: string;
  readonly #watchdog: ChildProcess;
  #child?: ChildProcess;
  #exited = false;
  #output = '';
  #logFile?: string;

  constructor(prefix: string, owner: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    ServerWorkspace.live.add(this);
    ServerWorkspace.#installExitHooks();
    const script =
      'while kill -0 "$1" 2>/dev/null; do sleep 1; done; ' +
      'if [ -f "$2/.server-pid" ]; then kill -9 "$(cat "$2/.server-pid")" 2>/dev/null; sleep 1; fi; rm -rf "$2"';
    this.#watchdog = spawn('sh', ['-c', script, 'sei-test-watchdog', String(process.pid), this.dir], { detached: true, stdio: 'ignore' });
    this.#watchdog.unref();
    if (isRoot()) {
      const { uid, gid } = userIds(owner);
      chownSync(this.dir, uid, gid);
    }
  }

  get exited(): boolean {
    return this.#exited;
  }

  /** Starts the server process (as `user` when we are root). */
  launch(user: string, command: string, args: string[], logFile: string): void {
    const ids = isRoot() ? userIds(user) : undefined;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: this.dir, ...(ids ?? {}) });
    this.#child = child;
    this.#logFile = logFile;
    const keep = (d: Buffer) => {
      this.#output = (this.#output + d.toString()).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', () => {
      this.#exited = true;
    });
    child.on('error', (err) => {
      this.#exited = true;
      this.#output += `\n${err.message}`;
    });
    if (child.pid) writeFileSync(join(this.dir, '.server-pid'), String(child.pid));
  }

  log(): string {
    const fileLog = this.#logFile && existsSync(this.#logFile) ? readFileSync(this.#logFile, 'utf8').slice(-4000) : '';
    return (this.#output + '\n' + fileLog).trim();
  }

  async waitUntilReady(what: string, probe: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.#exited) throw new Error(`${what} exited during startup:\n${this.log()}`);
      if (await probe().catch(() => false)) return;
      await sleep(50);
    }
    throw new Error(`${what} was not ready after ${READY_TIMEOUT_MS / 1000}s:\n${this.log()}`);
  }

  /** Stops the server with `signal` (SIGKILL after 10 s) and removes the directory. */
  async stop(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    if (child && !this.#exited) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), 10_000);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    this.#dispose();
  }

  /** Synchronous last resort (process exit): SIGKILL and remove. */
  killSync(): void {
    if (this.#child?.pid && !this.#exited) {
      try {
        process.kill(this.#child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.#dispose();
  }

  #dispose(): void {
    if (this.#watchdog.pid) {
      try {
        process.kill(this.#watchdog.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
    ServerWorkspace.live.delete(this);
  }

  static #installExitHooks(): void {
    if (ServerWorkspace.#hooksInstalled) return;
    ServerWorkspace.#hooksInstalled = true;
    const killAll = () => {
      for (const w of [...ServerWorkspace.live]) w.killSync();
    };
    process.on('exit', killAll);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        killAll();
        // Let whoever else listens (vitest) handle the signal; exit if nobody does.
        if (process.listenerCount(signal) === 0) process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
      });
    }
  }
}

// ---------------------------------------------------------------------------
// PostgreSQL

/** The newest /usr/lib/postgresql/<version>/bin (or PG_BIN). */
export function postgresBinDir(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, 'postgres'))) throw new Error(`PG_BIN=${fromEnv} has no postgres binary. ${INSTALL_HINT}`);
    return fromEnv;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    : [];
  const newest = versions.at(-1);
  if (!newest) throw new Error(`PostgreSQL server binaries not found under ${root}/*/bin. ${INSTALL_HINT}`);
  return join(root, newest, 'bin');
}

/** Password of the throwaway server's superuser (it listens on loopback only). */
const PG_ADMIN_PASSWORD = 'postgres';

export async function startPostgresServer(): Promise<TestServer> {
  const external = process.env.TEST_POSTGRES_URL;
  if (external) return { url: external, stop: async () => {} };

  const bin = postgresBinDir();
  const ws = new ServerWorkspace('sei-pg-', 'postgres');
  const dir = ws.dir;
  try {
    const data = join(dir, 'data');
    // Passwords are checked on TCP (as on Aurora), so tests can prove wrong
    // credentials are refused; the Unix socket stays trusted for the admin.
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${PG_ADMIN_PASSWORD}\n`);
    const owner = userIds('postgres');
    chownSync(pwfile, owner.uid, owner.gid);
    await runAs(
      'postgres',
      join(bin, 'initdb'),
      [
        '-D',
        data,
        '-U',
        'postgres',
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        `--pwfile=${pwfile}`,
        '-E',
        'UTF8',
        '--locale=C.UTF-8',
        '--no-sync',
      ],
      { ...process.env, LC_ALL: 'C.UTF-8' }
    );
    const port = await findFreePort();
    ws.launch(
      'postgres',
      join(bin, 'postgres'),
      [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=50',
        '-c',
        'TimeZone=UTC',
      ],
      join(dir, 'log')
    );
    const adminUrl = `postgres://postgres:${PG_ADMIN_PASSWORD}@127.0.0.1:${port}/postgres`;
    await ws.waitUntilReady('PostgreSQL', async () => {
      const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
      try {
        await c.connect();
        await c.query('select 1');
        return true;
      } finally {
        await c.end().catch(() => {});
      }
    });
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query('create database sei');
    } finally {
      await c.end();
    }
    return {
      url: `postgres://postgres:${PG_ADMIN_PASSWORD}@127.0.0.1:${port}/sei`,
      stop: () => ws.stop('SIGINT'), // fast shutdown
    };
  } catch (err) {
    await ws.stop('SIGKILL');
    throw err;
  }
}

// ---------------------------------------------------------------------------
// MariaDB

function findExecutable(names: string[]): string | undefined {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin']);
  for (const name of names) {
    for (const d of dirs) {
      const p = join(d, name);
      if (d && existsSync(p)) return p;
    }
  }
  return undefined;
}

export async function startMariadbServer(): Promise<TestServer> {
  const external = process.env.TEST_MYSQL_URL;
  if (external) return { url: external, stop: async () => {} };

  const mariadbd = findExecutable(['mariadbd', 'mysqld']);
  const installDb = findExecutable(['mariadb-install-db', 'mysql_install_db']);
  if (!mariadbd || !installDb) throw new Error(`MariaDB server binaries (mariadbd, mariadb-install-db) not found. ${INSTALL_HINT}`);

  const ws = new ServerWorkspace('sei-mariadb-', 'mysql');
  const dir = ws.dir;
  try {
    const data = join(dir, 'data');
    const socket = join(dir, 'mysqld.sock');
    const user = isRoot() ? ['--user=mysql'] : [];
    // A temp dir of its own: install-db runs sharing /tmp failed now and then
    // ("Unknown table mysql.tmp_…").
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    if (isRoot()) {
      const owner = userIds('mysql');
      chownSync(tmp, owner.uid, owner.gid);
    }
    await runAs(undefined, installDb, [
      '--no-defaults',
      ...user,
      `--datadir=${data}`,
      `--tmpdir=${tmp}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--skip-name-resolve',
      '--innodb-log-file-size=8M',
    ]);
    const port = await findFreePort();
    ws.launch(
      'mysql',
      mariadbd,
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--tmpdir=${tmp}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${socket}`,
        `--pid-file=${join(dir, 'mysqld.pid')}`,
        `--log-error=${join(dir, 'log')}`,
        '--skip-name-resolve',
        '--skip-log-bin',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        '--default-time-zone=+00:00',
        '--innodb-flush-log-at-trx-commit=0',
        '--innodb-doublewrite=0',
        '--innodb-buffer-pool-size=64M',
        '--innodb-log-file-size=8M',
        '--max-connections=100',
      ],
      join(dir, 'log')
    );
    await ws.waitUntilReady('MariaDB', async () => {
      const c = await mysql.createConnection({ socketPath: socket, user: 'root', connectTimeout: 1000 });
      await c.end();
      return true;
    });
    const c = await mysql.createConnection({ socketPath: socket, user: 'root' });
    try {
      // root@localhost only matches socket connections under --skip-name-resolve.
      await c.query("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'");
      await c.query("GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION");
      await c.query('CREATE DATABASE sei CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    } finally {
      await c.end();
    }
    return {
      url: `mysql://root@127.0.0.1:${port}/sei`,
      stop: () => ws.stop('SIGTERM'),
    };
  } catch (err) {
    await ws.stop('SIGKILL');
    throw err;
  }
}

// ---------------------------------------------------------------------------
// databases and users on a running server

function randomSuffix(): string {
  return randomBytes(4).toString('hex');
}

function isMysqlUrl(url: string): boolean {
  return dialectOfUrl(url) === 'mysql';
}

/** Quotes a possibly schema-qualified PostgreSQL name (`a.b` -> `"a"."b"`). */
function pgName(name: string): string {
  return name
    .split('.')
    .map((part) => '"' + part.replace(/"/g, '""') + '"')
    .join('.');
}

function myName(name: string): string {
  return name
    .split('.')
    .map((part) => '`' + part.replace(/`/g, '``') + '`')
    .join('.');
}

/**
 * Creates a fresh empty database on the server of `url` and returns a URL for
 * it (same credentials). Lets test files running in parallel stay isolated.
 */
export async function createDatabase(url: string, name = `sei_${randomSuffix()}`): Promise<string> {
  const target = new URL(url);
  await asAdmin(url, (c) =>
    c.run(
      isMysqlUrl(url)
        ? `CREATE DATABASE ${myName(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
        : `CREATE DATABASE ${pgName(name)}`
    )
  );
  target.pathname = `/${name}`;
  return target.toString();
}

/** Runs `work` on a direct connection to `url`, closed afterwards. */
async function asAdmin(url: string, work: (c: DirectConnection) => Promise<void>): Promise<void> {
  const c = await connectDirect(url);
  try {
    await work(c);
  } finally {
    await c.close();
  }
}

/**
 * Creates a login that can only SELECT from `tables` in the database of
 * `url`, and returns a URL for it. Table names may be schema-qualified on
 * PostgreSQL (`public.t`).
 */
export async function createReadOnlyUser(url: string, tables: readonly string[]): Promise<string> {
  const user = `sei_ro_${randomSuffix()}`;
  const password = randomBytes(12).toString('hex');
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.replace(/^\//, ''));
  await asAdmin(url, async (c) => {
    if (isMysqlUrl(url)) {
      await c.run(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
      for (const table of tables) {
        const qualified = table.includes('.') ? myName(table) : `${myName(database)}.${myName(table)}`;
        await c.run(`GRANT SELECT ON ${qualified} TO '${user}'@'%'`);
      }
      return;
    }
    await c.run(`CREATE ROLE ${pgName(user)} LOGIN PASSWORD '${password}'`);
    await c.run(`GRANT CONNECT ON DATABASE ${pgName(database)} TO ${pgName(user)}`);
    const schemas = new Set(tables.map((t) => (t.includes('.') ? t.split('.')[0]! : 'public')));
    for (const schema of schemas) await c.run(`GRANT USAGE ON SCHEMA ${pgName(schema)} TO ${pgName(user)}`);
    for (const table of tables) await c.run(`GRANT SELECT ON ${pgName(table)} TO ${pgName(user)}`);
  });
  target.username = user;
  target.password = password;
  return target.toString();
}
