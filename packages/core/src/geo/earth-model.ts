import { OMEGA_EARTH } from '../constants.ts';
import { ecefToGeodetic } from './geodetic.ts';
import { toEcef } from './earth-rotation.ts';

/**
 * Which parts of the Earth a flight sees. The defaults are the real Earth; tests switch parts off
 * to compare with closed forms (a non-rotating spherical Earth without air is Kepler's problem).
 */
export interface EarthModel {
  /** Earth rotation: moves launch and target sites and makes the air co-rotate. */
  rotation: boolean;
  /** The J2 zonal term of gravity. */
  j2: boolean;
  /** US Standard Atmosphere 1976 drag and lift; false means vacuum. */
  atmosphere: boolean;
  /** Earth-rotation angle (Greenwich sidereal angle) at t = 0 of the flight [rad]. */
  theta0: number;
}

export const REAL_EARTH: Readonly<EarthModel> = Object.freeze({ rotation: true, j2: true, atmosphere: true, theta0: 0 });

export function earthRate(earth: EarthModel): number {
  return earth.rotation ? OMEGA_EARTH : 0;
}

/** Earth-rotation angle at time t [rad]: ECEF = Rz(angle) ECI. */
export function earthAngle(earth: EarthModel, t: number): number {
  return earth.theta0 + earthRate(earth) * t;
}

/**
 * Compass heading [rad from north, clockwise, in (-pi, pi]] of an Earth-relative velocity given in ECI
 * (vx, vy, vz), at Earth angle theta, over geodetic (latitude, longitude): rotate to ECEF, take the
 * east and north components.
 */
export function compassHeading(theta: number, vx: number, vy: number, vz: number, latitude: number, longitude: number): number {
  const c = Math.cos(theta),
    s = Math.sin(theta);
  const ex = c * vx + s * vy,
    ey = -s * vx + c * vy;
  const sl = Math.sin(latitude),
    cl = Math.cos(latitude),
    so = Math.sin(longitude),
    co = Math.cos(longitude);
  const east = -so * ex + co * ey;
  const north = -sl * co * ex - sl * so * ey + cl * vz;
  return Math.atan2(east, north);
}

/** Geodetic latitude, longitude [rad] and height [m] of an ECI position at scenario time t. */
export function eciToGeodetic(
  earth: EarthModel,
  t: number,
  eci: ArrayLike<number>,
): { latitude: number; longitude: number; altitude: number } {
  const e = new Float64Array(3);
  toEcef(earthAngle(earth, t), eci[0], eci[1], eci[2], e);
  const g = ecefToGeodetic(e[0], e[1], e[2], new Float64Array(3));
  return { latitude: g[0], longitude: g[1], altitude: g[2] };
}
