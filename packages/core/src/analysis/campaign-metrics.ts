import { type ExactSum, exactAdd, exactMerge, exactValue } from './exact-sum.ts';
import { type MeanEstimate, meanInterval, type ProportionEstimate, wilsonInterval } from './intervals.ts';
import type { ThreatenedAsset, TrialSummary } from './trial-summary.ts';

/**
 * Campaign metrics: trial summaries aggregated into mergeable sums, and the sums turned into estimates
 * with 95 % confidence intervals (intervals.ts).
 *
 * An aggregate is plain data (structured-cloneable): counts, exact sums and exact sums of squares
 * (exact-sum.ts), minima and maxima. combine() merges two aggregates exactly, so it is associative and
 * commutative: the aggregate of a set of trials is the same (structurally, byte for byte as JSON)
 * whichever worker ran which trial and in whatever order the parts were merged.
 *
 * Series are keyed by name. A "count" series (leakers, kills per layer, shots per type…) is 0 in a
 * trial that does not mention it, so its mean is over every trial; an "optional" series (timeline
 * values that may be undefined in a trial) is averaged over the trials that have it.
 */
export interface Moments {
  /** Trials that contributed a value (for a count series, those where it was mentioned). */
  n: number;
  sum: ExactSum;
  sumSq: ExactSum;
  min: number;
  max: number;
}

export interface CampaignAggregate {
  trials: number;
  /** Trials without a warhead leaker. */
  zeroLeakerTrials: number;
  counts: Record<string, Moments>;
  optional: Record<string, Moments>;
}

export function emptyAggregate(): CampaignAggregate {
  return { trials: 0, zeroLeakerTrials: 0, counts: {}, optional: {} };
}

function emptyMoments(): Moments {
  return { n: 0, sum: [], sumSq: [], min: Infinity, max: -Infinity };
}

function addValue(m: Moments, x: number): void {
  m.n++;
  exactAdd(m.sum, x);
  exactAdd(m.sumSq, x * x);
  if (x < m.min) m.min = x;
  if (x > m.max) m.max = x;
}

function mergeMoments(a: Moments | undefined, b: Moments | undefined): Moments {
  const x = a ?? emptyMoments();
  const y = b ?? emptyMoments();
  return {
    n: x.n + y.n,
    sum: exactMerge(x.sum, y.sum),
    sumSq: exactMerge(x.sumSq, y.sumSq),
    min: Math.min(x.min, y.min),
    max: Math.max(x.max, y.max),
  };
}

/** Series names (stable: they are results.json and trials.csv vocabulary). */
export const SERIES = {
  warheadLeakers: 'warhead_leakers',
  decoyLeakers: 'decoy_leakers',
  warheadsDestroyed: 'warheads_destroyed',
  decoysDestroyed: 'decoys_destroyed',
  interceptorsFired: 'interceptors_fired',
  valueHit: 'value_hit',
  valueKeptSafe: 'value_kept_safe',
  leakage: 'leakage',
  detectionToFirstShot: 'detection_to_first_shot_s',
  firstDetection: 'first_detection_s',
  firstShot: 'first_shot_s',
  meanApprovalDelay: 'mean_approval_delay_s',
} as const;

/** The flat values of one trial: [series, value] for count series and optional series. */
export function summaryValues(s: TrialSummary): { counts: Array<[string, number]>; optional: Array<[string, number | null]> } {
  const counts: Array<[string, number]> = [
    [SERIES.warheadLeakers, s.warheadLeakers],
    [SERIES.decoyLeakers, s.decoyLeakers],
    [SERIES.warheadsDestroyed, s.warheadsDestroyed],
    [SERIES.decoysDestroyed, s.decoysDestroyed],
    [SERIES.interceptorsFired, s.interceptorsFired],
    [SERIES.valueHit, s.valueHit],
    [SERIES.valueKeptSafe, s.valueKeptSafe],
  ];
  const keyed = (prefix: string, m: Record<string, number>): void => {
    for (const k of Object.keys(m).sort()) counts.push([`${prefix}.${k}`, m[k]]);
  };
  keyed('warhead_kills', s.warheadKillsByLayer);
  keyed('decoy_kills', s.decoyKillsByLayer);
  keyed('shots_type', s.shotsByType);
  keyed('shots_layer', s.shotsByLayer);
  keyed('shots_owner', s.shotsByOwner);
  // 1 in a trial where a warhead reached the asset: the series' count of trials is the asset's times struck
  keyed('struck', Object.fromEntries(s.assetsHit.map((k) => [k, 1])));
  const optional: Array<[string, number | null]> = [
    [SERIES.leakage, s.warheads > 0 ? s.warheadLeakers / s.warheads : null],
    [SERIES.firstDetection, s.firstDetection],
    [SERIES.firstShot, s.firstShot],
    [SERIES.detectionToFirstShot, s.detectionToFirstShot],
    [SERIES.meanApprovalDelay, s.meanApprovalDelay],
  ];
  return { counts, optional };
}

