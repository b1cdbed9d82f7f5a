import { J2_EARTH, MU_EARTH } from '../constants.ts';
import { enuToEcef } from '../geo/enu.ts';
import { geodeticToEcef } from '../geo/geodetic.ts';
import { gravityJ2 } from '../gravity/j2.ts';
import { Rk4 } from '../numerics/rk4.ts';
import type { Derivative } from '../numerics/ode.ts';
import { toEci } from '../geo/earth-rotation.ts';
import { createKalmanScratch, iteratedRadarUpdate, positionFixUpdate } from './kalman-update.ts';

/**
 * An estimate of an object's ECI state [x, y, z, vx, vy, vz] (m, m/s) at time t [s] with its error
 * covariance P (6 x 6, row-major). What a sensor's filter produces and what fusion and fire control read.
 */
export interface TrackEstimate {
  t: number;
  readonly x: Float64Array;
  readonly P: Float64Array;
}

/** A ground (or ship) sensor at the measurement time: its ECI position and its local east-north-up axes in ECI. */
export interface SensorSite {
  readonly position: Float64Array;
  readonly east: Float64Array;
  readonly north: Float64Array;
  readonly up: Float64Array;
}

/** One-sigma radar measurement errors: range [m], azimuth and elevation [rad]. */
export interface RadarNoise {
  range: number;
  azimuth: number;
  elevation: number;
}

export interface BallisticEkfOptions {
  /**
   * Spectral density q of the white acceleration that stands for unmodelled forces [m^2/s^3]
   * (the variance of the velocity random walk grows by q per second).
   */
  accelerationPsd: number;
  /** J2 used in the propagation (default J2_EARTH; 0 for a point mass). */
  j2?: number;
  /** Largest RK4 sub-step of a prediction [s] (default 10 s: local error ~1e-3 m per step in LEO, h^5 scaling). */
  maxStep?: number;
  /** Gauss-Newton iterations of the radar update (default 3; 1 = the plain EKF update; see BallisticEkf). */
  radarIterations?: number;
}

/**
 * A sensor site at Earth-rotation angle theta (ECEF = Rz(theta) ECI): geodetic position and ENU axes from
 * the frames module, rotated to ECI. The caller chooses theta for the measurement time.
 */
export function sensorSiteEci(latitude: number, longitude: number, altitude: number, theta: number, out?: SensorSite): SensorSite {
  const site = out ?? { position: new Float64Array(3), east: new Float64Array(3), north: new Float64Array(3), up: new Float64Array(3) };
  const v = new Float64Array(3);
  geodeticToEcef(latitude, longitude, altitude, v);
  toEci(theta, v[0], v[1], v[2], site.position);
  enuToEcef(latitude, longitude, 1, 0, 0, v);
  toEci(theta, v[0], v[1], v[2], site.east);
  enuToEcef(latitude, longitude, 0, 1, 0, v);
  toEci(theta, v[0], v[1], v[2], site.north);
  enuToEcef(latitude, longitude, 0, 0, 1, v);
  toEci(theta, v[0], v[1], v[2], site.up);
  return site;
}

/**
 * Range [m], azimuth from north [rad, 0..2pi) and elevation [rad] of an ECI position from a site,
 * written to out[0..2]: d = r - s, (E, N, U) = (d.e, d.n, d.u), az = atan2(E, N), el = atan2(U, hypot(E, N)).
 */
export function radarMeasurement(site: SensorSite, r: ArrayLike<number>, out: Float64Array | number[]): Float64Array | number[] {
  const dx = r[0] - site.position[0],
    dy = r[1] - site.position[1],
    dz = r[2] - site.position[2];
  const { east: e, north: n, up: u } = site;
  const E = dx * e[0] + dy * e[1] + dz * e[2];
  const N = dx * n[0] + dy * n[1] + dz * n[2];
  const U = dx * u[0] + dy * u[1] + dz * u[2];
  let az = Math.atan2(E, N);
  if (az < 0) az += 2 * Math.PI;
  out[0] = Math.hypot(dx, dy, dz);
  out[1] = az;
  out[2] = Math.atan2(U, Math.hypot(E, N));
  return out;
}

