import { type EarthModel, eciToGeodetic } from '../geo/earth-model.ts';
import type { InterceptSolution, LaunchSite, ThreatPath } from '../weapons/fire-control.ts';
import type { LaunchWindow, TrackWeapon } from '../weapons/kind.ts';
import { TRACK_ENGAGED_KINDS, type TrackKind } from '../weapons/kinds.ts';
import type { SurfaceInterceptorSpec } from '../weapons/surface-interceptor.ts';
import {
  type CoalitionPolicy,
  defendedValue,
  type DefendedAsset,
  type EngagementDecision,
  mayEngage,
  type NationCode,
  type RequiredApproval,
  type ThreatAim,
  tracksVisibleTo,
} from './national-policy.ts';
import { type LatLon } from '../geo/place.ts';
import { solveWtaGreedy } from './wta-greedy.ts';

/**
 * An interceptor battery (or ship) as the battle manager sees it: a policy asset with a launcher and rounds
 * (the surface kind's weapon, weapons/surface/surface-kind.ts; World.batteries).
 */
export interface InterceptorBattery extends TrackWeapon {
  kind: 'interceptor';
  site: LaunchSite;
  spec: SurfaceInterceptorSpec;
  /** Rounds ready to fire. */
  inventory: number;
}

/** The kind of each weapon the battle manager plans (weapons/kinds.ts trackArsenal's `kindOf`). */
export type KindOf = (weapon: TrackWeapon) => TrackKind;

/**
 * Without a `kindOf`, every weapon is taken as the first track-engaged kind's (the surface kind's): callers that
 * plan batteries without a world (the tests, the scenario's battle plan). The trials pass the arsenal's.
 */
const firstKind: KindOf = () => TRACK_ENGAGED_KINDS[0];

/** A system track of a threat as the planning nation may hold it. */
export interface ThreatTrackPicture {
  id: string;
  /** Sensors whose measurements the track contains (national sharing decides who may use it). */
  sources: readonly string[];
  /** Predicted path (ECI, scenario seconds). */
  path: ThreatPath;
  aimedAt: ThreatAim;
  /** Time at which the track is firm enough to commit an interceptor [s], for the track's owner. */
  commitTime: number;
  /**
   * The commit time is already when the planning nation holds the track (estimated tracks: the nation's
   * own tracker, fed shared measurements at their delay), so the sharing delay is not added again.
   */
  held?: boolean;
  /** P(warhead) of the track (estimated tracks; default 1): the WTA values a threat at P(warhead) x defended value. */
  pWarhead?: number;
  /** The object whose launch windows the track's geometry follows (cache key; default the track id). */
  windowObject?: string;
}

/** How the defense fights (per planning cycle). */
export interface Doctrine {
  /** Most interceptors fired at one threat in this plan (a salvo). */
  shotsPerThreat: number;
  /** Fire one shot, assess the kill, and keep a second shot's window open, instead of a salvo. */
  shootLookShoot: boolean;
  /** Seconds from intercept to kill assessment (for shoot-look-shoot). */
  killAssessmentDelay: number;
  /** Share of each battery's rounds held back for later waves, in [0, 1). */
  reserveFraction: number;
  /** Layers from first to last by asset class (e.g. space, midcourse, terminal), for hand-over. */
  layerOrder?: readonly string[];
}

export const DEFAULT_DOCTRINE: Readonly<Doctrine> = Object.freeze({
  shotsPerThreat: 2,
  shootLookShoot: false,
  killAssessmentDelay: 60,
  reserveFraction: 0,
  layerOrder: Object.freeze(['space', 'boost', 'midcourse', 'terminal']),
});

export interface PlannedShot {
  battery: string;
  threat: string;
  launchTime: number;
  interceptTime: number;
  /** Predicted intercept point (geodetic) [rad, m]. */
  interceptPoint: LatLon & { altitude: number };
  pk: number;
  /** The national approvals the shot waited for [s] and why it was allowed. */
  approvalDelay: number;
  /** The nations whose approval the shot waited for, each with its delay (mayEngage's `approvals`). */
  approvals: RequiredApproval[];
  reason: string;
  /** For shoot-look-shoot: the launch time of the follow-up shot if the first one misses (null if none). */
  followUpLaunchTime: number | null;
  /**
   * Layer hand-over: the first battery of a lower layer (later in `layerOrder`) that can still engage
   * this threat after this shot's kill assessment, if it misses (null if none can).
   */
  handOver: { battery: string; launchTime: number; interceptTime: number } | null;
}

