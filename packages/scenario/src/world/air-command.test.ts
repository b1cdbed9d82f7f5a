import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eciToGeodetic, type EngineEvent, type LiveCommand, pathFromSamples, pathPosition, runTrial, type World } from '@golden-dome/core';
import { describe, expect, it } from 'vitest';
import { buildScenarioWorld, parseScenario, SCENARIO_DIR } from '../scenario/scenario-loader.ts';

/**
 * Live command of air engagements (issue 15; core/engine/air-defense.ts, live-command.ts): a commanded
 * nation's commander decides the fighter and ground-battery engagements that wait for its approval, as the
 * missile engagements (live-command.test.ts), with the same guarantees. The library's russia-bomber-raid under
 * `canada-sovereign`, where every Canadian engagement over Canada waits 120 s for Canada's approval.
 */
type Of<K extends EngineEvent['type']> = Extract<EngineEvent, { type: K }>;
const of = <K extends EngineEvent['type']>(log: readonly EngineEvent[], type: K): Array<Of<K>> =>
  log.filter((e): e is Of<K> => e.type === type);
const file = join(SCENARIO_DIR, 'russia-bomber-raid.yaml');
const SEED = 1;
let built: World | undefined;
/** The raid under canada-sovereign (built once: the flights are the slow part), in one track mode. */
const sovereign = (tracks: 'truth' | 'estimated'): World => {
  built ??= buildScenarioWorld(
    parseScenario(readFileSync(file, 'utf8').replace('policy: norad-integrated', 'policy: canada-sovereign'), file),
  );
  return { ...built, settings: { ...built.settings, tracks } };
};
const modelledLogs = new Map<string, EngineEvent[]>();
/** The trial without live command (the policy's modelled delays), once per track mode. */
const modelledOf = (w: World): EngineEvent[] => {
  const key = w.settings.tracks ?? 'estimated';
  if (!modelledLogs.has(key)) modelledLogs.set(key, runTrial(w, SEED));
  return modelledLogs.get(key) as EngineEvent[];
};
const command = (decisions: LiveCommand['decisions'], then: 'approve' | 'deny', after: number): LiveCommand => ({
  nations: ['CA'],
  decisions,
  timeout: { after, then },
});
const before = (log: readonly EngineEvent[], t: number): string => JSON.stringify(log.filter((e) => e.t < t));
const without = (log: readonly EngineEvent[], ...types: Array<EngineEvent['type']>): string =>
  JSON.stringify(log.filter((e) => !types.includes(e.type)));
/** The air engagements waiting for Canada's approval (weapon: a sortie `<base>#<k>`). */
const waitingForCanada = (log: readonly EngineEvent[]): Array<Of<'assign'>> =>
  of(log, 'assign').filter((e) => e.weapon.includes('#') && e.approvals.some((a) => a.nation === 'CA'));
/** One decision per engagement (weapon, object): the commander's key. */
const once = (assigns: ReadonlyArray<Of<'assign'>>): Array<Of<'assign'>> =>
  assigns.filter((a, i) => assigns.findIndex((b) => b.weapon === a.weapon && b.object === a.object) === i);

describe.each(['estimated', 'truth'] as const)('live command of fighter engagements (%s tracks)', (tracks) => {
  const w = sovereign(tracks);
  const modelled = modelledOf(w);
  const assigns = waitingForCanada(modelled);

  it('the modelled trial has fighter engagements waiting 120 s for Canada; a rule approving at 120 s reproduces it, plus the decisions', () => {
    // two or more (on estimated air tracks seed 1 has two: the tracks' cues order fewer sorties than first detections did)
    expect(assigns.length).toBeGreaterThanOrEqual(2);
    expect(assigns.every((a) => a.approvalDelay === 120)).toBe(true);
    const log = runTrial(w, SEED, { command: command([], 'approve', 120) });
    expect(without(log, 'decision')).toBe(JSON.stringify(modelled));
    const decisions = of(log, 'decision');
    expect(decisions.length).toBe(assigns.length);
    expect(decisions.every((d) => d.by === 'timeout' && d.verdict === 'approve' && d.nation === 'CA')).toBe(true);
  });

  it("the commander approves each before the modelled 120 s: the same shots, kills and releases as the modelled approvals'", () => {
    const decisions = once(assigns).map((a) => ({
      nation: 'CA',
      weapon: a.weapon,
      object: a.object,
      verdict: 'approve' as const,
      t: a.t + 10,
    }));
    // the rule would deny at 600 s: every engagement here is decided by the commander
    const log = runTrial(w, SEED, { command: command(decisions, 'deny', 600) });
    expect(of(log, 'decision').every((d) => d.by === 'commander' && d.verdict === 'approve')).toBe(true);
    // sorties are logged as planned up to the latest decision (600 s), then cut where the fighter fired
    expect(without(log, 'decision', 'sortie')).toBe(without(modelled, 'sortie'));
    for (const leg of of(log, 'sortie').filter((e) => e.path.length === 4))
      expect(of(log, 'fire').some((f) => f.weapon === leg.aircraft && f.object === leg.object && f.t === leg.t)).toBe(true);
  });
});

