import type { Doctrine, InterceptorBattery } from '../c2/battle-manager.ts';
import type { CoalitionPolicy, DefendedAsset, NationCode, ThreatAim } from '../c2/national-policy.ts';
import type { KeplerElements } from '../orbits/kepler.ts';
import type { AirborneOrbit } from '../sensors/airborne/airborne-radar.ts';
import type { GroundRadarSpec } from '../sensors/radar/radar.ts';
import type { OthRadarSpec } from '../sensors/oth/oth-radar.ts';
import type { SpaceIrSensorSpec } from '../sensors/space-ir/space-infrared.ts';
import type { DragCueOptions, SensorConfusion } from '../tracking/discrimination.ts';
import type { WalkerShell } from '../orbits/ephemeris.ts';
import type { ThreatTrack } from '../space/threat-track.ts';
import type { AspectRcs } from '../threats/aircraft.ts';
import type { ScrambleSpec } from '../weapons/air-intercept.ts';
import type { GeoPoint } from '../geo/place.ts';
import type { EarthModel } from '../geo/earth-model.ts';
import type { InterceptSolution } from '../weapons/fire-control.ts';
import type { SpaceInterceptorSpec } from '../weapons/space/space-interceptor.ts';
import type { ApprovalTimeout } from './live-command.ts';

/**
 * A resolved world: plain data (numbers, strings, typed arrays), so that it can be built once from a
 * scenario and handed to any worker; one trial is runTrial(world, seed). Everything the physics needs
 * that does not depend on the seed (the threats' flights, their ascent tracks) is computed into it.
 * Times are scenario seconds from the epoch; the inertial frame has ECEF = Rz(earth.theta0 + omega t) ECI.
 */
export interface World {
  epochMs: number;
  earth: EarthModel;
  policy: CoalitionPolicy;
  missiles: WorldMissile[];
  objects: WorldObject[];
  /** Line-of-sight ground and sea radars. */
  radars: WorldRadar[];
  /** Over-the-horizon sky-wave radars (Canada's A-OTHR / P-OTHR class), detecting with their one-hop sky-wave coverage (core/sensors/oth/oth-radar.ts, sky-wave.ts). */
  othRadars: WorldOthRadar[];
  /** Space infrared constellations (SBIRS GEO/HEO launch warning, PWSA tracking layer). */
  spaceSensors: WorldSpaceSensor[];
  batteries: InterceptorBattery[];
  spaceLayers: WorldSpaceLayer[];
  /** Aircraft of the raid (bombers flying to their launch areas): objects sensors see (absent: none). */
  aircraft?: WorldAircraft[];
  /** Air bases with fighters on alert (the air layer, engine/air-defense.ts; absent: none). */
  fighterBases?: WorldFighterBase[];
  /** Ground-based air defense batteries against cruise missiles (NASAMS, Patriot; absent: none). */
  airBatteries?: WorldAirBattery[];
  defended: DefendedAsset[];
  doctrine: Doctrine;
  settings: WorldSettings;
  /**
   * Launch windows of every battery against every object (keyed `battery|object`; null when none),
   * seed-independent and so computed once with the world (weapons/surface/surface-windows.ts precomputeWindows);
   * trials read them instead of each worker recomputing them. The surface kind's table (`windowsInWorld`): another
   * track-engaged kind's windows are solved by the trial on first use and kept per world (weapons/kind.ts).
   */
  windows?: Record<string, { earliest: InterceptSolution; latest: InterceptSolution } | null>;
  /**
   * Assets of kinds that have no field of their own (a sensor or weapon kind added without editing World;
   * issue 12), by kind name: each kind reads and types its own list (kindAssets). Plain data like the rest
   * of the world. The built-in kinds keep their typed fields (radars, othRadars, spaceSensors, batteries,
   * spaceLayers), which the reports, the server and the exports read.
   */
  kindAssets?: Record<string, readonly KindAsset[]>;
  /**
   * Each sensor kind's seed-independent tables (geometry and thresholds, no random draw), by kind name: built
   * once with the world by the kind's `tables` hook (sensors/kind-tables.ts, buildSensorTables) and sent to the
   * workers with it; a trial hands each kind its own (sensorTablesOf). What they hold is the kind's business.
   */
  sensorTables?: Record<string, unknown>;
}

