import type { TrackerSettings } from '../engine/world.ts';
import type { RadarNoise, SensorSite } from './ekf.ts';
import type { TrackFilter } from './floor-handover.ts';
import { createKalmanScratch, iteratedRadarUpdate, positionFixUpdate } from './kalman-update.ts';

/**
 * The air tracks' filter (issue 15): a nearly-constant-velocity Kalman filter for aircraft and cruise
 * missiles, state [x, y, z, vx, vy, vz] (m, m/s) in the frame its measurements come in (the engine gives
 * ECI, as the ballistic tracker's). The motion model is the continuous white-noise acceleration model
 * (Bar-Shalom, Li & Kirubarajan, Estimation with Applications to Tracking and Navigation, 2001, sec. 6.2.2):
 * per axis F = [[1, T], [0, 1]], Q = q [[T^3/3, T^2/2], [T^2/2, T]], q the acceleration's power spectral
 * density. What the model leaves out, as process noise: the curvature of level flight over the Earth
 * (v^2 / R ~ 0.01 m/s^2 at 250 m/s) and, in ECI, the Earth's rotation carrying the aircraft (omega^2 R cos(lat)
 * <= 0.034 m/s^2), both far below the manoeuvres q stands for.
 *
 * It is a TrackFilter, so the ballistic tracker's association (gating, GNN, two-fix initiation, M-of-N:
 * association.ts) and its measurement updates (kalman-update.ts: the iterated radar update, the position
 * fix) run it unchanged; NationTracker builds it through its `createFilter` option.
 */
export class ConstantVelocityFilter implements TrackFilter {
  t = 0;
  readonly x = new Float64Array(6);
  readonly P = new Float64Array(36);
  private readonly scratch = createKalmanScratch(6);

  /** q: the white acceleration's power spectral density [m^2/s^3]; radarIterations: Gauss-Newton steps of the radar update. */
  constructor(
    readonly q: number,
    private readonly radarIterations = 2,
  ) {}

  initialise(t: number, x: ArrayLike<number>, P: ArrayLike<number>): this {
    this.t = t;
    this.x.set(x);
    this.P.set(P);
    return this;
  }

  /**
   * Two-point differencing (Bar-Shalom et al. 2001, sec. 5.5.3): the position of the second fix, the
   * velocity (p2 - p1) / T, with P_rr = R2, P_rv = R2 / T, P_vv = (R1 + R2) / T^2 (no process noise between
   * the fixes: the least-squares line through two points).
   */
  initialiseFromFixes(
    t1: number,
    p1: ArrayLike<number>,
    R1: ArrayLike<number>,
    t2: number,
    p2: ArrayLike<number>,
    R2: ArrayLike<number>,
  ): this {
    const T = t2 - t1;
    if (!(T > 0)) throw new Error(`ConstantVelocityFilter: fixes must be in time order (got ${t1} then ${t2})`);
    this.t = t2;
    this.P.fill(0);
    for (let i = 0; i < 3; i++) {
      this.x[i] = p2[i];
      this.x[3 + i] = (p2[i] - p1[i]) / T;
      for (let j = 0; j < 3; j++) {
        this.P[6 * i + j] = R2[3 * i + j];
        this.P[6 * i + 3 + j] = R2[3 * i + j] / T;
        this.P[6 * (3 + i) + j] = R2[3 * i + j] / T;
        this.P[6 * (3 + i) + 3 + j] = (R1[3 * i + j] + R2[3 * i + j]) / (T * T);
      }
    }
    return this;
  }

  /** Propagates to time t (forward or not at all): x = F x, P = F P F^T + Q. */
  predict(t: number): this {
    const T = t - this.t;
    if (T === 0) return this;
    const { x, P, q } = this;
    for (let i = 0; i < 3; i++) x[i] += T * x[3 + i];
    // P = F P F^T with F = [[I, T I], [0, I]]: blocks rr += T (rv + vr) + T^2 vv, rv += T vv, vr += T vv
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const rv = P[6 * i + 3 + j],
          vr = P[6 * (3 + i) + j],
          vv = P[6 * (3 + i) + 3 + j];
        P[6 * i + j] += T * (rv + vr) + T * T * vv;
        P[6 * i + 3 + j] = rv + T * vv;
        P[6 * (3 + i) + j] = vr + T * vv;
      }
    }
    const a = Math.abs(T);
    for (let i = 0; i < 3; i++) {
      P[6 * i + i] += (q * a * a * a) / 3;
      P[6 * i + 3 + i] += (q * T * T) / 2;
      P[6 * (3 + i) + i] += (q * T * T) / 2;
      P[6 * (3 + i) + 3 + i] += q * a;
    }
    this.t = t;
    return this;
  }

  /** Radar look z = [range, azimuth, elevation] from a site in the state's frame (iterated EKF update); returns the NIS (3 dof). */
  updateRadar(site: SensorSite, z: ArrayLike<number>, noise: RadarNoise): number {
    return iteratedRadarUpdate(this.x, this.P, this.scratch, site, z, noise, this.radarIterations);
  }

  /** 3-D position fix z with covariance R (3 x 3 row-major); returns the NIS (3 dof). */
  updatePosition(z: ArrayLike<number>, R: ArrayLike<number>): number {
    return positionFixUpdate(this.x, this.P, this.scratch, z, R);
  }
}

/**
 * The air tracker's settings (model choices, labelled; docs/northern-approaches.md, "Air tracks"):
 * - accelerationPsd q = 4 m^2/s^3: velocity changes of ~sqrt(q T) = 11 m/s over a 30 s OTH revisit and 6 m/s
 *   over a 10 s AEW revisit, the "nearly constant velocity" of cruising flight (Bar-Shalom et al. 2001,
 *   sec. 6.2.2: sqrt(q T) of the order of the velocity change over a step); turns at waypoints are larger
 *   and are what the gate's misses and re-initiation absorb.
 * - confirmation 3 hits of the last 6 covering scans, deletion after 12 consecutive misses: an OTH radar's
 *   per-look Pd is 0.2-0.5 in the catalog (night and auroral factors), so the ballistic tracker's 3 of 4 and
 *   6 misses would rarely confirm and would drop an OTH track within minutes.
 * - two-fix initiation's speed gate 0-3,000 m/s (the library's fastest air-breather is the Zircon stand-in,
 *   2,400 m/s).
 */
export const AIR_TRACKER = Object.freeze({
  accelerationPsd: 4,
  confirmHits: 3,
  confirmWindow: 6,
  maxMisses: 12,
  maxSpeed: 3000,
});

/** The air tracker's settings over a world's tracker settings (no labels, no drag cue, the air tracker's figures). */
export function airTrackerSettings(settings: TrackerSettings): TrackerSettings {
  return {
    ...settings,
    accelerationPsd: AIR_TRACKER.accelerationPsd,
    confirmHits: AIR_TRACKER.confirmHits,
    confirmWindow: AIR_TRACKER.confirmWindow,
    maxMisses: AIR_TRACKER.maxMisses,
    dragCue: null,
  };
}
