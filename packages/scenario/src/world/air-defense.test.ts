import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEG,
  type EngineEvent,
  eciToGeodetic,
  eventsVisibleTo,
  greatCircleDistance,
  pathFromSamples,
  radarHorizonDistance,
  runTrial,
  scrambleIntercept,
  type World,
} from '@golden-dome/core';
import { describe, expect, it } from 'vitest';
import { buildScenarioWorld, loadScenario, parseScenario, SCENARIO_DIR } from '../scenario/scenario-loader.ts';
import { buildWorld } from './build-world.ts';
import { alaskaCaliforniaBatteries, smallRaidRequest } from './small-raid.ts';

/**
 * The air layer in the engine (core/engine/air-defense.ts; issue 15): fighter intercept times against the
 * closed-form scramble, shoot the archer, the NASAMS-class radar horizon, national vs integrated command,
 * and unchanged logs for worlds whose air shooters never act.
 */
const file = (name: string): string => join(SCENARIO_DIR, `${name}.yaml`);
const scenario = (lines: string[]): string =>
  [
    'name: t',
    'summary: An air-layer test.',
    'sources: ["the tests"]',
    'epoch: "2029-01-01T00:00:00Z"',
    'seed: 1',
    ...lines,
    'monte_carlo: {trials: 1}',
    '',
  ].join('\n');
/** A scenario text's world in one track mode. */
const worldOf = (text: string, tracks: 'truth' | 'estimated'): World => {
  const loaded = parseScenario(text, 't.yaml');
  return buildScenarioWorld({ ...loaded, request: { ...loaded.request, tracks } });
};
type Of<K extends EngineEvent['type']> = Extract<EngineEvent, { type: K }>;
const of = <K extends EngineEvent['type']>(log: EngineEvent[], type: K): Array<Of<K>> => log.filter((e): e is Of<K> => e.type === type);

// a Kalibr (250 m/s at 50 m, both catalog figures) flies due south over Cold Lake; an F-35A pair on alert
// there (owner: `owner`) is cued by a US E-3 orbiting overhead
const headOn = (policy: string, owner: string): string =>
  scenario([
    `policy: ${policy}`,
    'raid:',
    '  - {id: k1, type: kalibr-3m14, from: "58.5,-110.287", to: "50.5,-110.287", target: {id: calgary}, launch_time_s: 0}',
    'architecture:',
    '  radars: [e-3]',
    '  radar_stations:',
    '    - {radar: e-3, at: "54.405,-110.287", source: "model choice: the test"}',
    '  fighters:',
    `    - {id: cl, type: f-35a, at: cfb-cold-lake, owner: ${owner}, alert: 2}`,
  ]);

describe('fighters on alert', () => {
  it('meet a cruise missile flying straight at their base when the closed-form head-on scramble says (truth tracks)', () => {
    // the US fighters and the US E-3: own sensor, no sharing delay
    const world = worldOf(headOn('norad-integrated', 'US'), 'truth');
    const log = runTrial(world, 1);
    const cue = Math.min(
      ...of(log, 'detect')
        .filter((e) => e.object === 'k1/rv0')
        .map((e) => e.t),
    );
    const assign = of(log, 'assign').find((e) => e.object === 'k1/rv0');
    expect(assign?.t).toBe(cue);
    const shot = of(log, 'intercept').find((e) => e.object === 'k1/rv0' && e.shot === 1);
    // hand computation: R north of the base at the cue, closing head-on at v; delay d, climb c = 50 m / 150 m/s at
    // 250 m/s, then the collision course at the dash speed s: T = d + c + (R - v (d + c) - 250 c) / (s + v)
    const path = pathFromSamples(world.objects[0].flight);
    const at = eciToGeodetic(world.earth, cue, path.position(cue, new Float64Array(3)));
    const R = greatCircleDistance(at.latitude, at.longitude, 54.405 * DEG, -110.287 * DEG);
    const d = 600,
      c = at.altitude / 150,
      v = 250,
      s = 472;
    const T = d + c + (R - v * (d + c) - 250 * c) / (s + v);
    expect(R).toBeGreaterThan(v * d); // it is still north of the base when the fighter is airborne
    // 2 s: the flat local frame is within ~R^3 / (6 Re^2) ~ 0.1 km of the sphere here (~0.15 s at 720 m/s
    // closing), and the mover's ground speed and altitude differ from 250 m/s / 50 m by its sampling
    expect(Math.abs((shot?.t ?? NaN) - (cue + T))).toBeLessThan(2);
    // and it is the library function's answer for the same head-on geometry
    const x = scrambleIntercept(
      { scrambleDelay: d, climbRate: 150, climbSpeed: 250, dashSpeed: s, combatRadius: 1e9 },
      [0, R],
      [0, -v],
      at.altitude,
    );
    expect(Math.abs((x?.time ?? NaN) - T)).toBeLessThan(1e-6);
    expect(
      of(log, 'fire')
        .filter((e) => e.object === 'k1/rv0')
        .every((e) => e.weapon.startsWith('cl#') && e.layer === 'air'),
    ).toBe(true);
  });
});

