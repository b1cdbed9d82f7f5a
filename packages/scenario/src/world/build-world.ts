import {
  flownMissile,
  flyThreat,
  type Approach,
  type CoalitionPolicy,
  earthAngle,
  DEFAULT_DOCTRINE,
  type Doctrine,
  type EarthModel,
  gmst,
  type InterceptorBattery,
  type NationCode,
  parseUtcEpoch,
  precomputeWindows,
  REAL_EARTH,
  StateHistory,
  threatTrackFromHistory,
  type TrajectoryShape,
  type World,
  type WorldMissile,
  type WorldObject,
  type WorldOthRadar,
  type WorldRadar,
  type WorldSpaceLayer,
  type WorldSpaceSensor,
  DEFAULT_TRACKER,
  buildSensorTables,
  type KindAsset,
  SENSOR_KINDS,
  type SensorKind,
  type TrackMode,
  type TrackerSettings,
  type ApprovalTimeout,
  DEFAULT_APPROVAL_TIMEOUT,
  type AirborneOrbit,
  type GroundRadarSpec,
  ecefToGeodetic,
  flyCruiseMissile,
  toEcef,
  type WorldAircraft,
  type WorldAirBattery,
  type WorldFighterBase,
} from '@golden-dome/core';
import { findAirDefense, loadAirDefenseCatalog } from '../catalog/air-defense-catalog.ts';
import { aircraftFlightSpec, aircraftRcs, fighterSpec, findBomber, findFighter, loadAircraftCatalog } from '../catalog/aircraft-catalog.ts';
import { findThreat, loadCatalog, UnknownNameError } from '../catalog/catalog.ts';
import {
  findAnyInterceptor,
  loadInterceptorCatalog,
  resolveSpaceInterceptor,
  resolveSurfaceInterceptor,
} from '../catalog/interceptor-catalog.ts';
import { resolveThreat } from '../catalog/resolve-threat.ts';
import { findSensor, loadSensorCatalog, resolveSensor, stationedRadar } from '../catalog/sensor-catalog.ts';
import type { LineOfSightRadarEntry } from '../catalog/sensor-schema.ts';
import { sensorCapability } from '../catalog/sensor-capabilities.ts';
import { type Place, PlaceError, resolvePlace } from '../places.ts';

/** A missile of the raid, in the scenario's terms (catalog names, places, seconds after the epoch). */
export interface RaidMissile {
  id: string;
  type: string;
  from: string;
  to: string;
  /** The defended asset it is aimed at (policy id) and that asset's nation. */
  target: { id: string; nation: NationCode };
  launchTime: number;
  /** Ballistic threats: the trajectory shape (default minimum energy). */
  shape?: TrajectoryShape;
  /** FOBS threats: the short or the long way round (default short). */
  approach?: Approach;
  /** Cruise threats: places its low-level route turns at, in order (default: direct). */
  waypoints?: string[];
}

/**
 * A bomber's sortie: it takes off from its base at takeoffTime, flies (through its waypoints) to its launch
 * area at its cruise altitude and speed, and releases its cruise missiles there, each at its own target.
 * Each weapon becomes a raid missile of the bomber's weapon type launched from the release point at the
 * release time (its id is the weapon's id).
 */
export interface BomberSortie {
  id: string;
  /** Aircraft catalog id (tu-160, tu-95ms). */
  type: string;
  from: string;
  launchArea: string;
  waypoints?: string[];
  takeoffTime: number;
  weapons: Array<{ id: string; to: string; target: { id: string; nation: NationCode }; waypoints?: string[] }>;
}

export interface BatteryRequest {
  id: string;
  interceptor: string;
  at: string;
  owner: NationCode;
  assetClass: string;
  inventory: number;
  /**
   * The battery's own fire-control radar (a line-of-sight sensor catalog id), placed at the battery with its
   * first face at facingDeg from north; it enters the world as the radar '<battery id>/radar', owned by the
   * battery's owner. Why beside the battery: a THAAD or Patriot battery and an Aegis ship carry their radar
   * with them, so where the battery goes the radar goes; listing it on the battery keeps the two together.
   */
  radar?: { sensor: string; facingDeg: number };
}

