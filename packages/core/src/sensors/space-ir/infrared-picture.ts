import { irClassRange, type IrTargetClass, irVisibility, STEREO_MIN_SATELLITES } from './space-infrared.ts';
import { BatchEphemeris } from '../../orbits/batch-ephemeris.ts';
import { pathFromSamples, type ThreatPath } from '../../weapons/fire-control.ts';
import type { Detection, World, WorldObject, WorldSpaceSensor } from '../../engine/world.ts';

/** The space infrared picture of a world: deterministic geometry, the same in every trial. */
export interface InfraredPicture {
  /** The first report of each missile's boost plume by each sensor that sees plumes (a cue, not a fire-control track). */
  warnings: Array<{ t: number; sensor: string; missile: string }>;
  /** Per object id: stereo track reports (two or more satellites of one constellation in one frame), the first detectionsToCommit per sensor, time-ordered. */
  reports: Record<string, Detection[]>;
  /**
   * Per object id: every stereo frame of each tracking constellation, for estimated tracks:
   * [t (report time), sensor index (into World.spaceSensors), one-sigma per-axis fix error [m]] triples.
   */
  fixes?: Record<string, Float64Array>;
}

/**
 * What the space infrared sensors see of a world's threats. The IR model (core/sensors/space-infrared.ts)
 * is geometry and thresholds with no random draw, so the picture is the same in every trial and is
 * computed once with the world (it travels to workers with it).
 *
 * Sensors report on frames at multiples of their report interval from t = 0, each report leaving the
 * sensor detectionLatency later (irReportTime). Per constellation:
 * - launch warning: the first frame in which any one satellite sees a missile's boost plume (missile
 *   warning in GEO/HEO; the tracking layer sees plumes too). A warning cues; it is not a fire-control
 *   track and does not count toward a commit (one satellite gives a line of sight, not a position).
 * - track reports: a frame in which two or more satellites of the constellation see a released object
 *   is a stereo (3-D, triangulated) fix and counts as one detection toward a nation's commit, like a
 *   radar detection. A single satellite's line of sight does not count. An object is a cold body after
 *   burnout and a heated glide body from its glideFrom time; each sensor's class intensities and
 *   background rule decide what it sees (a missile-warning sensor sees no hard bodies).
 *
 * Ephemerides: every satellite's position is tabulated once per sensor on the sensor's frame times over
 * the raid's span (J2-secular mean elements, BatchEphemeris) and shared by all objects; detections only
 * happen on frames, so the table is exact there and nothing needs interpolating.
 */
export function precomputeInfrared(world: World): InfraredPicture {
  const warnings: InfraredPicture['warnings'] = [];
  const reports: InfraredPicture['reports'] = {};
  const fixRows: Record<string, number[]> = {};
  for (const o of world.objects) {
    reports[o.id] = [];
    fixRows[o.id] = [];
  }
  const picture = (): InfraredPicture => ({
    warnings,
    reports,
    fixes: Object.fromEntries(Object.entries(fixRows).map(([id, r]) => [id, Float64Array.from(r)])),
  });
  if (world.spaceSensors.length === 0 || world.objects.length === 0) return picture();
  const paths = new Map<string, ThreatPath>(world.objects.map((o) => [o.id, pathFromSamples(o.flight)]));
  const byId = new Map<string, WorldObject>(world.objects.map((o) => [o.id, o]));
  const begin = Math.min(...world.missiles.map((m) => m.launchTime));
  const end = Math.max(...world.objects.map((o) => o.impactTime));
  const need = world.settings.detectionsToCommit;
  const target = new Float64Array(3);
  for (const [sensorIndex, sensor] of world.spaceSensors.entries()) {
    const table = new FrameEphemeris(sensor, begin, end);
    const { spec } = sensor;
    // launch warnings: a boost plume, seen by one satellite
    if (irClassRange(spec, 'plume') > 0) {
      for (const m of world.missiles) {
        const first = byId.get(m.objects[0]);
        if (!first || first.endoOnly || m.burnoutTime <= 0) continue;
        const path = paths.get(first.id) as ThreatPath;
        for (let k = table.frameAtOrAfter(m.launchTime); k < table.frames && table.time(k) <= m.launchTime + m.burnoutTime; k++) {
          path.position(table.time(k), target);
          if (table.seeing(k, target, 'plume', true, 1) >= 1) {
            warnings.push({ t: table.time(k) + spec.detectionLatency, sensor: sensor.id, missile: m.id });
            break;
          }
        }
      }
    }
    // track reports: released objects, seen in stereo
    if (spec.requiresThrust) continue;
    for (const m of world.missiles) {
      const released = m.launchTime + m.burnoutTime;
      for (const id of m.objects) {
        const o = byId.get(id) as WorldObject;
        const path = paths.get(id) as ThreatPath;
        const list = reports[id];
        let mine = 0;
        const fixes = fixRows[id];
        for (let k = table.frameAtOrAfter(Math.max(path.start, released)); k < table.frames && table.time(k) <= o.impactTime; k++) {
          const t = table.time(k);
          const cls: IrTargetClass = o.glideFrom !== undefined && t >= o.glideFrom ? 'hot-glide' : 'cold-rv';
          path.position(t, target);
          if (table.seeing(k, target, cls, false, STEREO_MIN_SATELLITES) < STEREO_MIN_SATELLITES) continue;
          // every stereo frame is a fix for estimated tracks: per-axis error ~ the farther satellite's
          // range times the line-of-sight noise (two lines of sight crossing at a wide angle)
          fixes.push(t, sensorIndex, table.lastRange * spec.angularNoise);
          if (mine < need) {
            list.push({ t: t + spec.detectionLatency, sensor: sensor.id });
            mine++;
          }
        }
      }
    }
  }
  warnings.sort((a, b) => a.t - b.t || (a.missile < b.missile ? -1 : a.missile > b.missile ? 1 : 0) || (a.sensor < b.sensor ? -1 : 1));
  for (const list of Object.values(reports)) list.sort((a: Detection, b: Detection) => a.t - b.t || (a.sensor < b.sensor ? -1 : 1));
  return picture();
}

