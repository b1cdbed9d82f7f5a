import { MU_EARTH } from '../constants.ts';

/** Classical orbital elements (SI, radians). Elliptic orbits only (0 <= e < 1). */
export interface KeplerElements {
  /** semi-major axis [m] */
  a: number;
  e: number;
  /** inclination */
  i: number;
  /** right ascension of the ascending node */
  raan: number;
  /** argument of perigee */
  argp: number;
  /** true anomaly */
  nu: number;
}

/** Orbital period [s]: T = 2 pi sqrt(a^3 / mu) (Kepler's third law). */
export function orbitalPeriod(a: number, mu = MU_EARTH): number {
  return 2 * Math.PI * Math.sqrt((a * a * a) / mu);
}

/** Speed on a conic at radius r [m/s]: v^2 = mu (2/r - 1/a) (vis-viva). */
export function visVivaSpeed(r: number, a: number, mu = MU_EARTH): number {
  return Math.sqrt(mu * (2 / r - 1 / a));
}

/** Solves Kepler's equation M = E - e sin E for E (Newton, from E0 = M + e sin M; Vallado Alg. 2). */
export function eccentricAnomaly(meanAnomaly: number, e: number): number {
  const M = meanAnomaly;
  let E = e < 0.8 ? M + e * Math.sin(M) : Math.PI * Math.sign(Math.sin(M) || 1);
  for (let k = 0; k < 50; k++) {
    const dE = (E - e * Math.sin(E) - M) / (1 - e * Math.cos(E));
    E -= dE;
    if (Math.abs(dE) < 1e-15) break;
  }
  return E;
}

export function trueFromEccentric(E: number, e: number): number {
  return 2 * Math.atan2(Math.sqrt(1 + e) * Math.sin(E / 2), Math.sqrt(1 - e) * Math.cos(E / 2));
}

export function eccentricFromTrue(nu: number, e: number): number {
  return 2 * Math.atan2(Math.sqrt(1 - e) * Math.sin(nu / 2), Math.sqrt(1 + e) * Math.cos(nu / 2));
}

/** Time from periapsis to true anomaly nu on an ellipse [s], in (-T/2, T/2]. */
export function timeSincePeriapsis(a: number, e: number, nu: number, mu = MU_EARTH): number {
  const E = eccentricFromTrue(nu, e);
  return (E - e * Math.sin(E)) * Math.sqrt((a * a * a) / mu);
}

/** Elements → ECI position and velocity (perifocal frame rotated by R3(-raan) R1(-i) R3(-argp); Vallado Alg. 10). */
export function elementsToState(el: KeplerElements, out: Float64Array = new Float64Array(6), mu = MU_EARTH): Float64Array {
  const { a, e, i, raan, argp, nu } = el;
  const p = a * (1 - e * e);
  const r = p / (1 + e * Math.cos(nu));
  const xp = r * Math.cos(nu);
  const yp = r * Math.sin(nu);
  const sq = Math.sqrt(mu / p);
  const vxp = -sq * Math.sin(nu);
  const vyp = sq * (e + Math.cos(nu));
  const cO = Math.cos(raan),
    sO = Math.sin(raan),
    ci = Math.cos(i),
    si = Math.sin(i),
    cw = Math.cos(argp),
    sw = Math.sin(argp);
  const r11 = cO * cw - sO * sw * ci,
    r12 = -cO * sw - sO * cw * ci;
  const r21 = sO * cw + cO * sw * ci,
    r22 = -sO * sw + cO * cw * ci;
  const r31 = sw * si,
    r32 = cw * si;
  out[0] = r11 * xp + r12 * yp;
  out[1] = r21 * xp + r22 * yp;
  out[2] = r31 * xp + r32 * yp;
  out[3] = r11 * vxp + r12 * vyp;
  out[4] = r21 * vxp + r22 * vyp;
  out[5] = r31 * vxp + r32 * vyp;
  return out;
}

/** ECI state → classical elements (Vallado Alg. 9); elliptic, non-equatorial orbits. */
export function stateToElements(s: ArrayLike<number>, mu = MU_EARTH): KeplerElements {
  const [x, y, z, vx, vy, vz] = [s[0], s[1], s[2], s[3], s[4], s[5]];
  const r = Math.hypot(x, y, z);
  const v2 = vx * vx + vy * vy + vz * vz;
  const hx = y * vz - z * vy,
    hy = z * vx - x * vz,
    hz = x * vy - y * vx;
  const h = Math.hypot(hx, hy, hz);
  const nx = -hy,
    ny = hx; // node vector k x h
  const nn = Math.hypot(nx, ny);
  const rv = x * vx + y * vy + z * vz;
  const ex = ((v2 - mu / r) * x - rv * vx) / mu;
  const ey = ((v2 - mu / r) * y - rv * vy) / mu;
  const ez = ((v2 - mu / r) * z - rv * vz) / mu;
  const e = Math.hypot(ex, ey, ez);
  const a = 1 / (2 / r - v2 / mu);
  const i = Math.acos(hz / h);
  let raan = Math.atan2(ny, nx);
  if (raan < 0) raan += 2 * Math.PI;
  let argp = Math.acos(Math.max(-1, Math.min(1, (nx * ex + ny * ey) / (nn * e))));
  if (ez < 0) argp = 2 * Math.PI - argp;
  let nu = Math.acos(Math.max(-1, Math.min(1, (ex * x + ey * y + ez * z) / (e * r))));
  if (rv < 0) nu = 2 * Math.PI - nu;
  return { a, e, i, raan, argp, nu };
}

/** Two-body propagation of elements by dt [s] (mean motion; no perturbations). */
export function propagateKepler(el: KeplerElements, dt: number, mu = MU_EARTH): KeplerElements {
  const n = Math.sqrt(mu / (el.a * el.a * el.a));
  const E0 = eccentricFromTrue(el.nu, el.e);
  const M = E0 - el.e * Math.sin(E0) + n * dt;
  const E = eccentricAnomaly(((M % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI), el.e);
  return { ...el, nu: trueFromEccentric(E, el.e) };
}

/** Secular J2 rate of the ascending node [rad/s]: -3/2 n J2 (Re/p)^2 cos i (Vallado eq. 9-41). */
export function j2NodalRate(a: number, e: number, i: number, j2: number, re: number, mu = MU_EARTH): number {
  const n = Math.sqrt(mu / (a * a * a));
  const p = a * (1 - e * e);
  return -1.5 * n * j2 * (re / p) ** 2 * Math.cos(i);
}