/** Fighters on alert at an air base (a catalog site or any place): `alert` of one catalog fighter type. */
export interface FighterBaseRequest {
  id: string;
  /** Aircraft catalog id of role fighter (cf-18, f-35a, f-22, f-15ex). */
  type: string;
  at: string;
  owner: NationCode;
  assetClass?: string;
  alert: number;
  /** Tanker support: the catalog's tanker-extended combat radius. */
  tanker?: boolean;
}

/** A ground-based air defense battery (catalog/air-defense: nasams, patriot). */
export interface AirBatteryRequest {
  id: string;
  system: string;
  at: string;
  owner: NationCode;
  assetClass?: string;
  /** Rounds (default: the catalog's per battery). */
  rounds?: number;
}

export interface SpaceLayerRequest {
  id: string;
  interceptor: string;
  owner: NationCode;
  assetClass?: string;
  altitudeKm: number;
  inclinationDeg: number;
  planes: number;
  perPlane: number;
  phasing?: number;
  singleShotPk: number;
}

export interface WorldRequest {
  epoch: string;
  policy: CoalitionPolicy;
  raid: RaidMissile[];
  /** Bombers of the raid: flown to their launch areas; their cruise missiles join the raid there. */
  bombers?: BomberSortie[];
  /** Ground radars (line-of-sight and over-the-horizon) by sensor catalog id. */
  radars: string[];
  /** Mobile radars stationed elsewhere than their catalog site (a place, and the first face's boresight azimuth in degrees). */
  radarStations?: Array<{ radar: string; at: string; boresightAzimuthDeg?: number }>;
  /** Space infrared constellations by sensor catalog id (sbirs-geo, sbirs-heo, pwsa-tracking-layer). */
  spaceSensors?: string[];
  batteries: BatteryRequest[];
  spaceLayers?: SpaceLayerRequest[];
  /** The air layer: fighters on alert and ground-based air defense (docs/northern-approaches.md). */
  fighters?: FighterBaseRequest[];
  airDefense?: AirBatteryRequest[];
  doctrine?: Doctrine;
  detectionsToCommit?: number;
  planningNations?: NationCode[];
  /** Radar cross-section of every released object [m^2] (decoys are made to look like warheads). */
  objectRcs?: number;
  /** Estimated tracks (default) or the truth-tracks comparison mode. */
  tracks?: TrackMode;
  /** Tracker settings overriding DEFAULT_TRACKER. */
  tracker?: Partial<TrackerSettings>;
  /** Live command's timeout rule (default DEFAULT_APPROVAL_TIMEOUT: 120 s, then deny). */
  approvalTimeout?: ApprovalTimeout;
}

/** A request that cannot become a world, with what and where. */
export class WorldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorldError';
  }
}

/**
 * The steps of a world build, in order (flights: every missile flown; architecture: sensors and weapons resolved;
 * windows: every battery's launch windows; `tables:<kind>`: a sensor kind's tables, e.g. tables:radar, tables:space-ir).
 */
export type BuildPhase = 'flights' | 'architecture' | 'windows' | `tables:${string}`;

export interface BuildWorldOptions {
  /** Told the wall-clock seconds of each step as it ends (for bench/world-build.ts). */
  onPhase?: (phase: BuildPhase, seconds: number) => void;
  /** Told after each raid missile is flown (done of total): the long part of a build (dome run's progress). */
  onMissile?: (done: number, total: number) => void;
  /** The sensor kinds whose tables the world holds (default SENSOR_KINDS): each kind's `tables` hook, in table order. */
  sensorKinds?: readonly SensorKind[];
  /** Assets of kinds World has no field for, by kind name (World.kindAssets), in the world before the kinds' tables are built. */
  kindAssets?: Record<string, readonly KindAsset[]>;
}

/** Model choice: RVs and their decoys of ~0.1 m^2 (no open figure in the catalog sources). */
export const DEFAULT_OBJECT_RCS = 0.1;

/**
 * Resolves a scenario's raid and architecture into a World: flies every missile of the raid once with
 * the model of its catalog kind (ballistic, boost-glide, FOBS, cruise: core's flyThreat, threats/fly-threat.ts; targeting
 * on the rotating Earth for its launch time, releasing its warheads and decoys), builds the
 * ascent tracks for boost-phase engagements, and resolves every catalog name to SI data. The result is
 * plain data; trials then only draw.
 */
