/**
 * Runs a partner study: every option (and, where the partner's approval matters under it, the same
 * option with approval given at once, withheld, and taking each delay of the study's sweep) against
 * every reference raid, on the same seeds (common random numbers). Each raid's world is built once (its
 * flights are the slow part) and every option is laid over it (scenario/src/partner/option-world.ts);
 * each option's world is built once per raid and its approval variants and removals are overlays on it
 * (a policy with another delay, a world without named assets), never a rebuild.
 */
import type { CoalitionPolicy, World } from '@golden-dome/core';
import {
  approvalDelayOf,
  approvalRulesOf,
  buildScenarioWorld,
  InputError,
  type LoadedStudy,
  type OptionWindowCache,
  optionWorld,
  raidPolicy,
  removableIds,
  WITHHELD,
  withApprovalDelay,
  withoutAssets,
} from '@golden-dome/scenario';
import { weaponTypesOf } from '../campaign/scenario-source.ts';
import type { TrialOutcome } from './trial-outcome.ts';
import { TrialPool } from '@golden-dome/pool';
import { type PoolProgress, runRaid } from './trial-pool.ts';

/**
 * The option as written ('policy'), and the levers run beside it on the same seeds: the partner's
 * approval given at once or never given, the option without the radars it adds, without named assets
 * (`without:ID`, the option's measure_without), and the partner's approval taking D seconds (`delay:D`,
 * the approval sweep; a sweep point equal to the policy's delay or to 0 reuses 'policy' / 'no-delay').
 */
export type OptionVariant = 'policy' | 'no-delay' | 'withheld' | 'without-added-radars' | `without:${string}` | `delay:${number}`;
export const VARIANT_LABELS: Readonly<Record<'policy' | 'no-delay' | 'withheld' | 'without-added-radars', string>> = {
  policy: 'as the policy says',
  'no-delay': 'approval given at once (delay 0)',
  withheld: 'approval withheld',
  'without-added-radars': "without the option's added radars",
};

/** A variant in words (a removal's label is the study's). */
export function variantLabel(v: OptionVariant, option?: { measure_without: ReadonlyArray<{ id: string; label: string }> }): string {
  if (v.startsWith('delay:')) return `approval in ${v.slice(6)} s`;
  if (v.startsWith('without:')) return option?.measure_without.find((m) => m.id === v.slice(8))?.label ?? `without ${v.slice(8)}`;
  return VARIANT_LABELS[v as keyof typeof VARIANT_LABELS];
}

/** A lever: a variant compared with the option as written (the sweep's points are a curve, not levers). */
export const isLever = (v: OptionVariant): boolean => v !== 'policy' && !v.startsWith('delay:');

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
  /** The approval sweep: its delays [s], and per option that asks for approval, the variant run at each. */
  sweep: { delays: number[]; points: Map<string, OptionVariant[]> };
  /** Per option and removal lever: the raids whose world held each removed id (an id absent from a raid removes nothing there). */
  removed: Map<string, Record<string, Record<string, string[]>>>;
  raids: RaidRecord[];
}

export interface StudyRunOptions {
  trials: number;
  seed: number;
  workers: number;
  /** The Redis queue of `dome worker`s (`--queue`; `workers` chunks in flight), left open; absent, a trial pool of `workers` threads of its own. */
  queue?: Pick<TrialPool, 'run' | 'threads'>;
  /**
   * A removal id found in none of the raids run is an error (true, the default), or only reported through
   * onNote (a run of a subset of the study's raids: the id may be in a raid left out).
   */
  strictRemovals?: boolean;
  onNote?: (message: string) => void;
  /** Approval delays to sweep [s] (none: no curve). */
  approvalDelays?: readonly number[];
  signal?: AbortSignal;
  /** A raid's world and option worlds start building (all raids are built before any trial runs). */
  onRaidStart?: (raid: string, index: number, of: number) => void;
  /** A raid's trials start. */
  onTrialsStart?: (raid: string, index: number, of: number) => void;
  onBuilt?: (raid: string, seconds: number) => void;
  onProgress?: (raid: string, p: PoolProgress) => void;
}

export const variantKey = (option: string, variant: OptionVariant): string => `${option}|${variant}`;

