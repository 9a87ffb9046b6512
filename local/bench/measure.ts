/**
 * The benchmark core for one engine and one size: seed, then measure side by
 * side, in interleaved rounds (so drift on a noisy machine hits every
 * variant alike):
 *
 *   bare      `SELECT count(*)` over md_pi_pacote_envio (a sequential pass;
 *             on PostgreSQL index-only scans are disabled for it, or it
 *             would count the primary key index instead of reading the table),
 *             the same pass reading the four columns the checks aggregate,
 *             and the newest answered try (the least a stalled check must
 *             read to tell an answer from a failed try)
 *   ours      the real check runners (shared/notifier) with a Data API reader
 *             (RDSDataClient → local bridge → database), 1 MiB response limit
 *   original  the original module's statements (./original.ts) through a
 *             second bridge without the 1 MiB limit (the module talks to the
 *             database directly; the bridge only counts the bytes)
 *
 * then the same with each optional index: the one the README recommends
 * (NOTIFIER_INDEX, which our checks look up and use) and the one on
 * `dth_agendamento_executado` that serves the original's failure pattern.
 * Every variant runs once untimed (warm buffer cache), then `runs` timed
 * rounds; medians are reported.
 */
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { type FunctionConfig, loadConfig } from '../../shared/config';
import { createDataApiReader, type SqlParam, type SqlReader, type SqlRow } from '../../shared/data-api/sql-client';
import type { LogSink } from '../../shared/logger';
import { runFailedProcessesCheck } from '../../shared/notifier/failed-processes';
import { runStalledPackagesCheck } from '../../shared/notifier/stalled-packages';
import { NOTIFIER_INDEX, onlineCreateIndexStatement } from '../../shared/sei/notifier-index';
import { createExecutorForUrl, type DataApiBridge, startDataApiBridge } from '../bridge';
import { connectDirect, type DirectConnection } from '../harness/direct-connection';
import type { Dialect } from '../sei/schema';
import { runOriginalFailedProcesses, runOriginalStalledPackages } from './original';
import { type SeedInfo, seedBenchDatabase } from './seed';
import { median } from './stats';

export type IndexName = 'recommended' | 'cycle';

/** The optional indexes a DBA could add, by name. */
export const OPTIONAL_INDEXES: Record<IndexName, { readonly name: string; readonly columns: readonly string[] }> = {
  recommended: NOTIFIER_INDEX,
  cycle: { name: 'ix_md_pi_pacote_envio_agend', columns: ['dth_agendamento_executado'] },
};

/** The statement a DBA would run on a live SEI (online, see onlineCreateIndexStatement). */
export function createIndexStatement(index: IndexName, dialect: Dialect): string {
  const { name, columns } = OPTIONAL_INDEXES[index];
  return onlineCreateIndexStatement(dialect, name, columns);
}

async function indexBytes(db: DirectConnection, index: IndexName): Promise<number | undefined> {
  const { name } = OPTIONAL_INDEXES[index];
  const [row] = await db.query(
    db.dialect === 'postgres'
      ? `SELECT pg_relation_size('${name}') AS bytes`
      : `SELECT stat_value * @@innodb_page_size AS bytes FROM mysql.innodb_index_stats WHERE database_name = DATABASE() AND table_name = 'md_pi_pacote_envio' AND index_name = '${name}' AND stat_name = 'size'`
  );
  const bytes = Number(row?.bytes);
  return Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
}

export interface BenchEngineOptions {
  /** Superuser/root URL of a scratch database (its SEI tables are dropped and recreated). */
  readonly url: string;
  readonly rows: number;
  /** Timed rounds after the warm-up (default 5). */
  readonly runs?: number;
  readonly metadataBytes?: number;
  readonly cycles?: number;
  readonly timeZone?: string;
  /** Optional indexes to measure (default both). */
  readonly indexes?: readonly IndexName[];
  /**
   * Measure only with the optional indexes: no pass, no check without an
   * index (for a table larger than the database's memory, where each pass
   * reads the disk for minutes).
   */
  readonly indexOnly?: boolean;
  readonly log?: (line: string) => void;
}

/** One timed run of a variant. */
export interface Sample {
  readonly ms: number;
  /** Data API response bytes (JSON bodies) counted by the bridge. */
  readonly bytes: number;
  /** Bytes of the values in the returned rows (what a direct driver would carry, roughly). */
  readonly rawBytes: number;
  /** Data API round trips counted by the bridge. */
  readonly calls: number;
  /** Wall time of each statement, in order. */
  readonly statementMs: readonly number[];
  /** What the variant decided ('report', 'nothing-to-report', 'mail', 'no-mail', ...). */
  readonly decision: string;
}

