/**
 * Static weapon-target assignment (WTA), fast path: a maximum-marginal-return greedy followed by a
 * local-improvement pass.
 *
 * Problem: T targets with values V_t, W weapons, kill probabilities p_wt. Each weapon engages at
 * most one target. Minimise the expected surviving value
 *
 *     F(x) = sum_t V_t * prod_w (1 - p_wt)^x_wt .
 *
 * Layout: `pKill` is weapon-major, W rows of T: p_wt = pKill[w * T + t] (the W3 benchmark's index
 * w*T + t). `eligible`, when given, has the same layout; a zero forbids weapon w on target t
 * (national policy, fly-out envelope, doctrine). `maxShots` caps the weapons per target.
 *
 * Greedy: the marginal decrease of putting weapon w on target t is V_t S_t p_wt, where S_t is the
 * target's current survival probability. Marginals only shrink as weapons are assigned (the
 * decrease is submodular), so a lazy max-heap over weapons keyed by each weapon's best marginal is
 * exact: a popped weapon whose best target has not changed since its key was computed is the
 * global maximum; otherwise its key is recomputed over the targets and it is pushed back.
 *
 * Local improvement: passes of (a) reassignment — move one weapon to the target where it helps
 * most — and (b) pairwise swaps of two weapons' targets (an unassigned weapon may swap in), each
 * applied only when it strictly decreases F, until a pass finds nothing, the pass limit is hit or a
 * work budget (about one pass over all weapon-target pairs, plus a fixed amount) is spent.
 *
 * Intensification (solveWtaGreedy only; move/swap local optima are often far from the optimum —
 * up to 2x on small random instances, because improving a deep local optimum needs several
 * weapons to change target at once): (c) pair re-optimisation — the weapons of two targets are
 * re-split between them optimally, over all 2^k splits (k <= 14), a neighbourhood containing
 * every move and swap between the two and every multi-weapon exchange — and (d) iterated local
 * search: a few weapons of the best assignment are reassigned by a fixed-seed LCG, (a)-(c) reach a
 * local optimum again, and the better of the two is kept. (c) and (d) run under a fixed work budget,
 * so they are exhaustive on small instances and cost ~1 ms on large ones.
 *
 * Pure and deterministic: no I/O, no clock, no random numbers.
 */

export interface WtaProblem {
  /** Number of targets T. */
  targets: number;
  /** Number of weapons W. */
  weapons: number;
  /** Target values V_t, length T (>= 0). */
  values: Float64Array;
  /** Kill probabilities in [0, 1], weapon-major: p_wt = pKill[w * T + t], length W * T. */
  pKill: Float64Array;
  /** Optional eligibility, same layout as pKill: 0 forbids weapon w on target t. */
  eligible?: Uint8Array;
  /** Optional maximum number of weapons per target: one number for all, or length T. */
  maxShots?: number | Int32Array;
}

export interface WtaOptions {
  /** Run the local-improvement pass after the greedy (default true). */
  localSearch?: boolean;
  /** Upper limit on local-improvement passes (default 50). */
  maxPasses?: number;
  /** Include the pairwise-swap move (O(W^2) per pass; default true). */
  swaps?: boolean;
}

export interface WtaResult {
  /** Target of each weapon, or -1 for a weapon held back; length W. */
  assignment: Int32Array;
  /** Expected surviving value of `assignment`, evaluated exactly by {@link wtaObjective}. */
  objective: number;
  /** Objective after the greedy, before local improvement. */
  greedyObjective: number;
  /** Improving moves the local pass applied. */
  moves: number;
  /** Local-improvement passes run. */
  passes: number;
}

/** Survival factors are kept >= this so that a weapon can be divided back out of a product. */
const Q_MIN = 1e-12;

