import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Where a test run writes the matrix: an ignored path, so `npm test` leaves the
 * tree clean. `npm run docs:reliability` writes docs/reliability.md instead.
 */
const REPORT_PATH = process.env.RELIABILITY_REPORT ?? '.tmp/reports/reliability.md';

/** One row of the fault and bad-input matrix. */
export interface MatrixRow {
  readonly area: string;
  readonly case: string;
  readonly expected: string;
  readonly observed: string;
  readonly held: boolean;
  /** Mails that should have gone out and did not. */
  readonly mailsLost: number;
  /** Mails sent more than once. */
  readonly duplicates: number;
}

/** Collects the matrix rows of a test file and writes them as a Markdown table. */
export class ReliabilityReport {
  private readonly rows: MatrixRow[] = [];

  add(row: MatrixRow): MatrixRow {
    this.rows.push(row);
    return row;
  }

  write(path = REPORT_PATH): void {
    const survived = this.rows.filter((r) => r.held).length;
    const lost = this.rows.reduce((n, r) => n + r.mailsLost, 0);
    const duplicates = this.rows.reduce((n, r) => n + r.duplicates, 0);
    const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
    const lines = [
      '# Matriz de falhas e entradas ruins',
      '',
      'Gerada por `npm run docs:reliability` (`test/integration/reliability.test.ts`, que também roda em `npm test`): cada falha é provocada de verdade',
      '(na ponte local do Data API, num proxy diante do SES local e do DynamoDB local, ou nos dados de bancos',
      'PostgreSQL, MariaDB e PGlite reais) e a execução real do handler é observada. Cada linha só vale',
      '"sim" quando o teste correspondente passou.',
      '',
      `**Totais:** ${this.rows.length} casos provocados, ${survived} resistidos, ${lost} e-mails perdidos, ${duplicates} duplicados.`,
      '',
      '| área | caso | esperado | observado | resistiu |',
      '|---|---|---|---|---|',
      ...this.rows.map(
        (r) => `| ${cell(r.area)} | ${cell(r.case)} | ${cell(r.expected)} | ${cell(r.observed)} | ${r.held ? 'sim' : '**não**'} |`
      ),
      '',
    ];
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, lines.join('\n'));
  }
}