export interface Measured {
  readonly samples: readonly Sample[];
  readonly medianMs: number;
  readonly bytes: number;
  readonly rawBytes: number;
  readonly calls: number;
  /** Median per statement position. */
  readonly statementMedianMs: readonly number[];
  readonly decision: string;
}

/** The direct passes ({@link DIRECT_PASSES}), then the checks. */
export type VariantName = DirectPass | 'ours-failed' | 'ours-stalled' | 'original-failed' | 'original-stalled';

export interface IndexPhase {
  readonly index: IndexName;
  readonly statement: string;
  /** CREATE INDEX plus VACUUM (ANALYZE) / ANALYZE TABLE. */
  readonly createMs: number;
  /** Size of the index on disk, when the server reports it. */
  readonly bytes?: number;
  readonly variants: Partial<Record<VariantName, Measured>>;
}

export interface EngineResult {
  readonly engine: Dialect;
  readonly rows: number;
  readonly runs: number;
  readonly seed: SeedInfo;
  readonly server: Readonly<Record<string, string>>;
  readonly variants: Partial<Record<VariantName, Measured>>;
  readonly indexes: readonly IndexPhase[];
}

const CLUSTER_ARN = 'arn:aws:rds:us-east-1:123456789012:cluster:sei-bench';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:sei-bench-AbCdEf';
const GIB = 1024 * 1024 * 1024;

const silentLog: LogSink = { info: () => {}, warn: () => {} };

function valueBytes(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return 8;
  if (typeof value === 'boolean') return 1;
  return Buffer.byteLength(String(value), 'utf8');
}

/** A reader that records each statement's time and the bytes of the values it returned. */
function instrumented(reader: SqlReader): SqlReader & { statementMs: number[]; rawBytes: number } {
  const state = { statementMs: [] as number[], rawBytes: 0 };
  return Object.assign(state, {
    async query(sql: string, params?: Readonly<Record<string, SqlParam>>): Promise<SqlRow[]> {
      const started = performance.now();
      const rows = await reader.query(sql, params);
      state.statementMs.push(performance.now() - started);
      for (const row of rows) for (const v of Object.values(row)) state.rawBytes += valueBytes(v);
      return rows;
    },
  });
}

interface Variant {
  readonly name: VariantName;
  readonly bridge?: DataApiBridge;
  /** Runs once; returns the decision. */
  run(reader: SqlReader & { statementMs: number[]; rawBytes: number }): Promise<string>;
}

function summarize(samples: Sample[]): Measured {
  const last = samples.at(-1)!;
  const positions = Math.max(...samples.map((s) => s.statementMs.length));
  return {
    samples,
    medianMs: median(samples.map((s) => s.ms)),
    bytes: last.bytes,
    rawBytes: last.rawBytes,
    calls: last.calls,
    statementMedianMs: Array.from({ length: positions }, (_, i) =>
      median(samples.map((s) => s.statementMs[i]).filter((v): v is number => v !== undefined))
    ),
    decision: last.decision,
  };
}

/** The passes measured over a direct connection (no Data API), timed. */
const DIRECT_PASSES = {
  bare: 'SELECT COUNT(*) AS n FROM md_pi_pacote_envio',
  // The four columns the checks aggregate, with the cheapest aggregates: the floor for any
  // statement computing their figures.
  'bare-columns':
    'SELECT MAX(dth_situacao) AS a, MAX(dth_agendamento_executado) AS b, COUNT(num_tentativas_envio) AS c, COUNT(sta_integracao) AS d FROM md_pi_pacote_envio',
  // The newest try the web service answered (I or EN): the original's stalled check reads the
  // newest try of any status, which counts an outage's failed tries as sending.
  'bare-answered': "SELECT MAX(dth_situacao) AS a FROM md_pi_pacote_envio WHERE sta_integracao IN ('I', 'EN')",
} as const;
type DirectPass = keyof typeof DIRECT_PASSES;
type Direct = (name: DirectPass) => Promise<void>;
const isDirectPass = (name: VariantName): name is DirectPass => name in DIRECT_PASSES;

