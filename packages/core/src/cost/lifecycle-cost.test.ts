import { describe, expect, it } from 'vitest';
import {
  costPerInterceptorSlot,
  cumulativeUnitCost,
  firstUnitFromAverage,
  generations,
  lifecycleCost,
  lifecycleCostPoint,
  type LifecycleCostInputs,
  type LifecycleCostPointInputs,
  pointInputs,
  sumOfPowers,
  unitCost,
} from './lifecycle-cost.ts';

/** A point case with nothing but production: one unit per slot, fielded at once, no learning. */
function bare(over: Partial<LifecycleCostPointInputs> = {}): LifecycleCostPointInputs {
  return {
    count: 10,
    horizonYears: 20,
    dollarYear: 2026,
    developmentUsd: 0,
    developmentYears: 0,
    unitCostUsd: 1e6,
    unitCostBasis: { kind: 'first-unit' },
    learningRate: 1,
    lifetimeYears: 30,
    endOfLife: { kind: 'replace' },
    operationsUsdPerUnitYear: 0,
    deploymentStartYear: 0,
    buildUpYears: 0,
    ...over,
  };
}

describe('learning curve (unit theory: unit n costs T1 · n^log2(rate))', () => {
  it('a flat 100 % curve costs units × T1', () => {
    expect(cumulativeUnitCost(22e6, 1, 1300, 1)).toBe(1300 * 22e6);
    expect(lifecycleCostPoint(bare({ count: 1300, unitCostUsd: 22e6 })).byCategory.production).toBe(1300 * 22e6);
  });

  it('an 80 % curve: unit 2n costs 0.8 × unit n', () => {
    for (const n of [1, 2, 3, 7, 50, 1000, 123_456]) {
      expect(unitCost(100, 2 * n, 0.8) / unitCost(100, n, 0.8)).toBeCloseTo(0.8, 12);
    }
    expect(unitCost(100, 1, 0.8)).toBe(100);
    expect(unitCost(100, 4, 0.8)).toBeCloseTo(64, 10);
  });

  it('the summed curve matches term-by-term addition, also past the exact head (Euler–Maclaurin tail)', () => {
    for (const rate of [0.75, 0.85, 0.95]) {
      const b = Math.log2(rate);
      let brute = 0;
      for (let j = 1; j <= 200_000; j++) brute += j ** b;
      expect(Math.abs(sumOfPowers(200_000, b) / brute - 1)).toBeLessThan(1e-11);
      expect(Math.abs(cumulativeUnitCost(1, 3001, 200_000, rate) / (brute - sumOfPowers(3000, b)) - 1)).toBeLessThan(1e-11);
    }
  });

  it('an average unit cost over Q units gives back that average', () => {
    const t1 = firstUnitFromAverage(22e6, 1300, 0.9);
    expect(t1).toBeGreaterThan(22e6);
    expect(cumulativeUnitCost(t1, 1, 1300, 0.9) / 1300).toBeCloseTo(22e6, 0);
  });
});

describe('replenishment', () => {
  it('each slot needs ceil(horizon / lifetime) generations', () => {
    for (const [L, g] of [
      [5, 4],
      [6, 4],
      [7, 3],
      [3, 7],
      [20, 1],
      [30, 1],
      [0.5, 40],
      [6.5, 4],
    ] as const) {
      expect(generations(0, 20, L), `L = ${L}`).toBe(g);
      const c = lifecycleCostPoint(bare({ count: 13, lifetimeYears: L }));
      expect(c.units.built, `L = ${L}`).toBe(13 * Math.ceil(20 / L));
      expect(c.units.replacements).toBe(13 * (g - 1));
      expect(c.units.maxGenerations).toBe(g);
    }
  });

  it('a slot fielded late in the build-up needs fewer generations', () => {
    // 4 slots fielded at t = 3, 4, 5, 6 (start 3, over 4 years), 5-year life, 20 years: ceil(17/5)=4, ceil(16/5)=4, 3, 3
    const c = lifecycleCostPoint(bare({ count: 4, lifetimeYears: 5, deploymentStartYear: 3, buildUpYears: 4 }));
    expect(c.units.built).toBe(4 + 4 + 3 + 3);
    expect(c.byYear.map((y) => y.unitsFielded).slice(0, 8)).toEqual([0, 0, 0, 1, 1, 1, 1, 0]);
    // replacements in years 9-12 (t = 8..11), 14-17, and 19-20 for the first two slots
    expect(c.byYear.map((y) => y.unitsReplaced)).toEqual(
      [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0].map((_, i) =>
        [9, 10, 11, 12, 14, 15, 16, 17, 19, 20].includes(i + 1) ? 1 : 0,
      ),
    );
    // slot-years in service: N(H − S) − B(N − 1)/2 = 4·17 − 4·3/2 = 62
    expect(c.units.unitYears).toBeCloseTo(62, 12);
  });

  it('recertification instead of replacement costs the recertification, and builds nothing new', () => {
    const c = lifecycleCostPoint(bare({ count: 21, lifetimeYears: 8, endOfLife: { kind: 'recertify', costUsd: 5e6 } }));
    // ceil(20/8) = 3 generations: 2 recertifications per slot
    expect(c.units.built).toBe(21);
    expect(c.units.replacements).toBe(42);
    expect(c.byCategory.replenishment).toBe(42 * 5e6);
    expect(c.byCategory.production).toBe(21 * 1e6);
  });
});

