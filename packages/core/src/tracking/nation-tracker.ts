import type { TrackerSettings } from '../engine/world.ts';
import { fixInnovationSquared, type FixScan, type ManagedTrack, type RadarScan, TrackManager } from './association.ts';
import { FloorHandoverFilter, type TrackFilter } from './floor-handover.ts';
import { fixWindowSafe, WINDOW_MARGIN } from './gated-pairs.ts';
import { PositionGrid } from './position-grid.ts';
import { SnapshotLog } from './snapshot-log.ts';
import type { RadarNoise, SensorSite } from './ekf.ts';
import {
  ballisticCoefficientLogLikelihoodRatio,
  type DragCueOptions,
  labelLogLikelihoodRatio,
  logOdds,
  probabilityFromLogOdds,
  type SensorConfusion,
} from './discrimination.ts';

/**
 * One scan of one sensor as a nation's tracker receives it: what the sensor measured (never truth), plus
 * simulation bookkeeping the tracker itself never reads for its estimates: which object each detection
 * came from (to score tracks against the truth) and which objects the scan's geometry covered.
 */
export interface NationScan {
  /** Measurement time [s]. */
  t: number;
  /** When the nation holds the scan [s]: t plus the sharing delay (0 for its own sensors). */
  knownAt: number;
  sensor: string;
  /** Radar looks: the site in ECI at t and the noise the nation's filter assumes; absent for position fixes. */
  radar?: { site: SensorSite; noise: RadarNoise };
  /** Range/azimuth/elevation (radar) or ECI position (fix) per detection. */
  values: Float64Array[];
  /** Fix covariances (3 x 3), one per detection, for position fixes. */
  covariances?: Float64Array[];
  /** Truth: the world object index each detection came from (NO_OBJECT: a false alarm). */
  objects: readonly number[];
  /** The sensor's discrimination label per detection: +1 warhead, -1 decoy, 0 none. */
  labels: readonly number[];
  /** The sensor's confusion model (labels' likelihoods), when it labels. */
  confusion: SensorConfusion | null;
  /** Truth: world object indices the scan's geometry covered (seen or not): a Set, or an IndexSet (index-set.ts). */
  covered: { has(object: number): boolean; forEach(visit: (object: number) => void): void };
}

/** An update of a confirmed track: its estimate after a measurement. */
export interface TrackSnapshot {
  t: number;
  knownAt: number;
  x: Float64Array;
  P: Float64Array;
  /** The object the track followed then (truth; NO_OBJECT: false alarms) and its P(warhead) in log-odds then. */
  object: number;
  logOdds: number;
  /** Below the floor: the re-entry filter's full state [r, v, ln beta] and 7 x 7 covariance. */
  reentry?: { x: Float64Array; P: Float64Array };
}

/** A nation's track and what the simulation knows about it. */
export interface NationTrack {
  id: number;
  /** Truth: the world object most of its recent detections came from (what a shot at this track would meet); NO_OBJECT for false alarms. */
  object: number;
  /** Truth: the objects of its last detections (most recent last). */
  recent: number[];
  /** ln(P / (1 - P)) of P(warhead), from the prior, the labels the track received and its drag cue. */
  logOdds: number;
  /**
   * The drag cue's share of logOdds: the log-likelihood ratio of the re-entry filter's latest ln beta
   * estimate (0 above the floor). Replaced at each update, not summed: the estimate already holds every
   * measurement of the drag so far.
   */
  dragLogOdds: number;
  /** When the track became firm (M of N), as the nation holds it [s]; null while tentative. */
  confirmedAt: number | null;
  sources: Set<string>;
  /** Updates since confirmation, time-ordered. */
  snapshots: SnapshotLog;
  /** When the track was dropped (missed too often), as the nation holds it [s]; null while live. */
  deletedAt: number | null;
}

const RECENT = 5;

/**
 * The object index of a detection no object made (a radar false alarm, sensors/radar/false-alarms.ts), and of
 * a track that follows none (most of its recent detections were false alarms): truth bookkeeping, never read
 * by the estimates.
 */
export const NO_OBJECT = -1;

/**
 * The drag cue reads the re-entry filter's ln beta variance times this factor: the filter is
 * overconfident while it learns beta (its mean NEES peaks at up to ~3.4 times the 7 it should be,
 * bounded at 4 x 7 in reentry-ekf.test.ts), so the cue takes the bound as the variance's shortfall
 * rather than act on a sharper beta than the filter has (a model choice; docs/closed-kill-chain.md).
 */
const DRAG_CUE_VARIANCE_FACTOR = 4;

