/**
 * Benchmark W2 "constellation-access" of bench/WORKLOADS.md: a J2-secular Walker-delta
 * shell (S satellites, P planes, F = 1, 500 km, 50 deg) against ten points 300 km above sites turning
 * with the Earth, sampled at t = 0..600 s; per site the minimum and mean number of satellites
 * closer than 1,500 km. Golden Dome runs it through the core's exact plane-window culling
 * (packages/core/src/space/access-planes.ts); the numpy and numba peer scripts run in the same
 * invocation, interleaved, so the ratios are taken on the same machine at the same time.
 *
 * `runW2(options)` returns the JSON lines (the peers' form: workload, impl, s, p, seconds,
 * sat_steps_per_s, min, mean, checksum) and the failures (a checksum off the published one).
 * Standalone: `npx tsx bench/w2.ts [--repeats N]`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEG, OMEGA_EARTH, WGS84_A } from '../packages/core/src/constants.ts';
import { PlaneAccess, type PlaneAccessTracker } from '../packages/core/src/space/access-planes.ts';
import { j2SecularBatch } from '../packages/core/src/orbits/j2-secular.ts';
import { walkerDelta } from '../packages/core/src/space/walker.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Published checksums (sum of the ten minima + sum of the ten means), from the peer scripts. */
export const W2_REFERENCE_CHECKSUMS: Record<string, number> = {
  '1000/50': 419.7504159733777,
  '10000/100': 4385.760399334443,
};

export interface W2Line {
  workload: 'W2';
  impl: string;
  s: number;
  p: number;
  seconds: number;
  sat_steps_per_s: number;
  min: number[];
  mean: number[];
  checksum: number;
  [extra: string]: unknown;
}

export interface W2Options {
  /** Instances as [S, P] (default [[1000, 50], [10000, 100]]). */
  sizes?: Array<[number, number]>;
  /** Runs per implementation and size, interleaved; the line reports the median (default 3). */
  repeats?: number;
  /** Time the peer scripts too (default true, when they are found). */
  peers?: boolean;
  /** Folder of the peer scripts (default $GOLDEN_DOME_PEERS_DIR or bench/peers). */
  peersDir?: string;
  /** Python with numpy (default $GOLDEN_DOME_PYTHON or python3). */
  python?: string;
  /** Python with numba (default $GOLDEN_DOME_NUMBA_PYTHON or /usr/bin/python3). */
  numbaPython?: string;
  /** Where notes go (skipped peers, ...); default stderr with a '# ' prefix. */
  note?: (message: string) => void;
}

export interface W2Result {
  lines: W2Line[];
  failures: string[];
}

interface Run {
  seconds: number;
  min: number[];
  mean: number[];
  checksum: number;
  line?: W2Line;
}

const SITES = 10;
const SAMPLES = 601;

/** The W2 instance computed by Golden Dome; returns per-site minimum and mean counts. */
export function computeW2(S: number, P: number): { min: number[]; mean: number[]; checksum: number } {
  const F = 1;
  const els = walkerDelta({ total: S, planes: P, phasing: F, inclination: 50 * DEG, altitude: 500e3 });
  const access = new PlaneAccess(j2SecularBatch(els), { maxRange: 1500e3 }).tracker(SITES);
  const cosLat = new Float64Array(SITES),
    sinLat = new Float64Array(SITES),
    lon = new Float64Array(SITES);
  for (let s = 0; s < SITES; s++) {
    const lat = (39 + 0.3 * s) * DEG;
    cosLat[s] = Math.cos(lat);
    sinLat[s] = Math.sin(lat);
    lon[s] = (124 + 0.5 * s) * DEG;
  }
  const mins = new Float64Array(SITES).fill(Infinity);
  const sums = new Float64Array(SITES);
  sample(access, cosLat, sinLat, lon, mins, sums);
  const min = Array.from(mins);
  const mean = Array.from(sums, (x) => x / SAMPLES);
  const checksum = min.reduce((a, b) => a + b, 0) + mean.reduce((a, b) => a + b, 0);
  return { min, mean, checksum };
}

