import { J2_EARTH, MU_EARTH, WGS84_A } from '../constants.ts';
import { eccentricAnomaly, eccentricFromTrue, trueFromEccentric, type KeplerElements } from './kepler.ts';

/**
 * Analytic propagation with the secular (orbit-averaged) first-order effects of J2 only: the node
 * regresses, the perigee rotates and the mean anomaly advances at constant rates, while a, e and i
 * stay fixed (Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., Sec. 9.6,
 * eqs. 9-41 and 9-42 and the mean-anomaly rate given with them; first derived by Brouwer 1959 and
 * Kozai 1959). With k = 3/4 n J2 (Re/p)^2, n = sqrt(mu/a^3), p = a (1 - e^2):
 *   dRAAN/dt = -2 k cos i                     (= -3/2 n J2 (Re/p)^2 cos i)
 *   dargp/dt =  k (5 cos^2 i - 1)             (=  3/4 n J2 (Re/p)^2 (4 - 5 sin^2 i))
 *   dM/dt    =  n + k sqrt(1 - e^2) (3 cos^2 i - 1)
 * The elements are mean elements; the short-period terms (amplitude ~ J2 (Re/a)^2 ~ 1e-3 rad in
 * the angles, ~ 10 km along track in LEO) are not modelled. Time t is seconds from the elements' epoch.
 */

export interface J2SecularOptions {
  /** Gravitational parameter [m^3/s^2] (default MU_EARTH). */
  mu?: number;
  /** Second zonal harmonic (default J2_EARTH; 0 gives two-body motion). */
  j2?: number;
  /** Reference radius of J2 [m] (default WGS84_A). */
  re?: number;
}

export interface J2SecularRates {
  /** Unperturbed mean motion sqrt(mu/a^3) [rad/s]. */
  n: number;
  /** Node rate [rad/s]. */
  raanRate: number;
  /** Argument-of-perigee rate [rad/s]. */
  argpRate: number;
  /** Mean-anomaly rate, n included [rad/s]. */
  meanAnomalyRate: number;
  /**
   * Argument-of-latitude rate of a circular orbit, n + dargp/dt + (dM/dt - n) [rad/s] (summed in
   * that order, as in bench/WORKLOADS.md W2).
   */
  argLatRate: number;
}

/** Secular J2 rates of the node, perigee and mean anomaly for mean elements a [m], e, i [rad]. */
export function j2SecularRates(a: number, e: number, i: number, options: J2SecularOptions = {}): J2SecularRates {
  const mu = options.mu ?? MU_EARTH;
  const j2 = options.j2 ?? J2_EARTH;
  const re = options.re ?? WGS84_A;
  if (!(a > 0) || !Number.isFinite(a)) throw new Error(`j2SecularRates: semi-major axis must be positive and finite, got ${a} m`);
  if (!(e >= 0 && e < 1)) throw new Error(`j2SecularRates: eccentricity must be in [0, 1), got ${e}`);
  const n = Math.sqrt(mu / (a * a * a));
  const p = a * (1 - e * e);
  const rp = re / p;
  const k = 0.75 * n * j2 * (rp * rp);
  const ci = Math.cos(i);
  const c2 = ci * ci;
  const dArgp = k * (5 * c2 - 1);
  const dM = k * Math.sqrt(1 - e * e) * (3 * c2 - 1);
  return { n, raanRate: -2 * k * ci, argpRate: dArgp, meanAnomalyRate: n + dM, argLatRate: n + dArgp + dM };
}

const TWO_PI = 2 * Math.PI;

/** Angle reduced to [0, 2 pi). */
function wrap(x: number): number {
  const r = x - TWO_PI * Math.floor(x / TWO_PI);
  return r >= TWO_PI ? 0 : r;
}

/** Mean elements propagated by dt [s] with the secular J2 rates (a, e, i unchanged; angles in [0, 2 pi)). */
export function propagateJ2Secular(el: KeplerElements, dt: number, options: J2SecularOptions = {}): KeplerElements {
  const r = j2SecularRates(el.a, el.e, el.i, options);
  const E0 = eccentricFromTrue(el.nu, el.e);
  const M = wrap(E0 - el.e * Math.sin(E0) + r.meanAnomalyRate * dt);
  const nu = el.e === 0 ? M : wrap(trueFromEccentric(eccentricAnomaly(M, el.e), el.e));
  return { ...el, raan: wrap(el.raan + r.raanRate * dt), argp: wrap(el.argp + r.argpRate * dt), nu };
}

