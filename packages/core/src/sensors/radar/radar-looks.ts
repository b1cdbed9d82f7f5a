import { radarSpecAt } from '../airborne/airborne-radar.ts';
import { probabilityOfDetection, radarLook, radarVisibility } from './radar.ts';
import { earthAngle } from '../../geo/earth-model.ts';
import { toEcef } from '../../geo/earth-rotation.ts';
import { pathFromSamples } from '../../weapons/fire-control.ts';
import { RADAR_LOOK_STRIDE, type RadarLookTable, type World } from '../../engine/world.ts';
import { trackingInterval } from '../kind.ts';

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
