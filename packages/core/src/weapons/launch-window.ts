import { MU_EARTH, R_EARTH_MEAN } from '../constants.ts';
import { earthRate } from '../geo/earth-model.ts';
import {
  Engagement,
  type FireControlOptions,
  type InterceptSolution,
  type LaunchSite,
  ROOT_TOLERANCE,
  type ThreatPath,
} from './engagement.ts';
import type { FlyoutKinematics, SurfaceInterceptorSpec } from './surface-interceptor.ts';

/**
 * The launch window against a threat path: over every intercept time at which the threat is inside
 * the envelope, the launch time whose nominal fly-out meets it there (tL = t - T); the earliest and
 * latest of these, each with its intercept. The interceptor is taken to fly its nominal (fastest)
 * profile, so a launch before the earliest would arrive before the threat enters the envelope.
 * Null if the threat never enters the envelope.
 *
 * The definition (launchWindowByScan): scan the path every `step` seconds; at each sample in the
 * envelope solve the launch time by the fixed point of Engagement.launchFor (nine fly-outs from tL = t);
 * locate the envelope's entries and exits between samples by bisection to 1e-6 s; take the smallest and
 * largest launch time over samples and edges (the first one found on ties).
 *
 * This search returns the same window, bit for bit, with far fewer fly-outs:
 * 1. A sample whose threat point is farther from the launcher than the interceptor's range, by more than
 *    the Earth can turn the launcher during the longest fly-out there is (a bound from the spec), is out
 *    of the envelope without a fly-out.
 * 2. Elsewhere the launch time is found cheaply: two passes of the fixed point started from the launch
 *    times of the two samples before (extrapolated), which also measure its contraction q there; with a
 *    bound on the distance from the definition's answer (the passes' own error, and the definition's,
 *    q^8 times the time of flight).
 *    Where every test of the envelope (range, minimum time of flight, energy, not before) clears its limit
 *    by more than that bound allows, the cheap verdict is the definition's; otherwise the definition is
 *    computed. Edges are bisected as the definition does, each midpoint judged the same way.
 * 3. The earliest and latest launch are taken among the candidates whose cheap launch time lies within
 *    its bound of the extreme; only those are computed exactly.
 * The bounds take q at least 0.1 and twice as measured, and add margins; they only decide when to compute
 * exactly. launch-window.test.ts compares this search with the scan on many geometries, bit for bit.
 */
export function launchWindow(
  spec: SurfaceInterceptorSpec,
  launcher: LaunchSite,
  path: ThreatPath,
  options: FireControlOptions,
): { earliest: InterceptSolution; latest: InterceptSolution } | null {
  const eng = new Engagement(spec, launcher, path, options);
  const judge = new WindowJudge(eng);
  const ts = eng.samples(path.start);
  const n = ts.length;
  const ok = new Uint8Array(n);
  const tLs = new Float64Array(n).fill(NaN);
  const errs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = ts[i];
    // start from the launch times of the samples before: a line through the last two, or the same time of flight
    const guess =
      i >= 2 && Number.isFinite(tLs[i - 1]) && Number.isFinite(tLs[i - 2])
        ? 2 * tLs[i - 1] - tLs[i - 2]
        : i >= 1 && Number.isFinite(tLs[i - 1])
          ? tLs[i - 1] + (t - ts[i - 1])
          : NaN;
    const v = judge.verdict(t, guess);
    ok[i] = v.feasible ? 1 : 0;
    tLs[i] = v.tL;
    errs[i] = v.err;
  }
  // candidates in the definition's order: each feasible sample, then the entry located before it, then the exit after it
  const cT: number[] = [],
    cTL: number[] = [],
    cErr: number[] = [];
  const push = (t: number, tL: number, err: number): void => {
    cT.push(t);
    cTL.push(tL);
    cErr.push(err);
  };
  const edge = (from: number, to: number): void => {
    // bisection as Engagement.edge, each midpoint started from the bracket's launch times
    let a = ts[from],
      b = ts[to];
    let aTL = tLs[from],
      aErr = errs[from],
      bTL = tLs[to];
    while (Math.abs(b - a) > ROOT_TOLERANCE) {
      const m = 0.5 * (a + b);
      const guess = Number.isFinite(bTL) ? 0.5 * (aTL + bTL) : aTL + (m - a);
      const v = judge.verdict(m, guess);
      if (v.feasible) {
        a = m;
        aTL = v.tL;
        aErr = v.err;
      } else {
        b = m;
        bTL = v.tL;
      }
    }
    push(a, aTL, aErr);
  };
  for (let i = 0; i < n; i++) {
    if (!ok[i]) continue;
    push(ts[i], tLs[i], errs[i]);
    if (i > 0 && !ok[i - 1]) edge(i, i - 1);
    if (i + 1 < n && !ok[i + 1]) edge(i, i + 1);
  }
  if (cT.length === 0) return null;
  const exactTL = (k: number): number => (cErr[k] === 0 ? cTL[k] : eng.launchFor(cT[k]).tL);
  // the first candidate whose exact launch time is the smallest (sign = 1) or largest (sign = -1)
  const extreme = (sign: 1 | -1): number => {
    let bound = Infinity;
    for (let k = 0; k < cT.length; k++) bound = Math.min(bound, sign * cTL[k] + cErr[k]);
    let best = -1,
      bestV = Infinity;
    for (let k = 0; k < cT.length; k++) {
      if (sign * cTL[k] - cErr[k] > bound) continue; // certainly worse than the candidate that set the bound
      const v = sign * exactTL(k);
      if (best < 0 || v < bestV) {
        best = k;
        bestV = v;
      }
    }
    return cT[best];
  };
  return { earliest: eng.solutionAt(extreme(1)), latest: eng.solutionAt(extreme(-1)) };
}

