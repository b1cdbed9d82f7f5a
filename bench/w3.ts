/**
 * Benchmark W3 "weapon-target assignment" of bench/WORKLOADS.md: static WTA with
 * V_t = 1 + 9 frac(t * 0.7548776662466927), p_wt = 0.3 + 0.6 frac((w T + t) * 0.6180339887498949),
 * for (T, W) in (10, 20), (50, 100), (200, 500), (1000, 3000).
 *
 * Golden Dome's fast assignment (packages/core/src/c2/wta-greedy.ts: maximum-marginal-return
 * greedy, move/swap local search under a work budget, pair re-optimisation and iterated local
 * search) is timed (median of repeats) and compared with the best bound known:
 *   - the exact optimum by branch and bound (bench/wta/branch-and-bound.ts) where it
 *     finishes within its node limit;
 *   - otherwise a lower bound from HiGHS (the `highs` npm package, WebAssembly) on the tangent-cut
 *     MILP of bench/wta/exact-model.ts, solved under a time limit: the MIP dual
 *     bound, valid whether or not HiGHS proves optimality;
 *   - otherwise null.
 * gap = (objective - bound) / bound.
 *
 * HiGHS is loaded here and in the tests only; core stays free of WebAssembly.
 * Standalone: `npx tsx bench/w3.ts [--repeats N]`.
 */
import { pathToFileURL } from 'node:url';
import highsLoader from 'highs';
import { solveWtaBranchAndBound } from './wta/branch-and-bound.ts';
import { buildWtaModel, wtaLogSurvival, wtaTangentGrid } from './wta/exact-model.ts';
import { solveWtaGreedy, wtaObjective, type WtaProblem } from '../packages/core/src/c2/wta-greedy.ts';

export const W3_SIZES: Array<[number, number]> = [
  [10, 20],
  [50, 100],
  [200, 500],
  [1000, 3000],
];

const frac = (x: number): number => x - Math.floor(x);

/** The W3 instance, exactly as WORKLOADS.md defines it (p weapon-major: p[w * T + t]). */
export function w3Instance(T: number, W: number): WtaProblem {
  const values = new Float64Array(T);
  for (let t = 0; t < T; t++) values[t] = 1 + 9 * frac(t * 0.7548776662466927);
  const pKill = new Float64Array(W * T);
  for (let w = 0; w < W; w++) for (let t = 0; t < T; t++) pKill[w * T + t] = 0.3 + 0.6 * frac((w * T + t) * 0.6180339887498949);
  return { targets: T, weapons: W, values, pKill };
}

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let highsPromise: Promise<Highs> | undefined;
/** HiGHS (WebAssembly), loaded once per process. */
export function loadHighs(): Promise<Highs> {
  highsPromise ??= highsLoader();
  return highsPromise;
}

export interface HighsWtaResult {
  /** A valid lower bound on the WTA optimum (the MIP dual bound), or null if none was obtained. */
  bound: number | null;
  /** The best assignment HiGHS found and its exact objective (when it found one). */
  assignment: Int32Array | null;
  objective: number | null;
  /** HiGHS model status name of the last solve (optimal, timeLimit, ...). */
  status: string;
  /** True when the outer-approximation loop closed: bound and objective agree to `tolerance`. */
  exact: boolean;
  rounds: number;
  seconds: number;
}

/**
 * Solves the tangent-cut MILP with HiGHS. With `exact`, repeats with tangent cuts added at the
 * solution's own z_t (outer approximation) until the MILP bound meets the true objective of its
 * best assignment within `tolerance` (relative) — the exact optimum — or `maxRounds` is reached.
 */
export async function highsWta(
  problem: WtaProblem,
  options: { timeLimit?: number; exact?: boolean; tolerance?: number; maxRounds?: number; cutStep?: number } = {},
): Promise<HighsWtaResult> {
  const highs = await loadHighs();
  const statusName = new Map<number, string>(Object.entries(highs.constants.modelStatus).map(([k, v]) => [v as number, k]));
  const timeLimit = options.timeLimit ?? 30;
  const tolerance = options.tolerance ?? 1e-6;
  const maxRounds = options.exact ? (options.maxRounds ?? 50) : 1;
  const T = problem.targets;
  const W = problem.weapons;
  const extra: number[][] = Array.from({ length: T }, () => []);
  const grid = wtaTangentGrid(options.cutStep ?? 0.05);
  const start = performance.now();
  let bound: number | null = null;
  let bestA: Int32Array | null = null;
  let bestF = Infinity;
  let status = 'notSet';
  let rounds = 0;
  let exact = false;
  while (rounds < maxRounds) {
    rounds++;
    const left = timeLimit - (performance.now() - start) / 1000;
    if (left <= 0) break;
    const model = buildWtaModel(problem, { cutPoints: grid, extraCuts: extra });
    const r = highs.withModel({ format: 'lp', data: model.lp }, (m) => {
      m.options.set({ output_flag: false, time_limit: left, mip_rel_gap: tolerance / 10, mip_abs_gap: 0 });
      m.run();
      const code = m.getModelStatus();
      const dual = Number(m.info.get('mip_dual_bound'));
      const cols = m.getSolution().colValue;
      const a = new Int32Array(W).fill(-1);
      let has = false;
      if (cols.length > 0 && Number(m.info.get('primal_solution_status')) === 2) {
        has = true;
        for (let i = 0; i < cols.length; i++) {
          if (cols[i] < 0.5) continue;
          const name = m.getColName(i);
          if (name[0] !== 'x') continue;
          const [w, t] = name.slice(1).split('_').map(Number);
          a[w] = t;
        }
      }
      return { code, dual, a: has ? a : null };
    });
    status = statusName.get(r.code) ?? String(r.code);
    if (Number.isFinite(r.dual)) bound = bound === null ? r.dual : Math.max(bound, r.dual);
    if (r.a) {
      const f = wtaObjective(problem, r.a);
      if (f < bestF) {
        bestF = f;
        bestA = r.a;
      }
      const z = wtaLogSurvival(problem, r.a);
      for (let t = 0; t < T; t++) extra[t].push(z[t]);
    }
    if (bound !== null && bestA !== null && bestF - bound <= tolerance * Math.abs(bestF)) {
      exact = r.code === highs.constants.modelStatus.optimal;
      break;
    }
    if (r.code !== highs.constants.modelStatus.optimal) break; // a limit: keep the bound we have
  }
  return { bound, assignment: bestA, objective: bestA ? bestF : null, status, exact, rounds, seconds: (performance.now() - start) / 1000 };
}

