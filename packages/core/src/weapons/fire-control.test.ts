import { describe, expect, it } from 'vitest';
import { DEG, R_EARTH_MEAN } from '../constants.ts';
import { ecefToEciState } from '../geo/earth-rotation.ts';
import { geodeticToEcef } from '../geo/geodetic.ts';
import { destinationPoint, greatCircleDistance, initialAzimuth } from '../geo/great-circle.ts';
import { enuToEcef } from '../geo/enu.ts';
import { flyToImpact } from '../threats/ballistic.ts';
import { arcFromRangeAndApogee } from '../threats/ballistic-closed-form.ts';
import { REAL_EARTH } from '../geo/earth-model.ts';
import { drawKill, interceptForLaunch, launchWindow, predictPath, shootLookShoot, type LaunchSite } from './fire-control.ts';
import { interceptorPosition, type SurfaceInterceptorSpec } from './surface-interceptor.ts';

const KM = 1000;
const earth = { ...REAL_EARTH };
// catalog values (gbi.yaml, thaad.yaml); see packages/scenario/catalog/interceptors
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
const fortGreely: LaunchSite = { latitude: 63.95 * DEG, longitude: -145.73 * DEG, altitude: 0 };

/**
 * A plausible ICBM-class threat after boost: 300 s after launch from Pyongyang, 200 km up, on the
 * ballistic arc towards Seattle with a 1,200 km apogee (closed-form burnout speed and flight-path angle
 * on a non-rotating sphere, then flown on the real, rotating Earth with J2 and drag, so it lands near,
 * not on, Seattle). A re-entry vehicle of ballistic coefficient 6,000 kg/m^2 (as hwasong-17.yaml).
 */
function threat() {
  const pyongyang = { lat: 39.2 * DEG, lon: 125.67 * DEG },
    seattle = { lat: 47.61 * DEG, lon: -122.33 * DEG };
  const az = initialAzimuth(pyongyang.lat, pyongyang.lon, seattle.lat, seattle.lon);
  const range = greatCircleDistance(pyongyang.lat, pyongyang.lon, seattle.lat, seattle.lon);
  const r0 = R_EARTH_MEAN + 200 * KM;
  const arc = arcFromRangeAndApogee((range * r0) / R_EARTH_MEAN, 1200 * KM, r0);
  const pos = geodeticToEcef(pyongyang.lat, pyongyang.lon, 200 * KM);
  const dir = enuToEcef(
    pyongyang.lat,
    pyongyang.lon,
    Math.cos(arc.flightPathAngle) * Math.sin(az),
    Math.cos(arc.flightPathAngle) * Math.cos(az),
    Math.sin(arc.flightPathAngle),
  );
  const t0 = 300;
  const ecef = [pos[0], pos[1], pos[2], arc.speed * dir[0], arc.speed * dir[1], arc.speed * dir[2]];
  const eci = ecefToEciState(earth.theta0 + 7.2921159e-5 * t0, ecef, new Float64Array(6));
  return { state: eci, t0, path: predictPath(eci, t0, earth, { ballisticCoefficient: 6000 }) };
}

const { state, t0, path } = threat();
const impact = path.impact!;