/**
 * The drag cue counts from a track's third re-entry update on: one or two updates below the floor hold
 * little drag (and a track in a cluster may have taken them from a neighbour), while the filter's
 * variance already claims more (a model choice; docs/closed-kill-chain.md).
 */
const DRAG_CUE_MIN_UPDATES = 3;

/**
 * A nation's track picture: every scan the nation may use, in time order, through one TrackManager
 * (chi-square gating, global-nearest-neighbour association, two-fix initiation, M-of-N confirmation,
 * the ballistic EKF per track), with each track's P(warhead) in log-odds from the labels of the
 * detections it took (Bayes in odds form, discrimination.ts). Which object a track follows is scored
 * from the truth of the detections it took: a track that swaps objects in a cluster follows the new one.
 */
export class NationTracker {
  readonly tracks = new Map<number, NationTrack>();
  private readonly manager: TrackManager;
  private readonly prior: number;
  private readonly dragCue: DragCueOptions | null;
  /** Per track: updates of its re-entry filter so far. */
  private readonly dragUpdates = new Map<number, number>();
  /** Per confirmed track: the tracks a scan updated together with it inside the gate (resolved: never one object). */
  private readonly distinct = new Map<number, Set<number>>();
  /**
   * The live tracks (the manager's) by the object they follow (NationTrack.object): a scan covers the tracks of
   * the objects it covers, found from these instead of asking every live track.
   */
  private readonly byObject = new Map<number, Set<number>>();
  /**
   * The tracks the scans at time `touchedAt` so far covered or started: the only ones whose filter is at that
   * time (scans come in time order, and only a scan moves a filter), i.e. the duplicate rule's coasting
   * candidates, found without reading every confirmed track at each scan. `touchedSorted`: them ascending, or null.
   */
  private touchedAt = NaN;
  private readonly touched = new Set<number>();
  private touchedSorted: number[] | null = [];

  /**
   * `options`: the filter each track runs (default: the ballistic EKF handing over to the re-entry filter
   * below the floor; the air tracks run air-track.ts's ConstantVelocityFilter) and the two-fix initiation's
   * speed gate (default TrackManager's).
   */
  constructor(settings: TrackerSettings, options: { createFilter?: () => TrackFilter; maxSpeed?: number } = {}) {
    this.dragCue = settings.dragCue ?? null;
    this.manager = new TrackManager({
      filter: { accelerationPsd: settings.accelerationPsd, radarIterations: 3 },
      // below the floor a track runs the re-entry filter (ballistic coefficient estimated from the drag)
      createFilter:
        options.createFilter ??
        (() =>
          new FloorHandoverFilter({
            ballistic: { accelerationPsd: settings.accelerationPsd, radarIterations: 3 },
            reentry: { accelerationPsd: settings.accelerationPsd },
            floorAltitude: settings.floorAltitude,
          })),
      confirmHits: settings.confirmHits,
      confirmWindow: settings.confirmWindow,
      maxMisses: settings.maxMisses,
      initiation: 'nearest',
      ...(options.maxSpeed !== undefined ? { maxSpeed: options.maxSpeed } : {}),
    });
    this.prior = logOdds(settings.priorWarhead);
  }

