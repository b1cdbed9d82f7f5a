import { MU_EARTH } from '../constants.ts';
import { timeSincePeriapsis } from '../orbits/kepler.ts';

/**
 * Surface-to-surface ballistic flight on a spherical, non-rotating Earth without air: the conic
 * through burnout and impact at radius r0 (Bate, Mueller & White, Fundamentals of Astrodynamics,
 * 1971, ch. 6: free-flight range equation 6.2-7, maximum range 6.2-14/15). The analyst's first
 * reconstruction of a missile test from its apogee and range.
 */
export interface BallisticArc {
  /** Burnout speed [m/s] and flight-path angle above the horizontal [rad] at radius r0. */
  speed: number;
  flightPathAngle: number;
  /** Ground range [m] (along the sphere of radius r0) and apogee altitude above r0 [m]. */
  range: number;
  apogeeAltitude: number;
  /** Time of flight from burnout to impact [s]. */
  timeOfFlight: number;
}

/** The arc flown from radius r0 with speed v at flight-path angle gamma. */
export function arcFromBurnout(v: number, gamma: number, r0: number, mu = MU_EARTH): BallisticArc {
  const nu = (v * v * r0) / mu;
  const c2 = Math.cos(gamma) ** 2;
  // tan(Psi/2) = nu sin(g) cos(g) / (1 - nu cos^2 g)
  const halfRange = Math.atan2(nu * Math.sin(gamma) * Math.cos(gamma), 1 - nu * c2);
  const a = r0 / (2 - nu);
  const e = Math.sqrt(Math.max(0, 1 - nu * (2 - nu) * c2));
  const nuBurnout = Math.PI - halfRange; // true anomaly of burnout, apogee at pi
  const tof = 2 * (timeSincePeriapsis(a, e, Math.PI, mu) - timeSincePeriapsis(a, e, nuBurnout, mu));
  return { speed: v, flightPathAngle: gamma, range: 2 * halfRange * r0, apogeeAltitude: a * (1 + e) - r0, timeOfFlight: tof };
}

/** The arc through a given ground range and apogee altitude (inverse of arcFromBurnout; closed form). */
export function arcFromRangeAndApogee(range: number, apogeeAltitude: number, r0: number, mu = MU_EARTH): BallisticArc {
  if (!(range > 0) || !(apogeeAltitude > 0)) throw new Error('range and apogee must be positive');
  const c = Math.cos(range / (2 * r0));
  const ra = r0 + apogeeAltitude;
  // r0 = p / (1 - e c) at burnout and ra = p / (1 - e) at apogee give e, then p, a and the speed.
  const e = (ra - r0) / (ra - r0 * c);
  const p = ra * (1 - e);
  const a = p / (1 - e * e);
  const v = Math.sqrt(mu * (2 / r0 - 1 / a));
  const gamma = Math.acos(Math.min(1, Math.sqrt(mu * p) / (r0 * v)));
  return arcFromBurnout(v, gamma, r0, mu);
}

/**
 * The longest range a burnout speed reaches, or `orbital` when it reaches orbit (nu = v^2 r0 / mu >= 1,
 * at or above circular speed: no ballistic maximum, global reach).
 */
export type BallisticReach = { orbital: false; arc: BallisticArc } | { orbital: true; speed: number };

/** Longest range for a burnout speed (the minimum-energy arc): sin(Psi/2) = nu / (2 - nu), gamma = (pi - Psi) / 4. */
export function minimumEnergyReach(v: number, r0: number, mu = MU_EARTH): BallisticReach {
  const nu = (v * v * r0) / mu;
  if (nu >= 1) return { orbital: true, speed: v };
  const psi = 2 * Math.asin(nu / (2 - nu));
  return { orbital: false, arc: arcFromBurnout(v, (Math.PI - psi) / 4, r0, mu) };
}

/** As minimumEnergyReach, for speeds known to be below circular; throws at or above it. */
export function maximumRangeArc(v: number, r0: number, mu = MU_EARTH): BallisticArc {
  const reach = minimumEnergyReach(v, r0, mu);
  if (reach.orbital) throw new Error(`a burnout speed of ${v.toFixed(0)} m/s reaches orbit: no maximum ballistic range`);
  return reach.arc;
}

