/**
 * Bench and test oracle only (no product path uses it): W3 measures the battle manager's greedy
 * assignment (packages/core/src/c2/wta-greedy.ts) against it, and core/c2/wta.test.ts proves the greedy
 * optimal or near it on seeded instances.
 *
 * Exact static weapon-target assignment for small instances by depth-first branch and bound.
 *
 * Same problem and layout as ./wta-greedy.ts (p_wt = pKill[w * T + t]). Weapons are branched in
 * order of decreasing best single-shot value max_t V_t p_wt; the children of a node try the
 * targets in order of decreasing marginal return, then (only when shot caps exist, since otherwise
 * a weapon always helps) holding the weapon back. The incumbent starts at the greedy plus local
 * improvement. A node is pruned when a lower bound on any completion reaches the incumbent; the
 * bound is the larger of
 *   - full relaxation: every remaining weapon fires at every target it may engage,
 *       sum_t V_t S_t prod_{w remaining} (1 - p_wt);
 *   - diminishing returns (submodularity of the decrease): each remaining weapon removes at most
 *     its best current marginal, F_now - sum_{w remaining} max_t V_t S_t p_wt, and all of them
 *     together at most what the full relaxation removes;
 *   - count: a target receiving k more weapons gains at most what its k best remaining weapons
 *     would give it; these gains are concave in k, so the R largest over all targets (R weapons
 *     remain) bound the total.
 * Practical up to about (10 targets, 20 weapons); `maxNodes` stops it (then `optimal` is false
 * and the result is the best found).
 *
 * Pure and deterministic.
 */
import { solveWtaGreedy, validateWtaProblem, wtaObjective, wtaShotCaps, type WtaProblem } from '../../packages/core/src/c2/wta-greedy.ts';

export interface WtaExactOptions {
  /** Node limit (default 50 million). */
  maxNodes?: number;
}

export interface WtaExactResult {
  assignment: Int32Array;
  objective: number;
  /** True when the search completed, so `objective` is the optimum. */
  optimal: boolean;
  nodes: number;
}

export function solveWtaBranchAndBound(problem: WtaProblem, options: WtaExactOptions = {}): WtaExactResult {
  validateWtaProblem(problem);
  const { targets: T, weapons: W, values, pKill, eligible } = problem;
  const maxNodes = options.maxNodes ?? 50_000_000;
  const caps = wtaShotCaps(problem);
  const capped = caps.some((c) => c < W);
  const ok = (w: number, t: number): boolean => eligible === undefined || eligible[w * T + t] !== 0;

  const start = solveWtaGreedy(problem);
  let bestF = start.objective;
  const bestA = Int32Array.from(start.assignment);

  // Branching order: strongest weapons first.
  const strength = new Float64Array(W);
  for (let w = 0; w < W; w++) {
    let s = 0;
    for (let t = 0; t < T; t++) if (ok(w, t)) s = Math.max(s, values[t] * pKill[w * T + t]);
    strength[w] = s;
  }
  const order = Array.from({ length: W }, (_, i) => i).sort((a, b) => strength[b] - strength[a] || a - b);

  // suffix[d * T + t] = prod over order[d..] of (1 - p) at t (eligible pairs only).
  const suffix = new Float64Array((W + 1) * T).fill(1);
  for (let d = W - 1; d >= 0; d--) {
    const w = order[d];
    for (let t = 0; t < T; t++) suffix[d * T + t] = suffix[(d + 1) * T + t] * (ok(w, t) ? 1 - pKill[w * T + t] : 1);
  }

  const S = new Float64Array(T).fill(1);
  const shots = new Int32Array(T);
  const cur = new Int32Array(W).fill(-1);
  const childT = new Int32Array(W * (T + 1));
  const childV = new Float64Array(T + 1);
  const capT = new Float64Array(T);
  const pBuf = new Float64Array(W);
  const gBuf = new Float64Array(W * T);
  let nodes = 0;
  let aborted = false;

  const lowerBound = (d: number, f: number): number => {
    let full = 0;
    for (let t = 0; t < T; t++) {
      const vs = values[t] * S[t];
      full += vs * suffix[d * T + t];
      capT[t] = vs * (1 - suffix[d * T + t]);
    }
    // Diminishing returns, each target's total capped by its full-relaxation decrease.
    let gain = 0;
    for (let k = d; k < W; k++) {
      const w = order[k];
      let m = 0;
      for (let t = 0; t < T; t++) {
        if (shots[t] >= caps[t] || !ok(w, t)) continue;
        const v = values[t] * S[t] * pKill[w * T + t];
        if (v > m) m = v;
      }
      gain += m;
    }
    let capSum = 0;
    for (let t = 0; t < T; t++) capSum += capT[t];
    // Count bound: target t receiving k of the remaining weapons gains at most its k best, whose
    // successive gains g_t(1) >= g_t(2) >= ... are concave; the R = W - d largest g over all
    // targets bound any completion.
    let nG = 0;
    for (let t = 0; t < T; t++) {
      const room = caps[t] - shots[t];
      if (room <= 0) continue;
      let m = 0;
      for (let k = d; k < W; k++) {
        const w = order[k];
        if (ok(w, t)) pBuf[m++] = pKill[w * T + t];
      }
      const sorted = pBuf.subarray(0, m).sort().reverse();
      let run = values[t] * S[t];
      for (let k = 0; k < Math.min(m, room); k++) {
        gBuf[nG++] = run * sorted[k];
        run *= 1 - sorted[k];
      }
    }
    const gs = gBuf.subarray(0, nG).sort().reverse();
    let count = 0;
    for (let k = 0; k < Math.min(nG, W - d); k++) count += gs[k];
    return Math.max(full, f - Math.min(gain, capSum, count));
  };

  const dfs = (d: number, f: number): void => {
    if (++nodes > maxNodes) {
      aborted = true;
      return;
    }
    if (d === W) {
      if (f < bestF - 1e-15 * Math.abs(bestF)) {
        bestF = f;
        bestA.set(cur);
      }
      return;
    }
    if (lowerBound(d, f) >= bestF * (1 - 1e-12)) return;
    const w = order[d];
    // Children: eligible, non-full targets by decreasing marginal; then the reserve.
    let n = 0;
    const base = d * (T + 1);
    for (let t = 0; t < T; t++) {
      if (shots[t] >= caps[t] || !ok(w, t)) continue;
      const v = values[t] * S[t] * pKill[w * T + t];
      let i = n++;
      while (i > 0 && childV[i - 1] < v) {
        childV[i] = childV[i - 1];
        childT[base + i] = childT[base + i - 1];
        i--;
      }
      childV[i] = v;
      childT[base + i] = t;
    }
    if (capped || n === 0) childT[base + n++] = -1;
    for (let i = 0; i < n && !aborted; i++) {
      const t = childT[base + i];
      if (t < 0) {
        dfs(d + 1, f);
        continue;
      }
      const s0 = S[t];
      const q = 1 - pKill[w * T + t];
      const nf = f - values[t] * s0 * (1 - q);
      S[t] = s0 * q;
      shots[t]++;
      cur[w] = t;
      dfs(d + 1, nf);
      cur[w] = -1;
      shots[t]--;
      S[t] = s0;
    }
  };

  let f0 = 0;
  for (let t = 0; t < T; t++) f0 += values[t];
  dfs(0, f0);
  return { assignment: bestA, objective: wtaObjective(problem, bestA), optimal: !aborted, nodes };
}
