import { describe, expect, it } from 'vitest';
import { DEG, J2_EARTH, OMEGA_EARTH } from '../constants.ts';
import { enuToEcef, lookAngles } from '../geo/enu.ts';
import { geodeticToEcef } from '../geo/geodetic.ts';
import { gravityJ2 } from '../gravity/j2.ts';
import { Dopri5 } from '../numerics/dopri5.ts';
import type { Derivative } from '../numerics/ode.ts';
import { toEcef } from '../geo/earth-rotation.ts';
import { BallisticEkf, type RadarNoise, type TrackEstimate, invertSpd, nees, radarToPosition, sensorSiteEci } from './ekf.ts';
import { canCommit, fuseCovarianceIntersection, fuseIndependent, fuseTracks, positionSigma } from './fusion.ts';
import { lcg, gaussian } from './test-noise.ts';

// The same scenario as ekf.test.ts (kept local: a test file reads as its own specification).
/** Chi-square quantile by Wilson & Hilferty (1931); <1 % off for nu >= 30. */
const chi2Quantile = (nu: number, z: number): number => nu * (1 - 2 / (9 * nu) + z * Math.sqrt(2 / (9 * nu))) ** 3;

const withJ2: Derivative = (_t, y, dy) => {
  dy[0] = y[3];
  dy[1] = y[4];
  dy[2] = y[5];
  gravityJ2(y[0], y[1], y[2], dy, 3, J2_EARTH);
};
const DT = 5;
const STEPS = 61;
const TRUTH = ((): Float64Array => {
  const lat = 30 * DEG,
    lon = -15 * DEG;
  const p = geodeticToEcef(lat, lon, 1000e3);
  const v = enuToEcef(lat, lon, 6500 * Math.sin(60 * DEG), 6500 * Math.cos(60 * DEG), 0);
  const y = Float64Array.from([p[0], p[1], p[2], v[0], v[1], v[2]]);
  const out = new Float64Array(6 * STEPS);
  const dp = new Dopri5(6, { rtol: 1e-12, atol: 1e-6 });
  out.set(y, 0);
  for (let k = 1; k < STEPS; k++) {
    dp.integrate(withJ2, (k - 1) * DT, y, k * DT);
    out.set(y, 6 * k);
  }
  return out;
})();
const truthAt = (k: number): Float64Array => TRUTH.subarray(6 * k, 6 * k + 6);
const theta = (t: number): number => OMEGA_EARTH * t;

interface Site {
  latitude: number;
  longitude: number;
  altitude: number;
}
// Radar A sees the arc at 14-39 deg elevation from 2,500-1,360 km; radar B at 5-27 deg from 3,200-1,700 km.
const SITE_A: Site = { latitude: 45 * DEG, longitude: 0, altitude: 0 };
const SITE_B: Site = { latitude: 35 * DEG, longitude: 15 * DEG, altitude: 0 };
const NOISE: RadarNoise = { range: 25, azimuth: 1e-3, elevation: 1e-3 };

function measure(site: Site, k: number, n: () => number): Float64Array {
  const s = truthAt(k);
  const e = new Float64Array(3);
  toEcef(theta(k * DT), s[0], s[1], s[2], e);
  const look = lookAngles(site.latitude, site.longitude, geodeticToEcef(site.latitude, site.longitude, site.altitude), e);
  let az = look.azimuth + NOISE.azimuth * n();
  az -= 2 * Math.PI * Math.floor(az / (2 * Math.PI));
  return Float64Array.from([look.range + NOISE.range * n(), az, look.elevation + NOISE.elevation * n()]);
}

/** One radar's own track, started from its first two looks; onStep sees it after each update (k >= 2). */
function radarTrack(site: Site, seed: number, onStep?: (k: number, ekf: BallisticEkf) => void): BallisticEkf {
  const n = gaussian(lcg(seed));
  const ekf = new BallisticEkf({ accelerationPsd: 1e-6 });
  const at = (k: number) => sensorSiteEci(site.latitude, site.longitude, site.altitude, theta(k * DT));
  const f0 = radarToPosition(at(0), measure(site, 0, n), NOISE);
  const f1 = radarToPosition(at(1), measure(site, 1, n), NOISE);
  ekf.initialiseFromFixes(0, f0.position, f0.covariance, DT, f1.position, f1.covariance);
  for (let k = 2; k < STEPS; k++) {
    ekf.predict(k * DT);
    ekf.updateRadar(at(k), measure(site, k, n), NOISE);
    onStep?.(k, ekf);
  }
  return ekf;
}

