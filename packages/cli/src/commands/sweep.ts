import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { World } from '@golden-dome/core';
import type { LoadedScenario as ScenarioFile } from '@golden-dome/scenario';
import type { MeanEstimate, ProportionEstimate } from '../../../core/src/analysis/intervals.ts';
import { campaignReportInput } from '../campaign/campaign-report.ts';
import { resultsJson } from '../campaign/results.ts';
import { type CampaignProgress, type CampaignResult, runCampaign } from '../campaign/runner.ts';
import { campaignScenario, editScenario, type EditValue, MAX_SWEEP_VALUES, parseVary, readScenarioBase, scenarioWorld } from '../campaign/scenario-edit.ts';
import { fmt } from '../output/format.ts';
import { writeFileAtomic } from '../output/write-file.ts';
import type { ReportInput } from '../report/report-input.ts';
import { writeReport } from '../report/write-report.ts';
import { numberFlag, UsageError } from '../usage-error.ts';

export const SWEEP_HELP = `dome sweep — one campaign per value of a scenario field, with the same seeds

  dome sweep SCENARIO.yaml --vary PATH=v1,v2,… [--trials N] [--workers K] [--seed S] [--out DIR]
                           [--force] [--json]

  PATH names a field of the scenario file by its keys and list indices joined by dots, e.g.
    --vary architecture.space_layers.0.per_plane=10,20,40     (constellation size)
    --vary architecture.batteries.0.inventory=4,8,16          (interceptor inventory)
    --vary raid.0.count=1,2,4                                 (salvo size)
  Every value is checked by the scenario loader before any campaign runs. At most ${MAX_SWEEP_VALUES} values; numbers
  unless the field holds a string. Each value runs trials with seeds S … S+N-1 (common random numbers), so
  differences between values are not sampling noise from different seeds.

  --trials N   trials per value (default: the scenario's monte_carlo.trials, else 1,000)
  --workers K  worker threads (default: the machine's ${availableParallelism()} processors)
  --seed S     first seed (default: the scenario's monte_carlo.seed, else 1)
  --out DIR    write sweep.json, sweep.csv and report.html (leakage curves) there; a folder that already holds
               files is refused unless --force
  --json       print sweep.json to stdout instead of the table`;

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

/** Checks --out before any work: refuses a file, or a folder holding anything unless --force. */
export function prepareOut(dir: string, force: boolean, files: string): string {
  const full = resolve(dir);
  if (existsSync(full)) {
    if (!statSync(full).isDirectory()) throw new UsageError(`--out ${dir}: is a file, not a folder`);
    if (!force && readdirSync(full).length > 0) throw new UsageError(`--out ${dir}: folder is not empty (use --force to replace ${files} in it)`);
  } else {
    try {
      mkdirSync(full, { recursive: true });
    } catch (e) {
      throw new UsageError(`--out ${dir}: cannot create the folder (${(e as Error).message})`);
    }
  }
  return full;
}

export function intFlag(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  const v = numberFlag(flag, text, min, max);
  if (v !== undefined && !Number.isInteger(v)) throw new UsageError(`--${flag} must be a whole number, got ${v}`);
  return v;
}