  /** Processes one scan; returns the tracks it confirmed and the confirmed tracks it updated. */
  process(scan: NationScan): { confirmed: NationTrack[]; updated: NationTrack[] } {
    // the tracks it covers: those following an object it covers (every live track has a NationTrack)
    const coveredTracks: number[] = [];
    scan.covered.forEach((o) => {
      const ids = this.byObject.get(o);
      if (ids) for (const id of ids) coveredTracks.push(id);
    });
    // a track on false alarms follows no object a scan could cover: every scan of a sensor that fed it covers
    // it (it lies where that sensor looked), so it is gated there and charged its misses, and soon dropped
    const onNothing = this.byObject.get(NO_OBJECT);
    if (onNothing) for (const id of onNothing) if (this.tracks.get(id)?.sources.has(scan.sensor)) coveredTracks.push(id);
    coveredTracks.sort((a, b) => a - b);
    const out = scan.radar
      ? this.manager.processScan({
          t: scan.t,
          sensor: scan.sensor,
          site: scan.radar.site,
          noise: scan.radar.noise,
          detections: scan.values,
          coveredTracks,
        } satisfies RadarScan)
      : this.manager.processScan({
          t: scan.t,
          sensor: scan.sensor,
          fixes: scan.values.map((position, j) => ({ position, covariance: (scan.covariances as Float64Array[])[j] })),
          coveredTracks,
        } satisfies FixScan);
    if (scan.t !== this.touchedAt) {
      this.touchedAt = scan.t;
      this.touched.clear();
      this.touchedSorted = [];
    }
    for (const id of [...coveredTracks, ...out.started]) {
      if (this.touched.has(id)) continue;
      this.touched.add(id);
      this.touchedSorted = null;
    }
    // the first detection of each started track (a Map, not indexOf per track: a scan may start thousands)
    const firstDetection = new Map<number, number>();
    if (out.started.length > 0) {
      for (let j = out.detectionTrack.length - 1; j >= 0; j--) if (out.detectionTrack[j] >= 0) firstDetection.set(out.detectionTrack[j], j);
    }
    for (const id of out.started) {
      const j = firstDetection.get(id) ?? -1;
      this.follow(id, j >= 0 ? scan.objects[j] : NO_OBJECT);
      this.tracks.set(id, {
        id,
        object: j >= 0 ? scan.objects[j] : NO_OBJECT,
        recent: [],
        logOdds: this.prior,
        dragLogOdds: 0,
        confirmedAt: null,
        sources: new Set(),
        snapshots: new SnapshotLog(),
        deletedAt: null,
      });
    }
    for (const id of out.deleted) {
      this.forget(id);
      const tr = this.tracks.get(id);
      if (!tr) continue;
      this.unfollow(id, tr.object);
      if (tr.confirmedAt === null) this.tracks.delete(id);
      else tr.deletedAt = scan.knownAt;
    }
    const confirmedNow = new Set(out.confirmed);
    const confirmed: NationTrack[] = [];
    const updated: NationTrack[] = [];
    for (let j = 0; j < out.detectionTrack.length; j++) {
      const id = out.detectionTrack[j];
      const tr = id >= 0 ? this.tracks.get(id) : undefined;
      if (!tr) continue;
      tr.recent.push(scan.objects[j]);
      if (tr.recent.length > RECENT) tr.recent.shift();
      const object = mode(tr.recent);
      if (object !== tr.object) {
        this.unfollow(id, tr.object);
        this.follow(id, object);
        tr.object = object;
      }
      tr.sources.add(scan.sensor);
      if (scan.confusion && scan.labels[j] !== 0)
        tr.logOdds += labelLogLikelihoodRatio(scan.confusion, scan.labels[j] > 0 ? 'warhead' : 'decoy');
      if (confirmedNow.has(id)) {
        tr.confirmedAt = scan.knownAt;
        confirmed.push(tr);
      }
      if (tr.confirmedAt !== null) {
        const f = (this.manager.track(id) as ManagedTrack).filter;
        const reentry = f.reentryState?.() ?? undefined;
        const dragUpdates = reentry ? (this.dragUpdates.get(id) ?? 0) + 1 : 0;
        if (reentry) this.dragUpdates.set(id, dragUpdates);
        if (reentry && this.dragCue && dragUpdates >= DRAG_CUE_MIN_UPDATES) {
          const cue = ballisticCoefficientLogLikelihoodRatio(reentry.x[6], DRAG_CUE_VARIANCE_FACTOR * reentry.P[48], this.dragCue);
          tr.logOdds += cue - tr.dragLogOdds;
          tr.dragLogOdds = cue;
        }
        tr.snapshots.push(f.t, scan.knownAt, f.x, f.P, tr.object, tr.logOdds, reentry ?? undefined);
        updated.push(tr);
      }
    }
    this.mergeDuplicates(scan, updated);
    return { confirmed, updated };
  }

