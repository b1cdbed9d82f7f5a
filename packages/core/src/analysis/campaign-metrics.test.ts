import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../engine/events.ts';
import type { World } from '../engine/world.ts';
import { addTrial, aggregateSummaries, campaignMetrics, canonicalAggregate, combine, emptyAggregate } from './campaign-metrics.ts';
import { exactAdd, exactMerge, exactValue } from './exact-sum.ts';
import { meanInterval, wilsonInterval } from './intervals.ts';
import { summarizeTrial, type TrialSummary, trialSummaryContext } from './trial-summary.ts';

describe('confidence intervals', () => {
  it('Wilson score interval, by hand (z = 1.96): 0 of 10 → [0, 0.278]; 5 of 10 → [0.237, 0.763]; 10 of 10 → [0.722, 1]', () => {
    // 0/10: centre = (0 + 1.96²/20) / (1 + 1.96²/10) = 0.19207 / 1.38415 = 0.13877; half = the same → [0, 0.2775]
    const a = wilsonInterval(0, 10);
    expect(a.p).toBe(0);
    expect(a.ci[0]).toBe(0);
    expect(a.ci[1]).toBeCloseTo(0.2775, 4);
    // 5/10: centre 0.5; half = (1.96 / 1.38415) sqrt(0.025 + 3.8415/400) = 1.41601 × 0.18601 = 0.26340
    const b = wilsonInterval(5, 10);
    expect(b.ci[0]).toBeCloseTo(0.2366, 4);
    expect(b.ci[1]).toBeCloseTo(0.7634, 4);
    const c = wilsonInterval(10, 10);
    expect(c.ci[0]).toBeCloseTo(1 - 0.2775, 4);
    expect(c.ci[1]).toBe(1);
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
  });

  it('mean interval with the sample standard deviation, by hand: values 1, 2, 3, 4 → 2.5 ± 1.96 × 1.29099 / 2', () => {
    // s² = ((1-2.5)² + (2-2.5)² + (3-2.5)² + (4-2.5)²) / 3 = 5/3, s = 1.290994; half = 1.959964 × 1.290994 / 2 = 1.265151
    const m = meanInterval(4, 10, 30, 1, 4);
    expect(m.mean).toBe(2.5);
    expect(m.sd).toBeCloseTo(1.290994, 6);
    expect(m.halfWidth).toBeCloseTo(1.265151, 6);
    expect(m.ci[0]).toBeCloseTo(1.234849, 6);
    expect(m.ci[1]).toBeCloseTo(3.765151, 6);
    // one value: no spread, the point itself
    expect(meanInterval(1, 7, 49, 7, 7).ci).toEqual([7, 7]);
  });
});

describe('exact sums', () => {
  it('adds without rounding error in any order: 1e16 + 1 - 1e16 = 1, 0.1 × 10 = 1', () => {
    expect(exactValue(exactAdd(exactAdd(exactAdd([], 1e16), 1), -1e16))).toBe(1);
    const p: number[] = [];
    for (let i = 0; i < 10; i++) exactAdd(p, 0.1);
    expect(exactValue(p)).toBe(1); // a naive loop gives 0.9999999999999999
  });

  it('merging parts gives the same partials whatever the split and order', () => {
    const xs = Array.from({ length: 200 }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 7) - 3));
    const whole = exactMerge(
      [],
      xs.reduce((p, x) => exactAdd(p, x), [] as number[]),
    );
    const parts = [xs.slice(0, 37), xs.slice(37, 150), xs.slice(150)].map((ys) => ys.reduce((p, x) => exactAdd(p, x), [] as number[]));
    expect(exactMerge(exactMerge(parts[0], parts[1]), parts[2])).toEqual(whole);
    expect(exactMerge(parts[2], exactMerge(parts[1], parts[0]))).toEqual(whole);
  });
});

/** A synthetic summary (seed-dependent numbers) for aggregation tests. */
function fake(seed: number): TrialSummary {
  const leak = seed % 3;
  return {
    seed,
    warheads: 4,
    decoys: 8,
    warheadLeakers: leak,
    decoyLeakers: seed % 2,
    warheadsDestroyed: 4 - leak,
    decoysDestroyed: 8 - (seed % 2),
    shotsAtDecoys: 0,
    interceptorsFired: 10 + (seed % 5),
    valueHit: leak * 4_000_123.5,
    valueThreatened: 2e7,
    valueKeptSafe: 2e7 - leak * 4_000_123.5,
    assetsHit: leak > 0 ? ['US/seattle'] : [],
    warheadKillsByLayer: seed % 4 === 0 ? { space: 1, midcourse: 3 - leak } : { midcourse: 4 - leak },
    decoyKillsByLayer: { midcourse: 8 - (seed % 2) },
    shotsByType: { ngi: 6, gbi: 4 + (seed % 5) },
    shotsByLayer: { midcourse: 10 + (seed % 5) },
    shotsByOwner: seed % 2 ? { US: 10 + (seed % 5) } : { US: 9 + (seed % 5), CA: 1 },
    firstDetection: 600 + seed * 0.37,
    firstShot: seed % 5 === 0 ? null : 700 + Math.sqrt(seed),
    detectionToFirstShot: seed % 5 === 0 ? null : 100 + Math.sqrt(seed) - seed * 0.37,
    meanApprovalDelay: (seed % 7) * 1.1,
  };
}

