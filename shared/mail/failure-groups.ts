import type { FailedProcess, PublishingRun } from '../checks/figures';
import { extractErrorText } from '../sei/error-text';
import { describeStatus, normalizeStatus, PACKAGE_STATUS } from '../sei/package-status';
import type { Block } from './document';
import { plural, when } from './wording';

/** How a process is named in the mail, even when its `protocolo` row is missing. */
export function processLabel(p: FailedProcess): string {
  if (p.processNumber?.trim()) return p.processNumber.trim();
  return p.processId !== undefined ? `id_protocolo ${p.processId} (sem registro em protocolo)` : `pacote ${p.packageId}`;
}

/** The kinds of failure in the order the mail shows them (any other status after them), each headed by its words. */
const FAILURE_TYPES: readonly string[] = [PACKAGE_STATUS.infrastructureFailure, PACKAGE_STATUS.businessError];

/** `items` by `key`, each group and the groups in the order first met. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Whether a failing package was last tried by "Forçar Reenvio": past SEI's
 * attempt limit (only a manual re-send goes there), or after the end of the
 * newest run when no run started since (a re-send re-stamps the row with
 * its own time; a run in progress or interrupted could have tried it too).
 */
export function isForcedResend(p: FailedProcess, run: PublishingRun, maxSendAttempts: number): boolean {
  if (p.attempts > maxSendAttempts) return true;
  if (run.unfinished || run.inProgress || run.lastRunEnd === undefined || p.statusChangedAt === undefined) return false;
  // Local timestamps as stored (YYYY-MM-DD HH:MM:SS) sort as text.
  return p.statusChangedAt > run.lastRunEnd;
}

/** `3/15`; a try past SEI's limit can only be a manual re-send. */
export function attemptsLabel(attempts: number, maxSendAttempts: number): string {
  return attempts > maxSendAttempts ? `${attempts}/${maxSendAttempts} (Forçar Reenvio além do limite)` : `${attempts}/${maxSendAttempts}`;
}

function row(p: FailedProcess, run: PublishingRun, maxSendAttempts: number): string[] {
  const tried = when(p.statusChangedAt, '-');
  const forcedWithin = isForcedResend(p, run, maxSendAttempts) && p.attempts <= maxSendAttempts;
  return [
    p.packages > 1 ? `${processLabel(p)} (${p.packages} pacotes com falha)` : processLabel(p),
    attemptsLabel(p.attempts, maxSendAttempts),
    forcedWithin ? `${tried} (Forçar Reenvio)` : tried,
  ];
}

/**
 * The current failures grouped by type (FI, then EN, then any other
 * status), then by error text, the most frequent first: one fault often
 * explains many processes. A row last tried by "Forçar Reenvio" says so.
 */
export function failureGroups(current: readonly FailedProcess[], run: PublishingRun, maxSendAttempts: number): Block[] {
  const byType = groupBy(current, (p) => normalizeStatus(p.status));
  const types = [...FAILURE_TYPES, ...[...byType.keys()].filter((s) => !FAILURE_TYPES.includes(s))];
  return types.flatMap((status): Block[] => {
    const processes = byType.get(status) ?? [];
    if (processes.length === 0) return [];
    const byError = groupBy(processes, (p) => extractErrorText(p.errorExcerpt) ?? '(sem mensagem de erro)');
    return [
      { kind: 'heading', text: `${describeStatus(status)} — ${plural(processes.length, 'processo', 'processos')}` },
      ...[...byError.entries()]
        .sort(([, a], [, b]) => b.length - a.length)
        .flatMap(([error, group]): Block[] => [
          { kind: 'paragraph', text: `${plural(group.length, 'processo', 'processos')} — ${error}`, emphasis: true },
          { kind: 'table', head: ['Processo', 'Tentativas', 'Quando'], rows: group.map((p) => row(p, run, maxSendAttempts)) },
        ]),
    ];
  });
}
