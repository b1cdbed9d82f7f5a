import {
  BatchEphemeris,
  campaignLog,
  DEG,
  destinationPoint,
  earthAngle,
  ecefToGeodetic,
  type EngineEvent,
  firstSeenObjects,
  geodeticToEcef,
  type NationCode,
  pathFromSamples,
  sensorVisibleTo,
  summarizeTrial,
  toEcef,
  trialSummaryContext,
  weaponVisibleTo,
  type World,
} from '@golden-dome/core';
import { type SceneAssets, sceneAssets, sceneSpan } from '../scene.ts';

/**
 * One trial as one view sees it, ready for the exporters (CZML, KML, GeoJSON): everything here is read
 * from the world and the view's log, never flown again (docs/interop-exports.md).
 *
 * The view is a nation of the world's policy (`nation`), or the whole log (undefined: an analyst holding
 * every nation's data, as `dome run` without `--as`). A nation's view follows the same rules as the
 * server's picture and its reports:
 *  - events: core's campaignLog (eventsVisibleTo: its own and shared sensors, late by the share's delay,
 *    its own weapons, public launches, burnouts and impacts);
 *  - threat objects: from their first `detect` or `track` in that log (core's firstSeenObjects, as the
 *    server's NationView) until impact or a `kill-assess` that says killed; positions are the world's
 *    recorded flight (core's pathFromSamples). The whole-log view shows each object from launch until
 *    impact or the intercept that destroyed it;
 *  - fly-outs: its own shots, from `fire` to `intercept`, as the engine logged them (each shot's `flyout`
 *    event: core's flyout.ts), the samples as logged; fighters: its own sorties (`sortie` events);
 *  - sensors: those it may use (core's sensorVisibleTo); weapons, batteries and interceptor layers: its
 *    own (weaponVisibleTo); cities: public; space sensor constellations: those it may use.
 * Angles are degrees and heights metres (this is an edge); ECEF is WGS84 Earth-fixed metres; times are
 * scenario seconds from the world's epoch.
 */
export interface TrialPicture {
  scenario: string;
  seed: number;
  /** The world's epoch [ms since 1970, UTC]. */
  epochMs: number;
  /** Whose view: a nation, or undefined for the whole log. */
  view: NationCode | undefined;
  /** The trial's track mode: 'truth' is the comparison mode and every export says so. */
  tracks: 'estimated' | 'truth';
  /** The picture's time span [s]: the server scene's (sceneSpan). */
  start: number;
  end: number;
  stepS: number;
  threats: PictureThreat[];
  flyOuts: PictureFlyOut[];
  fighters: PictureFighter[];
  sensors: PictureSensor[];
  batteries: SceneAssets['batteries'];
  cities: PictureCity[];
  impacts: PictureImpact[];
  constellations: PictureConstellation[];
  /** The view's events, each with where it happened when the view knows (else null); fly-outs and sorties are drawn, not listed. */
  events: Array<{ event: EngineEvent; at: PicturePoint | null }>;
}

export interface PicturePoint {
  latitude: number;
  longitude: number;
  altitude: number;
  /** WGS84 Earth-fixed [m]. */
  ecef: [number, number, number];
}

export type ThreatPhase = 'boost' | 'midcourse' | 'reentry';
/** Below this height a falling threat is drawn as re-entering: the web picture's display rule (packages/web/src/threat-phase.ts). */
export const REENTRY_ALTITUDE_M = 100_000;

export interface PictureThreat {
  id: string;
  missile: string;
  /** Warhead or decoy: in the whole-log view only (a nation's view knows its own P(warhead), not the truth). */
  kind?: 'warhead' | 'decoy';
  from: number;
  until: number;
  /**
   * Why the track ends: its logged impact, a kill (the intercept in the whole log, a kill assessment in a
   * nation's view), or neither: the end of its recorded flight (e.g. an object another nation destroyed,
   * which this view was never told of).
   */
  ends: 'impact' | 'killed' | 'flight-end';
  samples: Array<PicturePoint & { t: number }>;
  /** Contiguous phases, in time order (each shares its first sample with the previous one's last). */
  phases: Array<{ phase: ThreatPhase; from: number; until: number; samples: Array<PicturePoint & { t: number }> }>;
}

