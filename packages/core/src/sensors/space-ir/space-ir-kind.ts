import type { NationCode } from '../../c2/national-policy.ts';
import { streamFor } from '../../engine/random-streams.ts';
import type { World } from '../../engine/world.ts';
import { IndexSet } from '../../tracking/index-set.ts';
import { standardNormal } from '../radar/radar.ts';
import { drawLabelEvery, type KillWatcher, type RawScan, type SensorKind } from '../kind.ts';
import { LookTimes } from '../look-times.ts';
import { type InfraredPicture, precomputeInfrared } from './infrared-picture.ts';

/** Per space sensor: frame time -> the objects it fixes then (ascending), with each fix's per-axis sigma. */
type FixFrames = Array<Map<number, { oi: Int32Array; sigma: Float64Array }>>;

/** The fix frames of a world's picture, built on first use and kept while the world lives. */
const frames = new WeakMap<World, FixFrames>();

/**
 * The picture's fixes by sensor and frame, for the estimated trial's scans and kill watchers. Packed (two typed
 * arrays per frame, not an object per fix): a 1,000-RV raid has ~16 M fixes, held as long as the world.
 */
function fixFramesOf(world: World, infrared: InfraredPicture): FixFrames {
  const hit = frames.get(world);
  if (hit) return hit;
  // two passes over the fixes, objects in order: count each frame's, then fill
  const counts = world.spaceSensors.map(() => new Map<number, number>());
  const fixesOf = world.objects.map((o) => infrared.fixes?.[o.id]);
  for (const f of fixesOf) {
    if (!f) continue;
    for (let k = 0; k < f.length; k += 3) counts[f[k + 1]].set(f[k], (counts[f[k + 1]].get(f[k]) ?? 0) + 1);
  }
  const fixFrames = counts.map((c) => {
    const byTime = new Map<number, { oi: Int32Array; sigma: Float64Array }>();
    for (const t of [...c.keys()].sort((a, b) => a - b)) {
      const n = c.get(t) as number;
      byTime.set(t, { oi: new Int32Array(n), sigma: new Float64Array(n) });
    }
    return byTime;
  });
  const filled = counts.map(() => new Map<number, number>());
  fixesOf.forEach((f, oi) => {
    if (!f) return;
    for (let k = 0; k < f.length; k += 3) {
      const si = f[k + 1];
      const frame = fixFrames[si].get(f[k]) as { oi: Int32Array; sigma: Float64Array };
      const j = filled[si].get(f[k]) ?? 0;
      frame.oi[j] = oi;
      frame.sigma[j] = f[k + 2];
      filled[si].set(f[k], j + 1);
    }
  });
  frames.set(world, fixFrames);
  return fixFrames;
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
export const spaceIrKind: SensorKind<InfraredPicture> = {
  name: 'space-ir',
  // the picture is the same on both track modes; one the world holds is kept (its space sensors are never
  // added to or removed from a built world: partner/option-world.ts keeps them)
  tables: (world, prior) => (prior?.fixes ? prior : precomputeInfrared(world)),
  killWatchers(world, infrared) {
    const watchers: KillWatcher[] = [];
    const fixFrames = fixFramesOf(world, infrared);
    world.spaceSensors.forEach((s, si) => {
      const accuracy = s.capability?.killAssessment;
      if (accuracy == null) return;
      const times = LookTimes.build(world.objects.length, (visit) => {
        for (const [t, list] of fixFrames[si]) for (const oi of list.oi) visit(oi, t);
      });
      watchers.push({ id: s.id, accuracy, times });
    });
    return watchers;
  },
  launchWarnings(world, cues) {
    if (world.spaceSensors.length === 0) return;
    const picture = cues.tables;
    const owner = new Map(world.spaceSensors.map((s) => [s.id, s.owner]));
    const killedAt = new Map(cues.missiles.map((m) => [m.id, cues.destroyed.get(m.objects[0]) ?? Infinity]));
    for (const w of picture.warnings) {
      if (w.t < (killedAt.get(w.missile) ?? Infinity))
        cues.events.push({ t: w.t, type: 'detect', object: w.missile, sensor: w.sensor, owner: owner.get(w.sensor) as NationCode });
    }
  },
  truthReports(world, looks) {
    if (world.spaceSensors.length === 0) return;
    const picture = looks.tables;
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
        const byTime = fixFramesOf(world, looks.tables)[si];
        if (!byTime || byTime.size === 0) return;
        const r = streamFor(looks.seed, `ir:${sensor.id}`);
        const confusion = sensor.capability?.discrimination ?? null;
        const lastLabel = new Map<number, number>();
        const seen = new Set<number>();
        const p = new Float64Array(3);
        for (const [t, list] of byTime) {
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
