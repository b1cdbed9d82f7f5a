import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EngineEvent, eventsVisibleTo, type LiveCommand, runTrial, type World } from '@golden-dome/core';
import { describe, expect, it } from 'vitest';
import { buildScenarioWorld, parseScenario, SCENARIO_DIR } from '../scenario/scenario-loader.ts';

/**
 * A partner's weapon waiting for this nation's consent under live command (issue 15; core/engine/live-command.ts,
 * consentRequests): the library's russia-bomber-raid under `canada-sovereign`, with the Tu-95's first missile the
 * one at Seattle (so that the bomber's and its missiles' aim is the US, and the US F-22s from Elmendorf engage:
 * the library file aims it at Calgary first, and every US air engagement is refused as not defending the US).
 * The F-22's intercept of kh-seattle-2 lies over Canada (north Yukon), so it waits for Canada's approval: under
 * Canada's live command, Canada's commander is asked for its consent, and the shot follows the answer. Truth
 * tracks: the engagement, its meeting and its shot do not depend on the air tracks' acquisition draw.
 */
type Of<K extends EngineEvent['type']> = Extract<EngineEvent, { type: K }>;
const of = <K extends EngineEvent['type']>(log: readonly EngineEvent[], type: K): Array<Of<K>> =>
  log.filter((e): e is Of<K> => e.type === type);
const file = join(SCENARIO_DIR, 'russia-bomber-raid.yaml');
const SEATTLE = '      - {id: kh-seattle-1, to: Seattle, target: {id: seattle, nation: US}}\n';
const text = readFileSync(file, 'utf8')
  .replace('policy: norad-integrated', 'policy: canada-sovereign')
  .replace(SEATTLE, '')
  .replace('      - {id: kh-calgary-1,', `${SEATTLE}      - {id: kh-calgary-1,`);
const built = buildScenarioWorld(parseScenario(text, file));
const world: World = { ...built, settings: { ...built.settings, tracks: 'truth' } };
const SEED = 1;
const DEG = Math.PI / 180;
const command = (nations: string[], decisions: LiveCommand['decisions'], then: 'approve' | 'deny', after: number): LiveCommand => ({
  nations,
  decisions,
  timeout: { after, then },
});
const modelled = runTrial(world, SEED);
/** The US fighter engagements waiting for Canada's approval in the modelled trial. */
const usWaiting = of(modelled, 'assign').filter((a) => a.owner === 'US' && a.approvals.some((x) => x.nation === 'CA'));
const a = usWaiting[0];
const shotsOf = (log: readonly EngineEvent[]) => of(log, 'fire').filter((f) => f.weapon === a.weapon && f.object === a.object);
const plannedShot = shotsOf(modelled)[0]?.t ?? NaN;