/** The variant that runs the partner's approval at `delay` under an option (reusing 'policy' and 'no-delay'). */
export function sweepVariant(policy: CoalitionPolicy, partner: string, delay: number): OptionVariant {
  const own = approvalDelayOf(policy, partner);
  if (delay === own) return 'policy';
  if (delay === 0) return 'no-delay';
  return `delay:${delay}`;
}

/**
 * The variants an option runs: the approval levers (and the sweep's delays) only where the partner's
 * approval is asked for; the removal levers it names.
 */
export function variantsOf(
  policy: CoalitionPolicy,
  partner: string,
  measureAddedRadars = false,
  sweep: readonly number[] = [],
  removals: readonly string[] = [],
): OptionVariant[] {
  const out: OptionVariant[] = ['policy'];
  if (approvalRulesOf(policy, partner).length > 0) {
    if (approvalDelayOf(policy, partner) > 0) out.push('no-delay');
    out.push('withheld');
    for (const d of sweep) {
      const v = sweepVariant(policy, partner, d);
      if (!out.includes(v)) out.push(v);
    }
  }
  if (measureAddedRadars) out.push('without-added-radars');
  for (const r of removals) out.push(`without:${r}`);
  return out;
}

/** The approval delay a variant gives the partner [s], or null when it keeps the policy's. */
function variantDelay(v: OptionVariant): number | null {
  if (v === 'no-delay') return 0;
  if (v === 'withheld') return WITHHELD;
  if (v.startsWith('delay:')) return Number(v.slice(6));
  return null;
}

export function variantPolicy(policy: CoalitionPolicy, partner: string, v: OptionVariant): CoalitionPolicy {
  const d = variantDelay(v);
  return d === null ? policy : withApprovalDelay(policy, partner, d);
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
      key,
      id: o.aimedAt.id ?? '',
      name: d?.name ?? o.aimedAt.id ?? key,
      nation: o.aimedAt.nation,
      value: d?.value ?? 0,
      latDeg: (o.impactPoint.latitude * 180) / Math.PI,
      lonDeg: (o.impactPoint.longitude * 180) / Math.PI,
    });
  }
  return [...out.values()];
}