/** What a kind's asset in World.kindAssets is at least: a policy asset's id and owner (the rest is the kind's). */
export interface KindAsset {
  id: string;
  owner: NationCode;
}

/** A kind's assets in World.kindAssets (none: empty), typed by the kind that reads them (`kind`: its name). */
export function kindAssets<T extends KindAsset>(world: World, kind: string): readonly T[] {
  return (world.kindAssets?.[kind] ?? []) as readonly T[];
}

/**
 * How a trial holds its tracks.
 * - 'estimated' (the default): sensors measure with errors, each nation builds its own tracks from the
 *   measurements its policy lets it use (association, M-of-N, ballistic EKF), discriminates, commits on
 *   track quality, and learns of kills only from sensors that watch the intercept.
 * - 'truth': the simplified engine kept for comparison: committed tracks follow the truth, decoys are not
 *   discriminated and every kill is known at once.
 */
export type TrackMode = 'estimated' | 'truth';

/** What a sensor kind adds beyond detection: discrimination labels and kill assessment (labelled model choices). */
export interface SensorCapability {
  /** Its per-look warhead/decoy labels (null: the sensor cannot tell them apart). */
  discrimination: SensorConfusion | null;
  /** Probability that its call on an intercept it watches (killed / not killed) is right (null: it makes none). */
  killAssessment: number | null;
  /** Where the figures come from. */
  source: string;
}

/** The estimated-track trial's tracker and its doctrine (model choices, each documented in docs/closed-kill-chain.md). */
export interface TrackerSettings {
  /** Shortest time between two tracking measurements of one object by one sensor [s]. */
  updateInterval: number;
  /** Shortest time between two discrimination labels of one object by one sensor [s] (successive looks are correlated). */
  labelInterval: number;
  /** P(warhead) of a new track before any label. */
  priorWarhead: number;
  /** Below this altitude [m] a track runs the re-entry filter (drag, estimated ballistic coefficient) instead of the ballistic one. */
  floorAltitude: number;
  /** White-acceleration spectral density of the ballistic filter [m^2/s^3]. */
  accelerationPsd: number;
  /** M-of-N confirmation. */
  confirmHits: number;
  confirmWindow: number;
  /** Coasting scans before a confirmed track is dropped. */
  maxMisses: number;
  /** Probability a kill vehicle must have of acquiring its object (handover error within its divert basket) before a nation commits. */
  commitAcquisition: number;
  /** Tracks whose P(warhead) is below this are judged decoys and not engaged. */
  engageWarheadProbability: number;
  /**
   * How long [s] the battle manager waits, once it could launch, for discrimination before it decides on
   * the P(warhead) it then holds, never past half-way to the last launch it could make; 'battlespace'
   * (the default): as long as that battlespace allows, i.e. until the half-way point, keeping the second
   * half for the shot, a look and another shot.
   */
  discriminationWait: number | 'battlespace';
  /**
   * The drag cue below the floor: the classes of ballistic coefficient a nation expects of warheads and
   * of decoys, against which each track's re-entry filter estimate counts as evidence; null: no drag cue.
   */
  dragCue?: DragCueOptions | null;
  /**
   * The terminal layer's doctrine for undecided tracks (c2/terminal-wait.ts): 'atmosphere' holds a terminal
   * shot at a track whose P(warhead) is undecided until the last launch of the terminal batteries that can
   * still fire once the drag has sorted the cluster, then decides on that evidence; 'none' (the default):
   * the terminal layer decides when the other layers do.
   */
  terminalWait?: 'atmosphere' | 'none';
}

