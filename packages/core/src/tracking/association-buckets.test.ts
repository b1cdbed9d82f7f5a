import { describe, expect, it } from 'vitest';
import { DEG, J2_EARTH, OMEGA_EARTH } from '../constants.ts';
import { geodeticToEcef } from '../geo/geodetic.ts';
import { enuToEcef } from '../geo/enu.ts';
import { gravityJ2 } from '../gravity/j2.ts';
import { Dopri5 } from '../numerics/dopri5.ts';
import type { Derivative } from '../numerics/ode.ts';
import { AssignmentSolver, fixInnovationSquared, type ScanOutcome, TrackManager } from './association.ts';
import { type RadarNoise, radarMeasurement, sensorSiteEci } from './ekf.ts';
import { GatedPairs, scaledConditionBound } from './gated-pairs.ts';
import { ComponentAssignment } from './gnn-components.ts';
import { duplicatePairs } from './nation-tracker.ts';
import { PositionGrid } from './position-grid.ts';
import { createRadarPrediction, normalisedInnovationSquared, predictedRadarMeasurement } from './radar-innovation.ts';

// The bucketed search (gated-pairs.ts, gnn-components.ts, position-grid.ts) must give exactly what testing
// every pair gives: the same gated pairs and d^2, the same assignment (ties included), the same tracks.

function lcg(seed: number): () => number {
  let s = Math.imul(seed, 2654435761) >>> 0;
  for (let i = 0; i < 8; i++) s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}
function gaussian(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** The dense reference: every row against every column, one solve (as TrackManager's 'every-pair'). */
function denseAssign(d2: Float64Array, n: number, nd: number, gate: number, taken: Uint8Array): Int32Array {
  const cols = nd + n;
  const cost = new Float64Array(n * cols).fill(Infinity);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < nd; j++) cost[i * cols + j] = taken[j] ? Infinity : d2[i * nd + j];
    cost[i * cols + nd + i] = gate;
  }
  const out = new Int32Array(n);
  new AssignmentSolver().solve(cost, n, cols, out);
  return out.map((j) => (j < nd ? j : -1));
}

describe('per-component assignment equals one assignment over the whole scan', () => {
  it('on 300 random sparse gate matrices, with integer costs (many ties) and looks already taken', () => {
    const u = lcg(7);
    const gate = 5;
    let multiRow = 0;
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(u() * 25),
        nd = 1 + Math.floor(u() * 30);
      const density = u() * 0.3;
      const d2 = new Float64Array(n * nd).fill(Infinity);
      for (let k = 0; k < n * nd; k++) if (u() < density) d2[k] = Math.floor(u() * (gate + 1)); // 0..gate: ties with "no look" too
      const taken = new Uint8Array(nd);
      for (let j = 0; j < nd; j++) taken[j] = u() < 0.2 ? 1 : 0;
      const expected = denseAssign(d2, n, nd, gate, taken);
      // the same costs as gated pairs (columns ascending)
      const pairs = new GatedPairs();
      pairs.begin(n);
      for (let i = 0; i < n; i++) {
        const row = Array.from({ length: nd }, (_, j) => j).filter((j) => d2[i * nd + j] <= gate);
        pairs.addPairs(
          row,
          row.map((j) => d2[i * nd + j]),
        );
      }
      const got = new Int32Array(n);
      const takenCopy = taken.slice();
      new ComponentAssignment().assign(pairs, 0, n, nd, takenCopy, gate, got, new AssignmentSolver());
      expect(Array.from(got)).toEqual(Array.from(expected));
      for (let j = 0; j < nd; j++) expect(takenCopy[j]).toBe(taken[j] || expected.includes(j) ? 1 : 0);
      if (expected.filter((j) => j >= 0).length > 1) multiRow++;
    }
    expect(multiRow).toBeGreaterThan(100);
  });
});