describe('fighters on alert, estimated tracks (air-tracks.ts)', () => {
  const headOnAt = (world: World, cue: number): number => {
    // the closed-form head-on scramble of the test above, from the cue
    const path = pathFromSamples(world.objects[0].flight);
    const at = eciToGeodetic(world.earth, cue, path.position(cue, new Float64Array(3)));
    const R = greatCircleDistance(at.latitude, at.longitude, 54.405 * DEG, -110.287 * DEG);
    const d = 600,
      c = at.altitude / 150,
      v = 250,
      s = 472;
    return cue + d + c + (R - v * (d + c) - 250 * c) / (s + v);
  };
  it("are ordered when the nation's air track is born and meet the missile where the track put it", () => {
    const world = worldOf(headOn('norad-integrated', 'US'), 'estimated');
    const log = runTrial(world, 1);
    const birth = of(log, 'track-birth').find((e) => e.object === 'k1/rv0' && e.nation === 'US');
    const first = Math.min(
      ...of(log, 'detect')
        .filter((e) => e.object === 'k1/rv0')
        .map((e) => e.t),
    );
    const assign = of(log, 'assign').find((e) => e.object === 'k1/rv0');
    expect(birth?.track).toMatch(/^US:A\d+$/);
    // a track needs 3 looks of the last 6 (AIR_TRACKER): it is born after the first detection
    expect(birth?.t).toBeGreaterThan(first);
    expect(assign?.t).toBe(birth?.t);
    expect(assign?.track).toBe(birth?.track);
    expect(of(log, 'track').find((e) => e.object === 'k1/rv0')).toMatchObject({ nation: 'US', sources: ['e-3'], engage: true });
    const shot = of(log, 'intercept').find((e) => e.object === 'k1/rv0' && e.shot === 1);
    // the order is solved on the track, not the truth: the meeting moves by the track's velocity error x the time to
    // go / the closing speed. A three-look track's range-rate error (the E-3's 100 m range noise over ~20 s: ~7 m/s)
    // moves it ~6 s, but its cross-range velocity error (0.3 deg azimuth noise at ~300 km: ~1.6 km a look, ~110 m/s
    // over ~20 s, 1 sigma) moves it by up to ~100 s (1 sigma) over the ~640 s to go when the E-3 looks across the
    // closing line; 300 s is 3 of those. Seed 1 was 14 s off with the E-3's 402 km reference range, 75 s with the
    // 323 km sourced since (the truth would be within 2 s: the lower bound is what fails if the order used the truth).
    const off = Math.abs((shot?.t ?? NaN) - headOnAt(world, birth?.t ?? NaN));
    expect(off).toBeLessThan(300);
    expect(off).toBeGreaterThan(2);
    // the fighter's radar acquires with the track's error at the meeting well inside the 50 km shot range
    expect(assign?.handoverError).toBeGreaterThan(0);
    expect(assign?.handoverError).toBeLessThan(5000);
    expect(assign?.pAcquire).toBe(1);
  });
  it('a nation that may not use the only sensor holds no track and does not engage; with it, it does', () => {
    // Canadian fighters, the US E-3: under norad-integrated the US shares it with Canada, under us-alone it does not
    const shared = runTrial(worldOf(headOn('norad-integrated', 'CA'), 'estimated'), 1);
    const withheld = runTrial(worldOf(headOn('us-alone', 'CA'), 'estimated'), 1);
    expect(of(shared, 'track-birth').some((e) => e.nation === 'CA' && e.object === 'k1/rv0')).toBe(true);
    expect(of(shared, 'fire').filter((e) => e.owner === 'CA').length).toBeGreaterThan(0);
    expect(of(withheld, 'track-birth').filter((e) => e.nation === 'CA')).toEqual([]);
    expect(withheld.filter((e) => e.type === 'assign' || e.type === 'fire' || e.type === 'sortie')).toEqual([]);
    expect(of(withheld, 'impact').map((e) => e.object)).toEqual(['k1/rv0']);
  });
});