describe('a small case worked by hand', () => {
  // 2 slots, 4-year horizon, 2-year life, T1 = $100 on an 80 % curve, 10 kg at $5/kg, $1 per slot-year,
  // $50 development in year 1, everything fielded at t = 0.
  //   generations ceil(4/2) = 2: units 1, 2 in year 1 (first fleet), units 3, 4 in year 3 (replacements)
  //   unit costs 100, 100·2^log2(0.8) = 80, 100·3^log2(0.8) = 70.2104, 100·4^log2(0.8) = 64
  //   production 180; launch 2 × 50 = 100; replenishment 70.2104 + 64 + 100 = 234.2104
  //   operations 2 slots × 4 years × $1 = 8; total 50 + 180 + 100 + 234.2104 + 8 = 572.2104
  const c = lifecycleCostPoint({
    count: 2,
    horizonYears: 4,
    dollarYear: 2026,
    developmentUsd: 50,
    developmentYears: 1,
    unitCostUsd: 100,
    unitCostBasis: { kind: 'first-unit' },
    learningRate: 0.8,
    lifetimeYears: 2,
    endOfLife: { kind: 'replace' },
    operationsUsdPerUnitYear: 1,
    deploymentStartYear: 0,
    buildUpYears: 0,
    launch: { massKg: 10, usdPerKg: 5 },
  });

  it('by category', () => {
    expect(c.byCategory.development).toBe(50);
    expect(c.byCategory.production).toBeCloseTo(180, 10);
    expect(c.byCategory.launch).toBe(100);
    expect(c.byCategory.replenishment).toBeCloseTo(234.2104, 4);
    expect(c.byCategory.operations).toBeCloseTo(8, 12);
    expect(c.totalUsd).toBeCloseTo(572.2104, 4);
    expect(c.averageUnitUsd).toBeCloseTo((180 + 134.2104) / 4, 4);
  });

  it('by year', () => {
    expect(c.byYear.map((y) => y.year)).toEqual([1, 2, 3, 4]);
    expect(c.byYear[0].total).toBeCloseTo(50 + 180 + 100 + 2, 10);
    expect(c.byYear[1].total).toBeCloseTo(2, 12);
    expect(c.byYear[2].total).toBeCloseTo(234.2104 + 2, 4);
    expect(c.byYear[3].total).toBeCloseTo(2, 12);
    expect(c.byYear.reduce((s, y) => s + y.total, 0)).toBeCloseTo(c.totalUsd, 9);
  });

  it('development spreads evenly over its years', () => {
    const d = lifecycleCostPoint(bare({ developmentUsd: 100, developmentYears: 4 }));
    expect(d.byYear.slice(0, 5).map((y) => y.development)).toEqual([25, 25, 25, 25, 0]);
    const half = lifecycleCostPoint(bare({ developmentUsd: 100, developmentYears: 2.5 }));
    expect(half.byYear.slice(0, 4).map((y) => y.development)).toEqual([40, 40, 20, 0]);
  });
});

