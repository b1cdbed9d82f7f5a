import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { type MeanEstimate, meanInterval, type TrialSummary, type World } from '@golden-dome/core';
import { campaignReportInput } from '../campaign/campaign-report.ts';
import { campaignCostInputs, unitCostSources } from '../campaign/cost-inputs.ts';
import { resultsJson } from '../campaign/results.ts';
import { TrialPool } from '@golden-dome/pool';
import { connectQueue, queueHelp, redisFlags } from './redis-flags.ts';
import { type CampaignResult, runCampaign } from '../campaign/runner.ts';
import { campaignScenario, readScenarioBase, scenarioWorld } from '../campaign/scenario-edit.ts';
import { fmt } from '../output/format.ts';
import { compareCells, compareCsv, comparisonInput } from '../report/compare-report.ts';
import type { ReportInput } from '../report/report-input.ts';
import { REPORT_FILE } from '../report/write-report.ts';
import { intFlag, UsageError } from '../usage-error.ts';
import { scenarioFileArg } from '../campaign/scenario-source.ts';
import { prepareOut, writeOut, type Written } from '../output/prepare-out.ts';
import { PROVENANCE_FILE, provenance, provenanceFile, withProvenance } from '../provenance.ts';
import { renderReport } from '../report/html-report.ts';
import { worldBuildProgress } from '../output/progress.ts';
import { asFlag } from './as-flag.ts';
import {
  type CampaignCommandDeps,
  type CampaignIo,
  columns,
  defaultCampaignProgress,
  parseCampaignArgs,
  scenarioInfo,
  withInterrupt,
} from './sweep.ts';

export const COMPARE_HELP = `dome compare — two scenarios side by side, with the same seeds

  dome compare A.yaml B.yaml [--trials N] [--workers K] [--seed S] [--as NATION] [--out DIR] [--force] [--json]
                             [--queue URL [--redis-ca FILE]]

  Runs both campaigns on seeds S … S+N-1 (common random numbers) and prints each metric for A and B with
  its 95 % interval, the difference B − A with the 95 % interval of the paired per-trial differences
  (where the metric is a per-trial count), and whether the two intervals overlap.

  --trials N   trials per scenario (default: A's monte_carlo.trials, else 1,000)
  --workers K  worker threads (default: the machine's ${availableParallelism()} processors)
  --seed S     first seed (default: A's monte_carlo.seed, else 1)
  --as NATION  every output as that nation sees it (a nation of both policies, e.g. CA), as 'dome run --as': its own
               and shared sensors (late by the share's delay), its own weapons, public launches and impacts
  --out DIR    write compare.json, compare.csv and report.html there; a folder that already holds files is refused unless --force
  --json       print compare.json to stdout instead of the table
${queueHelp('K chunks in flight (A, then B)')}`;

const r6 = (x: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(12)) : null);

interface Row {
  id: string;
  label: string;
  /** Shown in percent. */
  percent: boolean;
  a: { value: number; ci: [number, number] };
  b: { value: number; ci: [number, number] };
  /** Per-trial value, for the paired difference. */
  perTrial?: (s: TrialSummary) => number | null;
  /** A paired interval computed otherwise (a ratio of sums). */
  paired?: [number, number] | null;
}

/**
 * A ratio of per-trial sums, R = sum f / sum g (e.g. interceptors fired per warhead destroyed), with the
 * 95 % interval of the ratio estimator by linearisation: var R ~ var(f - R g) / (n gbar^2) (Cochran,
 * Sampling Techniques, 3rd ed., 1977, sec. 6.4), and the paired difference B - A over common seeds from
 * the per-trial differences of the two linearised terms.
 */
export function ratioOfSums(
  a: readonly TrialSummary[],
  b: readonly TrialSummary[],
  f: (s: TrialSummary) => number,
  g: (s: TrialSummary) => number,
): { a: { value: number; ci: [number, number] }; b: { value: number; ci: [number, number] }; paired: [number, number] | null } {
  const one = (xs: readonly TrialSummary[]) => {
    const n = xs.length;
    const F = xs.reduce((x, s) => x + f(s), 0),
      G = xs.reduce((x, s) => x + g(s), 0);
    const R = G > 0 ? F / G : NaN,
      gbar = G / Math.max(1, n);
    const z = xs.map((s) => (f(s) - R * g(s)) / gbar);
    const varZ = n > 1 ? z.reduce((x, v) => x + v * v, 0) / (n - 1) : NaN;
    const half = 1.96 * Math.sqrt(varZ / n);
    return { value: R, ci: [R - half, R + half] as [number, number], z };
  };
  const ea = one(a),
    eb = one(b);
  const n = Math.min(a.length, b.length);
  let paired: [number, number] | null = null;
  if (n > 1 && a.every((s, i) => i >= n || s.seed === b[i].seed) && Number.isFinite(ea.value) && Number.isFinite(eb.value)) {
    const d = Array.from({ length: n }, (_, i) => eb.z[i] - ea.z[i]);
    const mean = d.reduce((x, v) => x + v, 0) / n;
    const v = d.reduce((x, y) => x + (y - mean) ** 2, 0) / (n - 1);
    const diff = eb.value - ea.value,
      half = 1.96 * Math.sqrt(v / n);
    paired = [diff - half, diff + half];
  }
  return { a: { value: ea.value, ci: ea.ci }, b: { value: eb.value, ci: eb.ci }, paired };
}