export interface RefusedPair {
  battery: string;
  threat: string;
  reason: string;
}

/**
 * Launch windows do not depend on the seed, only on the battery, the threat and the earliest allowed
 * launch. A cache (keyed battery|threat) holds each pair's unconstrained window; a later earliest
 * launch then needs one intercept solution instead of a scan of the whole path. Windows are taken to
 * be one interval (true for the envelopes here: reach grows then shrinks along a ballistic path).
 */
export type WindowCache = Map<string, LaunchWindow | null>;

function windowFrom(
  cache: WindowCache | undefined,
  key: string,
  kind: TrackKind,
  battery: TrackWeapon,
  path: ThreatPath,
  earth: EarthModel,
  notBefore: number,
): LaunchWindow | null {
  if (!cache) return kind.window(battery, path, { earth, notBefore });
  if (!cache.has(key)) cache.set(key, kind.window(battery, path, { earth, notBefore: path.start }));
  const w = cache.get(key) ?? null;
  if (!w) return null;
  if (notBefore <= w.earliest.launchTime) return w;
  if (notBefore > w.latest.launchTime) return null;
  const first = kind.solve(battery, path, notBefore, earth);
  return first ? { earliest: first, latest: w.latest } : null;
}

/**
 * Launch times [s] apart at which the search for a permitted launch samples a window whose intercept
 * points need approvals (see {@link earliestPermittedLaunch}); a stretch of a window shorter than this
 * over or outside a nation's territory can be missed.
 */
export const APPROVAL_SEARCH_STEP = 20;

/** Launch-time tolerance [s] of the search's bisection for where an intercept point leaves (or enters) a territory. */
const APPROVAL_SEARCH_TOLERANCE = 0.5;

interface LaunchCheck {
  launch: number;
  solution: InterceptSolution | null;
  decision: EngagementDecision | null;
}

/** Per world (window cache) and policy: the intercept and the policy's decision for a launch (seed-independent). */
const launchChecks = new WeakMap<WindowCache, WeakMap<CoalitionPolicy, Map<string, LaunchCheck>>>();

/**
 * The earliest launch of `battery` against `threat`, inside the window and not before `from`, whose real
 * intercept point's approvals (mayEngage at that point: the owner's, a consent, and every territory the
 * point is over) are in hand by the launch when requested at the commit: commit + approval delay <= launch.
 * A NORAD planner's rule: the approvals a shot needs are those of where it intercepts, and it waits for them
 * like for any other approval, firing at the first launch opportunity after they arrive; where the window
 * allows a sooner launch whose intercept needs no (or a shorter) approval, e.g. before the threat crosses
 * into a nation's airspace, that launch is taken (the earliest launch keeps the most time for a second
 * shot and for the layers below). Candidates: `from`, the commit plus each approval delay the policy knows
 * (the first launch after each approval can arrive), the window sampled every APPROVAL_SEARCH_STEP and its
 * last launch; where the approvals change between the last refused and the first permitted candidate, the
 * edge is found by bisection. Null with the reason when no launch is permitted: the approvals of the last
 * launch opportunity would come after it (the engagement is closed by the delay), or the policy refuses.
 */