export interface PictureFlyOut {
  id: string;
  weapon: string;
  object: string;
  shot: number;
  owner: NationCode;
  layer: string;
  from: number;
  until: number;
  hit: boolean;
  /** The logged path's first and last samples (launcher, intercept point). */
  start: PicturePoint;
  end: PicturePoint;
  /** The fly-out as the engine logged it (its `flyout` event): every sample, at its scenario time. */
  samples: Array<PicturePoint & { t: number }>;
}

/** A fighter of the view's own air layer: its sorties as the engine logged them (`sortie` events), one track. */
export interface PictureFighter {
  /** The sortie `<base>#<k>`. */
  id: string;
  base: string;
  /** Aircraft type (catalog id). */
  type: string;
  owner: NationCode;
  from: number;
  until: number;
  samples: Array<PicturePoint & { t: number }>;
}

/** A radar as the exports draw it: degrees and km (the scene sends radians and metres). */
export interface SensorDrawing {
  id: string;
  owner: NationCode;
  kind: 'radar' | 'oth-radar';
  latitude: number;
  longitude: number;
  altitude: number;
  rangeKm: number;
  minRangeKm?: number;
  boresightDeg?: number;
  fovDeg?: number;
}

export interface PictureSensor extends SensorDrawing {
  /** The ground outline of its coverage, [lon, lat] degrees, closed, longitudes continuous (may pass ±180). */
  outline: Array<[number, number]>;
  /** The same outline cut at the antimeridian into rings with longitudes in [-180, 180] (GeoJSON RFC 7946 3.1.9, KML). */
  rings: Array<Array<[number, number]>>;
}

export interface PictureCity {
  id: string;
  name: string;
  nation: NationCode;
  latitude: number;
  longitude: number;
  population: number | null;
  priority: number;
  /** A warhead of the raid was aimed at it. */
  aimed: boolean;
  /** P(struck): for one trial its outcome (1 when a warhead aimed at it leaked, else 0); over a campaign the share of its trials. */
  pStruck: number;
  /** Trials behind pStruck. */
  trials: number;
}

export interface PictureImpact {
  object: string;
  kind: 'warhead' | 'decoy';
  t: number;
  latitude: number;
  longitude: number;
  aimedAt: { nation: NationCode; id?: string };
}

export interface PictureConstellation {
  id: string;
  owner: NationCode;
  role: 'interceptors' | 'sensors';
  count: number;
  /** Time of the first sample [s] and the step between samples [s]. */
  epochT: number;
  stepS: number;
  /** ECEF [m], sample-major: positions[(k * count + i) * 3 + axis]. */
  positions: number[];
}

