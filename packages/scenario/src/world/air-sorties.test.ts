import {
  AIR_SEARCHES,
  type AirEstimate,
  airDefense,
  type AirTrackView,
  eciToGeodetic,
  type EngineEvent,
  pathFromSamples,
  type World,
} from '@golden-dome/core';
import { describe, expect, it } from 'vitest';
import { buildScenarioWorld, parseScenario } from '../scenario/scenario-loader.ts';

/**
 * The nations' sorties planned together in time order (core/engine/air-defense.ts `fight`; docs/northern-approaches.md
 * "Sorties planned together"). The air tracks are given (a stub AirTrackView with the estimate each nation holds), so
 * that the coordination rule is tested apart from the tracker: a nation's order holds the target for the partners its
 * engagements are shared with; a failed search releases it to them at once; at one instant the earliest intercept wins.
 */
type Of<K extends EngineEvent['type']> = Extract<EngineEvent, { type: K }>;
const of = <K extends EngineEvent['type']>(log: EngineEvent[], type: K): Array<Of<K>> => log.filter((e): e is Of<K> => e.type === type);

// a Kalibr (250 m/s at 50 m) flies due south over Cold Lake at Calgary; two fighter pairs on alert at Cold Lake
const world = (fighters: string[]): World => {
  const text = [
    'name: t',
    'summary: Sorties planned together.',
    'sources: ["the tests"]',
    'epoch: "2029-01-01T00:00:00Z"',
    'seed: 1',
    'policy: norad-integrated',
    'raid:',
    '  - {id: k1, type: kalibr-3m14, from: "58.5,-110.287", to: "50.5,-110.287", target: {id: calgary}, launch_time_s: 0}',
    'architecture:',
    '  fighters:',
    ...fighters.map((f) => `    - ${f}`),
    'monte_carlo: {trials: 1}',
    '',
  ].join('\n');
  const loaded = parseScenario(text, 't.yaml');
  // truth tracks: the world builds no air pictures; the test gives the layer its own view of the nations' tracks
  return buildScenarioWorld({ ...loaded, request: { ...loaded.request, tracks: 'truth' } });
};

/**
 * Each nation's air track of the missile: the truth's position and velocity with a per-axis position sigma of
 * `sigma[nation]` (m), held from `cue`. The acquisition draw reads only the covariance's trace (acquisitionWithin).
 */
const trackView = (w: World, cue: number, sigma: Record<string, number>): AirTrackView => {
  const path = pathFromSamples(w.objects[0].flight);
  const id = w.objects[0].id;
  const at = (nation: string, t: number): AirEstimate | null => {
    if (!(nation in sigma) || t < cue) return null;
    const u = Math.min(Math.max(t, path.start + 1), path.end);
    const a = path.position(u - 1, new Float64Array(3)),
      b = path.position(u, new Float64Array(3));
    const x = Float64Array.from([...b, b[0] - a[0], b[1] - a[1], b[2] - a[2]]);
    const P = new Float64Array(36);
    for (let i = 0; i < 3; i++) {
      P[7 * i] = sigma[nation] ** 2;
      P[7 * (i + 3)] = 100;
    }
    return { track: `${nation}:A1`, sources: ['stub'], object: id, measured: u, t: u, x, P };
  };
  return {
    cue: (nation) => (nation in sigma ? cue : Infinity),
    estimate: (nation, target, t) => (target === id ? at(nation, t) : null),
    trackEstimate: (nation, track, t) => (track === `${nation}:A1` ? at(nation, t) : null),
    geodetic: (e, t) =>
      eciToGeodetic(
        w.earth,
        t,
        [0, 1, 2].map((i) => e.x[i] + (t - e.t) * e.x[3 + i]),
      ),
  };
};

/** The air layer's fighters against the cruise missile on the given tracks; the log in time order. */
const fight = (w: World, view: AirTrackView): EngineEvent[] => {
  const events: EngineEvent[] = [];
  airDefense(w, 1, { tracking: { bombers: () => view, cruise: () => view } })?.afterDetections(events, new Map());
  return events.sort((a, b) => a.t - b.t);
};

