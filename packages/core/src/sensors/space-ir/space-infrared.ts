import { WGS84_A, WGS84_B } from '../../constants.ts';
import type { Ephemeris } from '../../orbits/ephemeris.ts';
import { standardNormal } from '../radar/radar.ts';

/**
 * Space infrared sensors as data, SI throughout: metres, seconds, radians, W/sr; positions are ECI
 * (any one Earth-centred frame will do: every test here is a rotation-invariant geometry about the
 * Earth's polar axis).
 *
 * Two roles share one model:
 * - missile warning (GEO and HEO, SBIRS / Next-Gen OPIR class): sees a burning booster's plume,
 *   looking down against the Earth, once the plume is above an altitude floor (cloud tops and the
 *   opaque lower atmosphere);
 * - tracking (proliferated LEO, PWSA tracking layer / HBTSS class): holds custody of dim objects,
 *   which it sees against cold space when its line of sight passes above the Earth's limb, and
 *   against the warm Earth only if they are bright (a class threshold, earthBackgroundClasses).
 *
 * Detection range is the point-source inverse-square law: the irradiance at the aperture is
 * E = I / R^2 (Hudson, Infrared System Engineering, Wiley 1969, ch. 2, a point source's irradiance),
 * and the sensor declares a detection when E reaches a fixed threshold (NEI times the threshold SNR),
 * so a sensor that "detects intensity I_ref at R_ref" detects I out to R = R_ref sqrt(I / I_ref).
 * Not modelled: atmospheric transmission on the path (a plume low in the atmosphere is dimmer than
 * its exo-atmospheric in-band intensity), clutter and background radiance as noise, the sensor's
 * frame-to-frame scan pattern, solar exclusion and the South Atlantic Anomaly.
 *
 * The Earth is the WGS84 ellipsoid; a height h above it is taken as the ellipsoid of semi-axes
 * (a + h, a + h, b + h) (an "altitude shell"), so every Earth test is a ray/sphere test after
 * scaling z by (a + h) / (b + h).
 */

/** Brightness class of a target in the sensor's band: a burning booster, a hot glide body, a cold re-entry vehicle or bus. */
export type IrTargetClass = 'plume' | 'hot-glide' | 'cold-rv';

export const IR_TARGET_CLASSES: readonly IrTargetClass[] = ['plume', 'hot-glide', 'cold-rv'];

export interface SpaceIrSensorSpec {
  /** What the sensor is for (data: the behaviour follows from the numbers and requiresThrust). */
  role: 'missile-warning' | 'tracking';
  /** Whether the detector needs a burning motor (a missile-warning sensor sees plumes, not hard bodies). */
  requiresThrust: boolean;
  /** Half-angle of the field of regard about nadir [rad] (the cone the sensor can point or scan into). */
  fieldOfRegardHalfAngle: number;
  /**
   * Altitude floor [m]: targets below it are not seen (under cloud tops / in the opaque lower
   * atmosphere), and the line of sight must stay above it all the way.
   */
  altitudeFloor: number;
  /**
   * Limb height [m]: a target is seen against cold space when its line of sight, continued beyond it,
   * stays above this height; otherwise it is seen against the warm Earth and its bright limb.
   */
  limbHeight: number;
  /** A target of in-band radiant intensity referenceIntensity [W/sr] is detected out to referenceRange [m]. */
  referenceRange: number;
  referenceIntensity: number;
  /** In-band radiant intensity [W/sr] of each target class as this sensor's band sees it (0: invisible). */
  targetIntensity: Readonly<Record<IrTargetClass, number>>;
  /** Classes bright enough to be seen against the Earth background; the others need a space background. */
  earthBackgroundClasses: readonly IrTargetClass[];
  /** Time between reports on a target (frame / revisit interval) [s]. */
  reportInterval: number;
  /** Delay from the first frame that sees a target to the report leaving the sensor [s]. */
  detectionLatency: number;
  /** One-sigma line-of-sight noise, per axis perpendicular to the line of sight [rad]. */
  angularNoise: number;
}

