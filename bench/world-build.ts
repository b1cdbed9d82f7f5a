/**
 * How long building a scenario's world takes, step by step (issue 12: the Russian polar raid under 5 s).
 * `node packages/cli/bin/run-ts.mjs bench/world-build.ts [scenario ...] [--repeats N] [--truth-tracks]`
 * (default: nk-2029-salvo, russia-polar-raid, china-mixed; 1 repeat). Prints, per scenario and repeat,
 * the seconds of each step: load (YAML, schema, policy), flights (every missile flown), architecture
 * (sensors and weapons resolved), windows (every battery's launch window against every object),
 * infrared (PWSA stereo fixes, launch warnings), radar-looks (estimated tracks only), total.
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
  seconds: number;
  load_s: number;
  phases: Partial<Record<BuildPhase, number>>;
}

const round = (x: number): number => Number(x.toFixed(3));

/** Loads and builds one scenario's world once, timing each step. */
export function timeWorldBuild(scenario: string, tracks?: 'estimated' | 'truth', dir = DIR): WorldBuildLine {
  const t0 = performance.now();
  const request = loadScenario(join(dir, `${scenario}.yaml`)).request;
  const load = (performance.now() - t0) / 1000;
  const phases: Partial<Record<BuildPhase, number>> = {};
  const world = buildWorld(tracks ? { ...request, tracks } : request, { onPhase: (p, s) => { phases[p] = round(s); } });
  return {
    workload: 'world-build', impl: 'golden-dome', scenario, tracks: world.settings.tracks ?? 'estimated',
    objects: world.objects.length, batteries: world.batteries.length,
    seconds: round((performance.now() - t0) / 1000), load_s: round(load), phases,
  };
}

const isEntry = import.meta.url === pathToFileURL(process.argv[1] ?? '').href
  // through packages/cli/bin/run-ts.mjs, argv[1] is the loader; bench/run.ts marks itself before importing this file
  || (process.argv[1]?.endsWith('run-ts.mjs') === true && !(globalThis as { goldenDomeBenchRunner?: boolean }).goldenDomeBenchRunner);
if (isEntry) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { repeats: { type: 'string', default: '1' }, 'truth-tracks': { type: 'boolean', default: false } } });
  const repeats = Number(values.repeats);
  for (const name of positionals.length > 0 ? positionals : WORLD_BUILD_SCENARIOS) {
    for (let r = 0; r < repeats; r++) {
      const line = timeWorldBuild(name, values['truth-tracks'] ? 'truth' : undefined);
      const steps = Object.entries(line.phases).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
      console.log(`${name} (${line.objects} objects, ${line.batteries} batteries): total ${line.seconds.toFixed(2)} s = load ${line.load_s.toFixed(2)}, ${steps}`);
    }
  }
}
