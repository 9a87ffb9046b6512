import { describe, expect, it } from 'vitest';
import { lastAlertedWindow, type NoticeState, planNotice } from '../../shared/checks/notice-plan';

const alerting = (lastKey?: string, since = '2026-11-20 02:00:00'): NoticeState => ({ status: 'alerting', since, lastKey });
const base = { check: 'failed-processes', observedAt: '2026-11-29 02:00:00', checkedAt: '2026-11-29 17:00:00' } as const;

describe('notice plan', () => {
  it('alerts on a first report and remembers what it was about', () => {
    expect(planNotice(undefined, { ...base, decision: 'report', cleared: false, key: 'C1' })).toEqual({
      send: 'alert',
      next: {
        status: 'alerting',
        since: '2026-11-29 02:00:00',
        lastKey: 'C1',
        checkedAt: '2026-11-29 17:00:00',
        alertedAt: '2026-11-29 17:00:00',
      },
    });
  });

  it('does not mail the same key twice', () => {
    expect(planNotice(alerting('C1'), { ...base, decision: 'report', cleared: false, key: 'C1' })).toEqual({
      send: 'none',
      reason: 'already-notified',
      next: { ...alerting('C1'), checkedAt: '2026-11-29 17:00:00' },
    });
  });

  it('mails a new key and keeps the start of the episode', () => {
    expect(planNotice(alerting('C1'), { ...base, decision: 'report', cleared: false, key: 'C2' })).toEqual({
      send: 'alert',
      next: {
        status: 'alerting',
        since: '2026-11-20 02:00:00',
        lastKey: 'C2',
        checkedAt: '2026-11-29 17:00:00',
        alertedAt: '2026-11-29 17:00:00',
      },
    });
  });

  it('mails the same key again, once, when the check saw new failed tries since the previous one', () => {
    const plan = planNotice(alerting('C1'), { ...base, decision: 'report', cleared: false, key: 'C1', news: true });
    expect(plan).toMatchObject({ send: 'alert', again: true, next: { lastKey: 'C1', since: '2026-11-20 02:00:00' } });
    expect(planNotice(plan.next, { ...base, decision: 'report', cleared: false, key: 'C1', news: false }).send).toBe('none');
    // A new key is an alert as always, not a repeat.
    expect(planNotice(alerting('C1'), { ...base, decision: 'report', cleared: false, key: 'C2', news: true })).not.toHaveProperty('again');
  });

  it('always mails a run without a key (started by hand)', () => {
    expect(planNotice(alerting(undefined), { ...base, decision: 'report', cleared: false }).send).toBe('alert');
  });

  it('sends one "Resolvido" when a mailed condition clears', () => {
    const previous = alerting('C1');
    const plan = planNotice(previous, { ...base, decision: 'nothing-to-report', cleared: true, key: 'C2' });
    expect(plan).toEqual({
      send: 'resolved',
      previous,
      next: { status: 'ok', since: '2026-11-29 02:00:00', lastKey: 'C2', checkedAt: '2026-11-29 17:00:00' },
    });
    expect(
      planNotice(plan.send === 'resolved' ? plan.next : undefined, { ...base, decision: 'nothing-to-report', cleared: true }).send
    ).toBe('none');
  });

  it('does not resolve when nothing was mailed, or when the state is unknown rather than cleared', () => {
    expect(planNotice(undefined, { ...base, decision: 'nothing-to-report', cleared: true }).send).toBe('none');
    expect(planNotice(alerting('C1'), { ...base, decision: 'nothing-to-report', cleared: false }).send).toBe('none');
  });

  it("remembers the alerted window and kinds across an episode, and every run's time", () => {
    const first = planNotice(undefined, { ...base, decision: 'report', cleared: false, key: 'C1', alertedSince: 'W1', alerted: ['a'] });
    expect(first.next).toMatchObject({ alertedSince: 'W1', alerted: ['a'] });
    const second = planNotice(first.next, { ...base, decision: 'report', cleared: false, key: 'C2', alertedSince: 'W2', alerted: ['b'] });
    expect(second.next).toMatchObject({ alertedSince: 'W1', alerted: ['a', 'b'] });
    expect(planNotice(undefined, { ...base, decision: 'nothing-to-report', cleared: false }).next).toEqual({
      status: 'ok',
      since: '2026-11-29 02:00:00',
      checkedAt: '2026-11-29 17:00:00',
    });
  });

  it('sends a one-off notice without opening or changing an episode', () => {
    const ok = planNotice(undefined, { ...base, decision: 'report', cleared: false, key: 'E1', opensEpisode: false });
    expect(ok).toEqual({ send: 'alert', next: { status: 'ok', since: '2026-11-29 02:00:00', checkedAt: '2026-11-29 17:00:00' } });
    const open = alerting('C1');
    expect(planNotice(open, { ...base, decision: 'report', cleared: false, key: 'E2', opensEpisode: false }).next).toEqual({
      ...open,
      checkedAt: '2026-11-29 17:00:00',
    });
  });

  it('names the alert it may close: when it was mailed and how many processes', () => {
    const plan = planNotice(undefined, { ...base, decision: 'report', cleared: false, key: 'C1', alertCount: 6 });
    expect(plan.next).toMatchObject({ alertedAt: '2026-11-29 17:00:00', alertedCount: 6 });
  });

  it('keeps what a check saw across every plan, and takes what this run saw instead', () => {
    const seen = { lastAnswer: '2026-11-28 02:00:05' };
    const first = planNotice(undefined, { ...base, decision: 'nothing-to-report', cleared: false, seen });
    expect(first.next.seen).toEqual(seen);
    // A run that saw nothing new (e.g. a state written before) keeps it; one that saw something replaces it.
    expect(planNotice(first.next, { ...base, decision: 'report', cleared: false, key: 'C1' }).next.seen).toEqual(seen);
    const newer = { lastAnswer: '2026-11-29 02:00:05' };
    expect(planNotice(first.next, { ...base, decision: 'nothing-to-report', cleared: false, seen: newer }).next.seen).toEqual(newer);
    // An older version's state has none: nothing is invented.
    expect(planNotice(alerting('C1'), { ...base, decision: 'nothing-to-report', cleared: false }).next.seen).toBeUndefined();
  });

  it('reads the start of the last alerted failure window from its key', () => {
    expect(lastAlertedWindow(alerting('2026-11-29 02:00:20'))).toBe('2026-11-29 02:00:20');
    expect(lastAlertedWindow(alerting('2026-11-29 02:00:20 não concluída 2026-11-30 02:00:00'))).toBe('2026-11-29 02:00:20');
    expect(lastAlertedWindow(alerting('2026-11-29T05:00:00Z'))).toBeUndefined();
    expect(lastAlertedWindow(undefined)).toBeUndefined();
  });
});
