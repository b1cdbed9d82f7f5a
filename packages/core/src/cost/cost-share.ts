/**
 * Fair shares of a coalition's cost: a total split between nations in proportion to a weight per
 * nation, under the published burden-sharing rules a study compares (share of GDP, of population, of
 * the population the defense keeps safe, of the value of the assets each contributes).
 *
 * Exact sums: the total is split in whole units (dollars by default) by the largest-remainder
 * (Hamilton) method, so the shares are whole units that add up to the total exactly, under every rule
 * and whatever the weights; each share differs from the exact proportional share by less than one
 * unit. Ties in the remainders go to nations in code order, so the split is deterministic.
 * (Largest remainder: M. L. Balinski and H. P. Young, "Fair Representation", 2nd ed., Brookings 2001, ch. 2.)
 *
 * Pure: no I/O.
 */

/** The burden-sharing rules, each a weight per nation. */
export const COST_SHARE_RULES = ['gdp', 'population', 'defended-population', 'contributed-assets'] as const;
export type CostShareRule = (typeof COST_SHARE_RULES)[number];

export const COST_SHARE_RULE_LABELS: Readonly<Record<CostShareRule, string>> = {
  gdp: 'share of GDP',
  population: 'share of population',
  'defended-population': 'share of defended population',
  'contributed-assets': 'value of contributed assets',
};

/** Where each rule comes from (the principle a negotiator would cite). */
export const COST_SHARE_RULE_BASIS: Readonly<Record<CostShareRule, string>> = {
  gdp: "ability to pay: NATO's common budgets are shared by 'an agreed cost-sharing formula based on relative Gross National Income' (NATO, Funding NATO, https://www.nato.int/cps/en/natohq/126248.htm); GDP stands in for GNI here",
  population: 'equal burden per inhabitant: each nation pays in proportion to its population (a per-capita rule)',
  'defended-population':
    "benefit principle: each ally pays in proportion to the benefit it receives (M. Olson and R. Zeckhauser, 'An Economic Theory of Alliances', Review of Economics and Statistics 48(3):266-279, 1966); benefit measured here as expected population kept safe",
  'contributed-assets':
    "contributions in kind: NATO members' largest contributions are the forces and capabilities they provide (NATO, Funding NATO, https://www.nato.int/cps/en/natohq/126248.htm); each nation's share is the value of what it brings",
};

/** A split that cannot be made, with the reason. */
export class CostShareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CostShareError';
  }
}

/** Whole units of `total / unit` that can be counted exactly in a double. */
const MAX_UNITS = 2 ** 52;

/**
 * Splits `total` (>= 0) between the nations of `weights` (each >= 0, not all 0) in proportion to the
 * weights, in whole multiples of `unit` (a whole number, e.g. 1 dollar or 1e6 for millions); the parts
 * add up exactly to `total` rounded to a whole `unit`.
 */
export function splitByWeights(total: number, weights: Readonly<Record<string, number>>, unit = 1): Record<string, number> {
  if (!(Number.isFinite(total) && total >= 0)) throw new CostShareError(`the total to split must be a finite number >= 0, got ${total}`);
  if (!(Number.isInteger(unit) && unit > 0)) throw new CostShareError(`the unit must be a whole number > 0 (e.g. 1 dollar), got ${unit}`);
  const nations = Object.keys(weights).sort();
  if (nations.length === 0) throw new CostShareError('no nations to split between');
  for (const n of nations) {
    const w = weights[n];
    if (!(Number.isFinite(w) && w >= 0)) throw new CostShareError(`${n}'s weight must be a finite number >= 0, got ${w}`);
  }
  const sum = nations.reduce((s, n) => s + weights[n], 0);
  if (!(sum > 0)) throw new CostShareError(`every weight is 0 (${nations.join(', ')}): nothing to split by`);
  if (!Number.isFinite(sum)) throw new CostShareError('the weights add up to more than a double holds');
  const units = Math.round(total / unit);
  if (units > MAX_UNITS) throw new CostShareError(`${total} is more than ${MAX_UNITS} units of ${unit}: use a larger unit`);
  // quotas in units; floor, then hand the units left over to the largest remainders
  const quota = nations.map((n) => (units * weights[n]) / sum);
  const whole = quota.map((q) => Math.floor(q));
  let left = units - whole.reduce((s, x) => s + x, 0);
  const order = nations.map((_, i) => i).sort((a, b) => quota[b] - whole[b] - (quota[a] - whole[a]) || a - b);
  // quotas can round so that the floors overshoot or undershoot by a unit; settle either way
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) whole[order[k]]++;
  for (let k = order.length - 1; left < 0; k = (k - 1 + order.length) % order.length) {
    if (whole[order[k]] > 0) {
      whole[order[k]]--;
      left++;
    }
  }
  return Object.fromEntries(nations.map((n, i) => [n, whole[i] * unit]));
}

/** One rule's split: the weights used and each nation's share of the total (whole units). */
export interface CostShareSplit {
  rule: CostShareRule;
  weights: Record<string, number>;
  shares: Record<string, number>;
  /** Each nation's fraction of the total (shares / total; the weights' fractions when the total is 0). */
  fractions: Record<string, number>;
}

/** Splits `total` under each rule whose weights are given. */
export function costShares(
  total: number,
  weightsByRule: Partial<Readonly<Record<CostShareRule, Readonly<Record<string, number>>>>>,
  unit = 1,
): CostShareSplit[] {
  return COST_SHARE_RULES.filter((r) => weightsByRule[r] !== undefined).map((rule) => {
    const weights = { ...(weightsByRule[rule] as Record<string, number>) };
    const shares = splitByWeights(total, weights, unit);
    const sumW = Object.values(weights).reduce((s, w) => s + w, 0);
    const sumS = Object.values(shares).reduce((s, x) => s + x, 0);
    const fractions = Object.fromEntries(Object.keys(shares).map((n) => [n, sumS > 0 ? shares[n] / sumS : weights[n] / sumW]));
    return { rule, weights, shares, fractions };
  });
}