/**
 * A radar measurement turned into an ECI position fix with its first-order covariance J R J^T
 * (J = d(position)/d(range, az, el)); used to start a track. The linearised conversion is unbiased to
 * within range * sigma_angle^2 / 2 (1 m at 2,000 km and 1 mrad), far below the cross-range sigma.
 */
export function radarToPosition(
  site: SensorSite,
  z: ArrayLike<number>,
  noise: RadarNoise,
): { position: Float64Array; covariance: Float64Array } {
  const [rho, az, el] = [z[0], z[1], z[2]];
  const sa = Math.sin(az),
    ca = Math.cos(az),
    se = Math.sin(el),
    ce = Math.cos(el);
  // ENU components: E = rho ce sa, N = rho ce ca, U = rho se
  const { east: e, north: n, up: u } = site;
  const position = new Float64Array(3);
  const J = new Float64Array(9); // rows x, y, z; columns range, az, el
  for (let i = 0; i < 3; i++) {
    position[i] = site.position[i] + rho * (ce * sa * e[i] + ce * ca * n[i] + se * u[i]);
    J[3 * i] = ce * sa * e[i] + ce * ca * n[i] + se * u[i];
    J[3 * i + 1] = rho * ce * (ca * e[i] - sa * n[i]);
    J[3 * i + 2] = rho * (-se * sa * e[i] - se * ca * n[i] + ce * u[i]);
  }
  const rv = [noise.range ** 2, noise.azimuth ** 2, noise.elevation ** 2];
  const covariance = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += J[3 * i + k] * rv[k] * J[3 * j + k];
      covariance[3 * i + j] = s;
    }
  }
  return { position, covariance };
}

/** Wraps an angle difference to (-pi, pi]. */
export function wrapAngle(a: number): number {
  const w = a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
  return w === -Math.PI ? Math.PI : w;
}

/**
 * Cholesky factorisation of a symmetric positive-definite n x n matrix (row-major), inverse written to
 * out. Returns log det(a), or NaN (out untouched) when a is not positive definite. Two n x n scratch
 * arrays are kept between calls and cleared on each (n is 3 or 6 here; a filter update calls this, and an
 * allocation per call was millions of short-lived buffers in a raid's trial).
 */
export function invertSpd(a: ArrayLike<number>, n: number, out: Float64Array): number {
  if (spdScratch.L.length < n * n) spdScratch = { L: new Float64Array(n * n), Li: new Float64Array(n * n) };
  const { L, Li } = spdScratch;
  L.fill(0, 0, n * n);
  Li.fill(0, 0, n * n);
  let logDet = 0;
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] ** 2;
    if (!(d > 0)) return NaN;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    logDet += 2 * Math.log(ljj);
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / ljj;
    }
  }
  // inverse of L (lower triangular), then a^-1 = L^-T L^-1
  for (let j = 0; j < n; j++) {
    Li[j * n + j] = 1 / L[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= L[i * n + k] * Li[k * n + j];
      Li[i * n + j] = s / L[i * n + i];
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += Li[k * n + i] * Li[k * n + j];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return logDet;
}

let spdScratch = { L: new Float64Array(36), Li: new Float64Array(36) };

/** Normalised estimation error squared e^T P^-1 e of an estimate against the true state (chi-square, 6 dof, if consistent). */
export function nees(track: TrackEstimate, truth: ArrayLike<number>): number {
  const Pi = new Float64Array(36);
  if (Number.isNaN(invertSpd(track.P, 6, Pi))) return Infinity;
  let s = 0;
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) s += (track.x[i] - truth[i]) * Pi[6 * i + j] * (track.x[j] - truth[j]);
  }
  return s;
}

/** The scratch arrays of BallisticEkf's predict and update (single-threaded; no call leaves state in them). */
const SCRATCH = {
  rk4: new Rk4(42),
  aug: new Float64Array(42),
  tmp36: new Float64Array(36),
  tmp36b: new Float64Array(36),
  kalman: createKalmanScratch(6),
};

const derivatives = new Map<number, Derivative>();

