import { describe, expect, it } from 'vitest';
import { us76Density } from '../atmosphere/us76.ts';
import { DEG, OMEGA_EARTH, WGS84_B } from '../constants.ts';
import { gravityJ2 } from '../gravity/j2.ts';
import { enuToEcef, lookAngles } from '../geo/enu.ts';
import { ecefToGeodetic, geodeticToEcef } from '../geo/geodetic.ts';
import { Dopri5 } from '../numerics/dopri5.ts';
import { VehicleDynamics } from '../threats/dynamics.ts';
import { REAL_EARTH } from '../geo/earth-model.ts';
import { toEcef } from '../geo/earth-rotation.ts';
import { chiSquareQuantile } from './association.ts';
import { invertSpd, type RadarNoise, sensorSiteEci } from './ekf.ts';
import { REENTRY_STATE, ReentryEkf } from './reentry-ekf.ts';
import { lcg, gaussian } from './test-noise.ts';

/**
 * Truth: the threat model's own flight (threats/dynamics.ts VehicleDynamics: J2 gravity, US76 drag against
 * the co-rotating air, beta constant) by DOPRI5 at rtol 1e-11 - a different integrator and a different
 * implementation of the same physics from the filter's RK4 and its variational equations. Start: 100 km
 * over 40 N 125 W (Earth angle 0 at t = 0), 6.8 km/s heading 100 deg (east-south-east, towards the
 * US West Coast), flight-path angle -22 deg: a 9,000-10,000 km-class ICBM re-entry.
 */
const DT = 2;
function reentryTruth(beta: number, seconds: number): Float64Array {
  const lat = 40 * DEG,
    lon = -125 * DEG,
    gamma = -22 * DEG,
    speed = 6800,
    heading = 100 * DEG;
  const p = geodeticToEcef(lat, lon, 100e3);
  const v = enuToEcef(
    lat,
    lon,
    speed * Math.cos(gamma) * Math.sin(heading),
    speed * Math.cos(gamma) * Math.cos(heading),
    speed * Math.sin(gamma),
  );
  const dyn = new VehicleDynamics({ ...REAL_EARTH, theta0: 0 });
  dyn.ballisticCoefficient = beta;
  const y = Float64Array.from([p[0], p[1], p[2], v[0], v[1], v[2], 1000]);
  const steps = Math.round(seconds / DT);
  const out = new Float64Array(6 * (steps + 1));
  const dp = new Dopri5(7, { rtol: 1e-11, atol: 1e-6 });
  out.set(y.subarray(0, 6), 0);
  for (let k = 1; k <= steps; k++) {
    dp.integrate(dyn.derivative, (k - 1) * DT, y, k * DT);
    out.set(y.subarray(0, 6), 6 * k);
  }
  return out;
}
const altitudeOf = (s: ArrayLike<number>): number => ecefToGeodetic(s[0], s[1], s[2], new Float64Array(3))[2];