async function runVariant(variant: Variant, makeReader: (bridge: DataApiBridge) => SqlReader, bare: Direct): Promise<Sample> {
  if (isDirectPass(variant.name)) {
    const started = performance.now();
    await bare(variant.name);
    const ms = performance.now() - started;
    return { ms, bytes: 0, rawBytes: 0, calls: 0, statementMs: [ms], decision: 'count' };
  }
  const bridge = variant.bridge!;
  const reader = instrumented(makeReader(bridge));
  bridge.stats.reset();
  const started = performance.now();
  const decision = await variant.run(reader);
  const ms = performance.now() - started;
  return {
    ms,
    bytes: bridge.stats.bytesSent,
    rawBytes: reader.rawBytes,
    calls: bridge.stats.calls,
    statementMs: reader.statementMs,
    decision,
  };
}

/** One untimed round, then `runs` timed rounds, variants interleaved. */
async function measureRounds(
  variants: readonly Variant[],
  runs: number,
  makeReader: (bridge: DataApiBridge) => SqlReader,
  bare: Direct,
  log: (line: string) => void,
  label: string
): Promise<Partial<Record<VariantName, Measured>>> {
  for (const v of variants) await runVariant(v, makeReader, bare);
  const samples = new Map<VariantName, Sample[]>(variants.map((v) => [v.name, []]));
  for (let round = 1; round <= runs; round++) {
    const parts: string[] = [];
    for (const v of variants) {
      const sample = await runVariant(v, makeReader, bare);
      samples.get(v.name)!.push(sample);
      parts.push(`${v.name}=${Math.round(sample.ms)}`);
    }
    log(`  ${label} round ${round}/${runs}: ${parts.join(' ')} ms`);
  }
  const result: Partial<Record<VariantName, Measured>> = {};
  for (const [name, list] of samples) result[name] = summarize(list);
  return result;
}

async function serverFacts(db: DirectConnection): Promise<Record<string, string>> {
  const one = async (sql: string) => {
    try {
      const [row] = await db.query(sql);
      return row ? String(Object.values(row)[0]) : '';
    } catch {
      return '';
    }
  };
  if (db.dialect === 'postgres') {
    return {
      version: await one('SHOW server_version'),
      shared_buffers: await one('SHOW shared_buffers'),
      work_mem: await one('SHOW work_mem'),
      max_parallel_workers_per_gather: await one('SHOW max_parallel_workers_per_gather'),
      jit: await one('SHOW jit'),
    };
  }
  return {
    version: await one('SELECT VERSION()'),
    innodb_buffer_pool_size: await one('SELECT @@innodb_buffer_pool_size'),
    tmp_table_size: await one('SELECT @@tmp_table_size'),
  };
}

