import { describe, expect, it } from 'vitest';
import { REPRESENTATIVE_RULE, representativeTrial } from '../src/representative.ts';

const summaries = (leakers: number[], seed0 = 1) => leakers.map((warheadLeakers, k) => ({ seed: seed0 + k, warheadLeakers }));

describe('representativeTrial (the trial a report draws)', () => {
  it('is the first seed with the most common count of warheads leaking', () => {
    expect(representativeTrial(summaries([2, 1, 2, 1, 1], 7))).toEqual({
      seed: 8,
      warheadLeakers: 1,
      trialsWithCount: 3,
      trials: 5,
      rule: REPRESENTATIVE_RULE,
    });
  });
  it('breaks a tie between counts toward the fewer warheads, whatever their order', () => {
    expect(representativeTrial(summaries([3, 1, 3, 1]))?.seed).toBe(2);
    expect(representativeTrial(summaries([1, 3, 1, 3]))?.seed).toBe(1);
  });
  it('is undefined when no trial ran', () => {
    expect(representativeTrial([])).toBeUndefined();
  });
});