describe('re-entry EKF: prediction', () => {
  it.each([
    [6000, 48],
    [50, 40],
  ])('beta = %d kg/m^2: the state prediction follows an independent DOPRI5 flight of the threat model to within 1 m', (beta, seconds) => {
    // Same physics, different integrator and code: what is left is the filter's RK4 truncation (1 s
    // steps in the air): 0.3 m measured. 1 m is well under the 5 m range sigma of the best radar that will use it (X-band,
    // catalog). beta is known exactly here (no random walk: with one, the filter's mean drag rises by
    // e^{s^2/2}, see the class). 48 s takes the warhead from 100 km to ~1 km, 40 s the decoy to 31 km at 0.9 km/s.
    const truth = reentryTruth(beta, seconds);
    const f = new ReentryEkf({ accelerationPsd: 0, lnBetaPsd: 0 }).initialise(
      0,
      [...truth.subarray(0, 6), Math.log(beta)],
      new Float64Array(49),
    );
    let worst = 0;
    for (let k = 1; k <= seconds / DT; k++) {
      f.predict(k * DT);
      const s = truth.subarray(6 * k, 6 * k + 6);
      worst = Math.max(worst, Math.hypot(f.x[0] - s[0], f.x[1] - s[1], f.x[2] - s[2]));
    }
    expect(worst).toBeLessThan(1);
    // the drag is real: a vacuum flight from the same start is kilometres away by then
    const vacuum = new ReentryEkf({ accelerationPsd: 0 })
      .initialise(0, [...truth.subarray(0, 6), Math.log(1e12)], new Float64Array(49))
      .predict(seconds);
    const end = truth.subarray(truth.length - 6);
    expect(Math.hypot(vacuum.x[0] - end[0], vacuum.x[1] - end[1], vacuum.x[2] - end[2])).toBeGreaterThan(1000);
  });

  it('follows Allen-Eggers: a vertical entry at the pole against the closed form, with and without gravity', () => {
    // Allen & Eggers (NACA TR-1381, 1958), straight-line entry neglecting gravity: V(h) = V_E exp(-C(h) /
    // (2 beta sin gamma)), C(h) the air column mass between h and the entry altitude (rho0 H e^{-h/H} in an
    // exponential atmosphere; here a quadrature of US76, the filter's atmosphere). With gravity the
    // vertical equation d(V^2/2)/ds = g - (rho / beta)(V^2/2) is still linear in V^2, and the integrating
    // factor gives V^2(h) = e^{-C(h)/beta} [V_E^2 + 2 int_h^hE g(h') e^{C(h')/beta} dh'] exactly. On the
    // polar axis the entry is exactly straight and vertical, the air does not move (omega x r = 0), the
    // geodetic altitude is z - b and J2 gravity is along the axis. Tolerance: 1e-4 relative, from the
    // filter's RK4 (1e-5 here) and the quadrature (10 m panels, midpoint: ~1e-6).
    const beta = 3000,
      v0 = 6000,
      h0 = 100e3;
    const f = new ReentryEkf({ accelerationPsd: 0, lnBetaPsd: 0 }).initialise(
      0,
      [0, 0, WGS84_B + h0, 0, 0, -v0, Math.log(beta)],
      new Float64Array(49),
    );
    const g = (h: number): number => {
      const out = new Float64Array(3);
      gravityJ2(0, 0, WGS84_B + h, out, 0);
      return -out[2];
    };
    const dh = 10;
    let t = 0,
      checked = 0;
    for (const hp of [80e3, 60e3, 40e3, 30e3, 20e3, 10e3]) {
      // march the filter to the probe altitude (predict to the time it reaches it, by the secant method)
      for (let it = 0; it < 30 && Math.abs(f.x[2] - WGS84_B - hp) > 1e-3; it++) {
        t += (f.x[2] - WGS84_B - hp) / -f.x[5];
        f.predict(t);
      }
      let C = 0,
        I = 0;
      for (let z = h0 - dh / 2; z > hp; z -= dh) {
        C += us76Density(z) * dh;
        I += g(z) * Math.exp(C / beta) * dh;
      }
      // C is now the column from hp to h0; I used the running column (from z to h0) at each z
      const exact = Math.sqrt(Math.exp(-C / beta) * (v0 * v0 + 2 * I));
      const speed = Math.hypot(f.x[3], f.x[4], f.x[5]);
      expect(Math.abs(speed / exact - 1), `${hp} m`).toBeLessThan(1e-4);
      // the classic law, gravity neglected, is below by at most the fall's gravity (the vacuum speed gain)
      const allenEggers = v0 * Math.exp(-C / (2 * beta));
      expect(speed).toBeGreaterThan(allenEggers);
      expect(speed - allenEggers).toBeLessThan(Math.sqrt(v0 * v0 + 2 * 9.84 * (h0 - hp)) - v0 + 1);
      checked++;
    }
    expect(checked).toBe(6);
    // and the drag is large there: by 10 km it has taken a third of the entry speed (3.9 of 6 km/s)
    expect(Math.hypot(f.x[3], f.x[4], f.x[5])).toBeLessThan(0.7 * v0);
  });

  it('propagates the covariance with the flight: the state-transition matrix agrees with finite differences', () => {
    // Phi from the variational equations against central differences of the propagated state (the same
    // integrator, so only the Jacobian is tested), over 16 s from 60 km for a warhead (drag ~1 g there and
    // rising to ~20 g): 1 % of each column's largest entry.
    const beta = 6000;
    const truth = reentryTruth(beta, 16);
    const x0 = [...truth.subarray(6 * 7, 6 * 7 + 6), Math.log(beta)];
    const T = 16;
    for (let j = 0; j < REENTRY_STATE; j++) {
      const d = j < 3 ? 1 : j < 6 ? 0.01 : 1e-4;
      // a small P (1e-8) keeps the statistical linearisation's spread terms out: this is the Jacobian alone
      const P0 = new Float64Array(49);
      P0[8 * j] = 1e-8;
      const lin = new ReentryEkf({ accelerationPsd: 0, lnBetaPsd: 0 }).initialise(14, x0, P0).predict(14 + T);
      const xp = x0.slice();
      xp[j] += d;
      const xm = x0.slice();
      xm[j] -= d;
      const fp = new ReentryEkf({ accelerationPsd: 0, lnBetaPsd: 0 }).initialise(14, xp, new Float64Array(49)).predict(14 + T);
      const fm = new ReentryEkf({ accelerationPsd: 0, lnBetaPsd: 0 }).initialise(14, xm, new Float64Array(49)).predict(14 + T);
      const fd = Array.from({ length: REENTRY_STATE }, (_, i) => (fp.state[i] - fm.state[i]) / (2 * d));
      const scale = Math.max(...fd.map(Math.abs));
      // lin.covariance = phi phi^T with phi = column j of Phi: compare phi_i phi_k with fd_i fd_k
      for (let i = 0; i < REENTRY_STATE; i++) {
        for (let k = 0; k < REENTRY_STATE; k++)
          expect(Math.abs(lin.covariance[7 * i + k] / 1e-8 - fd[i] * fd[k]), `column ${j}, (${i}, ${k})`).toBeLessThan(
            0.02 * scale * scale,
          );
      }
    }
  });
});

