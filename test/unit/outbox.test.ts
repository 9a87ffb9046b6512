import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replaceOutboxAfter } from '../../local/demo/outbox';

describe('replaceOutboxAfter: the outbox changes only when a run succeeded', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  /** An outbox holding the last run's mail and a file of the operator's. */
  function lastRunsOutbox(): string {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'ontem--failed-processes.eml'), 'e-mail de ontem');
    writeFileSync(join(dir, 'ontem--failed-processes.html'), '<p>ontem</p>');
    writeFileSync(join(dir, 'anotacoes.txt'), 'do operador');
    return dir;
  }

  it('a failed run leaves the last mails, and nothing of its own', async () => {
    const outbox = lastRunsOutbox();
    const failed = replaceOutboxAfter(outbox, async (dir) => {
      await writeFile(join(dir, 'hoje--failed-processes.eml'), 'metade');
      throw new Error('A tabela md_pi_pacote_envio não existe');
    });
    await expect(failed).rejects.toThrow('md_pi_pacote_envio');
    expect(readdirSync(outbox).sort()).toEqual(['anotacoes.txt', 'ontem--failed-processes.eml', 'ontem--failed-processes.html']);
    expect(readFileSync(join(outbox, 'ontem--failed-processes.eml'), 'utf8')).toBe('e-mail de ontem');
  });

  it("a run that succeeds replaces the mails and keeps the operator's other files", async () => {
    const outbox = lastRunsOutbox();
    const result = await replaceOutboxAfter(outbox, async (dir) => {
      expect(dir.startsWith(outbox)).toBe(true);
      // The last run's mails are still there while this one runs.
      expect(existsSync(join(outbox, 'ontem--failed-processes.eml'))).toBe(true);
      await writeFile(join(dir, 'hoje--failed-processes.eml'), 'e-mail de hoje');
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(readdirSync(outbox).sort()).toEqual(['anotacoes.txt', 'hoje--failed-processes.eml']);
  });

  it('creates a missing outbox', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'outbox-parent-'));
    dirs.push(parent);
    const outbox = join(parent, 'outbox');
    await replaceOutboxAfter(outbox, (dir) => writeFile(join(dir, 'a.eml'), 'x'));
    expect(readdirSync(outbox)).toEqual(['a.eml']);
  });
});
