import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { MeanEstimate, ProportionEstimate, World } from '@golden-dome/core';
import type { LoadedScenario as ScenarioFile } from '@golden-dome/scenario';
import { campaignReportInput } from '../campaign/campaign-report.ts';
import { campaignCostInputs, unitCostSources } from '../campaign/cost-inputs.ts';
import { casesTrialsCsv, resultsJson } from '../campaign/results.ts';
import { TrialPool } from '@golden-dome/pool';
import { type CampaignProgress, type CampaignResult, runCampaign } from '../campaign/runner.ts';
import {
  campaignScenario,
  editScenarioFields,
  type EditValue,
  MAX_GRID_POINTS,
  MAX_SWEEP_VALUES,
  parseGrid,
  readScenarioBase,
  scenarioWorld,
  type Vary,
} from '../campaign/scenario-edit.ts';
import { fmt } from '../output/format.ts';
import { formatEstimate, formatProportion } from '../report/format.ts';
import type { ReportInput } from '../report/report-input.ts';
import { REPORT_FILE } from '../report/write-report.ts';
import { intFlag, UsageError } from '../usage-error.ts';
import { parseFlags } from '../flags.ts';
import { scenarioFileArg } from '../campaign/scenario-source.ts';
import { prepareOut, writeOut, type OutFile, type Written } from '../output/prepare-out.ts';
import { PROVENANCE_FILE, provenance, provenanceFile, withProvenance } from '../provenance.ts';
import { renderReport } from '../report/html-report.ts';
import { worldBuildProgress } from '../output/progress.ts';
import { asFlag } from './as-flag.ts';
import { connectQueue, QUEUE_FLAGS, queueHelp, redisFlags } from './redis-flags.ts';

export const SWEEP_HELP = `dome sweep — one campaign per value of a scenario field (or per combination of two), with the same seeds

  dome sweep SCENARIO.yaml --vary PATH=v1,v2,… [--vary PATH2=w1,w2,…] [--trials N] [--workers K] [--seed S]
                           [--as NATION] [--out DIR] [--force] [--json] [--queue URL [--redis-ca FILE]]

  PATH names a field of the scenario file by its keys and list indices joined by dots, e.g.
    --vary architecture.space_layers.0.per_plane=10,20,40     (constellation size)
    --vary architecture.batteries.0.inventory=4,8,16          (interceptor inventory)
    --vary raid.0.count=1,2,4                                 (salvo size)
  Two --vary flags give a grid: every combination of their values (at most ${MAX_GRID_POINTS} combinations), shown as
  a heat map and a family of curves. Every value (every combination) is checked by the scenario loader before any
  campaign runs. At most ${MAX_SWEEP_VALUES} values per field; numbers unless the field holds a string. Each case runs
  trials with seeds S … S+N-1 (common random numbers), so differences between cases are not sampling noise from
  different seeds.

  --trials N   trials per case (default: the scenario's monte_carlo.trials, else 1,000)
  --workers K  worker threads (default: the machine's ${availableParallelism()} processors)
  --seed S     first seed (default: the scenario's monte_carlo.seed, else 1)
  --as NATION  every output as that nation sees it (a nation of every case's policy, e.g. CA), as 'dome run --as':
               its own and shared sensors (late by the share's delay), its own weapons, public launches and impacts
  --out DIR    write sweep.json, sweep.csv (one row per case), trials.csv (one row per case and trial) and
               report.html (curves, or a heat map for a grid) there; a folder that already holds files is
               refused unless --force
  --json       print sweep.json to stdout instead of the table
${queueHelp('K chunks of the case running in flight')}`;

export interface CampaignIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface CampaignCommandDeps {
  /** Interrupts the campaigns (default: SIGINT). */
  signal?: AbortSignal;
  /** Progress of the campaign of the current case (default: a line on stderr every few seconds). */
  onProgress?: (p: CampaignProgress, label: string) => void;
}

/** Parses a campaign command's flags (plus `extra`), naming a bad flag and showing the help. */
export function parseCampaignArgs(argv: string[], help: string) {
  return parseFlags(
    argv,
    {
      trials: { type: 'string' },
      workers: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
      vary: { type: 'string', multiple: true }, // dome sweep only
      as: { type: 'string' },
      ...QUEUE_FLAGS,
    },
    help,
  );
}

export function defaultCampaignProgress(io: CampaignIo): (p: CampaignProgress, label: string) => void {
  let last = -Infinity;
  let lastLabel = '';
  return (p, label) => {
    if (label !== lastLabel) last = -Infinity;
    lastLabel = label;
    if (p.elapsedS - last >= 5 || p.done === p.total) {
      last = p.elapsedS;
      io.stderr(`${label}: ${p.done}/${p.total} trials, ${p.trialsPerS.toFixed(1)}/s`);
    }
  };
}

