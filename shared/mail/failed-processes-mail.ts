import type { Audience, FailedProcess, FailedProcessList, FailureFigures } from '../checks/figures';
import type { AttemptLimitSource } from '../notifier/sei-settings';
import { type Block, type Mail, renderMail, type SeiIdentity } from './document';
import { failureGroups, processLabel } from './failure-groups';
import { FORCE_RESEND_HINT, MODULE_SETTINGS_PLACE, plural, seiLink, unfinishedRunNote, when } from './wording';

export interface FailedProcessesMailInput {
  readonly figures: FailureFigures;
  /** Failing processes read (at most `maxListed`, those out of attempts first). */
  readonly list: FailedProcessList;
  /** The first run after deploy: the exhausted backlog is named once. */
  readonly backlog: boolean;
  readonly maxSendAttempts: number;
  /** Where the limit came from: 2.x's Parâmetros screen, or the notifier's configuration. */
  readonly maxAttemptsSource?: AttemptLimitSource;
  /** With an inferred limit: the start of the completed run that did not retry failures at it. */
  readonly limitInferredFrom?: string;
  readonly maxListed: number;
  /** Which SEI (optional). */
  readonly sei?: SeiIdentity;
  /** One team's part (only its statuses and advice), or everything. Default everyone. */
  readonly audience?: Audience;
}

/** SEI's attempt limit and where it was learned (read on 2.x, configured or inferred from the rows on 3.x). */
export function attemptLimitNote(source: AttemptLimitSource | undefined, limit: number, inferredFrom: string | undefined): string {
  if (source === 'md_pi_parametros.quantidade_tentativas') {
    return `${limit} (módulo 2.x: Quantidade de Tentativas para Reenvio, em Administração > Protocolo Integrado > Parâmetros)`;
  }
  if (source === 'inferred') {
    return `${limit} (deduzido da base: a última execução concluída${inferredFrom ? `, iniciada em ${when(inferredFrom)},` : ''} não reenviou processos com falha que tinham ${limit} tentativas, abaixo do limite configurado no notificador; confira TentativasReenvio em ${MODULE_SETTINGS_PLACE} e ajuste maxSendAttempts na implantação)`;
  }
  return `${limit} (TentativasReenvio do módulo 3.x, conforme a configuração do notificador)`;
}

/**
 * What to check, by what the mail reports: only the advice for what is
 * present. How to force a re-send is said here only when the mail has no
 * list of exhausted processes (which says it).
 */
function whatToCheck(figures: FailureFigures, exhaustedListed: boolean, audience: Audience): string[] {
  const advice: string[] = [];
  if (figures.infrastructureFailures > 0 && audience !== 'records') {
    advice.push(
      'FI (falha de infraestrutura): um lote de envio ao web service do Protocolo Integrado falhou no meio da execução (tempo esgotado, erro HTTP 5xx, falha SOAP do web service), e todos os pacotes do lote recebem a mesma mensagem. O web service estava acessível no início da execução (credenciais recusadas ou endereço errado interrompem a execução antes de qualquer envio, sem marcar pacotes). Costuma ser instabilidade do web service ou da rede; se persistir, veja Infra > Log no horário das falhas. O pacote é reenviado nos próximos ciclos enquanto houver tentativas.'
    );
  }
  if (figures.businessErrors > 0 && audience !== 'infrastructure') {
    advice.push(
      'EN (erro negocial): o Protocolo Integrado recebeu o processo e recusou os dados (códigos NF00…). Corrija os metadados do processo no SEI conforme a mensagem de erro; o pacote é reenviado nos próximos ciclos enquanto houver tentativas.'
    );
  }
  if (!exhaustedListed && figures.exhaustedTotal > 0) {
    advice.push(`Processos que esgotam as tentativas não são mais reenviados automaticamente. ${FORCE_RESEND_HINT}`);
  }
  advice.push(
    '"Forçar Reenvio" sempre mostra "Operação realizada com sucesso.", mesmo quando o envio falha: confira a situação do processo depois, na mesma tela.'
  );
  return advice;
}

/** Which of the listed failures SEI will retry by itself: none at the limit is retried. */
function retryNote(current: readonly FailedProcess[], maxSendAttempts: number): string {
  const retried = current.filter((p) => p.attempts < maxSendAttempts).length;
  if (retried === current.length) return 'Resolvida a comunicação, os processos serão reenviados nos próximos ciclos.';
  if (retried === 0) {
    return `Nenhum deles será reenviado automaticamente: todos atingiram o limite de ${maxSendAttempts} tentativas. Resolvida a comunicação, use "Forçar Reenvio".`;
  }
  return `Resolvida a comunicação, ${plural(retried, 'processo que ainda tem', 'processos que ainda têm')} tentativas ${retried === 1 ? 'será reenviado' : 'serão reenviados'} nos próximos ciclos; os que atingiram o limite de ${maxSendAttempts}, só com "Forçar Reenvio".`;
}

