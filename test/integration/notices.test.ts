import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answers, ModuleSimulator } from '../../local/sei/module-simulator';
import { buildScenario } from '../../local/sei/scenarios';
import { ERRORS } from '../../local/sei/story-builder';
import type { EngineKind } from './support/engines';
import { type NotifierHarness, startHarnessOn } from './support/notifier-harness';

const SP = 'America/Sao_Paulo';

const scheduled = (iso: string) => ({ scheduledTime: iso });

describe.each(['pglite', 'postgres', 'mysql'] as EngineKind[])('one mail per event, on %s with dynalite', (kind) => {
  let h: NotifierHarness;

  beforeAll(async () => {
    h = await startHarnessOn(kind);
  });
  afterAll(async () => h?.close());
  beforeEach(async () => h.reset());

  it('a scheduled run delivered twice sends one mail and answers the same', async () => {
    await h.load(buildScenario('partial-failure', new Date(), SP));
    const first = await h.invoke('failed-processes', {}, scheduled('2026-11-29T20:00:00Z'));
    const again = await h.invoke('failed-processes', {}, scheduled('2026-11-29T20:00:00Z'));
    expect(first.decision).toBe('sent');
    expect(again).toEqual(first);
    expect(h.ses.emails()).toHaveLength(1);
  });

  it('the same last cycle seen by two daily runs is mailed once', async () => {
    await h.load(buildScenario('partial-failure', new Date(), SP));
    expect((await h.invoke('failed-processes', {}, scheduled('2026-11-28T20:00:00Z'))).decision).toBe('sent');
    const nextDay = await h.invoke('failed-processes', {}, scheduled('2026-11-29T20:00:00Z'));
    expect(nextDay).toMatchObject({ decision: 'nothing-to-report', reason: 'already-notified' });
    expect(h.ses.emails()).toHaveLength(1);
  });

  it('failures then a clean cycle: one "Resolvido", then silence', async () => {
    // Day 1 the night failed two processes; day 2 the night retried the same rows and integrated them.
    const sim = new ModuleSimulator(SP);
    sim.activity(1, 2, 3, 4, 5);
    sim.run('2026-11-09 02:00:00', answers.failing([4, 5], ERRORS.timeout));
    await h.load(sim.dataset());
    expect((await h.invokeAt('failed-processes', sim.instant('2026-11-09 17:00:00'))).decision).toBe('sent');
    const failingCycle = h.ses.emails()[0]?.subject.match(/\((\d\d\/\d\d\/\d{4} \d\d:\d\d)\)/)?.[1];
    sim.run('2026-11-10 02:00:00', answers.ok);
    await h.load(sim.dataset());
    h.ses.clear();
    const resolved = await h.invokeAt('failed-processes', sim.instant('2026-11-10 17:00:00'));
    expect(resolved).toMatchObject({ decision: 'resolved-sent', reason: 'resolved', recipients: 2 });
    const [mail] = h.ses.emails();
    expect(mail?.subject).toBe('[Plugin SEI-PI] Resolvido: a publicação de 10/11/2026 02:00 concluiu sem processos com falha');
    expect(mail?.body.text).toContain('Resolvido o aviso de 09/11/2026 17:00 (2 processos com falha)');
    expect(mail?.body.text).toContain(`Ciclos com falhas desde: ${failingCycle}`);
    sim.run('2026-11-11 02:00:00', answers.ok);
    await h.load(sim.dataset());
    expect((await h.invokeAt('failed-processes', sim.instant('2026-11-11 17:00:00'))).decision).toBe('nothing-to-report');
    expect(h.ses.emails()).toHaveLength(1);
  });

  it('stalled repeats on every scheduled run, not on a retry of the same one; resolves once', async () => {
    const sim = new ModuleSimulator(SP);
    sim.activity(1, 2, 3);
    sim.run('2026-11-09 02:00:00', answers.ok);
    sim.activity(4, 5); // waiting; the publishing job stopped after day 9
    await h.load(sim.dataset());
    expect((await h.invokeAt('stalled-packages', sim.instant('2026-11-12 12:00:00'))).decision).toBe('sent');
    expect((await h.invokeAt('stalled-packages', sim.instant('2026-11-13 12:00:00'))).decision).toBe('sent');
    expect((await h.invokeAt('stalled-packages', sim.instant('2026-11-13 12:00:00'))).decision).toBe('sent');
    expect(h.ses.emails()).toHaveLength(2);

    sim.run('2026-11-14 02:00:00', answers.ok);
    await h.load(sim.dataset());
    expect((await h.invokeAt('stalled-packages', sim.instant('2026-11-14 12:00:00'))).decision).toBe('resolved-sent');
    expect(h.ses.emails()[2]?.subject).toBe('[Plugin SEI-PI] Resolvido: o envio de informações ao Protocolo Integrado voltou a funcionar');
    expect((await h.invokeAt('stalled-packages', sim.instant('2026-11-15 12:00:00'))).decision).toBe('nothing-to-report');
    expect(h.ses.emails()).toHaveLength(3);
  });

  it('every notice leaves as raw MIME marked Auto-Submitted', async () => {
    await h.load(
      buildScenario('partial-failure', new Date(), SP, (b) => {
        b.adminEmails = Array.from({ length: 60 }, (_, i) => `admin${i}@orgao.gov.br`).join(';');
      })
    );
    expect((await h.invoke('failed-processes', {}, scheduled('2026-11-29T20:00:00Z'))).decision).toBe('sent');
    const sends = h.sesProxy.requests.filter((r) => r.body.includes('Action=SendRawEmail'));
    expect(sends).toHaveLength(2);
    for (const request of sends) {
      const form = new URLSearchParams(request.body);
      const raw = Buffer.from(form.get('RawMessage.Data') ?? '', 'base64').toString('utf8');
      const head = raw.split('\r\n\r\n')[0] ?? '';
      expect(head).toMatch(/^Auto-Submitted: auto-generated$/m);
      expect(head).toMatch(/^Subject: =\?UTF-8\?B\?/m);
    }
    // The local SES reads the recipients from the raw To header: the batches hold all 60.
    expect(h.ses.emails().flatMap((m) => m.destination.to.flatMap((to) => to.split(',')))).toHaveLength(60);
  });

  it('dry-run and test modes change no state', async () => {
    await h.load(buildScenario('partial-failure', new Date(), SP));
    expect((await h.invoke('failed-processes', {}, { mode: 'dry-run' })).decision).toBe('would-send');
    expect((await h.invoke('failed-processes', {}, { mode: 'test' })).decision).toBe('test-sent');
    const state = await h.dynamo.client.send(
      new GetItemCommand({ TableName: h.stateTable, Key: { id: { S: 'notice#failed-processes' } } })
    );
    expect(state.Item).toBeUndefined();
    // The real run still mails: nothing was recorded as sent.
    expect((await h.invoke('failed-processes', {}, scheduled('2026-11-29T20:00:00Z'))).decision).toBe('sent');
    expect(h.ses.emails().map((m) => m.subject.includes('[TESTE]'))).toEqual([true, false]);
  });

  it('publishes the run figures as CloudWatch metrics (EMF)', async () => {
    await h.load(buildScenario('partial-failure', new Date(), SP));
    await h.invoke('failed-processes', {}, scheduled('2026-11-29T20:00:00Z'));
    // The run's figures, and apart (flushed at once) the dead-man's switch heartbeat of this scheduled run.
    const emf = h.logs.find((l) => '_aws' in l && 'InfrastructureFailures' in l);
    expect(h.logs.filter((l) => '_aws' in l && 'ScheduledRunCompleted' in l)).toEqual([
      expect.objectContaining({ ScheduledRunCompleted: 1, service: 'sei-pi-notifier', check: 'failed-processes' }),
    ]);
    expect(emf).toMatchObject({
      service: 'sei-pi-notifier',
      InfrastructureFailures: 2,
      BusinessErrors: 4,
      ExhaustedAttempts: 2,
      MailsSent: 1,
    });
    expect(JSON.stringify(emf)).toContain('"Namespace":"SeiPiNotifier"');

    await h.load(buildScenario('job-stopped', new Date(), SP));
    await h.invoke('stalled-packages', {}, scheduled('2026-11-29T15:00:00Z'));
    expect(h.logs.find((l) => '_aws' in l && 'DaysSinceLastSuccess' in l)).toMatchObject({
      DaysSinceLastSuccess: 4,
      DaysSinceLastRunEnd: 4,
      MailsSent: 1,
    });
  });
});
