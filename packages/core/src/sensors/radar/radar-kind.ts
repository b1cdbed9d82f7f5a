import { streamFor } from '../../engine/random-streams.ts';
import { IndexSet } from '../../tracking/index-set.ts';
import { radarSpecAt } from '../airborne/airborne-radar.ts';
import {
  type AirScanLooks,
  scanAirTargets,
  drawLabelEvery,
  firstAircraftDetections,
  lookAtReleased,
  type RawScan,
  type SensorKind,
  trackingInterval,
} from '../kind.ts';
import { NO_OBJECT } from '../../tracking/nation-tracker.ts';
import { drawFalseAlarms, FALSE_ALARM_BOX_GROWTH, falseAlarmDensity, falseAlarmWindow } from './false-alarms.ts';
import { measureRadar, probabilityOfDetection, radarLook, radarLookOnce, radarSiteEcef, radarVisibility } from './radar.ts';
import { RADAR_LOOK_STRIDE, radarKillWatchers, type RadarTables, radarTables } from './radar-looks.ts';
import { resolvedGroups } from './resolved-groups.ts';

/**
 * Line-of-sight radars (`World.radars`): ground and ship radars, the batteries' fire-control radars, and the
 * airborne early-warning radars, whose site moves with their orbit (sensors/airborne/, radarSpecAt: the
 * physics is the same radar's from where the platform is, so they are one kind and keep their world order).
 * - Truth tracks: a Swerling I look (radarLookOnce, the RCS-scaled range) every revisit interval at each
 *   released object, from the trial's main stream.
 * - Estimated tracks: on each tracking scan (the geometry and Pd precomputed with the world, radar-looks.ts)
 *   a detection draw per visible object, merged where the radar cannot resolve them (resolvedGroups), then
 *   range/azimuth/elevation with the catalog's noise and, for a discriminating radar, a label at most every
 *   labelInterval (stream `radar:<id>`). A cruise missile's looks go to the air tracks, not to the ballistic tracker.
 *   Then the scan's false detections (false-alarms.ts: Pfa per resolution cell, drawn in windows about the
 *   objects the scan covers; stream `clutter:<id>`, so they change none of the true detections' draws),
 *   with object NO_OBJECT and no label.
 * - Air picture: each aircraft (aspect RCS) and cruise missile on the tracking scans (stream `<purpose>:<id>`);
 *   first detections of the bombers every revisit (stream `air:<id>`).
 */