function rows(a: CampaignResult, b: CampaignResult): Row[] {
  const ma = a.metrics,
    mb = b.metrics;
  const m = (e: MeanEstimate): Row['a'] => ({ value: e.mean, ci: e.ci });
  // the same catalog prices a type in both scenarios; unpriced types are outside the sum in both
  const unitUsd: Record<string, number> = {};
  for (const r of [a, b]) for (const [t, c] of Object.entries(r.cost?.byType ?? {})) unitUsd[t] = c.unitUsd;
  const spent =
    a.cost && b.cost && a.cost.spent.n > 0 && b.cost.spent.n > 0
      ? [
          {
            id: 'interceptors_spent_usd',
            label: `interceptors spent, US$${a.cost.dollarYear !== null ? ` of ${a.cost.dollarYear}` : ''} (priced types)`,
            percent: false,
            a: m(a.cost.spent),
            b: m(b.cost.spent),
            perTrial: (s: TrialSummary) => Object.entries(s.shotsByType).reduce((x, [t, n]) => x + n * (unitUsd[t] ?? 0), 0),
          },
        ]
      : [];
  return [
    {
      id: 'p_zero_leakers',
      label: 'P(no warhead leaks)',
      percent: true,
      a: { value: ma.pZeroLeakers.p, ci: ma.pZeroLeakers.ci },
      b: { value: mb.pZeroLeakers.p, ci: mb.pZeroLeakers.ci },
      perTrial: (s) => (s.warheadLeakers === 0 ? 1 : 0),
    },
    {
      id: 'expected_leakers',
      label: 'warheads leaking per trial',
      percent: false,
      a: m(ma.expectedLeakers),
      b: m(mb.expectedLeakers),
      perTrial: (s) => s.warheadLeakers,
    },
    {
      id: 'leakage',
      label: 'leakage (share of warheads)',
      percent: true,
      a: m(ma.leakage),
      b: m(mb.leakage),
      perTrial: (s) => (s.warheads > 0 ? s.warheadLeakers / s.warheads : null),
    },
    {
      id: 'decoy_leakers',
      label: 'decoys reaching the ground',
      percent: false,
      a: m(ma.decoyLeakers),
      b: m(mb.decoyLeakers),
      perTrial: (s) => s.decoyLeakers,
    },
    {
      id: 'warheads_destroyed',
      label: 'warheads destroyed',
      percent: false,
      a: m(ma.warheadsDestroyed),
      b: m(mb.warheadsDestroyed),
      perTrial: (s) => s.warheadsDestroyed,
    },
    {
      id: 'interceptors_fired',
      label: 'interceptors fired',
      percent: false,
      a: m(ma.interceptors.total),
      b: m(mb.interceptors.total),
      perTrial: (s) => s.interceptorsFired,
    },
    {
      id: 'shots_at_decoys',
      label: 'interceptors fired at decoys',
      percent: false,
      a: meanOf(a.summaries, (s) => s.shotsAtDecoys),
      b: meanOf(b.summaries, (s) => s.shotsAtDecoys),
      perTrial: (s) => s.shotsAtDecoys,
    },
    (() => {
      const r = ratioOfSums(
        a.summaries,
        b.summaries,
        (s) => s.interceptorsFired,
        (s) => s.warheadsDestroyed,
      );
      return {
        id: 'interceptors_per_warhead_destroyed',
        label: 'interceptors fired per warhead destroyed',
        percent: false,
        a: r.a,
        b: r.b,
        paired: r.paired,
      };
    })(),
    ...spent,
    {
      id: 'kept_safe',
      label: 'defended population kept safe (people)',
      percent: false,
      a: m(ma.defended.keptSafe),
      b: m(mb.defended.keptSafe),
      perTrial: (s) => s.valueKeptSafe,
    },
    {
      id: 'detection_to_first_shot_s',
      label: 'detection to first shot, s',
      percent: false,
      a: m(ma.timeline.detectionToFirstShot),
      b: m(mb.timeline.detectionToFirstShot),
    },
  ];
}

