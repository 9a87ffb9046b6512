import { describe, expect, it } from 'vitest';
import { formatLocalTimestamp, instantToLocal, isValidTimeZone, localToInstant, wholeDaysSince } from '../../shared/sei/local-time';

const SP = 'America/Sao_Paulo';

describe('SEI local time', () => {
  it('reads a stored local time in São Paulo as UTC-3', () => {
    expect(localToInstant('2026-11-28 02:00:00', SP)?.toISOString()).toBe('2026-11-28T05:00:00.000Z');
  });

  it('reads rows from Brazil’s old daylight-saving periods with the offset of the time', () => {
    // 2018-01-15 was in DST (UTC-2).
    expect(localToInstant('2018-01-15 10:00:00', SP)?.toISOString()).toBe('2018-01-15T12:00:00.000Z');
  });

  it('counts 46 hours as 1 whole day and 50 hours as 2', () => {
    const now = new Date('2026-11-29T15:00:00Z'); // 12:00 in São Paulo
    expect(wholeDaysSince(instantToLocal(new Date(now.getTime() - 46 * 3_600_000), SP), now, SP)).toBe(1);
    expect(wholeDaysSince(instantToLocal(new Date(now.getTime() - 50 * 3_600_000), SP), now, SP)).toBe(2);
  });

  it('does not mistake UTC for local time: 01:00 local today is 11 h ago at 12:00 local', () => {
    const now = new Date('2026-11-29T15:00:00Z');
    expect(wholeDaysSince('2026-11-29 01:00:00', now, SP)).toBe(0);
    expect(wholeDaysSince('2026-11-27 11:59:00', now, SP)).toBe(2);
    expect(wholeDaysSince('2026-11-27 12:01:00', now, SP)).toBe(1);
  });

  it('counts future timestamps as 0 days and NULL or garbage as unknown', () => {
    const now = new Date('2026-11-29T15:00:00Z');
    expect(wholeDaysSince('2027-01-01 00:00:00', now, SP)).toBe(0);
    expect(wholeDaysSince(null, now, SP)).toBeUndefined();
    expect(wholeDaysSince('0000-00-00 00:00:00', now, SP)).toBeUndefined();
    expect(wholeDaysSince('ontem', now, SP)).toBeUndefined();
  });

  it('formats for the mail as SEI stored the value', () => {
    expect(formatLocalTimestamp('2026-11-28 02:05:09.123')).toBe('28/11/2026 02:05');
    expect(formatLocalTimestamp(undefined)).toBeUndefined();
  });

  it('knows valid IANA zones', () => {
    expect(isValidTimeZone('America/Manaus')).toBe(true);
    expect(isValidTimeZone('Brasil/Brasilia')).toBe(false);
  });
});