export function buildWorld(req: WorldRequest, options: BuildWorldOptions = {}): World {
  let mark = performance.now();
  const phase = (name: BuildPhase): void => {
    const now = performance.now();
    options.onPhase?.(name, (now - mark) / 1000);
    mark = now;
  };
  const epochMs = parseUtcEpoch(req.epoch);
  const earth0: EarthModel = { ...REAL_EARTH, theta0: gmst(epochMs) };
  const catalog = loadCatalog();
  const place = (text: string, where: string, nations?: readonly string[]): Place => {
    try {
      return resolvePlace(text, catalog, nations ? { nations } : {});
    } catch (e) {
      if (e instanceof PlaceError || e instanceof UnknownNameError) throw new WorldError(`${where}: ${e.message}`);
      throw e;
    }
  };
  const missiles: WorldMissile[] = [];
  const objects: WorldObject[] = [];
  const { aircraft, released } = flyBombers(req.bombers ?? [], earth0, place);
  for (const r of [...req.raid, ...released]) {
    const spec = resolveThreat(findThreat(catalog, r.type));
    const site = place(r.from, `raid missile ${r.id}, from`);
    // the aim point is a place of the target's nation first ("Washington" aimed at a US asset)
    const target = place(r.to, `raid missile ${r.id}, to`, [r.target.nation]);
    if (r.approach !== undefined && spec.kind !== 'fobs')
      throw new WorldError(`raid missile ${r.id} (${r.type}): approach applies to FOBS threats only (${r.type} is a ${spec.kind} threat)`);
    if (r.waypoints !== undefined && spec.kind !== 'cruise')
      throw new WorldError(`raid missile ${r.id} (${r.type}): waypoints apply to cruise threats only (${r.type} is a ${spec.kind} threat)`);
    const waypoints = (r.waypoints ?? []).map((w, k) => place(w, `raid missile ${r.id}, waypoint ${k + 1}`));
    if (r.shape !== undefined && r.shape.kind !== 'min-energy' && spec.kind !== 'ballistic')
      throw new WorldError(
        `raid missile ${r.id} (${r.type}): a ${r.shape.kind} trajectory applies to ballistic threats only (${r.type} is a ${spec.kind} threat)`,
      );
    // the missile's own clock starts at its launch: the Earth has turned by then
    const earth: EarthModel = { ...earth0, theta0: earthAngle(earth0, r.launchTime) };
    const flight = flyThreat(
      spec,
      site,
      target,
      {
        ...(r.shape ? { shape: r.shape } : {}),
        ...(r.approach ? { approach: r.approach } : {}),
        ...(waypoints.length > 0 ? { waypoints } : {}),
      },
      earth,
    );
    const flown = 'error' in flight ? flight : flownMissile(flight, earth);
    if ('error' in flown) throw new WorldError(`raid missile ${r.id} (${r.type} from ${site.label} to ${target.label}): ${flown.error}`);
    // a boost engaged in space and warned of by infrared: the Earth-fixed ascent to 60 s past burnout
    const ascent = flown.boostHistory
      ? threatTrackFromHistory(flown.boostHistory, earth, flown.burnoutTime, flown.burnoutTime + 60, 1)
      : null;
    const ids: string[] = [];
    flown.objects.forEach((ob, k) => {
      const id = `${r.id}/${ob.kind === 'warhead' ? 'rv' : 'decoy'}${k}`;
      const flight = ob.history.view().slice();
      for (let i = 0; i < flight.length; i += StateHistory.STRIDE) flight[i] += r.launchTime;
      objects.push({
        id,
        missile: r.id,
        kind: ob.kind,
        rcs: req.objectRcs ?? DEFAULT_OBJECT_RCS,
        flight,
        impactTime: ob.impact.t + r.launchTime,
        impactPoint: { latitude: ob.impact.latitude, longitude: ob.impact.longitude, altitude: 0 },
        aimedAt: { nation: r.target.nation, id: r.target.id },
        ...(ob.glideFrom !== undefined ? { glideFrom: ob.glideFrom + r.launchTime } : {}),
        ...(ob.endoOnly ? { endoOnly: true } : {}),
      });
      ids.push(id);
    });
    missiles.push({
      id: r.id,
      type: r.type,
      launchTime: r.launchTime,
      site,
      aimedAt: { nation: r.target.nation, id: r.target.id },
      burnoutTime: flown.burnoutTime,
      ascent,
      objects: ids,
    });
    options.onMissile?.(missiles.length, req.raid.length);
  }
  phase('flights');
  const sensors = loadSensorCatalog();
  const radars: WorldRadar[] = [];
  const othRadars: WorldOthRadar[] = [];
  for (const st of req.radarStations ?? [])
    if (!req.radars.includes(st.radar)) throw new WorldError(`radar station of ${st.radar}: the radar is not among the world's radars`);
  for (const id of req.radars) {
    const entry = findSensor(sensors, id);
    const s = resolveSensor(entry);
    const station = req.radarStations?.find((st) => st.radar === id);
    if (station && (entry.kind !== 'line-of-sight' || !entry.mobile))
      throw new WorldError(`radar station of ${id}: ${id} is a fixed radar (only a mobile one can be stationed)`);
    if (s.kind === 'line-of-sight') {
      const spec = station ? stationedRadar(s.spec, place(station.at, `radar station of ${id}, at`), station.boresightAzimuthDeg) : s.spec;
      const orbit = entry.kind === 'line-of-sight' ? airborneOrbit(entry, spec) : undefined;
      radars.push({ id, owner: s.owner, spec, ...(orbit ? { orbit } : {}), capability: sensorCapability(entry) });
    } else if (s.kind === 'over-the-horizon') othRadars.push({ id, owner: s.owner, spec: s.spec, capability: sensorCapability(entry) });
    else throw new WorldError(`radar ${id} is a ${s.kind} sensor, not a ground radar (space sensors go under spaceSensors)`);
  }
  const spaceSensors: WorldSpaceSensor[] = (req.spaceSensors ?? []).map((id) => {
    const entry = findSensor(sensors, id);
    const s = resolveSensor(entry);
    if (s.kind !== 'space-infrared') throw new WorldError(`space sensor ${id} is a ${s.kind} radar, not a space infrared sensor`);
    // catalog elements are at Greenwich angle 0; the world's inertial x axis is theta0 behind Greenwich at t = 0
    return {
      id,
      owner: s.owner,
      spec: s.spec,
      orbits: s.orbits.map((el) => ({ ...el, raan: el.raan + earth0.theta0 })),
      capability: sensorCapability(entry),
    };
  });
  const interceptors = loadInterceptorCatalog();
  const batteries: InterceptorBattery[] = req.batteries.map((b) => {
    const e = findAnyInterceptor(interceptors, b.interceptor);
    if (e.kind !== 'surface') throw new WorldError(`battery ${b.id}: ${b.interceptor} is not a surface-launched interceptor`);
    const at = place(b.at, `battery ${b.id}, at`);
    return {
      id: b.id,
      owner: b.owner,
      kind: 'interceptor',
      assetClass: b.assetClass,
      site: { latitude: at.latitude, longitude: at.longitude, altitude: at.altitude },
      spec: resolveSurfaceInterceptor(e),
      inventory: b.inventory,
    };
  });
  const spaceLayers: WorldSpaceLayer[] = (req.spaceLayers ?? []).map((l) => {
    const e = findAnyInterceptor(interceptors, l.interceptor);
    if (e.kind !== 'space-based') throw new WorldError(`space layer ${l.id}: ${l.interceptor} is not a space-based interceptor`);
    return {
      id: l.id,
      owner: l.owner,
      assetClass: l.assetClass ?? 'space',
      interceptor: resolveSpaceInterceptor(e),
      singleShotPk: l.singleShotPk,
      shell: {
        altitude: l.altitudeKm * 1000,
        inclination: (l.inclinationDeg * Math.PI) / 180,
        planes: l.planes,
        perPlane: l.perPlane,
        phasing: l.phasing ?? 1,
      },
    };
  });
  // the batteries' own radars, at their batteries; each is an asset of the battery's owner in the policy
  // (class 'fire-control'), so its owner uses it and other nations get it only by a sharing rule naming it
  const fireControl: Array<CoalitionPolicy['assets'][number]> = [];
  for (const b of req.batteries) {
    if (!b.radar) continue;
    const entry = findSensor(sensors, b.radar.sensor);
    const s = resolveSensor(entry);
    if (s.kind !== 'line-of-sight')
      throw new WorldError(`battery ${b.id}: its radar ${b.radar.sensor} is a ${s.kind} sensor, not a line-of-sight fire-control radar`);
    const site = (batteries.find((x) => x.id === b.id) as InterceptorBattery).site;
    const turn = (b.radar.facingDeg * Math.PI) / 180 - s.spec.faces[0].boresightAzimuth;
    const faces = s.spec.faces.map((f) => ({
      ...f,
      boresightAzimuth: (((f.boresightAzimuth + turn) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI),
    }));
    fireControl.push({ id: `${b.id}/radar`, owner: b.owner, kind: 'sensor', assetClass: 'fire-control' });
    radars.push({
      id: `${b.id}/radar`,
      owner: b.owner,
      spec: { ...s.spec, latitude: site.latitude, longitude: site.longitude, altitude: site.altitude + s.spec.altitude, faces },
      capability: sensorCapability(entry),
    });
  }
  const { fighterBases, airBatteries } = airLayer(req, place);
  const owners = [...new Set([...batteries, ...fighterBases, ...airBatteries].map((b) => b.owner))];
  const world: World = {
    epochMs,
    earth: earth0,
    policy: fireControl.length > 0 ? { ...req.policy, assets: [...req.policy.assets, ...fireControl] } : req.policy,
    missiles,
    objects,
    radars,
    othRadars,
    spaceSensors,
    batteries,
    spaceLayers,
    defended: [...req.policy.defended],
    ...(aircraft.length > 0 ? { aircraft } : {}),
    ...(fighterBases.length > 0 ? { fighterBases } : {}),
    ...(airBatteries.length > 0 ? { airBatteries } : {}),
    ...(options.kindAssets ? { kindAssets: options.kindAssets } : {}),
    doctrine: req.doctrine ?? { ...DEFAULT_DOCTRINE },
    settings: {
      detectionsToCommit: req.detectionsToCommit ?? 3,
      planningNations: req.planningNations ?? owners,
      tracks: req.tracks ?? 'estimated',
      tracker: { ...DEFAULT_TRACKER, ...req.tracker },
      approvalTimeout: { ...(req.approvalTimeout ?? DEFAULT_APPROVAL_TIMEOUT) },
    },
  };
  phase('architecture');
  world.windows = precomputeWindows(world);
  phase('windows');
  // each sensor kind's seed-independent tables, through the kind (sensors/kind-tables.ts)
  world.sensorTables = buildSensorTables(world, options.sensorKinds ?? SENSOR_KINDS, (kind) => phase(`tables:${kind}`));
  return world;
}

/** An airborne radar's orbit about its station (the spec's site): the catalog's radius and speed, starting due north of the centre. */
function airborneOrbit(entry: LineOfSightRadarEntry, spec: GroundRadarSpec): AirborneOrbit | undefined {
  const m = entry.mobile;
  if (m?.kind !== 'airborne' || !m.orbit_radius_km || !m.orbit_speed_m_s) return undefined;
  return {
    latitude: spec.latitude,
    longitude: spec.longitude,
    radius: m.orbit_radius_km.value * 1000,
    speed: m.orbit_speed_m_s.value,
    phase: 0,
  };
}

/**
 * Flies each bomber from its base to its launch area (the cruise mover, level at its cruise altitude, no dive)
 * and turns its weapons into raid missiles launched from where and when it arrives.
 */
function flyBombers(
  sorties: readonly BomberSortie[],
  earth0: EarthModel,
  place: (text: string, where: string, nations?: readonly string[]) => Place,
): { aircraft: WorldAircraft[]; released: RaidMissile[] } {
  const aircraft: WorldAircraft[] = [];
  const released: RaidMissile[] = [];
  if (sorties.length === 0) return { aircraft, released };
  const catalog = loadAircraftCatalog();
  for (const b of sorties) {
    let entry;
    try {
      entry = findBomber(catalog, b.type);
    } catch (e) {
      if (e instanceof UnknownNameError) throw new WorldError(`bomber ${b.id}: ${e.message}`);
      throw e;
    }
    const capacity = entry.weapon.count.value;
    if (b.weapons.length === 0)
      throw new WorldError(`bomber ${b.id} (${b.type}): it releases no weapons (give at least one under weapons)`);
    if (b.weapons.length > capacity)
      throw new WorldError(
        `bomber ${b.id} (${b.type}): ${b.weapons.length} weapons, but a ${entry.name} carries ${capacity} ${entry.weapon.type}`,
      );
    const base = place(b.from, `bomber ${b.id}, from`);
    const area = place(b.launchArea, `bomber ${b.id}, launch area`);
    const waypoints = (b.waypoints ?? []).map((w, k) => place(w, `bomber ${b.id}, waypoint ${k + 1}`));
    const earth: EarthModel = { ...earth0, theta0: earthAngle(earth0, b.takeoffTime) };
    const f = flyCruiseMissile(aircraftFlightSpec(entry), base, waypoints, { ...area, altitude: 0 }, { earth, arrive: 'overfly' });
    if ('error' in f)
      throw new WorldError(
        `bomber ${b.id} (${b.type} from ${base.label} to ${area.label}): ${f.error.replace('missile', 'aircraft').replace('range', 'combat radius')}`,
      );
    const flight = f.history.view().slice();
    for (let i = 0; i < flight.length; i += StateHistory.STRIDE) flight[i] += b.takeoffTime;
    const release = b.takeoffTime + f.summary.flightTime;
    const end = new Float64Array(6),
      ecef = new Float64Array(3),
      geo = new Float64Array(3);
    f.history.state(f.history.length - 1, end);
    toEcef(earthAngle(earth, f.summary.flightTime), end[0], end[1], end[2], ecef);
    ecefToGeodetic(ecef[0], ecef[1], ecef[2], geo);
    const from = `${((geo[0] * 180) / Math.PI).toFixed(6)},${((geo[1] * 180) / Math.PI).toFixed(6)}`;
    aircraft.push({ id: b.id, type: b.type, role: entry.role, rcs: aircraftRcs(entry), flight, releases: b.weapons.map((w) => w.id) });
    for (const w of b.weapons) {
      released.push({
        id: w.id,
        type: entry.weapon.type,
        from,
        to: w.to,
        target: w.target,
        launchTime: release,
        ...(w.waypoints ? { waypoints: w.waypoints } : {}),
      });
    }
  }
  return { aircraft, released };
}

/** The air layer's shooters resolved from the catalogs (fighters: aircraft role fighter; batteries: air-defense). */
function airLayer(
  req: WorldRequest,
  place: (text: string, where: string, nations?: readonly string[]) => Place,
): { fighterBases: WorldFighterBase[]; airBatteries: WorldAirBattery[] } {
  const fighterBases: WorldFighterBase[] = [];
  const airBatteries: WorldAirBattery[] = [];
  const named = <T>(what: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof UnknownNameError) throw new WorldError(`${what}: ${e.message}`);
      throw e;
    }
  };
  for (const f of req.fighters ?? []) {
    const entry = named(`fighters ${f.id}`, () => findFighter(loadAircraftCatalog(), f.type));
    if (!(Number.isInteger(f.alert) && f.alert >= 0))
      throw new WorldError(`fighters ${f.id}: alert must be a whole number of fighters, got ${f.alert}`);
    const at = place(f.at, `fighters ${f.id}, at`);
    fighterBases.push({
      id: f.id,
      owner: f.owner,
      assetClass: f.assetClass ?? 'air',
      site: { latitude: at.latitude, longitude: at.longitude, altitude: at.altitude },
      alert: f.alert,
      fighter: fighterSpec(entry, f.tanker ?? false),
      tanker: f.tanker ?? false,
    });
  }
  for (const b of req.airDefense ?? []) {
    const e = named(`air defense ${b.id}`, () => findAirDefense(loadAirDefenseCatalog(), b.system));
    const at = place(b.at, `air defense ${b.id}, at`);
    airBatteries.push({
      id: b.id,
      system: b.system,
      owner: b.owner,
      assetClass: b.assetClass ?? 'air',
      site: { latitude: at.latitude, longitude: at.longitude, altitude: at.altitude },
      radarHeight: e.radar_height_m.value,
      radarRange: e.radar_range_km.value * 1000,
      engagementRange: e.engagement_range_km.value * 1000,
      missileSpeed: e.missile_speed_m_s.value,
      reactionTime: e.reaction_time_s.value,
      singleShotPk: e.single_shot_pk.value,
      rounds: b.rounds ?? e.rounds_per_battery.value,
      shotsPerTarget: e.shots_per_target.value,
    });
  }
  return { fighterBases, airBatteries };
}