  /**
   * Duplicates: a second track on one object (started from a look the first track missed, both confirmed
   * since). The twins of one object are never both updated by one scan, since an object gives at most one
   * detection per scan (no split returns), so the assignment feeds one and the other coasts. The rule:
   * a confirmed track the scan covered but did not update (it was predicted to the scan time and lost the
   * assignment) whose position agrees within the gate with a track updated now is the same object, unless
   * the two were ever updated by one scan while inside the gate of each other: a sensor then resolved them
   * as two objects (they are recorded as distinct and never merged). Of a duplicate pair the younger track
   * is dropped, so engagements planned on the older one keep their track.
   * (Before 2026-12-04 the rule paired tracks updated by the same scan: exactly the resolved pairs;
   * docs/closed-kill-chain.md, "Track churn".)
   */
  private mergeDuplicates(scan: NationScan, updated: readonly NationTrack[]): void {
    const filters: Array<Estimate | undefined> = updated.map((tr) => this.manager.track(tr.id)?.filter);
    // pairs updated together inside the gate: resolved by this scan's sensor
    for (const [a, b] of duplicatePairs(filters, this.manager.gate)) this.markDistinct(updated[a].id, updated[b].id);
    const updatedIds = new Set(updated.map((tr) => tr.id));
    const coasting: number[] = [];
    // the confirmed tracks in the manager's order (ascending id) that are at the scan's time: those touched at it
    this.touchedSorted ??= [...this.touched].sort((a, b) => a - b);
    for (const id of this.touchedSorted) {
      const m = this.manager.track(id);
      if (!m || m.status !== 'confirmed') continue;
      // covered by the scan (predicted to its time) and not updated by it
      if (m.filter.t === scan.t && !updatedIds.has(m.id) && this.tracks.get(m.id)?.deletedAt === null) {
        coasting.push(m.id);
        filters.push(m.filter);
      }
    }
    if (coasting.length === 0 || updated.length === 0) return;
    const nu = updated.length;
    // only (updated, coasting) pairs: the (updated, updated) ones were found above
    for (const [a, b] of duplicatePairs(filters, this.manager.gate, nu)) {
      const ida = updated[a].id,
        idb = coasting[b - nu];
      if (this.distinct.get(ida)?.has(idb)) continue;
      if (!this.manager.track(ida) || !this.manager.track(idb)) continue; // dropped by an earlier pair
      const younger = ida > idb ? updated[a] : (this.tracks.get(idb) as NationTrack);
      this.manager.drop(younger.id);
      this.unfollow(younger.id, younger.object);
      younger.deletedAt = scan.knownAt;
      this.forget(younger.id);
    }
  }

  private follow(id: number, object: number): void {
    let ids = this.byObject.get(object);
    if (!ids) this.byObject.set(object, (ids = new Set()));
    ids.add(id);
  }

  private unfollow(id: number, object: number): void {
    const ids = this.byObject.get(object);
    if (!ids) return;
    ids.delete(id);
    if (ids.size === 0) this.byObject.delete(object);
  }

  private markDistinct(a: number, b: number): void {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ]) {
      let set = this.distinct.get(x);
      if (!set) this.distinct.set(x, (set = new Set()));
      set.add(y);
    }
  }

  private forget(id: number): void {
    const set = this.distinct.get(id);
    if (!set) return;
    for (const other of set) this.distinct.get(other)?.delete(id);
    this.distinct.delete(id);
  }
}

type Estimate = { t: number; x: Float64Array; P: Float64Array };

/**
 * The pairs (a, b), a < b, of estimates at the same time whose positions agree within the gate
 * (fixInnovationSquared of b's position and position covariance against a), in lexicographic order.
 * With `split`, only the pairs with a < split <= b (the same pairs, in the same order, as those of the whole
 * call that cross it).
 *
 * Not every pair is tested: a pair inside the gate lies within sqrt(G (Pa_kk + Pb_kk)) in each axis
 * (gated-pairs.ts), at most sqrt(G (d_a + d_b)) with d the largest position variance of an estimate. The
 * estimates are put in levels by d (a factor of 16 per level) and each level has a grid (position-grid.ts)
 * of the estimates of that level and below; an estimate looks into its own level's grid, with a box of
 * half-width sqrt(G (d + the level's largest d)), for the partners of its level and below. So a few
 * estimates of wide covariance do not widen the boxes of all the others (one box width for all, set by the
 * widest, made the tests grow faster than the estimates: 17 times for 10 times the objects in W6).
 * An estimate whose combined covariance may be too ill-conditioned for that bound (fixWindowSafe against the
 * largest d of all) is tested against every later one, as a pair's first member.
 */
