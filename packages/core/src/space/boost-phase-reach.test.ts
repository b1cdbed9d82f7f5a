import { describe, expect, it } from 'vitest';
import { testIcbm } from '../../test/test-missile.ts';
import { DEG, OMEGA_EARTH, WGS84_A } from '../constants.ts';
import { REAL_EARTH } from '../geo/earth-model.ts';
import { flyMissile } from '../threats/missile-flight.ts';
import { flyoutDistance, type SpaceInterceptorSpec } from '../weapons/space/space-interceptor.ts';
import { satellitesInReach } from './boost-phase-reach.ts';
import { type Ephemeris, WalkerEphemeris } from '../orbits/ephemeris.ts';
import { type ThreatTrack, threatTrackFromHistory } from './threat-track.ts';

const sbi: SpaceInterceptorSpec = {
  deltaV: 4000,
  acceleration: 100,
  killVehicleMass: 60,
  detectionLatency: 30,
  decisionLatency: 30,
  arrivalMargin: 10,
  minInterceptAltitude: 80e3,
};
const site = { latitude: 39.66 * DEG, longitude: 124.7 * DEG, altitude: 0 };

function icbmTrack(): ThreatTrack {
  const f = flyMissile(testIcbm, { azimuth: 40 * DEG, kickAngle: 40 * DEG, finalBurnFraction: 1 }, site, {
    earth: REAL_EARTH,
    recordHistory: true,
  });
  return threatTrackFromHistory(f.history as NonNullable<typeof f.history>, REAL_EARTH, f.boost.t, f.boost.t + 60, 1);
}
const track = icbmTrack();

/** The definition, with no culling and no skipping: every satellite, every sample. */
function bruteForce(
  eph: Ephemeris,
  tr: ThreatTrack,
  launchTime: number,
  spec: SpaceInterceptorSpec,
  theta0: number,
  deadline?: number,
): Map<number, number> {
  const tf = spec.detectionLatency + spec.decisionLatency;
  const td = deadline ?? tr.burnoutTime - spec.arrivalMargin;
  const out = new Map<number, number>();
  const p = new Float64Array(3);
  for (let i = 0; i < eph.count; i++) {
    for (let k = 0; k < tr.length; k++) {
      const t = k * tr.step;
      if (t < tf - 1e-9 || t > td + 1e-9 || tr.altitude[k] < spec.minInterceptAltitude) continue;
      const th = theta0 + OMEGA_EARTH * (launchTime + t);
      const x = tr.ecef[3 * k],
        y = tr.ecef[3 * k + 1],
        z = tr.ecef[3 * k + 2];
      eph.position(i, launchTime + t, p);
      const d = Math.hypot(Math.cos(th) * x - Math.sin(th) * y - p[0], Math.sin(th) * x + Math.cos(th) * y - p[1], z - p[2]);
      if (d <= flyoutDistance(spec, t - tf)) {
        out.set(i, t);
        break;
      }
    }
  }
  return out;
}

let seed = 12345;
const next = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;

