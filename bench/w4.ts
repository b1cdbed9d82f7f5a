/**
 * Benchmark W4 "campaign" of bench/WORKLOADS.md: end-to-end Monte Carlo, 1,000 trials, with
 * 1 worker and with 2; trials per second, parallel efficiency, peak memory, and the 95 % interval of
 * leakage (which must agree between the two worker counts — here it is identical: the campaign runner's
 * aggregates do not depend on the worker count).
 *
 * The scenario: the reference study of the scenario library, the one `npm start` runs
 * (packages/scenario/scenarios/nk-2029-salvo.yaml: four ICBMs with decoys against radars, NGI/GBI and a
 * space-based layer).
 *
 * `seconds` is the whole campaign: worker start, each worker's first trials (which fill its per-world
 * launch-window cache), every trial, and the merge. `leakage` is the mean share of warheads that leak
 * per trial, `leakage_ci` its 95 % interval. Standalone: `npx tsx bench/w4.ts [--repeats N] [--trials N]`.
 */
import { pathToFileURL } from 'node:url';
import type { World } from '../packages/core/src/index.ts';
import { join } from 'node:path';
import { buildWorld, loadScenario } from '../packages/scenario/src/index.ts';
import { SCENARIO_DIR } from '../packages/scenario/src/scenario/scenario-loader.ts';
import { REFERENCE_SCENARIO } from '../packages/cli/src/commands/demo.ts';
import { runCampaign } from '../packages/cli/src/campaign/runner.ts';
import { weaponTypesOf } from '../packages/cli/src/campaign/scenario-source.ts';

export const W4_TRIALS = 1000;
/** W4-bomber (issue 15): the same campaign on the Russian bomber raid (air tracks, fighters, NASAMS). */
export const W4_BOMBER_SCENARIO = 'russia-bomber-raid';
export const W4_WORKERS = [1, 2];

export interface W4Line {
  workload: 'W4' | 'W4-bomber';
  impl: 'golden-dome';
  scenario: string;
  workers: number;
  trials: number;
  seconds: number;
  seconds_min: number;
  seconds_max: number;
  repeats: number;
  trials_per_s: number;
  startup_s: number;
  peak_mb: number;
  leakage: number;
  leakage_ci: [number, number];
  expected_leakers: number;
  parallel_efficiency?: number;
  speedup?: number;
}

export const round = (x: number, d: number): number => Number(x.toFixed(d));
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};
/** The W4 campaigns' world: the reference scenario's (or a library scenario's), with its weapons' interceptor types (W4, W4-redis, W4-bomber). */
export function w4World(scenario?: string): { world: World; weaponTypes: Record<string, string> } {
  const request = loadScenario(scenario ? join(SCENARIO_DIR, `${scenario}.yaml`) : REFERENCE_SCENARIO).request;
  return { world: buildWorld(request), weaponTypes: weaponTypesOf(request) };
}

