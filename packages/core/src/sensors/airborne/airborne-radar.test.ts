import { describe, expect, it } from 'vitest';
import { DEG, KM, R_EARTH_MEAN } from '../../constants.ts';
import { geodeticToEcef } from '../../geo/geodetic.ts';
import { destinationPoint, greatCircleDistance } from '../../geo/great-circle.ts';
import { orbitPosition, radarSpecAt, type AirborneOrbit } from './airborne-radar.ts';
import { detectionRange, radarHorizonDistance, radarVisibility, type GroundRadarSpec } from '../radar/radar.ts';

// A North Warning System-like ground radar (antenna 30 m above the sea, 402 km on 1 m^2) on the Labrador
// coast, and an E-7-like airborne radar (10 km up, 370 km on 1 m^2, looking down) on an orbit 150 km
// out to sea. A Kh-101-class cruise missile flies at 50 m with an RCS of 0.1 m^2 (both ranges on it:
// 402 x 0.1^(1/4) = 226 km and 370 x 0.1^(1/4) = 208 km).
const ground: GroundRadarSpec = {
  latitude: 53.55 * DEG,
  longitude: -56.83 * DEG,
  altitude: 30,
  faces: [{ boresightAzimuth: 0, boresightElevation: 0, azimuthHalfWidth: Math.PI }],
  minElevation: -1 * DEG,
  maxElevation: 30 * DEG,
  referenceRange: 402 * KM,
  referenceRcs: 1,
  thresholdSnr: 20,
  falseAlarmProbability: 1e-6,
  revisitInterval: 12,
  rangeNoise: 100,
  azimuthNoise: 0.2 * DEG,
  elevationNoise: 0.3 * DEG,
};
const station = destinationPoint(ground.latitude, ground.longitude, 45 * DEG, 150 * KM);
const aew: GroundRadarSpec = {
  ...ground,
  latitude: station.latitude,
  longitude: station.longitude,
  altitude: 10_000,
  minElevation: -90 * DEG,
  referenceRange: 370 * KM,
  revisitInterval: 10,
};
const RCS = 0.1;
/** An ECEF point at ground range [m] and azimuth [rad] from a radar, at a height [m]. */
const from = (s: GroundRadarSpec, azimuth: number, groundRange: number, height: number): Float64Array => {
  const p = destinationPoint(s.latitude, s.longitude, azimuth, groundRange);
  return geodeticToEcef(p.latitude, p.longitude, height) as Float64Array;
};

describe('the radar horizon: a cruise missile at 50 m against a ground radar and an airborne one', () => {
  it('hand computation: d = 4.12 (sqrt(h1) + sqrt(h2)) km on the 4/3 Earth', () => {
    // Skolnik, 3rd ed., ch. 8: d[km] ~ 4.12 sqrt(h[m]) for k = 4/3. Mast 30 m + missile 50 m: 4.12 x (5.48 + 7.07) = 51.7 km;
    // aircraft 10 km + missile 50 m: 4.12 x (100 + 7.07) = 441 km
    expect((radarHorizonDistance(30) + radarHorizonDistance(50)) / KM).toBeCloseTo(4.12 * (Math.sqrt(30) + Math.sqrt(50)), 0);
    expect((radarHorizonDistance(10_000) + radarHorizonDistance(50)) / KM).toBeCloseTo(4.12 * (Math.sqrt(10_000) + Math.sqrt(50)), -1);
  });

  it('the ground radar sees the missile inside its 52 km horizon and not beyond, though its range on it is 226 km', () => {
    expect(detectionRange(ground, RCS) / KM).toBeCloseTo(226, 0);
    expect(radarVisibility(ground, from(ground, 45 * DEG, 45 * KM, 50), RCS)).toBe('visible');
    expect(radarVisibility(ground, from(ground, 45 * DEG, 60 * KM, 50), RCS)).toBe('earth-blocked');
    expect(radarVisibility(ground, from(ground, 45 * DEG, 150 * KM, 50), RCS)).toBe('earth-blocked');
    // the same missile at 5 km altitude is above the horizon at 150 km
    expect(radarVisibility(ground, from(ground, 45 * DEG, 150 * KM, 5000), RCS)).toBe('visible');
  });

  it('the airborne radar 10 km up sees the same missile at 150 km looking down, out to its 208 km range', () => {
    const missile = from(ground, 45 * DEG, 150 * KM, 50); // 150 km from the mast: just under the aircraft
    expect(radarVisibility(aew, missile, RCS)).toBe('visible');
    expect(radarVisibility(aew, from(aew, 200 * DEG, 200 * KM, 50), RCS)).toBe('visible'); // looking down at -2.5 deg
    expect(radarVisibility(aew, from(aew, 200 * DEG, 215 * KM, 50), RCS)).toBe('beyond-range');
    // a bigger target is range-limited only by the aircraft's own horizon, 441 km
    expect(radarVisibility(aew, from(aew, 200 * DEG, 430 * KM, 50), 100)).toBe('visible');
    expect(radarVisibility(aew, from(aew, 200 * DEG, 450 * KM, 50), 100)).toBe('earth-blocked');
  });
});

describe('an airborne radar on its orbit', () => {
  const orbit: AirborneOrbit = { latitude: station.latitude, longitude: station.longitude, radius: 50 * KM, speed: 200, phase: 0 };
  const radar = { spec: aew, orbit };

  it('flies a circle of the orbit radius at the orbit speed: a quarter turn in (pi r / 2) / v', () => {
    const quarter = (Math.PI * orbit.radius) / 2 / orbit.speed; // 392.7 s
    for (const t of [0, 100, quarter, 1000, 5000]) {
      const p = orbitPosition(orbit, t);
      expect(greatCircleDistance(orbit.latitude, orbit.longitude, p.latitude, p.longitude) / orbit.radius).toBeCloseTo(1, 9);
    }
    const north = orbitPosition(orbit, 0),
      east = orbitPosition(orbit, quarter);
    expect(north.latitude).toBeGreaterThan(orbit.latitude); // starts due north of the station
    expect(east.longitude).toBeGreaterThan(orbit.longitude); // then clockwise, to the east
    // the chord between them is r sqrt(2) (on a sphere of radius R, to ~(r/R)^2)
    expect(greatCircleDistance(north.latitude, north.longitude, east.latitude, east.longitude) / (orbit.radius * Math.SQRT2)).toBeCloseTo(
      1,
      3,
    );
    expect(orbit.radius / R_EARTH_MEAN).toBeLessThan(0.01);
  });

  it('the radar measures from where its platform is; a fixed radar keeps its spec', () => {
    const s = radarSpecAt(radar, 1000);
    const p = orbitPosition(orbit, 1000);
    expect([s.latitude, s.longitude, s.altitude]).toEqual([p.latitude, p.longitude, aew.altitude]);
    expect(radarSpecAt({ spec: ground }, 1000)).toBe(ground);
    // a missile 240 km north of the station: in reach from the orbit's north side (190 km), not from its south side (290 km)
    const missile = from(aew, 0, 240 * KM, 50);
    const nearSide = radarSpecAt(radar, 0); // due north of the station, 190 km from the missile
    const farSide = radarSpecAt(radar, (Math.PI * orbit.radius) / orbit.speed); // due south, 290 km away
    expect(radarVisibility(nearSide, missile, RCS)).toBe('visible');
    expect(radarVisibility(farSide, missile, RCS)).toBe('beyond-range');
  });
});
