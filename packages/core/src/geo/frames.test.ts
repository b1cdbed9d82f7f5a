import { describe, expect, it } from 'vitest';
import { DEG, OMEGA_EARTH, WGS84_A, WGS84_B, WGS84_E2 } from '../constants.ts';
import { ecefToEciState, eciToEcefState } from './earth-rotation.ts';
import { ecefToEnu, enuToEcef, lookAngles } from './enu.ts';
import { ecefToGeodetic, geodeticToEcef } from './geodetic.ts';
import { destinationPoint, greatCircleDistance, initialAzimuth } from './great-circle.ts';
import { gmst, julianDate, parseUtcEpoch } from './time.ts';

describe('time', () => {
  it('GMST matches Vallado Example 3-5 (1992-08-20 12:14 UT1 -> 152.578787810 deg)', () => {
    // Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., Example 3-5. The example's
    // figure is given to 1e-9 deg; float64 arithmetic on T ~ 0.08 centuries keeps ~1e-9 deg too.
    const t = parseUtcEpoch('1992-08-20T12:14:00Z');
    expect(julianDate(t)).toBeCloseTo(2448855.009722, 6);
    expect(gmst(t) / DEG).toBeCloseTo(152.57878781, 6);
  });

  it('advances by one turn plus ~3m56s of sidereal gain per solar day', () => {
    const t = parseUtcEpoch('2026-03-01T00:00:00Z');
    const d = gmst(t + 86_400_000) - gmst(t);
    // one solar day = 1.0027379 sidereal turns: the angle gains 0.0027379 * 360 deg = 0.98565 deg
    expect(((d + 2 * Math.PI) % (2 * Math.PI)) / DEG).toBeCloseTo(0.98565, 3);
  });

  it('parses zoned ISO-8601 and refuses local times and impossible dates', () => {
    expect(parseUtcEpoch('2026-01-01T09:00:00+09:00')).toBe(Date.UTC(2026, 0, 1, 0, 0, 0));
    expect(parseUtcEpoch('2026-01-01')).toBe(Date.UTC(2026, 0, 1));
    expect(() => parseUtcEpoch('2026-01-01T00:00:00')).toThrow(/time zone/);
    expect(() => parseUtcEpoch('2026-02-30T00:00:00Z')).toThrow(/not a valid calendar date/);
    expect(() => parseUtcEpoch('yesterday')).toThrow(/ISO-8601/);
  });
});

describe('WGS84 geodetic coordinates', () => {
  it('puts the equator at a and the pole at b', () => {
    const eq = geodeticToEcef(0, 0, 0);
    expect(eq[0]).toBeCloseTo(WGS84_A, 6);
    const pole = geodeticToEcef(90 * DEG, 0, 0);
    expect(pole[2]).toBeCloseTo(WGS84_B, 6);
    expect(Math.hypot(pole[0], pole[1])).toBeLessThan(1e-6);
  });

  it('inverts exactly (Heikkinen closed form) and agrees with Bowring iteration, a second method', () => {
    const bowring = (x: number, y: number, z: number): [number, number] => {
      // Bowring's iteration on the reduced latitude (Bowring 1976), run to convergence
      const p = Math.hypot(x, y);
      const ep2 = WGS84_E2 / (1 - WGS84_E2);
      let beta = Math.atan2(z * WGS84_A, p * WGS84_B);
      let lat = 0;
      for (let i = 0; i < 10; i++) {
        lat = Math.atan2(z + ep2 * WGS84_B * Math.sin(beta) ** 3, p - WGS84_E2 * WGS84_A * Math.cos(beta) ** 3);
        beta = Math.atan2((1 - 1 / 298.257223563) * Math.sin(lat), Math.cos(lat));
      }
      const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * Math.sin(lat) ** 2);
      return [lat, p / Math.cos(lat) - n];
    };
    const out = [0, 0, 0];
    for (const lat of [-89.9, -60, -33.3, 0, 12.5, 39.2, 61.2, 89.9]) {
      for (const h of [-400, 0, 1200, 100e3, 1500e3, 36000e3]) {
        const e = geodeticToEcef(lat * DEG, 125.7 * DEG, h);
        ecefToGeodetic(e[0], e[1], e[2], out);
        // sub-millimetre and ~1e-10 deg: far below anything a flight or a sensor resolves
        expect(Math.abs(out[0] - lat * DEG)).toBeLessThan(1e-11);
        expect(out[1] / DEG).toBeCloseTo(125.7, 10);
        expect(Math.abs(out[2] - h)).toBeLessThan(1e-3);
        const [bl, bh] = bowring(e[0], e[1], e[2]);
        expect(Math.abs(bl - out[0])).toBeLessThan(1e-11);
        if (Math.abs(lat) < 89) expect(Math.abs(bh - out[2])).toBeLessThan(1e-3);
      }
    }
  });
});

