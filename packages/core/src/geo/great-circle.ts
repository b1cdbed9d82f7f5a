import { R_EARTH_MEAN } from '../constants.ts';

/**
 * Great-circle geometry on the sphere of mean Earth radius: what analysts quote as "range" between
 * two places (within 0.5 % of the WGS84 geodesic). Formulas from Williams, Aviation Formulary V1.47.
 */

/** Great-circle distance [m] by the haversine formula (well-conditioned for short and long arcs). */
export function greatCircleDistance(lat1: number, lon1: number, lat2: number, lon2: number, radius = R_EARTH_MEAN): number {
  const sdLat = Math.sin((lat2 - lat1) / 2);
  const sdLon = Math.sin((lon2 - lon1) / 2);
  const h = sdLat * sdLat + Math.cos(lat1) * Math.cos(lat2) * sdLon * sdLon;
  return 2 * radius * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial great-circle course from point 1 towards point 2 [rad from north, clockwise, 0..2pi). */
export function initialAzimuth(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLon = lon2 - lon1;
  const y = Math.sin(dLon) * Math.cos(lat2);
  const x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLon);
  const az = Math.atan2(y, x);
  return az < 0 ? az + 2 * Math.PI : az;
}

/** The point reached going a distance [m] along a great circle from (lat, lon) on an initial course [rad]. */
export function destinationPoint(
  lat: number,
  lon: number,
  azimuth: number,
  distance: number,
  radius = R_EARTH_MEAN,
): { latitude: number; longitude: number } {
  const d = distance / radius;
  const sinLat = Math.sin(lat) * Math.cos(d) + Math.cos(lat) * Math.sin(d) * Math.cos(azimuth);
  const latitude = Math.asin(Math.max(-1, Math.min(1, sinLat)));
  const lon2 = lon + Math.atan2(Math.sin(azimuth) * Math.sin(d) * Math.cos(lat), Math.cos(d) - Math.sin(lat) * sinLat);
  return { latitude, longitude: Math.atan2(Math.sin(lon2), Math.cos(lon2)) };
}

/**
 * North and east offsets [m] of (lat, lon) from a target point, on the local sphere of `radius`
 * around the target: the miss the targeting solvers drive to zero.
 */
export function northEastOffset(lat: number, lon: number, targetLat: number, targetLon: number, radius = R_EARTH_MEAN): [number, number] {
  let dLon = lon - targetLon;
  dLon = Math.atan2(Math.sin(dLon), Math.cos(dLon));
  return [(lat - targetLat) * radius, dLon * radius * Math.cos(targetLat)];
}
