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

/** Longest range for a burnout speed (the minimum-energy arc): sin(Psi/2) = nu / (2 - nu), gamma = (pi - Psi) / 4. */
export function maximumRangeArc(v: number, r0: number, mu = MU_EARTH): BallisticArc {
  const nu = (v * v * r0) / mu;
  if (nu >= 1) throw new Error(`a burnout speed of ${v.toFixed(0)} m/s reaches orbit: no maximum ballistic range`);
  const psi = 2 * Math.asin(nu / (2 - nu));
  return arcFromBurnout(v, (Math.PI - psi) / 4, r0, mu);
}