/** Only failures of re-sends ("Forçar Reenvio") made before the last cycle, which itself had none. */
function onlyResentFailures(figures: FailureFigures, failing: number): boolean {
  return failing > 0 && figures.failedOutsideWindow > 0 && figures.infrastructureFailures + figures.businessErrors === 0;
}

/** The processes that ran out of attempts, and that SEI will not re-send them. */
function exhaustedOpening(backlog: boolean, exhausted: number): string {
  const notResent = `não ${exhausted === 1 ? 'será reenviado' : 'serão reenviados'} automaticamente.`;
  return backlog
    ? `Primeira verificação do notificador: ${plural(exhausted, 'processo já esgotou', 'processos já esgotaram')} as tentativas de envio e ${notResent}`
    : `Desde a verificação anterior, ${plural(exhausted, 'processo esgotou', 'processos esgotaram')} as tentativas de envio e ${notResent}`;
}

function opening(input: FailedProcessesMailInput, failing: number, exhausted: number): string {
  const { figures, backlog } = input;
  if (figures.run.unfinished) {
    const unfinished = `A execução da publicação no Protocolo Integrado iniciada em ${when(figures.run.start, 'data desconhecida')} não terminou.`;
    return failing > 0
      ? `${unfinished} ${plural(failing, 'processo está', 'processos estão')} com falha desde o início do último ciclo concluído (${when(figures.windowStart, '-')}), incluindo os que essa execução tentou.`
      : `${unfinished} ${exhaustedOpening(backlog, exhausted)}`;
  }
  if (onlyResentFailures(figures, failing)) {
    return `Desde a verificação anterior, ${plural(failing, 'processo falhou', 'processos falharam')} de novo num reenvio feito fora das execuções agendadas (Forçar Reenvio), antes do último ciclo (${when(figures.windowStart, '-')}), que não teve falhas.`;
  }
  if (failing > 0) {
    const resent = figures.failedOutsideWindow;
    const alsoResent =
      resent > 0
        ? ` Além das falhas do ciclo, ${plural(resent, 'pacote falhou', 'pacotes falharam')} num reenvio (Forçar Reenvio) feito antes dele, desde a verificação anterior.`
        : '';
    return `O último ciclo de publicação do SEI no Protocolo Integrado terminou com ${plural(failing, 'processo não integrado', 'processos não integrados')}.${alsoResent}`;
  }
  return exhaustedOpening(backlog, exhausted);
}

/** The count first (after the prefix and the SEI's name), so an inbox list's cut at ~60 characters keeps it. */
function subjectOf(input: FailedProcessesMailInput, failing: number, exhausted: number): string {
  const { figures } = input;
  if (figures.run.unfinished && failing > 0) {
    return `${plural(failing, 'processo com falha', 'processos com falha')}: publicação não concluída (iniciada em ${when(figures.run.start, '-')})`;
  }
  if (onlyResentFailures(figures, failing)) {
    return `${plural(failing, 'processo com falha', 'processos com falha')} em reenvio (Forçar Reenvio) desde a verificação anterior`;
  }
  if (failing > 0) {
    const onlyInfra = figures.businessErrors === 0 && figures.integrated === 0;
    return `${plural(failing, 'processo não integrado', 'processos não integrados')} no último ciclo (${when(figures.windowStart)})${onlyInfra ? ', nenhum integrado' : ''}`;
  }
  return `${plural(exhausted, 'processo com tentativas esgotadas', 'processos com tentativas esgotadas')}${input.backlog ? ' (primeira verificação)' : ''}`;
}

/**
 * The processes that ran out of attempts since the previous check (or the
 * first check's backlog), each named once, and how to re-send them: said
 * once, in processes. When the opening already said they will not be
 * re-sent (nothing else failed), the section only names them.
 */
function exhaustedSection(input: FailedProcessesMailInput, othersFailed: boolean, listed: readonly FailedProcess[]): Block[] {
  const total = input.list.exhaustedTotal;
  const limit = `o limite de ${input.maxSendAttempts} tentativas`;
  const intro = othersFailed
    ? `${input.backlog ? 'Na primeira verificação do notificador' : 'Desde a verificação anterior'}, ${plural(total, 'processo atingiu', 'processos atingiram')} ${limit} e não ${total === 1 ? 'será reenviado' : 'serão reenviados'} automaticamente:`
    : `${plural(total, 'processo atingiu', 'processos atingiram')} ${limit}:`;
  const blocks: Block[] = [
    { kind: 'heading', text: 'Tentativas esgotadas' },
    { kind: 'paragraph', text: intro },
    { kind: 'list', items: listed.map(processLabel) },
  ];
  if (total > listed.length) {
    blocks.push({ kind: 'paragraph', text: `E mais ${plural(total - listed.length, 'processo', 'processos')} com tentativas esgotadas.` });
  }
  blocks.push({ kind: 'paragraph', text: `${FORCE_RESEND_HINT} Cada processo é citado uma vez, quando esgota as tentativas.` });
  return blocks;
}

