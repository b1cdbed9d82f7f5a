import { describe, expect, it } from 'vitest';
import { DEG } from '../constants.ts';
import { enuToEcef } from '../geo/enu.ts';
import { geodeticToEcef } from '../geo/geodetic.ts';
import { chiSquareQuantile } from './association.ts';
import { ConstantVelocityFilter } from './air-track.ts';
import { nees, type RadarNoise, radarMeasurement, radarToPosition, sensorSiteEci } from './ekf.ts';
import { gaussian, lcg } from './test-noise.ts';
import { OTH_FIX_ALTITUDE, OTH_FIX_HEIGHT_SIGMA, othFix } from '../sensors/oth/oth-fix.ts';
import { ecefToGeodetic } from '../geo/geodetic.ts';

/**
 * The air tracks' nearly-constant-velocity filter (tracking/air-track.ts) against a closed form and for
 * consistency: with no process noise it is the least-squares straight line through its fixes (exact formulas
 * for the fit's covariance and estimate), and on simulated straight flights seen by a radar its NEES lies in
 * the chi-square band.
 */
describe('ConstantVelocityFilter', () => {
  it('with q = 0 is the least-squares line through its fixes: covariance and estimate as the closed forms', () => {
    // N fixes every T seconds, each 3-D with sigma per axis; the straight-line fit a + b t over t_k = k T gives, at
    // the last fix: var(b) = 12 s^2 / (T^2 N (N^2 - 1)), var(position) = s^2 (4N - 2) / (N (N + 1)),
    // cov(position, b) = 6 s^2 / (T N (N + 1)) (the textbook regression variances, e.g. Draper & Smith ch. 1)
    const N = 12,
      T = 10,
      s = 100;
    const R = Float64Array.of(s * s, 0, 0, 0, s * s, 0, 0, 0, s * s);
    const n = gaussian(lcg(7));
    const truth = (t: number): number[] => [1000 + 250 * t, -500 + 30 * t, 9000 - 2 * t];
    const z = Array.from({ length: N }, (_, k) => truth(k * T).map((x) => x + s * n()));
    const f = new ConstantVelocityFilter(0).initialiseFromFixes(0, z[0], R, T, z[1], R);
    for (let k = 2; k < N; k++) {
      f.predict(k * T);
      f.updatePosition(z[k], R);
    }
    const varB = (12 * s * s) / (T * T * N * (N * N - 1));
    const varP = (s * s * (4 * N - 2)) / (N * (N + 1));
    const covPB = (6 * s * s) / (T * N * (N + 1));
    for (let i = 0; i < 3; i++) {
      expect(f.P[6 * i + i] / varP - 1).toBeCloseTo(0, 9);
      expect(f.P[6 * (3 + i) + 3 + i] / varB - 1).toBeCloseTo(0, 9);
      expect(f.P[6 * i + 3 + i] / covPB - 1).toBeCloseTo(0, 9);
      // the estimate is the least-squares fit of the same data, evaluated at the last time
      const ts = Array.from({ length: N }, (_, k) => k * T);
      const mt = ts.reduce((a, b) => a + b) / N;
      const my = z.reduce((a, y) => a + y[i], 0) / N;
      const sxy = ts.reduce((a, t, k) => a + (t - mt) * (z[k][i] - my), 0);
      const sxx = ts.reduce((a, t) => a + (t - mt) ** 2, 0);
      const b = sxy / sxx;
      expect(f.x[3 + i]).toBeCloseTo(b, 9);
      expect(f.x[i]).toBeCloseTo(my + b * ((N - 1) * T - mt), 6);
    }
  });

  it('propagates its covariance as the continuous white-noise acceleration model: Q = q [[T^3/3, T^2/2], [T^2/2, T]] per axis', () => {
    const f = new ConstantVelocityFilter(4).initialise(0, new Float64Array(6), new Float64Array(36));
    f.predict(30);
    expect(f.P[0]).toBeCloseTo((4 * 30 ** 3) / 3, 9);
    expect(f.P[3]).toBeCloseTo((4 * 30 ** 2) / 2, 9);
    expect(f.P[21]).toBeCloseTo(4 * 30, 9);
    expect(f.P[1]).toBe(0); // axes independent
  });

  it('is consistent on straight level flights seen by a radar: mean NEES inside the 99 % chi-square band', () => {
    // A radar at 45 N 0 E looks every 10 s at an aircraft 150 km north at 10 km, 250 m/s east, whose velocity
    // wanders as the model says (q = 1 m^2/s^3, sampled exactly: the discrete Q's Cholesky factor per axis).
    // 200 runs: the mean NEES (6 dof) at each checked step is 6 within the band [chi2_0.005(6M), chi2_0.995(6M)] / M
    // for a consistent filter (Bar-Shalom, Li & Kirubarajan 2001, sec. 5.4.2). The frame is Earth-fixed and held
    // still (theta = 0): the filter is frame-agnostic.
    const q = 1,
      T = 10,
      STEPS = 60,
      M = 200;
    const noise: RadarNoise = { range: 100, azimuth: 0.2 * DEG, elevation: 0.3 * DEG };
    const site = sensorSiteEci(45 * DEG, 0, 0, 0);
    const p0 = geodeticToEcef(46.35 * DEG, 0, 10_000, new Float64Array(3));
    const v0 = enuToEcef(46.35 * DEG, 0, 250, 0, 0, new Float64Array(3));
    // per axis: [r, v] += chol(Q) w, chol of q [[T^3/3, T^2/2], [T^2/2, T]]
    const l11 = Math.sqrt((q * T ** 3) / 3),
      l21 = (q * T ** 2) / 2 / l11,
      l22 = Math.sqrt(q * T - l21 * l21);
    const checks = [10, 30, 59];
    const sums = checks.map(() => 0);
    const look = new Float64Array(3);
    for (let run = 0; run < M; run++) {
      const n = gaussian(lcg(1000 + run));
      const x = Float64Array.of(p0[0], p0[1], p0[2], v0[0], v0[1], v0[2]);
      const measure = (): Float64Array => {
        radarMeasurement(site, x, look);
        return Float64Array.of(look[0] + noise.range * n(), look[1] + noise.azimuth * n(), look[2] + noise.elevation * n());
      };
      const step = (): void => {
        for (let i = 0; i < 3; i++) {
          const w1 = n(),
            w2 = n();
          x[i] += T * x[3 + i] + l11 * w1;
          x[3 + i] += l21 * w1 + l22 * w2;
        }
      };
      const z0 = radarToPosition(site, measure(), noise);
      step();
      const z1 = radarToPosition(site, measure(), noise);
      const f = new ConstantVelocityFilter(q).initialiseFromFixes(0, z0.position, z0.covariance, T, z1.position, z1.covariance);
      for (let k = 2; k < STEPS; k++) {
        step();
        f.predict(k * T);
        f.updateRadar(site, measure(), noise);
        const c = checks.indexOf(k);
        if (c >= 0) sums[c] += nees(f, x);
      }
    }
    const lo = chiSquareQuantile(0.005, 6 * M) / M,
      hi = chiSquareQuantile(0.995, 6 * M) / M;
    for (const s of sums) {
      expect(s / M).toBeGreaterThan(lo);
      expect(s / M).toBeLessThan(hi);
    }
  });

  it('an OTH look becomes a fix with the ground-range error along the bearing, range x azimuth error across it, the height prior vertically', () => {
    // due north 2,000 km from 45 N 0 E: along the path is north, across is east (hand computation at the fix)
    const spec = { latitude: 45 * DEG, longitude: 0, groundRangeNoise: 10_000, azimuthNoise: 0.5 * DEG };
    const fix = othFix(spec, { groundRange: 2_000_000, azimuth: 0 }, 0);
    const g = ecefToGeodetic(fix.position[0], fix.position[1], fix.position[2], new Float64Array(3));
    expect(g[1]).toBeCloseTo(0, 12);
    expect(g[0] / DEG).toBeCloseTo(45 + 2000 / 6371.0088 / DEG, 2);
    expect(g[2]).toBeCloseTo(OTH_FIX_ALTITUDE, 3);
    const unit = (e: number, n: number, u: number): Float64Array => Float64Array.from(enuToEcef(g[0], g[1], e, n, u, new Float64Array(3)));
    const quad = (a: Float64Array, b: Float64Array): number => {
      let s = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += a[i] * fix.covariance[3 * i + j] * b[j];
      return s;
    };
    const [E, N, U] = [unit(1, 0, 0), unit(0, 1, 0), unit(0, 0, 1)];
    expect(quad(N, N) / 1e8 - 1).toBeCloseTo(0, 9);
    expect(quad(E, E) / (2_000_000 * 0.5 * DEG) ** 2 - 1).toBeCloseTo(0, 9);
    expect(quad(U, U) / OTH_FIX_HEIGHT_SIGMA ** 2 - 1).toBeCloseTo(0, 9);
    expect(Math.abs(quad(N, E)) / 1e8).toBeLessThan(1e-9);
  });
});
