import type { LatestFailure, SendingFigures } from '../checks/figures';
import { describeDuration } from '../checks/run-progress';
import { lastCompletionOf, type StallCondition, type StalledPackagesVerdict } from '../checks/stalled-packages';
import { type Block, type Mail, renderMail, type SeiIdentity } from './document';
import { describeCause, possibleCauses } from './stalled-causes';
import { plural, seiLink, when } from './wording';

export interface StalledPackagesMailInput {
  readonly verdict: StalledPackagesVerdict;
  readonly figures: SendingFigures;
  /** The newest failure after the web service's last answer, if any. */
  readonly latestFailure?: LatestFailure;
  /** Which SEI (optional). */
  readonly sei?: SeiIdentity;
}

const PUBLISHING_TASK = 'A tarefa de publicação (ProtocoloIntegradoAgendamentoRN::publicarProtocoloIntegrado)';

/** Whether any package was tried after the web service's last answer (local timestamps sort as text). */
function triedSinceLastAnswer(figures: SendingFigures): boolean {
  return figures.lastAttempt !== undefined && (figures.lastAnswer === undefined || figures.lastAttempt > figures.lastAnswer);
}

function describeCondition(c: StallCondition, toleranceDays: number, figures: SendingFigures): string {
  const tolerance = `tolerância: ${plural(toleranceDays, 'dia', 'dias')}`;
  switch (c.kind) {
    case 'never-sent':
      return 'Nenhuma informação foi enviada até hoje: não há registro de nenhum pacote enviado ao Protocolo Integrado.';
    case 'publishing-not-completing':
      return c.days === undefined
        ? `${PUBLISHING_TASK} nunca registrou uma execução concluída.`
        : `${PUBLISHING_TASK} não conclui nenhuma execução há ${plural(c.days, 'dia', 'dias')} (${tolerance}).`;
    case 'nothing-succeeding': {
      const givenUp =
        c.givenUp > 0
          ? ` O SEI desistiu de ${plural(c.givenUp, 'pacote', 'pacotes')} nesse período: ${c.givenUp === 1 ? 'esgotou' : 'esgotaram'} as tentativas sem resposta e não ${c.givenUp === 1 ? 'será reenviado' : 'serão reenviados'} automaticamente.`
          : '';
      if (c.days === undefined) {
        return `Há ${plural(c.waiting, 'pacote', 'pacotes')} sem resposta e o Protocolo Integrado nunca respondeu a um envio (nenhum pacote integrado nem recusado por erro negocial).${givenUp}`;
      }
      // Nothing tried since the last answer: the web service was not asked, so it did not fail to answer.
      return triedSinceLastAnswer(figures)
        ? `Há ${plural(c.waiting, 'pacote', 'pacotes')} sem resposta e o Protocolo Integrado não responde a nenhum envio há ${plural(c.days, 'dia', 'dias')} (${tolerance}).${givenUp}`
        : `Há ${plural(c.waiting, 'pacote', 'pacotes')} sem resposta e nada foi enviado ao Protocolo Integrado desde a sua última resposta, há ${plural(c.days, 'dia', 'dias')} (${tolerance}).${givenUp}`;
    }
    case 'nothing-generated':
      return `Nenhum pacote novo foi gerado há ${plural(c.days, 'dia', 'dias')} (a primeira tentativa de envio mais recente de um pacote; reenvios de pacotes antigos não contam), embora a tarefa de publicação conclua suas execuções (limite: ${plural(c.threshold, 'dia', 'dias')}). Processos públicos movimentados nesse período não estão sendo levados ao Protocolo Integrado.`;
    case 'publishing-disabled':
      return `${PUBLISHING_TASK} está DESATIVADA em Infra > Agendamentos: nada será enviado até que seja ativada.`;
    case 'publishing-failed':
      return `A última execução da tarefa de publicação${c.at ? ` (iniciada em ${when(c.at)})` : ''} não terminou${c.runningMinutes === undefined ? '' : `: está em andamento há mais de ${describeDuration(c.runningMinutes)} ou foi interrompida por um erro`} (o agendador do SEI não registrou a conclusão).`;
    case 'publishing-overdue':
      return `A execução da tarefa de publicação agendada para ${when(c.due)} não foi concluída.`;
  }
}