describe('windowed gating finds exactly the pairs inside the gate', () => {
  const gate = 11.345;
  it('radar looks: the same pairs and the same d^2 as testing every look, for well- and ill-conditioned tracks', () => {
    const u = lcg(11);
    const n = gaussian(lcg(12));
    const site = sensorSiteEci(45 * DEG, 0, 0, 0);
    const noise: RadarNoise = { range: 20, azimuth: 2e-3, elevation: 2e-3 };
    const truth = geodeticToEcef(50 * DEG, 10 * DEG, 1200e3);
    const looks: Float64Array[] = [];
    for (let j = 0; j < 400; j++) {
      const p = Float64Array.of(truth[0] + 40e3 * n(), truth[1] + 40e3 * n(), truth[2] + 40e3 * n(), 0, 0, 0);
      looks.push(radarMeasurement(site, p, new Float64Array(3)) as Float64Array);
    }
    const pairs = new GatedPairs();
    const tracks = Array.from({ length: 200 }, (_, i) => {
      const x = Float64Array.of(truth[0] + 40e3 * n(), truth[1] + 40e3 * n(), truth[2] + 40e3 * n(), 7000, 0, 0);
      const P = new Float64Array(36);
      const a = [(200 + 5000 * u()) ** 2, (200 + 5000 * u()) ** 2, (200 + 5000 * u()) ** 2];
      P[0] = a[0];
      P[7] = a[1];
      P[14] = a[2];
      P[1] = P[6] = 0.3 * Math.sqrt(a[0] * a[1]);
      if (i % 10 === 0) {
        // every tenth nearly singular: (1e5 km)^2 along one direction, so S is too ill-conditioned for a window
        const v = [n(), n(), n()],
          norm = Math.hypot(v[0], v[1], v[2]);
        for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) P[6 * r + c] = (r === c ? 1 : 0) + 1e16 * (v[r] / norm) * (v[c] / norm);
      }
      for (let k = 3; k < 6; k++) P[7 * k] = 100;
      return { t: 0, x, P };
    });
    pairs.begin(tracks.length);
    pairs.sortKeys(looks.length, (j) => looks[j][0]);
    const prediction = createRadarPrediction();
    for (const tr of tracks) pairs.addRadarRow(tr, site, noise, prediction, looks, gate);
    let found = 0,
      illConditioned = 0;
    tracks.forEach((tr, i) => {
      predictedRadarMeasurement(tr, site, noise, prediction);
      if (scaledConditionBound(prediction.S) > 1e8) illConditioned++;
      const expected: Array<[number, number]> = [];
      looks.forEach((z, j) => {
        const q = normalisedInnovationSquared(prediction, z);
        if (q <= gate) expected.push([j, q]);
      });
      const got: Array<[number, number]> = [];
      for (let k = pairs.rowStart[i]; k < pairs.rowStart[i + 1]; k++) got.push([pairs.cols[k], pairs.d2[k]]);
      expect(got).toEqual(expected);
      found += got.length;
    });
    expect(found).toBeGreaterThan(100);
    expect(illConditioned).toBeGreaterThan(0);
  });

  it('3-D fixes: the same pairs and the same d^2 as testing every fix', () => {
    const n = gaussian(lcg(21));
    const fixes = Array.from({ length: 500 }, () => {
      const s = 300 + 700 * Math.abs(n());
      const c = new Float64Array(9);
      c[0] = c[4] = c[8] = s * s;
      return { position: Float64Array.of(6.9e6 + 20e3 * n(), 20e3 * n(), 20e3 * n()), covariance: c };
    });
    const tracks = Array.from({ length: 300 }, () => {
      const P = new Float64Array(36);
      P[0] = (100 + 3000 * Math.abs(n())) ** 2;
      P[7] = (100 + 3000 * Math.abs(n())) ** 2;
      P[14] = (100 + 3000 * Math.abs(n())) ** 2;
      return { t: 0, x: Float64Array.of(6.9e6 + 20e3 * n(), 20e3 * n(), 20e3 * n(), 0, 7000, 0), P };
    });
    const manager = new TrackManager({ filter: { accelerationPsd: 1e-4 } });
    const pairs = new GatedPairs();
    pairs.begin(tracks.length);
    pairs.sortKeys(fixes.length, (j) => fixes[j].position[0]);
    const maxC = Math.max(...fixes.map((f) => f.covariance[0]));
    for (const tr of tracks) pairs.addFixRow(tr, fixes, manager.gate, maxC, true, fixInnovationSquared);
    let found = 0;
    tracks.forEach((tr, i) => {
      const expected: Array<[number, number]> = [];
      fixes.forEach((f, j) => {
        const q = fixInnovationSquared(tr, f);
        if (q <= manager.gate) expected.push([j, q]);
      });
      const got: Array<[number, number]> = [];
      for (let k = pairs.rowStart[i]; k < pairs.rowStart[i + 1]; k++) got.push([pairs.cols[k], pairs.d2[k]]);
      expect(got).toEqual(expected);
      found += got.length;
    });
    expect(found).toBeGreaterThan(300);
  });
});