// ---- a radar near the impact area (X-band noise of the catalog's AN/TPY-2) looking every 2 s ----
const SITE = { latitude: 39 * DEG, longitude: -121 * DEG, altitude: 50 };
const NOISE: RadarNoise = { range: 5, azimuth: 0.02 * DEG, elevation: 0.02 * DEG };
/** A noisy look at a true ECI state computed independently of the filter's measurement code (ECEF, lookAngles). */
function look(s: ArrayLike<number>, t: number, n: () => number): Float64Array {
  const e = new Float64Array(3);
  toEcef(OMEGA_EARTH * t, s[0], s[1], s[2], e);
  const l = lookAngles(SITE.latitude, SITE.longitude, geodeticToEcef(SITE.latitude, SITE.longitude, SITE.altitude), e);
  return Float64Array.from([l.range + NOISE.range * n(), l.azimuth + NOISE.azimuth * n(), l.elevation + NOISE.elevation * n()]);
}
function nees7(f: ReentryEkf, truth: ArrayLike<number>, lnBeta: number): number {
  const e = [...Array.from({ length: 6 }, (_, i) => f.state[i] - truth[i]), f.state[6] - lnBeta];
  const Pi = new Float64Array(49);
  invertSpd(f.covariance, 7, Pi);
  let s = 0;
  for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) s += e[i] * Pi[7 * i + j] * e[j];
  return s;
}

interface MonteCarlo {
  altitude: Float64Array;
  meanNees: Float64Array;
  lnBeta: Float64Array[];
  lnSigma: Float64Array[];
}
/**
 * runs filters over one re-entry, each handed over at 100 km from a midcourse track (30 m, 3 m/s per axis,
 * drawn) with ln beta started at prior.mean (or, with prior.drawn, at the truth plus a draw of the prior's
 * spread, which is what NEES needs), updated by a look every 2 s.
 */
function monteCarlo(beta: number, seconds: number, runs: number, prior: { mean?: number; sigma: number }): MonteCarlo {
  const truth = reentryTruth(beta, seconds);
  const K = seconds / DT;
  const out: MonteCarlo = { altitude: new Float64Array(K + 1), meanNees: new Float64Array(K + 1), lnBeta: [], lnSigma: [] };
  for (let k = 0; k <= K; k++) out.altitude[k] = altitudeOf(truth.subarray(6 * k));
  for (let run = 0; run < runs; run++) {
    const n = gaussian(lcg(run + 1));
    const P0 = new Float64Array(36);
    for (let i = 0; i < 3; i++) {
      P0[7 * i] = 30 ** 2;
      P0[7 * (i + 3)] = 3 ** 2;
    }
    const x0 = Array.from({ length: 6 }, (_, i) => truth[i] + Math.sqrt(P0[7 * i]) * n());
    const start = prior.mean ?? Math.log(beta) + prior.sigma * n();
    const f = new ReentryEkf({ accelerationPsd: 1e-4 }).handOver(0, x0, P0, start, prior.sigma);
    const lb = new Float64Array(K + 1),
      ls = new Float64Array(K + 1);
    for (let k = 1; k <= K; k++) {
      const t = k * DT;
      f.predict(t);
      const s = truth.subarray(6 * k, 6 * k + 6);
      f.updateRadar(sensorSiteEci(SITE.latitude, SITE.longitude, SITE.altitude, OMEGA_EARTH * t), look(s, t, n), NOISE);
      out.meanNees[k] += nees7(f, s, Math.log(beta)) / runs;
      lb[k] = f.state[6];
      ls[k] = f.beta.lnSigma;
    }
    out.lnBeta.push(lb);
    out.lnSigma.push(ls);
  }
  return out;
}