/** Adds one trial to an aggregate (in place) and returns it. */
export function addTrial(agg: CampaignAggregate, s: TrialSummary): CampaignAggregate {
  agg.trials++;
  if (s.warheadLeakers === 0) agg.zeroLeakerTrials++;
  const v = summaryValues(s);
  for (const [k, x] of v.counts) {
    if (x === 0) continue; // a zero adds nothing to the sums; min/max account for absent zeros
    addValue((agg.counts[k] ??= emptyMoments()), x);
  }
  for (const [k, x] of v.optional) if (x !== null) addValue((agg.optional[k] ??= emptyMoments()), x);
  return agg;
}

/** a + b, exactly (associative and commutative; canonical form, keys sorted). */
export function combine(a: CampaignAggregate, b: CampaignAggregate): CampaignAggregate {
  const merge = (x: Record<string, Moments>, y: Record<string, Moments>): Record<string, Moments> => {
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
    return Object.fromEntries(keys.map((k) => [k, mergeMoments(x[k], y[k])]));
  };
  return {
    trials: a.trials + b.trials,
    zeroLeakerTrials: a.zeroLeakerTrials + b.zeroLeakerTrials,
    counts: merge(a.counts, b.counts),
    optional: merge(a.optional, b.optional),
  };
}

/** An aggregate in canonical form (what combine returns), e.g. after addTrial. */
export function canonicalAggregate(a: CampaignAggregate): CampaignAggregate {
  return combine(emptyAggregate(), a);
}

/** The mean of a count series over every trial (absent = 0 in the trials that did not mention it). */
export function countEstimate(agg: CampaignAggregate, key: string): MeanEstimate {
  const m = agg.counts[key] ?? emptyMoments();
  const zeros = agg.trials - m.n;
  const min = zeros > 0 ? Math.min(0, m.min) : m.min;
  const max = zeros > 0 ? Math.max(0, m.max) : m.max;
  return meanInterval(agg.trials, exactValue(m.sum), exactValue(m.sumSq), min, max);
}

/** The mean of an optional series over the trials that have it. */
export function optionalEstimate(agg: CampaignAggregate, key: string): MeanEstimate {
  const m = agg.optional[key] ?? emptyMoments();
  return meanInterval(m.n, exactValue(m.sum), exactValue(m.sumSq), m.min, m.max);
}

export interface CampaignMetrics {
  trials: number;
  /** Probability that no warhead leaks (Wilson interval). */
  pZeroLeakers: ProportionEstimate;
  /** Warheads that leak per trial. */
  expectedLeakers: MeanEstimate;
  /** Share of the raid's warheads that leak. */
  leakage: MeanEstimate;
  decoyLeakers: MeanEstimate;
  warheadsDestroyed: MeanEstimate;
  decoysDestroyed: MeanEstimate;
  /** Warheads and decoys destroyed per trial, by layer (asset class). */
  byLayer: Record<string, { warheads: MeanEstimate; decoys: MeanEstimate }>;
  interceptors: {
    total: MeanEstimate;
    byType: Record<string, MeanEstimate>;
    byLayer: Record<string, MeanEstimate>;
    byOwner: Record<string, MeanEstimate>;
  };
  defended: {
    /** Value (population) of the distinct defended assets the raid aims at (the same in every trial). */
    threatened: number;
    /** Every defended asset of the world (policy and scenario lists merged) and their total value, when given. */
    assets?: number;
    totalValue?: number;
    /** Sum over leaking warheads of their target's value. */
    hit: MeanEstimate;
    /** Value of the threatened assets no warhead reached. */
    keptSafe: MeanEstimate;
    /**
     * Each threatened asset's probability of being struck by at least one warhead (Wilson interval),
     * most likely first (then by value), when the caller gave the threatened assets.
     */
    byAsset?: Array<ThreatenedAsset & { struck: ProportionEstimate }>;
  };
  timeline: {
    firstDetection: MeanEstimate;
    firstShot: MeanEstimate;
    detectionToFirstShot: MeanEstimate;
    meanApprovalDelay: MeanEstimate;
  };
}

