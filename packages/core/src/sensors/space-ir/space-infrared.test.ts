import { describe, expect, it } from 'vitest';
import { DEG, KM, WGS84_A } from '../../constants.ts';
import { geodeticToEcef } from '../../geo/geodetic.ts';
import { BatchEphemeris } from '../../orbits/batch-ephemeris.ts';
import { WalkerEphemeris, type Ephemeris } from '../../orbits/ephemeris.ts';
import { geostationaryOrbit, molniyaOrbit } from '../../space/walker.ts';
import {
  irBackground,
  irClassRange,
  irDetectionRange,
  irReportTime,
  irVisibility,
  lineOfSightUnit,
  measureLineOfSight,
  offNadirAngle,
  satellitesSeeing,
  segmentClearsShell,
  spaceIrProblems,
  STEREO_MIN_SATELLITES,
  triangulate,
  type SpaceIrSensorSpec,
} from './space-infrared.ts';

/** A seeded LCG on [0, 1) (Numerical Recipes, 2nd ed., §7.1: a = 1664525, c = 1013904223, m = 2^32). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A SBIRS-like GEO missile-warning sensor: sees plumes only, over the whole Earth disk (9 deg off nadir), above 12 km. */
const warning: SpaceIrSensorSpec = {
  role: 'missile-warning',
  requiresThrust: true,
  fieldOfRegardHalfAngle: 9 * DEG,
  altitudeFloor: 12 * KM,
  limbHeight: 100 * KM,
  referenceRange: 45_000 * KM,
  referenceIntensity: 1e4,
  targetIntensity: { plume: 1e5, 'hot-glide': 0, 'cold-rv': 0 },
  earthBackgroundClasses: ['plume'],
  reportInterval: 10,
  detectionLatency: 40,
  angularNoise: 50e-6,
};

/** A LEO tracking sensor: a cold RV (10 W/sr) to 3,000 km, only against space; plumes and hot glide bodies against the Earth too. */
const tracking: SpaceIrSensorSpec = {
  role: 'tracking',
  requiresThrust: false,
  fieldOfRegardHalfAngle: 70 * DEG,
  altitudeFloor: 12 * KM,
  limbHeight: 100 * KM,
  referenceRange: 3000 * KM,
  referenceIntensity: 10,
  targetIntensity: { plume: 1e5, 'hot-glide': 1e3, 'cold-rv': 10 },
  earthBackgroundClasses: ['plume', 'hot-glide'],
  reportInterval: 1,
  detectionLatency: 5,
  angularNoise: 20e-6,
};

const v = (x: number, y: number, z: number): Float64Array => new Float64Array([x, y, z]);
/** A point in the equatorial plane (where the ellipsoid is the sphere of radius a) at radius r and longitude lon. */
const equatorial = (r: number, lon: number): Float64Array => v(r * Math.cos(lon), r * Math.sin(lon), 0);

const GEO = geostationaryOrbit(0).a;

