import { describe, expect, it } from 'vitest';
import type { SendingFigures } from '../../shared/checks/figures';
import { decideStalledPackages } from '../../shared/checks/stalled-packages';
import { describeCause, possibleCauses, type StallCause } from '../../shared/mail/stalled-causes';
import { composeStalledPackagesMail } from '../../shared/mail/stalled-packages-mail';

/**
 * The stalled mail's "Possíveis causas": only those the verdict's figures
 * allow. Now is 2026-11-29 12:00 in São Paulo; the publishing task runs
 * daily at 02:00.
 */
const now = new Date('2026-11-29T15:00:00Z');
const options = { timeZone: 'America/Sao_Paulo', noNewPackagesAfterDays: 14 };
const daily = { active: 'S', periodicity: 'D', complement: '2' } as const;

/** Everything fine this morning: a run at 02:00 that ended at 02:30 and integrated. */
const healthy: SendingFigures = {
  lastAttempt: '2026-11-29 02:10:00',
  lastSuccess: '2026-11-29 02:10:00',
  lastAnswer: '2026-11-29 02:10:00',
  lastNewPackage: '2026-11-29 02:10:00',
  notSent: 0,
  retrying: 0,
  retryingUnanswered: 0,
  exhausted: 0,
  givenUpUnanswered: 0,
  lastRunEnd: '2026-11-29 02:30:00',
  lastRunUnfinished: false,
  toleranceParameter: '',
  publishingTask: { ...daily, lastStart: '2026-11-29 02:00:00', lastCompletion: '2026-11-29 02:30:00', succeeded: 'S' },
};

/** Nothing ran or answered since the 25th. */
const stoppedOn25: SendingFigures = {
  ...healthy,
  lastAttempt: '2026-11-25 02:10:00',
  lastSuccess: '2026-11-25 02:10:00',
  lastAnswer: '2026-11-25 02:10:00',
  lastNewPackage: '2026-11-25 02:10:00',
  notSent: 30,
  lastRunEnd: '2026-11-25 02:30:00',
  publishingTask: { ...daily, lastStart: '2026-11-25 02:00:00', lastCompletion: '2026-11-25 02:30:00', succeeded: 'S' },
};

const kinds = (figures: SendingFigures, latest?: Parameters<typeof possibleCauses>[2]) =>
  possibleCauses(decideStalledPackages(figures, now, options), figures, latest).map((c) => c.kind);

describe('possibleCauses', () => {
  it('the task started today and did not finish: the run died or hangs, not "not being executed"', () => {
    const figures: SendingFigures = {
      ...stoppedOn25,
      lastRunUnfinished: true,
      publishingTask: { ...daily, lastStart: '2026-11-29 02:00:00', lastCompletion: '2026-11-25 02:30:00', succeeded: 'N' },
    };
    expect(kinds(figures)).toEqual(['run-unfinished']);
    const mail = composeStalledPackagesMail({ verdict: decideStalledPackages(figures, now, options), figures });
    expect(mail.text).toContain('(iniciada em 29/11/2026 02:00) não terminou');
    expect(mail.text).not.toContain('não está sendo executado');
  });

  it('the task has not started since its last end days ago: not started, or stopped before any send', () => {
    expect(kinds(stoppedOn25)).toEqual(['run-stopped-early', 'task-not-started']);
  });

  it('the task is disabled: the mail says so among the conditions, not again as "not being executed"', () => {
    const figures: SendingFigures = { ...stoppedOn25, publishingTask: { ...stoppedOn25.publishingTask, active: 'N' } };
    const verdict = decideStalledPackages(figures, now, options);
    expect(verdict.conditions.map((c) => c.kind)).toContain('publishing-disabled');
    expect(kinds(figures)).toEqual(['run-stopped-early']);
  });

  it('runs end normally but nothing is answered: batch failures, not credentials (those stop a run) nor the scheduler', () => {
    const figures: SendingFigures = {
      ...healthy,
      lastSuccess: '2026-11-25 02:10:00',
      lastAnswer: '2026-11-25 02:10:00',
      retrying: 12,
      retryingUnanswered: 12,
    };
    expect(decideStalledPackages(figures, now, options).conditions.map((c) => c.kind)).toEqual(['nothing-succeeding']);
    expect(kinds(figures)).toEqual(['batch-failures']);
    // With the newest error read, that error says it instead.
    const latest = { status: 'FI', statusChangedAt: '2026-11-29 02:10:00', errorExcerpt: '<Resultado>SF001 - 503</Resultado>' };
    expect(kinds(figures, latest)).toEqual(['latest-error']);
  });

  it('a run that started minutes ago is in progress, not a cause to chase', () => {
    const figures: SendingFigures = {
      ...stoppedOn25,
      publishingTask: { ...daily, lastStart: '2026-11-29 11:50:00', lastCompletion: '2026-11-25 02:30:00', succeeded: 'N' },
    };
    expect(kinds(figures)).toEqual(['run-stopped-early', 'run-in-progress']);
  });

  it('runs end normally and generate no package: only the missing activity', () => {
    const figures: SendingFigures = { ...healthy, lastNewPackage: '2026-11-10 02:10:00' };
    expect(decideStalledPackages(figures, now, options).conditions.map((c) => c.kind)).toEqual(['nothing-generated']);
    expect(kinds(figures)).toEqual(['no-new-activity']);
  });

  it('words each cause', () => {
    const texts = (
      [
        { kind: 'run-stopped-early' },
        { kind: 'task-not-started' },
        { kind: 'batch-failures' },
        { kind: 'no-new-activity' },
        { kind: 'run-in-progress', runningMinutes: 10 },
        { kind: 'latest-error', status: 'EN', at: '2026-11-29 02:10:00', error: 'NF0012 - x' },
      ] as StallCause[]
    ).map(describeCause);
    expect(texts[0]).toContain('interrompem a execução antes de qualquer envio');
    expect(texts[1]).toContain('O agendamento publicarProtocoloIntegrado não está sendo executado');
    expect(texts[2]).toContain('As execuções da publicação terminam, mas os envios ficam sem resposta');
    expect(texts[3]).toContain('sem gerar pacotes');
    expect(texts[4]).toContain('começou há 10 min e ainda pode estar em andamento');
    // The FI explanation only for an FI error.
    expect(texts[5]).toBe('Último erro depois da última resposta do web service (Erro negocial (EN), 29/11/2026 02:10): NF0012 - x.');
  });
});