/** A W4 benchmark run as a script: `--repeats N` and `--trials N`, one JSON line per result, failures on stderr (exit 1). */
export async function runStandalone<L>(
  name: string,
  trials: number,
  run: (options: { repeats: number; trials: number; note: (s: string) => void }) => Promise<{ lines: L[]; failures: string[] }>,
): Promise<void> {
  const arg = (flag: string, dflt: number): number => {
    const i = process.argv.indexOf(flag);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const { lines, failures } = await run({
    repeats: arg('--repeats', 1),
    trials: arg('--trials', trials),
    note: (s) => console.error(`# ${s}`),
  });
  for (const l of lines) console.log(JSON.stringify(l));
  for (const f of failures) console.error(`${name}: FAILED: ${f}`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

const peakMb = (): number => round(process.resourceUsage().maxRSS / 1024, 1); // KiB; this process (workers are threads of it)

export async function runW4(options: {
  repeats: number;
  note: (s: string) => void;
  trials?: number;
  /** a library scenario instead of the reference (W4-bomber) */
  scenario?: string;
}): Promise<{ lines: W4Line[]; failures: string[] }> {
  const trials = options.trials ?? W4_TRIALS;
  const failures: string[] = [];
  const { world, weaponTypes } = w4World(options.scenario);
  const scenario = options.scenario ?? 'nk-2029-salvo';
  const W = options.scenario ? 'W4-bomber' : 'W4';
  options.note(
    `${W}: scenario ${scenario} (${world.missiles.length} missiles, ${world.objects.length} objects, ${world.aircraft?.length ?? 0} aircraft), ${trials} trials`,
  );
  const runs = new Map<number, Awaited<ReturnType<typeof runCampaign>>[]>(W4_WORKERS.map((k) => [k, []]));
  // interleaved repeats, so a slow spell of the (shared) machine hits both worker counts alike
  for (let rep = 0; rep < options.repeats; rep++) {
    for (const k of W4_WORKERS) (runs.get(k) as unknown[]).push(await runCampaign(world, { trials, seed: 1, workers: k, weaponTypes }));
  }
  const lines: W4Line[] = [];
  for (const k of W4_WORKERS) {
    const rs = runs.get(k) as Awaited<ReturnType<typeof runCampaign>>[];
    const secs = rs.map((r) => r.seconds);
    const med = median(secs);
    const r = rs[0];
    const leak = r.metrics.leakage;
    lines.push({
      workload: W,
      impl: 'golden-dome',
      scenario,
      workers: k,
      trials: r.trials,
      seconds: round(med, 3),
      seconds_min: round(Math.min(...secs), 3),
      seconds_max: round(Math.max(...secs), 3),
      repeats: rs.length,
      trials_per_s: round(r.trials / med, 2),
      startup_s: round(median(rs.map((x) => x.startupSeconds)), 3),
      peak_mb: peakMb(),
      leakage: round(leak.mean, 6),
      leakage_ci: [round(leak.ci[0], 6), round(leak.ci[1], 6)],
      expected_leakers: round(r.metrics.expectedLeakers.mean, 6),
    });
    for (const x of rs)
      if (JSON.stringify(x.aggregate) !== JSON.stringify(r.aggregate))
        failures.push(`${W} workers=${k}: repeats gave different aggregates`);
  }
  const one = lines.find((l) => l.workers === 1);
  for (const l of lines) {
    if (!one || l.workers === 1) continue;
    l.speedup = round(l.trials_per_s / one.trials_per_s, 3);
    l.parallel_efficiency = round(l.speedup / l.workers, 3);
    options.note(
      `${W}: ${l.workers} workers: ${l.speedup}x the 1-worker rate, parallel efficiency ${(100 * l.parallel_efficiency).toFixed(0)} % (target: >= 1.8x with 2 workers)`,
    );
    // the same seeds: the interval must agree (it is in fact identical)
    const a = runs.get(1)?.[0].aggregate;
    const b = runs.get(l.workers)?.[0].aggregate;
    if (JSON.stringify(a) !== JSON.stringify(b))
      failures.push(`${W}: the aggregate with ${l.workers} workers differs from the 1-worker one`);
    if (!(l.leakage >= one.leakage_ci[0] && l.leakage <= one.leakage_ci[1]))
      failures.push(`${W}: leakage ${l.leakage} with ${l.workers} workers is outside the 1-worker interval ${one.leakage_ci.join('–')}`);
  }
  const peak = Math.max(...lines.map((l) => l.peak_mb));
  if (peak > 1024) failures.push(`${W}: peak memory ${peak} MB exceeds 1 GiB`);
  return { lines, failures };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--scenario');
  const scenario = i > 0 ? process.argv[i + 1] : undefined;
  await runStandalone(scenario ? 'W4-bomber' : 'W4', W4_TRIALS, (o) => runW4({ ...o, scenario }));
}
