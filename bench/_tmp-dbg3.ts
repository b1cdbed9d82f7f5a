import { runTrial } from '@golden-dome/core';
import { loadScenario, buildScenarioWorld } from '@golden-dome/scenario';
const world = buildScenarioWorld(loadScenario(`packages/scenario/scenarios/${process.argv[2] ?? 'nk-2029-salvo'}.yaml`));
const c: Record<string, number> = {};
let t0 = performance.now();
for (let s = 1; s <= 40; s++) for (const e of runTrial(world, s)) { if (e.type === 'kill-assess') { const k = `${e.sensor}:${e.killed === e.truth ? 'right' : 'wrong'}`; c[k] = (c[k] ?? 0) + 1; } if (e.type === 'fire') c.fire = (c.fire ?? 0) + 1; if (e.type === 'impact' && e.kind === 'warhead') c.leak = (c.leak ?? 0) + 1; }
console.log((performance.now() - t0) / 40, 'ms/trial', JSON.stringify(c));
