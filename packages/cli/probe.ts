import { loadScenario, buildScenarioWorld } from '@golden-dome/scenario';
import { runTrial } from '@golden-dome/core';
import { nationDisStream } from '@golden-dome/server';
const w = buildScenarioWorld(loadScenario('packages/scenario/scenarios/nk-2029-salvo.yaml'));
const log = runTrial(w, 1);
for (let i = 0; i < 1; i++) {
  const t0 = performance.now();
  const s = nationDisStream(w, 'US', log, { exercise: 1, site: 1, application: 1, heartbeatS: 500, stationaryHeartbeatS: 6000 });
  const t1 = performance.now(); const c1 = process.cpuUsage();
  const pdus = s.advance(Infinity);
  console.log('build', (t1 - t0).toFixed(0), 'ms, stream', (performance.now() - t1).toFixed(0), 'ms wall,', (process.cpuUsage(c1).user / 1000).toFixed(0), 'ms cpu,', pdus.length, 'PDUs', JSON.stringify(s.counts));
}
