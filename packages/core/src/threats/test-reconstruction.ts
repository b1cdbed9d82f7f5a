import { MU_EARTH, R_EARTH_MEAN } from '../constants.ts';
import { greatCircleDistance } from '../geo/great-circle.ts';
import { flyToImpact, type UnpoweredFlight } from './ballistic.ts';
import { stateOnGround } from './boost.ts';
import { type GeoPoint } from '../geo/place.ts';
import { type EarthModel, earthAngle } from '../geo/earth-model.ts';
import { toEci } from '../geo/earth-rotation.ts';
import type { BallisticMissileSpec } from './missile.ts';
import { flyMissile, type MissileFlight } from './missile-flight.ts';
import { bisect, maximizeGolden, solveNewton } from '../numerics/roots.ts';

/**
 * A vacuum ballistic flight that starts on the ground with a given speed relative to the rotating
 * Earth, at a flight-path angle gamma above the horizontal, towards an azimuth (the "ballistic from
 * the surface" idealisation analysts use to reconstruct a test from its apogee and range).
 */
export function flyFromSurface(site: GeoPoint, azimuth: number, speed: number, gamma: number, earth: EarthModel): UnpoweredFlight {
  const y = stateOnGround(site, earth);
  const lat = site.latitude,
    lon = site.longitude;
  const cl = Math.cos(lat),
    sl = Math.sin(lat),
    co = Math.cos(lon),
    so = Math.sin(lon);
  const ch = Math.cos(gamma),
    sh = Math.sin(gamma);
  const e = ch * Math.sin(azimuth),
    n = ch * Math.cos(azimuth),
    u = sh;
  // ENU → ECEF (geodetic vertical), then into ECI at t = 0
  const vx = -so * e - sl * co * n + cl * co * u;
  const vy = co * e - sl * so * n + cl * so * u;
  const vz = cl * n + sl * u;
  const v = [0, 0, 0];
  toEci(earthAngle(earth, 0), vx * speed, vy * speed, vz * speed, v);
  const start = [y[0], y[1], y[2], y[3] + v[0], y[4] + v[1], y[5] + v[2]];
  return flyToImpact(start, 0, { ballisticCoefficient: 0 }, { earth: { ...earth, atmosphere: false }, groundAltitude: site.altitude });
}

/** Inertial speed of a horizontal launch from the surface at an Earth-relative speed towards an azimuth. */
function surfaceInertialSpeed(site: GeoPoint, azimuth: number, speed: number, earth: EarthModel): number {
  const s0 = stateOnGround(site, earth);
  const ground = Math.hypot(s0[3], s0[4], s0[5]);
  // the ground moves east at `ground` m/s: add it to the horizontal velocity's east component
  const east = speed * Math.sin(azimuth) + ground,
    north = speed * Math.cos(azimuth);
  return Math.hypot(east, north);
}

/** One circumference of the mean-radius Earth [m]: a ground track this long went round the world. */
const CIRCUMFERENCE = 2 * Math.PI * R_EARTH_MEAN;

/**
 * The longest vacuum flight from the surface at a speed towards an azimuth, searching the flight-path
 * angle. Range is along-track (the ground track's length, not capped by the great circle); a flight
 * that does not come down, or goes round the world first, is orbital-class (range Infinity).
 */
export function maxRangeFromSurface(
  site: GeoPoint,
  azimuth: number,
  speed: number,
  earth: EarthModel,
): { range: number; gamma: number; flight: UnpoweredFlight; orbital: boolean } {
  // At or above circular speed (inertial, at the launch radius) a flight skimming the horizon goes all
  // the way round: global reach, whatever the search's lowest angle would give.
  const start = flyFromSurface(site, azimuth, speed, 5 * (Math.PI / 180), earth);
  const s0 = stateOnGround(site, earth);
  const r0 = Math.hypot(s0[0], s0[1], s0[2]);
  const inertialSpeed = surfaceInertialSpeed(site, azimuth, speed, earth);
  if (inertialSpeed * inertialSpeed * r0 >= MU_EARTH) return { range: Infinity, gamma: 0, flight: start, orbital: true };
  const rangeAt = (g: number): number => {
    const f = flyFromSurface(site, azimuth, speed, g, earth);
    return f.impact && f.alongTrack < CIRCUMFERENCE ? f.alongTrack : Infinity;
  };
  const best = maximizeGolden(rangeAt, 5 * (Math.PI / 180), 60 * (Math.PI / 180), 1e-6);
  return {
    range: best.value,
    gamma: best.x,
    flight: flyFromSurface(site, azimuth, speed, best.x, earth),
    orbital: !Number.isFinite(best.value),
  };
}