/**
 * Writes the mail about the current failures (pt-BR): the run's figures,
 * each failing process with its error, the processes SEI will not retry
 * (named once), and what to check.
 */
export function composeFailedProcessesMail(input: FailedProcessesMailInput): Mail {
  const { figures, list, maxSendAttempts } = input;
  const failing = list.currentTotal;
  const current = list.processes.filter((p) => p.current);
  const exhaustedListed = list.processes.filter((p) => p.exhausted);

  const facts: [string, string][] = [
    ['Início do ciclo', when(figures.windowStart, '-')],
    ...(figures.run.unfinished ? ([['Execução não concluída, iniciada em', when(figures.run.start, '-')]] as [string, string][]) : []),
    ['Última conclusão da publicação', when(figures.run.lastRunEnd, 'não registrada')],
    ['Pacotes tentados desde o início do ciclo', figures.tried.toLocaleString('pt-BR')],
    ['Integrados', figures.integrated.toLocaleString('pt-BR')],
    ['Falha de infraestrutura (FI)', figures.infrastructureFailures.toLocaleString('pt-BR')],
    ['Erro negocial (EN)', figures.businessErrors.toLocaleString('pt-BR')],
    ['Processos com falha', failing.toLocaleString('pt-BR')],
    ['Pacotes com tentativas esgotadas (toda a base)', figures.exhaustedTotal.toLocaleString('pt-BR')],
    ['Última integração com sucesso', when(figures.lastSuccess)],
    ['Limite de tentativas do SEI', attemptLimitNote(input.maxAttemptsSource, maxSendAttempts, input.limitInferredFrom)],
  ];
  const blocks: Block[] = [{ kind: 'paragraph', text: opening(input, failing, list.exhaustedTotal), emphasis: true }];
  const audience = input.audience ?? 'everyone';
  if (audience !== 'records' && figures.infrastructureFailures > 0 && figures.businessErrors === 0 && figures.integrated === 0) {
    blocks.push({
      kind: 'paragraph',
      text: `Todos os envios do ciclo falharam com FI: é uma falha de comunicação com o web service do Protocolo Integrado, não dos processos. ${retryNote(current, maxSendAttempts)}`,
      emphasis: true,
    });
  }
  if (audience !== 'everyone') {
    blocks.push({
      kind: 'paragraph',
      text:
        audience === 'infrastructure'
          ? 'Este aviso traz só as falhas de infraestrutura (FI); os erros negociais (EN) vão para a equipe que corrige os dados dos processos.'
          : 'Este aviso traz só os erros negociais (EN), que pedem correção dos dados dos processos; as falhas de infraestrutura (FI) vão para a equipe de infraestrutura.',
    });
  }
  blocks.push({ kind: 'facts', rows: facts });
  if (figures.run.unfinished) {
    const note = unfinishedRunNote(figures.run.start, figures.run.progress?.runningMinutes);
    blocks.push({ kind: 'paragraph', text: `Atenção: ${note.charAt(0).toLowerCase()}${note.slice(1)}` });
  }
  blocks.push(...failureGroups(current, figures.run, maxSendAttempts));
  if (failing > current.length) {
    blocks.push({
      kind: 'paragraph',
      text: `E mais ${plural(failing - current.length, 'processo com falha não listado', 'processos com falha não listados')} (a lista mostra até ${input.maxListed}). Veja todos em Administração > Protocolo Integrado > Monitoramento.`,
    });
  }

  if (list.exhaustedTotal > 0) blocks.push(...exhaustedSection(input, failing > 0, exhaustedListed));
  if (
    figures.maxAttemptsInRun !== undefined &&
    figures.maxAttemptsInRun > maxSendAttempts &&
    (input.maxAttemptsSource ?? 'MAX_SEND_ATTEMPTS') === 'MAX_SEND_ATTEMPTS'
  ) {
    blocks.push({
      kind: 'paragraph',
      text: `Atenção: o último ciclo concluído tentou pacotes até a ${figures.maxAttemptsInRun}ª vez, acima do limite configurado no notificador (MAX_SEND_ATTEMPTS = ${maxSendAttempts}). O TentativasReenvio do SEI parece diferente: confira-o em ${MODULE_SETTINGS_PLACE} e ajuste maxSendAttempts na implantação.`,
    });
  }

  blocks.push(
    { kind: 'heading', text: 'O que verificar' },
    { kind: 'list', items: whatToCheck(figures, list.exhaustedTotal > 0, audience) }
  );
  const link = seiLink(input.sei?.url, 'o Monitoramento (Forçar Reenvio)', 'Administração > Protocolo Integrado > Monitoramento');
  if (link) blocks.push(link);
  return renderMail(subjectOf(input, failing, list.exhaustedTotal), blocks, input.sei);
}
