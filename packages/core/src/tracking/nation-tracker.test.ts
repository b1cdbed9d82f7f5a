import { describe, expect, it } from 'vitest';
import { gravityJ2 } from '../gravity/j2.ts';
import { DEFAULT_TRACKER } from '../engine/world.ts';
import { type NationScan, NationTracker } from './nation-tracker.ts';

/**
 * The duplicate rule of a nation's tracker (nation-tracker.ts, mergeDuplicates): twins of one object are
 * merged; objects a sensor resolved are never merged, however close they fly.
 */

/** Truth: a free-flight state (point mass + J2, the filter's own dynamics) stepped by RK4 at 0.1 s. */
function flight(x0: readonly number[], tEnd: number): (t: number) => Float64Array {
  const dt = 0.1;
  const states: Float64Array[] = [Float64Array.from(x0)];
  const a = new Float64Array(3);
  const deriv = (s: Float64Array): Float64Array => {
    gravityJ2(s[0], s[1], s[2], a);
    return Float64Array.of(s[3], s[4], s[5], a[0], a[1], a[2]);
  };
  for (let k = 0; k * dt < tEnd; k++) {
    const s = states[k];
    const add = (u: Float64Array, h: number): Float64Array => s.map((v, i) => v + h * u[i]);
    const k1 = deriv(s),
      k2 = deriv(add(k1, dt / 2)),
      k3 = deriv(add(k2, dt / 2)),
      k4 = deriv(add(k3, dt));
    states.push(s.map((v, i) => v + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i])));
  }
  return (t) => states[Math.round(t / dt)].slice(0, 3);
}

// an object in midcourse at 1,000 km altitude, 6 km/s horizontal, 1 km/s up
const R = 6_378_137 + 1_000_000;
const objectA = flight([R, 0, 0, 1_000, 6_000, 0], 40);
// a second object 150 m from the first (a decoy just released): resolved by a 50 m fix sensor
const objectB = flight([R, 150, 0, 1_000, 6_000, 0], 40);
const SIGMA = 50;
const COV = Float64Array.of(SIGMA ** 2, 0, 0, 0, SIGMA ** 2, 0, 0, 0, SIGMA ** 2);

function scan(t: number, detections: Array<{ object: number; at: Float64Array }>, covered: number[], sensor = 'fix-1'): NationScan {
  return {
    t,
    knownAt: t,
    sensor,
    values: detections.map((d) => d.at),
    covariances: detections.map(() => COV),
    objects: detections.map((d) => d.object),
    labels: detections.map(() => 0),
    confusion: null,
    covered: new Set(covered),
  };
}

const live = (tracker: NationTracker): number[] =>
  [...tracker.tracks.values()].filter((tr) => tr.confirmedAt !== null && tr.deletedAt === null).map((tr) => tr.object);

describe('NationTracker duplicates', () => {
  it('never merges two objects a sensor resolved, even when one of them is missed while they fly inside the gate', () => {
    const tracker = new NationTracker(DEFAULT_TRACKER);
    // both objects seen every second for 6 s: two confirmed tracks, updated together (resolved)
    for (let t = 0; t <= 6; t++)
      tracker.process(
        scan(
          t,
          [
            { object: 0, at: objectA(t) },
            { object: 1, at: objectB(t) },
          ],
          [0, 1],
        ),
      );
    expect(live(tracker).sort()).toEqual([0, 1]);
    // then object 1 is missed twice (Pd < 1) while object 0 is seen: its track coasts 150 m from the other,
    // inside the gate; it is a resolved object, not a twin, so it is kept
    for (let t = 7; t <= 8; t++) tracker.process(scan(t, [{ object: 0, at: objectA(t) }], [0, 1]));
    expect(live(tracker).sort()).toEqual([0, 1]);
    for (let t = 9; t <= 12; t++)
      tracker.process(
        scan(
          t,
          [
            { object: 0, at: objectA(t) },
            { object: 1, at: objectB(t) },
          ],
          [0, 1],
        ),
      );
    expect(live(tracker).sort()).toEqual([0, 1]);
    const confirmed = [...tracker.tracks.values()].filter((tr) => tr.confirmedAt !== null);
    expect(confirmed).toHaveLength(2); // no track was dropped and re-born on the way
  });

  it('merges a twin: a second confirmed track on one object, which coasts while the first takes the look', () => {
    const tracker = new NationTracker(DEFAULT_TRACKER);
    // One object (truth 0); a second sensor's looks at the same object are booked (truth bookkeeping only)
    // as object 9, so the first sensor's track is not gated against them and they start a second track:
    // two confirmed tracks on one object, never updated by one scan.
    for (let t = 0; t <= 4; t++) {
      tracker.process(scan(t, [{ object: 0, at: objectA(t) }], [0], 'fix-1'));
      tracker.process(scan(t + 0.5, [{ object: 9, at: objectA(t + 0.5) }], [9], 'fix-2'));
    }
    expect(live(tracker).sort()).toEqual([0, 9]);
    const [older, younger] = [...tracker.tracks.values()].sort((a, b) => a.id - b.id);
    // a scan covering both: one look, taken by one track; the other coasts at the same place: a twin
    tracker.process(scan(5, [{ object: 0, at: objectA(5) }], [0, 9], 'fix-1'));
    expect(live(tracker)).toHaveLength(1);
    expect(older.deletedAt).toBeNull();
    expect(younger.deletedAt).toBe(5);
  });
});