/**
 * A whole constellation in flat arrays (structure of arrays, one entry per satellite), propagated
 * without allocating. Satellite k's mean elements at t are a[k], e[k], i[k],
 * raan0[k] + raanRate[k] t, argp0[k] + argpRate[k] t, m0[k] + meanAnomalyRate[k] t; a circular
 * satellite (e = 0) is evaluated through its argument of latitude u0[k] + argLatRate[k] t.
 */
export interface J2SecularBatch {
  readonly count: number;
  readonly mu: number;
  readonly a: Float64Array;
  readonly e: Float64Array;
  readonly i: Float64Array;
  readonly cosI: Float64Array;
  readonly sinI: Float64Array;
  readonly raan0: Float64Array;
  readonly argp0: Float64Array;
  /** Mean anomaly at epoch. */
  readonly m0: Float64Array;
  /** Argument of latitude at epoch, argp0 + nu0 (used when e = 0). */
  readonly u0: Float64Array;
  readonly raanRate: Float64Array;
  readonly argpRate: Float64Array;
  readonly meanAnomalyRate: Float64Array;
  readonly argLatRate: Float64Array;
}

/** Builds the flat batch form of a list of mean element sets (epoch t = 0). */
export function j2SecularBatch(elements: readonly KeplerElements[], options: J2SecularOptions = {}): J2SecularBatch {
  const n = elements.length;
  const f = (): Float64Array => new Float64Array(n);
  const b = {
    count: n,
    mu: options.mu ?? MU_EARTH,
    a: f(),
    e: f(),
    i: f(),
    cosI: f(),
    sinI: f(),
    raan0: f(),
    argp0: f(),
    m0: f(),
    u0: f(),
    raanRate: f(),
    argpRate: f(),
    meanAnomalyRate: f(),
    argLatRate: f(),
  };
  let r: J2SecularRates | null = null;
  for (let k = 0; k < n; k++) {
    const el = elements[k];
    if (!(
      Number.isFinite(el.a) &&
      Number.isFinite(el.e) &&
      Number.isFinite(el.i) &&
      Number.isFinite(el.raan) &&
      Number.isFinite(el.argp) &&
      Number.isFinite(el.nu)
    )) {
      for (const key of ['a', 'e', 'i', 'raan', 'argp', 'nu'] as const) {
        if (!Number.isFinite(el[key])) throw new Error(`j2SecularBatch: satellite ${k}: ${key} is not a finite number (${el[key]})`);
      }
    }
    // a shell shares a, e, i: compute its rates (and the inclination's cosine and sine) once
    const same = k > 0 && el.a === b.a[k - 1] && el.e === b.e[k - 1] && el.i === b.i[k - 1];
    if (!same || r === null) r = j2SecularRates(el.a, el.e, el.i, options);
    b.a[k] = el.a;
    b.e[k] = el.e;
    b.i[k] = el.i;
    b.cosI[k] = same ? b.cosI[k - 1] : Math.cos(el.i);
    b.sinI[k] = same ? b.sinI[k - 1] : Math.sin(el.i);
    b.raan0[k] = el.raan;
    b.argp0[k] = el.argp;
    if (el.e === 0) {
      b.m0[k] = el.nu;
    } else {
      const E0 = eccentricFromTrue(el.nu, el.e);
      b.m0[k] = E0 - el.e * Math.sin(E0);
    }
    b.u0[k] = el.argp + el.nu;
    b.raanRate[k] = r.raanRate;
    b.argpRate[k] = r.argpRate;
    b.meanAnomalyRate[k] = r.meanAnomalyRate;
    b.argLatRate[k] = r.argLatRate;
  }
  return b;
}

/**
 * Position of a circular orbit of radius a at node angle (cos, sin) = (cO, sO), inclination
 * (cos, sin) = (ci, si) and argument of latitude u: a [R3(-raan) R1(-i)] (cos u, sin u, 0).
 * The single definition used by the batch propagator and by the access culling's exact tests,
 * so that both produce the same bits.
 */
export function circularPosition(a: number, cO: number, sO: number, ci: number, si: number, u: number, out: Float64Array, o: number): void {
  const cu = Math.cos(u);
  const su = Math.sin(u);
  out[o] = a * (cO * cu - sO * su * ci);
  out[o + 1] = a * (sO * cu + cO * su * ci);
  out[o + 2] = a * (su * si);
}

/** ECI position [m] of satellite k at time t, written to out[o .. o+2]. Allocation-free. */
export function j2SecularPosition(b: J2SecularBatch, k: number, t: number, out: Float64Array, o: number): void {
  const raan = b.raan0[k] + b.raanRate[k] * t;
  const cO = Math.cos(raan);
  const sO = Math.sin(raan);
  if (b.e[k] === 0) {
    circularPosition(b.a[k], cO, sO, b.cosI[k], b.sinI[k], b.u0[k] + b.argLatRate[k] * t, out, o);
  } else {
    ellipticState(b, k, t, cO, sO, out, o, false);
  }
}