/** The state and state-transition derivative of a ballistic object under J2 gravity (one function per J2 value). */
function ballisticDerivative(j2: number): Derivative {
  const hit = derivatives.get(j2);
  if (hit) return hit;
  const f: Derivative = (_t, y, dy) => {
    const x = y[0],
      yy = y[1],
      z = y[2];
    dy[0] = y[3];
    dy[1] = y[4];
    dy[2] = y[5];
    gravityJ2(x, yy, z, dy, 3, j2);
    // G = mu/r^3 (3 r r^T / r^2 - I): the point-mass gravity gradient
    const r2 = x * x + yy * yy + z * z;
    const k = MU_EARTH / (r2 * Math.sqrt(r2));
    const k3 = (3 * k) / r2;
    const g00 = k3 * x * x - k,
      g11 = k3 * yy * yy - k,
      g22 = k3 * z * z - k;
    const g01 = k3 * x * yy,
      g02 = k3 * x * z,
      g12 = k3 * yy * z;
    // Phi' = [[0, I], [G, 0]] Phi: top rows take Phi's bottom rows; bottom rows are G times the top rows
    for (let c = 0; c < 6; c++) {
      const p0 = y[6 + c],
        p1 = y[12 + c],
        p2 = y[18 + c];
      dy[6 + c] = y[24 + c];
      dy[12 + c] = y[30 + c];
      dy[18 + c] = y[36 + c];
      dy[24 + c] = g00 * p0 + g01 * p1 + g02 * p2;
      dy[30 + c] = g01 * p0 + g11 * p1 + g12 * p2;
      dy[36 + c] = g02 * p0 + g12 * p1 + g22 * p2;
    }
  };
  derivatives.set(j2, f);
  return f;
}

/**
 * Extended Kalman filter for an object in ballistic (exo-atmospheric) flight, state [r, v] in ECI.
 *
 * Propagation: point-mass + J2 gravity, RK4 in sub-steps of at most maxStep, together with the
 * variational equation Phi' = A Phi, A = [[0, I], [G, 0]], where G is the point-mass gravity gradient
 * d(a)/d(r) = -mu/r^3 (I - 3 r r^T / r^2) (Montenbruck & Gill, Satellite Orbits, 2000, ch. 7, variational
 * equations). J2 is in the propagation but not
 * in the Jacobian: its gradient is ~1e-3 of G, which changes Phi by ~1e-9 per 10 s step - far below the
 * covariance's own precision - whereas leaving J2 out of the state propagation misplaces the object by
 * tens of metres per minute (the tests show NEES failing then).
 *
 * Process noise: continuous white acceleration of spectral density q on each axis (the "continuous
 * white noise acceleration" model, Bar-Shalom, Li & Kirubarajan, Estimation with Applications to
 * Tracking and Navigation, 2001, sec. 6.2): per sub-step h, Q = q [[h^3/3 I, h^2/2 I], [h^2/2 I, h I]].
 * This is the discretisation for constant velocity; the gravity gradient's share of Q is O(|G| h^2) ~
 * 1e-4 relative for 10 s steps and is neglected. P is propagated sub-step by sub-step, P = Phi P Phi^T + Q.
 *
 * Updates (kalman-update.ts, shared with the re-entry filter): range/azimuth/elevation from a sensor
 * site, or a 3-D position fix with its covariance, in Joseph form P = (I - K H) P (I - K H)^T + K R K^T
 * (Bar-Shalom et al., ch. 5), which keeps P symmetric positive definite in floating point. Azimuth residuals are wrapped to (-pi, pi].
 * The radar update is iterated (the iterated EKF, a Gauss-Newton step on the MAP problem: Bell &
 * Cathey, IEEE Trans. Automatic Control 38(2), 1993): relinearising at the updated state matters when
 * the prior is wide across the line of sight - a new track's cross-range sigma of kilometres bends
 * the range by delta^2 / (2 range), several metres at 3,000 km, against a 25 m range sigma. In the
 * tests the plain update (radarIterations = 1) is ~7 % overconfident (mean NEES 6.4-6.6 over 400 runs);
 * three iterations bring it to 6.15.
 *
 * Scratch arrays are shared by all filters (SCRATCH); predict and update allocate only in invertSpd.
 */
