import type { NationCode } from '../c2/national-policy.ts';
import type { EngineEvent } from '../engine/events.ts';
import { earthAngle } from '../geo/earth-model.ts';
import { toEcef } from '../geo/earth-rotation.ts';
import type { Random } from '../random/sfc32.ts';
import { drawLabel, type SensorConfusion } from '../tracking/discrimination.ts';
import { IndexSet } from '../tracking/index-set.ts';
import type { ThreatPath } from '../weapons/fire-control.ts';
import type { LookTimes } from './look-times.ts';
import type { GroundRadarSpec } from './radar/radar.ts';
import { DEFAULT_TRACKER, type Detection, type TrackMode, type World, type WorldMissile, type WorldObject } from '../engine/world.ts';

/**
 * A sensor kind (issue 12, step 5; docs/engine-recut.md): how the engine looks through one kind of sensor.
 * The shape is what the look code of the line-of-sight radars, the over-the-horizon radars and the space
 * infrared constellations shared when it lived in the engine: each kind reads its own slice of the world
 * (its sensors, the objects or aircraft, its seed-independent tables), and gives
 * - on truth tracks: detections toward a nation's commit, and `detect` events (the first of each sensor and
 *   object); the line-of-sight and OTH looks draw from the trial's main stream, in kind order, then sensor,
 *   object and time order (so the table's order is part of the log);
 * - on estimated tracks: cues (`detect` events no filter uses) and fire-control scans (RawScan: a sensor's
 *   measurements at one time, before a nation receives them), each sensor drawing from a stream of its own;
 * - on the air picture (both modes): first detections of the raid's aircraft and scans of the air targets.
 * Every method is optional: a kind does what its sensors do (an OTH radar gives no fire-control scan of a
 * ballistic object; a space IR constellation does not look at aircraft). The engine loops over the table
 * (sensors/kinds.ts, SENSOR_KINDS) phase by phase, in the order each track mode lives them (engine/trial.ts,
 * engine/estimated-trial.ts, engine/air-tracks.ts, engine/aircraft-detections.ts).
 *
 * A kind's per-world data: its sensors are a typed World field (the built-in kinds: radars, othRadars,
 * spaceSensors) or, for a kind World does not name, its list in `World.kindAssets` under its name (kindAssets);
 * its seed-independent tables (`Tables`, the kind's own type) are built by its `tables` hook with the world
 * and kept in `World.sensorTables` under its name (sensors/kind-tables.ts); every look is handed them.
 * Kind names are unique in a table.
 */
export interface SensorKind<Tables = unknown> {
  readonly name: string;
  /**
   * The kind's seed-independent tables for this world on `mode` tracks (undefined: its looks need none then),
   * computed once: world building calls it for every kind of the table (buildSensorTables), and a trial calls
   * it once per world with the tables the world holds as `prior` (sensorTablesOf), so that a world laid over
   * another (sensors added or removed) is covered: the kind keeps what still fits and computes the rest.
   * Plain data (typed arrays, records, arrays): the tables travel to the workers with the world (v8.serialize).
   * The looks are handed what it gives on their mode as `tables` (typed `Tables`: a kind whose looks on a mode
   * read them gives them on that mode; the radar kind gives none on truth tracks, whose looks read none).
   */
  tables?(world: World, prior: Tables | undefined, mode: TrackMode): Tables | undefined;
  /** Estimated tracks: the kind's sensors that call kills, and when each sees each object (from its tables). */
  killWatchers?(world: World, tables: Tables): KillWatcher[];
  /** Truth tracks: looks at the released objects drawn from the trial's main stream; detections into `into`. */
  truthLooks?(world: World, looks: TruthLooks<Tables>): void;
  /** Both modes: launch warnings (a `detect` event on the missile that counts toward nothing), unless the boost was killed first. */
  launchWarnings?(world: World, cues: BoostCues<Tables>): void;
  /** Truth tracks: seed-independent reports on the released objects (detections toward commit; the first of each sensor a `detect` event). */
  truthReports?(world: World, looks: TruthLooks<Tables>): void;
  /** Estimated tracks: cues on the released objects (`detect` events), from the sensors' own streams. */
  cues?(world: World, looks: EstimatedLooks<Tables>): void;
  /** Estimated tracks: the sensors whose scans feed the nations' ballistic trackers, and their scans. */
  fireControl?: TrackingLooks<EstimatedLooks<Tables>>;
  /** The air picture: first detections of the raid's aircraft, and the scans of the air tracks. */
  air?: AirLooks;
}

/** A sensor that calls kills (its capability's killAssessment): how often its call is right, and when it sees each object. */
export interface KillWatcher {
  id: string;
  accuracy: number;
  times: LookTimes;
}

/** A kind's scans for a tracker: its tracked sensors (in world order) and their scans, numbered from `first`. */
export interface TrackingLooks<Context> {
  sensors(world: World): TrackedSensor[];
  scans(world: World, looks: Context, first: number): RawScan[];
}

