import { J2_EARTH, MU_EARTH, OMEGA_EARTH } from '../constants.ts';
import { type AtmosphereState, us76 } from '../atmosphere/us76.ts';
import { ecefToGeodetic } from '../geo/geodetic.ts';
import { gravityJ2 } from '../gravity/j2.ts';
import { Rk4 } from '../numerics/rk4.ts';
import type { Derivative } from '../numerics/ode.ts';
import type { RadarNoise, SensorSite, TrackEstimate } from './ekf.ts';
import { createKalmanScratch, iteratedRadarUpdate, positionFixUpdate } from './kalman-update.ts';

/** Components of the re-entry filter's state: ECI position [m], velocity [m/s], ln(beta / (1 kg/m^2)). */
export const REENTRY_STATE = 7;

export interface ReentryEkfOptions {
  /** White-acceleration spectral density on each velocity axis [m^2/s^3] (unmodelled forces: lift, beta varying with Mach). */
  accelerationPsd: number;
  /** Spectral density of the random walk of ln(beta) [1/s] (beta drifts with Mach, attitude, ablation). Default 1e-4. */
  lnBetaPsd?: number;
  /** J2 in the propagation (default J2_EARTH, as the ballistic filter). */
  j2?: number;
  /** Largest RK4 sub-step [s] while the air is thin (above 150 km; default 10 s, as the ballistic filter). */
  maxStep?: number;
  /** Largest RK4 sub-step in the atmosphere [s] (default 1 s; see the class comment). */
  atmosphereStep?: number;
  /** Gauss-Newton iterations of the radar update (default 3, as the ballistic filter). */
  radarIterations?: number;
}

/** Above this altitude the air is too thin to limit the step (US76 density 2e-9 kg/m^3 at 150 km: drag < 1e-2 m/s^2 for beta >= 50). */
const THIN_AIR = 150_000;
/** A sub-step slows the object by at most this fraction of its airspeed (h lambda <= 0.2 with lambda ~ 2 |a| / |w|; an estimate of a light object that has not slowed yet may decelerate at hundreds of g). */
const STEP_SPEED_FRACTION = 0.1;
/** Altitude step of the density's central difference [m] (US76 scale heights are >= 5 km below 100 km: second-order error < 1e-4). */
const DH = 50;

