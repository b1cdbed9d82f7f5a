import { type NationCode, type SensorShare, sensorShare } from '../c2/national-policy.ts';
import { earthAngle, eciToGeodetic } from '../geo/earth-model.ts';
import { toEcef } from '../geo/earth-rotation.ts';
import { destinationPoint, initialAzimuth } from '../geo/great-circle.ts';
import { radarSpecAt } from '../sensors/airborne/airborne-radar.ts';
import { othCoverage, othLookOnce } from '../sensors/oth/oth-radar.ts';
import { measureRadar, probabilityOfDetection, radarLook, radarSiteEcef, radarVisibility } from '../sensors/radar/radar.ts';
import { aspectAngle, rcsAtAspect } from '../threats/aircraft.ts';
import { AIR_TRACKER, airTrackerSettings, ConstantVelocityFilter } from '../tracking/air-track.ts';
import { sensorSiteEci } from '../tracking/ekf.ts';
import { IndexSet } from '../tracking/index-set.ts';
import type { NationTrack, TrackSnapshot } from '../tracking/nation-tracker.ts';
import { pathFromSamples, type ThreatPath } from '../weapons/fire-control.ts';
import type { NationPicture, PictureBuilder, RawScan } from './estimated-trial.ts';
import type { EngineEvent } from './events.ts';
import { trackingInterval } from '../sensors/radar/radar-looks.ts';
import { streamFor } from './random-streams.ts';
import { DEFAULT_TRACKER, type World } from './world.ts';

/**
 * Air tracks in the estimated-track trial (issue 15; docs/northern-approaches.md, "Air tracks"): what the
 * air layer (air-defense.ts) cues and vectors on instead of first detections and the truth.
 *
 * Measurements: every line-of-sight radar (an airborne one from where its platform is, radarSpecAt) looks at
 * each air target on its tracking scans (trackingInterval) while the target flies: inside its coverage
 * (radarVisibility: the RCS-scaled range, the 4/3-Earth horizon, its faces; an aircraft's RCS of the aspect
 * the radar sees) a Swerling I draw, then range/azimuth/elevation with the catalog's noise (measureRadar).
 * Every over-the-horizon radar looks on its revisit (othLookOnce: the sky-wave coverage, its Pd, its
 * catalog ground-range and azimuth noise); the coarse fix becomes a 3-D position at OTH_FIX_ALTITUDE with
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

/** Where an OTH fix is placed in height [m] and its one-sigma height error [m] (model choice: 0-10 km, cruise missiles to bombers, within one sigma). */
export const OTH_FIX_ALTITUDE = 5000;
export const OTH_FIX_HEIGHT_SIGMA = 5000;

/** An object the air sensors look at: a bomber until its release, a cruise missile until its impact. */
export interface AirTarget {
  id: string;
  path: ThreatPath;
  start: number;
  end: number;
  /** RCS [m^2] seen from an ECEF site at ECEF position `at` and time t. */
  rcs(t: number, at: Float64Array, site: ArrayLike<number>): number;
}

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