describe('fire control for a surface-launched interceptor', () => {
  it('flies the threat to an impact on the US west coast region', () => {
    expect(impact).not.toBeNull();
    expect(impact.longitude / DEG).toBeGreaterThan(-135);
    expect(impact.longitude / DEG).toBeLessThan(-110);
    expect(path.end - path.start).toBeGreaterThan(1200);
  });

  it('finds a GBI launch window from Fort Greely whose intercepts meet the threat', () => {
    const w = launchWindow(gbi, fortGreely, path, { earth, notBefore: t0 + 60 })!;
    expect(w.earliest.launchTime).toBeCloseTo(t0 + 60, 3); // the threat is in reach as soon as fire control may commit
    expect(w).not.toBeNull();
    expect(w.earliest.launchTime).toBeLessThan(w.latest.launchTime);
    expect(w.latest.launchTime - w.earliest.launchTime).toBeGreaterThan(300); // a long midcourse window
    for (const sol of [w.earliest, w.latest]) {
      // the launch computed for this intercept, launched, meets the threat at the same time
      const again = interceptForLaunch(gbi, fortGreely, path, sol.launchTime, { earth })!;
      expect(Math.abs(again.interceptTime - sol.interceptTime)).toBeLessThan(0.01);
      // where the interceptor is on its kinematic profile at the intercept time, against the threat
      // flown again, independently of the path's interpolation, to the intercept time: within 20 m
      // (bisection to 1e-6 s, the Hermite interpolation < 1 m, the conic's arrival < 1 m)
      const at = interceptorPosition(gbi, sol.launchPosition, sol.point, sol.interceptTime - sol.launchTime);
      const truth = flyToImpact(state, t0, { ballisticCoefficient: 6000 }, { earth, tMax: sol.interceptTime, hMax: 10 }).end.state;
      expect(Math.hypot(at[0] - truth[0], at[1] - truth[1], at[2] - truth[2])).toBeLessThan(20);
      expect(sol.altitude).toBeGreaterThanOrEqual(gbi.minInterceptAltitude - 1);
      expect(sol.groundRange).toBeLessThanOrEqual(gbi.maxInterceptRange + 1);
    }
    // a launch inside the window meets the threat between the window's intercepts
    const mid = 0.5 * (w.earliest.launchTime + w.latest.launchTime);
    const s = interceptForLaunch(gbi, fortGreely, path, mid, { earth })!;
    expect(s.interceptTime - s.launchTime - s.timeOfFlight).toBeCloseTo(0, 4);
  });

  it('has no window for a target outside the range or altitude limits', () => {
    // THAAD at Fort Greely: the threat never comes within 200 km
    expect(launchWindow(thaad, fortGreely, path, { earth })).toBeNull();
    // a GBI whose reach is cut to 300 km, or whose ceiling is below its floor for this track
    expect(launchWindow({ ...gbi, maxInterceptRange: 300 * KM }, fortGreely, path, { earth })).toBeNull();
    // no launch possible before the commit time late in the flight
    expect(launchWindow(gbi, fortGreely, path, { earth, notBefore: path.end })).toBeNull();
  });

  it('leaves time to shoot, look and shoot again in a GBI midcourse engagement, but not in a THAAD terminal one', () => {
    const delay = 60;
    const sls = shootLookShoot(gbi, fortGreely, path, delay, { earth })!;
    expect(sls.second).not.toBeNull();
    expect(sls.second!.launchTime).toBeGreaterThanOrEqual(sls.assessedAt - 1e-6);
    expect(sls.second!.interceptTime).toBeLessThanOrEqual(path.end);
    // THAAD 20 km short of the predicted impact point along the threat's ground track
    const back = destinationPoint(impact.latitude, impact.longitude, 0, 0);
    const az = initialAzimuth(impact.latitude, impact.longitude, 39.2 * DEG, 125.67 * DEG);
    const near = destinationPoint(back.latitude, back.longitude, az, 20 * KM);
    const battery: LaunchSite = { latitude: near.latitude, longitude: near.longitude, altitude: 0 };
    const w = launchWindow(thaad, battery, path, { earth })!;
    expect(w).not.toBeNull();
    expect(w.earliest.launchTime).toBeLessThan(w.latest.launchTime);
    const terminal = shootLookShoot(thaad, battery, path, delay, { earth })!;
    expect(terminal.first).not.toBeNull();
    expect(terminal.second).toBeNull();
  });

  it('draws kills at the single-shot Pk (seeded)', () => {
    // A seeded LCG on [0, 1) (Numerical Recipes, 2nd ed., sec. 7.1: a = 1664525, c = 1013904223, m = 2^32)
    let seed = 12345;
    const uniform = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 4294967296;
    };
    for (const pk of [9 / 17, 15 / 16]) {
      const n = 20000;
      let kills = 0;
      for (let i = 0; i < n; i++) if (drawKill(pk, uniform)) kills++;
      // binomial: within 4 standard deviations sqrt(pk (1 - pk) / n) (0.0035 for 9/17)
      expect(Math.abs(kills / n - pk)).toBeLessThan(4 * Math.sqrt((pk * (1 - pk)) / n));
    }
    expect(drawKill(1, () => 0.999999)).toBe(true);
    expect(drawKill(0.5, () => 0.5)).toBe(false);
  });
});
