import { describe, expect, it } from 'vitest';
import { DEG, R_EARTH_MEAN } from '../constants.ts';
import { ecefToEciState } from '../geo/earth-rotation.ts';
import { enuToEcef } from '../geo/enu.ts';
import { geodeticToEcef } from '../geo/geodetic.ts';
import { greatCircleDistance, initialAzimuth } from '../geo/great-circle.ts';
import { arcFromRangeAndApogee } from '../threats/ballistic-closed-form.ts';
import { earthAngle, REAL_EARTH } from '../geo/earth-model.ts';
import { type InterceptSolution, type LaunchSite, predictPath, type ThreatPath } from './fire-control.ts';
import { launchWindow, launchWindowByScan } from './launch-window.ts';
import type { SurfaceInterceptorSpec } from './surface-interceptor.ts';

const KM = 1000;
const earth = { ...REAL_EARTH, theta0: 1.234 };
// catalog values (gbi.yaml, thaad.yaml) and an SM-3-class sea-based interceptor (illustrative)
const gbi: SurfaceInterceptorSpec = {
  burnoutSpeed: 6300,
  burnTime: 150,
  minInterceptAltitude: 120 * KM,
  maxInterceptAltitude: 1900 * KM,
  maxInterceptRange: 5300 * KM,
  divertVelocity: 500,
  singleShotPk: 9 / 17,
  minTimeOfFlight: 180,
  regime: 'exo',
};
const thaad: SurfaceInterceptorSpec = {
  burnoutSpeed: 2778,
  burnTime: 15,
  minInterceptAltitude: 40 * KM,
  maxInterceptAltitude: 150 * KM,
  maxInterceptRange: 200 * KM,
  divertVelocity: 300,
  singleShotPk: 15 / 16,
  minTimeOfFlight: 20,
  regime: 'endo-exo',
};
const sm3: SurfaceInterceptorSpec = {
  burnoutSpeed: 4500,
  burnTime: 40,
  minInterceptAltitude: 100 * KM,
  maxInterceptAltitude: 1200 * KM,
  maxInterceptRange: 2500 * KM,
  divertVelocity: 400,
  singleShotPk: 0.8,
  minTimeOfFlight: 60,
  regime: 'exo',
};

const site = (lat: number, lon: number): LaunchSite => ({ latitude: lat * DEG, longitude: lon * DEG, altitude: 0 });
const places = {
  fortGreely: site(63.95, -145.73),
  vandenberg: site(34.74, -120.57),
  seattle: site(47.61, -122.33),
  shipNorthPacific: site(45, -170),
  equatorPacific: site(0.5, -160),
  newYork: site(40.71, -74.01),
};

/** A re-entry vehicle from `from` to `to` [deg], 200 km up at t0, on the arc of the given apogee, flown with J2 and drag on the rotating Earth. */
function threat(from: [number, number], to: [number, number], apogeeKm: number, t0: number): ThreatPath {
  const [lat0, lon0] = [from[0] * DEG, from[1] * DEG],
    [lat1, lon1] = [to[0] * DEG, to[1] * DEG];
  const az = initialAzimuth(lat0, lon0, lat1, lon1);
  const r0 = R_EARTH_MEAN + 200 * KM;
  const arc = arcFromRangeAndApogee((greatCircleDistance(lat0, lon0, lat1, lon1) * r0) / R_EARTH_MEAN, apogeeKm * KM, r0);
  const pos = geodeticToEcef(lat0, lon0, 200 * KM);
  const dir = enuToEcef(
    lat0,
    lon0,
    Math.cos(arc.flightPathAngle) * Math.sin(az),
    Math.cos(arc.flightPathAngle) * Math.cos(az),
    Math.sin(arc.flightPathAngle),
  );
  const ecef = [pos[0], pos[1], pos[2], arc.speed * dir[0], arc.speed * dir[1], arc.speed * dir[2]];
  return predictPath(ecefToEciState(earthAngle(earth, t0), ecef, new Float64Array(6)), t0, earth, { ballisticCoefficient: 6000 });
}

const threats = {
  'Pyongyang-Seattle, 1,200 km apogee': threat([39.2, 125.67], [47.61, -122.33], 1200, 300),
  'Dombarovsky-New York over the pole, 1,300 km apogee': threat([51.1, 59.85], [40.71, -74.01], 1300, 250),
  'Pyongyang-Honolulu, lofted (2,800 km apogee)': threat([39.2, 125.67], [21.31, -157.86], 2800, 200),
  'Uzhur-Los Angeles, depressed (500 km apogee)': threat([55.31, 89.82], [34.05, -118.24], 500, 280),
};

const bits = (s: InterceptSolution): number[] => [
  s.launchTime,
  s.interceptTime,
  ...s.point,
  ...s.launchPosition,
  s.timeOfFlight,
  s.groundRange,
  s.altitude,
];

describe("launchWindow: the fast search finds the exhaustive scan's window, bit for bit", () => {
  for (const [name, path] of Object.entries(threats)) {
    it(name, () => {
      let windows = 0;
      for (const [spec, where] of [
        [gbi, ['fortGreely', 'vandenberg', 'newYork', 'equatorPacific']],
        [sm3, ['shipNorthPacific', 'equatorPacific', 'seattle']],
        [thaad, ['seattle', 'vandenberg']],
      ] as const) {
        for (const placeName of where) {
          const launcher = places[placeName as keyof typeof places];
          for (const options of [
            { earth, step: 2 },
            { earth, step: 2, notBefore: path.start + 400 },
            { earth, step: 1, notBefore: path.start + 123.456 },
          ]) {
            const fast = launchWindow(spec, launcher, path, options);
            const scan = launchWindowByScan(spec, launcher, path, options);
            expect(fast === null, `${placeName} ${JSON.stringify(options)}`).toBe(scan === null);
            if (!fast || !scan) continue;
            windows++;
            expect(bits(fast.earliest), `${placeName} earliest`).toEqual(bits(scan.earliest));
            expect(bits(fast.latest), `${placeName} latest`).toEqual(bits(scan.latest));
          }
        }
      }
      expect(windows).toBeGreaterThan(0);
    });
  }
});