export interface TrialPictureOptions {
  scenario: string;
  seed: number;
  /** A nation of the world's policy, or undefined for the whole log. */
  nation: NationCode | undefined;
  /** Weapon id → interceptor type (labels). */
  weaponTypes?: Readonly<Record<string, string>>;
  /** Threat track sampling [s] (default 10). */
  stepS?: number;
  /**
   * Cities' P(struck) over a campaign instead of this trial's outcome: how many trials were run and, per
   * defended asset `nation/id`, in how many of them a warhead aimed at it leaked (core's TrialSummary.assetsHit
   * of each trial, in the same view).
   */
  campaign?: { trials: number; hits: ReadonlyMap<string, number> };
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

function point(ecef: ArrayLike<number>): PicturePoint {
  const geo = new Float64Array(3);
  ecefToGeodetic(ecef[0], ecef[1], ecef[2], geo);
  return {
    latitude: round(geo[0] / DEG, 6),
    longitude: round(geo[1] / DEG, 6),
    altitude: round(geo[2], 1),
    ecef: [round(ecef[0], 2), round(ecef[1], 2), round(ecef[2], 2)],
  };
}

function geodeticPoint(latitude: number, longitude: number, altitude: number): PicturePoint {
  return point(geodeticToEcef(latitude, longitude, altitude));
}

/** A trial's picture in one view (see {@link TrialPicture}). `log` is the trial's whole log; the view is filtered here. */
export function trialPicture(world: World, log: readonly EngineEvent[], options: TrialPictureOptions): TrialPicture {
  const nation = options.nation;
  const stepS = options.stepS ?? 10;
  const events = campaignLog(world, nation, log);
  const span = sceneSpan(world, events);
  const assets = sceneAssets(world, span, options.weaponTypes ?? {});
  const objectsOf = new Map(world.missiles.map((m) => [m.id, m.objects]));
  const burnout = new Map<string, number>();
  for (const e of events) if (e.type === 'burnout' && !burnout.has(e.missile)) burnout.set(e.missile, e.t);

  // when each object is known and until when: the server's NationView rules in a nation's view, the truth in the whole log
  const from = new Map<string, number>();
  const killed = new Map<string, number>();
  const kill = (object: string, t: number) => {
    for (const o of objectsOf.get(object) ?? [object]) if (!killed.has(o) || t < (killed.get(o) as number)) killed.set(o, t);
  };
  if (nation === undefined) {
    for (const o of world.objects) from.set(o.id, pathFromSamples(o.flight).start);
    for (const e of events) if (e.type === 'intercept' && e.hit && !e.alreadyDestroyed) kill(e.object, e.t);
  } else {
    for (const [id, t] of firstSeenObjects(events)) from.set(id, t);
    for (const e of events) if (e.type === 'kill-assess' && e.killed) kill(e.object, e.t);
  }

  // impacts are public: an object ends in 'impact' only when the log says so (one destroyed by another
  // nation's weapon is, in this view, followed to the end of its recorded flight)
  const impacted = new Set(events.flatMap((e) => (e.type === 'impact' ? [e.object] : [])));
  const eci = new Float64Array(3),
    ecef = new Float64Array(3);
  const threats: PictureThreat[] = [];
  const paths = new Map<string, ReturnType<typeof pathFromSamples>>();
  for (const o of world.objects) {
    const seen = from.get(o.id);
    if (seen === undefined) continue;
    const path = pathFromSamples(o.flight);
    const begin = Math.max(seen, path.start);
    const killedAt = killed.get(o.id) ?? Infinity;
    const until = Math.min(o.impactTime, killedAt, path.end);
    if (begin > until) continue;
    paths.set(o.id, path);
    const times: number[] = [begin];
    for (let t = Math.ceil(begin / stepS) * stepS; t < until; t += stepS) if (t > begin) times.push(t);
    const out = burnout.get(o.missile);
    if (out !== undefined && out > begin && out < until && !times.includes(out)) times.push(out);
    if (until > begin) times.push(until);
    times.sort((a, b) => a - b);
    const samples = times.map((t) => {
      path.position(t, eci);
      toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], ecef);
      return { t, ...point(ecef) };
    });
    threats.push({
      id: o.id,
      missile: o.missile,
      ...(nation === undefined ? { kind: o.kind } : {}),
      from: round(begin, 3),
      until: round(until, 3),
      ends: until === killedAt ? 'killed' : until === o.impactTime && impacted.has(o.id) ? 'impact' : 'flight-end',
      samples,
      phases: phasesOf(samples, out),
    });
  }

  // fly-outs: the view's own shots as the engine logged them (their `flyout` events), fire → intercept;
  // fighters: the view's own sorties (their `sortie` events), one track per aircraft
  const flyouts = new Map<string, Extract<EngineEvent, { type: 'flyout' }>>();
  const flyOuts: PictureFlyOut[] = [];
  const fighters = new Map<string, PictureFighter>();
  const samplesOf = (t0: number, path: readonly number[]): Array<PicturePoint & { t: number }> => {
    const out: Array<PicturePoint & { t: number }> = [];
    for (let k = 0; k + 3 < path.length; k += 4) out.push({ t: round(t0 + path[k], 3), ...point(path.slice(k + 1, k + 4)) });
    return out;
  };
  for (const e of events) {
    if (e.type === 'flyout') flyouts.set(`${e.weapon}|${e.object}|${e.shot}`, e);
    if (e.type === 'sortie') {
      const f = fighters.get(e.aircraft) ?? {
        id: e.aircraft,
        base: e.base,
        type: e.fighter,
        owner: e.owner,
        from: round(e.t, 3),
        until: round(e.t, 3),
        samples: [],
      };
      // a later sortie from where the last one is (under live command: its shot or break-off inside the plan) replaces the rest of it
      const from = round(e.t, 3);
      const cut = f.samples.findIndex((x) => x.t >= from);
      if (cut >= 0) f.samples.splice(cut);
      f.samples.push(...samplesOf(e.t, e.path));
      f.until = f.samples[f.samples.length - 1].t;
      fighters.set(e.aircraft, f);
    }
    if (e.type !== 'intercept') continue;
    const fo = flyouts.get(`${e.weapon}|${e.object}|${e.shot}`);
    if (!fo || fo.path.length < 4) continue;
    const samples = samplesOf(fo.t, fo.path);
    flyOuts.push({
      id: `${e.weapon}/${e.object}/${e.shot}`,
      weapon: e.weapon,
      object: e.object,
      shot: e.shot,
      owner: fo.owner,
      layer: e.layer,
      from: round(fo.t, 3),
      until: round(e.t, 3),
      hit: e.hit,
      start: samples[0],
      end: samples[samples.length - 1],
      samples,
    });
  }

  // the scene's assets are in SI (radians, metres: the wire's convention); the exports write degrees and km
  const deg = (rad: number): number => round(rad / DEG, 6);
  const sensors: PictureSensor[] = assets.radars
    .filter((r) => nation === undefined || sensorVisibleTo(world.policy, nation, r))
    .map((r) => {
      const drawn: SensorDrawing = {
        id: r.id,
        owner: r.owner,
        kind: r.kind,
        latitude: deg(r.latitude),
        longitude: deg(r.longitude),
        altitude: r.altitude,
        rangeKm: r.range / 1000,
        ...(r.minRange !== undefined ? { minRangeKm: r.minRange / 1000 } : {}),
        ...(r.boresight !== undefined ? { boresightDeg: r.boresight / DEG } : {}),
        ...(r.fov !== undefined ? { fovDeg: r.fov / DEG } : {}),
      };
      const outline = coverageOutline(drawn);
      return { ...drawn, outline, rings: cutAtAntimeridian(outline) };
    });
  const batteriesSeen = assets.batteries
    .filter((b) => nation === undefined || weaponVisibleTo(nation, b))
    .map((b) => ({ ...b, latitude: deg(b.latitude), longitude: deg(b.longitude) }));

  // P(struck) of one trial: its outcome, read by core's trial summary (impacts are public: the same in every view)
  const summary = summarizeTrial(trialSummaryContext(world, options.weaponTypes ?? {}), options.seed, events);
  const struck = new Set(summary.assetsHit);
  const aimed = new Set(world.objects.filter((o) => o.kind === 'warhead').map((o) => `${o.aimedAt.nation}/${o.aimedAt.id ?? ''}`));
  const campaign = options.campaign;
  const cities: PictureCity[] = assets.cities.map((c) => {
    const key = `${c.nation}/${c.id}`;
    const pStruck = campaign ? (campaign.trials > 0 ? (campaign.hits.get(key) ?? 0) / campaign.trials : 0) : struck.has(key) ? 1 : 0;
    return {
      ...c,
      latitude: deg(c.latitude),
      longitude: deg(c.longitude),
      aimed: aimed.has(key),
      pStruck,
      trials: campaign ? campaign.trials : 1,
    };
  });

  const impacts: PictureImpact[] = [];
  for (const e of events) {
    if (e.type !== 'impact') continue;
    impacts.push({
      object: e.object,
      kind: e.kind,
      t: round(e.t, 3),
      latitude: round(e.point.latitude / DEG, 6),
      longitude: round(e.point.longitude / DEG, 6),
      aimedAt: e.aimedAt,
    });
  }

  const constellations: PictureConstellation[] = [];
  for (const c of assets.constellations) {
    const layer = world.spaceLayers.find((l) => l.id === c.id);
    if (layer && (nation === undefined || weaponVisibleTo(nation, layer))) constellations.push({ ...c, role: 'interceptors' });
  }
  for (const s of world.spaceSensors) {
    if (nation !== undefined && !sensorVisibleTo(world.policy, nation, s)) continue;
    constellations.push(sensorConstellation(world, s.id, s.owner, s.orbits, span));
  }

  // where each event happened, when the view knows
  const threatAt = (object: string, t: number): PicturePoint | null => {
    const path = paths.get(object);
    const track = threats.find((x) => x.id === object);
    if (!path || !track || t < track.from || t > track.until) return null;
    path.position(t, eci);
    toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], ecef);
    return point(ecef);
  };
  // a shot's fly-out and a fighter's flight are drawn (flyOuts, fighters), not listed as events
  const placed = events
    .filter((e) => e.type !== 'flyout' && e.type !== 'sortie')
    .map((e): { event: EngineEvent; at: PicturePoint | null } => {
      switch (e.type) {
        case 'launch':
          return { event: e, at: geodeticPoint(e.site.latitude, e.site.longitude, 0) };
        case 'impact':
          return { event: e, at: geodeticPoint(e.point.latitude, e.point.longitude, 0) };
        case 'intercept':
          return { event: e, at: geodeticPoint(e.point.latitude, e.point.longitude, e.point.altitude) };
        case 'fire':
          return { event: e, at: flyOuts.find((f) => f.weapon === e.weapon && f.object === e.object && f.shot === e.shot)?.start ?? null };
        case 'burnout':
          return { event: e, at: (objectsOf.get(e.missile) ?? []).map((o) => threatAt(o, e.t)).find((p) => p !== null) ?? null };
        case 'measurements':
          return { event: e, at: null };
        default:
          return { event: e, at: threatAt(e.object, e.t) };
      }
    });

  return {
    scenario: options.scenario,
    seed: options.seed,
    epochMs: world.epochMs,
    view: nation,
    tracks: world.settings.tracks === 'truth' ? 'truth' : 'estimated',
    start: span.start,
    end: span.end,
    stepS,
    threats,
    flyOuts,
    fighters: [...fighters.values()],
    sensors,
    batteries: batteriesSeen,
    cities,
    impacts,
    constellations,
    events: placed,
  };
}

