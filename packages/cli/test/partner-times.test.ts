import { beforeAll, describe, expect, it } from 'vitest';
import { type EngineEvent, runTrial, type World } from '@golden-dome/core';
import { buildScenarioWorld, loadScenario, SCENARIO_DIR, studyPolicies, withoutAssets } from '@golden-dome/scenario';
import { join } from 'node:path';
import { type NationTimes, threatTimes, timesContext } from '@golden-dome/pool';
import { perTrialTimes, timeChanges, timeResult } from '../src/partner/study-times.ts';
import { timeChangesJson, timesJson } from '../src/partner/study-output.ts';
import { timeChangeSentence } from '../src/partner/time-findings.ts';
import type { TrialOutcome } from '../src/partner/trial-outcome.ts';

// What geography buys in time (docs/partner-study.md, "What geography buys in time"): warning time, intercept
// margin and first track to first intercept per nation, read from a log and the world.

/**
 * A hand-built world: bomber B releases two cruise missiles at t = 500 s (m1 at a Canadian city, planned impact
 * 1,000 s; m2 at a US city, 1,200 s); an ICBM carries one RV at a US city (2,000 s) and a decoy.
 */
function handWorld(tracks: 'estimated' | 'truth' = 'estimated', policy?: World['policy']): World {
  const obj = (id: string, missile: string, kind: 'warhead' | 'decoy', nation: string, impactTime: number) => ({
    id,
    missile,
    kind,
    aimedAt: { nation },
    impactTime,
  });
  return {
    policy: policy ?? { name: 'test', nations: {}, assets: [] },
    missiles: [
      { id: 'm1', launchTime: 500, objects: ['m1/rv0'] },
      { id: 'm2', launchTime: 500, objects: ['m2/rv0'] },
      { id: 'icbm', launchTime: 0, objects: ['icbm/rv0', 'icbm/d0'] },
    ],
    objects: [
      obj('m1/rv0', 'm1', 'warhead', 'CA', 1000),
      obj('m2/rv0', 'm2', 'warhead', 'US', 1200),
      obj('icbm/rv0', 'icbm', 'warhead', 'US', 2000),
      obj('icbm/d0', 'icbm', 'decoy', 'US', 2000),
    ],
    aircraft: [{ id: 'B', releases: ['m1', 'm2'] }],
    batteries: [],
    spaceLayers: [],
    settings: { tracks },
  } as unknown as World;
}

const intercept = (t: number, object: string, hit: boolean, alreadyDestroyed = false): EngineEvent => ({
  t,
  type: 'intercept',
  object,
  weapon: 'w',
  layer: 'air',
  shot: 1,
  hit,
  point: { latitude: 0, longitude: 0, altitude: 0 },
  alreadyDestroyed,
});
const birth = (t: number, object: string, nation: string): EngineEvent => ({
  t,
  type: 'track-birth',
  object,
  nation,
  track: `${nation}:${t}`,
});

