import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { escapeHtml } from '../../../shared/mail/document';

const run = promisify(execFile);

/** Debian's `chromium`, when installed (`apt-get install chromium`); else undefined. */
export function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/**
 * Renders each HTML page in headless Chromium inside a frame `width` CSS
 * pixels wide (a phone; a window cannot be made that narrow) and returns
 * each page's `document.documentElement.scrollWidth`: above `width`, the
 * reader scrolls sideways. All pages load in one browser start.
 *
 * @param pages name → HTML
 * @param dir a scratch folder for the page that holds the frames
 */
export async function scrollWidths(
  chromium: string,
  pages: ReadonlyMap<string, string>,
  width: number,
  dir: string
): Promise<Map<string, number>> {
  const names = [...pages.keys()];
  const frames = names.map(
    (name, i) =>
      `<iframe id="f${i}" scrolling="no" style="display:block;width:${width}px;height:20000px;border:0" ` +
      `onload="document.getElementById('out').textContent += this.id + '=' + this.contentDocument.documentElement.scrollWidth + ';'" ` +
      `srcdoc="${escapeHtml(pages.get(name) ?? '')}"></iframe>`
  );
  const file = join(dir, 'phone-width.html');
  writeFileSync(file, `<!DOCTYPE html><html><body style="margin:0"><pre id="out"></pre>${frames.join('\n')}</body></html>`);
  const { stdout } = await run(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', `file://${file}`], {
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = /<pre id="out">([^<]*)<\/pre>/.exec(stdout)?.[1] ?? '';
  const widths = new Map<string, number>();
  names.forEach((name, i) => {
    const found = new RegExp(`\\bf${i}=(\\d+);`).exec(out);
    if (!found) throw new Error(`Chromium did not render ${name}`);
    widths.set(name, Number(found[1]));
  });
  return widths;
}
