import { describe, expect, it } from 'vitest';
import { type CoalitionPolicy, type EngineEvent, meanInterval, runTrial, trialSummaryContext, type World } from '@golden-dome/core';
import {
  buildWorld,
  findSensor,
  loadSensorCatalog,
  optionWorld,
  resolveGroundRadar,
  studyPolicies,
  WITHHELD,
  withApprovalDelay,
  type WorldRequest,
} from '@golden-dome/scenario';
import { outcomeContext, partnerApprovalOf, trialOutcome, type TrialOutcome } from '../src/partner/trial-outcome.ts';

// Engine-level proofs of the partner study's two claims, on small worlds (a few missiles each) so that
// a hundred trials take seconds: adding sensors never lowers a member's expected defended population,
// and withholding the partner's approval removes exactly the engagements that needed it.
const policies = studyPolicies();
const policyOf = (name: string): CoalitionPolicy => {
  const p = policies.get(name);
  if (!p) throw new Error(name);
  return p;
};
const EPOCH = '2029-01-01T00:00:00Z';

interface Run {
  outcomes: TrialOutcome[];
  logs: EngineEvent[][];
}
function runTrials(world: World, trials: number): Run {
  const ctx = outcomeContext(world, trialSummaryContext(world), 'CA');
  const outcomes: TrialOutcome[] = [];
  const logs: EngineEvent[][] = [];
  for (let seed = 1; seed <= trials; seed++) {
    const log = runTrial(world, seed);
    logs.push(log);
    outcomes.push(trialOutcome(ctx, seed, log));
  }
  return { outcomes, logs };
}

/** First commit time per nation and object in one trial's log. */
function commits(log: readonly EngineEvent[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of log) if (e.type === 'track' && !out.has(`${e.nation}|${e.object}`)) out.set(`${e.nation}|${e.object}`, e.t);
  return out;
}

/**
 * Adding sensors: in every trial, every nation holds every track it held without them, no later (the
 * raid's own sensors draw the same random numbers: added sensors come last), and in expectation no
 * member's defended population falls. Kill draws after the detections are not paired trial by trial
 * (more shots shift the generator), so the defended population is compared in expectation, over
 * common seeds: the paired mean difference must not be below zero by more than 3 standard errors. A
 * correct engine fails that with probability below 0.14 % (one-sided normal tail at 3 sigma), and a
 * sensor that cost the defense even a tenth of a city's value on average would be caught here.
 */
function expectSensorsNeverHurt(withoutWorld: World, withWorld: World, trials: number, members: string[]): { earlier: number } {
  // Commits that only move earlier are the truth-tracks mode's (a commit is a count of detections); with
  // estimated tracks an added sensor changes association and track quality, so there the check is the
  // expectation one only (below, for both modes).
  const truth = (w: World): World => ({ ...w, settings: { ...w.settings, tracks: 'truth' } });
  const a = runTrials(truth(withoutWorld), trials);
  const b = runTrials(truth(withWorld), trials);
  const ea = runTrials(withoutWorld, trials);
  const eb = runTrials(withWorld, trials);
  let earlier = 0;
  for (let k = 0; k < trials; k++) {
    const ca = commits(a.logs[k]),
      cb = commits(b.logs[k]);
    for (const [key, t] of ca) {
      expect(cb.has(key), `trial ${k + 1}: ${key} tracked without the added sensors but not with them`).toBe(true);
      expect(cb.get(key) as number).toBeLessThanOrEqual(t);
      if ((cb.get(key) as number) < t) earlier++;
    }
    for (const key of cb.keys()) if (!ca.has(key)) earlier++;
  }
  for (const [x, y, mode] of [
    [a, b, 'truth'],
    [ea, eb, 'estimated'],
  ] as const) {
    for (const n of members) {
      const d = y.outcomes.map((o, k) => (o.keptSafe[n] ?? 0) - (x.outcomes[k].keptSafe[n] ?? 0));
      const m = meanInterval(
        d.length,
        d.reduce((s, v) => s + v, 0),
        d.reduce((s, v) => s + v * v, 0),
        Math.min(...d),
        Math.max(...d),
      );
      const se = m.sd / Math.sqrt(d.length);
      expect(m.mean, `${mode} tracks, ${n}: mean change ${m.mean} with standard error ${se}`).toBeGreaterThanOrEqual(-3 * se);
    }
  }
  return { earlier };
}

