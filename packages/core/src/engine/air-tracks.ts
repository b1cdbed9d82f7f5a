import { type NationCode, type SensorShare, sensorShare } from '../c2/national-policy.ts';
import { earthAngle, eciToGeodetic } from '../geo/earth-model.ts';
import { toEcef } from '../geo/earth-rotation.ts';
import type { AirScanLooks, AirTarget, RawScan, SensorKind } from '../sensors/kind.ts';
import { SENSOR_KINDS } from '../sensors/kinds.ts';
import { aspectAngle, rcsAtAspect } from '../threats/aircraft.ts';
import { AIR_TRACKER, airTrackerSettings, ConstantVelocityFilter } from '../tracking/air-track.ts';
import type { NationTrack, TrackSnapshot } from '../tracking/nation-tracker.ts';
import { pathFromSamples } from '../weapons/fire-control.ts';
import type { NationPicture, PictureBuilder } from './estimated-trial.ts';
import type { EngineEvent } from './events.ts';
import { DEFAULT_TRACKER, type World } from './world.ts';

/**
 * Air tracks in the estimated-track trial (issue 15; docs/northern-approaches.md, "Air tracks"): what the
 * air layer (air-defense.ts) cues and vectors on instead of first detections and the truth.
 *
 * Measurements (the sensor kinds' air looks: sensors/radar/radar-kind.ts, sensors/oth/oth-kind.ts): every
 * line-of-sight radar (an airborne one from where its platform is, radarSpecAt) looks at each air target on its tracking scans (trackingInterval) while the target flies: inside its coverage
 * (radarVisibility: the RCS-scaled range, the 4/3-Earth horizon, its faces; an aircraft's RCS of the aspect
 * the radar sees) a Swerling I draw, then range/azimuth/elevation with the catalog's noise (measureRadar).
 * Every over-the-horizon radar looks on its revisit (othLookOnce: the sky-wave coverage, its Pd, its
 * catalog ground-range and azimuth noise); the coarse fix becomes a 3-D position (sensors/oth/oth-fix.ts) at OTH_FIX_ALTITUDE with
 * the ground-range error along the bearing, the cross-range error ground range x azimuth sigma across it
 * and OTH_FIX_HEIGHT_SIGMA vertically (an OTH radar does not measure height). Each sensor draws from a
 * stream of its own (`<purpose>:<sensor>`), apart from the first-detection draws that make the log's
 * `detect` events, so those events and every other draw of the trial are unchanged.
 *
 * Tracks: each planning nation runs NationTracker (the ballistic tracker's gating, GNN, two-fix initiation
 * and M-of-N) with the nearly-constant-velocity filter (tracking/air-track.ts) over the scans its policy lets
 * it use: its own sensors, shared ones at the share's delay and sigma factor (the ballistic picture's
 * buildPicture, the same rule). Nations with the same usable sensors share one picture. Bombers and cruise
 * missiles are tracked in two pictures (a bomber's track does not take its missiles' looks at release).
 */

/** The world's bombers as air targets (aspect-dependent RCS: heading over the next second, as aircraft-detections.ts). */
export function bomberTargets(world: World): AirTarget[] {
  return (world.aircraft ?? []).map((a) => {
    const path = pathFromSamples(a.flight);
    const eci = new Float64Array(3),
      p0 = new Float64Array(3),
      p1 = new Float64Array(3);
    const ecefAt = (t: number, out: Float64Array): void => {
      path.position(t, eci);
      toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], out);
    };
    return {
      id: a.id,
      path,
      start: path.start,
      end: path.end,
      rcs(t, at, site) {
        const t1 = Math.min(t + 1, path.end),
          t0 = t1 - 1;
        ecefAt(t0, p0);
        ecefAt(t1, p1);
        for (let i = 0; i < 3; i++) p1[i] -= p0[i];
        return rcsAtAspect(a.rcs, aspectAngle(at, p1, site));
      },
    };
  });
}

/** The world's cruise missiles (objects flying inside the atmosphere) as air targets, but those never released (`gone`). */
export function cruiseTargets(world: World, gone: ReadonlyMap<string, number>): AirTarget[] {
  return world.objects
    .filter((o) => o.endoOnly && !((gone.get(o.id) ?? Infinity) <= o.flight[0]))
    .map((o) => {
      const path = pathFromSamples(o.flight);
      return { id: o.id, path, start: path.start, end: o.impactTime, rcs: () => o.rcs };
    });
}

/** Every air sensor's scans of the targets, in time order (sensors numbered kind by kind: the line-of-sight radars in world order, then the OTH radars). */
export function airScans(
  world: World,
  seed: number,
  purpose: string,
  targets: readonly AirTarget[],
  kinds: readonly SensorKind[] = SENSOR_KINDS,
): RawScan[] {
  const scans: RawScan[] = [];
  if (targets.length === 0) return scans;
  const looks: AirScanLooks = {
    seed,
    purpose,
    targets,
    first: Math.min(...targets.map((g) => g.start)),
    last: Math.max(...targets.map((g) => g.end)),
  };
  let first = 0;
  for (const kind of kinds) {
    if (!kind.air) continue;
    for (const scan of kind.air.scans(world, looks, first)) scans.push(scan);
    first += kind.air.sensors(world).length;
  }
  scans.sort((a, b) => a.t - b.t || a.sensorIndex - b.sensorIndex);
  return scans;
}

