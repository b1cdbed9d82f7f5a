import type { TrackSnapshot } from './nation-tracker.ts';

/** Numbers per snapshot: t, knownAt, x (6), P (36), object, logOdds. */
const STRIDE = 46;

/**
 * A confirmed track's updates, packed in one growing Float64Array (t, knownAt, x, P, object, logOdds per
 * update) instead of an object and two arrays per update: a raid's tracks take millions of updates, and
 * that many small objects kept to the end of a trial made the garbage collector the largest cost. Reads
 * give TrackSnapshot copies with the same numbers.
 */
export class SnapshotLog implements Iterable<TrackSnapshot> {
  private data = new Float64Array(0);
  /** The re-entry filter's state of the updates made below the tracker's floor (few: kept apart). */
  private readonly reentry = new Map<number, { x: Float64Array; P: Float64Array }>();
  length = 0;

  push(
    t: number,
    knownAt: number,
    x: ArrayLike<number>,
    P: ArrayLike<number>,
    object: number,
    logOdds: number,
    reentry?: { x: Float64Array; P: Float64Array },
  ): void {
    if (reentry) this.reentry.set(this.length, reentry);
    const o = this.length * STRIDE;
    if (this.data.length < o + STRIDE) {
      const grown = new Float64Array(Math.max(4 * STRIDE, 2 * this.data.length));
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    d[o] = t;
    d[o + 1] = knownAt;
    for (let i = 0; i < 6; i++) d[o + 2 + i] = x[i];
    for (let i = 0; i < 36; i++) d[o + 8 + i] = P[i];
    d[o + 44] = object;
    d[o + 45] = logOdds;
    this.length++;
  }

  /** The i-th update (negative i counts from the end), or undefined. */
  at(i: number): TrackSnapshot | undefined {
    const k = i < 0 ? this.length + i : i;
    if (!(k >= 0 && k < this.length)) return undefined;
    const o = k * STRIDE,
      d = this.data;
    const reentry = this.reentry.get(k);
    return {
      t: d[o],
      knownAt: d[o + 1],
      x: d.slice(o + 2, o + 8),
      P: d.slice(o + 8, o + 44),
      object: d[o + 44],
      logOdds: d[o + 45],
      ...(reentry ? { reentry } : {}),
    };
  }

  /** When the i-th update was held [s]. */
  knownAt(i: number): number {
    return this.data[i * STRIDE + 1];
  }

  /** The last update (in update order) held by time t (knownAt <= t + 1e-9), or undefined. */
  latestKnownBy(t: number): TrackSnapshot | undefined {
    let best = -1;
    for (let k = 0; k < this.length; k++) if (this.data[k * STRIDE + 1] <= t + 1e-9) best = k;
    return best < 0 ? undefined : this.at(best);
  }

  *[Symbol.iterator](): Iterator<TrackSnapshot> {
    for (let k = 0; k < this.length; k++) yield this.at(k) as TrackSnapshot;
  }
}
