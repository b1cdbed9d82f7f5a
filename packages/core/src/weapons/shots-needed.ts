/**
 * Interceptors to fire at one target for a wanted kill probability when each has single-shot kill
 * probability pk and shots are independent: 1 - (1 - pk)^k >= P, so k = ceil(ln(1 - P) / ln(1 - pk)).
 */
export function shotsNeeded(singleShotPk: number, wanted: number): number {
  if (!(singleShotPk > 0 && singleShotPk <= 1)) throw new RangeError(`single-shot kill probability must be in (0, 1], got ${singleShotPk}`);
  if (!(wanted > 0 && wanted < 1)) throw new RangeError(`the wanted kill probability must be in (0, 1), got ${wanted}`);
  if (singleShotPk === 1) return 1;
  // the small epsilon keeps exact cases (pk 0.5, P 0.75 -> 2) from rounding up to 3
  return Math.max(1, Math.ceil(Math.log(1 - wanted) / Math.log(1 - singleShotPk) - 1e-9));
}

/** The kill probability k independent shots achieve. */
export function killProbability(singleShotPk: number, shots: number): number {
  return 1 - (1 - singleShotPk) ** shots;
}
