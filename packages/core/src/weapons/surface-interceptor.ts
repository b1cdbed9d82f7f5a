import { MU_EARTH, R_EARTH_MEAN } from '../constants.ts';
import { ecefToGeodetic } from '../geo/geodetic.ts';
import { Dopri5 } from '../numerics/dopri5.ts';

/** Where in the atmosphere a kill vehicle works: above it (exo), inside it (endo) or both. */
export type AtmosphericRegime = 'exo' | 'endo' | 'endo-exo';

/**
 * A ground- or sea-launched interceptor as data (SI): its fly-out profile and engagement envelope.
 * The profile is the simplest one that carries the physics fire control needs: a boost at constant
 * acceleration to the burnout speed over the burn time, then an unpowered coast whose speed follows
 * energy conservation.
 */
export interface SurfaceInterceptorSpec {
  /** Speed at burnout [m/s]. */
  burnoutSpeed: number;
  /** Boost duration [s] (constant acceleration burnoutSpeed / burnTime). */
  burnTime: number;
  /** Lowest and highest intercept altitude [m above the ellipsoid]. */
  minInterceptAltitude: number;
  maxInterceptAltitude: number;
  /** Largest ground range [m] (great circle on the mean sphere) from the launcher to the intercept point. */
  maxInterceptRange: number;
  /** Velocity the kill vehicle can add to correct its course in the end game [m/s] (not used by the envelope). */
  divertVelocity: number;
  /** Single-shot kill probability (a test-record proxy in the catalog). */
  singleShotPk: number;
  /** Shortest fly-out [s]: kill-vehicle separation, seeker acquisition, arming. */
  minTimeOfFlight: number;
  regime: AtmosphericRegime;
  /**
   * Time the kill vehicle has between seeker acquisition and impact to correct its course [s]: with
   * divertVelocity it sets the handover basket (divertVelocity x homingTime), the largest handover error
   * it can remove. Absent: no basket is modelled (every handover is acquired).
   */
  homingTime?: number;
}

/** Problems that make a surface interceptor spec meaningless, as sentences (empty when fine). */
export function surfaceInterceptorProblems(s: SurfaceInterceptorSpec): string[] {
  const p: string[] = [];
  if (!(s.burnoutSpeed > 0)) p.push(`burnout speed must be positive (got ${s.burnoutSpeed} m/s)`);
  if (!(s.burnTime > 0)) p.push(`burn time must be positive (got ${s.burnTime} s)`);
  if (!(s.minInterceptAltitude >= 0)) p.push(`minimum intercept altitude must be zero or positive (got ${s.minInterceptAltitude} m)`);
  if (!(s.maxInterceptAltitude > s.minInterceptAltitude))
    p.push(`maximum intercept altitude (${s.maxInterceptAltitude} m) must exceed the minimum (${s.minInterceptAltitude} m)`);
  if (!(s.maxInterceptRange > 0)) p.push(`maximum intercept range must be positive (got ${s.maxInterceptRange} m)`);
  if (!(s.singleShotPk > 0 && s.singleShotPk <= 1)) p.push(`single-shot kill probability must be in (0, 1] (got ${s.singleShotPk})`);
  if (!(s.minTimeOfFlight >= 0)) p.push(`minimum time of flight must be zero or positive (got ${s.minTimeOfFlight} s)`);
  return p;
}

// 8-point Gauss-Legendre nodes and weights on [-1, 1] (Abramowitz & Stegun, Table 25.4).
const GL_X = [0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
const GL_W = [0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];

/** Integral of f over [a, b] by composite 8-point Gauss-Legendre on `panels` equal panels. */
function gaussLegendre(f: (x: number) => number, a: number, b: number, panels: number): number {
  const h = (b - a) / panels;
  let sum = 0;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * h;
    const half = 0.5 * h;
    for (let i = 0; i < 4; i++) sum += GL_W[i] * (f(mid - half * GL_X[i]) + f(mid + half * GL_X[i]));
  }
  return 0.5 * h * sum;
}

/**
 * The fly-out path from a launch position to an aim point (both Earth-centred, same frame), as a
 * function of lambda in [0, 1]: in the plane of the launcher, the aim point and the Earth's centre,
 * the radius grows linearly with the downrange angle, r = ra + lambda (rb - ra) at angle lambda Psi.
 * Straight up for an aim point overhead, an Earth-following climb for a distant one; it never dips
 * below the launcher's radius as a straight chord to a point beyond the horizon would.
 */