function subjectOf(verdict: StalledPackagesVerdict): string {
  const kinds = new Set(verdict.conditions.map((c) => c.kind));
  if (verdict.days !== undefined) {
    return `Há ${plural(verdict.days, 'dia', 'dias')} não há envio de informações ao Protocolo Integrado.`;
  }
  if (kinds.has('never-sent')) return 'Nenhuma informação foi enviada ao Protocolo Integrado até hoje.';
  if (kinds.has('nothing-succeeding')) return 'O Protocolo Integrado nunca respondeu a um envio do SEI.';
  if (kinds.has('publishing-not-completing')) return 'A tarefa de publicação no Protocolo Integrado nunca concluiu uma execução.';
  const generated = verdict.conditions.find((c) => c.kind === 'nothing-generated');
  if (generated) return `Há ${plural(generated.days, 'dia', 'dias')} nenhum pacote novo é gerado para o Protocolo Integrado.`;
  if (kinds.has('publishing-disabled')) return 'A tarefa de publicação no Protocolo Integrado está desativada no SEI.';
  const failed = verdict.conditions.find((c) => c.kind === 'publishing-failed');
  if (failed) return `A última execução da publicação no Protocolo Integrado não terminou${failed.at ? ` (${when(failed.at)})` : ''}.`;
  const overdue = verdict.conditions.find((c) => c.kind === 'publishing-overdue');
  return `A publicação no Protocolo Integrado agendada para ${overdue ? when(overdue.due) : '-'} não foi concluída.`;
}

/** Writes the mail saying that sending to the Protocolo Integrado stalled (or is about to), and why it may be. */
export function composeStalledPackagesMail(input: StalledPackagesMailInput): Mail {
  const { verdict, figures } = input;
  const tolerance = verdict.tolerance;
  const toleranceSource =
    tolerance.source === 'STALLED_AFTER_DAYS'
      ? 'configuração STALLED_AFTER_DAYS'
      : tolerance.source === 'default'
        ? 'padrão; o parâmetro da tarefa no SEI está vazio ou inválido'
        : tolerance.cappedParameter !== undefined
          ? `máximo legal; o parâmetro da tarefa notificarNovosPacotesNaoSendoGerados no SEI vale ${tolerance.cappedParameter}`
          : 'parâmetro da tarefa notificarNovosPacotesNaoSendoGerados no SEI';
  const onlyEarly = verdict.conditions.every((c) => ['publishing-disabled', 'publishing-failed', 'publishing-overdue'].includes(c.kind));

  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: onlyEarly
        ? 'Aviso antecipado: a publicação no Protocolo Integrado não está funcionando como agendada. Se nada mudar, o envio ficará parado além da tolerância.'
        : 'O envio de informações do SEI ao Protocolo Integrado parece parado.',
      emphasis: true,
    },
    { kind: 'list', items: verdict.conditions.map((c) => describeCondition(c, tolerance.days, figures)) },
    {
      kind: 'facts',
      rows: [
        ['Última integração com sucesso', when(figures.lastSuccess)],
        ['Última resposta do web service (integração ou erro negocial)', when(figures.lastAnswer)],
        ['Última conclusão da publicação', when(lastCompletionOf(figures), 'não registrada')],
        ['Última tentativa de envio', when(figures.lastAttempt)],
        ['Pacotes aguardando envio', (figures.notSent + figures.retrying).toLocaleString('pt-BR')],
        ['Pacotes com tentativas esgotadas', figures.exhausted.toLocaleString('pt-BR')],
        ['Tolerância', `${plural(tolerance.days, 'dia', 'dias')} (${toleranceSource})`],
      ],
    },
  ];
  if (tolerance.cappedParameter !== undefined) {
    blocks.push({
      kind: 'paragraph',
      text: `Atenção: o parâmetro da tarefa notificarNovosPacotesNaoSendoGerados no SEI (Infra > Agendamentos) vale ${tolerance.cappedParameter} dias, acima do máximo de 2 dias do § 1º do art. 3º da Portaria Interministerial nº 2.320/2014; o notificador usa 2.`,
    });
  }
  if (tolerance.aboveRegulation) {
    blocks.push({
      kind: 'paragraph',
      text: `Atenção: a tolerância de ${tolerance.days} dias (STALLED_AFTER_DAYS) é maior que o máximo de 2 dias do § 1º do art. 3º da Portaria Interministerial nº 2.320/2014.`,
    });
  }
  const causes = possibleCauses(verdict, figures, input.latestFailure);
  if (causes.length > 0) blocks.push({ kind: 'heading', text: 'Possíveis causas' }, { kind: 'list', items: causes.map(describeCause) });
  const link = seiLink(input.sei?.url, 'Infra > Agendamentos e Infra > Log', 'o menu Infra');
  if (link) blocks.push(link);
  return renderMail(subjectOf(verdict), blocks, input.sei);
}
