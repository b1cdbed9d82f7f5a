import type { NationCode } from '../../c2/national-policy.ts';
import { streamFor } from '../../engine/random-streams.ts';
import type { InfraredPicture, World } from '../../engine/world.ts';
import { IndexSet } from '../../tracking/index-set.ts';
import { standardNormal } from '../radar/radar.ts';
import { drawLabelEvery, type RawScan, type SensorKind } from '../kind.ts';
import { precomputeInfrared } from './infrared-picture.ts';

/** The picture of worlds built without one (computed on first use, kept while the world lives). */
const pictures = new WeakMap<World, InfraredPicture>();

function pictureOf(world: World): InfraredPicture {
  let picture = world.infrared ?? pictures.get(world);
  if (!picture) {
    picture = precomputeInfrared(world);
    pictures.set(world, picture);
  }
  return picture;
}

/**
 * Space infrared constellations (`World.spaceSensors`: SBIRS GEO/HEO missile warning, the PWSA tracking
 * layer). What they see is geometry and thresholds with no random draw, computed once with the world
 * (infrared-picture.ts, precomputeInfrared).
 * - Both modes: launch warnings (one satellite sees the boost plume) are `detect` events on the missile,
 *   unless its boost was killed first; they cue and count toward nothing.
 * - Truth tracks: stereo track reports on the objects still flying count toward commit, like a radar's
 *   detections; the first of each (sensor, object) is a `detect` event.
 * - Estimated tracks: every stereo frame is a 3-D position fix with the geometry's per-axis error plus
 *   Gaussian noise, and a label at most every labelInterval for a discriminating sensor (stream `ir:<id>`).
 */
export const spaceIrKind: SensorKind = {
  name: 'space-ir',
  launchWarnings(world, cues) {
    if (world.spaceSensors.length === 0) return;
    const picture = cues.infrared ?? pictureOf(world);
    const owner = new Map(world.spaceSensors.map((s) => [s.id, s.owner]));
    const killedAt = new Map(cues.missiles.map((m) => [m.id, cues.destroyed.get(m.objects[0]) ?? Infinity]));
    for (const w of picture.warnings) {
      if (w.t < (killedAt.get(w.missile) ?? Infinity))
        cues.events.push({ t: w.t, type: 'detect', object: w.missile, sensor: w.sensor, owner: owner.get(w.sensor) as NationCode });
    }
  },
  truthReports(world, looks) {
    if (world.spaceSensors.length === 0) return;
    const picture = pictureOf(world);
    const owner = new Map(world.spaceSensors.map((s) => [s.id, s.owner]));
    for (const [id, list] of looks.into) {
      const seen = new Set<string>();
      for (const r of picture.reports[id] ?? []) {
        if (!seen.has(r.sensor))
          looks.events.push({ t: r.t, type: 'detect', object: id, sensor: r.sensor, owner: owner.get(r.sensor) as NationCode });
        seen.add(r.sensor);
        list.push(r);
      }
    }
  },
  fireControl: {
    sensors: (world) =>
      world.spaceSensors.map((s) => ({ id: s.id, latency: s.spec.detectionLatency, confusion: s.capability?.discrimination ?? null })),
    scans(world, looks, first) {
      const { objects, paths, events, boostKilled } = looks;
      const raw: RawScan[] = [];
      world.spaceSensors.forEach((sensor, si) => {
        const frames = looks.tables.fixFrames[si];
        if (!frames || frames.size === 0) return;
        const r = streamFor(looks.seed, `ir:${sensor.id}`);
        const confusion = sensor.capability?.discrimination ?? null;
        const lastLabel = new Map<number, number>();
        const seen = new Set<number>();
        const p = new Float64Array(3);
        for (const [t, list] of frames) {
          const values = new Float64Array(3 * list.oi.length),
            sigmas = new Float64Array(list.oi.length),
            scanObjects: number[] = [],
            labels: number[] = [];
          let nf = 0;
          for (let j = 0; j < list.oi.length; j++) {
            const oi = list.oi[j],
              sigma = list.sigma[j];
            if (boostKilled(oi)) continue;
            paths[oi].position(t, p);
            for (let i = 0; i < 3; i++) values[3 * nf + i] = p[i] + sigma * standardNormal(r.uniform);
            sigmas[nf++] = sigma;
            scanObjects.push(oi);
            labels.push(drawLabelEvery(confusion, objects[oi].kind, t, oi, lastLabel, looks.labelInterval, r));
            if (!seen.has(oi)) {
              seen.add(oi);
              events.push({
                t: t + sensor.spec.detectionLatency,
                type: 'detect',
                object: objects[oi].id,
                sensor: sensor.id,
                owner: sensor.owner,
              });
            }
          }
          raw.push({
            t,
            sensorIndex: first + si,
            kind: 'fix',
            values: nf < list.oi.length ? values.slice(0, 3 * nf) : values,
            sigmas: nf < list.oi.length ? sigmas.slice(0, nf) : sigmas,
            objects: scanObjects,
            labels,
            covered: IndexSet.of(scanObjects), // a space layer's frame covers exactly the objects it fixes
          });
        }
      });
      return raw;
    },
  },
};
