import { AccessList, inAccess, resolveCriterion, type AccessCriterion, type ResolvedCriterion } from './access.ts';

/**
 * Access culling for any set of satellite positions at one instant (SGP4 states of a TLE set,
 * eccentric orbits, a mixed catalogue), exact: the satellites are binned in a uniform 3-D grid
 * (counting sort, rebuilt per instant with update()), and each point tests only the satellites of
 * the cells that meet the box around it of half-width the largest distance at which access is
 * possible — maxRange, and for line of sight the sum of the two tangent lengths
 * sqrt(rp^2 - Rb^2) + sqrt(rs_max^2 - Rb^2) (a clear segment cannot be longer). Every satellite
 * that can be in access lies in those cells (binning is monotone in each coordinate, and the box is
 * padded by 1e-9 relative + 1 mm against rounding), and every one tested is decided by inAccess, so
 * the answers are those of countAccessBrute / listAccessBrute. Satellites whose position is not
 * finite (a failed SGP4 propagation) are never in access, as in the brute force.
 *
 * For circular Walker-like shells PlaneAccess (access-planes.ts) is much faster: it needs no
 * positions at all. Storage is reused from call to call (it grows only when a call needs more).
 */
export class GridAccess {
  readonly criterion: ResolvedCriterion;
  private readonly cellSize: number | undefined;
  private readonly maxCellsPerAxis: number;
  private positions: Float64Array = new Float64Array(0);
  private nSat = 0;
  private order = new Int32Array(0);
  private cellOf = new Int32Array(0);
  private cellStart = new Int32Array(1);
  private nx = 0;
  private ny = 0;
  private nz = 0;
  private h = 1;
  private minX = 0;
  private minY = 0;
  private minZ = 0;
  private maxR = 0;

  constructor(criterion: AccessCriterion, options: { cellSize?: number; maxCellsPerAxis?: number } = {}) {
    this.criterion = resolveCriterion(criterion);
    if (options.cellSize !== undefined && !(options.cellSize > 0))
      throw new Error(`GridAccess: cellSize must be positive, got ${options.cellSize}`);
    this.cellSize = options.cellSize;
    this.maxCellsPerAxis = options.maxCellsPerAxis ?? 64;
  }

