/**
 * 95 % confidence intervals for Monte Carlo estimates.
 *
 * - A probability estimated from x successes in n independent trials: the Wilson score interval
 *   (E. B. Wilson, "Probable inference, the law of succession, and statistical inference", Journal of
 *   the American Statistical Association 22(158):209–212, 1927), recommended over the Wald interval
 *   p ± z sqrt(p(1-p)/n) — which collapses to a point at 0 or n successes, exactly the interesting
 *   case for "probability of zero leakers" — by L. D. Brown, T. T. Cai and A. DasGupta, "Interval
 *   Estimation for a Binomial Proportion", Statistical Science 16(2):101–133, 2001.
 *       centre = (p + z²/2n) / (1 + z²/n),  half-width = z / (1 + z²/n) · sqrt(p(1-p)/n + z²/4n²)
 * - A mean of n independent trials: the normal (large-sample, central limit) interval
 *   mean ± z s / sqrt(n), with s the sample standard deviation (divisor n - 1): NIST/SEMATECH
 *   e-Handbook of Statistical Methods, §7.2.2.1 "Confidence limits for the mean"
 *   (https://www.itl.nist.gov/div898/handbook/prc/section2/prc221.htm), with z in place of Student's t
 *   (campaigns run hundreds of trials or more, where the two differ by < 1 %; with a few tens of
 *   trials the interval is somewhat too narrow).
 */

/** The standard normal quantile for a two-sided 95 % interval: Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

export interface ProportionEstimate {
  successes: number;
  n: number;
  /** x / n (NaN when n = 0). */
  p: number;
  /** Wilson score interval. */
  ci: [number, number];
}

/** The Wilson score interval for x successes in n trials (z defaults to the 95 % quantile). */
export function wilsonInterval(successes: number, n: number, z = Z95): ProportionEstimate {
  if (!(n >= 0) || !(successes >= 0) || successes > n)
    throw new RangeError(`wilsonInterval: need 0 <= successes <= n, got ${successes} of ${n}`);
  if (n === 0) return { successes, n, p: NaN, ci: [0, 1] };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // at 0 and n the interval touches the bound exactly (rounding could leave 1e-17)
  const lo = successes === 0 ? 0 : Math.max(0, centre - half);
  const hi = successes === n ? 1 : Math.min(1, centre + half);
  return { successes, n, p, ci: [lo, hi] };
}

export interface MeanEstimate {
  n: number;
  mean: number;
  /** Sample standard deviation (divisor n - 1; 0 when n < 2). */
  sd: number;
  /** mean ± z sd / sqrt(n); the point itself when n < 2. */
  ci: [number, number];
  /** z sd / sqrt(n). */
  halfWidth: number;
  min: number;
  max: number;
}

/** The normal interval for a mean, from the count, the sum and the sum of squares of the values. */
export function meanInterval(n: number, sum: number, sumSq: number, min: number, max: number, z = Z95): MeanEstimate {
  if (n === 0) return { n, mean: NaN, sd: NaN, ci: [NaN, NaN], halfWidth: NaN, min: NaN, max: NaN };
  const mean = sum / n;
  // (sumSq - sum²/n) / (n - 1), clamped: rounding may take a zero variance slightly negative
  const variance = n > 1 ? Math.max(0, (sumSq - sum * mean) / (n - 1)) : 0;
  const sd = Math.sqrt(variance);
  const halfWidth = n > 1 ? (z * sd) / Math.sqrt(n) : 0;
  return { n, mean, sd, ci: [mean - halfWidth, mean + halfWidth], halfWidth, min, max };
}
