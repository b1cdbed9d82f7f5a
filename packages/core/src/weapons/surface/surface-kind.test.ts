import { describe, expect, it } from 'vitest';
import type { InterceptorBattery } from '../../c2/battle-manager.ts';
import { DEG, R_EARTH_MEAN } from '../../constants.ts';
import type { World } from '../../engine/world.ts';
import { eciToGeodetic, REAL_EARTH } from '../../geo/earth-model.ts';
import { ecefToEciState, toEcef } from '../../geo/earth-rotation.ts';
import { earthAngle } from '../../geo/earth-model.ts';
import { enuToEcef } from '../../geo/enu.ts';
import { geodeticToEcef } from '../../geo/geodetic.ts';
import { greatCircleDistance, initialAzimuth } from '../../geo/great-circle.ts';
import { arcFromRangeAndApogee } from '../../threats/ballistic-closed-form.ts';
import { interceptForLaunch, launchWindow, predictPath } from '../fire-control.ts';
import { surfaceKind } from './surface-kind.ts';

// The battle manager's test geometry (c2/battle-manager.test.ts): a closed-form ICBM arc from Pyongyang at
// Seattle on the rotating Earth, one GBI battery at Fort Greely. The surface kind wraps fire control; its
// windows and solutions must be fire control's own (launch-window.ts, fire-control.ts: validated there).
const KM = 1000;
const earth = REAL_EARTH;
const battery: InterceptorBattery = {
  id: 'gbi-fort-greely',
  owner: 'US',
  kind: 'interceptor',
  assetClass: 'midcourse',
  site: { latitude: 63.95 * DEG, longitude: -145.73 * DEG, altitude: 0 },
  spec: {
    burnoutSpeed: 6300,
    burnTime: 150,
    minInterceptAltitude: 120 * KM,
    maxInterceptAltitude: 1900 * KM,
    maxInterceptRange: 5300 * KM,
    divertVelocity: 500,
    singleShotPk: 9 / 17,
    minTimeOfFlight: 180,
    regime: 'exo',
  },
  inventory: 1,
};
const path = (() => {
  const from = { lat: 39.2 * DEG, lon: 125.67 * DEG },
    to = { lat: 47.61 * DEG, lon: -122.33 * DEG };
  const az = initialAzimuth(from.lat, from.lon, to.lat, to.lon);
  const range = greatCircleDistance(from.lat, from.lon, to.lat, to.lon);
  const r0 = R_EARTH_MEAN + 200 * KM;
  const arc = arcFromRangeAndApogee((range * r0) / R_EARTH_MEAN, 1200 * KM, r0);
  const pos = geodeticToEcef(from.lat, from.lon, 200 * KM);
  const c = Math.cos(arc.flightPathAngle);
  const dir = enuToEcef(from.lat, from.lon, c * Math.sin(az), c * Math.cos(az), Math.sin(arc.flightPathAngle));
  const t0 = 300;
  const ecef = [pos[0], pos[1], pos[2], arc.speed * dir[0], arc.speed * dir[1], arc.speed * dir[2]];
  const eci = ecefToEciState(earth.theta0 + 7.2921159e-5 * t0, ecef, new Float64Array(6));
  return predictPath(eci, t0, earth, { ballisticCoefficient: 6000 });
})();
const whole = launchWindow(battery.spec, battery.site, path, { earth }) as NonNullable<ReturnType<typeof launchWindow>>;

describe('the surface kind offers fire control’s windows and solutions', () => {
  it('offers the battery’s launch window: its earliest intercept, from the battery, with its latest launch', () => {
    const [offer, ...more] = surfaceKind.windows(battery, { path, notBefore: path.start }, 0, earth);
    expect(more).toEqual([]);
    expect(offer.shooter).toBe('gbi-fort-greely');
    expect(offer.launchTime).toBe(whole.earliest.launchTime);
    expect(offer.interceptTime).toBe(whole.earliest.interceptTime);
    expect(offer.latest.launchTime).toBe(whole.latest.launchTime);
    expect(surfaceKind.weapons({ batteries: [battery] } as unknown as World)).toEqual([battery]);
    expect(surfaceKind.singleShotPk(battery)).toBe(9 / 17);
  });

  it('a wait (approvals) moves the offer to the first launch after it; past the last launch there is none', () => {
    const span = whole.latest.launchTime - whole.earliest.launchTime;
    expect(span).toBeGreaterThan(60);
    const from = whole.earliest.launchTime;
    const [held] = surfaceKind.windows(battery, { path, notBefore: from }, span / 2, earth);
    // fire control's window for launches not before from + span / 2 (its scan locates the edge to 1e-6 s)
    expect(held.launchTime).toBeCloseTo(from + span / 2, 3);
    const exact = surfaceKind.solve(battery, path, held.launchTime, earth);
    const direct = interceptForLaunch(battery.spec, battery.site, path, held.launchTime, { earth });
    expect(exact).toEqual(direct);
    expect(held.interceptTime).toBeCloseTo((direct as NonNullable<typeof direct>).interceptTime, 3);
    expect(surfaceKind.windows(battery, { path, notBefore: whole.latest.launchTime }, 1, earth)).toEqual([]);
  });

  it('its point is the threat’s position at the intercept, and its fly-out ends there', () => {
    const [offer] = surfaceKind.windows(battery, { path, notBefore: path.start }, 0, earth);
    const at = path.position(offer.interceptTime, new Float64Array(3));
    expect(surfaceKind.point(battery, { path, notBefore: path.start }, offer, earth)).toEqual(
      eciToGeodetic(earth, offer.interceptTime, at),
    );
    const fly = surfaceKind.flyout({ earth } as World, battery, { path, notBefore: path.start }, offer);
    const n = fly.length / 4;
    expect(fly[4 * (n - 1)]).toBeCloseTo(offer.interceptTime - offer.launchTime, 6);
    const ecef = new Float64Array(3);
    toEcef(earthAngle(earth, offer.interceptTime), at[0], at[1], at[2], ecef);
    // logged paths are rounded to the metre (flyout.ts)
    for (let k = 0; k < 3; k++) expect(Math.abs(fly[4 * (n - 1) + 1 + k] - ecef[k])).toBeLessThanOrEqual(0.5);
  });
});
