import { chiSquareCdf } from '../tracking/association.ts';
import type { SurfaceInterceptorSpec } from './surface-interceptor.ts';

/**
 * The handover from a track to a kill vehicle: how large a miss the vehicle can divert out (its basket)
 * and the chance that the track's position error at the intercept lies inside it.
 */

/** Radius [m] of the handover basket: the largest miss the kill vehicle can divert out (divert velocity x homing time). Infinity when not modelled. */
export function handoverBasket(spec: Pick<SurfaceInterceptorSpec, 'divertVelocity' | 'homingTime'>): number {
  return spec.homingTime === undefined ? Infinity : spec.divertVelocity * spec.homingTime;
}

/**
 * Trace of a track's position covariance projected tau seconds ahead: tr(P_rr) + 2 tau tr(P_rv) +
 * tau^2 tr(P_vv) (constant-velocity propagation). Used for the commit rule only; the handover of an
 * actual shot propagates the covariance through the ballistic filter (handoverAt, core/engine/estimated-trial.ts).
 */
export function projectedTrace(P: ArrayLike<number>, tau: number): number {
  const t = Math.max(0, tau);
  return P[0] + P[7] + P[14] + 2 * t * (P[3] + P[10] + P[17]) + t * t * (P[21] + P[28] + P[35]);
}

/**
 * Probability that the kill vehicle's handover error lies inside its divert basket: the error taken as
 * an isotropic Gaussian with the per-axis variance of the position covariance's mean eigenvalue
 * (trace / 3), so |e|^2 / sigma^2 is chi-square with 3 degrees of freedom: P = F_chi2,3(D^2 / sigma^2).
 */
export function acquisitionProbability(spec: Pick<SurfaceInterceptorSpec, 'divertVelocity' | 'homingTime'>, positionTrace: number): number {
  return acquisitionWithin(handoverBasket(spec), positionTrace);
}

/**
 * Probability that a position error of covariance trace `positionTrace` [m^2] lies within `basket` [m] (the
 * isotropic Gaussian of acquisitionProbability); the air layer's fighters use it with their missile's shot range.
 */
export function acquisitionWithin(basket: number, positionTrace: number): number {
  if (basket === Infinity) return 1;
  const variance = positionTrace / 3;
  if (!(variance > 0)) return 1;
  return chiSquareCdf((basket * basket) / variance, 3);
}