/** Phases of a sampled track: boost until its missile's burnout, then midcourse, re-entry once falling below {@link REENTRY_ALTITUDE_M}. */
function phasesOf(samples: PictureThreat['samples'], burnout: number | undefined): PictureThreat['phases'] {
  const phases: PictureThreat['phases'] = [];
  let previous: number | undefined;
  for (const s of samples) {
    const falling = previous !== undefined && s.altitude < previous;
    previous = s.altitude;
    const phase: ThreatPhase =
      burnout !== undefined && s.t < burnout ? 'boost' : falling && s.altitude < REENTRY_ALTITUDE_M ? 'reentry' : 'midcourse';
    const last = phases[phases.length - 1];
    if (last && last.phase === phase) {
      last.samples.push(s);
      last.until = s.t;
    } else {
      phases.push({ phase, from: last ? last.until : s.t, until: s.t, samples: last ? [last.samples[last.samples.length - 1], s] : [s] });
    }
  }
  return phases;
}

/**
 * A radar's coverage on the ground at its detection range (the scene's rangeKm): a fan of its face's
 * width around the boresight with the apex at the site, a disc for an all-round radar, or, for an
 * over-the-horizon radar, the band between its least and greatest ground ranges. Great-circle
 * destinations (core's destinationPoint, spherical Earth): a drawing, not a detection model.
 */