/** Runs `body` with an abort signal: the caller's, or one that SIGINT raises (a second Ctrl-C quits as usual). */
export async function withInterrupt<T>(
  io: CampaignIo,
  command: string,
  given: AbortSignal | undefined,
  body: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (given) return body(given);
  const controller = new AbortController();
  const onSigint = (): void => {
    io.stderr(`dome ${command}: interrupted; writing what is done (Ctrl-C again to quit at once)`);
    controller.abort();
    process.off('SIGINT', onSigint);
  };
  process.on('SIGINT', onSigint);
  try {
    return await body(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

const r6 = (x: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(12)) : null);

/** The key metrics of a campaign: estimate and 95 % interval each. */
export function keyMetrics(r: CampaignResult): {
  p_zero_leakers: KeyMetric;
  expected_leakers: KeyMetric;
  interceptors_fired: KeyMetric;
  leakage: KeyMetric;
} {
  const m = r.metrics;
  const p = (e: ProportionEstimate): KeyMetric => ({ value: r6(e.p), ci95: [r6(e.ci[0]), r6(e.ci[1])] });
  const mean = (e: MeanEstimate): KeyMetric => ({ value: r6(e.mean), ci95: [r6(e.ci[0]), r6(e.ci[1])] });
  return {
    p_zero_leakers: p(m.pZeroLeakers),
    expected_leakers: mean(m.expectedLeakers),
    interceptors_fired: mean(m.interceptors.total),
    leakage: mean(m.leakage),
  };
}

export interface KeyMetric {
  value: number | null;
  ci95: [number | null, number | null];
}

// each figure rounded to its interval (report/format.ts, the reports' one rule)
const pctText = (k: KeyMetric): string => formatProportion(k.value ?? NaN, k.ci95[0] ?? undefined, k.ci95[1] ?? undefined);
const meanText = (k: KeyMetric): string => formatEstimate(k.value ?? NaN, k.ci95[0] ?? undefined, k.ci95[1] ?? undefined);

/** Left-aligned columns. */
export function columns(rows: string[][]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => `  ${row.map((c, i) => c.padEnd(w[i])).join('  ')}`.trimEnd()).join('\n');
}

const csvCell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The scenario's descriptive fields for a report. */
export function scenarioInfo(
  scenario: unknown,
  file: string,
  epoch: string,
): { name: string; summary: string; sources: string[]; epoch: string; text?: string } {
  const sc = (scenario ?? {}) as { name?: string; summary?: string; description?: string; sources?: string[]; epoch?: string };
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  return {
    name: sc.name ?? basename(file),
    summary: sc.summary ?? sc.description ?? '',
    sources: sc.sources ?? [],
    epoch: sc.epoch ?? epoch,
    text,
  };
}

interface BaseCase {
  world: World;
  scenario: ScenarioFile;
  weaponTypes: Record<string, string>;
  unitCostSources?: Record<string, string>;
}

interface SweepPoint {
  /** One value per varied field, in --vary order. */
  values: EditValue[];
  result: CampaignResult;
}

const caseLabel = (fields: readonly Vary[], values: readonly EditValue[]): string =>
  fields.map((f, i) => `${f.path}=${String(values[i])}`).join(', ');

export async function sweepCommand(argv: string[], io: CampaignIo, deps: CampaignCommandDeps = {}): Promise<number> {
  const parsed = parseCampaignArgs(argv, SWEEP_HELP);
  const f = parsed.values;
  if (f.help) {
    io.stdout(SWEEP_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError(
      `${parsed.positionals.length === 0 ? 'a scenario file is required' : `one scenario file, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`}\n\n${SWEEP_HELP}`,
    );
  }
  const varies = f.vary ?? [];
  if (varies.length === 0) throw new UsageError(`--vary PATH=v1,v2,… is required\n\n${SWEEP_HELP}`);
  const file = scenarioFileArg(parsed.positionals[0]);
  const trialsFlag = intFlag('trials', f.trials, 1, 10_000_000);
  const workersFlag = intFlag('workers', f.workers, 1, 1024);
  const seedFlag = intFlag('seed', f.seed, 0, 2 ** 32 - 1);
  if (f.force && f.out === undefined) throw new UsageError('--force applies with --out');
  const redis = redisFlags('--queue', f.queue, f['redis-ca']);
  const out =
    f.out === undefined
      ? null
      : prepareOut(f.out, f.force === true, ['sweep.json', 'sweep.csv', 'trials.csv', REPORT_FILE, PROVENANCE_FILE], io.stderr);

  // Every case is checked (by the scenario loader's rules) before any campaign runs.
  const base = readScenarioBase(file);
  const { fields, combinations } = parseGrid(varies, base.loaded.yaml.data, file);
  const cases = combinations.map((values) => ({
    values,
    scenario: editScenarioFields(
      base,
      fields.map((v, i) => ({ keys: v.keys, value: values[i], path: v.path })),
    ),
  }));
  // --as: a nation of every case's policy (a varied policy is checked too), before any campaign runs
  const nations = cases.map((c) => asFlag(f.as, c.scenario.request.policy, file));
  const nation = nations[0];
  const baseMc = campaignScenario(base.loaded).monteCarlo;
  const trials = trialsFlag ?? baseMc.trials ?? 1000;
  const seed = seedFlag ?? baseMc.seed ?? 1;
  const workers = workersFlag ?? baseMc.workers ?? availableParallelism();
  const progress = deps.onProgress ?? defaultCampaignProgress(io);

  const points: SweepPoint[] = [];
  const chosen: { base: BaseCase | null; index: number } = { base: null, index: 0 };
  // the case the report's figures show: the file's own values (defaults filled in), else the first case
  const fileValues = fields.map((v) => {
    let node: unknown = base.loaded.scenario;
    for (const k of v.keys) node = (node as Record<string | number, unknown> | undefined)?.[k];
    return node;
  });
  // one trial pool for every case (its threads start once), or the queue of `dome worker`s (--queue)
  const pool = redis ? await connectQueue('--queue', redis, workers) : new TrialPool({ threads: workers });
  await withInterrupt(io, 'sweep', deps.signal, async (signal) => {
    for (const [i, c] of cases.entries()) {
      if (signal.aborted) break;
      const label = caseLabel(fields, c.values);
      const world = scenarioWorld(c.scenario, label, deps.onProgress ? {} : worldBuildProgress(io.stderr, `${label}: `));
      const cs = campaignScenario(c.scenario);
      const costs = campaignCostInputs(cs.request, cs.weaponTypes);
      const result = await runCampaign(world, {
        trials,
        seed,
        workers,
        pool,
        weaponTypes: cs.weaponTypes,
        costs,
        signal,
        ...(nation !== undefined ? { nation } : {}),
        // the report draws the base case's representative trial (its log from the pool)
        representativeLog: out !== null && (i === 0 || c.values.every((v, k) => v === fileValues[k])),
        onProgress: (p) => progress(p, label),
      });
      points.push({ values: c.values, result });
      if (i === 0 || c.values.every((v, k) => v === fileValues[k])) {
        chosen.base = { world, scenario: c.scenario, weaponTypes: cs.weaponTypes, unitCostSources: unitCostSources(costs) };
        chosen.index = i;
      }
      if (result.status === 'interrupted') break;
    }
  }).finally(() => pool.close());
  const interrupted = points.length < cases.length || points.some((p) => p.result.status === 'interrupted');
  const grid = fields.length > 1;

  const made = provenance({ first: seed, count: trials });
  const json = {
    provenance: made,
    scenario: file,
    ...(nation !== undefined ? { as: nation } : {}),
    vary: grid ? fields.map((v) => ({ path: v.path, values: v.values })) : { path: fields[0].path, values: fields[0].values },
    ...(grid
      ? {
          grid: `every combination of ${fields.map((v) => `${v.values.length} values of ${v.path}`).join(' and ')} (${cases.length} cases)`,
        }
      : {}),
    status: interrupted ? 'interrupted' : 'complete',
    trials_per_value: trials,
    seeds: [seed, seed + trials - 1],
    common_random_numbers: `every ${grid ? 'combination' : 'value'} runs the same seeds`,
    workers,
    intervals: 'Wilson score interval for probabilities; mean ± 1.96 s/√n for means',
    points: points.map((p) => ({
      ...(grid ? { values: Object.fromEntries(fields.map((v, i) => [v.path, p.values[i]])) } : { value: p.values[0] }),
      ...keyMetrics(p.result),
      results: { ...resultsJson(p.result), aggregate: undefined },
    })),
  };
  const header = [
    ...(grid ? fields.map((v) => v.path) : ['value']),
    'status',
    'trials',
    'p_zero_leakers',
    'p_zero_leakers_low',
    'p_zero_leakers_high',
    'expected_leakers',
    'expected_leakers_low',
    'expected_leakers_high',
    'leakage',
    'leakage_low',
    'leakage_high',
    'interceptors_fired',
    'interceptors_fired_low',
    'interceptors_fired_high',
    'interceptors_spent_usd',
    'interceptors_spent_usd_low',
    'interceptors_spent_usd_high',
  ];
  const csvRows = points.map((p) => {
    const k = keyMetrics(p.result);
    const spent = p.result.cost?.spent;
    return [
      ...p.values.map(String),
      p.result.status,
      p.result.trials,
      ...[k.p_zero_leakers, k.expected_leakers, k.leakage, k.interceptors_fired].flatMap((m) => [m.value, m.ci95[0], m.ci95[1]]),
      ...(spent && spent.n > 0 ? [r6(spent.mean), r6(spent.ci[0]), r6(spent.ci[1])] : [null, null, null]),
    ];
  });
  const csv = `${[header, ...csvRows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;

  let written: Written | null = null;
  if (out) {
    const files: OutFile[] = [
      { name: 'sweep.json', content: `${JSON.stringify(json, null, 2)}\n` },
      { name: 'sweep.csv', content: csv },
      {
        name: 'trials.csv',
        content: casesTrialsCsv(points.map((p) => ({ labels: fields.map((v, i) => [v.path, p.values[i]] as const), result: p.result }))),
      },
    ];
    if (chosen.base)
      files.push({
        name: REPORT_FILE,
        content: await renderReport(withProvenance(sweepReportInput(file, fields, points, chosen.index, chosen.base), made)),
      });
    files.push(
      provenanceFile(
        made,
        files.map((x) => x.name),
      ),
    );
    written = writeOut(out, files, io.stderr);
  }
  if (f.json) io.stdout(JSON.stringify(json, null, 2));
  else {
    const rows = [
      [...fields.map((v) => v.path), 'P(no warhead leaks) [95 %]', 'warheads leaking [95 %]', 'interceptors fired [95 %]'],
      ...points.map((p) => {
        const k = keyMetrics(p.result);
        const cells = p.values.map(String);
        if (p.result.status === 'interrupted') cells[cells.length - 1] += ` (${p.result.trials} trials)`;
        return [...cells, pctText(k.p_zero_leakers), meanText(k.expected_leakers), meanText(k.interceptors_fired)];
      }),
    ];
    const what = grid
      ? `grid of ${fields.map((v) => `${v.path} (${v.values.length})`).join(' x ')}, ${cases.length} combinations`
      : `sweep of ${fields[0].path} over ${fields[0].values.length} values`;
    io.stdout(
      `${basename(file)}${nation !== undefined ? ` as ${nation} sees it` : ''}: ${what}, ${fmt(trials)} trials each, seeds ${seed}–${seed + trials - 1} for every ${grid ? 'combination' : 'value'}, ${workers} worker${workers === 1 ? '' : 's'}${interrupted ? ` (INTERRUPTED after ${points.length} of ${cases.length})` : ''}\n${columns(rows)}`,
    );
    if (written) io.stdout(`\nwritten: ${written.paths.join(', ')}${chosen.base ? ' (open report.html in a browser)' : ''}`);
  }
  return interrupted ? 130 : 0;
}

type Band = { mean: number; low: number; high: number };
const leakOf = (r: CampaignResult): Band => ({
  mean: r.metrics.expectedLeakers.mean,
  low: r.metrics.expectedLeakers.ci[0],
  high: r.metrics.expectedLeakers.ci[1],
});
const pZeroOf = (r: CampaignResult): Band => ({
  mean: 100 * r.metrics.pZeroLeakers.p,
  low: 100 * r.metrics.pZeroLeakers.ci[0],
  high: 100 * r.metrics.pZeroLeakers.ci[1],
});
const spentOf = (r: CampaignResult): Band => {
  const e = r.cost?.spent;
  return e ? { mean: e.mean / 1e6, low: e.ci[0] / 1e6, high: e.ci[1] / 1e6 } : { mean: NaN, low: NaN, high: NaN };
};
const firedOf = (r: CampaignResult): Band => ({
  mean: r.metrics.interceptors.total.mean,
  low: r.metrics.interceptors.total.ci[0],
  high: r.metrics.interceptors.total.ci[1],
});

/** The sweep's report: the base case's campaign report, with the sweep's curves (or the grid's heat maps and curves) up front. */
function sweepReportInput(file: string, fields: readonly Vary[], points: SweepPoint[], baseIndex: number, base: BaseCase): ReportInput {
  const { world, weaponTypes } = base;
  const info = scenarioInfo(base.scenario.scenario, file, base.scenario.request.epoch);
  const basePoint = points[baseIndex];
  const input = campaignReportInput(basePoint.result, world, {
    file,
    ...info,
    weaponTypes,
    unitCostSources: base.unitCostSources,
    generatedAt: new Date().toISOString(),
  });
  const [xf, yf] = fields;
  const numeric = xf.kind === 'number';
  const xOf = (v: EditValue): number => (numeric ? (v as number) : xf.values.indexOf(v) + 1);
  const xLabel = numeric ? xf.path : `${xf.path} (${xf.values.map((v, i) => `${i + 1} = ${String(v)}`).join(', ')})`;
  /** One series per value of the second field (one series in all for a one-field sweep). */
  const family = (pick: (r: CampaignResult) => Band, name: string) => {
    const groups = yf
      ? yf.values.map((w) => ({ name: `${yf.path} = ${String(w)}`, pts: points.filter((p) => p.values[1] === w) }))
      : [{ name, pts: points }];
    return groups
      .filter((g) => g.pts.length > 0)
      .map((g) => {
        const v = g.pts.map((p) => pick(p.result));
        return {
          name: g.name,
          points: v.map((e, i): [number, number] => [xOf(g.pts[i].values[0]), e.mean]),
          low: v.map((e) => e.low),
          high: v.map((e) => e.high),
        };
      });
  };
  const first = points[0].result,
    last = points[points.length - 1].result;
  const trials = first.trials;
  const label = (p: SweepPoint): string => caseLabel(fields, p.values);
  const heat = (title: string, colorLabel: string, pick: (r: CampaignResult) => Band, unit: string) => ({
    title,
    xLabel: xf.path,
    yLabel: yf.path,
    colorLabel,
    cells: points.map((p) => {
      const e = pick(p.result);
      return { x: String(p.values[0]), y: String(p.values[1]), value: e.mean, low: e.low, high: e.high, unit };
    }),
    xOrder: xf.values.map(String),
    yOrder: yf.values.map(String),
  });
  return {
    ...input,
    title: `Golden Dome sweep: ${info.name}, ${fields.map((v) => v.path).join(' x ')}`,
    headline: [
      yf
        ? `Grid of ${xf.path} (${xf.values.map(String).join(', ')}) and ${yf.path} (${yf.values.map(String).join(', ')}): ${points.length} combinations, ${trials.toLocaleString('en-US')} trials each with the same seeds (${first.seed}–${first.seed + trials - 1}).`
        : `Sweep of ${xf.path} over ${xf.values.map(String).join(', ')}: ${trials.toLocaleString('en-US')} trials per value with the same seeds (${first.seed}–${first.seed + trials - 1}).`,
      `Warheads leaking per trial went from ${first.metrics.expectedLeakers.mean.toFixed(2)} at ${label(points[0])} to ${last.metrics.expectedLeakers.mean.toFixed(2)} at ${label(points[points.length - 1])}; P(no warhead leaks) from ${(100 * first.metrics.pZeroLeakers.p).toFixed(1)} % to ${(100 * last.metrics.pZeroLeakers.p).toFixed(1)} %.`,
      `The figures and map below are the case ${label(basePoint)}.`,
      ...input.headline,
    ],
    ...(yf
      ? {
          heatmaps: [
            heat('Leakage over the grid', 'warheads leaking per trial', leakOf, ''),
            heat('Probability of no leaker over the grid', 'P(no warhead leaks), %', pZeroOf, '%'),
          ],
        }
      : {}),
    curves: [
      { title: 'Leakage', xLabel, yLabel: 'warheads leaking per trial', series: family(leakOf, 'warheads leaking per trial') },
      { title: 'Probability of no leaker', xLabel, yLabel: 'P(no warhead leaks), %', series: family(pZeroOf, 'P(no warhead leaks)') },
      {
        title: 'Interceptors expended',
        xLabel,
        yLabel: 'interceptors fired per trial',
        series: family(firedOf, 'interceptors fired per trial'),
      },
      ...(points.every((p) => p.result.cost && p.result.cost.spent.n > 0)
        ? [
            {
              title: 'Interceptor spending',
              xLabel,
              yLabel: `US$ million${points[0]?.result.cost?.dollarYear != null ? ` of ${points[0].result.cost.dollarYear}` : ''} per trial (priced types)`,
              series: family(spentOf, 'interceptors spent per trial'),
            },
          ]
        : []),
    ],
    assumptions: [
      ...fields.map((v) => ({
        item: 'Varied',
        value: `${v.path} = ${v.values.map(String).join(', ')} (other fields as in the file)`,
        source: 'this sweep',
      })),
      ...input.assumptions,
    ],
    trialsCsvName: 'trials.csv',
  };
}
