import { describe, expect, it } from 'vitest';
import { highsWta, w3Instance } from '../../../../bench/w3.ts';
import { solveWtaBranchAndBound } from '../../../../bench/wta/branch-and-bound.ts';
import { buildWtaModel, wtaTangentGrid } from '../../../../bench/wta/exact-model.ts';
import { greedyAssign, solveWtaGreedy, wtaObjective, type WtaProblem } from './wta-greedy.ts';

/** Deterministic LCG (Numerical Recipes constants), uniform in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function randomProblem(seed: number, T: number, W: number, opts: { mask?: number; maxShots?: number } = {}): WtaProblem {
  const rnd = lcg(seed);
  const values = new Float64Array(T);
  for (let t = 0; t < T; t++) values[t] = 1 + 9 * rnd();
  const pKill = new Float64Array(W * T);
  for (let i = 0; i < pKill.length; i++) pKill[i] = 0.2 + 0.75 * rnd();
  const problem: WtaProblem = { targets: T, weapons: W, values, pKill };
  if (opts.mask !== undefined) {
    const eligible = new Uint8Array(W * T);
    for (let i = 0; i < eligible.length; i++) eligible[i] = rnd() < opts.mask ? 1 : 0;
    problem.eligible = eligible;
  }
  if (opts.maxShots !== undefined) problem.maxShots = opts.maxShots;
  return problem;
}

/** Objective straight from the definition, independent of the solver code. */
function objectiveByHand(problem: WtaProblem, assignment: ArrayLike<number>): number {
  let f = 0;
  for (let t = 0; t < problem.targets; t++) {
    let s = 1;
    for (let w = 0; w < problem.weapons; w++) if (assignment[w] === t) s *= 1 - problem.pKill[w * problem.targets + t];
    f += problem.values[t] * s;
  }
  return f;
}

/** Exhaustive optimum over all (T + 1)^W assignments (tiny instances only). */
function bruteForce(problem: WtaProblem): number {
  const { targets: T, weapons: W, eligible } = problem;
  const caps = problem.maxShots;
  const a = new Int32Array(W).fill(-1);
  let best = Infinity;
  const rec = (w: number): void => {
    if (w === W) {
      const shots = new Int32Array(T);
      for (const t of a) if (t >= 0) shots[t]++;
      if (caps !== undefined && shots.some((n, t) => n > (typeof caps === 'number' ? caps : caps[t]))) return;
      best = Math.min(best, objectiveByHand(problem, a));
      return;
    }
    for (let t = -1; t < T; t++) {
      if (t >= 0 && eligible !== undefined && eligible[w * T + t] === 0) continue;
      a[w] = t;
      rec(w + 1);
    }
    a[w] = -1;
  };
  rec(0);
  return best;
}

function respects(problem: WtaProblem, assignment: Int32Array): void {
  const { targets: T, eligible, maxShots } = problem;
  const shots = new Int32Array(T);
  for (let w = 0; w < assignment.length; w++) {
    const t = assignment[w];
    if (t < 0) continue;
    if (eligible) expect(eligible[w * T + t], `weapon ${w} on target ${t}`).toBe(1);
    shots[t]++;
  }
  if (maxShots !== undefined)
    for (let t = 0; t < T; t++) expect(shots[t]).toBeLessThanOrEqual(typeof maxShots === 'number' ? maxShots : maxShots[t]);
}

describe('W3 instance', () => {
  it('is generated exactly as WORKLOADS.md defines it', () => {
    const p = w3Instance(10, 20);
    expect(p.values.length).toBe(10);
    expect(p.pKill.length).toBe(200);
    expect(p.values[0]).toBe(1);
    expect(p.values[1]).toBeCloseTo(1 + 9 * 0.7548776662466927, 14);
    expect(p.values[2]).toBeCloseTo(1 + 9 * (2 * 0.7548776662466927 - 1), 14);
    expect(p.pKill[0]).toBe(0.3); // w = 0, t = 0
    expect(p.pKill[3]).toBeCloseTo(0.3 + 0.6 * (3 * 0.6180339887498949 - 1), 14); // w = 0, t = 3
    // w = 1, t = 0: index w*T + t = 10, frac(6.180339887498949) = 0.180339887498949
    expect(p.pKill[1 * 10 + 0]).toBeCloseTo(0.3 + 0.6 * 0.180339887498949, 13);
    // w = 19, t = 9: index 199
    const x = 199 * 0.6180339887498949;
    expect(p.pKill[199]).toBeCloseTo(0.3 + 0.6 * (x - Math.floor(x)), 14);
    const big = w3Instance(1000, 3000);
    expect(big.pKill.length).toBe(3_000_000);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of big.pKill) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBeGreaterThanOrEqual(0.3);
    expect(hi).toBeLessThan(0.9);
  });
});