export class BallisticEkf implements TrackEstimate {
  t = 0;
  readonly x = new Float64Array(6);
  readonly P = new Float64Array(36);
  readonly accelerationPsd: number;
  readonly j2: number;
  readonly maxStep: number;
  readonly radarIterations: number;

  // scratch shared by every filter (a method never leaves anything in it for a later call), so that a
  // raid's thousands of tentative tracks each hold only their estimate
  private readonly rk4 = SCRATCH.rk4;
  private readonly aug = SCRATCH.aug;
  private readonly tmp36 = SCRATCH.tmp36;
  private readonly tmp36b = SCRATCH.tmp36b;
  private readonly scratch = SCRATCH.kalman;
  private readonly derivative: Derivative;

  constructor(options: BallisticEkfOptions) {
    if (!(options.accelerationPsd >= 0))
      throw new Error(`BallisticEkf: accelerationPsd must be >= 0 m^2/s^3, got ${options.accelerationPsd}`);
    this.accelerationPsd = options.accelerationPsd;
    this.j2 = options.j2 ?? J2_EARTH;
    this.maxStep = options.maxStep ?? 10;
    this.radarIterations = options.radarIterations ?? 3;
    if (!(Number.isInteger(this.radarIterations) && this.radarIterations >= 1))
      throw new Error(`BallisticEkf: radarIterations must be a positive integer, got ${this.radarIterations}`);
    if (!(this.maxStep > 0)) throw new Error(`BallisticEkf: maxStep must be positive, got ${this.maxStep}`);
    this.derivative = ballisticDerivative(this.j2);
  }

  /** Sets the estimate. */
  initialise(t: number, x: ArrayLike<number>, P: ArrayLike<number>): this {
    this.t = t;
    for (let i = 0; i < 6; i++) this.x[i] = x[i];
    for (let i = 0; i < 36; i++) this.P[i] = P[i];
    return this;
  }

