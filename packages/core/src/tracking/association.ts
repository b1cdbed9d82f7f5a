import { BallisticEkf, type BallisticEkfOptions, type RadarNoise, type SensorSite, radarToPosition } from './ekf.ts';
import type { TrackFilter } from './floor-handover.ts';
import { fixWindowSafe, GatedPairs, WINDOW_MARGIN } from './gated-pairs.ts';
import { ComponentAssignment } from './gnn-components.ts';
import { PositionGrid } from './position-grid.ts';
import { createRadarPrediction, normalisedInnovationSquared, predictedRadarMeasurement } from './radar-innovation.ts';

// ---------------------------------------------------------------------------------------------
// Chi-square gate
// ---------------------------------------------------------------------------------------------

/** ln Gamma(x), x > 0: Lanczos' series with the coefficients of Numerical Recipes, 2nd ed., sec. 6.1 (gammln; |error| < 2e-10). */
function lnGamma(x: number): number {
  const c = [76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  let y = x;
  const t = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let s = 1.0000000001900149; // 1.000000000190015 in NR, as the nearest double
  for (const ci of c) s += ci / ++y;
  return -t + Math.log((Math.sqrt(2 * Math.PI) * s) / x);
}

/**
 * Regularised lower incomplete gamma function P(a, x): its power series for x < a + 1, else
 * 1 - Q(a, x) with Q from Legendre's continued fraction by the modified Lentz method
 * (Numerical Recipes, 2nd ed., sec. 6.2, gser / gcf), to ~1e-15 relative.
 */
function regularisedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const front = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) {
    let ap = a,
      del = 1 / a,
      sum = del;
    for (let n = 0; n < 1000 && Math.abs(del) > Math.abs(sum) * 1e-16; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
    }
    return sum * Math.exp(front);
  }
  const tiny = 1e-300;
  let b = x + 1 - a,
    c = 1 / tiny,
    d = 1 / b,
    h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - Math.exp(front) * h;
}

/** Chi-square CDF with k degrees of freedom: P(k/2, x/2). */
export function chiSquareCdf(x: number, dof: number): number {
  return regularisedGammaP(dof / 2, x / 2);
}

/**
 * Chi-square quantile: the x with chiSquareCdf(x, dof) = p, by bisection to double precision.
 * For a gate: the threshold that a consistent track's true look passes with probability p
 * (3 dof: 0.95 -> 7.815, 0.99 -> 11.345, 0.999 -> 16.266; Bar-Shalom, Li & Kirubarajan, 2001, table 1.5.4-1).
 */