describe('wtaObjective', () => {
  it('matches the definition', () => {
    const problem: WtaProblem = {
      targets: 2,
      weapons: 3,
      values: Float64Array.of(10, 4),
      pKill: Float64Array.of(0.5, 0.2, 0.6, 0.9, 0.3, 0.3),
    };
    // weapons 0 and 1 on target 0, weapon 2 on target 1: 10 * 0.5 * 0.4 + 4 * 0.7
    expect(wtaObjective(problem, Int32Array.of(0, 0, 1))).toBeCloseTo(2 + 2.8, 14);
    expect(wtaObjective(problem, Int32Array.of(-1, -1, -1))).toBe(14);
    expect(() => wtaObjective(problem, Int32Array.of(0, 2, 0))).toThrow(/outside/);
  });
});

describe('branch and bound', () => {
  it('equals exhaustive enumeration on tiny instances, with and without doctrine constraints', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const T = 2 + (seed % 3);
      const W = 3 + (seed % 4);
      const opts = seed % 3 === 0 ? { mask: 0.6 } : seed % 3 === 1 ? { maxShots: 1 + (seed % 2) } : {};
      const problem = randomProblem(seed, T, W, opts);
      const exact = solveWtaBranchAndBound(problem);
      expect(exact.optimal).toBe(true);
      respects(problem, exact.assignment);
      expect(exact.objective).toBeCloseTo(objectiveByHand(problem, exact.assignment), 12);
      expect(exact.objective).toBeCloseTo(bruteForce(problem), 12);
    }
  });

  it('solves the W3 (10, 20) instance', () => {
    const r = solveWtaBranchAndBound(w3Instance(10, 20));
    expect(r.optimal).toBe(true);
    expect(r.objective).toBeCloseTo(0.7690276615532036, 12);
  });
});

describe('greedy + local improvement', () => {
  // 200 seeded instances (T 3..8, W T+2..T+8, p uniform in [0.2, 0.95]). Move/swap local search
  // alone reached the exact optimum on 105 of them and was up to 2.2x above it on others (true
  // move/swap local optima: improving them needs several weapons to change target at once). With
  // pair re-optimisation and iterated local search (measured 2026-11-25): optimal on all 200, and
  // on 200 more with eligibility masks and 200 with shot caps. The assertion leaves a little room.
  type Sweep = { equal: number; worst: number; n: number };
  const sweep = (opts: { mask?: number; maxShots?: number } = {}, seedBase = 1000): Sweep => {
    let equal = 0;
    let worst = 0;
    const n = 200;
    for (let seed = 1; seed <= n; seed++) {
      const T = 3 + (seed % 6); // 3..8
      const W = T + (seed % 7) + 2; // T+2 .. T+8
      const problem = randomProblem(seedBase + seed, T, W, opts);
      const fast = solveWtaGreedy(problem);
      const exact = solveWtaBranchAndBound(problem);
      expect(exact.optimal).toBe(true);
      respects(problem, fast.assignment);
      expect(fast.objective).toBeCloseTo(objectiveByHand(problem, fast.assignment), 12);
      expect(fast.objective).toBeGreaterThanOrEqual(exact.objective * (1 - 1e-12));
      expect(fast.objective).toBeLessThanOrEqual(fast.greedyObjective * (1 + 1e-12));
      const gap = (fast.objective - exact.objective) / exact.objective;
      worst = Math.max(worst, gap);
      if (gap <= 1e-9) equal++;
    }
    return { equal, worst, n };
  };
  let plain: Sweep | undefined;
  const plainSweep = (): Sweep => (plain ??= sweep());

  it('is never below the exact optimum and never worse than its own greedy start (seeded random instances)', () => {
    const { equal, n } = plainSweep();
    expect(equal).toBeGreaterThanOrEqual(0.4 * n); // regression guard
  });

  it('equals the exact optimum on >= 98 % of seeded random instances and is within 1 % on every one', () => {
    const { equal, worst, n } = plainSweep();
    expect(equal).toBeGreaterThanOrEqual(0.98 * n);
    expect(worst).toBeLessThanOrEqual(0.01);
  });

  it('stays optimal with eligibility masks and with shot caps (seeded random instances)', () => {
    for (const opts of [{ mask: 0.6 }, { maxShots: 2 }]) {
      const { equal, worst, n } = sweep(opts, 7000);
      expect(equal, JSON.stringify(opts)).toBeGreaterThanOrEqual(0.95 * n);
      expect(worst, JSON.stringify(opts)).toBeLessThanOrEqual(0.01);
    }
  });

  it('move/swap alone (no intensification) is a local optimum no better than the full solver', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const problem = randomProblem(3000 + seed, 3 + (seed % 6), 8 + (seed % 5));
      const plainLs = solveWtaGreedy(problem, { maxPasses: 49 });
      const full = solveWtaGreedy(problem);
      expect(full.objective).toBeLessThanOrEqual(plainLs.objective * (1 + 1e-12));
      expect(plainLs.objective).toBeCloseTo(objectiveByHand(problem, plainLs.assignment), 12);
    }
  });

  it('validates p inside the solve (range check fused into the greedy sweep)', () => {
    const problem = randomProblem(11, 3, 4);
    problem.pKill[5] = 1.5;
    expect(() => solveWtaGreedy(problem)).toThrow(/pKill\[5\]/);
    problem.pKill[5] = Number.NaN;
    expect(() => solveWtaGreedy(problem)).toThrow(/must be in \[0, 1\]/);
  });

  it('matches the optimum on the W3 (10, 20) instance', () => {
    const fast = solveWtaGreedy(w3Instance(10, 20));
    expect(fast.objective).toBeCloseTo(0.7690276615532036, 12);
  });

  it('respects the eligibility mask and shot caps (greedy, local pass and branch and bound)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const problem = randomProblem(5000 + seed, 6, 14, { mask: 0.4, maxShots: seed % 2 === 0 ? 2 : undefined });
      if (problem.maxShots === undefined) delete problem.maxShots;
      const fast = solveWtaGreedy(problem);
      respects(problem, fast.assignment);
      respects(problem, greedyAssign(problem));
      const exact = solveWtaBranchAndBound(problem);
      respects(problem, exact.assignment);
      expect(fast.objective).toBeGreaterThanOrEqual(exact.objective * (1 - 1e-12));
      // A weapon with no eligible target stays in reserve.
      for (let w = 0; w < problem.weapons; w++) {
        let any = false;
        for (let t = 0; t < problem.targets; t++) if (problem.eligible![w * 6 + t]) any = true;
        if (!any) expect(fast.assignment[w]).toBe(-1);
      }
    }
  });

  it('solves the W3 (1000, 3000) instance, improving on the greedy', () => {
    const problem = w3Instance(1000, 3000);
    const r = solveWtaGreedy(problem);
    expect(r.objective).toBeLessThan(r.greedyObjective);
    expect(r.objective).toBeCloseTo(objectiveByHand(problem, r.assignment), 9);
    expect(r.assignment.every((t) => t >= 0)).toBe(true); // every weapon helps when nothing forbids it
  });
});

