import { describe, expect, it } from 'vitest';
import type { NoticeState } from '../../shared/checks/notice-plan';
import { attemptLimitNote, composeFailedProcessesMail } from '../../shared/mail/failed-processes-mail';
import { composeResolvedMail } from '../../shared/mail/resolved-mail';
import { failedProcess, failureFigures } from './support/figures';

/** Mails that must say what their evidence is: re-sends outside the cycle, the limit's source, what closed an alert. */

const resent = failedProcess({
  status: 'FI',
  attempts: 16,
  statusChangedAt: '2026-11-05 10:00:01',
  errorExcerpt: '<Resultado>SF001 - Service Unavailable (503)</Resultado>',
});
const list = { processes: [resent], currentTotal: 1, exhaustedTotal: 0, currentBusiness: 0, exhaustedBusiness: 0 };
const mailOf = (over: Parameters<typeof failureFigures>[0]) =>
  composeFailedProcessesMail({ figures: failureFigures(over), list, backlog: false, maxSendAttempts: 15, maxListed: 30 });

describe('mails that state their evidence', () => {
  it('a failed re-send before a clean cycle is not called a failure of that cycle', () => {
    const mail = mailOf({ windowStart: '2026-11-05 14:30:20', failedOutsideWindow: 1 });
    expect(mail.subject).toBe('[Plugin SEI-PI] 1 processo com falha em reenvio (Forçar Reenvio) desde a verificação anterior');
    expect(mail.text).toContain('1 processo falhou de novo num reenvio feito fora das execuções agendadas (Forçar Reenvio)');
    expect(mail.text).not.toContain('terminou com 1 processo não integrado');
  });

  it('with failures in the cycle too, the re-sends are told apart', () => {
    const mail = mailOf({ infrastructureFailures: 3, failedOutsideWindow: 1 });
    expect(mail.text).toContain(
      'terminou com 1 processo não integrado. Além das falhas do ciclo, 1 pacote falhou num reenvio (Forçar Reenvio)'
    );
  });

  it('says where the attempt limit came from, and how an inferred one was inferred', () => {
    expect(attemptLimitNote('inferred', 5, '2026-11-07 02:00:20')).toMatch(
      /^5 \(deduzido da base: a última execução concluída, iniciada em 07\/11\/2026 02:00, não reenviou processos com falha que tinham 5 tentativas/
    );
    expect(attemptLimitNote('md_pi_parametros.quantidade_tentativas', 5, undefined)).toMatch(/^5 \(módulo 2\.x/);
    expect(attemptLimitNote('MAX_SEND_ATTEMPTS', 15, undefined)).toMatch(/^15 \(TentativasReenvio do módulo 3\.x/);
  });

  it('"Resolvido" names the alert it closes and the evidence, literally', () => {
    const previous: NoticeState = {
      status: 'alerting',
      since: '2026-11-02 02:00:20',
      lastKey: '2026-11-03 02:00:20',
      alertedAt: '2026-11-03 17:00:00',
      alertedCount: 4,
    };
    const byRun = composeResolvedMail('failed-processes', previous, {
      clearedBy: 'run',
      clearedAt: '2026-11-04 02:00:20',
      lastCycle: '2026-11-04 02:00:20',
      integrated: 12,
    });
    expect(byRun.subject).toBe('[Plugin SEI-PI] Resolvido: a publicação de 04/11/2026 02:00 concluiu sem processos com falha');
    expect(byRun.text).toContain(
      'Resolvido o aviso de 03/11/2026 17:00 (4 processos com falha): a execução da publicação iniciada em 04/11/2026 02:00'
    );
    const byResend = composeResolvedMail('failed-processes', previous, {
      clearedBy: 'resend',
      clearedAt: '2026-11-04 10:00:00',
      lastCycle: '2026-11-03 02:00:20',
    });
    expect(byResend.subject).toBe('[Plugin SEI-PI] Resolvido: processos com falha integrados por reenvio em 04/11/2026 10:00');
    expect(byResend.text).toContain('Reenvio que integrou os processos: 04/11/2026 10:00');
    expect(byResend.text).not.toMatch(/concluiu sem processos com falha|Pacotes integrados nesse ciclo/);
    // A state of an older version has no alert date or count: the episode's start, without a count.
    const old = composeResolvedMail('failed-processes', { status: 'alerting', since: '2026-11-02 02:00:20' }, { clearedBy: 'run' });
    expect(old.text).toContain('Resolvido o aviso de 02/11/2026 02:00:');
  });
});
