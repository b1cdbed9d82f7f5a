import { describe, expect, it } from 'vitest';
import { killProbability, shotsNeeded } from './shots-needed.ts';

describe('shots needed for a kill probability', () => {
  it('inverts 1 - (1 - pk)^k', () => {
    expect(shotsNeeded(0.5, 0.75)).toBe(2); // 1 - 0.25 = 0.75 exactly
    expect(shotsNeeded(0.5, 0.76)).toBe(3);
    // GMD's test record, 9 hits in 17 tests (Reuters, 30 May 2017; open-literature.md sec. 7), for 97 %: 5 shots
    expect(shotsNeeded(9 / 17, 0.97)).toBe(5);
    expect(killProbability(9 / 17, 4)).toBeLessThan(0.97);
    expect(killProbability(9 / 17, 5)).toBeGreaterThanOrEqual(0.97);
    expect(shotsNeeded(1, 0.999)).toBe(1);
    expect(() => shotsNeeded(0, 0.9)).toThrow(RangeError);
    expect(() => shotsNeeded(0.5, 1)).toThrow(RangeError);
  });
});
