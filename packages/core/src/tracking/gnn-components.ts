import type { AssignmentSolver } from './association.ts';
import type { GatedPairs } from './gated-pairs.ts';

/**
 * Global nearest neighbour over a scan's gated pairs, solved one connected component at a time: tracks
 * that share no gated look (directly or through other tracks) cannot affect each other's assignment, so
 * the cost matrix of the whole scan (every track x every look, plus a "no look" column per track at cost G)
 * splits into independent blocks (Blackman & Popoli, Design and Analysis of Modern Tracking Systems,
 * 1999, sec. 6.5: clustering before assignment). Each block keeps its rows and its columns in their
 * order in the whole matrix, and the shortest-augmenting-path solver (AssignmentSolver) touches only the
 * potentials and columns of the block a row belongs to, comparing them in column order: so the result is
 * the very assignment (ties included) the solver gives on the whole matrix, at the cost of the blocks.
 */
export class ComponentAssignment {
  private parent = new Int32Array(0);
  private colRow = new Int32Array(0);
  private colLocal = new Int32Array(0);
  private cost = new Float64Array(0);
  private out = new Int32Array(0);

  /**
   * Rows r0..r1-1 of the gated pairs (their d^2 costs) against the looks not yet taken; "no look" at
   * cost gate per row. Writes rowToCol[r] (look or -1) and marks the looks taken.
   */
  assign(
    pairs: GatedPairs,
    r0: number,
    r1: number,
    nd: number,
    taken: Uint8Array,
    gate: number,
    rowToCol: Int32Array,
    solver: AssignmentSolver,
  ): void {
    const n = r1 - r0;
    if (n === 0) return;
    if (this.parent.length < n) this.parent = new Int32Array(Math.max(n, 2 * this.parent.length));
    if (this.colRow.length < nd) {
      this.colRow = new Int32Array(Math.max(nd, 2 * this.colRow.length)).fill(-1);
      this.colLocal = new Int32Array(this.colRow.length).fill(-1);
    }
    const { parent, colRow, colLocal } = this;
    const { rowStart, cols, d2 } = pairs;
    const find = (x: number): number => {
      while (parent[x] !== x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
      }
      return x;
    };
    for (let i = 0; i < n; i++) parent[i] = i;
    for (let i = 0; i < n; i++) {
      for (let k = rowStart[r0 + i]; k < rowStart[r0 + i + 1]; k++) {
        const j = cols[k];
        if (taken[j]) continue;
        if (colRow[j] < 0) colRow[j] = i;
        else {
          const a = find(i),
            b = find(colRow[j]);
          if (a !== b) parent[a < b ? b : a] = a < b ? a : b;
        }
      }
    }
    // components, rows ascending within each
    const members = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const root = find(i);
      const list = members.get(root);
      if (list) list.push(i);
      else members.set(root, [i]);
    }
    for (const rows of members.values()) {
      const colsOf: number[] = [];
      for (const i of rows) {
        for (let k = rowStart[r0 + i]; k < rowStart[r0 + i + 1]; k++) {
          const j = cols[k];
          if (!taken[j] && colLocal[j] < 0) {
            colLocal[j] = 0;
            colsOf.push(j);
          }
        }
      }
      if (colsOf.length === 0) {
        for (const i of rows) rowToCol[r0 + i] = -1;
        continue;
      }
      colsOf.sort((a, b) => a - b);
      colsOf.forEach((j, c) => {
        colLocal[j] = c;
      });
      const nr = rows.length,
        nc = colsOf.length,
        width = nc + nr;
      if (this.cost.length < nr * width) this.cost = new Float64Array(Math.max(nr * width, 2 * this.cost.length));
      if (this.out.length < nr) this.out = new Int32Array(Math.max(nr, 2 * this.out.length));
      const { cost, out } = this;
      cost.fill(Infinity, 0, nr * width);
      rows.forEach((i, r) => {
        for (let k = rowStart[r0 + i]; k < rowStart[r0 + i + 1]; k++) {
          const j = cols[k];
          if (!taken[j]) cost[r * width + colLocal[j]] = d2[k];
        }
        cost[r * width + nc + r] = gate;
      });
      solver.solve(cost, nr, width, out);
      rows.forEach((i, r) => {
        const c = out[r];
        if (c >= 0 && c < nc) {
          rowToCol[r0 + i] = colsOf[c];
        } else {
          rowToCol[r0 + i] = -1;
        }
      });
      for (const j of colsOf) {
        colLocal[j] = -1;
        colRow[j] = -1;
      }
      rows.forEach((i, r) => {
        const c = out[r];
        if (c >= 0 && c < nc) taken[colsOf[c]] = 1;
      });
    }
  }
}