export function coverageOutline(r: SensorDrawing, arcSteps = 48): Array<[number, number]> {
  const lat = r.latitude * DEG,
    lon = r.longitude * DEG;
  const fan = r.boresightDeg !== undefined && r.fovDeg !== undefined && r.fovDeg < 360;
  const from = fan ? (r.boresightDeg as number) - (r.fovDeg as number) / 2 : 0;
  const width = fan ? (r.fovDeg as number) : 360;
  const arc = (rangeKm: number, reverse: boolean): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    for (let i = 0; i <= arcSteps; i++) {
      const k = reverse ? arcSteps - i : i;
      const p = destinationPoint(lat, lon, (from + (width * k) / arcSteps) * DEG, rangeKm * 1000);
      out.push([round(p.longitude / DEG, 5), round(p.latitude / DEG, 5)]);
    }
    return out;
  };
  let ring: Array<[number, number]>;
  if (r.minRangeKm !== undefined && r.minRangeKm > 0) ring = [...arc(r.rangeKm, false), ...arc(r.minRangeKm, true)];
  else if (fan) ring = [[r.longitude, r.latitude], ...arc(r.rangeKm, false)];
  else ring = arc(r.rangeKm, false).slice(0, -1);
  ring.push(ring[0]);
  // longitudes continuous along the ring (a ring that crosses ±180 keeps going past it)
  for (let i = 1; i < ring.length; i++) {
    let l = ring[i][0];
    while (l - ring[i - 1][0] > 180) l -= 360;
    while (l - ring[i - 1][0] < -180) l += 360;
    ring[i] = [l, ring[i][1]];
  }
  return ring;
}

