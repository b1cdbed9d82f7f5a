import { streamFor } from '../../engine/random-streams.ts';
import { earthAngle } from '../../geo/earth-model.ts';
import { toEcef } from '../../geo/earth-rotation.ts';
import { scanAirTargets, firstAircraftDetections, lookAtReleased, type SensorKind, trackingInterval } from '../kind.ts';
import { othFix } from './oth-fix.ts';
import { othCoverage, othLookOnce } from './oth-radar.ts';

/**
 * Over-the-horizon sky-wave radars (`World.othRadars`): a Pd per look inside the sky-wave coverage at that
 * time (othLookOnce; sky-wave.ts), coarse ground range and azimuth.
 * - Truth tracks: a look every revisit interval at each released object, from the trial's main stream (after
 *   the line-of-sight radars'); the detections count toward commit.
 * - Estimated tracks: cues only (a `detect` event at the first detection of each object, stream `oth:<id>`, on
 *   the tracking scans): nothing a ballistic fire-control filter can use.
 * - Air picture: each air target on the tracking scans (stream `<purpose>:<id>`), a detection becoming a 3-D
 *   position fix (othFix); first detections of the bombers every revisit (stream `air:<id>`).
 */
export const othKind: SensorKind = {
  name: 'oth',
  truthLooks(world, looks) {
    for (const radar of world.othRadars)
      lookAtReleased(
        world,
        looks,
        radar,
        radar.spec.revisitInterval,
        (p, _o, t) => othLookOnce(radar.spec, p, world.epochMs + t * 1000, looks.rng.uniform) !== null,
      );
  },
  cues(world, looks) {
    const { objects, paths } = looks;
    const ecef = new Float64Array(3),
      eci = new Float64Array(3);
    for (const radar of world.othRadars) {
      const r = streamFor(looks.seed, `oth:${radar.id}`);
      const step = trackingInterval(world, radar.spec.revisitInterval);
      objects.forEach((o, oi) => {
        if (looks.boostKilled(oi)) return;
        for (let k = Math.ceil(paths[oi].start / step); k * step <= o.impactTime; k++) {
          const t = k * step;
          paths[oi].position(t, eci);
          toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], ecef);
          if (othLookOnce(radar.spec, ecef, world.epochMs + t * 1000, r.uniform)) {
            looks.events.push({ t, type: 'detect', object: o.id, sensor: radar.id, owner: radar.owner });
            break;
          }
        }
      });
    }
  },
  air: {
    sensors: (world) => world.othRadars.map((r) => ({ id: r.id, latency: 0, confusion: null })),
    scans: (world, looks, first) =>
      world.othRadars.flatMap((radar, k0) => {
        const r = streamFor(looks.seed, `${looks.purpose}:${radar.id}`);
        const spec = radar.spec;
        return scanAirTargets(world, looks, first + k0, spec.revisitInterval, 'fix', (t) => {
          const timeMs = world.epochMs + t * 1000;
          return (s, p, _g, gi) => {
            if (othCoverage(spec, p, timeMs).visibility !== 'visible') return;
            s.covered.push(gi);
            const z = othLookOnce(spec, p, timeMs, r.uniform);
            if (!z) return;
            const fix = othFix(spec, z, earthAngle(world.earth, t));
            s.values.push(...fix.position);
            s.covariances.push(...fix.covariance);
            s.objects.push(gi);
            s.labels.push(0);
          };
        });
      }),
    firstDetections(world, seed, bombers, events) {
      for (const radar of world.othRadars) {
        const r = streamFor(seed, `air:${radar.id}`);
        firstAircraftDetections(
          world,
          bombers,
          radar,
          radar.spec.revisitInterval,
          (t, _k, ecef) => othLookOnce(radar.spec, ecef, world.epochMs + t * 1000, r.uniform) !== null,
          events,
        );
      }
    },
  },
};
