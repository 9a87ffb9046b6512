import { describe, expect, it } from 'vitest';
import type { FailureFigures, SendingFigures } from '../../shared/checks/figures';
import { decideStalledPackages } from '../../shared/checks/stalled-packages';
import { escapeHtml, renderMail } from '../../shared/mail/document';
import { composeFailedProcessesMail } from '../../shared/mail/failed-processes-mail';
import { composeStalledPackagesMail } from '../../shared/mail/stalled-packages-mail';
import { failedProcess, failureFigures, sendingFigures } from './support/figures';

const figures: FailureFigures = failureFigures({
  tried: 40,
  integrated: 34,
  infrastructureFailures: 2,
  businessErrors: 4,
  newlyExhausted: 1,
  exhaustedTotal: 3,
  failingSinceAlert: 6,
  maxAttemptsInRun: 15,
  lastSuccess: '2026-11-29 02:01:00',
});

const failure = failedProcess;

describe('mail document', () => {
  it('escapes every HTML-special character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('names which SEI, when configured: in the subject after the prefix, the header and the footer', () => {
    const mail = renderMail('Assunto', [{ kind: 'paragraph', text: 'corpo' }], {
      name: 'SEI-MGI Homologação',
      url: 'https://sei-h.orgao.gov.br',
    });
    expect(mail.subject).toBe('[Plugin SEI-PI] [SEI-MGI Homologação] Assunto');
    expect(
      mail.text.startsWith(
        'SEI: SEI-MGI Homologação — https://sei-h.orgao.gov.br\nHorários no fuso do SEI: America/Sao_Paulo (horário de Brasília).\n\ncorpo'
      )
    ).toBe(true);
    expect(mail.text.trimEnd().endsWith('SEI: SEI-MGI Homologação — https://sei-h.orgao.gov.br.')).toBe(true);
    expect(mail.html).toContain('SEI: SEI-MGI Homologação — <a href="https://sei-h.orgao.gov.br">https://sei-h.orgao.gov.br</a><br>');
    expect(renderMail('Assunto', []).subject).toBe('[Plugin SEI-PI] Assunto');
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
    figures,
    list: {
      processes: [
        failure({ packageId: 3, attempts: 15, processNumber: '00003.000003/2026-33', exhausted: true }),
        failure({
          packageId: 4,
          status: 'FI ',
          errorExcerpt: '<Resultado><img src=x onerror=alert(1)>SF001 & "x"</Resultado>',
          packages: 2,
        }),
        failure({ packageId: 5, processNumber: null as unknown as undefined, processId: 99 }),
      ],
      currentTotal: 6,
      exhaustedTotal: 1,
      currentBusiness: 4,
      exhaustedBusiness: 1,
    },
    backlog: false,
    maxSendAttempts: 15,
    maxListed: 3,
  });

  it('states the cycle, its figures and the last success', () => {
    expect(mail.subject).toBe('[Plugin SEI-PI] 6 processos não integrados no último ciclo (29/11/2026 02:00)');
    for (const fact of [
      'Início do ciclo: 29/11/2026 02:00',
      'Última conclusão da publicação: 29/11/2026 02:30',
      'Pacotes tentados desde o início do ciclo: 40',
      'Integrados: 34',
      'Falha de infraestrutura (FI): 2',
      'Erro negocial (EN): 4',
      'Última integração com sucesso: 29/11/2026 02:01',
    ]) {
      expect(mail.text).toContain(fact);
    }
  });

  it('lists failed processes grouped by type (FI, then EN), then by error, with attempts n/max and when', () => {
    expect(mail.text).toContain('Falha de infraestrutura (FI) — 1 processo\n=');
    expect(mail.text).toContain('1 processo — SF001 & "x"');
    // Two processes share the EN error: one group under its type.
    expect(mail.text).toMatch(
      /Erro negocial \(EN\) — 2 processos\n=+\n\n2 processos — NF0012 - Interessado sem CPF\n\n- Processo: 00003\.000003\/2026-33 \| Tentativas: 15\/15 \| Quando: 29\/11\/2026 02:01\n- Processo: id_protocolo 99/
    );
    expect(mail.text.indexOf('Falha de infraestrutura (FI) — 1 processo')).toBeLessThan(
      mail.text.indexOf('Erro negocial (EN) — 2 processos')
    );
    // Process numbers never wrap in the HTML table; the page fits a phone.
    expect(mail.html).toContain('white-space:nowrap;overflow-wrap:normal">00003.000003/2026-33</td>');
    expect(mail.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(mail.text).toContain('id_protocolo 99 (sem registro em protocolo)');
    expect(mail.text).toContain('E mais 3 processos com falha não listados');
    // A process with two failing packages is one process.
    expect(mail.text).toContain('(2 pacotes com falha)');
  });

  it('names the exhausted processes and how to force a re-send, once, in processes', () => {
    const section = mail.text.slice(mail.text.indexOf('Tentativas esgotadas\n'), mail.text.indexOf('O que verificar\n'));
    expect(section).toMatch(
      /^Tentativas esgotadas\n=+\n\nDesde a verificação anterior, 1 processo atingiu o limite de 15 tentativas e não será reenviado automaticamente:\n\n- 00003\.000003\/2026-33\n\nUse "Forçar Reenvio" em Administração > Protocolo Integrado > Monitoramento\./
    );
    expect(section).toContain('Cada processo é citado uma vez, quando esgota as tentativas.');
    expect(section).not.toMatch(/pacote/);
    // The hint is given once in the whole mail; the table's count of packages is a fact, labelled as packages.
    expect(mail.text.split('Use "Forçar Reenvio" em').length).toBe(2);
    expect(mail.text).toContain('Pacotes com tentativas esgotadas (toda a base): 3');
  });

  it('never lets web-service output through as HTML', () => {
    expect(mail.html).not.toMatch(/<img|onerror=alert\(1\)>/);
    expect(mail.html).toContain('SF001 &amp; &quot;x&quot;');
  });

  it('says when the whole cycle failed with FI, and gives advice only for the statuses present', () => {
    const down = composeFailedProcessesMail({
      figures: { ...figures, integrated: 0, businessErrors: 0, infrastructureFailures: 25, exhaustedTotal: 0 },
      list: { processes: [failure({ status: 'FI' })], currentTotal: 25, exhaustedTotal: 0, currentBusiness: 0, exhaustedBusiness: 0 },
      backlog: false,
      maxSendAttempts: 15,
      maxListed: 3,
    });
    expect(down.text).toContain('Todos os envios do ciclo falharam com FI: é uma falha de comunicação com o web service');
    expect(down.text).toContain('FI (falha de infraestrutura)');
    expect(down.text).not.toContain('EN (erro negocial)');
    expect(down.text).not.toContain('Pacotes que esgotam as tentativas');
    expect(mail.text).not.toContain('Todos os envios do ciclo falharam com FI');
  });

  it('explains FI as a batch that failed mid-run (not credentials: those stop the run before any try), and EN', () => {
    expect(mail.text).toContain(
      'FI (falha de infraestrutura): um lote de envio ao web service do Protocolo Integrado falhou no meio da execução (tempo esgotado, erro HTTP 5xx, falha SOAP do web service)'
    );
    expect(mail.text).toContain('credenciais recusadas ou endereço errado interrompem a execução antes de qualquer envio');
    expect(mail.text).not.toMatch(/usuário ou senha do web service inválidos/i);
    expect(mail.text).toContain('EN (erro negocial)');
    expect(mail.text).not.toContain('TentativasReenvio do SEI parece diferente');
  });

  it('says when SEI tried more times than MAX_SEND_ATTEMPTS allows', () => {
    const more = composeFailedProcessesMail({
      figures: { ...figures, maxAttemptsInRun: 20 },
      list: { processes: [failure({})], currentTotal: 1, exhaustedTotal: 0, currentBusiness: 1, exhaustedBusiness: 0 },
      backlog: false,
      maxSendAttempts: 15,
      maxListed: 3,
    });
    expect(more.text).toContain('tentou pacotes até a 20ª vez, acima do limite configurado no notificador (MAX_SEND_ATTEMPTS = 15)');
  });

  it('says a run did not finish, in the subject and the text', () => {
    const unfinished = composeFailedProcessesMail({
      figures: {
        ...figures,
        run: {
          ...figures.run,
          start: '2026-11-30 02:00:00',
          unfinished: true,
          progress: { inProgress: false, notFinished: true, runningMinutes: 900, allowanceMinutes: 60 },
        },
      },
      list: { processes: [failure({})], currentTotal: 1, exhaustedTotal: 0, currentBusiness: 1, exhaustedBusiness: 0 },
      backlog: false,
      maxSendAttempts: 15,
      maxListed: 3,
    });
    expect(unfinished.subject).toBe('[Plugin SEI-PI] 1 processo com falha: publicação não concluída (iniciada em 30/11/2026 02:00)');
    expect(unfinished.text).toContain('A execução da publicação no Protocolo Integrado iniciada em 30/11/2026 02:00 não terminou.');
    expect(unfinished.text).toContain(
      'Atenção: a execução mais recente da publicação (iniciada em 30/11/2026 02:00) não terminou: está em andamento há mais de 15 h ou foi interrompida.'
    );
    expect(unfinished.text).toContain('o erro fica em Infra > Log e no "E-mail de erro" da tarefa publicarProtocoloIntegrado');
  });
});