/**
 * ECI positions [m] of satellites from..to-1 at time t, written to out[3k .. 3k+2] (stride 3,
 * indexed by satellite). Allocation-free.
 */
export function j2SecularPositions(b: J2SecularBatch, t: number, out: Float64Array, from = 0, to = b.count): void {
  if (out.length < 3 * to) throw new Error(`j2SecularPositions: out has length ${out.length}, needs ${3 * to}`);
  for (let k = from; k < to; k++) j2SecularPosition(b, k, t, out, 3 * k);
}

/**
 * ECI states [m, m/s] of satellites from..to-1 at time t, written to out[6k .. 6k+5]. The velocity
 * is the two-body velocity of the mean elements at t (the slow secular drift of the node and perigee
 * adds < 1e-3 relative and is left out). Allocation-free.
 */
export function j2SecularStates(b: J2SecularBatch, t: number, out: Float64Array, from = 0, to = b.count): void {
  if (out.length < 6 * to) throw new Error(`j2SecularStates: out has length ${out.length}, needs ${6 * to}`);
  for (let k = from; k < to; k++) {
    const raan = b.raan0[k] + b.raanRate[k] * t;
    ellipticState(b, k, t, Math.cos(raan), Math.sin(raan), out, 6 * k, true);
  }
}

/** Perifocal position (and velocity) rotated to ECI (Vallado Alg. 10), for satellite k at t. */
function ellipticState(
  b: J2SecularBatch,
  k: number,
  t: number,
  cO: number,
  sO: number,
  out: Float64Array,
  o: number,
  withVelocity: boolean,
): void {
  const a = b.a[k],
    e = b.e[k],
    ci = b.cosI[k],
    si = b.sinI[k];
  let cw: number,
    sw: number,
    xp: number,
    yp: number,
    vxp = 0,
    vyp = 0;
  if (e === 0) {
    // circular: perifocal x axis on the node, anomaly = argument of latitude
    const u = b.u0[k] + b.argLatRate[k] * t;
    cw = 1;
    sw = 0;
    const cu = Math.cos(u),
      su = Math.sin(u);
    xp = a * cu;
    yp = a * su;
    if (withVelocity) {
      const v = Math.sqrt(b.mu / a);
      vxp = -v * su;
      vyp = v * cu;
    }
  } else {
    const argp = b.argp0[k] + b.argpRate[k] * t;
    cw = Math.cos(argp);
    sw = Math.sin(argp);
    const M = wrap(b.m0[k] + b.meanAnomalyRate[k] * t);
    const E = eccentricAnomaly(M, e);
    const cE = Math.cos(E),
      sE = Math.sin(E);
    const q = Math.sqrt(1 - e * e);
    xp = a * (cE - e);
    yp = a * q * sE;
    if (withVelocity) {
      const r = a * (1 - e * cE);
      const f = Math.sqrt(b.mu * a) / r;
      vxp = -f * sE;
      vyp = f * q * cE;
    }
  }
  const r11 = cO * cw - sO * sw * ci,
    r12 = -cO * sw - sO * cw * ci;
  const r21 = sO * cw + cO * sw * ci,
    r22 = -sO * sw + cO * cw * ci;
  const r31 = sw * si,
    r32 = cw * si;
  out[o] = r11 * xp + r12 * yp;
  out[o + 1] = r21 * xp + r22 * yp;
  out[o + 2] = r31 * xp + r32 * yp;
  if (withVelocity) {
    out[o + 3] = r11 * vxp + r12 * vyp;
    out[o + 4] = r21 * vxp + r22 * vyp;
    out[o + 5] = r31 * vxp + r32 * vyp;
  }
}

/** Mean elements of satellite k of a batch at time t (angles in [0, 2 pi)). */
export function j2SecularElementsAt(b: J2SecularBatch, k: number, t: number): KeplerElements {
  const e = b.e[k];
  if (e === 0) {
    return { a: b.a[k], e, i: b.i[k], raan: wrap(b.raan0[k] + b.raanRate[k] * t), argp: 0, nu: wrap(b.u0[k] + b.argLatRate[k] * t) };
  }
  const M = wrap(b.m0[k] + b.meanAnomalyRate[k] * t);
  return {
    a: b.a[k],
    e,
    i: b.i[k],
    raan: wrap(b.raan0[k] + b.raanRate[k] * t),
    argp: wrap(b.argp0[k] + b.argpRate[k] * t),
    nu: wrap(trueFromEccentric(eccentricAnomaly(M, e), e)),
  };
}
