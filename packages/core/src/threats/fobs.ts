import { greatCircleDistance, initialAzimuth, northEastOffset } from '../geo/great-circle.ts';
import { stateToElements } from '../orbits/kepler.ts';
import { MU_EARTH, WGS84_A } from '../constants.ts';
import { flyToImpact, type UnpoweredFlight } from './ballistic.ts';
import { type BoostResult, flyBoost, type PitchProgram } from './boost.ts';
import { type GeoPoint } from '../geo/place.ts';
import { compassHeading, type EarthModel, earthAngle, earthRate } from '../geo/earth-model.ts';
import { solveNewton } from '../numerics/roots.ts';
import type { RocketSpec } from './rocket.ts';
import { StateHistory } from './state-history.ts';

/**
 * A fractional orbital bombardment system: the rocket puts its payload into a low orbit (closed-loop
 * insertion), it coasts part of a revolution, then a retro burn (impulsive here) de-orbits the
 * warhead onto the target. Because it can fly either way round the Earth, it can approach from any
 * side, the south included.
 */
export interface FobsSpec {
  kind: 'fobs';
  rocket: RocketSpec;
  /** Must include `insertion` (the orbit altitude). */
  pitch: PitchProgram;
  /** Fixed pitch-over angle of the ascent [rad]. */
  kickAngle: number;
  /** Retro velocity change of the de-orbit burn [m/s]. */
  deorbitDeltaV: number;
  warhead: { mass: number; ballisticCoefficient: number };
}

export type Approach = 'short' | 'long';

export interface FobsControls {
  azimuth: number;
  /** Time of the de-orbit burn [s from launch]. */
  deorbitTime: number;
}

export interface FobsFlight {
  boost: BoostResult;
  /** Osculating perigee and apogee altitudes after insertion [m]. */
  perigeeAltitude: number;
  apogeeAltitude: number;
  coast: UnpoweredFlight;
  reentry: UnpoweredFlight | null;
  history?: StateHistory;
  failure: string | null;
}

export function flyFobs(
  spec: FobsSpec,
  controls: FobsControls,
  site: GeoPoint,
  options: { earth: EarthModel; record?: boolean; targetAltitude?: number },
): FobsFlight {
  const { earth } = options;
  const history = options.record ? new StateHistory() : undefined;
  const boost = flyBoost(spec.rocket, spec.pitch, { azimuth: controls.azimuth, kickAngle: spec.kickAngle, finalBurnFraction: 1 }, site, {
    earth,
    history,
  });
  const el = stateToElements(boost.state);
  const perigeeAltitude = el.a * (1 - el.e) - WGS84_A;
  const apogeeAltitude = el.a * (1 + el.e) - WGS84_A;
  const body = { ballisticCoefficient: spec.warhead.ballisticCoefficient };
  const coast = flyToImpact(boost.state, boost.t, body, { earth, tMax: Math.max(controls.deorbitTime, boost.t + 1), history, hMax: 30 });
  const base = { boost, perigeeAltitude, apogeeAltitude, coast, history };
  if (boost.failure) return { ...base, reentry: null, failure: boost.failure };
  if (coast.impact)
    return {
      ...base,
      reentry: null,
      failure: `fell back before the de-orbit time (perigee ${(perigeeAltitude / 1e3).toFixed(0)} km): not in orbit`,
    };
  const s = coast.end.state;
  const v = Math.hypot(s[3], s[4], s[5]);
  const k = 1 - spec.deorbitDeltaV / v; // retro burn along the inertial velocity
  const start = [s[0], s[1], s[2], s[3] * k, s[4] * k, s[5] * k];
  const reentry = flyToImpact(start, coast.end.t, body, { earth, groundAltitude: options.targetAltitude ?? 0, history, hMax: 30 });
  return { ...base, reentry, failure: reentry.impact ? null : 'the de-orbit burn did not bring it down' };
}

/** Compass heading of the Earth-relative velocity at an event [rad from north]. */
export function headingAt(state: ArrayLike<number>, t: number, latitude: number, longitude: number, earth: EarthModel): number {
  const w = earthRate(earth);
  const vx = state[3] + w * state[1],
    vy = state[4] - w * state[0],
    vz = state[5];
  const h = compassHeading(earthAngle(earth, t), vx, vy, vz, latitude, longitude);
  return h < 0 ? h + 2 * Math.PI : h;
}