describe('space IR: Earth blocking (ray / ellipsoid)', () => {
  const anySide = { ...warning, fieldOfRegardHalfAngle: Math.PI, altitudeFloor: 0 };
  const sat = equatorial(GEO, 0);

  it('a GEO satellite sees a plume at 50 km below it but not one on the far side of the Earth', () => {
    expect(irVisibility(sat, equatorial(WGS84_A + 50 * KM, 0), anySide, 'plume', true)).toBe('visible');
    expect(irVisibility(sat, equatorial(WGS84_A + 50 * KM, Math.PI), anySide, 'plume', true)).toBe('earth-blocked');
    expect(segmentClearsShell(sat, equatorial(WGS84_A + 50 * KM, Math.PI), 0)).toBe(false);
  });

  it('the GEO horizon is acos(Re / (Re + h)) = 81.3 deg of Earth-central angle, to the microradian', () => {
    const horizon = Math.acos(WGS84_A / GEO);
    expect(horizon / DEG).toBeCloseTo(81.3, 1);
    // a target 1 m up sees its own horizon acos(a / (a + 1)) further (5.6e-4 rad)
    const limit = horizon + Math.acos(WGS84_A / (WGS84_A + 1));
    expect(irVisibility(sat, equatorial(WGS84_A + 1, limit - 1e-6), anySide, 'plume', true)).toBe('visible');
    expect(irVisibility(sat, equatorial(WGS84_A + 1, limit + 1e-6), anySide, 'plume', true)).toBe('earth-blocked');
  });

  it('with a 12 km floor, a plume at 30 km is seen out to acos(Rb / Rs) + acos(Rb / Rt) = 85.6 deg, and a plume at 5 km not at all', () => {
    const s = { ...warning, fieldOfRegardHalfAngle: Math.PI };
    const rb = WGS84_A + 12 * KM,
      rt = WGS84_A + 30 * KM;
    const limit = Math.acos(rb / GEO) + Math.acos(rb / rt);
    expect(limit / DEG).toBeCloseTo(85.6, 1);
    expect(irVisibility(sat, equatorial(rt, limit - 1e-6), s, 'plume', true)).toBe('visible');
    expect(irVisibility(sat, equatorial(rt, limit + 1e-6), s, 'plume', true)).toBe('earth-blocked');
    expect(irVisibility(sat, equatorial(WGS84_A + 5 * KM, 0), s, 'plume', true)).toBe('below-floor');
  });

  it('a missile-warning sensor needs thrust, and its field of regard ends at the Earth disk', () => {
    expect(irVisibility(sat, equatorial(WGS84_A + 50 * KM, 0), warning, 'plume', false)).toBe('not-burning');
    // a plume at 1,000 km over the limb (central angle 85 deg) clears the Earth but is 10 deg off nadir
    const high = equatorial(WGS84_A + 1000 * KM, 85 * DEG);
    expect(offNadirAngle(sat, high) / DEG).toBeGreaterThan(9);
    expect(irVisibility(sat, high, warning, 'plume', true)).toBe('outside-field-of-regard');
  });
});

describe('space IR: Earth-limb background for a LEO tracking sensor', () => {
  const rs = WGS84_A + 1000 * KM;
  /**
   * The sensor on the tangent line x = g (g: grazing radius) in the equatorial plane, at (g, -L, 0)
   * with L = sqrt(rs^2 - g^2); the target half-way to the tangent point (g, 0, 0), so the line of
   * sight continued beyond the target grazes the Earth at radius g.
   */
  function grazing(g: number): { sensor: Float64Array; target: Float64Array } {
    const l = Math.sqrt(rs * rs - g * g);
    return { sensor: v(g, -l, 0), target: v(g, -l / 2, 0) };
  }
  const limb = WGS84_A + tracking.limbHeight;

  it('a cold RV whose line of sight grazes 10 km above the limb height is seen against space; 10 km below, not', () => {
    const above = grazing(limb + 10 * KM),
      below = grazing(limb - 10 * KM);
    expect(irBackground(above.sensor, above.target, tracking.limbHeight)).toBe('space');
    expect(irBackground(below.sensor, below.target, tracking.limbHeight)).toBe('earth');
    expect(irVisibility(above.sensor, above.target, tracking, 'cold-rv', false)).toBe('visible');
    expect(irVisibility(below.sensor, below.target, tracking, 'cold-rv', false)).toBe('earth-background');
  });

  it('a hot glide vehicle is seen in both geometries, and a cold RV below the limb height never against space', () => {
    for (const g of [limb + 10 * KM, limb - 10 * KM]) {
      const { sensor, target } = grazing(g);
      expect(irVisibility(sensor, target, tracking, 'hot-glide', false)).toBe('visible');
    }
    // straight below the sensor at 60 km (under the 100 km limb height): the Earth is behind it
    const sensor = equatorial(rs, 0),
      low = equatorial(WGS84_A + 60 * KM, 0);
    expect(irVisibility(sensor, low, tracking, 'cold-rv', false)).toBe('earth-background');
    expect(irVisibility(sensor, low, tracking, 'hot-glide', false)).toBe('visible');
  });
});

