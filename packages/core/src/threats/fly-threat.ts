import { ecefToGeodetic } from '../geo/geodetic.ts';
import { type EarthModel, earthAngle } from '../geo/earth-model.ts';
import { toEcef } from '../geo/earth-rotation.ts';
import type { GeoPoint } from '../geo/place.ts';
import { type CruiseMissileSpec, flyCruiseMissile, type CruiseFlightResult } from './cruise.ts';
import { aimFobs, type Approach, type FobsAimResult, type FobsSpec } from './fobs.ts';
import { aimGlideMissile, type GlideAimResult, type GlideMissileSpec } from './glide.ts';
import type { BallisticMissileSpec } from './missile.ts';
import type { StateHistory } from './state-history.ts';
import { aimMissile, type AimResult, type TrajectoryShape } from './targeting.ts';

/** A threat of any kind the engine flies: each kind is one model (`kind` says which). */
export type ThreatSpec = BallisticMissileSpec | GlideMissileSpec | FobsSpec | CruiseMissileSpec;

/** How a threat is flown, beyond its site and target (each field applies to the kinds it names). */
export interface FlightChoices {
  /** Ballistic: minimum-energy, lofted or depressed. */
  shape?: TrajectoryShape;
  /** FOBS: the short or the long way round the Earth (the long way from Eurasia arrives from the south). */
  approach?: Approach;
  /** Cruise: the points its low-level route turns at, in order (default: a direct route). */
  waypoints?: readonly GeoPoint[];
}

/** One threat flown by its kind's model: the model's own result, for the kind's details (`dome trajectory`). */
export type ThreatFlight =
  | { kind: 'ballistic'; aim: Extract<AimResult, { ok: true }> }
  | { kind: 'glide'; aim: Extract<GlideAimResult, { ok: true }> }
  | { kind: 'fobs'; aim: Extract<FobsAimResult, { ok: true }> }
  | { kind: 'cruise'; flight: Exclude<CruiseFlightResult, { error: string }> };

/**
 * Flies a threat of any kind from site to target on the rotating Earth (earth.theta0 = the Earth angle at
 * its launch) with its own model: ballistic (aimMissile: boost, bus, warheads and decoys), boost-glide
 * (aimGlideMissile: boost, pull-up, guided glide, dive), FOBS (aimFobs: orbit, de-orbit, re-entry) and
 * cruise (flyCruiseMissile: through its waypoints, if any). The one dispatch by kind: world building
 * (`flownMissile`) and `dome trajectory` both fly through it. Returns a reason when the target is out of reach.
 */
export function flyThreat<S extends ThreatSpec>(
  spec: S,
  site: GeoPoint,
  target: GeoPoint,
  choices: FlightChoices,
  earth: EarthModel,
): Extract<ThreatFlight, { kind: S['kind'] }> | { error: string } {
  return flyByKind(spec, site, target, choices, earth) as Extract<ThreatFlight, { kind: S['kind'] }> | { error: string };
}

/** flyThreat's dispatch; flyThreat narrows its result to the spec's kind (each case returns its own kind). */
function flyByKind(
  spec: ThreatSpec,
  site: GeoPoint,
  target: GeoPoint,
  choices: FlightChoices,
  earth: EarthModel,
): ThreatFlight | { error: string } {
  switch (spec.kind) {
    case 'ballistic': {
      const aim = aimMissile(spec, site, target, choices.shape ?? { kind: 'min-energy' }, { earth });
      return aim.ok ? { kind: 'ballistic', aim } : { error: aim.reason };
    }
    case 'glide': {
      const aim = aimGlideMissile(spec, site, target, { earth });
      return aim.ok ? { kind: 'glide', aim } : { error: aim.reason };
    }
    case 'fobs': {
      const aim = aimFobs(spec, site, target, choices.approach ?? 'short', { earth });
      return aim.ok ? { kind: 'fobs', aim } : { error: aim.reason };
    }
    case 'cruise': {
      const flight = flyCruiseMissile(spec, site, choices.waypoints ?? [], target, { earth });
      return 'error' in flight ? { error: flight.error } : { kind: 'cruise', flight };
    }
  }
}

/** One object a threat puts on its way to the target, on the threat's own clock (t = 0 at launch). */
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

/** A threat flown once, as a world holds it: its boost (for boost-phase engagement and launch warning) and its objects. */
export interface FlownMissile {
  /** Burnout [s after launch]; 0 for a threat with no boost to engage or warn of (a cruise missile). */
  burnoutTime: number;
  /** The boost's recorded states (the primary object's history, which starts at launch), or null when there is no boost. */
  boostHistory: StateHistory | null;
  objects: FlownObject[];
}

/** A threat's flight as a world holds it: boost, and each object that lands with its history and impact. */
export function flownMissile(flight: ThreatFlight, earth: EarthModel): FlownMissile | { error: string } {
  switch (flight.kind) {
    case 'ballistic': {
      const f = flight.aim.flight;
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
      const f = flight.aim.flight;
      const impact = f.glide.impact;
      if (!impact) return { error: 'the glider did not reach the ground' };
      // heated from its descent through the 100 km interface (the pull-up into the glide); a boost that
      // burns out below the interface releases it into the glide at once
      const glideFrom = f.glide.reentry?.t ?? f.boost.t;
      return { burnoutTime: f.boost.t, boostHistory: f.history, objects: [{ kind: 'warhead', history: f.history, impact, glideFrom }] };
    }
    case 'fobs': {
      const f = flight.aim.flight;
      const impact = f.reentry?.impact;
      if (!impact || !f.history) return { error: 'the FOBS warhead did not come down' };
      return { burnoutTime: f.boost.t, boostHistory: f.history, objects: [{ kind: 'warhead', history: f.history, impact }] };
    }
    case 'cruise': {
      const f = flight.flight;
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
