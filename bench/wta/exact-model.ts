/**
 * Bench and test oracle only (no product path uses it): W3 measures the battle manager's greedy
 * assignment (packages/core/src/c2/wta-greedy.ts) against it, and core/c2/wta.test.ts proves the greedy
 * optimal or near it on seeded instances.
 *
 * A mixed-integer linear model of static weapon-target assignment for an LP/MILP solver (HiGHS),
 * written as CPLEX LP text. Same problem and layout as ./wta-greedy.ts (p_wt = pKill[w * T + t]).
 *
 * The objective sum_t V_t exp(z_t), with z_t = sum_w x_wt ln(1 - p_wt), is convex in z but not
 * linear, and an exact linearisation over weapon subsets is exponential when p depends on the
 * weapon. The model therefore keeps binary x_wt and replaces each V_t exp(z_t) by an epigraph
 * variable s_t bounded below by tangents of the exponential (outer approximation):
 *
 *     min  sum_t s_t
 *     s.t. z_t + sum_w (-ln(1 - p_wt)) x_wt = 0                 (z_t = ln of survival)
 *          s_t - V_t e^a z_t >= V_t e^a (1 - a)   for each cut point a of target t
 *          sum_t x_wt <= 1                                       (each weapon once)
 *          sum_w x_wt <= maxShots_t                              (optional)
 *          x_wt binary, absent where the weapon is not eligible; z_t <= 0; s_t >= 0.
 *
 * Tangents lie below a convex function, so every assignment costs at most its true F in the model:
 * the model's optimum (and any MIP dual bound on it) is a valid LOWER BOUND on the WTA optimum.
 * (A kill probability of 1 is clamped to survival 1e-12 before the log; that can overstate the
 * bound by at most 1e-12 V_t, and not at all with cut points >= -14.) With cut spacing h the tangent envelope is within a relative
 * ~h^2/8 of exp, so the bound is tight to that. Adding the cut points z_t(x*) of the model's own
 * solution and solving again (Kelley / outer approximation) converges in finitely many rounds to
 * the exact optimum, which the bench's HiGHS driver does on small instances. With `relax` the x are
 * continuous (an LP: a weaker bound, for large instances).
 *
 * Columns are named x<w>_<t>, z<t>, s<t>. Pure: builds text only, loads no solver.
 */
import { validateWtaProblem, wtaShotCaps, type WtaProblem } from '../../packages/core/src/c2/wta-greedy.ts';

export interface WtaModelOptions {
  /** Tangent points a <= 0 shared by all targets (default {@link wtaTangentGrid}()). */
  cutPoints?: ArrayLike<number>;
  /** Extra tangent points per target (outer-approximation rounds); index t, may be sparse. */
  extraCuts?: ReadonlyArray<ArrayLike<number> | undefined>;
  /** Continuous 0 <= x <= 1 instead of binary (LP relaxation). */
  relax?: boolean;
  /** Survival factors are clamped to at least this before taking logs (default 1e-12). */
  minSurvival?: number;
}

export interface WtaModel {
  /** CPLEX LP format text. */
  lp: string;
  /** For each x column, its weapon and target (in the order the columns are declared). */
  xWeapon: Int32Array;
  xTarget: Int32Array;
  rows: number;
}

/** Uniform tangent points 0, -h, -2h, ..., down to `lowest` (defaults h = 0.05, lowest = -14). */
export function wtaTangentGrid(step = 0.05, lowest = -14): Float64Array {
  const n = Math.floor(-lowest / step + 1e-9) + 1;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = -i * step;
  return a;
}

/** Shortest exact decimal form of a finite number that LP parsers accept. */
const num = (x: number): string => {
  if (!Number.isFinite(x)) throw new Error(`wta model: non-finite coefficient ${x}`);
  return String(x).replace('e+', 'e');
};

