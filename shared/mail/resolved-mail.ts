import type { CheckName, Figures } from '../checks/decision';
import type { NoticeState } from '../checks/notice-plan';

import { type Block, type Mail, renderMail, type SeiIdentity } from './document';
import { FORCE_RESEND_HINT, plural, when } from './wording';

const asText = (v: Figures[string] | undefined) => (typeof v === 'string' ? v : undefined);
const asCount = (v: Figures[string] | undefined) => (typeof v === 'number' ? v : 0);

/**
 * The short "Resolvido" notice sent once when a condition that was mailed
 * clears: since when it was failing, and that it is fine now.
 */
export function composeResolvedMail(check: CheckName, previous: NoticeState, figures: Figures, sei: SeiIdentity = {}): Mail {
  if (check === 'failed-processes') {
    const exhausted = asCount(figures.exhaustedTotal);
    const blocks: Block[] = [
      {
        kind: 'paragraph',
        text: 'Resolvido: uma publicação concluída depois do aviso não teve processos com falha, e nenhum processo que falhou nos ciclos avisados continua com falha.',
        emphasis: true,
      },
      {
        kind: 'facts',
        rows: [
          ['Ciclos com falhas desde', when(previous.since, 'data desconhecida')],
          ['Ciclo sem falhas', when(asText(figures.lastCycle), '-')],
          ['Pacotes integrados nesse ciclo', asCount(figures.integrated).toLocaleString('pt-BR')],
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
    return renderMail(`Resolvido: o último ciclo (${when(asText(figures.lastCycle), '-')}) não teve processos com falha`, blocks, sei);
  }
  return renderMail(
    'Resolvido: o envio de informações ao Protocolo Integrado voltou a funcionar',
    [
      { kind: 'paragraph', text: 'Resolvido: o envio de informações ao Protocolo Integrado voltou a funcionar.', emphasis: true },
      {
        kind: 'facts',
        rows: [
          ['Alerta de envio parado desde', when(previous.since, 'data desconhecida')],
          ['Última integração com sucesso', when(asText(figures.lastSuccess))],
          ['Última conclusão da publicação', when(asText(figures.lastRunEnd), 'não registrada')],
        ],
      },
    ],
    sei
  );
}
