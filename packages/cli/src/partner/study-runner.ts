/**
 * Runs a partner study: every option (and, where the partner's approval matters under it, the same
 * option with approval given at once and with approval withheld) against every reference raid, on
 * the same seeds (common random numbers). Each raid's world is built once (its flights are the slow
 * part) and every option is laid over it (scenario/src/partner/option-world.ts).
 */
import type { CoalitionPolicy, World } from '@golden-dome/core';
import {
  approvalDelayOf, approvalRulesOf, buildScenarioWorld, type LoadedStudy, type OptionWindowCache, optionWorld, raidPolicy, WITHHELD, withApprovalDelay,
} from '@golden-dome/scenario';
import { weaponTypesOf } from '../campaign/scenario-source.ts';
import type { TrialOutcome } from './trial-outcome.ts';
import { TrialPool } from '@golden-dome/pool';
import { type PoolProgress, runRaid } from './trial-pool.ts';

/**
 * The option as written ('policy'), and the levers run beside it on the same seeds: the partner's
 * approval given at once or never given, and the option without the radars it adds.
 */
export type OptionVariant = 'policy' | 'no-delay' | 'withheld' | 'without-added-radars';
export const VARIANT_LABELS: Readonly<Record<OptionVariant, string>> = {
  policy: 'as the policy says',
  'no-delay': 'approval given at once (delay 0)',
  withheld: 'approval withheld',
  'without-added-radars': "without the option's added radars",
};

export interface StudyCity {
  /** `${nation}/${id}` */
  key: string;
  id: string;
  name: string;
  nation: string;
  value: number;
  latDeg: number;
  lonDeg: number;
}

export interface RaidRecord {
  name: string;
  file: string;
  buildSeconds: number;
  warheads: number;
  /** Defended assets the raid aims at, with where its warheads land. */
  cities: StudyCity[];
  /** Per nation: the value the raid aims at. */
  threatened: Record<string, number>;
  /** `${option}|${variant}` → outcomes in seed order. */
  outcomes: Map<string, TrialOutcome[]>;
}

export interface StudyRun {
  trials: number;
  seed: number;
  workers: number;
  seconds: number;
  /** Variants run per option (always 'policy' first). */
  variants: Map<string, OptionVariant[]>;
  /** Per option: the rules under which the partner's approval is asked. */
  approvalRules: Map<string, string[]>;
  /** Per option: the partner's approval delay under its policy [s]. */
  approvalDelay: Map<string, number>;
  raids: RaidRecord[];
}

export interface StudyRunOptions {
  trials: number;
  seed: number;
  workers: number;
  signal?: AbortSignal;
  onRaidStart?: (raid: string, index: number, of: number) => void;
  onBuilt?: (raid: string, seconds: number) => void;
  onProgress?: (raid: string, p: PoolProgress) => void;
}

export const variantKey = (option: string, variant: OptionVariant): string => `${option}|${variant}`;

/** The variants an option runs: the approval levers only where the partner's approval is asked for. */
export function variantsOf(policy: CoalitionPolicy, partner: string, measureAddedRadars = false): OptionVariant[] {
  const out: OptionVariant[] = ['policy'];
  if (approvalRulesOf(policy, partner).length > 0) {
    if (approvalDelayOf(policy, partner) > 0) out.push('no-delay');
    out.push('withheld');
  }
  if (measureAddedRadars) out.push('without-added-radars');
  return out;
}

export function variantPolicy(policy: CoalitionPolicy, partner: string, v: OptionVariant): CoalitionPolicy {
  if (v === 'policy' || v === 'without-added-radars') return policy;
  return withApprovalDelay(policy, partner, v === 'withheld' ? WITHHELD : 0);
}

