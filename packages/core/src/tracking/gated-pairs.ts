import type { RadarNoise, SensorSite, TrackEstimate } from './ekf.ts';
import { normalisedInnovationSquared, predictedRadarMeasurement, type RadarPrediction } from './radar-innovation.ts';

/**
 * The (track, detection) pairs of a scan that pass the chi-square gate, with their d^2, found without
 * testing every pair: the same pairs and the same d^2 as the test of every pair.
 *
 * Why a window finds them all: for a symmetric positive-definite S and any innovation nu, each component
 * obeys nu_k^2 <= (nu^T S^-1 nu) S_kk (Cauchy-Schwarz in the S^-1 inner product; Bar-Shalom, Li &
 * Kirubarajan, 2001, sec. 5.4.2, whose validation ellipsoid it circumscribes by a box). So a look inside
 * the gate d^2 <= G lies within sqrt(G S_kk) of the prediction in every measured coordinate. Detections are
 * sorted once per scan by one coordinate (radar: range; fix: ECI x), each track takes those inside its
 * window by binary search, and only they get the exact test (the very function the test of every pair
 * uses, so d^2 is bit-identical). The window is widened by WINDOW_MARGIN against rounding in d^2; a track
 * whose S is too ill-conditioned for that margin to be safe (CONDITION_LIMIT) tests every detection.
 */
export class GatedPairs {
  /** Row r's pairs are cols/d2 at rowStart[r] .. rowStart[r + 1] - 1, columns ascending. */
  rowStart = new Int32Array(1);
  cols = new Int32Array(0);
  d2 = new Float64Array(0);
  rows = 0;
  private order = new Int32Array(0);
  private keys = new Float64Array(0);
  private scratchCols = new Int32Array(0);
  private scratchD2 = new Float64Array(0);
  private idx = new Int32Array(0);

  /** Starts a scan of rows tracks (rows are then added in order with addRow*). */
  begin(rows: number): void {
    this.rows = 0;
    if (this.rowStart.length < rows + 1) this.rowStart = new Int32Array(rows + 1);
    this.rowStart[0] = 0;
  }

  /** Sorts the detections' window coordinate (key(j)) once per scan. */
  sortKeys(n: number, key: (j: number) => number): void {
    if (this.order.length < n) {
      this.order = new Int32Array(n);
      this.keys = new Float64Array(n);
    }
    const { order, keys } = this;
    for (let j = 0; j < n; j++) order[j] = j;
    const k = new Float64Array(n);
    for (let j = 0; j < n; j++) k[j] = key(j);
    const sorted = Array.from(order.subarray(0, n)).sort((a, b) => k[a] - k[b] || a - b);
    for (let j = 0; j < n; j++) {
      order[j] = sorted[j];
      keys[j] = k[sorted[j]];
    }
  }

  private push(count: number, j: number, q: number): number {
    if (this.scratchCols.length <= count) {
      const cols = new Int32Array(Math.max(16, 2 * count + 2));
      cols.set(this.scratchCols);
      this.scratchCols = cols;
      const d2 = new Float64Array(cols.length);
      d2.set(this.scratchD2);
      this.scratchD2 = d2;
    }
    this.scratchCols[count] = j;
    this.scratchD2[count] = q;
    return count + 1;
  }

  /** Appends the scratch pairs of the row being added (sorted by column) and closes the row. */
  private closeRow(count: number): void {
    const start = this.rowStart[this.rows];
    const end = start + count;
    if (this.cols.length < end) {
      const grow = Math.max(end, 2 * this.cols.length);
      const cols = new Int32Array(grow);
      cols.set(this.cols.subarray(0, start));
      this.cols = cols;
      const d2 = new Float64Array(grow);
      d2.set(this.d2.subarray(0, start));
      this.d2 = d2;
    }
    if (this.idx.length < count) this.idx = new Int32Array(Math.max(count, 2 * this.idx.length));
    const { scratchCols, scratchD2, idx } = this;
    for (let i = 0; i < count; i++) idx[i] = i;
    // insertion sort by column: a row has few pairs
    for (let i = 1; i < count; i++) {
      const v = idx[i];
      let k = i - 1;
      while (k >= 0 && scratchCols[idx[k]] > scratchCols[v]) {
        idx[k + 1] = idx[k];
        k--;
      }
      idx[k + 1] = v;
    }
    for (let i = 0; i < count; i++) {
      this.cols[start + i] = scratchCols[idx[i]];
      this.d2[start + i] = scratchD2[idx[i]];
    }
    this.rows++;
    this.rowStart[this.rows] = end;
  }

  /** Adds a row of known pairs (columns ascending, each d^2 already inside the gate). */
  addPairs(cols: readonly number[], d2: readonly number[]): void {
    let count = 0;
    for (let k = 0; k < cols.length; k++) count = this.push(count, cols[k], d2[k]);
    this.closeRow(count);
  }

