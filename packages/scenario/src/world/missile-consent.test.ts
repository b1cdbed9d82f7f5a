import { ecefToGeodetic, type EngineEvent, type LiveCommand, runTrial, type World } from '@golden-dome/core';
import { describe, expect, it } from 'vitest';
import { buildWorld } from './build-world.ts';
import { alaskaCaliforniaBatteries, smallRaidRequest } from './small-raid.ts';

/**
 * A partner's missile engagement waiting for a commanded nation's consent (issue 15; core/engine/live-command.ts
 * consentRequests, engagement-steps.ts commandedShot), in both track modes: the small raid (two Hwasong-17s at
 * Seattle and Anchorage, US NGI and GBI batteries) with Canada asking for its approval (30 s modelled) of every
 * intercept over its territory, its territory stood in by a box over the North Pacific and North America
 * (illustrative: so that every US intercept lies "over Canada"; the library's nk-2029-salvo under canada-sovereign
 * has no US intercept over Canada, docs/northern-approaches.md "A partner's consent under live command").
 */
type Of<K extends EngineEvent['type']> = Extract<EngineEvent, { type: K }>;
const of = <K extends EngineEvent['type']>(log: readonly EngineEvent[], type: K): Array<Of<K>> =>
  log.filter((e): e is Of<K> => e.type === type);
const DEG = Math.PI / 180;
function world(tracks: 'truth' | 'estimated'): World {
  const req = smallRaidRequest(alaskaCaliforniaBatteries(20));
  const ca = req.policy.nations.CA;
  const box = { kind: 'box' as const, south: 0, north: Math.PI / 2, west: -Math.PI, east: -0.5 };
  const policy = {
    ...req.policy,
    nations: {
      ...req.policy.nations,
      CA: { ...ca, territory: [box], approval: { delay: 30, ownAssets: true, overTerritory: 'approval' as const } },
    },
  };
  return buildWorld({ ...req, policy, tracks });
}
const SEED = 3;
const command = (decisions: LiveCommand['decisions'], then: 'approve' | 'deny', after: number): LiveCommand => ({
  nations: ['CA'],
  decisions,
  timeout: { after, then },
});
const strip = (log: readonly EngineEvent[]) => JSON.stringify(log.filter((e) => e.type !== 'consent' && e.type !== 'decision'));

describe.each(['truth', 'estimated'] as const)("US midcourse shots over 'Canada' wait for its consent (%s tracks)", (tracks) => {
  const w = world(tracks);
  const modelled = runTrial(w, SEED);
  const waiting = of(modelled, 'assign').filter((a) => a.owner === 'US' && a.approvals.some((x) => x.nation === 'CA'));

  it('one consent request per request, to Canada, at its time; the modelled trial otherwise (a rule approving at 30 s)', () => {
    expect(waiting.length).toBeGreaterThan(0);
    expect(of(modelled, 'consent')).toEqual([]);
    const log = runTrial(w, SEED, { command: command([], 'approve', 30) });
    expect(strip(log)).toBe(strip(modelled));
    const requests = of(log, 'consent');
    expect(requests.map((c) => [c.t, c.weapon, c.object])).toEqual(waiting.map((a) => [a.t, a.weapon, a.object]));
    expect(requests.every((c) => c.owner === 'US' && c.nation === 'CA' && c.weaponClass === 'midcourse' && c.deadline === c.t + 30)).toBe(
      true,
    );
  });

  it("the request's area and time: where and when the interceptor's own fly-out ends (a second computation), to the rounding", () => {
    const log = runTrial(w, SEED, { command: command([], 'approve', 30) });
    const flyouts = of(log, 'flyout');
    let checked = 0;
    for (const c of of(log, 'consent')) {
      const fire = of(log, 'fire').find(
        (f) => f.weapon === c.weapon && f.object === c.object && Math.round(f.plannedIntercept) === c.intercept,
      );
      if (!fire) continue; // a follow-up shot left unfired (its object already killed)
      const f = flyouts.find((x) => x.weapon === fire.weapon && x.object === fire.object && x.shot === fire.shot && x.t === fire.t);
      const p = f?.path ?? [];
      // the fly-out's last sample: [tau, x, y, z] Earth-fixed metres (rounded to the metre) at the intercept
      expect(Math.abs(fire.t + (p.at(-4) ?? NaN) - fire.plannedIntercept)).toBeLessThan(1e-6);
      const g = ecefToGeodetic(p.at(-3) ?? NaN, p.at(-2) ?? NaN, p.at(-1) ?? NaN, new Float64Array(3));
      // 0.05 degree of rounding, plus the metre rounding of the fly-out (1e-4 degree covers it)
      expect(Math.abs(c.point.latitude - g[0]) / DEG).toBeLessThanOrEqual(0.0501);
      expect(Math.abs(c.point.longitude - g[1]) / DEG).toBeLessThanOrEqual(0.0501);
      expect(Math.abs(c.point.altitude - g[2])).toBeLessThanOrEqual(501);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("Canada denies one: that shot does not fly, the refusal names Canada's commander; before the denial nothing changes; replay is byte-equal", () => {
    const a = waiting[0];
    const t = a.t + 5;
    const decisions = [{ nation: 'CA', weapon: a.weapon, object: a.object, verdict: 'deny' as const, t }];
    const undecided = runTrial(w, SEED, { command: command([], 'approve', 30) });
    const log = runTrial(w, SEED, { command: command(decisions, 'approve', 30) });
    const before = (l: readonly EngineEvent[]) => JSON.stringify(l.filter((e) => e.t < t));
    expect(before(log)).toBe(before(undecided));
    expect(of(log, 'refuse').find((r) => r.weapon === a.weapon && r.object === a.object && r.t === t)?.reason).toMatch(
      /CA's commander denied the engagement/,
    );
    // the shot that request planned (launched after the modelled 30 s) does not fly
    const planned = (l: readonly EngineEvent[]) =>
      of(l, 'fire').filter((f) => f.weapon === a.weapon && f.object === a.object && f.t === a.t + 30);
    expect(planned(undecided).length).toBeGreaterThan(0);
    expect(planned(log)).toEqual([]);
    expect(JSON.stringify(runTrial(w, SEED, { command: command(decisions, 'approve', 30) }))).toBe(JSON.stringify(log));
  });
});
