import { describe, expect, it } from 'vitest';
import { type CoalitionPolicy, runEstimatedTrial, type World } from '@golden-dome/core';
import { loadPolicies } from '../policy/policy-loader.ts';
import { buildWorld } from './build-world.ts';
import { of } from './trial-test-helpers.ts';

// The terminal doctrine that waits for the air (core/c2/terminal-wait.ts, tracker.terminalWait) in engine
// trials: a Hwasong-17 (one warhead of catalog beta 6,000 kg/m^2, four 50 kg/m^2 balloon decoys) at
// Anchorage, watched by the Clear early-warning radar and the terminal batteries' own radars with their
// discrimination labels switched off, so that P(warhead) stays at the 0.5 prior above the floor (every
// track undecided) and whatever sorts the cluster is the drag below it. Only terminal batteries (THAAD and
// PAC-3 MSE at Anchorage) defend.
const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;
const built = buildWorld({
  epoch: '2029-01-01T00:00:00Z',
  policy: norad,
  raid: [
    { id: 'h17', type: 'hwasong-17', from: 'pyongyang-sunan', to: 'Anchorage', target: { id: 'anchorage', nation: 'US' }, launchTime: 0 },
  ],
  radars: ['uewr-clear'],
  batteries: [
    {
      id: 'thaad-anchorage',
      interceptor: 'thaad',
      at: 'Anchorage',
      owner: 'US',
      assetClass: 'terminal',
      inventory: 16,
      radar: { sensor: 'tpy2-thaad', facingDeg: 250 },
    },
    {
      id: 'pac3-anchorage',
      interceptor: 'pac-3-mse',
      at: 'Anchorage',
      owner: 'US',
      assetClass: 'terminal',
      inventory: 16,
      radar: { sensor: 'mpq-65', facingDeg: 250 },
    },
  ],
});
const unlabelled: World = {
  ...built,
  radars: built.radars.map(({ capability, ...r }) => (capability ? { ...r, capability: { ...capability, discrimination: null } } : r)),
};
const withWait = (w: World, terminalWait: 'atmosphere' | 'none'): World => ({
  ...w,
  settings: { ...w.settings, tracker: { ...(w.settings.tracker as NonNullable<World['settings']['tracker']>), terminalWait } },
});
const kind = new Map(built.objects.map((o) => [o.id, o.kind]));
const SEEDS = [1, 2, 3];

describe('the terminal doctrine that waits for the air, in engine trials', () => {
  const cache = new Map(Object.entries(built.windows ?? {}));
  const pac3Last = built.windows?.['pac3-anchorage|h17/rv0']?.latest.launchTime as number;
  const thaadLast = built.windows?.['thaad-anchorage|h17/rv0']?.latest.launchTime as number;

  it("the world is the case the rule is for: THAAD's last launch is above the air, PAC-3's below it", () => {
    expect(thaadLast).toBeLessThan(pac3Last);
    expect(kind.get('h17/rv0')).toBe('warhead');
    expect([...kind.values()].filter((k) => k === 'decoy')).toHaveLength(4);
  });

  it("without it the terminal layer decides on the undecided prior and spends rounds on decoys; with it, it decides at PAC-3's last launch and no decoy is engaged", () => {
    let decoyShotsNone = 0,
      terminalDecisions = 0,
      warheadShots = 0;
    for (const seed of SEEDS) {
      const none = runEstimatedTrial(withWait(unlabelled, 'none'), seed, cache);
      decoyShotsNone += of(none, 'fire').filter((e) => kind.get(e.object) === 'decoy').length;
      expect(of(none, 'track').some((e) => e.layer !== undefined)).toBe(false);

      const log = runEstimatedTrial(withWait(unlabelled, 'atmosphere'), seed, cache);
      // with the drag evidence no decoy draws a round
      expect(
        of(log, 'fire').filter((e) => kind.get(e.object) === 'decoy'),
        `seed ${seed}`,
      ).toHaveLength(0);
      const decisions = of(log, 'track').filter((e) => e.layer === 'terminal');
      terminalDecisions += decisions.length;
      for (const d of decisions) {
        // decided at the last launch that still meets the warhead inside PAC-3's envelope: not before, never past
        expect(d.t).toBe(pac3Last);
        if (kind.get(d.object) === 'decoy') expect(d.engage, `seed ${seed} ${d.object} P ${d.pWarhead}`).toBe(false);
      }
      for (const a of of(log, 'assign')) {
        expect(a.t).toBeLessThanOrEqual(pac3Last);
        expect(a.weapon).toBe('pac3-anchorage');
      }
      const fired = of(log, 'fire');
      warheadShots += fired.filter((e) => e.object === 'h17/rv0').length;
      for (const f of fired) expect(f.t).toBeLessThanOrEqual(pac3Last);
    }
    expect(decoyShotsNone).toBeGreaterThan(0);
    expect(terminalDecisions).toBeGreaterThan(0);
    expect(warheadShots).toBeGreaterThan(0);
  });

  it("'none' (the default) leaves the trial as it was", () => {
    expect(JSON.stringify(runEstimatedTrial(unlabelled, 1, cache))).toBe(
      JSON.stringify(runEstimatedTrial(withWait(unlabelled, 'none'), 1, cache)),
    );
  });
});