describe('campaign aggregates', () => {
  const summaries = Array.from({ length: 60 }, (_, i) => fake(i + 1));

  it('combine() is exact: any split and merge order gives the identical aggregate and metrics', () => {
    const whole = aggregateSummaries(summaries);
    const a = aggregateSummaries(summaries.slice(0, 13));
    const b = aggregateSummaries(summaries.slice(13, 41));
    const c = aggregateSummaries(summaries.slice(41));
    expect(combine(combine(a, b), c)).toEqual(whole);
    expect(combine(a, combine(b, c))).toEqual(whole);
    expect(combine(c, combine(a, b))).toEqual(whole);
    expect(combine(emptyAggregate(), whole)).toEqual(whole);
    // interleaved (as dynamic scheduling would do it), reversed
    const odd = aggregateSummaries(summaries.filter((s) => s.seed % 2 === 1).reverse());
    const even = aggregateSummaries(summaries.filter((s) => s.seed % 2 === 0));
    expect(JSON.stringify(combine(even, odd))).toBe(JSON.stringify(whole));
    expect(campaignMetrics(combine(even, odd), 2e7)).toEqual(campaignMetrics(whole, 2e7));
  });

  it('the metrics are the sample statistics of the trials', () => {
    const m = campaignMetrics(aggregateSummaries(summaries), 2e7);
    const leak = summaries.map((s) => s.warheadLeakers);
    const mean = leak.reduce((x, y) => x + y) / leak.length;
    const sd = Math.sqrt(leak.reduce((x, y) => x + (y - mean) ** 2, 0) / (leak.length - 1));
    expect(m.trials).toBe(60);
    expect(m.expectedLeakers.mean).toBeCloseTo(mean, 12);
    expect(m.expectedLeakers.sd).toBeCloseTo(sd, 12);
    expect(m.leakage.mean).toBeCloseTo(mean / 4, 12);
    expect(m.pZeroLeakers.successes).toBe(20);
    expect(m.pZeroLeakers.ci).toEqual(wilsonInterval(20, 60).ci);
    // kills by layer: 'space' appears in a quarter of trials, its mean over all trials, min 0
    expect(m.byLayer.space.warheads.mean).toBeCloseTo(15 / 60, 12);
    expect(m.byLayer.space.warheads.min).toBe(0);
    expect(m.interceptors.byOwner.CA.mean).toBeCloseTo(0.5, 12);
    expect(m.interceptors.byType.ngi.mean).toBe(6);
    expect(m.interceptors.byType.ngi.sd).toBe(0);
    // optional timeline values average over the trials that have them
    expect(m.timeline.firstShot.n).toBe(48);
    expect(m.defended.threatened).toBe(2e7);
    expect(m.defended.hit.mean + m.defended.keptSafe.mean).toBeCloseTo(2e7, 6);
  });

  it('P(struck) per threatened asset: trials in which a warhead reached it, with the Wilson interval, zero for the untouched', () => {
    const threatened = [
      { key: 'US/portland', nation: 'US', id: 'portland', value: 650_000 },
      { key: 'US/seattle', nation: 'US', id: 'seattle', name: 'Seattle', value: 750_000 },
    ];
    const whole = campaignMetrics(aggregateSummaries(summaries), 2e7, undefined, threatened);
    const leaking = summaries.filter((s) => s.warheadLeakers > 0).length;
    expect(leaking).toBeGreaterThan(0);
    expect(leaking).toBeLessThan(60);
    // most likely struck first; the asset no warhead reached stays in the table at 0 with its upper bound
    expect(whole.defended.byAsset?.map((a) => a.id)).toEqual(['seattle', 'portland']);
    expect(whole.defended.byAsset?.[0].struck).toEqual(wilsonInterval(leaking, 60));
    expect(whole.defended.byAsset?.[1].struck).toEqual(wilsonInterval(0, 60));
    // and the split of trials between workers does not change it
    const parts = combine(aggregateSummaries(summaries.slice(30)), aggregateSummaries(summaries.slice(0, 30)));
    expect(campaignMetrics(parts, 2e7, undefined, threatened)).toEqual(whole);
    expect(campaignMetrics(aggregateSummaries(summaries), 2e7).defended.byAsset).toBeUndefined();
  });

  it('canonicalAggregate() of addTrial in any order equals the aggregate', () => {
    const agg = emptyAggregate();
    for (const s of [...summaries].reverse()) addTrial(agg, s);
    expect(canonicalAggregate(agg)).toEqual(aggregateSummaries(summaries));
  });
});

