/**
 * Intercept geometry of a fighter (or an air-to-air missile) against an air-breathing target, in a flat local
 * frame (east, north [m]): constant velocities, the interceptor at a constant speed. This is the solved
 * geometry the air layer plans with (issue 15, step 3); the battle manager does not call it yet.
 *
 * Collision course: the interceptor flies the straight line that meets the target, |r + v t| = s t for the
 * target's relative position r, velocity v and the interceptor's speed s, a quadratic in t:
 * (v.v - s^2) t^2 + 2 (r.v) t + r.r = 0; the earliest positive root. Its lead angle obeys the law of sines of
 * the intercept triangle, sin(lead) = (|v| / s) sin(angle at the target) (the constant-bearing course).
 * Over the ranges of a scramble (hundreds of km) the flat frame is an approximation (the sphere's curvature
 * is ~R^2 / (2 R_e) ~ 20 km in 500 km); a later session may solve it on the sphere.
 */

export interface CollisionCourse {
  /** Time to the meeting [s]. */
  time: number;
  /** Unit heading of the interceptor (east, north). */
  heading: [number, number];
  /** Where they meet, relative to the interceptor's start (east, north) [m]. */
  point: [number, number];
}

/** The collision course from the origin at speed s [m/s] against a target at r [m] moving at v [m/s]; null when it cannot be caught. */
export function collisionCourse(r: readonly [number, number], v: readonly [number, number], speed: number): CollisionCourse | null {
  const a = v[0] * v[0] + v[1] * v[1] - speed * speed;
  const b = 2 * (r[0] * v[0] + r[1] * v[1]);
  const c = r[0] * r[0] + r[1] * r[1];
  if (c === 0) return { time: 0, heading: [0, 1], point: [0, 0] };
  let t: number;
  if (Math.abs(a) < 1e-12) {
    // equal speeds: a single root of b t + c = 0
    if (b >= 0) return null;
    t = -c / b;
  } else {
    const disc = b * b - 4 * a * c;
    if (disc < 0) return null;
    const sq = Math.sqrt(disc);
    const roots = [(-b - sq) / (2 * a), (-b + sq) / (2 * a)].filter((x) => x > 0).sort((x, y) => x - y);
    if (roots.length === 0) return null;
    t = roots[0];
  }
  const point: [number, number] = [r[0] + v[0] * t, r[1] + v[1] * t];
  const d = Math.hypot(point[0], point[1]);
  return { time: t, heading: [point[0] / d, point[1] / d], point };
}

/** A fighter on alert: what decides how soon it can meet a target. */
export interface ScrambleSpec {
  /** From the order to wheels up [s]. */
  scrambleDelay: number;
  /** Climb to the intercept altitude: rate [m/s] and ground speed while climbing [m/s]. */
  climbRate: number;
  climbSpeed: number;
  /** Dash speed on the collision course [m/s]. */
  dashSpeed: number;
  /** Farthest it may fly out [m] (its combat radius). */
  combatRadius: number;
}

export interface ScrambleIntercept {
  /** From the order to the meeting [s]: delay + climb + dash. */
  time: number;
  climbTime: number;
  dashTime: number;
  /** Where they meet, from the base (east, north) [m]. */
  point: [number, number];
  /** Distance from the base to the meeting [m] (within the combat radius). */
  radius: number;
}

/**
 * Scramble to intercept: the fighter waits scrambleDelay, climbs to `altitude` at climbRate while flying
 * climbSpeed along the bearing to where the target is when the climb starts (a labelled simplification:
 * the climb is not steered), then flies the collision course at dashSpeed against the target as it is at
 * the top of the climb. Target at r [m] from the base, moving at v [m/s] when the order is given. Null when
 * it cannot be caught or the meeting is beyond the combat radius.
 */
export function scrambleIntercept(
  spec: ScrambleSpec,
  r: readonly [number, number],
  v: readonly [number, number],
  altitude: number,
): ScrambleIntercept | null {
  const climbTime = Math.max(0, altitude) / spec.climbRate;
  const atClimb: [number, number] = [r[0] + v[0] * spec.scrambleDelay, r[1] + v[1] * spec.scrambleDelay];
  const dist = Math.hypot(atClimb[0], atClimb[1]);
  const dir: [number, number] = dist > 0 ? [atClimb[0] / dist, atClimb[1] / dist] : [0, 1];
  const top: [number, number] = [dir[0] * spec.climbSpeed * climbTime, dir[1] * spec.climbSpeed * climbTime];
  const t0 = spec.scrambleDelay + climbTime;
  const rel: [number, number] = [r[0] + v[0] * t0 - top[0], r[1] + v[1] * t0 - top[1]];
  const cc = collisionCourse(rel, v, spec.dashSpeed);
  if (!cc) return null;
  const point: [number, number] = [top[0] + cc.point[0], top[1] + cc.point[1]];
  const radius = Math.hypot(point[0], point[1]);
  if (radius > spec.combatRadius) return null;
  return { time: t0 + cc.time, climbTime, dashTime: cc.time, point, radius };
}
