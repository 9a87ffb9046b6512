/**
 * Function bundles: the ones the stack ships. The CDK app is synthesized with
 * its real NodejsFunction bundling into a temporary directory, each check's
 * asset is found through its template resource (`Code.S3Key` →
 * `asset.<hash>`), and its `index.mjs` is imported by fresh Node processes to
 * time module initialisation.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { createApp } from '../../infra/create-app';
import { median } from './stats';

/** A minimal valid synth context (the required keys). */
const CONTEXT = {
  dbEngine: 'mysql',
  dbClusterArn: 'arn:aws:rds:sa-east-1:123456789012:cluster:sei-producao',
  dbSecretArn: 'arn:aws:secretsmanager:sa-east-1:123456789012:secret:sei-leitura-AbC123',
  dbName: 'sei',
  mailFrom: 'sei-notificacoes@orgao.gov.br',
} as const;

/** Bundle name (the function's directory under functions/) → property of the notifier. */
const CHECKS = { 'failed-processes': 'failedProcesses', 'stalled-packages': 'stalledPackages' } as const;

/** A valid configuration: the handler module validates it at import time. */
export const HANDLER_ENV: Readonly<Record<string, string>> = {
  DB_ENGINE: 'postgres',
  DB_CLUSTER_ARN: 'arn:aws:rds:us-east-1:123456789012:cluster:x',
  DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf',
  DB_NAME: 'sei',
  MAIL_FROM: 'a@b.gov.br',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'x',
  AWS_SECRET_ACCESS_KEY: 'x',
};

export interface BundleResult {
  readonly fn: string;
  readonly bytes: number;
  readonly mapBytes: number;
  /** Median import time in a fresh process, with the stack's NODE_OPTIONS (--enable-source-maps). */
  readonly initMs: number;
  /** The same without source maps enabled. */
  readonly initMsNoSourceMaps: number;
  /** Median wall time from spawning the process to the end of the import. */
  readonly processMs: number;
  readonly initSamples: readonly number[];
  readonly runs: number;
  readonly node: string;
}

export interface BundleOptions {
  readonly root?: string;
  /** Fresh processes per function and mode (default 15, at least 10). */
  readonly runs?: number;
  readonly log?: (line: string) => void;
}

/** The Node binary the project pins (node_modules/.bin/node), else this one. */
export function projectNode(root: string): string {
  const pinned = join(root, 'node_modules', '.bin', 'node');
  return existsSync(pinned) ? pinned : process.execPath;
}

/** Synthesizes the app into `outdir` and returns each check's asset directory (it holds index.mjs and index.mjs.map). */
export function synthesizeBundles(outdir: string): { fn: string; dir: string }[] {
  const { app, stack } = createApp({ outdir, context: { ...CONTEXT } });
  const assembly = app.synth();
  const resources = assembly.getStackArtifact(stack.artifactId).template.Resources as Record<
    string,
    { Properties: { Code: { S3Key: string } } }
  >;
  return Object.entries(CHECKS).map(([fn, key]) => {
    const logicalId = stack.getLogicalId(stack.notifier[key].function.node.defaultChild as CfnFunction);
    const s3Key = resources[logicalId]?.Properties.Code.S3Key;
    if (!s3Key) throw new Error(`no asset for ${fn} (resource ${logicalId})`);
    return { fn, dir: join(assembly.directory, `asset.${s3Key.replace(/\.zip$/, '')}`) };
  });
}

function importOnce(node: string, bundle: string, sourceMaps: boolean): Promise<{ importMs: number; processMs: number }> {
  const script = `const t0 = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle).href)}); const t1 = performance.now(); process.stdout.write(JSON.stringify({ importMs: t1 - t0 }));`;
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    ...HANDLER_ENV,
    ...(sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
  };
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(node, ['--input-type=module', '-e', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const processMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`importing ${bundle} failed (exit ${code}): ${err.slice(-2000)}`));
      try {
        const { importMs } = JSON.parse(out) as { importMs: number };
        resolvePromise({ importMs, processMs });
      } catch {
        reject(new Error(`unexpected output importing ${bundle}: ${out.slice(0, 500)} ${err.slice(-500)}`));
      }
    });
  });
}

/** Synthesizes the app, measures the size and init time of each check's shipped bundle. */
export async function measureBundles(options: BundleOptions = {}): Promise<BundleResult[]> {
  const runs = Math.max(10, options.runs ?? 15);
  const log = options.log ?? (() => {});
  const node = projectNode(resolve(options.root ?? process.cwd()));
  const outdir = mkdtempSync(join(tmpdir(), 'sei-bench-synth-'));
  const results: BundleResult[] = [];
  try {
    for (const { fn, dir } of synthesizeBundles(outdir)) {
      const bundle = join(dir, 'index.mjs');
      const map = join(dir, 'index.mjs.map');
      // Alternate the two modes so drift affects both alike.
      const withMaps: number[] = [];
      const withoutMaps: number[] = [];
      const processMs: number[] = [];
      await importOnce(node, bundle, true); // first load warms the OS file cache
      for (let i = 0; i < runs; i++) {
        const a = await importOnce(node, bundle, true);
        withMaps.push(a.importMs);
        processMs.push(a.processMs);
        withoutMaps.push((await importOnce(node, bundle, false)).importMs);
      }
      const result: BundleResult = {
        fn,
        bytes: statSync(bundle).size,
        mapBytes: existsSync(map) ? statSync(map).size : 0,
        initMs: median(withMaps),
        initMsNoSourceMaps: median(withoutMaps),
        processMs: median(processMs),
        initSamples: withMaps,
        runs,
        node,
      };
      log(
        `  bundle ${fn}: ${result.bytes} bytes, init ${result.initMs.toFixed(1)} ms (${result.initMsNoSourceMaps.toFixed(1)} ms without source maps)`
      );
      results.push(result);
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  return results;
}
