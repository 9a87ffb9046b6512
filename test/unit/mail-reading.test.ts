import { describe, expect, it } from 'vitest';
import type { FailedProcess, FailedProcessList, SendingFigures } from '../../shared/checks/figures';
import { decideStalledPackages } from '../../shared/checks/stalled-packages';
import type { Mail, SeiIdentity } from '../../shared/mail/document';
import { composeFailedProcessesMail, type FailedProcessesMailInput } from '../../shared/mail/failed-processes-mail';
import { isForcedResend } from '../../shared/mail/failure-groups';
import { composeResolvedMail } from '../../shared/mail/resolved-mail';
import { composeStalledPackagesMail } from '../../shared/mail/stalled-packages-mail';
import { composeTestMail } from '../../shared/mail/test-mail';
import { failedProcess, failureFigures, sendingFigures } from './support/figures';

/**
 * The mail as an administrator reads it (issue #23, items 8–11): what an
 * inbox list shows of the subject, the zone of the times, grouping and
 * wording, links to the SEI.
 */

const SEI: SeiIdentity = { name: 'SEI-MGI Homologação', url: 'https://sei-h.orgao.gov.br/sei/', timeZone: 'America/Sao_Paulo' };
/** What an inbox list shows of a subject. */
const INBOX_CUT = 60;

const failure = failedProcess;

const list = (processes: FailedProcess[], over: Partial<FailedProcessList> = {}): FailedProcessList => ({
  processes,
  currentTotal: processes.filter((p) => p.current).length,
  exhaustedTotal: processes.filter((p) => p.exhausted).length,
  currentBusiness: processes.filter((p) => p.current && p.status === 'EN').length,
  exhaustedBusiness: processes.filter((p) => p.exhausted && p.status === 'EN').length,
  ...over,
});

const failedMail = (over: Partial<FailedProcessesMailInput> = {}): Mail =>
  composeFailedProcessesMail({
    figures: failureFigures({ tried: 40, integrated: 34, infrastructureFailures: 2, businessErrors: 4, exhaustedTotal: 3 }),
    list: list([failure({})], { currentTotal: 6 }),
    backlog: false,
    maxSendAttempts: 15,
    maxListed: 50,
    sei: SEI,
    ...over,
  });

const stalledFigures: SendingFigures = sendingFigures();
const now = new Date('2026-11-29T15:00:00Z');
const stalledMail = (figures: SendingFigures = stalledFigures, sei: SeiIdentity = SEI): Mail =>
  composeStalledPackagesMail({
    verdict: decideStalledPackages(figures, now, { timeZone: 'America/Sao_Paulo', noNewPackagesAfterDays: 14 }),
    figures,
    sei,
  });

describe('item 8: the subject keeps the count and the SEI early, for an inbox list', () => {
  it('failures: "[Plugin SEI-PI] [SEI] N processos não integrados no último ciclo (…)"', () => {
    const mail = failedMail();
    expect(mail.subject).toBe('[Plugin SEI-PI] [SEI-MGI Homologação] 6 processos não integrados no último ciclo (29/11/2026 02:00)');
    expect(mail.subject.slice(0, INBOX_CUT)).toContain('[SEI-MGI Homologação] 6 processos');
  });

  it('an unfinished run and a list of exhausted processes start with their count too', () => {
    const unfinished = failedMail({
      figures: failureFigures({ run: { ...failureFigures().run, start: '2026-11-30 02:00:00', unfinished: true }, businessErrors: 1 }),
      list: list([failure({})]),
    });
    expect(unfinished.subject).toBe(
      '[Plugin SEI-PI] [SEI-MGI Homologação] 1 processo com falha: publicação não concluída (iniciada em 30/11/2026 02:00)'
    );
    const exhausted = failedMail({ list: list([failure({ current: false, exhausted: true, attempts: 15 })]), backlog: true });
    expect(exhausted.subject).toBe('[Plugin SEI-PI] [SEI-MGI Homologação] 1 processo com tentativas esgotadas (primeira verificação)');
    for (const mail of [unfinished, exhausted]) expect(mail.subject.slice(0, INBOX_CUT)).toMatch(/\] 1 processo/);
  });

  it('an unfinished run with nothing failing but exhausted processes does not announce "0 processos com falha"', () => {
    const mail = failedMail({
      figures: failureFigures({ run: { ...failureFigures().run, start: '2026-11-30 02:00:00', unfinished: true }, exhaustedTotal: 1 }),
      list: list([failure({ current: false, exhausted: true, attempts: 15 })]),
    });
    expect(mail.subject).toBe('[Plugin SEI-PI] [SEI-MGI Homologação] 1 processo com tentativas esgotadas');
    expect(mail.text).not.toMatch(/\b0 processos/);
    expect(mail.text).toContain('não terminou. Desde a verificação anterior, 1 processo esgotou as tentativas de envio');
  });

  it('stalled: the original subject form, its day count within the cut', () => {
    const mail = stalledMail();
    expect(mail.subject).toBe('[Plugin SEI-PI] [SEI-MGI Homologação] Há 4 dias não há envio de informações ao Protocolo Integrado.');
    expect(mail.subject.slice(0, INBOX_CUT)).toContain('Há 4 dias');
  });
});

