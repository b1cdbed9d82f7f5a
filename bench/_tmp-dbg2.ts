import { runTrial } from '@golden-dome/core';
import { buildWorld } from '../packages/scenario/src/world/build-world.ts';
import { alaskaCaliforniaBatteries, smallRaidRequest } from '../packages/scenario/src/world/small-raid.ts';
const world = buildWorld({ ...smallRaidRequest(alaskaCaliforniaBatteries(20)), doctrine: { shotsPerThreat: 2, shootLookShoot: true, killAssessmentDelay: 60, reserveFraction: 0 } });
const log = runTrial(world, 2);
for (const e of log) if (['track', 'fire', 'refuse', 'track-birth'].includes(e.type)) console.log(JSON.stringify(e).slice(0, 230));
