import { OMEGA_EARTH, R_EARTH_MEAN } from '../constants.ts';
import { geodeticToEcef } from '../geo/geodetic.ts';
import type { GeoPoint } from '../geo/place.ts';
import type { EarthModel } from '../geo/earth-model.ts';
import { earthAngle } from '../geo/earth-model.ts';
import { toEcef } from '../geo/earth-rotation.ts';
import type { LaunchSite } from '../weapons/fire-control.ts';
import { launchSiteEci } from '../weapons/fire-control.ts';
import { interceptorPositions, type SurfaceInterceptorSpec } from '../weapons/surface-interceptor.ts';

/**
 * A flight as the engine logs it (issue 16): the `flyout` event of a shot and the `sortie` event of a
 * fighter's flight carry `path`, flat quadruples [tau, x, y, z]: tau seconds after the event's t (ascending,
 * the first 0; a shot's last is its intercept exactly, an aircraft's times are to the millisecond), x, y, z Earth-fixed (ECEF) metres rounded to the metre. Edges (the nation view, the
 * exports, DIS) read it with {@link pathPosition} and never fly anything themselves.
 *
 * Sample spacing, from the physics. Between two samples dt apart a reader interpolates linearly; a body
 * whose acceleration (in the frame the samples are in) is at most a departs from the chord by at most
 * a dt^2 / 8 (the chord sag: the remainder of linear interpolation, |f''| h^2 / 8). In the Earth-fixed
 * frame a coasting interceptor's acceleration is gravity (at most G0 + 0.03 m/s^2 at the surface) plus the
 * frame's Coriolis 2 Omega v (0.92 m/s^2 at 6.3 km/s, the fastest burnout in the catalog) and
 * centrifugal Omega^2 R (0.034 m/s^2): about 10.8 m/s^2, so the coast is sampled every
 * {@link COAST_STEP_S} = 5 s and sags at most 10.8 x 25 / 8 = 34 m ({@link SAG_M} = 35 m), below a
 * pixel of the picture at any zoom that shows a fly-out whole (a 5 s coast step is 15-30 km of flight).
 * The boost accelerates harder (THAAD
 * 185 m/s^2, GBI 42 m/s^2 mean, plus the path's turn v^2 / R), so it is sampled at the largest step of
 * {@link STEP_LADDER_S} whose sag stays within SAG_M ({@link boostStep}), with its end (burnout) a sample.
 */
export const COAST_STEP_S = 5;
/** The largest departure [m] of a linearly interpolated fly-out from the flight between samples (see above). */
export const SAG_M = 35;
/** Steps a boost may be sampled at [s], binary fractions so that the sample times are exact in JSON. */
/** Largest gravity at the Earth's surface [m/s^2] (9.832 at the poles, WGS 84 normal gravity), rounded up. */
const GRAVITY_MAX = 9.84;
export const STEP_LADDER_S = [5, 4, 2, 1, 0.5, 0.25, 0.125] as const;

/**
 * An upper bound [m/s^2] on the Earth-fixed acceleration of a flight model that thrusts at `thrust` [m/s^2]
 * at speeds up to `speed` [m/s]: thrust + 9.84 (gravity on a coast, or the turn v^2 / R of a boost path that
 * curves no tighter than the Earth, below that up to orbital speed) + 2 Omega v (Coriolis) + Omega^2 R
 * (centrifugal).
 */
export function accelerationBound(thrust: number, speed: number): number {
  return thrust + GRAVITY_MAX + 2 * OMEGA_EARTH * speed + OMEGA_EARTH * OMEGA_EARTH * R_EARTH_MEAN;
}

/** The largest ladder step whose chord sag a dt^2 / 8 stays within SAG_M for acceleration bound a [m/s^2]. */
export function boostStep(a: number): number {
  for (const dt of STEP_LADDER_S) if ((a * dt * dt) / 8 <= SAG_M) return dt;
  return STEP_LADDER_S[STEP_LADDER_S.length - 1];
}