describe('local frames and Earth rotation', () => {
  it('ENU is an orthonormal rotation and look angles point up at a point overhead', () => {
    const lat = 45 * DEG,
      lon = -75 * DEG;
    const v = enuToEcef(lat, lon, 3, -4, 12);
    const back = ecefToEnu(lat, lon, v[0], v[1], v[2]);
    expect(Math.hypot(v[0], v[1], v[2])).toBeCloseTo(13, 12);
    expect([...back].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([3, -4, 12]);
    const obs = geodeticToEcef(lat, lon, 0);
    const up = geodeticToEcef(lat, lon, 500e3);
    const look = lookAngles(lat, lon, obs, up);
    expect(look.elevation / DEG).toBeCloseTo(90, 9);
    expect(look.range).toBeCloseTo(500e3, 3);
    const east = lookAngles(0, 0, geodeticToEcef(0, 0, 0), geodeticToEcef(0, 1 * DEG, 0));
    expect(east.azimuth / DEG).toBeCloseTo(90, 6);
  });

  it('a point fixed on the Earth has zero Earth-relative velocity, and the transforms invert', () => {
    const theta = 1.234;
    const fixed = [WGS84_A, 0, 0, 0, 0, 0];
    const eci = ecefToEciState(theta, fixed, new Float64Array(6));
    expect(Math.hypot(eci[3], eci[4], eci[5])).toBeCloseTo(OMEGA_EARTH * WGS84_A, 9); // 465 m/s at the equator
    const back = eciToEcefState(theta, eci, new Float64Array(6));
    for (let i = 0; i < 6; i++) expect(back[i]).toBeCloseTo(fixed[i], 6);
  });
});

describe('great circles', () => {
  // Williams, Aviation Formulary V1.47, worked example: LAX (33deg57'N 118deg24'W) to JFK
  // (40deg38'N 73deg47'W): d = 0.623585 rad (2144 nm), initial course 66 deg (1.150035 rad).
  const lax = [(33 + 57 / 60) * DEG, -(118 + 24 / 60) * DEG] as const;
  const jfk = [(40 + 38 / 60) * DEG, -(73 + 47 / 60) * DEG] as const;
  it('reproduces the Aviation Formulary LAX-JFK example', () => {
    expect(greatCircleDistance(lax[0], lax[1], jfk[0], jfk[1], 1)).toBeCloseTo(0.623585, 6);
    expect(initialAzimuth(lax[0], lax[1], jfk[0], jfk[1])).toBeCloseTo(1.150035, 5);
  });

  it('destinationPoint is the inverse of distance and azimuth', () => {
    const az = initialAzimuth(lax[0], lax[1], jfk[0], jfk[1]);
    const d = greatCircleDistance(lax[0], lax[1], jfk[0], jfk[1]);
    const p = destinationPoint(lax[0], lax[1], az, d);
    expect(greatCircleDistance(p.latitude, p.longitude, jfk[0], jfk[1])).toBeLessThan(1e-3);
    // across the antimeridian: longitudes stay in (-pi, pi]
    const q = destinationPoint(0, 179 * DEG, 90 * DEG, 222e3);
    expect(q.longitude / DEG).toBeCloseTo(-179, 1);
  });
});