export class FlyoutPath {
  readonly ra: number;
  readonly rb: number;
  /** Downrange angle between launcher and aim point [rad]. */
  readonly psi: number;
  /** Path length [m] and the length flown while boosting. */
  readonly length: number;
  private readonly e1 = new Float64Array(3);
  private readonly e2 = new Float64Array(3);

  constructor(launch: ArrayLike<number>, aim: ArrayLike<number>) {
    this.ra = Math.hypot(launch[0], launch[1], launch[2]);
    this.rb = Math.hypot(aim[0], aim[1], aim[2]);
    for (let i = 0; i < 3; i++) this.e1[i] = launch[i] / this.ra;
    const dot = aim[0] * this.e1[0] + aim[1] * this.e1[1] + aim[2] * this.e1[2];
    for (let i = 0; i < 3; i++) this.e2[i] = aim[i] - dot * this.e1[i];
    const cross = Math.hypot(this.e2[0], this.e2[1], this.e2[2]);
    this.psi = Math.atan2(cross, dot);
    if (cross > 0) for (let i = 0; i < 3; i++) this.e2[i] /= cross;
    this.length = this.arcLength(1);
  }

  radius(lambda: number): number {
    return this.ra + lambda * (this.rb - this.ra);
  }

  /** ds/dlambda = sqrt((dr/dlambda)^2 + (r dpsi/dlambda)^2). */
  speedOfParameter(lambda: number): number {
    return Math.hypot(this.rb - this.ra, this.radius(lambda) * this.psi);
  }

  /** Path length from the launcher to lambda [m] (the integrand is analytic and slowly varying: one 8-point panel is exact to ~1e-12). */
  arcLength(lambda: number): number {
    if (!(lambda > 0)) return 0;
    return gaussLegendre((x) => this.speedOfParameter(x), 0, lambda, 1);
  }

  /** The lambda at which the path length is s (Newton on arcLength, whose derivative is speedOfParameter). */
  parameterAt(s: number): number {
    if (!(s > 0)) return 0;
    if (s >= this.length) return 1;
    let lam = s / this.length;
    for (let i = 0; i < 30; i++) {
      const step = (this.arcLength(lam) - s) / this.speedOfParameter(lam);
      lam = Math.min(1, Math.max(0, lam - step));
      if (Math.abs(step) < 1e-13) break;
    }
    return lam;
  }

  /** Earth-centred position at lambda, written to out. */
  position(lambda: number, out: Float64Array | number[]): Float64Array | number[] {
    const r = this.radius(lambda),
      a = lambda * this.psi;
    const c = r * Math.cos(a),
      s = r * Math.sin(a);
    for (let i = 0; i < 3; i++) out[i] = c * this.e1[i] + s * this.e2[i];
    return out;
  }
}

/** Kinematic answer for one aim point. */
export interface FlyoutToPoint {
  /** Time from launch to the aim point [s]; Infinity when the coast runs out of energy first. */
  timeOfFlight: number;
  /** Ground range [m] on the mean sphere and altitude [m above the ellipsoid] of the aim point. */
  groundRange: number;
  altitude: number;
  /** Inside the altitude band and ground range, reachable in energy, and not sooner than the minimum time of flight. */
  reachable: boolean;
  /** Why not, in words, or null. */
  reason: string | null;
}

const scratchGeo = new Float64Array(3);

/** Coast speed at radius r after burnout at rb with speed vbo, by energy conservation: v^2 = vbo^2 - 2 mu (1/rb - 1/r). */
export function coastSpeed(vbo: number, rBurnout: number, r: number): number {
  const v2 = vbo * vbo - 2 * MU_EARTH * (1 / rBurnout - 1 / r);
  return v2 > 0 ? Math.sqrt(v2) : 0;
}

/**
 * Lagrange's time-of-flight equation on the fast (low) branch: the time to coast from radius r1 to
 * radius r2 across a chord c (transfer angle below pi) on the conic of semi-major axis a (a < 0:
 * hyperbola). With s = (r1 + r2 + c) / 2, for an ellipse sin^2(alpha/2) = s / 2a, sin^2(beta/2) =
 * (s - c) / 2a and t = sqrt(a^3 / mu) [(alpha - sin alpha) - (beta - sin beta)]; for a hyperbola the
 * sinh forms (Battin, An Introduction to the Mathematics and Methods of Astrodynamics, 1999, sec. 6.4;
 * Vallado, 4th ed., sec. 7.6). Infinity when s > 2a: the energy cannot span the chord.
 */
