import { describe, expect, it } from 'vitest';
import { decideFailedProcesses } from '../../shared/checks/failed-processes';
import { decideStalledPackages, resolveTolerance } from '../../shared/checks/stalled-packages';
import { instantToLocal } from '../../shared/sei/local-time';
import type { LastCycleFigures, SendingFigures } from '../../shared/sei/queries';

const SP = 'America/Sao_Paulo';
const NOW = new Date('2026-11-29T15:00:00Z'); // 12:00 local
const ago = (hours: number) => instantToLocal(new Date(NOW.getTime() - hours * 3_600_000), SP);

const cycle = (over: Partial<LastCycleFigures> = {}): LastCycleFigures => ({
  cycle: '2026-11-29 02:00:00',
  tried: 10,
  integrated: 10,
  infrastructureFailures: 0,
  businessErrors: 0,
  notSent: 0,
  exhaustedInCycle: 0,
  exhaustedTotal: 0,
  ...over,
});

const sending = (over: Partial<SendingFigures> = {}): SendingFigures => ({
  packages: 100,
  tried: 100,
  lastAttempt: ago(10),
  lastSuccess: ago(10),
  lastAnswer: ago(10),
  notSent: 0,
  retrying: 0,
  retryingUnanswered: 0,
  exhausted: 0,
  lastRunEnd: ago(9),
  runInProgress: false,
  ...over,
});

describe('failed-processes decision', () => {
  it('has nothing to say when no cycle ever ran', () => {
    expect(decideFailedProcesses(undefined)).toMatchObject({ decision: 'nothing-to-report', reason: 'no-cycle-yet' });
  });

  it('stays quiet when the last cycle has no FI or EN', () => {
    expect(decideFailedProcesses(cycle({ notSent: 3 })).decision).toBe('nothing-to-report');
  });

  it.each([
    [{ infrastructureFailures: 1 }, 1],
    [{ businessErrors: 2 }, 2],
    [{ infrastructureFailures: 3, businessErrors: 4 }, 7],
  ])('reports a last cycle with failures %o', (over, failed) => {
    expect(decideFailedProcesses(cycle(over))).toEqual({ decision: 'report', reason: 'last-cycle-has-failures', failed });
  });
});

describe('stalled-packages tolerance', () => {
  it('prefers STALLED_AFTER_DAYS, then a positive parametro, then 2', () => {
    expect(resolveTolerance(1, '5')).toEqual({ days: 1, source: 'STALLED_AFTER_DAYS', aboveRegulation: false });
    expect(resolveTolerance(undefined, ' 1 ')).toMatchObject({ days: 1, source: 'infra_agendamento_tarefa.parametro' });
    for (const bad of ['', '0', '-3', 'dois', '1.5', undefined]) {
      expect(resolveTolerance(undefined, bad)).toMatchObject({ days: 2, source: 'default' });
    }
  });

  it('flags a tolerance above the regulation maximum', () => {
    expect(resolveTolerance(undefined, '5')).toMatchObject({ days: 5, aboveRegulation: true });
  });
});

describe('stalled-packages decision', () => {
  const decide = (f: SendingFigures, tolerance?: number) => decideStalledPackages(f, NOW, SP, tolerance);

  it('reports a module that never sent anything', () => {
    const v = decide(sending({ packages: 0, tried: 0, lastAttempt: undefined, lastSuccess: undefined, lastAnswer: undefined, lastRunEnd: undefined }));
    expect(v.decision).toBe('report');
    expect(v.conditions.map((c) => c.kind)).toContain('never-sent');
    expect(v.days).toBeUndefined();
  });

  it('reports when every package has a NULL dth_situacao', () => {
    expect(decide(sending({ tried: 0, lastAttempt: undefined, lastSuccess: undefined, lastAnswer: undefined })).reason).toContain('never-sent');
  });

  it('reports a publishing job that stopped completing, with its day count', () => {
    const v = decide(sending({ lastRunEnd: ago(24 * 4 + 1), lastSuccess: ago(24 * 4 + 2) }));
    expect(v.decision).toBe('report');
    expect(v.conditions).toContainEqual({ kind: 'publishing-not-completing', days: 4 });
    expect(v.days).toBe(4);
  });

  it('reports a job that never recorded a completed run', () => {
    expect(decide(sending({ lastRunEnd: undefined })).conditions).toContainEqual({ kind: 'publishing-not-completing', days: undefined });
  });

  it('does not alarm at 46 h, alarms at 50 h (tolerance 2)', () => {
    expect(decide(sending({ lastRunEnd: ago(46), lastSuccess: ago(46) })).decision).toBe('nothing-to-report');
    expect(decide(sending({ lastRunEnd: ago(50), lastSuccess: ago(50) })).decision).toBe('report');
  });

  it('is not fooled by a quiet weekend: job completing, nothing waiting', () => {
    expect(decide(sending({ lastSuccess: ago(24 * 3), lastRunEnd: ago(3) })).decision).toBe('nothing-to-report');
  });

  it('reports the job running while every attempt fails', () => {
    const v = decide(
      sending({ lastSuccess: ago(24 * 3 + 5), lastAnswer: ago(24 * 3 + 5), lastAttempt: ago(3), lastRunEnd: ago(2), retrying: 15, retryingUnanswered: 15 })
    );
    expect(v.conditions).toEqual([{ kind: 'nothing-succeeding', days: 3, waiting: 15 }]);
    expect(v.days).toBe(3);
  });

  it('reports packages waiting that never succeeded', () => {
    const v = decide(sending({ lastSuccess: undefined, lastAnswer: undefined, notSent: 4 }));
    expect(v.conditions).toEqual([{ kind: 'nothing-succeeding', days: undefined, waiting: 4 }]);
    expect(v.days).toBeUndefined();
  });

  it('is not fooled by business errors being retried over a quiet weekend', () => {
    // The web service answered (EN) this night; nothing new was integrated since Friday.
    const f = sending({ lastSuccess: ago(24 * 2 + 10), lastAnswer: ago(10), lastRunEnd: ago(9), retrying: 1, retryingUnanswered: 0 });
    expect(decide(f).decision).toBe('nothing-to-report');
  });

  it('does not count exhausted packages as waiting', () => {
    expect(decide(sending({ lastSuccess: ago(24 * 5), exhausted: 9 })).decision).toBe('nothing-to-report');
  });

  it('uses the configured tolerance', () => {
    const f = sending({ lastRunEnd: ago(30), lastSuccess: ago(30), lastAnswer: ago(30), notSent: 1 });
    expect(decide(f, 1).decision).toBe('report');
    expect(decide(f).decision).toBe('nothing-to-report');
  });

  it('ignores dates in the future rather than crashing', () => {
    expect(decide(sending({ lastRunEnd: '2099-01-01 00:00:00', lastSuccess: '2099-01-01 00:00:00' })).decision).toBe(
      'nothing-to-report'
    );
  });
});