describe('trial summary', () => {
  // A hand-made world and log: missile m1 (rv + decoy) killed in boost by a space layer; m2's rv leaks
  // on Seattle after two missed midcourse shots; m2's decoy is killed in midcourse.
  const world = {
    objects: [
      { id: 'm1/rv0', kind: 'warhead', aimedAt: { nation: 'US', id: 'seattle' } },
      { id: 'm1/decoy1', kind: 'decoy', aimedAt: { nation: 'US', id: 'seattle' } },
      { id: 'm2/rv0', kind: 'warhead', aimedAt: { nation: 'US', id: 'seattle' } },
      { id: 'm2/decoy1', kind: 'decoy', aimedAt: { nation: 'US', id: 'seattle' } },
      { id: 'm3/rv0', kind: 'warhead', aimedAt: { nation: 'US', id: 'anchorage' } },
    ],
    missiles: [
      { id: 'm1', objects: ['m1/rv0', 'm1/decoy1'] },
      { id: 'm2', objects: ['m2/rv0', 'm2/decoy1'] },
      { id: 'm3', objects: ['m3/rv0'] },
    ],
    defended: [
      { id: 'seattle', nation: 'US', value: 4e6 },
      { id: 'anchorage', nation: 'US', value: 3e5 },
    ],
  } as unknown as World;
  const p = { latitude: 0, longitude: 0, altitude: 0 };
  const log: EngineEvent[] = [
    { t: 0, type: 'launch', missile: 'm1', objects: ['m1/rv0', 'm1/decoy1'], site: p },
    { t: 60, type: 'assign', object: 'm1', weapon: 'sbi', owner: 'US', nation: 'US', approvalDelay: 0, approvals: [], reason: '' },
    { t: 70, type: 'fire', object: 'm1', weapon: 'sbi#12', owner: 'US', layer: 'space', shot: 1, plannedIntercept: 200 },
    { t: 70, type: 'fire', object: 'm1', weapon: 'sbi#40', owner: 'US', layer: 'space', shot: 2, plannedIntercept: 210 },
    { t: 200, type: 'intercept', object: 'm1', weapon: 'sbi#12', layer: 'space', shot: 1, hit: true, point: p, alreadyDestroyed: false },
    { t: 210, type: 'intercept', object: 'm1', weapon: 'sbi#40', layer: 'space', shot: 2, hit: true, point: p, alreadyDestroyed: true },
    { t: 900, type: 'detect', object: 'm2/rv0', sensor: 'r', owner: 'US' },
    {
      t: 1000,
      type: 'assign',
      object: 'm2/rv0',
      weapon: 'gbi-v',
      owner: 'US',
      nation: 'US',
      approvalDelay: 30,
      approvals: [{ nation: 'CA', delay: 30 }],
      reason: '',
    },
    { t: 1000, type: 'fire', object: 'm2/rv0', weapon: 'gbi-v', owner: 'US', layer: 'midcourse', shot: 1, plannedIntercept: 1300 },
    { t: 1010, type: 'fire', object: 'm2/decoy1', weapon: 'ngi-fg', owner: 'CA', layer: 'midcourse', shot: 1, plannedIntercept: 1300 },
    {
      t: 1300,
      type: 'intercept',
      object: 'm2/rv0',
      weapon: 'gbi-v',
      layer: 'midcourse',
      shot: 1,
      hit: false,
      point: p,
      alreadyDestroyed: false,
    },
    {
      t: 1300,
      type: 'intercept',
      object: 'm2/decoy1',
      weapon: 'ngi-fg',
      layer: 'midcourse',
      shot: 1,
      hit: true,
      point: p,
      alreadyDestroyed: false,
    },
    { t: 1900, type: 'impact', object: 'm2/rv0', kind: 'warhead', point: p, aimedAt: { nation: 'US', id: 'seattle' } },
    { t: 1950, type: 'impact', object: 'm3/rv0', kind: 'warhead', point: p, aimedAt: { nation: 'US', id: 'anchorage' } },
  ];

  it("counts leakers, kills per layer (a boost kill takes the missile's objects), shots by type, layer and owner, value and timeline", () => {
    const s = summarizeTrial(trialSummaryContext(world, { 'gbi-v': 'gbi', 'ngi-fg': 'ngi' }), 5, log);
    expect(s).toMatchObject({
      seed: 5,
      warheads: 3,
      decoys: 2,
      warheadLeakers: 2,
      decoyLeakers: 0,
      warheadsDestroyed: 1,
      decoysDestroyed: 2,
      interceptorsFired: 4,
      warheadKillsByLayer: { space: 1 },
      decoyKillsByLayer: { space: 1, midcourse: 1 },
      shotsByType: { sbi: 2, gbi: 1, ngi: 1 },
      shotsByLayer: { space: 2, midcourse: 2 },
      shotsByOwner: { US: 3, CA: 1 },
      valueHit: 4.3e6,
      valueThreatened: 4.3e6,
      valueKeptSafe: 0,
      firstDetection: 900,
      firstShot: 70,
      detectionToFirstShot: 100,
      meanApprovalDelay: 15,
    });
  });
});
