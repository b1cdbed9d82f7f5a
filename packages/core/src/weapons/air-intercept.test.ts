import { describe, expect, it } from 'vitest';
import { collisionCourse, scrambleIntercept } from './air-intercept.ts';

const KM = 1000;

describe('collision course against the closed forms', () => {
  it('head-on, tail chase and a beam crossing: R/(s+v), R/(s-v), R/sqrt(s^2-v^2)', () => {
    const s = 600,
      v = 250,
      R = 400 * KM;
    expect(collisionCourse([0, R], [0, -v], s)?.time).toBeCloseTo(R / (s + v), 9); // coming straight at us
    expect(collisionCourse([0, R], [0, v], s)?.time).toBeCloseTo(R / (s - v), 9); // running away
    const beam = collisionCourse([0, R], [v, 0], s); // crossing from west to east at range R due north
    expect(beam?.time).toBeCloseTo(R / Math.sqrt(s * s - v * v), 9);
    // the lead angle: sin(lead) = v / s for a beam target (law of sines, angle at the target 90 deg)
    const lead = Math.asin(beam?.heading[0] as number);
    expect(Math.sin(lead)).toBeCloseTo(v / s, 12);
  });

  it('any geometry: the law of sines holds and both arrive at the meeting point at the same time', () => {
    const cases: Array<[[number, number], [number, number], number]> = [
      [[300 * KM, 200 * KM], [-200, -50], 500],
      [[-100 * KM, 600 * KM], [150, -220], 700],
      [[50 * KM, -80 * KM], [240, 10], 300],
    ];
    for (const [r, v, s] of cases) {
      const c = collisionCourse(r, v, s);
      if (!c) throw new Error('no course');
      // fly both for the time found
      const target = [r[0] + v[0] * c.time, r[1] + v[1] * c.time];
      const fighter = [c.heading[0] * s * c.time, c.heading[1] * s * c.time];
      expect(Math.hypot(target[0] - fighter[0], target[1] - fighter[1])).toBeLessThan(1e-6 * Math.hypot(r[0], r[1]));
      // law of sines in the triangle start - target start - meeting point: |v| t / sin(lead) = s t / sin(angle at target)
      const lineOfSight = Math.atan2(r[0], r[1]);
      const lead = Math.atan2(c.heading[0], c.heading[1]) - lineOfSight;
      const atTarget = Math.acos((-r[0] * v[0] - r[1] * v[1]) / (Math.hypot(r[0], r[1]) * Math.hypot(v[0], v[1])));
      expect(Math.abs(Math.sin(lead))).toBeCloseTo((Math.hypot(v[0], v[1]) / s) * Math.sin(atTarget), 9);
    }
  });

  it('a faster target running away cannot be caught', () => {
    expect(collisionCourse([0, 100 * KM], [0, 300], 250)).toBeNull();
    expect(collisionCourse([0, 100 * KM], [0, 250], 250)).toBeNull(); // equal speed, opening
    expect(collisionCourse([0, 100 * KM], [0, -250], 250)?.time).toBeCloseTo(200, 9); // equal speed, closing: R / 2v
  });
});

describe('scramble to intercept against a hand computation', () => {
  // a fighter: 5 min to wheels up, climbs to 10 km at 100 m/s while covering 200 m/s over the ground, dashes at 500 m/s
  const fighter = { scrambleDelay: 300, climbRate: 100, climbSpeed: 200, dashSpeed: 500, combatRadius: 1000 * KM };

  it('a cruise missile 500 km north coming south at 250 m/s: met after 906.7 s, 273.3 km out', () => {
    // by hand: 300 s delay + 100 s climb, covering 20 km north; the missile has come 400 s x 250 m/s = 100 km, so
    // 500 - 100 - 20 = 380 km separate them, closing at 500 + 250 = 750 m/s: 506.7 s; total 906.7 s; the fighter
    // dashes 506.7 s x 500 m/s = 253.3 km beyond its 20 km climb: 273.3 km from the base
    const x = scrambleIntercept(fighter, [0, 500 * KM], [0, -250], 10_000);
    if (!x) throw new Error('no intercept');
    expect(x.climbTime).toBe(100);
    expect(x.dashTime).toBeCloseTo(380_000 / 750, 9);
    expect(x.time).toBeCloseTo(300 + 100 + 380_000 / 750, 9);
    expect(x.radius / KM).toBeCloseTo(20 + (380 / 750) * 500, 6);
  });

  it('the same missile crossing 300 km north from west to east: beam geometry after the climb', () => {
    // the fighter climbs 20 km along the bearing to where the missile is at wheels-up (300 s: 75 km east, 300 km
    // north); at the top of the climb (400 s) the missile is 100 km east, 300 km north
    const x = scrambleIntercept(fighter, [0, 300 * KM], [250, 0], 10_000);
    if (!x) throw new Error('no intercept');
    const d = Math.hypot(75, 300);
    const top = [(75 / d) * 20 * KM, (300 / d) * 20 * KM];
    const rel: [number, number] = [100 * KM - top[0], 300 * KM - top[1]];
    // independent: solve |rel + v t| = s t by the quadratic formula written out here
    const a = 250 * 250 - 500 * 500,
      b = 2 * rel[0] * 250,
      c = rel[0] * rel[0] + rel[1] * rel[1];
    const t = (-b - Math.sqrt(b * b - 4 * a * c)) / (2 * a);
    expect(x.dashTime).toBeCloseTo(t, 6);
    expect(x.time).toBeCloseTo(400 + t, 6);
  });

  it('refuses a meeting beyond the combat radius, and a target it cannot catch', () => {
    expect(scrambleIntercept({ ...fighter, combatRadius: 200 * KM }, [0, 500 * KM], [0, -250], 10_000)).toBeNull();
    expect(scrambleIntercept(fighter, [0, 500 * KM], [0, 600], 10_000)).toBeNull();
  });
});