/** The definition of launchWindow: the exhaustive scan (nine fly-outs per sample in the altitude band). Kept for tests and checks. */
export function launchWindowByScan(
  spec: SurfaceInterceptorSpec,
  launcher: LaunchSite,
  path: ThreatPath,
  options: FireControlOptions,
): { earliest: InterceptSolution; latest: InterceptSolution } | null {
  const eng = new Engagement(spec, launcher, path, options);
  const ts = eng.samples(path.start);
  const ok = ts.map((t) => eng.feasibleAt(t));
  let best: { lo: number; hi: number } | null = null;
  let loT = NaN,
    hiT = NaN;
  const consider = (t: number): void => {
    const tL = eng.launchFor(t).tL;
    if (!best) {
      best = { lo: tL, hi: tL };
      loT = t;
      hiT = t;
      return;
    }
    if (tL < best.lo) {
      best.lo = tL;
      loT = t;
    }
    if (tL > best.hi) {
      best.hi = tL;
      hiT = t;
    }
  };
  const feasible = (t: number): boolean => eng.feasibleAt(t);
  for (let i = 0; i < ts.length; i++) {
    if (!ok[i]) continue;
    consider(ts[i]);
    // refine the envelope's entry and exit between samples
    if (i > 0 && !ok[i - 1]) consider(eng.edge(feasible, ts[i], ts[i - 1], true));
    if (i + 1 < ts.length && !ok[i + 1]) consider(eng.edge(feasible, ts[i], ts[i + 1], true));
  }
  if (!best) return null;
  return { earliest: eng.solutionAt(loT), latest: eng.solutionAt(hiT) };
}

/** A verdict on one intercept time: feasible or not (always the definition's), the launch time and a bound on its distance from the definition's (0: it is the definition's). */
interface Verdict {
  feasible: boolean;
  /** Launch time (NaN if none was found). */
  tL: number;
  err: number;
}

/** Largest contraction per pass of the launch-time fixed point trusted without computing the definition. */
const MAX_CONTRACTION = 0.35;
/** Range [m], time [s] and energy [m] (2a - s of Lagrange's equation) margins added to the propagated bounds before a cheap verdict is trusted. */
const RANGE_MARGIN = 1;
const TIME_MARGIN = 1e-5;
const ENERGY_MARGIN = 10_000;
/** Offset [s] of the two-pass search's start from its guess, so that its first step measures the contraction. */
const START_NUDGE = 0.05;

