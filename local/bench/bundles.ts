/**
 * Function bundles: built with esbuild the way the CDK stack's
 * NodejsFunction builds them (infra/check-function.ts: ESM, platform node,
 * target of the Lambda runtime, minify, keepNames, tree shaking, everything
 * bundled including the AWS SDK, external source map without sources, and
 * the banner that re-creates `require`), then imported by fresh Node
 * processes to time module initialisation.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { median } from './stats';

/** What infra/check-function.ts passes as `banner`. */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __notifierCreateRequire } from 'node:module'; const require = __notifierCreateRequire(import.meta.url);";

/** `nodejs24.x` in infra/check-function.ts; NodejsFunction derives the esbuild target from the runtime. */
export const BUNDLE_TARGET = 'node24';

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
  /** Bytes of the output that come from @aws-sdk/* and @smithy/* (esbuild metafile). */
  readonly sdkBytes: number;
  /** Median import time in a fresh process, with the stack's NODE_OPTIONS (--enable-source-maps). */
  readonly initMs: number;
  /** The same without source maps enabled. */
  readonly initMsNoSourceMaps: number;
  /** Median init of the same bundle built with the `node:http`/`node:https` → `require` plugin (proposal). */
  readonly initMsCjsBuiltins?: number;
  readonly bytesCjsBuiltins?: number;
  /** Median wall time from spawning the process to the end of the import. */
  readonly processMs: number;
  readonly initSamples: readonly number[];
  readonly runs: number;
  readonly node: string;
}

/**
 * Proposal (not what the stack does): serve `node:http`/`node:https` to the
 * bundled ESM code through `require`. An ESM `import` of those built-ins
 * makes Node build their ESM facade, which reads every export, and one of
 * them loads undici (~20 ms on Node 22).
 */
export const cjsBuiltinsPlugin: Plugin = {
  name: 'cjs-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?https?$/ }, (args) =>
      args.namespace === 'cjs-builtin' ? undefined : { path: args.path.replace(/^node:/, ''), namespace: 'cjs-builtin' }
    );
    b.onLoad({ filter: /.*/, namespace: 'cjs-builtin' }, (args) => ({
      contents:
        `const m = require(${JSON.stringify(`node:${args.path}`)}); export default m; ` +
        'export const { Agent, request, get, globalAgent, STATUS_CODES, METHODS, createServer, IncomingMessage, ClientRequest, OutgoingMessage, ServerResponse, Server } = m;',
      loader: 'js',
    }));
  },
};

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

/** Builds every `functions/<name>/handler.ts`, measures size and init time. */
export async function measureBundles(options: BundleOptions = {}): Promise<BundleResult[]> {
  const root = resolve(options.root ?? process.cwd());
  const runs = Math.max(10, options.runs ?? 15);
  const log = options.log ?? (() => {});
  const node = projectNode(root);
  const functionsDir = join(root, 'functions');
  const names = readdirSync(functionsDir)
    .filter((n) => existsSync(join(functionsDir, n, 'handler.ts')))
    .sort();
  const out = mkdtempSync(join(tmpdir(), 'sei-bench-bundles-'));
  const results: BundleResult[] = [];
  try {
    for (const fn of names) {
      const outfile = join(out, fn, 'index.mjs');
      const stackOptions: BuildOptions = {
        entryPoints: [join(functionsDir, fn, 'handler.ts')],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: BUNDLE_TARGET,
        mainFields: ['module', 'main'],
        minify: true,
        keepNames: true,
        treeShaking: true,
        sourcemap: 'external',
        sourcesContent: false,
        charset: 'utf8',
        banner: { js: CREATE_REQUIRE_BANNER },
        absWorkingDir: root,
        metafile: true,
        logLevel: 'silent',
      };
      const built = await build({ ...stackOptions, outfile, metafile: true });
      const proposalFile = join(out, `${fn}-cjs-builtins`, 'index.mjs');
      await build({ ...stackOptions, outfile: proposalFile, plugins: [cjsBuiltinsPlugin] });
      const bytes = statSync(outfile).size;
      const mapBytes = existsSync(`${outfile}.map`) ? statSync(`${outfile}.map`).size : 0;
      let sdkBytes = 0;
      for (const output of Object.values(built.metafile.outputs)) {
        for (const [input, info] of Object.entries(output.inputs)) {
          if (/node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(input)) sdkBytes += info.bytesInOutput;
        }
      }
      // Alternate the two modes so drift affects both alike.
      const withMaps: number[] = [];
      const withoutMaps: number[] = [];
      const processMs: number[] = [];
      const cjsBuiltins: number[] = [];
      await importOnce(node, outfile, true); // first load warms the OS file cache
      await importOnce(node, proposalFile, true);
      for (let i = 0; i < runs; i++) {
        const a = await importOnce(node, outfile, true);
        withMaps.push(a.importMs);
        processMs.push(a.processMs);
        withoutMaps.push((await importOnce(node, outfile, false)).importMs);
        cjsBuiltins.push((await importOnce(node, proposalFile, true)).importMs);
      }
      const result: BundleResult = {
        fn,
        bytes,
        mapBytes,
        sdkBytes,
        initMs: median(withMaps),
        initMsNoSourceMaps: median(withoutMaps),
        processMs: median(processMs),
        initMsCjsBuiltins: median(cjsBuiltins),
        bytesCjsBuiltins: statSync(proposalFile).size,
        initSamples: withMaps,
        runs,
        node,
      };
      log(
        `  bundle ${fn}: ${bytes} bytes (SDK ${sdkBytes}), init ${result.initMs.toFixed(1)} ms (${result.initMsNoSourceMaps.toFixed(1)} ms without source maps, ${result.initMsCjsBuiltins?.toFixed(1)} ms with node:http via require)`
      );
      results.push(result);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return results;
}
