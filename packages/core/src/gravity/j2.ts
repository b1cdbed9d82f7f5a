import { J2_EARTH, MU_EARTH, WGS84_A } from '../constants.ts';

/**
 * Gravitational acceleration of a point mass plus the J2 zonal term, in any Earth-centred frame
 * whose z axis is the rotation pole (J2 is axisymmetric, so ECI and ECEF give the same formula).
 * a = -mu r / |r|^3 [1 + 3/2 J2 (Re/r)^2 (1 - 5 z^2/r^2)] for x, y; (3 - 5 z^2/r^2) for z
 * (Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., eq. 8-30).
 * Writes into out[offset..offset+2]; allocation-free.
 */
export function gravityJ2(x: number, y: number, z: number, out: Float64Array, offset = 0, j2 = J2_EARTH): void {
  const r2 = x * x + y * y + z * z;
  const invR2 = 1 / r2;
  const c = -MU_EARTH * invR2 * Math.sqrt(invR2);
  const f = 1.5 * j2 * WGS84_A * WGS84_A * invR2;
  const zz = 5 * z * z * invR2;
  const cxy = c * (1 + f * (1 - zz));
  out[offset] = cxy * x;
  out[offset + 1] = cxy * y;
  out[offset + 2] = c * (1 + f * (3 - zz)) * z;
}

/** Gravitational potential energy per unit mass including J2 [J/kg] (conserved with the kinetic term when J2 is on, in an inertial frame). */
export function potentialJ2(x: number, y: number, z: number, j2 = J2_EARTH): number {
  const r2 = x * x + y * y + z * z;
  const r = Math.sqrt(r2);
  const sinLat2 = (z * z) / r2;
  // U = -mu/r [1 - J2 (Re/r)^2 (3 sin^2 phi - 1)/2] (Vallado eq. 8-22 truncated at J2)
  return (-MU_EARTH / r) * (1 - ((j2 * (WGS84_A * WGS84_A)) / r2) * 0.5 * (3 * sinLat2 - 1));
}