describe('stalled-packages mail', () => {
  const figures: SendingFigures = sendingFigures({ lastRunUnfinished: true, publishingTask: { active: 'N' } });
  const options = { timeZone: 'America/Sao_Paulo', noNewPackagesAfterDays: 14 };
  const now = new Date('2026-11-29T15:00:00Z');

  it('keeps the original subject form with the day count', () => {
    const verdict = decideStalledPackages(figures, now, options);
    const mail = composeStalledPackagesMail({ verdict, figures });
    expect(mail.subject).toBe('[Plugin SEI-PI] Há 4 dias não há envio de informações ao Protocolo Integrado.');
    expect(mail.text).toContain('não conclui nenhuma execução há 4 dias (tolerância: 2 dias)');
    expect(mail.text).not.toContain('não conclui uma execução');
    expect(mail.text).toContain('está DESATIVADA em Infra > Agendamentos');
    expect(mail.text).toContain(
      'A execução mais recente da publicação não registrou um fim normal (md_pi_parametros.sin_executando_publicacao = S'
    );
    expect(mail.text).not.toContain('impedindo novas publicações');
    expect(mail.text).toContain('essa marca não bloqueia novas execuções');
    expect(mail.text).toContain('2 dias (padrão; o parâmetro da tarefa no SEI está vazio ou inválido)');
  });

  it('says when nothing was ever sent', () => {
    const empty = {
      ...figures,
      packages: 0,
      tried: 0,
      lastAttempt: undefined,
      lastSuccess: undefined,
      lastAnswer: undefined,
      lastRunEnd: undefined,
      notSent: 0,
    };
    const verdict = decideStalledPackages(empty, now, options);
    const mail = composeStalledPackagesMail({ verdict, figures: empty });
    expect(mail.subject).toBe('[Plugin SEI-PI] Nenhuma informação foi enviada ao Protocolo Integrado até hoje.');
    expect(mail.text).toContain('Nenhuma informação foi enviada até hoje');
  });

  it('caps a parametro above the regulation and says so', () => {
    const verdict = decideStalledPackages({ ...figures, toleranceParameter: '30' }, now, options);
    const mail = composeStalledPackagesMail({ verdict, figures });
    expect(verdict.tolerance).toMatchObject({ days: 2, cappedParameter: 30 });
    expect(mail.text).toContain(
      'vale 30 dias, acima do máximo de 2 dias do § 1º do art. 3º da Portaria Interministerial nº 2.320/2014; o notificador usa 2.'
    );
  });

  it('warns about a configured tolerance above the regulation and shows the newest error escaped', () => {
    const verdict = decideStalledPackages(figures, now, { ...options, configuredTolerance: 3 });
    const mail = composeStalledPackagesMail({
      verdict,
      figures,
      latestFailure: {
        status: 'FI',
        statusChangedAt: '2026-11-25 02:10:00',
        errorExcerpt: '<Resultado>SF001 - <i>Service Unavailable</i> (503)</Resultado>',
      },
    });
    expect(mail.text).toContain('maior que o máximo de 2 dias');
    expect(mail.text).toContain(
      'Último erro depois da última resposta do web service (Falha de infraestrutura (FI), 25/11/2026 02:10): SF001 - Service Unavailable (503)'
    );
    expect(mail.html).not.toContain('<i>');
  });
});
