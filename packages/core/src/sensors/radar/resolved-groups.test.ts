import { describe, expect, it } from 'vitest';
import { RESOLUTION_SIGMAS, resolvedGroups } from './resolved-groups.ts';
import { RADAR_LOOK_STRIDE } from './radar-looks.ts';

/** The greedy grouping compared with every group (the definition resolvedGroups must reproduce). */
function everyGroup(
  spec: { rangeNoise: number; azimuthNoise: number; elevationNoise: number },
  table: Float64Array,
  records: readonly number[],
): number[][] {
  const groups: number[][] = [];
  const dr = RESOLUTION_SIGMAS * spec.rangeNoise,
    da = RESOLUTION_SIGMAS * spec.azimuthNoise,
    de = RESOLUTION_SIGMAS * spec.elevationNoise;
  for (const o of records) {
    const g = groups.find((x) => {
      const f = x[0];
      let az = Math.abs(table[o + 3] - table[f + 3]);
      if (az > Math.PI) az = 2 * Math.PI - az;
      return Math.abs(table[o + 2] - table[f + 2]) < dr && az < da && Math.abs(table[o + 4] - table[f + 4]) < de;
    });
    if (g) g.push(o);
    else groups.push([o]);
  }
  return groups;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}

describe('resolvedGroups: the greedy grouping of unresolved looks, through a grid', () => {
  it('groups 200 random clustered scans as the comparison with every group does (clusters across the azimuth wrap, on cell edges)', () => {
    const u = lcg(12);
    const spec = { rangeNoise: 30, azimuthNoise: 2e-3, elevationNoise: 2e-3 };
    let merged = 0;
    for (let scan = 0; scan < 200; scan++) {
      const n = 1 + Math.floor(u() * 300);
      const table = new Float64Array(n * RADAR_LOOK_STRIDE);
      const clusters = Array.from({ length: 1 + Math.floor(u() * 20) }, () => [
        1e6 + 2e6 * u(),
        scan % 4 === 0 ? 2 * Math.PI * (1 - 0.002 * u()) : 2 * Math.PI * u(),
        0.05 + 1.2 * u(),
      ]);
      for (let k = 0; k < n; k++) {
        const c = clusters[Math.floor(u() * clusters.length)];
        const o = k * RADAR_LOOK_STRIDE;
        // spreads of a few cells; every fifth look exactly one cell from its cluster's centre (an edge case)
        const edge = k % 5 === 0;
        table[o] = 100;
        table[o + 1] = k;
        table[o + 2] = c[0] + (edge ? RESOLUTION_SIGMAS * spec.rangeNoise : 900 * (u() - 0.5));
        table[o + 3] = (c[1] + 0.06 * (u() - 0.5) + 2 * Math.PI) % (2 * Math.PI);
        table[o + 4] = c[2] + (edge ? RESOLUTION_SIGMAS * spec.elevationNoise : 0.06 * (u() - 0.5));
        table[o + 5] = 1;
      }
      const records = Array.from({ length: n }, (_, k) => k * RADAR_LOOK_STRIDE).filter(() => u() < 0.9);
      const expected = everyGroup(spec, table, records);
      expect(resolvedGroups(spec, table, records)).toEqual(expected);
      merged += records.length - expected.length;
    }
    expect(merged).toBeGreaterThan(1000);
  });
});
