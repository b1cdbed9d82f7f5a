import { describe, expect, it } from 'vitest';
import { DEG, OMEGA_EARTH, WGS84_A } from '../constants.ts';
import { elementsToState, orbitalPeriod } from '../orbits/kepler.ts';
import { j2SecularBatch, j2SecularPositions, j2SecularRates } from '../orbits/j2-secular.ts';
import {
  CRITICAL_INCLINATION,
  SIDEREAL_DAY,
  geostationaryOrbit,
  molniyaOrbit,
  polarOrbit,
  sunSynchronousInclination,
  walkerDelta,
  walkerStar,
} from './walker.ts';

const TWO_PI = 2 * Math.PI;
/** Angle difference reduced to (-pi, pi]. */
const dAngle = (x: number): number => x - TWO_PI * Math.round(x / TWO_PI);

/** Node longitude and argument of latitude of a circular orbit, from its ECI state (not from the elements). */
function nodeAndArgLat(s: Float64Array): { raan: number; u: number; inc: number } {
  const [x, y, z, vx, vy, vz] = s;
  const hx = y * vz - z * vy,
    hy = z * vx - x * vz,
    hz = x * vy - y * vx;
  const h = Math.hypot(hx, hy, hz);
  const raan = Math.atan2(hx, -hy); // node vector k x h = (-hy, hx, 0)
  const nx = Math.cos(raan),
    ny = Math.sin(raan);
  const r = Math.hypot(x, y, z);
  const cosU = (x * nx + y * ny) / r;
  // component along h x n / |h| (in the plane, 90 deg ahead of the node)
  const wx = (-hz * ny) / h,
    wy = (hz * nx) / h,
    wz = (hx * ny - hy * nx) / h;
  const sinU = (x * wx + y * wy + z * wz) / r;
  return { raan, u: Math.atan2(sinU, cosU), inc: Math.acos(hz / h) };
}

describe('Walker constellations', () => {
  it('delta 53 deg: 1584/72/17 planes every 5 deg, 22 satellites 16.36 deg apart, adjacent planes phased by 2 pi f / t', () => {
    const t = 1584,
      p = 72,
      f = 17,
      per = t / p;
    const els = walkerDelta({ total: t, planes: p, phasing: f, inclination: 53 * DEG, altitude: 550e3 });
    expect(els).toHaveLength(t);
    const g = els.map((el) => nodeAndArgLat(elementsToState(el)));
    for (let k = 0; k < p; k++) {
      for (let j = 0; j < per; j++) {
        const s = g[k * per + j];
        expect(s.inc).toBeCloseTo(53 * DEG, 12);
        expect(Math.abs(Math.hypot(...elementsToState(els[k * per + j]).subarray(0, 3)) - (WGS84_A + 550e3))).toBeLessThan(1e-6);
        // plane spacing 2 pi / p
        expect(dAngle(s.raan - (TWO_PI * k) / p)).toBeCloseTo(0, 10);
        // in-plane spacing 2 pi / (t/p)
        if (j > 0) expect(dAngle(s.u - g[k * per + j - 1].u - TWO_PI / per)).toBeCloseTo(0, 10);
        // phasing: satellite j of plane k+1 is 2 pi f / t ahead of satellite j of plane k
        if (k > 0) expect(dAngle(s.u - g[(k - 1) * per + j].u - (TWO_PI * f) / t)).toBeCloseTo(0, 10);
      }
    }
  });

  it('star: planes spread over pi (Iridium-like 86.4 deg, 66/6/2)', () => {
    const els = walkerStar({ total: 66, planes: 6, phasing: 2, inclination: 86.4 * DEG, altitude: 780e3, raan0: 0.1 });
    const raans = [...new Set(els.map((e) => e.raan))];
    expect(raans).toHaveLength(6);
    for (let k = 0; k < 6; k++) expect(raans[k]).toBeCloseTo(0.1 + (Math.PI * k) / 6, 14);
    expect(els[11].nu - els[0].nu).toBeCloseTo((TWO_PI * 2) / 66, 14);
  });

  it('reports impossible patterns', () => {
    expect(() => walkerDelta({ total: 100, planes: 7, phasing: 1, inclination: 1, altitude: 5e5 })).toThrow(
      /total 100 is not a multiple of planes 7/,
    );
    expect(() => walkerDelta({ total: 100, planes: 10, phasing: 10, inclination: 1, altitude: 5e5 })).toThrow(
      /phasing must be an integer in 0..9/,
    );
    expect(() => walkerDelta({ total: 100, planes: 10, phasing: 1, inclination: 1 })).toThrow(/semiMajorAxis or altitude/);
  });

  it('gives the W2 instance of bench/WORKLOADS.md bit for bit (RAAN0 = 2 pi p / P, u0 = 2 pi j / (S/P) + 2 pi F p / S)', () => {
    const S = 1000,
      P = 50,
      F = 1,
      per = S / P;
    const els = walkerDelta({ total: S, planes: P, phasing: F, inclination: 50 * DEG, altitude: 500e3 });
    for (const [p, j] of [
      [0, 0],
      [3, 7],
      [49, 19],
    ]) {
      expect(els[p * per + j].raan).toBe((2 * Math.PI * p) / P);
      expect(els[p * per + j].nu).toBe((2 * Math.PI * j) / per + (2 * Math.PI * F * p) / S);
      expect(els[p * per + j].a).toBe(6378137 + 500e3);
    }
  });
});

