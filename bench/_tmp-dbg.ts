import { runTrial } from '@golden-dome/core';
import { buildWorld } from '../packages/scenario/src/world/build-world.ts';
import { alaskaCaliforniaBatteries, smallRaidRequest } from '../packages/scenario/src/world/small-raid.ts';
for (const tracks of ['truth', 'estimated'] as const) {
const world = buildWorld({ ...smallRaidRequest(alaskaCaliforniaBatteries(20)), tracks, doctrine: { shotsPerThreat: 2, shootLookShoot: true, killAssessmentDelay: 60, reserveFraction: 0 } });
let fires = 0, tr: number[] = [], births: number[] = [];
for (let s = 1; s <= 10; s++) { const log = runTrial(world, s); fires += log.filter((e) => e.type === 'fire').length; tr.push(...log.filter((e) => e.type === 'track').map((e) => Math.round(e.t))); births.push(...log.filter((e) => e.type === 'track-birth').map((e) => Math.round(e.t))); }
console.log(tracks, 'fires/trial', fires / 10, 'track times', tr.slice(0, 12).join(','), 'births', births.slice(0, 12).join(','));
console.log(world.objects.map((o) => `${o.id}:${Math.round(o.impactTime)}`).join(' '));
const w = world.windows!; for (const k of Object.keys(w).slice(0, 10)) console.log(k, w[k] ? `${Math.round(w[k]!.earliest.launchTime)}-${Math.round(w[k]!.latest.launchTime)}` : null);
}