export function buildWtaModel(problem: WtaProblem, options: WtaModelOptions = {}): WtaModel {
  validateWtaProblem(problem);
  const { targets: T, weapons: W, values, pKill, eligible } = problem;
  const grid = options.cutPoints ?? wtaTangentGrid();
  const qMin = options.minSurvival ?? 1e-12;
  const caps = wtaShotCaps(problem);
  const out: string[] = [];
  const xw: number[] = [];
  const xt: number[] = [];
  let rows = 0;

  const has = (w: number, t: number): boolean => (eligible === undefined || eligible[w * T + t] !== 0) && pKill[w * T + t] > 0;

  out.push('Minimize');
  const obj: string[] = [];
  for (let t = 0; t < T; t++) obj.push(`s${t}`);
  out.push(` obj: ${obj.length > 0 ? obj.join(' + ') : '0 s0'}`);
  out.push('Subject To');

  // z_t definition; x columns are declared here, target by target.
  const byWeapon: string[][] = Array.from({ length: W }, () => []);
  const byTarget: string[][] = Array.from({ length: T }, () => []);
  for (let t = 0; t < T; t++) {
    const terms = [`z${t}`];
    for (let w = 0; w < W; w++) {
      if (!has(w, t)) continue;
      const c = -Math.log(Math.max(1 - pKill[w * T + t], qMin));
      const name = `x${w}_${t}`;
      terms.push(`+ ${num(c)} ${name}`);
      byWeapon[w].push(name);
      byTarget[t].push(name);
      xw.push(w);
      xt.push(t);
    }
    out.push(` d${t}: ${terms.join(' ')} = 0`);
    rows++;
  }

  // Tangent cuts: s_t >= V e^a (1 + z - a)  <=>  s_t - V e^a z_t >= V e^a (1 - a).
  for (let t = 0; t < T; t++) {
    if (values[t] === 0) continue;
    const points = new Set<number>();
    for (let i = 0; i < grid.length; i++) points.add(Math.min(0, grid[i]));
    const extra = options.extraCuts?.[t];
    if (extra) for (let i = 0; i < extra.length; i++) points.add(Math.min(0, extra[i]));
    let k = 0;
    for (const a of points) {
      const g = values[t] * Math.exp(a);
      if (g === 0) continue;
      out.push(` c${t}_${k++}: s${t} - ${num(g)} z${t} >= ${num(g * (1 - a))}`);
      rows++;
    }
  }

  for (let w = 0; w < W; w++) {
    if (byWeapon[w].length < 2) continue; // a single column is held to <= 1 by its bound
    out.push(` w${w}: ${byWeapon[w].join(' + ')} <= 1`);
    rows++;
  }
  for (let t = 0; t < T; t++) {
    if (caps[t] >= byTarget[t].length) continue;
    out.push(` m${t}: ${byTarget[t].length > 0 ? byTarget[t].join(' + ') : `0 z${t}`} <= ${caps[t]}`);
    rows++;
  }

  out.push('Bounds');
  for (let t = 0; t < T; t++) out.push(` -inf <= z${t} <= 0`);
  for (let t = 0; t < T; t++) out.push(` s${t} >= 0`);
  if (options.relax) {
    for (let i = 0; i < xw.length; i++) out.push(` 0 <= x${xw[i]}_${xt[i]} <= 1`);
  } else if (xw.length > 0) {
    out.push('Binaries');
    for (let i = 0; i < xw.length; i += 16) {
      const names: string[] = [];
      for (let j = i; j < Math.min(i + 16, xw.length); j++) names.push(`x${xw[j]}_${xt[j]}`);
      out.push(` ${names.join(' ')}`);
    }
  }
  out.push('End');
  return { lp: `${out.join('\n')}\n`, xWeapon: Int32Array.from(xw), xTarget: Int32Array.from(xt), rows };
}

/** ln of each target's survival under an assignment (the model's z_t), with the same clamping. */
export function wtaLogSurvival(problem: WtaProblem, assignment: Int32Array, minSurvival = 1e-12): Float64Array {
  const { targets: T, pKill } = problem;
  const z = new Float64Array(T);
  for (let w = 0; w < assignment.length; w++) {
    const t = assignment[w];
    if (t >= 0) z[t] += Math.log(Math.max(1 - pKill[w * T + t], minSurvival));
  }
  return z;
}