/** 95 % interval of the mean per-trial difference B − A over the seeds both ran (null when they did not run the same seeds). */
function pairedDifference(a: CampaignResult, b: CampaignResult, perTrial: (s: TrialSummary) => number | null): [number, number] | null {
  const n = Math.min(a.trials, b.trials);
  if (n < 2) return null;
  let sum = 0,
    sumSq = 0,
    min = Infinity,
    max = -Infinity,
    k = 0;
  for (let i = 0; i < n; i++) {
    const sa = a.summaries[i],
      sb = b.summaries[i];
    if (sa.seed !== sb.seed) return null;
    const va = perTrial(sa),
      vb = perTrial(sb);
    if (va === null || vb === null) continue;
    const d = vb - va;
    sum += d;
    sumSq += d * d;
    k++;
    min = Math.min(min, d);
    max = Math.max(max, d);
  }
  if (k < 2) return null;
  return meanInterval(k, sum, sumSq, min, max).ci;
}

export interface CompareRow {
  id: string;
  label: string;
  /** A probability or a share (shown in percent). */
  percent: boolean;
  a: { value: number | null; ci95: [number | null, number | null] };
  b: { value: number | null; ci95: [number | null, number | null] };
  difference: number | null;
  paired_difference_ci95: [number | null, number | null] | null;
  intervals_overlap: boolean | null;
}

export function compareRows(a: CampaignResult, b: CampaignResult): CompareRow[] {
  return rows(a, b).map((r) => {
    const finite = [r.a.value, r.b.value, ...r.a.ci, ...r.b.ci].every(Number.isFinite);
    const paired = r.paired !== undefined ? r.paired : r.perTrial ? pairedDifference(a, b, r.perTrial) : null;
    return {
      id: r.id,
      label: r.label,
      percent: r.percent,
      a: { value: r6(r.a.value), ci95: [r6(r.a.ci[0]), r6(r.a.ci[1])] },
      b: { value: r6(r.b.value), ci95: [r6(r.b.ci[0]), r6(r.b.ci[1])] },
      difference: r6(r.b.value - r.a.value),
      paired_difference_ci95: paired ? [r6(paired[0]), r6(paired[1])] : null,
      intervals_overlap: finite ? r.a.ci[0] <= r.b.ci[1] && r.b.ci[0] <= r.a.ci[1] : null,
    };
  });
}

