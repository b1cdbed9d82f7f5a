import { OMEGA_EARTH } from '../constants.ts';
import { flyoutDistance, ignitionDelay, type SpaceInterceptorSpec } from '../weapons/space/space-interceptor.ts';
import type { Ephemeris } from '../orbits/ephemeris.ts';
import type { ThreatTrack } from './threat-track.ts';

/** One satellite that can put its interceptor on the threat, and when it would arrive. */
export interface Engagement {
  satellite: number;
  /** Intercept time [s after the threat's launch]. */
  interceptTime: number;
}

export interface ReachOptions {
  /** Earth-rotation angle at scenario time 0 [rad] (the ephemeris' epoch). */
  theta0: number;
  /** Earth rotation rate [rad/s] (default the real Earth's). */
  omega?: number;
  /**
   * Latest intercept [s after launch]: default burnout minus the interceptor's arrival margin; a
   * later ascent-phase deadline (after burnout, before the bus deploys its objects) may be given.
   */
  deadline?: number;
}

/**
 * The satellites whose interceptors can reach a threat launched at `launchTime` (scenario seconds)
 * before the deadline, each with its earliest intercept. The interceptor ignites after the detection
 * and decision latencies; it reaches the threat at sample time t if the distance from where its
 * satellite would be at t to the threat at t is within its fly-out distance for t - ignition, and the
 * threat is above the kill vehicle's lowest engagement altitude. Satellites are culled first by a
 * bound that no reachable satellite can exceed (fly-out reach + satellite travel + the threat's own
 * extent over the window), so a 10,000-satellite shell costs one distance per satellite plus work on
 * the few near the launch.
 */
export function satellitesInReach(
  eph: Ephemeris,
  track: ThreatTrack,
  launchTime: number,
  spec: SpaceInterceptorSpec,
  options: ReachOptions,
  scratch?: ReachScratch,
): Engagement[] {
  const omega = options.omega ?? OMEGA_EARTH;
  const tf = ignitionDelay(spec);
  const td = Math.min(options.deadline ?? track.burnoutTime - spec.arrivalMargin, (track.length - 1) * track.step);
  if (!(td > tf)) return [];
  const step = track.step;
  const kStart = Math.ceil(tf / step - 1e-9);
  const kEnd = Math.floor(td / step + 1e-9);
  if (kEnd < kStart) return [];
  const n = kEnd - kStart + 1;
  const sc = scratch ?? new ReachScratch();
  const thr = sc.threat(3 * n);
  // the threat's inertial positions over the window
  let anyEngageable = false;
  for (let k = kStart; k <= kEnd; k++) {
    const th = options.theta0 + omega * (launchTime + k * step);
    const c = Math.cos(th),
      s = Math.sin(th);
    const x = track.ecef[3 * k],
      y = track.ecef[3 * k + 1],
      z = track.ecef[3 * k + 2];
    const o = 3 * (k - kStart);
    thr[o] = c * x - s * y;
    thr[o + 1] = s * x + c * y;
    thr[o + 2] = z;
    if (track.altitude[k] >= spec.minInterceptAltitude) anyEngageable = true;
  }
  if (!anyEngageable) return [];
  const ro = 3 * (n - 1);
  const rx = thr[ro],
    ry = thr[ro + 1],
    rz = thr[ro + 2];
  let extent = 0;
  let threatSpeed = 0; // largest chord speed between samples
  for (let j = 0; j < n; j++) {
    extent = Math.max(extent, Math.hypot(thr[3 * j] - rx, thr[3 * j + 1] - ry, thr[3 * j + 2] - rz));
    if (j > 0)
      threatSpeed = Math.max(
        threatSpeed,
        Math.hypot(thr[3 * j] - thr[3 * j - 3], thr[3 * j + 1] - thr[3 * j - 2], thr[3 * j + 2] - thr[3 * j - 1]) / step,
      );
  }
  // The miss (distance minus fly-out reach) can shrink no faster than this between samples: the
  // satellite and the threat each move at most at their top speeds, the reach grows at most at delta-v.
  const closing = eph.maxSpeed + threatSpeed + spec.deltaV;
  const tauMax = td - tf;
  const bound = flyoutDistance(spec, tauMax) + eph.maxSpeed * tauMax + extent;
  const bound2 = bound * bound;
  const p = sc.point;
  const thrRef = sc.ref;
  const out: Engagement[] = [];
  const tIgnite = launchTime + tf;
  let candidates = eph.count;
  let list: Int32Array | null = null;
  if (eph.near) {
    list = sc.candidates(eph.count);
    thrRef[0] = rx;
    thrRef[1] = ry;
    thrRef[2] = rz;
    candidates = eph.near(tIgnite, thrRef, bound, list);
  }
  for (let c = 0; c < candidates; c++) {
    const i = list === null ? c : list[c];
    eph.position(i, tIgnite, p);
    const dx = p[0] - rx,
      dy = p[1] - ry,
      dz = p[2] - rz;
    if (dx * dx + dy * dy + dz * dz > bound2) continue;
    for (let k = kStart; k <= kEnd; k++) {
      if (track.altitude[k] < spec.minInterceptAltitude) continue;
      const t = k * step;
      eph.position(i, launchTime + t, p);
      const o = 3 * (k - kStart);
      const miss = Math.hypot(thr[o] - p[0], thr[o + 1] - p[1], thr[o + 2] - p[2]) - flyoutDistance(spec, t - tf);
      if (miss <= 0) {
        out.push({ satellite: i, interceptTime: t });
        break;
      }
      // no sample before this many steps can close the miss: skip them (exact, not a heuristic)
      k += Math.max(0, Math.ceil(miss / (closing * step)) - 1);
    }
  }
  return out;
}

/** Reusable buffers for satellitesInReach in a loop over launch times. */
export class ReachScratch {
  private buf = new Float64Array(768);
  readonly point = new Float64Array(3);
  readonly ref = new Float64Array(3);
  private list = new Int32Array(0);
  candidates(size: number): Int32Array {
    if (this.list.length < size) this.list = new Int32Array(size);
    return this.list;
  }
  threat(size: number): Float64Array {
    if (this.buf.length < size) this.buf = new Float64Array(size);
    return this.buf;
  }
}