/** A constellation's ECI positions tabulated on its frame times k * reportInterval covering [begin, end]. */
class FrameEphemeris {
  readonly frames: number;
  private readonly first: number;
  private readonly step: number;
  private readonly count: number;
  private readonly xyz: Float64Array;
  private readonly spec: WorldSpaceSensor['spec'];
  private readonly sat = new Float64Array(3);
  /** Range [m] to the farthest of the satellites counted by the last call of seeing(). */
  lastRange = 0;

  constructor(sensor: WorldSpaceSensor, begin: number, end: number) {
    const eph = new BatchEphemeris(sensor.orbits);
    this.spec = sensor.spec;
    this.step = sensor.spec.reportInterval;
    this.first = Math.ceil(begin / this.step - 1e-9);
    this.frames = Math.max(0, Math.floor(end / this.step + 1e-9) - this.first + 1);
    this.count = eph.count;
    this.xyz = new Float64Array(this.frames * this.count * 3);
    for (let k = 0; k < this.frames; k++) {
      const t = this.time(k);
      for (let i = 0; i < this.count; i++) eph.position(i, t, this.xyz, 3 * (k * this.count + i));
    }
  }

  time(k: number): number {
    return (this.first + k) * this.step;
  }

  /** Index of the first frame at or after t (may be `frames` when none). */
  frameAtOrAfter(t: number): number {
    return Math.max(0, Math.ceil(t / this.step - 1e-9) - this.first);
  }

  /** How many satellites see a target (ECI [m]) of a class in frame k, counting no further than `enough`. */
  seeing(k: number, target: Float64Array, cls: IrTargetClass, burning: boolean, enough: number): number {
    const range = irClassRange(this.spec, cls);
    if (range <= 0) return 0;
    const sat = this.sat;
    let n = 0;
    this.lastRange = 0;
    for (let i = 0; i < this.count && n < enough; i++) {
      const o = 3 * (k * this.count + i);
      const dx = target[0] - this.xyz[o],
        dy = target[1] - this.xyz[o + 1],
        dz = target[2] - this.xyz[o + 2];
      if (dx * dx + dy * dy + dz * dz > range * range) continue;
      sat[0] = this.xyz[o];
      sat[1] = this.xyz[o + 1];
      sat[2] = this.xyz[o + 2];
      if (irVisibility(sat, target, this.spec, cls, burning) === 'visible') {
        n++;
        this.lastRange = Math.max(this.lastRange, Math.sqrt(dx * dx + dy * dy + dz * dz));
      }
    }
    return n;
  }
}
