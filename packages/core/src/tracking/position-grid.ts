/**
 * A uniform grid over 3-D positions (hashed cells) for neighbour queries: the points within a box of
 * half-width r around a position, as a superset (cells may share a hash) in ascending index order, for
 * the caller to test exactly. Used where a test over every pair would cost O(n^2): two-fix initiation
 * (the candidates a look could pair with) and duplicate tracks.
 */
export class PositionGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly inv: number;

  /** cell: the cell edge [m]; queries with r <= cell look at 27 cells. */
  constructor(readonly cell: number) {
    if (!(cell > 0 && Number.isFinite(cell))) throw new Error(`PositionGrid: the cell edge must be positive and finite, got ${cell}`);
    this.inv = 1 / cell;
  }

  private static key(ix: number, iy: number, iz: number): number {
    return (Math.imul(ix, 73856093) ^ Math.imul(iy, 19349663) ^ Math.imul(iz, 83492791)) | 0;
  }

  insert(index: number, x: number, y: number, z: number): void {
    const k = PositionGrid.key(Math.floor(x * this.inv), Math.floor(y * this.inv), Math.floor(z * this.inv));
    const list = this.cells.get(k);
    if (list) list.push(index);
    else this.cells.set(k, [index]);
  }

  /** Indices of the points that may lie within half-width r of (x, y, z) in every axis: sorted, unique. */
  query(x: number, y: number, z: number, r: number): number[] {
    const { inv } = this;
    const x0 = Math.floor((x - r) * inv),
      x1 = Math.floor((x + r) * inv);
    const y0 = Math.floor((y - r) * inv),
      y1 = Math.floor((y + r) * inv);
    const z0 = Math.floor((z - r) * inv),
      z1 = Math.floor((z + r) * inv);
    const out: number[] = [];
    for (let ix = x0; ix <= x1; ix++) {
      for (let iy = y0; iy <= y1; iy++) {
        for (let iz = z0; iz <= z1; iz++) {
          // two cells with one hash give their points twice: removed below
          const list = this.cells.get(PositionGrid.key(ix, iy, iz));
          if (list) for (const i of list) out.push(i);
        }
      }
    }
    out.sort((a, b) => a - b);
    let u = 0;
    for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[u++] = out[i];
    out.length = u;
    return out;
  }
}