describe('duplicate pairs and the position grid', () => {
  it('duplicatePairs gives the pairs inside the gate that testing every pair gives, in order', () => {
    const n = gaussian(lcg(31));
    const gate = 11.345;
    const estimates = Array.from({ length: 400 }, (_, i) => {
      const P = new Float64Array(36);
      for (let k = 0; k < 3; k++) P[7 * k] = (50 + 2000 * Math.abs(n())) ** 2;
      return i % 17 === 0
        ? undefined
        : { t: i % 5 === 0 ? 1 : 0, x: Float64Array.of(10e3 * n(), 10e3 * n(), 6.8e6 + 10e3 * n(), 0, 0, 0), P };
    });
    const expected: Array<[number, number]> = [];
    for (let a = 0; a < estimates.length; a++) {
      for (let b = a + 1; b < estimates.length; b++) {
        const ea = estimates[a],
          eb = estimates[b];
        if (!ea || !eb || ea.t !== eb.t) continue;
        const Pb = eb.P;
        if (
          fixInnovationSquared(ea, {
            position: eb.x,
            covariance: Float64Array.of(Pb[0], Pb[1], Pb[2], Pb[6], Pb[7], Pb[8], Pb[12], Pb[13], Pb[14]),
          }) <= gate
        )
          expected.push([a, b]);
      }
    }
    expect(expected.length).toBeGreaterThan(20);
    expect(duplicatePairs(estimates, gate)).toEqual(expected);
    // with a split: exactly the pairs across it (a < split <= b), in the same order
    for (const split of [0, 1, 150, 399, 400]) {
      const across = expected.filter(([a, b]) => a < split && b >= split);
      if (split === 150) expect(across.length).toBeGreaterThan(5);
      expect(duplicatePairs(estimates, gate, split)).toEqual(across);
    }
  });

  it('duplicatePairs is exact with covariances of every scale (zero, tight clusters, a few very wide)', () => {
    const n = gaussian(lcg(37));
    const u = lcg(38);
    const gate = 11.345;
    // clusters of tight estimates (fix-sized, 30-100 m) a few km apart, some of zero covariance, a few 10-300 km wide
    const estimates = Array.from({ length: 600 }, (_, i) => {
      const P = new Float64Array(36);
      const sigma = i % 97 === 0 ? 0 : i % 53 === 0 ? 1e4 + 3e5 * u() : 30 + 70 * u();
      for (let k = 0; k < 3; k++) P[7 * k] = sigma * sigma * (0.5 + u());
      P[1] = P[6] = 0.3 * Math.sqrt(P[0] * P[7]); // correlated x-y
      const c = i % 12;
      const x = Float64Array.of(5e3 * c + 300 * n(), 2e3 * c + 300 * n(), 6.8e6 + 300 * n(), 0, 0, 0);
      return { t: 0, x, P };
    });
    const passes = (a: number, b: number): boolean => {
      const Pb = estimates[b].P;
      return (
        fixInnovationSquared(estimates[a], {
          position: estimates[b].x,
          covariance: Float64Array.of(Pb[0], Pb[1], Pb[2], Pb[6], Pb[7], Pb[8], Pb[12], Pb[13], Pb[14]),
        }) <= gate
      );
    };
    const expected: Array<[number, number]> = [];
    for (let a = 0; a < estimates.length; a++) for (let b = a + 1; b < estimates.length; b++) if (passes(a, b)) expected.push([a, b]);
    expect(expected.length).toBeGreaterThan(1000);
    // pairs with a wide estimate, and pairs of two tight ones, are both there
    expect(expected.some(([a, b]) => a % 53 === 0 || b % 53 === 0)).toBe(true);
    expect(expected.some(([a, b]) => a % 53 !== 0 && b % 53 !== 0 && a % 97 !== 0 && b % 97 !== 0)).toBe(true);
    expect(duplicatePairs(estimates, gate)).toEqual(expected);
    for (const split of [1, 300, 599])
      expect(duplicatePairs(estimates, gate, split)).toEqual(expected.filter(([a, b]) => a < split && b >= split));
  });

  it('a grid query returns every point inside the box (and its result is sorted and unique)', () => {
    const u = lcg(41);
    const pts = Array.from({ length: 2000 }, () => [1e5 * (2 * u() - 1), 1e5 * (2 * u() - 1), 1e5 * (2 * u() - 1)]);
    const grid = new PositionGrid(7000);
    pts.forEach((p, i) => grid.insert(i, p[0], p[1], p[2]));
    for (let q = 0; q < 50; q++) {
      const c = [1e5 * (2 * u() - 1), 1e5 * (2 * u() - 1), 1e5 * (2 * u() - 1)];
      const r = 1000 + 9000 * u();
      const got = grid.query(c[0], c[1], c[2], r);
      const inside = pts
        .map((p, i) => [p, i] as const)
        .filter(([p]) => Math.abs(p[0] - c[0]) <= r && Math.abs(p[1] - c[1]) <= r && Math.abs(p[2] - c[2]) <= r)
        .map(([, i]) => i);
      for (const i of inside) expect(got).toContain(i);
      expect(got).toEqual([...new Set(got)].sort((a, b) => a - b));
    }
  });
});

