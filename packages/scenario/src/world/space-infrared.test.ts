import { describe, expect, it } from 'vitest';
import {
  type CoalitionPolicy,
  earthAngle,
  ecefToGeodetic,
  type EngineEvent,
  pathFromSamples,
  runTrial,
  toEcef,
  type World,
} from '@golden-dome/core';
import { loadPolicies } from '../policy/policy-loader.ts';
import { parseScenario } from '../scenario/scenario-loader.ts';
import { buildWorld } from './build-world.ts';
import { smallRaidRequest } from './small-raid.ts';
import { problems } from '../scenario/test-problems.ts';

// The small raid (two Hwasong-17-class ICBMs from Pyongyang, a warhead and four decoys each) seen by
// space infrared sensors only; a zero-round Canadian battery makes Canada a planning nation, so that its
// commits (track events) show which sensors it may use.
const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;
const caBattery = [{ id: 'ca-battery', interceptor: 'ngi', at: 'Ottawa', owner: 'CA', assetClass: 'midcourse', inventory: 0 }];
// truth tracks: commits by stereo-report count (estimated-trial.test.ts covers the tracking layer's fixes in tracks)
const request = (spaceSensors: string[]) => ({
  ...smallRaidRequest(caBattery),
  radars: [],
  spaceSensors,
  planningNations: ['CA'],
  tracks: 'truth' as const,
});
const tracking = buildWorld(request(['pwsa-tracking-layer']));
const warningOnly = buildWorld(request(['sbirs-geo', 'sbirs-heo']));

const of = <T extends EngineEvent['type']>(log: EngineEvent[], type: T) =>
  log.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

/** Geodetic altitude [m] of an object at t (WGS84 geodetic height, not the IR code's altitude shells). */
function altitude(world: World, objectId: string, t: number): number {
  const o = world.objects.find((x) => x.id === objectId);
  if (!o) throw new Error(objectId);
  const p = pathFromSamples(o.flight).position(t, new Float64Array(3));
  const e = new Float64Array(3);
  toEcef(earthAngle(world.earth, t), p[0], p[1], p[2], e);
  return ecefToGeodetic(e[0], e[1], e[2], new Float64Array(3))[2];
}

describe('space infrared sensors in the engine', () => {
  it('SBIRS warns of each launch during the boost (plume above the cloud floor), and a warning alone commits nothing', () => {
    const log = runTrial(warningOnly, 1);
    const detects = of(log, 'detect');
    expect(new Set(detects.map((d) => d.object))).toEqual(new Set(['m1', 'm2'])); // missiles (plumes), never their released objects
    for (const d of detects) {
      const m = warningOnly.missiles.find((x) => x.id === d.object);
      if (!m) throw new Error(d.object);
      const seen = d.t - 45; // the catalog's 45 s detection latency (sbirs-geo and sbirs-heo)
      expect(seen).toBeGreaterThanOrEqual(m.launchTime);
      expect(seen).toBeLessThanOrEqual(m.launchTime + m.burnoutTime);
      // above the catalog's 12 km cloud floor when seen (the shell (a + h, a + h, b + h) and geodetic height agree to ~0.1 %)
      expect(altitude(warningOnly, m.objects[0], seen)).toBeGreaterThan(11_900);
    }
    expect(of(log, 'track')).toHaveLength(0);
  });

  it('the PWSA tracking layer holds the released objects in stereo after burnout, and its reports commit a nation', () => {
    const log = runTrial(tracking, 1);
    const objectIds = new Set(tracking.objects.map((o) => o.id));
    const onObjects = of(log, 'detect').filter((d) => objectIds.has(d.object));
    expect(new Set(onObjects.map((d) => d.object))).toEqual(objectIds); // every RV and decoy is seen
    for (const d of onObjects) {
      const m = tracking.missiles.find((x) => d.object.startsWith(`${x.id}/`));
      if (!m) throw new Error(d.object);
      expect(d.t).toBeGreaterThan(m.launchTime + m.burnoutTime); // cold bodies: only after burnout
    }
    const tracks = of(log, 'track');
    expect(new Set(tracks.map((t) => t.object))).toEqual(objectIds);
    for (const t of tracks) expect(t).toMatchObject({ nation: 'CA', sources: ['pwsa-tracking-layer'] }); // shared by the US under norad-integrated
  });

  it('a nation the owner does not share the tracking layer with does not commit on it', () => {
    const withheld: CoalitionPolicy = {
      ...norad,
      name: 'norad, US shares nothing (test)',
      nations: { ...norad.nations, US: { ...norad.nations.US, sharing: [] } },
    };
    const log = runTrial({ ...tracking, policy: withheld }, 1);
    expect(of(log, 'detect').length).toBeGreaterThan(0); // the US layer still sees everything
    expect(of(log, 'track')).toHaveLength(0); // but Canada may not plan on it
  });

  it('is deterministic and seed-independent: IR reports are geometry, the same in every trial', () => {
    const irDetects = (seed: number): string => JSON.stringify(of(runTrial(tracking, seed), 'detect'));
    expect(irDetects(1)).toBe(irDetects(2));
    const cloned = structuredClone(tracking) as World;
    expect(JSON.stringify(runTrial(cloned, 3))).toBe(JSON.stringify(runTrial(tracking, 3)));
  });
});

describe('a scenario lists space infrared sensors under architecture.space_sensors', () => {
  const yaml = (line: string): string =>
    [
      'name: ir-test',
      'summary: A test.',
      'sources: ["the tests"]',
      'epoch: "2029-01-01T00:00:00Z"',
      'seed: 7',
      'policy: norad-integrated',
      'raid:',
      '  - {id: m1, type: hwasong-17, from: pyongyang-sunan, to: Seattle, target: {id: seattle, nation: US}, launch_time_s: 0}',
      'architecture:',
      '  radars: [uewr-clear]',
      line,
      'monte_carlo: {trials: 10}',
      '',
    ].join('\n');
  const problemsOf = problems;

  it('accepts the space infrared catalog entries and passes them to the world', () => {
    expect(parseScenario(yaml('  space_sensors: [sbirs-geo, pwsa-tracking-layer]'), 'ok.yaml').request.spaceSensors).toEqual([
      'sbirs-geo',
      'pwsa-tracking-layer',
    ]);
  });

  it('rejects a ground radar or an unknown name there, at its line', () => {
    expect(problemsOf(yaml('  space_sensors: [a-othr]'))).toEqual([
      expect.stringMatching(
        /^line 11, column \d+, field 'architecture\.space_sensors\[0\]': a-othr is a ground radar \(over-the-horizon\), not a space infrared sensor/,
      ),
    ]);
    expect(problemsOf(yaml('  space_sensors: [pwsa-traking-layer]'))).toEqual([
      expect.stringMatching(/^line 11, .*unknown sensor 'pwsa-traking-layer' \(did you mean 'pwsa-tracking-layer'/),
    ]);
  });
});
