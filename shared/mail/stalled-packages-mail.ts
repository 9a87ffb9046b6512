import type { StalledPackagesVerdict, StallCondition } from '../checks/stalled-packages';
import { extractErrorText } from '../sei/error-text';
import { describeStatus } from '../sei/package-status';
import type { LatestFailure, SendingFigures } from '../sei/queries';
import { type Block, type Mail, renderMail } from './document';
import { plural, when } from './wording';

export interface StalledPackagesMailInput {
  readonly verdict: StalledPackagesVerdict;
  readonly figures: SendingFigures;
  readonly latestFailure?: LatestFailure;
}

function describeCondition(c: StallCondition, toleranceDays: number): string {
  switch (c.kind) {
    case 'never-sent':
      return 'Nenhuma informação foi enviada até hoje: não há registro de nenhum pacote enviado ao Protocolo Integrado.';
    case 'publishing-not-completing':
      return c.days === undefined
        ? 'A tarefa de publicação (publicarProtocoloIntegrado) nunca registrou uma execução concluída.'
        : `A tarefa de publicação (publicarProtocoloIntegrado) não conclui uma execução há ${plural(c.days, 'dia', 'dias')} (tolerância: ${plural(toleranceDays, 'dia', 'dias')}).`;
    case 'nothing-succeeding':
      return c.days === undefined
        ? `Há ${plural(c.waiting, 'pacote aguardando', 'pacotes aguardando')} envio e o Protocolo Integrado nunca respondeu a um envio (nenhum pacote integrado nem recusado por erro negocial).`
        : `Há ${plural(c.waiting, 'pacote aguardando', 'pacotes aguardando')} envio e o Protocolo Integrado não responde a nenhum envio há ${plural(c.days, 'dia', 'dias')} (tolerância: ${plural(toleranceDays, 'dia', 'dias')}).`;
  }
}

function subjectOf(verdict: StalledPackagesVerdict): string {
  if (verdict.days !== undefined) {
    return `Há ${plural(verdict.days, 'dia', 'dias')} não há envio de informações ao Protocolo Integrado.`;
  }
  if (verdict.conditions.some((c) => c.kind === 'never-sent')) {
    return 'Nenhuma informação foi enviada ao Protocolo Integrado até hoje.';
  }
  return 'Nenhum pacote foi integrado ao Protocolo Integrado até hoje.';
}

function likelyCauses(figures: SendingFigures, latestFailure: LatestFailure | undefined): string[] {
  const causes: string[] = [];
  if (figures.publishingTaskActive === 'N') {
    causes.push(
      'O agendamento ProtocoloIntegradoAgendamentoRN::publicarProtocoloIntegrado está DESATIVADO em Infra > Agendamentos: ative-o.'
    );
  }
  if (figures.runInProgress) {
    causes.push(
      'O SEI registra uma publicação em andamento (md_pi_parametros.sin_executando_publicacao = S). Se nenhuma execução está de fato rodando, uma execução anterior pode ter sido interrompida e deixado a marca, impedindo novas publicações.'
    );
  }
  const error = extractErrorText(latestFailure?.errorExcerpt);
  if (latestFailure && error) {
    causes.push(
      `Último erro registrado (${describeStatus(latestFailure.status)}, ${when(latestFailure.statusChangedAt, 'data desconhecida')}): ${error}`
    );
  }
  causes.push(
    'Usuário ou senha do web service do Protocolo Integrado expirados ou alterados (Administração > Protocolo Integrado > Parâmetros).',
    'Endereço do web service incorreto ou inacessível a partir do servidor do SEI (firewall, proxy, certificado).',
    'O agendamento publicarProtocoloIntegrado não está sendo executado: confira em Infra > Agendamentos a última execução e se o servidor de agendamentos do SEI está ativo.'
  );
  return causes;
}

/** Writes the mail saying that sending to the Protocolo Integrado stalled, and why it may be. */
export function composeStalledPackagesMail(input: StalledPackagesMailInput): Mail {
  const { verdict, figures } = input;
  const tolerance = verdict.tolerance;
  const toleranceSource =
    tolerance.source === 'STALLED_AFTER_DAYS'
      ? 'configuração STALLED_AFTER_DAYS'
      : tolerance.source === 'default'
        ? 'padrão; o parâmetro da tarefa no SEI está vazio ou inválido'
        : 'parâmetro da tarefa notificarNovosPacotesNaoSendoGerados no SEI';

  const blocks: Block[] = [
    { kind: 'paragraph', text: 'O envio de informações do SEI ao Protocolo Integrado parece parado.', emphasis: true },
    { kind: 'list', items: verdict.conditions.map((c) => describeCondition(c, tolerance.days)) },
    {
      kind: 'facts',
      rows: [
        ['Última integração com sucesso', when(figures.lastSuccess)],
        ['Última resposta do web service (integração ou erro negocial)', when(figures.lastAnswer)],
        ['Última conclusão da publicação', when(figures.lastRunEnd, 'não registrada')],
        ['Última tentativa de envio', when(figures.lastAttempt)],
        ['Pacotes aguardando envio', (figures.notSent + figures.retrying).toLocaleString('pt-BR')],
        ['Pacotes com tentativas esgotadas', figures.exhausted.toLocaleString('pt-BR')],
        ['Tolerância', `${plural(tolerance.days, 'dia', 'dias')} (${toleranceSource})`],
      ],
    },
  ];
  if (tolerance.aboveRegulation) {
    blocks.push({
      kind: 'paragraph',
      text: `Atenção: a tolerância de ${tolerance.days} dias é maior que o máximo de 2 dias do § 1º do art. 3º da Portaria Interministerial nº 2.320/2014.`,
    });
  }
  blocks.push(
    { kind: 'heading', text: 'Possíveis causas' },
    { kind: 'list', items: likelyCauses(figures, input.latestFailure) }
  );
  return renderMail(subjectOf(verdict), blocks);
}