/** Every order's holding interval: from its `assign` to its failed search (`refuse`), its miss's kill assessment, or for good. */
const holds = (log: EngineEvent[]): Array<{ nation: string; from: number; until: number }> =>
  of(log, 'assign').map((a) => {
    const end = log.find(
      (e) => e.t >= a.t && (e.type === 'refuse' || e.type === 'kill-assess') && e.weapon === a.weapon && e.object === a.object,
    );
    const until = end === undefined || (end.type === 'kill-assess' && end.killed) ? Infinity : end.t;
    return { nation: a.nation, from: a.t, until };
  });

describe('sorties planned together (estimated tracks)', () => {
  const cue = 300;
  it("a target another nation's failed searches held goes to the other nation's fighter at the last failure, not before", () => {
    // the US pair is listed first (it plans first among equals); its track is useless (1,000 km, 1 sigma per axis:
    // P(acquire within 50 km) ~ 1e-4), Canada's good (1 km)
    const w = world([
      '{id: us, type: f-35a, at: cfb-cold-lake, owner: US, alert: 2}',
      '{id: ca, type: f-35a, at: cfb-cold-lake, owner: CA, alert: 2}',
    ]);
    const log = fight(w, trackView(w, cue, { US: 1e6, CA: 1e3 }));
    const assigns = of(log, 'assign');
    const us = assigns.filter((e) => e.nation === 'US');
    const ca = assigns.filter((e) => e.nation === 'CA');
    const failed = of(log, 'refuse').filter((e) => e.nation === 'US' && /did not find/.test(e.reason));
    // the US orders first (the same meeting as Canada's pair from the same base; the US ranks first), searches
    // AIR_SEARCHES times, each near-hopeless; after each failure its own sortie, at the meeting, has the earliest
    // intercept (Canada's would scramble from the ground), so Canada gets the target at the last failure
    expect(us[0]?.t).toBe(cue);
    expect(us.every((e) => (e.pAcquire ?? 1) < 1e-3)).toBe(true);
    expect(failed).toHaveLength(AIR_SEARCHES);
    // the old per-nation planning ordered Canada's pair at the cue too, on a target the US was searching for
    expect(ca[0]?.t).toBe(failed.at(-1)?.t);
    expect(ca[0]?.pAcquire).toBe(1);
    expect(of(log, 'fire').some((e) => e.owner === 'CA')).toBe(true);
    // never both at once: no order starts while another nation's order holds the target
    const hs = holds(log);
    for (const h of hs) for (const g of hs) if (g.nation !== h.nation) expect(g.from >= h.from && g.from < h.until).toBe(false);
  });
  it("a nation that does not learn of the other's engagements (no share_engagements) tasks the same target: both order at the cue", () => {
    // the first test's world with the US no longer sharing its engagements with Canada (sovereignty: no coordination
    // the policy does not give); Canada shares its own with the US, so the US still stands off Canada's order
    const w0 = world([
      '{id: us, type: f-35a, at: cfb-cold-lake, owner: US, alert: 2}',
      '{id: ca, type: f-35a, at: cfb-cold-lake, owner: CA, alert: 2}',
    ]);
    const w: World = {
      ...w0,
      policy: { ...w0.policy, nations: { ...w0.policy.nations, US: { ...w0.policy.nations.US, engagementSharing: [] } } },
    };
    const log = fight(w, trackView(w, cue, { US: 1e6, CA: 1e3 }));
    const first = of(log, 'assign').filter((e) => e.t === cue);
    expect(first.map((e) => e.nation).sort()).toEqual(['CA', 'US']);
  });
  it('at one instant the earliest intercept wins, whichever nation plans first', () => {
    // Canada's CF-18s (Mach 1.8) listed first, the US F-15EXs (Mach 2.5) second, both at Cold Lake, both on good tracks
    const w = world([
      '{id: ca, type: cf-18, at: cfb-cold-lake, owner: CA, alert: 2}',
      '{id: us, type: f-15ex, at: cfb-cold-lake, owner: US, alert: 2}',
    ]);
    const log = fight(w, trackView(w, cue, { US: 1e3, CA: 1e3 }));
    const first = of(log, 'assign')[0];
    expect(first).toMatchObject({ t: cue, nation: 'US' });
    // Canada orders only once the US lets go of the target (a miss's kill assessment), if ever
    const hs = holds(log);
    for (const h of hs) for (const g of hs) if (g.nation !== h.nation) expect(g.from >= h.from && g.from < h.until).toBe(false);
    expect(hs[0].from).toBe(cue);
  });
});
