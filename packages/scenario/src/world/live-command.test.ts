import { type EngineEvent, type LiveCommand, runTrial, type World } from '@golden-dome/core';
import { describe, expect, it } from 'vitest';
import { buildWorld } from './build-world.ts';
import { alaskaCaliforniaBatteries, smallRaidRequest } from './small-raid.ts';

/** The small raid, with the US requiring its own approval (30 s modelled) for its midcourse batteries. */
function world(tracks: 'truth' | 'estimated'): World {
  const req = smallRaidRequest(alaskaCaliforniaBatteries(20));
  const us = req.policy.nations.US;
  const policy = {
    ...req.policy,
    nations: { ...req.policy.nations, US: { ...us, approval: { delay: 30, ownAssets: true, overTerritory: 'open' as const } } },
  };
  return buildWorld({ ...req, policy, tracks });
}

const SEED = 3;
const command = (decisions: LiveCommand['decisions'], then: 'approve' | 'deny' = 'deny', after = 120): LiveCommand => ({
  nations: ['US'],
  decisions,
  timeout: { after, then },
});
const before = (log: readonly EngineEvent[], t: number): string => JSON.stringify(log.filter((e) => e.t < t));
const withoutDecisions = (log: readonly EngineEvent[]): EngineEvent[] => log.filter((e) => e.type !== 'decision');

describe.each(['truth', 'estimated'] as const)('live command (%s tracks)', (tracks) => {
  const w = world(tracks);
  const modelled = runTrial(w, SEED);
  const assigns = modelled.filter(
    (e): e is Extract<EngineEvent, { type: 'assign' }> =>
      e.type === 'assign' && e.approvals.some((a) => a.nation === 'US') && !e.weapon.startsWith('sbi'),
  );

  it('the modelled trial has engagements waiting for the US approval', () => {
    expect(assigns.length).toBeGreaterThan(0);
    expect(assigns.every((a) => a.approvalDelay === 30)).toBe(true);
  });

  it('a timeout rule that approves at the modelled delay reproduces the modelled trial, plus the decisions', () => {
    const log = runTrial(w, SEED, { command: command([], 'approve', 30) });
    expect(JSON.stringify(withoutDecisions(log))).toBe(JSON.stringify(modelled));
    const decisions = log.filter((e) => e.type === 'decision');
    expect(decisions.length).toBe(assigns.length);
    expect(decisions.every((d) => d.type === 'decision' && d.by === 'timeout' && d.verdict === 'approve')).toBe(true);
  });

  it('nobody answers and the rule denies: no shot waiting for the US flies; each is refused when the rule falls; nothing earlier changes', () => {
    const log = runTrial(w, SEED, { command: command([], 'deny', 120) });
    // up to the first request the trial is the modelled one; from then on the shots wait for a commander
    const first = Math.min(...assigns.map((a) => a.t)) + 1e-6;
    expect(before(log, first)).toBe(before(modelled, first));
    const midcourse = new Set(assigns.map((a) => a.weapon));
    expect(log.filter((e) => e.type === 'fire' && midcourse.has(e.weapon))).toEqual([]);
    const refusals = log.filter((e) => e.type === 'refuse' && /did not answer within 120 s/.test(e.reason));
    expect(refusals.length).toBe(assigns.length);
    for (const a of assigns)
      expect(
        refusals.some((r) => r.type === 'refuse' && r.object === a.object && r.weapon === a.weapon && Math.abs(r.t - (a.t + 120)) < 1e-9),
      ).toBe(true);
  });

  it('a commander denies one engagement: it is withheld from that moment; the rest fly as modelled; replay with the decision reproduces the log', () => {
    const a = assigns[0];
    const t = a.t + 10;
    const decisions = [{ nation: 'US', weapon: a.weapon, object: a.object, verdict: 'deny' as const, t }];
    // every other engagement approved by the rule at the modelled delay
    const log = runTrial(w, SEED, { command: command(decisions, 'approve', 30) });
    expect(before(log, t)).toBe(before(modelled, t));
    expect(
      log.some((e) => e.type === 'decision' && e.by === 'commander' && e.verdict === 'deny' && e.t === t && e.object === a.object),
    ).toBe(true);
    expect(
      log.some(
        (e) => e.type === 'refuse' && e.object === a.object && e.weapon === a.weapon && e.t === t && /commander denied/.test(e.reason),
      ),
    ).toBe(true);
    const fired = (l: readonly EngineEvent[]) => l.filter((e) => e.type === 'fire' && !e.weapon.startsWith('sbi')).length;
    const sameEngagement = assigns.filter((x) => x.object === a.object && x.weapon === a.weapon).length;
    expect(fired(log)).toBeLessThanOrEqual(fired(modelled) - sameEngagement);
    expect(JSON.stringify(runTrial(w, SEED, { command: command(decisions, 'approve', 30) }))).toBe(JSON.stringify(log));
  });

  it('a late approval moves the launch to the decision (or withholds the shot once the window has closed); a decision after the timeout is too late', () => {
    const a = assigns[0];
    const planned =
      (
        modelled.find((e) => e.type === 'fire' && e.object === a.object && e.weapon === a.weapon) as
          Extract<EngineEvent, { type: 'fire' }> | undefined
      )?.t ?? a.t + 30;
    const t = planned + 60;
    const log = runTrial(w, SEED, {
      command: command([{ nation: 'US', weapon: a.weapon, object: a.object, verdict: 'approve', t }], 'approve', 600),
    });
    expect(before(log, a.t + 1e-6)).toBe(before(modelled, a.t + 1e-6));
    const fires = log.filter((e) => e.type === 'fire' && e.object === a.object && e.weapon === a.weapon);
    const closed = log.some((e) => e.type === 'refuse' && e.object === a.object && /after the launch window closed/.test(e.reason));
    expect(closed || fires.length > 0).toBe(true);
    for (const f of fires) expect(f.t).toBeGreaterThanOrEqual(t);
    // decided after the 120 s timeout: the rule (deny) has already withheld the shot
    const late = runTrial(w, SEED, {
      command: command([{ nation: 'US', weapon: a.weapon, object: a.object, verdict: 'approve', t: a.t + 121 }], 'deny', 120),
    });
    expect(late.some((e) => e.type === 'refuse' && e.object === a.object && e.weapon === a.weapon && /did not answer/.test(e.reason))).toBe(
      true,
    );
  });
});
