import { describe, expect, it } from 'vitest';
import { assessRunProgress, describeDuration, runAllowanceMinutes } from '../../shared/checks/run-progress';

const SP = 'America/Sao_Paulo';
const NOW = new Date('2026-11-29T15:00:00Z'); // 12:00 local

describe('run progress', () => {
  it('a run that ended normally is neither in progress nor unfinished', () => {
    expect(assessRunProgress({ start: '2026-11-29 02:00:00', lastRunEnd: '2026-11-29 02:30:00' }, NOW, SP)).toMatchObject({
      inProgress: false,
      notFinished: false,
    });
  });

  it('a run started within the floor is in progress, whatever SEI flags say', () => {
    expect(assessRunProgress({ start: '2026-11-29 11:10:00', lastRunEnd: '2026-11-28 02:30:00' }, NOW, SP)).toMatchObject({
      inProgress: true,
      runningMinutes: 50,
      allowanceMinutes: 60,
    });
  });

  it('past the allowance and with no try of its own, it did not finish', () => {
    expect(assessRunProgress({ start: '2026-11-29 02:00:00', lastTry: '2026-11-29 02:00:25' }, NOW, SP)).toMatchObject({
      inProgress: false,
      notFinished: true,
      runningMinutes: 600,
    });
  });

  it('a try of its own in the last hour keeps a long run in progress; an older try of another run does not', () => {
    const times = { start: '2026-11-29 02:00:00' };
    expect(assessRunProgress({ ...times, lastTry: '2026-11-29 11:30:00' }, NOW, SP).inProgress).toBe(true);
    expect(assessRunProgress({ ...times, lastTry: '2026-11-28 11:30:00' }, NOW, SP).inProgress).toBe(false);
  });

  it('the allowance is twice the last completed run, at least an hour; a span no run takes is ignored', () => {
    const last = (start: string, end: string) => runAllowanceMinutes({ completedStart: start, lastRunEnd: end }, SP);
    expect(last('2026-11-28 02:00:20', '2026-11-28 04:00:00')).toBe(238);
    expect(last('2026-11-28 02:00:20', '2026-11-28 02:10:00')).toBe(60);
    // The last stamp is three nights old (the runs since had nothing to send): not a duration.
    expect(last('2026-11-25 02:00:20', '2026-11-28 02:30:00')).toBe(60);
    expect(runAllowanceMinutes({}, SP)).toBe(60);
  });

  it('describes durations for the mail', () => {
    expect([describeDuration(45), describeDuration(60), describeDuration(150), describeDuration(600)]).toEqual([
      '45 min',
      '1 h',
      '2 h 30 min',
      '10 h',
    ]);
  });
});