/** Checks sizes and ranges; throws an Error naming the offending field. */
export function validateWtaProblem(problem: WtaProblem): void {
  validateShape(problem);
  const { targets: T, pKill } = problem;
  for (let i = 0; i < pKill.length; i++) {
    if (!(pKill[i] >= 0 && pKill[i] <= 1))
      throw new Error(`wta: pKill[${i}] = ${pKill[i]} (weapon ${Math.floor(i / T)}, target ${i % T}) must be in [0, 1]`);
  }
}

/** The O(W + T) part of {@link validateWtaProblem}: everything but the range of each p. */
function validateShape(problem: WtaProblem): void {
  const { targets: T, weapons: W, values, pKill, eligible, maxShots } = problem;
  if (!Number.isInteger(T) || T < 0) throw new Error(`wta: targets must be a non-negative integer, got ${T}`);
  if (!Number.isInteger(W) || W < 0) throw new Error(`wta: weapons must be a non-negative integer, got ${W}`);
  if (values.length !== T) throw new Error(`wta: values has length ${values.length}, expected targets = ${T}`);
  if (pKill.length !== W * T) throw new Error(`wta: pKill has length ${pKill.length}, expected weapons * targets = ${W * T}`);
  for (let t = 0; t < T; t++) {
    if (!(values[t] >= 0) || !Number.isFinite(values[t])) throw new Error(`wta: values[${t}] = ${values[t]} must be finite and >= 0`);
  }
  if (eligible !== undefined && eligible.length !== W * T)
    throw new Error(`wta: eligible has length ${eligible.length}, expected weapons * targets = ${W * T}`);
  if (maxShots !== undefined && typeof maxShots !== 'number' && maxShots.length !== T) {
    throw new Error(`wta: maxShots has length ${maxShots.length}, expected targets = ${T}`);
  }
}

/** Per-target shot caps as an Int32Array (a large number where uncapped). */
export function wtaShotCaps(problem: WtaProblem): Int32Array {
  const caps = new Int32Array(problem.targets);
  const m = problem.maxShots;
  for (let t = 0; t < problem.targets; t++) {
    const c = m === undefined ? 0x7fffffff : typeof m === 'number' ? m : m[t];
    caps[t] = Math.max(0, Math.min(0x7fffffff, Math.floor(c)));
  }
  return caps;
}

/**
 * Expected surviving value of an assignment, computed directly from the definition (products of
 * 1 - p, no incremental state). Throws if the assignment breaks eligibility or a shot cap.
 */
export function wtaObjective(problem: WtaProblem, assignment: Int32Array): number {
  const { targets: T, weapons: W, values, pKill, eligible } = problem;
  if (assignment.length !== W) throw new Error(`wta: assignment has length ${assignment.length}, expected weapons = ${W}`);
  const survive = new Float64Array(T).fill(1);
  const shots = new Int32Array(T);
  const caps = wtaShotCaps(problem);
  for (let w = 0; w < W; w++) {
    const t = assignment[w];
    if (t === -1) continue;
    if (!Number.isInteger(t) || t < 0 || t >= T) throw new Error(`wta: weapon ${w} assigned to target ${t}, outside 0..${T - 1}`);
    if (eligible !== undefined && eligible[w * T + t] === 0) throw new Error(`wta: weapon ${w} is not eligible for target ${t}`);
    if (++shots[t] > caps[t]) throw new Error(`wta: target ${t} gets more than its ${caps[t]} shots`);
    survive[t] *= 1 - pKill[w * T + t];
  }
  let f = 0;
  for (let t = 0; t < T; t++) f += values[t] * survive[t];
  return f;
}

/**
 * Work budget of the move/swap local search, in (weapon, target) evaluations: W T per weapon-target
 * pair (one full pass, then the incremental passes while the rest lasts) plus the intensification
 * budget. At W3 (1000, 3000) the cap stops the search in its second pass, 0.006 % above the
 * objective of running it to convergence, at about half the time.
 */
