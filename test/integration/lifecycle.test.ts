import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answers, ModuleSimulator } from '../../local/sei/module-simulator';
import { ERRORS } from '../../local/sei/story-builder';
import type { CheckName } from '../../shared/checks/decision';
import { type NotifierHarness, startHarnessOn } from './support/notifier-harness';
import { at, checkAt, dailySei, ENGINE_SETUPS, range, SP } from './support/simulated-sei';

/**
 * Days of SEI as the module really writes them (local/sei/module-simulator):
 * each try re-stamps the same package row, "Forçar Reenvio" re-stamps at
 * office hours, runs die half-way, SEI stops after the attempt limit. Each
 * step loads the database as it is then and runs a check at that moment,
 * against one notice store (DynamoDB locally), as the deployed product would.
 */

describe.each(ENGINE_SETUPS)('the module real row lifecycle, on $name', ({ kind, indexed }) => {
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

  /** Day 2: ten processes published fine; day 3: five of fifteen fail. */
  function failingNight(day = 3, failing = range(11, 15)) {
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.ok);
    sim.activity(...range(11, 20));
    sim.run(at(day, '02:00'), answers.failing(failing, ERRORS.timeout));
  }

  it('a forced re-send before the check does not hide the failures, nor resolve the alert', async () => {
    failingNight();
    expect(await check('failed-processes', at(3, '17:00'))).toMatchObject({ decision: 'sent', figures: { failedProcesses: 5 } });
    // Day 4: the night retries the five (still failing); at 10:00 the administrator forces a
    // re-send of all five ("Operação realizada com sucesso."), which fails again. The rows
    // now carry the re-send's stamp, after the night's run ended.
    sim.run(at(4, '02:00'), answers.failing(range(11, 15), ERRORS.timeout));
    sim.forceResend(range(11, 15).map(packageOf), at(4, '10:00'), answers.down(ERRORS.timeout));
    const day4 = await check('failed-processes', at(4, '17:00'));
    expect(day4).toMatchObject({
      decision: 'sent',
      reason: 'last-cycle-has-failures',
      figures: { failedProcesses: 5, infrastructureFailures: 5 },
    });
    expect(mails()[0]?.subject).toBe('[Plugin SEI-PI] 5 processos não integrados no último ciclo (04/11/2026 02:00), nenhum integrado');
    expect(mails()[0]?.body.text).toMatch(
      /Falha de infraestrutura \(FI\) — 5 processos\n=+\n\n5 processos — SF001 - Connection timed out after 30000 milliseconds\n\n(- Processo: \S+ \| Tentativas: 3\/15 \| Quando: 04\/11\/2026 10:0\d \(Forçar Reenvio\)\n?){5}/
    );
    expect(mails()[0]?.body.text).toContain('Todos os envios do ciclo falharam com FI');
    // Day 5: a re-send at 10:00 integrates three; the other two still fail: no "Resolvido".
    sim.run(at(5, '02:00'), answers.failing(range(11, 15), ERRORS.timeout));
    sim.forceResend(range(11, 13).map(packageOf), at(5, '10:00'), answers.ok);
    expect(await check('failed-processes', at(5, '17:00'))).toMatchObject({
      decision: 'sent',
      figures: { failedProcesses: 2, integrated: 3 },
    });
    // Day 6: the night integrates the last two: one "Resolvido", on a run that completed.
    sim.run(at(6, '02:00'), answers.ok);
    const resolved = await check('failed-processes', at(6, '17:00'));
    expect(resolved).toMatchObject({ decision: 'resolved-sent' });
    expect(mails()[0]?.subject).toBe('[Plugin SEI-PI] Resolvido: a publicação de 06/11/2026 02:00 concluiu sem processos com falha');
    expect(mails()[0]?.body.text).toContain('Resolvido o aviso de 05/11/2026 17:00 (2 processos com falha)');
    expect(await check('failed-processes', at(7, '17:00'))).toMatchObject({ decision: 'nothing-to-report' });
  });

  it('a run that dies half-way is reported the same day, with the failures its tries left', async () => {
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.ok);
    sim.activity(...range(11, 20));
    // Tries 11..16 (11..14 fail), then throws: 17..20 never tried, no end recorded.
    sim.run(at(3, '02:00'), answers.failing(range(11, 14), ERRORS.timeout), { diesAfterTries: 6 });
    const stalled = await check('stalled-packages', at(3, '12:00'));
    expect(stalled).toMatchObject({ decision: 'sent', reason: 'publishing-failed' });
    expect(mails()[0]?.subject).toBe(
      '[Plugin SEI-PI] A última execução da publicação no Protocolo Integrado não terminou (03/11/2026 02:00).'
    );
    expect(mails()[0]?.body.text).toContain(
      'A execução mais recente da publicação (iniciada em 03/11/2026 02:00) não terminou: está em andamento há mais de 10 h ou foi interrompida.'
    );
    expect(mails()[0]?.body.text).toContain('o erro fica em Infra > Log e no "E-mail de erro" da tarefa publicarProtocoloIntegrado');
    const failed = await check('failed-processes', at(3, '17:00'));
    expect(failed).toMatchObject({
      decision: 'sent',
      reason: 'unfinished-run-has-failures',
      figures: { failedProcesses: 4, runUnfinished: true },
    });
    expect(mails()[0]?.subject).toBe('[Plugin SEI-PI] 4 processos com falha: publicação não concluída (iniciada em 03/11/2026 02:00)');
  });

  it('a run that dies before sending never resolves the alert about the run before it', async () => {
    failingNight();
    expect((await check('failed-processes', at(3, '17:00'))).decision).toBe('sent');
    // Day 4: credentials refused at the start of the run: nothing tried, nothing ended.
    sim.run(at(4, '02:00'), answers.ok, { diesAfterTries: 0 });
    const day4 = await check('failed-processes', at(4, '17:00'));
    expect(day4).toMatchObject({ decision: 'sent', reason: 'unfinished-run-has-failures', figures: { failedProcesses: 5 } });
    expect(mails()[0]?.subject).toMatch(
      /^\[Plugin SEI-PI\] 5 processos com falha: publicação não concluída \(iniciada em 04\/11\/2026 02:00\)/
    );
    // Mailed once: later the same day, with nothing changed, it stays quiet (and still does not resolve).
    expect(await check('failed-processes', at(4, '20:00'))).toMatchObject({ decision: 'nothing-to-report', reason: 'already-notified' });
    // Day 5 dies again, after the same completed cycle: another event, another mail.
    sim.run(at(5, '02:00'), answers.ok, { diesAfterTries: 0 });
    expect(await check('failed-processes', at(5, '17:00'))).toMatchObject({ decision: 'sent', reason: 'unfinished-run-has-failures' });
    expect(mails()[0]?.subject).toMatch(/\(iniciada em 05\/11\/2026 02:00\)/);
    // Day 6 completes and retries the five: integrated, so resolved.
    sim.run(at(6, '02:00'), answers.ok);
    expect(await check('failed-processes', at(6, '17:00'))).toMatchObject({ decision: 'resolved-sent' });
  });

  it('a run still in progress at check time is neither a cycle nor a dead run', async () => {
    sim.task.periodicity = 'N';
    sim.task.complement = '0';
    sim.activity(...range(1, 10));
    sim.run(at(2, '15:00'), answers.failing([3], ERRORS.timeout));
    expect(await check('failed-processes', at(2, '15:50'))).toMatchObject({ decision: 'sent', reason: 'last-cycle-has-failures' });
    // 16:00 retries process 3 and is still running at 16:30: SEI's scheduler already wrote
    // sin_sucesso = N with the start, exactly as it leaves a run that threw.
    sim.activity(...range(11, 20));
    sim.run(at(2, '16:00'), answers.ok, { runningAfterTries: 4 });
    expect(sim.dataset().publishingTask).toMatchObject({ succeeded: 'N', lastStart: at(2, '16:00') });
    const running = await check('failed-processes', at(2, '16:30'));
    expect(running).toMatchObject({ decision: 'nothing-to-report', figures: { runInProgress: true, runUnfinished: false } });
    expect(running.reason).not.toBe('resolved');
  });

  it('an hourly job: the run started minutes before a check is not "falhou"; the same run silent for hours is told', async () => {
    sim.task.periodicity = 'N';
    sim.task.complement = '0';
    sim.activity(...range(1, 10));
    for (const hour of ['09', '10', '11']) sim.run(at(2, `${hour}:00`), answers.ok, { minutes: 10 });
    sim.activity(...range(11, 20));
    // 12:00 starts; at 12:03 it is gathering activities or sending its first batch.
    sim.run(at(2, '12:00'), answers.ok, { runningAfterTries: 3 });
    expect(await check('stalled-packages', at(2, '12:03'))).toMatchObject({ decision: 'nothing-to-report' });
    expect(await check('failed-processes', at(2, '12:03'))).toMatchObject({
      decision: 'nothing-to-report',
      figures: { runInProgress: true, runUnfinished: false },
    });
    // The same run, nothing tried since 12:00 and no end by 14:00 (twice the last run's 10 min,
    // at least an hour): it did not finish. Said in words true whether it hangs or died.
    const day = await check('stalled-packages', at(2, '14:00'));
    expect(day).toMatchObject({ decision: 'sent', reason: 'publishing-failed' });
    expect(mails()[0]?.body.text).toContain(
      'A última execução da tarefa de publicação (iniciada em 02/11/2026 12:00) não terminou: está em andamento há mais de 2 h ou foi interrompida por um erro'
    );
    expect(mails()[0]?.body.text).not.toMatch(/falhou/);
  });

  it('credentials refused: the run stops before any try, no FI row, and the mail points at Infra > Log', async () => {
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.ok);
    sim.activity(...range(11, 15));
    // ProtocoloIntegradoClienteWS throws while the client is built: the new packages exist (NI), nothing tried.
    sim.run(at(3, '02:00'), answers.ok, { diesAfterTries: 0 });
    expect(sim.dataset().packages.filter((p) => p.status === 'FI')).toHaveLength(0);
    expect(sim.dataset().packages.filter((p) => p.status === 'NI')).toHaveLength(5);
    expect(await check('stalled-packages', at(3, '12:00'))).toMatchObject({ decision: 'sent', reason: 'publishing-failed' });
    expect(mails()[0]?.subject).toBe(
      '[Plugin SEI-PI] A última execução da publicação no Protocolo Integrado não terminou (03/11/2026 02:00).'
    );
    expect(mails()[0]?.body.text).toContain('Credenciais recusadas, endereço do web service inacessível');
    expect(mails()[0]?.body.text).toContain('Infra > Log');
    expect(mails()[0]?.body.text).not.toContain('Usuário ou senha');
  });

  it('the active task row is read, not an older disabled copy of the same command', async () => {
    sim.taskCopies.push({ active: 'N', lastStart: '2025-03-01 02:00:00', succeeded: 'N', periodicity: 'D', complement: '2' });
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.ok);
    expect(await check('stalled-packages', at(2, '12:00'))).toMatchObject({ decision: 'nothing-to-report' });
  });

  it('old failures retried every night are no new packages: "nenhum pacote novo" fires on day 14', async () => {
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.rejecting([1], ERRORS.missingInterested));
    for (const day of range(3, 18)) sim.run(at(day, '02:00'), answers.rejecting([1], ERRORS.missingInterested));
    expect(sim.packagesOf(1)[0]?.attempts).toBe(15);
    // Day 15: the EN retry of last night keeps dth_situacao fresh; its first try was on day 2.
    await h.load(sim.dataset());
    expect(await h.invokeAt('stalled-packages', sim.instant(at(15, '12:00')))).toMatchObject({ decision: 'nothing-to-report' });
    const day16 = await check('stalled-packages', at(16, '12:00'));
    expect(day16).toMatchObject({ decision: 'sent', reason: 'nothing-generated', figures: { daysSinceLastAttempt: 0 } });
    expect(mails()[0]?.subject).toBe('[Plugin SEI-PI] Há 14 dias nenhum pacote novo é gerado para o Protocolo Integrado.');
  });

  it('an alert about failures SEI then gave up on is not resolved by a clean night: they still fail', async () => {
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.ok);
    sim.activity(...range(11, 15));
    // The unparenthesized retry filter burns the five failures' attempts in one night: the web
    // service's batch is five, so every page is full and the loop re-reads it.
    sim.run(at(3, '02:00'), answers.failing(range(11, 15), ERRORS.timeout), { batchSize: 5 });
    expect(sim.packagesOf(11)[0]?.attempts).toBe(15);
    expect(await check('failed-processes', at(3, '17:00'))).toMatchObject({ decision: 'sent', reason: 'last-cycle-has-failures' });
    // Day 4: SEI no longer tries them; the new process integrates. Their tries are older than
    // the newest completed run (through the index: counted only in the whole-table totals).
    sim.activity(16);
    sim.run(at(4, '02:00'), answers.ok);
    expect(await check('failed-processes', at(4, '17:00'))).toMatchObject({
      decision: 'nothing-to-report',
      reason: 'alerted-failures-persist',
      figures: { infrastructureFailures: 0, failingSinceAlert: 5, exhaustedTotal: 5 },
    });
    expect(mails()).toHaveLength(0);
  });

  it('alerted failures whose try time was then cleared by hand still fail: the alert is not resolved', async () => {
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.ok);
    sim.activity(...range(11, 15));
    sim.run(at(3, '02:00'), answers.failing(range(11, 15), ERRORS.timeout), { batchSize: 5 });
    expect(await check('failed-processes', at(3, '17:00'))).toMatchObject({ decision: 'sent', reason: 'last-cycle-has-failures' });
    sim.activity(16);
    sim.run(at(4, '02:00'), answers.ok);
    // Odd data: someone cleared the five failures' try time. Their cycle still dates them.
    await h.load(sim.dataset());
    await h.db.seed.run("UPDATE md_pi_pacote_envio SET dth_situacao = NULL WHERE sta_integracao = 'FI'");
    expect(await h.invokeAt('failed-processes', sim.instant(at(4, '17:00')), {})).toMatchObject({
      decision: 'nothing-to-report',
      reason: 'alerted-failures-persist',
      figures: { packageAccess: indexed ? 'index' : 'scan', failingSinceAlert: 5, exhaustedTotal: 5 },
    });
  });

  it('a backlog burning its attempts in one night keeps the stall alarm on: "o SEI desistiu"', async () => {
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.ok);
    sim.activity(...range(11, 40));
    // Every batch fails (HTTP 503); pages of 10 stay full, so the loop re-sends them until the limit.
    sim.run(at(3, '02:00'), answers.down(ERRORS.serviceUnavailable), { batchSize: 10 });
    expect(sim.packagesOf(40)[0]?.attempts).toBe(15);
    expect(sim.packagesOf(11)[0]?.attempts).toBe(15);
    // Day 4: nothing left to retry; the run completes.
    sim.run(at(4, '02:00'), answers.down(ERRORS.serviceUnavailable));
    expect(await check('stalled-packages', at(4, '12:00'))).toMatchObject({ decision: 'sent', reason: 'nothing-succeeding' });
    expect(mails()[0]?.body.text).toContain('O SEI desistiu de 30 pacotes nesse período');
    // Day 5: nothing waits. Still no answer: still a stall (the original would have gone quiet).
    sim.run(at(5, '02:00'), answers.down(ERRORS.serviceUnavailable));
    const day5 = await check('stalled-packages', at(5, '12:00'));
    expect(day5).toMatchObject({ decision: 'sent', reason: 'nothing-succeeding', figures: { givenUpUnanswered: 30, waiting: 0 } });
    expect(mails()[0]?.subject).toBe('[Plugin SEI-PI] Há 3 dias não há envio de informações ao Protocolo Integrado.');
    // Day 6: the web service answers again (a new process integrated): one "Resolvido".
    sim.activity(41);
    sim.run(at(6, '02:00'), answers.ok);
    expect(await check('stalled-packages', at(6, '12:00'))).toMatchObject({ decision: 'resolved-sent' });
    // The failure check names the thirty once, when they ran out, and only counts them after.
    sim.activity(42);
    sim.run(at(7, '02:00'), answers.ok);
    expect(await check('failed-processes', at(7, '17:00'))).toMatchObject({
      decision: 'sent',
      reason: 'exhausted-backlog',
      figures: { listed: 30 },
    });
    // A clean cycle after a notice about exhausted processes is no "Resolvido": they still fail.
    sim.activity(43);
    sim.run(at(8, '02:00'), answers.ok);
    expect(await check('failed-processes', at(8, '17:00'))).toMatchObject({
      decision: 'nothing-to-report',
      reason: 'last-cycle-without-failures',
    });
    // Re-sent by hand and failing again (16/15): a current failure, not a new exhaustion.
    sim.forceResend([packageOf(11)], at(9, '10:00'), answers.down(ERRORS.serviceUnavailable));
    const day9 = await check('failed-processes', at(9, '17:00'));
    expect(day9).toMatchObject({ decision: 'sent', reason: 'last-cycle-has-failures', figures: { failedProcesses: 1, listed: 1 } });
    expect(mails()[0]?.body.text).toContain('Tentativas: 16/15');
    expect(mails()[0]?.body.text).not.toMatch(/atingiu o limite/);
  });

  it('the job completing with nothing generated for two weeks is a stall of its own', async () => {
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.ok);
    for (const day of range(3, 17)) sim.run(at(day, '02:00'), answers.ok);
    // A holiday week is not a stall.
    await h.load(sim.dataset());
    expect(await h.invokeAt('stalled-packages', sim.instant(at(11, '12:00')))).toMatchObject({ decision: 'nothing-to-report' });
    const day17 = await check('stalled-packages', at(17, '12:00'));
    expect(day17).toMatchObject({ decision: 'sent', reason: 'nothing-generated', figures: { daysSinceLastAttempt: 15 } });
    expect(mails()[0]?.subject).toBe('[Plugin SEI-PI] Há 15 dias nenhum pacote novo é gerado para o Protocolo Integrado.');
    expect(mails()[0]?.body.text).toContain('Nenhum pacote novo foi gerado há 15 dias');
    sim.activity(11);
    sim.run(at(18, '02:00'), answers.ok);
    expect(await check('stalled-packages', at(18, '12:00'))).toMatchObject({ decision: 'resolved-sent' });
  });

  it('SEI parameter 30 is capped at the legal 2 days', async () => {
    sim.toleranceParameter = '30';
    sim.task.periodicity = null;
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.ok);
    sim.activity(...range(11, 15));
    expect(await check('stalled-packages', at(3, '12:00'))).toMatchObject({ decision: 'nothing-to-report', figures: { toleranceDays: 2 } });
    const day5 = await check('stalled-packages', at(5, '12:00'));
    expect(day5).toMatchObject({ decision: 'sent', figures: { toleranceDays: 2, days: 3 } });
    expect(mails()[0]?.body.text).toContain('vale 30 dias, acima do máximo de 2 dias');
  });

  it('a scheduled run that did not happen is warned about the same day', async () => {
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.ok);
    // Day 3: SEI's scheduler daemon is down; no run at 02:00.
    expect(await check('stalled-packages', at(2, '12:00'))).toMatchObject({ decision: 'nothing-to-report' });
    const day3 = await check('stalled-packages', at(3, '12:00'));
    expect(day3).toMatchObject({ decision: 'sent', reason: 'publishing-overdue' });
    expect(mails()[0]?.subject).toBe(
      '[Plugin SEI-PI] A publicação no Protocolo Integrado agendada para 03/11/2026 02:00 não foi concluída.'
    );
    sim.run(at(4, '02:00'), answers.ok);
    expect(await check('stalled-packages', at(4, '12:00'))).toMatchObject({ decision: 'resolved-sent' });
  });

  it('a weekday-only publishing job does not alarm on Monday', async () => {
    sim.task.periodicity = 'S';
    sim.task.complement = '1/20:00, 2/20:00, 3/20:00, 4/20:00, 5/20:00';
    for (const day of range(2, 6)) {
      sim.activity(day * 10, day * 10 + 1);
      sim.run(at(day, '20:00'), answers.ok);
    }
    sim.activity(70, 71, 80); // processes move over the weekend: packaged by Monday's 20:00 run
    for (const day of [7, 8, 9]) {
      expect(await check('stalled-packages', at(day, '12:00'))).toMatchObject({ decision: 'nothing-to-report' });
    }
    // Without the schedule, the same Monday would look like a stall of 2 days.
    sim.task.periodicity = null;
    expect(await check('stalled-packages', at(9, '12:05'))).toMatchObject({
      decision: 'sent',
      reason: 'publishing-not-completing',
    });
  });

  it('a process with two failing packages is one process', async () => {
    sim.activity(...range(1, 10));
    sim.run(at(2, '02:00'), answers.rejecting([5], ERRORS.missingInterested));
    sim.activity(5); // a new activity: a second package, while the first keeps failing
    sim.run(at(3, '02:00'), answers.rejecting([5], ERRORS.missingInterested));
    expect(sim.packagesOf(5)).toHaveLength(2);
    const summary = await check('failed-processes', at(3, '17:00'));
    expect(summary).toMatchObject({ decision: 'sent', figures: { businessErrors: 2, failedProcesses: 1 } });
    expect(mails()[0]?.subject).toBe('[Plugin SEI-PI] 1 processo não integrado no último ciclo (03/11/2026 02:00)');
    expect(mails()[0]?.body.text).toContain('(2 pacotes com falha)');
  });

  it('exhausted processes are named once: the backlog at the first run, each new one in its run', async () => {
    sim = dailySei({ maxAttempts: 3, hours: '2, 14' });
    const options = { maxSendAttempts: 3 };
    sim.activity(...range(1, 10));
    for (const day of [2, 3, 4]) sim.run(at(day, '02:00'), answers.rejecting([1, 2], ERRORS.duplicated));
    sim.run(at(4, '14:00'), answers.ok);
    // Deployed on day 4: the first run names the two that ran out of attempts before it.
    expect(await check('failed-processes', at(4, '17:00'), options)).toMatchObject({
      decision: 'sent',
      reason: 'exhausted-backlog',
      figures: { listed: 2 },
    });
    expect(mails()[0]?.body.text).toMatch(
      /Primeira verificação do notificador: 2 processos já esgotaram as tentativas de envio e não serão reenviados automaticamente\.[\s\S]*Tentativas esgotadas\n=+\n\n2 processos atingiram o limite de 3 tentativas:\n/
    );
    // Day 5: process 3 fails three times in the 02:00 run (retried within the night); the 14:00 run is clean.
    sim.activity(3);
    sim.run(at(5, '02:00'), answers.rejecting([3], ERRORS.badSubject), { batchSize: 1 });
    sim.run(at(5, '14:00'), answers.ok);
    const day5 = await check('failed-processes', at(5, '17:00'), options);
    expect(day5).toMatchObject({ decision: 'sent', reason: 'exhausted-attempts', figures: { listed: 1 } });
    // Said in the opening when nothing else failed, else in the section.
    expect(mails()[0]?.body.text).toMatch(
      /Desde a verificação anterior, 1 processo (esgotou as tentativas de envio|atingiu o limite de 3 tentativas) e não será reenviado automaticamente/
    );
    expect(mails()[0]?.body.text).toContain('Pacotes com tentativas esgotadas (toda a base): 3');
    sim.run(at(6, '02:00'), answers.ok);
    expect(await check('failed-processes', at(6, '17:00'), options)).toMatchObject({ decision: 'nothing-to-report' });
  });

  it('says when SEI tries more times than MAX_SEND_ATTEMPTS', async () => {
    sim = new ModuleSimulator(SP, 20);
    sim.activity(...range(1, 5));
    // A batch of one: the failing package fills every page, so the loop re-sends it up to SEI's 20.
    sim.run(at(2, '02:00'), answers.failing([1], ERRORS.timeout), { batchSize: 1 });
    const summary = await check('failed-processes', at(2, '17:00'), { maxSendAttempts: 15 });
    expect(summary.decision).toBe('sent');
    expect(mails()[0]?.body.text).toContain(
      'tentou pacotes até a 20ª vez, acima do limite configurado no notificador (MAX_SEND_ATTEMPTS = 15)'
    );
  });

  it('module 2.x: its own attempt limit (5) and its integration administrator', async () => {
    sim = dailySei({ maxAttempts: 5, moduleVersion: 2 });
    sim.integrationAdmin = 'Gestor PI <gestor.pi@orgao.gov.br>';
    sim.activity(...range(1, 10));
    for (const day of [2, 3, 4, 5]) sim.run(at(day, '02:00'), answers.rejecting([1], ERRORS.missingInterested));
    expect(await check('failed-processes', at(5, '17:00'))).toMatchObject({
      decision: 'sent',
      figures: { maxAttempts: 5, maxAttemptsSource: 'md_pi_parametros.quantidade_tentativas' },
    });
    expect(mails()[0]?.body.text).toContain('Tentativas: 4/5');
    // Day 6: the fifth failed try is SEI's last (quantidade_tentativas = 5): named as exhausted, against 5.
    sim.run(at(6, '02:00'), answers.rejecting([1], ERRORS.missingInterested));
    expect(await check('failed-processes', at(6, '17:00'))).toMatchObject({ decision: 'sent', figures: { listed: 1 } });
    const mail = mails()[0];
    expect(mail?.body.text).toContain('Tentativas: 5/5');
    expect(mail?.body.text).toMatch(/1 processo atingiu o limite de 5 tentativas e não será reenviado automaticamente/);
    expect(mail?.body.text).toContain('Limite de tentativas do SEI: 5 (módulo 2.x');
    // 2.x's notifications went to its "Administrador da Integração"; SEI_EMAIL_ADMINISTRADOR keeps getting them too.
    expect(mail?.destination.to).toEqual(['gestor.pi@orgao.gov.br, integracao@orgao.gov.br, sei-admin@orgao.gov.br']);
    // Day 7: SEI does not retry it; the stall check does not count it as waiting.
    sim.activity(11);
    sim.run(at(7, '02:00'), answers.ok);
    expect(sim.packagesOf(1)[0]?.attempts).toBe(5);
    expect(await check('stalled-packages', at(7, '12:00'))).toMatchObject({
      decision: 'nothing-to-report',
      figures: { waiting: 0, exhausted: 1, maxAttempts: 5 },
    });
    // The operator's test mail reaches the same people.
    h.ses.clear();
    expect((await h.invoke('failed-processes', {}, { mode: 'test' })).decision).toBe('test-sent');
    expect(mails()[0]?.destination.to).toEqual(['gestor.pi@orgao.gov.br, integracao@orgao.gov.br, sei-admin@orgao.gov.br']);
    // An explicit mailTo still wins over both.
    sim.activity(12);
    sim.run(at(8, '02:00'), answers.rejecting([12], ERRORS.badSubject));
    await check('failed-processes', at(8, '17:00'), { mailTo: 'equipe@orgao.gov.br' });
    expect(mails()[0]?.destination.to).toEqual(['equipe@orgao.gov.br']);
  });

  it('module 3.x with TentativasReenvio lowered to 5: the limit is inferred from what a completed run left untried', async () => {
    sim = dailySei({ maxAttempts: 5 });
    sim.activity(...range(1, 10));
    for (const day of [2, 3, 4, 5, 6]) {
      sim.run(at(day, '02:00'), answers.rejecting([1], ERRORS.missingInterested));
      await check('failed-processes', at(day, '17:00'));
    }
    // Day 6: the fifth try was SEI's last, but nothing shows it yet (configured: 15).
    expect(mails()[0]?.body.text).toContain('Tentativas: 5/15');
    // Day 7: the night completes without retrying it: SEI's limit is 5, not 15.
    sim.activity(11);
    sim.run(at(7, '02:00'), answers.ok);
    expect(sim.packagesOf(1)[0]).toMatchObject({ attempts: 5, status: 'EN' });
    // The web service answered today: waiting or given up changes nothing, and is not read.
    expect(await check('stalled-packages', at(7, '12:00'))).toMatchObject({ decision: 'nothing-to-report' });
    expect(await check('failed-processes', at(7, '17:00'))).toMatchObject({
      decision: 'sent',
      reason: 'exhausted-attempts',
      figures: { maxAttempts: 5, maxAttemptsSource: 'inferred', listed: 1 },
    });
    const text = mails()[0]?.body.text ?? '';
    expect(text).toMatch(
      /1 processo esgotou as tentativas de envio e não será reenviado automaticamente\.[\s\S]*\n1 processo atingiu o limite de 5 tentativas:\n/
    );
    expect(text).toContain(
      'Limite de tentativas do SEI: 5 (deduzido da base: a última execução concluída, iniciada em 07/11/2026 02:00, não reenviou processos com falha que tinham 5 tentativas'
    );
    // Named once: the next days are quiet, and the process is not "resolved" (it still fails).
    sim.run(at(8, '02:00'), answers.ok);
    expect(await check('failed-processes', at(8, '17:00'))).toMatchObject({
      decision: 'nothing-to-report',
      reason: 'alerted-failures-persist',
      figures: { maxAttempts: 5 },
    });
    // Days 9 and 10: no run. The stall mail counts the process as given up, not as waiting.
    expect(await check('stalled-packages', at(10, '12:00'))).toMatchObject({
      decision: 'sent',
      figures: { waiting: 0, exhausted: 1, maxAttempts: 5, maxAttemptsSource: 'inferred' },
    });
    expect(mails()[0]?.body.text).toContain('Pacotes com tentativas esgotadas: 1');
  });

  it('a limit at or above the configured one is never inferred: packages below it are retried by every completed run', async () => {
    sim.activity(...range(1, 5));
    for (const day of [2, 3, 4]) sim.run(at(day, '02:00'), answers.failing([1], ERRORS.timeout));
    expect(await check('failed-processes', at(4, '17:00'))).toMatchObject({
      figures: { maxAttempts: 15, maxAttemptsSource: 'MAX_SEND_ATTEMPTS' },
    });
    expect(await check('stalled-packages', at(4, '18:00'))).toMatchObject({
      figures: { waiting: 1, exhausted: 0, maxAttempts: 15, maxAttemptsSource: 'MAX_SEND_ATTEMPTS' },
    });
  });
});