/** The 601 samples: site positions (as WORKLOADS.md writes them) and counts; its own function so V8 optimises the loop once. */
function sample(
  access: PlaneAccessTracker,
  cosLat: Float64Array,
  sinLat: Float64Array,
  lon: Float64Array,
  mins: Float64Array,
  sums: Float64Array,
): void {
  const rs = WGS84_A + 300e3;
  const points = new Float64Array(3 * SITES);
  const counts = new Int32Array(SITES);
  for (let t = 0; t < SAMPLES; t++) {
    for (let s = 0; s < SITES; s++) {
      const lo = lon[s] + OMEGA_EARTH * t; // inertial longitude (GMST = 0 at t = 0)
      points[3 * s] = rs * cosLat[s] * Math.cos(lo);
      points[3 * s + 1] = rs * cosLat[s] * Math.sin(lo);
      points[3 * s + 2] = rs * sinLat[s];
    }
    access.count(t, points, counts);
    for (let s = 0; s < SITES; s++) {
      if (counts[s] < mins[s]) mins[s] = counts[s];
      sums[s] += counts[s];
    }
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};
const round = (x: number, digits: number): number => Number(x.toFixed(digits));

function peer(python: string, dir: string, script: string, S: number, P: number, note: (m: string) => void): Run | null {
  const r = spawnSync(python, [script, String(S), String(P)], { cwd: dir, encoding: 'utf8', timeout: 15 * 60_000 });
  const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || last === '') {
    note(
      `${script} ${S} ${P} failed (exit ${r.status ?? r.signal}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ') || r.error?.message}`,
    );
    return null;
  }
  try {
    const line = JSON.parse(last) as W2Line;
    return { seconds: Number(line.seconds), min: line.min, mean: line.mean, checksum: Number(line.checksum), line };
  } catch {
    note(`${script} ${S} ${P}: could not parse its output: ${last}`);
    return null;
  }
}

