import { describe, expect, it } from 'vitest';
import {
  type CoalitionPolicy,
  earthAngle,
  ecefToGeodetic,
  type EngineEvent,
  greatCircleDistance,
  pathFromSamples,
  radarHorizonDistance,
  runTrial,
  toEcef,
} from '@golden-dome/core';
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
  raid: [
    { id: 'cm', type: 'kh-101', from: '56.5,-44', to: 'Happy Valley-Goose Bay', target: { id: 'goose-bay', nation: 'CA' }, launchTime: 0 },
  ],
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

  it("a cruise missile at 60 m passing beyond the ground radar's horizon is never seen by it, and is seen by the E-7 looking down", () => {
    const cartwright = world.radars.find((r) => r.id === 'nws-cartwright')?.spec;
    if (!cartwright) throw new Error('no radar');
    // after its descent from release it cruises at 60 m, outside the radar's horizon at its closest (sampled every 10 s)
    let closest = Infinity,
      highest = 0;
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
      const p = where((aew as { t: number }).t, (54.5 * Math.PI) / 180, (-54.5 * Math.PI) / 180);
      expect(p.altitude).toBeLessThan(61);
      expect(p.distance).toBeLessThan(208_000 + 50_000);
    }
  });
});

// A Tu-160 from Olenya (Kola) over the pole to a launch area north of the Canadian Arctic Archipelago,
// releasing two Kh-101s at Edmonton; Canada's P-OTHR (notional site in northern Manitoba, looking north)
// and an E-7 stationed over the Archipelago watch. Launch areas are NOT FOUND in the open literature: a
// model choice here.
const OLENYA = '68.15,33.46';
const AREA = '80,-100';
const bomberWorld = buildWorld({
  epoch: '2029-01-01T00:00:00Z',
  policy: norad,
  raid: [],
  bombers: [
    {
      id: 'b1',
      type: 'tu-160',
      from: OLENYA,
      launchArea: AREA,
      takeoffTime: 0,
      weapons: [
        { id: 'b1/kh1', to: 'Edmonton', target: { id: 'edmonton', nation: 'CA' } },
        { id: 'b1/kh2', to: 'Edmonton', target: { id: 'edmonton', nation: 'CA' }, waypoints: ['72,-95'] },
      ],
    },
  ],
  radars: ['p-othr', 'e-7'],
  radarStations: [{ radar: 'e-7', at: '75,-100' }],
  batteries: [],
  planningNations: [],
});
const DEG = Math.PI / 180;

describe('bombers fly to their launch areas and release cruise missiles there; sensors see them', () => {
  it('the Tu-160 flies from its base to the launch area at its cruise altitude; its missiles leave from there when it arrives', () => {
    const b = bomberWorld.aircraft?.[0];
    if (!b) throw new Error('no bomber');
    expect(b.releases).toEqual(['b1/kh1', 'b1/kh2']);
    const path = pathFromSamples(b.flight);
    const end = new Float64Array(3),
      eci = path.position(path.end, new Float64Array(3));
    toEcef(earthAngle(bomberWorld.earth, path.end), eci[0], eci[1], eci[2], end);
    const g = ecefToGeodetic(end[0], end[1], end[2], new Float64Array(3));
    expect(greatCircleDistance(g[0], g[1], 80 * DEG, -100 * DEG)).toBeLessThan(1000); // within one 0.5 s step of 236 m/s
    expect(g[2]).toBeCloseTo(10_000, -2);
    // flight time against a hand computation: the great circle Olenya - (80 N, 100 W) at the catalog's cruise speed
    // (236 m/s, TASS's 850 km/h), plus the climb to 10 km at 15 m/s (667 s, flown at cruise speed along the track: no
    // time lost) and a turn onto course
    const distance = greatCircleDistance(68.15 * DEG, 33.46 * DEG, 80 * DEG, -100 * DEG);
    expect(path.end / (distance / 236)).toBeGreaterThan(0.999);
    expect(path.end / (distance / 236)).toBeLessThan(1.02);
    for (const id of b.releases) {
      const m = bomberWorld.missiles.find((x) => x.id === id);
      expect(m?.type).toBe('kh-101');
      expect(m?.launchTime).toBe(path.end);
      expect(greatCircleDistance(m?.site.latitude as number, m?.site.longitude as number, g[0], g[1])).toBeLessThan(1);
    }
    // the missile with a waypoint flies a longer route to the same target
    const impact = (id: string) => bomberWorld.objects.find((o) => o.missile === id)?.impactTime as number;
    expect(impact('b1/kh2')).toBeGreaterThan(impact('b1/kh1'));
  });

  it('P-OTHR and the E-7 detect the bomber (detect events on its id), in both track modes', () => {
    for (const mode of ['estimated', 'truth'] as const) {
      const w = { ...bomberWorld, settings: { ...bomberWorld.settings, tracks: mode } };
      const log = detects(runTrial(w, 1));
      const sensors = new Set(log.filter((d) => d.object === 'b1').map((d) => d.sensor));
      expect([...sensors].sort()).toEqual(['e-7', 'p-othr']);
      expect(runTrial(w, 1)).toEqual(runTrial(w, 1)); // deterministic
    }
  });

  it('refuses more weapons than the bomber carries, an unknown type and a launch area beyond its combat radius', () => {
    const base = {
      id: 'b',
      type: 'tu-95ms',
      from: OLENYA,
      launchArea: AREA,
      takeoffTime: 0,
      weapons: [] as Array<{ id: string; to: string; target: { id: string; nation: string } }>,
    };
    const seven = Array.from({ length: 7 }, (_, k) => ({ id: `w${k}`, to: 'Edmonton', target: { id: 'edmonton', nation: 'CA' } }));
    const request = (b: typeof base) => ({
      epoch: '2029-01-01T00:00:00Z',
      policy: norad,
      raid: [],
      bombers: [b],
      radars: [],
      batteries: [],
    });
    expect(() => buildWorld(request({ ...base, weapons: seven }))).toThrow(
      /bomber b \(tu-95ms\): 7 weapons, but a Tu-95MS long-range bomber carries 6 kh-101/,
    );
    expect(() => buildWorld(request({ ...base, type: 'tu-96', weapons: seven.slice(0, 1) }))).toThrow(
      /bomber b: unknown aircraft 'tu-96' \(did you mean .*'tu-95ms'/,
    );
    expect(() => buildWorld(request({ ...base, launchArea: '20,-80', weapons: seven.slice(0, 1) }))).toThrow(
      /bomber b \(tu-95ms from .* to .*\): the route is \d+ km long, beyond the aircraft's combat radius of 5500 km/,
    );
  });
});
