import { ecefToGeodetic, geodeticToEcef } from '../geo/geodetic.ts';
import { earthAngle, type EarthModel } from '../geo/earth-model.ts';
import { toEci } from '../geo/earth-rotation.ts';
import { flyoutKinematics, type FlyoutKinematics, type SurfaceInterceptorSpec } from './surface-interceptor.ts';

/** A threat's predicted path: ECI position at time t on [start, end] (end = predicted impact). */
export interface ThreatPath {
  readonly start: number;
  readonly end: number;
  position(t: number, out: Float64Array | number[]): Float64Array | number[];
}

/** A launcher on the ground or a ship at rest in the water: geodetic latitude, longitude [rad], height [m]. */
export interface LaunchSite {
  latitude: number;
  longitude: number;
  altitude: number;
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

/** Crossings of the envelope are located to this [s]. */
export const ROOT_TOLERANCE = 1e-6;

/** Passes of the launch-time fixed point (see Engagement.launchFor). */
export const LAUNCH_FIXED_POINT_PASSES = 8;

/** The launch that meets the threat at an intercept time: launch time (NaN if none) and the last fly-out computed. */
export interface LaunchFor {
  tL: number;
  f: FlyoutKinematics;
}

/**
 * One engagement geometry: a spec, a launcher and a threat path. Its queries (launchFor, feasibleAt,
 * solutionAt) define fire control's answers; launchFor is remembered per intercept time, so a scan that
 * asks again (the window's extremes, its edges) pays once.
 */
export class Engagement {
  /** Scratch: the threat's position at the time last asked. */
  readonly p = new Float64Array(3);
  private readonly site = new Float64Array(3);
  private readonly geo = new Float64Array(3);
  /** The launcher's Earth-fixed position (it turns into ECI with the Earth angle). */
  readonly siteEcef: Float64Array;
  readonly step: number;
  readonly notBefore: number;
  private readonly launches = new Map<number, LaunchFor>();

  constructor(
    readonly spec: SurfaceInterceptorSpec,
    readonly launcher: LaunchSite,
    readonly path: ThreatPath,
    readonly options: FireControlOptions,
  ) {
    this.step = options.step ?? 1;
    this.notBefore = options.notBefore ?? path.start;
    this.siteEcef = geodeticToEcef(launcher.latitude, launcher.longitude, launcher.altitude, new Float64Array(3)) as Float64Array;
  }

  /** The launcher's ECI position at tL (the same numbers as launchSiteEci). */
  siteAt(tL: number, out: Float64Array = this.site): Float64Array {
    toEci(earthAngle(this.options.earth, tL), this.siteEcef[0], this.siteEcef[1], this.siteEcef[2], out);
    return out;
  }

  /** Moves the scratch threat position to time t and returns its geodetic altitude [m]. */
  threatAt(t: number): number {
    this.path.position(t, this.p);
    return ecefToGeodetic(this.p[0], this.p[1], this.p[2], this.geo)[2];
  }

  /** The fly-out from the launcher, launched at tL, to where the threat is at t. */
  flyout(tL: number, t: number): FlyoutKinematics {
    const altitude = this.threatAt(t);
    return flyoutKinematics(this.spec, this.siteAt(tL), this.p, altitude);
  }

  /** The fly-out launched at tL to the scratch threat position (set by threatAt, whose altitude is given). */
  flyoutToThreat(tL: number, altitude: number): FlyoutKinematics {
    return flyoutKinematics(this.spec, this.siteAt(tL), this.p, altitude);
  }

  /**
   * The launch time whose nominal fly-out meets the threat at t: the fixed point tL = t - T(site(tL), p(t)),
   * iterated from tL = t. The launcher moves at most 465 m/s against fly-out speeds of km/s, so the
   * iteration contracts by ~0.1 per pass; 8 passes leave nothing that matters. NaN if the point is out of reach.
   */
  launchFor(t: number): LaunchFor {
    const known = this.launches.get(t);
    if (known) return known;
    const altitude = this.threatAt(t);
    let tL = t;
    let f = this.flyoutToThreat(tL, altitude);
    for (let i = 0; i < LAUNCH_FIXED_POINT_PASSES && Number.isFinite(f.timeOfFlight); i++) {
      tL = t - f.timeOfFlight;
      f = this.flyoutToThreat(tL, altitude);
    }
    const answer = { tL: Number.isFinite(f.timeOfFlight) ? t - f.timeOfFlight : NaN, f };
    this.launches.set(t, answer);
    return answer;
  }

  /** Is the threat's altitude at t inside the envelope's band? (No launch time changes that.) */
  inAltitudeBand(altitude: number): boolean {
    return !(altitude < this.spec.minInterceptAltitude || altitude > this.spec.maxInterceptAltitude);
  }

  /** Can the threat be met at t (in the envelope, and the launch not before notBefore)? */
  feasibleAt(t: number): boolean {
    // the threat's altitude at t does not depend on the launch time: outside the altitude band no launch
    // can meet it there, so the fixed-point iteration (nine fly-outs) is skipped; the verdict is the same
    if (!this.inAltitudeBand(this.threatAt(t))) return false;
    const { tL, f } = this.launchFor(t);
    return f.reachable && tL >= this.notBefore - ROOT_TOLERANCE;
  }

  solutionAt(t: number): InterceptSolution {
    const { tL, f } = this.launchFor(t);
    const point = new Float64Array(3),
      launchPosition = new Float64Array(3);
    this.path.position(t, point);
    this.siteAt(tL, launchPosition);
    return {
      launchTime: tL,
      interceptTime: t,
      point,
      launchPosition,
      timeOfFlight: f.timeOfFlight,
      groundRange: f.groundRange,
      altitude: f.altitude,
    };
  }

  /** The scan's intercept times from `from` to the path's end, at most `step` apart. */
  samples(from: number): number[] {
    const ts: number[] = [];
    const t0 = Math.max(this.path.start, from);
    const n = Math.max(1, Math.ceil((this.path.end - t0) / this.step));
    for (let i = 0; i <= n; i++) ts.push(t0 + ((this.path.end - t0) * i) / n);
    return ts;
  }

  /** Locates where a boolean changes between a (value va) and b, by bisection to ROOT_TOLERANCE; returns the feasible end. */
  edge(pred: (t: number) => boolean, a: number, b: number, va: boolean): number {
    while (Math.abs(b - a) > ROOT_TOLERANCE) {
      const m = 0.5 * (a + b);
      if (pred(m) === va) a = m;
      else b = m;
    }
    return va ? a : b;
  }
}