/**
 * The classes a defender expects (a model choice, labelled): re-entry vehicles about 9,000 kg/m^2 with
 * ln spread 0.5 (the catalog's notional RVs run 6,000-15,000 kg/m^2), decoys about 50 kg/m^2 with ln
 * spread 1.0 (the catalog's notional balloons run 30-80 kg/m^2; the spread is widened by a factor e
 * either way because a defender cannot know the attacker's decoys that well); US76 density spread 0.15.
 */
export const DEFAULT_DRAG_CUE: Readonly<DragCueOptions> = Object.freeze({
  warhead: Object.freeze({ beta: 9000, logSigma: 0.5 }),
  decoy: Object.freeze({ beta: 50, logSigma: 1.0 }),
  densityLogSigma: 0.15,
});

export const DEFAULT_TRACKER: Readonly<TrackerSettings> = Object.freeze({
  updateInterval: 10,
  labelInterval: 30,
  priorWarhead: 0.5,
  floorAltitude: 100_000,
  accelerationPsd: 1e-4,
  confirmHits: 3,
  confirmWindow: 4,
  maxMisses: 6,
  commitAcquisition: 0.9,
  engageWarheadProbability: 0.1,
  discriminationWait: 'battlespace',
  dragCue: DEFAULT_DRAG_CUE,
});

/** One sensor report on one object that counts toward a nation's commit: when and by which sensor. */
export interface Detection {
  t: number;
  sensor: string;
}

export interface WorldSettings {
  /** Detections (by any sensor a nation may use) before that nation commits interceptors to a track. */
  detectionsToCommit: number;
  /** Nations whose battle managers plan, in planning order (each fires only its own batteries). */
  planningNations: NationCode[];
  /** Estimated tracks (default) or the truth-tracks comparison mode. */
  tracks?: TrackMode;
  /** The estimated-track trial's tracker settings (default DEFAULT_TRACKER). */
  tracker?: TrackerSettings;
  /** Live command's timeout rule (live-command.ts; default DEFAULT_APPROVAL_TIMEOUT): used by a live trial's `command.timeout`. */
  approvalTimeout?: ApprovalTimeout;
}

/** One launched missile of the raid: its boost is what space-based interceptors engage. */
export interface WorldMissile {
  id: string;
  /** Catalog type id (e.g. 'hwasong-17'). */
  type: string;
  launchTime: number;
  site: GeoPoint;
  aimedAt: ThreatAim;
  /** Burnout [s after launch] and the Earth-fixed ascent for boost-phase reach (absent: no boost engagement). */
  burnoutTime: number;
  ascent: ThreatTrack | null;
  /** The objects it releases (ids into World.objects). */
  objects: string[];
}

/** A re-entry vehicle or decoy: what midcourse and terminal defenses engage. */
export interface WorldObject {
  id: string;
  missile: string;
  kind: 'warhead' | 'decoy';
  /** Radar cross-section [m^2] (decoys are built to look like warheads). */
  rcs: number;
  /** Flight samples (t scenario seconds, ECI position, velocity; StateHistory layout) from launch to impact. */
  flight: Float64Array;
  impactTime: number;
  impactPoint: GeoPoint;
  aimedAt: ThreatAim;
  /**
   * When a glide vehicle becomes an aerodynamically heated glide body (in-band class 'hot-glide' for
   * infrared sensors) [scenario s]: its first descent below the 100 km interface after burnout. Absent:
   * a cold body ('cold-rv') after burnout. (Interceptors are kept off a glider in its glide by their own
   * altitude bands: an exo-atmospheric kill vehicle's floor, e.g. 120 km, is above the glide.)
   */
  glideFrom?: number;
  /** The object flies inside the atmosphere from launch to impact (a cruise missile): never exo-atmospheric, no boost to warn of. */
  endoOnly?: boolean;
}

