import { describe, expect, it } from 'vitest';
import { silenceHoursOf } from '../../infra/notifier-alarms';

describe("dead-man's switch: hours of silence that mean a check stopped", () => {
  it.each([
    ['cron(0 17 * * ? *)', 26],
    ['cron(0 0,12 * * ? *)', 26],
    ['cron(30 18 ? * MON-FRI *)', 74],
    ['cron(30 18 ? * 2-6 *)', 74],
    ['cron(0 9 ? * MON,WED,FRI *)', 74],
    ['cron(0 9 ? * FRI-MON *)', 98],
    // Weekly or monthly: longer than the 7 days an alarm can look back, no switch.
    ['cron(0 9 ? * MON *)', undefined],
    ['cron(0 9 1 * ? *)', undefined],
    ['rate(1 day)', undefined],
  ])('%s → %s h', (cron, hours) => {
    expect(silenceHoursOf(cron)).toBe(hours);
  });
});