/**
 * Sample times [s after the fire] of a flight lasting `duration` whose first `burn` seconds are a boost
 * sampled every `boostDt` and the rest a coast sampled every `coastDt` (from burnout); the last is `duration`.
 */
export function sampleTimes(duration: number, burn: number, boostDt: number, coastDt = COAST_STEP_S): number[] {
  const out: number[] = [0];
  if (!(duration > 0)) return out;
  const b = Math.min(Math.max(0, burn), duration);
  for (let k = 1; k * boostDt < b - 1e-9; k++) out.push(k * boostDt);
  if (b > 0 && b < duration - 1e-9) out.push(b);
  for (let k = 1; b + k * coastDt < duration - 1e-9; k++) out.push(b + k * coastDt);
  out.push(duration);
  return out;
}

/**
 * A path from an inertial (ECI) position model: each sample time tau (seconds after t0) taken at
 * eciAt(t0 + tau), turned Earth-fixed with the Earth's angle then, rounded to the metre. `last`, when given,
 * replaces the last sample (the intercept point itself, ECEF [m]).
 */
export function pathFromEci(
  earth: EarthModel,
  t0: number,
  taus: readonly number[],
  eciAt: (t: number, out: Float64Array) => void,
  last?: ArrayLike<number>,
): number[] {
  const out: number[] = [];
  const eci = new Float64Array(3),
    ecef = new Float64Array(3);
  taus.forEach((tau, k) => {
    if (last && k === taus.length - 1) {
      out.push(tau, Math.round(last[0]), Math.round(last[1]), Math.round(last[2]));
      return;
    }
    eciAt(t0 + tau, eci);
    toEcef(earthAngle(earth, t0 + tau), eci[0], eci[1], eci[2], ecef);
    out.push(tau, Math.round(ecef[0]), Math.round(ecef[1]), Math.round(ecef[2]));
  });
  return out;
}

/** A geodetic point's path sample (ECEF, rounded to the metre). */
export function geodeticSample(tau: number, p: { latitude: number; longitude: number; altitude: number }): number[] {
  const e = geodeticToEcef(p.latitude, p.longitude, p.altitude);
  return [roundTau(tau), Math.round(e[0]), Math.round(e[1]), Math.round(e[2])];
}

/** Problems of a logged path (empty when fine): quadruples, finite, tau ascending from 0. */
export function pathProblems(path: unknown): string[] {
  if (!Array.isArray(path) || path.length < 4 || path.length % 4 !== 0) return ['a path is [tau, x, y, z] quadruples, at least one'];
  if (!path.every((x) => typeof x === 'number' && Number.isFinite(x))) return ['a path holds finite numbers only'];
  if (path[0] !== 0) return ['a path starts at tau 0'];
  for (let k = 4; k < path.length; k += 4) if (!((path[k] as number) >= (path[k - 4] as number))) return ['a path has ascending times'];
  return [];
}

/** How long a logged path lasts [s] (its last tau). */
export function pathDuration(path: readonly number[]): number {
  return path[path.length - 4];
}

/**
 * Where a logged path is at tau seconds after its start, ECEF [m], linear between samples (clamped to
 * its ends). Throws on a malformed path (a reader skips what it cannot read; see pathProblems).
 */
export function pathPosition(
  path: readonly number[],
  tau: number,
  out: Float64Array | number[] = new Float64Array(3),
): Float64Array | number[] {
  const n = path.length / 4;
  if (!(n >= 1) || !Number.isInteger(n)) throw new Error(`a logged path of ${path.length} numbers is not [tau, x, y, z] quadruples`);
  let k = 0;
  if (tau >= path[4 * (n - 1)]) k = n - 1;
  else if (tau > 0) {
    let lo = 0,
      hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (path[4 * mid] <= tau) lo = mid;
      else hi = mid;
    }
    const t0 = path[4 * lo],
      t1 = path[4 * hi];
    const u = t1 > t0 ? (tau - t0) / (t1 - t0) : 1;
    for (let i = 0; i < 3; i++) out[i] = path[4 * lo + 1 + i] + u * (path[4 * hi + 1 + i] - path[4 * lo + 1 + i]);
    if (!Number.isFinite(out[0] + out[1] + out[2])) throw new Error(`a logged path has no position at ${tau} s`);
    return out;
  }
  for (let i = 0; i < 3; i++) out[i] = path[4 * k + 1 + i];
  if (!Number.isFinite(out[0] + out[1] + out[2])) throw new Error(`a logged path has no position at ${tau} s`);
  return out;
}