describe('reproducing a published estimate: CBO May 2026 SBI assumptions', () => {
  // CBO, "Potential Costs of a National Missile Defense System", 12 May 2026, https://www.cbo.gov/publication/62422:
  // an SBI satellite costs $22M on average, serves 5 years, and is launched at $500/kg.
  // CBO's SBI count and satellite mass are NOT FOUND in the sources reviewed (open-literature.md §3b), and the
  // May 2025 letter's $264B (1,300 interceptors) and $831B (2,000) cannot be rebuilt without inputs that are
  // also NOT FOUND (its new $/kg, development, operations). So this checks the model against a hand
  // calculation on CBO's three stated assumptions, with a count and a mass stated here (not CBO's):
  //   1,000 satellites of 1,000 kg, all fielded at the start, 20-year horizon, no development or operations:
  //   generations        = ceil(20 / 5)                 = 4      → 4,000 satellites bought (1,000 + 3,000 replacements)
  //   production         = 4,000 × $22M                 = $88.0B (CBO's $22M is an average over the satellites bought)
  //   launch             = 4,000 × 1,000 kg × $500/kg   = $2.0B  ($0.5M a satellite)
  //   total                                             = $90.0B → $90M per interceptor slot
  //   first fleet: 1,000 × $22M = $22.0B + 1,000 × $0.5M = $0.5B; replenishment 3,000 × ($22M + $0.5M) = $67.5B
  const cbo: LifecycleCostInputs = {
    count: 1000,
    horizonYears: 20,
    dollarYear: 2026,
    developmentUsd: 0,
    developmentYears: 0,
    unitCostUsd: 22e6,
    unitCostBasis: { kind: 'average' },
    learningRate: 1,
    lifetimeYears: 5,
    operationsUsdPerUnitYear: 0,
    deploymentStartYear: 0,
    buildUpYears: 0,
    launch: { massKg: 1000, usdPerKg: 500 },
  };

  it('matches the hand calculation', () => {
    const c = lifecycleCost(cbo).base;
    expect(c.units.built).toBe(4000);
    expect(c.byCategory.production).toBeCloseTo(22.0e9, 0);
    expect(c.byCategory.launch).toBeCloseTo(0.5e9, 0);
    expect(c.byCategory.replenishment).toBeCloseTo(67.5e9, 0);
    expect(c.totalUsd).toBeCloseTo(90.0e9, 0);
    expect(costPerInterceptorSlot(c.totalUsd, 1000)).toBeCloseTo(90e6, 2);
    expect(c.averageUnitUsd).toBeCloseTo(22e6, 2);
  });

  it('with learning, an average unit cost keeps the same total and loads the early years', () => {
    const c = lifecycleCost({ ...cbo, learningRate: 0.9 }).base;
    expect(c.totalUsd).toBeCloseTo(90.0e9, -2);
    expect(c.byCategory.production).toBeGreaterThan(22.0e9);
    expect(c.firstUnitUsd).toBeGreaterThan(22e6);
  });
});

describe('monotonicity: more satellites, shorter life or dearer launch never cost less', () => {
  const base: LifecycleCostInputs = {
    count: 500,
    horizonYears: 20,
    dollarYear: 2026,
    developmentUsd: 5e9,
    developmentYears: 5,
    unitCostUsd: 30e6,
    unitCostBasis: { kind: 'first-unit' },
    learningRate: 0.9,
    lifetimeYears: 5,
    operationsUsdPerUnitYear: 0.5e6,
    deploymentStartYear: 3,
    buildUpYears: 7,
    launch: { massKg: 600, usdPerKg: 1500 },
  };
  const total = (over: Partial<LifecycleCostInputs>): number => lifecycleCost({ ...base, ...over }).base.totalUsd;

  for (const basis of [{ kind: 'first-unit' }, { kind: 'average' }, { kind: 'average', overUnits: 1000 }] as const) {
    it(`unit cost read as ${basis.kind}${'overUnits' in basis ? ` over ${basis.overUnits}` : ''}`, () => {
      let prev = -Infinity;
      for (const count of [1, 2, 3, 10, 99, 100, 101, 500, 1300, 2000, 4000]) {
        const t = total({ count, unitCostBasis: basis });
        expect(t, `count ${count}`).toBeGreaterThanOrEqual(prev);
        prev = t;
      }
      prev = -Infinity;
      for (const lifetimeYears of [25, 20, 12, 10, 7.5, 7, 6, 5, 4.9, 3, 2, 1]) {
        const t = total({ lifetimeYears, unitCostBasis: basis });
        expect(t, `life ${lifetimeYears}`).toBeGreaterThanOrEqual(prev);
        prev = t;
      }
      prev = -Infinity;
      for (const usdPerKg of [0, 100, 500, 1500, 2720, 9800, 20000]) {
        const t = total({ launch: { massKg: 600, usdPerKg }, unitCostBasis: basis });
        expect(t, `$${usdPerKg}/kg`).toBeGreaterThanOrEqual(prev);
        prev = t;
      }
    });
  }
});

