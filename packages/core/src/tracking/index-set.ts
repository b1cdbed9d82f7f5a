/**
 * A fixed set of non-negative integers (world object indices) as a bit array: what a scan covered, kept for
 * a whole trial. A Set per scan held an entry per covered object of every scan (millions in a raid, all
 * walked by each major garbage collection); this holds one bit per index up to the largest, in one typed
 * array. `has` answers as a Set of the same indices would (false for negative, fractional or absent values); indices below 2^31.
 */
const MAX = 2 ** 31;

export class IndexSet {
  private constructor(private readonly bits: Uint32Array) {}

  /** The set of the first n values of indices (each a non-negative integer; throws otherwise). */
  static of(indices: ArrayLike<number>, n = indices.length): IndexSet {
    let max = -1;
    for (let k = 0; k < n; k++) {
      const i = indices[k];
      if (!(Number.isInteger(i) && i >= 0 && i < MAX)) throw new Error(`IndexSet: indices must be integers in [0, 2^31), got ${i}`);
      if (i > max) max = i;
    }
    const bits = new Uint32Array(max >= 0 ? (max >>> 5) + 1 : 0);
    for (let k = 0; k < n; k++) bits[indices[k] >>> 5] |= 1 << (indices[k] & 31);
    return new IndexSet(bits);
  }

  /** Bytes held: one bit per index up to the largest, in 32-bit words. */
  get byteLength(): number {
    return this.bits.byteLength;
  }

  /** Calls visit with each index of the set, ascending. */
  forEach(visit: (i: number) => void): void {
    const bits = this.bits;
    for (let w = 0; w < bits.length; w++) {
      let word = bits[w];
      while (word !== 0) {
        const b = 31 - Math.clz32(word & -word); // the lowest set bit
        visit(w * 32 + b);
        word &= word - 1;
      }
    }
  }

  has(i: number): boolean {
    if (!(Number.isInteger(i) && i >= 0 && i < MAX)) return false;
    const w = i >>> 5;
    return w < this.bits.length && (this.bits[w] & (1 << (i & 31))) !== 0;
  }
}
