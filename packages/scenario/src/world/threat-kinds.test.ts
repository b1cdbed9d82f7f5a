import { describe, expect, it } from 'vitest';
import {
  type CoalitionPolicy,
  earthAngle,
  ecefToGeodetic,
  type EngineEvent,
  greatCircleDistance,
  pathFromSamples,
  runTrial,
  toEcef,
  type World,
} from '@golden-dome/core';
import { loadPolicies } from '../policy/policy-loader.ts';
import { buildWorld } from './build-world.ts';

// A mixed raid from China's Jiuquan under the norad-integrated policy: a DF-41-class ICBM the short way
// over the pole, an Avangard-class glide vehicle, a FOBS the long way round (arriving from the south)
// and a Kh-101-class cruise missile; seen by the north-facing early-warning radars, Canada's A-OTHR
// and the PWSA tracking layer; NGI and GBI batteries in Alaska.
const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;
const NORTH_FACING = ['uewr-clear', 'lrdr-clear', 'uewr-pituffik'];
const world: World = buildWorld({
  epoch: '2029-01-01T00:00:00Z',
  policy: norad,
  raid: [
    { id: 'icbm', type: 'df-41', from: 'jiuquan', to: 'Washington, US', target: { id: 'washington', nation: 'US' }, launchTime: 0 },
    { id: 'hgv', type: 'avangard', from: 'jiuquan', to: 'Seattle', target: { id: 'seattle', nation: 'US' }, launchTime: 0 },
    {
      id: 'fobs',
      type: 'fobs',
      from: 'jiuquan',
      to: 'Washington, US',
      target: { id: 'washington', nation: 'US' },
      launchTime: 0,
      approach: 'long',
    },
    { id: 'cm', type: 'kh-101', from: '50,170', to: 'Anchorage', target: { id: 'anchorage', nation: 'US' }, launchTime: 60 },
  ],
  radars: [...NORTH_FACING, 'a-othr'],
  spaceSensors: ['pwsa-tracking-layer', 'sbirs-geo'],
  batteries: [
    { id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 20 },
    { id: 'gbi-vandenberg', interceptor: 'gbi', at: '34.74,-120.57', owner: 'US', assetClass: 'midcourse', inventory: 4 },
  ],
  doctrine: { shotsPerThreat: 4, shootLookShoot: false, killAssessmentDelay: 60, reserveFraction: 0 },
});
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const logs = SEEDS.map((s) => runTrial(world, s));
const of = <T extends EngineEvent['type']>(log: EngineEvent[], type: T) =>
  log.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
const object = (id: string) => {
  const o = world.objects.find((x) => x.id === id);
  if (!o) throw new Error(id);
  return o;
};
/** Geodetic latitude, longitude [rad] and height [m] of an object at t. */
function where(id: string, t: number): { latitude: number; longitude: number; altitude: number } {
  const p = pathFromSamples(object(id).flight).position(t, new Float64Array(3));
  const e = new Float64Array(3);
  toEcef(earthAngle(world.earth, t), p[0], p[1], p[2], e);
  const g = ecefToGeodetic(e[0], e[1], e[2], new Float64Array(3));
  return { latitude: g[0], longitude: g[1], altitude: g[2] };
}
const DEG = Math.PI / 180;

