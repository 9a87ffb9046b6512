import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm start -- …` the way a user does (a fresh process that must exit by itself). */
export async function cli(...args: string[]): Promise<CliResult> {
  return cliWithEnv({}, ...args);
}

/** The same, with extra environment variables (e.g. PGPASSWORD). */
export async function cliWithEnv(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', ['local/demo/cli.ts', ...args], {
      timeout: 90_000,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string; killed?: boolean };
    if (e.killed) throw new Error('the CLI did not exit within 90 s (something left running?)');
    return { code: Number(e.code ?? 1), stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * Temporary folders (outboxes, homes) removed after the test file; call
 * `tempDirs()` once at the top of a file.
 */
export function tempDirs(prefix = 'sei-pi-outbox-'): () => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/**
 * The CLI's summary entry of one check in the situation whose title starts
 * with `story`: its lines (the decision, then the reason), trimmed and
 * joined by single spaces.
 */
export function summaryEntry(stdout: string, check: string, story: string): string {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => !l.startsWith(' ') && l.startsWith(story));
  if (start < 0) return '';
  for (let i = start + 1; i < lines.length && lines[i] !== ''; i++) {
    if (lines[i]?.trimStart().startsWith(`${check} `)) {
      const entry = [lines[i] ?? ''];
      for (let j = i + 1; j < lines.length && /^ {4,}\S/.test(lines[j] ?? ''); j++) {
        entry.push(lines[j] ?? '');
      }
      return entry.map((l) => l.trim()).join(' ');
    }
  }
  return '';
}
