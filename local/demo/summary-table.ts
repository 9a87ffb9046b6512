import type { RunSummary } from '../../shared/notifier/run-summary';

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
  'publishing-failed': 'última publicação falhou',
  'publishing-overdue': 'publicação agendada não concluída',
  'already-notified': 'já notificado',
  resolved: 'condição resolvida',
};

/** The decision in words (pt-BR). */
function describeDecision(decision: string): string {
  return DECISIONS[decision] ?? decision;
}

/** A check's reason in words; combined reasons (`a+b`) are joined. */
function describeReason(reason: string): string {
  return reason
    .split('+')
    .map((r) => REASONS[r] ?? r)
    .join(' + ');
}

/** The summary line of one run of a check. */
export function summaryRow(story: string, summary: RunSummary, file: string): SummaryRow {
  return {
    check: summary.check,
    story,
    decision: describeDecision(summary.decision),
    reason: describeReason(summary.reason),
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