/** Seeds `url` with `rows` packages and measures every variant on it. */
export async function benchEngine(options: BenchEngineOptions): Promise<EngineResult> {
  const log = options.log ?? (() => {});
  const runs = options.runs ?? 5;
  const timeZone = options.timeZone ?? 'America/Sao_Paulo';
  const indexes = options.indexes ?? (['recommended'] as const);

  const admin = await connectDirect(options.url);
  const bareDb = await connectDirect(options.url);
  const dialect = admin.dialect;
  const executor = createExecutorForUrl(options.url);
  const bridges: DataApiBridge[] = [];
  const clients: RDSDataClient[] = [];
  try {
    const server = await serverFacts(admin);
    log(`[${dialect} ${options.rows}] seeding…`);
    const seed = await seedBenchDatabase(admin, {
      rows: options.rows,
      cycles: options.cycles,
      metadataBytes: options.metadataBytes,
      timeZone,
    });
    log(
      `[${dialect} ${options.rows}] loaded in ${(seed.loadMs / 1000).toFixed(1)} s (+${(seed.analyzeMs / 1000).toFixed(1)} s ANALYZE): ` +
        `${seed.rows} packages, ${seed.cycles} cycles, newest ${seed.lastCycle} with ${seed.lastCycleFailures}/${seed.lastCycleRows} failed, ` +
        `${seed.neverTried} never tried, metadata ~${seed.avgMetadataChars} chars, table ${(seed.tableBytes / 1048576).toFixed(0)} MiB`
    );

    if (dialect === 'postgres') {
      // A sequential pass, not an index-only scan of the primary key.
      for (const setting of ['enable_indexonlyscan', 'enable_indexscan', 'enable_bitmapscan']) {
        await bareDb.query(`SET ${setting} = off`);
      }
    }
    const bare: Direct = async (name) => {
      await bareDb.query(DIRECT_PASSES[name]);
    };

    const ours = await startDataApiBridge({ executor });
    const big = await startDataApiBridge({ executor, maxResponseBytes: GIB, maxRowBytes: GIB });
    bridges.push(ours, big);
    const clientFor = new Map<DataApiBridge, RDSDataClient>();
    for (const bridge of bridges) {
      const client = new RDSDataClient({
        endpoint: bridge.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      });
      clients.push(client);
      clientFor.set(bridge, client);
    }
    const makeReader = (bridge: DataApiBridge) =>
      createDataApiReader(clientFor.get(bridge)!, { resourceArn: CLUSTER_ARN, secretArn: SECRET_ARN, database: 'sei' });

    const config: FunctionConfig = loadConfig({
      DB_ENGINE: dialect,
      DB_CLUSTER_ARN: CLUSTER_ARN,
      DB_SECRET_ARN: SECRET_ARN,
      DB_NAME: 'sei',
      MAIL_FROM: 'sei-pi@orgao.gov.br',
      SEI_TIME_ZONE: timeZone,
    });

    const variant = {
      oursFailed: {
        name: 'ours-failed',
        bridge: ours,
        run: async (reader) => (await runFailedProcessesCheck(reader, config, new Date())).decision,
      } as Variant,
      oursStalled: {
        name: 'ours-stalled',
        bridge: ours,
        run: async (reader) => (await runStalledPackagesCheck(reader, config, new Date(), silentLog)).decision,
      } as Variant,
      originalFailed: {
        name: 'original-failed',
        bridge: big,
        run: async (reader) => ((await runOriginalFailedProcesses(reader, dialect)).wouldMail ? 'mail' : 'no-mail'),
      } as Variant,
      originalStalled: {
        name: 'original-stalled',
        bridge: big,
        run: async (reader) => ((await runOriginalStalledPackages(reader, dialect, new Date(), timeZone)).wouldMail ? 'mail' : 'no-mail'),
      } as Variant,
    } satisfies Record<string, Variant>;

    const passes = (Object.keys(DIRECT_PASSES) as DirectPass[]).map((name): Variant => ({ name, run: async () => 'count' }));
    const main: Variant[] = [...passes, variant.oursFailed, variant.originalFailed, variant.oursStalled, variant.originalStalled];
    let variants: EngineResult['variants'] = {};
    if (options.indexOnly) {
      log(`[${dialect} ${options.rows}] --index-only: nothing measured without an index`);
    } else {
      log(`[${dialect} ${options.rows}] measuring without index (1 warm-up + ${runs} rounds)…`);
      variants = await measureRounds(main, runs, makeReader, bare, log, `${dialect} ${options.rows}`);
    }

    const phases: IndexPhase[] = [];
    for (const index of indexes) {
      const statement = createIndexStatement(index, dialect);
      const started = performance.now();
      await admin.query(statement);
      if (dialect === 'postgres') await admin.query('VACUUM (ANALYZE) md_pi_pacote_envio');
      else await admin.query('ANALYZE TABLE md_pi_pacote_envio');
      const createMs = performance.now() - started;
      const bytes = await indexBytes(admin, index);
      log(
        `[${dialect} ${options.rows}] index ${index}: ${statement} (${(createMs / 1000).toFixed(1)} s with ANALYZE, ${bytes === undefined ? '?' : (bytes / 2 ** 20).toFixed(1)} MiB)`
      );
      const list: Variant[] = [variant.oursFailed, variant.originalFailed, variant.oursStalled, variant.originalStalled];
      const measured = await measureRounds(list, runs, makeReader, bare, log, `${dialect} ${options.rows} +${index}`);
      phases.push({ index, statement, createMs, bytes, variants: measured });
      const { name } = OPTIONAL_INDEXES[index];
      await admin.query(dialect === 'postgres' ? `DROP INDEX ${name}` : `DROP INDEX ${name} ON md_pi_pacote_envio`);
    }

    return { engine: dialect, rows: options.rows, runs, seed, server, variants, indexes: phases };
  } finally {
    for (const client of clients) client.destroy();
    for (const bridge of bridges) await bridge.close().catch(() => {});
    await executor.close().catch(() => {});
    await bareDb.close().catch(() => {});
    await admin.close().catch(() => {});
  }
}