describe("a US F-22's intercept over Canada waits for Canada's consent (russia-bomber-raid, canada-sovereign, truth tracks)", () => {
  it('the modelled trial: one F-22 engagement over Canada, waiting 120 s for CA only, and its shot; no consent request without live command', () => {
    expect(usWaiting.map((x) => [x.weapon, x.object])).toEqual([['elmendorf-qra#1', 'kh-seattle-2/rv0']]);
    expect(a.approvals).toEqual([{ nation: 'CA', delay: 120 }]);
    expect(a.reason).toMatch(/CA policy, territory: intercepts over CA/);
    expect(shotsOf(modelled).length).toBe(2);
    expect(of(modelled, 'consent')).toEqual([]);
  });

  it("under Canada's command Canada is asked: a consent request carrying who, with what, where, when and by when, and nothing of the US track", () => {
    // a rule approving at the modelled 120 s: the modelled trial, plus the request and the decisions
    const log = runTrial(world, SEED, { command: command(['CA'], [], 'approve', 120) });
    const strip = (l: readonly EngineEvent[]) => JSON.stringify(l.filter((e) => e.type !== 'consent' && e.type !== 'decision'));
    expect(strip(log)).toBe(strip(modelled));
    const requests = of(log, 'consent');
    expect(requests.length).toBe(1);
    const c = requests[0];
    expect(Object.keys(c).sort()).toEqual([
      'deadline',
      'intercept',
      'nation',
      'object',
      'owner',
      'point',
      't',
      'type',
      'weapon',
      'weaponClass',
    ]);
    expect(c).toMatchObject({
      t: a.t,
      object: a.object,
      weapon: a.weapon,
      weaponClass: 'f-22',
      owner: 'US',
      nation: 'CA',
      deadline: a.t + 120,
    });
    // it follows the assign at once (the log's order at equal times)
    expect(log.indexOf(c)).toBe(log.findIndex((e) => e.type === 'assign' && e.weapon === a.weapon && e.object === a.object) + 1);
    // the area: the policy's own intercept point (the assign's reason, to 0.01 degree), rounded to 0.1 degree:
    // within 0.05 + 0.005 degree of it, and on the 0.1 degree grid
    const [lat, lon] = (/over CA \(at (-?[\d.]+)°, (-?[\d.]+)°\)/.exec(a.reason) ?? []).slice(1).map(Number);
    expect(Math.abs(c.point.latitude / DEG - lat)).toBeLessThanOrEqual(0.055);
    expect(Math.abs(c.point.longitude / DEG - lon)).toBeLessThanOrEqual(0.055);
    expect(Math.abs(c.point.latitude / DEG / 0.1 - Math.round(c.point.latitude / DEG / 0.1))).toBeLessThan(1e-9);
    expect(c.point.altitude % 1000).toBe(0);
    // the intercept time: the planned shot, to the second (the F-22's missile flight is not modelled: shot = intercept)
    expect(c.intercept).toBe(Math.round(plannedShot));
    expect(of(log, 'decision')).toContainEqual({
      t: a.t + 120,
      type: 'decision',
      object: a.object,
      weapon: a.weapon,
      nation: 'CA',
      verdict: 'approve',
      by: 'timeout',
    });
  });

  it('Canada denies: no shot, the refusal names Canada; nothing before the denial changes; replay reproduces the log byte for byte', () => {
    const t = a.t + 30;
    const decisions = [{ nation: 'CA', weapon: a.weapon, object: a.object, verdict: 'deny' as const, t }];
    const undecided = runTrial(world, SEED, { command: command(['CA'], [], 'approve', 120) });
    const log = runTrial(world, SEED, { command: command(['CA'], decisions, 'approve', 120) });
    const before = (l: readonly EngineEvent[]) => JSON.stringify(l.filter((e) => e.t < t));
    expect(before(log)).toBe(before(undecided));
    expect(shotsOf(log)).toEqual([]);
    const refusal = of(log, 'refuse').find((r) => r.weapon === a.weapon && r.object === a.object);
    expect(refusal).toMatchObject({ t, nation: 'US' });
    expect(refusal?.reason).toMatch(/CA's commander denied the engagement/);
    expect(JSON.stringify(runTrial(world, SEED, { command: command(['CA'], decisions, 'approve', 120) }))).toBe(JSON.stringify(log));

    // what each nation sees: Canada the request and its own answer, nothing else of the US engagement; the US its engagement and Canada's answer
    const caView = eventsVisibleTo(world.policy, 'CA', world, log);
    const usEngagement = (e: EngineEvent) =>
      ('weapon' in e && e.weapon === a.weapon) ||
      (e.type === 'sortie' && e.aircraft === a.weapon) ||
      (e.type === 'track' && e.nation === 'US');
    expect(caView.filter(usEngagement).map((e) => e.type)).toEqual(['consent', 'decision']);
    const usView = eventsVisibleTo(world.policy, 'US', world, log);
    expect(usView.filter((e) => e.type === 'decision' && e.weapon === a.weapon)).toEqual([
      { t, type: 'decision', object: a.object, weapon: a.weapon, nation: 'CA', verdict: 'deny', by: 'commander' },
    ]);
    expect(usView.filter((e) => e.type === 'consent').length).toBe(1);
    // a third nation (the UK, in the policy) sees neither
    expect(eventsVisibleTo(world.policy, 'UK', world, log).filter(usEngagement)).toEqual([]);
  });

  it('Canada approves after the planned shot: the F-22 keeps shadowing and fires at the approval', () => {
    // the rule allows an answer until long after the planned shot (the modelled 120 s deadline comes before it)
    const t = Math.ceil(plannedShot) + 60;
    const decisions = [{ nation: 'CA', weapon: a.weapon, object: a.object, verdict: 'approve' as const, t }];
    const log = runTrial(world, SEED, { command: command(['CA'], decisions, 'deny', 4000) });
    expect(t - a.t).toBeLessThan(4000);
    expect(shotsOf(log).map((f) => f.t)).toEqual([t, t]);
    expect(of(log, 'decision').filter((d) => d.weapon === a.weapon)).toEqual([
      { t, type: 'decision', object: a.object, weapon: a.weapon, nation: 'CA', verdict: 'approve', by: 'commander' },
    ]);
  });

  it("the owner's own approval and the partner's consent are distinct: both are needed, and one never stands for the other", () => {
    // the US asks for its own approval of its fighters' engagements too (30 s): the engagement waits for the US and for CA
    const us = world.policy.nations.US;
    const both: World = {
      ...world,
      policy: {
        ...world.policy,
        nations: { ...world.policy.nations, US: { ...us, approval: { delay: 30, ownAssets: true, overTerritory: 'open' } } },
      },
    };
    const nations = ['CA', 'US'];
    const d = (nation: string, verdict: 'approve' | 'deny', t: number) => ({ nation, weapon: a.weapon, object: a.object, verdict, t });
    const t = a.t + 20;
    const fires = (decisions: LiveCommand['decisions']) => {
      const log = runTrial(both, SEED, { command: command(nations, decisions, 'deny', 120) });
      const assign = of(log, 'assign').find((x) => x.weapon === a.weapon && x.object === a.object);
      expect(assign?.approvals.map((x) => x.nation)).toEqual(['US', 'CA']);
      // Canada is asked once (its consent); the US's own approval is its own assign's, not a consent request
      expect(of(log, 'consent').map((c) => c.nation)).toEqual(['CA']);
      return shotsOf(log).length;
    };
    // the US approves its weapon, Canada says nothing: the rule denies Canada's consent, no shot
    expect(fires([d('US', 'approve', t)])).toBe(0);
    // Canada consents, the US says nothing: the rule denies the US's own approval, no shot
    expect(fires([d('CA', 'approve', t)])).toBe(0);
    // both: the shot
    expect(fires([d('US', 'approve', t), d('CA', 'approve', t + 5)])).toBe(2);
  });
});
