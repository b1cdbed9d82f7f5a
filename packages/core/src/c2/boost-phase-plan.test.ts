import { describe, expect, it } from 'vitest';
import { flyBoostPhase } from '../engine/engagement-steps.ts';
import type { EngineEvent } from '../engine/events.ts';
import { kindAssets, type World, type WorldMissile } from '../engine/world.ts';
import { REAL_EARTH } from '../geo/earth-model.ts';
import { Random } from '../random/sfc32.ts';
import type { CueEngagedKind, InterceptOffer } from '../weapons/kind.ts';
import { BOOST_PHASE_KINDS } from '../weapons/kinds.ts';
import { spaceKind } from '../weapons/space/space-kind.ts';
import { type BoostEngagement, planBoostPhase } from './boost-phase-plan.ts';
import type { CoalitionPolicy, NationPolicy, PolicyAsset } from './national-policy.ts';

// A weapon kind that exists only in this test: a notional boost-phase weapon with three shooters, each able to
// intercept a missile 50, 60 and 70 s after its own ready time (launch + 10 s + the approvals' wait). Its
// weapons are in World.kindAssets under its name (no World field of its own); it reaches the battle manager
// and the log through the kind list alone.
interface TestWeapon extends PolicyAsset {
  pk: number;
  shooters: number;
}
const waits: number[] = [];
const testKind: CueEngagedKind<TestWeapon, WorldMissile, InterceptOffer> = {
  name: 'test',
  weapons: (world) => kindAssets<TestWeapon>(world, 'test'),
  singleShotPk: (weapon) => weapon.pk,
  windows(weapon, m, wait) {
    waits.push(wait);
    return Array.from({ length: weapon.shooters }, (_, k) => ({
      shooter: `${weapon.id}#${k}`,
      launchTime: m.launchTime + 10 + wait,
      interceptTime: m.launchTime + 10 + wait + 50 + 10 * k,
    }));
  },
  point: () => ({ latitude: 0.7, longitude: 2.2, altitude: 100e3 }),
  cueTime: (_weapon, m) => m.launchTime + 5,
  flyout: (_world, _weapon, _m, offer) => [0, 0, 0, 0, offer.interceptTime - offer.launchTime, 1, 1, 1],
};

const nation = (approvalDelay: number, defend: string[]): NationPolicy =>
  ({
    nation: 'US',
    name: 'US',
    territory: [],
    engagement: [{ defend }],
    sharing: [],
    priorities: { assets: {}, nations: {}, defaultWeight: 1 },
    ...(approvalDelay > 0 ? { approval: { delay: approvalDelay, ownAssets: true, overTerritory: 'open' } } : {}),
  }) as NationPolicy;

const weapon = (id: string, pk: number): TestWeapon => ({ id, owner: 'US', kind: 'interceptor', assetClass: 'boost', pk, shooters: 3 });
const missile = (id: string, launchTime: number): WorldMissile => ({
  id,
  type: 'test',
  launchTime,
  site: { latitude: 0.7, longitude: 2.2, altitude: 0 },
  aimedAt: { nation: 'US', id: 'city' },
  burnoutTime: 200,
  ascent: null,
  objects: [`${id}/rv0`],
});

function world(approvalDelay: number, weapons: TestWeapon[], defend = ['US']): World {
  const policy: CoalitionPolicy = {
    name: 'test',
    nations: { US: nation(approvalDelay, defend) },
    defended: [],
    assets: weapons.map(({ id, owner, kind, assetClass }) => ({ id, owner, kind, assetClass })),
  };
  return { earth: REAL_EARTH, policy, doctrine: { shotsPerThreat: 2 }, spaceLayers: [], kindAssets: { test: weapons } } as unknown as World;
}

function fly(w: World, missiles: WorldMissile[], seed = 3): { events: EngineEvent[]; destroyed: Map<string, number> } {
  const events: EngineEvent[] = [];
  const destroyed = new Map<string, number>();
  flyBoostPhase(w, missiles, new Random(seed), events, destroyed, [testKind]);
  return { events, destroyed };
}