describe('re-entry EKF: estimating beta from radar looks (100 Monte Carlo runs)', () => {
  const RUNS = 100;
  // two-sided 95 % band of the mean of RUNS independent NEES samples of 7 dof (Bar-Shalom et al. 2001, sec. 5.4.2)
  const lo = chiSquareQuantile(0.025, 7 * RUNS) / RUNS,
    hi = chiSquareQuantile(0.975, 7 * RUNS) / RUNS;
  const at = (mc: MonteCarlo, altitude: number): number => mc.altitude.findIndex((h) => h < altitude);

  it.each([
    [6000, 48, 20e3],
    [50, 40, 50e3],
  ])(
    'beta = %d: NEES in the chi-square band before the air bites, never badly overconfident, and beta to 3 %% by %d m',
    (beta, seconds, converged) => {
      // The wide prior of the engine's tracks (sigma 1.5 in ln beta: a factor of 4.5), the initial error drawn from it.
      const mc = monteCarlo(beta, seconds, RUNS, { sigma: 1.5 });
      // before drag is measurable (above ~80 km) the filter is the ballistic one plus an unobserved beta: consistent
      const early = at(mc, 85e3);
      expect(mc.meanNees[early]).toBeGreaterThan(lo);
      expect(mc.meanNees[early]).toBeLessThan(hi);
      // while beta becomes observable, the EKF linearises an exponential about a wrong beta: with statistical
      // linearisation (see the class) the mean NEES peaks at ~3.4 x 7 (a warhead near 45 km), ~2.2 x 7 (a
      // decoy near 75 km); without it, above 200 x. Bounded here at 4 x 7: a known, documented overconfidence.
      // The mean is carried by a few runs whose beta started far too high (drag underestimated as the air
      // thickens): with another set of seeds (run + 1 + 1000 beta) the warhead's peak mean was 25 x 7.
      expect(Math.max(...mc.meanNees)).toBeLessThan(4 * 7);
      // once converged the random walk of ln beta (which real objects need: Cd changes with Mach) makes it
      // conservative: mean NEES 5.2-5.7 (7 would be exact), never above the band
      const k = at(mc, converged);
      for (let j = k; j < mc.meanNees.length; j++) {
        expect(mc.meanNees[j]).toBeLessThan(hi);
        expect(mc.meanNees[j]).toBeGreaterThan(0.65 * 7);
      }
      // beta converges: within 3 % of the truth in 95 % of the runs by then, and the filter's sigma says ~1-2 %
      const errs = mc.lnBeta.map((l) => Math.abs(l[k] - Math.log(beta))).sort((a, b) => a - b);
      expect(errs[Math.floor(0.95 * RUNS) - 1]).toBeLessThan(0.03);
      expect(mc.lnSigma.every((s) => s[k] < 0.03)).toBe(true);
    },
  );

  it('separates a balloon decoy from a warhead by atmospheric deceleration (atmospheric filtering) by 60 km', () => {
    // "Atmospheric filtering": light decoys are slowed and stripped away as the objects re-enter, so a
    // terminal defense sees the warhead by its small deceleration (Sessler et al., Countermeasures,
    // UCS/MIT, 2000, ch. 4; NRC, Making Sense of Ballistic Missile Defense, 2012, ch. 2). Both objects are
    // started from the same wide prior (median 550 kg/m^2, sigma 1.5 in ln beta: the engine's), from the
    // same state (released from one bus); the estimates must differ by more than three combined sigmas
    // in 95 % of the runs once the objects are below 60 km, and the decoy's beta be known to 20 %
    // (the warhead's is still converging there).
    const prior = { mean: Math.log(550), sigma: 1.5 };
    const warhead = monteCarlo(6000, 30, RUNS, prior),
      decoy = monteCarlo(50, 30, RUNS, prior);
    const k = Math.max(at(warhead, 60e3), at(decoy, 60e3));
    let apart = 0;
    for (let r = 0; r < RUNS; r++) {
      const d = warhead.lnBeta[r][k] - decoy.lnBeta[r][k];
      if (d > 3 * Math.hypot(warhead.lnSigma[r][k], decoy.lnSigma[r][k])) apart++;
      expect(Math.abs(decoy.lnBeta[r][k] - Math.log(50))).toBeLessThan(0.2);
    }
    expect(apart).toBeGreaterThanOrEqual(0.95 * RUNS);
    // and not before: at 90 km neither has felt enough air to tell
    const early = at(warhead, 90e3);
    let apartEarly = 0;
    for (let r = 0; r < RUNS; r++)
      if (warhead.lnBeta[r][early] - decoy.lnBeta[r][early] > 3 * Math.hypot(warhead.lnSigma[r][early], decoy.lnSigma[r][early]))
        apartEarly++;
    expect(apartEarly).toBeLessThan(0.05 * RUNS);
  });
});
