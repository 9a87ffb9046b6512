import { describe, expect, it } from 'vitest';
import { type SeiSettings, withInferredLimit } from '../../shared/notifier/sei-settings';

const configured: SeiSettings = { maxAttempts: 15, maxAttemptsSource: 'MAX_SEND_ATTEMPTS' };

describe("SEI's attempt limit inferred from the rows (3.x)", () => {
  it('takes the fewest attempts of a failure the last completed run left untried, and says from which run', () => {
    expect(withInferredLimit(configured, { attempts: 5, completedStart: '2026-11-07 02:00:20' })).toEqual({
      maxAttempts: 5,
      maxAttemptsSource: 'inferred',
      inferredFrom: { completedStart: '2026-11-07 02:00:20' },
    });
  });

  it('never raises the limit, never reads odd data as one, and never overrides 2.x', () => {
    expect(withInferredLimit(configured, {})).toBe(configured);
    expect(withInferredLimit(configured, { attempts: 15 })).toBe(configured);
    expect(withInferredLimit(configured, { attempts: 0 })).toBe(configured);
    const v2: SeiSettings = { maxAttempts: 10, maxAttemptsSource: 'md_pi_parametros.quantidade_tentativas' };
    expect(withInferredLimit(v2, { attempts: 3 })).toBe(v2);
  });
});