/** Problems that make a space IR spec meaningless, as sentences (empty when fine). */
export function spaceIrProblems(s: SpaceIrSensorSpec): string[] {
  const p: string[] = [];
  if (!(s.fieldOfRegardHalfAngle > 0 && s.fieldOfRegardHalfAngle <= Math.PI))
    p.push(`field-of-regard half-angle must be in (0, pi] (got ${s.fieldOfRegardHalfAngle} rad)`);
  if (!(s.altitudeFloor >= 0)) p.push(`altitude floor must be zero or positive (got ${s.altitudeFloor} m)`);
  if (!(s.limbHeight >= 0)) p.push(`limb height must be zero or positive (got ${s.limbHeight} m)`);
  if (!(s.referenceRange > 0)) p.push(`reference range must be positive (got ${s.referenceRange} m)`);
  if (!(s.referenceIntensity > 0)) p.push(`reference intensity must be positive (got ${s.referenceIntensity} W/sr)`);
  for (const c of IR_TARGET_CLASSES) {
    if (!(s.targetIntensity[c] >= 0)) p.push(`intensity of class '${c}' must be zero or positive (got ${s.targetIntensity[c]} W/sr)`);
  }
  if (!(s.reportInterval > 0)) p.push(`report interval must be positive (got ${s.reportInterval} s)`);
  if (!(s.detectionLatency >= 0)) p.push(`detection latency must be zero or positive (got ${s.detectionLatency} s)`);
  if (!(s.angularNoise >= 0)) p.push(`angular noise must be zero or positive (got ${s.angularNoise} rad)`);
  return p;
}

/** Detection range [m] on a point target of in-band intensity I [W/sr]: R = R_ref sqrt(I / I_ref) (inverse-square law, E = I / R^2). */
export function irDetectionRange(s: SpaceIrSensorSpec, intensity: number): number {
  return intensity > 0 ? s.referenceRange * Math.sqrt(intensity / s.referenceIntensity) : 0;
}

/** Detection range [m] on a target class (its in-band intensity from the spec). */
export function irClassRange(s: SpaceIrSensorSpec, cls: IrTargetClass): number {
  return irDetectionRange(s, s.targetIntensity[cls]);
}

/**
 * Smallest normalised squared radius |u|^2 (u = (x / A, y / A, z / B), A = a + h, B = b + h) on the
 * line p + t (q - p) for t in [t0, t1] (t1 may be Infinity): below 1 the line enters the altitude
 * shell h. The minimum of a quadratic in t: at t* = -u0.du / |du|^2, clamped to the interval.
 */
function shellMinimum(p: ArrayLike<number>, q: ArrayLike<number>, h: number, t0: number, t1: number): number {
  const ia = 1 / (WGS84_A + h),
    ib = 1 / (WGS84_B + h);
  const ux = p[0] * ia,
    uy = p[1] * ia,
    uz = p[2] * ib;
  const dx = (q[0] - p[0]) * ia,
    dy = (q[1] - p[1]) * ia,
    dz = (q[2] - p[2]) * ib;
  const dd = dx * dx + dy * dy + dz * dz;
  let t = dd > 0 ? -(ux * dx + uy * dy + uz * dz) / dd : t0;
  if (t < t0) t = t0;
  else if (t > t1) t = t1;
  const x = ux + t * dx,
    y = uy + t * dy,
    z = uz + t * dz;
  return x * x + y * y + z * z;
}

/** Whether a point [m] lies above the altitude shell h [m] (on it counts as above). */
export function aboveShell(point: ArrayLike<number>, h: number): boolean {
  return shellMinimum(point, point, h, 0, 0) >= 1;
}

/** Whether the straight segment from p to q [m] stays outside the altitude shell h [m] (a ray/ellipsoid test). */
export function segmentClearsShell(p: ArrayLike<number>, q: ArrayLike<number>, h: number): boolean {
  return shellMinimum(p, q, h, 0, 1) >= 1;
}

/**
 * What lies behind a target as the sensor sees it: 'space' when the line of sight, continued from
 * the target away from the sensor, stays above the limb height; else 'earth' (the Earth or its
 * bright limb; always so for a target below the limb height).
 */
export function irBackground(sensor: ArrayLike<number>, target: ArrayLike<number>, limbHeight: number): 'space' | 'earth' {
  return shellMinimum(sensor, target, limbHeight, 1, Infinity) >= 1 ? 'space' : 'earth';
}

/** Angle [rad] between the sensor's nadir (towards the Earth's centre) and the line of sight to a target. */
export function offNadirAngle(sensor: ArrayLike<number>, target: ArrayLike<number>): number {
  const lx = target[0] - sensor[0],
    ly = target[1] - sensor[1],
    lz = target[2] - sensor[2];
  const dot = -(sensor[0] * lx + sensor[1] * ly + sensor[2] * lz);
  const c = dot / (Math.hypot(sensor[0], sensor[1], sensor[2]) * Math.hypot(lx, ly, lz));
  return Math.acos(Math.max(-1, Math.min(1, c)));
}