export type FobsAimResult =
  | { ok: true; controls: FobsControls; flight: FobsFlight; missDistance: number; approachHeading: number; evaluations: number }
  | { ok: false; reason: string };

/**
 * Solves launch azimuth and de-orbit time for a FOBS to hit the target, going the short or the long
 * way round (the long way from Eurasia reaches North America from the south).
 */
export function aimFobs(
  spec: FobsSpec,
  site: GeoPoint,
  target: GeoPoint,
  approach: Approach,
  options: { earth: EarthModel },
): FobsAimResult {
  const { earth } = options;
  let evaluations = 0;
  const fly = (c: FobsControls, record = false): FobsFlight => {
    evaluations++;
    return flyFobs(spec, c, site, { earth, record, targetAltitude: target.altitude });
  };
  const azimuth0 = initialAzimuth(site.latitude, site.longitude, target.latitude, target.longitude) + (approach === 'long' ? Math.PI : 0);
  // 1. Coast a revolution and a half without de-orbiting: when is the ground track closest to the target?
  const probe = fly({ azimuth: azimuth0, deorbitTime: 3 * 3600 }, true);
  if (probe.boost.failure) return { ok: false, reason: probe.boost.failure };
  const h = probe.history as StateHistory;
  let tClosest = NaN,
    dClosest = Infinity;
  const st = new Float64Array(6);
  for (let i = 0; i < h.length; i++) {
    const t = h.time(i);
    if (t <= probe.boost.t) continue;
    h.state(i, st);
    const th = earthAngle(earth, t);
    const lon = Math.atan2(-Math.sin(th) * st[0] + Math.cos(th) * st[1], Math.cos(th) * st[0] + Math.sin(th) * st[1]);
    const lat = Math.atan2(st[2], Math.hypot(st[0], st[1]));
    const d = greatCircleDistance(lat, lon, target.latitude, target.longitude);
    if (d < dClosest) {
      dClosest = d;
      tClosest = t;
    }
    if (t > probe.boost.t + 2 * 3600) break;
  }
  if (!Number.isFinite(tClosest)) return { ok: false, reason: 'the vehicle did not reach orbit' };
  // 2. De-orbit there once to learn how far the re-entry carries it, and start that much earlier.
  const trial = fly({ azimuth: azimuth0, deorbitTime: tClosest });
  const groundSpeed = (2 * Math.PI * WGS84_A) / (2 * Math.PI * Math.sqrt((WGS84_A + probe.apogeeAltitude) ** 3 / MU_EARTH));
  const carry = trial.reentry?.impact
    ? greatCircleDistance(trial.reentry.impact.latitude, trial.reentry.impact.longitude, target.latitude, target.longitude)
    : 0;
  const t0 = Math.max(probe.boost.t + 1, tClosest - carry / groundSpeed);
  // 3. Newton on (azimuth, de-orbit time) for zero north and east miss.
  const residual = (x: readonly number[]): number[] | null => {
    const f = fly({ azimuth: x[0], deorbitTime: x[1] });
    const imp = f.reentry?.impact;
    if (f.failure || !imp) return null;
    return northEastOffset(imp.latitude, imp.longitude, target.latitude, target.longitude, WGS84_A);
  };
  const sol = solveNewton(
    { residual, steps: [1e-6, 1e-3], lower: [azimuth0 - 0.4, probe.boost.t + 1], upper: [azimuth0 + 0.4, probe.boost.t + 3 * 3600] },
    [azimuth0, t0],
    5,
    40,
  );
  const controls = { azimuth: sol.x[0], deorbitTime: sol.x[1] };
  const flight = fly(controls, true);
  const imp = flight.reentry?.impact;
  if (!sol.converged || !imp) {
    return {
      ok: false,
      reason: `could not find a ${approach}-way FOBS trajectory to the target (closest miss ${(sol.norm / 1e3).toFixed(0)} km)`,
    };
  }
  const missDistance = greatCircleDistance(imp.latitude, imp.longitude, target.latitude, target.longitude);
  return {
    ok: true,
    controls,
    flight,
    missDistance,
    approachHeading: headingAt(imp.state, imp.t, imp.latitude, imp.longitude, earth),
    evaluations,
  };
}
