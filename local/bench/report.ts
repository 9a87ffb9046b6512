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

/** Where a ratio was measured: without an index, or with one of the optional indexes. */
export type IndexPhaseName = 'none' | IndexName;

export interface CheckRatio {
  readonly check: CheckName;
  readonly engine: string;
  readonly rows: number;
  readonly index: IndexPhaseName;
  /** The bare count(*) pass (measured without an index; none with --index-only). */
  readonly bare?: Measured;
  /** The pass reading the four columns the checks aggregate (floor for their statements). */
  readonly bareColumns?: Measured;
  /** The pass finding the newest answered try (floor for a stalled check that tells answers from failures). */
  readonly bareAnswered?: Measured;
  readonly ours: Measured;
  readonly original: Measured;
  /** original / ours wall time. */
  readonly time: number;
  /** original / ours Data API bytes. */
  readonly bytes: number;
  /** original / ours bytes of the returned values. */
  readonly rawBytes: number;
  /** ours / the 4-column pass (NaN without a pass). */
  readonly pass: number;
  /** The quiet path (index lookup + figures: a night with nothing to report), in ms. */
  readonly quietMs: number;
  /** quietMs / the 4-column pass. */
  readonly quiet: number;
  readonly calls: number;
}

const VARIANTS: Record<CheckName, { ours: 'ours-failed' | 'ours-stalled'; original: 'original-failed' | 'original-stalled' }> = {
  'failed-processes': { ours: 'ours-failed', original: 'original-failed' },
  'stalled-packages': { ours: 'ours-stalled', original: 'original-stalled' },
};