/** Every air sensor's scans of the targets, in time order (radars in world order, then OTH radars: sensor index radars.length + k). */
export function airScans(world: World, seed: number, purpose: string, targets: readonly AirTarget[]): RawScan[] {
  const scans: RawScan[] = [];
  if (targets.length === 0) return scans;
  const first = Math.min(...targets.map((g) => g.start)),
    last = Math.max(...targets.map((g) => g.end));
  const eci = new Float64Array(3),
    ecef = new Float64Array(3);
  const where = (g: AirTarget, t: number): Float64Array => {
    g.path.position(t, eci);
    toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], ecef);
    return ecef;
  };
  // a scan's detections gathered in plain arrays, then packed (RawScan)
  const scan = (t: number, sensorIndex: number, kind: RawScan['kind']) => ({
    t,
    sensorIndex,
    kind,
    values: [] as number[],
    covariances: [] as number[],
    objects: [] as number[],
    labels: [] as number[],
    covered: [] as number[],
  });
  const packed = (s: ReturnType<typeof scan>): RawScan => ({
    t: s.t,
    sensorIndex: s.sensorIndex,
    kind: s.kind,
    values: Float64Array.from(s.values),
    ...(s.kind === 'fix' ? { covariances: Float64Array.from(s.covariances) } : {}),
    objects: s.objects,
    labels: s.labels,
    covered: IndexSet.of(s.covered),
  });
  world.radars.forEach((radar, ri) => {
    const r = streamFor(seed, `${purpose}:${radar.id}`);
    const step = trackingInterval(world, radar.spec.revisitInterval);
    for (let k = Math.ceil(first / step); k * step <= last; k++) {
      const t = k * step;
      const spec = radarSpecAt(radar, t);
      const s = scan(t, ri, 'radar');
      targets.forEach((g, gi) => {
        if (t < g.start || t > g.end) return;
        const p = where(g, t);
        const rcs = g.rcs(t, p, radarSiteEcef(spec));
        if (radarVisibility(spec, p, rcs) !== 'visible') return;
        s.covered.push(gi);
        const look = radarLook(spec, p);
        if (r.next() >= probabilityOfDetection(spec, look.range, rcs)) return;
        const z = measureRadar(spec, look, r.uniform);
        s.values.push(z.range, z.azimuth, z.elevation);
        s.objects.push(gi);
        s.labels.push(0);
      });
      if (s.covered.length > 0) scans.push(packed(s));
    }
  });
  world.othRadars.forEach((radar, k0) => {
    const r = streamFor(seed, `${purpose}:${radar.id}`);
    const spec = radar.spec;
    const step = trackingInterval(world, spec.revisitInterval);
    for (let k = Math.ceil(first / step); k * step <= last; k++) {
      const t = k * step;
      const timeMs = world.epochMs + t * 1000;
      const s = scan(t, world.radars.length + k0, 'fix');
      targets.forEach((g, gi) => {
        if (t < g.start || t > g.end) return;
        const p = where(g, t);
        if (othCoverage(spec, p, timeMs).visibility !== 'visible') return;
        s.covered.push(gi);
        const z = othLookOnce(spec, p, timeMs, r.uniform);
        if (!z) return;
        const fix = othFix(spec, z, earthAngle(world.earth, t));
        s.values.push(...fix.position);
        s.covariances.push(...fix.covariance);
        s.objects.push(gi);
        s.labels.push(0);
      });
      if (s.covered.length > 0) scans.push(packed(s));
    }
  });
  scans.sort((a, b) => a.t - b.t || a.sensorIndex - b.sensorIndex);
  return scans;
}

/**
 * An OTH look (ground range, azimuth from the site) as an ECI position fix at Earth angle theta: the point at
 * that range along the great circle, at OTH_FIX_ALTITUDE, with covariance sigma_gr^2 along the path's bearing
 * there, (ground range x sigma_az)^2 across it and OTH_FIX_HEIGHT_SIGMA^2 vertically.
 */
export function othFix(
  spec: { latitude: number; longitude: number; groundRangeNoise: number; azimuthNoise: number },
  z: { groundRange: number; azimuth: number },
  theta: number,
): { position: Float64Array; covariance: Float64Array } {
  const p = destinationPoint(spec.latitude, spec.longitude, z.azimuth, z.groundRange);
  const site = sensorSiteEci(p.latitude, p.longitude, OTH_FIX_ALTITUDE, theta);
  // the path's bearing at the fix: the reverse of the bearing back to the radar
  const b = initialAzimuth(p.latitude, p.longitude, spec.latitude, spec.longitude) + Math.PI;
  const along = [0, 1, 2].map((i) => Math.sin(b) * site.east[i] + Math.cos(b) * site.north[i]);
  const across = [0, 1, 2].map((i) => Math.cos(b) * site.east[i] - Math.sin(b) * site.north[i]);
  const va = spec.groundRangeNoise ** 2,
    vc = (z.groundRange * spec.azimuthNoise) ** 2,
    vh = OTH_FIX_HEIGHT_SIGMA ** 2;
  const covariance = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      covariance[3 * i + j] = va * along[i] * along[j] + vc * across[i] * across[j] + vh * site.up[i] * site.up[j];
  return { position: Float64Array.from(site.position), covariance };
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
): AirTrackView {
  const settings = airTrackerSettings(world.settings.tracker ?? DEFAULT_TRACKER);
  const raw = airScans(world, seed, purpose, targets);
  const sensorIds = [...world.radars.map((r) => r.id), ...world.othRadars.map((r) => r.id)];
  const latency = sensorIds.map(() => 0);
  const confusions = sensorIds.map(() => null);
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
      picture = build(key, raw, shares, sensorIds, latency, confusions, settings, {
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