describe('space IR: detection range R = R_ref sqrt(I / I_ref)', () => {
  it('scales with the square root of the intensity, by hand', () => {
    // 3,000 km on 10 W/sr: 1,000 W/sr -> 3,000 sqrt(100) = 30,000 km; 2.5 W/sr -> 3,000 sqrt(0.25) = 1,500 km
    expect(irDetectionRange(tracking, 1000)).toBeCloseTo(30_000 * KM, 6);
    expect(irDetectionRange(tracking, 2.5)).toBeCloseTo(1500 * KM, 6);
    expect(irClassRange(tracking, 'cold-rv')).toBe(3000 * KM);
    expect(irClassRange(warning, 'cold-rv')).toBe(0);
  });

  it('stops seeing a cold RV (against space, straight up) past 3,000 km', () => {
    const s = { ...tracking, fieldOfRegardHalfAngle: Math.PI };
    const sensor = equatorial(WGS84_A + 1000 * KM, 0);
    expect(irVisibility(sensor, equatorial(WGS84_A + 3999 * KM, 0), s, 'cold-rv', false)).toBe('visible');
    expect(irVisibility(sensor, equatorial(WGS84_A + 4001 * KM, 0), s, 'cold-rv', false)).toBe('beyond-range');
    expect(irVisibility(sensor, equatorial(WGS84_A + 4001 * KM, 0), s, 'hot-glide', false)).toBe('visible');
  });

  it('reports on the first frame at or after first sight, plus the latency', () => {
    expect(irReportTime(warning, 12.3)).toBeCloseTo(20 + 40, 12);
    expect(irReportTime(warning, 30)).toBeCloseTo(30 + 40, 12);
  });

  it('lists the problems of a meaningless spec', () => {
    expect(spaceIrProblems(warning)).toEqual([]);
    expect(spaceIrProblems({ ...tracking, referenceRange: 0, reportInterval: -1 })).toHaveLength(2);
  });
});

describe('space IR: line-of-sight noise', () => {
  it('is an unbiased unit vector with one-sigma angularNoise per perpendicular axis', () => {
    const sensor = v(WGS84_A + 1000 * KM, 0, 0),
      target = v(WGS84_A + 100 * KM, 800 * KM, 600 * KM);
    const truth = lineOfSightUnit(sensor, target);
    // a perpendicular basis of our own: p = truth x z normalised, q = truth x p
    const p = v(truth[1], -truth[0], 0);
    const pn = Math.hypot(p[0], p[1]);
    p[0] /= pn;
    p[1] /= pn;
    const q = v(truth[1] * p[2] - truth[2] * p[1], truth[2] * p[0] - truth[0] * p[2], truth[0] * p[1] - truth[1] * p[0]);
    const rng = lcg(7),
      m = new Float64Array(3),
      n = 20_000;
    let sp = 0,
      sq = 0,
      spp = 0,
      sqq = 0,
      spq = 0,
      maxNormError = 0;
    for (let k = 0; k < n; k++) {
      measureLineOfSight(tracking, sensor, target, rng, m);
      maxNormError = Math.max(maxNormError, Math.abs(Math.hypot(m[0], m[1], m[2]) - 1));
      const a = m[0] * p[0] + m[1] * p[1] + m[2] * p[2],
        b = m[0] * q[0] + m[1] * q[1] + m[2] * q[2];
      sp += a;
      sq += b;
      spp += a * a;
      sqq += b * b;
      spq += a * b;
    }
    const sigma = tracking.angularNoise;
    expect(maxNormError).toBeLessThan(1e-15);
    expect(Math.abs(sp / n)).toBeLessThan((4 * sigma) / Math.sqrt(n));
    expect(Math.abs(sq / n)).toBeLessThan((4 * sigma) / Math.sqrt(n));
    // variance within 4 % (a sample variance of 20,000 has a relative sd of 1 %)
    expect(Math.sqrt(spp / n) / sigma).toBeCloseTo(1, 1);
    expect(Math.abs(spp / n / (sigma * sigma) - 1)).toBeLessThan(0.04);
    expect(Math.abs(sqq / n / (sigma * sigma) - 1)).toBeLessThan(0.04);
    expect(Math.abs(spq / n / (sigma * sigma))).toBeLessThan(0.04);
  });
});