/**
 * The minimum-energy arc for a given ground range from radius r0 back to r0 (Bate, Mueller & White
 * 1971, eq. 6.2-16 and 6.2-15: nu = 2 sin(Psi/2) / (1 + sin(Psi/2)), gamma = 45 deg - Psi/4): the
 * least burnout speed that reaches the range, with its apogee and time of flight.
 */
export function minimumEnergyArc(range: number, r0: number, mu = MU_EARTH): BallisticArc {
  const psi = range / r0;
  if (!(psi > 0 && psi < Math.PI)) throw new Error('minimum-energy arc: range must be between 0 and half the circumference');
  const s = Math.sin(psi / 2);
  const nu = (2 * s) / (1 + s);
  return arcFromBurnout(Math.sqrt((nu * mu) / r0), (Math.PI - psi) / 4, r0, mu);
}

/**
 * Flight-path angle [rad] at r1 of the minimum-energy conic from radius r1 to radius r2 through a
 * transfer angle psi in (0, pi) (Lambert's problem: a = s/2, p = r1 r2 (1 - cos psi) / c; Bate, Mueller &
 * White sec. 5.4; Vallado, 4th ed., Alg. 56). With r1 = r2 it is (pi - psi)/4. The burnout angle of the
 * minimum-energy trajectory from a boost that ends at r1.
 */
export function minimumEnergyFlightPathAngle(r1: number, r2: number, psi: number): number {
  const cosPsi = Math.cos(psi);
  const c = Math.sqrt(r1 * r1 + r2 * r2 - 2 * r1 * r2 * cosPsi);
  const p = (r1 * r2 * (1 - cosPsi)) / c;
  // e cos(nu1) = p/r1 - 1 and e cos(nu1 + psi) = p/r2 - 1 give e sin(nu1); tan(gamma) = e sin(nu) / (1 + e cos(nu)).
  const ecos = p / r1 - 1;
  const esin = (ecos * cosPsi - (p / r2 - 1)) / Math.sin(psi);
  return Math.atan2(esin, 1 + ecos);
}

/** The minimum-energy conic between two radii (Lambert's problem; Bate, Mueller & White sec. 5.4). */
export interface MinimumEnergyTransfer {
  /** Semi-major axis a = s/2 [m], semi-latus rectum p [m], eccentricity. */
  a: number;
  p: number;
  e: number;
  /** Speed [m/s] and flight-path angle [rad] at r1. */
  speed: number;
  flightPathAngle: number;
  /** Apogee radius a (1 + e) [m] (the apoapsis; it lies on the arc when the arc rises from r1). */
  apogeeRadius: number;
  /** Time of flight from r1 to r2 [s]: sqrt(a^3/mu) (pi - beta + sin beta), sin(beta/2) = sqrt((s - c)/s) (BMW eq. 5.4-11 with alpha = pi). */
  timeOfFlight: number;
}

/** The minimum-energy transfer from radius r1 to radius r2 through the angle psi in (0, pi). */
export function minimumEnergyTransfer(r1: number, r2: number, psi: number, mu = MU_EARTH): MinimumEnergyTransfer {
  const cosPsi = Math.cos(psi);
  const c = Math.sqrt(r1 * r1 + r2 * r2 - 2 * r1 * r2 * cosPsi);
  const s = (r1 + r2 + c) / 2;
  const a = s / 2;
  const p = (r1 * r2 * (1 - cosPsi)) / c;
  const e = Math.sqrt(Math.max(0, 1 - p / a));
  const beta = 2 * Math.asin(Math.sqrt((s - c) / s));
  return {
    a,
    p,
    e,
    speed: Math.sqrt(mu * (2 / r1 - 1 / a)),
    flightPathAngle: minimumEnergyFlightPathAngle(r1, r2, psi),
    apogeeRadius: a * (1 + e),
    timeOfFlight: Math.sqrt((a * a * a) / mu) * (Math.PI - beta + Math.sin(beta)),
  };
}