describe("item 9: every mail says once that its times are in the SEI's zone", () => {
  const NOTE = 'Horários no fuso do SEI: America/Sao_Paulo (horário de Brasília).';
  const resolved = composeResolvedMail(
    'stalled-packages',
    { status: 'alerting', since: '2026-11-25 02:10:00', checkedAt: '2026-11-28 12:00:00' } as never,
    {},
    SEI
  );
  const mails: [string, Mail][] = [
    ['failures', failedMail()],
    ['stalled', stalledMail()],
    ['resolved', resolved],
    ['test', composeTestMail('failed-processes', '29/11/2026 12:00', SEI)],
  ];
  it.each(mails)('%s', (_name, mail) => {
    expect(mail.text.split(NOTE).length).toBe(2);
    expect(mail.html.split(NOTE).length).toBe(2);
  });

  it("names another zone as configured (the SEI server's)", () => {
    const mail = stalledMail(stalledFigures, { timeZone: 'America/Manaus' });
    expect(mail.text).toContain('Horários no fuso do SEI: America/Manaus.');
    expect(mail.text).not.toContain('Brasília');
  });
});

describe('item 10: grouping and wording', () => {
  it('groups by type, FI before EN, then by error, the most frequent first', () => {
    const mail = failedMail({
      list: list([
        failure({ packageId: 1, processNumber: 'A', status: 'EN', errorExcerpt: '<Resultado>NF0031 - Assunto</Resultado>' }),
        failure({ packageId: 2, processNumber: 'B', status: 'FI', errorExcerpt: '<Resultado>SF001 - timeout</Resultado>' }),
        failure({ packageId: 3, processNumber: 'C', status: 'EN', errorExcerpt: '<Resultado>NF0012 - CPF</Resultado>' }),
        failure({ packageId: 4, processNumber: 'D', status: 'EN', errorExcerpt: '<Resultado>NF0012 - CPF</Resultado>' }),
        failure({ packageId: 5, processNumber: 'E', status: 'FI', errorExcerpt: '<Resultado>SF001 - 503</Resultado>' }),
      ]),
    });
    const order = [
      'Falha de infraestrutura (FI) — 2 processos',
      '1 processo — SF001 - timeout',
      '1 processo — SF001 - 503',
      'Erro negocial (EN) — 3 processos',
      '2 processos — NF0012 - CPF',
      '1 processo — NF0031 - Assunto',
    ].map((line) => mail.text.indexOf(`${line}\n`));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('marks a row last tried by "Forçar Reenvio": past the limit, or after the run ended', () => {
    const forced = failedMail({
      list: list([
        failure({ processNumber: 'ALEM', attempts: 16 }),
        failure({ processNumber: 'MANUAL', attempts: 3, statusChangedAt: '2026-11-29 10:15:00' }),
        failure({ processNumber: 'NOITE', attempts: 3, statusChangedAt: '2026-11-29 02:20:00' }),
      ]),
    });
    expect(forced.text).toContain('- Processo: ALEM | Tentativas: 16/15 (Forçar Reenvio além do limite) | Quando: 29/11/2026 02:01\n');
    expect(forced.text).toContain('- Processo: MANUAL | Tentativas: 3/15 | Quando: 29/11/2026 10:15 (Forçar Reenvio)\n');
    expect(forced.text).toContain('- Processo: NOITE | Tentativas: 3/15 | Quando: 29/11/2026 02:20\n');
  });

  it('a try after the last end is not called a re-send while a newer run may have made it', () => {
    const late = failure({ attempts: 3, statusChangedAt: '2026-11-29 10:15:00' });
    const run = failureFigures().run;
    expect(isForcedResend(late, run, 15)).toBe(true);
    expect(isForcedResend(late, { ...run, inProgress: true }, 15)).toBe(false);
    expect(isForcedResend(late, { ...run, unfinished: true }, 15)).toBe(false);
    expect(isForcedResend({ ...late, attempts: 16 }, { ...run, unfinished: true }, 15)).toBe(true);
  });

  it('stalled: "nenhuma execução"; when nothing was sent since the last answer, says so instead of "não responde"', () => {
    const mail = stalledMail();
    expect(mail.text).toContain('não conclui nenhuma execução há 4 dias');
    expect(mail.text).toContain(
      'Há 30 pacotes sem resposta e nada foi enviado ao Protocolo Integrado desde a sua última resposta, há 4 dias'
    );
    expect(mail.text).not.toContain('não responde a nenhum envio');
    // Tries after the last answer: then it does not answer.
    const tried = stalledMail({ ...stalledFigures, lastAttempt: '2026-11-28 02:10:00', retrying: 5, retryingUnanswered: 5 });
    expect(tried.text).toContain('o Protocolo Integrado não responde a nenhum envio há 4 dias');
  });

  it('"Erro negocial" throughout, and no colloquial "falar com o web service"', () => {
    for (const mail of [failedMail(), stalledMail()]) {
      expect(mail.text).not.toMatch(/erros? de negócio|falar com/i);
    }
    expect(failedMail().text).toContain('Erro negocial (EN)');
  });
});

describe('item 11: links to the SEI, and long strings that wrap at phone width', () => {
  it('links the SEI and names the way to the Monitoramento screen (SEI signs every link to a screen)', () => {
    const mail = failedMail();
    expect(mail.text).toContain(
      'Para abrir o Monitoramento (Forçar Reenvio): entre no SEI em https://sei-h.orgao.gov.br/sei/ e siga Administração > Protocolo Integrado > Monitoramento.'
    );
    expect(mail.html).toContain('entre no SEI em <a href="https://sei-h.orgao.gov.br/sei/">https://sei-h.orgao.gov.br/sei/</a> e siga');
    expect(stalledMail().html).toContain('<a href="https://sei-h.orgao.gov.br/sei/">');
    // Without an address, no such line.
    expect(failedMail({ sei: {} }).text).not.toContain('Para abrir');
  });

  it('escapes the address in the link', () => {
    const mail = failedMail({ sei: { url: 'https://sei.orgao.gov.br/?a=1&b="2"' } });
    expect(mail.html).toContain('<a href="https://sei.orgao.gov.br/?a=1&amp;b=&quot;2&quot;">');
  });

  it('lets long unbroken strings wrap: the whole body and every table cell, with inline styles', () => {
    const mail = stalledMail();
    expect(mail.html).toMatch(/<body[^>]*>\n<div style="[^"]*overflow-wrap:anywhere;word-break:break-word">/);
    for (const cell of mail.html.match(/<t[hd] style="[^"]*"/g) ?? []) expect(cell).toContain('overflow-wrap:anywhere');
    expect(mail.html).not.toContain('<style');
  });
});
