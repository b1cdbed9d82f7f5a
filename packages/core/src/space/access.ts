import { WGS84_A } from '../constants.ts';

/**
 * Visibility and access between satellites and points (sites turning with the Earth, threats in
 * flight): the criterion, the exact pairwise test every culling method must agree with, and the
 * brute-force reference. The fast, culled versions are PlaneAccess (access-planes.ts: circular
 * orbits grouped by plane) and GridAccess (access-grid.ts: any set of positions); both give exactly
 * the answers of the brute force here, because they only skip pairs that geometry proves out of
 * access and decide every pair near the boundary with inAccess itself.
 *
 * Positions are inertial (or all Earth-fixed, as long as satellites and points share the frame),
 * in metres, stride 3: [x0, y0, z0, x1, y1, z1, ...].
 */

export interface AccessCriterion {
  /** Straight-line distance [m]: a satellite is in reach when its distance is strictly below this. */
  maxRange?: number;
  /** Require a clear line of sight: the segment point-satellite stays outside the sphere of grazingRadius. */
  lineOfSight?: boolean;
  /** Radius of the blocking sphere [m] (default WGS84_A; add a grazing altitude, e.g. 100 km of atmosphere). */
  grazingRadius?: number;
}

/** A criterion with its defaults filled in and squared values precomputed. */
export interface ResolvedCriterion {
  /** Infinity when there is no range limit. */
  readonly maxRange: number;
  readonly maxRange2: number;
  readonly lineOfSight: boolean;
  readonly grazingRadius: number;
  readonly grazingRadius2: number;
}

export function resolveCriterion(c: AccessCriterion): ResolvedCriterion {
  const maxRange = c.maxRange ?? Infinity;
  const lineOfSight = c.lineOfSight ?? false;
  const grazingRadius = c.grazingRadius ?? WGS84_A;
  if (c.maxRange !== undefined && !(c.maxRange > 0))
    throw new Error(`access: maxRange must be a positive distance in metres, got ${c.maxRange}`);
  if (!(grazingRadius > 0) || !Number.isFinite(grazingRadius))
    throw new Error(`access: grazingRadius must be a positive distance in metres, got ${grazingRadius}`);
  if (maxRange === Infinity && !lineOfSight)
    throw new Error('access: give maxRange, lineOfSight or both (otherwise every satellite is always in access)');
  return { maxRange, maxRange2: maxRange * maxRange, lineOfSight, grazingRadius, grazingRadius2: grazingRadius * grazingRadius };
}

/**
 * The exact test for one satellite S and one point P: |S - P| < maxRange, and (with lineOfSight)
 * the segment PS does not come within grazingRadius of the centre — its closest point to the origin,
 * P + lambda (S - P) with lambda = -P.(S-P) / |S-P|^2 clamped to [0, 1], lies strictly outside.
 */
export function inAccess(sx: number, sy: number, sz: number, px: number, py: number, pz: number, c: ResolvedCriterion): boolean {
  const dx = sx - px,
    dy = sy - py,
    dz = sz - pz;
  const dd = dx * dx + dy * dy + dz * dz;
  if (!(dd < c.maxRange2)) return false;
  if (!c.lineOfSight) return true;
  const rb2 = c.grazingRadius2;
  const p2 = px * px + py * py + pz * pz;
  if (!(p2 > rb2) || !(sx * sx + sy * sy + sz * sz > rb2)) return false;
  const pd = px * dx + py * dy + pz * dz;
  if (pd >= 0 || pd + dd <= 0) return true; // closest point is an end of the segment, both outside
  return p2 - (pd * pd) / dd > rb2;
}

/**
 * Satellites in access per point, as compressed rows: the satellites of point q are
 * indices[offsets[q] .. offsets[q+1]-1] (in no particular order). Storage grows by doubling and
 * is reused from call to call, so steady-state use allocates nothing.
 */
export class AccessList {
  offsets = new Int32Array(1);
  indices = new Int32Array(256);
  /** Number of indices stored. */
  size = 0;
  private points = 0;

