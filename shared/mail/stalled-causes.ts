import type { LatestFailure, SendingFigures } from '../checks/figures';
import { describeDuration } from '../checks/run-progress';
import type { StalledPackagesVerdict, StallKind } from '../checks/stalled-packages';
import { extractErrorText } from '../sei/error-text';
import { describeStatus, normalizeStatus, PACKAGE_STATUS } from '../sei/package-status';
import { RUN_ERROR_PLACE, unfinishedRunNote, when } from './wording';

/** A cause of a stall that the figures leave possible. */
export type StallCause =
  /** The newest run started and has no normal end (running for long, or died). */
  | { readonly kind: 'run-unfinished'; readonly start?: string; readonly runningMinutes?: number }
  /** Runs stop before any package (credentials, address, certificate, WSDL): the error is in Infra > Log. */
  | { readonly kind: 'run-stopped-early' }
  /** A run started a short while ago and may still be sending. */
  | { readonly kind: 'run-in-progress'; readonly runningMinutes: number }
  /** The newest failed try after the web service's last answer, with its error. */
  | { readonly kind: 'latest-error'; readonly status: string; readonly at?: string; readonly error: string }
  /** Runs end normally but their batch sends fail (FI), with no error text to show. */
  | { readonly kind: 'batch-failures' }
  /** SEI's scheduler has not started the publishing task since its last normal end. */
  | { readonly kind: 'task-not-started' }
  /** Runs end normally and find no activity to publish. */
  | { readonly kind: 'no-new-activity' };

/** Conditions that say a run did not complete: a run that is not started, or stops early, fits them. */
const NOT_COMPLETING: readonly StallKind[] = ['never-sent', 'publishing-not-completing', 'publishing-failed', 'publishing-overdue'];

/**
 * The causes the verdict's figures allow, the most telling first. A cause is
 * left out when the figures rule it out: "not being started" when the task
 * started after its last end (or is disabled, which the mail already says);
 * credentials or an unreachable address when runs end normally (those stop
 * a run before it ends); batch failures when the web service answers.
 */
export function possibleCauses(
  verdict: StalledPackagesVerdict,
  figures: SendingFigures,
  latestFailure: LatestFailure | undefined
): StallCause[] {
  const kinds = new Set(verdict.conditions.map((c) => c.kind));
  const { run } = verdict;
  const causes: StallCause[] = [];
  const notCompleting = NOT_COMPLETING.some((k) => kinds.has(k));
  if (run.notFinished) {
    causes.push({ kind: 'run-unfinished', start: figures.publishingTask?.lastStart, runningMinutes: run.runningMinutes });
  } else if (figures.lastRunUnfinished && !run.inProgress) {
    causes.push({ kind: 'run-unfinished' });
  } else if (notCompleting) {
    causes.push({ kind: 'run-stopped-early' });
  }
  if (run.inProgress && run.runningMinutes !== undefined) causes.push({ kind: 'run-in-progress', runningMinutes: run.runningMinutes });
  const error = extractErrorText(latestFailure?.errorExcerpt);
  if (latestFailure && error) {
    causes.push({ kind: 'latest-error', status: latestFailure.status, at: latestFailure.statusChangedAt, error });
  } else if (kinds.has('nothing-succeeding') && !notCompleting && figures.retryingUnanswered + figures.givenUpUnanswered > 0) {
    causes.push({ kind: 'batch-failures' });
  }
  // The scheduler started the task after its last end (it is being run), or the mail already says it is disabled.
  const started = run.runningMinutes !== undefined;
  if (notCompleting && !started && !kinds.has('publishing-disabled')) causes.push({ kind: 'task-not-started' });
  if (kinds.has('nothing-generated')) causes.push({ kind: 'no-new-activity' });
  return causes;
}

const BATCH_FAILURE = 'um lote de envio que falhou no meio da execução (tempo esgotado, erro HTTP 5xx, falha SOAP do web service)';

/** A cause in words (pt-BR). */
export function describeCause(cause: StallCause): string {
  switch (cause.kind) {
    case 'run-unfinished':
      return unfinishedRunNote(cause.start, cause.runningMinutes);
    case 'run-stopped-early':
      return RUN_ERROR_PLACE;
    case 'run-in-progress':
      return `Uma execução da publicação começou há ${describeDuration(cause.runningMinutes)} e ainda pode estar em andamento: não é contada como falha.`;
    case 'latest-error': {
      const infra = normalizeStatus(cause.status) === PACKAGE_STATUS.infrastructureFailure;
      return `Último erro depois da última resposta do web service (${describeStatus(cause.status)}, ${when(cause.at, 'data desconhecida')}): ${cause.error}.${infra ? ` Falhas de infraestrutura (FI) em pacotes vêm de ${BATCH_FAILURE}.` : ''}`;
    }
    case 'batch-failures':
      return `As execuções da publicação terminam, mas os envios ficam sem resposta: cada falha de infraestrutura (FI) vem de ${BATCH_FAILURE}. Veja Infra > Log no horário das tentativas.`;
    case 'task-not-started':
      return 'O agendamento publicarProtocoloIntegrado não está sendo executado: confira em Infra > Agendamentos se a tarefa está ativa, a última execução e se o servidor de agendamentos do SEI está ativo.';
    case 'no-new-activity':
      return 'A publicação termina suas execuções sem gerar pacotes: só andamentos de processos públicos com documento assinado geram pacotes. Se houve processos assim movimentados no período, veja Infra > Log no horário das execuções.';
  }
}
