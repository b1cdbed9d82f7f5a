import { describe, expect, it } from 'vitest';
import { DEG, G0 } from '../constants.ts';
import { greatCircleDistance } from '../geo/great-circle.ts';
import { flyCruiseMissile, type CruiseMissileSpec } from './cruise.ts';
import { REAL_EARTH } from '../geo/earth-model.ts';

/** A subsonic cruise missile for tests only (round numbers). */
const cruise: CruiseMissileSpec = {
  kind: 'cruise',
  cruiseSpeed: 250,
  cruiseAltitude: 50,
  maxBank: 30 * DEG,
  climbRate: 20,
  maxRange: 3000e3,
  launchAltitude: 10000,
  launchSpeed: 250,
  terminalDistance: 20e3,
  diveAngle: 20 * DEG,
};
const from = { latitude: 60 * DEG, longitude: 40 * DEG, altitude: 0 };

describe('cruise missile', () => {
  it('flies a straight route in distance / speed and lands on the target', () => {
    const to = { latitude: 62 * DEG, longitude: 60 * DEG, altitude: 0 };
    const res = flyCruiseMissile(cruise, from, [], to, { earth: REAL_EARTH });
    if ('error' in res) throw new Error(res.error);
    const d = greatCircleDistance(from.latitude, from.longitude, to.latitude, to.longitude);
    // Closed form: constant airspeed on a great circle takes d / V. The descent from 10 km and the
    // dive add path length of order (10 km)/sin(theta) - horizontal, i.e. a fraction of a percent.
    expect(Math.abs(res.summary.flightTime / (d / cruise.cruiseSpeed) - 1)).toBeLessThan(0.005);
    // pursuit in the dive, 0.5 s steps of 125 m: it lands within one step of the aim point
    expect(res.summary.missDistance).toBeLessThan(150);
    expect(res.history.length).toBeGreaterThan(10);
  });

  it('turns no faster than its bank limit allows (g tan(bank) / V) through a dog-leg waypoint', () => {
    const via = [{ latitude: 64 * DEG, longitude: 45 * DEG, altitude: 0 }];
    const to = { latitude: 60 * DEG, longitude: 55 * DEG, altitude: 0 };
    const res = flyCruiseMissile(cruise, from, via, to, { earth: REAL_EARTH });
    if ('error' in res) throw new Error(res.error);
    const limit = (G0 * Math.tan(cruise.maxBank)) / cruise.cruiseSpeed;
    expect(res.summary.maxTurnRate).toBeLessThanOrEqual(limit * (1 + 1e-12));
    expect(res.summary.maxTurnRate).toBeGreaterThan(0.9 * limit); // the sharp leg does use it
    expect(res.summary.groundDistanceFlown).toBeGreaterThan(0.97 * res.summary.routeLength);
    expect(res.summary.missDistance).toBeLessThan(150);
  });

  it('refuses a route longer than its range', () => {
    const to = { latitude: 10 * DEG, longitude: 40 * DEG, altitude: 0 };
    const res = flyCruiseMissile(cruise, from, [], to, { earth: REAL_EARTH });
    expect('error' in res && res.error).toMatch(/beyond the missile's range of 3000 km/);
  });
});