const snapshot = (t: TrackEstimate): TrackEstimate => ({ t: t.t, x: Float64Array.from(t.x), P: Float64Array.from(t.P) });
const det = (P: Float64Array): number => Math.exp(invertSpd(P, 6, new Float64Array(36)));
/** Is A - B positive semi-definite (B no larger than A in every direction)? Cholesky with a 1e-9 relative jitter. */
function dominates(A: Float64Array, B: Float64Array): boolean {
  const D = new Float64Array(36);
  for (let i = 0; i < 36; i++) D[i] = A[i] - B[i];
  for (let i = 0; i < 6; i++) D[7 * i] += 1e-9 * A[7 * i];
  return !Number.isNaN(invertSpd(D, 6, new Float64Array(36)));
}

const RUNS = 100;
const LO = chi2Quantile(6 * RUNS, -1.96) / RUNS; // 5.34
const HI = chi2Quantile(6 * RUNS, 1.96) / RUNS; // 6.70

describe("fusing two radars' tracks of one midcourse object (100 Monte Carlo runs, t = 300 s)", () => {
  const pairs: Array<[TrackEstimate, TrackEstimate]> = [];
  for (let r = 0; r < RUNS; r++) pairs.push([snapshot(radarTrack(SITE_A, 5000 + r)), snapshot(radarTrack(SITE_B, 9000 + r))]);
  const truth = truthAt(STEPS - 1);
  const meanNees = (tracks: TrackEstimate[]): number => tracks.reduce((a, t) => a + nees(t, truth), 0) / tracks.length;

  it('information fusion of independent tracks is consistent and no larger than either input in any direction', () => {
    const fused = pairs.map(([a, b]) => fuseIndependent(a, b));
    // The two radars' errors are independent here (own noise, own start, no process noise in the truth),
    // which is the assumption of information fusion: its NEES must sit in the 6-dof band.
    const m = meanNees(fused);
    expect(m).toBeGreaterThan(LO);
    expect(m).toBeLessThan(HI);
    for (let r = 0; r < RUNS; r++) {
      expect(dominates(pairs[r][0].P, fused[r].P)).toBe(true);
      expect(dominates(pairs[r][1].P, fused[r].P)).toBe(true);
    }
    // each radar alone claims ~390 m (A) and ~520 m (B, further and lower); their cross-range axes differ,
    // so the fused track claims ~140 m - and the actual RMS errors agree (390, 570, 150 m)
    const rms = (tracks: TrackEstimate[]): number =>
      Math.sqrt(
        tracks.reduce((a, t) => a + (t.x[0] - truth[0]) ** 2 + (t.x[1] - truth[1]) ** 2 + (t.x[2] - truth[2]) ** 2, 0) / tracks.length,
      );
    expect(positionSigma(fused[0])).toBeLessThan(Math.min(positionSigma(pairs[0][0]), positionSigma(pairs[0][1])));
    expect(rms(fused)).toBeLessThan(Math.min(rms(pairs.map((p) => p[0])), rms(pairs.map((p) => p[1]))));
  });

  it('covariance intersection is conservative and its criterion is no worse than the better input', () => {
    const ci = pairs.map(([a, b]) => fuseCovarianceIntersection(a, b));
    for (let r = 0; r < RUNS; r++) {
      const [a, b] = pairs[r];
      expect(det(ci[r].P)).toBeLessThanOrEqual(Math.min(det(a.P), det(b.P)) * (1 + 1e-9));
      const ciPos = fuseCovarianceIntersection(a, b, 'position-trace');
      expect(positionSigma(ciPos)).toBeLessThanOrEqual(Math.min(positionSigma(a), positionSigma(b)) * (1 + 1e-9));
      expect(ci[r].omega).toBeGreaterThanOrEqual(0);
      expect(ci[r].omega).toBeLessThanOrEqual(1);
    }
    // CI ignores that these inputs happen to be independent, so it claims less than it knows:
    // its mean NEES must not exceed the band (and lies below 6).
    expect(meanNees(ci)).toBeLessThan(HI);
    expect(meanNees(ci)).toBeLessThan(6);
  });

  it('fusing a track with itself: CI gives it back, information fusion would overstate confidence', () => {
    const self = pairs.map(([a]) => fuseCovarianceIntersection(a, a));
    for (let r = 0; r < 10; r++) {
      const a = pairs[r][0];
      for (let i = 0; i < 6; i++) expect(self[r].x[i]).toBeCloseTo(a.x[i], 3);
      for (let i = 0; i < 36; i++)
        expect(Math.abs(self[r].P[i] - a.P[i])).toBeLessThanOrEqual(1e-6 * Math.sqrt(a.P[7 * Math.floor(i / 6)] * a.P[7 * (i % 6)]));
    }
    expect(meanNees(self)).toBeGreaterThan(LO);
    expect(meanNees(self)).toBeLessThan(HI);
    // Treating the one track as two independent ones halves P and doubles the NEES (~12): it fails.
    const naive = pairs.map(([a]) => fuseIndependent(a, a));
    expect(positionSigma(naive[0])).toBeCloseTo(positionSigma(pairs[0][0]) / Math.SQRT2, 6);
    expect(meanNees(naive)).toBeGreaterThan(2 * LO);
  });
});