export function duplicatePairs(estimates: ReadonlyArray<Estimate | undefined>, gate: number, split?: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const n = estimates.length;
  const block = new Float64Array(9);
  const fix: { position: ArrayLike<number>; covariance: ArrayLike<number> } = { position: block, covariance: block };
  const test = (a: number, b: number): void => {
    const ea = estimates[a],
      eb = estimates[b];
    if (!ea || !eb || ea.t !== eb.t) return;
    positionBlock(eb.P, block);
    fix.position = eb.x;
    if (fixInnovationSquared(ea, fix) <= gate) out.push([a, b]);
  };
  if (n < 2) return out;
  // a: the first of a pair (before split), b: the second (from split on, and after a)
  const aEnd = split ?? n,
    bStart = split ?? 0;
  let maxDiag = 0;
  for (const e of estimates) if (e) maxDiag = Math.max(maxDiag, e.P[0], e.P[7], e.P[14]);
  const diag = new Float64Array(n);
  let cell = 0;
  estimates.forEach((e, k) => {
    if (!e) return;
    diag[k] = Math.max(e.P[0], e.P[7], e.P[14]);
    cell = Math.max(cell, Math.sqrt(gate * (diag[k] + maxDiag)) * WINDOW_MARGIN);
  });
  if (!(cell > 0 && Number.isFinite(cell))) {
    for (let a = 0; a < aEnd; a++) for (let b = Math.max(a + 1, bStart); b < n; b++) test(a, b);
    return out;
  }
  // levels by the largest variance (a factor of 16 each); estimates of zero variance join the lowest positive level
  const level = new Float64Array(n).fill(NaN);
  let lowest = Infinity;
  estimates.forEach((e, k) => {
    if (e && diag[k] > 0) lowest = Math.min(lowest, (level[k] = Math.floor(Math.log2(diag[k]) / 4)));
  });
  estimates.forEach((e, k) => {
    if (e && !(diag[k] > 0)) level[k] = lowest;
  });
  const levels = [...new Set(level.filter((l) => !Number.isNaN(l)))].sort((x, y) => x - y);
  const levelIndex = new Map(levels.map((l, i) => [l, i]));
  // per level: the largest variance of its estimates (and so of every level below), its grids of the firsts and the seconds
  const levelMax = new Float64Array(levels.length);
  estimates.forEach((e, k) => {
    if (e) levelMax[levelIndex.get(level[k]) as number] = Math.max(levelMax[levelIndex.get(level[k]) as number], diag[k]);
  });
  for (let i = 1; i < levels.length; i++) levelMax[i] = Math.max(levelMax[i], levelMax[i - 1]);
  const firsts = levels.map((_, i) => new PositionGrid(Math.sqrt(gate * 2 * levelMax[i]) * WINDOW_MARGIN));
  const seconds = split === undefined ? firsts : levels.map((_, i) => new PositionGrid(Math.sqrt(gate * 2 * levelMax[i]) * WINDOW_MARGIN));
  const safe = new Uint8Array(n);
  estimates.forEach((e, k) => {
    if (!e) return;
    safe[k] = fixWindowSafe(e.P, [0, 0, 0], [maxDiag, maxDiag, maxDiag]) ? 1 : 0;
    const from = levelIndex.get(level[k]) as number;
    if (k < aEnd) for (let i = from; i < levels.length; i++) firsts[i].insert(k, e.x[0], e.x[1], e.x[2]);
    if (split !== undefined && k >= bStart) for (let i = from; i < levels.length; i++) seconds[i].insert(k, e.x[0], e.x[1], e.x[2]);
  });
  // an unsafe first member: every later estimate
  for (let a = 0; a < aEnd; a++) if (estimates[a] && !safe[a]) for (let b = Math.max(a + 1, bStart); b < n; b++) test(a, b);
  const unsorted: Array<[number, number]> = [];
  // each pair once: from its member of the higher level, or of the same level, from the first member
  estimates.forEach((e, k) => {
    if (!e) return;
    const i = levelIndex.get(level[k]) as number;
    const r = Math.sqrt(gate * (diag[k] + levelMax[i])) * WINDOW_MARGIN;
    const isFirst = k < aEnd,
      isSecond = k >= bStart;
    if (isFirst && safe[k]) {
      for (const b of seconds[i].query(e.x[0], e.x[1], e.x[2], r)) if (b > k && b >= bStart) unsorted.push([k, b]);
    }
    if (isSecond) {
      for (const a of firsts[i].query(e.x[0], e.x[1], e.x[2], r)) {
        if (a >= k || a >= aEnd || level[a] === level[k] || !safe[a]) continue;
        unsorted.push([a, k]);
      }
    }
  });
  const before = out.length;
  for (const [a, b] of unsorted) test(a, b);
  if (out.length > before) out.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return out;
}

/** P(warhead) of a track. */
export function trackWarheadProbability(tr: Pick<NationTrack, 'logOdds'>): number {
  return probabilityFromLogOdds(tr.logOdds);
}

/** The most frequent value (ties: the latest of them). */
function mode(xs: readonly number[]): number {
  let best = xs[xs.length - 1],
    bestCount = 0;
  for (let i = xs.length - 1; i >= 0; i--) {
    let c = 0;
    for (const y of xs) if (y === xs[i]) c++;
    if (c > bestCount) {
      best = xs[i];
      bestCount = c;
    }
  }
  return best;
}

/** The 3 x 3 position block of a 6 x 6 covariance, into out. */
function positionBlock(P: ArrayLike<number>, out: Float64Array): Float64Array {
  out[0] = P[0];
  out[1] = P[1];
  out[2] = P[2];
  out[3] = P[6];
  out[4] = P[7];
  out[5] = P[8];
  out[6] = P[12];
  out[7] = P[13];
  out[8] = P[14];
  return out;
}
