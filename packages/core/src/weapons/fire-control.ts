import { ecefToGeodetic, geodeticToEcef } from '../frames/geodetic.ts';
import { flyToImpact, type PointEvent, type UnpoweredBody } from '../threats/ballistic.ts';
import { earthAngle, type EarthModel, toEci } from '../threats/earth-model.ts';
import { StateHistory } from '../threats/state-history.ts';
import { flyoutTo, type FlyoutToPoint, type SurfaceInterceptorSpec } from './surface-interceptor.ts';

/**
 * Fire control for a surface-launched interceptor against one threat: where and when it can be met,
 * the launch window, shoot-look-shoot, and the kill draw. Times are seconds on the flight clock of
 * the threat path (the same clock as the EarthModel's rotation angle); positions are ECI metres.
 */

/** A threat's predicted path: ECI position at time t on [start, end] (end = predicted impact). */
export interface ThreatPath {
  readonly start: number;
  readonly end: number;
  position(t: number, out: Float64Array | number[]): Float64Array | number[];
}

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
      let lo = 0, hi = n - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (data[mid * S] <= t) lo = mid; else hi = mid;
      }
      const a = lo * S, b = hi * S;
      const dt = data[b] - data[a];
      const u = dt > 0 ? Math.min(1, Math.max(0, (t - data[a]) / dt)) : 0;
      const u2 = u * u, u3 = u2 * u;
      const h00 = 2 * u3 - 3 * u2 + 1, h10 = u3 - 2 * u2 + u, h01 = -2 * u3 + 3 * u2, h11 = u3 - u2;
      for (let i = 0; i < 3; i++) out[i] = h00 * data[a + 1 + i] + h10 * dt * data[a + 4 + i] + h01 * data[b + 1 + i] + h11 * dt * data[b + 4 + i];
      return out;
    },
  };
}

/**
 * The predicted path of a tracked object: its ECI state at time t0 (e.g. a TrackEstimate's x and t)
 * flown to impact by the same ballistic model as the threats (flyToImpact: J2, drag through the
 * co-rotating atmosphere if the body has a ballistic coefficient), recorded at most every maxStep seconds.
 */
export function predictPath(state: ArrayLike<number>, t0: number, earth: EarthModel, body: UnpoweredBody = { ballisticCoefficient: 0 }, maxStep = 10): ThreatPath & { impact: PointEvent | null } {
  const history = new StateHistory();
  const flight = flyToImpact(state, t0, body, { earth, history, hMax: maxStep });
  return { ...pathFromHistory(history), impact: flight.impact };
}

/** A launcher on the ground or a ship at rest in the water: geodetic latitude, longitude [rad], height [m]. */
export interface LaunchSite {
  latitude: number;
  longitude: number;
  altitude: number;
}

/** ECI position of a launch site at time t (it turns with the Earth). */
export function launchSiteEci(site: LaunchSite, earth: EarthModel, t: number, out: Float64Array | number[] = new Float64Array(3)): Float64Array | number[] {
  const e = geodeticToEcef(site.latitude, site.longitude, site.altitude);
  toEci(earthAngle(earth, t), e[0], e[1], e[2], out);
  return out;
}

export interface FireControlOptions {
  earth: EarthModel;
  /** Step of the scan over the threat's path [s] (default 1 s); crossings are then located to 1e-6 s. */
  step?: number;
  /** No launch before this time [s] (the commit time: a firm track and the release authority); default the path's start. */
  notBefore?: number;
}

export interface InterceptSolution {
  launchTime: number;
  interceptTime: number;
  /** Predicted intercept point (ECI) and the launcher's ECI position at launch. */
  point: Float64Array;
  launchPosition: Float64Array;
  timeOfFlight: number;
  groundRange: number;
  altitude: number;
}

const ROOT_TOLERANCE = 1e-6; // s

/** One engagement geometry: a spec, a launcher and a threat path; every query is a scan plus root location. */
class Engagement {
  private readonly p = new Float64Array(3);
  private readonly site = new Float64Array(3);
  private readonly geo = new Float64Array(3);
  readonly step: number;
  readonly notBefore: number;

  constructor(readonly spec: SurfaceInterceptorSpec, readonly launcher: LaunchSite, readonly path: ThreatPath, readonly options: FireControlOptions) {
    this.step = options.step ?? 1;
    this.notBefore = options.notBefore ?? path.start;
  }

  /** The fly-out from the launcher, launched at tL, to where the threat is at t. */
  flyout(tL: number, t: number): FlyoutToPoint {
    this.path.position(t, this.p);
    launchSiteEci(this.launcher, this.options.earth, tL, this.site);
    return flyoutTo(this.spec, this.site, this.p);
  }

  /**
   * The launch time whose nominal fly-out meets the threat at t: the fixed point tL = t - T(site(tL), p(t)).
   * The launcher moves at most 465 m/s against fly-out speeds of km/s, so the iteration contracts by
   * ~0.1 per pass; 8 passes leave nothing that matters. NaN if the point is out of reach.
   */
  launchFor(t: number): { tL: number; f: FlyoutToPoint } {
    let tL = t;
    let f = this.flyout(tL, t);
    for (let i = 0; i < 8 && Number.isFinite(f.timeOfFlight); i++) {
      tL = t - f.timeOfFlight;
      f = this.flyout(tL, t);
    }
    return { tL: Number.isFinite(f.timeOfFlight) ? t - f.timeOfFlight : NaN, f };
  }

