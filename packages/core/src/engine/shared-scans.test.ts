import { describe, expect, it } from 'vitest';
import type { SensorShare } from '../c2/national-policy.ts';
import type { RawScan, TrackedSensor } from '../sensors/kind.ts';
import { IndexSet } from '../tracking/index-set.ts';
import { receivedScans, ShareNoise } from './shared-scans.ts';
import type { World } from './world.ts';

// What a nation receives of shared scans (engine/shared-scans.ts): the share's delay and sigma factor, with
// the extra noise drawn from a stream per sensor (so sharing one sensor more or less leaves the others' alone).
const world = {} as World; // fix scans read nothing of the world (radar scans read its Earth rotation)
const sensors: TrackedSensor[] = [
  { id: 'a', latency: 2, confusion: null },
  { id: 'b', latency: 0, confusion: null },
];
const share = (delay: number, sigmaFactor: number): SensorShare => ({ shared: true, delay, sigmaFactor }) as SensorShare;

/** A fix scan of n detections at t: positions k * 1,000 m on x, sigma 50 m. */
function fixScan(t: number, sensorIndex: number, n: number): RawScan {
  const values = new Float64Array(3 * n);
  for (let j = 0; j < n; j++) values[3 * j] = 1000 * j;
  return {
    t,
    sensorIndex,
    kind: 'fix',
    values,
    sigmas: new Float64Array(n).fill(50),
    objects: Array.from({ length: n }, (_, j) => j),
    labels: new Array(n).fill(0),
    covered: IndexSet.of(Array.from({ length: n }, (_, j) => j)),
  };
}

const received = (raw: RawScan[], shares: SensorShare[], seed = 7) => [
  ...receivedScans(world, raw, shares, sensors, new ShareNoise(seed, 'ballistic')),
];

describe('shared scans as a nation receives them', () => {
  it("another sensor's scans, shared or not, do not change one sensor's shared measurements (common random numbers)", () => {
    const aScans = [10, 20, 30, 40].map((t) => fixScan(t, 0, 5));
    const both = aScans.flatMap((s, k) => [s, fixScan(s.t + 1 + k, 1, 3)]);
    const shares = [share(5, 2), share(0, 3)];
    const alone = received(aScans, shares).filter((r) => r.sensor === 'a');
    const mixed = received(both, shares).filter((r) => r.sensor === 'a');
    expect(mixed.length).toBe(4);
    expect(mixed.map((r) => r.values.map((v) => [...v]))).toEqual(alone.map((r) => r.values.map((v) => [...v])));
    // and b's noise is not a's: the two streams differ
    const b = received(both, shares).filter((r) => r.sensor === 'b');
    expect(b[0].values[0][1] - 0).not.toBeCloseTo(mixed[0].values[0][1] - 0, 6);
  });

  it('applies the delay and the sigma factor: knownAt = t + latency + delay, error f times the owner, the filter told f^2', () => {
    const scans = Array.from({ length: 400 }, (_, k) => fixScan(k, 0, 10));
    const f = 2;
    const out = received(scans, [share(30, f), share(0, 1)]);
    expect(out[0].knownAt).toBe(0 + 2 + 30);
    expect(out[0].covariances?.[0][0]).toBeCloseTo(f * f * 50 * 50, 6);
    // the added error's variance is (f^2 - 1) sigma^2 per axis; 12,000 samples estimate a variance within
    // ~sqrt(2 / 12,000) = 1.3 % (one sigma): 6 % is over four sigmas
    let sum2 = 0,
      n = 0;
    for (const r of out)
      r.values.forEach((v, j) => {
        for (let i = 0; i < 3; i++) {
          const e = (v[i] - (i === 0 ? 1000 * j : 0)) / 50;
          sum2 += e * e;
          n++;
        }
      });
    expect(n).toBe(12_000);
    expect(sum2 / n).toBeGreaterThan((f * f - 1) * 0.94);
    expect(sum2 / n).toBeLessThan((f * f - 1) * 1.06);
  });

  it('a sensor shared at factor 1 is received as measured, and an unshared one not at all', () => {
    const scans = [fixScan(10, 0, 4), fixScan(11, 1, 4)];
    const out = received(scans, [share(0, 1), { shared: false } as SensorShare]);
    expect(out.map((r) => r.sensor)).toEqual(['a']);
    expect([...out[0].values[1]]).toEqual([1000, 0, 0]);
  });
});