/**
 * Extended Kalman filter for an object re-entering the atmosphere: state [r, v, ln beta] in ECI, where
 * beta = m / (Cd A) [kg/m^2] is the ballistic coefficient (Zarchan, Tactical and Strategic Missile
 * Guidance, ch. 9 and 10, "ballistic coefficient"; Mehra, IEEE Trans. Automatic Control 16(4), 1971,
 * "A comparison of several nonlinear filters for reentry vehicle tracking").
 *
 * Why ln beta. The drag deceleration is a = rho |w| w / (2 beta) (w the velocity relative to the
 * co-rotating air), so what radar looks measure is drag relative to its size: the error of an estimate of
 * a is a fraction of a, and a Gaussian error in ln beta is exactly that (d a / d ln beta = -a). The
 * quantity to estimate spans two orders of magnitude (balloon decoys tens of kg/m^2, warheads thousands),
 * and a prior wide enough for both is a Gaussian in ln beta but not in beta; 1/beta (Mehra's choice,
 * linear in the dynamics) would put half of such a prior's mass on negative drag. Above the sensible
 * atmosphere ln beta is unobservable and simply keeps its prior: the filter stays well posed, whereas a
 * state of 1/beta near 0 would be. ln beta is estimated in units of ln(kg/m^2).
 *
 * Dynamics: r' = v; v' = g_J2(r) - rho(h) |w| w / (2 beta), w = v - omega x r, rho the US 1976
 * atmosphere at the geodetic altitude h (atmosphere/us76.ts, the model the threats are flown with;
 * altitude does not depend on the Earth's rotation angle, so it is taken from the ECI position);
 * (ln beta)' = 0 plus its random walk. Gravity as the ballistic EKF (point mass + J2 in the state,
 * point mass in the Jacobian).
 *
 * Variational equation Phi' = A Phi with A = [[0, I, 0], [G + D_r, D_v, D_b], [0, 0, 0]]:
 * D_v = d a / d v = -(rho / 2 beta)(|w| I + w w^T / |w|); D_r = D_v (-[omega x]) + (-|w| w / 2 beta) rho' u^T
 * (u the radial unit vector: the altitude gradient, to the ~0.2 deg between the geodetic and geocentric
 * verticals), rho' = d rho / d h by a central difference of US76; D_b = d a / d ln beta = -a_drag.
 *
 * Steps: RK4 with sub-steps of at most atmosphereStep below 150 km. The stiffest term is the velocity
 * relaxation by drag, eigenvalue ~2 a/|w| (1/3 s^-1 for a 50 kg/m^2 balloon decelerating at 50 g at
 * 3 km/s), and the density an object meets changes by e every H / v_down ~ 2-3 s (H ~ 7 km); 1 s steps
 * keep h lambda < 0.4, well inside RK4's stability limit (2.8) and its truncation error (h lambda)^5 / 120
 * below 1e-4 per step. The tests compare against a DOPRI5 flight of the threat model (rtol 1e-10).
 *
 * The wide prior on ln beta (a factor of several either way) makes the drag's dependence on it strongly
 * nonlinear while beta is still unknown: a plain EKF linearised about a beta that is too high predicts
 * too little drag and too little spread, and its NEES runs hundreds of times too large as the air
 * thickens (tested). The prediction therefore uses statistical linearisation in ln beta (Gelb, Applied
 * Optimal Estimation, 1974, sec. 6.2): the mean drag under N(L, s^2) is e^{s^2/2} times the drag at L, its
 * regression slope on ln beta is minus that mean, and the variance left unexplained enters as a constant
 * unknown acceleration over each sub-step. With s -> 0 it is the plain EKF. What is left is a transient
 * overconfidence while beta becomes observable (mean NEES up to ~3.4 x its dof, docs/closed-kill-chain.md).
 *
 * Process noise: white acceleration q on each velocity axis (Q as in the ballistic EKF, continuous white
 * noise acceleration, Bar-Shalom, Li & Kirubarajan 2001, sec. 6.2) and a random walk of ln beta, q_b h
 * per sub-step. Updates: the ballistic EKF's own (kalman-update.ts) on a 7-component state.
 *
 * x and P (the TrackEstimate) are the kinematic part, [r, v] and its 6 x 6 covariance, refreshed after
 * every step, so that gating, fusion and fire control read a re-entry track as any other;
 * the full state is `state` and `covariance` (7 and 7 x 7).
 */
export class ReentryEkf implements TrackEstimate {
  t = 0;
  readonly x = new Float64Array(6);
  readonly P = new Float64Array(36);
  /** [r, v, ln beta]. */
  readonly state = new Float64Array(REENTRY_STATE);
  /** 7 x 7 row-major. */
  readonly covariance = new Float64Array(REENTRY_STATE * REENTRY_STATE);
  readonly accelerationPsd: number;
  readonly lnBetaPsd: number;
  readonly j2: number;
  readonly maxStep: number;
  readonly atmosphereStep: number;
  readonly radarIterations: number;

  private readonly rk4 = new Rk4(REENTRY_STATE + REENTRY_STATE * REENTRY_STATE);
  private readonly aug = new Float64Array(REENTRY_STATE + REENTRY_STATE * REENTRY_STATE);
  private readonly A = new Float64Array(49);
  private readonly B = new Float64Array(49);
  private readonly scratch = createKalmanScratch(REENTRY_STATE);
  private readonly atm: AtmosphereState = { temperatureK: 0, pressurePa: 0, densityKgM3: 0, speedOfSoundMS: 0 };
  private readonly geo = new Float64Array(3);
  /** exp(sigma_L^2 / 2) for the current sub-step: E[1 / beta] / (1 / median beta) under the Gaussian in ln beta (statistical linearisation). */
  private meanFactor = 1;
  private readonly drag = new Float64Array(3);
  private readonly derivative: Derivative;

