import type { RadarAsset } from './protocol.ts';

const RAD = Math.PI / 180;
/** Mean Earth radius [m] for drawing footprints on the globe (a display figure: IUGG mean radius R1). */
const EARTH_RADIUS_M = 6_371_008.8;

export interface LatLonDeg {
  latitude: number;
  longitude: number;
}

/**
 * The point `distance` metres from (lat, lon) along initial bearing `bearing` on a sphere, degrees in
 * and out — the spherical "destination point" formula (Williams, Aviation Formulary V1.47, "Lat/lon
 * given radial and distance"); used to outline a radar's fan on the ground, not in any physics.
 */
export function destination(latDeg: number, lonDeg: number, bearingDeg: number, distance: number): LatLonDeg {
  const phi1 = latDeg * RAD,
    lambda1 = lonDeg * RAD,
    theta = bearingDeg * RAD,
    delta = distance / EARTH_RADIUS_M;
  const sinPhi2 = Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta);
  const phi2 = Math.asin(Math.min(1, Math.max(-1, sinPhi2)));
  const lambda2 = lambda1 + Math.atan2(Math.sin(theta) * Math.sin(delta) * Math.cos(phi1), Math.cos(delta) - Math.sin(phi1) * sinPhi2);
  return { latitude: phi2 / RAD, longitude: ((((lambda2 / RAD + 540) % 360) + 360) % 360) - 180 };
}

/**
 * The ground outline of a radar's coverage at its detection range: a fan of its face's width around
 * the boresight (apex at the site), or a full circle for an all-round radar; degrees out.
 */
export function footprintOutline(radar: RadarAsset, arcSteps = 48): LatLonDeg[] {
  // the wire is SI (radians, metres); this outline is in degrees, for Cesium's fromDegrees
  const lat = radar.latitude / RAD,
    lon = radar.longitude / RAD;
  const fan = radar.boresight !== undefined && radar.fov !== undefined && radar.fov < 2 * Math.PI;
  const from = fan ? ((radar.boresight as number) - (radar.fov as number) / 2) / RAD : 0;
  const width = fan ? (radar.fov as number) / RAD : 360;
  const outline: LatLonDeg[] = fan ? [{ latitude: lat, longitude: lon }] : [];
  const points = fan ? arcSteps + 1 : arcSteps;
  for (let i = 0; i < points; i++) outline.push(destination(lat, lon, from + (width * i) / arcSteps, radar.range));
  return outline;
}
