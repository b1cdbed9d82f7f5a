/**
 * The local east-north-up frame at a geodetic latitude and longitude (up along the ellipsoid normal).
 * Rows of the ECEF -> ENU rotation: east = (-sin lon, cos lon, 0),
 * north = (-sin lat cos lon, -sin lat sin lon, cos lat), up = (cos lat cos lon, cos lat sin lon, sin lat).
 */
export function ecefToEnu(
  latitude: number,
  longitude: number,
  dx: number,
  dy: number,
  dz: number,
  out: Float64Array | number[] = new Float64Array(3),
): Float64Array | number[] {
  const sl = Math.sin(latitude),
    cl = Math.cos(latitude),
    so = Math.sin(longitude),
    co = Math.cos(longitude);
  out[0] = -so * dx + co * dy;
  out[1] = -sl * co * dx - sl * so * dy + cl * dz;
  out[2] = cl * co * dx + cl * so * dy + sl * dz;
  return out;
}

/** ENU components at (latitude, longitude) to an ECEF vector (the transpose rotation). */
export function enuToEcef(
  latitude: number,
  longitude: number,
  e: number,
  n: number,
  u: number,
  out: Float64Array | number[] = new Float64Array(3),
): Float64Array | number[] {
  const sl = Math.sin(latitude),
    cl = Math.cos(latitude),
    so = Math.sin(longitude),
    co = Math.cos(longitude);
  out[0] = -so * e - sl * co * n + cl * co * u;
  out[1] = co * e - sl * so * n + cl * so * u;
  out[2] = cl * n + sl * u;
  return out;
}

/** Look angles from an observer to a point, both ECEF: azimuth from north [rad, 0..2pi), elevation [rad], slant range [m]. */
export function lookAngles(
  latitude: number,
  longitude: number,
  observer: ArrayLike<number>,
  point: ArrayLike<number>,
): { azimuth: number; elevation: number; range: number } {
  const enu = ecefToEnu(latitude, longitude, point[0] - observer[0], point[1] - observer[1], point[2] - observer[2]);
  const range = Math.hypot(enu[0], enu[1], enu[2]);
  let azimuth = Math.atan2(enu[0], enu[1]);
  if (azimuth < 0) azimuth += 2 * Math.PI;
  return { azimuth, elevation: Math.asin(enu[2] / range), range };
}
