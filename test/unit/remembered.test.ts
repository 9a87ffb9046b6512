import { describe, expect, it } from 'vitest';
import type { SendingFigures } from '../../shared/checks/figures';
import type { NoticeState } from '../../shared/checks/notice-plan';
import { completedRunOf, withRemembered } from '../../shared/checks/remembered-sending';

const figures = (over: Partial<SendingFigures> = {}): SendingFigures => ({
  notSent: 0,
  retrying: 3,
  retryingUnanswered: 3,
  exhausted: 0,
  givenUpUnanswered: 0,
  lastRunUnfinished: false,
  lastAnswer: '2026-11-03 02:00:10',
  lastRunEnd: '2026-11-06 02:30:00',
  publishingTask: { lastStart: '2026-11-06 02:00:00' },
  ...over,
});
const seen = (over: NoticeState['seen']): NoticeState => ({ status: 'ok', since: '2026-11-05 12:00:00', seen: over });

describe('what the stalled check remembers', () => {
  it('takes the later of the remembered answer and the table', () => {
    expect(withRemembered(figures(), seen({ lastAnswer: '2026-11-05 02:00:21' })).lastAnswer).toBe('2026-11-05 02:00:21');
    expect(withRemembered(figures({ lastAnswer: '2026-11-06 02:00:05' }), seen({ lastAnswer: '2026-11-05 02:00:21' })).lastAnswer).toBe(
      '2026-11-06 02:00:05'
    );
    // Nothing remembered (first run, older state): the table alone; never an answer invented.
    expect(withRemembered(figures(), undefined).lastAnswer).toBe('2026-11-03 02:00:10');
    expect(withRemembered(figures({ lastAnswer: undefined }), seen({})).lastAnswer).toBeUndefined();
  });

  it('knows the last completed run from the table when it shows it, else from memory of that same end', () => {
    expect(completedRunOf(figures(), undefined)).toEqual({ start: '2026-11-06 02:00:00', end: '2026-11-06 02:30:00' });
    const running = figures({ publishingTask: { lastStart: '2026-11-07 02:00:00' } });
    const remembered = { start: '2026-11-06 02:00:00', end: '2026-11-06 02:30:00' };
    expect(completedRunOf(running, seen({ completedRun: remembered }))).toEqual(remembered);
    // A remembered run that ended elsewhere is not this end's start: no duration rather than a wrong one.
    expect(completedRunOf(running, seen({ completedRun: { start: '2026-11-01 02:00:00', end: '2026-11-01 05:00:00' } }))).toBeUndefined();
    expect(withRemembered(running, seen({ completedRun: remembered })).completedRunStart).toBe('2026-11-06 02:00:00');
  });
});
