import { greatCircleDistance, initialAzimuth, northEastOffset } from '../geo/great-circle.ts';
import { R_EARTH_MEAN } from '../constants.ts';
import { type BallisticArc, minimumEnergyArc, minimumEnergyFlightPathAngle, minimumEnergyTransfer } from './ballistic-closed-form.ts';
import { stateOnGround } from './boost.ts';
import type { BoostControls } from './boost.ts';
import type { GeoPoint } from '../geo/place.ts';
import type { EarthModel } from '../geo/earth-model.ts';
import type { BallisticMissileSpec } from './missile.ts';
import { flyMissile, type MissileFlight } from './missile-flight.ts';
import { bisect, bisectScreened, maximizeGolden, secantRoot, solveNewton } from '../numerics/roots.ts';

/**
 * The trajectory shapes analysts ask for. "min-energy" is the textbook minimum-energy trajectory: the
 * free-flight arc from the boost's actual burnout point to the target that needs the least burnout
 * speed (the burnout flight-path angle of Lambert's minimum-energy conic, 45 deg - Psi/4 on a sphere
 * between equal radii), with the loft chosen to give that angle and the last stage's thrust terminated
 * to land on the target. "least-burn" is the loft that needs the least of the last stage's burn (least
 * propellant): flatter than minimum energy, because a flatter ascent loses less to gravity. "lofted"
 * and "depressed" burn everything and reach the target on the steep or the flat branch; an apogee
 * constraint fixes the loft and uses thrust termination for range.
 */
export type TrajectoryShape =
  | { kind: 'min-energy' }
  | { kind: 'least-burn' }
  | { kind: 'lofted'; apogeeAltitude?: number }
  | { kind: 'depressed'; apogeeAltitude?: number };

export interface AimOptions {
  earth: EarthModel;
  /** Acceptable miss distance of the primary warhead [m]. */
  missTolerance?: number;
  /** Acceptable apogee error when an apogee is asked for [m]. */
  apogeeTolerance?: number;
  /** Screen the searches' steps with coarse flights (default true; false flies every step in full, for tests: same aim). */
  screen?: boolean;
}

export type AimResult =
  | {
      ok: true;
      controls: BoostControls;
      flight: MissileFlight;
      missDistance: number;
      /** Longest full-burn along-track reach towards the target [m]; Infinity for an orbital-class missile. */
      maxRange: number;
      /** The loft of longest full-burn reach towards the target [rad]. */
      longestReachKick: number;
      /** Distinct full flights flown, and screening flights (coarse, rtol 1e-6) flown to spare full ones. */
      evaluations: number;
      screeningFlights: number;
    }
  | { ok: false; reason: string; maxRange: number };

const KICK_STEP = 1e-5;

/**
 * The bisections (which lofts reach the target, which burn fraction does, where the burnout angle is
 * the minimum-energy one) need only the sign of their function at each point, and far from the root a
 * screen tells it: a screening flight, the same flight integrated at a relative tolerance of 1e-6
 * instead of 1e-10 (about a third of the work; its along-track range typically within a few km of the
 * full flight's, far more on the steepest lofts; its flight-path-angle gap within 1e-4 rad), or for the
 * burn fraction, the line through the root that screening flights put range = distance at. Full flights
 * are flown only near the root, and the cell each bisection ends in is checked with them (newton.ts,
 * bisectScreened), so the aim is the same bit for bit as with full flights throughout
 * (targeting.test.ts); the margins only decide how often the screen is trusted (a wrong screen costs a
 * bisection on full flights).
 */
const SCREEN_RTOL = 1e-6;
/** Range [m] (burn fraction, by the screening root's line; loft, by screening flights) and gap [rad] margins. */
const RANGE_SCREEN_MARGIN = 2e3;
const LOFT_SCREEN_MARGIN = 5e3;
const GAP_SCREEN_MARGIN = 1e-4;

/**
 * Solves launch azimuth, loft and thrust termination so that the primary warhead lands on the target,
 * on the rotating Earth. Reports "out of range" (with the maximum range towards the target) when no
 * trajectory of the requested shape reaches it.
 */
