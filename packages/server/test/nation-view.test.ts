/**
 * What a partner's picture shows of another nation's engagements (issue 16, "The picture"): under
 * norad-integrated (one integrated command: `share_engagements`) Canada receives the US intercepts and
 * kill assessments, so that a warhead or decoy the US destroyed leaves Canada's picture when it leaves
 * the US's, not at its ballistic impact time; where the policy withholds (no engagement sharing, or
 * Canada keeping its radar), the partner receives none of it. And no view has duplicate or contradictory
 * events.
 */
import { type CoalitionPolicy, type EngineEvent, runTrial } from '@golden-dome/core';
import { describe, expect, it } from 'vitest';
import { NationView } from '../src/nation-view.ts';
import { testWorlds } from './fixture.ts';

type Of<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;
const of = <T extends EngineEvent['type']>(events: readonly EngineEvent[], type: T): Array<Of<T>> => events.filter((e): e is Of<T> => e.type === type);
const outcomes = (events: readonly EngineEvent[]) => events.filter((e) => e.type === 'intercept' || e.type === 'kill-assess');

describe("a partner's view of the engagements (NationView)", () => {
  const world = testWorlds().integrated;
  const log = runTrial(world, 1);
  const us = new NationView(world, 'US', log);
  const ca = new NationView(world, 'CA', log);
  // the same raid with the US keeping its engagements to itself (sensors still shared both ways)
  const keeps: CoalitionPolicy = { ...world.policy, name: 'norad, US keeps its engagements (test)', nations: { ...world.policy.nations, US: { ...world.policy.nations.US, engagementSharing: [] } } };
  const caKept = new NationView({ ...world, policy: keeps }, 'CA', log);
  const killed = of(us.events, 'kill-assess').filter((k) => k.killed);

  it('the raid has US shots, a kill and misses; Canada has no weapon in it', () => {
    expect(of(log, 'intercept').length).toBeGreaterThan(2);
    expect(killed.length).toBeGreaterThan(0);
    expect(of(log, 'kill-assess').some((k) => !k.killed)).toBe(true);
    expect(world.batteries.every((b) => b.owner === 'US')).toBe(true);
  });

  it('under norad-integrated, Canada receives every US intercept and kill assessment, at the time the US does', () => {
    expect(outcomes(ca.events)).toEqual(outcomes(us.events));
    // but not the US shots and assignments (inventories and plans stay the owner's)
    expect(ca.events.filter((e) => e.type === 'fire' || e.type === 'assign')).toEqual([]);
  });

  it('an object the US destroyed leaves the Canadian picture when its kill assessment arrives, as it leaves the US picture', () => {
    for (const k of killed) {
      const object = world.objects.find((o) => o.id === k.object)!;
      // it had a long way to fly: without the shared assessment Canada would have kept drawing it
      expect(object.impactTime - k.t).toBeGreaterThan(120);
      const ids = (view: NationView, t: number) => view.positionsAt(t).filter((p) => p.kind === 'threat').map((p) => p.id);
      expect(ids(ca, k.t - 1)).toContain(k.object);
      expect(ids(us, k.t - 1)).toContain(k.object);
      for (const t of [k.t + 1, (k.t + object.impactTime) / 2, object.impactTime - 1]) {
        expect(ids(ca, t), `CA at ${t.toFixed(0)} s`).not.toContain(k.object);
        expect(ids(us, t)).not.toContain(k.object);
        // the policy that withholds: Canada does not know, and draws it flying on (what it may know)
        expect(ids(caKept, t)).toContain(k.object);
      }
    }
  });

  it('where the policy withholds, the partner receives none of it', () => {
    expect(outcomes(caKept.events)).toEqual([]);
    expect(caKept.events.filter((e) => e.type === 'fire' || e.type === 'assign')).toEqual([]);
    // and Canada keeping its radar (the 'withheld' coalition): the US never receives a P-OTHR detection or track
    const withheld = testWorlds().withheld;
    const usOfWithheld = new NationView(withheld, 'US', runTrial(withheld, 1));
    expect(usOfWithheld.events.filter((e) => (e.type === 'detect' && e.sensor === 'p-othr') || (e.type === 'track' && e.sources.includes('p-othr')))).toEqual([]);
    // while the US still shares its engagements with Canada there
    expect(outcomes(new NationView(withheld, 'CA', runTrial(withheld, 1)).events).length).toBeGreaterThan(0);
  });

  it('no view has duplicate or contradictory events: each kill assessment names its shot; nothing destroyed impacts', () => {
    // the truth-track engine logs two shots of one battery at one object as two identical assessments
    const raw = of(log, 'kill-assess').map((k) => JSON.stringify(k));
    expect(new Set(raw).size).toBeLessThan(raw.length);
    for (const view of [us, ca, caKept]) {
      // two rounds of one battery at one object are planned as two identical assignments (the picture's
      // event list shows them as one row, x2); every other event is one of a kind
      const rows = view.events.filter((e) => e.type !== 'assign').map((e) => JSON.stringify(e));
      expect(new Set(rows).size, view.nation).toBe(rows.length);
      // each assessment is of an intercept of the same battery, object and shot, before it
      for (const k of of(view.events, 'kill-assess')) {
        expect(of(view.events, 'intercept').some((i) => i.weapon === k.weapon && i.object === k.object && i.shot === k.shot && i.t <= k.t)).toBe(true);
      }
      const destroyed = new Set(of(view.events, 'kill-assess').filter((k) => k.killed).map((k) => k.object));
      expect(of(view.events, 'impact').filter((i) => destroyed.has(i.object))).toEqual([]);
      // an object is drawn only before its impact
      for (const i of of(view.events, 'impact')) expect(view.positionsAt(i.t + 1).map((p) => p.id)).not.toContain(i.object);
    }
  });
});