function earliestPermittedLaunch(
  policy: CoalitionPolicy,
  kind: TrackKind,
  battery: TrackWeapon,
  threat: ThreatTrackPicture,
  window: LaunchWindow,
  from: number,
  earth: EarthModel,
  cache: WindowCache | undefined,
): { solution: InterceptSolution; decision: EngagementDecision } | { refused: string } {
  const anywhere = mayEngage(policy, battery, threat.aimedAt, null);
  if (!anywhere.allowed) return { refused: anywhere.reason };
  const commit = threat.commitTime;
  const last = window.latest.launchTime;
  const closed = (d: EngagementDecision): { refused: string } => ({
    refused: `${battery.id}: the ${d.approvalDelay} s approval closes the launch window against ${threat.id} (${d.reason})`,
  });
  const start = Math.max(from, window.earliest.launchTime, commit + anywhere.approvalDelay);
  if (start > last) return closed(anywhere);
  let memo: Map<string, LaunchCheck> | undefined;
  if (cache) {
    let byPolicy = launchChecks.get(cache);
    if (!byPolicy) launchChecks.set(cache, (byPolicy = new WeakMap()));
    memo = byPolicy.get(policy);
    if (!memo) byPolicy.set(policy, (memo = new Map()));
  }
  const key = `${battery.id}|${threat.windowObject ?? threat.id}|`;
  const check = (launch: number): LaunchCheck => {
    const k = key + launch;
    const hit = memo?.get(k);
    if (hit) return hit;
    const solution = launch <= window.earliest.launchTime ? window.earliest : kind.solve(battery, threat.path, launch, earth);
    const decision = solution
      ? mayEngage(policy, battery, threat.aimedAt, eciToGeodetic(earth, solution.interceptTime, solution.point))
      : null;
    const c = { launch, solution, decision };
    memo?.set(k, c);
    return c;
  };
  const permitted = (c: LaunchCheck): boolean =>
    c.solution !== null && c.decision !== null && c.decision.allowed && commit + c.decision.approvalDelay <= c.launch;
  const delays = new Set<number>();
  for (const np of Object.values(policy.nations)) if (np.approval && Number.isFinite(np.approval.delay)) delays.add(np.approval.delay);
  const candidates = new Set<number>([start, last]);
  for (const d of delays) if (commit + d > start && commit + d < last) candidates.add(commit + d);
  const step = APPROVAL_SEARCH_STEP;
  for (let k = Math.ceil((start - window.earliest.launchTime) / step); window.earliest.launchTime + k * step < last; k++)
    if (window.earliest.launchTime + k * step > start) candidates.add(window.earliest.launchTime + k * step);
  const sameApprovals = (a: EngagementDecision | null, b: EngagementDecision | null): boolean =>
    a !== null &&
    b !== null &&
    a.allowed === b.allowed &&
    a.approvals.length === b.approvals.length &&
    a.approvals.every((x, i) => x.nation === b.approvals[i].nation && x.delay === b.approvals[i].delay);
  let before: LaunchCheck | null = null;
  let lastCheck: LaunchCheck | null = null;
  for (const launch of [...candidates].sort((a, b) => a - b)) {
    const c = check(launch);
    lastCheck = c;
    if (!permitted(c)) {
      before = c;
      continue;
    }
    let found = c;
    if (before && !sameApprovals(before.decision, c.decision)) {
      // the intercept point crossed a border between the two: the first permitted launch after the crossing
      let lo = before.launch;
      while (found.launch - lo > APPROVAL_SEARCH_TOLERANCE) {
        const mid = check(0.5 * (lo + found.launch));
        if (permitted(mid)) found = mid;
        else lo = mid.launch;
      }
    }
    return { solution: found.solution as InterceptSolution, decision: found.decision as EngagementDecision };
  }
  const d = lastCheck?.decision;
  return d && !d.allowed ? { refused: d.reason } : closed(d ?? anywhere);
}

export interface EngagementPlan {
  nation: NationCode;
  shots: PlannedShot[];
  /** Battery-threat pairs that could not be used, and why (policy, geometry or timing). */
  refused: RefusedPair[];
  /** Threats the nation does not see (no shared source): the plan cannot touch them. */
  unseen: string[];
  /** Threats seen but left without any shot. */
  unengaged: string[];
  /** Sum over seen threats of the defended value (after the nation's priorities) times the survival probability. */
  expectedSurvivingValue: number;
  /** Rounds still ready per battery after the plan. */
  remaining: Record<string, number>;
}

