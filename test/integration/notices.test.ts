import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildScenario } from '../../local/sei/scenarios';
import { type Attempt, ERRORS, StoryBuilder } from '../../local/sei/story-builder';
import type { EngineKind } from './support/engines';
import { type NotifierHarness, startHarnessOn } from './support/notifier-harness';

const SP = 'America/Sao_Paulo';
const ok: Attempt = { status: 'I' };
const failing: Attempt = { status: 'FI', attempts: 2, error: ERRORS.timeout };

/** Nightly cycles, one with failures, followed by `cleanNights` clean ones. */
function failingThenClean(cleanNights: number) {
  const b = new StoryBuilder(new Date(), SP);
  for (let day = 6; day > cleanNights; day--) b.cycle(day, StoryBuilder.times(5, ok));
  b.cycle(cleanNights, [...StoryBuilder.times(3, ok), failing, failing]);
  for (let day = cleanNights - 1; day >= 0; day--) b.cycle(day, StoryBuilder.times(5, ok));
  return b.build();
}

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
    // Yesterday's run mailed the failing cycle…
    await h.load(failingThenClean(0));
    expect((await h.invoke('failed-processes', {}, scheduled('2026-11-28T20:00:00Z'))).decision).toBe('sent');
    const failingCycle = h.ses.emails()[0]?.subject.match(/\((\d\d\/\d\d\/\d{4} \d\d:\d\d)\)/)?.[1];
    // …today's cycle ran clean.
    await h.load(failingThenClean(1));
    h.ses.clear();
    const resolved = await h.invoke('failed-processes', {}, scheduled('2026-11-29T20:00:00Z'));
    expect(resolved).toMatchObject({ decision: 'resolved-sent', reason: 'resolved', recipients: 2 });
    const [mail] = h.ses.emails();
    expect(mail?.subject).toMatch(/^\[Plugin SEI-PI\] Resolvido: o último ciclo \(.*\) não teve processos com falha$/);
    expect(mail?.body.text).toContain(`Ciclos com falhas desde: ${failingCycle}`);
    expect((await h.invoke('failed-processes', {}, scheduled('2026-11-30T20:00:00Z'))).decision).toBe('nothing-to-report');
    expect(h.ses.emails()).toHaveLength(1);
  });

  it('stalled repeats on every scheduled run, not on a retry of the same one; resolves once', async () => {
    await h.load(buildScenario('job-stopped', new Date(), SP));
    expect((await h.invoke('stalled-packages', {}, scheduled('2026-11-28T15:00:00Z'))).decision).toBe('sent');
    expect((await h.invoke('stalled-packages', {}, scheduled('2026-11-29T15:00:00Z'))).decision).toBe('sent');
    expect((await h.invoke('stalled-packages', {}, scheduled('2026-11-29T15:00:00Z'))).decision).toBe('sent');
    expect(h.ses.emails()).toHaveLength(2);

    await h.load(buildScenario('healthy', new Date(), SP));
    expect((await h.invoke('stalled-packages', {}, scheduled('2026-11-30T15:00:00Z'))).decision).toBe('resolved-sent');
    expect(h.ses.emails()[2]?.subject).toBe('[Plugin SEI-PI] Resolvido: o envio de informações ao Protocolo Integrado voltou a funcionar');
    expect((await h.invoke('stalled-packages', {}, scheduled('2026-12-01T15:00:00Z'))).decision).toBe('nothing-to-report');
    expect(h.ses.emails()).toHaveLength(3);
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
    const emf = h.logs.find((l) => '_aws' in l);
    expect(emf).toMatchObject({ service: 'sei-pi-notifier', InfrastructureFailures: 2, BusinessErrors: 4, ExhaustedAttempts: 2, MailsSent: 1 });
    expect(JSON.stringify(emf)).toContain('"Namespace":"SeiPiNotifier"');

    await h.load(buildScenario('job-stopped', new Date(), SP));
    await h.invoke('stalled-packages', {}, scheduled('2026-11-29T15:00:00Z'));
    expect(h.logs.find((l) => '_aws' in l)).toMatchObject({ DaysSinceLastSuccess: 4, DaysSinceLastRunEnd: 4, MailsSent: 1 });
  });
});