export async function compareCommand(argv: string[], io: CampaignIo, deps: CampaignCommandDeps = {}): Promise<number> {
  const parsed = parseCampaignArgs(argv, COMPARE_HELP);
  const f = parsed.values;
  if (f.help) {
    io.stdout(COMPARE_HELP);
    return 0;
  }
  if (f.vary !== undefined) throw new UsageError(`--vary is a 'dome sweep' flag\n\n${COMPARE_HELP}`);
  if (parsed.positionals.length !== 2) {
    throw new UsageError(
      `two scenario files, got ${parsed.positionals.length}${parsed.positionals.length > 0 ? `: ${parsed.positionals.join(' ')}` : ''}\n\n${COMPARE_HELP}`,
    );
  }
  const [fileA, fileB] = parsed.positionals.map(scenarioFileArg);
  const trialsFlag = intFlag('trials', f.trials, 1, 10_000_000);
  const workersFlag = intFlag('workers', f.workers, 1, 1024);
  const seedFlag = intFlag('seed', f.seed, 0, 2 ** 32 - 1);
  if (f.force && f.out === undefined) throw new UsageError('--force applies with --out');
  const redis = redisFlags('--queue', f.queue, f['redis-ca']);
  const out =
    f.out === undefined
      ? null
      : prepareOut(f.out, f.force === true, ['compare.json', 'compare.csv', REPORT_FILE, PROVENANCE_FILE], io.stderr);

  // both files are read and checked before either campaign runs
  const scA = readScenarioBase(fileA).loaded;
  const scB = readScenarioBase(fileB).loaded;
  const csA = campaignScenario(scA),
    csB = campaignScenario(scB);
  // --as: a nation of both scenarios' policies
  const nation = asFlag(f.as, scA.request.policy, fileA);
  asFlag(f.as, scB.request.policy, fileB);
  const as = nation !== undefined ? { nation } : {};
  const trials = trialsFlag ?? csA.monteCarlo.trials ?? 1000;
  const seed = seedFlag ?? csA.monteCarlo.seed ?? 1;
  const workers = workersFlag ?? csA.monteCarlo.workers ?? availableParallelism();
  const progress = deps.onProgress ?? defaultCampaignProgress(io);
  // --queue: a Redis that does not answer is said before the worlds are built
  const queue = redis ? await connectQueue('--queue', redis, workers) : undefined;
  let worldA: World, worldB: World;
  try {
    // world-build progress on stderr unless the caller reports progress itself
    worldA = scenarioWorld(scA, undefined, deps.onProgress ? {} : worldBuildProgress(io.stderr, `A ${basename(fileA)}: `));
    worldB = scenarioWorld(scB, undefined, deps.onProgress ? {} : worldBuildProgress(io.stderr, `B ${basename(fileB)}: `));
  } catch (e) {
    await queue?.close();
    throw e;
  }

  // one trial pool for both campaigns (its threads start once), or the queue of `dome worker`s
  const pool = queue ?? new TrialPool({ threads: workers });
  const results = await withInterrupt(io, 'compare', deps.signal, async (signal) => {
    const ra = await runCampaign(worldA, {
      trials,
      seed,
      workers,
      pool,
      weaponTypes: csA.weaponTypes,
      costs: campaignCostInputs(csA.request, csA.weaponTypes),
      signal,
      ...as,
      // the report draws A's representative trial (its log from the pool)
      representativeLog: out !== null,
      onProgress: (p) => progress(p, `A ${basename(fileA)}`),
    });
    if (ra.status === 'interrupted') return { ra, rb: null };
    const rb = await runCampaign(worldB, {
      trials,
      seed,
      workers,
      pool,
      weaponTypes: csB.weaponTypes,
      costs: campaignCostInputs(csB.request, csB.weaponTypes),
      signal,
      ...as,
      onProgress: (p) => progress(p, `B ${basename(fileB)}`),
    });
    return { ra, rb };
  }).finally(() => pool.close());
  const { ra, rb } = results;
  if (!rb) {
    io.stderr(`dome compare: interrupted during A (${ra.trials} trials done); nothing to compare`);
    return 130;
  }
  const interrupted = rb.status === 'interrupted';
  const table = compareRows(ra, rb);
  const made = provenance({ first: seed, count: trials });
  const json = {
    provenance: made,
    a: fileA,
    b: fileB,
    ...(nation !== undefined ? { as: nation } : {}),
    status: interrupted ? 'interrupted' : 'complete',
    trials: { a: ra.trials, b: rb.trials },
    seeds: [seed, seed + trials - 1],
    common_random_numbers:
      'both scenarios run the same seeds; paired_difference_ci95 is the 95 % interval of the mean per-trial difference B − A',
    workers,
    intervals: 'Wilson score interval for probabilities; mean ± 1.96 s/√n for means',
    dollar_year: ra.cost?.dollarYear ?? rb.cost?.dollarYear ?? null,
    metrics: table,
    results: { a: { ...resultsJson(ra), aggregate: undefined }, b: { ...resultsJson(rb), aggregate: undefined } },
  };
  let written: Written | null = null;
  if (out) {
    const report = await renderReport(
      withProvenance(
        compareReportInput(
          fileA,
          fileB,
          ra,
          rb,
          table,
          {
            world: worldA,
            scenario: scA.scenario,
            epoch: scA.request.epoch,
            weaponTypes: csA.weaponTypes,
            unitCostSources: unitCostSources(campaignCostInputs(csA.request, csA.weaponTypes)),
          },
          scB.scenario,
        ),
        made,
      ),
    );
    written = writeOut(
      out,
      [
        { name: 'compare.json', content: `${JSON.stringify(json, null, 2)}\n` },
        { name: 'compare.csv', content: compareCsv(table) },
        { name: REPORT_FILE, content: report },
        provenanceFile(made, ['compare.json', 'compare.csv', REPORT_FILE]),
      ],
      io.stderr,
    );
  }
  if (f.json) io.stdout(JSON.stringify(json, null, 2));
  else {
    const lines = [
      ['metric', `A ${basename(fileA)} [95 %]`, `B ${basename(fileB)} [95 %]`, 'B − A [paired 95 %]', 'intervals overlap'],
      ...table
        .filter((r) => r.a.value !== null || r.b.value !== null)
        .map((r) => [
          r.label,
          compareCells(r).a,
          compareCells(r).b,
          compareCells(r).diff,
          r.intervals_overlap === null ? '' : r.intervals_overlap ? 'yes' : 'NO',
        ]),
    ];
    io.stdout(
      `compare${nation !== undefined ? ` as ${nation} sees it` : ''}: ${fmt(trials)} trials each, seeds ${seed}–${seed + trials - 1} for both, ${workers} worker${workers === 1 ? '' : 's'}${interrupted ? ` (INTERRUPTED: B ran ${rb.trials} trials)` : ''}\n${columns(lines)}`,
    );
    if (written) io.stdout(`\nwritten: ${written.paths.join(', ')} (open report.html in a browser)`);
  }
  return interrupted ? 130 : 0;
}