/** Ours against the original, for each check, without an index and with each optional index. */
export function ratios(result: EngineResult): CheckRatio[] {
  const out: CheckRatio[] = [];
  const bare = result.variants.bare;
  const bareColumns = result.variants['bare-columns'];
  const bareAnswered = result.variants['bare-answered'];
  const floor = bareColumns?.medianMs ?? bare?.medianMs ?? Number.NaN;
  const phases: { index: IndexPhaseName; variants: EngineResult['variants'] }[] = [
    { index: 'none', variants: result.variants },
    ...result.indexes.map((p) => ({ index: p.index, variants: p.variants })),
  ];
  for (const { index, variants } of phases) {
    for (const check of ['failed-processes', 'stalled-packages'] as const) {
      const v = VARIANTS[check];
      const ours = variants[v.ours];
      const original = variants[v.original];
      if (!ours || !original) continue;
      const quietMs = ours.statementMedianMs.slice(0, 2).reduce((a, b) => a + b, 0);
      out.push({
        check,
        engine: result.engine,
        rows: result.rows,
        index,
        bare,
        bareColumns,
        bareAnswered,
        ours,
        original,
        time: original.medianMs / ours.medianMs,
        bytes: original.bytes / ours.bytes,
        rawBytes: original.rawBytes / Math.max(1, ours.rawBytes),
        pass: ours.medianMs / floor,
        quietMs,
        quiet: quietMs / floor,
        calls: ours.calls,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// lines

const r2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'NaN');
const ms = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '-' : n < 10 ? n.toFixed(1) : String(Math.round(n)));
/** A ratio for the tables; '-' when not measured. */
const times = (n: number) => (Number.isFinite(n) ? `${r2(n)}×` : '-');
const stmts = (m: Measured) => m.statementMedianMs.map(ms).join('+');

export function ratioLine(r: CheckRatio): string {
  return `RATIO check=${r.check} engine=${r.engine} rows=${r.rows} index=${r.index} time=${r2(r.time)} bytes=${r2(r.bytes)} pass=${r2(r.pass)} quiet=${r2(r.quiet)} calls=${r.calls}`;
}

export function bundleLine(b: BundleResult): string {
  return `BUNDLE fn=${b.fn} bytes=${b.bytes} init_ms=${b.initMs.toFixed(1)}`;
}

export function detailLine(r: CheckRatio): string {
  return [
    `DETAIL check=${r.check} engine=${r.engine} rows=${r.rows} index=${r.index}`,
    `bare_ms=${ms(r.bare?.medianMs)} columns_pass_ms=${ms(r.bareColumns?.medianMs)} answered_pass_ms=${ms(r.bareAnswered?.medianMs)}`,
    `ours_ms=${ms(r.ours.medianMs)} ours_stmt_ms=${stmts(r.ours)} ours_quiet_ms=${ms(r.quietMs)} ours_bytes=${r.ours.bytes} ours_value_bytes=${r.ours.rawBytes} ours_decision=${r.ours.decision}`,
    `original_ms=${ms(r.original.medianMs)} original_stmt_ms=${stmts(r.original)} original_bytes=${r.original.bytes} original_value_bytes=${r.original.rawBytes} original_calls=${r.original.calls} original_decision=${r.original.decision}`,
    `value_bytes_ratio=${r2(r.rawBytes)}`,
  ].join(' ');
}

export function engineLines(result: EngineResult): string[] {
  const rs = ratios(result);
  return [...rs.map(ratioLine), ...rs.map(detailLine)];
}

// ---------------------------------------------------------------------------
// targets

export interface TargetVerdict {
  readonly target: string;
  readonly met: boolean | undefined;
  readonly measured: string;
}

/** The Data API stops a statement at 45 s; a check must stay well inside: a quarter of it. */
export const SCALE_BUDGET_MS = 45_000 / 4;
/** The size the scale target is about. */
export const SCALE_ROWS = 10_000_000;
/** Milliseconds with the recommended index, from this size on. */
const INDEXED_MS = 20;
const INDEXED_FROM_ROWS = 1_000_000;

const short = (check: CheckName) => (check === 'failed-processes' ? 'failure' : 'stalled');
const size = (rows: number) => (rows >= 1_000_000 ? `${rows / 1_000_000}M` : `${rows / 1000}k`);
const where = (r: CheckRatio) => `${r.engine} ${size(r.rows)} ${short(r.check)}${r.index === 'none' ? '' : ` +${r.index}`}`;

function verdict(
  target: string,
  list: readonly CheckRatio[],
  ok: (r: CheckRatio) => boolean,
  shown: (r: CheckRatio) => string
): TargetVerdict {
  return {
    target,
    met: list.length ? list.every(ok) : undefined,
    measured: list.map((r) => `${where(r)} ${shown(r)}`).join('; '),
  };
}

export function verdicts(report: BenchReport): TargetVerdict[] {
  const all = report.engines.flatMap(ratios);
  const none = all.filter((r) => r.index === 'none');
  const recommended = all.filter((r) => r.index === 'recommended');
  const out: TargetVerdict[] = [];

  const scale = none.filter((r) => r.rows >= SCALE_ROWS);
  out.push(
    verdict(
      `At ${SCALE_ROWS.toLocaleString('en')} packages without an index, every check measured ≤ ${SCALE_BUDGET_MS / 1000} s (¼ of the Data API's 45 s)`,
      scale,
      (r) => r.ours.medianMs <= SCALE_BUDGET_MS,
      (r) => `${ms(r.ours.medianMs)} ms (${stmts(r.ours)})`
    )
  );
  const compared = [...none, ...recommended];
  out.push(
    verdict(
      'Never slower than the original: original/ours ≥ 1.0 for both checks, with and without the recommended index',
      compared,
      (r) => r.time >= 1,
      (r) =>
        r.check === 'stalled-packages' && r.bareAnswered
          ? `${r.time.toFixed(2)}× (the newest-answer pass alone ${(r.original.medianMs / r.bareAnswered.medianMs).toFixed(2)}×)`
          : `${r.time.toFixed(2)}×`
    )
  );
  out.push(
    verdict(
      'The failure check ≥ 2× faster than the original (three passes) without an index',
      none.filter((r) => r.check === 'failed-processes'),
      (r) => r.time >= 2,
      (r) => `${r.time.toFixed(2)}×`
    )
  );
  out.push(
    verdict(
      `With the recommended index each check ≤ ${INDEXED_MS} ms from ${INDEXED_FROM_ROWS.toLocaleString('en')} packages`,
      recommended.filter((r) => r.rows >= INDEXED_FROM_ROWS),
      (r) => r.ours.medianMs <= INDEXED_MS,
      (r) => `${ms(r.ours.medianMs)} ms (${stmts(r.ours)})`
    )
  );
  out.push(
    verdict(
      'Without an index, the quiet path (index lookup + figures) ≤ 1.3× the 4-column pass',
      none,
      (r) => r.quiet <= 1.3,
      (r) => `${r.quiet.toFixed(2)}×`
    )
  );
  out.push(
    verdict(
      'Without an index, the failure report (lookup + figures + list) ≤ 2.3× the 4-column pass',
      none.filter((r) => r.check === 'failed-processes' && r.ours.decision === 'report'),
      (r) => r.pass <= 2.3,
      (r) => `${r.pass.toFixed(2)}×`
    )
  );
  out.push({
    target: '≤ 3 Data API calls per check',
    met: all.length ? all.every((r) => r.calls <= 3) : undefined,
    measured: [...new Set(all.map((r) => `${r.check} ${r.calls}`))].join('; '),
  });
  out.push(
    verdict(
      '≥ 10× fewer bytes than the original on the failure report (cycle with ~1 % failures)',
      none.filter((r) => r.check === 'failed-processes'),
      (r) => r.bytes >= 10,
      (r) => `${r.bytes.toFixed(1)}× (values only ${r.rawBytes.toFixed(1)}×)`
    )
  );
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
  const out: string[] = [];

  out.push("# Benchmarks: our checks vs. the original module's queries");
  out.push('');
  out.push(
    `Generated by \`${report.command}\` on ${report.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC ` +
      `(total ${(report.totalMs / 60000).toFixed(1)} min). Every number in the tables comes from that command (or those, rendered together from their saved results); ` +
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

  out.push('## Results (medians)');
  out.push('');
  out.push(
    'Index `none`: the table as SEI creates it; `recommended`: with the index the README recommends (our checks look it up and read through it; the original cannot use it). ' +
      '"quiet path" is the index lookup plus the figures statement: a night with nothing to report. Passes are measured without an index.'
  );
  out.push('');
  out.push(
    table(
      [
        'check',
        'engine',
        'packages',
        'index',
        'bare count(*)',
        '4-column pass',
        'newest-answer pass',
        'ours',
        'ours per statement',
        'quiet path / pass',
        'ours / pass',
        'original',
        'original per statement',
        'time original/ours',
        'Data API bytes ours / original',
        'bytes ratio',
        'calls ours / original',
      ],
      all.map((r) => [
        r.check,
        r.engine,
        r.rows.toLocaleString('en'),
        r.index,
        r.bare ? `${ms(r.bare.medianMs)} ms` : '-',
        r.bareColumns ? `${ms(r.bareColumns.medianMs)} ms` : '-',
        r.bareAnswered ? `${ms(r.bareAnswered.medianMs)} ms` : '-',
        `${ms(r.ours.medianMs)} ms`,
        stmts(r.ours),
        times(r.quiet),
        times(r.pass),
        `${ms(r.original.medianMs)} ms`,
        stmts(r.original),
        `${r2(r.time)}×`,
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

  const phases = engines.flatMap((e) => e.indexes.map((p) => ({ e, p })));
  if (phases.length) {
    out.push('Indexes measured, created with the online statements a DBA would run:');
    out.push('');
    out.push(
      table(
        ['engine', 'packages', 'index', 'statement', 'build + ANALYZE', 'index size (table)'],
        phases.map(({ e, p }) => [
          e.engine,
          e.rows.toLocaleString('en'),
          p.index,
          `\`${p.statement}\``,
          `${(p.createMs / 1000).toFixed(1)} s`,
          `${p.bytes === undefined ? '?' : mb(p.bytes)} (${mb(e.seed.tableBytes)})`,
        ])
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
  out.push('npm run bench                        # 100 k and 1 M packages, both engines');
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