  constructor(options: ReentryEkfOptions) {
    if (!(options.accelerationPsd >= 0))
      throw new Error(`ReentryEkf: accelerationPsd must be >= 0 m^2/s^3, got ${options.accelerationPsd}`);
    this.accelerationPsd = options.accelerationPsd;
    this.lnBetaPsd = options.lnBetaPsd ?? 1e-4;
    this.j2 = options.j2 ?? J2_EARTH;
    this.maxStep = options.maxStep ?? 10;
    this.atmosphereStep = options.atmosphereStep ?? 1;
    this.radarIterations = options.radarIterations ?? 3;
    if (!(this.lnBetaPsd >= 0)) throw new Error(`ReentryEkf: lnBetaPsd must be >= 0, got ${this.lnBetaPsd}`);
    if (!(this.maxStep > 0 && this.atmosphereStep > 0)) throw new Error('ReentryEkf: steps must be positive');
    if (!(Number.isInteger(this.radarIterations) && this.radarIterations >= 1))
      throw new Error(`ReentryEkf: radarIterations must be a positive integer, got ${this.radarIterations}`);
    const j2 = this.j2;
    const w = OMEGA_EARTH;
    const n = REENTRY_STATE;
    const dr = new Float64Array(9),
      dv = new Float64Array(9),
      db = new Float64Array(3),
      W = new Float64Array(3),
      G = new Float64Array(9);
    this.derivative = (_t, y, dy) => {
      const x = y[0],
        yy = y[1],
        z = y[2],
        vx = y[3],
        vy = y[4],
        vz = y[5];
      dy[0] = vx;
      dy[1] = vy;
      dy[2] = vz;
      dy[6] = 0;
      gravityJ2(x, yy, z, dy, 3, j2);
      const r2 = x * x + yy * yy + z * z;
      const r = Math.sqrt(r2);
      const k = MU_EARTH / (r2 * r);
      const k3 = (3 * k) / r2;
      // G = mu/r^3 (3 r r^T / r^2 - I): the point-mass gravity gradient
      const g00 = k3 * x * x - k,
        g11 = k3 * yy * yy - k,
        g22 = k3 * z * z - k;
      const g01 = k3 * x * yy,
        g02 = k3 * x * z,
        g12 = k3 * yy * z;
      dr.fill(0);
      dv.fill(0);
      db.fill(0);
      const h = ecefToGeodetic(x, yy, z, this.geo)[2];
      const rho = this.density(h);
      // w = v - omega x r (the atmosphere co-rotates; omega along z)
      const wx = vx + w * yy,
        wy = vy - w * x,
        wz = vz;
      const ws = Math.sqrt(wx * wx + wy * wy + wz * wz);
      if (rho > 0 && ws > 0) {
        const c = 0.5 * Math.exp(-y[6]) * this.meanFactor; // E[1 / (2 beta)]
        const f = c * rho * ws; // a_drag = -f w
        const ax = -f * wx,
          ay = -f * wy,
          az = -f * wz;
        dy[3] += ax;
        dy[4] += ay;
        dy[5] += az;
        db[0] = -ax;
        db[1] = -ay;
        db[2] = -az;
        // D_v = -(c rho)(|w| I + w w^T / |w|)
        const cr = c * rho;
        W[0] = wx;
        W[1] = wy;
        W[2] = wz;
        for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) dv[3 * i + j] = -cr * ((i === j ? ws : 0) + (W[i] * W[j]) / ws);
        // D_r = D_v (-[omega x]) + (-c |w| w) rho' u^T; [omega x] = [[0, -w, 0], [w, 0, 0], [0, 0, 0]]
        const drho = (this.density(h + DH) - this.density(h - DH)) / (2 * DH);
        const ux = x / r,
          uy = yy / r,
          uz = z / r;
        for (let i = 0; i < 3; i++) {
          const s = -c * ws * W[i] * drho;
          dr[3 * i] = -dv[3 * i + 1] * w + s * ux;
          dr[3 * i + 1] = dv[3 * i] * w + s * uy;
          dr[3 * i + 2] = s * uz;
        }
      }
      G[0] = g00;
      G[1] = g01;
      G[2] = g02;
      G[3] = g01;
      G[4] = g11;
      G[5] = g12;
      G[6] = g02;
      G[7] = g12;
      G[8] = g22;
      // Phi' = A Phi: rows 0-2 are Phi's rows 3-5; rows 3-5 = (G + D_r) Phi_r + D_v Phi_v + D_b Phi_b; row 6 = 0
      for (let col = 0; col < n; col++) {
        const p0 = y[n + col],
          p1 = y[n + n + col],
          p2 = y[n + 2 * n + col];
        const p3 = y[n + 3 * n + col],
          p4 = y[n + 4 * n + col],
          p5 = y[n + 5 * n + col],
          p6 = y[n + 6 * n + col];
        dy[n + col] = p3;
        dy[n + n + col] = p4;
        dy[n + 2 * n + col] = p5;
        for (let i = 0; i < 3; i++) {
          dy[n + (3 + i) * n + col] =
            (G[3 * i] + dr[3 * i]) * p0 +
            (G[3 * i + 1] + dr[3 * i + 1]) * p1 +
            (G[3 * i + 2] + dr[3 * i + 2]) * p2 +
            dv[3 * i] * p3 +
            dv[3 * i + 1] * p4 +
            dv[3 * i + 2] * p5 +
            db[i] * p6;
        }
        dy[n + 6 * n + col] = 0;
      }
    };
  }

  /** Magnitude of the drag [m/s^2] at the median ln beta of the current state, at altitude h; its direction (against the airspeed) into this.drag. */
  private dragAtMedian(h: number): number {
    const s = this.state,
      w = OMEGA_EARTH;
    const wx = s[3] + w * s[1],
      wy = s[4] - w * s[0],
      wz = s[5];
    const ws = Math.sqrt(wx * wx + wy * wy + wz * wz);
    if (!(ws > 0)) return 0;
    this.drag[0] = -wx / ws;
    this.drag[1] = -wy / ws;
    this.drag[2] = -wz / ws;
    return 0.5 * Math.exp(-s[6]) * this.density(h) * ws * ws;
  }

  /** The drag's relative slowing rate |a_drag| / |w| [1/s] of the current state at altitude h (0 in vacuum). */
  private dragRate(h: number): number {
    const s = this.state,
      w = OMEGA_EARTH;
    const wx = s[3] + w * s[1],
      wy = s[4] - w * s[0],
      wz = s[5];
    return 0.5 * Math.exp(-s[6]) * this.density(h) * Math.sqrt(wx * wx + wy * wy + wz * wz);
  }

  private density(h: number): number {
    return us76(h, this.atm).densityKgM3;
  }

  /** The ballistic coefficient estimate beta = exp(ln beta) [kg/m^2] and the one-sigma of ln beta. */
  get beta(): { value: number; lnSigma: number } {
    return { value: Math.exp(this.state[6]), lnSigma: Math.sqrt(this.covariance[48]) };
  }

  /** Sets the full estimate: state [r, v, ln beta] and its 7 x 7 covariance. */
  initialise(t: number, state: ArrayLike<number>, covariance: ArrayLike<number>): this {
    this.t = t;
    for (let i = 0; i < REENTRY_STATE; i++) this.state[i] = state[i];
    for (let i = 0; i < 49; i++) this.covariance[i] = covariance[i];
    this.syncKinematics();
    return this;
  }

  /**
   * Takes over a kinematic track (x, P of [r, v], e.g. a ballistic EKF's at the floor) with an
   * independent prior on ln beta: mean lnBeta, one-sigma lnBetaSigma. The prior is the whole of what the
   * filter knows about beta when it starts: radar looks through the atmosphere then estimate it.
   */
  handOver(t: number, x: ArrayLike<number>, P: ArrayLike<number>, lnBeta: number, lnBetaSigma: number): this {
    this.t = t;
    this.covariance.fill(0);
    for (let i = 0; i < 6; i++) {
      this.state[i] = x[i];
      for (let j = 0; j < 6; j++) this.covariance[7 * i + j] = P[6 * i + j];
    }
    this.state[6] = lnBeta;
    this.covariance[48] = lnBetaSigma * lnBetaSigma;
    this.syncKinematics();
    return this;
  }

  /**
   * Starts from two position fixes p1 (t1) and p2 (t2 > t1) of covariances R1, R2, with the ln beta prior:
   * two-point differencing as the ballistic EKF (BallisticEkf.initialiseFromFixes), whose mean velocity
   * over the interval is corrected to t2 by the acceleration at p2 times dt/2: gravity, and drag at the
   * prior beta evaluated with the differenced velocity. The drag term is uncertain through beta: to first
   * order the velocity error is (dt/2) D_b delta(ln beta), which enters P_vv and the velocity-beta
   * correlation (a decoy decelerating at 5 g misplaces a 10 s difference by 250 m/s at the wrong beta).
   */
  initialiseFromFixes(
    t1: number,
    p1: ArrayLike<number>,
    R1: ArrayLike<number>,
    t2: number,
    p2: ArrayLike<number>,
    R2: ArrayLike<number>,
    lnBeta: number,
    lnBetaSigma: number,
  ): this {
    const dt = t2 - t1;
    if (!(dt > 0)) throw new Error(`ReentryEkf: the second fix must come after the first (t1 = ${t1} s, t2 = ${t2} s)`);
    const y = new Float64Array(REENTRY_STATE + 49);
    for (let i = 0; i < 3; i++) {
      y[i] = p2[i];
      y[3 + i] = (p2[i] - p1[i]) / dt;
    }
    y[6] = lnBeta;
    const dy = new Float64Array(REENTRY_STATE + 49);
    this.derivative(t2, y, dy);
    // drag's share of the acceleration: D_b = -a_drag = the acceleration minus gravity, negated
    const g = new Float64Array(3);
    gravityJ2(p2[0], p2[1], p2[2], g, 0, this.j2);
    const db = [g[0] - dy[3], g[1] - dy[4], g[2] - dy[5]];
    this.t = t2;
    this.covariance.fill(0);
    const C = this.covariance;
    const s2 = lnBetaSigma * lnBetaSigma;
    for (let i = 0; i < 3; i++) {
      this.state[i] = p2[i];
      this.state[3 + i] = y[3 + i] + 0.5 * dy[3 + i] * dt;
      for (let j = 0; j < 3; j++) {
        const r2 = R2[3 * i + j];
        C[7 * i + j] = r2;
        C[7 * i + j + 3] = r2 / dt;
        C[7 * (i + 3) + j] = r2 / dt;
        C[7 * (i + 3) + j + 3] = (R1[3 * i + j] + r2) / (dt * dt) + 0.25 * dt * dt * db[i] * db[j] * s2;
      }
      C[7 * (i + 3) + 6] = 0.5 * dt * db[i] * s2;
      C[7 * 6 + i + 3] = 0.5 * dt * db[i] * s2;
    }
    this.state[6] = lnBeta;
    C[48] = s2;
    this.syncKinematics();
    return this;
  }

  /** Propagates the estimate and its covariance to time t (forward or backward; no-op when t equals the track time). */
  predict(t: number): this {
    const n = REENTRY_STATE;
    const { aug, covariance: P, A, B } = this;
    const q = this.accelerationPsd,
      qb = this.lnBetaPsd;
    const dir = Math.sign(t - this.t);
    while ((t - this.t) * dir > 1e-9) {
      const alt = ecefToGeodetic(this.state[0], this.state[1], this.state[2], this.geo)[2];
      const hMax = alt > THIN_AIR ? this.maxStep : Math.min(this.atmosphereStep, STEP_SPEED_FRACTION / this.dragRate(alt));
      const left = Math.abs(t - this.t);
      // equal sub-steps over what is left at this step size (no sliver of a step at the end)
      const h = dir * (left / Math.max(1, Math.ceil(left / hMax - 1e-9)));
      // statistical linearisation in ln beta (Gelb, Applied Optimal Estimation, 1974, sec. 6.2): with
      // ln beta ~ N(L, s^2) the drag e^{-ln beta} has mean e^{-L + s^2/2} and regression slope on ln beta
      // -(that mean) (Stein's lemma), and the variance the slope leaves unexplained,
      // a0^2 e^{s^2} (e^{s^2} - 1 - s^2) (a0 the drag at L), enters as a constant unknown acceleration over
      // the sub-step along the airspeed. For s -> 0 this is the plain EKF.
      const s2 = Math.max(0, P[48]);
      this.meanFactor = Math.exp(0.5 * s2);
      const residual = this.dragAtMedian(alt) ** 2 * Math.exp(s2) * Math.expm1(s2) - s2 * (this.dragAtMedian(alt) * this.meanFactor) ** 2;
      aug.fill(0, n);
      for (let i = 0; i < n; i++) {
        aug[i] = this.state[i];
        aug[n + (n + 1) * i] = 1;
      }
      this.rk4.step(this.derivative, this.t, aug, h);
      for (let i = 0; i < n; i++) this.state[i] = aug[i];
      // P = Phi P Phi^T + Q
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let acc = 0;
          for (let k = 0; k < n; k++) acc += aug[n + n * i + k] * P[n * k + j];
          A[n * i + j] = acc;
        }
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          let acc = 0;
          for (let k = 0; k < n; k++) acc += A[n * i + k] * aug[n + n * j + k];
          B[n * i + j] = acc;
          B[n * j + i] = acc;
        }
      }
      P.set(B);
      const ah = Math.abs(h);
      const qpp = (q * ah * ah * ah) / 3,
        qpv = ((q * h * h) / 2) * dir,
        qvv = q * ah;
      for (let i = 0; i < 3; i++) {
        P[(n + 1) * i] += qpp;
        P[n * i + i + 3] += qpv;
        P[n * (i + 3) + i] += qpv;
        P[(n + 1) * (i + 3)] += qvv;
      }
      P[48] += qb * ah;
      if (residual > 0) {
        // a constant acceleration of variance V along u over h: r gets u V h^4 / 4 u^T, v gets u V h^2 u^T
        const u = this.drag,
          V = residual;
        for (let i = 0; i < 3; i++) {
          for (let j = 0; j < 3; j++) {
            const uu = V * u[i] * u[j];
            P[n * i + j] += (uu * h * h * h * h) / 4;
            P[n * i + j + 3] += (uu * h * h * h) / 2;
            P[n * (i + 3) + j] += (uu * h * h * h) / 2;
            P[n * (i + 3) + j + 3] += uu * h * h;
          }
        }
      }
      this.t = Math.abs(t - this.t - h) < 1e-9 ? t : this.t + h;
    }
    this.t = t;
    this.syncKinematics();
    return this;
  }

  /** Updates with a radar look [range, azimuth, elevation] at the track's time from a site in ECI then. Returns the NIS (3 dof). */
  updateRadar(site: SensorSite, z: ArrayLike<number>, noise: RadarNoise): number {
    const nis = iteratedRadarUpdate(this.state, this.covariance, this.scratch, site, z, noise, this.radarIterations);
    this.syncKinematics();
    return nis;
  }

  /** Updates with a 3-D ECI position fix z [m] of covariance R (3 x 3, m^2). Returns the NIS (3 dof). */
  updatePosition(z: ArrayLike<number>, R: ArrayLike<number>): number {
    const nis = positionFixUpdate(this.state, this.covariance, this.scratch, z, R);
    this.syncKinematics();
    return nis;
  }

  /** The ECI drag acceleration [m/s^2] of the current estimate, written to out (what the filter believes the air is doing). */
  dragAcceleration(out: Float64Array = new Float64Array(3)): Float64Array {
    const y = new Float64Array(REENTRY_STATE + 49);
    y.set(this.state);
    const dy = new Float64Array(REENTRY_STATE + 49);
    this.derivative(this.t, y, dy);
    const g = new Float64Array(3);
    gravityJ2(y[0], y[1], y[2], g, 0, this.j2);
    for (let i = 0; i < 3; i++) out[i] = dy[3 + i] - g[i];
    return out;
  }

  private syncKinematics(): void {
    for (let i = 0; i < 6; i++) {
      this.x[i] = this.state[i];
      for (let j = 0; j < 6; j++) this.P[6 * i + j] = this.covariance[7 * i + j];
    }
  }
}
