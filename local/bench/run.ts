/**
 * `npm run bench`: seeds PostgreSQL and MariaDB with 100 k and 1 M packages,
 * measures our checks against the original module's queries side by side,
 * measures the function bundles, prints one line per measurement and writes
 * docs/benchmarks.md.
 *
 *   npm run bench                               both sizes, both engines
 *   npm run bench -- --rows 100000              one size (or --rows 100000,1000000)
 *   npm run bench -- --rows 10000 --no-docs     CI smoke size
 *
 * Result lines (RATIO, DETAIL, INDEX, BUNDLE) go to stdout, progress to
 * stderr.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDirect, dialectOfUrl } from '../harness/direct-connection';
import { startMariadbServer, startPostgresServer, type TestServer } from '../harness/servers';
import { type BundleResult, measureBundles, projectNode } from './bundles';
import { benchEngine, type EngineResult, type IndexName } from './measure';
import { type BenchReport, bundleLine, engineLines, machineInfo, markdown, verdicts } from './report';

const HELP = `npm run bench -- [options]
  --rows N[,N…]          package counts (default 100000,1000000)
  --engines E[,E…]       postgres, mysql (default both)
  --runs N               timed rounds per variant after one warm-up (default 7; 9 below 50 k rows)
  --metadata-bytes N     average arquivo_metadados size (default 2500)
  --cycles N             nightly cycles in the table (default 365)
  --indexes I[,I…]|none  optional indexes to measure: recommended (the README's), cycle (serves the
                         original's failure pattern) (default recommended)
  --index-only           measure only with those indexes (no pass, nothing without an index): for a
                         table larger than the database's memory, where every pass reads the disk
  --bundle-runs N        fresh processes per bundle (default 15, minimum 10)
  --no-bundles           skip the bundle measurements
  --docs PATH            write the report's tables there, keeping its hand-written section
                         (default docs/benchmarks.md for the default sizes)
  --no-docs              do not write a report
  --json PATH            also save the raw results (default .tmp/bench-last-run.json)
  --render PATH          only rewrite the report's tables from raw results saved by an earlier run
TEST_POSTGRES_URL / TEST_MYSQL_URL: use those servers (their SEI tables are dropped and recreated).`;

const DEFAULT_ROWS = [100_000, 1_000_000];

function list(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive integer, got ${value}`);
  return n;
}

const progress = (line: string) => process.stderr.write(`${line}\n`);
const emit = (line: string) => process.stdout.write(`${line}\n`);

async function withRetry<T>(what: string, attempts: number, start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts) throw error;
      progress(`${what} failed to start (attempt ${attempt}/${attempts}), retrying: ${(error as Error).message.split('\n')[0]}`);
    }
  }
}

/** Gives a MariaDB server we started a buffer pool that holds the largest table, and a larger redo log for the load. */
async function tuneMariadb(url: string, rows: number, metadataBytes: number): Promise<string | undefined> {
  const wanted = Math.min(Math.round(rows * (metadataBytes + 700) * 1.3) + 256 * 2 ** 20, Math.floor(totalmem() * 0.4));
  // Whole 128 MiB chunks, at least 256 MiB.
  const size = Math.max(2, Math.ceil(wanted / 2 ** 27)) * 2 ** 27;
  const db = await connectDirect(url);
  try {
    await db.query(`SET GLOBAL innodb_buffer_pool_size = ${size}`);
    try {
      await db.query(`SET GLOBAL innodb_log_file_size = ${512 * 2 ** 20}`);
    } catch {
      // older servers: the redo log size is fixed at startup
    }
    for (let i = 0; i < 100; i++) {
      const [row] = await db.query('SELECT @@innodb_buffer_pool_size AS size');
      if (Number(row?.size) >= size) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const [row] = await db.query('SELECT @@innodb_buffer_pool_size AS size');
    return `MariaDB is started by local/harness/servers.ts with innodb_buffer_pool_size=64M; the bench raised it at runtime (SET GLOBAL) to ${(Number(row?.size) / 2 ** 20).toFixed(0)} MiB so the largest table stays in memory, and innodb_log_file_size to 512 MiB for the load.`;
  } catch (error) {
    return `Could not resize MariaDB's buffer pool (${(error as Error).message}); scans of tables larger than the pool read from the OS cache.`;
  } finally {
    await db.close();
  }
}

/** Writes the report's tables to `path`, keeping the hand-written section of the file already there. */
function writeReport(path: string, report: BenchReport): void {
  writeFileSync(path, markdown(report, existsSync(path) ? readFileSync(path, 'utf8') : undefined));
  progress(`wrote ${path}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      engines: { type: 'string' },
      runs: { type: 'string' },
      'metadata-bytes': { type: 'string' },
      cycles: { type: 'string' },
      indexes: { type: 'string' },
      'index-only': { type: 'boolean' },
      'bundle-runs': { type: 'string' },
      'no-bundles': { type: 'boolean' },
      docs: { type: 'string' },
      'no-docs': { type: 'boolean' },
      json: { type: 'string' },
      render: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    emit(HELP);
    return;
  }
  if (values.render) {
    const saved = JSON.parse(readFileSync(resolve(values.render), 'utf8'), (key, value) =>
      key === 'startedAt' ? new Date(value as string) : value
    ) as BenchReport;
    writeReport(resolve(values.docs ?? 'docs/benchmarks.md'), saved);
    return;
  }
  const rowsList = (list(values.rows) ?? DEFAULT_ROWS.map(String)).map((r) => positive('rows', r, 0)).sort((a, b) => a - b);
  const engines = (list(values.engines) ?? ['postgres', 'mysql']).map((e) => {
    if (e !== 'postgres' && e !== 'mysql') throw new Error(`--engines: unknown engine ${e} (postgres, mysql)`);
    return e;
  });
  const metadataBytes = positive('metadata-bytes', values['metadata-bytes'], 2500);
  const cycles = positive('cycles', values.cycles, 365);
  const indexesArg = list(values.indexes);
  const indexes: IndexName[] = indexesArg?.includes('none')
    ? []
    : ((indexesArg ?? ['recommended']).map((i) => {
        if (i !== 'recommended' && i !== 'cycle') throw new Error(`--indexes: unknown index ${i} (recommended, cycle, none)`);
        return i;
      }) as IndexName[]);
  if (values['index-only'] && indexes.length === 0) throw new Error('--index-only needs an index to measure (--indexes)');
  const isDefaultSizes = values.rows === undefined;
  const docsPath = values['no-docs'] ? undefined : (values.docs ?? (isDefaultSizes ? 'docs/benchmarks.md' : undefined));
  const explicitRuns = values.runs === undefined ? undefined : positive('runs', values.runs, 5);

  const startedAt = new Date();
  const started = performance.now();
  const machine = machineInfo();
  const notes: string[] = [];
  const servers: TestServer[] = [];
  const results: EngineResult[] = [];
  let bundles: BundleResult[] = [];
  try {
    const urls: Record<string, string> = {};
    if (engines.includes('postgres')) {
      const s = await withRetry('PostgreSQL', 3, startPostgresServer);
      servers.push(s);
      urls.postgres = s.url;
    }
    if (engines.includes('mysql')) {
      const s = await withRetry('MariaDB', 3, startMariadbServer);
      servers.push(s);
      urls.mysql = s.url;
      if (!process.env.TEST_MYSQL_URL) {
        const note = await tuneMariadb(s.url, Math.max(...rowsList), metadataBytes);
        if (note) notes.push(note);
      }
    }
    progress(
      `servers: ${Object.entries(urls)
        .map(([k, v]) => `${k} ${v.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@')}`)
        .join(', ')}`
    );

    for (const rows of rowsList) {
      for (const engine of engines) {
        const url = urls[engine]!;
        if (dialectOfUrl(url) !== engine) throw new Error(`${engine} URL has the wrong scheme: ${url}`);
        const result = await benchEngine({
          url,
          rows,
          runs: explicitRuns ?? (rows < 50_000 ? 9 : 7),
          metadataBytes,
          cycles,
          indexes,
          indexOnly: values['index-only'],
          log: progress,
        });
        results.push(result);
        for (const line of engineLines(result)) emit(line);
      }
    }

    if (!values['no-bundles']) {
      progress('bundles: synthesizing the app and timing module init…');
      bundles = await measureBundles({ runs: positive('bundle-runs', values['bundle-runs'], 15), log: progress });
      for (const b of bundles) emit(bundleLine(b));
    }
  } finally {
    await Promise.allSettled(servers.map((s) => s.stop()));
  }

  const totalMs = performance.now() - started;
  let bundleNode: string | undefined;
  try {
    bundleNode = execFileSync(projectNode(process.cwd()), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    bundleNode = undefined;
  }
  const report: BenchReport = {
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    startedAt,
    totalMs,
    machine: { ...machine, bundleNode, loadEnd: loadavg().map((n) => Math.round(n * 100) / 100) },
    engines: results,
    bundles,
    metadataBytes,
    runs: explicitRuns ?? 7,
    notes,
  };

  progress('');
  progress('targets:');
  for (const v of verdicts(report))
    progress(`  ${v.met === undefined ? 'n/a   ' : v.met ? 'MET   ' : 'MISSED'} ${v.target}: ${v.measured}`);
  progress(`total ${(totalMs / 1000).toFixed(0)} s`);
  const jsonPath = resolve(values.json ?? '.tmp/bench-last-run.json');
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(report, null, 1));
  progress(`raw results: ${jsonPath}`);
  if (docsPath) {
    writeReport(resolve(docsPath), report);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
