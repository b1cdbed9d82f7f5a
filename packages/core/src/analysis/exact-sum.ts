/**
 * Exact, mergeable floating-point sums: a sum is kept as a list of non-overlapping partials whose
 * exact (real-number) total is the sum of every value added, so that adding in any order, or merging
 * partial sums computed by different workers, represents the same real number; `exactValue` rounds it
 * correctly (round-half-even) to one double. This is what makes a campaign's metrics identical whether
 * its trials ran on one worker or on many, in any order.
 *
 * Algorithm: Shewchuk's error-free accumulation of non-overlapping expansions (J. R. Shewchuk,
 * "Adaptive Precision Floating-Point Arithmetic and Fast Robust Geometric Predicates", Discrete &
 * Computational Geometry 18:305–363, 1997), in the form of Python's math.fsum (R. Hettinger's msum
 * recipe, ASPN cookbook 393090), including fsum's final half-even correction.
 *
 * A sum is plain data (number[]), so it crosses worker boundaries by structured clone.
 */
export type ExactSum = number[];

/** Adds x into the partials (in place) and returns them. Finite values only. */
export function exactAdd(partials: ExactSum, x: number): ExactSum {
  if (!Number.isFinite(x)) throw new RangeError(`exactAdd: ${x} is not a finite number`);
  let i = 0;
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j];
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[i++] = lo;
    x = hi;
  }
  partials.length = i;
  if (x !== 0 || i === 0) partials.push(x);
  return partials;
}

/** The exact sum correctly rounded to a double (as Python's math.fsum). */
export function exactValue(partials: ExactSum): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n];
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n];
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  // round half to even across the remaining partials
  if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
    const y = lo * 2;
    const x = hi + y;
    const yr = x - hi;
    if (y === yr) hi = x;
  }
  return hi;
}

/**
 * The canonical partials of a sum: the correctly rounded total, then the correctly rounded remainder,
 * and so on. Two sums of the same real number have identical canonical partials, so merged aggregates
 * compare equal structurally (not just in value), whatever the order they were built in.
 */
export function exactCanonical(partials: ExactSum): ExactSum {
  const work = [...partials];
  const out: number[] = [];
  for (let k = 0; k < 64; k++) {
    const v = exactValue(work);
    if (v === 0) break;
    out.push(v);
    exactAdd(work, -v);
  }
  return out.reverse(); // increasing magnitude, as the accumulator keeps them
}

/** a + b exactly, canonical. */
export function exactMerge(a: ExactSum, b: ExactSum): ExactSum {
  const out = [...a];
  for (const x of b) exactAdd(out, x);
  return exactCanonical(out);
}
