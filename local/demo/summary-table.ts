import type { RunSummary } from '../../shared/notifier/run-summary';
import { formatLocalTimestamp } from '../../shared/sei/local-time';

/** One line of the demo's summary. */
export interface SummaryRow {
  readonly check: string;
  readonly story: string;
  readonly decision: string;
  readonly reason: string;
  readonly recipients: string;
  readonly file: string;
}

const DECISIONS: Record<string, string> = {
  sent: 'e-mail enviado',
  'resolved-sent': '"Resolvido" enviado',
  'would-send': 'enviaria e-mail',
  'nothing-to-report': 'nada a notificar',
  'test-sent': 'teste enviado',
};

const REASONS: Record<string, string> = {
  'no-cycle-yet': 'nenhum ciclo executado',
  'last-cycle-without-failures': 'último ciclo sem falhas',
  'last-cycle-has-failures': 'último ciclo com falhas',
  'sending-within-tolerance': 'envio dentro da tolerância',
  'never-sent': 'nada enviado até hoje',
  'publishing-not-completing': 'publicação não conclui',
  'nothing-succeeding': 'nenhum envio com sucesso',
  'unfinished-run-has-failures': 'publicação não concluída, com falhas',
  'exhausted-attempts': 'tentativas esgotadas',
  'exhausted-backlog': 'tentativas esgotadas (primeira verificação)',
  'run-unfinished': 'publicação não concluída',
  'no-new-completed-run': 'nenhuma publicação concluída desde o aviso',
  'alerted-failures-persist': 'falhas avisadas persistem',
  'no-recovery-evidence': 'sem sinal de recuperação',
  'nothing-generated': 'nenhum pacote novo',
  'publishing-disabled': 'publicação desativada',
  'publishing-failed': 'última publicação não terminou',
  'publishing-overdue': 'publicação agendada não concluída',
  'already-notified': 'já notificado',
  resolved: 'condição resolvida',
};

/** The same decisions when the mail went only to the local SES (the demo): nothing left the machine. */
const LOCAL_DECISIONS: Record<string, string> = {
  ...DECISIONS,
  sent: 'e-mail gerado (local)',
  'resolved-sent': '"Resolvido" gerado (local)',
  'test-sent': 'teste gerado (local)',
};

const TOLERANCE_SOURCES: Record<string, string> = {
  STALLED_AFTER_DAYS: 'configurada',
  'infra_agendamento_tarefa.parametro': 'parâmetro do SEI',
  default: 'padrão',
};

/** The figures behind a "nothing to report", so the operator sees why (pt-BR). */
function detailsOf(summary: RunSummary): string {
  if (summary.decision !== 'nothing-to-report') return '';
  const f = summary.figures;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  if (summary.check === 'stalled-packages') {
    const tolerance = num(f.toleranceDays);
    const days = num(f.daysSinceLastSuccess);
    const parts = [
      tolerance !== undefined
        ? `tolerância ${tolerance} d (${TOLERANCE_SOURCES[String(f.toleranceSource)] ?? String(f.toleranceSource)})`
        : undefined,
      days !== undefined ? `${days} d desde o último sucesso` : 'nenhum sucesso registrado',
    ];
    return ` (${parts.filter(Boolean).join('; ')})`;
  }
  const tried = num(f.tried);
  const since = typeof f.lastCycle === 'string' ? formatLocalTimestamp(f.lastCycle) : undefined;
  return tried !== undefined && since ? ` (${tried} pacotes tentados desde ${since})` : '';
}

/** A check's reason in words; combined reasons (`a+b`) are joined. */
function describeReason(reason: string): string {
  return reason
    .split('+')
    .map((r) => REASONS[r] ?? r)
    .join(' + ');
}

/** The summary line of one run of a check. */
export function summaryRow(story: string, summary: RunSummary, file: string, local = false): SummaryRow {
  return {
    check: summary.check,
    story,
    decision: (local ? LOCAL_DECISIONS : DECISIONS)[summary.decision] ?? summary.decision,
    reason: describeReason(summary.reason) + detailsOf(summary),
    recipients: String(summary.recipients),
    file,
  };
}

/** Widest summary a terminal shows without wrapping lines of its own. */
export const SUMMARY_WIDTH = 120;

/** `text` in lines of at most `width` characters, broken at spaces (a longer word is cut). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** What was done with the mail, for whom and in which file. */
function outcomeOf(row: SummaryRow): string {
  const recipients = Number(row.recipients);
  const to = recipients > 0 ? ` para ${recipients} ${recipients === 1 ? 'destinatário' : 'destinatários'}` : '';
  const file = row.file && row.file !== '-' ? `: ${row.file}` : '';
  return `${row.decision}${to}${file}`;
}

/**
 * The rows grouped by situation (in their order): each check on a line with
 * what it decided, then its reason, wrapped to `width` columns.
 */
export function formatSummary(rows: readonly SummaryRow[], width = SUMMARY_WIDTH): string {
  const checkWidth = Math.max(0, ...rows.map((r) => r.check.length));
  const indent = ' '.repeat(2 + checkWidth + 2);
  const textWidth = Math.max(20, width - indent.length);
  const blocks: string[] = [];
  for (const story of [...new Set(rows.map((r) => r.story))]) {
    const lines = wrapText(story, width);
    for (const row of rows.filter((r) => r.story === story)) {
      const [first = '', ...rest] = wrapText(outcomeOf(row), textWidth);
      lines.push(`  ${row.check.padEnd(checkWidth)}  ${first}`, ...rest.map((l) => indent + l));
      lines.push(...wrapText(`motivo: ${row.reason}`, textWidth).map((l) => indent + l));
    }
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

/** Seconds with one decimal and a decimal comma, as read in Brazil ("4,9 s"). */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toLocaleString('pt-BR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} s`;
}