/**
 * A closed ring with continuous longitudes cut at the antimeridian into rings within [-180, 180]
 * (Sutherland-Hodgman against the meridians at ±180 in the unwrapped plane). A ring around a pole is
 * not handled (no radar here covers one); a ring that does not cross is returned as it is.
 */
export function cutAtAntimeridian(ring: Array<[number, number]>): Array<Array<[number, number]>> {
  const lons = ring.map((p) => p[0]);
  const min = Math.min(...lons),
    max = Math.max(...lons);
  const shift = min < -180 ? 360 : max > 180 ? 0 : null;
  if (shift === null) return [ring];
  const r = ring.map(([x, y]): [number, number] => [x + shift, y]);
  const clip = (keepBelow: boolean): Array<[number, number]> => {
    const inside = (p: [number, number]) => (keepBelow ? p[0] <= 180 : p[0] >= 180);
    const out: Array<[number, number]> = [];
    for (let i = 0; i < r.length - 1; i++) {
      const a = r[i],
        b = r[i + 1];
      if (inside(a)) out.push(a);
      if (inside(a) !== inside(b)) {
        const u = (180 - a[0]) / (b[0] - a[0]);
        out.push([180, round(a[1] + u * (b[1] - a[1]), 5)]);
      }
    }
    if (out.length > 0) out.push(out[0]);
    return out;
  };
  const west = clip(true).map(([x, y]): [number, number] => [x, y]);
  const east = clip(false).map(([x, y]): [number, number] => [round(x - 360, 5), y]);
  return [west, east].filter((x) => x.length >= 4);
}

/** A space sensor constellation's satellites sampled over the span (the world's orbits through core's BatchEphemeris, as the engine's infrared picture reads them). */
function sensorConstellation(
  world: World,
  id: string,
  owner: NationCode,
  orbits: World['spaceSensors'][number]['orbits'],
  span: { start: number; end: number },
): PictureConstellation {
  const eph = new BatchEphemeris(orbits);
  const count = eph.count;
  const stepS = Math.max(60, Math.ceil((span.end - span.start) / 200));
  const samples = Math.floor((span.end - span.start) / stepS) + 1;
  const eci = new Float64Array(3),
    ecef = new Float64Array(3);
  const positions: number[] = new Array(samples * count * 3);
  for (let k = 0; k < samples; k++) {
    const t = span.start + k * stepS;
    const theta = earthAngle(world.earth, t);
    for (let i = 0; i < count; i++) {
      eph.position(i, t, eci);
      toEcef(theta, eci[0], eci[1], eci[2], ecef);
      const o = (k * count + i) * 3;
      positions[o] = Math.round(ecef[0]);
      positions[o + 1] = Math.round(ecef[1]);
      positions[o + 2] = Math.round(ecef[2]);
    }
  }
  return { id, owner, role: 'sensors', count, epochT: span.start, stepS, positions };
}
