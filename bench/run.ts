/**
 * `npm run bench [-- W1 ...] [--repeats N] [--scipy-all]`: times the benchmark workloads of
 * bench/WORKLOADS.md for Golden Dome and, in the same invocation, the peer scripts of
 * bench/peers/, so every ratio is taken on the same machine at the same time.
 *
 * stdout: one JSON line per implementation and size, in the peers' form (workload, impl, size,
 * seconds, rate, checksum); the same lines go to bench/out/results.jsonl. stderr: notes (skipped
 * peers, workloads not implemented yet) and a summary table.
 *
 * Timing protocol (see bench/RESULTS.md): each implementation runs --repeats times (default 3),
 * interleaved, and the line reports the median run (with min and max). Golden Dome's kernel is
 * warmed up on a small instance first and its worker threads are started before timing — like
 * the numba peer, which compiles before it times; the one-off pool start is reported as startup_s.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { integrateBallisticBatch, W1_REFERENCE_CHECKSUMS, w1Instance, w1Options } from '../packages/core/src/threats/ballistic-batch.ts';
import { runBallisticBatch, TrialPool } from '../packages/pool/src/index.ts';
import { runW2, w2Summary } from './w2.ts';
import { runW3 } from './w3.ts';
import { runW4, W4_BOMBER_SCENARIO } from './w4.ts';
import { runW6 } from './w6.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(REPO, 'bench', 'out');
const RESULTS = join(OUT_DIR, 'results.jsonl');
const PEERS = process.env.GOLDEN_DOME_PEERS_DIR ?? resolve(REPO, 'bench', 'peers');
const PYTHON = process.env.GOLDEN_DOME_PYTHON ?? 'python3';
const NUMBA_PYTHON = process.env.GOLDEN_DOME_NUMBA_PYTHON ?? '/usr/bin/python3';
const PEER_TIMEOUT_MS = 15 * 60_000;

type Line = Record<string, unknown> & { workload: string; impl: string; seconds: number };

interface Workload {
  id: string;
  name: string;
  run?: (ctx: Context) => Promise<void>;
}

interface Context {
  repeats: number;
  scipyAll: boolean;
  failures: string[];
  lines: Line[];
}

const WORKLOADS: Workload[] = [
  { id: 'W1', name: 'ballistic-flight', run: runW1 },
  { id: 'W2', name: 'constellation-access', run: runW2Bench },
  { id: 'W3', name: 'weapon-target assignment', run: runW3Bench },
  { id: 'W4', name: 'campaign Monte Carlo', run: runW4Bench },
  { id: 'W4-bomber', name: 'campaign Monte Carlo on the Russian bomber raid (issue 15)', run: runW4BomberBench },
  { id: 'W4-redis', name: 'campaign Monte Carlo on Redis (2 dome workers) vs the in-process pool', run: runW4RedisBench },
  { id: 'W5', name: 'live server under load', run: runW5Bench },
  { id: 'world-build', name: 'world build (issue 12: russia-polar-raid under 5 s)', run: runWorldBuildBench },
  { id: 'W6', name: 'raid scale', run: runW6Bench },
];

function implemented(): string {
  return WORKLOADS.filter((w) => w.run)
    .map((w) => w.id)
    .join(', ');
}

const USAGE = `usage: npm run bench [-- [W1|W2|W3|W4|W4-bomber|W4-redis|W5|W6|world-build ...] [--repeats N] [--scipy-all]]
  no workload: run every workload that is implemented (${implemented()})
  --repeats N   runs per implementation and size; the median is reported (default 3)
  --scipy-all   also time the scipy peer at N = 10,000 (~15-20 s per run; skipped by default)`;

class UsageError extends Error {}

const note = (s: string): void => console.error(`# ${s}`);

function emit(ctx: Context, line: Line): void {
  const text = JSON.stringify(line);
  console.log(text);
  appendFileSync(RESULTS, `${text}\n`);
  ctx.lines.push(line);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};
const round = (x: number, digits: number): number => Number(x.toFixed(digits));
const peakMb = (): number => round(process.resourceUsage().maxRSS / 1024, 1); // maxRSS is in KiB

// ---------------------------------------------------------------------------------------------
// world-build (bench/world-build.ts): each library scenario's world built --repeats times, the median reported

async function runWorldBuildBench(ctx: Context): Promise<void> {
  (globalThis as { goldenDomeBenchRunner?: boolean }).goldenDomeBenchRunner = true;
  const { timeWorldBuild, WORLD_BUILD_SCENARIOS, worldBuildSummary } = await import('./world-build.ts');
  for (const scenario of WORLD_BUILD_SCENARIOS) {
    const runs = Array.from({ length: ctx.repeats }, () => timeWorldBuild(scenario));
    const secs = runs.map((r) => r.seconds);
    const mid =
      runs.find((r) => r.seconds === median(secs)) ?? [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
    note(worldBuildSummary(mid));
    emit(ctx, { ...mid, seconds_min: Math.min(...secs), seconds_max: Math.max(...secs), repeats: ctx.repeats } as unknown as Line);
  }
}

// ---------------------------------------------------------------------------------------------
// W6 raid scale (bench/w6.ts; its sizes once each: a 1,000-RV world takes minutes to build)

async function runW6Bench(ctx: Context): Promise<void> {
  const { lines, failures } = await runW6({ note });
  for (const line of lines) emit(ctx, line as unknown as Line);
  ctx.failures.push(...failures);
}

// ---------------------------------------------------------------------------------------------
// W5 live server under load (bench/w5.ts; imported here, after marking the runner, so that it does not
// also run as its own entry point)

async function runW5Bench(ctx: Context): Promise<void> {
  (globalThis as { goldenDomeBenchRunner?: boolean }).goldenDomeBenchRunner = true;
  const { runW5 } = await import('./w5.ts');
  const { lines, failures } = await runW5({ note });
  for (const line of lines) emit(ctx, line as unknown as Line);
  ctx.failures.push(...failures);
}

// ---------------------------------------------------------------------------------------------
// W4 campaign Monte Carlo (bench/w4.ts)

async function runW4Bench(ctx: Context): Promise<void> {
  const { lines, failures } = await runW4({ repeats: ctx.repeats, note });
  for (const line of lines) emit(ctx, line as unknown as Line);
  ctx.failures.push(...failures);
}

async function runW4BomberBench(ctx: Context): Promise<void> {
  const { lines, failures } = await runW4({ repeats: ctx.repeats, note, scenario: W4_BOMBER_SCENARIO });
  for (const line of lines) emit(ctx, line as unknown as Line);
  ctx.failures.push(...failures);
}

// ---------------------------------------------------------------------------------------------
// W4-redis: the W4 campaign on two `dome worker`s through Redis vs the in-process pool (bench/w4-redis.ts)

async function runW4RedisBench(ctx: Context): Promise<void> {
  const { runW4Redis } = await import('./w4-redis.ts');
  const { lines, failures } = await runW4Redis({ repeats: ctx.repeats, note });
  for (const line of lines) emit(ctx, line as unknown as Line);
  ctx.failures.push(...failures);
}

// ---------------------------------------------------------------------------------------------
// W3 weapon-target assignment (bench/w3.ts)

async function runW3Bench(ctx: Context): Promise<void> {
  const { lines, failures } = await runW3({ repeats: ctx.repeats, note });
  for (const line of lines) emit(ctx, line as unknown as Line);
  ctx.failures.push(...failures);
}

// ---------------------------------------------------------------------------------------------
// W2 constellation-access (bench/w2.ts)

async function runW2Bench(ctx: Context): Promise<void> {
  const { lines, failures } = await runW2({ repeats: ctx.repeats, note });
  for (const line of lines) emit(ctx, line);
  ctx.failures.push(...failures);
  for (const s of w2Summary(lines)) note(s);
}

// ---------------------------------------------------------------------------------------------
// W1 ballistic-flight

interface Timed {
  seconds: number;
  steps: number;
  checksum: number;
  flightTimes?: Float64Array;
  line?: Record<string, unknown>;
}

interface Impl {
  impl: string;
  extra?: Record<string, unknown>;
  /** Fixed-step RK4 implementations must reproduce the published checksum. */
  fixedStep: boolean;
  run: () => Promise<Timed | null>;
}