/**
 * Solves the speed and flight-path angle of a from-the-surface flight towards an azimuth on the real
 * (rotating, J2) Earth that reproduce an observed apogee and ground range, starting from the
 * closed-form (spherical, non-rotating) answer.
 */
export function fitSurfaceFlight(
  site: GeoPoint,
  azimuth: number,
  apogee: number,
  range: number,
  start: { speed: number; gamma: number },
  earth: EarthModel,
): { speed: number; gamma: number; flight: UnpoweredFlight; converged: boolean } {
  const residual = (x: readonly number[]): number[] | null => {
    const f = flyFromSurface(site, azimuth, x[0], x[1], earth);
    if (!f.impact || !f.apogee) return null;
    const r = greatCircleDistance(site.latitude, site.longitude, f.impact.latitude, f.impact.longitude);
    return [(f.apogee.altitude - apogee) / 10, (r - range) / 10];
  };
  const sol = solveNewton(
    { residual, steps: [1e-3, 1e-7], lower: [100, 0.01], upper: [11000, Math.PI / 2 - 1e-4] },
    [start.speed, start.gamma],
    1,
    40,
  );
  return { speed: sol.x[0], gamma: sol.x[1], flight: flyFromSurface(site, azimuth, sol.x[0], sol.x[1], earth), converged: sol.converged };
}

export interface MissileFit {
  converged: boolean;
  /** Payload (everything above the last stage) consistent with the test [kg]. */
  payloadMass: number;
  kickAngle: number;
  flight: MissileFlight;
}

/**
 * Reconstructs a full-burn test flight of a catalogued missile: the loft (kick) and payload mass
 * that reproduce the observed apogee and ground range when launched towards the test azimuth.
 * (The payload is what analysts infer: a lighter payload flies farther.)
 */
export function fitMissileToTest(
  spec: BallisticMissileSpec,
  site: GeoPoint,
  azimuth: number,
  apogee: number,
  range: number,
  earth: EarthModel,
): MissileFit {
  const withPayload = (m: number): BallisticMissileSpec => ({ ...spec, rocket: { ...spec.rocket, payloadMass: m } });
  const fly = (m: number, kick: number): MissileFlight =>
    flyMissile(withPayload(m), { azimuth, kickAngle: kick, finalBurnFraction: 1 }, site, { earth });
  const m0 = spec.rocket.payloadMass;
  // Initial loft: the kick that gives the observed apogee with the catalogue payload.
  const [kMin, kMax] = spec.kickRange;
  const apogeeAt = (k: number): number => fly(m0, k).primary.flight.apogee?.altitude ?? 0;
  const k0 = apogeeAt(kMin) < apogee ? kMin : apogeeAt(kMax) > apogee ? kMax : bisect((k) => apogeeAt(k) - apogee, kMin, kMax, 1e-5);
  const residual = (x: readonly number[]): number[] | null => {
    const f = fly(x[0], x[1]);
    if (f.boost.failure || !f.primary.flight.impact || !f.primary.flight.apogee) return null;
    return [(f.primary.flight.apogee.altitude - apogee) / 10, (f.summary.groundRange - range) / 10];
  };
  const sol = solveNewton({ residual, steps: [m0 * 1e-4, 1e-6], lower: [m0 * 0.05, kMin], upper: [m0 * 20, kMax] }, [m0, k0], 1, 40);
  return { converged: sol.converged, payloadMass: sol.x[0], kickAngle: sol.x[1], flight: fly(sol.x[0], sol.x[1]) };
}

/**
 * The longest full-burn along-track range of a missile (with a given payload) towards an azimuth (the
 * loft of longest reach); Infinity with `orbital` when some loft goes into orbit or round the world.
 */
export function missileMaxRange(
  spec: BallisticMissileSpec,
  site: GeoPoint,
  azimuth: number,
  earth: EarthModel,
): { range: number; kickAngle: number; orbital: boolean } {
  const rangeAt = (k: number): number => {
    const f = flyMissile(spec, { azimuth, kickAngle: k, finalBurnFraction: 1 }, site, { earth });
    if (f.boost.failure) return 0;
    return f.summary.orbital || !f.primary.flight.impact ? Infinity : f.summary.alongTrackRange;
  };
  const best = maximizeGolden(rangeAt, spec.kickRange[0], spec.kickRange[1], 2e-4);
  return { range: best.value, kickAngle: best.x, orbital: !Number.isFinite(best.value) };
}
