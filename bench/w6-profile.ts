/**
 * One W6 size, step by step, for profiling (bench/RESULTS.md, "W6 raid scale"): builds the world of
 * bench/w6/w6-r<R>.yaml (printing each build phase's wall and CPU seconds) or reads it from a file written
 * earlier (v8-serialized, as `bench/w6.ts --cache` writes), then runs the named seeds one by one, printing
 * each trial's events, CPU seconds and the process's RSS and peak RSS. Run it under the profiler:
 *
 *   node --cpu-prof --cpu-prof-dir=DIR packages/cli/bin/run-ts.mjs bench/w6-profile.ts 100 --seeds 2 [--no-sbi]
 *   node packages/cli/bin/run-ts.mjs bench/w6-profile.ts 1000 --save FILE        (build once, keep)
 *   node packages/cli/bin/run-ts.mjs bench/w6-profile.ts 1000 --load FILE --seeds 2,3 [--digest]
 *
 * `--digest` prints each trial log's SHA-256 (a change meant to leave trials alone must leave it).
 *
 * (At R = 1,000 give the heap room: NODE_OPTIONS=--max-old-space-size=7000.)
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { runTrial, type World } from '../packages/core/src/index.ts';
import { buildScenarioWorld, loadScenario } from '../packages/scenario/src/index.ts';
import { w6File } from './w6/generate.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seeds: { type: 'string', default: '' },
    'no-sbi': { type: 'boolean', default: false },
    load: { type: 'string' },
    save: { type: 'string' },
    digest: { type: 'boolean', default: false },
  },
});
const r = Number(positionals[0] ?? 100);
const seeds = values.seeds
  .split(',')
  .filter(Boolean)
  .map(Number)
  .filter((s) => Number.isInteger(s));
if (!(r > 0)) {
  console.error('usage: w6-profile.ts R [--seeds 2,3] [--no-sbi] [--digest] [--load FILE | --save FILE]');
  process.exit(2);
}
const cpu = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const mb = (bytes: number): string => (bytes / 1e6).toFixed(0);

let world: World;
let c = cpu();
if (values.load) {
  world = deserialize(readFileSync(values.load)) as World;
  console.error(`world read from ${values.load} in ${(cpu() - c).toFixed(1)} s CPU`);
} else {
  const loaded = loadScenario(w6File(r));
  if (values['no-sbi']) loaded.request.spaceLayers = [];
  world = buildScenarioWorld(loaded, {
    onPhase: (p, s) => {
      const now = cpu();
      console.error(`${p}: ${s.toFixed(1)} s wall, ${(now - c).toFixed(1)} s CPU`);
      c = now;
    },
  });
}
console.error(`${world.objects.length} objects, ${world.batteries.length} batteries`);
if (values.save) {
  writeFileSync(values.save, serialize(world));
  console.error(`world written to ${values.save}`);
}
for (const s of seeds) {
  const c0 = cpu();
  const events = runTrial(world, s);
  const n = events.length;
  // --digest: the log's SHA-256 (one JSON event a line, as bench/trial-logs.ts writes it), to check a change leaves the trial alone
  const digest = values.digest
    ? `, log sha256 ${createHash('sha256')
        .update(events.map((e) => JSON.stringify(e)).join('\n') + '\n')
        .digest('hex')}`
    : '';
  console.error(
    `seed ${s}: ${n} events${digest}, ${(cpu() - c0).toFixed(1)} s CPU, RSS ${mb(process.memoryUsage().rss)} MB, peak ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
  );
}