/** Times W2 for Golden Dome and (optionally) the numpy and numba peers; see the file comment. */
export async function runW2(options: W2Options = {}): Promise<W2Result> {
  const sizes = options.sizes ?? [
    [1000, 50],
    [10_000, 100],
  ];
  const repeats = options.repeats ?? 3;
  const note = options.note ?? ((m: string) => console.error(`# ${m}`));
  const peersDir = options.peersDir ?? process.env.GOLDEN_DOME_PEERS_DIR ?? resolve(REPO, 'bench', 'peers');
  const python = options.python ?? process.env.GOLDEN_DOME_PYTHON ?? 'python3';
  const numbaPython = options.numbaPython ?? process.env.GOLDEN_DOME_NUMBA_PYTHON ?? '/usr/bin/python3';
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`runW2: repeats must be a positive integer, got ${repeats}`);

  let peersThere = options.peers ?? true;
  if (peersThere && !existsSync(join(peersDir, 'w2_access_numpy.py'))) {
    note(`W2 peer scripts not found in ${peersDir} (set GOLDEN_DOME_PEERS_DIR): timing Golden Dome only`);
    peersThere = false;
  }
  const numba = peersThere && spawnSync(numbaPython, ['-c', 'import numba'], { stdio: 'ignore' }).status === 0;
  if (peersThere && !numba)
    note(`W2 numba peer skipped: '${numbaPython} -c "import numba"' fails (install with: apt-get install -y python3-numba)`);

  // Warm-up, the analogue of the numba peer compiling before it times: V8 optimises the kernel
  // (on an instance of another size, so nothing of the timed instances is cached).
  for (let k = 0; k < 8; k++) computeW2(2000, 40);

  const lines: W2Line[] = [];
  const failures: string[] = [];
  for (const [S, P] of sizes) {
    const impls: Array<{ impl: string; run: () => Run | null }> = [
      {
        impl: 'golden-dome',
        run: () => {
          const t0 = performance.now();
          const r = computeW2(S, P);
          return { ...r, seconds: (performance.now() - t0) / 1000 };
        },
      },
    ];
    if (peersThere) impls.push({ impl: 'numpy-vectorised', run: () => peer(python, peersDir, 'w2_access_numpy.py', S, P, note) });
    if (numba) impls.push({ impl: 'numba-scalar', run: () => peer(numbaPython, peersDir, 'w2_access_numba.py', S, P, note) });

    const runs: (Run | null)[][] = impls.map(() => []);
    for (let rep = 0; rep < repeats; rep++) {
      for (let i = 0; i < impls.length; i++) runs[i].push(impls[i].run());
    }
    const reference = W2_REFERENCE_CHECKSUMS[`${S}/${P}`];
    for (let i = 0; i < impls.length; i++) {
      const ok = runs[i].filter((r): r is Run => r !== null);
      if (ok.length === 0) {
        note(`W2 ${impls[i].impl} S=${S} P=${P}: no successful run`);
        continue;
      }
      const seconds = ok.map((r) => r.seconds);
      const med = median(seconds);
      const best = ok.reduce((a, b) => (Math.abs(a.seconds - med) <= Math.abs(b.seconds - med) ? a : b));
      const line: W2Line = {
        ...(best.line ?? {}),
        workload: 'W2',
        impl: impls[i].impl,
        s: S,
        p: P,
        seconds: round(med, 4),
        sat_steps_per_s: Math.round((S * SAMPLES) / med),
        min: best.min,
        mean: best.mean.map((m) => round(m, 6)),
        checksum: best.checksum,
        seconds_min: round(Math.min(...seconds), 4),
        seconds_max: round(Math.max(...seconds), 4),
        repeats: ok.length,
      };
      lines.push(line);
      if (reference !== undefined) {
        const rel = Math.abs(best.checksum - reference) / reference;
        if (!(rel <= 1e-9))
          failures.push(
            `W2 ${impls[i].impl} S=${S} P=${P}: checksum ${best.checksum} differs from the published ${reference} (relative ${rel.toExponential(2)} > 1e-9)`,
          );
      }
    }
  }
  return { lines, failures };
}

/** Ratios of each line's rate to the numpy and numba lines of the same size (for the summary). */
export function w2Summary(lines: W2Line[]): string[] {
  const rows = lines.map((l) => {
    const at = (impl: string): W2Line | undefined => lines.find((x) => x.impl === impl && x.s === l.s);
    const ratio = (ref: W2Line | undefined): string => (ref ? `${(ref.seconds / l.seconds).toFixed(1)}x` : '-');
    return [
      l.impl,
      `${l.s}/${l.p}`,
      `${l.seconds.toFixed(4)} (${Number(l.seconds_min).toFixed(4)}-${Number(l.seconds_max).toFixed(4)})`,
      (l.sat_steps_per_s / 1e6).toFixed(1),
      ratio(at('numpy-vectorised')),
      ratio(at('numba-scalar')),
      String(l.checksum),
    ];
  });
  const head = ['impl', 'S/P', 'seconds median (min-max)', 'M sat-steps/s', 'vs numpy', 'vs numba', 'checksum'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  return ['W2 summary (speed-up = peer seconds / this seconds, same S, same run):', fmt(head), ...rows.map(fmt)];
}

// Standalone use (not when imported by bench/run.ts).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const k = process.argv.indexOf('--repeats');
  const repeats = k > 0 ? Number(process.argv[k + 1]) : 3;
  const { lines, failures } = await runW2({ repeats });
  for (const l of lines) console.log(JSON.stringify(l));
  for (const s of w2Summary(lines)) console.error(`# ${s}`);
  for (const f of failures) console.error(`bench: FAILED: ${f}`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}