export interface WorldRadar {
  id: string;
  owner: NationCode;
  /** The radar (an airborne one: at its platform's altitude; its site moves with the orbit, radarSpecAt). */
  spec: GroundRadarSpec;
  /** An airborne early-warning radar's orbit (absent: a fixed site). */
  orbit?: AirborneOrbit;
  /** Discrimination and kill assessment (absent: neither). */
  capability?: SensorCapability;
}

/** An over-the-horizon radar: sky-wave coverage that follows the ionosphere, a Pd per look (core/sensors/oth/oth-radar.ts, OthRadarSpec). */
export interface WorldOthRadar {
  id: string;
  owner: NationCode;
  spec: OthRadarSpec;
  capability?: SensorCapability;
}

/** A constellation of infrared satellites of one type (every satellite carries the same sensor). */
export interface WorldSpaceSensor {
  id: string;
  owner: NationCode;
  spec: SpaceIrSensorSpec;
  /** Mean elements at t = 0 in the world's inertial frame (RAAN counted from the ECI x axis, not Greenwich). */
  orbits: KeplerElements[];
  capability?: SensorCapability;
}

/** A constellation of space-based interceptors of one type, owned by one nation. */
export interface WorldSpaceLayer {
  id: string;
  owner: NationCode;
  /** Asset class for national policy (e.g. 'space'). */
  assetClass: string;
  shell: WalkerShell;
  interceptor: SpaceInterceptorSpec;
  singleShotPk: number;
}

/**
 * An aircraft of the raid (a bomber): flown from its base to its release point, where its cruise missiles
 * (World.missiles ids in `releases`) are launched. Sensors see it (aircraft-detections.ts); the flight after
 * release (the way home) is not flown.
 */
export interface WorldAircraft {
  id: string;
  /** Aircraft catalog id (e.g. 'tu-160'). */
  type: string;
  role: 'bomber';
  /** Radar cross-section by aspect [m^2]. */
  rcs: AspectRcs;
  /** Flight samples (StateHistory layout, scenario seconds) from take-off to release. */
  flight: Float64Array;
  /** The cruise missiles it releases at the end of its flight. */
  releases: string[];
}

/** An air-to-air missile class a fighter carries (AIM-120D / AIM-9X class). */
export interface AirToAirMissile {
  name: string;
  /** Rounds carried per fighter. */
  count: number;
  /** Range the shot is taken at [m] (extends the fighter's reach beyond its combat radius). */
  range: number;
  singleShotPk: number;
}

/** A fighter type on alert: the scramble geometry (air-intercept.ts) and what it carries. */
export interface FighterSpec extends ScrambleSpec {
  /** Aircraft catalog id (e.g. 'cf-18'). */
  type: string;
  /** In the order they are fired (the longer-range class first). */
  missiles: AirToAirMissile[];
}

/**
 * An air base (or forward operating location) with fighters on alert: `alert` fighters of one type,
 * each a sortie `<base id>#<k>` when scrambled. `fighter.combatRadius` already includes a tanker's
 * extension when the scenario gives one.
 */
export interface WorldFighterBase {
  id: string;
  owner: NationCode;
  /** Asset class for national policy ('air'). */
  assetClass: string;
  site: GeoPoint;
  alert: number;
  fighter: FighterSpec;
  tanker: boolean;
}

/**
 * A ground-based air defense battery (NASAMS, Patriot) against cruise missiles: its fire-control radar
 * sees a target inside the refracted (4/3-Earth) horizon of its antenna and its range; it launches after
 * its reaction time at targets its missiles reach, a salvo of shotsPerTarget rounds each.
 */
export interface WorldAirBattery {
  id: string;
  /** Catalog id (e.g. 'nasams'). */
  system: string;
  owner: NationCode;
  assetClass: string;
  site: GeoPoint;
  radarHeight: number;
  radarRange: number;
  engagementRange: number;
  /** Mean speed of its missile over the fly-out [m/s]. */
  missileSpeed: number;
  reactionTime: number;
  singleShotPk: number;
  rounds: number;
  shotsPerTarget: number;
}
