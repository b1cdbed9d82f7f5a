import type { Doctrine, InterceptorBattery } from '../c2/battle-manager.ts';
import type { CoalitionPolicy, DefendedAsset, NationCode, ThreatAim } from '../c2/national-policy.ts';
import type { GroundRadarSpec, OthRadarSpec } from '../sensors/radar.ts';
import type { WalkerShell } from '../space/ephemeris.ts';
import type { ThreatTrack } from '../space/threat-track.ts';
import type { GeoPoint } from '../threats/boost.ts';
import type { EarthModel } from '../threats/earth-model.ts';
import type { InterceptSolution } from '../weapons/fire-control.ts';
import type { SpaceInterceptorSpec } from '../weapons/space-interceptor.ts';

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
  /** Over-the-horizon sky-wave radars (Canada's A-OTHR / P-OTHR class), detecting with their band model. */
  othRadars: WorldOthRadar[];
  batteries: InterceptorBattery[];
  spaceLayers: WorldSpaceLayer[];
  defended: DefendedAsset[];
  doctrine: Doctrine;
  settings: WorldSettings;
  /**
   * Launch windows of every battery against every object (keyed `battery|object`; null when none),
   * seed-independent and so computed once with the world (see precomputeWindows); trials read them
   * instead of each worker recomputing them.
   */
  windows?: Record<string, { earliest: InterceptSolution; latest: InterceptSolution } | null>;
}

export interface WorldSettings {
  /** Detections (by any sensor a nation may use) before that nation commits interceptors to a track. */
  detectionsToCommit: number;
  /** Nations whose battle managers plan, in planning order (each fires only its own batteries). */
  planningNations: NationCode[];
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
}

export interface WorldRadar {
  id: string;
  owner: NationCode;
  spec: GroundRadarSpec;
}

/** An over-the-horizon radar: a coverage band and a fixed Pd per look (core/sensors/radar.ts, OthRadarSpec). */
export interface WorldOthRadar {
  id: string;
  owner: NationCode;
  spec: OthRadarSpec;
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