describe('the range over low/high assumptions', () => {
  const inputs: LifecycleCostInputs = {
    count: 1300,
    horizonYears: 20,
    dollarYear: 2026,
    developmentUsd: { low: 3.2e9, base: 6.4e9, high: 16e9 },
    developmentYears: 5,
    unitCostUsd: 22e6,
    unitCostBasis: { kind: 'average' },
    learningRate: { low: 0.85, base: 0.9, high: 1 },
    lifetimeYears: { low: 3, base: 5, high: 7 },
    operationsUsdPerUnitYear: { low: 0.22e6, base: 0.44e6, high: 1.1e6 },
    deploymentStartYear: 3,
    buildUpYears: 7,
    launch: { massKg: { low: 370, base: 520, high: 900 }, usdPerKg: { base: 500, high: 9800 } },
  };
  const e = lifecycleCost(inputs);

  it('low ≤ base ≤ high, and every one-at-a-time swing stays inside', () => {
    expect(e.low.totalUsd).toBeLessThan(e.base.totalUsd);
    expect(e.base.totalUsd).toBeLessThan(e.high.totalUsd);
    for (const s of e.sensitivity) {
      expect(Math.min(s.totalAtLowUsd, s.totalAtHighUsd)).toBeGreaterThanOrEqual(e.low.totalUsd);
      expect(Math.max(s.totalAtLowUsd, s.totalAtHighUsd)).toBeLessThanOrEqual(e.high.totalUsd);
    }
  });

  it('finds which end of each input is the expensive one: the short life and the dear launch go in the high case', () => {
    expect(e.high.inputs.lifetimeYears).toBe(3);
    expect(e.low.inputs.lifetimeYears).toBe(7);
    expect(e.high.inputs.launch?.usdPerKg).toBe(9800);
    expect(e.low.inputs.launch?.usdPerKg).toBe(500);
    expect(e.high.inputs.developmentUsd).toBe(16e9);
    // learning with an average cost over the run changes only the profile, not the total: not a swing
    const learning = e.sensitivity.find((s) => s.input === 'learningRate');
    expect(learning && Math.abs(learning.totalAtHighUsd - learning.totalAtLowUsd) / e.base.totalUsd).toBeLessThan(1e-9);
    // ... and the row says why, rather than showing the same figure at both ends unexplained
    expect(learning?.noEffect).toMatch(/no effect on the total: the unit cost is an average over every unit built/);
    for (const s of e.sensitivity.filter((r) => r.input !== 'learningRate')) expect(s.noEffect, s.input).toBeUndefined();
    // sorted largest swing first
    const swings = e.sensitivity.map((s) => Math.abs(s.totalAtHighUsd - s.totalAtLowUsd));
    expect([...swings].sort((a, b) => b - a)).toEqual(swings);
  });

  it('learning does move the total when the unit cost is a first-unit cost or an average over other units, and then carries no note', () => {
    for (const unitCostBasis of [{ kind: 'first-unit' as const }, { kind: 'average' as const, overUnits: 100 }]) {
      const l = lifecycleCost({ ...inputs, unitCostBasis }).sensitivity.find((s) => s.input === 'learningRate');
      expect(l, unitCostBasis.kind).toBeDefined();
      // a steeper curve (0.85) is cheaper than none (1.0) on a first-unit basis; anchored at 100 units it costs less past unit 100
      expect(l!.totalAtLowUsd).toBeLessThan(l!.totalAtHighUsd);
      expect(l!.noEffect).toBeUndefined();
    }
  });

  it('a point input has no range', () => {
    const p = lifecycleCost({ ...inputs, ...pointInputs(inputs) });
    expect(p.sensitivity).toEqual([]);
    expect(p.low.totalUsd).toBe(p.base.totalUsd);
    expect(p.high.totalUsd).toBe(p.base.totalUsd);
  });
});

describe('inputs outside the model are refused', () => {
  it.each([
    [{ count: 0 }, /count/],
    [{ count: 2.5 }, /count/],
    [{ lifetimeYears: 0 }, /lifetime/],
    [{ learningRate: 1.2 }, /learning rate/],
    [{ horizonYears: -1 }, /horizon/],
    [{ deploymentStartYear: 20 }, /within the horizon/],
    [{ count: 100_000, lifetimeYears: 0.0001 }, /more than 10,000,000 units/],
  ] as Array<[Partial<LifecycleCostPointInputs>, RegExp]>)('%j', (over, message) => {
    expect(() => lifecycleCostPoint(bare(over))).toThrow(message);
  });

  it('cost per slot needs a whole number of slots', () => {
    expect(costPerInterceptorSlot(90e9, 1000)).toBe(90e6);
    expect(() => costPerInterceptorSlot(1, 0)).toThrow(RangeError);
  });
});