describe('live command of fighter engagements: denial, the timeout rule, a late approval (estimated tracks)', () => {
  const w = sovereign('estimated');
  const modelled = modelledOf(w);
  const assigns = waitingForCanada(modelled);
  // the Tu-95's engagement by a CF-18 from Inuvik, long before its release
  const first = assigns[0];
  const bomber = (w.aircraft ?? []).find((a) => a.id === first.object);
  const release = bomber ? pathFromSamples(bomber.flight).end : NaN;
  const planned = of(modelled, 'fire').find((f) => f.weapon === first.weapon && f.object === first.object)?.t ?? NaN;

  it('the first request is a fighter on a bomber, shot down before its release as modelled', () => {
    expect(bomber?.releases.length).toBe(6);
    expect(planned).toBeLessThan(release);
    expect(of(modelled, 'launch').filter((e) => bomber?.releases.includes(e.missile))).toEqual([]);
  });

  it('denied: the sortie breaks off where it is, the bomber is not engaged by it and releases; nothing before the decision changes; replay reproduces the log', () => {
    const t = first.t + 30;
    const decisions = [{ nation: 'CA', weapon: first.weapon, object: first.object, verdict: 'deny' as const, t }];
    const log = runTrial(w, SEED, { command: command(decisions, 'approve', 120) });
    // without decisions (the rule approving at the modelled delay) the trial is the modelled one; up to the decision, the same
    expect(before(log, t)).toBe(before(modelled, t));
    expect(of(log, 'decision').find((d) => d.weapon === first.weapon && d.object === first.object)).toMatchObject({
      t,
      verdict: 'deny',
      by: 'commander',
    });
    const refusal = of(log, 'refuse').find((r) => r.weapon === first.weapon && r.object === first.object);
    expect(refusal?.t).toBe(t);
    expect(refusal?.reason).toMatch(/CA's commander denied the engagement/);
    expect(of(log, 'fire').filter((f) => f.weapon === first.weapon && f.object === first.object)).toEqual([]);
    // the bomber lives to release its six missiles
    expect(of(log, 'launch').filter((e) => bomber?.releases.includes(e.missile)).length).toBe(6);
    // the sortie's flight: planned up to the latest decision, and a leg at the decision holding where it broke off
    const legs = of(log, 'sortie').filter((e) => e.aircraft === first.weapon && e.object === first.object);
    expect(legs.map((e) => e.t)).toEqual([first.t, t]);
    const at = pathPosition(legs[0].path, t - first.t);
    expect(Math.hypot(legs[1].path[1] - at[0], legs[1].path[2] - at[1], legs[1].path[3] - at[2])).toBeLessThan(1); // the metre rounding
    expect(legs[1].path.length).toBe(4);
    // free for another order: the same fighter is ordered again after it broke off
    expect(of(log, 'assign').some((a) => a.weapon === first.weapon && a.t >= t && a.object !== first.object)).toBe(true);
    expect(JSON.stringify(runTrial(w, SEED, { command: command(decisions, 'approve', 120) }))).toBe(JSON.stringify(log));
  });

  it('nobody answers and the rule denies after 120 s: no fighter engagement waiting for Canada fires; each is refused when the rule falls', () => {
    const log = runTrial(w, SEED, { command: command([], 'deny', 120) });
    expect(before(log, first.t + 1e-6)).toBe(before(modelled, first.t + 1e-6));
    const waiting = waitingForCanada(log);
    expect(waiting.length).toBeGreaterThan(0);
    for (const a of waiting) {
      expect(of(log, 'fire').filter((f) => f.weapon === a.weapon && f.object === a.object)).toEqual([]);
      const r = of(log, 'refuse').find((e) => e.weapon === a.weapon && e.object === a.object && e.t === a.t + 120);
      expect(r?.reason).toMatch(/did not answer within 120 s \(the rule: deny\)/);
    }
    // nothing Canada's fighters would have shot down is: the Tu-95 releases
    expect(of(log, 'launch').filter((e) => bomber?.releases.includes(e.missile)).length).toBe(6);
  });

  it('approved after the planned shot: the fighter has kept shadowing and fires at the approval; approved after the release, it is refused', () => {
    const t = (planned + release) / 2;
    // a rule late enough for an approval after the release to be the commander's
    const after = Math.ceil(release - first.t) + 60;
    const log = runTrial(w, SEED, {
      command: command([{ nation: 'CA', weapon: first.weapon, object: first.object, verdict: 'approve', t }], 'deny', after),
    });
    // before the request, the modelled trial (from it on the sortie is logged as planned up to the rule's time)
    expect(before(log, first.t)).toBe(before(modelled, first.t));
    const fires = of(log, 'fire').filter((f) => f.weapon === first.weapon && f.object === first.object);
    expect(fires.map((f) => f.t)).toEqual([t, t]);
    // it fires where the bomber is then: the sortie's leg at the approval is the intercept point
    const leg = of(log, 'sortie').find((e) => e.aircraft === first.weapon && e.t === t);
    const shot = of(log, 'intercept').find((e) => e.weapon === first.weapon && e.object === first.object);
    const there = eciToGeodetic(w.earth, t, pathFromSamples(bomber?.flight ?? new Float64Array()).position(t, new Float64Array(3)));
    expect(leg?.path.length).toBe(4);
    expect(shot?.point.latitude).toBeCloseTo(there.latitude, 9);
    expect(shot?.point.longitude).toBeCloseTo(there.longitude, 9);
    if (shot?.hit) expect(of(log, 'launch').filter((e) => bomber?.releases.includes(e.missile))).toEqual([]);
    const late = release + 10;
    const tooLate = runTrial(w, SEED, {
      command: command([{ nation: 'CA', weapon: first.weapon, object: first.object, verdict: 'approve', t: late }], 'deny', after),
    });
    expect(of(tooLate, 'fire').filter((f) => f.weapon === first.weapon && f.object === first.object)).toEqual([]);
    expect(of(tooLate, 'refuse').find((r) => r.weapon === first.weapon && r.object === first.object)).toMatchObject({
      t: late,
      reason: expect.stringMatching(/approved at \d+ s, after the target's release/),
    });
  });
});

describe('a fighter whose modelled approval comes after the target is gone (estimated tracks)', () => {
  it('is not sent; the commander is still asked, and an early approval is refused with why', () => {
    const w0 = sovereign('estimated');
    const first = waitingForCanada(modelledOf(w0))[0];
    // Canada's modelled approval made longer than the Tu-95 flies after the order: the plan cannot make it
    const ca = w0.policy.nations.CA;
    const w: World = {
      ...w0,
      policy: { ...w0.policy, nations: { ...w0.policy.nations, CA: { ...ca, approval: { ...ca.approval!, delay: 20_000 } } } },
    };
    const modelled = runTrial(w, SEED);
    const a = of(modelled, 'assign').find((e) => e.weapon === first.weapon && e.object === first.object) as Of<'assign'>;
    expect(a.approvalDelay).toBe(20_000);
    expect(of(modelled, 'refuse').find((r) => r.weapon === a.weapon && r.object === a.object)?.reason).toMatch(
      /after the target's release/,
    );
    const log = runTrial(w, SEED, {
      command: command([{ nation: 'CA', weapon: a.weapon, object: a.object, verdict: 'approve', t: a.t + 10 }], 'deny', 120),
    });
    expect(of(log, 'decision').find((d) => d.weapon === a.weapon && d.object === a.object)).toMatchObject({ t: a.t + 10, by: 'commander' });
    expect(of(log, 'refuse').find((r) => r.weapon === a.weapon && r.object === a.object)).toMatchObject({
      t: a.t + 10,
      reason: expect.stringMatching(/approved at \d+ s, but its shot, planned at \d+ s, comes after the target's release/),
    });
    expect(of(log, 'sortie').filter((e) => e.aircraft === a.weapon && e.object === a.object)).toEqual([]);
    expect(of(log, 'fire').filter((e) => e.weapon === a.weapon && e.object === a.object)).toEqual([]);
  });
});

describe('a decision changes nothing before it is taken (fighter engagements waiting for Canada, estimated tracks)', () => {
  const w = sovereign('estimated');
  const base = runTrial(w, SEED, { command: command([], 'approve', 120) });
  it('denied 5 s after its request, each engagement leaves the log before the denial as it was', () => {
    const all = once(waitingForCanada(base));
    expect(all.length).toBeGreaterThanOrEqual(2);
    // the engagements waiting for Canada, the first six at most (each is a trial of its own)
    for (const a of all.slice(0, 6)) {
      const t = a.t + 5;
      const decisions = [{ nation: 'CA', weapon: a.weapon, object: a.object, verdict: 'deny' as const, t }];
      const log = runTrial(w, SEED, { command: command(decisions, 'approve', 120) });
      expect(before(log, t), `${a.weapon} at ${a.object}`).toBe(before(base, t));
      expect(of(log, 'refuse').some((r) => r.weapon === a.weapon && r.object === a.object && r.t === t)).toBe(true);
    }
  });
});

describe('live command of a ground battery (a CA NASAMS on two Kalibrs at Ottawa, canada-sovereign)', () => {
  // two Kalibrs 100 s apart fly over a Canadian NASAMS south of Ottawa; it holds two rounds, one salvo (two per
  // target): as modelled it engages the first (after Canada's 120 s) and has nothing left for the second
  const text = [
    'name: t',
    'summary: A ground battery under live command.',
    'sources: ["the tests"]',
    'epoch: "2029-01-01T00:00:00Z"',
    'seed: 1',
    'policy: canada-sovereign',
    'raid:',
    '  - {id: k1, type: kalibr-3m14, from: "43.5,-75.7", to: "45.42,-75.7", target: {id: ottawa}, launch_time_s: 0}',
    '  - {id: k2, type: kalibr-3m14, from: "43.5,-75.7", to: "45.42,-75.7", target: {id: ottawa}, launch_time_s: 100}',
    'architecture:',
    '  air_defense:',
    '    - {id: nas, system: nasams, at: "44.6,-75.72", owner: CA}',
    'monte_carlo: {trials: 1}',
    '',
  ].join('\n');
  const built = buildScenarioWorld(parseScenario(text, 't.yaml'));
  // truth tracks: the scenario has no sensor but the battery's own radar, and on estimated tracks a battery searches
  // only once its nation holds an air track (air-tracks.ts); live command of the battery is the same in both modes
  const w: World = {
    ...built,
    settings: { ...built.settings, tracks: 'truth' },
    airBatteries: (built.airBatteries ?? []).map((b) => ({ ...b, rounds: 2 })),
  };
  const modelled = runTrial(w, SEED);
  const a = of(modelled, 'assign').find((e) => e.object === 'k1/rv0') as Of<'assign'>;
  const fire = of(modelled, 'fire').find((e) => e.object === 'k1/rv0') as Of<'fire'>;

  it('as modelled: the first is engaged 120 s after its request, the second not (no rounds)', () => {
    expect(a).toMatchObject({ weapon: 'nas', approvalDelay: 120, approvals: [{ nation: 'CA', delay: 120 }] });
    expect(fire.t).toBeCloseTo(a.t + 120, 9);
    expect(of(modelled, 'assign').filter((e) => e.object === 'k2/rv0')).toEqual([]);
  });

  it('denied: no shot at the first, the battery keeps its rounds and engages the second; the log before the denial is unchanged; replay reproduces it', () => {
    const t = a.t + 5;
    const decisions = [{ nation: 'CA', weapon: 'nas', object: 'k1/rv0', verdict: 'deny' as const, t }];
    const log = runTrial(w, SEED, { command: command(decisions, 'approve', 120) });
    expect(before(log, t)).toBe(before(modelled, t));
    expect(of(log, 'refuse').find((r) => r.object === 'k1/rv0')).toMatchObject({ t, reason: expect.stringMatching(/denied/) });
    expect(of(log, 'fire').filter((e) => e.object === 'k1/rv0')).toEqual([]);
    expect(of(log, 'impact').some((e) => e.object === 'k1/rv0')).toBe(true);
    const second = of(log, 'assign').find((e) => e.object === 'k2/rv0');
    expect(second?.t).toBeGreaterThanOrEqual(t);
    expect(of(log, 'fire').filter((e) => e.object === 'k2/rv0').length).toBe(2);
    expect(JSON.stringify(runTrial(w, SEED, { command: command(decisions, 'approve', 120) }))).toBe(JSON.stringify(log));
  });

  it('approved after the planned launch: it launches at the first intercept a launch from the approval gives', () => {
    const t = fire.t + 30;
    const log = runTrial(w, SEED, {
      command: command([{ nation: 'CA', weapon: 'nas', object: 'k1/rv0', verdict: 'approve', t }], 'deny', 600),
    });
    expect(before(log, a.t + 1e-6)).toBe(before(modelled, a.t + 1e-6));
    const fires = of(log, 'fire').filter((e) => e.object === 'k1/rv0');
    expect(fires.length).toBe(2);
    // the 1 s intercept grid: the launch is within one step's fly-out of the approval (the missile covers < 1 s of range a step)
    for (const f of fires) {
      expect(f.t).toBeGreaterThanOrEqual(t);
      expect(f.t).toBeLessThan(t + 1);
      expect(f.plannedIntercept).toBeGreaterThan(fire.plannedIntercept);
    }
  });
});