describe('sensor orbits', () => {
  it('geostationary: 42,164.17 km two-body; with J2 it stays over its longitude for 30 days', () => {
    // two-body geostationary radius (mu / omega_E^2)^(1/3) = 42,164.17 km, the figure usually quoted
    expect(geostationaryOrbit(0, 0, { j2: 0 }).a / 1e3).toBeCloseTo(42_164.17, 1);
    const lon = -75 * DEG;
    const geo = geostationaryOrbit(lon, 1.3);
    expect(geo.a - geostationaryOrbit(lon, 1.3, { j2: 0 }).a).toBeGreaterThan(300); // J2 speeds the orbit up: it sits higher
    const b = j2SecularBatch([geo]);
    const pos = new Float64Array(3);
    for (const t of [0, 3600, 86400 * 30]) {
      j2SecularPositions(b, t, pos);
      const ecefLon = Math.atan2(pos[1], pos[0]) - (1.3 + OMEGA_EARTH * t);
      expect(Math.abs(dAngle(ecefLon - lon))).toBeLessThan(1e-9);
    }
  });

  it('Molniya: half a sidereal day, critical inclination (frozen perigee), apogee ~39,700 km altitude', () => {
    const m = molniyaOrbit({ raan: 1 });
    expect(orbitalPeriod(m.a)).toBeCloseTo(SIDEREAL_DAY / 2, 6);
    expect(m.i).toBe(CRITICAL_INCLINATION);
    expect(CRITICAL_INCLINATION / DEG).toBeCloseTo(63.435, 3);
    expect(j2SecularRates(m.a, m.e, m.i).argpRate).toBeCloseTo(0, 18);
    expect((m.a * (1 + m.e) - WGS84_A) / 1e3).toBeGreaterThan(39_000);
    expect((m.a * (1 + m.e) - WGS84_A) / 1e3).toBeLessThan(40_500);
    expect(m.e).toBeCloseTo(0.737, 2);
  });

  it('sun-synchronous: 98.6 deg at 800 km, node advancing 360 deg per tropical year', () => {
    const a = WGS84_A + 800e3;
    const i = sunSynchronousInclination(a);
    expect(i / DEG).toBeCloseTo(98.6, 1);
    expect(j2SecularRates(a, 0, i).raanRate * 365.2421897 * 86400).toBeCloseTo(TWO_PI, 10);
    expect(polarOrbit({ altitude: 800e3, sunSynchronous: true }).i).toBe(i);
    expect(polarOrbit({ altitude: 800e3 }).i).toBe(Math.PI / 2);
    expect(() => sunSynchronousInclination(20_000e3)).toThrow(/no sun-synchronous orbit/);
  });
});
