import { WGS84_A, WGS84_B, WGS84_E2 } from '../constants.ts';

/** Earth-fixed (ECEF) position [m] of a geodetic latitude, longitude [rad] and height above the WGS84 ellipsoid [m]. */
export function geodeticToEcef(
  latitude: number,
  longitude: number,
  altitude: number,
  out: Float64Array | number[] = new Float64Array(3),
): Float64Array | number[] {
  const sl = Math.sin(latitude);
  const cl = Math.cos(latitude);
  // prime-vertical radius of curvature N = a / sqrt(1 - e^2 sin^2 phi) (NIMA TR8350.2, eq. 4-15)
  const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sl * sl);
  out[0] = (n + altitude) * cl * Math.cos(longitude);
  out[1] = (n + altitude) * cl * Math.sin(longitude);
  out[2] = (n * (1 - WGS84_E2) + altitude) * sl;
  return out;
}

const A2 = WGS84_A * WGS84_A;
const B2 = WGS84_B * WGS84_B;
const EP2 = (A2 - B2) / B2;

/**
 * Geodetic latitude, longitude [rad] and height [m] of an ECEF position, written to out[0..2].
 * Closed form of Heikkinen (1982) as given by Zhu (IEEE Trans. AES 30(3), 1994): no iteration, sub-mm
 * from the surface to beyond GEO, allocation-free (it runs inside every derivative evaluation).
 */
export function ecefToGeodetic(x: number, y: number, z: number, out: Float64Array | number[]): Float64Array | number[] {
  const e2 = WGS84_E2;
  const p2 = x * x + y * y;
  const p = Math.sqrt(p2);
  const z2 = z * z;
  const F = 54 * B2 * z2;
  const G = p2 + (1 - e2) * z2 - e2 * (A2 - B2);
  const c = (e2 * e2 * F * p2) / (G * G * G);
  const s = Math.cbrt(1 + c + Math.sqrt(c * c + 2 * c));
  const k = s + 1 + 1 / s;
  const P = F / (3 * k * k * G * G);
  const Q = Math.sqrt(1 + 2 * e2 * e2 * P);
  const r0 = (-P * e2 * p) / (1 + Q) + Math.sqrt(Math.max(0, 0.5 * A2 * (1 + 1 / Q) - (P * (1 - e2) * z2) / (Q * (1 + Q)) - 0.5 * P * p2));
  const pe = p - e2 * r0;
  const U = Math.sqrt(pe * pe + z2);
  const V = Math.sqrt(pe * pe + (1 - e2) * z2);
  const z0 = (B2 * z) / (WGS84_A * V);
  out[0] = Math.atan2(z + EP2 * z0, p);
  out[1] = Math.atan2(y, x);
  out[2] = U * (1 - B2 / (WGS84_A * V));
  return out;
}
