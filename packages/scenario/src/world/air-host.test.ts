import { type CoalitionPolicy, type EngineEvent, runTrial, type World } from '@golden-dome/core';
import { describe, expect, it } from 'vitest';
import { buildScenarioWorld, parseScenario } from '../scenario/scenario-loader.ts';

/**
 * The host rule in the air layer (core/c2/national-policy.ts `hostedLaunches`, reached through mayEngage with
 * the fighter unit's base): a US F-35A pair on alert at CFB Cold Lake (inside Canada's outline in
 * norad-integrated) waits for Canada's approval of its launch from Canadian soil, a Canadian pair does not.
 * The geometry is air-defense.test.ts's head-on case (a Kalibr flying due south over Cold Lake, cued by an E-3
 * overhead), so only the policy differs between the runs.
 */
const text = (owner: 'US' | 'CA'): string =>
  [
    'name: t',
    'summary: A host-rule test.',
    'sources: ["the tests"]',
    'epoch: "2029-01-01T00:00:00Z"',
    'seed: 1',
    'policy: norad-integrated',
    'raid:',
    '  - {id: k1, type: kalibr-3m14, from: "58.5,-110.287", to: "50.5,-110.287", target: {id: calgary}, launch_time_s: 0}',
    'architecture:',
    '  radars: [e-3]',
    '  radar_stations:',
    '    - {radar: e-3, at: "54.405,-110.287", source: "model choice: the test"}',
    '  fighters:',
    `    - {id: cl, type: f-35a, at: cfb-cold-lake, owner: ${owner}, alert: 2}`,
    'monte_carlo: {trials: 1}',
    '',
  ].join('\n');
/** The world with Canada asking for its approval (`delay` s) of US launches from its territory, and nothing else. */
const withHost = (world: World, delay: number): World => {
  const p: CoalitionPolicy = world.policy;
  const ca = p.nations.CA;
  return {
    ...world,
    policy: {
      ...p,
      nations: {
        ...p.nations,
        CA: { ...ca, approval: { delay, ownAssets: false, overTerritory: 'open', hostedLaunches: { of: ['US'] } } },
      },
    },
  };
};
type Of<K extends EngineEvent['type']> = Extract<EngineEvent, { type: K }>;
const of = <K extends EngineEvent['type']>(log: EngineEvent[], type: K): Array<Of<K>> => log.filter((e): e is Of<K> => e.type === type);

describe("the air layer asks the host for its approval of a foreign fighter's launch from its base", () => {
  const us = buildScenarioWorld(parseScenario(text('US'), 't.yaml'));
  const free = runTrial(us, 1);
  const first = (log: EngineEvent[]) => ({
    assign: of(log, 'assign').find((e) => e.object === 'k1/rv0'),
    shot: of(log, 'intercept').find((e) => e.object === 'k1/rv0' && e.shot === 1),
  });

  it('without the rule the US pair engages at its meeting point with no approval', () => {
    const { assign, shot } = first(free);
    expect(assign?.approvals).toEqual([]);
    expect(shot).toBeDefined();
  });

  it("with it, the same order waits for Canada's approval: the shot comes at order + delay, after the meeting", () => {
    const { assign: a0, shot: s0 } = first(free);
    // a delay longer than the order-to-meeting time, so that the wait shows in the shot's time
    const delay = Math.ceil((s0?.t as number) - (a0?.t as number)) + 60;
    const { assign, shot } = first(runTrial(withHost(us, delay), 1));
    expect(assign?.t).toBe(a0?.t);
    expect(assign?.approvals).toEqual([{ nation: 'CA', delay }]);
    expect(assign?.reason).toMatch(
      /CA policy, approval: launches by US's air interceptors from CA's territory \(cl at 54\.4\d°, -110\.2\d°\)/,
    );
    expect(shot?.t).toBeCloseTo((assign?.t as number) + delay, 6);
  });

  it("a Canadian pair at the same base is Canada's own: no host approval", () => {
    const ca = buildScenarioWorld(parseScenario(text('CA'), 't.yaml'));
    const { assign } = first(runTrial(withHost(ca, 300), 1));
    expect(assign?.approvals).toEqual([]);
  });
});
