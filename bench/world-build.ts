/**
 * How long building a scenario's world takes, step by step (issue 12: the Russian polar raid under 5 s).
 * `node packages/cli/bin/run-ts.mjs bench/world-build.ts [scenario ...] [--repeats N] [--truth-tracks]`
 * (default: nk-2029-salvo, russia-polar-raid, china-mixed; 1 repeat). Prints, per scenario and repeat,
 * the seconds of each step: load (YAML, schema, policy), flights (every missile flown), architecture
 * (sensors and weapons resolved), windows (every battery's launch window against every object), the sensor
 * kinds' tables: tables:radar (the radar looks, estimated tracks only), tables:space-ir (PWSA stereo fixes,
 * launch warnings), total; wall-clock
 * seconds, with the process's CPU seconds in brackets (the steadier figure when the machine is shared).
 * `npm run bench -- world-build` runs the same through bench/run.ts.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type BuildPhase, buildWorld, loadScenario } from '../packages/scenario/src/index.ts';

export const WORLD_BUILD_SCENARIOS = ['nk-2029-salvo', 'russia-polar-raid', 'china-mixed'];
const DIR = join('packages', 'scenario', 'scenarios');

export interface WorldBuildLine {
  workload: 'world-build';
  impl: 'golden-dome';
  scenario: string;
  tracks: 'estimated' | 'truth';
  objects: number;
  batteries: number;
  /** Wall-clock seconds, load included, and the process's CPU seconds (user + system: on a shared machine the steadier figure). */
  seconds: number;
  cpu_s: number;
  load_s: number;
  /** Wall-clock and CPU seconds of each step of buildWorld. */
  phases: Partial<Record<BuildPhase, number>>;
  phases_cpu: Partial<Record<BuildPhase, number>>;
}

const round = (x: number): number => Number(x.toFixed(3));
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Loads and builds one scenario's world once, timing each step. */
export function timeWorldBuild(scenario: string, tracks?: 'estimated' | 'truth', dir = DIR): WorldBuildLine {
  const t0 = performance.now(),
    c0 = cpuSeconds();
  const request = loadScenario(join(dir, `${scenario}.yaml`)).request;
  const load = (performance.now() - t0) / 1000;
  const phases: Partial<Record<BuildPhase, number>> = {},
    phasesCpu: Partial<Record<BuildPhase, number>> = {};
  let c = cpuSeconds();
  const world = buildWorld(tracks ? { ...request, tracks } : request, {
    onPhase: (p, s) => {
      const now = cpuSeconds();
      phases[p] = round(s);
      phasesCpu[p] = round(now - c);
      c = now;
    },
  });
  return {
    workload: 'world-build',
    impl: 'golden-dome',
    scenario,
    tracks: world.settings.tracks ?? 'estimated',
    objects: world.objects.length,
    batteries: world.batteries.length,
    seconds: round((performance.now() - t0) / 1000),
    cpu_s: round(cpuSeconds() - c0),
    load_s: round(load),
    phases,
    phases_cpu: phasesCpu,
  };
}

/** One line for people: wall seconds per step, CPU seconds in brackets. */
export function worldBuildSummary(line: WorldBuildLine): string {
  const steps = Object.entries(line.phases)
    .map(([k, v]) => `${k} ${(v ?? NaN).toFixed(2)} (${(line.phases_cpu[k as BuildPhase] ?? NaN).toFixed(2)})`)
    .join(', ');
  return `${line.scenario} (${line.objects} objects, ${line.batteries} batteries): total ${line.seconds.toFixed(2)} s (CPU ${line.cpu_s.toFixed(2)} s) = load ${line.load_s.toFixed(2)}, ${steps}`;
}

const isEntry =
  import.meta.url === pathToFileURL(process.argv[1] ?? '').href ||
  // through packages/cli/bin/run-ts.mjs, argv[1] is the loader; bench/run.ts marks itself before importing this file
  (process.argv[1]?.endsWith('run-ts.mjs') === true && !(globalThis as { goldenDomeBenchRunner?: boolean }).goldenDomeBenchRunner);
if (isEntry) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { repeats: { type: 'string', default: '1' }, 'truth-tracks': { type: 'boolean', default: false } },
  });
  const repeats = Number(values.repeats);
  for (const name of positionals.length > 0 ? positionals : WORLD_BUILD_SCENARIOS) {
    for (let r = 0; r < repeats; r++) {
      const line = timeWorldBuild(name, values['truth-tracks'] ? 'truth' : undefined);
      console.log(worldBuildSummary(line));
    }
  }
}
