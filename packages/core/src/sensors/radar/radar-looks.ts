import { radarSpecAt } from '../airborne/airborne-radar.ts';
import { probabilityOfDetection, radarLook, radarVisibility } from './radar.ts';
import { earthAngle } from '../../geo/earth-model.ts';
import { toEcef } from '../../geo/earth-rotation.ts';
import { pathFromSamples } from '../../weapons/fire-control.ts';
import type { TrackMode, World } from '../../engine/world.ts';
import type { KillWatcher } from '../kind.ts';
import { trackingInterval } from '../kind.ts';
import { LookTimes } from '../look-times.ts';

/**
 * A radar's visible looks on its tracking scans, time-ordered: record k is
 * [t, object index (into World.objects), range, azimuth, elevation, Pd] at RADAR_LOOK_STRIDE numbers each.
 */
export type RadarLookTable = Float64Array;
export const RADAR_LOOK_STRIDE = 6;

/** The line-of-sight radar kind's tables (World.sensorTables.radar; estimated tracks only). */
export interface RadarTables {
  /** Per radar id: its look table (precomputeRadarLooks). */
  looks: Record<string, RadarLookTable>;
}

/**
 * The radar kind's `tables` hook (sensors/kind.ts): on estimated tracks, every radar's look table, the
 * prior's where it has one, the others computed (a radar laid over a built world); on truth tracks none
 * (the truth looks draw each look from the trial's stream).
 */
export function radarTables(world: World, prior: RadarTables | undefined, mode: TrackMode): RadarTables | undefined {
  if (mode !== 'estimated') return undefined;
  const missing = world.radars.filter((r) => !prior?.looks[r.id]);
  if (prior && missing.length === 0 && Object.keys(prior.looks).length === world.radars.length) return prior;
  const computed = missing.length > 0 ? precomputeRadarLooks({ ...world, radars: missing }) : {};
  return { looks: Object.fromEntries(world.radars.map((r) => [r.id, prior?.looks[r.id] ?? computed[r.id]])) };
}

/** The radars that call kills (capability.killAssessment), each seeing an object at the times of its looks table. */
export function radarKillWatchers(world: World, tables: RadarTables): KillWatcher[] {
  const watchers: KillWatcher[] = [];
  const nObjects = world.objects.length;
  for (const r of world.radars) {
    const accuracy = r.capability?.killAssessment;
    if (accuracy == null) continue;
    const table = tables.looks[r.id];
    const n = table.length / RADAR_LOOK_STRIDE;
    const times = LookTimes.build(nObjects, (visit) => {
      for (let k = 0; k < n; k++) visit(table[k * RADAR_LOOK_STRIDE + 1], table[k * RADAR_LOOK_STRIDE]);
    });
    watchers.push({ id: r.id, accuracy, times });
  }
  return watchers;
}

/**
 * What every line-of-sight radar can see of every object on its tracking scans, for the estimated-track
 * trial: the geometry (line of sight over the 4/3 Earth, faces, elevation limits, the RCS-scaled range)
 * and the Swerling I Pd do not depend on the seed, so they are computed once with the world and a trial
 * only draws detections and measurement noise (core/sensors/radar.ts, radarVisibility and
 * probabilityOfDetection). Scans fall at multiples of the radar's tracking interval (trackingInterval),
 * down to impact: below the tracker's floor the tracks run the re-entry filter (tracking/floor-handover.ts).
 * Records are time-ordered, then by object index.
 */
export function precomputeRadarLooks(world: World): Record<string, RadarLookTable> {
  const out: Record<string, RadarLookTable> = {};
  const eci = new Float64Array(3),
    ecef = new Float64Array(3);
  const paths = world.objects.map((o) => pathFromSamples(o.flight));
  for (const radar of world.radars) {
    const step = trackingInterval(world, radar.spec.revisitInterval);
    const rows: number[][] = [];
    world.objects.forEach((o, oi) => {
      const path = paths[oi];
      for (let k = Math.ceil(path.start / step); k * step <= o.impactTime; k++) {
        const t = k * step;
        path.position(t, eci);
        toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], ecef);
        const spec = radarSpecAt(radar, t); // an airborne radar's site moves with its orbit
        if (radarVisibility(spec, ecef, o.rcs) !== 'visible') continue;
        const look = radarLook(spec, ecef);
        rows.push([t, oi, look.range, look.azimuth, look.elevation, probabilityOfDetection(spec, look.range, o.rcs)]);
      }
    });
    rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const table = new Float64Array(rows.length * RADAR_LOOK_STRIDE);
    rows.forEach((r, i) => table.set(r, i * RADAR_LOOK_STRIDE));
    out[radar.id] = table;
  }
  return out;
}