export function lagrangeTimeOfFlight(r1: number, r2: number, c: number, a: number, mu = MU_EARTH): number {
  const s = 0.5 * (r1 + r2 + c);
  if (a > 0) {
    if (s > 2 * a) return Infinity;
    const alpha = 2 * Math.asin(Math.min(1, Math.sqrt(s / (2 * a))));
    const beta = 2 * Math.asin(Math.min(1, Math.sqrt((s - c) / (2 * a))));
    return Math.sqrt((a * a * a) / mu) * (alpha - Math.sin(alpha) - (beta - Math.sin(beta)));
  }
  const alpha = 2 * Math.asinh(Math.sqrt(s / (-2 * a)));
  const beta = 2 * Math.asinh(Math.sqrt((s - c) / (-2 * a)));
  return Math.sqrt((-a * a * a) / mu) * (Math.sinh(alpha) - alpha - (Math.sinh(beta) - beta));
}

/** Burnout: where the boost along the path ends, and the coast conic's semi-major axis from vis-viva, a = 1 / (2/r - v^2/mu). */
function burnoutOn(s: SurfaceInterceptorSpec, path: FlyoutPath): { position: Float64Array; radius: number; a: number } {
  const position = new Float64Array(3);
  path.position(path.parameterAt(0.5 * s.burnoutSpeed * s.burnTime), position);
  const radius = Math.hypot(position[0], position[1], position[2]);
  return { position, radius, a: 1 / (2 / radius - (s.burnoutSpeed * s.burnoutSpeed) / MU_EARTH) };
}

/**
 * Time [s] for the interceptor to fly its profile from `launch` to `aim`: a boost at constant
 * acceleration a = vbo / tb along the FlyoutPath for its first s_bo = vbo tb / 2 metres
 * (t = sqrt(2 s / a) there), then a ballistic coast on the conic through burnout and the aim point
 * whose energy is the burnout speed's, so its speed falls with altitude as v^2 = vbo^2 - 2 mu (1/r_bo - 1/r);
 * its time from Lagrange's equation, fast branch. Infinity if the coast cannot reach the point.
 *
 * The approximations: the boost follows the path's shape and turns instantly onto the conic at
 * burnout (a real booster steers onto it during the boost); gravity and drag losses are inside the
 * burnout speed; the launcher's Earth-rotation velocity (at most 465 m/s) is ignored; point-mass
 * gravity on the coast (no J2). Against a numerically integrated fly-out launched at the right angle
 * the time is never shorter and at most 1.5 % longer (1.4 % for a 5,000 km, 300 km-high GBI shot,
 * < 0.1 % for short or steep shots): see the test.
 */
export function timeOfFlightTo(s: SurfaceInterceptorSpec, launch: ArrayLike<number>, aim: ArrayLike<number>): number {
  return timeOfFlightOn(s, new FlyoutPath(launch, aim), aim);
}

/** timeOfFlightTo on a FlyoutPath already built from the launch position to `aim`. */
function timeOfFlightOn(s: SurfaceInterceptorSpec, path: FlyoutPath, aim: ArrayLike<number>, energy?: { margin: number }): number {
  const sBurn = 0.5 * s.burnoutSpeed * s.burnTime;
  if (path.length <= sBurn) {
    if (energy) energy.margin = Infinity;
    return Math.sqrt((2 * path.length * s.burnTime) / s.burnoutSpeed);
  }
  const bo = burnoutOn(s, path);
  const c = Math.hypot(aim[0] - bo.position[0], aim[1] - bo.position[1], aim[2] - bo.position[2]);
  // Lagrange's ellipse needs s = (r1 + r2 + c) / 2 <= 2a; an open conic always reaches
  if (energy) energy.margin = bo.a > 0 ? 2 * bo.a - 0.5 * (bo.radius + path.rb + c) : Infinity;
  return s.burnTime + lagrangeTimeOfFlight(bo.radius, path.rb, c, bo.a);
}

