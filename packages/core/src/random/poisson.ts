/**
 * A Poisson deviate of mean `mean` from a uniform generator on [0, 1): Knuth's product of uniforms
 * (The Art of Computer Programming, vol. 2, 3rd ed., sec. 3.4.1 F: the count of uniforms whose running
 * product stays above e^-mean), applied to pieces of mean at most POISSON_PIECE, whose counts add up (a
 * sum of independent Poisson variables is Poisson of the summed mean). Exact; work grows with the mean
 * (one uniform per event plus one per piece), which suits the small means it is drawn for here.
 */
export function poisson(mean: number, uniform: () => number): number {
  if (!(mean >= 0 && Number.isFinite(mean))) throw new RangeError(`a Poisson mean must be finite and >= 0 (got ${mean})`);
  let n = 0;
  for (let left = mean; left > 0; left -= POISSON_PIECE) {
    const limit = Math.exp(-Math.min(left, POISSON_PIECE));
    let p = uniform();
    while (p > limit) {
      n++;
      p *= uniform();
    }
  }
  return n;
}

/** The largest mean drawn by one product (e^-16 = 1.1e-7 stays far above the uniforms' 2^-32 resolution). */
const POISSON_PIECE = 16;