const LOCAL_BUDGET_PER_PAIR = 1;
/**
 * Work budget of the intensification (pair re-optimisation and restarts), in evaluated splits and
 * (weapon, target) evaluations. The same for every size: exhaustive on small instances (the
 * seeded 3..8-target test instances reach the optimum with about a tenth of it), negligible on
 * large ones.
 */
const INTENSIFY_BUDGET = 300_000;

/** Greedy plus local improvement. See the file comment for the method. */
export function solveWtaGreedy(problem: WtaProblem, options: WtaOptions = {}): WtaResult {
  validateShape(problem);
  const { targets: T, weapons: W } = problem;
  const caps = wtaShotCaps(problem);
  const rowMinQ = new Float64Array(W);
  const assignment = greedyCore(problem, caps, rowMinQ); // range-checks every p
  const greedyObjective = wtaObjective(problem, assignment);
  let moves = 0;
  let passes = 0;
  if (options.localSearch ?? true) {
    const swaps = options.swaps ?? true;
    const r = improveCore(
      problem,
      caps,
      assignment,
      options.maxPasses ?? 50,
      swaps,
      LOCAL_BUDGET_PER_PAIR * W * T + INTENSIFY_BUDGET,
      rowMinQ,
    );
    moves = r.moves;
    passes = r.passes;
    if (swaps && (options.maxPasses ?? 50) >= 50) {
      const s = intensify(problem, caps, assignment, INTENSIFY_BUDGET, rowMinQ);
      moves += s.moves;
      passes += s.passes;
    }
  }
  return { assignment, objective: wtaObjective(problem, assignment), greedyObjective, moves, passes };
}

/** Candidate weapons kept per target between rescans in {@link greedyAssign}. */
const CANDIDATES = 16;

/**
 * Maximum-marginal-return greedy. Returns weapon -> target or -1.
 *
 * For a fixed target the marginal V_t S_t p_wt orders weapons by p_wt alone, so the global maximum
 * is max_t V_t S_t p_{top(t), t} with top(t) the unassigned eligible weapon of largest p at t. A
 * max-heap over targets holds those keys; each target keeps its best CANDIDATES weapons (rescanning
 * the unassigned ones when they run out). A popped target whose top weapon was taken elsewhere
 * advances to its next candidate and is re-keyed; otherwise its top weapon is assigned to it.
 */
export function greedyAssign(problem: WtaProblem): Int32Array {
  return greedyCore(problem, wtaShotCaps(problem), null);
}

/**
 * The greedy of {@link greedyAssign}. Its first sweep reads every p once, so it also range-checks p
 * (the part of {@link validateWtaProblem} that is O(W T)) and, when `rowMinQ` is given, stores
 * each weapon's smallest survival factor max(1 - p, Q_MIN) over its eligible targets (1 if none).
 */