export function aimMissile(
  spec: BallisticMissileSpec,
  site: GeoPoint,
  target: GeoPoint,
  shape: TrajectoryShape,
  options: AimOptions,
): AimResult {
  const { earth } = options;
  const missTolerance = options.missTolerance ?? 1;
  const apogeeTolerance = options.apogeeTolerance ?? 100;
  const [kMin, kMax] = spec.kickRange;
  let evaluations = 0;
  let screeningFlights = 0;
  // the searches below ask again for controls they have flown (a bracket's ends, the loft of longest reach):
  // a flight is a pure function of its controls, so each is flown once
  const flown = new Map<string, MissileFlight>();
  const fly = (c: BoostControls): MissileFlight => {
    const key = `${c.azimuth} ${c.kickAngle} ${c.finalBurnFraction}`;
    let f = flown.get(key);
    if (!f) {
      evaluations++;
      f = flyMissile(spec, c, site, { earth, targetAltitude: target.altitude });
      flown.set(key, f);
    }
    return f;
  };
  const screened = new Map<string, MissileFlight>();
  const screen = (c: BoostControls): MissileFlight => {
    const key = `${c.azimuth} ${c.kickAngle} ${c.finalBurnFraction}`;
    let f = screened.get(key);
    if (!f) {
      screeningFlights++;
      f = flyMissile(spec, c, site, { earth, targetAltitude: target.altitude, rtol: SCREEN_RTOL });
      screened.set(key, f);
    }
    return f;
  };
  const distance = greatCircleDistance(site.latitude, site.longitude, target.latitude, target.longitude);
  const azimuth0 = initialAzimuth(site.latitude, site.longitude, target.latitude, target.longitude);
  // Along-track reach: 0 for a failed boost, Infinity for a flight that goes into orbit.
  const rangeOf = (f: MissileFlight): number =>
    f.boost.failure ? 0 : f.summary.orbital || !f.primary.flight.impact ? Infinity : f.summary.alongTrackRange;
  const range = (kick: number, fraction: number, azimuth = azimuth0): number =>
    rangeOf(fly({ azimuth, kickAngle: kick, finalBurnFraction: fraction }));
  const screening = options.screen ?? true;
  // NaN: no screen, the full flight decides
  const screenRange = (kick: number, fraction: number): number =>
    !screening ? NaN : rangeOf(screen({ azimuth: azimuth0, kickAngle: kick, finalBurnFraction: fraction }));

  const best = maximizeGolden((k) => range(k, 1), kMin, kMax, 2e-4);
  const kStar = best.x;
  const maxRange = best.value;
  const km = (m: number): string => (Number.isFinite(m) ? `${(m / 1000).toFixed(0)} km` : 'orbit (global reach)');
  if (distance > maxRange) {
    return {
      ok: false,
      reason: `target is out of range: ${km(distance)} away, but the longest trajectory towards it reaches ${km(maxRange)}`,
      maxRange,
    };
  }

  const residualOf = (flight: MissileFlight): [number, number] | null => {
    const impact = flight.primary.flight.impact;
    if (flight.boost.failure || !impact) return null;
    return northEastOffset(impact.latitude, impact.longitude, target.latitude, target.longitude);
  };

  let x0: number[];
  let lower: number[];
  let upper: number[];
  let steps: number[];
  let toControls: (x: readonly number[]) => BoostControls;
  let extra: ((f: MissileFlight) => number) | null = null;
  const azLo = azimuth0 - 0.5,
    azHi = azimuth0 + 0.5;

  const fMin = 0.02;
  const tooClose = (what: string): AimResult => ({
    ok: false,
    reason: `target is too close for ${what} trajectory (${km(distance)}; even cutting thrust early the shortest is ${km(range(kStar, fMin))}): try --shape lofted or depressed`,
    maxRange,
  });
  // Lofts whose full burn reaches the target, and at each the last-stage fraction that reaches it.
  const reachingLofts = (): [number, number] => [
    range(kMin, 1) >= distance
      ? kMin
      : bisectScreened(
          (k) => range(k, 1) - distance,
          (k) => screenRange(k, 1) - distance,
          LOFT_SCREEN_MARGIN,
          kMin,
          kStar,
          1e-5,
        ),
    range(kMax, 1) >= distance
      ? kMax
      : bisectScreened(
          (k) => distance - range(k, 1),
          (k) => distance - screenRange(k, 1),
          LOFT_SCREEN_MARGIN,
          kStar,
          kMax,
          1e-5,
        ),
  ];
  // Where screening flights alone put range(k, f) = distance (secant steps from the last loft's root, to
  // within a tenth of the margin), with the slope there; NaN slope when no such root was found.
  const screenRoots = new Map<number, { x: number; slope: number }>();
  let fLast = 0.5;
  const screenRoot = (k: number): { x: number; slope: number } => {
    let root = screenRoots.get(k);
    if (!root) {
      const short = (f: number): number => screenRange(k, f) - distance;
      root = short(fMin) >= 0 ? { x: fMin, slope: NaN } : secantRoot(short, fMin, 1, fLast, RANGE_SCREEN_MARGIN / 10);
      if (root.x > fMin) fLast = root.x;
      screenRoots.set(k, root);
    }
    return root;
  };
  // range(k, f) - distance estimated by the line through that root: range grows with f, so its sign is
  // the side of the root f is on, right wherever the screening root is within the margin of range
  const screenShortfall = (k: number, f: number): number => {
    if (!screening) return NaN;
    const root = screenRoot(k);
    return root.slope > 0 ? root.slope * (f - root.x) : screenRange(k, f) - distance;
  };
  const fractionFor = (k: number, tol = 1e-5): number =>
    range(k, fMin) >= distance
      ? fMin
      : bisectScreened(
          (f) => range(k, f) - distance,
          (f) => screenShortfall(k, f),
          RANGE_SCREEN_MARGIN,
          fMin,
          1,
          tol,
        );

  if (shape.kind === 'min-energy') {
    // The minimum-energy trajectory: the burnout flight-path angle equals that of the minimum-energy
    // conic from the burnout point to the impact point (inertial frame, so the Earth's rotation is
    // in it), and the impact is on the target. Start from the loft where the two angles cross
    // (bisection: a bigger kick burns out flatter), then solve azimuth, loft and burn fraction together.
    if (range(kStar, fMin) > distance) return tooClose('a minimum-energy');
    const [kLo, kHi] = reachingLofts();
    const gammaGap = (f: MissileFlight): number => {
      const impact = f.primary.flight.impact;
      if (f.boost.failure || !impact) return NaN;
      return burnoutFlightPathAngle(f) - minimumEnergyAngleTo(f.boost.state, impact.state);
    };
    const gapAt = (k: number): number => gammaGap(fly({ azimuth: azimuth0, kickAngle: k, finalBurnFraction: fractionFor(k, 1e-4) }));
    // its screen: the screening flight at the burn fraction that screening flights alone find
    const screenGapAt = (k: number): number =>
      !screening ? NaN : gammaGap(screen({ azimuth: azimuth0, kickAngle: k, finalBurnFraction: screenRoot(k).x }));
    const gLo = gapAt(kLo),
      gHi = gapAt(kHi);
    let k0: number;
    if (gLo > 0 && gHi < 0) k0 = bisectScreened(gapAt, screenGapAt, GAP_SCREEN_MARGIN, kLo, kHi, 1e-4);
    else if (gLo <= 0) {
      return {
        ok: false,
        reason: `the minimum-energy arc to ${km(distance)} needs a steeper burnout than this missile's most lofted reaching flight (its kick range ends at ${((kMin * 180) / Math.PI).toFixed(2)}°): try --shape least-burn or lofted`,
        maxRange,
      };
    } else {
      return {
        ok: false,
        reason: `the minimum-energy arc to ${km(distance)} needs a flatter burnout than this missile's most depressed reaching flight (its kick range ends at ${((kMax * 180) / Math.PI).toFixed(2)}°): try --shape least-burn or depressed`,
        maxRange,
      };
    }
    x0 = [azimuth0, k0, fractionFor(k0)];
    lower = [azLo, kMin, fMin];
    upper = [azHi, kMax, 1];
    steps = [1e-6, KICK_STEP, 1e-6];
    toControls = (x) => ({ azimuth: x[0], kickAngle: x[1], finalBurnFraction: x[2] });
    // 1e-5 rad of flight-path angle weighs as 1 m of miss: the speed needed is flat (second order)
    // in the angle at the minimum, so that error costs well under a mm/s.
    extra = (f) => gammaGap(f) * (missTolerance / 1e-5);
  } else if (shape.kind === 'least-burn') {
    // The loft that needs the least of the last stage's burn to reach the target: at a fixed loft,
    // range grows with the burn fraction, so the fraction that reaches the target is found by
    // bisection; the loft that minimises it by golden section over the lofts that reach it.
    if (range(kStar, fMin) > distance) return tooClose('a least-burn');
    const [kLo, kHi] = reachingLofts();
    const lightest = maximizeGolden((k) => -fractionFor(k), kLo, kHi, 2e-4);
    const kLeast = lightest.x;
    x0 = [azimuth0, fractionFor(kLeast)];
    lower = [azLo, fMin];
    upper = [azHi, 1];
    steps = [1e-6, 1e-6];
    toControls = (x) => ({ azimuth: x[0], kickAngle: kLeast, finalBurnFraction: x[1] });
  } else if (shape.apogeeAltitude === undefined) {
    const [a, b] = shape.kind === 'lofted' ? [kMin, kStar] : [kStar, kMax];
    const ra = range(a, 1),
      rb = range(b, 1);
    const nearEnd = shape.kind === 'lofted' ? ra : rb;
    if (nearEnd > distance) {
      return {
        ok: false,
        reason: `target is too close for a full-burn ${shape.kind} trajectory (${km(distance)}; the shortest on that branch is ${km(nearEnd)}): try --apogee-km or min-energy`,
        maxRange,
      };
    }
    const k0 = bisect((k) => (range(k, 1) - distance) * (shape.kind === 'lofted' ? 1 : -1), a, b, 1e-5);
    x0 = [azimuth0, k0];
    lower = [azLo, a];
    upper = [azHi, b];
    steps = [1e-6, KICK_STEP];
    toControls = (x) => ({ azimuth: x[0], kickAngle: x[1], finalBurnFraction: 1 });
  } else {
    const apogeeWanted = shape.apogeeAltitude;
    const apogeeOf = (f: MissileFlight): number => f.primary.flight.apogee?.altitude ?? 0;
    const apogeeAt = (k: number): number => apogeeOf(fly({ azimuth: azimuth0, kickAngle: k, finalBurnFraction: 1 }));
    const highest = apogeeAt(kMin);
    if (apogeeWanted > highest) {
      return {
        ok: false,
        reason: `an apogee of ${km(apogeeWanted)} is beyond this missile (its most lofted flight peaks at ${km(highest)})`,
        maxRange,
      };
    }
    const k0 = apogeeAt(kMax) > apogeeWanted ? kMax : bisect((k) => apogeeAt(k) - apogeeWanted, kMin, kMax, 1e-5);
    x0 = [azimuth0, k0, 1];
    lower = [azLo, kMin, 0.02];
    upper = [azHi, kMax, 1];
    steps = [1e-6, KICK_STEP, 1e-6];
    toControls = (x) => ({ azimuth: x[0], kickAngle: x[1], finalBurnFraction: x[2] });
    extra = (f) => (apogeeOf(f) - apogeeWanted) * (missTolerance / apogeeTolerance);
  }

  const residual = (x: readonly number[]): number[] | null => {
    const flight = fly(toControls(x));
    const r = residualOf(flight);
    if (r === null) return null;
    return extra ? [r[0], r[1], extra(flight)] : r;
  };
  const sol = solveNewton({ residual, steps, lower, upper }, x0, missTolerance, 40);
  const controls = toControls(sol.x);
  const flight = flyMissile(spec, controls, site, { earth, targetAltitude: target.altitude, recordHistory: true, allObjects: true });
  const impact = flight.primary.flight.impact;
  const missDistance = impact ? greatCircleDistance(impact.latitude, impact.longitude, target.latitude, target.longitude) : Infinity;
  if (!sol.converged) {
    const what = shape.kind === 'min-energy' ? 'a minimum-energy' : `a ${shape.kind}`;
    const withApogee = (shape.kind === 'lofted' || shape.kind === 'depressed') && shape.apogeeAltitude !== undefined;
    return {
      ok: false,
      reason: `could not find ${what} trajectory to the target${withApogee ? ' with that apogee' : ''} (closest miss ${km(missDistance)})`,
      maxRange,
    };
  }
  return { ok: true, controls, flight, missDistance, maxRange, longestReachKick: kStar, evaluations, screeningFlights };
}