/**
 * Plans one nation's engagements, the way a battle manager under national command must: only on the
 * tracks the sharing policy gives it, only with interceptors whose owners' policies allow the
 * engagement (approval delays pushing the earliest launch back), only within each interceptor's
 * fly-out envelope and launch window, then assigning rounds to threats to minimise the expected
 * surviving defended value (maximum-marginal-return greedy with local improvement; the WTA
 * eligibility mask is the policy and geometry together).
 *
 * Each round of a battery is a WTA weapon with the battery's single-shot Pk against every threat it
 * may engage; the doctrine caps shots per threat (1 under shoot-look-shoot, which instead records the
 * follow-up window) and holds back a reserve.
 *
 * The batteries are any track-engaged kind's weapons (weapons/kind.ts TrackEngagedKind): `kindOf` gives each
 * one's kind, whose `window`, `solve` and `singleShotPk` the plan uses (the trials pass weapons/kinds.ts
 * trackArsenal's; without it every weapon is the surface kind's). `cache`: launch windows keyed `weapon|object`.
 */
export function planEngagements(
  policy: CoalitionPolicy,
  nation: NationCode,
  batteries: readonly TrackWeapon[],
  threats: readonly ThreatTrackPicture[],
  defended: readonly DefendedAsset[],
  earth: EarthModel,
  doctrine: Doctrine = DEFAULT_DOCTRINE,
  cache?: WindowCache,
  kindOf: KindOf = firstKind,
): EngagementPlan {
  if (!(doctrine.reserveFraction >= 0 && doctrine.reserveFraction < 1))
    throw new RangeError(`reserve fraction must be in [0, 1), got ${doctrine.reserveFraction}`);
  if (!(Number.isInteger(doctrine.shotsPerThreat) && doctrine.shotsPerThreat >= 1))
    throw new RangeError(`shots per threat must be a whole number >= 1, got ${doctrine.shotsPerThreat}`);
  const visible = tracksVisibleTo(policy, nation, threats);
  const seenIds = new Set(visible.map((v) => v.track.id));
  const unseen = threats.filter((t) => !seenIds.has(t.id)).map((t) => t.id);
  const seen = visible.map((v) => ({ ...v.track, commitTime: v.track.held ? v.track.commitTime : v.track.commitTime + v.delay }));
  const T = seen.length;
  const refused: RefusedPair[] = [];
  // Feasibility and permission per battery-threat pair. With a cache, the exact intercept for a launch
  // later than the cached window's earliest is solved lazily, only for the pairs the assignment uses.
  interface PairSolution {
    solution: InterceptSolution | null;
    notBefore: number;
    approvalDelay: number;
    approvals: RequiredApproval[];
    reason: string;
    followUp: number | null;
    window: LaunchWindow;
  }
  const pair: Array<Array<PairSolution | null>> = batteries.map(() => new Array<PairSolution | null>(T).fill(null));
  const kinds = batteries.map(kindOf);
  batteries.forEach((b, i) => {
    const kind = kinds[i];
    seen.forEach((th, t) => {
      const key = `${b.id}|${th.windowObject ?? th.id}`;
      const whole = cache
        ? windowFrom(cache, key, kind, b, th.path, earth, -Infinity)
        : kind.window(b, th.path, { earth, notBefore: th.commitTime });
      if (!whole || th.commitTime > whole.latest.launchTime) {
        refused.push({
          battery: b.id,
          threat: th.id,
          reason: `${b.id}: no launch window against ${th.id} after the commit time (envelope, range or timing)`,
        });
        return;
      }
      // the policy sees the earliest predicted intercept point (exact when the window opens after the commit)
      const point = eciToGeodetic(earth, whole.earliest.interceptTime, whole.earliest.point);
      const decision = mayEngage(policy, b, th.aimedAt, point);
      if (decision.allowed && decision.approvalDelay === 0) {
        // no approval: the launch at the commit (or when the window opens) is solved when the assignment uses it
        const solution = th.commitTime <= whole.earliest.launchTime ? whole.earliest : null;
        pair[i][t] = {
          solution,
          notBefore: th.commitTime,
          approvalDelay: 0,
          approvals: decision.approvals,
          reason: decision.reason,
          followUp: null,
          window: whole,
        };
        return;
      }
      // approvals: the earliest launch whose real intercept point's approvals are in hand by then
      const found = earliestPermittedLaunch(policy, kind, b, th, whole, th.commitTime, earth, cache);
      if ('refused' in found) {
        refused.push({ battery: b.id, threat: th.id, reason: found.refused });
        return;
      }
      pair[i][t] = {
        solution: found.solution,
        notBefore: th.commitTime + found.decision.approvalDelay,
        approvalDelay: found.decision.approvalDelay,
        approvals: found.decision.approvals,
        reason: found.decision.reason,
        followUp: null,
        window: whole,
      };
    });
  });
  const resolvePair = (i: number, t: number): PairSolution | null => {
    const s = pair[i][t];
    if (!s) return null;
    if (s.solution === null) {
      const b = batteries[i];
      s.solution = kinds[i].solve(b, seen[t].path, s.notBefore, earth);
      if (s.solution === null) {
        pair[i][t] = null;
        refused.push({
          battery: b.id,
          threat: seen[t].id,
          reason: `${b.id}: no intercept for a launch at ${s.notBefore.toFixed(0)} s against ${seen[t].id}`,
        });
        return null;
      }
      // the exact intercept point may fall elsewhere than the window's earliest: ask the policy again, and
      // where it needs approvals, wait for them (the earliest launch they permit)
      const exact = mayEngage(policy, b, seen[t].aimedAt, eciToGeodetic(earth, s.solution.interceptTime, s.solution.point));
      if (!exact.allowed || exact.approvalDelay > s.approvalDelay) {
        const found = earliestPermittedLaunch(policy, kinds[i], b, seen[t], s.window, s.notBefore, earth, cache);
        if ('refused' in found) {
          pair[i][t] = null;
          refused.push({ battery: b.id, threat: seen[t].id, reason: found.refused });
          return null;
        }
        s.solution = found.solution;
        s.notBefore = seen[t].commitTime + found.decision.approvalDelay;
        s.approvalDelay = found.decision.approvalDelay;
        s.approvals = found.decision.approvals;
        s.reason = found.decision.reason;
      } else if (exact.approvals.length > 0 || s.approvals.length > 0) {
        // approvals that take no time: those of the real intercept point are the ones recorded
        s.approvals = exact.approvals;
        s.reason = exact.reason;
      }
    }
    if (doctrine.shootLookShoot && s.followUp === null) {
      const b = batteries[i];
      const later = windowFrom(
        cache,
        `${b.id}|${seen[t].windowObject ?? seen[t].id}`,
        kinds[i],
        b,
        seen[t].path,
        earth,
        Math.max(s.notBefore, s.solution.interceptTime + doctrine.killAssessmentDelay),
      );
      s.followUp = later ? later.earliest.launchTime : null;
    }
    return s;
  };
  // Weapons: the ready rounds (less the reserve), at most what the threats can use.
  const weaponBattery: number[] = [];
  const perThreat = doctrine.shootLookShoot ? 1 : doctrine.shotsPerThreat;
  batteries.forEach((b, i) => {
    const usable = Math.min(Math.floor(b.inventory * (1 - doctrine.reserveFraction)), perThreat * T);
    for (let k = 0; k < usable; k++) weaponBattery.push(i);
  });
  const W = weaponBattery.length;
  const values = new Float64Array(T);
  seen.forEach((th, t) => {
    const asset = defended.find((d) => d.id === th.aimedAt.id) ?? { id: th.aimedAt.id ?? th.id, nation: th.aimedAt.nation, value: 1 };
    values[t] = defendedValue(policy, nation, asset) * (th.pWarhead ?? 1);
  });
  const pk = batteries.map((b, i) => kinds[i].singleShotPk(b));
  const p = new Float64Array(W * T);
  const eligible = new Uint8Array(W * T);
  for (let w = 0; w < W; w++) {
    for (let t = 0; t < T; t++) {
      const s = pair[weaponBattery[w]][t];
      if (s) {
        p[w * T + t] = pk[weaponBattery[w]];
        eligible[w * T + t] = 1;
      }
    }
  }
  const shots: PlannedShot[] = [];
  const shotOrigin: Array<[number, number]> = [];
  const remaining: Record<string, number> = Object.fromEntries(batteries.map((b) => [b.id, b.inventory]));
  let survival = Array.from(values);
  const layerOf = (b: TrackWeapon): number => {
    const i = (doctrine.layerOrder ?? DEFAULT_DOCTRINE.layerOrder ?? []).indexOf(b.assetClass);
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  };
  // The next layer down that may (policy) and can (window after the assessment) still engage threat t.
  const handOver = (from: number, t: number, assessedAt: number): PlannedShot['handOver'] => {
    const here = layerOf(batteries[from]);
    let best: PlannedShot['handOver'] = null;
    batteries.forEach((b, i) => {
      if (!(layerOf(b) > here) || !pair[i][t] || remaining[b.id] <= 0) return;
      const w = windowFrom(
        cache,
        `${b.id}|${seen[t].windowObject ?? seen[t].id}`,
        kinds[i],
        b,
        seen[t].path,
        earth,
        Math.max(assessedAt, (pair[i][t] as PairSolution).notBefore),
      );
      if (w && (best === null || w.earliest.launchTime < best.launchTime))
        best = { battery: b.id, launchTime: w.earliest.launchTime, interceptTime: w.earliest.interceptTime };
    });
    return best;
  };
  // Layer by layer (doctrine.layerOrder): the upper layer's weapons are assigned first; a lower layer
  // takes only the threats no upper layer engages (it gets the others on a "missed" call, by hand-over),
  // so that a terminal battery with the better Pk does not take the midcourse layer's threats. Batteries
  // of one layer (and those of classes not in the order, last) share one assignment.
  const assigned: Array<{ w: number; t: number }> = [];
  const engagedAbove = new Uint8Array(T);
  const layers = [...new Set(weaponBattery.map((i) => layerOf(batteries[i])))].sort((a, b) => a - b);
  for (const layer of layers) {
    if (T === 0) break;
    const ws: number[] = [];
    for (let w = 0; w < W; w++) if (layerOf(batteries[weaponBattery[w]]) === layer) ws.push(w);
    const pL = new Float64Array(ws.length * T);
    const eL = new Uint8Array(ws.length * T);
    ws.forEach((w, k) => {
      for (let t = 0; t < T; t++) {
        if (engagedAbove[t]) continue;
        pL[k * T + t] = p[w * T + t];
        eL[k * T + t] = eligible[w * T + t];
      }
    });
    const result = solveWtaGreedy({ targets: T, weapons: ws.length, values, pKill: pL, eligible: eL, maxShots: perThreat });
    ws.forEach((w, k) => {
      if (result.assignment[k] >= 0) assigned.push({ w, t: result.assignment[k] });
    });
    // a threat counts as engaged once one of its assigned shots has an intercept (resolved lazily)
    if (layer !== layers[layers.length - 1])
      for (const a of assigned) if (resolvePair(weaponBattery[a.w], a.t)?.solution) engagedAbove[a.t] = 1;
  }
  assigned.sort((a, b) => a.w - b.w);
  for (const { w, t } of assigned) {
    const b = batteries[weaponBattery[w]];
    const bPk = pk[weaponBattery[w]];
    const s = resolvePair(weaponBattery[w], t);
    if (!s || !s.solution) continue;
    shots.push({
      battery: b.id,
      threat: seen[t].id,
      launchTime: s.solution.launchTime,
      interceptTime: s.solution.interceptTime,
      interceptPoint: eciToGeodetic(earth, s.solution.interceptTime, s.solution.point),
      pk: bPk,
      approvalDelay: s.approvalDelay,
      approvals: s.approvals,
      reason: s.reason,
      followUpLaunchTime: s.followUp,
      handOver: null,
    });
    shotOrigin.push([weaponBattery[w], t]);
    remaining[b.id]--;
    survival[t] *= 1 - bPk;
  }
  // hand-over candidates are batteries with rounds left after this plan (e.g. their reserve)
  shots.forEach((shot, k) => {
    shot.handOver = handOver(shotOrigin[k][0], shotOrigin[k][1], shot.interceptTime + doctrine.killAssessmentDelay);
  });
  const engaged = new Set(shots.map((s) => s.threat));
  survival = survival.map((v, t) => (engaged.has(seen[t].id) ? v : values[t]));
  return {
    nation,
    shots,
    refused,
    unseen,
    unengaged: seen.filter((th) => !engaged.has(th.id)).map((th) => th.id),
    expectedSurvivingValue: survival.reduce((a, b) => a + b, 0),
    remaining,
  };
}