  /** Bins the satellites (positions stride 3, metres) for the following queries; the array is kept, not copied. */
  update(positions: Float64Array, nSat: number): void {
    if (positions.length < 3 * nSat) throw new Error(`GridAccess: positions have length ${positions.length}, need ${3 * nSat}`);
    this.positions = positions;
    this.nSat = nSat;
    let x0 = Infinity,
      y0 = Infinity,
      z0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity,
      z1 = -Infinity,
      r2 = 0;
    for (let k = 0; k < nSat; k++) {
      const x = positions[3 * k],
        y = positions[3 * k + 1],
        z = positions[3 * k + 2];
      if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (z < z0) z0 = z;
      if (z > z1) z1 = z;
      const rr = x * x + y * y + z * z;
      if (rr > r2) r2 = rr;
    }
    if (x0 === Infinity) {
      x0 = y0 = z0 = 0;
      x1 = y1 = z1 = 0;
    }
    this.maxR = Math.sqrt(r2);
    const extent = Math.max(x1 - x0, y1 - y0, z1 - z0, 1);
    const c = this.criterion;
    let h = this.cellSize ?? (c.maxRange !== Infinity ? c.maxRange : extent / 16);
    h = Math.max(h, extent / this.maxCellsPerAxis);
    this.h = h;
    this.minX = x0;
    this.minY = y0;
    this.minZ = z0;
    this.nx = Math.floor((x1 - x0) / h) + 1;
    this.ny = Math.floor((y1 - y0) / h) + 1;
    this.nz = Math.floor((z1 - z0) / h) + 1;
    const nCells = this.nx * this.ny * this.nz;
    if (this.cellStart.length < nCells + 1) this.cellStart = new Int32Array(nCells + 1);
    if (this.cellOf.length < nSat) {
      this.cellOf = new Int32Array(nSat);
      this.order = new Int32Array(nSat);
    }
    const start = this.cellStart,
      cellOf = this.cellOf;
    start.fill(0, 0, nCells + 1);
    for (let k = 0; k < nSat; k++) {
      const x = positions[3 * k],
        y = positions[3 * k + 1],
        z = positions[3 * k + 2];
      if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) {
        cellOf[k] = -1;
        continue;
      }
      const cell = Math.floor((x - x0) / h) + this.nx * (Math.floor((y - y0) / h) + this.ny * Math.floor((z - z0) / h));
      cellOf[k] = cell;
      start[cell + 1]++;
    }
    for (let i = 0; i < nCells; i++) start[i + 1] += start[i];
    // fill (stable: satellites of a cell in ascending index), using the start row as a cursor
    for (let k = 0; k < nSat; k++) {
      const cell = cellOf[k];
      if (cell >= 0) this.order[start[cell]++] = k;
    }
    for (let i = nCells; i > 0; i--) start[i] = start[i - 1];
    start[0] = 0;
  }

  /** counts[q] = number of satellites in access of point q (points stride 3, metres), at the instant of the last update(). */
  count(points: Float64Array, nPoints: number, counts: Int32Array | Float64Array): void {
    if (points.length < 3 * nPoints) throw new Error(`GridAccess: points have length ${points.length}, need ${3 * nPoints}`);
    for (let q = 0; q < nPoints; q++) counts[q] = this.query(points[3 * q], points[3 * q + 1], points[3 * q + 2], null);
  }

  /** Lists, per point, the satellites in access (into out, reset first), at the instant of the last update(). */
  list(points: Float64Array, nPoints: number, out: AccessList): void {
    if (points.length < 3 * nPoints) throw new Error(`GridAccess: points have length ${points.length}, need ${3 * nPoints}`);
    out.reset();
    for (let q = 0; q < nPoints; q++) {
      this.query(points[3 * q], points[3 * q + 1], points[3 * q + 2], out);
      out.endPoint();
    }
  }

  private query(px: number, py: number, pz: number, out: AccessList | null): number {
    const c = this.criterion;
    let reach = c.maxRange;
    if (c.lineOfSight) {
      const rb2 = c.grazingRadius2;
      const p2 = px * px + py * py + pz * pz;
      if (!(p2 > rb2)) return 0; // a point inside the blocking sphere sees nothing
      reach = Math.min(reach, Math.sqrt(p2 - rb2) + Math.sqrt(Math.max(0, this.maxR * this.maxR - rb2)));
    }
    if (!Number.isFinite(reach) || this.nSat === 0) return 0;
    reach = reach * (1 + 1e-9) + 1e-3;
    const { h, nx, ny, nz, minX, minY, minZ, positions: pos, order, cellStart } = this;
    const ix0 = Math.max(0, Math.floor((px - reach - minX) / h)),
      ix1 = Math.min(nx - 1, Math.floor((px + reach - minX) / h));
    const iy0 = Math.max(0, Math.floor((py - reach - minY) / h)),
      iy1 = Math.min(ny - 1, Math.floor((py + reach - minY) / h));
    const iz0 = Math.max(0, Math.floor((pz - reach - minZ) / h)),
      iz1 = Math.min(nz - 1, Math.floor((pz + reach - minZ) / h));
    const pad = 1e-6 * h + 1e-3;
    const reach2 = reach * reach;
    let found = 0;
    for (let iz = iz0; iz <= iz1; iz++) {
      const dz = axisGap(pz, minZ + iz * h - pad, minZ + (iz + 1) * h + pad);
      for (let iy = iy0; iy <= iy1; iy++) {
        const dy = axisGap(py, minY + iy * h - pad, minY + (iy + 1) * h + pad);
        if (dz * dz + dy * dy > reach2) continue;
        for (let ix = ix0; ix <= ix1; ix++) {
          const dx = axisGap(px, minX + ix * h - pad, minX + (ix + 1) * h + pad);
          if (dx * dx + dy * dy + dz * dz > reach2) continue; // the cell lies wholly beyond reach
          const cell = ix + nx * (iy + ny * iz);
          for (let j = cellStart[cell]; j < cellStart[cell + 1]; j++) {
            const k = order[j];
            if (inAccess(pos[3 * k], pos[3 * k + 1], pos[3 * k + 2], px, py, pz, c)) {
              found++;
              if (out) out.push(k);
            }
          }
        }
      }
    }
    return found;
  }
}

/** Distance from x to the interval [lo, hi] (0 inside). */
function axisGap(x: number, lo: number, hi: number): number {
  return x < lo ? lo - x : x > hi ? x - hi : 0;
}