describe('a weapon kind registered only in a test world is planned by the battle manager and flown by the engine', () => {
  it('each missile gets the doctrine’s shots from shooters not yet spent, earliest intercept first', () => {
    const { events } = fly(world(0, [weapon('w', 0)]), [missile('m1', 100), missile('m2', 110)]);
    const fires = events.filter((e) => e.type === 'fire');
    expect(fires.map((e) => [e.object, e.weapon, e.t, e.plannedIntercept])).toEqual([
      ['m1', 'w#0', 110, 160],
      ['m1', 'w#1', 110, 170],
      ['m2', 'w#2', 120, 190], // w#0 and w#1 have fired: one shooter left
    ]);
    // each engagement: the weapon's cue, its assignment, then its shots' fire + flyout, then their intercepts
    expect(events.filter((e) => 'object' in e && e.object === 'm1').map((e) => e.type)).toEqual([
      'detect',
      'assign',
      'fire',
      'flyout',
      'fire',
      'flyout',
      'intercept',
      'intercept',
    ]);
    expect(events.find((e) => e.type === 'detect')).toEqual({ t: 105, type: 'detect', object: 'm1', sensor: 'w', owner: 'US' });
    const flyout = events.find((e) => e.type === 'flyout');
    expect(flyout?.type === 'flyout' && flyout.path).toEqual([0, 0, 0, 0, 50, 1, 1, 1]);
  });

  it('an approval holds the launch: the kind is asked again with the wait, and the shots fire after it', () => {
    waits.length = 0;
    const { events } = fly(world(20, [weapon('w', 0)]), [missile('m1', 100)]);
    expect(waits).toEqual([0, 20]);
    expect(events.filter((e) => e.type === 'fire').map((e) => e.t)).toEqual([130, 130]);
    const assign = events.find((e) => e.type === 'assign');
    expect(assign?.type === 'assign' && assign.approvalDelay).toBe(20);
  });

  it('a weapon the policy may not use is refused at its earliest intercept and fires nothing', () => {
    const { events } = fly(world(0, [weapon('w', 1)], ['CA']), [missile('m1', 100)]);
    expect(events.map((e) => e.type)).toEqual(['refuse']);
    expect(events[0]).toMatchObject({ t: 160, object: 'm1', weapon: 'w', nation: 'US' });
  });

  it('a kill destroys the missile’s objects and no later weapon engages it; outcomes are one draw per shot', () => {
    const sure = fly(world(0, [weapon('a', 1), weapon('b', 1)]), [missile('m1', 100)]);
    expect(sure.destroyed).toEqual(new Map([['m1/rv0', 160]]));
    expect(new Set(sure.events.filter((e) => e.type === 'fire').map((e) => e.weapon))).toEqual(new Set(['a#0', 'a#1']));
    const hits = sure.events.filter((e) => e.type === 'intercept');
    expect(hits.map((e) => e.type === 'intercept' && [e.hit, e.alreadyDestroyed])).toEqual([
      [true, false],
      [true, true],
    ]);
    // with Pk 0.5 the hits are the seed's draws in shot order
    const rng = new Random(9);
    const half = fly(world(0, [{ ...weapon('a', 0.5), shooters: 6 }]), [missile('m1', 100), missile('m2', 100)], 9);
    for (const e of half.events) if (e.type === 'intercept') expect(e.hit).toBe(rng.next() < 0.5);
  });

  it('the plan is the engagements handed to the engine in order, and the space kind is the boost-phase kind the trials use', () => {
    const planned: BoostEngagement[] = [];
    planBoostPhase(world(0, [weapon('w', 1)]), [missile('m1', 100)], (e) => (planned.push(e), false), [testKind]);
    expect(planned).toHaveLength(1);
    expect('shots' in planned[0] && planned[0].shots.map((s) => s.shooter)).toEqual(['w#0', 'w#1']);
    expect(BOOST_PHASE_KINDS).toContain(spaceKind);
  });
});