/** Time of flight from a launch position to an aim point, with the envelope's verdict. Positions Earth-centred, same frame. */
export function flyoutTo(s: SurfaceInterceptorSpec, launch: ArrayLike<number>, aim: ArrayLike<number>): FlyoutToPoint {
  // geodetic altitude does not depend on the Earth's rotation angle, so the inertial position serves
  const altitude = ecefToGeodetic(aim[0], aim[1], aim[2], scratchGeo)[2];
  const { timeOfFlight, groundRange } = flyoutKinematics(s, launch, aim, altitude);
  let reason: string | null = null;
  if (altitude < s.minInterceptAltitude)
    reason = `below the minimum intercept altitude (${(altitude / 1e3).toFixed(1)} km < ${(s.minInterceptAltitude / 1e3).toFixed(1)} km)`;
  else if (altitude > s.maxInterceptAltitude)
    reason = `above the maximum intercept altitude (${(altitude / 1e3).toFixed(1)} km > ${(s.maxInterceptAltitude / 1e3).toFixed(1)} km)`;
  else if (groundRange > s.maxInterceptRange)
    reason = `beyond the maximum intercept range (${(groundRange / 1e3).toFixed(0)} km > ${(s.maxInterceptRange / 1e3).toFixed(0)} km)`;
  else if (!Number.isFinite(timeOfFlight)) reason = 'out of reach: the coast has too little energy to get there';
  else if (timeOfFlight < s.minTimeOfFlight)
    reason = `sooner than the minimum time of flight (${timeOfFlight.toFixed(1)} s < ${s.minTimeOfFlight} s)`;
  return { timeOfFlight, groundRange, altitude, reachable: reason === null, reason };
}

/** flyoutTo's figures and verdict without the reason in words: what fire control's scans need, for an aim point whose altitude [m] is known. */
export interface FlyoutKinematics {
  timeOfFlight: number;
  groundRange: number;
  altitude: number;
  reachable: boolean;
  /**
   * How far the point is inside the coast's energy [m]: 2a - s of Lagrange's equation (s the half-perimeter
   * of the burnout-aim triangle); negative when out of reach, Infinity when reached in the boost or on an open conic.
   */
  energyMargin: number;
}

/**
 * The same numbers as flyoutTo (bit for bit) for an aim point of known altitude, without building the
 * reason: fire control asks this of one aim point from many launch positions (the launcher turning with
 * the Earth) and only wants the verdict.
 */
export function flyoutKinematics(
  s: SurfaceInterceptorSpec,
  launch: ArrayLike<number>,
  aim: ArrayLike<number>,
  altitude: number,
): FlyoutKinematics {
  const path = new FlyoutPath(launch, aim);
  const groundRange = path.psi * R_EARTH_MEAN;
  const energy = { margin: NaN };
  const timeOfFlight = timeOfFlightOn(s, path, aim, energy);
  // flyoutTo's tests, negated as written there (so that NaN answers the same)
  const reachable =
    !(altitude < s.minInterceptAltitude) &&
    !(altitude > s.maxInterceptAltitude) &&
    !(groundRange > s.maxInterceptRange) &&
    Number.isFinite(timeOfFlight) &&
    !(timeOfFlight < s.minTimeOfFlight);
  return { timeOfFlight, groundRange, altitude, reachable, energyMargin: energy.margin };
}

/**
 * The interceptor's state [x, y, z, vx, vy, vz] at burnout on its way to `aim`, with the coast
 * velocity that puts it on Lagrange's fast conic: p = 4 a (s - r1)(s - r2) / c^2 sin^2((alpha + beta)/2),
 * f = 1 - r2 (1 - cos theta) / p, g = r1 r2 sin theta / sqrt(mu p), v1 = (r2 - f r1) / g (Vallado, 4th ed.,
 * sec. 7.6). Null if the aim point is inside the boost or out of reach. For display and checking.
 */