// ---- a dense raid through two track managers, one bucketed and one testing every pair ----
const withJ2: Derivative = (_t, y, dy) => {
  dy[0] = y[3];
  dy[1] = y[4];
  dy[2] = y[5];
  gravityJ2(y[0], y[1], y[2], dy, 3, J2_EARTH);
};

describe('track manager: bucketed and every-pair association give identical tracks', () => {
  // and a scan's covered tracks given by id (coveredTracks, as NationTracker passes them) give what the
  // covers predicate gives: a quarter of the tracks, changing from scan to scan, is not covered
  // a 1.5 mrad radar at 1,000-2,000 km has a 1.5-3 km cross-range sigma, so a track's gate (3.4 sigma)
  // holds several of its cluster's objects: the assignment has real choices to make
  it('8 clusters of 12 objects a few km apart, clutter, radar scans and 3-D fixes, 40 scans', () => {
    const u = lcg(2029);
    const g = gaussian(lcg(2030));
    const DT = 5,
      STEPS = 40;
    // truth: clusters along a corridor 150 km apart, each object a few km from its cluster's centre
    const truth: Float64Array[] = [];
    for (let c = 0; c < 8; c++) {
      const lat = (40 + 1.3 * c) * DEG,
        lon = -20 * DEG;
      const p0 = geodeticToEcef(lat, lon, 900e3);
      const v0 = enuToEcef(lat, lon, 5000, 4000, 200);
      for (let o = 0; o < 12; o++) {
        const dp = enuToEcef(lat, lon, 4000 * g(), 4000 * g(), 1500 * g());
        const y = Float64Array.of(p0[0] + dp[0], p0[1] + dp[1], p0[2] + dp[2], v0[0] + 2 * g(), v0[1] + 2 * g(), v0[2] + 2 * g());
        const out = new Float64Array(6 * STEPS);
        const ode = new Dopri5(6, { rtol: 1e-10, atol: 1e-5 });
        out.set(y, 0);
        for (let k = 1; k < STEPS; k++) {
          ode.integrate(withJ2, (k - 1) * DT, y, k * DT);
          out.set(y, 6 * k);
        }
        truth.push(out);
      }
    }
    const options = {
      filter: { accelerationPsd: 1e-4, radarIterations: 3 },
      confirmHits: 3,
      confirmWindow: 4,
      maxMisses: 6,
      initiation: 'nearest' as const,
    };
    const bucketed = new TrackManager({ ...options, association: 'bucketed' });
    const everyPair = new TrackManager({ ...options, association: 'every-pair' });
    const listed = new TrackManager({ ...options, association: 'bucketed' });
    const noise: RadarNoise = { range: 30, azimuth: 1.5e-3, elevation: 1.5e-3 };
    let started = 0;
    for (let k = 0; k < STEPS; k++) {
      const t = k * DT;
      let outA: ScanOutcome, outB: ScanOutcome, outC: ScanOutcome;
      const covers = (_x: Float64Array, id: number): boolean => (id + k) % 4 !== 0;
      // ascending ids of the live tracks covered, and one that is not live (skipped)
      const coveredTracks = [...listed.tracks.filter((tr) => covers(tr.filter.x, tr.id)).map((tr) => tr.id), 1e9];
      if (k % 3 === 2) {
        // a frame of 3-D fixes (sigma 400-1,200 m) of the objects seen (Pd 0.8)
        const fixes = truth
          .filter(() => u() < 0.8)
          .map((tr) => {
            const s = 400 + 800 * u();
            const c = new Float64Array(9);
            c[0] = c[4] = c[8] = s * s;
            return { position: Float64Array.of(tr[6 * k] + s * g(), tr[6 * k + 1] + s * g(), tr[6 * k + 2] + s * g()), covariance: c };
          });
        outA = bucketed.processScan({ t, sensor: 'fix', fixes, covers });
        outB = everyPair.processScan({ t, sensor: 'fix', fixes, covers });
        outC = listed.processScan({ t, sensor: 'fix', fixes, coveredTracks });
      } else {
        const site = sensorSiteEci(55 * DEG, -10 * DEG, 0, OMEGA_EARTH * t);
        const detections: Float64Array[] = [];
        for (const tr of truth) {
          if (u() > 0.9) continue;
          const z = radarMeasurement(site, tr.subarray(6 * k, 6 * k + 6), new Float64Array(3)) as Float64Array;
          detections.push(Float64Array.of(z[0] + noise.range * g(), z[1] + noise.azimuth * g(), z[2] + noise.elevation * g()));
        }
        for (let c = 0; c < 5; c++) {
          const z = detections[Math.floor(u() * detections.length)];
          detections.push(Float64Array.of(z[0] + 20e3 * (2 * u() - 1), z[1] + 0.02 * (2 * u() - 1), z[2] + 0.02 * (2 * u() - 1)));
        }
        outA = bucketed.processScan({ t, sensor: 'radar', site, noise, detections, covers });
        outB = everyPair.processScan({ t, sensor: 'radar', site, noise, detections, covers });
        outC = listed.processScan({ t, sensor: 'radar', site, noise, detections, coveredTracks });
      }
      expect(Array.from(outA.detectionTrack)).toEqual(Array.from(outB.detectionTrack));
      expect([outA.started, outA.confirmed, outA.deleted]).toEqual([outB.started, outB.confirmed, outB.deleted]);
      expect(Array.from(outC.detectionTrack)).toEqual(Array.from(outA.detectionTrack));
      expect([outC.started, outC.confirmed, outC.deleted]).toEqual([outA.started, outA.confirmed, outA.deleted]);
      const a = bucketed.tracks,
        b = everyPair.tracks,
        c = listed.tracks;
      expect(c.map((tr) => [tr.id, tr.status, tr.history, tr.lastNis, tr.filter.t])).toEqual(
        a.map((tr) => [tr.id, tr.status, tr.history, tr.lastNis, tr.filter.t]),
      );
      c.forEach((tr, i) => expect(Array.from(tr.filter.P)).toEqual(Array.from(a[i].filter.P)));
      expect(a.map((tr) => [tr.id, tr.status, tr.history, tr.lastNis])).toEqual(b.map((tr) => [tr.id, tr.status, tr.history, tr.lastNis]));
      a.forEach((tr, i) => {
        expect(Array.from(tr.filter.x)).toEqual(Array.from(b[i].filter.x));
        expect(Array.from(tr.filter.P)).toEqual(Array.from(b[i].filter.P));
      });
      started += outA.started.length;
      if (k === 20) {
        // a merge, as NationTracker does with duplicates: both drop the same track
        const victim = a.find((tr) => tr.status === 'confirmed');
        if (victim) {
          expect(bucketed.drop(victim.id)).toBe(true);
          expect(everyPair.drop(victim.id)).toBe(true);
          expect(listed.drop(victim.id)).toBe(true);
          expect(bucketed.track(victim.id)).toBeUndefined();
        }
      }
    }
    expect(started).toBeGreaterThan(96);
    expect(bucketed.confirmedTracks().length).toBeGreaterThan(40);
  });
});