describe('space IR: constellations', () => {
  it('a three-satellite GEO ring sees every boosting missile between 60 S and 60 N at 30 km, but not at the pole', () => {
    const ring = new BatchEphemeris([0, 120, 240].map((lon) => geostationaryOrbit(lon * DEG)));
    let worst = Infinity;
    for (let lat = -60; lat <= 60; lat += 2) {
      for (let lon = -180; lon < 180; lon += 2) {
        // t = 0: the Earth-fixed frame is the inertial one (Greenwich angle 0 at epoch)
        const p = geodeticToEcef(lat * DEG, lon * DEG, 30 * KM);
        worst = Math.min(worst, satellitesSeeing(ring, 0, p, warning, 'plume'));
      }
    }
    expect(worst).toBeGreaterThanOrEqual(1);
    expect(satellitesSeeing(ring, 0, geodeticToEcef(88 * DEG, 0, 30 * KM), warning, 'plume')).toBe(0);
    expect(satellitesSeeing(ring, 0, geodeticToEcef(0, 0, 30 * KM), warning, 'plume', false)).toBe(0);
  });

  it('a Molniya satellite at apogee sees a plume over the North Pole', () => {
    const heo = new BatchEphemeris([molniyaOrbit()]);
    expect(satellitesSeeing(heo, 0, geodeticToEcef(90 * DEG, 0, 30 * KM), warning, 'plume')).toBe(1);
  });

  it('counts the LEO satellites seeing a hot glide body: those inside the 35.35 deg cap acos(Rb/Rs) + acos(Rb/Rt) of central angle', () => {
    const shell = { altitude: 1000 * KM, inclination: 80 * DEG, planes: 6, perPlane: 10, phasing: 1 };
    const layer = new WalkerEphemeris(shell);
    const plain: Ephemeris = { count: layer.count, maxSpeed: layer.maxSpeed, position: (i, t, out, o) => layer.position(i, t, out, o) };
    const rs = WGS84_A + shell.altitude,
      rb = WGS84_A + tracking.altitudeFloor,
      rt = WGS84_A + 40 * KM;
    const cap = Math.acos(rb / rs) + Math.acos(rb / rt); // 29.99 + 5.36 = 35.35 deg
    expect(cap / DEG).toBeCloseTo(35.35, 2);
    const sat = new Float64Array(3),
      seen = new Int32Array(layer.count);
    let checked = 0,
      stereo = 0;
    for (let lon = 0; lon < 360; lon += 7) {
      // on the equator; satellites within 0.5 deg of the cap edge are skipped (the ellipsoid differs from the sphere there)
      const target = equatorial(rt, lon * DEG);
      const n = satellitesSeeing(layer, 1234, target, tracking, 'hot-glide', false, seen);
      expect(satellitesSeeing(plain, 1234, target, tracking, 'hot-glide', false)).toBe(n);
      let inCap = 0,
        nearEdge = false;
      for (let i = 0; i < layer.count; i++) {
        layer.position(i, 1234, sat, 0);
        const c = (sat[0] * target[0] + sat[1] * target[1] + sat[2] * target[2]) / (rs * rt);
        const theta = Math.acos(Math.min(1, c));
        if (Math.abs(theta - cap) < 0.5 * DEG) nearEdge = true;
        if (theta < cap) inCap++;
      }
      if (nearEdge) continue;
      checked++;
      expect(n, `longitude ${lon}`).toBe(inCap);
      if (n >= STEREO_MIN_SATELLITES) stereo++;
    }
    expect(checked).toBeGreaterThan(30);
    expect(stereo).toBeGreaterThan(0);
  });

  it('two tracking satellites fix a glide body in 3-D from noisy lines of sight, to about sigma x range', () => {
    const target = equatorial(WGS84_A + 40 * KM, 0);
    const s1 = geodeticToEcef(15 * DEG, -10 * DEG, 1000 * KM),
      s2 = geodeticToEcef(-12 * DEG, 14 * DEG, 1000 * KM);
    expect(irVisibility(s1, target, tracking, 'hot-glide', false)).toBe('visible');
    expect(irVisibility(s2, target, tracking, 'hot-glide', false)).toBe('visible');
    const origins = new Float64Array([...s1, ...s2]),
      dirs = new Float64Array(6),
      fix = new Float64Array(3),
      m = new Float64Array(3);
    const rng = lcg(3);
    let worst = 0;
    for (let k = 0; k < 200; k++) {
      measureLineOfSight(tracking, s1, target, rng, m);
      dirs.set(m, 0);
      measureLineOfSight(tracking, s2, target, rng, m);
      dirs.set(m, 3);
      expect(triangulate(origins, dirs, 2, fix)).toBe(true);
      worst = Math.max(worst, Math.hypot(fix[0] - target[0], fix[1] - target[1], fix[2] - target[2]));
    }
    // ranges ~2,000 km x 20 urad = 40 m per line; the worst of 200 stays within a few hundred metres
    expect(worst).toBeLessThan(400);
    expect(triangulate(origins, dirs, 1, fix)).toBe(false);
  });
});