/** Defended assets a world's raid aims at, placed at the first warhead's impact point. */
export function citiesOf(world: World): StudyCity[] {
  const out = new Map<string, StudyCity>();
  for (const o of world.objects) {
    if (o.kind !== 'warhead') continue;
    const key = `${o.aimedAt.nation}/${o.aimedAt.id ?? ''}`;
    if (out.has(key)) continue;
    const d = world.defended.find((x) => x.nation === o.aimedAt.nation && x.id === o.aimedAt.id);
    out.set(key, {
      key, id: o.aimedAt.id ?? '', name: d?.name ?? o.aimedAt.id ?? key, nation: o.aimedAt.nation, value: d?.value ?? 0,
      latDeg: (o.impactPoint.latitude * 180) / Math.PI, lonDeg: (o.impactPoint.longitude * 180) / Math.PI,
    });
  }
  return [...out.values()];
}

export async function runStudy(loaded: LoadedStudy, options: StudyRunOptions): Promise<StudyRun> {
  const t0 = performance.now();
  const { study } = loaded;
  const partner = study.partner;
  const variants = new Map<string, OptionVariant[]>();
  const approvalRules = new Map<string, string[]>();
  const approvalDelay = new Map<string, number>();
  for (const o of study.options) {
    const policy = loaded.policies.get(o.id) as CoalitionPolicy;
    variants.set(o.id, variantsOf(policy, partner, o.measure_added_radars && o.add.radars.length + o.add.hosted_radars.length > 0));
    approvalRules.set(o.id, approvalRulesOf(policy, partner));
    approvalDelay.set(o.id, approvalDelayOf(policy, partner));
  }
  const pool = new TrialPool({ threads: options.workers });
  const raids: RaidRecord[] = [];
  try {
    for (const [i, raid] of loaded.raids.entries()) {
      options.onRaidStart?.(raid.name, i, loaded.raids.length);
      const b0 = performance.now();
      const base = buildScenarioWorld(raid.scenario);
      const cache: OptionWindowCache = new Map();
      const worlds = study.options.flatMap((o) => {
        const policy = raidPolicy(loaded.policies.get(o.id) as CoalitionPolicy, raid.scenario);
        const add = {
          radars: o.add.radars,
          hostedRadars: o.add.hosted_radars.map((h) => ({ id: h.id, type: h.type, at: h.at, owner: h.owner, assetClass: h.class, facesAzimuthDeg: h.faces_azimuth_deg })),
          batteries: o.add.batteries.map((b) => ({ id: b.id, interceptor: b.interceptor, at: b.at, owner: b.owner, assetClass: b.class, inventory: b.inventory })),
        };
        const weaponTypes = { ...weaponTypesOf(raid.scenario.request), ...Object.fromEntries(add.batteries.map((b) => [b.id, b.interceptor])) };
        return (variants.get(o.id) as OptionVariant[]).map((v) => ({
          key: variantKey(o.id, v), weaponTypes,
          world: optionWorld(base, raid.scenario.request.epoch, variantPolicy(policy, partner, v), v === 'without-added-radars' ? { ...add, radars: [], hostedRadars: [] } : add, cache),
        }));
      });
      const buildSeconds = (performance.now() - b0) / 1000;
      options.onBuilt?.(raid.name, buildSeconds);
      const first = worlds[0].world;
      const cities = citiesOf(first);
      const threatened: Record<string, number> = {};
      for (const c of cities) threatened[c.nation] = (threatened[c.nation] ?? 0) + c.value;
      const outcomes = await runRaid(pool, {
        raid: raid.name, worlds, partner, seed: options.seed, trials: options.trials, signal: options.signal,
        onProgress: (p) => options.onProgress?.(raid.name, p),
      });
      raids.push({ name: raid.name, file: raid.file, buildSeconds, warheads: first.objects.filter((o) => o.kind === 'warhead').length, cities, threatened, outcomes });
    }
  } finally {
    await pool.close();
  }
  return { trials: options.trials, seed: options.seed, workers: pool.threads, seconds: (performance.now() - t0) / 1000, variants, approvalRules, approvalDelay, raids };
}
