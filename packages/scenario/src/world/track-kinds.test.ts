import { describe, expect, it } from 'vitest';
import {
  type CoalitionPolicy,
  kindAssets,
  type LaunchWindow,
  runTrial,
  TRACK_ENGAGED_KINDS,
  type TrackEngagedKind,
  type TrackWeapon,
  type World,
} from '@golden-dome/core';
import { loadPolicies } from '../policy/policy-loader.ts';
import { buildWorld, type WorldRequest } from './build-world.ts';
import { of } from './trial-test-helpers.ts';

// A track-engaged weapon kind that exists only in this test (weapons/kind.ts TrackEngagedKind): a notional
// "lance" whose interceptor meets the threat a fixed `tof` s after its launch anywhere on the path between
// `after` s past the path's start and `before` s ahead of its end (no fly-out physics: what is checked is that
// the engine asks the kind). Its weapons are in World.kindAssets under its name (World.batteries is empty); it
// reaches the battle manager's WTA on tracks, the live-command re-solve, the shots and the follow-ups through
// the trial's `trackKinds` alone: no engine or c2 edit.
interface Lance extends TrackWeapon {
  pk: number;
  tof: number;
  after: number;
  before: number;
}
const lancesOf = (world: World): readonly Lance[] => kindAssets<Lance>(world, 'test-lance');
let windowCalls = 0;
const solution = (lance: Lance, path: { position: (t: number, out: Float64Array) => unknown }, launch: number) => {
  const point = new Float64Array(3);
  path.position(launch + lance.tof, point);
  return {
    launchTime: launch,
    interceptTime: launch + lance.tof,
    point,
    launchPosition: new Float64Array(3),
    timeOfFlight: lance.tof,
    groundRange: 0,
    altitude: 0,
  };
};
const lanceKind: TrackEngagedKind<Lance> = {
  name: 'test-lance',
  weapons: lancesOf,
  singleShotPk: (lance) => lance.pk,
  window(lance, path, options): LaunchWindow | null {
    windowCalls++;
    const first = Math.max(options.notBefore ?? path.start, path.start + lance.after - lance.tof);
    const last = path.end - lance.before - lance.tof;
    return first > last ? null : { earliest: solution(lance, path, first), latest: solution(lance, path, last) };
  },
  solve(lance, path, launch) {
    const t = launch + lance.tof;
    return t < path.start + lance.after || t > path.end - lance.before ? null : solution(lance, path, launch);
  },
  windows(lance, threat, wait, earth) {
    const w = this.window(lance, threat.path, { earth, notBefore: threat.notBefore + wait });
    return w ? [{ shooter: lance.id, launchTime: w.earliest.launchTime, interceptTime: w.earliest.interceptTime }] : [];
  },
  point: (_lance, _threat, offer) => ({ latitude: 0, longitude: 0, altitude: offer.interceptTime }),
  // a marker path: [t, x, y, z] at launch and at the intercept, x = the time of flight
  flyout: (_world, _lance, _threat, offer) => [
    offer.launchTime,
    0,
    0,
    0,
    offer.interceptTime,
    offer.interceptTime - offer.launchTime,
    0,
    0,
  ],
};

const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;
/** One Hwasong-15 at Anchorage seen by the Clear radars; the only US interceptor is the test kind's lance. */
const request: WorldRequest = {
  epoch: '2029-01-01T00:00:00Z',
  policy: { ...norad, assets: [...norad.assets, { id: 'lance', owner: 'US', kind: 'interceptor', assetClass: 'midcourse' }] },
  raid: [
    { id: 'h15', type: 'hwasong-15', from: 'pyongyang-sunan', to: 'Anchorage', target: { id: 'anchorage', nation: 'US' }, launchTime: 0 },
  ],
  radars: ['uewr-clear', 'lrdr-clear'],
  batteries: [],
  // planning nations default to the batteries' and the air layer's owners (world building reads no kind's weapons)
  planningNations: ['US'],
};
const lance = (pk: number): Lance => ({
  id: 'lance',
  owner: 'US',
  kind: 'interceptor',
  assetClass: 'midcourse',
  inventory: 3,
  // a basket of 1,000 km: any firm track commits
  spec: { divertVelocity: 10e3, homingTime: 100 },
  pk,
  // the Clear radars hold the warhead ~1,380 s after launch, ~290 s before it lands, and the decision waits half-way
  // to the last launch: room for a shot, its kill assessment (60 s) and a second shot
  tof: 30,
  after: 400,
  before: 10,
});
const worldWith = (tracks: 'estimated' | 'truth', pk: number, shootLookShoot = false): World => {
  const w = buildWorld({ ...request, tracks }, { kindAssets: { 'test-lance': [lance(pk)] } });
  return { ...w, doctrine: { ...w.doctrine, shootLookShoot } };
};
const trackKinds = [...TRACK_ENGAGED_KINDS, lanceKind] as typeof TRACK_ENGAGED_KINDS;

