import { describe, expect, it } from 'vitest';
import { type CoalitionPolicy, earthAngle, ecefToGeodetic, type EngineEvent, greatCircleDistance, pathFromSamples, radarHorizonDistance, runTrial, toEcef } from '@golden-dome/core';
import { loadPolicies } from '../policy/policy-loader.ts';
import { buildWorld } from './build-world.ts';

// A Kh-101-class cruise missile (released at 10 km, cruising at 60 m) from the Labrador Sea to Happy
// Valley-Goose Bay, passing north of the North Warning System radar at Cartwright (antenna 30 m) and never
// inside that radar's 4/3-Earth horizon on it (4.12 (sqrt 30 + sqrt 60) km = 54 km). An E-7
// stationed 150 km out to sea on a 50 km orbit at 10 km altitude looks down on it.
const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;
const world = buildWorld({
  epoch: '2029-01-01T00:00:00Z',
  policy: norad,
  raid: [{ id: 'cm', type: 'kh-101', from: '56.5,-44', to: 'Happy Valley-Goose Bay', target: { id: 'goose-bay', nation: 'CA' }, launchTime: 0 }],
  radars: ['nws-cartwright', 'e-7'],
  radarStations: [{ radar: 'e-7', at: '54.5,-54.5' }],
  batteries: [],
  planningNations: [],
});
const detects = (log: EngineEvent[]) => log.filter((e): e is Extract<EngineEvent, { type: 'detect' }> => e.type === 'detect');
const object = world.objects[0];
/** The missile's ground distance [m] from a point and its height [m] at t. */
function where(t: number, lat: number, lon: number): { distance: number; altitude: number } {
  const eci = pathFromSamples(object.flight).position(t, new Float64Array(3));
  const e = new Float64Array(3);
  toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], e);
  const g = ecefToGeodetic(e[0], e[1], e[2], new Float64Array(3));
  return { distance: greatCircleDistance(lat, lon, g[0], g[1]), altitude: g[2] };
}

describe('air-breathing threats against ground and airborne radars in a trial', () => {
  it('the E-7 is an airborne radar on its orbit, the NWS radar a fixed one', () => {
    const e7 = world.radars.find((r) => r.id === 'e-7');
    expect(e7?.orbit?.radius).toBe(50_000);
    expect(e7?.spec.altitude).toBe(10_000);
    expect(world.radars.find((r) => r.id === 'nws-cartwright')?.orbit).toBeUndefined();
  });

  it('a cruise missile at 60 m passing beyond the ground radar\'s horizon is never seen by it, and is seen by the E-7 looking down', () => {
    const cartwright = world.radars.find((r) => r.id === 'nws-cartwright')?.spec;
    if (!cartwright) throw new Error('no radar');
    // after its descent from release it cruises at 60 m, outside the radar's horizon at its closest (sampled every 10 s)
    let closest = Infinity, highest = 0;
    for (let t = 600; t < object.impactTime; t += 10) {
      const p = where(t, cartwright.latitude, cartwright.longitude);
      closest = Math.min(closest, p.distance);
      highest = Math.max(highest, p.altitude);
    }
    expect(highest).toBeLessThan(61);
    const horizon = radarHorizonDistance(cartwright.altitude) + radarHorizonDistance(60); // 54 km
    expect(closest).toBeGreaterThan(horizon); // well inside the radar's 226 km range on 0.1 m^2, but below its horizon
    for (const seed of [1, 2, 3, 4, 5]) {
      const log = detects(runTrial(world, seed));
      expect(log.filter((d) => d.sensor === 'nws-cartwright')).toEqual([]);
      const aew = log.find((d) => d.sensor === 'e-7');
      expect(aew).toBeDefined();
      // the E-7 sees it at 60 m from its orbit, within its 208 km range on 0.1 m^2 of the orbit's centre plus radius
      const p = where((aew as { t: number }).t, 54.5 * Math.PI / 180, -54.5 * Math.PI / 180);
      expect(p.altitude).toBeLessThan(61);
      expect(p.distance).toBeLessThan(208_000 + 50_000);
    }
  });
});
