import { geodeticToEcef } from '../geo/geodetic.ts';
import { flyToImpact, type PointEvent, type UnpoweredBody } from '../threats/ballistic.ts';
import { earthAngle, type EarthModel } from '../geo/earth-model.ts';
import { toEci } from '../geo/earth-rotation.ts';
import { StateHistory } from '../threats/state-history.ts';
import {
  Engagement,
  type FireControlOptions,
  type InterceptSolution,
  type LaunchSite,
  ROOT_TOLERANCE,
  type ThreatPath,
} from './engagement.ts';
import { launchWindow } from './launch-window.ts';
import type { SurfaceInterceptorSpec } from './surface-interceptor.ts';

export type { FireControlOptions, InterceptSolution, LaunchSite, ThreatPath } from './engagement.ts';
export { launchWindow, launchWindowByScan } from './launch-window.ts';

/**
 * Fire control for a surface-launched interceptor against one threat: where and when it can be met,
 * the launch window, shoot-look-shoot, and the kill draw. Times are seconds on the flight clock of
 * the threat path (the same clock as the EarthModel's rotation angle); positions are ECI metres.
 */

/**
 * A path through recorded states (a StateHistory of t, position, velocity), interpolated by cubic
 * Hermite polynomials on position and velocity: error h^4/384 |x''''| per step, under a metre for
 * 60 s steps of ballistic midcourse (|x''''| ~ (mu/r^3)^2 r ~ 1e-5 m/s^4).
 */
export function pathFromHistory(h: StateHistory): ThreatPath {
  return pathFromSamples(h.view().slice());
}

/**
 * The same path from plain samples: StateHistory.STRIDE numbers each (t, x, y, z, vx, vy, vz), times
 * ascending, optionally shifted by `timeOffset` seconds (a flight computed from its own launch at t = 0
 * placed at its launch time in the scenario). Plain data crosses worker boundaries; this rebuilds the path.
 */
export function pathFromSamples(data: Float64Array, timeOffset = 0): ThreatPath {
  const S = StateHistory.STRIDE;
  const n = Math.floor(data.length / S);
  if (n < 2) throw new Error('a threat path needs at least two recorded states');
  if (timeOffset !== 0) {
    data = data.slice();
    for (let i = 0; i < n; i++) data[i * S] += timeOffset;
  }
  return {
    start: data[0],
    end: data[(n - 1) * S],
    position(t, out) {
      let lo = 0,
        hi = n - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (data[mid * S] <= t) lo = mid;
        else hi = mid;
      }
      const a = lo * S,
        b = hi * S;
      const dt = data[b] - data[a];
      const u = dt > 0 ? Math.min(1, Math.max(0, (t - data[a]) / dt)) : 0;
      const u2 = u * u,
        u3 = u2 * u;
      const h00 = 2 * u3 - 3 * u2 + 1,
        h10 = u3 - 2 * u2 + u,
        h01 = -2 * u3 + 3 * u2,
        h11 = u3 - u2;
      for (let i = 0; i < 3; i++)
        out[i] = h00 * data[a + 1 + i] + h10 * dt * data[a + 4 + i] + h01 * data[b + 1 + i] + h11 * dt * data[b + 4 + i];
      return out;
    },
  };
}

/**
 * The predicted path of a tracked object: its ECI state at time t0 (e.g. a TrackEstimate's x and t)
 * flown to impact by the same ballistic model as the threats (flyToImpact: J2, drag through the
 * co-rotating atmosphere if the body has a ballistic coefficient), recorded at most every maxStep seconds.
 */
export function predictPath(
  state: ArrayLike<number>,
  t0: number,
  earth: EarthModel,
  body: UnpoweredBody = { ballisticCoefficient: 0 },
  maxStep = 10,
): ThreatPath & { impact: PointEvent | null } {
  const history = new StateHistory();
  const flight = flyToImpact(state, t0, body, { earth, history, hMax: maxStep });
  return { ...pathFromHistory(history), impact: flight.impact };
}

