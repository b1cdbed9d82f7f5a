import { destinationPoint, initialAzimuth } from '../geo/great-circle.ts';
import type { GeoPoint } from '../geo/place.ts';
import type { EarthModel } from '../geo/earth-model.ts';
import type { BallisticMissileSpec } from '../threats/missile.ts';
import { flyMissile } from '../threats/missile-flight.ts';
import type { RocketSpec } from '../threats/rocket.ts';
import { missileMaxRange } from '../threats/test-reconstruction.ts';
import { type ThreatTrack, threatTrackFromHistory } from './threat-track.ts';

/**
 * The ascent a missile flies from a site towards a target, as boost-phase studies take it: full
 * burn on the loft of longest reach towards the target (the trajectory an attacker at the edge of
 * its range must fly), sampled each second to `after` seconds past burnout.
 */
export function ascentTrack(spec: BallisticMissileSpec, site: GeoPoint, target: GeoPoint, earth: EarthModel, after = 60): ThreatTrack {
  const azimuth = initialAzimuth(site.latitude, site.longitude, target.latitude, target.longitude);
  const { kickAngle } = missileMaxRange(spec, site, azimuth, earth);
  const f = flyMissile(spec, { azimuth, kickAngle, finalBurnFraction: 1 }, site, { earth, recordHistory: true });
  if (f.boost.failure || !f.history) throw new Error(`the ascent from the site failed: ${f.boost.failure}`);
  return threatTrackFromHistory(f.history, earth, f.boost.t, f.boost.t + after, 1);
}

/**
 * The same rocket burning faster or slower: every stage's burn time times `factor`, the same
 * propellant (so thrust scales by 1/factor and the ideal velocity is unchanged). A shorter burn is the
 * classic counter to boost-phase defense.
 */
export function withBurnTimeScaled(rocket: RocketSpec, factor: number): RocketSpec {
  if (!(factor > 0)) throw new Error(`burn-time factor must be positive, got ${factor}`);
  return {
    ...rocket,
    stages: rocket.stages.map((s) => ({
      ...s,
      burnTime: s.burnTime * factor,
      coastAfter: s.coastAfter === undefined ? undefined : s.coastAfter * factor,
    })),
  };
}

/**
 * Launch points filling a polygon of (latitude, longitude) vertices [rad] on a grid of about
 * `spacing` metres (great-circle), by the even-odd rule in latitude/longitude (fine for regions of a
 * few hundred km that do not straddle the antimeridian or a pole). Always at least the centroid.
 */
export function pointsInPolygon(polygon: readonly GeoPoint[], spacing: number): GeoPoint[] {
  if (polygon.length < 3) throw new Error(`a launch region polygon needs at least 3 vertices, got ${polygon.length}`);
  let latMin = Infinity,
    latMax = -Infinity,
    lonMin = Infinity,
    lonMax = -Infinity;
  for (const v of polygon) {
    latMin = Math.min(latMin, v.latitude);
    latMax = Math.max(latMax, v.latitude);
    lonMin = Math.min(lonMin, v.longitude);
    lonMax = Math.max(lonMax, v.longitude);
  }
  const inside = (lat: number, lon: number): boolean => {
    let c = false;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const a = polygon[i],
        b = polygon[j];
      if (
        a.latitude > lat !== b.latitude > lat &&
        lon < ((b.longitude - a.longitude) * (lat - a.latitude)) / (b.latitude - a.latitude) + a.longitude
      )
        c = !c;
    }
    return c;
  };
  const north = destinationPoint(latMin, lonMin, 0, spacing);
  const dLat = north.latitude - latMin;
  const out: GeoPoint[] = [];
  for (let lat = latMin + dLat / 2; lat <= latMax; lat += dLat) {
    const east = destinationPoint(lat, lonMin, Math.PI / 2, spacing);
    const dLon = Math.abs(east.longitude - lonMin);
    for (let lon = lonMin + dLon / 2; lon <= lonMax; lon += dLon)
      if (inside(lat, lon)) out.push({ latitude: lat, longitude: lon, altitude: 0 });
  }
  if (out.length === 0) {
    const n = polygon.length;
    out.push({
      latitude: polygon.reduce((s, v) => s + v.latitude, 0) / n,
      longitude: polygon.reduce((s, v) => s + v.longitude, 0) / n,
      altitude: 0,
    });
  }
  return out;
}