  /** Starts a new listing. */
  reset(): void {
    this.size = 0;
    this.points = 0;
    this.offsets[0] = 0;
  }

  push(sat: number): void {
    if (this.size === this.indices.length) {
      const bigger = new Int32Array(this.indices.length * 2);
      bigger.set(this.indices);
      this.indices = bigger;
    }
    this.indices[this.size++] = sat;
  }

  /** Closes the current point's row. */
  endPoint(): void {
    this.points++;
    if (this.offsets.length <= this.points) {
      const bigger = new Int32Array(Math.max(2 * this.offsets.length, this.points + 1));
      bigger.set(this.offsets);
      this.offsets = bigger;
    }
    this.offsets[this.points] = this.size;
  }

  get pointCount(): number {
    return this.points;
  }

  /** The satellites of point q, sorted (allocates; for tests and reports). */
  of(q: number): number[] {
    return Array.from(this.indices.subarray(this.offsets[q], this.offsets[q + 1])).sort((a, b) => a - b);
  }
}

function checkArrays(name: string, positions: Float64Array, nSat: number, points: Float64Array, nPoints: number): void {
  if (positions.length < 3 * nSat) throw new Error(`${name}: satellite positions have length ${positions.length}, need ${3 * nSat}`);
  if (points.length < 3 * nPoints) throw new Error(`${name}: points have length ${points.length}, need ${3 * nPoints}`);
}

/** Reference: counts[q] = number of satellites in access of point q, testing every pair. */
export function countAccessBrute(
  positions: Float64Array,
  nSat: number,
  points: Float64Array,
  nPoints: number,
  c: ResolvedCriterion,
  counts: Int32Array | Float64Array,
): void {
  checkArrays('countAccessBrute', positions, nSat, points, nPoints);
  for (let q = 0; q < nPoints; q++) {
    const px = points[3 * q],
      py = points[3 * q + 1],
      pz = points[3 * q + 2];
    let n = 0;
    for (let k = 0; k < nSat; k++) {
      if (inAccess(positions[3 * k], positions[3 * k + 1], positions[3 * k + 2], px, py, pz, c)) n++;
    }
    counts[q] = n;
  }
}

/** Reference: lists, per point, the satellites in access (ascending index), testing every pair. */
export function listAccessBrute(
  positions: Float64Array,
  nSat: number,
  points: Float64Array,
  nPoints: number,
  c: ResolvedCriterion,
  out: AccessList,
): void {
  checkArrays('listAccessBrute', positions, nSat, points, nPoints);
  out.reset();
  for (let q = 0; q < nPoints; q++) {
    const px = points[3 * q],
      py = points[3 * q + 1],
      pz = points[3 * q + 2];
    for (let k = 0; k < nSat; k++) {
      if (inAccess(positions[3 * k], positions[3 * k + 1], positions[3 * k + 2], px, py, pz, c)) out.push(k);
    }
    out.endPoint();
  }
}

/**
 * Cosine of the largest central angle between a point at radius rp and a satellite at radius rs
 * for which the pair can be in access (the cap of the reach sphere on the satellite's shell):
 *   range:          cos g = (rs^2 + rp^2 - R^2) / (2 rs rp)      (law of cosines)
 *   line of sight:  g = acos(Rb/rp) + acos(Rb/rs)                 (both tangent to the sphere Rb)
 * both: the smaller angle (larger cosine). Returns a value > 1 when no satellite on that shell can
 * be in access, < -1 when every one can.
 */
export function capCosine(rp: number, rs: number, c: ResolvedCriterion): number {
  let cg = -2;
  if (c.maxRange !== Infinity) cg = (rs * rs + rp * rp - c.maxRange2) / (2 * rs * rp);
  if (c.lineOfSight) {
    if (!(rp > c.grazingRadius) || !(rs > c.grazingRadius)) return 2;
    const bp = c.grazingRadius / rp,
      bs = c.grazingRadius / rs;
    const cl = bp * bs - Math.sqrt((1 - bp) * (1 + bp)) * Math.sqrt((1 - bs) * (1 + bs));
    if (cl > cg) cg = cl;
  }
  return cg;
}
