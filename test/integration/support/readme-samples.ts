/**
 * The README's sample mails, as written under "Exemplo de e-mail": each a
 * ```text block that starts with "Assunto: ". A sample is the demo's output
 * abridged: `(…)` stands for text left out (within a line or whole lines),
 * and dates and times (`06/12/2026 20:00`) and process numbers (their year)
 * follow the clock of the run.
 */

/** The sample blocks of the README, in order. */
export function readmeSamples(readme: string): string[] {
  return [...readme.matchAll(/^```text\n(Assunto: [\s\S]*?)\n```$/gm)].map((m) => m[1] ?? '');
}

/** A mail as the sample shows it: its subject line, a blank line, its text. */
export function asSample(mail: { subject: string; text: string }): string {
  return `Assunto: ${mail.subject}\n\n${mail.text}`;
}

/** `(…)`, with the space before it: "texto (…)" may stand for "texto, e mais". */
const ELISION = / ?\(…\)/;
/** What follows the clock: a date and time, and a process number (its year, hence its check digits). */
const CLOCKED = /(\d\d\/\d\d\/\d{4} \d\d:\d\d|\d{5}\.\d{6}\/\d{4}-\d\d)/;

function literal(piece: string): string {
  return piece
    .split(CLOCKED)
    .map((s, i) => (i % 2 === 1 ? s.replace(/\d/g, '\\d').replace(/[./]/g, '\\$&') : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
}

/**
 * Where a sample departs from a mail: undefined when the mail is the sample
 * with its `(…)` filled in and its dates at other times; else the first
 * piece of the sample (between elisions) that is not found where it should be.
 */
export function sampleMismatch(sample: string, mail: string): string | undefined {
  const pieces = sample.split(ELISION);
  for (let n = 1; n <= pieces.length; n++) {
    const head = pieces.slice(0, n).map(literal).join('[\\s\\S]*?');
    const whole = n === pieces.length;
    if (!new RegExp(`^${head}${whole ? '$' : ''}`).test(mail)) return pieces[n - 1];
  }
  return undefined;
}