describe.each(['estimated', 'truth'] as const)('shoot the archer (%s tracks): a bomber killed before its release point', (tracks) => {
  const loaded = loadScenario(file('russia-bomber-raid'));
  const world = buildScenarioWorld({ ...loaded, request: { ...loaded.request, tracks } });
  const release = new Map((world.aircraft ?? []).map((a) => [a.id, pathFromSamples(a.flight).end]));
  it("releases nothing: no launch, detection, engagement or impact of its missiles; the other bomber's missiles fly", () => {
    expect(world.settings.tracks).toBe(tracks);
    let kills = 0;
    for (const seed of [1, 2, 3]) {
      const log = runTrial(world, seed);
      for (const a of world.aircraft ?? []) {
        const kill = of(log, 'intercept').find((e) => e.object === a.id && e.hit && !e.alreadyDestroyed);
        const objects = new Set(world.missiles.filter((m) => a.releases.includes(m.id)).flatMap((m) => m.objects));
        const launched = of(log, 'launch').filter((e) => a.releases.includes(e.missile));
        if (kill) {
          kills++;
          expect(kill.t).toBeLessThan(release.get(a.id) as number);
          expect(launched).toEqual([]);
          expect(log.filter((e) => 'object' in e && objects.has(e.object))).toEqual([]);
          // nothing is seen of the bomber after it is shot down
          expect(of(log, 'detect').filter((e) => e.object === a.id && e.t > kill.t)).toEqual([]);
        } else {
          expect(launched.length).toBe(a.releases.length);
        }
      }
    }
    expect(kills).toBeGreaterThan(0);
  });
});

describe('a ground battery and its radar horizon', () => {
  // a Kalibr at 50 m passes a Patriot battery (70 km engagement range, labelled) whose antenna is 4 m up: its
  // refracted horizon on a 50 m target is 4.12 (sqrt 4 + sqrt 50) km = 37.4 km (Skolnik; radarHorizonDistance)
  const passing = (offsetKm: number, tracks: 'truth' | 'estimated' = 'truth', sensors: string[] = []): EngineEvent[] => {
    const lon = -74 + offsetKm / (111.195 * Math.cos(39 * DEG));
    const text = scenario([
      'policy: norad-integrated',
      'raid:',
      '  - {id: k1, type: kalibr-3m14, from: "37.0,-74.0", to: "41.0,-74.0", target: {id: new-york}, launch_time_s: 0}',
      'architecture:',
      '  air_defense:',
      `    - {id: pat, system: patriot, at: "39.0,${lon.toFixed(5)}", owner: US}`,
      ...sensors,
    ]);
    return runTrial(worldOf(text, tracks), 1);
  };
  const horizon = radarHorizonDistance(4) + radarHorizonDistance(50);
  it('does not engage a 50 m cruise missile passing beyond its horizon (inside its engagement range)', () => {
    expect(horizon / 1000).toBeCloseTo(37.4, 0);
    const log = passing(45);
    expect(log.filter((e) => 'weapon' in e && e.weapon === 'pat')).toEqual([]);
    expect(of(log, 'impact').map((e) => e.object)).toEqual(['k1/rv0']);
  });
  it('on estimated tracks engages only once its nation holds an air track: none without a sensor, one with an E-3', () => {
    expect(passing(30, 'estimated').filter((e) => 'weapon' in e && e.weapon === 'pat')).toEqual([]);
    const seen = passing(30, 'estimated', [
      '  radars: [e-3]',
      '  radar_stations:',
      '    - {radar: e-3, at: "38.0,-74.5", source: "model choice: the test"}',
    ]);
    const birth = of(seen, 'track-birth').find((e) => e.nation === 'US' && e.object === 'k1/rv0');
    const assign = of(seen, 'assign').find((e) => e.weapon === 'pat');
    expect(birth).toBeDefined();
    expect(assign?.t).toBeGreaterThanOrEqual(birth?.t ?? Infinity);
    expect(of(seen, 'intercept').filter((e) => e.weapon === 'pat').length).toBe(2);
  });
  it('engages it passing inside its horizon, inside the horizon distance', () => {
    const log = passing(30);
    const shots = of(log, 'intercept').filter((e) => e.weapon === 'pat');
    expect(shots.length).toBe(2);
    const lon = -74 + 30 / (111.195 * Math.cos(39 * DEG));
    for (const s of shots)
      expect(greatCircleDistance(s.point.latitude, s.point.longitude, 39 * DEG, lon * DEG)).toBeLessThanOrEqual(horizon);
    expect(of(log, 'fire').every((e) => e.weapon !== 'pat' || e.layer === 'air')).toBe(true);
  });
});

