import { describe, expect, it } from 'vitest';
import { assignSalvo } from './salvo-assignment.ts';

describe('assigning interceptors to a salvo', () => {
  it('never fires a satellite twice', () => {
    // two missiles that only one satellite can reach: one of them goes unengaged
    const a = assignSalvo([[7], [7]], 1);
    expect(a.assigned).toBe(1);
    expect([...a.perMissileAssigned].sort()).toEqual([0, 1]);
  });

  it('finds the assignment a greedy first choice would miss (augmenting paths)', () => {
    // greedy gives missile 0 satellite 1, leaving missile 1 nothing; the optimum is 0->2, 1->1
    const a = assignSalvo([[1, 2], [1]], 1);
    expect(a.assigned).toBe(2);
    expect(a.satelliteToMissile.get(1)).toBe(1);
    expect(a.satelliteToMissile.get(2)).toBe(0);
  });

  it("gives each missile its k interceptors when Hall's condition holds, and reports the shortfall when not", () => {
    expect(
      assignSalvo(
        [
          [1, 2, 3, 4],
          [3, 4, 5, 6],
        ],
        2,
      ).assigned,
    ).toBe(4);
    // three missiles need 2 each from a pool of 5 satellites: at most 5
    const short = assignSalvo(
      [
        [1, 2, 3, 4, 5],
        [1, 2, 3, 4, 5],
        [1, 2, 3, 4, 5],
      ],
      2,
    );
    expect(short.assigned).toBe(5);
    expect(short.satelliteToMissile.size).toBe(5);
    expect(assignSalvo([], 3).assigned).toBe(0);
  });
});
