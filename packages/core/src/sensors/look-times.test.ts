import { describe, expect, it } from 'vitest';
import { Random } from '../random/sfc32.ts';
import { LookTimes } from './look-times.ts';

describe('LookTimes (kill-assessment look times, packed)', () => {
  it('answers any(oi, t, by) as the per-object lists it replaced do', () => {
    const r = new Random(7);
    const looks: Array<[number, number]> = [];
    for (let k = 0; k < 3000; k++) looks.push([Math.floor(r.next() * 50), Math.round(r.next() * 2000) / 2]);
    looks.sort((a, b) => a[1] - b[1]); // a sensor's looks come in time order
    const lists = new Map<number, number[]>();
    for (const [oi, t] of looks) lists.set(oi, [...(lists.get(oi) ?? []), t]);
    // object 50 is never seen; 51 is beyond every look
    const packed = LookTimes.build(52, (visit) => looks.forEach(([oi, t]) => visit(oi, t)));
    let hits = 0;
    for (let q = 0; q < 5000; q++) {
      const oi = Math.floor(r.next() * 52),
        t = r.next() * 2000,
        by = t + r.next() * 20;
      const expected = (lists.get(oi) ?? []).some((x) => x >= t && x <= by);
      expect(packed.any(oi, t, by)).toBe(expected);
      if (expected) hits++;
    }
    expect(hits).toBeGreaterThan(500); // the comparison covers both answers
    expect(packed.any(3, looks.find(([oi]) => oi === 3)?.[1] as number, looks.find(([oi]) => oi === 3)?.[1] as number)).toBe(true); // bounds inclusive
  });
});
