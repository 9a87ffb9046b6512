/**
 * Smoke test of `npm run bench` at the CI size: the bench core runs in
 * process at 10 k packages on both engines (own databases on the run's
 * servers), the shipped bundles come from a synth of the CDK app, and both
 * must produce sane RATIO/BUNDLE lines. Timing ratios are not
 * asserted (noisy machine): they belong to the printed bench output only.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { measureBundles } from '../../local/bench/bundles';
import { benchEngine, type EngineResult } from '../../local/bench/measure';
import { type BenchReport, bundleLine, engineLines, handWritten, machineInfo, markdown, ratios } from '../../local/bench/report';
import { createDatabase } from '../../local/harness/servers';

const ROWS = 10_000;
const RATIO =
  /^RATIO check=(failed-processes|stalled-packages) engine=(postgres|mysql) rows=(\d+) index=(none|recommended) time=(\d+\.\d\d) bytes=(\d+\.\d\d) pass=(\d+\.\d\d) quiet=(\d+\.\d\d) calls=(\d+)$/;

async function smoke(url: string): Promise<EngineResult> {
  return benchEngine({ url: await createDatabase(url), rows: ROWS, runs: 2, indexes: ['recommended'] });
}

function checkEngine(result: EngineResult, engine: 'postgres' | 'mysql'): void {
  expect(result.engine).toBe(engine);
  // The data: a newest cycle with failures, never-tried packages with NULL dates.
  expect(result.seed.rows).toBe(ROWS);
  expect(result.seed.lastCycleFailures).toBeGreaterThan(0);
  expect(result.seed.neverTried).toBeGreaterThan(0);
  expect(result.seed.avgMetadataChars).toBeGreaterThan(1000);

  // Our checks took the paths the bench is about, and so did the original.
  expect(result.variants['ours-failed']?.decision).toBe('report');
  expect(result.variants['ours-stalled']?.decision).toBe('nothing-to-report');
  expect(result.variants['original-failed']?.decision).toBe('mail');
  expect(result.variants['original-failed']?.calls).toBe(6);
  // The passes our statements are held against, each measured on its own.
  for (const pass of ['bare', 'bare-columns', 'bare-answered'] as const) expect(result.variants[pass]?.medianMs).toBeGreaterThan(0);

  const lines = engineLines(result).filter((l) => l.startsWith('RATIO '));
  // Both checks, without an index and with the recommended one.
  expect(lines).toHaveLength(4);
  for (const line of lines) {
    const m = RATIO.exec(line);
    expect(m, line).not.toBeNull();
    const [, , lineEngine, rows, , time, bytes, scan, quiet, calls] = m!;
    expect(lineEngine).toBe(engine);
    expect(Number(rows)).toBe(ROWS);
    expect(Number(calls)).toBeGreaterThanOrEqual(1);
    expect(Number(calls)).toBeLessThanOrEqual(3);
    expect(Number(bytes)).toBeGreaterThan(1);
    expect(Number(time)).toBeGreaterThan(0);
    expect(Number(scan)).toBeGreaterThan(0);
    expect(Number(quiet)).toBeGreaterThan(0);
    expect(Number(quiet)).toBeLessThanOrEqual(Number(scan));
  }
  const failed = ratios(result).find((r) => r.check === 'failed-processes')!;
  // The index lookup, the figures, the list.
  expect(failed.calls).toBe(3);
  // The original carries full rows (longtext included): many times our values.
  expect(failed.rawBytes).toBeGreaterThan(5);

  // Through the index, the same decisions.
  const withIndex = result.indexes.find((p) => p.index === 'recommended');
  expect(withIndex?.variants['ours-failed']?.decision).toBe('report');
  expect(withIndex?.variants['ours-stalled']?.decision).toBe('nothing-to-report');
  expect(withIndex?.variants['ours-failed']?.calls).toBe(3);
  // Built with the online statement a DBA would run, and its size is known.
  expect(withIndex?.statement).toMatch(engine === 'postgres' ? /^CREATE INDEX CONCURRENTLY / : / ALGORITHM=INPLACE LOCK=NONE$/);
  expect(withIndex?.bytes).toBeGreaterThan(0);
}

describe('npm run bench (smoke, 10 k packages)', () => {
  it('rewrites the tables of docs/benchmarks.md and keeps its hand-written section verbatim', () => {
    const doc = readFileSync(new URL('../../docs/benchmarks.md', import.meta.url), 'utf8');
    const kept = handWritten(doc);
    expect(kept).toMatch(/^<!-- analysis:start -->\n[\s\S]+\n<!-- analysis:end -->$/);
    const report: BenchReport = {
      command: 'npm run bench',
      startedAt: new Date(),
      totalMs: 1000,
      machine: machineInfo(),
      engines: [],
      bundles: [],
      metadataBytes: 2500,
      runs: 7,
      notes: [],
    };
    const rewritten = markdown(report, doc);
    expect(rewritten).toContain(kept);
    expect(markdown(report, rewritten)).toBe(rewritten);
  });

  it('measures both checks on PostgreSQL', { timeout: 120_000 }, async () => {
    checkEngine(await smoke(inject('postgresUrl')), 'postgres');
  });

  it('measures both checks on MariaDB', { timeout: 120_000 }, async () => {
    checkEngine(await smoke(inject('mysqlUrl')), 'mysql');
  });

  it('measures the bundles the synthesized stack ships, within the size budget', { timeout: 120_000 }, async () => {
    const bundles = await measureBundles({ runs: 10 });
    expect(bundles.map((b) => b.fn)).toEqual(['failed-processes', 'stalled-packages']);
    for (const b of bundles) {
      expect(bundleLine(b)).toMatch(/^BUNDLE fn=[\w-]+ bytes=\d+ init_ms=\d+\.\d$/);
      expect(b.bytes).toBeLessThanOrEqual(700 * 1024);
      // The AWS SDK is bundled, not left to the runtime: the bundle is well above the handler's own code.
      expect(b.bytes).toBeGreaterThan(200 * 1024);
      expect(b.mapBytes).toBeGreaterThan(0);
      expect(b.initSamples).toHaveLength(10);
    }
  });
});
