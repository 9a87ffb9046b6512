import { describe, expect, it } from 'vitest';
import { decideFailedProcesses } from '../../shared/checks/failed-processes';
import type { SendingFigures } from '../../shared/checks/figures';
import type { NoticeState } from '../../shared/checks/notice-plan';
import { decideStalledPackages, resolveTolerance } from '../../shared/checks/stalled-packages';
import { instantToLocal } from '../../shared/sei/local-time';
import { failureFigures } from './support/figures';

const SP = 'America/Sao_Paulo';
const NOW = new Date('2026-11-29T15:00:00Z'); // 12:00 local
const ago = (hours: number) => instantToLocal(new Date(NOW.getTime() - hours * 3_600_000), SP);

const cycle = failureFigures;
const stateless = { stateful: false };
const alerting = (alertedSince: string): NoticeState => ({
  status: 'alerting',
  since: alertedSince,
  alertedSince,
  checkedAt: '2026-11-28 17:00:00',
});

const sending = (over: Partial<SendingFigures> = {}): SendingFigures => ({
  lastAttempt: ago(10),
  lastSuccess: ago(10),
  lastAnswer: ago(10),
  notSent: 0,
  retrying: 0,
  retryingUnanswered: 0,
  exhausted: 0,
  givenUpUnanswered: 0,
  lastRunEnd: ago(9),
  lastRunUnfinished: false,
  ...over,
});

