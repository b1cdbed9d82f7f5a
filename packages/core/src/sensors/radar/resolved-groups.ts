import type { RadarLookTable } from './radar-looks.ts';

/**
 * A radar's resolution cell, in one-sigma measurement errors: two objects closer than RESOLUTION_SIGMAS
 * sigma in range and in both angles give one detection. Model choice: a monopulse angle error is about the
 * beamwidth over sqrt(2 SNR) (Skolnik, 3rd ed., ch. 9), about a tenth of the beamwidth at the 13 dB
 * thresholds of the catalog (the UEWR's 0.22 deg noise is derived the same way from its 2.2 deg beam), and
 * a range error the same fraction of the range resolution.
 */
export const RESOLUTION_SIGMAS = 10;

/**
 * Groups a scan's detections (record offsets into a look table) that the radar cannot resolve: greedy in
 * table order, each look joins the first group whose first look lies within one resolution cell of it
 * (true range and angles). A group is reported as one detection of one of its objects.
 *
 * The groups' first looks are kept in a grid of range x elevation cells a hair wider than the resolution
 * cell, so a look is compared only with the groups of its own and the eight neighbouring cells (any group
 * within a cell of it lies there), and joins the first of those in creation order: the grouping of the
 * comparison with every group, in O(looks) instead of O(looks x groups) for a raid's thousands of objects.
 */
export function resolvedGroups(
  spec: { rangeNoise: number; azimuthNoise: number; elevationNoise: number },
  table: RadarLookTable,
  records: readonly number[],
): number[][] {
  const groups: number[][] = [];
  const dr = RESOLUTION_SIGMAS * spec.rangeNoise,
    da = RESOLUTION_SIGMAS * spec.azimuthNoise,
    de = RESOLUTION_SIGMAS * spec.elevationNoise;
  const within = (o: number, f: number): boolean => {
    let az = Math.abs(table[o + 3] - table[f + 3]);
    if (az > Math.PI) az = 2 * Math.PI - az;
    return Math.abs(table[o + 2] - table[f + 2]) < dr && az < da && Math.abs(table[o + 4] - table[f + 4]) < de;
  };
  if (!(dr > 0 && de > 0) || records.length < 8) {
    for (const o of records) {
      const g = groups.find((x) => within(o, x[0]));
      if (g) g.push(o);
      else groups.push([o]);
    }
    return groups;
  }
  // cells 1 + 1e-6 times the resolution cell: two values less than a cell apart are at most one grid cell apart
  const cr = dr * (1 + 1e-6),
    ce = de * (1 + 1e-6);
  const cells = new Map<number, number[]>();
  const key = (rc: number, ec: number): number => rc * 4194304 + ec;
  for (const o of records) {
    const rc = Math.floor(table[o + 2] / cr),
      ec = Math.floor(table[o + 4] / ce);
    let best = -1;
    for (let a = -1; a <= 1; a++) {
      for (let b = -1; b <= 1; b++) {
        const list = cells.get(key(rc + a, ec + b));
        if (!list) continue;
        for (const gi of list) if ((best < 0 || gi < best) && within(o, groups[gi][0])) best = gi;
      }
    }
    if (best >= 0) groups[best].push(o);
    else {
      const k = key(rc, ec);
      const list = cells.get(k);
      if (list) list.push(groups.length);
      else cells.set(k, [groups.length]);
      groups.push([o]);
    }
  }
  return groups;
}