function greedyCore(problem: WtaProblem, caps: Int32Array, rowMinQ: Float64Array | null): Int32Array {
  const { targets: T, weapons: W, values, pKill, eligible } = problem;
  const K = CANDIDATES;
  const assignment = new Int32Array(W).fill(-1);
  const taken = new Uint8Array(W);
  // Unassigned weapons, compact (swap-remove), so that rescans visit only those.
  const pool = new Int32Array(W);
  const slot = new Int32Array(W);
  for (let w = 0; w < W; w++) pool[w] = slot[w] = w;
  let free = W;
  const weight = new Float64Array(T); // V_t * S_t
  for (let t = 0; t < T; t++) weight[t] = values[t];
  const shots = new Int32Array(T);

  // Per-target candidate lists, sorted by decreasing p: cand[t*K + i] for i in [head[t], len[t]).
  const cand = new Int32Array(T * K);
  const candP = new Float64Array(T * K);
  const len = new Int32Array(T);
  const head = new Int32Array(T);
  const exhausted = new Uint8Array(T); // the last scan found every eligible weapon
  const insert = (t: number, w: number, p: number): void => {
    const base = t * K;
    let n = len[t];
    if (n === K) {
      if (p <= candP[base + K - 1]) return;
      n--;
    }
    let i = n;
    while (i > 0 && candP[base + i - 1] < p) {
      candP[base + i] = candP[base + i - 1];
      cand[base + i] = cand[base + i - 1];
      i--;
    }
    candP[base + i] = p;
    cand[base + i] = w;
    len[t] = n + 1;
  };
  const scan = (t: number): void => {
    len[t] = 0;
    head[t] = 0;
    let found = 0;
    for (let j = 0; j < free; j++) {
      const w = pool[j];
      const i = w * T + t;
      if (pKill[i] <= 0 || (eligible !== undefined && eligible[i] === 0)) continue;
      found++;
      insert(t, w, pKill[i]);
    }
    exhausted[t] = found <= K ? 1 : 0;
  };
  // Initial lists in one sequential sweep over p.
  for (let w = 0; w < W; w++) {
    const row = w * T;
    let pMax = 0;
    for (let t = 0; t < T; t++) {
      const p = pKill[row + t];
      if (!(p >= 0 && p <= 1)) throw new Error(`wta: pKill[${row + t}] = ${p} (weapon ${w}, target ${t}) must be in [0, 1]`);
      if (p <= 0 || (eligible !== undefined && eligible[row + t] === 0)) continue;
      if (p > pMax) pMax = p;
      if (len[t] < K || p > candP[t * K + K - 1]) insert(t, w, p);
    }
    if (rowMinQ !== null) rowMinQ[w] = Math.max(1 - pMax, Q_MIN);
  }
  for (let t = 0; t < T; t++) exhausted[t] = len[t] < K ? 1 : 0;

  /** Top unassigned candidate of t (rescanning if needed), or -1. */
  const top = (t: number): number => {
    for (;;) {
      while (head[t] < len[t] && taken[cand[t * K + head[t]]]) head[t]++;
      if (head[t] < len[t]) return cand[t * K + head[t]];
      if (exhausted[t]) return -1;
      scan(t);
    }
  };

  // Max-heap of targets on key[t] = weight[t] * p_top (may be stale-high when top was taken).
  const key = new Float64Array(T);
  const heap = new Int32Array(T);
  let size = 0;
  const siftDown = (i: number): void => {
    const t = heap[i];
    const k = key[t];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && key[heap[c + 1]] > key[heap[c]]) c++;
      if (key[heap[c]] <= k) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = t;
  };
  for (let t = 0; t < T; t++) {
    if (caps[t] <= 0 || len[t] === 0 || values[t] <= 0) continue;
    key[t] = values[t] * candP[t * K];
    heap[size++] = t;
  }
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(i);

  while (size > 0 && free > 0) {
    const t = heap[0];
    const w = top(t);
    const removeTop = (): void => {
      heap[0] = heap[--size];
      if (size > 0) siftDown(0);
    };
    if (w < 0) {
      removeTop();
      continue;
    }
    const p = pKill[w * T + t];
    const k = weight[t] * p;
    if (k < key[t]) {
      key[t] = k; // the previous top was taken elsewhere: re-key and retry
      siftDown(0);
      continue;
    }
    assignment[w] = t;
    taken[w] = 1;
    const last = pool[--free];
    pool[slot[w]] = last;
    slot[last] = slot[w];
    head[t]++;
    weight[t] *= Math.max(1 - p, Q_MIN);
    if (++shots[t] >= caps[t]) {
      removeTop();
      continue;
    }
    const next = top(t);
    if (next < 0) removeTop();
    else {
      key[t] = weight[t] * pKill[next * T + t];
      siftDown(0);
    }
  }
  return assignment;
}

