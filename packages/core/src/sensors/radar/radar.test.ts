import { describe, expect, it } from 'vitest';
import { DEG, KM, R_EARTH_MEAN } from '../../constants.ts';
import { enuToEcef } from '../../geo/enu.ts';
import { geodeticToEcef } from '../../geo/geodetic.ts';
import { destinationPoint } from '../../geo/great-circle.ts';
import {
  detectionRange,
  groundRadarProblems,
  horizonCentralAngle,
  inFieldOfView,
  lineOfSightClear,
  measureRadar,
  probabilityOfDetection,
  radarCanSee,
  radarHorizonDistance,
  radarLook,
  radarLookOnce,
  radarSiteEcef,
  radarSnr,
  radarVisibility,
  swerling1Pd,
  type GroundRadarSpec,
} from './radar.ts';

/** A seeded LCG on [0, 1) (Numerical Recipes, 2nd ed., §7.1: a = 1664525, c = 1013904223, m = 2^32). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A UEWR-like radar: two faces 120 deg apart, each +-60 deg, 3..85 deg elevation, 1,000 km on 1 m^2. */
const radar: GroundRadarSpec = {
  latitude: 41.75 * DEG,
  longitude: -70.54 * DEG,
  altitude: 10,
  faces: [
    { boresightAzimuth: 47 * DEG, boresightElevation: 20 * DEG, azimuthHalfWidth: 60 * DEG },
    { boresightAzimuth: 167 * DEG, boresightElevation: 20 * DEG, azimuthHalfWidth: 60 * DEG },
  ],
  minElevation: 3 * DEG,
  maxElevation: 85 * DEG,
  referenceRange: 1000 * KM,
  referenceRcs: 1,
  thresholdSnr: 20,
  falseAlarmProbability: 1e-6,
  revisitInterval: 10,
  rangeNoise: 50,
  azimuthNoise: 0.002,
  elevationNoise: 0.003,
};

/** An ECEF point at east/north/up offsets [m] from the radar (a flat-Earth offset: fine for short ranges). */
function atEnu(s: GroundRadarSpec, e: number, n: number, u: number): Float64Array {
  const site = radarSiteEcef(s);
  const d = enuToEcef(s.latitude, s.longitude, e, n, u);
  return new Float64Array([site[0] + d[0], site[1] + d[1], site[2] + d[2]]);
}

/** An ECEF point at ground range [m] and azimuth [rad] from the radar, at a height [m]. */
function atGround(s: GroundRadarSpec, azimuth: number, groundRange: number, height: number): Float64Array {
  const p = destinationPoint(s.latitude, s.longitude, azimuth, groundRange);
  return geodeticToEcef(p.latitude, p.longitude, height) as Float64Array;
}

describe('radar range equation', () => {
  it('scales range as RCS^(1/4): a 0.01 m^2 RV seen by a radar rated 1,000 km at 1 m^2 is detected at 316 km', () => {
    // R = R_ref (sigma / sigma_ref)^(1/4) = 1000 km * 0.01^(1/4) = 316.2 km (Skolnik, 3rd ed., eq. 2.1)
    expect(detectionRange(radar, 0.01) / KM).toBeCloseTo(316.23, 2);
    expect(detectionRange(radar, 1) / KM).toBeCloseTo(1000, 9);
    expect(detectionRange(radar, 16) / KM).toBeCloseTo(2000, 9);
  });

  it('SNR equals the threshold at the reference range and falls as R^-4', () => {
    expect(radarSnr(radar, 1000 * KM, 1)).toBeCloseTo(20, 12);
    expect(radarSnr(radar, 500 * KM, 1) / radarSnr(radar, 1000 * KM, 1)).toBeCloseTo(16, 10);
    expect(radarSnr(radar, 300 * KM, 1) / radarSnr(radar, 900 * KM, 1)).toBeCloseTo(81, 9);
    // and the SNR at the RCS-scaled range is the threshold again
    expect(radarSnr(radar, detectionRange(radar, 0.01), 0.01)).toBeCloseTo(20, 10);
  });

  it('Swerling I single-look Pd = Pfa^(1/(1+SNR)): 0.518 at 13 dB and Pfa 1e-6, rising with SNR', () => {
    expect(swerling1Pd(20, 1e-6)).toBeCloseTo(Math.exp(Math.log(1e-6) / 21), 12);
    expect(swerling1Pd(20, 1e-6)).toBeCloseTo(0.518, 3);
    expect(swerling1Pd(0, 1e-6)).toBe(1e-6);
    expect(swerling1Pd(200, 1e-6)).toBeGreaterThan(0.93);
    expect(probabilityOfDetection(radar, 500 * KM, 1)).toBeGreaterThan(probabilityOfDetection(radar, 1000 * KM, 1));
  });
});