  /** Can the threat be met at t (in the envelope, and the launch not before notBefore)? */
  feasibleAt(t: number): boolean {
    // the threat's altitude at t does not depend on the launch time: outside the altitude band no launch
    // can meet it there, so the fixed-point iteration (nine fly-outs) is skipped; the verdict is the same
    this.path.position(t, this.p);
    const altitude = ecefToGeodetic(this.p[0], this.p[1], this.p[2], this.geo)[2];
    if (altitude < this.spec.minInterceptAltitude || altitude > this.spec.maxInterceptAltitude) return false;
    const { tL, f } = this.launchFor(t);
    return f.reachable && tL >= this.notBefore - ROOT_TOLERANCE;
  }

  solutionAt(t: number): InterceptSolution {
    const { tL, f } = this.launchFor(t);
    const point = new Float64Array(3), launchPosition = new Float64Array(3);
    this.path.position(t, point);
    launchSiteEci(this.launcher, this.options.earth, tL, launchPosition);
    return { launchTime: tL, interceptTime: t, point, launchPosition, timeOfFlight: f.timeOfFlight, groundRange: f.groundRange, altitude: f.altitude };
  }

  samples(from: number): number[] {
    const ts: number[] = [];
    const t0 = Math.max(this.path.start, from);
    const n = Math.max(1, Math.ceil((this.path.end - t0) / this.step));
    for (let i = 0; i <= n; i++) ts.push(t0 + ((this.path.end - t0) * i) / n);
    return ts;
  }

  /** Locates where a boolean changes between a (value va) and b. */
  edge(pred: (t: number) => boolean, a: number, b: number, va: boolean): number {
    while (Math.abs(b - a) > ROOT_TOLERANCE) {
      const m = 0.5 * (a + b);
      if (pred(m) === va) a = m; else b = m;
    }
    return va ? a : b; // the feasible end
  }
}

/**
 * The launch window against a threat path: over every intercept time at which the threat is inside
 * the envelope, the launch time whose nominal fly-out meets it there (tL = t - T); the earliest and
 * latest of these, each with its intercept. The interceptor is taken to fly its nominal (fastest)
 * profile, so a launch before the earliest would arrive before the threat enters the envelope.
 * Null if the threat never enters the envelope.
 */
export function launchWindow(spec: SurfaceInterceptorSpec, launcher: LaunchSite, path: ThreatPath, options: FireControlOptions): { earliest: InterceptSolution; latest: InterceptSolution } | null {
  const eng = new Engagement(spec, launcher, path, options);
  const ts = eng.samples(path.start);
  const ok = ts.map((t) => eng.feasibleAt(t));
  let best: { lo: number; hi: number } | null = null;
  let loT = NaN, hiT = NaN;
  const consider = (t: number): void => {
    const tL = eng.launchFor(t).tL;
    if (!best) { best = { lo: tL, hi: tL }; loT = t; hiT = t; return; }
    if (tL < best.lo) { best.lo = tL; loT = t; }
    if (tL > best.hi) { best.hi = tL; hiT = t; }
  };
  const feasible = (t: number): boolean => eng.feasibleAt(t);
  for (let i = 0; i < ts.length; i++) {
    if (!ok[i]) continue;
    consider(ts[i]);
    // refine the envelope's entry and exit between samples
    if (i > 0 && !ok[i - 1]) consider(eng.edge(feasible, ts[i], ts[i - 1], true));
    if (i + 1 < ts.length && !ok[i + 1]) consider(eng.edge(feasible, ts[i], ts[i + 1], true));
  }
  if (!best) return null;
  return { earliest: eng.solutionAt(loT), latest: eng.solutionAt(hiT) };
}

/**
 * The intercept of an interceptor launched at tL: the first time t at which its nominal fly-out from
 * the launcher (where it is at tL) meets the threat inside the envelope, g(t) = t - tL - T(p(t)) = 0,
 * located by bisection on the scan's first sign change. Null if none.
 */
export function interceptForLaunch(spec: SurfaceInterceptorSpec, launcher: LaunchSite, path: ThreatPath, launchTime: number, options: FireControlOptions): InterceptSolution | null {
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
      let a = prev.t, b = cur.t;
      while (b - a > ROOT_TOLERANCE) {
        const m = 0.5 * (a + b);
        if (g(m).v < 0) a = m; else b = m;
      }
      // the meeting point must be in the envelope (to within the root tolerance, for launches at the window's edges)
      const t1 = [b, b + 10 * ROOT_TOLERANCE, b - 10 * ROOT_TOLERANCE].find((x) => g(x).ok);
      if (t1 === undefined) { prev = cur; continue; }
      const point = new Float64Array(3), launchPosition = new Float64Array(3);
      path.position(t1, point);
      launchSiteEci(launcher, options.earth, launchTime, launchPosition);
      const f = eng.flyout(launchTime, t1);
      return { launchTime, interceptTime: t1, point, launchPosition, timeOfFlight: f.timeOfFlight, groundRange: f.groundRange, altitude: f.altitude };
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
export function shootLookShoot(spec: SurfaceInterceptorSpec, launcher: LaunchSite, path: ThreatPath, killAssessmentDelay: number, options: FireControlOptions & { firstLaunch?: number }): ShootLookShoot | null {
  const window = launchWindow(spec, launcher, path, options);
  if (!window) return null;
  const first = options.firstLaunch === undefined ? window.earliest : interceptForLaunch(spec, launcher, path, options.firstLaunch, options);
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