/** What a tracker needs to know of a sensor beside its scans. */
export interface TrackedSensor {
  id: string;
  /** Report latency [s] (a measurement at t reaches its owner at t + latency). */
  latency: number;
  /** The sensor's warhead/decoy confusion model (null: it does not discriminate). */
  confusion: SensorConfusion | null;
  /** A sensor that gives range/angle (`'radar'`) scans: the radar that measures at t (its site and noise; an airborne one's site moves). */
  radarAt?(t: number): GroundRadarSpec;
}

/** What a truth-track look reads and writes. */
export interface TruthLooks<Tables = unknown> {
  /** The released objects still flying after the boost phase, and their paths. */
  alive: readonly WorldObject[];
  paths: ReadonlyMap<string, ThreatPath>;
  /** The trial's main stream (truth tracks draw the looks from it, in order). */
  rng: Random;
  events: EngineEvent[];
  /** Detections toward commit, per alive object. */
  into: Map<string, Detection[]>;
  missiles: readonly WorldMissile[];
  destroyed: ReadonlyMap<string, number>;
  /** The kind's tables on truth tracks (its `tables` hook; undefined for a kind without one). */
  tables: Tables;
}

/** What a launch warning reads. */
export interface BoostCues<Tables = unknown> {
  missiles: readonly WorldMissile[];
  /** Object id -> the time it was destroyed (a missile's boost kill destroys its first object). */
  destroyed: ReadonlyMap<string, number>;
  events: EngineEvent[];
  /** The kind's tables on the trial's tracks (its `tables` hook; undefined for a kind without one). */
  tables: Tables;
}

/** What an estimated-track look reads and writes. */
export interface EstimatedLooks<Tables = unknown> {
  seed: number;
  objects: readonly WorldObject[];
  paths: readonly ThreatPath[];
  /** Whether object oi was destroyed in the boost phase. */
  boostKilled(oi: number): boolean;
  events: EngineEvent[];
  /** The kind's tables on estimated tracks (its `tables` hook; undefined for a kind without one). */
  tables: Tables;
  /** The tracker's label interval [s] (drawLabelEvery). */
  labelInterval: number;
}

/** An object the air sensors look at: a bomber until its release, a cruise missile until its impact. */
export interface AirTarget {
  id: string;
  path: ThreatPath;
  start: number;
  end: number;
  /** RCS [m^2] seen from an ECEF site at ECEF position `at` and time t. */
  rcs(t: number, at: Float64Array, site: ArrayLike<number>): number;
}

/** What the air picture's looks read. */
export interface AirScanLooks {
  seed: number;
  /** The stream purpose (`<purpose>:<sensor>`): one picture's looks draw nothing another's do. */
  purpose: string;
  targets: readonly AirTarget[];
  /** The span the targets fly [s]. */
  first: number;
  last: number;
}

/** A kind's looks at the air targets. */
export interface AirLooks extends TrackingLooks<AirScanLooks> {
  /** The first detection of each bomber by each sensor (`air:<sensor>` streams), in sensor order, into `events`. */
  firstDetections(world: World, seed: number, bombers: readonly AirTarget[], events: Array<Extract<EngineEvent, { type: 'detect' }>>): void;
}

/**
 * A sensor's scan before a nation receives it. Packed (a trial holds every scan before tracking starts: a
 * raid's millions of detections as two small typed arrays and a Set entry each were most of the heap the
 * garbage collector walked): `receivedScans` (engine/shared-scans.ts) gives the tracker's per-detection arrays.
 */
export interface RawScan {
  t: number;
  /** The sensor's index in the tracker's numbering: kinds in table order, each kind's tracked sensors in world order. */
  sensorIndex: number;
  /** 'radar': range, azimuth, elevation from the sensor's radarAt(t); 'fix': an ECI position with its covariance. */
  kind: 'radar' | 'fix';
  /** Three numbers per detection: range, azimuth, elevation (radar) or the fix's ECI position. */
  values: Float64Array;
  /** Fixes: nine per detection, its 3 x 3 covariance (row-major). */
  covariances?: Float64Array;
  /** Fixes whose covariance is sigma^2 I (a space layer's): one sigma per detection, instead of covariances. */
  sigmas?: Float64Array;
  /** Truth: the world object index of each detection; NO_OBJECT (tracking/nation-tracker.ts) for a false alarm. */
  objects: number[];
  /** Per detection: +1 warhead, -1 decoy, 0 no label (a non-discriminating sensor, or a false alarm). */
  labels: number[];
  /** Truth: world object indices the scan's geometry covered (seen or not). */
  covered: IndexSet;
}

/** A scan's detections gathered in plain arrays, then packed (packScan). */
export interface ScanDraft {
  t: number;
  sensorIndex: number;
  kind: RawScan['kind'];
  values: number[];
  covariances: number[];
  objects: number[];
  labels: number[];
  covered: number[];
}

/** An empty draft of a sensor's scan at t. */
export function scanDraft(t: number, sensorIndex: number, kind: RawScan['kind']): ScanDraft {
  return { t, sensorIndex, kind, values: [], covariances: [], objects: [], labels: [], covered: [] };
}

