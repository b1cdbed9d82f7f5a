import { describe, expect, it } from 'vitest';
import { testIcbm } from '../../test/test-missile.ts';
import { DEG } from '../constants.ts';
import { REAL_EARTH } from '../geo/earth-model.ts';
import type { SpaceInterceptorSpec } from '../weapons/space/space-interceptor.ts';
import { sizeConstellation, type SizingProblem } from './constellation-sizing.ts';
import { WalkerEphemeris } from '../orbits/ephemeris.ts';
import { ascentTrack, pointsInPolygon, withBurnTimeScaled } from './launch-region.ts';
import { launchTimeGrid, salvoCoverage } from './salvo-coverage.ts';

const sbi: SpaceInterceptorSpec = {
  deltaV: 4000,
  acceleration: 100,
  killVehicleMass: 60,
  detectionLatency: 30,
  decisionLatency: 25,
  arrivalMargin: 10,
  minInterceptAltitude: 80e3,
};
const site = { latitude: 39.66 * DEG, longitude: 124.7 * DEG, altitude: 0 };
const seattle = { latitude: 47.61 * DEG, longitude: -122.33 * DEG, altitude: 0 };
const track = ascentTrack(testIcbm, site, seattle, REAL_EARTH);

// A deliberately small search so the suite stays fast: one shell, three plane counts, launches every
// 10 min over 12 h, confirmed every 5 min.
const problem = (over: Partial<SizingProblem> = {}): SizingProblem => ({
  sites: [{ name: 'site', track }],
  interceptor: sbi,
  salvo: { count: 1, spacing: 10, perMissile: 1 },
  altitudes: [400e3],
  inclinations: [45 * DEG],
  planeCounts: [24, 30, 36],
  launchTimes: launchTimeGrid(12 * 3600, 600),
  verifyLaunchTimes: launchTimeGrid(12 * 3600, 300),
  reach: { theta0: 0 },
  ...over,
});