  /**
   * Starts the track from two position fixes p1 (at t1) and p2 (at t2 > t1) with covariances R1, R2
   * (3 x 3 row-major): two-point differencing (Bar-Shalom et al., ch. 5) with a gravity correction.
   * x = [p2, (p2 - p1)/dt + g(p2) dt/2] (the difference is the mean velocity over the interval; gravity
   * has changed it by g dt/2 by t2). Assuming independent fixes, P_rr = R2, P_rv = R2/dt,
   * P_vv = (R1 + R2)/dt^2 - large, as it should be: it is the honest uncertainty of a velocity from two
   * fixes, and the filter's first updates shrink it. The error of the gravity correction (gradient
   * times dt^2 ~ 1e-6 s^-2 x dt^2 times the distance, i.e. sub-metre for dt <= 30 s) is not modelled.
   * Three or more fixes give a better start by a least-squares fit; not done here.
   */
  initialiseFromFixes(
    t1: number,
    p1: ArrayLike<number>,
    R1: ArrayLike<number>,
    t2: number,
    p2: ArrayLike<number>,
    R2: ArrayLike<number>,
  ): this {
    const dt = t2 - t1;
    if (!(dt > 0)) throw new Error(`BallisticEkf: the second fix must come after the first (t1 = ${t1} s, t2 = ${t2} s)`);
    const g = new Float64Array(3);
    gravityJ2(p2[0], p2[1], p2[2], g, 0, this.j2);
    this.t = t2;
    for (let i = 0; i < 3; i++) {
      this.x[i] = p2[i];
      this.x[i + 3] = (p2[i] - p1[i]) / dt + 0.5 * g[i] * dt;
    }
    this.P.fill(0);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const r2 = R2[3 * i + j];
        this.P[6 * i + j] = r2;
        this.P[6 * i + j + 3] = r2 / dt;
        this.P[6 * (i + 3) + j] = r2 / dt;
        this.P[6 * (i + 3) + j + 3] = (R1[3 * i + j] + r2) / (dt * dt);
      }
    }
    return this;
  }

  /** Propagates the estimate and its covariance to time t (forward or backward; no-op when t equals the track time). */
  predict(t: number): this {
    const span = t - this.t;
    if (span === 0) return this;
    const steps = Math.max(1, Math.ceil(Math.abs(span) / this.maxStep - 1e-9));
    const h = span / steps;
    const { aug, P, tmp36: A, tmp36b: B } = this;
    const q = this.accelerationPsd;
    const ah = Math.abs(h);
    const qpp = (q * ah * ah * ah) / 3,
      qpv = ((q * h * h) / 2) * Math.sign(h),
      qvv = q * ah;
    for (let s = 0; s < steps; s++) {
      aug.fill(0, 6);
      for (let i = 0; i < 6; i++) {
        aug[i] = this.x[i];
        aug[6 + 7 * i] = 1;
      }
      this.rk4.step(this.derivative, this.t + s * h, aug, h);
      for (let i = 0; i < 6; i++) this.x[i] = aug[i];
      // P = Phi P Phi^T + Q
      for (let i = 0; i < 6; i++) {
        for (let j = 0; j < 6; j++) {
          let acc = 0;
          for (let k = 0; k < 6; k++) acc += aug[6 + 6 * i + k] * P[6 * k + j];
          A[6 * i + j] = acc;
        }
      }
      for (let i = 0; i < 6; i++) {
        for (let j = 0; j <= i; j++) {
          let acc = 0;
          for (let k = 0; k < 6; k++) acc += A[6 * i + k] * aug[6 + 6 * j + k];
          B[6 * i + j] = acc;
          B[6 * j + i] = acc;
        }
      }
      P.set(B);
      for (let i = 0; i < 3; i++) {
        P[7 * i] += qpp;
        P[6 * i + i + 3] += qpv;
        P[6 * (i + 3) + i] += qpv;
        P[7 * (i + 3)] += qvv;
      }
    }
    this.t = t;
    return this;
  }

  /**
   * Updates with a radar measurement z = [range, azimuth, elevation] taken at the track's time (call
   * predict first) from a site given in ECI at that time (iteratedRadarUpdate). Returns the normalised
   * innovation squared (chi-square with 3 dof when the filter is consistent; usable as a gate).
   */
  updateRadar(site: SensorSite, z: ArrayLike<number>, noise: RadarNoise): number {
    return iteratedRadarUpdate(this.x, this.P, this.scratch, site, z, noise, this.radarIterations);
  }

  /** Updates with a 3-D ECI position fix z (m) of covariance R (3 x 3 row-major, m^2). Returns the NIS (3 dof). */
  updatePosition(z: ArrayLike<number>, R: ArrayLike<number>): number {
    return positionFixUpdate(this.x, this.P, this.scratch, z, R);
  }
}

/**
 * d(range, azimuth, elevation)/d(position) of a radar look at state x from site, written as three rows
 * of `rowStride` numbers into H (only the first three columns of each row): d(range)/dr = d/|d|,
 * d(az)/dr = (N e - E n)/(E^2 + N^2), d(el)/dr = (hor u - U (E e + N n)/hor)/range^2, with d = r - s
 * and (E, N, U) its components in the site's frame. Velocity columns, where there are any, are zero.
 */
export function radarPositionJacobian(site: SensorSite, x: ArrayLike<number>, H: Float64Array, rowStride: number): void {
  const dx = x[0] - site.position[0],
    dy = x[1] - site.position[1],
    dz = x[2] - site.position[2];
  const { east: e, north: n, up: u } = site;
  const E = dx * e[0] + dy * e[1] + dz * e[2];
  const N = dx * n[0] + dy * n[1] + dz * n[2];
  const U = dx * u[0] + dy * u[1] + dz * u[2];
  const h2 = E * E + N * N;
  const hor = Math.sqrt(h2);
  const rho2 = h2 + U * U;
  const rho = Math.sqrt(rho2);
  for (let i = 0; i < 3; i++) {
    const d = i === 0 ? dx : i === 1 ? dy : dz;
    H[i] = d / rho;
    H[rowStride + i] = (N * e[i] - E * n[i]) / h2;
    H[2 * rowStride + i] = (hor * u[i] - (U * (E * e[i] + N * n[i])) / hor) / rho2;
  }
}