describe("an option that adds sensors never lowers a member's expected defended population", () => {
  it("Canada's OTH radars over a polar raid (re-entries through their band): tracks earlier or new, never lost; no member worse off", () => {
    const base = policyOf('canada-sensor-sharing');
    // Iqaluit (notional value) as a defended Canadian asset: the polar shots re-enter through A-OTHR's band
    const policy: CoalitionPolicy = {
      ...base,
      defended: [...base.defended, { id: 'iqaluit', name: 'Iqaluit', nation: 'CA', value: 7_400 }],
    };
    const request: WorldRequest = {
      epoch: EPOCH,
      policy,
      raid: [
        { id: 'p1', type: 'notional-solid-icbm', from: 'kozelsk', to: 'Iqaluit', target: { id: 'iqaluit', nation: 'CA' }, launchTime: 0 },
        { id: 'p2', type: 'notional-solid-icbm', from: 'kozelsk', to: 'Iqaluit', target: { id: 'iqaluit', nation: 'CA' }, launchTime: 40 },
      ],
      radars: ['uewr-pituffik'],
      batteries: [{ id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 20 }],
    };
    const without = buildWorld(request);
    const withOth = optionWorld(without, EPOCH, policy, { radars: ['a-othr', 'p-othr'], batteries: [] });
    const { earlier } = expectSensorsNeverHurt(without, withOth, 60, ['US', 'CA']);
    expect(earlier).toBeGreaterThan(0); // the radars did add detections: the check above was not vacuous
  });

  it('a line-of-sight radar added to a Pacific raid: the same, for the members and the partner', () => {
    const policy = policyOf('canada-host');
    const request: WorldRequest = {
      epoch: EPOCH,
      policy,
      raid: [
        { id: 'm1', type: 'hwasong-17', from: 'pyongyang-sunan', to: 'Seattle', target: { id: 'seattle', nation: 'US' }, launchTime: 0 },
        {
          id: 'm2',
          type: 'hwasong-17',
          from: 'pyongyang-sunan',
          to: 'Vancouver',
          target: { id: 'vancouver', nation: 'CA' },
          launchTime: 30,
        },
      ],
      radars: ['uewr-clear'],
      batteries: [{ id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 8 }],
    };
    const without = buildWorld(request);
    const withLrdr = optionWorld(without, EPOCH, policy, { radars: ['lrdr-clear', 'sbx'], batteries: [] });
    const { earlier } = expectSensorsNeverHurt(without, withLrdr, 60, ['US', 'CA']);
    expect(earlier).toBeGreaterThan(0);
  });
});

describe('a hosted radar (a catalog type at a new site)', () => {
  it('a UEWR-class radar hosted in northern Quebec over a polar raid: tracks never lost; no member worse off', () => {
    const policy = policyOf('canada-host');
    const request: WorldRequest = {
      epoch: EPOCH,
      policy,
      raid: [
        { id: 't1', type: 'notional-solid-icbm', from: 'uzhur', to: 'Toronto', target: { id: 'toronto', nation: 'CA' }, launchTime: 0 },
        {
          id: 't2',
          type: 'notional-solid-icbm',
          from: 'kozelsk',
          to: 'New York City',
          target: { id: 'new-york', nation: 'US' },
          launchTime: 20,
        },
      ],
      radars: ['uewr-cape-cod'],
      batteries: [{ id: 'gbi-vandenberg', interceptor: 'gbi', at: '34.74,-120.57', owner: 'US', assetClass: 'midcourse', inventory: 10 }],
    };
    const without = buildWorld(request);
    const hosted = optionWorld(without, EPOCH, policy, {
      radars: [],
      hostedRadars: [{ id: 'uewr-kuujjuaq', type: 'uewr-pituffik', at: '58.1,-68.4', owner: 'US', assetClass: 'early-warning' }],
      batteries: [],
    });
    // the type's performance at the new site, listed in the policy so that its owner (and those it shares with) get its tracks
    const r = hosted.radars.find((x) => x.id === 'uewr-kuujjuaq');
    expect(r?.spec.latitude).toBeCloseTo((58.1 * Math.PI) / 180, 12);
    const type = resolveGroundRadar(findSensor(loadSensorCatalog(), 'uewr-pituffik') as Parameters<typeof resolveGroundRadar>[0]);
    expect(r?.spec).toEqual({ ...type, latitude: r?.spec.latitude, longitude: r?.spec.longitude, altitude: r?.spec.altitude });
    expect(hosted.policy.assets.some((a) => a.id === 'uewr-kuujjuaq' && a.owner === 'US')).toBe(true);
    const { earlier } = expectSensorsNeverHurt(without, hosted, 40, ['US', 'CA']);
    expect(earlier).toBeGreaterThan(0);
  });
});

