/**
 * Assigning interceptors to a salvo: each missile needs `perMissile` interceptors of its own, and a
 * satellite can fire once. That is a bipartite b-matching; as a maximum matching between missile
 * "slots" (perMissile copies of each missile) and satellites it is solved exactly by augmenting
 * paths (Kuhn 1955; Ford & Fulkerson 1956). The salvo is covered when every slot is matched.
 */
export interface SalvoAssignment {
  /** Interceptors assigned in total (at most missiles x perMissile). */
  assigned: number;
  /** Interceptors assigned to each missile. */
  perMissileAssigned: Int32Array;
  /** satellite -> missile it is assigned to, for the satellites used. */
  satelliteToMissile: Map<number, number>;
}

export function assignSalvo(reach: ReadonlyArray<ReadonlyArray<number>>, perMissile: number): SalvoAssignment {
  const slots: number[] = [];
  reach.forEach((_r, m) => {
    for (let c = 0; c < perMissile; c++) slots.push(m);
  });
  const owner = new Map<number, number>(); // satellite -> slot
  let visited = new Set<number>();
  const augment = (slot: number): boolean => {
    for (const sat of reach[slots[slot]]) {
      if (visited.has(sat)) continue;
      visited.add(sat);
      const other = owner.get(sat);
      if (other === undefined || augment(other)) {
        owner.set(sat, slot);
        return true;
      }
    }
    return false;
  };
  let assigned = 0;
  for (let s = 0; s < slots.length; s++) {
    visited = new Set<number>();
    if (augment(s)) assigned++;
  }
  const perMissileAssigned = new Int32Array(reach.length);
  const satelliteToMissile = new Map<number, number>();
  for (const [sat, slot] of owner) {
    perMissileAssigned[slots[slot]]++;
    satelliteToMissile.set(sat, slots[slot]);
  }
  return { assigned, perMissileAssigned, satelliteToMissile };
}