describe('radar horizon on the 4/3 Earth', () => {
  it('a 10 m antenna and a target at 100 m: d = 4.12 (sqrt 10 + sqrt 100) km ≈ 54 km', () => {
    // The textbook figure d[km] = 4.12 sqrt(h[m]) is sqrt(2 * 4/3 * 6371 km * h) (Skolnik, 3rd ed., ch. 8)
    expect(radarHorizonDistance(1) / KM).toBeCloseTo(4.12, 2);
    const d = (radarHorizonDistance(10) + radarHorizonDistance(100)) / KM;
    expect(Math.abs(d - 4.12 * (Math.sqrt(10) + 10))).toBeLessThan(0.05);
    expect(d).toBeCloseTo(54.2, 0);
    // the exact effective-Earth test agrees: clear at 53 km, blocked at 56 km
    const lat = radar.latitude,
      lon = radar.longitude;
    const p53 = destinationPoint(lat, lon, 90 * DEG, 53 * KM),
      p56 = destinationPoint(lat, lon, 90 * DEG, 56 * KM);
    expect(lineOfSightClear(lat, lon, 10, p53.latitude, p53.longitude, 100)).toBe(true);
    expect(lineOfSightClear(lat, lon, 10, p56.latitude, p56.longitude, 100)).toBe(false);
  });

  it('refraction is applied only in the troposphere: a satellite gains 8.7 mrad over the geometric horizon, not 5 deg', () => {
    const geometric = Math.acos(R_EARTH_MEAN / (R_EARTH_MEAN + 1000 * KM));
    expect(horizonCentralAngle(1000 * KM) - geometric).toBeCloseTo(0.00867, 4);
    expect(horizonCentralAngle(100) * R_EARTH_MEAN).toBeCloseTo(radarHorizonDistance(100), -1); // same to ~10 m
  });

  it('the Earth blocks a low target beyond the horizon even when the elevation limit would allow it', () => {
    const lowLook = { ...radar, minElevation: -5 * DEG, referenceRange: 5000 * KM };
    expect(radarVisibility(lowLook, atGround(lowLook, 60 * DEG, 50 * KM, 100), 1)).toBe('visible');
    expect(radarVisibility(lowLook, atGround(lowLook, 60 * DEG, 60 * KM, 100), 1)).toBe('earth-blocked');
    expect(radarVisibility(lowLook, atGround(lowLook, 60 * DEG, 500 * KM, 1000), 1)).toBe('earth-blocked');
    // a high target at the same ground range is above the horizon
    expect(radarVisibility(lowLook, atGround(lowLook, 60 * DEG, 500 * KM, 200 * KM), 1)).toBe('visible');
  });
});