describe('glide, FOBS and cruise threats in worlds', () => {
  it("every kind lands on its target (within the models' aim tolerances)", () => {
    const targets: Record<string, [number, number]> = {
      'icbm/rv0': [38.895, -77.036],
      'hgv/rv0': [47.606, -122.332],
      'fobs/rv0': [38.895, -77.036],
      'cm/rv0': [61.218, -149.9],
    };
    for (const [id, [lat, lon]] of Object.entries(targets)) {
      const o = object(id);
      // GeoNames city points; ballistic aim to 1 m, glide and FOBS Newton tolerances 20 km and 5 km, cruise dives on the point
      expect(greatCircleDistance(o.impactPoint.latitude, o.impactPoint.longitude, lat * DEG, lon * DEG)).toBeLessThan(25_000);
    }
  });

  it('a FOBS from the south is not seen by the north-facing radars, but the space tracking layer holds it', () => {
    const fobs = object('fobs/rv0');
    // it arrives from the south: ten minutes before impact it is well south of Washington (38.9 N)
    expect(where('fobs/rv0', fobs.impactTime - 600).latitude).toBeLessThan(30 * DEG);
    for (const log of logs) {
      const onFobs = of(log, 'detect').filter((d) => d.object === 'fobs/rv0');
      expect(onFobs.filter((d) => NORTH_FACING.includes(d.sensor))).toHaveLength(0);
      expect(onFobs.some((d) => d.sensor === 'pwsa-tracking-layer' && d.t < fobs.impactTime)).toBe(true);
      // the same radars do see the ICBM's objects that come over the pole (those not destroyed before they rise into view)
      expect(of(log, 'detect').some((d) => d.object.startsWith('icbm/') && NORTH_FACING.includes(d.sensor))).toBe(true);
    }
  });

  it('a glider glides inside the atmosphere, and no exo-atmospheric interceptor meets it there', () => {
    const hgv = object('hgv/rv0');
    const glideFrom = hgv.glideFrom as number;
    expect(glideFrom).toBeGreaterThan(world.missiles.find((m) => m.id === 'hgv')?.burnoutTime ?? Infinity);
    // gliding: below the 100 km interface from pull-up to impact (sampled every 20 s)
    for (let t = glideFrom + 20; t < hgv.impactTime; t += 20) expect(where('hgv/rv0', t).altitude).toBeLessThan(100_000);
    const intercepts = logs.flatMap((log) => of(log, 'intercept'));
    expect(intercepts.length).toBeGreaterThan(0);
    for (const i of intercepts.filter((x) => x.layer === 'midcourse')) {
      // NGI and GBI kill vehicles are exo-atmospheric: 120 to 1,900 km (catalog)
      expect(i.point.altitude).toBeGreaterThanOrEqual(120_000 - 1);
      expect(i.point.altitude).toBeLessThanOrEqual(1_900_000 + 1);
      if (i.object === 'hgv/rv0') expect(i.t).toBeLessThan(glideFrom); // only on its ballistic lob before the glide
    }
  });

  it('a cruise missile has no boost to engage or warn of, and flies below what these sensors see', () => {
    expect(world.missiles.find((m) => m.id === 'cm')?.ascent).toBeNull();
    for (const log of logs) {
      expect(of(log, 'burnout').some((e) => e.missile === 'cm')).toBe(false);
      expect(of(log, 'detect').some((e) => e.object === 'cm' || e.object === 'cm/rv0')).toBe(false);
      expect(of(log, 'impact').some((e) => e.object === 'cm/rv0')).toBe(true);
    }
  });

  it('glide and FOBS boosters are engaged by a space-based layer as ballistic boosts are', () => {
    // a notional SBI shell dense enough over Jiuquan (41 N) that every boost has satellites in reach
    const spaceWorld = buildWorld({
      epoch: '2029-01-01T00:00:00Z',
      policy: norad,
      radars: [],
      batteries: [],
      raid: [
        { id: 'hgv', type: 'avangard', from: 'jiuquan', to: 'Seattle', target: { id: 'seattle', nation: 'US' }, launchTime: 0 },
        {
          id: 'fobs',
          type: 'fobs',
          from: 'jiuquan',
          to: 'Washington, US',
          target: { id: 'washington', nation: 'US' },
          launchTime: 0,
          approach: 'long',
        },
      ],
      spaceLayers: [
        {
          id: 'sbi',
          interceptor: 'notional-sbi',
          owner: 'US',
          altitudeKm: 450,
          inclinationDeg: 55,
          planes: 26,
          perPlane: 50,
          singleShotPk: 0.7,
        },
      ],
      planningNations: ['US'],
    });
    const log = runTrial(spaceWorld, 1);
    for (const m of spaceWorld.missiles) {
      const shots = of(log, 'intercept').filter((i) => i.object === m.id && i.layer === 'space');
      expect(shots.length).toBeGreaterThan(0);
      // boost-phase intercepts happen while the booster burns (SBI reach ends at burnout)
      for (const i of shots) expect(i.t).toBeLessThanOrEqual(m.launchTime + m.burnoutTime + 1e-6);
    }
  });

  it('is deterministic: the same mixed world and seed give the identical log, also after structured cloning', () => {
    const a = JSON.stringify(runTrial(world, 5));
    expect(a).toBe(JSON.stringify(logs[SEEDS.indexOf(5)]));
    expect(JSON.stringify(runTrial(structuredClone(world), 5))).toBe(a);
    expect(new Set(logs.map((l) => JSON.stringify(l))).size).toBeGreaterThan(1);
  });
});