export const radarKind: SensorKind<RadarTables> = {
  name: 'radar',
  tables: radarTables,
  killWatchers: radarKillWatchers,
  truthLooks(world, looks) {
    for (const radar of world.radars)
      lookAtReleased(
        world,
        looks,
        radar,
        radar.spec.revisitInterval,
        (p, o, t) => radarLookOnce(radarSpecAt(radar, t), p, o.rcs, looks.rng.uniform) !== null,
      );
  },
  fireControl: {
    sensors: (world) =>
      world.radars.map((r) => ({
        id: r.id,
        latency: 0,
        confusion: r.capability?.discrimination ?? null,
        radarAt: (t) => radarSpecAt(r, t),
      })),
    scans(world, looks, first) {
      const { objects, events, boostKilled } = looks;
      const raw: RawScan[] = [];
      const covered: number[] = [];
      world.radars.forEach((radar, ri) => {
        const r = streamFor(looks.seed, `radar:${radar.id}`);
        const clutter = streamFor(looks.seed, `clutter:${radar.id}`);
        const interval = trackingInterval(world, radar.spec.revisitInterval);
        const density = falseAlarmDensity(radar.spec);
        const about: number[] = [],
          half: number[] = [];
        const table = looks.tables.looks[radar.id];
        const confusion = radar.capability?.discrimination ?? null;
        const lastLabel = new Map<number, number>();
        const seen = new Set<number>();
        const n = table.length / RADAR_LOOK_STRIDE;
        let k = 0;
        while (k < n) {
          const t = table[k * RADAR_LOOK_STRIDE];
          const values: number[] = [],
            scanObjects: number[] = [],
            labels: number[] = [];
          covered.length = 0;
          // the looks that detect, then merged where the radar cannot resolve them (resolvedGroups)
          const detected: number[] = [];
          const start = k;
          for (; k < n && table[k * RADAR_LOOK_STRIDE] === t; k++) {
            const o = k * RADAR_LOOK_STRIDE;
            if (boostKilled(table[o + 1])) continue;
            if (!objects[table[o + 1]].endoOnly) covered.push(table[o + 1]);
            if (r.next() < table[o + 5]) detected.push(o);
          }
          for (const group of resolvedGroups(radar.spec, table, detected)) {
            const o = group.length === 1 ? group[0] : group[Math.floor(r.next() * group.length)];
            const oi = table[o + 1];
            const z = measureRadar(radar.spec, { range: table[o + 2], azimuth: table[o + 3], elevation: table[o + 4] }, r.uniform);
            const label = drawLabelEvery(confusion, objects[oi].kind, t, oi, lastLabel, looks.labelInterval, r);
            // a cruise missile's looks go to the air tracks (engine/air-tracks.ts), not to the ballistic tracker
            if (!objects[oi].endoOnly) {
              values.push(z.range, z.azimuth, z.elevation);
              scanObjects.push(oi);
              labels.push(label);
            }
            if (!seen.has(oi)) {
              seen.add(oi);
              events.push({ t, type: 'detect', object: objects[oi].id, sensor: radar.id, owner: radar.owner });
            }
          }
          // false detections about the objects the scan covers (the ballistic tracker's), after the true ones
          if (covered.length > 0 && density > 0) {
            about.length = 0;
            half.length = 0;
            for (let j = start; j < k; j++) {
              const o = j * RADAR_LOOK_STRIDE;
              const oi = table[o + 1];
              if (boostKilled(oi) || objects[oi].endoOnly) continue;
              about.push(table[o + 2], table[o + 3], table[o + 4]);
              half.push(falseAlarmWindow(radar.spec, table[o + 2], interval));
            }
            const m = drawFalseAlarms(radarSpecAt(radar, t), density, about, half, clutter.uniform, values, FALSE_ALARM_BOX_GROWTH);
            for (let j = 0; j < m; j++) {
              scanObjects.push(NO_OBJECT);
              labels.push(0);
            }
          }
          raw.push({
            t,
            sensorIndex: first + ri,
            kind: 'radar',
            values: Float64Array.from(values),
            objects: scanObjects,
            labels,
            covered: IndexSet.of(covered),
          });
        }
      });
      return raw;
    },
  },
  air: {
    sensors: (world) => world.radars.map((r) => ({ id: r.id, latency: 0, confusion: null, radarAt: (t) => radarSpecAt(r, t) })),
    scans: (world, looks: AirScanLooks, first) =>
      world.radars.flatMap((radar, ri) => {
        const r = streamFor(looks.seed, `${looks.purpose}:${radar.id}`);
        return scanAirTargets(world, looks, first + ri, radar.spec.revisitInterval, 'radar', (t) => {
          const spec = radarSpecAt(radar, t);
          return (s, p, g, gi) => {
            const rcs = g.rcs(t, p, radarSiteEcef(spec));
            if (radarVisibility(spec, p, rcs) !== 'visible') return;
            s.covered.push(gi);
            const look = radarLook(spec, p);
            if (r.next() >= probabilityOfDetection(spec, look.range, rcs)) return;
            const z = measureRadar(spec, look, r.uniform);
            s.values.push(z.range, z.azimuth, z.elevation);
            s.objects.push(gi);
            s.labels.push(0);
          };
        });
      }),
    firstDetections(world, seed, bombers, events) {
      for (const radar of world.radars) {
        const r = streamFor(seed, `air:${radar.id}`);
        firstAircraftDetections(
          world,
          bombers,
          radar,
          radar.spec.revisitInterval,
          (t, k, ecef) => {
            const spec = radarSpecAt(radar, t);
            const rcs = bombers[k].rcs(t, ecef, radarSiteEcef(spec));
            return radarLookOnce(spec, ecef, rcs, r.uniform) !== null;
          },
          events,
        );
      }
    },
  },
};
