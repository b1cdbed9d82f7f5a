import { destinationPoint } from '../../geo/great-circle.ts';
import type { GroundRadarSpec } from '../radar/radar.ts';

/**
 * An airborne early-warning radar (E-7, E-3) on its orbit. The radar itself is a line-of-sight radar
 * (radar.ts: RCS-scaled range, Swerling I, the 4/3-Earth horizon from its own height, so a radar at 9 km
 * sees a 50 m cruise missile out to ~420 km where a mast at 10 m sees it to ~42 km); what the platform
 * adds is the height and the motion: the antenna flies a circle of the orbit's radius about the station
 * at the orbit's speed, at the catalog's operating altitude. Look-down (targets below the platform's
 * horizontal) is the same detection with negative elevations; the clutter a look-down radar must reject
 * is in the catalog's reference range, which is a range against low-flying targets where one is quoted.
 *
 * Not modelled: racetrack orbits (a circle stands for them), the platform's own attitude and antenna
 * masking, time on station and relief, the radar's Doppler notch against slow targets.
 */
export interface AirborneOrbit {
  /** Centre of the orbit (the station): geodetic latitude and longitude [rad]. */
  latitude: number;
  longitude: number;
  /** Radius of the circle flown [m] and ground speed along it [m/s]. */
  radius: number;
  speed: number;
  /** Bearing from the centre [rad] of the platform at t = 0 (scenario time). */
  phase: number;
}

/** Where the platform is at scenario time t [s]: clockwise round the circle at the orbit's speed. */
export function orbitPosition(orbit: AirborneOrbit, t: number): { latitude: number; longitude: number } {
  const bearing = orbit.phase + (orbit.speed / orbit.radius) * t;
  return destinationPoint(orbit.latitude, orbit.longitude, bearing, orbit.radius);
}

/** A radar's spec at scenario time t: its fixed spec, or for an airborne radar the spec moved to where its platform is. */
export function radarSpecAt(radar: { spec: GroundRadarSpec; orbit?: AirborneOrbit }, t: number): GroundRadarSpec {
  if (!radar.orbit) return radar.spec;
  const p = orbitPosition(radar.orbit, t);
  return { ...radar.spec, latitude: p.latitude, longitude: p.longitude };
}