/** ECI position of a launch site at time t (it turns with the Earth). */
export function launchSiteEci(
  site: LaunchSite,
  earth: EarthModel,
  t: number,
  out: Float64Array | number[] = new Float64Array(3),
): Float64Array | number[] {
  const e = geodeticToEcef(site.latitude, site.longitude, site.altitude);
  toEci(earthAngle(earth, t), e[0], e[1], e[2], out);
  return out;
}

/**
 * The intercept of an interceptor launched at tL: the first time t at which its nominal fly-out from
 * the launcher (where it is at tL) meets the threat inside the envelope, g(t) = t - tL - T(p(t)) = 0,
 * located by bisection on the scan's first sign change. Null if none.
 */
export function interceptForLaunch(
  spec: SurfaceInterceptorSpec,
  launcher: LaunchSite,
  path: ThreatPath,
  launchTime: number,
  options: FireControlOptions,
): InterceptSolution | null {
  const eng = new Engagement(spec, launcher, path, { ...options, notBefore: -Infinity });
  const g = (t: number): { v: number; ok: boolean } => {
    const f = eng.flyout(launchTime, t);
    return { v: t - launchTime - f.timeOfFlight, ok: f.reachable };
  };
  const ts = eng.samples(launchTime);
  let prev: { t: number; v: number; ok: boolean } | null = null;
  for (const t of ts) {
    const cur = { t, ...g(t) };
    if (prev && (prev.ok || cur.ok) && prev.v < 0 && cur.v >= 0) {
      let a = prev.t,
        b = cur.t;
      while (b - a > ROOT_TOLERANCE) {
        const m = 0.5 * (a + b);
        if (g(m).v < 0) a = m;
        else b = m;
      }
      // the meeting point must be in the envelope (to within the root tolerance, for launches at the window's edges)
      const t1 = [b, b + 10 * ROOT_TOLERANCE, b - 10 * ROOT_TOLERANCE].find((x) => g(x).ok);
      if (t1 === undefined) {
        prev = cur;
        continue;
      }
      const point = new Float64Array(3),
        launchPosition = new Float64Array(3);
      path.position(t1, point);
      launchSiteEci(launcher, options.earth, launchTime, launchPosition);
      const f = eng.flyout(launchTime, t1);
      return {
        launchTime,
        interceptTime: t1,
        point,
        launchPosition,
        timeOfFlight: f.timeOfFlight,
        groundRange: f.groundRange,
        altitude: f.altitude,
      };
    }
    prev = cur;
  }
  return null;
}

export interface ShootLookShoot {
  first: InterceptSolution;
  /** When the first intercept's outcome is known (intercept + kill-assessment delay). */
  assessedAt: number;
  /** The second shot, launched at the assessment (or when the window opens), or null if none is left. */
  second: InterceptSolution | null;
}

/**
 * Shoot-look-shoot: fire at the first launch time (given, or the window's earliest), assess the kill
 * killAssessmentDelay seconds after the intercept, then look for a second launch no earlier than that
 * which still meets the threat inside the envelope before impact. Null if there is no first shot.
 */
export function shootLookShoot(
  spec: SurfaceInterceptorSpec,
  launcher: LaunchSite,
  path: ThreatPath,
  killAssessmentDelay: number,
  options: FireControlOptions & { firstLaunch?: number },
): ShootLookShoot | null {
  const window = launchWindow(spec, launcher, path, options);
  if (!window) return null;
  const first =
    options.firstLaunch === undefined ? window.earliest : interceptForLaunch(spec, launcher, path, options.firstLaunch, options);
  if (!first) return null;
  const assessedAt = first.interceptTime + killAssessmentDelay;
  const later = launchWindow(spec, launcher, path, { ...options, notBefore: assessedAt });
  if (!later) return { first, assessedAt, second: null };
  const second = interceptForLaunch(spec, launcher, path, later.earliest.launchTime, options) ?? later.earliest;
  return { first, assessedAt, second };
}

/**
 * Kill assessment of one intercept: killed with the single-shot kill probability, drawn from the
 * seeded uniform generator on [0, 1) passed in (core never calls Math.random).
 */
export function drawKill(singleShotPk: number, uniform: () => number): boolean {
  return uniform() < singleShotPk;
}
