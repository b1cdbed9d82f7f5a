import { greatCircleDistance, initialAzimuth, northEastOffset } from '../frames/great-circle.ts';
import type { BoostControls, GeoPoint } from './boost.ts';
import type { EarthModel } from './earth-model.ts';
import type { BallisticMissileSpec } from './missile.ts';
import { flyMissile, type MissileFlight } from './missile-flight.ts';
import { bisect, maximizeGolden, solveNewton } from './newton.ts';

/**
 * The trajectory shapes analysts ask for. "min-energy" flies the loft that maximises range (the
 * minimum-energy trajectory) and shortens the range by terminating the last stage's thrust early;
 * "lofted" and "depressed" burn everything and reach the target on the steep or the flat branch;
 * an apogee constraint fixes the loft and uses thrust termination for range.
 */
export type TrajectoryShape =
  | { kind: 'min-energy' }
  | { kind: 'lofted'; apogeeAltitude?: number }
  | { kind: 'depressed'; apogeeAltitude?: number };

export interface AimOptions {
  earth: EarthModel;
  /** Acceptable miss distance of the primary warhead [m]. */
  missTolerance?: number;
  /** Acceptable apogee error when an apogee is asked for [m]. */
  apogeeTolerance?: number;
}

export type AimResult =
  | { ok: true; controls: BoostControls; flight: MissileFlight; missDistance: number; maxRange: number; /** The loft of longest full-burn reach towards the target [rad]. */
    minEnergyKick: number; evaluations: number }
  | { ok: false; reason: string; maxRange: number };

const KICK_STEP = 1e-5;

/**
 * Solves launch azimuth, loft and thrust termination so that the primary warhead lands on the target,
 * on the rotating Earth. Reports "out of range" (with the maximum range towards the target) when no
 * trajectory of the requested shape reaches it.
 */
export function aimMissile(spec: BallisticMissileSpec, site: GeoPoint, target: GeoPoint, shape: TrajectoryShape, options: AimOptions): AimResult {
  const { earth } = options;
  const missTolerance = options.missTolerance ?? 1;
  const apogeeTolerance = options.apogeeTolerance ?? 100;
  const [kMin, kMax] = spec.kickRange;
  let evaluations = 0;
  const fly = (c: BoostControls): MissileFlight => {
    evaluations++;
    return flyMissile(spec, c, site, { earth, targetAltitude: target.altitude });
  };
  const distance = greatCircleDistance(site.latitude, site.longitude, target.latitude, target.longitude);
  const azimuth0 = initialAzimuth(site.latitude, site.longitude, target.latitude, target.longitude);
  const rangeOf = (f: MissileFlight): number => (f.boost.failure || !f.primary.flight.impact ? 0 : f.summary.groundRange);
  const range = (kick: number, fraction: number, azimuth = azimuth0): number => rangeOf(fly({ azimuth, kickAngle: kick, finalBurnFraction: fraction }));

  const best = maximizeGolden((k) => range(k, 1), kMin, kMax, 2e-4);
  const kStar = best.x;
  const maxRange = best.value;
  const km = (m: number): string => `${(m / 1000).toFixed(0)} km`;
  if (distance > maxRange) {
    return { ok: false, reason: `target is out of range: ${km(distance)} away, but the longest trajectory towards it reaches ${km(maxRange)}`, maxRange };
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
  const azLo = azimuth0 - 0.5, azHi = azimuth0 + 0.5;

  if (shape.kind === 'min-energy') {
    // The minimum-energy trajectory to this range: the loft that needs the least of the last stage's
    // burn (least burnout energy) to get there. At a fixed loft, range grows with the burn fraction,
    // so the fraction that reaches the target is found by bisection; the loft that minimises it by
    // golden section over the lofts whose full burn reaches the target. (Flying the longest-reach loft
    // and cutting thrust early instead would give a flatter, depressed trajectory at shorter ranges:
    // the optimal flight-path angle steepens as the range shortens, (pi - Psi) / 4.)
    const fMin = 0.02;
    if (range(kStar, fMin) > distance) {
      return { ok: false, reason: `target is too close for a minimum-energy trajectory (${km(distance)}; even cutting thrust early the shortest is ${km(range(kStar, fMin))}): try --shape lofted or depressed`, maxRange };
    }
    const kLo = range(kMin, 1) >= distance ? kMin : bisect((k) => range(k, 1) - distance, kMin, kStar, 1e-5);
    const kHi = range(kMax, 1) >= distance ? kMax : bisect((k) => distance - range(k, 1), kStar, kMax, 1e-5);
    const fractionFor = (k: number): number => (range(k, fMin) >= distance ? fMin : bisect((f) => range(k, f) - distance, fMin, 1, 1e-5));
    const lightest = maximizeGolden((k) => -fractionFor(k), kLo, kHi, 2e-4);
    const kMinEnergy = lightest.x;
    x0 = [azimuth0, fractionFor(kMinEnergy)];
    lower = [azLo, fMin]; upper = [azHi, 1]; steps = [1e-6, 1e-6];
    toControls = (x) => ({ azimuth: x[0], kickAngle: kMinEnergy, finalBurnFraction: x[1] });
  } else if (shape.apogeeAltitude === undefined) {
    const [a, b] = shape.kind === 'lofted' ? [kMin, kStar] : [kStar, kMax];
    const ra = range(a, 1), rb = range(b, 1);
    const nearEnd = shape.kind === 'lofted' ? ra : rb;
    if (nearEnd > distance) {
      return { ok: false, reason: `target is too close for a full-burn ${shape.kind} trajectory (${km(distance)}; the shortest on that branch is ${km(nearEnd)}): try --apogee-km or min-energy`, maxRange };
    }
    const k0 = bisect((k) => (range(k, 1) - distance) * (shape.kind === 'lofted' ? 1 : -1), a, b, 1e-5);
    x0 = [azimuth0, k0];
    lower = [azLo, a]; upper = [azHi, b]; steps = [1e-6, KICK_STEP];
    toControls = (x) => ({ azimuth: x[0], kickAngle: x[1], finalBurnFraction: 1 });
  } else {
    const apogeeWanted = shape.apogeeAltitude;
    const apogeeOf = (f: MissileFlight): number => f.primary.flight.apogee?.altitude ?? 0;
    const apogeeAt = (k: number): number => apogeeOf(fly({ azimuth: azimuth0, kickAngle: k, finalBurnFraction: 1 }));
    const highest = apogeeAt(kMin);
    if (apogeeWanted > highest) {
      return { ok: false, reason: `an apogee of ${km(apogeeWanted)} is beyond this missile (its most lofted flight peaks at ${km(highest)})`, maxRange };
    }
    const k0 = apogeeAt(kMax) > apogeeWanted ? kMax : bisect((k) => apogeeAt(k) - apogeeWanted, kMin, kMax, 1e-5);
    x0 = [azimuth0, k0, 1];
    lower = [azLo, kMin, 0.02]; upper = [azHi, kMax, 1]; steps = [1e-6, KICK_STEP, 1e-6];
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
    return { ok: false, reason: `could not find ${what} trajectory to the target${shape.kind !== 'min-energy' && shape.apogeeAltitude !== undefined ? ' with that apogee' : ''} (closest miss ${km(missDistance)})`, maxRange };
  }
  return { ok: true, controls, flight, missDistance, maxRange, minEnergyKick: kStar, evaluations };
}
