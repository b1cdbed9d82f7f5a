import { invertSpd, type TrackEstimate } from './ekf.ts';

/** What covariance intersection minimises when it chooses its weight. */
export type CiCriterion = 'determinant' | 'position-trace';

export interface FusedTrack extends TrackEstimate {
  /** Weight of the first input in covariance intersection (absent for information fusion). */
  omega?: number;
}

const TIME_TOLERANCE = 1e-6; // s

function checkSameTime(a: TrackEstimate, b: TrackEstimate): void {
  if (Math.abs(a.t - b.t) > TIME_TOLERANCE) {
    throw new Error(`fusion: tracks are at different times (${a.t} s and ${b.t} s); predict both to a common time first`);
  }
}

function inverseOf(P: ArrayLike<number>, what: string): Float64Array {
  const out = new Float64Array(36);
  if (Number.isNaN(invertSpd(P, 6, out))) throw new Error(`fusion: the ${what} track's covariance is not positive definite`);
  return out;
}

/**
 * Covariance intersection of two estimates of the same state whose errors are correlated by an
 * unknown amount (Julier & Uhlmann, "A non-divergent estimation algorithm in the presence of unknown
 * correlations", Proc. American Control Conference, 1997):
 *   P^-1 = w Pa^-1 + (1 - w) Pb^-1,  x = P (w Pa^-1 xa + (1 - w) Pb^-1 xb),  w in [0, 1].
 * The result is consistent whatever the cross-correlation (it never claims more than the data can
 * support; fusing a track with itself gives it back). w minimises det P (the default, unit-free, as
 * Julier & Uhlmann suggest) or the trace of the position block, by golden-section search on [0, 1]
 * (log det P is convex in w) with the end points also tried, so the chosen criterion is never worse
 * than the better input's. Both tracks must be at the same time.
 */
export function fuseCovarianceIntersection(a: TrackEstimate, b: TrackEstimate, criterion: CiCriterion = 'determinant'): FusedTrack {
  checkSameTime(a, b);
  const Ai = inverseOf(a.P, 'first');
  const Bi = inverseOf(b.P, 'second');
  const M = new Float64Array(36);
  const P = new Float64Array(36);
  const cost = (w: number): number => {
    for (let i = 0; i < 36; i++) M[i] = w * Ai[i] + (1 - w) * Bi[i];
    const logDetM = invertSpd(M, 6, P);
    if (Number.isNaN(logDetM)) return Infinity;
    return criterion === 'determinant' ? -logDetM : P[0] + P[7] + P[14];
  };
  // golden-section search (Press et al., Numerical Recipes, 3rd ed., sec. 10.2)
  const g = (Math.sqrt(5) - 1) / 2;
  let lo = 0,
    hi = 1;
  let c = hi - g * (hi - lo),
    d = lo + g * (hi - lo);
  let fc = cost(c),
    fd = cost(d);
  for (let it = 0; it < 60 && hi - lo > 1e-9; it++) {
    if (fc < fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - g * (hi - lo);
      fc = cost(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + g * (hi - lo);
      fd = cost(d);
    }
  }
  let w = (lo + hi) / 2;
  let best = cost(w);
  for (const end of [0, 1]) {
    const f = cost(end);
    if (f < best) {
      best = f;
      w = end;
    }
  }
  if (w === 1) return { t: a.t, x: Float64Array.from(a.x), P: Float64Array.from(a.P), omega: 1 };
  if (w === 0) return { t: a.t, x: Float64Array.from(b.x), P: Float64Array.from(b.P), omega: 0 };
  return combine(a, b, Ai, Bi, w, 1 - w, w);
}

/**
 * Information-form fusion of two estimates whose errors are independent: P^-1 = Pa^-1 + Pb^-1,
 * x = P (Pa^-1 xa + Pb^-1 xb) (the information filter's update with the other track as the measurement;
 * Bar-Shalom & Campo, IEEE Trans. AES 22(6), 1986, give the cross-covariance this drops). Assumption: the two
 * tracks share no measurements, no common initialisation and no common process noise - true for
 * two sensors' own tracks of a noise-free ballistic object, false for two tracks that already
 * contain each other's data (then it overstates confidence; use covariance intersection).
 */
export function fuseIndependent(a: TrackEstimate, b: TrackEstimate): FusedTrack {
  checkSameTime(a, b);
  return combine(a, b, inverseOf(a.P, 'first'), inverseOf(b.P, 'second'), 1, 1);
}

function combine(
  a: TrackEstimate,
  b: TrackEstimate,
  Ai: Float64Array,
  Bi: Float64Array,
  wa: number,
  wb: number,
  omega?: number,
): FusedTrack {
  const M = new Float64Array(36);
  for (let i = 0; i < 36; i++) M[i] = wa * Ai[i] + wb * Bi[i];
  const P = new Float64Array(36);
  if (Number.isNaN(invertSpd(M, 6, P))) throw new Error('fusion: the fused information matrix is not positive definite');
  const info = new Float64Array(6);
  for (let i = 0; i < 6; i++) {
    let s = 0;
    for (let k = 0; k < 6; k++) s += wa * Ai[6 * i + k] * a.x[k] + wb * Bi[6 * i + k] * b.x[k];
    info[i] = s;
  }
  const x = new Float64Array(6);
  for (let i = 0; i < 6; i++) {
    let s = 0;
    for (let k = 0; k < 6; k++) s += P[6 * i + k] * info[k];
    x[i] = s;
  }
  return omega === undefined ? { t: a.t, x, P } : { t: a.t, x, P, omega };
}

/**
 * Fuses any number of same-time tracks of one object into a system track, pairwise in order:
 * 'ci' (covariance intersection, safe under unknown correlation; sequential CI stays consistent,
 * though it is not the batch optimum) or 'independent' (information form; exact when independent).
 */
export function fuseTracks(
  tracks: readonly TrackEstimate[],
  method: 'ci' | 'independent' = 'ci',
  criterion: CiCriterion = 'determinant',
): FusedTrack {
  if (tracks.length === 0) throw new Error('fusion: no tracks to fuse');
  let fused: FusedTrack = { t: tracks[0].t, x: Float64Array.from(tracks[0].x), P: Float64Array.from(tracks[0].P) };
  for (let i = 1; i < tracks.length; i++) {
    fused = method === 'ci' ? fuseCovarianceIntersection(fused, tracks[i], criterion) : fuseIndependent(fused, tracks[i]);
  }
  return fused;
}

/**
 * Track quality: the RMS 3-D position error the track claims, sqrt(trace P_rr) [m] - the square root
 * of the expected squared miss distance, and never less than the worst single axis's 1-sigma error.
 */
export function positionSigma(track: TrackEstimate): number {
  const s = track.P[0] + track.P[7] + track.P[14];
  return s >= 0 ? Math.sqrt(s) : NaN;
}

/** Fire control's test: the track is good enough to commit an interceptor when its position sigma is at most thresholdMeters. */
export function canCommit(track: TrackEstimate, thresholdMeters: number): boolean {
  const s = positionSigma(track);
  return Number.isFinite(s) && s <= thresholdMeters;
}
