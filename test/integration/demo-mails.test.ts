import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReadMail, readEml } from './support/eml';
import { findChromium, scrollWidths } from './support/phone-width';
import { asSample, readmeSamples, sampleMismatch } from './support/readme-samples';

/**
 * The mails `npm start` writes, as a reader gets them: the README's sample
 * mails are that output (abridged where marked), and every mail fits a
 * phone's 400 px without sideways scrolling, with and without the SEI's
 * name and address (links, a longer header).
 */

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'sei-pi-demo-mails-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Outbox {
  readonly mails: ReadonlyMap<string, ReadMail>;
  readonly html: ReadonlyMap<string, string>;
}

/**
 * Runs `npm start -- --outbox <dir>` (the embedded demo) in its own process, with extra
 * environment (SEI_NAME, SEI_URL: the check handlers read it once, at import), and reads its outbox.
 */
async function demoOutbox(name: string, env: Record<string, string> = {}): Promise<Outbox> {
  const dir = join(scratch, name);
  await run('node_modules/.bin/tsx', ['local/demo/cli.ts', '--outbox', dir], {
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
  const files = readdirSync(dir);
  const base = (ext: string) => files.filter((f) => f.endsWith(ext)).map((f) => [f.slice(0, -ext.length), join(dir, f)] as const);
  return {
    mails: new Map(base('.eml').map(([n, f]) => [n, readEml(readFileSync(f, 'utf8'))])),
    html: new Map(base('.html').map(([n, f]) => [n, readFileSync(f, 'utf8')])),
  };
}

let plain: Outbox;
let named: Outbox;
beforeAll(async () => {
  [plain, named] = await Promise.all([
    demoOutbox('plain'),
    demoOutbox('named', { SEI_NAME: 'SEI-MGI Homologação', SEI_URL: 'https://sei-homologacao.orgao.gov.br/sei/' }),
  ]);
}, 240_000);

describe("the README's sample mails", () => {
  const samples = readmeSamples(readFileSync('README.md', 'utf8'));

  it('are there (the failures mail and the stalled mail)', () => {
    expect(samples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(samples.map((sample, i) => [i + 1, sample]))("sample %i is the demo's output, abridged where marked (…)", (_i, sample) => {
    const subject = sample.split('\n', 1)[0] ?? '';
    const candidates = [...plain.mails.values()].map(asSample);
    const mail = candidates.find((m) => sampleMismatch(subject, m.split('\n', 1)[0] ?? '') === undefined);
    expect(mail, `no demo mail has the subject of the sample: ${subject}`).toBeDefined();
    const mismatch = sampleMismatch(sample, mail ?? '');
    expect(mismatch, `the README sample departs from the demo's output here:\n${mismatch}\n--- demo output:\n${mail}`).toBeUndefined();
  });
});

const chromium = findChromium();

// Runs where Debian's chromium is installed (.ci/run installs it).
describe.runIf(chromium)('every demo mail at 400 px (headless Chromium)', () => {
  it('has no horizontal overflow, with and without the SEI name and address', async () => {
    const pages = new Map([
      ...[...plain.html].map(([n, html]) => [`${n}.html`, html] as const),
      ...[...named.html].map(([n, html]) => [`${n}.html (SEI_NAME, SEI_URL)`, html] as const),
    ]);
    expect(pages.size).toBeGreaterThanOrEqual(14);
    const widths = await scrollWidths(chromium ?? '', pages, 400, scratch);
    const wide = [...widths].filter(([, w]) => w > 400);
    expect(wide, 'mails wider than the phone (scrollWidth, px)').toEqual([]);
  });

  it('would see an overflow: a long unbroken string in a plain page is wider than 400 px', async () => {
    const long = `<!DOCTYPE html><html><body><p>${'ProtocoloIntegradoAgendamentoRN::publicarProtocoloIntegrado'.repeat(3)}</p></body></html>`;
    const widths = await scrollWidths(chromium ?? '', new Map([['long', long]]), 400, scratch);
    expect(widths.get('long')).toBeGreaterThan(400);
  });
});