export function coastInitialState(s: SurfaceInterceptorSpec, launch: ArrayLike<number>, aim: ArrayLike<number>): Float64Array | null {
  const path = new FlyoutPath(launch, aim);
  if (path.length <= 0.5 * s.burnoutSpeed * s.burnTime) return null;
  const bo = burnoutOn(s, path);
  const r1 = bo.radius,
    r2 = path.rb,
    a = bo.a;
  const R1 = bo.position;
  const c = Math.hypot(aim[0] - R1[0], aim[1] - R1[1], aim[2] - R1[2]);
  const sp = 0.5 * (r1 + r2 + c);
  let p: number;
  if (a > 0) {
    if (sp > 2 * a) return null;
    const alpha = 2 * Math.asin(Math.min(1, Math.sqrt(sp / (2 * a))));
    const beta = 2 * Math.asin(Math.min(1, Math.sqrt((sp - c) / (2 * a))));
    p = ((4 * a * (sp - r1) * (sp - r2)) / (c * c)) * Math.sin(0.5 * (alpha + beta)) ** 2;
  } else {
    const alpha = 2 * Math.asinh(Math.sqrt(sp / (-2 * a)));
    const beta = 2 * Math.asinh(Math.sqrt((sp - c) / (-2 * a)));
    p = ((-4 * a * (sp - r1) * (sp - r2)) / (c * c)) * Math.sinh(0.5 * (alpha + beta)) ** 2;
  }
  const cosT = (R1[0] * aim[0] + R1[1] * aim[1] + R1[2] * aim[2]) / (r1 * r2);
  const sinT = Math.sqrt(Math.max(0, 1 - cosT * cosT));
  const f = 1 - (r2 / p) * (1 - cosT);
  const g = (r1 * r2 * sinT) / Math.sqrt(MU_EARTH * p);
  const out = new Float64Array(6);
  for (let i = 0; i < 3; i++) {
    out[i] = R1[i];
    out[3 + i] = (aim[i] - f * R1[i]) / g;
  }
  return out;
}

/** Two-body gravity on a state [x, y, z, vx, vy, vz] (the coast). */
function twoBody(_t: number, y: Float64Array, dy: Float64Array): void {
  const r = Math.hypot(y[0], y[1], y[2]);
  const k = -MU_EARTH / (r * r * r);
  dy[0] = y[3];
  dy[1] = y[4];
  dy[2] = y[5];
  dy[3] = k * y[0];
  dy[4] = k * y[1];
  dy[5] = k * y[2];
}

/**
 * interceptorPosition at each of the ascending times `taus` (seconds after launch), written to `out[3k..]`
 * and called as `at(k, tau, position)`: one coast integration through them all instead of one per time
 * (the same model and tolerances; positions agree with interceptorPosition's to well under a millimetre).
 */
export function interceptorPositions(
  s: SurfaceInterceptorSpec,
  launch: ArrayLike<number>,
  aim: ArrayLike<number>,
  taus: readonly number[],
  at: (k: number, tau: number, position: Float64Array) => void,
): void {
  const path = new FlyoutPath(launch, aim);
  const coast = taus.some((tau) => tau > s.burnTime) ? coastInitialState(s, launch, aim) : null;
  const position = new Float64Array(3);
  const dopri = new Dopri5(6, { rtol: 1e-12, atol: 1e-6 });
  let t = s.burnTime;
  taus.forEach((tau, k) => {
    if (!coast || tau <= s.burnTime) {
      path.position(
        path.parameterAt(Math.min(path.length, (0.5 * s.burnoutSpeed * Math.min(tau, s.burnTime) ** 2) / s.burnTime)),
        position,
      );
    } else {
      if (tau - t > 1e-9 * Math.max(1, tau)) dopri.integrate(twoBody, t, coast, tau);
      t = Math.max(t, tau);
      for (let i = 0; i < 3; i++) position[i] = coast[i];
    }
    at(k, tau, position);
  });
}

/**
 * Where the interceptor is [Earth-centred m] tau seconds after launch on its profile to `aim`: along
 * the path while boosting, then on the coast conic (two-body motion integrated by Dopri5 from
 * coastInitialState). For display and for checking an intercept; not for hot loops.
 */
export function interceptorPosition(
  s: SurfaceInterceptorSpec,
  launch: ArrayLike<number>,
  aim: ArrayLike<number>,
  tau: number,
  out: Float64Array | number[] = new Float64Array(3),
): Float64Array | number[] {
  const path = new FlyoutPath(launch, aim);
  const coast = tau > s.burnTime ? coastInitialState(s, launch, aim) : null;
  if (!coast)
    return path.position(
      path.parameterAt(Math.min(path.length, (0.5 * s.burnoutSpeed * Math.min(tau, s.burnTime) ** 2) / s.burnTime)),
      out,
    );
  // a coast shorter than Dopri5's smallest step (tau a rounding error past burnout) is the burnout state itself
  if (tau - s.burnTime > 1e-9 * Math.max(1, tau)) new Dopri5(6, { rtol: 1e-12, atol: 1e-6 }).integrate(twoBody, s.burnTime, coast, tau);
  for (let i = 0; i < 3; i++) out[i] = coast[i];
  return out;
}