  /** The first sorted position whose key is >= x. */
  private lowerBound(n: number, x: number): number {
    let lo = 0,
      hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Adds a track's row for a radar scan (sortKeys by range first): the detections whose d^2 against the
   * prediction (predictedRadarMeasurement into `prediction`) is at most gate.
   */
  addRadarRow(
    track: TrackEstimate,
    site: SensorSite,
    noise: RadarNoise,
    prediction: RadarPrediction,
    detections: readonly ArrayLike<number>[],
    gate: number,
  ): void {
    predictedRadarMeasurement(track, site, noise, prediction);
    const n = detections.length;
    let count = 0;
    if (!Number.isNaN(prediction.logDetS)) {
      const S = prediction.S;
      if (scaledConditionBound(S) <= CONDITION_LIMIT) {
        const w = Math.sqrt(gate * S[0]) * WINDOW_MARGIN;
        const z0 = prediction.z[0];
        for (let s = this.lowerBound(n, z0 - w); s < n && this.keys[s] <= z0 + w; s++) {
          const j = this.order[s];
          const q = normalisedInnovationSquared(prediction, detections[j]);
          if (q <= gate) count = this.push(count, j, q);
        }
      } else {
        for (let j = 0; j < n; j++) {
          const q = normalisedInnovationSquared(prediction, detections[j]);
          if (q <= gate) count = this.push(count, j, q);
        }
      }
    }
    this.closeRow(count);
  }

  /**
   * Adds a track's row for a scan of 3-D fixes (sortKeys by ECI x first): the fixes whose d^2
   * (fixInnovationSquared, passed in as d2Of) is at most gate. maxC0 is the largest xx covariance of the
   * scan's fixes; `conditionOk` whether the windowed search is safe for this track (fixWindowSafe).
   */
  addFixRow(
    track: TrackEstimate,
    fixes: readonly { position: Float64Array; covariance: Float64Array }[],
    gate: number,
    maxC0: number,
    conditionOk: boolean,
    d2Of: (track: TrackEstimate, fix: { position: Float64Array; covariance: Float64Array }) => number,
  ): void {
    const n = fixes.length;
    let count = 0;
    if (conditionOk) {
      const w = Math.sqrt(gate * (track.P[0] + maxC0)) * WINDOW_MARGIN;
      const x0 = track.x[0];
      for (let s = this.lowerBound(n, x0 - w); s < n && this.keys[s] <= x0 + w; s++) {
        const j = this.order[s];
        const q = d2Of(track, fixes[j]);
        if (q <= gate) count = this.push(count, j, q);
      }
    } else {
      for (let j = 0; j < n; j++) {
        const q = d2Of(track, fixes[j]);
        if (q <= gate) count = this.push(count, j, q);
      }
    }
    this.closeRow(count);
  }
}

/** Widening of a gate window against rounding in d^2 (whose relative error is ~1e-8 at CONDITION_LIMIT). */
export const WINDOW_MARGIN = 1.001;

/** Largest condition number (of S scaled to a unit diagonal, or of S itself for fixes) for which a windowed search is used. */
export const CONDITION_LIMIT = 1e8;

/**
 * A bound on the condition number of a symmetric positive-definite 3 x 3 S scaled to a unit diagonal:
 * with d = det(S) / (S_00 S_11 S_22) (the scaled determinant, in (0, 1]), the scaled trace is 3, so
 * lambda_max <= 3 and lambda_min >= d / lambda_max^2: the condition number is at most 27 / d.
 * Infinity when S is not positive definite.
 */
export function scaledConditionBound(S: ArrayLike<number>): number {
  const a = S[0],
    b = S[1],
    c = S[2],
    d = S[4],
    e = S[5],
    f = S[8];
  const det = a * (d * f - e * e) + b * (c * e - b * f) + c * (b * e - c * d);
  const scaled = det / (a * d * f);
  return scaled > 0 ? 27 / scaled : Infinity;
}

/**
 * Whether a windowed search over a scan's fixes is safe for a track: every fix covariance C_j diagonal
 * (so P_rr + diag(min c) <= S_j <= P_rr + diag(max c)), and the condition number of every S_j bounded by
 * CONDITION_LIMIT (lambda_max <= trace(S_max), lambda_min >= det(S_min) / trace(S_min)^2).
 */
export function fixWindowSafe(P: ArrayLike<number>, minC: ArrayLike<number>, maxC: ArrayLike<number>): boolean {
  const a = P[0] + minC[0],
    b = P[1],
    c = P[2],
    d = P[7] + minC[1],
    e = P[8],
    f = P[14] + minC[2];
  const det = a * (d * f - e * e) + b * (c * e - b * f) + c * (b * e - c * d);
  const trMin = a + d + f;
  const trMax = P[0] + P[7] + P[14] + maxC[0] + maxC[1] + maxC[2];
  return det > 0 && trMax * trMin * trMin <= CONDITION_LIMIT * det;
}