/**
 * Local improvement in place. One pass visits every weapon w1 (on target a, or in reserve) and
 * every other target b, and considers
 *   - reassignment: w1 moves to b (if b has a free shot);
 *   - swap: w1 takes the place of a weapon w2 on b, and w2 goes to a (or to the reserve).
 * and applies the best strictly improving move of w1 (by more than a relative 1e-12).
 *
 * A swap improves only if one of its two weapons kills better at the other's target than that
 * target's current weapon does; viewed from that weapon as w1, that is q_1b < q_2b. So a swap is
 * examined only when w1 beats the weakest weapon on b (q_1b < maxQ_b), and no improving swap is
 * missed. A pass is O(W T) plus the few candidate swaps. Respects eligibility and shot caps.
 */
export function improveWta(
  problem: WtaProblem,
  assignment: Int32Array,
  options: { maxPasses?: number; swaps?: boolean } = {},
): { moves: number; passes: number } {
  const r = improveCore(problem, wtaShotCaps(problem), assignment, options.maxPasses ?? 50, options.swaps ?? true, Infinity, null);
  return { moves: r.moves, passes: r.passes };
}

/**
 * The move/swap local search of {@link improveWta}, stopped once `budget` (weapon x target
 * evaluations) is spent. `rowMinQ` (each weapon's smallest survival factor over its eligible
 * targets, from {@link greedyCore}) is computed here when null.
 *
 * Pruning of the swap w1 (on a) <-> w2 (on b): its change is
 *   d = A1 (q_2a - q_1a) + (V_b S_b / q_2b) (q_1b - q_2b),  A1 = V_a S_a / q_1a,
 * and q_2a >= rowMinQ[w2] >= gMin. The second term uses only per-weapon data kept in cache (the
 * survival factor of each weapon at its own target), so the scattered read of p_2a happens only
 * for a swap whose lower bound beats the best move found so far; and a target whose best possible
 * swap (w2 its weakest weapon, q_2a = gMin) cannot beat it is skipped whole.
 */