/** Inertial flight-path angle at burnout [rad above the local horizontal]. */
export function burnoutFlightPathAngle(f: MissileFlight): number {
  const b = f.boost.state;
  const r = Math.hypot(b[0], b[1], b[2]);
  const v = Math.hypot(b[3], b[4], b[5]);
  return Math.asin((b[0] * b[3] + b[1] * b[4] + b[2] * b[5]) / (r * v));
}

/** Flight-path angle of the minimum-energy conic from an ECI burnout position to an ECI impact position. */
export function minimumEnergyAngleTo(burnout: ArrayLike<number>, impact: ArrayLike<number>): number {
  const r1 = Math.hypot(burnout[0], burnout[1], burnout[2]);
  const r2 = Math.hypot(impact[0], impact[1], impact[2]);
  const cosPsi = (burnout[0] * impact[0] + burnout[1] * impact[1] + burnout[2] * impact[2]) / (r1 * r2);
  return minimumEnergyFlightPathAngle(r1, r2, Math.acos(Math.max(-1, Math.min(1, cosPsi))));
}

function angleBetween(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = Math.hypot(a[0], a[1], a[2]);
  const rb = Math.hypot(b[0], b[1], b[2]);
  return Math.acos(Math.max(-1, Math.min(1, (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (ra * rb))));
}

/** What Kepler's closed forms say a minimum-energy flight should look like (the reference `dome trajectory` prints). */
export interface KeplerMinimumEnergyReference {
  /**
   * The minimum-energy conic from the flight's burnout point to its impact point (inertial): its apogee
   * altitude above the ground under the flown apogee [m], and the flight time, boost time plus the
   * conic's time of flight [s].
   */
  fromBurnout: { apogeeAltitude: number; flightTime: number; speed: number; flightPathAngle: number };
  /**
   * The textbook surface-to-surface minimum-energy arc (45 deg - Psi/4) over the inertial range angle
   * from the launch point at lift-off to the impact point, on the mean-radius sphere: no boost, no air.
   */
  fromSurface: BallisticArc;
  /** That inertial range on the mean-radius sphere [m] (longer than the ground range when flying east). */
  inertialRange: number;
}

export function keplerMinimumEnergyReference(
  flight: MissileFlight,
  site: GeoPoint,
  earth: EarthModel,
): KeplerMinimumEnergyReference | null {
  const impact = flight.primary.flight.impact;
  const apogee = flight.primary.flight.apogee;
  if (flight.boost.failure || !impact) return null;
  const b = flight.boost.state;
  const rb = Math.hypot(b[0], b[1], b[2]);
  const ri = Math.hypot(impact.state[0], impact.state[1], impact.state[2]);
  const me = minimumEnergyTransfer(rb, ri, angleBetween(b, impact.state));
  // the ground's radius under the flown apogee, to turn the conic's apogee radius into an altitude
  const ground = apogee ? Math.hypot(apogee.state[0], apogee.state[1], apogee.state[2]) - apogee.altitude : ri - impact.altitude;
  const inertialRange = angleBetween(stateOnGround(site, earth), impact.state) * R_EARTH_MEAN;
  return {
    fromBurnout: {
      apogeeAltitude: me.apogeeRadius - ground,
      flightTime: flight.boost.t + me.timeOfFlight,
      speed: me.speed,
      flightPathAngle: me.flightPathAngle,
    },
    fromSurface: minimumEnergyArc(inertialRange, R_EARTH_MEAN),
    inertialRange,
  };
}