describe('satellites in reach of a boosting missile', () => {
  it('the track follows the flight: starts on the ground at the site, climbs to its burnout altitude', () => {
    expect(track.altitude[0]).toBeLessThan(1);
    expect(track.burnoutTime).toBeCloseTo(170, 6);
    expect(track.altitude[170]).toBeGreaterThan(150e3);
    for (let k = 1; k < 170; k++) expect(track.altitude[k]).toBeGreaterThan(track.altitude[k - 1]);
  });

  it('culling by plane windows and skipping samples give exactly the brute-force answer', () => {
    let compared = 0;
    for (const shell of [
      { altitude: 400e3, inclination: 45 * DEG, planes: 24, perPlane: 60, phasing: 1 },
      { altitude: 500e3, inclination: 60 * DEG, planes: 10, perPlane: 25, phasing: 3 },
    ]) {
      const eph = new WalkerEphemeris(shell);
      for (let trial = 0; trial < 25; trial++) {
        const launch = next() * 86400;
        const theta0 = next() * 2 * Math.PI;
        const fast = satellitesInReach(eph, track, launch, sbi, { theta0 });
        const slow = bruteForce(eph, track, launch, sbi, theta0);
        expect(new Map(fast.map((e) => [e.satellite, e.interceptTime]))).toEqual(slow);
        compared += slow.size;
      }
    }
    expect(compared).toBeGreaterThan(20); // the comparison saw real engagements, not only empty sets
  });

  it('more latency never adds a satellite; a later ascent deadline never removes one', () => {
    const eph = new WalkerEphemeris({ altitude: 400e3, inclination: 45 * DEG, planes: 30, perPlane: 80, phasing: 1 });
    for (let trial = 0; trial < 20; trial++) {
      const launch = next() * 86400;
      const base = new Set(satellitesInReach(eph, track, launch, sbi, { theta0: 0 }).map((e) => e.satellite));
      const slow = satellitesInReach(eph, track, launch, { ...sbi, decisionLatency: 45 }, { theta0: 0 });
      for (const e of slow) expect(base.has(e.satellite)).toBe(true);
      const late = new Set(
        satellitesInReach(eph, track, launch, sbi, { theta0: 0, deadline: track.burnoutTime + 50 }).map((e) => e.satellite),
      );
      for (const s of base) expect(late.has(s)).toBe(true);
    }
  });

  it('on average, as many satellites are in reach as the spherical cap fraction predicts', () => {
    // A "uniform constellation": N satellites fixed on a 400 km shell at the points of a Fibonacci
    // lattice (equal-area, the most even spread of N points on a sphere), and a threat held at one
    // Earth-fixed point 150 km up, engaged at one instant (a one-sample window), so that a satellite is
    // in reach exactly when it lies within the fly-out distance d of the point. The expected count is N
    // times the area fraction of the shell's cap within d of the point, (1 - cos theta)/2 with
    // cos theta = (a^2 + r^2 - d^2) / (2 a r). Averaged over 300 launch times (the point turns with the
    // Earth), the lattice's count differs from that only by cap-edge effects: 2 %.
    const N = 20000;
    const a = WGS84_A + 400e3;
    const dirs = new Float64Array(3 * N);
    const golden = Math.PI * (3 - Math.sqrt(5));
    for (let i = 0; i < N; i++) {
      const z = 1 - (2 * i + 1) / N,
        phi = golden * i,
        s = Math.sqrt(1 - z * z);
      dirs[3 * i] = a * s * Math.cos(phi);
      dirs[3 * i + 1] = a * s * Math.sin(phi);
      dirs[3 * i + 2] = a * z;
    }
    const uniform: Ephemeris = {
      count: N,
      maxSpeed: 0,
      position: (i, _t, out, o = 0) => {
        out[o] = dirs[3 * i];
        out[o + 1] = dirs[3 * i + 1];
        out[o + 2] = dirs[3 * i + 2];
      },
    };
    const r = WGS84_A + 150e3;
    const lat = 30 * DEG;
    const K = 300; // the one engagement sample, 300 s after launch
    const ecef = new Float64Array(3 * (K + 1));
    for (let k = 0; k <= K; k++) {
      ecef[3 * k] = r * Math.cos(lat);
      ecef[3 * k + 2] = r * Math.sin(lat);
    }
    // only the last sample is above the kill vehicle's floor: a one-sample window
    const altitude = new Float64Array(K + 1);
    altitude[K] = 150e3;
    const point: ThreatTrack = { step: 1, length: K + 1, ecef, altitude, burnoutTime: K };
    const spec = { ...sbi, detectionLatency: 0, decisionLatency: 0, arrivalMargin: 0 };
    const d = flyoutDistance(spec, K); // 1,120 km
    const cosT = (a * a + r * r - d * d) / (2 * a * r);
    const p = (1 - cosT) / 2;
    const L = 300;
    let total = 0;
    for (let i = 0; i < L; i++) total += satellitesInReach(uniform, point, (i * 86400) / L, spec, { theta0: 0 }).length;
    const mean = total / L;
    const expected = N * p;
    expect(expected).toBeGreaterThan(50); // a meaningful count (~ 0.7 % of the shell)
    expect(Math.abs(mean / expected - 1)).toBeLessThan(0.02);
  });
});
