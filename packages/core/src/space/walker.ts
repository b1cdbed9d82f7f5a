import { DEG, J2_EARTH, MU_EARTH, OMEGA_EARTH, WGS84_A } from '../constants.ts';
import type { KeplerElements } from '../orbits/kepler.ts';
import { j2SecularRates } from '../orbits/j2-secular.ts';

/**
 * Constellation and sensor-orbit builders: Walker delta and star patterns, geostationary, Molniya
 * (and other highly elliptical) and polar / sun-synchronous orbits, all as mean element sets
 * (KeplerElements, SI, radians) at epoch t = 0 for j2SecularBatch / propagateJ2Secular.
 * Circular orbits carry argp = 0 and the argument of latitude in nu.
 */

export interface WalkerOptions {
  /** Total number of satellites t. */
  total: number;
  /** Number of equally spaced orbital planes p (t must be a multiple of p). */
  planes: number;
  /** Phasing f, an integer in 0..p-1: adjacent planes are offset by 2 pi f / t in argument of latitude. */
  phasing: number;
  /** Inclination [rad]. */
  inclination: number;
  /** Semi-major axis [m]; or give altitude. */
  semiMajorAxis?: number;
  /** Altitude above the equatorial radius WGS84_A [m] (a = WGS84_A + altitude). */
  altitude?: number;
  /** RAAN of plane 0 [rad] (default 0). */
  raan0?: number;
  /** Argument of latitude of satellite 0 of plane 0 [rad] (default 0). */
  u0?: number;
}

const TWO_PI = 2 * Math.PI;

/**
 * Walker delta pattern i: t/p/f (Walker, J. Brit. Interplanet. Soc. 37, 1984): planes k = 0..p-1
 * at RAAN raan0 + 2 pi k / p, satellite j = 0..t/p-1 of plane k at argument of latitude
 * u0 + 2 pi j / (t/p) + 2 pi f k / t. Returned plane-major: index = k (t/p) + j.
 */
export function walkerDelta(o: WalkerOptions): KeplerElements[] {
  return walker(o, TWO_PI, 'walkerDelta');
}

/**
 * Walker star pattern (polar or near-polar, e.g. Iridium): as the delta pattern, but the p planes'
 * ascending nodes are spread over pi, RAAN raan0 + pi k / p (so ascending and descending halves of
 * the planes counter-rotate at the seam). Phasing as for the delta pattern, 2 pi f k / t
 * (Walker's pattern unit 2 pi / t; same slot construction as Orekit's WalkerConstellation).
 */
export function walkerStar(o: WalkerOptions): KeplerElements[] {
  return walker(o, Math.PI, 'walkerStar');
}

function walker(o: WalkerOptions, spread: number, name: string): KeplerElements[] {
  const { total: t, planes: p, phasing: f, inclination: i } = o;
  if (!Number.isInteger(t) || t < 1) throw new Error(`${name}: total must be a positive integer, got ${t}`);
  if (!Number.isInteger(p) || p < 1) throw new Error(`${name}: planes must be a positive integer, got ${p}`);
  if (t % p !== 0) throw new Error(`${name}: total ${t} is not a multiple of planes ${p}`);
  if (!Number.isInteger(f) || f < 0 || f >= p) throw new Error(`${name}: phasing must be an integer in 0..${p - 1}, got ${f}`);
  if (!(i >= 0 && i <= Math.PI)) throw new Error(`${name}: inclination must be in [0, pi] rad, got ${i}`);
  const a = semiMajorAxisOf(o, name);
  const raan0 = o.raan0 ?? 0;
  const u0 = o.u0 ?? 0;
  const per = t / p;
  const out: KeplerElements[] = [];
  for (let k = 0; k < p; k++) {
    const raan = raan0 + (spread * k) / p;
    for (let j = 0; j < per; j++) {
      // written in the order of bench/WORKLOADS.md W2 (2 pi j / (t/p) + 2 pi f k / t)
      const u = u0 + (2 * Math.PI * j) / per + (2 * Math.PI * f * k) / t;
      out.push({ a, e: 0, i, raan, argp: 0, nu: u });
    }
  }
  return out;
}

function semiMajorAxisOf(o: { semiMajorAxis?: number; altitude?: number }, name: string): number {
  if (o.semiMajorAxis !== undefined && o.altitude !== undefined) throw new Error(`${name}: give semiMajorAxis or altitude, not both`);
  const a = o.semiMajorAxis ?? (o.altitude !== undefined ? WGS84_A + o.altitude : NaN);
  if (!(a > 0) || !Number.isFinite(a)) throw new Error(`${name}: needs a positive semiMajorAxis or altitude, got a = ${a} m`);
  return a;
}

export interface SecularModelOptions {
  /** J2 of the propagation model the orbit is tuned for (default J2_EARTH; 0 for two-body). */
  j2?: number;
  mu?: number;
}

/**
 * Geostationary orbit over a longitude [rad] (east positive), given the Greenwich sidereal angle at
 * epoch (default 0: x axis through longitude 0 at t = 0). The radius is the one whose secular
 * longitude rate, dRAAN/dt + du/dt under the chosen model, equals the Earth's rotation rate
 * (42,164.2 km two-body; about 2.1 km higher with J2, whose 3 J2 (Re/a)^2 = 7.4e-5 adds to the rate), so the satellite stays over its longitude
 * under propagateJ2Secular.
 */