/** Why a space IR sensor can or cannot see a target: the first rule that fails, or 'visible'. */
export type IrVisibility =
  'visible' | 'not-burning' | 'below-floor' | 'earth-blocked' | 'outside-field-of-regard' | 'beyond-range' | 'earth-background';

/**
 * Whether a space IR sensor at sensorPos sees a target at targetPos (both [m], same Earth-centred
 * frame) of a brightness class; `burning` is the caller's flag that the target's motor is thrusting.
 * Rules in order: the detector needs thrust (missile warning); the target is above the altitude floor;
 * the line of sight clears the Earth and its floor; the target is inside the field of regard and the
 * class's detection range; a target not bright enough for an Earth background has space behind it.
 */
export function irVisibility(
  sensorPos: ArrayLike<number>,
  targetPos: ArrayLike<number>,
  s: SpaceIrSensorSpec,
  cls: IrTargetClass,
  burning: boolean,
): IrVisibility {
  if (s.requiresThrust && !burning) return 'not-burning';
  if (!aboveShell(targetPos, s.altitudeFloor)) return 'below-floor';
  if (!segmentClearsShell(sensorPos, targetPos, s.altitudeFloor)) return 'earth-blocked';
  if (offNadirAngle(sensorPos, targetPos) > s.fieldOfRegardHalfAngle) return 'outside-field-of-regard';
  const dx = targetPos[0] - sensorPos[0],
    dy = targetPos[1] - sensorPos[1],
    dz = targetPos[2] - sensorPos[2];
  if (Math.sqrt(dx * dx + dy * dy + dz * dz) > irClassRange(s, cls)) return 'beyond-range';
  if (!s.earthBackgroundClasses.includes(cls) && irBackground(sensorPos, targetPos, s.limbHeight) === 'earth') return 'earth-background';
  return 'visible';
}

export function irCanSee(
  sensorPos: ArrayLike<number>,
  targetPos: ArrayLike<number>,
  s: SpaceIrSensorSpec,
  cls: IrTargetClass,
  burning: boolean,
): boolean {
  return irVisibility(sensorPos, targetPos, s, cls, burning) === 'visible';
}

/**
 * Time [s] at which a target first visible at firstVisible [s] is reported: the sensor's first frame
 * at or after that time (frames at multiples of reportInterval from t = 0) plus the detection latency.
 */
export function irReportTime(s: SpaceIrSensorSpec, firstVisible: number): number {
  return Math.ceil(firstVisible / s.reportInterval - 1e-12) * s.reportInterval + s.detectionLatency;
}

/** True unit line of sight from the sensor to the target, written to out. */
export function lineOfSightUnit(
  sensorPos: ArrayLike<number>,
  targetPos: ArrayLike<number>,
  out: Float64Array = new Float64Array(3),
): Float64Array {
  const x = targetPos[0] - sensorPos[0],
    y = targetPos[1] - sensorPos[1],
    z = targetPos[2] - sensorPos[2];
  const r = Math.sqrt(x * x + y * y + z * z);
  out[0] = x / r;
  out[1] = y / r;
  out[2] = z / r;
  return out;
}

/**
 * A noisy line-of-sight measurement (a unit vector; an IR sensor measures angles only): the true
 * direction turned by Gaussian angles of one-sigma angularNoise about two axes perpendicular to it
 * (e1 = l x z or l x x, e2 = l x e1), applied as a rotation by the combined angle so the result stays
 * a unit vector.
 */
export function measureLineOfSight(
  s: SpaceIrSensorSpec,
  sensorPos: ArrayLike<number>,
  targetPos: ArrayLike<number>,
  uniform: () => number,
  out: Float64Array = new Float64Array(3),
): Float64Array {
  lineOfSightUnit(sensorPos, targetPos, out);
  const lx = out[0],
    ly = out[1],
    lz = out[2];
  // e1 = l x z_hat (or l x x_hat near the poles), normalised
  let ex: number, ey: number, ez: number;
  if (Math.abs(lz) < 0.9) {
    ex = ly;
    ey = -lx;
    ez = 0;
  } else {
    ex = 0;
    ey = lz;
    ez = -ly;
  }
  const en = Math.sqrt(ex * ex + ey * ey + ez * ez);
  ex /= en;
  ey /= en;
  ez /= en;
  const fx = ly * ez - lz * ey,
    fy = lz * ex - lx * ez,
    fz = lx * ey - ly * ex;
  const a = s.angularNoise * standardNormal(uniform),
    b = s.angularNoise * standardNormal(uniform);
  const theta = Math.hypot(a, b);
  if (theta === 0) return out;
  const c = Math.cos(theta),
    k = Math.sin(theta) / theta;
  out[0] = c * lx + k * (a * ex + b * fx);
  out[1] = c * ly + k * (a * ey + b * fy);
  out[2] = c * lz + k * (a * ez + b * fz);
  return out;
}