export function chiSquareQuantile(p: number, dof: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`chiSquareQuantile: probability must be in (0, 1), got ${p}`);
  if (!(dof > 0)) throw new Error(`chiSquareQuantile: degrees of freedom must be positive, got ${dof}`);
  let lo = 0,
    hi = Math.max(1, dof);
  while (chiSquareCdf(hi, dof) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (chiSquareCdf(mid, dof) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Gate threshold G on the normalised innovation squared nu^T S^-1 nu for a measurement of dim
 * dimensions (3 for a radar look): a look from the tracked object falls inside with probability
 * gateProbability, the ellipsoidal validation region of Bar-Shalom, Li & Kirubarajan, 2001, sec. 5.4.2.
 */
export function gateThreshold(gateProbability: number, dim = 3): number {
  return chiSquareQuantile(gateProbability, dim);
}

// ---------------------------------------------------------------------------------------------
// Assignment
// ---------------------------------------------------------------------------------------------

/**
 * Exact minimum-cost rectangular assignment: each row gets a distinct column (rows <= cols) or each
 * column a distinct row (rows > cols), minimising the total cost. Infinity marks a forbidden pair.
 *
 * The Hungarian method (Kuhn, Naval Research Logistics Quarterly 2, 1955; Munkres, J. SIAM 5, 1957) in its
 * shortest-augmenting-path form with dual potentials u, v, one row added per stage, O(n^2 m) - the
 * scheme of Jonker & Volgenant (Computing 38, 1987) without their initialisation heuristics; see
 * Burkard, Dell'Amico & Martello, Assignment Problems, 2009, sec. 4.4, and Crouse, IEEE Trans. AES 52(4),
 * 2016, for the rectangular case. Scratch arrays are kept between calls and grow as needed.
 */
export class AssignmentSolver {
  private u = new Float64Array(0);
  private v = new Float64Array(0);
  private minv = new Float64Array(0);
  private p = new Int32Array(0);
  private way = new Int32Array(0);
  private used = new Uint8Array(0);
  private transposed = new Float64Array(0);

  /**
   * Solves for cost (rows x cols, row-major). Writes, for each row, its column (or -1 when the row is
   * left out because rows > cols) to rowToCol. Returns the total cost, or Infinity when no assignment
   * avoids the forbidden pairs (rowToCol is then all -1).
   */
  solve(cost: ArrayLike<number>, rows: number, cols: number, rowToCol: Int32Array): number {
    rowToCol.fill(-1, 0, rows);
    if (rows === 0 || cols === 0) return 0;
    if (rows <= cols)
      return this.solveWide(cost, rows, cols, (c, r) => {
        rowToCol[r] = c;
      });
    // more rows than columns: solve the transpose (columns to rows)
    if (this.transposed.length < rows * cols) this.transposed = new Float64Array(rows * cols);
    const t = this.transposed;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = cost[r * cols + c];
    return this.solveWide(t, cols, rows, (r, c) => {
      rowToCol[r] = c;
    });
  }

  /** n <= m; calls assign(column, row) for each row (0-based). */
  private solveWide(a: ArrayLike<number>, n: number, m: number, assign: (col: number, row: number) => void): number {
    if (this.v.length < m + 1) {
      this.v = new Float64Array(m + 1);
      this.minv = new Float64Array(m + 1);
      this.p = new Int32Array(m + 1);
      this.way = new Int32Array(m + 1);
      this.used = new Uint8Array(m + 1);
    }
    if (this.u.length < n + 1) this.u = new Float64Array(n + 1);
    const { u, v, minv, p, way, used } = this;
    u.fill(0, 0, n + 1);
    v.fill(0, 0, m + 1);
    p.fill(0, 0, m + 1);
    way.fill(0, 0, m + 1);
    // 1-based rows and columns; column 0 is a virtual column holding the row being added.
    for (let i = 1; i <= n; i++) {
      p[0] = i;
      let j0 = 0;
      minv.fill(Infinity, 0, m + 1);
      used.fill(0, 0, m + 1);
      do {
        used[j0] = 1;
        const i0 = p[j0];
        let delta = Infinity,
          j1 = -1;
        const base = (i0 - 1) * m - 1;
        for (let j = 1; j <= m; j++) {
          if (used[j]) continue;
          const cur = a[base + j] - u[i0] - v[j];
          if (cur < minv[j]) {
            minv[j] = cur;
            way[j] = j0;
          }
          if (minv[j] < delta) {
            delta = minv[j];
            j1 = j;
          }
        }
        if (j1 < 0 || delta === Infinity) return Infinity; // the row cannot reach a free column
        for (let j = 0; j <= m; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else minv[j] -= delta;
        }
        j0 = j1;
      } while (p[j0] !== 0);
      do {
        const j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 !== 0);
    }
    let total = 0;
    for (let j = 1; j <= m; j++) {
      if (p[j] !== 0) {
        assign(j - 1, p[j] - 1);
        total += a[(p[j] - 1) * m + j - 1];
      }
    }
    return total;
  }
}

// ---------------------------------------------------------------------------------------------
// Track management
// ---------------------------------------------------------------------------------------------

export type TrackStatus = 'tentative' | 'confirmed';

/** Two-fix initiation's default velocity gate [m/s]: Earth escape speed (TrackManagerOptions.maxSpeed). */
export const INITIATION_MAX_SPEED = 11_200;

export interface ManagedTrack {
  readonly id: number;
  status: TrackStatus;
  readonly filter: TrackFilter;
  /** Hit history over the last N covering scans, bit 0 the latest (1 = updated by a look). */
  history: number;
  /** Covering scans since the track's first fix (the two initiating fixes count as two). */
  scans: number;
  consecutiveMisses: number;
  /** Time of the last look that updated the track [s]. */
  lastHit: number;
  /** Normalised innovation squared of the last update (NaN before the first). */
  lastNis: number;
}

export interface TrackManagerOptions {
  /** The filter each new track runs. */
  filter: BallisticEkfOptions;
  /** Makes each new track's filter instead (e.g. a FloorHandoverFilter); default a BallisticEkf of `filter`. */
  createFilter?: () => TrackFilter;
  /** Probability that a consistent track's own look falls inside its gate (default 0.99 -> G = 11.34 for 3 dof). */
  gateProbability?: number;
  /** M of the M-of-N confirmation: hits needed among the last N covering scans (default 4). */
  confirmHits?: number;
  /** N of the M-of-N confirmation (default 5; at most 30). A tentative track not confirmed within N scans of its first fix is deleted. */
  confirmWindow?: number;
  /** K: a confirmed track is deleted after K consecutive covering scans without a look (default 3). */
  maxMisses?: number;
  /** Two-fix initiation's velocity gate [m/s]: the implied speed must lie in [minSpeed, maxSpeed] (defaults 0 and 11,200, Earth escape speed). */
  minSpeed?: number;
  maxSpeed?: number;
  /** Slack of the velocity gate in standard deviations of the two fixes' position errors (default 3). */
  initiationSigmas?: number;
  /**
   * Two-fix initiation: 'all' pairs every left-over look with every candidate of the sensor's previous
   * scan that passes the velocity gate (logic-based initiation; the wrong pairs die at the next gates);
   * 'nearest' pairs each look with the one nearest such candidate only (one tentative track per look:
   * bounded work in a dense cluster of objects). Default 'all'.
   */
  initiation?: 'all' | 'nearest';
  /**
   * How gating and assignment find their pairs: 'bucketed' (default) tests only the looks inside each
   * track's window and solves the assignment per connected component (gated-pairs.ts, gnn-components.ts);
   * 'every-pair' tests every track against every look and solves one assignment over the whole scan (the
   * reference the bucketed search is tested against: both give identical tracks).
   */
  association?: 'bucketed' | 'every-pair';
}

/** One scan of one radar: the looks it reported at time t. */
export interface RadarScan {
  t: number;
  /** The sensor's id: a one-fix candidate is paired only with the same sensor's next scan. */
  sensor: string;
  /** The sensor in ECI at time t. */
  site: SensorSite;
  noise: RadarNoise;
  /** Range [m], azimuth [rad], elevation [rad] of each detection. */
  detections: readonly ArrayLike<number>[];
  /**
   * Whether this scan could have seen an object at ECI state x (for instance: in the radar's coverage).
   * Tracks it could not have seen are neither predicted nor charged a miss. All tracks when absent.
   */
  covers?: (x: Float64Array, trackId: number) => boolean;
  /**
   * Instead of `covers`: the ids of the live tracks the scan covers, ascending (the caller keeps them by what
   * they follow; `covers` asks every live track, and each of a raid's scans covers a few of thousands).
   * Ids of tracks no longer live are skipped. Takes precedence over `covers`.
   */
  coveredTracks?: readonly number[];
}

/** One frame of a sensor that reports 3-D positions (a stereo fix of two space infrared satellites). */
export interface FixScan {
  t: number;
  sensor: string;
  /** ECI position [m] and its covariance (3 x 3 row-major, m^2) of each fix. */
  fixes: readonly { position: Float64Array; covariance: Float64Array }[];
  /** As RadarScan.covers. */
  covers?: (x: Float64Array, trackId: number) => boolean;
  /** As RadarScan.coveredTracks. */
  coveredTracks?: readonly number[];
}

/** Normalised innovation squared of a 3-D position fix against a track at the fix's time: nu^T (P_rr + R)^-1 nu (chi-square, 3 dof). */
export function fixInnovationSquared(
  track: { x: ArrayLike<number>; P: ArrayLike<number> },
  fix: { position: ArrayLike<number>; covariance: ArrayLike<number> },
): number {
  const { x, P } = track;
  const c = fix.covariance;
  const a = P[0] + c[0],
    b = P[1] + c[1],
    cc = P[2] + c[2],
    d = P[7] + c[4],
    e = P[8] + c[5],
    f = P[14] + c[8];
  const A = d * f - e * e,
    B = cc * e - b * f,
    C = b * e - cc * d;
  const det = a * A + b * B + cc * C;
  if (!(det > 0)) return Infinity;
  const n0 = fix.position[0] - x[0],
    n1 = fix.position[1] - x[1],
    n2 = fix.position[2] - x[2];
  const i00 = A,
    i01 = B,
    i02 = C,
    i11 = a * f - cc * cc,
    i12 = b * cc - a * e,
    i22 = a * d - b * b;
  return (i00 * n0 * n0 + i11 * n1 * n1 + i22 * n2 * n2 + 2 * (i01 * n0 * n1 + i02 * n0 * n2 + i12 * n1 * n2)) / det;
}

export interface ScanOutcome {
  /** Per detection: the id of the track it updated or started, or -1 (kept as a one-fix candidate or dropped). */
  readonly detectionTrack: Int32Array;
  /** Ids of tracks started (tentative) in this scan. */
  readonly started: number[];
  /** Ids of tracks confirmed in this scan. */
  readonly confirmed: number[];
  /** Ids of tracks deleted in this scan. */
  readonly deleted: number[];
}

interface Candidate {
  sensor: string;
  t: number;
  position: Float64Array;
  covariance: Float64Array;
}

function popcount(x: number): number {
  let n = 0;
  for (let b = x; b !== 0; b &= b - 1) n++;
  return n;
}

/**
 * The one-fix candidates of a sensor in a grid whose cell is the velocity gate's widest reach over every
 * candidate and left-over look (maxSpeed x the longest dt, plus the slack of the largest errors), widened
 * by WINDOW_MARGIN; null when there is nothing to search or the reach is not finite.
 */
function candidateGrid(
  old: readonly Candidate[],
  fixes: ReadonlyArray<{ position: Float64Array; covariance: Float64Array } | undefined>,
  used: Uint8Array,
  t: number,
  maxSpeed: number,
  sigmas: number,
): { grid: PositionGrid; reach: number } | null {
  if (old.length === 0) return null;
  let dt = 0,
    trace1 = 0,
    trace2 = 0;
  for (const c of old) {
    dt = Math.max(dt, t - c.t);
    trace1 = Math.max(trace1, c.covariance[0] + c.covariance[4] + c.covariance[8]);
  }
  fixes.forEach((f, j) => {
    if (f && !used[j]) trace2 = Math.max(trace2, f.covariance[0] + f.covariance[4] + f.covariance[8]);
  });
  const reach = (maxSpeed * dt + sigmas * Math.sqrt(trace1 + trace2)) * WINDOW_MARGIN;
  if (!(reach > 0 && Number.isFinite(reach))) return null;
  const grid = new PositionGrid(reach);
  old.forEach((c, k) => grid.insert(k, c.position[0], c.position[1], c.position[2]));
  return { grid, reach };
}

/**
 * Holds a sensor network's tracks and associates each radar scan with them:
 *
 * 1. Every track the scan covers is predicted to the scan time and gated: a look is a candidate for a
 *    track when its normalised innovation squared d^2 = nu^T S^-1 nu is at most G, the chi-square(3)
 *    quantile of the gate probability (the innovation from predictedRadarMeasurement; no update yet).
 * 2. Global nearest neighbour: one look per track and one track per look, minimising the total d^2
 *    over the tracks, with "no look" allowed at cost G per track (Blackman & Popoli, Design and
 *    Analysis of Modern Tracking Systems, 1999, sec. 6.5.1) - solved exactly by AssignmentSolver, first
 *    over the confirmed tracks, then over the tentative ones with the looks left (a wrong tentative
 *    track from a mismatched pair of fixes never takes an established track's look).
 * 3. Assigned tracks are updated (BallisticEkf.updateRadar); the others coast on their prediction.
 * 4. Looks left over are paired with the same sensor's one-fix candidates of its previous scan when the
 *    implied speed passes the velocity gate; each pair starts a tentative track by two-point
 *    differencing (BallisticEkf.initialiseFromFixes). A candidate pairs with every look it passes with
 *    (several tentative tracks; the wrong ones die at the next gates: Bar-Shalom, Willett & Tian,
 *    Tracking and Data Fusion, 2011, sec. 3.3, logic-based initiation). Every look left over also
 *    becomes a candidate for the sensor's next scan (a look paired only with wrong candidates - its own
 *    object missed last scan - must still start its object's track); older candidates are dropped.
 * 5. M-of-N logic: a tentative track is confirmed when M of its last N covering scans were hits (the
 *    two initiating fixes are two), and deleted if that has not happened within N scans of its first
 *    fix; a confirmed track is deleted after K consecutive misses.
 *
 * Scratch (gating, cost matrix, assignment) is kept between scans; a scan allocates only its outcome,
 * the fixes of looks left over, and new tracks.
 */
export class TrackManager {
  readonly gate: number;
  readonly confirmHits: number;
  readonly confirmWindow: number;
  readonly maxMisses: number;
  readonly minSpeed: number;
  readonly maxSpeed: number;
  readonly initiationSigmas: number;
  readonly initiation: 'all' | 'nearest';
  readonly association: 'bucketed' | 'every-pair';
  private readonly filterOptions: BallisticEkfOptions;
  private readonly createFilter: (() => TrackFilter) | null;
  /** Live tracks in the order they were started (dropped ones are removed lazily, see live()). */
  private readonly list: ManagedTrack[] = [];
  private readonly byId = new Map<number, ManagedTrack>();
  private droppedSinceCompaction = 0;
  private candidates: Candidate[] = [];
  private nextId = 1;
  private lastScanTime = -Infinity;
  private readonly prediction = createRadarPrediction();
  private readonly solver = new AssignmentSolver();
  private cost = new Float64Array(0);
  private d2 = new Float64Array(0);
  private rowToCol = new Int32Array(0);
  private colOfRow = new Int32Array(0);
  private taken = new Uint8Array(0);
  private active: ManagedTrack[] = [];
  private readonly covered: ManagedTrack[] = [];
  private readonly pairs = new GatedPairs();
  private readonly components = new ComponentAssignment();

  constructor(options: TrackManagerOptions) {
    const p = options.gateProbability ?? 0.99;
    this.gate = gateThreshold(p, 3);
    this.confirmHits = options.confirmHits ?? 4;
    this.confirmWindow = options.confirmWindow ?? 5;
    this.maxMisses = options.maxMisses ?? 3;
    this.minSpeed = options.minSpeed ?? 0;
    this.maxSpeed = options.maxSpeed ?? INITIATION_MAX_SPEED;
    this.initiationSigmas = options.initiationSigmas ?? 3;
    this.initiation = options.initiation ?? 'all';
    this.association = options.association ?? 'bucketed';
    this.filterOptions = options.filter;
    this.createFilter = options.createFilter ?? null;
    const { confirmHits: m, confirmWindow: n, maxMisses: k } = this;
    if (!(Number.isInteger(n) && n >= 2 && n <= 30)) throw new Error(`TrackManager: confirmWindow N must be an integer in 2..30, got ${n}`);
    if (!(Number.isInteger(m) && m >= 2 && m <= n))
      throw new Error(`TrackManager: confirmHits M must be an integer in 2..N (${n}), got ${m}`);
    if (!(Number.isInteger(k) && k >= 1)) throw new Error(`TrackManager: maxMisses K must be a positive integer, got ${k}`);
    if (!(this.maxSpeed > this.minSpeed && this.minSpeed >= 0))
      throw new Error(`TrackManager: need 0 <= minSpeed < maxSpeed (got ${this.minSpeed}, ${this.maxSpeed} m/s)`);
  }

  /** All live tracks, tentative and confirmed (read-only view; do not modify). */
  get tracks(): readonly ManagedTrack[] {
    return this.live();
  }

  confirmedTracks(): ManagedTrack[] {
    return this.live().filter((t) => t.status === 'confirmed');
  }

  track(id: number): ManagedTrack | undefined {
    return this.byId.get(id);
  }

  /** Drops a track (e.g. a duplicate merged into another); false when there is none of that id. */
  drop(id: number): boolean {
    if (!this.byId.delete(id)) return false;
    this.droppedSinceCompaction++; // removed from the list at its next read (O(1) per drop)
    return true;
  }

  /** The live tracks in start order, with dropped ones removed. */
  private live(): ManagedTrack[] {
    if (this.droppedSinceCompaction > 0) {
      let k = 0;
      for (const tr of this.list) if (this.byId.get(tr.id) === tr) this.list[k++] = tr;
      this.list.length = k;
      this.droppedSinceCompaction = 0;
    }
    return this.list;
  }

  /** Associates one scan (radar looks, or 3-D position fixes); scans must come in time order. */
  processScan(scan: RadarScan | FixScan): ScanOutcome {
    const { t } = scan;
    if (t < this.lastScanTime) throw new Error(`TrackManager: scans must be in time order (got t = ${t} s after ${this.lastScanTime} s)`);
    this.lastScanTime = t;
    const isFix = 'fixes' in scan;
    const nd = isFix ? scan.fixes.length : scan.detections.length;
    const outcome: ScanOutcome = { detectionTrack: new Int32Array(nd).fill(-1), started: [], confirmed: [], deleted: [] };

    // 1. predict and gate the covered tracks, confirmed ones first
    const active = this.active;
    active.length = 0;
    let nc: number;
    if (scan.coveredTracks) {
      // the same tracks in the same order as the live list filtered by covers: the list is in id order
      const covered = this.covered;
      covered.length = 0;
      for (const id of scan.coveredTracks) {
        const tr = this.byId.get(id);
        if (tr) covered.push(tr);
      }
      for (const tr of covered) {
        tr.filter.predict(t);
        if (tr.status === 'confirmed') active.push(tr);
      }
      nc = active.length;
      for (const tr of covered) if (tr.status === 'tentative') active.push(tr);
    } else {
      const list = this.live();
      for (const tr of list) {
        if (scan.covers && !scan.covers(tr.filter.x, tr.id)) continue;
        tr.filter.predict(t);
        if (tr.status === 'confirmed') active.push(tr);
      }
      nc = active.length;
      for (const tr of list) if (tr.status === 'tentative' && !(scan.covers && !scan.covers(tr.filter.x, tr.id))) active.push(tr);
    }
    const nt = active.length;
    if (this.rowToCol.length < nt) this.rowToCol = new Int32Array(nt);
    if (this.taken.length < nd) this.taken = new Uint8Array(nd);
    const { rowToCol, gate, taken } = this;
    if (this.association === 'bucketed') {
      this.gateBucketed(scan, active, nd);
      taken.fill(0, 0, nd);
      this.components.assign(this.pairs, 0, nc, nd, taken, gate, rowToCol, this.solver);
      this.components.assign(this.pairs, nc, nt, nd, taken, gate, rowToCol, this.solver);
    } else {
      this.gateEveryPair(scan, active, nd);
      // 2. global nearest neighbour, confirmed tracks first so that a tentative track never takes a
      //    confirmed track's look (track priority; Blackman & Popoli, 1999, sec. 6.5)
      taken.fill(0, 0, nd);
      this.assignRows(0, nc, nd);
      this.assignRows(nc, nt, nd);
    }

    // 3. update or coast; M-of-N bookkeeping
    this.updateTracks(scan, active, nc, nt, outcome);

    // 4. two-fix initiation from the looks left over
    this.initiate(scan, nd, outcome);
    return outcome;
  }

  /** Gating by windows (gated-pairs.ts): the pairs inside the gate, with d^2, for rows in `active` order. */
  private gateBucketed(scan: RadarScan | FixScan, active: readonly ManagedTrack[], nd: number): void {
    const { pairs, gate, prediction } = this;
    pairs.begin(active.length);
    if ('fixes' in scan) {
      const fixes = scan.fixes;
      pairs.sortKeys(nd, (j) => fixes[j].position[0]);
      // the window's widest xx covariance, and the diagonal bounds that make it safe (fixWindowSafe)
      const minC = [Infinity, Infinity, Infinity],
        maxC = [0, 0, 0];
      let diagonal = true;
      for (const f of fixes) {
        const c = f.covariance;
        if (c[1] !== 0 || c[2] !== 0 || c[3] !== 0 || c[5] !== 0 || c[6] !== 0 || c[7] !== 0) diagonal = false;
        for (let a = 0; a < 3; a++) {
          minC[a] = Math.min(minC[a], c[4 * a]);
          maxC[a] = Math.max(maxC[a], c[4 * a]);
        }
      }
      for (const tr of active)
        pairs.addFixRow(
          tr.filter,
          fixes,
          gate,
          maxC[0],
          diagonal && nd > 0 && fixWindowSafe(tr.filter.P, minC, maxC),
          fixInnovationSquared,
        );
    } else {
      const detections = scan.detections;
      pairs.sortKeys(nd, (j) => detections[j][0]);
      for (const tr of active) pairs.addRadarRow(tr.filter, scan.site, scan.noise, prediction, detections, gate);
    }
  }

  /** Gating of every track against every look (the reference): dense d^2, Infinity outside the gate. */
  private gateEveryPair(scan: RadarScan | FixScan, active: readonly ManagedTrack[], nd: number): void {
    const nt = active.length;
    const isFix = 'fixes' in scan;
    if (this.d2.length < nt * nd) this.d2 = new Float64Array(nt * nd);
    const { d2, gate, prediction } = this;
    for (let i = 0; i < nt; i++) {
      if (isFix) {
        for (let j = 0; j < nd; j++) {
          const q = fixInnovationSquared(active[i].filter, scan.fixes[j]);
          d2[i * nd + j] = q <= gate ? q : Infinity;
        }
      } else {
        predictedRadarMeasurement(active[i].filter, scan.site, scan.noise, prediction);
        for (let j = 0; j < nd; j++) {
          const q = normalisedInnovationSquared(prediction, scan.detections[j]);
          d2[i * nd + j] = q <= gate ? q : Infinity;
        }
      }
    }
  }

  /** Step 3: assigned tracks updated, the others coast; M-of-N confirmation and deletion. */
  private updateTracks(scan: RadarScan | FixScan, active: readonly ManagedTrack[], nc: number, nt: number, outcome: ScanOutcome): void {
    const { t } = scan;
    const isFix = 'fixes' in scan;
    const { rowToCol } = this;
    const mask = (1 << this.confirmWindow) - 1;
    const doomed = new Set<ManagedTrack>();
    for (let i = 0; i < nt; i++) {
      const tr = active[i];
      const j = rowToCol[i];
      const hit = j >= 0;
      if (hit) {
        tr.lastNis = isFix
          ? tr.filter.updatePosition(scan.fixes[j].position, scan.fixes[j].covariance)
          : tr.filter.updateRadar(scan.site, scan.detections[j], scan.noise);
        tr.lastHit = t;
        tr.consecutiveMisses = 0;
        outcome.detectionTrack[j] = tr.id;
      } else {
        tr.consecutiveMisses++;
      }
      tr.history = ((tr.history << 1) | (hit ? 1 : 0)) & mask;
      tr.scans++;
      if (tr.status === 'tentative') {
        if (popcount(tr.history) >= this.confirmHits) {
          tr.status = 'confirmed';
          outcome.confirmed.push(tr.id);
        } else if (tr.scans >= this.confirmWindow) {
          doomed.add(tr);
        }
      } else if (tr.consecutiveMisses >= this.maxMisses) {
        doomed.add(tr);
      }
    }
    if (doomed.size > 0) {
      for (const tr of doomed) {
        outcome.deleted.push(tr.id);
        this.byId.delete(tr.id);
      }
      const kept = this.list.filter((tr) => !doomed.has(tr));
      this.list.length = 0;
      this.list.push(...kept);
    }
  }

  /** Step 4: two-fix initiation from the looks left over; the looks left become the sensor's next candidates. */
  private initiate(scan: RadarScan | FixScan, nd: number, outcome: ScanOutcome): void {
    const { t } = scan;
    const isFix = 'fixes' in scan;
    const old = this.candidates.filter((c) => c.sensor === scan.sensor);
    const next: Candidate[] = this.candidates.filter((c) => c.sensor !== scan.sensor);
    const used = new Uint8Array(nd);
    for (let j = 0; j < nd; j++) used[j] = outcome.detectionTrack[j] >= 0 ? 1 : 0;
    const fixes: Array<{ position: Float64Array; covariance: Float64Array } | undefined> = new Array(nd);
    for (let j = 0; j < nd; j++)
      if (!used[j]) fixes[j] = isFix ? scan.fixes[j] : radarToPosition(scan.site, scan.detections[j], scan.noise);
    const start = (c: Candidate, j: number, f: { position: Float64Array; covariance: Float64Array }): void => {
      const filter = (this.createFilter ? this.createFilter() : new BallisticEkf(this.filterOptions)).initialiseFromFixes(
        c.t,
        c.position,
        c.covariance,
        t,
        f.position,
        f.covariance,
      );
      const tr: ManagedTrack = {
        id: this.nextId++,
        status: 'tentative',
        filter,
        history: 0b11,
        scans: 2,
        consecutiveMisses: 0,
        lastHit: t,
        lastNis: NaN,
      };
      if (popcount(tr.history) >= this.confirmHits) {
        tr.status = 'confirmed';
        outcome.confirmed.push(tr.id);
      }
      this.list.push(tr);
      this.byId.set(tr.id, tr);
      outcome.started.push(tr.id);
      if (outcome.detectionTrack[j] < 0) outcome.detectionTrack[j] = tr.id;
    };
    // the velocity gate: |p2 - p1| within [minSpeed dt, maxSpeed dt] widened by the fixes' errors; returns
    // the normalised miss from the gate's middle (for nearest-candidate initiation) or Infinity
    const pairScore = (c: Candidate, f: { position: Float64Array; covariance: Float64Array }): number => {
      const dt = t - c.t;
      if (!(dt > 0)) return Infinity;
      const trace1 = c.covariance[0] + c.covariance[4] + c.covariance[8];
      const slack = this.initiationSigmas * Math.sqrt(trace1 + f.covariance[0] + f.covariance[4] + f.covariance[8]);
      const dist = Math.hypot(f.position[0] - c.position[0], f.position[1] - c.position[1], f.position[2] - c.position[2]);
      if (dist > this.maxSpeed * dt + slack || dist < this.minSpeed * dt - slack) return Infinity;
      return Math.abs(dist - 0.5 * (this.minSpeed + this.maxSpeed) * dt) / Math.max(slack, 1e-9);
    };
    if (this.initiation === 'all') {
      for (const c of old) {
        for (let j = 0; j < nd; j++) {
          const f = fixes[j];
          if (used[j] || !f || pairScore(c, f) === Infinity) continue;
          start(c, j, f);
        }
      }
    } else {
      // one tentative track per look, with the candidate nearest to where the look's own predicted
      // position puts it: the candidate whose position, moved by the mean speed of the pair, is closest.
      // Bucketed: only the candidates within the velocity gate's widest reach of the look are tested
      // (the others fail pairScore), in the same order, so the same candidate is chosen.
      const near = this.association === 'bucketed' ? candidateGrid(old, fixes, used, t, this.maxSpeed, this.initiationSigmas) : null;
      for (let j = 0; j < nd; j++) {
        const f = fixes[j];
        if (used[j] || !f) continue;
        let best: Candidate | null = null,
          bestDist = Infinity;
        const tested = near ? near.grid.query(f.position[0], f.position[1], f.position[2], near.reach).map((k) => old[k]) : old;
        for (const c of tested) {
          if (pairScore(c, f) === Infinity) continue;
          const d = Math.hypot(f.position[0] - c.position[0], f.position[1] - c.position[1], f.position[2] - c.position[2]);
          if (d < bestDist) {
            bestDist = d;
            best = c;
          }
        }
        if (best) start(best, j, f);
      }
    }
    for (let j = 0; j < nd; j++) {
      const f = fixes[j];
      if (f) next.push({ sensor: scan.sensor, t, position: f.position, covariance: f.covariance });
    }
    this.candidates = next;
  }

  /**
   * GNN over the active tracks r0..r1-1 and the looks not yet taken: cost d^2 inside the gate, G for
   * "no look" (each track its own no-look column), forbidden otherwise. Writes rowToCol (look or -1)
   * and marks the looks taken.
   */
  private assignRows(r0: number, r1: number, nd: number): void {
    const n = r1 - r0;
    if (n === 0) return;
    const cols = nd + n;
    if (this.cost.length < n * cols) this.cost = new Float64Array(n * cols);
    if (this.colOfRow.length < n) this.colOfRow = new Int32Array(n);
    const { cost, d2, gate, taken, colOfRow, rowToCol } = this;
    for (let i = 0; i < n; i++) {
      const row = i * cols;
      for (let j = 0; j < nd; j++) cost[row + j] = taken[j] ? Infinity : d2[(r0 + i) * nd + j];
      for (let k = 0; k < n; k++) cost[row + nd + k] = k === i ? gate : Infinity;
    }
    this.solver.solve(cost, n, cols, colOfRow);
    for (let i = 0; i < n; i++) {
      const j = colOfRow[i];
      if (j >= 0 && j < nd) {
        rowToCol[r0 + i] = j;
        taken[j] = 1;
      } else {
        rowToCol[r0 + i] = -1;
      }
    }
  }
}