export function geostationaryOrbit(longitude: number, greenwichAngleAtEpoch = 0, options: SecularModelOptions = {}): KeplerElements {
  const mu = options.mu ?? MU_EARTH;
  let a = Math.cbrt(mu / (OMEGA_EARTH * OMEGA_EARTH));
  for (let k = 0; k < 50; k++) {
    const r = j2SecularRates(a, 0, 0, options);
    const rate = r.raanRate + r.argLatRate;
    // rate ~ a^(-3/2): fixed-point iteration on a (the J2 term is a 1e-5 correction, so it converges in a few steps)
    const next = a * Math.pow(rate / OMEGA_EARTH, 2 / 3);
    if (Math.abs(next - a) < 1e-9) {
      a = next;
      break;
    }
    a = next;
  }
  const nu = longitude + greenwichAngleAtEpoch;
  return { a, e: 0, i: 0, raan: 0, argp: 0, nu: nu - TWO_PI * Math.floor(nu / TWO_PI) };
}

/** The critical inclination, where the secular J2 perigee rotation vanishes: cos^2 i = 1/5 (63.435 deg). */
export const CRITICAL_INCLINATION = Math.acos(1 / Math.sqrt(5));

export interface HighlyEllipticalOptions {
  /** Orbital period [s]. */
  period: number;
  /** Perigee altitude above WGS84_A [m]. */
  perigeeAltitude: number;
  /** Inclination [rad] (default the critical inclination, so the apogee stays put). */
  inclination?: number;
  /** RAAN [rad] (default 0). */
  raan?: number;
  /** Argument of perigee [rad] (default 270 deg: apogee over the northern hemisphere). */
  argp?: number;
  /** True anomaly at epoch [rad] (default pi: at apogee). */
  nu?: number;
  mu?: number;
}

/** A highly elliptical orbit (HEO) from its period and perigee altitude. */
export function highlyEllipticalOrbit(o: HighlyEllipticalOptions): KeplerElements {
  const mu = o.mu ?? MU_EARTH;
  if (!(o.period > 0)) throw new Error(`highlyEllipticalOrbit: period must be positive, got ${o.period} s`);
  const a = Math.cbrt(mu * (o.period / TWO_PI) ** 2);
  const rp = WGS84_A + o.perigeeAltitude;
  const e = 1 - rp / a;
  if (!(e >= 0 && e < 1)) {
    throw new Error(`highlyEllipticalOrbit: perigee radius ${rp} m does not fit a ${o.period} s orbit (a = ${a.toFixed(0)} m)`);
  }
  return { a, e, i: o.inclination ?? CRITICAL_INCLINATION, raan: o.raan ?? 0, argp: o.argp ?? 270 * DEG, nu: o.nu ?? Math.PI };
}

/** Sidereal day [s] = 2 pi / omega_E. */
export const SIDEREAL_DAY = TWO_PI / OMEGA_EARTH;

/**
 * Molniya orbit: half a sidereal day (two revolutions per day, ground track repeating daily),
 * critical inclination, apogee (~39,700 km altitude) over the northern hemisphere; default perigee
 * altitude 600 km (e ~ 0.74). Defaults as highlyEllipticalOrbit; the RAAN picks the apogee longitudes.
 */
export function molniyaOrbit(o: Partial<Omit<HighlyEllipticalOptions, 'period'>> = {}): KeplerElements {
  return highlyEllipticalOrbit({ perigeeAltitude: 600e3, ...o, period: SIDEREAL_DAY / 2 });
}

/** Mean tropical year [s] (365.2421897 d; Vallado 4th ed., Sec. 11.4.1). */
const TROPICAL_YEAR = 365.2421897 * 86400;

/**
 * Inclination [rad] of a sun-synchronous orbit: the secular J2 node rate (Vallado eq. 9-41) equals
 * the Sun's mean motion 2 pi / tropical year (~ +0.9856 deg/day), so the orbit keeps its local time.
 */
export function sunSynchronousInclination(a: number, e = 0, options: SecularModelOptions = {}): number {
  const rates = j2SecularRates(a, e, 0, options); // raanRate at i = 0 is -2k
  const cosI = TWO_PI / TROPICAL_YEAR / rates.raanRate;
  if (!(cosI >= -1 && cosI <= 1)) throw new Error(`sunSynchronousInclination: no sun-synchronous orbit at a = ${a} m, e = ${e}`);
  return Math.acos(cosI);
}

export interface PolarOrbitOptions {
  /** Altitude above WGS84_A [m] (circular). */
  altitude: number;
  /** RAAN [rad] (default 0). */
  raan?: number;
  /** Argument of latitude at epoch [rad] (default 0). */
  u?: number;
  /** Use the sun-synchronous inclination (~97-98 deg in LEO) instead of exactly 90 deg (default false). */
  sunSynchronous?: boolean;
  j2?: number;
}

/** A circular polar (or sun-synchronous) sensor orbit. */
export function polarOrbit(o: PolarOrbitOptions): KeplerElements {
  const a = WGS84_A + o.altitude;
  if (!(a > WGS84_A)) throw new Error(`polarOrbit: altitude must be positive, got ${o.altitude} m`);
  const i = o.sunSynchronous ? sunSynchronousInclination(a, 0, { j2: o.j2 ?? J2_EARTH }) : Math.PI / 2;
  return { a, e: 0, i, raan: o.raan ?? 0, argp: 0, nu: o.u ?? 0 };
}
