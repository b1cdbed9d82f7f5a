/**
 * A partner study's results: per option, each nation's defended population (value kept safe) with its
 * 95 % interval, per raid and summed over the raids; every other member's and the partner's change
 * against the baseline option (the first), as the mean of per-trial paired differences on the same
 * seeds; interceptors fired (by owner), leakage, engagement decisions that needed the partner's
 * approval; and what the approval delay costs (same option, approval given at once, and withheld).
 *
 * "Summed over the raids": trial k of the study is trial k (seed s + k) of every raid, so per-trial
 * sums over raids are one sample each, and intervals of sums and of paired differences come from those
 * samples (normal interval of the mean, core/analysis/intervals.ts).
 */
import { meanInterval, wilsonInterval } from '@golden-dome/core';
import type { LoadedStudy } from '@golden-dome/scenario';
import { isLever, type OptionVariant, type StudyRun, variantKey } from './study-runner.ts';
import { type TrialOutcome, WARHEAD_FATES, type WarheadFate } from './trial-outcome.ts';
import { type NationTimeResult, type TimeChanges, timeChanges, timeResult } from './study-times.ts';

export interface Estimate {
  mean: number;
  ci95: [number, number];
  n: number;
}

const r12 = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(12)) : x);

export function estimate(values: readonly number[]): Estimate {
  let sum = 0,
    sumSq = 0,
    min = Infinity,
    max = -Infinity;
  for (const v of values) {
    sum += v;
    sumSq += v * v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const m = meanInterval(values.length, sum, sumSq, min, max);
  return { mean: r12(m.mean), ci95: [r12(m.ci[0]), r12(m.ci[1])], n: m.n };
}

/** Per-trial values of one option variant, summed over the raids. */
function perTrial(run: StudyRun, key: string, f: (o: TrialOutcome) => number): number[] {
  const out = new Array<number>(run.trials).fill(0);
  for (const raid of run.raids) {
    const list = raid.outcomes.get(key);
    if (!list) continue;
    list.forEach((o, k) => {
      out[k] += f(o);
    });
  }
  return out;
}

function perTrialRaid(run: StudyRun, raid: string, key: string, f: (o: TrialOutcome) => number): number[] {
  return (run.raids.find((r) => r.name === raid)?.outcomes.get(key) ?? []).map(f);
}

const diff = (a: readonly number[], b: readonly number[]): number[] => b.map((x, k) => x - a[k]);

/** A variant's outcomes per raid (every raid, or the one named). */
const outcomeLists = (run: StudyRun, key: string, raid?: string): TrialOutcome[][] =>
  run.raids.filter((r) => raid === undefined || r.name === raid).map((r) => r.outcomes.get(key) ?? []);

export interface NationResult {
  /** Value kept safe, summed over raids, and per raid. */
  defended: Estimate;
  defendedByRaid: Record<string, Estimate>;
  /** Against the baseline option (paired, same seeds): this option minus the baseline. */
  changeVsBaseline: Estimate;
  changeByRaid: Record<string, Estimate>;
  /** Warning time, intercept margin, track to first intercept (study-times.ts): pooled over the raids, and per raid. */
  times: NationTimeResult;
  timesByRaid: Record<string, NationTimeResult>;
  /** Their paired changes against the baseline option, pooled over the raids and per raid. */
  timesChange: TimeChanges;
  timesChangeByRaid: Record<string, TimeChanges>;
}

export interface ApprovalLever {
  variant: OptionVariant;
  /** Per nation: defended population under the lever minus under the policy (paired). */
  change: Record<string, Estimate>;
  interceptorsChange: Estimate;
  /** Decisions needing the partner's approval under the lever. */
  partnerApprovals: Estimate;
  /** Per nation: the time figures under the lever, and their paired changes against the policy (pooled over the raids, and per raid). */
  times: Record<string, NationTimeResult>;
  timesChange: Record<string, TimeChanges>;
  timesChangeByRaid: Record<string, Record<string, TimeChanges>>;
}

export interface CityOutcome {
  key: string;
  name: string;
  nation: string;
  latDeg: number;
  lonDeg: number;
  /** Per raid that aims at it: probability it is hit, with the Wilson 95 % interval. */
  byRaid: Record<string, { p: number; ci95: [number, number] }>;
  /** The largest over the raids (what the map colours). */
  worst: number;
}

export interface OptionResult {
  option: string;
  nations: Record<string, NationResult>;
  interceptors: Estimate;
  interceptorsByOwner: Record<string, Estimate>;
  /** Warheads leaking per study trial (summed over raids), and as a share of the warheads. */
  leakers: Estimate;
  leakage: Estimate;
  assigns: Estimate;
  partnerApprovals: Estimate;
  /** Mean partner approval delay over the decisions that needed it [s] (null when none did). */
  partnerApprovalDelayS: number | null;
  levers: ApprovalLever[];
  cities: CityOutcome[];
}

export function studyResults(loaded: LoadedStudy, run: StudyRun): OptionResult[] {
  const { study } = loaded;
  const nations = [study.partner, ...study.members];
  const baseKey = variantKey(study.options[0].id, 'policy');
  const kept =
    (n: string) =>
    (o: TrialOutcome): number =>
      o.keptSafe[n] ?? 0;
  const baseTotals = new Map(nations.map((n) => [n, perTrial(run, baseKey, kept(n))]));
  const warheadsPerTrial = run.raids.reduce((s, r) => s + r.warheads, 0);
  return study.options.map((o) => {
    const key = variantKey(o.id, 'policy');
    const nationResults: Record<string, NationResult> = {};
    for (const n of nations) {
      const total = perTrial(run, key, kept(n));
      const defendedByRaid: Record<string, Estimate> = {};
      const changeByRaid: Record<string, Estimate> = {};
      for (const raid of run.raids) {
        if (!(n in raid.threatened)) continue;
        const mine = perTrialRaid(run, raid.name, key, kept(n));
        defendedByRaid[raid.name] = estimate(mine);
        changeByRaid[raid.name] = estimate(diff(perTrialRaid(run, raid.name, baseKey, kept(n)), mine));
      }
      const timesByRaid: Record<string, NationTimeResult> = {};
      const timesChangeByRaid: Record<string, TimeChanges> = {};
      for (const raid of run.raids) {
        if (!(n in raid.threatened)) continue;
        timesByRaid[raid.name] = timeResult(outcomeLists(run, key, raid.name), n);
        timesChangeByRaid[raid.name] = timeChanges(outcomeLists(run, baseKey, raid.name), outcomeLists(run, key, raid.name), n);
      }
      nationResults[n] = {
        defended: estimate(total),
        defendedByRaid,
        changeVsBaseline: estimate(diff(baseTotals.get(n) as number[], total)),
        changeByRaid,
        times: timeResult(outcomeLists(run, key), n),
        timesByRaid,
        timesChange: timeChanges(outcomeLists(run, baseKey), outcomeLists(run, key), n),
        timesChangeByRaid,
      };
    }
    const owners = [
      ...new Set(run.raids.flatMap((r) => (r.outcomes.get(key) ?? []).flatMap((x) => Object.keys(x.summary.shotsByOwner)))),
    ].sort();
    const interceptors = perTrial(run, key, (x) => x.summary.interceptorsFired);
    const leakers = perTrial(run, key, (x) => x.summary.warheadLeakers);
    const approvals = perTrial(run, key, (x) => x.partnerApprovals);
    const delaySum = perTrial(run, key, (x) => x.partnerDelaySum).reduce((s, x) => s + x, 0);
    const approvalCount = approvals.reduce((s, x) => s + x, 0);
    const levers: ApprovalLever[] = (run.variants.get(o.id) ?? []).filter(isLever).map((v) => {
      const k = variantKey(o.id, v);
      return {
        variant: v,
        change: Object.fromEntries(nations.map((n) => [n, estimate(diff(perTrial(run, key, kept(n)), perTrial(run, k, kept(n))))])),
        interceptorsChange: estimate(
          diff(
            interceptors,
            perTrial(run, k, (x) => x.summary.interceptorsFired),
          ),
        ),
        partnerApprovals: estimate(perTrial(run, k, (x) => x.partnerApprovals)),
        times: Object.fromEntries(nations.map((n) => [n, timeResult(outcomeLists(run, k), n)])),
        timesChange: Object.fromEntries(nations.map((n) => [n, timeChanges(outcomeLists(run, key), outcomeLists(run, k), n)])),
        timesChangeByRaid: Object.fromEntries(
          run.raids.map((r) => [
            r.name,
            Object.fromEntries(
              nations
                .filter((n) => n in r.threatened)
                .map((n) => [n, timeChanges(outcomeLists(run, key, r.name), outcomeLists(run, k, r.name), n)]),
            ),
          ]),
        ),
      };
    });
    const cities = new Map<string, CityOutcome>();
    for (const raid of run.raids) {
      const list = raid.outcomes.get(key) ?? [];
      for (const c of raid.cities) {
        const hits = list.filter((x) => x.summary.assetsHit.includes(c.key)).length;
        const w = wilsonInterval(hits, list.length);
        const city = cities.get(c.key) ?? {
          key: c.key,
          name: c.name,
          nation: c.nation,
          latDeg: c.latDeg,
          lonDeg: c.lonDeg,
          byRaid: {},
          worst: 0,
        };
        city.byRaid[raid.name] = { p: r12(w.p), ci95: [r12(w.ci[0]), r12(w.ci[1])] };
        city.worst = Math.max(city.worst, w.p);
        cities.set(c.key, city);
      }
    }
    return {
      option: o.id,
      nations: nationResults,
      interceptors: estimate(interceptors),
      interceptorsByOwner: Object.fromEntries(owners.map((w) => [w, estimate(perTrial(run, key, (x) => x.summary.shotsByOwner[w] ?? 0))])),
      leakers: estimate(leakers),
      leakage: estimate(leakers.map((x) => (warheadsPerTrial > 0 ? x / warheadsPerTrial : 0))),
      assigns: estimate(perTrial(run, key, (x) => x.assigns)),
      partnerApprovals: estimate(approvals),
      partnerApprovalDelayS: approvalCount > 0 ? r12(delaySum / approvalCount) : null,
      levers,
      cities: [...cities.values()],
    };
  });
}

/** Mean per trial of each fate of the warheads aimed at a nation's cities (trial-outcome.ts, WARHEAD_FATES). */
export type FateMeans = Partial<Record<WarheadFate, number>>;

export function fateMeans(list: readonly TrialOutcome[], nation: string): FateMeans {
  const out: FateMeans = {};
  if (list.length === 0) return out;
  for (const f of WARHEAD_FATES) {
    const sum = list.reduce((s, o) => s + (o.fates?.[nation]?.[f] ?? 0), 0);
    if (sum > 0) out[f] = r12(sum / list.length);
  }
  return out;
}

export interface CurvePoint {
  delayS: number;
  variant: OptionVariant;
  /** Per nation: defended population at this delay, and paired against the sweep's shortest delay. */
  nations: Record<string, { defended: Estimate; change: Estimate }>;
  interceptors: Estimate;
  partnerApprovals: Estimate;
  /** Per nation: what became of the warheads aimed at its cities (means per trial). */
  fates: Record<string, FateMeans>;
}

/** Time from commit to the last launch opportunity of the engagements that needed the partner's approval, when it came at once. */
export interface SlackDistribution {
  /** Engagements measured (over all trials) and per trial. */
  n: number;
  perTrial: number;
  /** Quantiles [s]; null when none was measured. */
  p10: number | null;
  median: number | null;
  p90: number | null;
  /** Per sweep delay: the fraction of those engagements whose slack is shorter (which that delay closes). */
  closedBy: Record<string, number>;
}

export interface CurveSeries {
  option: string;
  /** A raid's name, or 'all' (summed over the raids). */
  raid: string;
  points: CurvePoint[];
  /** Measured at the sweep's shortest delay. */
  slack: SlackDistribution;
  /** Per nation: the first delay whose paired loss against the shortest delay the trials resolve (interval below zero), or null. */
  costsFrom: Record<string, number | null>;
}

const quantile = (sorted: readonly number[], q: number): number | null => {
  if (sorted.length === 0) return null;
  const x = (sorted.length - 1) * q;
  const lo = Math.floor(x),
    hi = Math.ceil(x);
  return r12(sorted[lo] + (sorted[hi] - sorted[lo]) * (x - lo));
};

/** The approval sweep as curves: per option that asks for the partner's approval, per raid and summed over raids. */
export function approvalCurves(loaded: LoadedStudy, run: StudyRun): CurveSeries[] {
  const { study } = loaded;
  const nations = [study.partner, ...study.members];
  const delays = run.sweep.delays;
  const out: CurveSeries[] = [];
  if (delays.length === 0) return out;
  const order = delays.map((d, i) => ({ d, i })).sort((a, b) => a.d - b.d);
  for (const o of study.options) {
    const points = run.sweep.points.get(o.id);
    if (!points) continue;
    const variants = order.map(({ d, i }) => ({ d, v: points[i] }));
    const first = variantKey(o.id, variants[0].v);
    for (const raid of [...run.raids.map((r) => r.name), 'all']) {
      const values = (key: string, f: (x: TrialOutcome) => number): number[] =>
        raid === 'all' ? perTrial(run, key, f) : perTrialRaid(run, raid, key, f);
      const lists = (key: string): TrialOutcome[] =>
        raid === 'all'
          ? run.raids.flatMap((r) => r.outcomes.get(key) ?? [])
          : (run.raids.find((r) => r.name === raid)?.outcomes.get(key) ?? []);
      const kept =
        (n: string) =>
        (x: TrialOutcome): number =>
          x.keptSafe[n] ?? 0;
      const base = new Map(nations.map((n) => [n, values(first, kept(n))]));
      const curvePoints: CurvePoint[] = variants.map(({ d, v }) => {
        const key = variantKey(o.id, v);
        const per = Object.fromEntries(
          nations.map((n) => {
            const mine = values(key, kept(n));
            return [n, { defended: estimate(mine), change: estimate(diff(base.get(n) as number[], mine)) }];
          }),
        );
        const all = lists(key);
        // fates per trial: over raids, per-trial sums are the per-raid means added
        const fates = Object.fromEntries(
          nations.map((n) => {
            if (raid !== 'all') return [n, fateMeans(all, n)];
            const sum: FateMeans = {};
            for (const r of run.raids)
              for (const [f, m] of Object.entries(fateMeans(r.outcomes.get(key) ?? [], n)))
                sum[f as WarheadFate] = r12((sum[f as WarheadFate] ?? 0) + (m as number));
            return [n, sum];
          }),
        );
        return {
          delayS: d,
          variant: v,
          nations: per,
          interceptors: estimate(values(key, (x) => x.summary.interceptorsFired)),
          partnerApprovals: estimate(values(key, (x) => x.partnerApprovals)),
          fates,
        };
      });
      const slacks = lists(first)
        .flatMap((x) => x.partnerSlack ?? [])
        .sort((a, b) => a - b);
      const slack: SlackDistribution = {
        n: slacks.length,
        perTrial: r12(slacks.length / Math.max(1, run.trials)),
        p10: quantile(slacks, 0.1),
        median: quantile(slacks, 0.5),
        p90: quantile(slacks, 0.9),
        closedBy: Object.fromEntries(
          order.map(({ d }) => [String(d), slacks.length ? r12(slacks.filter((x) => x < d).length / slacks.length) : 0]),
        ),
      };
      const costsFrom = Object.fromEntries(
        nations.map((n) => [n, curvePoints.find((p) => p.nations[n].change.ci95[1] < 0)?.delayS ?? null]),
      );
      out.push({ option: o.id, raid, points: curvePoints, slack, costsFrom });
    }
  }
  return out;
}
