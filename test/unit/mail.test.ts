import { describe, expect, it } from 'vitest';
import { decideStalledPackages } from '../../shared/checks/stalled-packages';
import { escapeHtml, renderMail } from '../../shared/mail/document';
import { composeFailedProcessesMail } from '../../shared/mail/failed-processes-mail';
import { composeStalledPackagesMail } from '../../shared/mail/stalled-packages-mail';
import type { FailedPackage, LastCycleFigures, SendingFigures } from '../../shared/sei/queries';

const cycle: LastCycleFigures = {
  cycle: '2026-11-29 02:00:00',
  tried: 40,
  integrated: 34,
  infrastructureFailures: 2,
  businessErrors: 4,
  notSent: 0,
  exhaustedInCycle: 1,
  exhaustedTotal: 3,
  lastSuccess: '2026-11-29 02:01:00',
  lastRunEnd: '2026-11-29 02:30:00',
};

const failure = (over: Partial<FailedPackage>): FailedPackage => ({
  packageId: 1,
  processId: 7,
  processNumber: '00007.000007/2026-11',
  status: 'EN',
  attempts: 2,
  statusChangedAt: '2026-11-29 02:01:00',
  errorExcerpt: '<Resultado>NF0012 - Interessado sem CPF</Resultado>',
  ...over,
});

describe('mail document', () => {
  it('escapes every HTML-special character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('prefixes the subject and writes both parts', () => {
    const mail = renderMail('Assunto', [{ kind: 'paragraph', text: 'olá <b>' }]);
    expect(mail.subject).toBe('[Plugin SEI-PI] Assunto');
    expect(mail.html).toContain('olá &lt;b&gt;');
    expect(mail.text).toContain('olá <b>');
  });
});

describe('failed-processes mail', () => {
  const mail = composeFailedProcessesMail({
    cycle,
    failures: [
      failure({ packageId: 3, attempts: 15, processNumber: '00003.000003/2026-33' }),
      failure({ packageId: 4, status: 'FI ', errorExcerpt: '<Resultado><img src=x onerror=alert(1)>SF001 & "x"</Resultado>' }),
      failure({ packageId: 5, processNumber: null as unknown as undefined, processId: 99 }),
    ],
    maxSendAttempts: 15,
    maxListed: 3,
  });

  it('states the cycle, its figures and the last success', () => {
    expect(mail.subject).toBe('[Plugin SEI-PI] Processos não integrados no último ciclo (29/11/2026 02:00): 6 falhas');
    for (const fact of ['Início do ciclo: 29/11/2026 02:00', 'Última conclusão da publicação: 29/11/2026 02:30', 'Pacotes tentados no ciclo: 40', 'Integrados: 34', 'Falha de infraestrutura (FI): 2', 'Erro negocial (EN): 4', 'Última integração com sucesso: 29/11/2026 02:01']) {
      expect(mail.text).toContain(fact);
    }
  });

  it('lists failed processes with status in words, attempts n/max and the error', () => {
    expect(mail.text).toContain('Processo: 00003.000003/2026-33 | Situação: Erro negocial (EN) | Tentativas: 15/15 | Erro: NF0012 - Interessado sem CPF | Quando: 29/11/2026 02:01');
    expect(mail.text).toContain('Situação: Falha de infraestrutura (FI)');
    expect(mail.text).toContain('id_protocolo 99 (sem registro em protocolo)');
    expect(mail.text).toContain('E mais 3 processos com falha não listados');
  });

  it('names the exhausted processes and how to force a re-send', () => {
    expect(mail.text).toMatch(/Tentativas esgotadas\n=+\n\nNeste ciclo, 1 processo atingiu o limite de 15 tentativas e não será reenviado automaticamente\. Use "Forçar Reenvio" em Administração > Protocolo Integrado > Monitoramento\./);
    expect(mail.text).toContain('- 00003.000003/2026-33');
    expect(mail.text).toContain('Em toda a base, 3 processos esgotaram as tentativas e continuam sem integração.');
  });

  it('never lets web-service output through as HTML', () => {
    expect(mail.html).not.toMatch(/<img|onerror=alert\(1\)>/);
    expect(mail.html).toContain('SF001 &amp; &quot;x&quot;');
  });

  it('explains FI and EN', () => {
    expect(mail.text).toContain('FI (falha de infraestrutura)');
    expect(mail.text).toContain('EN (erro negocial)');
  });
});

describe('stalled-packages mail', () => {
  const figures: SendingFigures = {
    packages: 50,
    tried: 50,
    lastAttempt: '2026-11-25 02:10:00',
    lastSuccess: '2026-11-25 02:10:00',
    lastAnswer: '2026-11-25 02:10:00',
    notSent: 30,
    retrying: 0,
    retryingUnanswered: 0,
    exhausted: 0,
    lastRunEnd: '2026-11-25 02:30:00',
    runInProgress: true,
    publishingTaskActive: 'N',
    toleranceParameter: '',
  };
  const now = new Date('2026-11-29T15:00:00Z');

  it('keeps the original subject form with the day count', () => {
    const verdict = decideStalledPackages(figures, now, 'America/Sao_Paulo', undefined);
    const mail = composeStalledPackagesMail({ verdict, figures });
    expect(mail.subject).toBe('[Plugin SEI-PI] Há 4 dias não há envio de informações ao Protocolo Integrado.');
    expect(mail.text).toContain('não conclui uma execução há 4 dias (tolerância: 2 dias)');
    expect(mail.text).toContain('está DESATIVADO');
    expect(mail.text).toContain('sin_executando_publicacao = S');
    expect(mail.text).toContain('2 dias (padrão; o parâmetro da tarefa no SEI está vazio ou inválido)');
  });

  it('says when nothing was ever sent', () => {
    const empty = { ...figures, packages: 0, tried: 0, lastAttempt: undefined, lastSuccess: undefined, lastAnswer: undefined, lastRunEnd: undefined, notSent: 0 };
    const verdict = decideStalledPackages(empty, now, 'America/Sao_Paulo', undefined);
    const mail = composeStalledPackagesMail({ verdict, figures: empty });
    expect(mail.subject).toBe('[Plugin SEI-PI] Nenhuma informação foi enviada ao Protocolo Integrado até hoje.');
    expect(mail.text).toContain('Nenhuma informação foi enviada até hoje');
  });

  it('warns about a tolerance above the regulation and shows the newest error escaped', () => {
    const verdict = decideStalledPackages({ ...figures, toleranceParameter: '3' }, now, 'America/Sao_Paulo', undefined);
    const mail = composeStalledPackagesMail({
      verdict,
      figures,
      latestFailure: { status: 'FI', statusChangedAt: '2026-11-25 02:10:00', errorExcerpt: '<Resultado>SF001 - <i>Unauthorized</i></Resultado>' },
    });
    expect(mail.text).toContain('maior que o máximo de 2 dias');
    expect(mail.text).toContain('Último erro registrado (Falha de infraestrutura (FI), 25/11/2026 02:10): SF001 - Unauthorized');
    expect(mail.html).not.toContain('<i>');
  });
});
