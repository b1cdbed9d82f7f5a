import { OMEGA_EARTH } from '../constants.ts';

/** Rotates an ECI vector into ECEF at Earth angle theta; writes out[o..o+2]. */
export function toEcef(theta: number, x: number, y: number, z: number, out: Float64Array | number[], o = 0): void {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  out[o] = c * x + s * y;
  out[o + 1] = -s * x + c * y;
  out[o + 2] = z;
}

/** Rotates an ECEF vector into ECI at Earth angle theta; writes out[o..o+2]. */
export function toEci(theta: number, x: number, y: number, z: number, out: Float64Array | number[], o = 0): void {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  out[o] = c * x - s * y;
  out[o + 1] = s * x + c * y;
  out[o + 2] = z;
}

/**
 * State vectors between the inertial frame and the Earth-fixed frame that turns through angle theta
 * (ECEF = Rz(theta) ECI, theta = GMST + omega t). Velocities carry the transport term:
 * v_ecef = R (v_eci - omega x r_eci) (Vallado, 4th ed., eq. 3-80 without precession/nutation).
 * Both take and write [x, y, z, vx, vy, vz].
 */
export function eciToEcefState(
  theta: number,
  s: ArrayLike<number>,
  out: Float64Array | number[],
  omega = OMEGA_EARTH,
): Float64Array | number[] {
  const c = Math.cos(theta);
  const sn = Math.sin(theta);
  const x = s[0],
    y = s[1],
    z = s[2];
  const vx = s[3] + omega * y,
    vy = s[4] - omega * x;
  out[0] = c * x + sn * y;
  out[1] = -sn * x + c * y;
  out[2] = z;
  out[3] = c * vx + sn * vy;
  out[4] = -sn * vx + c * vy;
  out[5] = s[5];
  return out;
}

export function ecefToEciState(
  theta: number,
  s: ArrayLike<number>,
  out: Float64Array | number[],
  omega = OMEGA_EARTH,
): Float64Array | number[] {
  const c = Math.cos(theta);
  const sn = Math.sin(theta);
  const x = c * s[0] - sn * s[1];
  const y = sn * s[0] + c * s[1];
  const vx = c * s[3] - sn * s[4];
  const vy = sn * s[3] + c * s[4];
  out[0] = x;
  out[1] = y;
  out[2] = s[2];
  out[3] = vx - omega * y;
  out[4] = vy + omega * x;
  out[5] = s[5];
  return out;
}