export async function runStudy(loaded: LoadedStudy, options: StudyRunOptions): Promise<StudyRun> {
  const t0 = performance.now();
  const { study } = loaded;
  const partner = study.partner;
  const delays = [...(options.approvalDelays ?? [])];
  const variants = new Map<string, OptionVariant[]>();
  const approvalRules = new Map<string, string[]>();
  const approvalDelay = new Map<string, number>();
  const points = new Map<string, OptionVariant[]>();
  for (const o of study.options) {
    const policy = loaded.policies.get(o.id) as CoalitionPolicy;
    variants.set(
      o.id,
      variantsOf(
        policy,
        partner,
        o.measure_added_radars && o.add.radars.length + o.add.hosted_radars.length > 0,
        delays,
        o.measure_without.map((m) => m.id),
      ),
    );
    approvalRules.set(o.id, approvalRulesOf(policy, partner));
    approvalDelay.set(o.id, approvalDelayOf(policy, partner));
    if (delays.length > 0 && approvalRulesOf(policy, partner).length > 0)
      points.set(
        o.id,
        delays.map((d) => sweepVariant(policy, partner, d)),
      );
  }
  // per option and removal lever: per removed id, the raids whose world held it
  const removed = new Map<string, Record<string, Record<string, string[]>>>(
    study.options.map((o) => [
      o.id,
      Object.fromEntries(o.measure_without.map((m) => [m.id, Object.fromEntries(m.remove.map((id) => [id, [] as string[]]))])),
    ]),
  );
  const removableByOption = new Map<string, Set<string>>(study.options.map((o) => [o.id, new Set<string>()]));
  // build every raid's option worlds first, so that a removal naming nothing in any raid fails before a trial runs
  const built: Array<{
    raid: LoadedStudy['raids'][number];
    buildSeconds: number;
    worlds: Array<{ key: string; weaponTypes: Record<string, string>; world: World }>;
  }> = [];
  for (const [i, raid] of loaded.raids.entries()) {
    options.onRaidStart?.(raid.name, i, loaded.raids.length);
    const b0 = performance.now();
    const base = buildScenarioWorld(raid.scenario);
    const cache: OptionWindowCache = new Map();
    const worlds = study.options.flatMap((o) => {
      const policy = raidPolicy(loaded.policies.get(o.id) as CoalitionPolicy, raid.scenario);
      const add = {
        radars: o.add.radars,
        hostedRadars: o.add.hosted_radars.map((h) => ({
          id: h.id,
          type: h.type,
          at: h.at,
          owner: h.owner,
          assetClass: h.class,
          facesAzimuthDeg: h.faces_azimuth_deg,
        })),
        batteries: o.add.batteries.map((b) => ({
          id: b.id,
          interceptor: b.interceptor,
          at: b.at,
          owner: b.owner,
          assetClass: b.class,
          inventory: b.inventory,
        })),
      };
      const weaponTypes = {
        ...weaponTypesOf(raid.scenario.request),
        ...Object.fromEntries(add.batteries.map((b) => [b.id, b.interceptor])),
      };
      // the option's world, once per raid; every variant but 'without-added-radars' is an overlay on it
      const own = optionWorld(base, raid.scenario.request.epoch, policy, add, cache);
      for (const id of removableIds(own)) removableByOption.get(o.id)?.add(id);
      return (variants.get(o.id) as OptionVariant[]).map((v) => {
        let world: World;
        let sameAs: string | undefined;
        if (v === 'without-added-radars')
          world = optionWorld(base, raid.scenario.request.epoch, policy, { ...add, radars: [], hostedRadars: [] }, cache);
        else if (v.startsWith('without:')) {
          const lever = o.measure_without.find((m) => m.id === v.slice(8));
          const r = withoutAssets(own, lever?.remove ?? []);
          world = r.world;
          const record = (removed.get(o.id) as Record<string, Record<string, string[]>>)[v.slice(8)];
          for (const id of r.removed) record[id].push(raid.name);
          if (r.removed.length === 0) sameAs = variantKey(o.id, 'policy'); // nothing of it in this raid: the option's own trials
        } else {
          const d = variantDelay(v);
          world = d === null ? own : { ...own, policy: withApprovalDelay(own.policy, partner, d) };
        }
        return { key: variantKey(o.id, v), weaponTypes, world, ...(sameAs ? { sameAs } : {}) };
      });
    });
    const buildSeconds = (performance.now() - b0) / 1000;
    options.onBuilt?.(raid.name, buildSeconds);
    built.push({ raid, buildSeconds, worlds });
  }
  const problems: string[] = [];
  study.options.forEach((o, i) =>
    o.measure_without.forEach((m, k) => {
      const record = (removed.get(o.id) as Record<string, Record<string, string[]>>)[m.id];
      for (const id of m.remove) {
        if (record[id].length > 0) continue;
        const known = [...(removableByOption.get(o.id) ?? [])];
        problems.push(
          `field 'options[${i}].measure_without[${k}].remove': '${id}' is not a sensor, battery or site of any raid under option '${o.id}' (ids there: ${known.join(', ') || 'none'})`,
        );
      }
    }),
  );
  if (problems.length > 0) {
    if (options.strictRemovals ?? true) throw new InputError(loaded.file, problems);
    for (const p of problems) options.onNote?.(`${loaded.file}: ${p}; it removes nothing in the raids run (--raids)`);
  }

  const own = options.queue ? undefined : new TrialPool({ threads: options.workers });
  const pool = options.queue ?? (own as TrialPool);
  const raids: RaidRecord[] = [];
  try {
    for (const [i, { raid, buildSeconds, worlds }] of built.entries()) {
      options.onTrialsStart?.(raid.name, i, built.length);
      const first = worlds[0].world;
      const cities = citiesOf(first);
      const threatened: Record<string, number> = {};
      for (const c of cities) threatened[c.nation] = (threatened[c.nation] ?? 0) + c.value;
      const outcomes = await runRaid(pool, {
        raid: raid.name,
        worlds,
        partner,
        seed: options.seed,
        trials: options.trials,
        signal: options.signal,
        ...(options.queue ? { inFlight: options.workers } : {}),
        onProgress: (p) => options.onProgress?.(raid.name, p),
      });
      raids.push({
        name: raid.name,
        file: raid.file,
        buildSeconds,
        warheads: first.objects.filter((o) => o.kind === 'warhead').length,
        cities,
        threatened,
        outcomes,
      });
    }
  } finally {
    await own?.close();
  }
  return {
    trials: options.trials,
    seed: options.seed,
    workers: pool.threads,
    seconds: (performance.now() - t0) / 1000,
    variants,
    approvalRules,
    approvalDelay,
    sweep: { delays, points },
    removed,
    raids,
  };
}
