import {
  aimFobs,
  aimGlideMissile,
  aimMissile,
  type Approach,
  type EarthModel,
  earthAngle,
  ecefToGeodetic,
  flyCruiseMissile,
  type GeoPoint,
  type StateHistory,
  toEcef,
  type TrajectoryShape,
} from '@golden-dome/core';
import type { ThreatSpec } from '../catalog/resolve-threat.ts';

/** One object a raid missile puts on its way to the target, on the missile's own clock (t = 0 at launch). */
export interface FlownObject {
  kind: 'warhead' | 'decoy';
  /** Inertial states from launch (the primary object) or release to impact. */
  history: StateHistory;
  impact: { t: number; latitude: number; longitude: number };
  /** From when it is a heated glide body [s after launch] (absent: a cold body after burnout). */
  glideFrom?: number;
  /** Flies inside the atmosphere throughout (a cruise missile). */
  endoOnly?: boolean;
}

/** A raid missile flown once: its boost (for boost-phase engagement and launch warning) and its objects. */
export interface FlownMissile {
  /** Burnout [s after launch]; 0 for a missile with no boost to engage or warn of (a cruise missile). */
  burnoutTime: number;
  /** The boost's recorded states (the primary object's history, which starts at launch), or null when there is no boost. */
  boostHistory: StateHistory | null;
  objects: FlownObject[];
}

/** How a raid missile is flown, beyond its site and target (each field applies to the kinds it names). */
export interface FlightChoices {
  /** Ballistic: minimum-energy, lofted or depressed. */
  shape?: TrajectoryShape;
  /** FOBS: the short or the long way round the Earth (the long way from Eurasia arrives from the south). */
  approach?: Approach;
  /** Cruise: the points its low-level route turns at, in order (default: a direct route). */
  waypoints?: readonly GeoPoint[];
}

/**
 * Flies a catalog threat of any kind from site to target on the rotating Earth (earth.theta0 = the
 * Earth angle at its launch) with its own model: ballistic (aimMissile: boost, bus, warheads and
 * decoys), boost-glide (aimGlideMissile: boost, pull-up, guided glide, dive), FOBS (aimFobs: orbit,
 * de-orbit, re-entry) and cruise (flyCruiseMissile: through its waypoints, if any). Returns a reason
 * when the target is out of reach.
 */
export function flyRaidMissile(
  spec: ThreatSpec,
  site: GeoPoint,
  target: GeoPoint,
  choices: FlightChoices,
  earth: EarthModel,
): FlownMissile | { error: string } {
  switch (spec.kind) {
    case 'ballistic': {
      const aim = aimMissile(spec, site, target, choices.shape ?? { kind: 'min-energy' }, { earth });
      if (!aim.ok) return { error: aim.reason };
      const f = aim.flight;
      const history = f.history as StateHistory;
      const objects: FlownObject[] = [];
      f.objects.forEach((ob, k) => {
        const impact = ob.flight.impact;
        if (!impact) return; // an object that never lands (none in practice) cannot threaten anything
        objects.push({ kind: ob.kind, history: k === 0 ? history : (ob.history as StateHistory), impact });
      });
      return { burnoutTime: f.boost.t, boostHistory: history, objects };
    }
    case 'glide': {
      const aim = aimGlideMissile(spec, site, target, { earth });
      if (!aim.ok) return { error: aim.reason };
      const f = aim.flight;
      const impact = f.glide.impact;
      if (!impact) return { error: 'the glider did not reach the ground' };
      // heated from its descent through the 100 km interface (the pull-up into the glide); a boost that
      // burns out below the interface releases it into the glide at once
      const glideFrom = f.glide.reentry?.t ?? f.boost.t;
      return { burnoutTime: f.boost.t, boostHistory: f.history, objects: [{ kind: 'warhead', history: f.history, impact, glideFrom }] };
    }
    case 'fobs': {
      const aim = aimFobs(spec, site, target, choices.approach ?? 'short', { earth });
      if (!aim.ok) return { error: aim.reason };
      const f = aim.flight;
      const impact = f.reentry?.impact;
      if (!impact || !f.history) return { error: 'the FOBS warhead did not come down' };
      return { burnoutTime: f.boost.t, boostHistory: f.history, objects: [{ kind: 'warhead', history: f.history, impact }] };
    }
    case 'cruise': {
      const f = flyCruiseMissile(spec, site, choices.waypoints ?? [], target, { earth });
      if ('error' in f) return { error: f.error };
      const last = new Float64Array(6),
        ecef = new Float64Array(3),
        geo = new Float64Array(3);
      f.history.state(f.history.length - 1, last);
      const t = f.history.time(f.history.length - 1);
      toEcef(earthAngle(earth, t), last[0], last[1], last[2], ecef);
      ecefToGeodetic(ecef[0], ecef[1], ecef[2], geo);
      const impact = { t, latitude: geo[0], longitude: geo[1] };
      return { burnoutTime: 0, boostHistory: null, objects: [{ kind: 'warhead', history: f.history, impact, endoOnly: true }] };
    }
  }
}