/** A draft packed into a RawScan (a fix scan keeps its covariances). */
export function packScan(s: ScanDraft): RawScan {
  return {
    t: s.t,
    sensorIndex: s.sensorIndex,
    kind: s.kind,
    values: Float64Array.from(s.values),
    ...(s.kind === 'fix' ? { covariances: Float64Array.from(s.covariances) } : {}),
    objects: s.objects,
    labels: s.labels,
    covered: IndexSet.of(s.covered),
  };
}

/** The interval between a sensor's tracking looks at one object [s]: its revisit, but no faster than the tracker's update interval. */
export function trackingInterval(world: World, revisitInterval: number): number {
  return Math.max(revisitInterval, (world.settings.tracker ?? DEFAULT_TRACKER).updateInterval);
}

/**
 * Truth-track looks of one sensor at the released objects every revisit interval from each object's first
 * sample until it lands (objects in world order, looks in time order): `look` draws at the object's ECEF
 * position. The sensor stops looking at an object once it holds `detectionsToCommit` detections of it (more
 * cannot change any nation's commit time); the first detection is a `detect` event.
 */
export function lookAtReleased(
  world: World,
  looks: TruthLooks,
  sensor: { id: string; owner: NationCode },
  revisit: number,
  look: (ecef: Float64Array, o: WorldObject, t: number) => boolean,
): void {
  const need = world.settings.detectionsToCommit;
  const ecef = new Float64Array(3);
  const eci = new Float64Array(3);
  for (const o of looks.alive) {
    const path = looks.paths.get(o.id) as ThreatPath;
    const list = looks.into.get(o.id) as Detection[];
    let mine = 0;
    for (let t = path.start; t <= o.impactTime && mine < need; t += revisit) {
      path.position(t, eci);
      toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], ecef);
      if (!look(ecef, o, t)) continue;
      if (mine === 0) looks.events.push({ t, type: 'detect', object: o.id, sensor: sensor.id, owner: sensor.owner });
      list.push({ t, sensor: sensor.id });
      mine++;
    }
  }
}

/**
 * One sensor's looks at each bomber every revisit interval from take-off to release (`look` draws at the
 * bomber's ECEF position, `ecef`); its first detection of each is a `detect` event.
 */
export function firstAircraftDetections(
  world: World,
  bombers: readonly AirTarget[],
  sensor: { id: string; owner: NationCode },
  revisit: number,
  look: (t: number, k: number, ecef: Float64Array) => boolean,
  events: Array<Extract<EngineEvent, { type: 'detect' }>>,
): void {
  const eci = new Float64Array(3),
    ecef = new Float64Array(3);
  bombers.forEach((g, k) => {
    const path = g.path;
    for (let t = Math.ceil(path.start / revisit) * revisit; t <= path.end; t += revisit) {
      path.position(t, eci);
      toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], ecef);
      if (!look(t, k, ecef)) continue;
      events.push({ t, type: 'detect', object: g.id, sensor: sensor.id, owner: sensor.owner });
      break;
    }
  });
}

/** The ECEF position [m] of an air target at t, into out. */
function airTargetEcef(world: World, g: AirTarget, t: number, eci: Float64Array, out: Float64Array): Float64Array {
  g.path.position(t, eci);
  toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], out);
  return out;
}

/**
 * One sensor's scans of the air targets: one every tracking interval (its revisit, no faster than the tracker's
 * update interval) over the targets' span, each scan looking at the targets flying then, in target order.
 * `lookAt(t)` gives the sensor's look at that time: it is handed the scan's draft, the target's ECEF position,
 * the target and its index, and records what it covers and detects in the draft. Scans that covered nothing
 * are left out.
 */
export function scanAirTargets(
  world: World,
  looks: AirScanLooks,
  sensorIndex: number,
  revisitInterval: number,
  kind: RawScan['kind'],
  lookAt: (t: number) => (s: ScanDraft, ecef: Float64Array, g: AirTarget, gi: number) => void,
): RawScan[] {
  const scans: RawScan[] = [];
  const eci = new Float64Array(3),
    ecef = new Float64Array(3);
  const step = trackingInterval(world, revisitInterval);
  for (let k = Math.ceil(looks.first / step); k * step <= looks.last; k++) {
    const t = k * step;
    const look = lookAt(t);
    const s = scanDraft(t, sensorIndex, kind);
    looks.targets.forEach((g, gi) => {
      if (t < g.start || t > g.end) return;
      look(s, airTargetEcef(world, g, t, eci, ecef), g, gi);
    });
    if (s.covered.length > 0) scans.push(packScan(s));
  }
  return scans;
}

/** A label every labelInterval per object (successive looks are correlated), through the sensor's confusion model; 0 when it does not discriminate. */
export function drawLabelEvery(
  confusion: SensorConfusion | null,
  kind: WorldObject['kind'],
  t: number,
  oi: number,
  last: Map<number, number>,
  interval: number,
  r: Random,
): number {
  if (!confusion) return 0;
  const prev = last.get(oi);
  if (prev !== undefined && t - prev < interval) return 0;
  last.set(oi, t);
  return drawLabel(confusion, kind, r.uniform) === 'warhead' ? 1 : -1;
}