function improveCore(
  problem: WtaProblem,
  caps: Int32Array,
  assignment: Int32Array,
  maxPasses: number,
  swaps: boolean,
  budget: number,
  rowMinQ: Float64Array | null,
): { moves: number; passes: number; work: number } {
  const { targets: T, weapons: W, values, eligible } = problem;
  const pk = problem.pKill;
  if (rowMinQ === null) {
    rowMinQ = new Float64Array(W);
    for (let w = 0; w < W; w++) {
      let m = 1;
      for (let t = 0; t < T; t++) {
        const i = w * T + t;
        if (pk[i] > 0 && (eligible === undefined || eligible[i] !== 0)) m = Math.min(m, Math.max(1 - pk[i], Q_MIN));
      }
      rowMinQ[w] = m;
    }
  }
  let gMin = 1;
  for (let w = 0; w < W; w++) if (rowMinQ[w] < gMin) gMin = rowMinQ[w];
  const S = new Float64Array(T);
  const VS = new Float64Array(T); // V_t S_t
  const shots = new Int32Array(T);
  const maxQ = new Float64Array(T); // largest q among the weapons on t, -1 if none
  const invMaxQ = new Float64Array(T);
  const qOn = new Float64Array(W); // q of each weapon at its own target
  // Doubly linked lists of the weapons on each target.
  const first = new Int32Array(T);
  const next = new Int32Array(W);
  const prev = new Int32Array(W);
  const ok = (w: number, t: number): boolean => eligible === undefined || eligible[w * T + t] !== 0;

  const unlink = (w: number, t: number): void => {
    if (prev[w] >= 0) next[prev[w]] = next[w];
    else first[t] = next[w];
    if (next[w] >= 0) prev[next[w]] = prev[w];
  };
  const link = (w: number, t: number): void => {
    prev[w] = -1;
    next[w] = first[t];
    if (first[t] >= 0) prev[first[t]] = w;
    first[t] = w;
    qOn[w] = Math.max(1 - pk[w * T + t], Q_MIN);
  };
  const refreshTarget = (t: number): void => {
    let m = -1;
    for (let w = first[t]; w >= 0; w = next[w]) if (qOn[w] > m) m = qOn[w];
    maxQ[t] = m;
    invMaxQ[t] = m > 0 ? 1 / m : 0;
    VS[t] = values[t] * S[t];
  };
  const recompute = (): number => {
    S.fill(1);
    shots.fill(0);
    first.fill(-1);
    for (let w = 0; w < W; w++) {
      const t = assignment[w];
      if (t >= 0) {
        link(w, t);
        S[t] *= qOn[w];
        shots[t]++;
      }
    }
    let f = 0;
    for (let t = 0; t < T; t++) {
      refreshTarget(t);
      f += VS[t];
    }
    return f;
  };

  let moves = 0;
  let passes = 0;
  let work = 0;
  let f = recompute();
  // Targets changed by each applied move, in order; a weapon scanned after log position k needs,
  // in a later pass, only the targets changed since k — unless its own target changed.
  const log: number[] = [];
  const scannedAt = new Int32Array(W);
  const dirty = new Uint8Array(T);
  const dirtyList: number[] = [];
  while (passes < maxPasses && work < budget) {
    passes++;
    let improved = false;
    for (let w1 = 0; w1 < W; w1++) {
      const a = assignment[w1];
      const row1 = w1 * T;
      const q1a = a >= 0 ? qOn[w1] : 1;
      const A1 = a >= 0 ? VS[a] / q1a : 0; // V_a S_a without w1
      const loss = a >= 0 ? A1 - VS[a] : 0; // increase of F from taking w1 off a
      const c1 = a >= 0 ? A1 * (gMin - q1a) : 0; // lower bound of a swap's first term
      let bestD = -1e-12 * f;
      let bestB = -1;
      let bestW2 = -1;
      let full = passes === 1;
      if (!full) {
        for (let k = scannedAt[w1]; k < log.length; k++) {
          const t = log[k];
          if (t === a) full = true;
          if (!dirty[t]) {
            dirty[t] = 1;
            dirtyList.push(t);
          }
        }
      }
      const nb = full ? T : dirtyList.length;
      work += nb;
      for (let i = 0; i < nb; i++) {
        const b = full ? i : dirtyList[i];
        if (b === a) continue;
        const p1b = pk[row1 + b];
        const vsb = VS[b];
        if (shots[b] < caps[b]) {
          const d = loss - vsb * p1b;
          if (d < bestD && ok(w1, b)) {
            bestD = d;
            bestB = b;
            bestW2 = -1;
          }
        }
        const q1b = Math.max(1 - p1b, Q_MIN);
        if (!swaps || q1b >= maxQ[b] || c1 + vsb * (q1b * invMaxQ[b] - 1) >= bestD) continue;
        for (let w2 = first[b]; w2 >= 0; w2 = next[w2]) {
          const q2b = qOn[w2];
          if (q1b >= q2b) continue;
          const second = (vsb / q2b) * (q1b - q2b);
          if (a >= 0) {
            if (A1 * (rowMinQ[w2] - q1a) + second >= bestD) continue;
            const d = A1 * (Math.max(1 - pk[w2 * T + a], Q_MIN) - q1a) + second;
            if (d < bestD && ok(w1, b) && ok(w2, a)) {
              bestD = d;
              bestB = b;
              bestW2 = w2;
            }
          } else if (second < bestD && ok(w1, b)) {
            bestD = second;
            bestB = b;
            bestW2 = w2;
          }
        }
      }
      for (const t of dirtyList) dirty[t] = 0;
      dirtyList.length = 0;
      scannedAt[w1] = log.length;
      if (bestB < 0) continue;
      const b = bestB;
      const w2 = bestW2;
      if (a >= 0) {
        unlink(w1, a);
        S[a] /= q1a;
        shots[a]--;
      }
      if (w2 >= 0) {
        unlink(w2, b);
        S[b] /= qOn[w2];
        shots[b]--;
        assignment[w2] = a;
        if (a >= 0) {
          link(w2, a);
          S[a] *= qOn[w2];
          shots[a]++;
        }
      }
      link(w1, b);
      S[b] *= qOn[w1];
      shots[b]++;
      assignment[w1] = b;
      if (a >= 0) refreshTarget(a);
      refreshTarget(b);
      if (a >= 0) log.push(a);
      log.push(b);
      f += bestD;
      moves++;
      improved = true;
      if (work >= budget) break;
    }
    if (!improved) break;
  }
  return { moves, passes, work };
}