describe('who commands Canadian airspace', () => {
  const text = readFileSync(file('russia-bomber-raid'), 'utf8');
  const sovereign = buildScenarioWorld(
    parseScenario(text.replace('policy: norad-integrated', 'policy: canada-sovereign'), file('russia-bomber-raid')),
  );
  const integrated = buildScenarioWorld(loadScenario(file('russia-bomber-raid')));
  const canadian = (w: World) => new Set((w.fighterBases ?? []).filter((b) => b.owner === 'CA').map((b) => b.id));
  it("national command: a Canadian fighter engagement waits for Canada's approval (120 s); NORAD integrated: it does not", () => {
    const airAssigns = (w: World) => of(runTrial(w, 1), 'assign').filter((e) => canadian(w).has(e.weapon.split('#')[0]));
    const s = airAssigns(sovereign),
      i = airAssigns(integrated);
    expect(s.length).toBeGreaterThan(0);
    expect(i.length).toBeGreaterThan(0);
    expect(s.every((e) => e.approvalDelay === 120 && e.approvals.some((a) => a.nation === 'CA'))).toBe(true);
    expect(i.every((e) => e.approvalDelay === 0)).toBe(true);
    // and the shot waits for it
    const log = runTrial(sovereign, 1);
    for (const a of of(log, 'assign').filter((e) => canadian(sovereign).has(e.weapon.split('#')[0]))) {
      // the sortie's next shot after the order (on estimated tracks it may be at another missile its track led it to)
      const fire = log.slice(log.indexOf(a)).find((e): e is Of<'fire'> => e.type === 'fire' && e.weapon === a.weapon);
      if (fire) expect(fire.t).toBeGreaterThanOrEqual(a.t + 120);
    }
  });
});

describe('air tracks under a sharing rule (canada-sovereign: CA shares its OTH and NWS radars with the US 60 s late, sigma x 2)', () => {
  const text = readFileSync(file('russia-bomber-raid'), 'utf8');
  const world = buildScenarioWorld(
    parseScenario(text.replace('policy: norad-integrated', 'policy: canada-sovereign'), file('russia-bomber-raid')),
  );
  it("each nation tracks from what it may use: the US's bomber tracks are born at least the share's delay after Canada's, and each view holds only its own", () => {
    const log = runTrial(world, 1);
    const births = of(log, 'track-birth').filter((e) => e.track.includes(':A'));
    for (const a of world.aircraft ?? []) {
      const ca = births.find((e) => e.nation === 'CA' && e.object === a.id);
      const us = births.find((e) => e.nation === 'US' && e.object === a.id);
      // the US AEW never sees the bombers (docs/northern-approaches.md): the US holds them only through Canada's radars
      expect(ca).toBeDefined();
      expect(us).toBeDefined();
      expect(us?.t ?? -Infinity).toBeGreaterThanOrEqual((ca?.t ?? Infinity) + 60);
    }
    const usView = eventsVisibleTo(world.policy, 'US', world, log);
    expect(of(usView, 'track-birth').every((e) => e.nation === 'US')).toBe(true);
    expect(of(usView, 'track-birth').length).toBeGreaterThan(0);
  });
});

describe('worlds whose air shooters never act', () => {
  // (nk-2029-salvo, russia-bomber-raid-no-canada and slcm-coastal-raid-no-canada without their air layer were
  // also checked against the engine before the air layer, seeds 1-3: equal sha256 of the logs; see
  // docs/northern-approaches.md. Here the small ballistic raid stands for nk-2029-salvo, whose build is slow.)
  it('give the same log, byte for byte, as without them (the small ballistic raid and russia-bomber-raid without its air layer, seeds 1-3)', () => {
    const small = buildWorld(smallRaidRequest(alaskaCaliforniaBatteries(4)));
    const loaded = loadScenario(file('russia-bomber-raid'));
    const { fighters: _f, airDefense: _a, ...bare } = loaded.request;
    for (const without of [small, buildScenarioWorld({ ...loaded, request: bare })]) {
      // the same world with a NASAMS-class battery on Hawaii and fighters there with none on alert: the air
      // layer runs (both hooks) and must draw and log nothing
      const far = { latitude: 21.3 * DEG, longitude: -157.9 * DEG, altitude: 0 };
      const idle: World = {
        ...without,
        airBatteries: [
          {
            id: 'far',
            system: 'nasams',
            owner: 'US',
            assetClass: 'air',
            site: far,
            radarHeight: 4,
            radarRange: 75e3,
            engagementRange: 30e3,
            missileSpeed: 1000,
            reactionTime: 15,
            singleShotPk: 0.7,
            rounds: 18,
            shotsPerTarget: 2,
          },
        ],
        fighterBases: [
          {
            id: 'none',
            owner: 'US',
            assetClass: 'air',
            site: far,
            alert: 0,
            tanker: false,
            fighter: {
              type: 'f-22',
              scrambleDelay: 600,
              climbRate: 150,
              climbSpeed: 250,
              dashSpeed: 590,
              combatRadius: 992e3,
              missiles: [{ name: 'AIM-120D class', count: 6, range: 50e3, singleShotPk: 0.7 }],
            },
          },
        ],
      };
      for (const seed of [1, 2, 3]) expect(JSON.stringify(runTrial(idle, seed))).toBe(JSON.stringify(runTrial(without, seed)));
    }
    expect(of(runTrial(small, 1), 'fire').length).toBeGreaterThan(0); // the small raid does fight
  });
});
