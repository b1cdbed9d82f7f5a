import { ecefToGeodetic } from '../geo/geodetic.ts';
import { BallisticEkf, type BallisticEkfOptions, type RadarNoise, type SensorSite, type TrackEstimate } from './ekf.ts';
import { ReentryEkf, type ReentryEkfOptions } from './reentry-ekf.ts';

/** What a track manager needs of a track's filter (BallisticEkf is one; FloorHandoverFilter another). */
export interface TrackFilter extends TrackEstimate {
  initialiseFromFixes(
    t1: number,
    p1: ArrayLike<number>,
    R1: ArrayLike<number>,
    t2: number,
    p2: ArrayLike<number>,
    R2: ArrayLike<number>,
  ): this;
  predict(t: number): this;
  updateRadar(site: SensorSite, z: ArrayLike<number>, noise: RadarNoise): number;
  updatePosition(z: ArrayLike<number>, R: ArrayLike<number>): number;
  /** The full re-entry state [r, v, ln beta] and its 7 x 7 covariance, once the filter carries one; else null. */
  reentryState?(): { x: Float64Array; P: Float64Array } | null;
}

/**
 * The prior on ln beta (beta in kg/m^2) a track gets when it crosses the floor or starts below it.
 * Model choice: median 550 kg/m^2, the geometric middle of the catalog's balloon decoys (50) and
 * re-entry vehicles (6,000), with a one-sigma of 1.5 in ln beta (95 % between 30 and 10,000 kg/m^2):
 * wide enough for both kinds and for heavy replicas between them, so the filter learns beta from the air.
 */
export const REENTRY_BETA_PRIOR: Readonly<{ lnBeta: number; lnSigma: number }> = Object.freeze({ lnBeta: Math.log(550), lnSigma: 1.5 });

export interface FloorHandoverOptions {
  ballistic: BallisticEkfOptions;
  reentry: ReentryEkfOptions;
  /** Below this geodetic altitude [m] the track runs the re-entry filter (the tracker's floor, 100 km by default). */
  floorAltitude: number;
  /** The ln beta prior at handover (default REENTRY_BETA_PRIOR). */
  prior?: { lnBeta: number; lnSigma: number };
}

/**
 * A track's filter across the floor: the ballistic EKF above it (exo-atmospheric: no drag, six states)
 * and the re-entry EKF below it (drag with an estimated ballistic coefficient). A prediction that would
 * end below the floor is redone from the track's last state by the re-entry filter, handed the ballistic
 * state and covariance with the ln beta prior (ReentryEkf.handOver); a track started from two fixes
 * below the floor starts in the re-entry filter. Once below, it stays there (the re-entry model holds
 * above the floor too: the air only thins). Above the floor it is the ballistic EKF exactly, so tracks
 * that never descend are unchanged.
 */
export class FloorHandoverFilter implements TrackFilter {
  private readonly exo: BallisticEkf;
  private endo: ReentryEkf | null = null;
  private readonly saved = new Float64Array(42);
  private readonly geo = new Float64Array(3);
  private readonly prior: { lnBeta: number; lnSigma: number };

  constructor(readonly options: FloorHandoverOptions) {
    this.exo = new BallisticEkf(options.ballistic);
    this.prior = options.prior ?? REENTRY_BETA_PRIOR;
  }

  private get current(): TrackEstimate {
    return this.endo ?? this.exo;
  }
  get t(): number {
    return this.current.t;
  }
  get x(): Float64Array {
    return this.current.x;
  }
  get P(): Float64Array {
    return this.current.P;
  }

  /** Whether the track now runs the re-entry filter. */
  get reentering(): boolean {
    return this.endo !== null;
  }

  private below(x: ArrayLike<number>): boolean {
    return ecefToGeodetic(x[0], x[1], x[2], this.geo)[2] < this.options.floorAltitude;
  }

  /** Sets a kinematic estimate [r, v] (the re-entry filter, with the prior on beta, when it is below the floor). */
  initialise(t: number, x: ArrayLike<number>, P: ArrayLike<number>): this {
    this.endo = null;
    this.exo.initialise(t, x, P);
    if (this.below(x)) this.endo = new ReentryEkf(this.options.reentry).handOver(t, x, P, this.prior.lnBeta, this.prior.lnSigma);
    return this;
  }

  /** Sets a full re-entry estimate [r, v, ln beta] with its 7 x 7 covariance. */
  initialiseReentry(t: number, state: ArrayLike<number>, covariance: ArrayLike<number>): this {
    this.endo = new ReentryEkf(this.options.reentry).initialise(t, state, covariance);
    return this;
  }

  initialiseFromFixes(
    t1: number,
    p1: ArrayLike<number>,
    R1: ArrayLike<number>,
    t2: number,
    p2: ArrayLike<number>,
    R2: ArrayLike<number>,
  ): this {
    this.endo = null;
    if (this.below(p2))
      this.endo = new ReentryEkf(this.options.reentry).initialiseFromFixes(t1, p1, R1, t2, p2, R2, this.prior.lnBeta, this.prior.lnSigma);
    else this.exo.initialiseFromFixes(t1, p1, R1, t2, p2, R2);
    return this;
  }

  predict(t: number): this {
    if (this.endo) {
      this.endo.predict(t);
      return this;
    }
    const t0 = this.exo.t;
    this.saved.set(this.exo.x, 0);
    this.saved.set(this.exo.P, 6);
    this.exo.predict(t);
    if (this.below(this.exo.x)) {
      // the flight crosses the floor before t: the re-entry filter takes the track from its last state
      this.endo = new ReentryEkf(this.options.reentry).handOver(
        t0,
        this.saved.subarray(0, 6),
        this.saved.subarray(6),
        this.prior.lnBeta,
        this.prior.lnSigma,
      );
      this.endo.predict(t);
    }
    return this;
  }

  updateRadar(site: SensorSite, z: ArrayLike<number>, noise: RadarNoise): number {
    return this.endo ? this.endo.updateRadar(site, z, noise) : this.exo.updateRadar(site, z, noise);
  }

  updatePosition(z: ArrayLike<number>, R: ArrayLike<number>): number {
    return this.endo ? this.endo.updatePosition(z, R) : this.exo.updatePosition(z, R);
  }

  reentryState(): { x: Float64Array; P: Float64Array } | null {
    return this.endo ? { x: this.endo.state.slice(), P: this.endo.covariance.slice() } : null;
  }
}