function keyedEstimates(agg: CampaignAggregate, prefix: string): Record<string, MeanEstimate> {
  const p = `${prefix}.`;
  const keys = Object.keys(agg.counts)
    .filter((k) => k.startsWith(p))
    .map((k) => k.slice(p.length))
    .sort();
  return Object.fromEntries(keys.map((k) => [k, countEstimate(agg, `${p}${k}`)]));
}

/**
 * The campaign's estimates with 95 % intervals. `valueThreatened` is the world's (from the trial
 * summaries' context); pass it to report it alongside value hit and kept safe.
 */
export function campaignMetrics(
  agg: CampaignAggregate,
  valueThreatened = NaN,
  defendedAssets?: { count: number; totalValue: number },
  threatened?: readonly ThreatenedAsset[],
): CampaignMetrics {
  const layers = [
    ...new Set(
      Object.keys(agg.counts)
        .filter((k) => k.startsWith('warhead_kills.') || k.startsWith('decoy_kills.'))
        .map((k) => k.slice(k.indexOf('.') + 1)),
    ),
  ].sort();
  return {
    trials: agg.trials,
    pZeroLeakers: wilsonInterval(agg.zeroLeakerTrials, agg.trials),
    expectedLeakers: countEstimate(agg, SERIES.warheadLeakers),
    leakage: optionalEstimate(agg, SERIES.leakage),
    decoyLeakers: countEstimate(agg, SERIES.decoyLeakers),
    warheadsDestroyed: countEstimate(agg, SERIES.warheadsDestroyed),
    decoysDestroyed: countEstimate(agg, SERIES.decoysDestroyed),
    byLayer: Object.fromEntries(
      layers.map((l) => [l, { warheads: countEstimate(agg, `warhead_kills.${l}`), decoys: countEstimate(agg, `decoy_kills.${l}`) }]),
    ),
    interceptors: {
      total: countEstimate(agg, SERIES.interceptorsFired),
      byType: keyedEstimates(agg, 'shots_type'),
      byLayer: keyedEstimates(agg, 'shots_layer'),
      byOwner: keyedEstimates(agg, 'shots_owner'),
    },
    defended: {
      threatened: valueThreatened,
      hit: countEstimate(agg, SERIES.valueHit),
      keptSafe: countEstimate(agg, SERIES.valueKeptSafe),
      ...(defendedAssets ? { assets: defendedAssets.count, totalValue: defendedAssets.totalValue } : {}),
      ...(threatened ? { byAsset: struckByAsset(agg, threatened) } : {}),
    },
    timeline: {
      firstDetection: optionalEstimate(agg, SERIES.firstDetection),
      firstShot: optionalEstimate(agg, SERIES.firstShot),
      detectionToFirstShot: optionalEstimate(agg, SERIES.detectionToFirstShot),
      meanApprovalDelay: optionalEstimate(agg, SERIES.meanApprovalDelay),
    },
  };
}

/** P(struck) of each threatened asset: the trials in which a warhead reached it, out of all trials. */
function struckByAsset(
  agg: CampaignAggregate,
  threatened: readonly ThreatenedAsset[],
): Array<ThreatenedAsset & { struck: ProportionEstimate }> {
  return threatened
    .map((a) => ({ ...a, struck: wilsonInterval(agg.counts[`struck.${a.key}`]?.n ?? 0, agg.trials) }))
    .sort((x, y) => y.struck.p - x.struck.p || y.value - x.value || (x.key < y.key ? -1 : 1));
}

/** Aggregates summaries (any order) into canonical form. */
export function aggregateSummaries(summaries: Iterable<TrialSummary>): CampaignAggregate {
  const agg = emptyAggregate();
  for (const s of summaries) addTrial(agg, s);
  return canonicalAggregate(agg);
}
