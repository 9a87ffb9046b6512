import type { CheckName } from '../checks/decision';
import { type Mail, renderMail, type SeiIdentity } from './document';

/** The clearly marked mail of `{"mode": "test"}`: proves identity, recipients and delivery. */
export function composeTestMail(check: CheckName, sentAt: string, sei: SeiIdentity = {}): Mail {
  return renderMail(
    `[TESTE] Mensagem de teste do notificador (${check})`,
    [
      { kind: 'paragraph', text: 'Esta é uma mensagem de TESTE do notificador SEI · Protocolo Integrado.', emphasis: true },
      {
        kind: 'paragraph',
        text: `Ela foi enviada a pedido de um operador (evento {"mode": "test"} da função ${check}), pelo mesmo caminho das notificações reais. Se você a recebeu, o remetente, os destinatários e a entrega estão funcionando. Nenhuma ação é necessária.`,
      },
      { kind: 'facts', rows: [['Enviada em', sentAt]] },
    ],
    sei
  );
}
