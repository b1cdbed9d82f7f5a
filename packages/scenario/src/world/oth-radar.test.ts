import { describe, expect, it } from 'vitest';
import {
  type CoalitionPolicy,
  earthAngle,
  type EngineEvent,
  othCoverage,
  pathFromSamples,
  REFERENCE_IONOSPHERE,
  runTrial,
  skyWaveBand,
  toEcef,
} from '@golden-dome/core';
import { loadPolicies } from '../policy/policy-loader.ts';
import { parseScenario } from '../scenario/scenario-loader.ts';
import { InputError } from '../validated-yaml.ts';
import { buildWorld, type WorldRequest } from './build-world.ts';

// Canada's A-OTHR (southern Ontario, looking north, 120 deg sector; one-hop sky-wave coverage: ~1,000-3,000
// km by day under a 300 km layer, ~1,150-3,390 km at night under a 350 km one) against a polar shot from
// Kozelsk at Iqaluit, whose re-entry runs down through the band, and a Pacific shot from Pyongyang at
// Seattle that never comes near it. The epoch (1 Jan, 00:00 UTC) is night over Hudson Bay.
const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;
const request = (policy: CoalitionPolicy): WorldRequest => ({
  epoch: '2029-01-01T00:00:00Z',
  policy,
  raid: [
    { id: 'polar', type: 'notional-solid-icbm', from: 'kozelsk', to: 'Iqaluit', target: { id: 'iqaluit', nation: 'CA' }, launchTime: 0 },
    {
      id: 'pacific',
      type: 'notional-solid-icbm',
      from: 'pyongyang-sunan',
      to: 'Seattle',
      target: { id: 'seattle', nation: 'US' },
      launchTime: 0,
    },
  ],
  radars: ['a-othr'],
  // a US battery with no rounds: the US battle manager plans (and so commits tracks) but never fires
  batteries: [{ id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 0 }],
  planningNations: ['US'],
  // detection-count commits are the truth-tracks mode's (estimated tracks use no OTH measurement: 2-D and coarse)
  tracks: 'truth',
});
const world = buildWorld(request(norad));
const withheld: CoalitionPolicy = {
  ...norad,
  name: 'norad, CA shares nothing (test)',
  nations: { ...norad.nations, CA: { ...norad.nations.CA, sharing: [] } },
};

const R = 6_371_000; // mean Earth radius: an independent spherical ground range, good to ~0.5 %
const SITE = { lat: (44.35 * Math.PI) / 180, lon: (-78.733 * Math.PI) / 180 };
/** Ground range [m] and altitude [m] of an object at t, on a sphere (independent of the radar code's WGS84 geometry). */
function whereIs(objectId: string, t: number): { groundRange: number; altitude: number } {
  const o = world.objects.find((x) => x.id === objectId);
  if (!o) throw new Error(objectId);
  const eci = pathFromSamples(o.flight).position(t, new Float64Array(3));
  const e = new Float64Array(3);
  toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], e);
  const r = Math.hypot(e[0], e[1], e[2]);
  const lat = Math.asin(e[2] / r),
    lon = Math.atan2(e[1], e[0]);
  const c = Math.sin(SITE.lat) * Math.sin(lat) + Math.cos(SITE.lat) * Math.cos(lat) * Math.cos(lon - SITE.lon);
  return { groundRange: R * Math.acos(Math.min(1, c)), altitude: r - R };
}
const detects = (log: EngineEvent[]) => log.filter((e): e is Extract<EngineEvent, { type: 'detect' }> => e.type === 'detect');