const scratchPos = new Float64Array(3);
let scratchNear = new Int32Array(0);

/**
 * How many satellites of a constellation see a target at time t [s] (ECI [m]); their indices are
 * written to `seen` when given. Culls by range first: the ephemeris's geometric index when it has one
 * (radius: the class's detection range), else a distance test per satellite. `burning` defaults to
 * true for a plume. Two or more give a stereo (3-D) fix from angles only (see triangulate).
 */
export function satellitesSeeing(
  eph: Ephemeris,
  t: number,
  targetPos: ArrayLike<number>,
  s: SpaceIrSensorSpec,
  cls: IrTargetClass,
  burning = cls === 'plume',
  seen?: Int32Array,
): number {
  const range = irClassRange(s, cls);
  if (range <= 0 || (s.requiresThrust && !burning)) return 0;
  let candidates: Int32Array | null = null;
  let n = eph.count;
  if (eph.near) {
    if (scratchNear.length < eph.count) scratchNear = new Int32Array(eph.count);
    n = eph.near(t, targetPos, range, scratchNear);
    candidates = scratchNear;
  }
  let count = 0;
  for (let k = 0; k < n; k++) {
    const i = candidates ? candidates[k] : k;
    eph.position(i, t, scratchPos, 0);
    const dx = targetPos[0] - scratchPos[0],
      dy = targetPos[1] - scratchPos[1],
      dz = targetPos[2] - scratchPos[2];
    if (dx * dx + dy * dy + dz * dz > range * range) continue;
    if (irVisibility(scratchPos, targetPos, s, cls, burning) !== 'visible') continue;
    if (seen) seen[count] = i;
    count++;
  }
  return count;
}

/** Satellites needed for a 3-D fix from line-of-sight (angles-only) measurements: two non-parallel lines. */
export const STEREO_MIN_SATELLITES = 2;

/**
 * Least-squares intersection of n lines o_k + s d_k (origins and unit directions packed 3 per line):
 * the point p minimising the summed squared perpendicular distances, sum_k (I - d_k d_k^T) p =
 * sum_k (I - d_k d_k^T) o_k, solved by Cramer's rule. Writes p to out and returns false when the
 * lines are (nearly) parallel or fewer than two.
 */
export function triangulate(origins: ArrayLike<number>, directions: ArrayLike<number>, n: number, out: Float64Array): boolean {
  if (n < STEREO_MIN_SATELLITES) return false;
  let a00 = 0,
    a01 = 0,
    a02 = 0,
    a11 = 0,
    a12 = 0,
    a22 = 0,
    b0 = 0,
    b1 = 0,
    b2 = 0;
  for (let k = 0; k < n; k++) {
    const dx = directions[3 * k],
      dy = directions[3 * k + 1],
      dz = directions[3 * k + 2];
    const ox = origins[3 * k],
      oy = origins[3 * k + 1],
      oz = origins[3 * k + 2];
    const m00 = 1 - dx * dx,
      m01 = -dx * dy,
      m02 = -dx * dz,
      m11 = 1 - dy * dy,
      m12 = -dy * dz,
      m22 = 1 - dz * dz;
    a00 += m00;
    a01 += m01;
    a02 += m02;
    a11 += m11;
    a12 += m12;
    a22 += m22;
    b0 += m00 * ox + m01 * oy + m02 * oz;
    b1 += m01 * ox + m11 * oy + m12 * oz;
    b2 += m02 * ox + m12 * oy + m22 * oz;
  }
  const c00 = a11 * a22 - a12 * a12,
    c01 = a02 * a12 - a01 * a22,
    c02 = a01 * a12 - a02 * a11;
  const det = a00 * c00 + a01 * c01 + a02 * c02;
  const scale = (a00 + a11 + a22) ** 3;
  if (!(Math.abs(det) > 1e-12 * scale)) return false;
  const c11 = a00 * a22 - a02 * a02,
    c12 = a01 * a02 - a00 * a12,
    c22 = a00 * a11 - a01 * a01;
  out[0] = (c00 * b0 + c01 * b1 + c02 * b2) / det;
  out[1] = (c01 * b0 + c11 * b1 + c12 * b2) / det;
  out[2] = (c02 * b0 + c12 * b1 + c22 * b2) / det;
  return true;
}
