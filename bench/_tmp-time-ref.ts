import { runTrial, summarizeTrial, trialSummaryContext } from '@golden-dome/core';
import { loadScenario, buildScenarioWorld } from '@golden-dome/scenario';
const name = process.argv[2] ?? 'nk-2029-salvo';
const mode = (process.argv[3] ?? 'estimated') as 'estimated' | 'truth';
let t0 = performance.now();
const world = buildScenarioWorld(loadScenario(`packages/scenario/scenarios/${name}.yaml`));
world.settings.tracks = mode;
console.log('build', ((performance.now() - t0) / 1000).toFixed(2), 's');
const log = runTrial(world, 1);
if (process.argv[4]) for (const e of log) if (!['detect'].includes(e.type)) console.log(JSON.stringify(e));
t0 = performance.now();
const N = 50; const ctx = trialSummaryContext(world);
let fired = 0, wk = 0, dk = 0, leak = 0;
for (let s = 1; s <= N; s++) { const sm = summarizeTrial(ctx, s, runTrial(world, s)); fired += sm.interceptorsFired; wk += sm.warheadsDestroyed; dk += sm.decoysDestroyed; leak += sm.warheadLeakers; }
console.log('per trial', ((performance.now() - t0) / N).toFixed(2), 'ms', 'fired', fired / N, 'warheads killed', wk / N, 'decoys killed', dk / N, 'warhead leakers', leak / N);
