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
 * applied only when it strictly decreases F, until a pass finds nothing or the pass limit is hit.
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
  const { targets: T, weapons: W, values, pKill, eligible, maxShots } = problem;
  if (!Number.isInteger(T) || T < 0) throw new Error(`wta: targets must be a non-negative integer, got ${T}`);
  if (!Number.isInteger(W) || W < 0) throw new Error(`wta: weapons must be a non-negative integer, got ${W}`);
  if (values.length !== T) throw new Error(`wta: values has length ${values.length}, expected targets = ${T}`);
  if (pKill.length !== W * T) throw new Error(`wta: pKill has length ${pKill.length}, expected weapons * targets = ${W * T}`);
  for (let t = 0; t < T; t++) {
    if (!(values[t] >= 0) || !Number.isFinite(values[t])) throw new Error(`wta: values[${t}] = ${values[t]} must be finite and >= 0`);
  }
  for (let i = 0; i < pKill.length; i++) {
    if (!(pKill[i] >= 0 && pKill[i] <= 1)) throw new Error(`wta: pKill[${i}] = ${pKill[i]} (weapon ${Math.floor(i / T)}, target ${i % T}) must be in [0, 1]`);
  }
  if (eligible !== undefined && eligible.length !== W * T) throw new Error(`wta: eligible has length ${eligible.length}, expected weapons * targets = ${W * T}`);
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

/** Greedy plus local improvement. See the file comment for the method. */
export function solveWtaGreedy(problem: WtaProblem, options: WtaOptions = {}): WtaResult {
  validateWtaProblem(problem);
  const assignment = greedyAssign(problem);
  const greedyObjective = wtaObjective(problem, assignment);
  let moves = 0;
  let passes = 0;
  if (options.localSearch ?? true) {
    const r = improveWta(problem, assignment, { maxPasses: options.maxPasses ?? 50, swaps: options.swaps ?? true });
    moves = r.moves;
    passes = r.passes;
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
  const { targets: T, weapons: W, values, pKill, eligible } = problem;
  const K = CANDIDATES;
  const caps = wtaShotCaps(problem);
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
    for (let t = 0; t < T; t++) {
      const p = pKill[row + t];
      if (p <= 0 || (eligible !== undefined && eligible[row + t] === 0)) continue;
      if (len[t] < K || p > candP[t * K + K - 1]) insert(t, w, p);
    }
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
  const { targets: T, weapons: W, values, eligible } = problem;
  const maxPasses = options.maxPasses ?? 50;
  const swaps = options.swaps ?? true;
  const pk = problem.pKill;
  const qOf = (i: number): number => Math.max(1 - pk[i], Q_MIN);
  const caps = wtaShotCaps(problem);
  const S = new Float64Array(T);
  const VS = new Float64Array(T); // V_t S_t
  const shots = new Int32Array(T);
  const maxQ = new Float64Array(T); // largest q among the weapons on t, -1 if none
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
  };
  const refreshTarget = (t: number): void => {
    let m = -1;
    for (let w = first[t]; w >= 0; w = next[w]) if (qOf(w * T + t) > m) m = qOf(w * T + t);
    maxQ[t] = m;
    VS[t] = values[t] * S[t];
  };
  const recompute = (): number => {
    S.fill(1);
    shots.fill(0);
    first.fill(-1);
    for (let w = 0; w < W; w++) {
      const t = assignment[w];
      if (t >= 0) {
        S[t] *= qOf(w * T + t);
        shots[t]++;
        link(w, t);
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
  let f = recompute();
  // Targets changed by each applied move, in order; a weapon scanned after log position k needs,
  // in a later pass, only the targets changed since k — unless its own target changed.
  const log: number[] = [];
  const scannedAt = new Int32Array(W);
  const dirty = new Uint8Array(T);
  const dirtyList: number[] = [];
  while (passes < maxPasses) {
    passes++;
    let improved = false;
    for (let w1 = 0; w1 < W; w1++) {
      const a = assignment[w1];
      const row1 = w1 * T;
      const q1a = a >= 0 ? qOf(row1 + a) : 1;
      const A1 = a >= 0 ? VS[a] / q1a : 0; // V_a S_a without w1
      const loss = a >= 0 ? A1 - VS[a] : 0; // increase of F from taking w1 off a
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
      for (let i = 0; i < nb; i++) {
        const b = full ? i : dirtyList[i];
        if (b === a) continue;
        const p1b = pk[row1 + b];
        if (shots[b] < caps[b]) {
          const d = loss - VS[b] * p1b;
          if (d < bestD && ok(w1, b)) {
            bestD = d;
            bestB = b;
            bestW2 = -1;
          }
        }
        const q1b = 1 - p1b;
        if (swaps && q1b < maxQ[b]) {
          for (let w2 = first[b]; w2 >= 0; w2 = next[w2]) {
            const q2b = qOf(w2 * T + b);
            if (q1b >= q2b) continue;
            const d = (a >= 0 ? A1 * (qOf(w2 * T + a) - q1a) : 0) + (VS[b] / q2b) * (q1b - q2b);
            if (d < bestD && ok(w1, b) && (a < 0 || ok(w2, a))) {
              bestD = d;
              bestB = b;
              bestW2 = w2;
            }
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
        S[b] /= qOf(w2 * T + b);
        shots[b]--;
        assignment[w2] = a;
        if (a >= 0) {
          link(w2, a);
          S[a] *= qOf(w2 * T + a);
          shots[a]++;
        }
      }
      link(w1, b);
      S[b] *= qOf(row1 + b);
      shots[b]++;
      assignment[w1] = b;
      if (a >= 0) refreshTarget(a);
      refreshTarget(b);
      if (a >= 0) log.push(a);
      log.push(b);
      f += bestD;
      moves++;
      improved = true;
    }
    if (!improved) break;
  }
  recompute();
  return { moves, passes };
}
