import { describe, expect, it } from 'vitest';
import { nextScheduledTime, parseTaskSchedule, previousScheduledTime, type TaskSchedule } from '../../shared/sei/task-schedule';

function schedule(periodicity: string, complement: string): TaskSchedule {
  const parsed = parseTaskSchedule(periodicity, complement);
  if (!parsed) throw new Error(`unparseable schedule ${periodicity} "${complement}"`);
  return parsed;
}

// 2025-06-02 is a Monday, 2025-06-06 a Friday, 2025-06-08 a Sunday.
const WEEKDAYS = '1/2:00, 2/2:00, 3/2:00, 4/2:00, 5/2:00';

describe('parseTaskSchedule', () => {
  it('reads each type with realistic values', () => {
    expect(parseTaskSchedule('N', '0, 30')).toEqual({ periodicity: 'N', entries: [{ minute: 0 }, { minute: 30 }] });
    expect(parseTaskSchedule('D', '1:00, 13:15')?.entries).toEqual([
      { hour: 1, minute: 0 },
      { hour: 13, minute: 15 },
    ]);
    expect(parseTaskSchedule('D', '23')?.entries).toEqual([{ hour: 23, minute: 0 }]);
    expect(parseTaskSchedule('S', '1/2:00, 3/2')?.entries).toEqual([
      { day: 1, hour: 2, minute: 0 },
      { day: 3, hour: 2, minute: 0 },
    ]);
    expect(parseTaskSchedule('M', '1/2:00')?.entries).toEqual([{ day: 1, hour: 2, minute: 0 }]);
    expect(parseTaskSchedule('A', '31/12/2:00')?.entries).toEqual([{ day: 31, month: 12, hour: 2, minute: 0 }]);
  });

  it('is lenient about spaces, semicolons and leading zeros', () => {
    expect(parseTaskSchedule(' S ', ' 1 / 02 : 30 ;5/2:00,,  7/23 ')?.entries).toEqual([
      { day: 1, hour: 2, minute: 30 },
      { day: 5, hour: 2, minute: 0 },
      { day: 7, hour: 23, minute: 0 },
    ]);
    expect(parseTaskSchedule('N', '0 30')?.entries).toEqual([{ minute: 0 }, { minute: 30 }]);
  });

  it('skips out-of-range entries and keeps the valid ones', () => {
    expect(parseTaskSchedule('D', '25, 2, 3:70')?.entries).toEqual([{ hour: 2, minute: 0 }]);
    expect(parseTaskSchedule('S', '9/2:00, 0/2:00, 7/2:00')?.entries).toEqual([{ day: 7, hour: 2, minute: 0 }]);
    expect(parseTaskSchedule('N', '70')).toBeUndefined();
    expect(parseTaskSchedule('S', '9/2:00')).toBeUndefined();
    expect(parseTaskSchedule('M', '32/2:00, 0/2:00')).toBeUndefined();
    expect(parseTaskSchedule('A', '30/2/2:00, 31/4/2:00, 1/13/2:00')).toBeUndefined();
  });

  it('returns undefined for junk, empty values, NULL and unknown types', () => {
    expect(parseTaskSchedule('D', 'x')).toBeUndefined();
    expect(parseTaskSchedule('D', '')).toBeUndefined();
    expect(parseTaskSchedule('D', ' , ; ')).toBeUndefined();
    expect(parseTaskSchedule('D', null)).toBeUndefined();
    expect(parseTaskSchedule(null, '2')).toBeUndefined();
    expect(parseTaskSchedule(undefined, undefined)).toBeUndefined();
    expect(parseTaskSchedule('Z', '2')).toBeUndefined();
    expect(parseTaskSchedule('', '2')).toBeUndefined();
    expect(parseTaskSchedule('d', '2')).toBeUndefined(); // SEI compares the type case-sensitively
    expect(parseTaskSchedule('S', '2:00')).toBeUndefined(); // weekday missing
    expect(parseTaskSchedule('D', '1/2:00')).toBeUndefined();
  });
});