describe('a track-engaged weapon kind registered only in a test world is planned on tracks and flown by the engine', () => {
  const estimated = worldWith('estimated', 1);
  const h15 = estimated.objects.find((o) => o.kind === 'warhead');

  it('on estimated tracks: the WTA assigns its weapon from the kind’s window, the shot flies the kind’s fly-out and Pk', () => {
    expect(estimated.batteries).toHaveLength(0);
    expect(Object.keys(estimated.windows ?? {})).toHaveLength(0); // not in the world's surface windows
    const before = windowCalls;
    const log = runTrial(estimated, 1, { trackKinds });
    expect(windowCalls).toBeGreaterThan(before); // its windows solved by the kind, on first use
    const assigns = of(log, 'assign').filter((a) => a.weapon === 'lance');
    const fires = of(log, 'fire').filter((f) => f.weapon === 'lance');
    // the doctrine's two shots per threat (the two rounds of a salvo), on the warhead's track
    expect(assigns.length).toBeGreaterThanOrEqual(2);
    expect(fires.length).toBeGreaterThanOrEqual(2);
    expect(assigns.map((a) => a.object)).toContain(h15?.id);
    for (const f of fires) {
      expect(f.plannedIntercept - f.t).toBeCloseTo(30, 9); // the kind's time of flight: its window and solve
      expect(f.layer).toBe('midcourse');
    }
    const flyouts = of(log, 'flyout').filter((f) => f.weapon === 'lance');
    expect(flyouts.map((f) => f.path[5])).toEqual(fires.map(() => 30)); // the kind's fly-out, as logged
    const intercepts = of(log, 'intercept').filter((i) => i.weapon === 'lance');
    expect(intercepts).toHaveLength(fires.length);
    // Pk 1 and a 1,000 km basket: the kill vehicle acquires and kills; the warhead does not land
    expect(intercepts[0].hit).toBe(true);
    expect(of(log, 'impact').some((i) => i.object === h15?.id)).toBe(false);
  });

  it('the engine finds the weapon through the table only: with the default table (or none) it is not fired', () => {
    const byDefault = runTrial(estimated, 1);
    expect(of(byDefault, 'assign')).toHaveLength(0);
    expect(of(byDefault, 'impact').some((i) => i.object === h15?.id)).toBe(true);
    expect(of(runTrial(estimated, 1, { trackKinds: [] }), 'fire')).toHaveLength(0);
  });

  it('a miss: the shoot-look-shoot follow-up is solved by the kind (estimated and truth tracks)', () => {
    for (const tracks of ['estimated', 'truth'] as const) {
      // Pk 1e-6 (the WTA assigns no weapon of Pk 0): the seed's draws miss
      const log = runTrial(worldWith(tracks, 1e-6, true), 1, { trackKinds });
      const fires = of(log, 'fire').filter((f) => f.weapon === 'lance');
      // one shot planned (shoot-look-shoot), missed, then the follow-up after the kill assessment
      expect(fires.map((f) => f.shot)).toEqual([1, 2]);
      expect(fires[1].t).toBeGreaterThanOrEqual(fires[0].plannedIntercept + estimated.doctrine.killAssessmentDelay - 1e-6);
      for (const f of fires) expect(f.plannedIntercept - f.t).toBeCloseTo(30, 9);
      expect(
        of(log, 'intercept')
          .filter((i) => i.weapon === 'lance')
          .every((i) => !i.hit),
      ).toBe(true);
    }
  });
});