describe('track quality and the commit decision', () => {
  it('the fused track reaches a 500 m commit threshold before either radar alone', () => {
    const threshold = 500;
    const first = { a: Infinity, b: Infinity, fused: Infinity };
    const tracksA: TrackEstimate[] = [];
    radarTrack(SITE_A, 42, (k, ekf) => {
      tracksA[k] = snapshot(ekf);
      if (canCommit(ekf, threshold)) first.a = Math.min(first.a, k * DT);
    });
    radarTrack(SITE_B, 43, (k, ekf) => {
      if (canCommit(ekf, threshold)) first.b = Math.min(first.b, k * DT);
      if (canCommit(fuseIndependent(tracksA[k], ekf), threshold)) first.fused = Math.min(first.fused, k * DT);
    });
    // Before the first updates the 3-D sigma is a few km; radar A alone gets under 500 m at 240 s,
    // radar B (further, lower) not within the 300 s arc, the fused track at 75 s.
    expect(canCommit(tracksA[2], threshold)).toBe(false);
    expect(first.fused).toBeLessThan(first.a);
    expect(first.a).toBeLessThan(first.b);
    expect(Number.isFinite(first.fused)).toBe(true);
  });

  it('position sigma is sqrt(trace of the position block); non-finite or negative claims never commit', () => {
    const P = new Float64Array(36);
    P[0] = 9;
    P[7] = 16;
    P[14] = 144;
    P[21] = 1e6;
    const t = { t: 0, x: new Float64Array(6), P };
    expect(positionSigma(t)).toBeCloseTo(13, 12);
    expect(canCommit(t, 13)).toBe(true);
    expect(canCommit(t, 12.9)).toBe(false);
    P[0] = NaN;
    expect(canCommit(t, 1e9)).toBe(false);
  });
});

describe('fusion input checks', () => {
  it('refuses tracks at different times and fuses many in one call', () => {
    const a = snapshot(radarTrack(SITE_A, 1));
    const b = { ...snapshot(a), t: a.t + 1 };
    expect(() => fuseIndependent(a, b)).toThrow(/different times/);
    expect(() => fuseCovarianceIntersection(a, b)).toThrow(/predict both/);
    expect(() => fuseTracks([])).toThrow(/no tracks/);
    // three independent copies of the same information: information form divides P by 3, CI keeps it
    const three = fuseTracks([a, a, a], 'independent');
    expect(three.P[0]).toBeCloseTo(a.P[0] / 3, 6);
    expect(fuseTracks([a, a, a], 'ci').P[0]).toBeCloseTo(a.P[0], 3);
  });
});