/** Largest number of weapons re-split exactly between two targets (2^k masks). */
const PAIR_MAX = 14;

/**
 * Pair re-optimisation in place: for each pair of targets (a, b), the weapons on a and b are
 * re-split between a and b optimally (all 2^k splits, k <= PAIR_MAX, subset products without
 * division), respecting eligibility and caps. Repeats until a sweep finds nothing or the budget
 * (counted in evaluated splits) runs out. Returns the work spent.
 */
function pairReopt(
  problem: WtaProblem,
  caps: Int32Array,
  assignment: Int32Array,
  budget: number,
  bufs: PairBuffers,
): { work: number; changes: number } {
  const { targets: T, weapons: W, values, pKill, eligible } = problem;
  const { first, next, prodA, prodB, ks, qa, qb } = bufs;
  first.fill(-1);
  const S = bufs.S;
  S.fill(1);
  for (let w = W - 1; w >= 0; w--) {
    const t = assignment[w];
    if (t < 0) continue;
    next[w] = first[t];
    first[t] = w;
    S[t] *= Math.max(1 - pKill[w * T + t], Q_MIN);
  }
  let work = 0;
  let changes = 0;
  let total = 0;
  for (let t = 0; t < T; t++) total += values[t] * S[t];
  for (let sweep = 0; sweep < 100; sweep++) {
    let improved = false;
    for (let a = 0; a < T; a++) {
      for (let b = a + 1; b < T; b++) {
        if (work >= budget) return { work, changes };
        let k = 0;
        for (let w = first[a]; w >= 0; w = next[w]) ks[k++] = w;
        const kA = k;
        for (let w = first[b]; w >= 0; w = next[w]) ks[k++] = w;
        work += k + 1;
        if (k === 0 || k > PAIR_MAX) continue;
        let mustA = 0;
        let notA = 0;
        for (let i = 0; i < k; i++) {
          const w = ks[i];
          const ia = w * T + a;
          const ib = w * T + b;
          const okA = eligible === undefined || eligible[ia] !== 0;
          const okB = eligible === undefined || eligible[ib] !== 0;
          if (!okA) notA |= 1 << i;
          if (!okB) mustA |= 1 << i;
          qa[i] = Math.max(1 - pKill[ia], Q_MIN);
          qb[i] = Math.max(1 - pKill[ib], Q_MIN);
        }
        const n = 1 << k;
        const full = n - 1;
        prodA[0] = 1;
        prodB[0] = 1;
        for (let m = 1; m < n; m++) {
          const low = m & -m;
          const i = 31 - Math.clz32(low);
          prodA[m] = prodA[m ^ low] * qa[i];
          prodB[m] = prodB[m ^ low] * qb[i];
        }
        work += n;
        const va = values[a];
        const vb = values[b];
        const cur = va * S[a] + vb * S[b];
        const curMask = (1 << kA) - 1;
        let best = cur - 1e-12 * total;
        let bestMask = -1;
        for (let m = 0; m < n; m++) {
          if ((m & mustA) !== mustA || (m & notA) !== 0) continue;
          const f = va * prodA[m] + vb * prodB[full ^ m];
          if (f < best) {
            let c = m;
            let pc = 0;
            while (c) {
              c &= c - 1;
              pc++;
            }
            if (pc > caps[a] || k - pc > caps[b]) continue;
            best = f;
            bestMask = m;
          }
        }
        if (bestMask < 0 || bestMask === curMask) continue;
        first[a] = -1;
        first[b] = -1;
        for (let i = k - 1; i >= 0; i--) {
          const w = ks[i];
          const t = (bestMask >> i) & 1 ? a : b;
          assignment[w] = t;
          next[w] = first[t];
          first[t] = w;
        }
        S[a] = prodA[bestMask];
        S[b] = prodB[full ^ bestMask];
        total += best + 1e-12 * total - cur;
        changes++;
        improved = true;
      }
    }
    if (!improved) break;
  }
  return { work, changes };
}

