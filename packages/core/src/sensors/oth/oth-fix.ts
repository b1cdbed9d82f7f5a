import { destinationPoint, initialAzimuth } from '../../geo/great-circle.ts';
import { sensorSiteEci } from '../../tracking/ekf.ts';

/** Where an OTH fix is placed in height [m] and its one-sigma height error [m] (model choice: 0-10 km, cruise missiles to bombers, within one sigma). */
export const OTH_FIX_ALTITUDE = 5000;
export const OTH_FIX_HEIGHT_SIGMA = 5000;

/**
 * An OTH look (ground range, azimuth from the site) as an ECI position fix at Earth angle theta: the point at
 * that range along the great circle, at OTH_FIX_ALTITUDE, with covariance sigma_gr^2 along the path's bearing
 * there, (ground range x sigma_az)^2 across it and OTH_FIX_HEIGHT_SIGMA^2 vertically.
 */
export function othFix(
  spec: { latitude: number; longitude: number; groundRangeNoise: number; azimuthNoise: number },
  z: { groundRange: number; azimuth: number },
  theta: number,
): { position: Float64Array; covariance: Float64Array } {
  const p = destinationPoint(spec.latitude, spec.longitude, z.azimuth, z.groundRange);
  const site = sensorSiteEci(p.latitude, p.longitude, OTH_FIX_ALTITUDE, theta);
  // the path's bearing at the fix: the reverse of the bearing back to the radar
  const b = initialAzimuth(p.latitude, p.longitude, spec.latitude, spec.longitude) + Math.PI;
  const along = [0, 1, 2].map((i) => Math.sin(b) * site.east[i] + Math.cos(b) * site.north[i]);
  const across = [0, 1, 2].map((i) => Math.cos(b) * site.east[i] - Math.sin(b) * site.north[i]);
  const va = spec.groundRangeNoise ** 2,
    vc = (z.groundRange * spec.azimuthNoise) ** 2,
    vh = OTH_FIX_HEIGHT_SIGMA ** 2;
  const covariance = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      covariance[3 * i + j] = va * along[i] * along[j] + vc * across[i] * across[j] + vh * site.up[i] * site.up[j];
  return { position: Float64Array.from(site.position), covariance };
}