describe('time figures from a hand-built log', () => {
  it('warning, margin and track to first intercept, with a bomber as the carrier of its missiles', () => {
    const log: EngineEvent[] = [
      birth(100, 'B', 'CA'),
      birth(160, 'B', 'US'),
      // a later track of the missile itself does not move the first track (its bomber's)
      { t: 520, type: 'track', object: 'm1/rv0', nation: 'CA', sources: ['x'] },
      intercept(300, 'B', false),
      intercept(320, 'B', true),
      intercept(330, 'B', true, true),
      birth(1500, 'icbm/rv0', 'US'),
      // the decoy is no threat: its track counts for nothing
      birth(1400, 'icbm/d0', 'US'),
    ];
    const t = threatTimes(timesContext(handWorld()), log);
    // CA: m1, 1,000 - 100 = 900 s warning; killed with its bomber at 320 s: 680 s margin; first intercept 300 - 100
    expect(t.CA).toEqual({ threats: 1, warning: { sum: 900, n: 1 }, margin: { sum: 680, n: 1 }, trackToIntercept: { sum: 200, n: 1 } });
    // US: m2 1,200 - 160 = 1,040 and the RV 2,000 - 1,500 = 500 s of warning; only m2 destroyed (1,200 - 320 = 880 s); 300 - 160
    expect(t.US).toEqual({ threats: 2, warning: { sum: 1540, n: 2 }, margin: { sum: 880, n: 1 }, trackToIntercept: { sum: 140, n: 1 } });
  });

  it('a bomber shot after its release destroys nothing it released; a boost kill destroys the RV; no track: no warning (count 0)', () => {
    const log: EngineEvent[] = [birth(100, 'B', 'CA'), intercept(550, 'B', true), intercept(90, 'icbm', true)];
    const t = threatTimes(timesContext(handWorld()), log);
    // the bomber's shot (550 s) came after the release (500 s): neither margin nor first intercept for m1 and m2
    expect(t.CA).toEqual({ threats: 1, warning: { sum: 900, n: 1 }, margin: { sum: 0, n: 0 }, trackToIntercept: { sum: 0, n: 0 } });
    // the US held no track of anything: no warning; the RV died with its missile in boost: 2,000 - 90 s
    expect(t.US).toEqual({ threats: 2, warning: { sum: 0, n: 0 }, margin: { sum: 1910, n: 1 }, trackToIntercept: { sum: 0, n: 0 } });
  });

  it("truth tracks: the first detection a nation may use, at the sharing rule's delay", () => {
    // canada-sensor-sharing: CA shares P-OTHR with the US 60 s late (studies/policies/canada-sensor-sharing.yaml)
    const policy = studyPolicies().get('canada-sensor-sharing') as World['policy'];
    const log: EngineEvent[] = [
      { t: 100, type: 'detect', object: 'B', sensor: 'p-othr', owner: 'CA' },
      // a sensor no policy lists is no nation's to use
      { t: 50, type: 'detect', object: 'B', sensor: 'nobody-radar', owner: 'RU' },
      // estimated-track events do not count in the truth mode
      birth(10, 'B', 'US'),
    ];
    const t = threatTimes(timesContext(handWorld('truth', policy)), log);
    expect(t.CA.warning).toEqual({ sum: 900, n: 1 });
    expect(t.US.warning).toEqual({ sum: 1200 - 160, n: 1 });
  });
});

const outcome = (times: Record<string, NationTimes>): TrialOutcome => ({ times }) as unknown as TrialOutcome;
const nt = (warning: [number, number], margin: [number, number] = [0, 0]): NationTimes => ({
  threats: 2,
  warning: { sum: warning[0], n: warning[1] },
  margin: { sum: margin[0], n: margin[1] },
  trackToIntercept: { sum: 0, n: 0 },
});