interface PairBuffers {
  first: Int32Array;
  next: Int32Array;
  S: Float64Array;
  prodA: Float64Array;
  prodB: Float64Array;
  ks: Int32Array;
  qa: Float64Array;
  qb: Float64Array;
}

/**
 * Intensification after the move/swap local search, in place: pair re-optimisation, then iterated
 * local search — from the best assignment so far, a few weapons are reassigned at random (fixed
 * seed LCG: deterministic), move/swap and pair re-optimisation bring it to a local optimum, and it
 * is kept if better. Stops when `budget` work units are spent.
 */
function intensify(
  problem: WtaProblem,
  caps: Int32Array,
  assignment: Int32Array,
  budget: number,
  rowMinQ: Float64Array,
): { moves: number; passes: number } {
  const { targets: T, weapons: W, eligible } = problem;
  const bufs: PairBuffers = {
    first: new Int32Array(T),
    next: new Int32Array(W),
    S: new Float64Array(T),
    prodA: new Float64Array(1 << PAIR_MAX),
    prodB: new Float64Array(1 << PAIR_MAX),
    ks: new Int32Array(W),
    qa: new Float64Array(W),
    qb: new Float64Array(W),
  };
  let moves = 0;
  let passes = 0;
  let work = 0;
  /** Pair re-optimisation and move/swap in turn until neither improves. */
  const localOpt = (a: Int32Array, moveSwapFirst: boolean): void => {
    for (let round = 0; work < budget; round++) {
      if (round > 0 || moveSwapFirst) {
        const r = improveCore(problem, caps, a, 50, true, budget - work, rowMinQ);
        moves += r.moves;
        passes += r.passes;
        work += r.work;
        if (round > 0 && r.moves === 0) break;
      }
      const p = pairReopt(problem, caps, a, budget - work, bufs);
      work += p.work;
      if (p.changes === 0) break;
      moves += p.changes;
    }
  };
  localOpt(assignment, false);
  let bestF = wtaObjective(problem, assignment);
  const cur = new Int32Array(W);
  const shots = new Int32Array(T);
  let s = 0x9e3779b9;
  const rnd = (n: number): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 4294967296) * n);
  };
  while (work < budget && W > 0 && T > 1) {
    cur.set(assignment);
    shots.fill(0);
    for (let w = 0; w < W; w++) if (cur[w] >= 0) shots[cur[w]]++;
    const m = 2 + rnd(3);
    for (let j = 0; j < m; j++) {
      const w = rnd(W);
      const t = rnd(T);
      const a = cur[w];
      if (t === a || caps[t] === 0 || (eligible !== undefined && eligible[w * T + t] === 0)) continue;
      if (shots[t] >= caps[t]) {
        // t is full: w takes the place of one of its weapons, which goes to w's place (target or reserve).
        let k = rnd(shots[t]);
        let w2 = -1;
        for (let v = 0; v < W; v++) if (cur[v] === t && k-- === 0) w2 = v;
        if (w2 < 0 || (a >= 0 && eligible !== undefined && eligible[w2 * T + a] === 0)) continue;
        cur[w2] = a;
        cur[w] = t;
        continue;
      }
      if (a >= 0) shots[a]--;
      cur[w] = t;
      shots[t]++;
    }
    work += W + T;
    localOpt(cur, true);
    const f = wtaObjective(problem, cur);
    if (f < bestF * (1 - 1e-12)) {
      bestF = f;
      assignment.set(cur);
    }
  }
  return { moves, passes };
}