async function runW1(ctx: Context): Promise<void> {
  const sizes = [1000, 10_000];
  const workers = availableParallelism();

  // Warm-up (V8 compiles the kernel with its optimising tier) and worker start, before any timing.
  integrateBallisticBatch(w1Instance(64), w1Options());
  const t0 = performance.now();
  // the trial pool's threads start at the first task: the warm-up batch's time is the start-up
  const pool = new TrialPool({ threads: workers });
  try {
    await runBallisticBatch(pool, w1Instance(256), w1Options());
    const startup = (performance.now() - t0) / 1000;

    const peersThere = existsSync(join(PEERS, 'w1_ballistic_numpy.py'));
    if (!peersThere) note(`peer scripts not found in ${PEERS} (set GOLDEN_DOME_PEERS_DIR): timing Golden Dome only`);
    const numba = peersThere && spawnSync(NUMBA_PYTHON, ['-c', 'import numba'], { stdio: 'ignore' }).status === 0;
    if (peersThere && !numba) {
      note(`numba peer skipped: '${NUMBA_PYTHON} -c "import numba"' fails (install with: apt-get install -y python3-numba)`);
    }

    for (const n of sizes) {
      let single: Float64Array | undefined;
      const impls: Impl[] = [
        {
          impl: 'golden-dome',
          fixedStep: true,
          run: async () => {
            const start = performance.now();
            const r = integrateBallisticBatch(w1Instance(n), w1Options());
            const seconds = (performance.now() - start) / 1000;
            single = r.flightTimes;
            return { seconds, steps: r.totalSteps, checksum: sumOf(r.flightTimes), flightTimes: r.flightTimes };
          },
        },
        {
          impl: 'golden-dome',
          extra: { workers: pool.threads },
          fixedStep: true,
          run: async () => {
            const start = performance.now();
            const r = await runBallisticBatch(pool, w1Instance(n), w1Options());
            const seconds = (performance.now() - start) / 1000;
            return { seconds, steps: r.totalSteps, checksum: sumOf(r.flightTimes), flightTimes: r.flightTimes };
          },
        },
      ];
      if (peersThere) {
        impls.push({ impl: 'numpy-vectorised', fixedStep: true, run: async () => peer(PYTHON, 'w1_ballistic_numpy.py', n) });
        if (n <= 1000 || ctx.scipyAll) {
          impls.push({ impl: 'scipy-solve_ivp-DOP853', fixedStep: false, run: async () => peer(PYTHON, 'w1_ballistic_scipy.py', n) });
        } else {
          note(
            `scipy peer (adaptive DOP853, one missile at a time) not timed at N = ${n}: it takes ~15-20 s per run there (~1.5 s at N = 1,000); --scipy-all includes it`,
          );
        }
        if (numba) impls.push({ impl: 'numba-scalar', fixedStep: true, run: async () => peer(NUMBA_PYTHON, 'w1_ballistic_numba.py', n) });
      }

      // Interleave the repeats so that a slow spell of the (shared, virtualised) machine hits every implementation alike.
      const runs: (Timed | null)[][] = impls.map(() => []);
      for (let rep = 0; rep < ctx.repeats; rep++) {
        for (let i = 0; i < impls.length; i++) runs[i].push(await impls[i].run());
      }

      const reference = W1_REFERENCE_CHECKSUMS[n];
      for (let i = 0; i < impls.length; i++) {
        const { impl, extra, fixedStep } = impls[i];
        const ok = runs[i].filter((r): r is Timed => r !== null);
        if (ok.length === 0) {
          note(`${impl} N=${n}: no successful run`);
          continue;
        }
        const seconds = ok.map((r) => r.seconds);
        const med = median(seconds);
        const best = ok.reduce((a, b) => (Math.abs(a.seconds - med) <= Math.abs(b.seconds - med) ? a : b));
        let line: Line;
        if (best.line) {
          // A peer: its own line (median run), plus how it was repeated.
          line = { ...(best.line as Line), seconds: round(med, 4) };
        } else {
          line = {
            workload: 'W1',
            impl,
            ...extra,
            n,
            seconds: round(med, 4),
            missile_steps: best.steps,
            steps_per_s: Math.round(best.steps / med),
            checksum: best.checksum,
            peak_mb: peakMb(),
            ...(extra?.workers !== undefined ? { startup_s: round(startup, 3) } : {}),
          };
          // The parallel run must reproduce the single-thread flight times exactly (same arithmetic per missile).
          if (
            extra?.workers !== undefined &&
            single !== undefined &&
            best.flightTimes !== undefined &&
            !sameArray(single, best.flightTimes)
          ) {
            ctx.failures.push(`golden-dome workers=${pool.threads} N=${n}: flight times differ from the single-thread run`);
          }
        }
        line.seconds_min = round(Math.min(...seconds), 4);
        line.seconds_max = round(Math.max(...seconds), 4);
        line.repeats = ok.length;
        if (best.line && typeof best.line.steps_per_s === 'number') line.steps_per_s = Math.round(Number(best.line.missile_steps) / med);
        if (best.line && typeof best.line.missiles_per_s === 'number') line.missiles_per_s = round(n / med, 2);
        emit(ctx, line);

        const rel = Math.abs(best.checksum - reference) / reference;
        if (fixedStep && !(rel <= 1e-4)) {
          ctx.failures.push(
            `${impl} N=${n}: checksum ${best.checksum} differs from the published ${reference} by ${(rel * 100).toFixed(4)} % (> 0.01 %)`,
          );
        } else if (!fixedStep) {
          note(
            `${impl} N=${n}: checksum ${best.checksum.toFixed(1)} is from event-located (continuous) flight times, ${(rel * 100).toFixed(3)} % from the fixed-step ${reference} (expected: RK4 stops at the first whole step after the crossing)`,
          );
        }
      }
    }
  } finally {
    await pool.close();
  }
}