describe('constellation sizing', () => {
  const base = sizeConstellation(problem());

  it('finds a constellation that covers every launch, and the next smaller one in its plane count does not', () => {
    expect(base).not.toBeNull();
    if (!base) return;
    expect(base.study.coveredFraction).toBe(1);
    const smaller = salvoCoverage(
      new WalkerEphemeris({ ...base.shell, perPlane: base.shell.perPlane - 1 }),
      problem().sites,
      sbi,
      problem().salvo,
      problem().launchTimes,
      { theta0: 0 },
    );
    expect(smaller.coveredFraction).toBeLessThan(1);
    expect(base.study.absenteeRatio).toBeGreaterThan(100); // boost-phase absentee ratios are large
  });

  it('is monotone: a bigger salvo, more interceptors per missile, more latency or a shorter burn never need fewer satellites', () => {
    if (!base) throw new Error('no base answer');
    const total = (over: Partial<SizingProblem>): number => sizeConstellation(problem(over))?.total ?? Infinity;
    const salvo2 = total({ salvo: { count: 2, spacing: 10, perMissile: 1 } });
    const salvo3 = total({ salvo: { count: 3, spacing: 10, perMissile: 1 } });
    // every harder problem still has an answer in the search (so the comparisons are not against "none")
    expect(salvo3).toBeLessThan(Infinity);
    expect(salvo2).toBeGreaterThanOrEqual(base.total);
    expect(salvo3).toBeGreaterThanOrEqual(salvo2);
    expect(total({ salvo: { count: 1, spacing: 10, perMissile: 2 } })).toBeGreaterThanOrEqual(base.total);
    expect(total({ interceptor: { ...sbi, decisionLatency: 35 } })).toBeGreaterThanOrEqual(base.total);
    const shorter = { ...testIcbm, rocket: withBurnTimeScaled(testIcbm.rocket, 0.9) };
    expect(total({ sites: [{ name: 'site', track: ascentTrack(shorter, site, seattle, REAL_EARTH) }] })).toBeGreaterThanOrEqual(base.total);
    // and a strictly easier problem (less latency) needs no more
    expect(total({ interceptor: { ...sbi, decisionLatency: 15 } })).toBeLessThanOrEqual(base.total);
  });

  it('covers every site of a region: a site the shell serves worse sets the answer, for one missile too (issue 14)', () => {
    // At 45 deg inclination satellites crowd near 45 deg latitude and thin out towards the equator:
    // a launch at 30 N needs more satellites than one at 39.7 N.
    const south = { latitude: 30 * DEG, longitude: 124.7 * DEG, altitude: 0 };
    const a = { name: 'A (39.7 N)', track };
    const b = { name: 'B (30 N)', track: ascentTrack(testIcbm, south, seattle, REAL_EARTH) };
    const onlyA = sizeConstellation(problem({ sites: [a] }));
    const onlyB = sizeConstellation(problem({ sites: [b] }));
    const both = sizeConstellation(problem({ sites: [a, b] }));
    if (!onlyA || !onlyB || !both) throw new Error('no answer');
    expect(onlyB.total).toBeGreaterThan(onlyA.total);
    // one missile, two sites: the answer must cover B (before the fix, missile j flew from site j mod N
    // and a one-missile salvo only ever left A)
    expect(both.total).toBeGreaterThanOrEqual(onlyB.total);
    expect(both.study.coveredFraction).toBe(1);
    expect(both.study.perSite.map((x) => x.site)).toEqual([a.name, b.name]);
    for (const x of both.study.perSite) {
      expect(x.coveredFraction).toBe(1);
      expect(x.minInReach).toBeGreaterThanOrEqual(1);
    }
    // A's answer leaves B uncovered at some launch times, and the study says which site fails
    const aShellOnBoth = salvoCoverage(
      new WalkerEphemeris(onlyA.shell),
      [a, b],
      sbi,
      problem().salvo,
      problem().verifyLaunchTimes as Float64Array,
      { theta0: 0 },
    );
    expect(aShellOnBoth.perSite[0].coveredFraction).toBe(1);
    expect(aShellOnBoth.perSite[1].coveredFraction).toBeLessThan(1);
    expect(aShellOnBoth.coveredFraction).toBe(aShellOnBoth.perSite[1].coveredFraction);
    expect(aShellOnBoth.worst.site).toBe(b.name);
    expect(aShellOnBoth.worst.assigned).toBe(0);
  });

  it('a burn-time scaling keeps the propellant and the ideal velocity, and moves burnout earlier', () => {
    const faster = withBurnTimeScaled(testIcbm.rocket, 0.8);
    expect(faster.stages.map((s) => s.propellantMass)).toEqual(testIcbm.rocket.stages.map((s) => s.propellantMass));
    const t = ascentTrack({ ...testIcbm, rocket: faster }, site, seattle, REAL_EARTH);
    expect(t.burnoutTime).toBeCloseTo(0.8 * track.burnoutTime, 6);
  });

  it('fills a launch-region polygon with points inside it', () => {
    const poly = [
      [38, 124],
      [38, 128],
      [42, 128],
      [42, 124],
    ].map(([la, lo]) => ({ latitude: la * DEG, longitude: lo * DEG, altitude: 0 }));
    const pts = pointsInPolygon(poly, 100e3);
    // 4 deg x 4 deg at ~40 N is ~445 km x ~340 km: about 4 x 3 points at 100 km spacing (+ edges)
    expect(pts.length).toBeGreaterThanOrEqual(12);
    expect(pts.length).toBeLessThanOrEqual(25);
    for (const p of pts) {
      expect(p.latitude).toBeGreaterThan(38 * DEG);
      expect(p.latitude).toBeLessThan(42 * DEG);
      expect(p.longitude).toBeGreaterThan(124 * DEG);
      expect(p.longitude).toBeLessThan(128 * DEG);
    }
    expect(() => pointsInPolygon(poly.slice(0, 2), 100e3)).toThrow(/at least 3 vertices/);
  });
});
