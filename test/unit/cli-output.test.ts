import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isEntryPoint } from '../../local/demo/entry-point';
import { formatSeconds, formatSummary, SUMMARY_WIDTH, type SummaryRow } from '../../local/demo/summary-table';

const row = (over: Partial<SummaryRow>): SummaryRow => ({
  check: 'failed-processes',
  story: 'Último ciclo com falhas',
  decision: 'e-mail gerado (local)',
  reason: 'último ciclo com falhas',
  recipients: '2',
  file: 'ciclo-com-falhas--failed-processes.eml',
  ...over,
});

describe('the summary of a run', () => {
  const rows = [
    row({}),
    row({
      check: 'stalled-packages',
      decision: 'nada a notificar',
      reason: 'envio dentro da tolerância (tolerância 2 d (padrão); 0 d desde o último sucesso)',
      recipients: '0',
      file: '-',
    }),
    row({
      story: 'Uma situação de nome bem comprido, para ver a quebra de linha funcionando no título também, além do texto',
      decision: 'e-mail gerado (local)',
      reason: `último ciclo com falhas + ${'tentativas esgotadas '.repeat(8)}`,
      file: 'uma-situacao--failed-processes-infraestrutura.eml, uma-situacao--failed-processes-documentacao.eml',
    }),
  ];

  it('fits in 120 columns, wrapping long reasons and file lists at spaces', () => {
    const text = formatSummary(rows);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(SUMMARY_WIDTH);
    expect(text.split('\n').length).toBeGreaterThan(rows.length * 2 + 2);
    // Nothing is lost in the wrapping.
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    for (const r of rows) for (const w of words(`${r.story} ${r.reason} ${r.file}`)) expect(text).toContain(w);
  });

  it('says per situation what each check did, for how many and in which file, and why', () => {
    expect(formatSummary(rows.slice(0, 2))).toBe(
      [
        'Último ciclo com falhas',
        '  failed-processes  e-mail gerado (local) para 2 destinatários: ciclo-com-falhas--failed-processes.eml',
        '                    motivo: último ciclo com falhas',
        '  stalled-packages  nada a notificar',
        '                    motivo: envio dentro da tolerância (tolerância 2 d (padrão); 0 d desde o último sucesso)',
      ].join('\n')
    );
    expect(formatSummary([row({ recipients: '1' })])).toContain('para 1 destinatário:');
  });

  it('narrows to a narrower terminal', () => {
    for (const line of formatSummary(rows, 80).split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('writes seconds with a decimal comma', () => {
    expect(formatSeconds(4_900)).toBe('4,9 s');
    expect(formatSeconds(12_345)).toBe('12,3 s');
    expect(formatSeconds(0)).toBe('0,0 s');
  });
});

describe('isEntryPoint: npm start runs the CLI on every platform', () => {
  const dir = mkdtempSync(join(tmpdir(), 'entry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'repo', 'local', 'demo'), { recursive: true });
  const script = join(dir, 'repo', 'local', 'demo', 'cli.ts');
  writeFileSync(script, '');
  const url = pathToFileURL(script).href;

  it('is the script Node started, by absolute or relative path, or through a symbolic link', () => {
    expect(isEntryPoint(url, script)).toBe(true);
    expect(isEntryPoint(url, relative(process.cwd(), script))).toBe(true);
    symlinkSync(join(dir, 'repo'), join(dir, 'atalho'));
    expect(isEntryPoint(url, join(dir, 'atalho', 'local', 'demo', 'cli.ts'))).toBe(true);
  });

  it('on Windows: backslashes, a drive letter and any case', () => {
    const windowsUrl = 'file:///C:/Users/Operador/sei-pi-notifier/local/demo/cli.ts';
    expect(isEntryPoint(windowsUrl, 'C:\\Users\\Operador\\sei-pi-notifier\\local\\demo\\cli.ts', true)).toBe(true);
    expect(isEntryPoint(windowsUrl, 'c:\\users\\operador\\sei-pi-notifier\\local\\demo\\cli.ts', true)).toBe(true);
    expect(isEntryPoint(windowsUrl, 'C:\\Users\\Operador\\sei-pi-notifier\\local\\bench\\run.ts', true)).toBe(false);
  });

  it('is not another script, nor none', () => {
    expect(isEntryPoint(url, join(dir, 'repo', 'local', 'bench', 'run.ts'))).toBe(false);
    expect(isEntryPoint(url, undefined)).toBe(false);
  });
});