describe('field of view and elevation limits', () => {
  it('covers the union of the faces (227..47..107 deg = 240 deg of azimuth) between 3 and 85 deg elevation', () => {
    expect(inFieldOfView(radar, 0, 10 * DEG)).toBe(true); // 47 - 60 = -13 deg: north is inside face 1
    expect(inFieldOfView(radar, 340 * DEG, 10 * DEG)).toBe(false); // wrap-around: 340 deg = -20 deg, outside
    expect(inFieldOfView(radar, 226 * DEG, 10 * DEG)).toBe(true);
    expect(inFieldOfView(radar, 228 * DEG, 10 * DEG)).toBe(false);
    expect(inFieldOfView(radar, 90 * DEG, 2 * DEG)).toBe(false);
    expect(inFieldOfView(radar, 90 * DEG, 86 * DEG)).toBe(false);
  });

  it('names the rule a point breaks', () => {
    const up = 200 * KM;
    const east = atEnu(radar, up / Math.tan(30 * DEG), 0, up); // az 90, el 30, range 400 km
    const look = radarLook(radar, east);
    expect(look.azimuth / DEG).toBeCloseTo(90, 1);
    expect(look.elevation / DEG).toBeCloseTo(30, 0);
    expect(radarVisibility(radar, east, 1)).toBe('visible');
    expect(radarCanSee(radar, east, 1)).toBe(true);
    expect(radarVisibility(radar, atEnu(radar, -up / Math.tan(30 * DEG), 0, up), 1)).toBe('outside-faces'); // az 270
    expect(radarVisibility(radar, atEnu(radar, 1 * KM, 0, 200 * KM), 1)).toBe('above-max-elevation');
    expect(radarVisibility(radar, atEnu(radar, 0, 40 * KM, 1 * KM), 1)).toBe('below-min-elevation');
    // 400 km away: visible on 1 m^2 but beyond 316 km for a 0.01 m^2 RV
    expect(radarVisibility(radar, east, 0.01)).toBe('beyond-range');
  });

  it('reports the problems of a meaningless spec', () => {
    expect(groundRadarProblems(radar)).toEqual([]);
    expect(groundRadarProblems({ ...radar, faces: [], referenceRange: 0 })).toHaveLength(2);
  });
});

describe('measurement noise', () => {
  it('has mean ~0 and standard deviation ~sigma in range, azimuth and elevation (seeded LCG, 20,000 draws)', () => {
    const uniform = lcg(12345);
    const truth = { range: 800 * KM, azimuth: 0.001, elevation: 0.3 }; // azimuth near 0 exercises the wrap
    const n = 20_000;
    const sums = [0, 0, 0],
      squares = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const m = measureRadar(radar, truth, uniform);
      let daz = m.azimuth - truth.azimuth;
      if (daz > Math.PI) daz -= 2 * Math.PI;
      const d = [m.range - truth.range, daz, m.elevation - truth.elevation];
      for (let k = 0; k < 3; k++) {
        sums[k] += d[k];
        squares[k] += d[k] * d[k];
      }
    }
    const sigma = [radar.rangeNoise, radar.azimuthNoise, radar.elevationNoise];
    for (let k = 0; k < 3; k++) {
      const mean = sums[k] / n;
      const std = Math.sqrt(squares[k] / n - mean * mean);
      expect(Math.abs(mean)).toBeLessThan((4 * sigma[k]) / Math.sqrt(n)); // 4 standard errors
      expect(std / sigma[k]).toBeGreaterThan(0.97);
      expect(std / sigma[k]).toBeLessThan(1.03);
    }
  });

  it('detects on a fraction of looks equal to the Swerling I Pd, and the same seed gives the same looks', () => {
    const target = atGround(radar, 90 * DEG, 600 * KM, 400 * KM);
    expect(radarVisibility(radar, target, 1)).toBe('visible');
    const pd = probabilityOfDetection(radar, radarLook(radar, target).range, 1);
    const uniform = lcg(7);
    let hits = 0;
    const n = 10_000;
    for (let i = 0; i < n; i++) if (radarLookOnce(radar, target, 1, uniform)) hits++;
    expect(Math.abs(hits / n - pd)).toBeLessThan(4 * Math.sqrt((pd * (1 - pd)) / n));
    const a = radarLookOnce(radar, target, 1, lcg(99)),
      b = radarLookOnce(radar, target, 1, lcg(99));
    expect(a).toEqual(b);
    expect(radarLookOnce(radar, atGround(radar, 270 * DEG, 900 * KM, 400 * KM), 1, lcg(1))).toBeNull();
  });
});

// over-the-horizon radars (sky-wave coverage, day/night, auroral factor): sky-wave.test.ts
