import { describe, expect, it } from 'vitest';
import { aspectAngle, rcsAtAspect } from './aircraft.ts';

describe("an aircraft's radar cross-section by aspect", () => {
  const rcs = { nose: 10, side: 100, tail: 30 };
  it('is the nose value within 45 deg of the heading, the tail value beyond 135 deg, the side value between', () => {
    const DEG = Math.PI / 180;
    expect([0, 30, 45].map((a) => rcsAtAspect(rcs, a * DEG))).toEqual([10, 10, 10]);
    expect([46, 90, 134].map((a) => rcsAtAspect(rcs, a * DEG))).toEqual([100, 100, 100]);
    expect([135, 170, 180].map((a) => rcsAtAspect(rcs, a * DEG))).toEqual([30, 30, 30]);
  });
  it('the aspect angle is the angle between the heading and the direction to the radar', () => {
    const at = [0, 0, 0],
      heading = [1, 0, 0];
    expect(aspectAngle(at, heading, [100, 0, 0])).toBeCloseTo(0, 12); // radar ahead: nose-on
    expect(aspectAngle(at, heading, [0, 50, 0])).toBeCloseTo(Math.PI / 2, 12); // abeam
    expect(aspectAngle(at, heading, [-10, 0, 0])).toBeCloseTo(Math.PI, 12); // behind
    expect(aspectAngle(at, heading, [1, 1, 0])).toBeCloseTo(Math.PI / 4, 12);
  });
});
