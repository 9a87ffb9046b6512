import { extractErrorText } from '../sei/error-text';
import { describeStatus } from '../sei/package-status';
import type { FailedPackage, LastCycleFigures } from '../sei/queries';
import { type Block, type Mail, renderMail } from './document';
import { FORCE_RESEND_HINT, plural, when } from './wording';

export interface FailedProcessesMailInput {
  readonly cycle: LastCycleFigures;
  /** Failed packages read (at most `maxListed`, exhausted ones first). */
  readonly failures: readonly FailedPackage[];
  readonly maxSendAttempts: number;
  readonly maxListed: number;
}

/** How a process is named in the mail, even when its `protocolo` row is missing. */
export function processLabel(p: FailedPackage): string {
  if (p.processNumber?.trim()) return p.processNumber.trim();
  return p.processId !== undefined ? `id_protocolo ${p.processId} (sem registro em protocolo)` : `pacote ${p.packageId}`;
}

const WHAT_TO_CHECK: readonly string[] = [
  'FI (falha de infraestrutura): o SEI não conseguiu falar com o web service do Protocolo Integrado (fora do ar, tempo esgotado, endereço errado, usuário ou senha do web service inválidos, certificado ou proxy). Quando todos os pacotes do ciclo falham com FI, o problema é de comunicação, não dos processos: confira em Administração > Protocolo Integrado > Parâmetros o endereço do web service, o usuário e a senha.',
  'EN (erro negocial): o Protocolo Integrado recebeu o processo e recusou os dados (códigos NF00…). Corrija os metadados do processo no SEI conforme a mensagem de erro; o pacote é reenviado nos próximos ciclos enquanto houver tentativas.',
  `Pacotes que esgotam as tentativas não são mais reenviados automaticamente. ${FORCE_RESEND_HINT}`,
];

/**
 * Writes the mail about the newest cycle's failed processes (pt-BR): the
 * cycle's figures, the failed processes with their errors, the processes
 * that will never be retried, and what to check.
 */
export function composeFailedProcessesMail(input: FailedProcessesMailInput): Mail {
  const { cycle, failures, maxSendAttempts } = input;
  const failed = cycle.infrastructureFailures + cycle.businessErrors;
  const exhaustedListed = failures.filter((f) => f.attempts >= maxSendAttempts);

  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `O último ciclo de publicação do SEI no Protocolo Integrado terminou com ${plural(failed, 'processo não integrado', 'processos não integrados')}.`,
      emphasis: true,
    },
    {
      kind: 'facts',
      rows: [
        ['Início do ciclo', when(cycle.cycle)],
        ['Última conclusão da publicação', when(cycle.lastRunEnd, 'não registrada')],
        ['Pacotes tentados no ciclo', cycle.tried.toLocaleString('pt-BR')],
        ['Integrados', cycle.integrated.toLocaleString('pt-BR')],
        ['Falha de infraestrutura (FI)', cycle.infrastructureFailures.toLocaleString('pt-BR')],
        ['Erro negocial (EN)', cycle.businessErrors.toLocaleString('pt-BR')],
        ['Última integração com sucesso', when(cycle.lastSuccess)],
      ],
    },
    { kind: 'heading', text: 'Processos com falha' },
    {
      kind: 'table',
      head: ['Processo', 'Situação', 'Tentativas', 'Erro', 'Quando'],
      rows: failures.map((f) => [
        processLabel(f),
        describeStatus(f.status),
        `${f.attempts}/${maxSendAttempts}`,
        extractErrorText(f.errorExcerpt) ?? '(sem mensagem de erro)',
        when(f.statusChangedAt, '-'),
      ]),
    },
  ];
  if (failed > failures.length) {
    blocks.push({
      kind: 'paragraph',
      text: `E mais ${plural(failed - failures.length, 'processo com falha não listado', 'processos com falha não listados')} (a lista mostra até ${input.maxListed}). Veja todos em Administração > Protocolo Integrado > Monitoramento.`,
    });
  }

  if (cycle.exhaustedInCycle > 0 || cycle.exhaustedTotal > 0) {
    blocks.push({ kind: 'heading', text: 'Tentativas esgotadas' });
    if (cycle.exhaustedInCycle > 0) {
      blocks.push(
        {
          kind: 'paragraph',
          text: `Neste ciclo, ${plural(cycle.exhaustedInCycle, 'processo atingiu', 'processos atingiram')} o limite de ${maxSendAttempts} tentativas e não ${cycle.exhaustedInCycle === 1 ? 'será reenviado' : 'serão reenviados'} automaticamente. ${FORCE_RESEND_HINT}`,
        },
        { kind: 'list', items: exhaustedListed.map(processLabel) }
      );
      if (cycle.exhaustedInCycle > exhaustedListed.length) {
        blocks.push({
          kind: 'paragraph',
          text: `E mais ${plural(cycle.exhaustedInCycle - exhaustedListed.length, 'processo', 'processos')} com tentativas esgotadas neste ciclo.`,
        });
      }
    }
    blocks.push({
      kind: 'paragraph',
      text: `Em toda a base, ${plural(cycle.exhaustedTotal, 'processo esgotou', 'processos esgotaram')} as tentativas e ${cycle.exhaustedTotal === 1 ? 'continua' : 'continuam'} sem integração.`,
    });
  }

  blocks.push({ kind: 'heading', text: 'O que verificar' }, { kind: 'list', items: WHAT_TO_CHECK });

  const onlyInfra = cycle.businessErrors === 0 && cycle.integrated === 0;
  const subject = `Processos não integrados no último ciclo (${when(cycle.cycle)}): ${plural(failed, 'falha', 'falhas')}${onlyInfra ? ', nenhum processo integrado' : ''}`;
  return renderMail(subject, blocks);
}