/** Judges intercept times for one engagement: cheaply where that is certain, by Engagement.feasibleAt otherwise. */
class WindowJudge {
  /** Largest angle [rad] the Earth can turn the launcher's direction during any fly-out (Infinity: no bound). */
  private readonly turnSlack: number;
  /** The interceptor's range as an angle at the Earth's centre [rad]. */
  private readonly rangeAngle: number;
  /** |d(ground range)/d(launch time)| at most [m/s]: the launcher's angular speed about the Earth's axis times R. */
  private readonly rangeRate: number;
  /** The launcher's speed about the Earth's axis [m/s]. */
  private readonly siteSpeed: number;

  constructor(private readonly eng: Engagement) {
    const s = eng.spec;
    const [x, y, z] = eng.siteEcef;
    const ra = Math.hypot(x, y, z);
    const cosLat = Math.hypot(x, y) / ra;
    const omega = Math.abs(earthRate(eng.options.earth));
    // Longest fly-out: the boost (at most burnTime), then a coast on Lagrange's fast branch, at most
    // pi sqrt(a^3 / mu) (alpha - sin alpha <= pi, beta - sin beta >= 0), whose semi-major axis grows with the
    // burnout radius, at most the launcher's radius plus the boost's path length. No bound if it could be open.
    const sBurn = 0.5 * s.burnoutSpeed * s.burnTime;
    const inv = 2 / (ra + sBurn) - (s.burnoutSpeed * s.burnoutSpeed) / MU_EARTH;
    const longest = inv > 0 ? (s.burnTime + Math.PI * Math.sqrt(1 / (inv * inv * inv * MU_EARTH))) * (1 + 1e-9) : Infinity;
    // turning by D about the axis moves a direction at latitude phi by 2 asin(cos phi sin(D / 2))
    this.turnSlack = omega * longest < Math.PI ? 2 * Math.asin(Math.min(1, cosLat * Math.sin(0.5 * omega * longest))) : Infinity;
    this.rangeAngle = s.maxInterceptRange / R_EARTH_MEAN;
    this.rangeRate = omega * cosLat * R_EARTH_MEAN;
    this.siteSpeed = omega * cosLat * ra;
  }

  /** The verdict at t, the fixed point started from the launch time `guess` (NaN: none). */
  verdict(t: number, guess: number): Verdict {
    const eng = this.eng;
    const altitude = eng.threatAt(t);
    if (!eng.inAltitudeBand(altitude) || this.outOfRange(t)) return { feasible: false, tL: NaN, err: 0 };
    const search = new CheapSearch(this, eng, t, altitude);
    const cheap = search.twoPasses(guess);
    if (cheap) return cheap;
    const feasible = eng.feasibleAt(t);
    return { feasible, tL: eng.launchFor(t).tL, err: 0 };
  }

  /** The threat point at t (eng.p) is beyond the range from wherever the Earth can have turned the launcher by launch time. */
  private outOfRange(t: number): boolean {
    if (!Number.isFinite(this.turnSlack)) return false;
    const site = this.eng.siteAt(t);
    const p = this.eng.p;
    const dot = site[0] * p[0] + site[1] * p[1] + site[2] * p[2];
    const cx = site[1] * p[2] - site[2] * p[1],
      cy = site[2] * p[0] - site[0] * p[2],
      cz = site[0] * p[1] - site[1] * p[0];
    const angle = Math.atan2(Math.hypot(cx, cy, cz), dot);
    return angle - this.turnSlack > this.rangeAngle + 1e-9;
  }

