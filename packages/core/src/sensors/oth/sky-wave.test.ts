import { describe, expect, it } from 'vitest';
import { DEG, KM, R_EARTH_MEAN } from '../../constants.ts';
import { geodeticToEcef } from '../../geo/geodetic.ts';
import { destinationPoint } from '../../geo/great-circle.ts';
import { othCoverage, othLookOnce, othNominalBand, othRadarProblems, type OthRadarSpec } from './oth-radar.ts';
import {
  geomagneticLatitude,
  incidenceAngle,
  inAuroralOval,
  isDaylit,
  REFERENCE_IONOSPHERE,
  skyWaveBand,
  skyWaveGroundRange,
  steepestReflectedElevation,
} from './sky-wave.ts';

/** A seeded LCG on [0, 1) (Numerical Recipes, 2nd ed., §7.1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('one-hop sky-wave geometry', () => {
  it('a grazing ray off the F2 layer comes down at the geometric two-horizon range, "around 4,000 km"', () => {
    // Federal Standard 1037C ("F2 layer"): the layer lies at 250-400 km and "the horizon-limited distance
    // for one-hop F2 propagation is usually around 4,000 km". At elevation 0 the ray is tangent to the
    // Earth: the range is twice the central angle to the layer's horizon, 2R acos(R / (R + h)).
    for (const h of [250 * KM, 300 * KM, 350 * KM, 400 * KM]) {
      const d = skyWaveGroundRange(0, h);
      expect(d / (2 * R_EARTH_MEAN * Math.acos(R_EARTH_MEAN / (R_EARTH_MEAN + h)))).toBeCloseTo(1, 12);
      // 3,513-4,402 km over the layer's whole span: "around 4,000 km" within 13 %
      expect(Math.abs(d - 4000 * KM) / (4000 * KM)).toBeLessThan(0.13);
    }
    // and within 5 % for the model's own day and night heights (300 and 350 km: 3,836 and 4,130 km)
    for (const layer of [REFERENCE_IONOSPHERE.day, REFERENCE_IONOSPHERE.night]) {
      expect(Math.abs(skyWaveGroundRange(0, layer.virtualHeight) - 4000 * KM) / (4000 * KM)).toBeLessThan(0.05);
    }
    // steeper rays come down nearer, and a target in flight meets the down-going ray before the ground does
    expect(skyWaveGroundRange(20 * DEG, 300 * KM)).toBeLessThan(skyWaveGroundRange(5 * DEG, 300 * KM));
    expect(skyWaveGroundRange(20 * DEG, 300 * KM, 10 * KM)).toBeLessThan(skyWaveGroundRange(20 * DEG, 300 * KM));
  });

  it('the incidence angle on the layer is the curved-Earth one of Zolesi & Cander', () => {
    // Zolesi & Cander (Ionospheric Prediction and Forecasting, 2014): for two ground points a central angle
    // theta apart, phi0 = atan(sin(theta/2) / (1 + h'/R - cos(theta/2))) — a second derivation (the chord
    // to the layer's midpoint) of what sky-wave.ts gets from the ray's closest approach p = R cos(el).
    const h = 300 * KM;
    for (const el of [1, 5, 10, 20, 30, 45, 60].map((x) => x * DEG)) {
      const theta = skyWaveGroundRange(el, h) / R_EARTH_MEAN;
      const phi0 = Math.atan(Math.sin(theta / 2) / (1 + h / R_EARTH_MEAN - Math.cos(theta / 2)));
      expect(incidenceAngle(el, h)).toBeCloseTo(phi0, 12);
    }
  });

  it('the skip distance reduces to the flat-Earth 2h sqrt((f/foF2)^2 - 1) on a very large Earth', () => {
    // The flat-Earth secant law: a ray reflects if f <= foF2 sec(i), and tan(i) = (D/2) / h, so the nearest
    // range reached is D_skip = 2h sqrt((f/foF2)^2 - 1) (the textbook skip distance). With R = 1e12 m the
    // curvature terms are ~D^2 / R ~ 1e-6 of D.
    const big = 1e12;
    for (const [ratio, h] of [
      [1.5, 300 * KM],
      [2, 300 * KM],
      [3, 300 * KM],
      [2, 100 * KM],
    ]) {
      const layer = { criticalFrequency: 4e6, virtualHeight: h };
      const el = steepestReflectedElevation(ratio * 4e6, layer, big) as number;
      expect(skyWaveGroundRange(el, h, 0, big) / (2 * h * Math.sqrt(ratio * ratio - 1))).toBeCloseTo(1, 5);
    }
    // the real Earth's curvature makes the skip longer than the flat value (the ray meets the layer at a
    // more grazing angle over a sphere): 8 % at f = 2 foF2, h' = 300 km
    const layer = { criticalFrequency: 4e6, virtualHeight: 300 * KM };
    const real = skyWaveGroundRange(steepestReflectedElevation(8e6, layer) as number, 300 * KM);
    expect(real / (600 * KM * Math.sqrt(3))).toBeGreaterThan(1.05);
    expect(real / (600 * KM * Math.sqrt(3))).toBeLessThan(1.12);
  });

  it('the band: set by the array while foF2 >= the lowest frequency, pushed out when the layer is thin, gone when nothing reflects', () => {
    const lo = 4.26 * DEG,
      hi = 28.12 * DEG;
    const day = skyWaveBand(lo, hi, 5e6, REFERENCE_IONOSPHERE.day) as { minGroundRange: number; maxGroundRange: number };
    // the catalog's ray elevations are derived from JORN's 1,000-3,000 km under the day layer
    expect(day.minGroundRange / KM).toBeCloseTo(1000, -1);
    expect(day.maxGroundRange / KM).toBeCloseTo(3000, -1);
    // a thin layer (foF2 2 MHz against 5 MHz): only rays below ~16 deg reflect, so the skip zone grows
    const thin = skyWaveBand(lo, hi, 5e6, { criticalFrequency: 2e6, virtualHeight: 300 * KM }) as { minGroundRange: number };
    const steepest = steepestReflectedElevation(5e6, { criticalFrequency: 2e6, virtualHeight: 300 * KM }) as number;
    expect(steepest).toBeLessThan(hi);
    expect(thin.minGroundRange).toBeCloseTo(skyWaveGroundRange(steepest, 300 * KM), 6);
    expect(thin.minGroundRange).toBeGreaterThan(day.minGroundRange + 300 * KM);
    // a layer that lets even the lowest ray through
    expect(skyWaveBand(lo, hi, 30e6, { criticalFrequency: 1e6, virtualHeight: 300 * KM })).toBeNull();
    // a target above the layer is not illuminated
    expect(skyWaveBand(lo, hi, 5e6, REFERENCE_IONOSPHERE.day, 400 * KM)).toBeNull();
  });

  it('geomagnetic latitude: 90 deg at the pole, 0 on the dipole equator; the oval is 67-75 deg', () => {
    const m = REFERENCE_IONOSPHERE;
    expect(geomagneticLatitude(m.geomagneticPoleLatitude, m.geomagneticPoleLongitude, m) / DEG).toBeCloseTo(90, 6);
    const equator = destinationPoint(m.geomagneticPoleLatitude, m.geomagneticPoleLongitude, 1, (Math.PI / 2) * R_EARTH_MEAN);
    expect(geomagneticLatitude(equator.latitude, equator.longitude, m) / DEG).toBeCloseTo(0, 6);
    const at = (arc: number) => destinationPoint(m.geomagneticPoleLatitude, m.geomagneticPoleLongitude, 2, arc * DEG * R_EARTH_MEAN);
    expect(inAuroralOval(at(19).latitude, at(19).longitude, m)).toBe(true); // 71 deg geomagnetic
    expect(inAuroralOval(at(25).latitude, at(25).longitude, m)).toBe(false); // 65
    expect(inAuroralOval(at(10).latitude, at(10).longitude, m)).toBe(false); // 80: the polar cap
  });

  it('day and night from the Sun over the place (suncalc)', () => {
    // Hudson Bay at 58.7 N, 78.7 W: 17:00 UTC on the June solstice is local midday; 05:00 UTC on the
    // December solstice is local midnight
    expect(isDaylit(58.7 * DEG, -78.7 * DEG, Date.parse('2029-06-21T17:00:00Z'))).toBe(true);
    expect(isDaylit(58.7 * DEG, -78.7 * DEG, Date.parse('2029-12-21T05:00:00Z'))).toBe(false);
  });
});

describe('over-the-horizon radar: sky-wave coverage and detection', () => {
  // A-OTHR's catalog values: southern Ontario, looking north, rays 4.26-28.12 deg, lowest frequency 5 MHz
  const oth: OthRadarSpec = {
    latitude: 44.35 * DEG,
    longitude: -78.733 * DEG,
    boresightAzimuth: 0,
    azimuthHalfWidth: 60 * DEG,
    minRayElevation: 4.26 * DEG,
    maxRayElevation: 28.12 * DEG,
    minFrequency: 5e6,
    ionosphere: REFERENCE_IONOSPHERE,
    probabilityOfDetection: 0.5,
    nightFactor: 0.8,
    auroralFactor: 0.5,
    revisitInterval: 30,
    groundRangeNoise: 10 * KM,
    azimuthNoise: 0.5 * DEG,
  };
  const DAY = Date.parse('2029-06-21T17:00:00Z');
  const NIGHT = Date.parse('2029-12-21T05:00:00Z');
  /** A point at ground range [m] and azimuth [rad] from the radar, at a height [m]. */
  const at = (azimuth: number, groundRange: number, height: number): Float64Array => {
    const p = destinationPoint(oth.latitude, oth.longitude, azimuth, groundRange);
    return geodeticToEcef(p.latitude, p.longitude, height) as Float64Array;
  };

  it('a cruise missile at 50 m: in the skip zone at 600 km, seen at 2,000 km, beyond range at 3,500 km', () => {
    expect(othRadarProblems(oth)).toEqual([]);
    expect(othCoverage(oth, at(0, 600 * KM, 50), DAY).visibility).toBe('skip-zone');
    const inside = othCoverage(oth, at(0, 2000 * KM, 50), DAY);
    expect(inside.visibility).toBe('visible');
    expect(inside.day).toBe(true);
    expect(othCoverage(oth, at(0, 3500 * KM, 50), DAY).visibility).toBe('beyond-range');
    // the band it was judged against is the day layer's (300 km) for a 50 m target
    const band = skyWaveBand(oth.minRayElevation, oth.maxRayElevation, 5e6, REFERENCE_IONOSPHERE.day, 50) as {
      minGroundRange: number;
      maxGroundRange: number;
    };
    // (the WGS84 height of the point is 50 m to ~1e-9 m, hence closeTo)
    expect(inside.band?.minGroundRange).toBeCloseTo(band.minGroundRange, 3);
    expect(inside.band?.maxGroundRange).toBeCloseTo(band.maxGroundRange, 3);
    expect(band.minGroundRange / KM).toBeGreaterThan(950);
    expect(band.maxGroundRange / KM).toBeLessThan(3100);
  });

  it('the band moves out at night (a higher layer): 3,200 km is beyond range by day, inside at night; 1,050 km the other way', () => {
    expect(othCoverage(oth, at(0, 3200 * KM, 50), DAY).visibility).toBe('beyond-range');
    const night = othCoverage(oth, at(0, 3200 * KM, 50), NIGHT);
    expect(night.day).toBe(false);
    expect(night.visibility).toBe('visible');
    expect(othCoverage(oth, at(0, 1050 * KM, 50), DAY).visibility).toBe('visible');
    expect(othCoverage(oth, at(0, 1050 * KM, 50), NIGHT).visibility).toBe('skip-zone');
    expect(othNominalBand(oth, 'night')?.minGroundRange).toBeGreaterThan(othNominalBand(oth, 'day')?.minGroundRange as number);
  });

  it('sees nothing outside its sector or above the layer', () => {
    expect(othCoverage(oth, at(70 * DEG, 2000 * KM, 50), DAY).visibility).toBe('outside-sector');
    expect(othCoverage(oth, at(350 * DEG, 2000 * KM, 50), DAY).visibility).toBe('visible'); // the sector wraps through north
    expect(othCoverage(oth, at(0, 2000 * KM, 320 * KM), DAY).visibility).toBe('above-layer');
  });

  it('Pd per look: the base by day, x the night factor in darkness, x the auroral factor when the path midpoint is under the oval', () => {
    // due north 1,500 km: midpoint ~51 N, geomagnetic ~62 deg (south of the oval); 2,900 km: midpoint ~57 N, ~68 deg (in it)
    const south = othCoverage(oth, at(0, 1500 * KM, 50), DAY);
    expect(south.auroral).toBe(false);
    expect(south.probabilityOfDetection).toBeCloseTo(0.5, 12);
    const oval = othCoverage(oth, at(0, 2900 * KM, 50), DAY);
    expect(oval.auroral).toBe(true);
    expect(oval.probabilityOfDetection).toBeCloseTo(0.25, 12);
    const dark = othCoverage(oth, at(0, 1500 * KM, 50), NIGHT);
    expect(dark.probabilityOfDetection).toBeCloseTo(0.4, 12);
    // the draws follow it: 4,000 looks, within 4 binomial sigmas
    for (const [target, time, pd] of [
      [at(0, 1500 * KM, 50), DAY, 0.5],
      [at(0, 2900 * KM, 50), DAY, 0.25],
      [at(0, 1500 * KM, 50), NIGHT, 0.4],
    ] as const) {
      const uniform = lcg(11);
      let hits = 0,
        bias = 0;
      for (let i = 0; i < 4000; i++) {
        const m = othLookOnce(oth, target, time, uniform);
        if (m) {
          hits++;
          bias += m.groundRange;
        }
      }
      expect(Math.abs(hits / 4000 - pd)).toBeLessThan(4 * Math.sqrt((pd * (1 - pd)) / 4000));
      const truth = othCoverage(oth, target, time).groundRange;
      expect(Math.abs(bias / hits - truth)).toBeLessThan(2 * KM); // 10 km noise / sqrt(>1000 hits) ~ 0.3 km
    }
    const a = othLookOnce(oth, at(10 * DEG, 2000 * KM, 50), DAY, lcg(3)),
      b = othLookOnce(oth, at(10 * DEG, 2000 * KM, 50), DAY, lcg(3));
    expect(a).toEqual(b);
  });
});
