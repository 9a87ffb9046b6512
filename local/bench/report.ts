/**
 * Output of the benchmark: the machine-readable lines (RATIO, BUNDLE,
 * DETAIL, INDEX) and docs/benchmarks.md.
 */
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import type { CheckName } from '../../shared/checks/decision';
import type { BundleResult } from './bundles';
import type { EngineResult, IndexName, Measured } from './measure';

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly benchNode: string;
  readonly bundleNode?: string;
  readonly loadStart: readonly number[];
  readonly loadEnd?: readonly number[];
}

export function machineInfo(): MachineInfo {
  return {
    cpu: cpus()[0]?.model?.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: `Linux ${release()}`,
    benchNode: process.version,
    loadStart: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

export interface BenchReport {
  readonly command: string;
  readonly startedAt: Date;
  readonly totalMs: number;
  readonly machine: MachineInfo;
  readonly engines: readonly EngineResult[];
  readonly bundles: readonly BundleResult[];
  readonly metadataBytes: number;
  readonly runs: number;
  readonly notes: readonly string[];
}

// ---------------------------------------------------------------------------
// numbers

export interface CheckRatio {
  readonly check: CheckName;
  readonly engine: string;
  readonly rows: number;
  readonly bare: Measured;
  /** The pass reading the four columns the checks aggregate (floor for their statements). */
  readonly bareColumns?: Measured;
  readonly ours: Measured;
  readonly original: Measured;
  /** original / ours wall time. */
  readonly time: number;
  /** original / ours Data API bytes. */
  readonly bytes: number;
  /** original / ours bytes of the returned values. */
  readonly rawBytes: number;
  /** ours / bare count(*). */
  readonly scan: number;
  readonly calls: number;
}

const VARIANTS: Record<CheckName, { ours: 'ours-failed' | 'ours-stalled'; original: 'original-failed' | 'original-stalled' }> = {
  'failed-processes': { ours: 'ours-failed', original: 'original-failed' },
  'stalled-packages': { ours: 'ours-stalled', original: 'original-stalled' },
};

export function ratios(result: EngineResult): CheckRatio[] {
  const out: CheckRatio[] = [];
  const bare = result.variants.bare;
  for (const check of ['failed-processes', 'stalled-packages'] as const) {
    const v = VARIANTS[check];
    const ours = result.variants[v.ours];
    const original = result.variants[v.original];
    if (!bare || !ours || !original) continue;
    out.push({
      check,
      engine: result.engine,
      rows: result.rows,
      bare,
      bareColumns: result.variants['bare-columns'],
      ours,
      original,
      time: original.medianMs / ours.medianMs,
      bytes: original.bytes / ours.bytes,
      rawBytes: original.rawBytes / Math.max(1, ours.rawBytes),
      scan: ours.medianMs / bare.medianMs,
      calls: ours.calls,
    });
  }
  return out;
}

export interface IndexRow {
  readonly check: CheckName;
  readonly engine: string;
  readonly rows: number;
  readonly index: IndexName;
  readonly statement: string;
  readonly withIndex: Measured;
  readonly withoutIndex: Measured;
  readonly speedup: number;
  readonly originalWithIndex?: Measured;
  /** Only for the failure check: the newest-cycle-only statement with this index and without any. */
  readonly newestCycleOnly?: Measured;
  readonly newestCycleOnlyWithoutIndex?: Measured;
}

export function indexRows(result: EngineResult): IndexRow[] {
  const out: IndexRow[] = [];
  for (const phase of result.indexes) {
    for (const check of ['failed-processes', 'stalled-packages'] as const) {
      const v = VARIANTS[check];
      const withIndex = phase.variants[v.ours];
      const withoutIndex = result.variants[v.ours];
      if (!withIndex || !withoutIndex) continue;
      out.push({
        check,
        engine: result.engine,
        rows: result.rows,
        index: phase.index,
        statement: phase.statement,
        withIndex,
        withoutIndex,
        speedup: withoutIndex.medianMs / withIndex.medianMs,
        originalWithIndex: check === 'failed-processes' ? phase.variants['original-failed'] : undefined,
        newestCycleOnly: check === 'failed-processes' ? phase.variants['newest-cycle-only'] : undefined,
        newestCycleOnlyWithoutIndex: check === 'failed-processes' ? result.variants['newest-cycle-only'] : undefined,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// lines

const r2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'NaN');
const ms = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '-' : n < 10 ? n.toFixed(1) : String(Math.round(n)));
const stmts = (m: Measured) => m.statementMedianMs.map(ms).join('+');

export function ratioLine(r: CheckRatio): string {
  return `RATIO check=${r.check} engine=${r.engine} rows=${r.rows} time=${r2(r.time)} bytes=${r2(r.bytes)} scan=${r2(r.scan)} calls=${r.calls}`;
}

export function bundleLine(b: BundleResult): string {
  return `BUNDLE fn=${b.fn} bytes=${b.bytes} init_ms=${b.initMs.toFixed(1)}`;
}

export function detailLine(r: CheckRatio): string {
  return [
    `DETAIL check=${r.check} engine=${r.engine} rows=${r.rows}`,
    `bare_ms=${ms(r.bare.medianMs)} columns_pass_ms=${ms(r.bareColumns?.medianMs)}`,
    `ours_ms=${ms(r.ours.medianMs)} ours_stmt_ms=${stmts(r.ours)} ours_bytes=${r.ours.bytes} ours_value_bytes=${r.ours.rawBytes} ours_decision=${r.ours.decision}`,
    `original_ms=${ms(r.original.medianMs)} original_stmt_ms=${stmts(r.original)} original_bytes=${r.original.bytes} original_value_bytes=${r.original.rawBytes} original_calls=${r.original.calls} original_decision=${r.original.decision}`,
    `value_bytes_ratio=${r2(r.rawBytes)}`,
  ].join(' ');
}

export function indexLine(row: IndexRow): string {
  const parts = [
    `INDEX check=${row.check} engine=${row.engine} rows=${row.rows} index=${row.index}`,
    `ms=${ms(row.withIndex.medianMs)} stmt_ms=${stmts(row.withIndex)} noindex_ms=${ms(row.withoutIndex.medianMs)} speedup=${r2(row.speedup)}`,
  ];
  if (row.originalWithIndex) parts.push(`original_ms=${ms(row.originalWithIndex.medianMs)}`);
  if (row.newestCycleOnly)
    parts.push(
      `newest_cycle_only_ms=${ms(row.newestCycleOnly.medianMs)} newest_cycle_only_noindex_ms=${ms(row.newestCycleOnlyWithoutIndex?.medianMs)}`
    );
  return parts.join(' ');
}

export function engineLines(result: EngineResult): string[] {
  const lines: string[] = [];
  const rs = ratios(result);
  for (const r of rs) lines.push(ratioLine(r));
  for (const r of rs) lines.push(detailLine(r));
  for (const row of indexRows(result)) lines.push(indexLine(row));
  return lines;
}

// ---------------------------------------------------------------------------
// targets

export interface TargetVerdict {
  readonly target: string;
  readonly met: boolean | undefined;
  readonly measured: string;
}

function largest(engines: readonly EngineResult[]): number {
  return Math.max(0, ...engines.map((e) => e.rows));
}

export function verdicts(report: BenchReport): TargetVerdict[] {
  const all = report.engines.flatMap(ratios);
  const top = largest(report.engines);
  const atTop = all.filter((r) => r.rows === top);
  const big = all.filter((r) => r.rows >= 100_000);
  const scope = big.length > 0 ? big : all;
  const fmt = (list: CheckRatio[], f: (r: CheckRatio) => string) => list.map((r) => `${r.engine} ${r.rows / 1000}k ${f(r)}`).join('; ');
  const out: TargetVerdict[] = [];

  const scan = scope;
  out.push({
    target: 'Each check ≤ 1.3× a bare count(*) pass',
    met: scan.length ? scan.every((r) => r.scan <= 1.3) : undefined,
    measured: fmt(scan, (r) => `${r.check === 'failed-processes' ? 'failure' : 'stalled'} ${r.scan.toFixed(2)}×`),
  });
  const failedTop = atTop.filter((r) => r.check === 'failed-processes');
  out.push({
    target: `Original failure pattern ≥ 2.5× slower than ours at ${top.toLocaleString('en')} packages, both engines`,
    met: failedTop.length ? failedTop.every((r) => r.time >= 2.5) : undefined,
    measured: fmt(failedTop, (r) => `${r.time.toFixed(2)}×`),
  });
  const stalled = scope.filter((r) => r.check === 'stalled-packages');
  out.push({
    target: 'Our stalled check no slower than the original one',
    met: stalled.length ? stalled.every((r) => r.time >= 1) : undefined,
    measured: fmt(stalled, (r) => `original/ours ${r.time.toFixed(2)}×`),
  });
  const failedAll = scope.filter((r) => r.check === 'failed-processes');
  out.push({
    target: '≥ 10× fewer bytes than the original (cycle with ~1 % failures)',
    met: failedAll.length ? failedAll.every((r) => r.bytes >= 10) : undefined,
    measured: fmt(failedAll, (r) => `${r.bytes.toFixed(1)}× (values only ${r.rawBytes.toFixed(1)}×)`),
  });
  const idx = report.engines.flatMap(indexRows).filter((r) => r.check === 'failed-processes' && r.rows === top);
  const bestIdx = new Map<string, IndexRow>();
  for (const row of idx) {
    const prev = bestIdx.get(row.engine);
    if (!prev || row.speedup > prev.speedup) bestIdx.set(row.engine, row);
  }
  out.push({
    target: 'With the optional index the failure check answers in milliseconds (≥ 100× faster)',
    met: bestIdx.size ? [...bestIdx.values()].every((r) => r.speedup >= 100) : undefined,
    measured: [...bestIdx.values()]
      .map((r) => `${r.engine} best (${r.index}) ${ms(r.withIndex.medianMs)} ms, ${r.speedup.toFixed(1)}×`)
      .join('; '),
  });
  out.push({
    target: '≤ 3 Data API calls per check',
    met: all.length ? all.every((r) => r.calls <= 3) : undefined,
    measured: [...new Set(all.map((r) => `${r.check} ${r.calls}`))].join('; '),
  });
  out.push({
    target: 'Each bundle ≤ 700 KB minified, SDK included',
    met: report.bundles.length ? report.bundles.every((b) => b.bytes <= 700 * 1024) : undefined,
    measured: report.bundles.map((b) => `${b.fn} ${(b.bytes / 1024).toFixed(0)} KiB`).join('; '),
  });
  out.push({
    target: 'Module init ≤ 100 ms median',
    met: report.bundles.length ? report.bundles.every((b) => b.initMs <= 100) : undefined,
    measured: report.bundles.map((b) => `${b.fn} ${b.initMs.toFixed(1)} ms`).join('; '),
  });
  return out;
}

// ---------------------------------------------------------------------------
// markdown

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MiB`;
const kb = (bytes: number) => (bytes >= 10240 ? `${(bytes / 1024).toFixed(0)} KiB` : `${(bytes / 1024).toFixed(1)} KiB`);
const yes = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? '**met**' : '**missed**');

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Markers of the hand-written section (method, analysis), which the bench keeps as it is. */
export const HAND_WRITTEN_START = '<!-- analysis:start -->';
export const HAND_WRITTEN_END = '<!-- analysis:end -->';

/** The hand-written section of an earlier report, markers included; a placeholder when it has none. */
export function handWritten(previous: string | undefined): string {
  const start = previous?.indexOf(HAND_WRITTEN_START) ?? -1;
  const end = start < 0 ? -1 : (previous?.indexOf(HAND_WRITTEN_END, start) ?? -1);
  if (previous !== undefined && end >= 0) return previous.slice(start, end + HAND_WRITTEN_END.length);
  return [
    HAND_WRITTEN_START,
    '## Method',
    '',
    '_To be written: how the numbers were measured, what bounds each target._',
    HAND_WRITTEN_END,
  ].join('\n');
}

/**
 * docs/benchmarks.md: the run's tables, then the hand-written section of the
 * previous version of the file (`previous`), kept verbatim.
 */
export function markdown(report: BenchReport, previous: string | undefined): string {
  const { machine } = report;
  const engines = report.engines;
  const servers = new Map<string, EngineResult['server']>();
  for (const e of engines) servers.set(e.engine, e.server);
  const all = engines.flatMap(ratios);
  const idx = engines.flatMap(indexRows);
  const out: string[] = [];

  out.push("# Benchmarks: our checks vs. the original module's queries");
  out.push('');
  out.push(
    `Generated by \`${report.command}\` on ${report.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC ` +
      `(total ${(report.totalMs / 60000).toFixed(1)} min). Every number in the tables comes from that one run; ` +
      'rerun the command to refresh them. The method and the analysis after the targets are written by hand: the bench keeps them as they are.'
  );
  out.push('');
  out.push('## Machine');
  out.push('');
  const serverRows: string[][] = [
    ['CPU', `${machine.cpu}, ${machine.cores} cores (nproc)`],
    ['Memory', `${machine.memoryGiB} GiB`],
    ['Kernel', machine.kernel],
    ['Node (bench)', machine.benchNode],
    ['Node (bundle init)', machine.bundleNode ?? '-'],
    ['Load average at start / end', `${machine.loadStart.join(' ')} / ${machine.loadEnd?.join(' ') ?? '-'} (shared, noisy machine)`],
  ];
  const pg = servers.get('postgres');
  if (pg) {
    serverRows.push([
      'PostgreSQL',
      `${pg.version}; shared_buffers ${pg.shared_buffers}, work_mem ${pg.work_mem}, max_parallel_workers_per_gather ${pg.max_parallel_workers_per_gather}, jit ${pg.jit}`,
    ]);
  }
  const my = servers.get('mysql');
  if (my) {
    serverRows.push([
      'MariaDB',
      `${my.version}; innodb_buffer_pool_size ${mb(Number(my.innodb_buffer_pool_size))}, tmp_table_size ${mb(Number(my.tmp_table_size))}`,
    ]);
  }
  out.push(table(['', ''], serverRows));
  out.push('');
  for (const note of report.notes) out.push(`- ${note}`);
  if (report.notes.length) out.push('');

  out.push('## Data');
  out.push('');
  out.push(
    table(
      [
        'engine',
        'packages',
        'load (bulk INSERT … SELECT)',
        'ANALYZE',
        'table on disk',
        'newest cycle: failed / tried',
        'never tried (NULL dates)',
        'avg metadata',
      ],
      engines.map((e) => [
        e.engine,
        e.rows.toLocaleString('en'),
        `${(e.seed.loadMs / 1000).toFixed(1)} s`,
        `${(e.seed.analyzeMs / 1000).toFixed(1)} s`,
        mb(e.seed.tableBytes),
        `${e.seed.lastCycleFailures} / ${e.seed.lastCycleRows}`,
        String(e.seed.neverTried),
        `${e.seed.avgMetadataChars} chars`,
      ])
    )
  );
  out.push('');

  out.push('## Results without an index (medians)');
  out.push('');
  out.push(
    table(
      [
        'check',
        'engine',
        'packages',
        'bare count(*)',
        '4-column pass',
        'ours',
        'ours per statement',
        'original',
        'original per statement',
        'time original/ours',
        'scan ours/bare',
        'Data API bytes ours / original',
        'bytes ratio',
        'calls ours / original',
      ],
      all.map((r) => [
        r.check,
        r.engine,
        r.rows.toLocaleString('en'),
        `${ms(r.bare.medianMs)} ms`,
        r.bareColumns ? `${ms(r.bareColumns.medianMs)} ms` : '-',
        `${ms(r.ours.medianMs)} ms`,
        stmts(r.ours),
        `${ms(r.original.medianMs)} ms`,
        stmts(r.original),
        `${r2(r.time)}×`,
        `${r2(r.scan)}×`,
        `${kb(r.ours.bytes)} / ${kb(r.original.bytes)}`,
        `${r.bytes.toFixed(1)}× (values ${r.rawBytes.toFixed(1)}×)`,
        `${r.calls} / ${r.original.calls}`,
      ])
    )
  );
  out.push('');
  out.push('The printed lines of this run:');
  out.push('');
  out.push('```');
  for (const r of all) out.push(ratioLine(r));
  for (const b of report.bundles) out.push(bundleLine(b));
  out.push('```');
  out.push('');

  if (idx.length) {
    out.push('## With an optional index');
    out.push('');
    out.push(
      table(
        [
          'check',
          'engine',
          'packages',
          'index',
          'ours',
          'ours per statement',
          'without index',
          'speedup',
          'original failure pattern',
          'newest cycle only (without index)',
        ],
        idx.map((r) => [
          r.check,
          r.engine,
          r.rows.toLocaleString('en'),
          r.index,
          `${ms(r.withIndex.medianMs)} ms`,
          stmts(r.withIndex),
          `${ms(r.withoutIndex.medianMs)} ms`,
          `${r2(r.speedup)}×`,
          r.originalWithIndex ? `${ms(r.originalWithIndex.medianMs)} ms` : '-',
          r.newestCycleOnly ? `${ms(r.newestCycleOnly.medianMs)} ms (${ms(r.newestCycleOnlyWithoutIndex?.medianMs)} ms)` : '-',
        ])
      )
    );
    out.push('');
    out.push('Indexes measured (`cycle`, `covering`), created with the online statements a DBA would run:');
    out.push('');
    out.push(
      table(
        ['engine', 'packages', 'index', 'statement', 'build + ANALYZE', 'index size (table)'],
        engines.flatMap((e) =>
          e.indexes.map((p) => [
            e.engine,
            e.rows.toLocaleString('en'),
            p.index,
            `\`${p.statement}\``,
            `${(p.createMs / 1000).toFixed(1)} s`,
            `${p.bytes === undefined ? '?' : mb(p.bytes)} (${mb(e.seed.tableBytes)})`,
          ])
        )
      )
    );
    out.push('');
  }

  if (report.bundles.length) {
    out.push('## Function bundles');
    out.push('');
    out.push(
      table(
        [
          'function',
          'bundle (minified ESM)',
          'source map',
          'init median (NODE_OPTIONS=--enable-source-maps, as deployed)',
          'init median without source maps',
          'process spawn → import done',
          'runs',
        ],
        report.bundles.map((b) => [
          b.fn,
          `${b.bytes.toLocaleString('en')} B (${kb(b.bytes)})`,
          kb(b.mapBytes),
          `${b.initMs.toFixed(1)} ms`,
          `${b.initMsNoSourceMaps.toFixed(1)} ms`,
          `${b.processMs.toFixed(0)} ms`,
          String(b.runs),
        ])
      )
    );
    out.push('');
  }

  out.push('## Targets: met / missed and what bounds it');
  out.push('');
  out.push(
    table(
      ['target', 'result', 'measured'],
      verdicts(report).map((v) => [v.target, yes(v.met), v.measured])
    )
  );
  out.push('');
  out.push(handWritten(previous));
  out.push('');
  out.push('## Reproduce');
  out.push('');
  out.push('```sh');
  out.push(
    `npm run bench                        # 100 k and 1 M packages, both engines (${(report.totalMs / 60000).toFixed(0)} min for this run)`
  );
  out.push('npm run bench -- --rows 100000       # one size; several: --rows 100000,1000000');
  out.push('npm run bench -- --rows 10000 --runs 3 --no-docs   # the CI smoke size');
  out.push('npm run bench -- --help              # engines, runs, metadata size, indexes, output file');
  out.push('```');
  out.push('');
  out.push(
    'TEST_POSTGRES_URL / TEST_MYSQL_URL point the bench at existing servers (their SEI tables in that database are dropped and recreated). ' +
      'The smoke test `test/bench/bench-smoke.test.ts` runs the same core at 10 k packages on both engines.'
  );
  out.push('');
  return out.join('\n');
}