export interface W3Line {
  workload: 'W3';
  t: number;
  w: number;
  impl: string;
  seconds: number;
  objective: number;
  bound: number | null;
  gap: number | null;
  [extra: string]: unknown;
}

export interface W3Options {
  repeats: number;
  note: (s: string) => void;
  /** Instances (default W3_SIZES). */
  sizes?: Array<[number, number]>;
  /** Time limit of the HiGHS bound, seconds (default 30). */
  highsTimeLimit?: number;
  /** Largest W * T handed to HiGHS (default 100,000: the LP text of (1000, 3000) is ~100 MB). */
  highsMaxPairs?: number;
  /** Branch-and-bound node limit (default 5 million). */
  exactMaxNodes?: number;
  /** Largest W handed to branch and bound (default 30: it is practical up to about (10, 20)). */
  exactMaxWeapons?: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};
const round = (x: number, digits: number): number => Number(x.toFixed(digits));

export async function runW3(options: W3Options): Promise<{ lines: W3Line[]; failures: string[] }> {
  const { repeats, note } = options;
  const sizes = options.sizes ?? W3_SIZES;
  const lines: W3Line[] = [];
  const failures: string[] = [];

  // Warm-up: V8 compiles the greedy and the local pass with its optimising tier.
  for (let i = 0; i < 3; i++) solveWtaGreedy(w3Instance(200, 500));

  for (const [T, W] of sizes) {
    const problem = w3Instance(T, W);
    const seconds: number[] = [];
    let result = solveWtaGreedy(problem);
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      result = solveWtaGreedy(problem);
      seconds.push((performance.now() - t0) / 1000);
    }
    const objective = wtaObjective(problem, result.assignment);

    let bound: number | null = null;
    let boundSource = 'none';
    let boundSeconds: number | null = null;
    const t0 = performance.now();
    const tryExact = W <= (options.exactMaxWeapons ?? 30);
    const exact = tryExact
      ? solveWtaBranchAndBound(problem, { maxNodes: options.exactMaxNodes ?? 5_000_000 })
      : { optimal: false, nodes: 0, objective: NaN };
    if (exact.optimal) {
      bound = exact.objective;
      boundSource = 'branch-and-bound optimum';
      boundSeconds = (performance.now() - t0) / 1000;
    } else if (W * T <= (options.highsMaxPairs ?? 100_000)) {
      note(
        `W3 (${T}, ${W}): ${tryExact ? `branch and bound stopped at ${exact.nodes} nodes` : 'too large for branch and bound'}; HiGHS tangent-cut MILP bound, limit ${options.highsTimeLimit ?? 30} s`,
      );
      const h = await highsWta(problem, { timeLimit: options.highsTimeLimit ?? 30 });
      if (h.bound !== null && h.bound > 0) {
        bound = h.bound;
        boundSource = `HiGHS MILP dual bound (${h.status})`;
        boundSeconds = h.seconds;
      } else {
        note(`W3 (${T}, ${W}): HiGHS gave no positive bound in ${h.seconds.toFixed(1)} s (${h.status})`);
      }
      if (h.objective !== null && h.objective < objective)
        note(`W3 (${T}, ${W}): HiGHS found a better assignment, ${h.objective} < ${objective}`);
    } else {
      note(`W3 (${T}, ${W}): no bound — too large for branch and bound, and W*T = ${W * T} is above the HiGHS size limit`);
    }
    const gap = bound === null ? null : (objective - bound) / bound;
    const line: W3Line = {
      workload: 'W3',
      t: T,
      w: W,
      impl: 'golden-dome',
      seconds: round(median(seconds), 5),
      objective,
      bound,
      gap: gap === null ? null : round(gap, 8),
      seconds_min: round(Math.min(...seconds), 5),
      seconds_max: round(Math.max(...seconds), 5),
      repeats,
      greedy_objective: result.greedyObjective,
      local_moves: result.moves,
      bound_source: boundSource,
      bound_seconds: boundSeconds === null ? null : round(boundSeconds, 3),
    };
    lines.push(line);
    if (bound !== null && objective < bound * (1 - 1e-9))
      failures.push(`W3 (${T}, ${W}): objective ${objective} below the lower bound ${bound}`);
    if (exact.optimal && gap !== null && gap > 0.01)
      failures.push(`W3 (${T}, ${W}): ${(gap * 100).toFixed(3)} % above the exact optimum (> 1 %)`);
    if (T === 1000 && W === 3000 && line.seconds >= 0.1) failures.push(`W3 (1000, 3000): ${line.seconds} s median (target < 0.1 s)`);
  }
  return { lines, failures };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--repeats');
  const repeats = i >= 0 ? Number(process.argv[i + 1]) : 5;
  const { lines, failures } = await runW3({ repeats, note: (s) => console.error(`# ${s}`) });
  for (const l of lines) console.log(JSON.stringify(l));
  for (const f of failures) console.error(`w3: FAILED: ${f}`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}