describe('withholding approval removes exactly the engagements that needed it (in trials)', () => {
  // US NGIs defend Vancouver only with Canada's consent (canada-sovereign), given in 10 s here so that
  // engagements needing it happen; Seattle needs Canada's approval only where an intercept falls over Canada.
  const policy = withApprovalDelay(policyOf('canada-sovereign'), 'CA', 10);
  const request: WorldRequest = {
    epoch: EPOCH,
    policy,
    raid: [
      { id: 'm1', type: 'hwasong-17', from: 'pyongyang-sunan', to: 'Vancouver', target: { id: 'vancouver', nation: 'CA' }, launchTime: 0 },
      { id: 'm2', type: 'hwasong-17', from: 'pyongyang-sunan', to: 'Seattle', target: { id: 'seattle', nation: 'US' }, launchTime: 30 },
    ],
    radars: ['uewr-clear', 'lrdr-clear'],
    // ample rounds: no engagement competes with another for inventory, so each decision stands alone
    batteries: [{ id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 60 }],
  };
  const given = buildWorld(request);
  const withheld = optionWorld(given, EPOCH, withApprovalDelay(policy, 'CA', WITHHELD), { radars: [], batteries: [] });

  it('every trial: the assignments made without the approval are exactly those that did not need it; none that needed it remains', () => {
    const trials = 20;
    const a = runTrials(given, trials);
    const b = runTrials(withheld, trials);
    let needed = 0;
    for (let k = 0; k < trials; k++) {
      const pairs = (log: readonly EngineEvent[], world: World, keep: (e: Extract<EngineEvent, { type: 'assign' }>) => boolean): string[] =>
        log
          .filter((e): e is Extract<EngineEvent, { type: 'assign' }> => e.type === 'assign' && keep(e))
          .map((e) => `${e.object}|${e.weapon}|${e.t}`)
          .sort();
      const needsCa = (e: Extract<EngineEvent, { type: 'assign' }>) => partnerApprovalOf('CA', e) !== null;
      const before = pairs(a.logs[k], given, (e) => !needsCa(e));
      const after = pairs(b.logs[k], withheld, () => true);
      expect(after).toEqual(before);
      expect(b.outcomes[k].partnerApprovals).toBe(0);
      needed += a.outcomes[k].partnerApprovals;
    }
    expect(needed).toBeGreaterThan(0); // some engagements did need Canada: the comparison was not vacuous
  });
});

describe("a warhead's fate, read from the log", () => {
  it("counts the warheads of a missile killed in boost as 'boost-killed', not as never committed to", () => {
    const world = buildWorld({
      epoch: EPOCH,
      policy: policyOf('norad-integrated'),
      raid: [
        {
          id: 'm1',
          type: 'hwasong-17',
          from: 'pyongyang-sunan',
          to: 'Vancouver',
          target: { id: 'vancouver', nation: 'CA' },
          launchTime: 0,
        },
        { id: 'm2', type: 'hwasong-17', from: 'pyongyang-sunan', to: 'Seattle', target: { id: 'seattle', nation: 'US' }, launchTime: 30 },
      ],
      radars: [],
      batteries: [],
    });
    const ctx = outcomeContext(world, trialSummaryContext(world), 'CA');
    const warhead = (m: string) => world.objects.find((o) => o.missile === m && o.kind === 'warhead') as World['objects'][number];
    const at = { latitude: 0, longitude: 0 };
    // a space-based interceptor hits m1 in boost (nothing of it flies on); m2's warhead reaches Seattle unseen
    const log: EngineEvent[] = [
      { t: 100, type: 'fire', object: 'm1', weapon: 'sbi', owner: 'US', layer: 'space', shot: 1, plannedIntercept: 150 },
      {
        t: 150,
        type: 'intercept',
        object: 'm1',
        weapon: 'sbi',
        layer: 'space',
        shot: 1,
        hit: true,
        point: { ...at, altitude: 1e5 },
        alreadyDestroyed: false,
        acquired: true,
      },
      { t: 2000, type: 'impact', object: warhead('m2').id, kind: 'warhead', point: at, aimedAt: warhead('m2').aimedAt },
    ];
    const o = trialOutcome(ctx, 1, log);
    const n1 = world.objects.filter((x) => x.missile === 'm1' && x.kind === 'warhead').length;
    expect(o.fates.CA).toEqual({ 'boost-killed': n1 });
    expect(o.fates.US).toEqual({ unseen: world.objects.filter((x) => x.missile === 'm2' && x.kind === 'warhead').length });
    // the same log with the boost shot missing: m1's warheads were never committed to
    const missed = log.map((e) => (e.type === 'intercept' ? { ...e, hit: false } : e));
    expect(trialOutcome(ctx, 1, missed).fates.CA).toEqual({ unseen: n1 });
  });
});