/** Parses a campaign command's flags (plus `extra`), naming a bad flag and showing the help. */
export function parseCampaignArgs(argv: string[], help: string) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        trials: { type: 'string' }, workers: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' },
        force: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        vary: { type: 'string', multiple: true }, // dome sweep only
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify.*$/s, '')}\n\n${help}`);
  }
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
export async function withInterrupt<T>(io: CampaignIo, command: string, given: AbortSignal | undefined, body: (signal: AbortSignal) => Promise<T>): Promise<T> {
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
export function keyMetrics(r: CampaignResult): { p_zero_leakers: KeyMetric; expected_leakers: KeyMetric; interceptors_fired: KeyMetric; leakage: KeyMetric } {
  const m = r.metrics;
  const p = (e: ProportionEstimate): KeyMetric => ({ value: r6(e.p), ci95: [r6(e.ci[0]), r6(e.ci[1])] });
  const mean = (e: MeanEstimate): KeyMetric => ({ value: r6(e.mean), ci95: [r6(e.ci[0]), r6(e.ci[1])] });
  return { p_zero_leakers: p(m.pZeroLeakers), expected_leakers: mean(m.expectedLeakers), interceptors_fired: mean(m.interceptors.total), leakage: mean(m.leakage) };
}

export interface KeyMetric {
  value: number | null;
  ci95: [number | null, number | null];
}

const pctText = (k: KeyMetric): string => `${fmt(100 * (k.value ?? NaN), 1)} % (${fmt(100 * (k.ci95[0] ?? NaN), 1)}–${fmt(100 * (k.ci95[1] ?? NaN), 1)})`;
const meanText = (k: KeyMetric): string => `${fmt(k.value ?? NaN, 2)} (${fmt(k.ci95[0] ?? NaN, 2)}–${fmt(k.ci95[1] ?? NaN, 2)})`;

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
export function scenarioInfo(scenario: unknown, file: string, epoch: string): { name: string; summary: string; sources: string[]; epoch: string; text?: string } {
  const sc = (scenario ?? {}) as { name?: string; summary?: string; description?: string; sources?: string[]; epoch?: string };
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  return { name: sc.name ?? basename(file), summary: sc.summary ?? sc.description ?? '', sources: sc.sources ?? [], epoch: sc.epoch ?? epoch, text };
}

interface BaseCase {
  world: World;
  scenario: ScenarioFile;
  weaponTypes: Record<string, string>;
}

interface SweepPoint {
  value: EditValue;
  result: CampaignResult;
}

export async function sweepCommand(argv: string[], io: CampaignIo, deps: CampaignCommandDeps = {}): Promise<number> {
  const parsed = parseCampaignArgs(argv, SWEEP_HELP);
  const f = parsed.values;
  if (f.help) {
    io.stdout(SWEEP_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError(`${parsed.positionals.length === 0 ? 'a scenario file is required' : `one scenario file, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`}\n\n${SWEEP_HELP}`);
  }
  const varies = f.vary ?? [];
  if (varies.length === 0) throw new UsageError(`--vary PATH=v1,v2,… is required\n\n${SWEEP_HELP}`);
  if (varies.length > 1) throw new UsageError('one --vary per sweep (a grid of several fields is not supported yet)');
  const file = parsed.positionals[0];
  const trialsFlag = intFlag('trials', f.trials, 1, 10_000_000);
  const workersFlag = intFlag('workers', f.workers, 1, 1024);
  const seedFlag = intFlag('seed', f.seed, 0, 2 ** 32 - 1);
  if (f.force && f.out === undefined) throw new UsageError('--force applies with --out');
  const out = f.out === undefined ? null : prepareOut(f.out, f.force === true, 'sweep.json, sweep.csv and report.html');

  // Every value is checked (by the scenario loader's rules) before any campaign runs.
  const base = readScenarioBase(file);
  const vary = parseVary(varies[0], base.loaded.yaml.data, file);
  const cases = vary.values.map((v) => ({ value: v, scenario: editScenario(base, vary.keys, v, vary.path) }));
  const baseMc = campaignScenario(base.loaded).monteCarlo;
  const trials = trialsFlag ?? baseMc.trials ?? 1000;
  const seed = seedFlag ?? baseMc.seed ?? 1;
  const workers = workersFlag ?? baseMc.workers ?? availableParallelism();
  const progress = deps.onProgress ?? defaultCampaignProgress(io);

  const points: SweepPoint[] = [];
  const chosen: { base: BaseCase | null; index: number } = { base: null, index: 0 };
  const fileValue = (() => {
    let node: unknown = base.loaded.yaml.data;
    for (const k of vary.keys) node = (node as Record<string | number, unknown> | undefined)?.[k];
    return node;
  })();
  await withInterrupt(io, 'sweep', deps.signal, async (signal) => {
    for (const [i, c] of cases.entries()) {
      if (signal.aborted) break;
      const label = `${vary.path}=${String(c.value)}`;
      const world = scenarioWorld(c.scenario, label);
      const cs = campaignScenario(c.scenario);
      const result = await runCampaign(world, { trials, seed, workers, weaponTypes: cs.weaponTypes, signal, onProgress: (p) => progress(p, label) });
      points.push({ value: c.value, result });
      if (i === 0 || c.value === fileValue) {
        chosen.base = { world, scenario: c.scenario, weaponTypes: cs.weaponTypes };
        chosen.index = i;
      }
      if (result.status === 'interrupted') break;
    }
  });
  const interrupted = points.length < cases.length || points.some((p) => p.result.status === 'interrupted');

  const json = {
    scenario: file,
    vary: { path: vary.path, values: vary.values },
    status: interrupted ? 'interrupted' : 'complete',
    trials_per_value: trials,
    seeds: [seed, seed + trials - 1],
    common_random_numbers: 'every value runs the same seeds',
    workers,
    intervals: 'Wilson score interval for probabilities; mean ± 1.96 s/√n for means',
    points: points.map((p) => ({ value: p.value, ...keyMetrics(p.result), results: { ...resultsJson(p.result), aggregate: undefined } })),
  };
  const header = ['value', 'status', 'trials', 'p_zero_leakers', 'p_zero_leakers_low', 'p_zero_leakers_high', 'expected_leakers', 'expected_leakers_low', 'expected_leakers_high',
    'leakage', 'leakage_low', 'leakage_high', 'interceptors_fired', 'interceptors_fired_low', 'interceptors_fired_high'];
  const csvRows = points.map((p) => {
    const k = keyMetrics(p.result);
    return [String(p.value), p.result.status, p.result.trials, ...[k.p_zero_leakers, k.expected_leakers, k.leakage, k.interceptors_fired].flatMap((m) => [m.value, m.ci95[0], m.ci95[1]])];
  });
  const csv = `${[header, ...csvRows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;

  if (out) {
    writeFileAtomic(join(out, 'sweep.json'), `${JSON.stringify(json, null, 2)}\n`);
    writeFileAtomic(join(out, 'sweep.csv'), csv);
    if (chosen.base) await writeReport(out, sweepReportInput(file, vary.path, vary.kind, points, chosen.index, chosen.base));
  }
  if (f.json) io.stdout(JSON.stringify(json, null, 2));
  else {
    const rows = [[vary.path, 'P(no warhead leaks) [95 %]', 'warheads leaking [95 %]', 'interceptors fired [95 %]'],
      ...points.map((p) => {
        const k = keyMetrics(p.result);
        return [`${String(p.value)}${p.result.status === 'interrupted' ? ` (${p.result.trials} trials)` : ''}`, pctText(k.p_zero_leakers), meanText(k.expected_leakers), meanText(k.interceptors_fired)];
      })];
    io.stdout(`${basename(file)}: sweep of ${vary.path} over ${vary.values.length} values, ${fmt(trials)} trials each, seeds ${seed}–${seed + trials - 1} for every value, ${workers} worker${workers === 1 ? '' : 's'}${interrupted ? ` (INTERRUPTED after ${points.length} value${points.length === 1 ? '' : 's'})` : ''}\n${columns(rows)}`);
    if (out) io.stdout(`\nwritten: ${join(out, 'sweep.json')}, ${join(out, 'sweep.csv')}${chosen.base ? `, ${join(out, 'report.html')} (open it in a browser)` : ''}`);
  }
  return interrupted ? 130 : 0;
}

/** The sweep's report: the base case's campaign report, with the sweep's curves and table up front. */
function sweepReportInput(
  file: string, path: string, kind: 'number' | 'string' | 'boolean', points: SweepPoint[], baseIndex: number, base: BaseCase,
): ReportInput {
  const { world, weaponTypes } = base;
  const info = scenarioInfo(base.scenario.scenario, file, base.scenario.request.epoch);
  const basePoint = points[baseIndex];
  const input = campaignReportInput(basePoint.result, world, { file, ...info, weaponTypes, generatedAt: new Date().toISOString() });
  const numeric = kind === 'number';
  const xs = points.map((p, i) => (numeric ? (p.value as number) : i + 1));
  const xLabel = numeric ? path : `${path} (${points.map((p, i) => `${i + 1} = ${String(p.value)}`).join(', ')})`;
  const series = (name: string, pick: (r: CampaignResult) => { mean: number; low: number; high: number }) => {
    const v = points.map((p) => pick(p.result));
    return { name, points: v.map((e, i): [number, number] => [xs[i], e.mean]), low: v.map((e) => e.low), high: v.map((e) => e.high) };
  };
  const leak = series('warheads leaking per trial', (r) => ({ mean: r.metrics.expectedLeakers.mean, low: r.metrics.expectedLeakers.ci[0], high: r.metrics.expectedLeakers.ci[1] }));
  const pZero = series('P(no warhead leaks)', (r) => ({ mean: 100 * r.metrics.pZeroLeakers.p, low: 100 * r.metrics.pZeroLeakers.ci[0], high: 100 * r.metrics.pZeroLeakers.ci[1] }));
  const fired = series('interceptors fired per trial', (r) => ({ mean: r.metrics.interceptors.total.mean, low: r.metrics.interceptors.total.ci[0], high: r.metrics.interceptors.total.ci[1] }));
  const first = points[0].result, last = points[points.length - 1].result;
  const trials = first.trials;
  return {
    ...input,
    title: `Golden Dome sweep: ${info.name}, ${path}`,
    headline: [
      `Sweep of ${path} over ${points.map((p) => String(p.value)).join(', ')}: ${trials.toLocaleString('en-US')} trials per value with the same seeds (${first.seed}–${first.seed + trials - 1}).`,
      `Warheads leaking per trial went from ${first.metrics.expectedLeakers.mean.toFixed(2)} at ${String(points[0].value)} to ${last.metrics.expectedLeakers.mean.toFixed(2)} at ${String(points[points.length - 1].value)}; P(no warhead leaks) from ${(100 * first.metrics.pZeroLeakers.p).toFixed(1)} % to ${(100 * last.metrics.pZeroLeakers.p).toFixed(1)} %.`,
      `The figures and map below are the case ${path} = ${String(basePoint.value)}.`,
      ...input.headline,
    ],
    curves: [
      { title: 'Leakage', xLabel, yLabel: 'warheads leaking per trial', series: [leak] },
      { title: 'Probability of no leaker', xLabel, yLabel: 'P(no warhead leaks), %', series: [pZero] },
      { title: 'Interceptors expended', xLabel, yLabel: 'interceptors fired per trial', series: [fired] },
    ],
    assumptions: [
      { item: 'Varied', value: `${path} = ${points.map((p) => String(p.value)).join(', ')} (other fields as in the file)`, source: 'this sweep' },
      ...input.assumptions,
    ],
    trialsCsvName: undefined,
  };
}