  /**
   * The definition's verdict from a fly-out f launched at tSite, where |tSite - (the definition's last
   * launch time)| <= errSite, and a launch time tL with |tL - (the definition's)| <= errTL; null if the
   * bounds leave it open. `first` gives the definition's first fly-out (launched at t), for the energy test.
   */
  decide(
    t: number,
    f: FlyoutKinematics,
    tL: number,
    errSite: number,
    errTL: number,
    first: () => FlyoutKinematics,
    altitude: number,
  ): Verdict | null {
    const eng = this.eng;
    const s = eng.spec;
    const rangeOk = s.maxInterceptRange - f.groundRange,
      tofOk = f.timeOfFlight - s.minTimeOfFlight,
      startOk = tL - (eng.notBefore - ROOT_TOLERANCE);
    const rangeBound = RANGE_MARGIN + 2 * this.rangeRate * errSite,
      tofBound = TIME_MARGIN + 2 * errSite,
      startBound = TIME_MARGIN + 2 * errTL;
    if (rangeOk < -rangeBound || tofOk < -tofBound || startOk < -startBound) return { feasible: false, tL, err: errTL };
    if (!(rangeOk > rangeBound && tofOk > tofBound && startOk > startBound)) return null;
    // Feasible, if every pass of the definition, from tL = t on, had the energy to reach the point (one
    // without stops it). Its launch times lie between t and its first, t - T(t) (the passes close in on the
    // fixed point from one side, or from both, shrinking). Moving the launcher by d changes the margin 2a - s
    // by about d / 2: with twice that to spare no pass can run out; else the first two passes are flown.
    const reach = this.siteSpeed * 1.5 * (t - tL + errTL);
    if (!(f.energyMargin > 2 * reach + ENERGY_MARGIN)) {
      const g0 = first();
      if (!Number.isFinite(g0.timeOfFlight)) return { feasible: false, tL: NaN, err: 0 };
      const g1 = eng.flyoutToThreat(t - g0.timeOfFlight, altitude);
      if (!Number.isFinite(g1.timeOfFlight)) return { feasible: false, tL: NaN, err: 0 };
      if (!(f.energyMargin > ENERGY_MARGIN)) return null;
    }
    return { feasible: true, tL, err: errTL };
  }
}

/** The cheap search for the launch time at one intercept time t. */
class CheapSearch {
  private first: FlyoutKinematics | null = null;

  constructor(
    private readonly judge: WindowJudge,
    private readonly eng: Engagement,
    private readonly t: number,
    private readonly altitude: number,
  ) {}

  /** The definition's first fly-out (launched at t), computed once. */
  readonly definitionFirst = (): FlyoutKinematics => {
    this.first ??= this.eng.flyoutToThreat(this.t, this.altitude);
    return this.first;
  };

  /** When a fly-out cannot reach: the definition stops at its first fly-out if that cannot either (a certain verdict), else null. */
  private unreachable(): Verdict | null {
    return Number.isFinite(this.definitionFirst().timeOfFlight) ? null : { feasible: false, tL: NaN, err: 0 };
  }

  /**
   * Two passes from the guess (or from the definition's first pass) nudged by START_NUDGE, so that the first
   * step d1 is big enough to measure the contraction q = d2 / d1 against rounding. With qb = max(0.1, 2q):
   * |tL2 - tL*| <= d2 qb / (1 - qb), |tL1 - tL*| <= d2 + that; the definition's own distance from the fixed
   * point is at most qb^8 T (its last fly-out) and qb^9 T (its launch time).
   */
  twoPasses(guess: number): Verdict | null {
    const { eng, t, altitude } = this;
    let tL0 = guess;
    if (!Number.isFinite(tL0)) {
      const g0 = this.definitionFirst();
      if (!Number.isFinite(g0.timeOfFlight)) return this.unreachable();
      tL0 = t - g0.timeOfFlight;
    }
    tL0 += START_NUDGE;
    const f1 = eng.flyoutToThreat(tL0, altitude);
    if (!Number.isFinite(f1.timeOfFlight)) return this.unreachable();
    const tL1 = t - f1.timeOfFlight;
    const f2 = eng.flyoutToThreat(tL1, altitude);
    if (!Number.isFinite(f2.timeOfFlight)) return this.unreachable();
    const tL2 = t - f2.timeOfFlight;
    const d1 = Math.abs(tL1 - tL0),
      d2 = Math.abs(tL2 - tL1);
    const measured = d1 > 0 ? d2 / d1 : 0;
    if (measured > MAX_CONTRACTION) return null;
    const qb = Math.min(0.7, Math.max(0.1, 2 * measured));
    const e2 = (d2 * qb) / (1 - qb); // |tL2 - tL*|
    const errSite = d2 + e2 + qb ** 8 * f2.timeOfFlight * 1.01 + 1e-9 * Math.abs(t);
    const errTL = e2 + qb ** 9 * f2.timeOfFlight * 1.01 + 1e-9 * Math.abs(t);
    return this.judge.decide(t, f2, tL2, errSite, errTL, this.definitionFirst, altitude);
  }
}
