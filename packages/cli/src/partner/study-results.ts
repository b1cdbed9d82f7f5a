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
import { type OptionVariant, type StudyRun, variantKey } from './study-runner.ts';
import type { TrialOutcome } from './trial-outcome.ts';

export interface Estimate {
  mean: number;
  ci95: [number, number];
  n: number;
}

const r12 = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(12)) : x);

export function estimate(values: readonly number[]): Estimate {
  let sum = 0, sumSq = 0, min = Infinity, max = -Infinity;
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
    list.forEach((o, k) => { out[k] += f(o); });
  }
  return out;
}

function perTrialRaid(run: StudyRun, raid: string, key: string, f: (o: TrialOutcome) => number): number[] {
  return (run.raids.find((r) => r.name === raid)?.outcomes.get(key) ?? []).map(f);
}

const diff = (a: readonly number[], b: readonly number[]): number[] => b.map((x, k) => x - a[k]);

export interface NationResult {
  /** Value kept safe, summed over raids, and per raid. */
  defended: Estimate;
  defendedByRaid: Record<string, Estimate>;
  /** Against the baseline option (paired, same seeds): this option minus the baseline. */
  changeVsBaseline: Estimate;
  changeByRaid: Record<string, Estimate>;
}

export interface ApprovalLever {
  variant: Exclude<OptionVariant, 'policy'>;
  /** Per nation: defended population under the lever minus under the policy (paired). */
  change: Record<string, Estimate>;
  interceptorsChange: Estimate;
  /** Decisions needing the partner's approval under the lever. */
  partnerApprovals: Estimate;
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
  const kept = (n: string) => (o: TrialOutcome): number => o.keptSafe[n] ?? 0;
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
      nationResults[n] = { defended: estimate(total), defendedByRaid, changeVsBaseline: estimate(diff(baseTotals.get(n) as number[], total)), changeByRaid };
    }
    const owners = [...new Set(run.raids.flatMap((r) => (r.outcomes.get(key) ?? []).flatMap((x) => Object.keys(x.summary.shotsByOwner))))].sort();
    const interceptors = perTrial(run, key, (x) => x.summary.interceptorsFired);
    const leakers = perTrial(run, key, (x) => x.summary.warheadLeakers);
    const approvals = perTrial(run, key, (x) => x.partnerApprovals);
    const delaySum = perTrial(run, key, (x) => x.partnerDelaySum).reduce((s, x) => s + x, 0);
    const approvalCount = approvals.reduce((s, x) => s + x, 0);
    const levers: ApprovalLever[] = (run.variants.get(o.id) ?? []).filter((v): v is Exclude<OptionVariant, 'policy'> => v !== 'policy').map((v) => {
      const k = variantKey(o.id, v);
      return {
        variant: v,
        change: Object.fromEntries(nations.map((n) => [n, estimate(diff(perTrial(run, key, kept(n)), perTrial(run, k, kept(n))))])),
        interceptorsChange: estimate(diff(interceptors, perTrial(run, k, (x) => x.summary.interceptorsFired))),
        partnerApprovals: estimate(perTrial(run, k, (x) => x.partnerApprovals)),
      };
    });
    const cities = new Map<string, CityOutcome>();
    for (const raid of run.raids) {
      const list = raid.outcomes.get(key) ?? [];
      for (const c of raid.cities) {
        const hits = list.filter((x) => x.summary.assetsHit.includes(c.key)).length;
        const w = wilsonInterval(hits, list.length);
        const city = cities.get(c.key) ?? { key: c.key, name: c.name, nation: c.nation, latDeg: c.latDeg, lonDeg: c.lonDeg, byRaid: {}, worst: 0 };
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