/**
 * A surface interceptor's fly-out as fire control planned it (core's interceptorPosition, through
 * interceptorPositions: the boost along
 * the fly-out path, then the coast conic) from its launcher at `launch` to the aim point `aimEci` (ECI [m]
 * at `intercept`), sampled per the spacing above; the last sample is the intercept point itself.
 */
export function surfaceFlyoutPath(
  earth: EarthModel,
  spec: SurfaceInterceptorSpec,
  site: LaunchSite,
  launch: number,
  intercept: number,
  aimEci: ArrayLike<number>,
): number[] {
  const from = launchSiteEci(site, earth, launch);
  const taus = sampleTimes(
    intercept - launch,
    spec.burnTime,
    boostStep(accelerationBound(spec.burnoutSpeed / spec.burnTime, spec.burnoutSpeed)),
    boostStep(accelerationBound(0, spec.burnoutSpeed)),
  );
  const out: number[] = [];
  const ecef = new Float64Array(3);
  interceptorPositions(spec, from, aimEci, taus, (k, tau, eci) => {
    const t = launch + tau;
    // the last sample is the intercept point itself (the aim point, where fire control meets the object)
    const p = k === taus.length - 1 ? aimEci : eci;
    toEcef(earthAngle(earth, t), p[0], p[1], p[2], ecef);
    out.push(tau, Math.round(ecef[0]), Math.round(ecef[1]), Math.round(ecef[2]));
  });
  return out;
}

/**
 * Step of an aircraft's logged flight [s]: its legs are great-circle arcs (or the target's recorded flight
 * while shadowing), which a linear reader cuts as chords; an arc of length L sags L^2 / (8 R), 6.4 m for
 * 30 s at 600 m/s (a dash at Mach 2 is ~600 m/s), well inside SAG_M.
 */
export const AIR_STEP_S = 30;

/** Times from tau0 to tau1 every AIR_STEP_S, both ends included (tau0 alone when tau1 <= tau0). */
export function legTimes(tau0: number, tau1: number): number[] {
  const out = [tau0];
  for (let k = 1; tau0 + k * AIR_STEP_S < tau1 - 1e-3; k++) out.push(roundTau(tau0 + k * AIR_STEP_S));
  if (tau1 > tau0) out.push(roundTau(tau1));
  return out;
}

/** A sample time rounded to the millisecond (the log's times after the fire stay short and JSON-stable). */
export function roundTau(tau: number): number {
  return Math.round(tau * 1000) / 1000;
}

/** The point a fraction u of the way from a to b: along the great circle (on the unit sphere), altitude linear. */
export function arcPoint(a: GeoPoint, b: GeoPoint, u: number): GeoPoint {
  const va = [Math.cos(a.latitude) * Math.cos(a.longitude), Math.cos(a.latitude) * Math.sin(a.longitude), Math.sin(a.latitude)];
  const vb = [Math.cos(b.latitude) * Math.cos(b.longitude), Math.cos(b.latitude) * Math.sin(b.longitude), Math.sin(b.latitude)];
  const omega = Math.acos(Math.min(1, Math.max(-1, va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2])));
  const wa = omega > 1e-12 ? Math.sin((1 - u) * omega) / Math.sin(omega) : 1 - u;
  const wb = omega > 1e-12 ? Math.sin(u * omega) / Math.sin(omega) : u;
  const v = [wa * va[0] + wb * vb[0], wa * va[1] + wb * vb[1], wa * va[2] + wb * vb[2]];
  return {
    latitude: Math.atan2(v[2], Math.hypot(v[0], v[1])),
    longitude: Math.atan2(v[1], v[0]),
    altitude: a.altitude + u * (b.altitude - a.altitude),
  };
}
