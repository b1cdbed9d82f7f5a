import { describe, expect, it } from 'vitest';
import { COST_SHARE_RULES, CostShareError, costShares, splitByWeights } from './cost-share.ts';

const sum = (o: Record<string, number>): number => Object.values(o).reduce((s, x) => s + x, 0);

/** A small deterministic generator for weights (xorshift32). */
function weightsFrom(seed: number, n: number): Record<string, number> {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) out[`N${i}`] = next() < 0.1 ? 0 : next() * 10 ** Math.floor(next() * 12);
  if (sum(out) === 0) out.N0 = 1;
  return out;
}

describe('splitByWeights: shares add up to the total exactly', () => {
  it('the US–Canada GDP split of a $1.191 trillion total (CBO 2026) adds up to the dollar, each share within $1 of proportional', () => {
    const w = { US: 29_184.89e9, CA: 2_241e9 };
    const total = 1_191e9;
    const s = splitByWeights(total, w);
    expect(sum(s)).toBe(total);
    for (const n of Object.keys(w)) expect(Math.abs(s[n] - (total * w[n as 'US']) / (w.US + w.CA))).toBeLessThan(1);
  });

  it('adds up exactly for 2,000 random weight sets, totals and units (zeros and weights twelve orders apart included)', () => {
    for (let k = 1; k <= 2000; k++) {
      const w = weightsFrom(k, 1 + (k % 7));
      const unit = [1, 1000, 1e6][k % 3];
      const total = Math.round((((k * 7_919_077) % 1e9) * 1e3) / unit) * unit;
      const s = splitByWeights(total, w, unit);
      expect(sum(s)).toBe(total);
      const W = sum(w);
      for (const n of Object.keys(w)) {
        expect(s[n]).toBeGreaterThanOrEqual(0);
        expect(Math.abs(s[n] - (total * w[n]) / W)).toBeLessThan(unit * (1 + 1e-9));
        if (w[n] === 0) expect(s[n]).toBe(0);
      }
    }
  });

  it('three equal weights and a total not divisible by three: the leftover dollar goes to the first nation in code order', () => {
    expect(splitByWeights(100, { US: 1, CA: 1, DK: 1 })).toEqual({ CA: 34, DK: 33, US: 33 });
  });

  it('edge cases: one nation takes all; a zero total gives zeros; a zero weight gets nothing', () => {
    expect(splitByWeights(123_456_789, { CA: 5 })).toEqual({ CA: 123_456_789 });
    expect(splitByWeights(0, { US: 3, CA: 1 })).toEqual({ CA: 0, US: 0 });
    expect(splitByWeights(1000, { US: 3, CA: 0 })).toEqual({ CA: 0, US: 1000 });
  });

  it('refuses what cannot be split, saying why', () => {
    expect(() => splitByWeights(10, {})).toThrow(/no nations/);
    expect(() => splitByWeights(10, { US: 0, CA: 0 })).toThrow(/every weight is 0/);
    expect(() => splitByWeights(10, { US: -1, CA: 2 })).toThrow(/US's weight must be a finite number >= 0, got -1/);
    expect(() => splitByWeights(10, { US: Number.NaN })).toThrow(CostShareError);
    expect(() => splitByWeights(-5, { US: 1 })).toThrow(/total/);
    expect(() => splitByWeights(5, { US: 1 }, 0.01)).toThrow(/whole number/);
    expect(() => splitByWeights(1e300, { US: 1 })).toThrow(/larger unit/);
  });
});

describe('costShares: every rule', () => {
  it('splits the same total under each rule given, and each split adds up to it', () => {
    const total = 987_654_321_123;
    const weights = {
      gdp: { US: 29_184.89e9, CA: 2_241e9 },
      population: { US: 340e6, CA: 41_288_599 },
      'defended-population': { US: 31.1e6, CA: 7.2e6 },
      'contributed-assets': { US: 900e9, CA: 11e9 },
    };
    const splits = costShares(total, weights);
    expect(splits.map((s) => s.rule)).toEqual([...COST_SHARE_RULES]);
    for (const s of splits) {
      expect(sum(s.shares)).toBe(total);
      expect(sum(s.fractions)).toBeCloseTo(1, 12);
      expect(s.fractions.CA).toBeCloseTo(weights[s.rule].CA / sum(weights[s.rule]), 9);
    }
  });

  it('a rule left out is not split; a zero total still reports the weights as fractions', () => {
    const [only] = costShares(0, { population: { US: 3, CA: 1 } });
    expect(only.rule).toBe('population');
    expect(only.fractions).toEqual({ CA: 0.25, US: 0.75 });
  });
});