describe('tangent-cut MILP and HiGHS', () => {
  it('writes an LP with one binary per eligible pair and one cut per grid point', () => {
    const problem = randomProblem(7, 3, 4, { mask: 0.5 });
    const m = buildWtaModel(problem, { cutPoints: wtaTangentGrid(0.5, -2) });
    const pairs = problem.eligible!.reduce((s, e) => s + e, 0);
    expect(m.xWeapon.length).toBe(pairs);
    expect(m.lp).toMatch(/^Minimize\n obj: s0 \+ s1 \+ s2\nSubject To\n/);
    expect((m.lp.match(/ c\d+_\d+: /g) ?? []).length).toBe(3 * 5);
    expect(m.lp).toContain('Binaries');
  });

  it('HiGHS bound <= exact optimum <= greedy, and the outer-approximation loop finds the optimum', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const problem = randomProblem(900 + seed, 4, 7, seed % 2 === 0 ? { mask: 0.7 } : { maxShots: 2 });
      const exact = solveWtaBranchAndBound(problem);
      const fast = solveWtaGreedy(problem);
      const h = await highsWta(problem, { timeLimit: 20 });
      expect(h.bound).not.toBeNull();
      expect(h.bound!).toBeLessThanOrEqual(exact.objective * (1 + 1e-7));
      expect(h.bound!).toBeGreaterThan(exact.objective * (1 - 1e-3)); // cut spacing 0.05: ~3e-4
      expect(exact.objective).toBeLessThanOrEqual(fast.objective * (1 + 1e-12));
      const oa = await highsWta(problem, { timeLimit: 20, exact: true });
      expect(oa.exact).toBe(true);
      expect(oa.objective!).toBeCloseTo(exact.objective, 9);
    }
  });

  it('HiGHS agrees with branch and bound on the W3 (10, 20) optimum', async () => {
    const problem = w3Instance(10, 20);
    const h = await highsWta(problem, { timeLimit: 30 }); // one MILP solve with the default cut grid
    expect(h.status).toBe('optimal');
    expect(h.objective!).toBeCloseTo(0.7690276615532036, 9); // its assignment is the B&B optimum
    expect(h.bound!).toBeLessThanOrEqual(0.7690276615532036 * (1 + 1e-7));
    expect(h.bound!).toBeGreaterThan(0.7690276615532036 * (1 - 1e-3)); // cut spacing 0.05: ~1e-4 here
  });
});