describe('failed-processes decision', () => {
  it('has nothing to say when no cycle ever ran', () => {
    expect(decideFailedProcesses(cycle({ windowStart: undefined, tried: 0, integrated: 0 }), stateless)).toMatchObject({
      decision: 'nothing-to-report',
      reason: 'no-cycle-yet',
    });
  });

  it('stays quiet when the last cycle has no FI or EN', () => {
    expect(decideFailedProcesses(cycle({ notSent: 3 }), stateless).decision).toBe('nothing-to-report');
  });

  it.each([
    [{ infrastructureFailures: 1 }, 1],
    [{ businessErrors: 2 }, 2],
    [{ infrastructureFailures: 3, businessErrors: 4 }, 7],
  ])('reports a last cycle with failures %o', (over, failed) => {
    expect(decideFailedProcesses(cycle(over), stateless)).toMatchObject({ decision: 'report', reason: 'last-cycle-has-failures', failed });
  });

  it('reports the failures a run that did not finish left, keyed apart from a finished one', () => {
    const dead = cycle({ infrastructureFailures: 2, run: { ...cycle().run, unfinished: true } });
    const v = decideFailedProcesses(dead, stateless);
    expect(v).toMatchObject({ decision: 'report', reason: 'unfinished-run-has-failures' });
    expect(v.key).not.toBe(decideFailedProcesses(cycle({ infrastructureFailures: 2 }), stateless).key);
  });

  it('names the exhausted backlog on the first run only, and newly exhausted ones after', () => {
    expect(decideFailedProcesses(cycle({ exhaustedTotal: 4 }), { stateful: true })).toMatchObject({
      decision: 'report',
      reason: 'exhausted-backlog',
      backlog: true,
    });
    const later = { stateful: true, previous: { status: 'ok', since: '2026-11-20 02:00:00', checkedAt: '2026-11-28 17:00:00' } } as const;
    expect(decideFailedProcesses(cycle({ exhaustedTotal: 4 }), later)).toMatchObject({ decision: 'nothing-to-report', backlog: false });
    expect(decideFailedProcesses(cycle({ exhaustedTotal: 5, newlyExhausted: 1 }), later)).toMatchObject({
      decision: 'report',
      reason: 'exhausted-attempts',
      exhaustedSince: '2026-11-28 17:00:00',
    });
  });

  it('clears an alert only when a newer run completed and nothing alerted still fails', () => {
    const history = { stateful: true, previous: alerting('2026-11-28 02:00:00') };
    expect(decideFailedProcesses(cycle(), history)).toMatchObject({ cleared: true, reason: 'last-cycle-without-failures' });
    // The same run seen again (no run since; failures re-stamped by a re-send are still in its window).
    expect(decideFailedProcesses(cycle({ windowStart: '2026-11-28 02:00:00' }), history)).toMatchObject({
      cleared: false,
      reason: 'no-new-completed-run',
    });
    // A newer run that did not finish proves nothing.
    expect(decideFailedProcesses(cycle({ run: { ...cycle().run, unfinished: true } }), history)).toMatchObject({
      cleared: false,
      reason: 'run-unfinished',
    });
    // SEI stopped trying an alerted package (out of attempts): still failing.
    expect(decideFailedProcesses(cycle({ failingSinceAlert: 1 }), history)).toMatchObject({
      cleared: false,
      reason: 'alerted-failures-persist',
    });
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

  it("caps SEI's parametro at the regulation maximum; only STALLED_AFTER_DAYS may exceed it", () => {
    expect(resolveTolerance(undefined, '5')).toEqual({
      days: 2,
      source: 'infra_agendamento_tarefa.parametro',
      aboveRegulation: false,
      cappedParameter: 5,
    });
    expect(resolveTolerance(undefined, '30')).toMatchObject({ days: 2, cappedParameter: 30 });
    expect(resolveTolerance(5, '30')).toEqual({ days: 5, source: 'STALLED_AFTER_DAYS', aboveRegulation: true });
  });
});

describe('stalled-packages decision', () => {
  const decide = (f: SendingFigures, tolerance?: number, previous?: NoticeState) =>
    decideStalledPackages(f, NOW, { timeZone: SP, configuredTolerance: tolerance, noNewPackagesAfterDays: 14 }, previous);

  it('reports a module that never sent anything', () => {
    const v = decide(sending({ lastAttempt: undefined, lastSuccess: undefined, lastAnswer: undefined, lastRunEnd: undefined }));
    expect(v.decision).toBe('report');
    expect(v.conditions.map((c) => c.kind)).toContain('never-sent');
    expect(v.days).toBeUndefined();
  });

  it('reports when every package has a NULL dth_situacao', () => {
    expect(decide(sending({ lastAttempt: undefined, lastSuccess: undefined, lastAnswer: undefined })).reason).toContain('never-sent');
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
      sending({
        lastSuccess: ago(24 * 3 + 5),
        lastAnswer: ago(24 * 3 + 5),
        lastAttempt: ago(3),
        lastRunEnd: ago(2),
        retrying: 15,
        retryingUnanswered: 15,
      })
    );
    expect(v.conditions).toEqual([{ kind: 'nothing-succeeding', days: 3, waiting: 15, givenUp: 0 }]);
    expect(v.days).toBe(3);
  });

  it('reports packages waiting that never succeeded', () => {
    const v = decide(sending({ lastSuccess: undefined, lastAnswer: undefined, notSent: 4 }));
    expect(v.conditions).toEqual([{ kind: 'nothing-succeeding', days: undefined, waiting: 4, givenUp: 0 }]);
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

  it('keeps alarming when SEI gives up on the unanswered packages (attempt limit)', () => {
    const v = decide(
      sending({ lastSuccess: ago(24 * 3), lastAnswer: ago(24 * 3), lastRunEnd: ago(2), exhausted: 30, givenUpUnanswered: 30 })
    );
    expect(v.conditions).toEqual([{ kind: 'nothing-succeeding', days: 3, waiting: 30, givenUp: 30 }]);
  });

  it('judges new packages by first tries: nightly retries of old failures are none; packages waiting are', () => {
    const retrying = sending({ lastAttempt: ago(10), lastAnswer: ago(10), lastNewPackage: ago(24 * 20), lastRunEnd: ago(9), retrying: 1 });
    expect(decide(retrying).conditions).toEqual([{ kind: 'nothing-generated', days: 20, threshold: 14 }]);
    expect(decide({ ...retrying, notSent: 3 }).decision).toBe('nothing-to-report');
    expect(decide({ ...retrying, lastNewPackage: ago(24 * 13) }).decision).toBe('nothing-to-report');
  });

  it('alarms when no package is tried for long while the job completes', () => {
    const quiet = sending({ lastAttempt: ago(24 * 15), lastSuccess: ago(24 * 15), lastAnswer: ago(24 * 15), lastRunEnd: ago(3) });
    expect(decide(quiet).conditions).toEqual([{ kind: 'nothing-generated', days: 15, threshold: 14 }]);
    expect(decide({ ...quiet, lastAttempt: ago(24 * 9) }).decision).toBe('nothing-to-report');
  });

  it('warns the same day when the publishing task failed, is disabled or missed its schedule', () => {
    const daily = { active: 'S', periodicity: 'D', complement: '2', lastStart: ago(34), lastCompletion: ago(33), succeeded: 'S' };
    // 12:00 local: the 02:00 run of today did not complete (the last one ended yesterday).
    const overdue = decide(sending({ lastRunEnd: ago(33), publishingTask: daily }));
    expect(overdue.conditions).toEqual([{ kind: 'publishing-overdue', due: '2026-11-29 02:00:00' }]);
    // SEI's scheduler wrote N with today's 02:00 start; no end since, no try since: not running any more.
    const dead = { ...daily, lastCompletion: ago(33), succeeded: 'N', lastStart: ago(10) };
    expect(decide(sending({ lastRunEnd: ago(33), lastAttempt: ago(33), publishingTask: dead })).conditions).toEqual([
      { kind: 'publishing-failed', at: ago(10), runningMinutes: 600 },
    ]);
    // The same flags on a run that started 20 minutes ago: in progress, nothing to say.
    const started = decide(sending({ lastRunEnd: ago(33), lastAttempt: ago(33), publishingTask: { ...dead, lastStart: ago(1 / 3) } }));
    expect(started).toMatchObject({ run: { inProgress: true, runningMinutes: 20 } });
    expect(started.conditions.map((c) => c.kind)).not.toContain('publishing-failed');
    // Started 10 hours ago, still re-stamping packages 5 minutes ago: a long run, in progress.
    expect(decide(sending({ lastRunEnd: ago(33), lastAttempt: ago(1 / 12), publishingTask: dead })).run).toMatchObject({
      inProgress: true,
      notFinished: false,
    });
    expect(decide(sending({ publishingTask: { ...daily, lastCompletion: ago(9), active: 'N' } })).conditions).toEqual([
      { kind: 'publishing-disabled' },
    ]);
    // As the module installs the task: sin_sucesso = N before it ever ran. Not a failed execution.
    expect(decide(sending({ publishingTask: { active: 'S', succeeded: 'N', periodicity: 'D', complement: '2' } })).decision).toBe(
      'nothing-to-report'
    );
  });

  it('does not alarm on a Monday for a weekday-only job that ran on Friday', () => {
    // Monday 2026-11-30 12:00 local; weekdays at 20:00; last run Friday 20:00.
    const monday = new Date('2026-11-30T15:00:00Z');
    const weekdays = {
      active: 'S',
      periodicity: 'S',
      complement: '1/20:00, 2/20:00, 3/20:00, 4/20:00, 5/20:00',
      succeeded: 'S',
      lastCompletion: '2026-11-27 20:30:00',
    };
    const f = sending({
      lastRunEnd: '2026-11-27 20:30:00',
      lastAnswer: '2026-11-27 20:05:00',
      lastSuccess: '2026-11-27 20:05:00',
      lastAttempt: '2026-11-27 20:05:00',
      notSent: 12,
      publishingTask: weekdays,
    });
    const options = { timeZone: SP, noNewPackagesAfterDays: 14 };
    expect(decideStalledPackages(f, monday, options).decision).toBe('nothing-to-report');
    // The same state without a known schedule: 2 days 19 h since the last end is a stall.
    expect(decideStalledPackages({ ...f, publishingTask: undefined }, monday, options).decision).toBe('report');
  });

  it('resolves an alarm only with evidence: an answer or a completed run after it began', () => {
    const previous: NoticeState = { status: 'alerting', since: ago(24), alerted: ['nothing-succeeding'] };
    const answered = sending({ lastAnswer: ago(10) });
    expect(decide(answered, undefined, previous)).toMatchObject({ decision: 'nothing-to-report', cleared: true });
    const silent = sending({ lastAnswer: ago(30), lastSuccess: ago(30) });
    expect(decide(silent, undefined, previous)).toMatchObject({
      decision: 'nothing-to-report',
      cleared: false,
      reason: 'no-recovery-evidence',
    });
  });

  it('ignores dates in the future rather than crashing', () => {
    expect(decide(sending({ lastRunEnd: '2099-01-01 00:00:00', lastSuccess: '2099-01-01 00:00:00' })).decision).toBe('nothing-to-report');
  });
});