describe('over-the-horizon radars in the engine', () => {
  it('A-OTHR detects the polar re-entry inside its sky-wave band at that time, and nothing outside it', () => {
    const spec = world.othRadars[0].spec;
    let polar = 0,
      night = 0;
    for (let seed = 1; seed <= 10; seed++) {
      for (const d of detects(runTrial(world, seed))) {
        expect(d.sensor).toBe('a-othr');
        expect(d.owner).toBe('CA');
        expect(d.object.startsWith('polar/')).toBe(true); // the Pacific shot is thousands of km outside the band
        const p = whereIs(d.object, d.t);
        const o = world.objects.find((x) => x.id === d.object) as (typeof world.objects)[number];
        const ecef = new Float64Array(3);
        const eci = pathFromSamples(o.flight).position(d.t, new Float64Array(3));
        toEcef(earthAngle(world.earth, d.t), eci[0], eci[1], eci[2], ecef);
        // the layer the model used at that time (day or night over the path's midpoint), then the band for
        // the object's altitude recomputed here on the sphere, with 1 % slack for sphere vs WGS84
        const c = othCoverage(spec, ecef, world.epochMs + d.t * 1000);
        expect(c.visibility).toBe('visible');
        const layer = c.day ? REFERENCE_IONOSPHERE.day : REFERENCE_IONOSPHERE.night;
        if (!c.day) night++;
        expect(p.altitude).toBeLessThan(layer.virtualHeight + 25_000); // sphere vs WGS84 height at 60-70 N
        const band = skyWaveBand(spec.minRayElevation, spec.maxRayElevation, spec.minFrequency, layer, Math.max(0, p.altitude - 25_000));
        const top = skyWaveBand(
          spec.minRayElevation,
          spec.maxRayElevation,
          spec.minFrequency,
          layer,
          Math.min(layer.virtualHeight - 1, p.altitude + 25_000),
        );
        expect(band && top).toBeTruthy();
        expect(p.groundRange).toBeGreaterThan(0.99 * (top?.minGroundRange as number));
        expect(p.groundRange).toBeLessThan(1.01 * (band?.maxGroundRange as number));
        polar++;
      }
    }
    // six objects re-enter through the band over several 30 s revisits at Pd 0.2-0.5: detections are the rule
    expect(polar).toBeGreaterThan(30);
    expect(night).toBe(polar); // all under the night layer
  });

  it('a nation commits on an OTH radar only when its owner shares it', () => {
    const tracksOf = (w: typeof world) => [1, 2, 3].flatMap((s) => runTrial(w, s)).filter((e) => e.type === 'track');
    const shared = tracksOf(world);
    expect(shared.length).toBeGreaterThan(0);
    for (const t of shared) expect(t.type === 'track' && t.nation === 'US' && t.sources).toEqual(['a-othr']);
    // Canada withholds A-OTHR: the same detections happen (they are Canada's), but the US commits on none
    const notShared = runTrial({ ...world, policy: withheld }, 1);
    expect(detects(notShared).length).toBeGreaterThan(0);
    expect(notShared.filter((e) => e.type === 'track')).toHaveLength(0);
  });
});

describe('a scenario lists OTH radars under architecture.radars', () => {
  const yaml = (radars: string): string =>
    [
      'name: oth-test',
      'summary: A test.',
      'sources: ["the tests"]',
      'epoch: "2029-01-01T00:00:00Z"',
      'seed: 7',
      'policy: norad-integrated',
      'raid:',
      '  - {id: m1, type: hwasong-17, from: pyongyang-sunan, to: Seattle, target: {id: seattle, nation: US}, launch_time_s: 0}',
      'architecture:',
      `  radars: ${radars}`,
      'monte_carlo: {trials: 10}',
      '',
    ].join('\n');

  it('accepts line-of-sight and over-the-horizon radars', () => {
    expect(parseScenario(yaml('[uewr-clear, a-othr, p-othr]'), 'ok.yaml').request.radars).toEqual(['uewr-clear', 'a-othr', 'p-othr']);
  });

  it('rejects a space sensor there, at its line, naming what it is', () => {
    try {
      parseScenario(yaml('[uewr-clear, sbirs-geo]'), 'bad.yaml');
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).problems).toEqual([
        expect.stringMatching(
          /^line 10, column \d+, field 'architecture\.radars\[1\]': sbirs-geo is a space-infrared sensor, not a ground radar \(list it under space_sensors\)/,
        ),
      ]);
    }
  });
});
