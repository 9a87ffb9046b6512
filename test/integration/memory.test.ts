import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answers, type ModuleSimulator } from '../../local/sei/module-simulator';
import { ERRORS } from '../../local/sei/story-builder';
import type { CheckName } from '../../shared/checks/decision';
import { createDynamoNoticeStore } from '../../shared/notifier/state-store';
import { type NotifierHarness, startHarnessOn } from './support/notifier-harness';
import { at, checkAt, dailySei, ENGINE_SETUPS, range } from './support/simulated-sei';

/**
 * What the SEI table forgets: each try re-stamps the package's own row, so a
 * row keeps only its newest try. These days follow the module's code as the
 * simulator does (local/sei/module-simulator.ts, which cites it): the runs
 * of a daily 02:00 schedule, "Forçar Reenvio" at office hours, a second
 * run in the afternoon, a task disabled by hand; the clock of each day is
 * later than every row the days before wrote. Each check reads the database
 * as it is then, against one state table (DynamoDB locally).
 */

describe.each(ENGINE_SETUPS)('memory across checks, on $name', ({ kind, indexed }) => {
  let h: NotifierHarness;
  let sim: ModuleSimulator;

  beforeAll(async () => {
    h = await startHarnessOn(kind, { indexed });
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.reset();
    sim = dailySei();
  });

  const check = (name: CheckName, local: string, options = {}) => checkAt(h, sim, indexed, name, local, options);
  const mails = () => h.ses.emails();
  const packageOf = (processId: number) => sim.packagesOf(processId).at(-1)?.id ?? 0;
  const store = () => createDynamoNoticeStore(DynamoDBDocumentClient.from(h.dynamo.client), h.stateTable);

  /**
   * Day 3: 53 processes, 50 integrated, 3 refused (EN); days 4 and 5 the
   * night retries the 3 (EN again): the web service answers every night.
   */
  function answeredUntilDay5() {
    sim.activity(...range(1, 53));
    for (const day of [3, 4, 5]) sim.run(at(day, '02:00'), answers.rejecting([51, 52, 53], ERRORS.missingInterested));
  }

  it('one failing night after business errors is no stall: the answer the next try overwrote is remembered', async () => {
    answeredUntilDay5();
    expect(await check('stalled-packages', at(5, '12:00'))).toMatchObject({ decision: 'nothing-to-report' });
    // Day 6: the web service is down; the night re-stamps the same 3 rows FI. The table's
    // newest answer is now the integrations of day 3; the check read an EN answer of day 5.
    sim.run(at(6, '02:00'), answers.down(ERRORS.serviceUnavailable));
    expect(sim.packagesOf(51)[0]).toMatchObject({ status: 'FI', attempts: 4 });
    expect(await check('stalled-packages', at(6, '12:00'))).toMatchObject({
      decision: 'nothing-to-report',
      figures: { daysSinceLastAnswer: 1 },
    });
    // Day 7: a second silent night is the 2-day tolerance: now it is a stall, counted from day 5.
    sim.run(at(7, '02:00'), answers.down(ERRORS.serviceUnavailable));
    expect(await check('stalled-packages', at(7, '12:00'))).toMatchObject({ decision: 'sent', figures: { daysSinceLastAnswer: 2 } });
    expect(mails()[0]?.body.text).toContain('05/11/2026 02:00');
  });

  it('state written by an older version, or none at all, still decides on the table', async () => {
    answeredUntilDay5();
    await check('stalled-packages', at(5, '12:00'));
    // An older version wrote no "seen": the check reads it, decides on the table, and remembers from now on.
    const saved = await store().get('stalled-packages');
    expect(saved?.seen?.lastAnswer).toMatch(/^2026-11-05 02:00:/);
    await store().put('stalled-packages', { status: 'ok', since: at(5, '12:00'), checkedAt: at(5, '12:00') });
    sim.run(at(6, '02:00'), answers.rejecting([51, 52, 53], ERRORS.missingInterested));
    expect(await check('stalled-packages', at(6, '12:00'))).toMatchObject({ decision: 'nothing-to-report' });
    expect((await store().get('stalled-packages'))?.seen?.lastAnswer).toMatch(/^2026-11-06 02:00:/);
    // Day 7: one failing night re-stamps the 3 rows FI; remembered, the answer of day 6 keeps it quiet.
    sim.run(at(7, '02:00'), answers.down(ERRORS.serviceUnavailable));
    expect(await check('stalled-packages', at(7, '12:00'))).toMatchObject({ decision: 'nothing-to-report' });
    // No state at all (the table emptied): nothing remembers day 6, and the table's newest
    // answer is day 3's: the check decides on what it can read, as before this memory existed.
    await h.freshState();
    expect(await check('stalled-packages', at(7, '12:00'))).toMatchObject({ decision: 'sent', figures: { daysSinceLastAnswer: 4 } });
  });

  it('a long nightly run: how long one may run comes from the last run the check saw complete', async () => {
    // Day 2: a backlog night takes 3 h (02:00 to 05:00); the 12:00 check sees it complete.
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.ok, { minutes: 180 });
    expect(await check('stalled-packages', at(2, '12:00'))).toMatchObject({ decision: 'nothing-to-report' });
    // Day 3: the run started at 02:00 and is still gathering activities (no try yet). The
    // scheduler's row now shows only this start: the 3 h of day 2 are remembered, not read.
    sim.activity(11);
    sim.run(at(3, '02:00'), answers.ok, { runningAfterTries: 0 });
    expect(await check('stalled-packages', at(3, '03:30'))).toMatchObject({ decision: 'nothing-to-report' });
    // Twice the last run's 3 h later, it is told: not finished, still going or interrupted.
    expect(await check('stalled-packages', at(3, '08:30'))).toMatchObject({ decision: 'sent', reason: 'publishing-failed' });
    // Without that memory (state emptied), only the 1 h floor is left.
    await h.freshState();
    expect(await check('stalled-packages', at(3, '03:30'))).toMatchObject({ decision: 'sent', reason: 'publishing-failed' });
  });

  it('a failed "Forçar Reenvio" of an exhausted process is reported even when a run follows the same day', async () => {
    sim = dailySei({ maxAttempts: 3, hours: '2, 14' });
    const options = { maxSendAttempts: 3 };
    sim.activity(...range(1, 10));
    for (const day of [2, 3, 4]) {
      sim.run(at(day, '02:00'), answers.failing([1], ERRORS.timeout));
      await check('failed-processes', at(day, '17:00'), options);
    }
    expect(mails()[0]?.body.text).toMatch(/1 processo atingiu o limite de 3 tentativas/);
    // Day 5: the night does not retry it (3/3); at 10:00 the re-send fails again ("Operação
    // realizada com sucesso." on the screen); a 14:30 run integrates ten other processes.
    sim.run(at(5, '02:00'), answers.ok);
    sim.forceResend([packageOf(1)], at(5, '10:00'), answers.down(ERRORS.timeout));
    sim.activity(...range(11, 20));
    sim.run(at(5, '14:30'), answers.ok);
    expect(sim.packagesOf(1)[0]).toMatchObject({ status: 'FI', attempts: 4 });
    const day5 = await check('failed-processes', at(5, '17:00'), options);
    expect(day5).toMatchObject({ decision: 'sent', figures: { failedProcesses: 1, failedOutsideWindow: 1, integrated: 10 } });
    expect(mails()[0]?.subject).toBe('[Plugin SEI-PI] 1 processo com falha em reenvio (Forçar Reenvio) desde a verificação anterior');
    expect(mails()[0]?.body.text).toContain(
      'Desde a verificação anterior, 1 processo falhou de novo num reenvio feito fora das execuções agendadas (Forçar Reenvio), antes do último ciclo (05/11/2026 14:30), que não teve falhas.'
    );
    expect(mails()[0]?.body.text).toMatch(/Tentativas: 4\/3[^|\n]*Forçar Reenvio[^|\n]*\| Quando: 05\/11\/2026 10:00/);
    // Reported once: the next day says nothing, and nothing is "resolved" (it still fails).
    sim.run(at(6, '02:00'), answers.ok);
    expect(await check('failed-processes', at(6, '17:00'), options)).toMatchObject({
      decision: 'nothing-to-report',
      reason: 'alerted-failures-persist',
    });
  });

  it('a "Forçar Reenvio" that fails again within the alerted cycle is told once more (no run since)', async () => {
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.failing([1], ERRORS.timeout));
    expect(await check('failed-processes', at(2, '17:00'))).toMatchObject({ decision: 'sent' });
    // The task is disabled; on day 3 at 10:00 the re-send fails again: the same cycle, a new failed try.
    sim.task.active = 'N';
    expect(await check('failed-processes', at(3, '09:00'))).toMatchObject({ decision: 'nothing-to-report', reason: 'already-notified' });
    sim.forceResend([packageOf(1)], at(3, '10:00'), answers.down(ERRORS.timeout));
    expect(await check('failed-processes', at(3, '17:00'))).toMatchObject({
      decision: 'sent',
      figures: { failedProcesses: 1, failedInWindowSinceCheck: 1 },
    });
    expect(mails()[0]?.body.text).toMatch(/Tentativas: 2\/15[^\n]*\| Quando: 03\/11\/2026 10:00/);
    expect(await check('failed-processes', at(4, '17:00'))).toMatchObject({ decision: 'nothing-to-report', reason: 'already-notified' });
  });

  it('a second run of the day that fails again is reported once, at the check after it', async () => {
    sim.task.complement = '2, 14';
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.ok);
    sim.activity(11, 12);
    sim.run(at(3, '02:00'), answers.rejecting([11], ERRORS.badSubject));
    expect(await check('failed-processes', at(3, '12:00'))).toMatchObject({ decision: 'sent', figures: { failedProcesses: 1 } });
    sim.run(at(3, '14:00'), answers.rejecting([11], ERRORS.badSubject));
    expect(await check('failed-processes', at(3, '17:00'))).toMatchObject({ decision: 'sent', figures: { failedProcesses: 1 } });
    expect(mails()[0]?.body.text).toContain('Tentativas: 2/15');
    expect(await check('failed-processes', at(3, '18:00'))).toMatchObject({ decision: 'nothing-to-report' });
  });

  it('"Resolvido" after re-sends with the task disabled says what integrated the processes, and which alert it closes', async () => {
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.failing([1], ERRORS.timeout));
    expect(await check('failed-processes', at(2, '17:00'))).toMatchObject({ decision: 'sent' });
    sim.run(at(3, '02:00'), answers.failing([1], ERRORS.timeout));
    expect(await check('failed-processes', at(3, '17:00'))).toMatchObject({ decision: 'sent', figures: { failedProcesses: 1 } });
    // The task is disabled; on day 4 at 10:00 "Forçar Reenvio" integrates the process. No run since day 3.
    sim.task.active = 'N';
    sim.forceResend([packageOf(1)], at(4, '10:00'), answers.ok);
    const day4 = await check('failed-processes', at(4, '17:00'));
    expect(day4).toMatchObject({ decision: 'resolved-sent', figures: { clearedBy: 'resend' } });
    const mail = mails()[0];
    expect(mail?.subject).toBe('[Plugin SEI-PI] Resolvido: processos com falha integrados por reenvio em 04/11/2026 10:00');
    expect(mail?.body.text).toContain('Resolvido o aviso de 03/11/2026 17:00 (1 processo com falha)');
    expect(mail?.body.text).toContain('sem execução da publicação concluída desde o ciclo avisado');
    expect(mail?.body.text).not.toMatch(/não teve processos com falha/);
    // Closed: the next check says nothing more.
    expect(await check('failed-processes', at(5, '17:00'))).toMatchObject({ decision: 'nothing-to-report' });
  });

  it('no "Resolvido" while the alerted cycle is the newest and nothing was re-sent', async () => {
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.failing([1], ERRORS.timeout));
    await check('failed-processes', at(2, '17:00'));
    sim.task.active = 'N';
    expect(await check('failed-processes', at(3, '17:00'))).toMatchObject({ decision: 'nothing-to-report' });
    expect(await check('failed-processes', at(4, '17:00'))).toMatchObject({ decision: 'nothing-to-report' });
  });
});
