import type { CheckName, Figures } from '../checks/decision';
import type { NoticeState } from '../checks/notice-plan';

import { type Block, type Mail, renderMail, type SeiIdentity } from './document';
import { FORCE_RESEND_HINT, plural, when } from './wording';

const asText = (v: Figures[string] | undefined) => (typeof v === 'string' ? v : undefined);
const asCount = (v: Figures[string] | undefined) => (typeof v === 'number' ? v : 0);

/** The alert a notice closes: when it was mailed and, when known, how many processes it named. */
function closedAlert(previous: NoticeState): string {
  const at = when(previous.alertedAt ?? previous.since, 'data desconhecida');
  return previous.alertedCount !== undefined ? `${at} (${plural(previous.alertedCount, 'processo', 'processos')} com falha)` : at;
}

/**
 * "Resolvido" for failures: which alert it closes and the evidence it rests
 * on, literally: a newer run that completed without failures, or, with no
 * run since the alerted cycle, the re-sends that integrated the processes.
 */
function failuresResolved(previous: NoticeState, figures: Figures, sei: SeiIdentity): Mail {
  const exhausted = asCount(figures.exhaustedTotal);
  const at = when(asText(figures.clearedAt) ?? asText(figures.lastCycle), '-');
  const byResend = figures.clearedBy === 'resend';
  const evidence = byResend
    ? `os processos com falha foram integrados por reenvio ("Forçar Reenvio") em ${at}, sem execução da publicação concluída desde o ciclo avisado`
    : `a execução da publicação iniciada em ${at} concluiu sem processos com falha`;
  const evidenceRows: [string, string][] = byResend
    ? [['Reenvio que integrou os processos', at]]
    : [
        ['Execução concluída sem falhas, iniciada em', at],
        ['Pacotes integrados nesse ciclo', asCount(figures.integrated).toLocaleString('pt-BR')],
      ];
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `Resolvido o aviso de ${closedAlert(previous)}: ${evidence}, e nenhum processo que falhou nos ciclos avisados continua com falha.`,
      emphasis: true,
    },
    {
      kind: 'facts',
      rows: [
        ['Aviso encerrado', closedAlert(previous)],
        ['Ciclos com falhas desde', when(previous.since, 'data desconhecida')],
        ...evidenceRows,
        ['Última integração com sucesso', when(asText(figures.lastSuccess))],
      ],
    },
  ];
  if (exhausted > 0) {
    blocks.push({
      kind: 'paragraph',
      text: `Atenção: em toda a base, ${plural(exhausted, 'pacote que esgotou', 'pacotes que esgotaram')} as tentativas ${exhausted === 1 ? 'continua' : 'continuam'} sem integração e não ${exhausted === 1 ? 'será reenviado' : 'serão reenviados'} automaticamente. ${FORCE_RESEND_HINT}`,
    });
  }
  const subject = byResend
    ? `Resolvido: processos com falha integrados por reenvio em ${at}`
    : `Resolvido: a publicação de ${at} concluiu sem processos com falha`;
  return renderMail(subject, blocks, sei);
}

/**
 * The short "Resolvido" notice sent once when a condition that was mailed
 * clears: since when it was failing, and that it is fine now.
 */
export function composeResolvedMail(check: CheckName, previous: NoticeState, figures: Figures, sei: SeiIdentity = {}): Mail {
  if (check === 'failed-processes') return failuresResolved(previous, figures, sei);
  return renderMail(
    'Resolvido: o envio de informações ao Protocolo Integrado voltou a funcionar',
    [
      { kind: 'paragraph', text: 'Resolvido: o envio de informações ao Protocolo Integrado voltou a funcionar.', emphasis: true },
      {
        kind: 'facts',
        rows: [
          ['Alerta de envio parado desde', when(previous.since, 'data desconhecida')],
          ['Último aviso enviado', when(previous.alertedAt, 'data desconhecida')],
          ['Última integração com sucesso', when(asText(figures.lastSuccess))],
          ['Última conclusão da publicação', when(asText(figures.lastRunEnd), 'não registrada')],
        ],
      },
    ],
    sei
  );
}
