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

const HEADERS: SummaryRow = {
  check: 'verificação',
  story: 'situação',
  decision: 'decisão',
  reason: 'motivo',
  recipients: 'destinatários',
  file: 'arquivo',
};

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

/** Renders rows as an aligned text table. */
export function formatSummaryTable(rows: readonly SummaryRow[]): string {
  const keys = Object.keys(HEADERS) as (keyof SummaryRow)[];
  const all = [HEADERS, ...rows];
  const widths = keys.map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: SummaryRow) =>
    keys
      .map((k, i) => r[k].padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