function peer(python: string, script: string, n: number): Timed | null {
  const r = spawnSync(python, [script, String(n)], { cwd: PEERS, encoding: 'utf8', timeout: PEER_TIMEOUT_MS });
  const lastLine = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || lastLine === '') {
    note(
      `${script} ${n} failed (exit ${r.status ?? r.signal}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ') || r.error?.message}`,
    );
    return null;
  }
  try {
    const line = JSON.parse(lastLine) as Record<string, unknown>;
    return { seconds: Number(line.seconds), steps: Number(line.missile_steps ?? NaN), checksum: Number(line.checksum), line };
  } catch {
    note(`${script} ${n}: could not parse its output: ${lastLine}`);
    return null;
  }
}

function sumOf(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

function sameArray(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------

function summary(lines: Line[]): void {
  const w1 = lines.filter((l) => l.workload === 'W1');
  if (w1.length === 0) return;
  const label = (l: Line): string => (l.workers !== undefined ? `${l.impl} (${String(l.workers)} workers)` : l.impl);
  const rows = w1.map((l) => {
    const n = Number(l.n);
    const at = (impl: string): Line | undefined => w1.find((x) => x.impl === impl && Number(x.n) === n);
    const ratio = (ref: Line | undefined): string => (ref ? `${(ref.seconds / l.seconds).toFixed(2)}x` : '-');
    return [
      label(l),
      String(n),
      `${l.seconds.toFixed(3)} (${Number(l.seconds_min).toFixed(3)}-${Number(l.seconds_max).toFixed(3)})`,
      typeof l.steps_per_s === 'number' ? (l.steps_per_s / 1e6).toFixed(1) : '-',
      ratio(at('numpy-vectorised')),
      ratio(at('numba-scalar')),
    ];
  });
  const head = ['impl', 'n', 'seconds median (min-max)', 'M missile-steps/s', 'vs numpy', 'vs numba'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  note('W1 summary (speed-up = peer seconds / this seconds, same N, same run):');
  note(fmt(head));
  for (const r of rows) note(fmt(r));
}

function parseArgs(argv: string[]): { selected: Workload[]; explicit: boolean; repeats: number; scipyAll: boolean } {
  const selected: Workload[] = [];
  let repeats = 3;
  let scipyAll = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (a === '--repeats' || a.startsWith('--repeats=')) {
      const v = a.includes('=') ? a.slice('--repeats='.length) : argv[++i];
      repeats = Number(v);
      if (!Number.isInteger(repeats) || repeats < 1) throw new UsageError(`--repeats needs a positive integer, got '${v ?? ''}'`);
    } else if (a === '--scipy-all') {
      scipyAll = true;
    } else if (a.startsWith('-')) {
      throw new UsageError(`unknown option '${a}'`);
    } else {
      const w = WORKLOADS.find((x) => x.id.toLowerCase() === a.toLowerCase() || x.name === a);
      if (!w) throw new UsageError(`unknown workload '${a}'; the workloads are ${WORKLOADS.map((x) => `${x.id} (${x.name})`).join(', ')}`);
      if (!selected.includes(w)) selected.push(w);
    }
  }
  return { selected: selected.length > 0 ? selected : WORKLOADS, explicit: selected.length > 0, repeats, scipyAll };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`bench: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  const missing = args.selected.filter((w) => !w.run);
  // Asking by name for a workload that does not exist yet is an error; running "everything" is not.
  if (args.explicit && missing.length > 0) {
    console.error(`bench: not implemented yet: ${missing.map((w) => `${w.id} (${w.name})`).join(', ')}; implemented: ${implemented()}`);
    return 1;
  }
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(RESULTS, '');
  const ctx: Context = { repeats: args.repeats, scipyAll: args.scipyAll, failures: [], lines: [] };
  for (const w of args.selected) {
    if (w.run) await w.run(ctx);
  }
  if (missing.length > 0) note(`not implemented yet: ${missing.map((w) => `${w.id} (${w.name})`).join(', ')}`);
  summary(ctx.lines);
  note(`results also in ${RESULTS}`);
  for (const f of ctx.failures) console.error(`bench: FAILED: ${f}`);
  return ctx.failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