describe('previousScheduledTime / nextScheduledTime', () => {
  it('weekdays at 02:00: Monday noon goes back to Monday 02:00', () => {
    expect(previousScheduledTime(schedule('S', WEEKDAYS), '2025-06-02 12:00:00')).toBe('2025-06-02 02:00:00');
  });

  it('weekdays at 02:00: Sunday and Monday 01:00 go back to Friday 02:00', () => {
    const s = schedule('S', WEEKDAYS);
    expect(previousScheduledTime(s, '2025-06-08 12:00:00')).toBe('2025-06-06 02:00:00');
    expect(previousScheduledTime(s, '2025-06-02 01:00:00')).toBe('2025-05-30 02:00:00');
    expect(nextScheduledTime(s, '2025-06-06 03:00:00')).toBe('2025-06-09 02:00:00');
  });

  it('a Sunday-only weekly task', () => {
    const s = schedule('S', '7/23:30');
    expect(previousScheduledTime(s, '2025-06-07 23:59:59')).toBe('2025-06-01 23:30:00');
    expect(nextScheduledTime(s, '2025-06-07 23:59:59')).toBe('2025-06-08 23:30:00');
  });

  it('D with 2 at 01:59 gives yesterday 02:00; 02:00 itself counts as at-or-before', () => {
    const s = schedule('D', '2');
    expect(previousScheduledTime(s, '2025-06-02 01:59:00')).toBe('2025-06-01 02:00:00');
    expect(previousScheduledTime(s, '2025-06-02 02:00:00')).toBe('2025-06-02 02:00:00');
    expect(nextScheduledTime(s, '2025-06-02 02:00:00')).toBe('2025-06-03 02:00:00');
    expect(previousScheduledTime(s, '2025-01-01 00:00:00')).toBe('2024-12-31 02:00:00');
  });

  it('D with minutes picks the right entry of the day', () => {
    const s = schedule('D', '1:00, 13:15');
    expect(previousScheduledTime(s, '2025-06-02 13:14:59')).toBe('2025-06-02 01:00:00');
    expect(previousScheduledTime(s, '2025-06-02 13:15:00')).toBe('2025-06-02 13:15:00');
    expect(nextScheduledTime(s, '2025-06-02 13:14:59')).toBe('2025-06-02 13:15:00');
    expect(nextScheduledTime(s, '2025-06-02 13:15:00')).toBe('2025-06-03 01:00:00');
  });

  it('M with day 31 skips April', () => {
    const s = schedule('M', '31/2:00');
    expect(previousScheduledTime(s, '2025-05-15 12:00:00')).toBe('2025-03-31 02:00:00');
    expect(previousScheduledTime(s, '2025-05-31 02:00:00')).toBe('2025-05-31 02:00:00');
    expect(nextScheduledTime(s, '2025-04-01 00:00:00')).toBe('2025-05-31 02:00:00');
  });

  it('M on the first of the month', () => {
    const s = schedule('M', '1/2:00, 15/2:00');
    expect(previousScheduledTime(s, '2025-06-01 01:00:00')).toBe('2025-05-15 02:00:00');
    expect(nextScheduledTime(s, '2025-12-20 00:00:00')).toBe('2026-01-01 02:00:00');
  });

  it('A on 31/12 crosses the year', () => {
    const s = schedule('A', '31/12/2:00');
    expect(previousScheduledTime(s, '2026-01-01 01:00:00')).toBe('2025-12-31 02:00:00');
    expect(nextScheduledTime(s, '2025-12-31 02:00:00')).toBe('2026-12-31 02:00:00');
  });

  it('A on 29/2 occurs only in leap years, within the 400-day window', () => {
    const s = schedule('A', '29/2/2:00');
    expect(previousScheduledTime(s, '2024-03-01 00:00:00')).toBe('2024-02-29 02:00:00');
    expect(previousScheduledTime(s, '2025-03-01 12:00:00')).toBe('2024-02-29 02:00:00');
    expect(nextScheduledTime(s, '2027-06-01 00:00:00')).toBe('2028-02-29 02:00:00');
    // The neighbouring leap days are more than 400 days away.
    expect(previousScheduledTime(s, '2025-06-01 00:00:00')).toBeUndefined();
    expect(nextScheduledTime(s, '2024-02-29 02:00:00')).toBeUndefined();
  });

  it('N with 0, 30 runs twice every hour', () => {
    const s = schedule('N', '0, 30');
    expect(previousScheduledTime(s, '2025-06-02 12:29:59')).toBe('2025-06-02 12:00:00');
    expect(previousScheduledTime(s, '2025-06-02 12:30:00')).toBe('2025-06-02 12:30:00');
    expect(previousScheduledTime(s, '2025-06-02 12:59:59')).toBe('2025-06-02 12:30:00');
    expect(nextScheduledTime(s, '2025-06-02 12:00:00')).toBe('2025-06-02 12:30:00');
    expect(nextScheduledTime(s, '2025-12-31 23:45:00')).toBe('2026-01-01 00:00:00');
  });

  it('N with a single minute crosses midnight backwards', () => {
    const s = schedule('N', '45');
    expect(previousScheduledTime(s, '2025-06-02 00:10:00')).toBe('2025-06-01 23:45:00');
    expect(nextScheduledTime(s, '2025-06-02 00:10:00')).toBe('2025-06-02 00:45:00');
  });

  it('accepts a T separator and missing seconds', () => {
    const s = schedule('D', '2');
    expect(previousScheduledTime(s, '2025-06-02T12:00')).toBe('2025-06-02 02:00:00');
    expect(nextScheduledTime(s, '2025-06-02 01:59')).toBe('2025-06-02 02:00:00');
  });

  it('returns undefined for unreadable or impossible times', () => {
    const s = schedule('D', '2');
    expect(previousScheduledTime(s, 'garbage')).toBeUndefined();
    expect(previousScheduledTime(s, '2025-02-30 12:00:00')).toBeUndefined();
    expect(nextScheduledTime(s, '2025-06-02 25:00:00')).toBeUndefined();
  });
});