function compareReportInput(
  fileA: string,
  fileB: string,
  ra: CampaignResult,
  rb: CampaignResult,
  table: CompareRow[],
  a: {
    world: Parameters<typeof campaignReportInput>[1];
    scenario: unknown;
    epoch: string;
    weaponTypes: Record<string, string>;
    unitCostSources?: Record<string, string>;
  },
  scenarioB: unknown,
): ReportInput {
  const infoA = scenarioInfo(a.scenario, fileA, a.epoch);
  const infoB = scenarioInfo(scenarioB, fileB, a.epoch);
  const input = campaignReportInput(ra, a.world, {
    file: fileA,
    ...infoA,
    weaponTypes: a.weaponTypes,
    unitCostSources: a.unitCostSources,
    generatedAt: new Date().toISOString(),
  });
  const comparison = comparisonInput(table, infoA.name, infoB.name);
  const metrics: ReportInput['metrics'] = comparison.rows.flatMap((r) =>
    (['a', 'b'] as const).map((k) => ({
      id: `${r.id}-${k}`,
      label: `${r.metric}: ${k.toUpperCase()} (${k === 'a' ? infoA.name : infoB.name})`,
      ...(r[k].value !== undefined ? { value: r[k].value, low: r[k].low, high: r[k].high } : { value: NaN }),
      ...(r.unit ? { unit: r.unit } : {}),
      ...(k === 'b'
        ? {
            note: `B − A = ${compareCells(table.find((t) => t.id === r.id) as CompareRow).diff} (paired); intervals ${r.intervalsOverlap ? 'overlap' : 'do not overlap'}`,
          }
        : {}),
    })),
  );
  const leak = compareCells(table.find((r) => r.id === 'expected_leakers') as CompareRow);
  const pz = compareCells(table.find((r) => r.id === 'p_zero_leakers') as CompareRow);
  return {
    ...input,
    title: `Golden Dome comparison: ${infoA.name} (A) versus ${infoB.name} (B)`,
    scenario: {
      ...input.scenario,
      name: `${infoA.name} versus ${infoB.name}`,
      summary: `A: ${infoA.summary} B: ${infoB.summary}`,
      sources: [...new Set([...infoA.sources, ...infoB.sources])],
    },
    headline: [
      `Both scenarios ran ${ra.trials.toLocaleString('en-US')} trials with the same seeds (${ra.seed}–${ra.seed + ra.trials - 1}).`,
      `P(no warhead leaks): ${pz.a} in A, ${pz.b} in B; B − A = ${pz.diff} (paired 95 % interval).`,
      `Warheads leaking per trial: ${leak.a} in A, ${leak.b} in B; B − A = ${leak.diff}.`,
      "The comparison plot and table come first; the histogram, convergence, per-layer figures and the map below are scenario A's.",
    ],
    metrics,
    comparison,
    curves: [],
    assumptions: [
      { item: 'Compared', value: `A = ${fileA}, B = ${fileB}; B's trials: ${rb.trials}`, source: 'this comparison' },
      ...input.assumptions,
    ],
    trialsCsvName: undefined,
  };
}

/** Mean and 95 % interval of a per-trial value over the summaries (normal approximation). */
function meanOf(xs: readonly TrialSummary[], f: (s: TrialSummary) => number): { value: number; ci: [number, number] } {
  const n = xs.length;
  const v = xs.map(f);
  const mean = v.reduce((x, y) => x + y, 0) / Math.max(1, n);
  const sd = n > 1 ? Math.sqrt(v.reduce((x, y) => x + (y - mean) ** 2, 0) / (n - 1)) : 0;
  return { value: mean, ci: [mean - (1.96 * sd) / Math.sqrt(Math.max(1, n)), mean + (1.96 * sd) / Math.sqrt(Math.max(1, n))] };
}