describe('time figures over trials', () => {
  it('pools raids per trial, leaves trials without the figure out, and says "none" (null), never NaN or 0', () => {
    // two raids, three trials: trial 2 has no warning in either raid
    const raidA = [outcome({ US: nt([600, 1]) }), outcome({ US: nt([0, 0]) }), outcome({ US: nt([1200, 2], [300, 1]) })];
    const raidB = [outcome({ US: nt([1800, 1]) }), outcome({ US: nt([0, 0]) }), outcome({})];
    expect(perTrialTimes([raidA, raidB], 'US', 'warning')).toEqual([1200, null, 600]);
    const r = timeResult([raidA, raidB], 'US');
    expect(r.figures.warning.value?.mean).toBe(900);
    expect(r.figures.warning.value?.n).toBe(2);
    expect(r.figures.warning.warheads).toBeCloseTo(4 / 3, 10);
    expect(r.figures.margin.value?.mean).toBe(300);
    expect(r.figures.trackToIntercept.value).toBeNull();
    // a nation with no outcome at all
    const none = timeResult([raidA], 'CA');
    expect(none.figures.warning).toEqual({ value: null, warheads: 0 });
    const json = JSON.stringify(timesJson(none));
    expect(json).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(json).warning_s).toEqual({ value: null, warheads_per_trial: 0 });

    // paired changes: over trials where both have the figure; the rest counted as unpaired
    const lever = [outcome({ US: nt([300, 1]) }), outcome({ US: nt([200, 1]) }), outcome({ US: nt([0, 0]) })];
    const c = timeChanges([raidA], [lever], 'US');
    expect(c.warning).toMatchObject({ mean: -300, n: 1, unpaired: 2 });
    expect(c.trackToIntercept).toBeNull();
    expect(JSON.parse(JSON.stringify(timeChangesJson(c))).track_to_first_intercept_s).toBeNull();
    // in words: no track on one side is "no track", not a 0 min figure
    const gone = [outcome({ US: nt([0, 0]) }), outcome({ US: nt([0, 0]) }), outcome({ US: nt([0, 0]) })];
    const text = timeChangeSentence('US', timeResult([raidA], 'US'), timeResult([gone], 'US'), timeChanges([raidA], [gone], 'US'));
    expect(text).toMatch(/^US holds no track of the warheads aimed at its cities or of their carriers in any trial/);
    expect(text).toMatch(/destroys none of them in any trial/);
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
    // none in the reference, some in the variant: said as such
    expect(timeChangeSentence('US', timeResult([gone], 'US'), timeResult([raidA], 'US'), timeChanges([gone], [raidA], 'US'))).toMatch(
      /^US holds no track .* in any trial of the reference, and here holds them 10\smin \(exact; 1 of 2 warheads per trial\) before/,
    );
    const later = timeChangeSentence('US', timeResult([raidA], 'US'), timeResult([lever], 'US'), timeChanges([raidA], [lever], 'US'));
    expect(later).toMatch(/^US holds the warheads aimed at its cities \(or their carriers\) 5\s*min later/);
  });
});

// The lever that removes the first sensor: on russia-bomber-raid (norad-integrated, estimated tracks) the first
// detection of each bomber is Canada's P-OTHR; without the two OTH radars, every trial's warning is shorter.
const SEEDS = [1, 2];
let world: World;
beforeAll(() => {
  world = buildScenarioWorld(loadScenario(join(SCENARIO_DIR, 'russia-bomber-raid.yaml')));
}, 120_000);

describe('russia-bomber-raid without the OTH radars', () => {
  it('the first sensor is an OTH radar, and without them Canada holds the raid later and the US holds none of its threats', () => {
    const without = withoutAssets(world, ['a-othr', 'p-othr']);
    expect(without.removed.sort()).toEqual(['a-othr', 'p-othr']);
    const ctxWith = timesContext(world),
      ctxWithout = timesContext(without.world);
    for (const seed of SEEDS) {
      const log = runTrial(world, seed);
      const firstDetect = log.find((e) => e.type === 'detect');
      expect(firstDetect && firstDetect.type === 'detect' ? firstDetect.sensor : null, `seed ${seed}`).toMatch(/^[ap]-othr$/);
      const a = threatTimes(ctxWith, log);
      const b = threatTimes(ctxWithout, runTrial(without.world, seed));
      // with the OTH radars both nations hold a track of every warhead aimed at them (through its bomber)
      expect(a.CA.warning.n).toBe(a.CA.threats);
      expect(a.US.warning.n).toBe(a.US.threats);
      const mean = (x: { sum: number; n: number }): number => x.sum / x.n;
      // without them: fewer Canadian warheads tracked, and those later (more than an hour: the OTH radars see
      // the bombers hours before the coastal radars see the missiles)
      expect(b.CA.warning.n).toBeLessThan(a.CA.warning.n);
      expect(mean(b.CA.warning)).toBeLessThan(mean(a.CA.warning) - 3600);
      expect(b.US.warning).toEqual({ sum: 0, n: 0 });
    }
  }, 60_000);
});