/** A nation's estimate of an air target at a time: its track's latest update held then, predicted (constant velocity) to that time. */
export interface AirEstimate {
  /** The nation's track label (`<nation>:A<id>`) and the sensors that fed it. */
  track: string;
  sources: string[];
  /** The target the update followed (truth: what a fighter sent where the track points finds). */
  object: string;
  /** When the update was measured [s]; the estimate's time [s]. */
  measured: number;
  t: number;
  /** ECI state [r, v] at t and its 6 x 6 covariance. */
  x: Float64Array;
  P: Float64Array;
}

/** What the air layer reads of the nations' air tracks. */
export interface AirTrackView {
  /** When the nation first holds a confirmed track update following the target [s]; Infinity when never. */
  cue(nation: NationCode, target: string): number;
  /** The nation's estimate of the target at t, or null when it holds no update following it by then. */
  estimate(nation: NationCode, target: string, t: number): AirEstimate | null;
  /** A track's (label `<nation>:A<id>`) latest update held at t, predicted to t, whatever it follows then; null when it has none. */
  trackEstimate(nation: NationCode, track: string, t: number): AirEstimate | null;
  /** Geodetic position of an estimate at time t (constant velocity from the estimate). */
  geodetic(e: AirEstimate, t: number): { latitude: number; longitude: number; altitude: number };
}

/**
 * The planning nations' air tracks of `targets` (pictures built on first use, one per distinct set of usable
 * sensors); the confirmed tracks' births are logged (`track-birth`, track `<nation>:A<id>`, object the target
 * the track first followed) for every planning nation.
 */
export function airTrackView(
  world: World,
  seed: number,
  purpose: string,
  targets: readonly AirTarget[],
  build: PictureBuilder,
  events: EngineEvent[],
  kinds: readonly SensorKind[] = SENSOR_KINDS,
): AirTrackView {
  const settings = airTrackerSettings(world.settings.tracker ?? DEFAULT_TRACKER);
  const raw = airScans(world, seed, purpose, targets, kinds);
  const sensors = kinds.flatMap((kind) => kind.air?.sensors(world) ?? []);
  const sensorIds = sensors.map((s) => s.id);
  const index = new Map(targets.map((g, i) => [g.id, i]));
  const pictures = new Map<string, NationPicture>();
  const byNation = new Map<NationCode, NationTrack[]>();
  const tracksOf = (nation: NationCode): NationTrack[] => {
    let list = byNation.get(nation);
    if (list) return list;
    const shares: SensorShare[] = sensorIds.map((id) => sensorShare(world.policy, nation, id));
    const key = `${purpose}|` + shares.map((s) => (s.shared ? `${s.delay}/${s.sigmaFactor}` : '-')).join(',');
    let picture = pictures.get(key);
    if (!picture) {
      picture = build(purpose, raw, shares, sensors, settings, {
        createFilter: () => new ConstantVelocityFilter(AIR_TRACKER.accelerationPsd),
        maxSpeed: AIR_TRACKER.maxSpeed,
      });
      pictures.set(key, picture);
    }
    list = picture.tracks.filter((tr) => tr.confirmedAt !== null);
    byNation.set(nation, list);
    return list;
  };
  for (const nation of world.settings.planningNations) {
    for (const tr of tracksOf(nation)) {
      const first = tr.snapshots.at(0);
      if (!first) continue;
      events.push({
        t: tr.confirmedAt as number,
        type: 'track-birth',
        object: targets[first.object].id,
        nation,
        track: `${nation}:A${tr.id}`,
      });
    }
  }
  const filter = new ConstantVelocityFilter(AIR_TRACKER.accelerationPsd);
  const predicted = (nation: NationCode, tr: NationTrack, s: TrackSnapshot, t: number): AirEstimate => {
    filter.initialise(s.t, s.x, s.P).predict(Math.max(s.t, t));
    return {
      track: `${nation}:A${tr.id}`,
      sources: [...tr.sources],
      object: targets[s.object].id,
      measured: s.t,
      t: Math.max(s.t, t),
      x: Float64Array.from(filter.x),
      P: Float64Array.from(filter.P),
    };
  };
  return {
    cue(nation, target) {
      const gi = index.get(target);
      let cue = Infinity;
      if (gi === undefined) return cue;
      for (const tr of tracksOf(nation))
        for (const s of tr.snapshots)
          if (s.object === gi) {
            cue = Math.min(cue, s.knownAt);
            break;
          }
      return cue;
    },
    estimate(nation, target, t) {
      const gi = index.get(target);
      if (gi === undefined) return null;
      let best: { tr: NationTrack; s: TrackSnapshot } | null = null;
      for (const tr of tracksOf(nation)) {
        const s = tr.snapshots.latestKnownBy(t);
        if (s && s.object === gi && (!best || s.t > best.s.t)) best = { tr, s };
      }
      return best ? predicted(nation, best.tr, best.s, t) : null;
    },
    trackEstimate(nation, track, t) {
      const tr = tracksOf(nation).find((x) => `${nation}:A${x.id}` === track);
      const s = tr?.snapshots.latestKnownBy(t);
      return tr && s ? predicted(nation, tr, s, t) : null;
    },
    geodetic(e, t) {
      const dt = t - e.t;
      const p = [0, 1, 2].map((i) => e.x[i] + dt * e.x[3 + i]);
      return eciToGeodetic(world.earth, t, p);
    },
  };
}

/** The ECEF position at t of an estimate (constant velocity), into out. */
export function estimateEcef(earth: World['earth'], e: AirEstimate, t: number, out: Float64Array): Float64Array {
  const dt = t - e.t;
  toEcef(earthAngle(earth, t), e.x[0] + dt * e.x[3], e.x[1] + dt * e.x[4], e.x[2] + dt * e.x[5], out);
  return out;
}
