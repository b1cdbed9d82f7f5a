import { describe, expect, it } from 'vitest';
import { R_EARTH_MEAN, WGS84_A } from '../constants.ts';
import { us76Density } from '../atmosphere/us76.ts';
import { MU_EARTH, OMEGA_EARTH } from '../constants.ts';
import {
  arcFromBurnout,
  arcFromRangeAndApogee,
  maximumRangeArc,
  minimumEnergyArc,
  minimumEnergyFlightPathAngle,
  minimumEnergyReach,
  minimumEnergyTransfer,
} from './ballistic-closed-form.ts';
import { flyToImpact } from './ballistic.ts';
import type { EarthModel } from '../geo/earth-model.ts';
import { flyFromSurface, maxRangeFromSurface } from './test-reconstruction.ts';

const DEG = Math.PI / 180;
const KEPLER_EARTH: EarthModel = { rotation: false, j2: false, atmosphere: false, theta0: 0 };
const equator = { latitude: 0, longitude: 0, altitude: 0 };

describe('ballistic flight against the Kepler closed forms', () => {
  // Along the equator the WGS84 surface is a circle of radius a, so a vacuum flight on a
  // non-rotating, J2-free Earth is exactly the closed-form conic between two points at r0 = a.
  it.each([
    [6500, 40],
    [7000, 25],
    [5000, 60],
  ])('speed %d m/s at %d deg: range, apogee and time of flight', (v, g) => {
    const arc = arcFromBurnout(v, g * DEG, WGS84_A);
    const f = flyFromSurface(equator, 90 * DEG, v, g * DEG, KEPLER_EARTH);
    expect(f.impact).not.toBeNull();
    const range = (f.impact as NonNullable<typeof f.impact>).longitude * WGS84_A;
    // rtol 1e-10 integration and 1e-9 s event location: metres over 10^6-10^7 m arcs. 10 m / 0.05 s
    // allow for the geodetic-height event function's own ~mm conversion error with a wide margin.
    expect(Math.abs(range - arc.range)).toBeLessThan(10);
    expect(Math.abs((f.apogee?.altitude ?? 0) - arc.apogeeAltitude)).toBeLessThan(10);
    expect(Math.abs(f.end.t - arc.timeOfFlight)).toBeLessThan(0.05);
    expect(f.impact?.latitude ?? 1).toBeCloseTo(0, 9);
  });

  it('inverts range and apogee to speed and angle (closed form round trip)', () => {
    const arc = arcFromBurnout(6800, 33 * DEG, WGS84_A);
    const back = arcFromRangeAndApogee(arc.range, arc.apogeeAltitude, WGS84_A);
    expect(back.speed).toBeCloseTo(6800, 6);
    expect(back.flightPathAngle).toBeCloseTo(33 * DEG, 9);
  });

  it('the maximum-range angle of Bate, Mueller & White is the numerical optimum', () => {
    const best = maximumRangeArc(6500, WGS84_A);
    const numeric = maxRangeFromSurface(equator, 90 * DEG, 6500, KEPLER_EARTH);
    // golden-section to 1e-6 rad on a flat maximum: the range agrees to metres, the angle to ~1e-3 rad.
    // maxRangeFromSurface reports great-circle range on the mean-radius sphere; rescale to r0 = a.
    expect(Math.abs((numeric.range / R_EARTH_MEAN) * WGS84_A - best.range)).toBeLessThan(50);
    expect(Math.abs(numeric.gamma - best.flightPathAngle)).toBeLessThan(2e-3);
    // The first-cut reconstruction of the 28 Nov 2017 Hwasong-15 test (apogee 4,475 km, range 950
    // km, 53 min): by hand, a near-vertical shot from the surface needs v^2 = 2 mu (1/R - 1/(R + A)),
    // v = 7.19 km/s, and Bate-Mueller-White's sin(Psi/2) = nu/(2 - nu) gives a minimum-energy range of
    // 9,920 km at that speed (both on a 6,371 km sphere). The closed form must reproduce that to 1 %
    // (the hand figure's near-vertical approximation), and the reported 53 min flight to 10 % (the
    // idealised flight starts at the surface at full speed: no boost phase, burnout at ground level). Wright's
    // "more than 13,000 km" (UCS, 28 Nov 2017) adds burnout altitude and Earth rotation: that is the
    // job of the missile fit (`dome trajectory --fit-... --missile`), not of this closed form.
    const hs15 = arcFromRangeAndApogee(950e3, 4475e3, 6371e3);
    expect(Math.abs(hs15.speed / 7190 - 1)).toBeLessThan(0.01);
    const reach = maximumRangeArc(hs15.speed, 6371e3);
    expect(Math.abs(reach.range / 9920e3 - 1)).toBeLessThan(0.01);
    expect(Math.abs(hs15.timeOfFlight / 60 / 53 - 1)).toBeLessThan(0.1);
  });

  it('Earth rotation lengthens an eastward flight and shortens a westward one', () => {
    const rotating: EarthModel = { rotation: true, j2: true, atmosphere: false, theta0: 0 };
    const east = maxRangeFromSurface({ latitude: 30 * DEG, longitude: 0, altitude: 0 }, 90 * DEG, 6500, rotating).range;
    const west = maxRangeFromSurface({ latitude: 30 * DEG, longitude: 0, altitude: 0 }, 270 * DEG, 6500, rotating).range;
    const still = maximumRangeArc(6500, 6371e3).range;
    expect(east).toBeGreaterThan(still);
    expect(west).toBeLessThan(still);
  });
});

describe('re-entry with drag', () => {
  it('follows the Allen-Eggers velocity law for a steep straight-line entry', () => {
    // Allen & Eggers (NACA TR-1381, 1958): neglecting gravity, V(h) = V_E exp(-C(h) / (2 beta sin g)),
    // with C(h) the air column mass above h along the vertical. Here C comes from an independent
    // quadrature of the US76 density. A 60-degree, 7 km/s entry of a beta = 5,000 kg/m^2 body.
    const beta = 5000;
    const gamma = 60 * DEG;
    const v0 = 7000;
    const h0 = 120e3;
    const r0 = WGS84_A + h0;
    const start = [r0, 0, 0, -v0 * Math.sin(gamma), v0 * Math.cos(gamma), 0];
    const still: EarthModel = { rotation: false, j2: false, atmosphere: true, theta0: 0 };
    const probes = [60e3, 40e3, 30e3, 20e3];
    const speeds: number[] = [];
    for (const hp of probes) {
      const f = flyToImpact(start, 0, { ballisticCoefficient: beta }, { earth: still, groundAltitude: hp });
      speeds.push(f.end.speedRelative);
    }
    const column = (h: number): number => {
      let s = 0;
      const dh = 50;
      for (let z = h; z < 200e3; z += dh) s += us76Density(z + dh / 2) * dh;
      return s;
    };
    probes.forEach((hp, k) => {
      // Allen-Eggers neglects gravity, which adds up to ~2 % of V over a 100 km fall; we apply the
      // law to the vacuum speed at hp (v0^2 + 2 g dh, energy of the fall added), which leaves the
      // gravity-drag cross term and the path's slight curvature: well under 1 %; 2 % tolerance.
      const predicted = Math.sqrt(v0 * v0 + 2 * 9.7 * (h0 - hp)) * Math.exp(-column(hp) / (2 * beta * Math.sin(gamma)));
      expect(Math.abs(speeds[k] / predicted - 1)).toBeLessThan(0.02);
    });
    // and the slowing is real: the air column above 20 km (~560 kg/m^2, i.e. p(20 km)/g) takes
    // exp(-560 / (2 beta sin g)) ~ 6 % off the vacuum speed there; drag off would leave it at 1.
    const vacuumAt20 = Math.sqrt(v0 * v0 + 2 * 9.7 * (h0 - 20e3));
    expect(speeds[3] / vacuumAt20).toBeLessThan(0.96);
  });

  it('a light decoy slows far more than a heavy warhead (atmospheric filtering)', () => {
    const still: EarthModel = { rotation: false, j2: false, atmosphere: true, theta0: 0 };
    const start = [WGS84_A + 120e3, 0, 0, -7000 * Math.sin(0.5), 7000 * Math.cos(0.5), 0];
    const rv = flyToImpact(start, 0, { ballisticCoefficient: 10000 }, { earth: still });
    const decoy = flyToImpact(start, 0, { ballisticCoefficient: 50 }, { earth: still });
    expect(rv.end.speedRelative).toBeGreaterThan(2000);
    expect(decoy.end.speedRelative).toBeLessThan(200);
    expect(decoy.end.t).toBeGreaterThan(rv.end.t);
    expect(rv.peakDeceleration).toBeGreaterThan(20 * 9.8);
  });
});

describe('minimum-energy arcs (Bate, Mueller & White) and orbital-class speeds', () => {
  it.each([[2000e3], [5000e3], [8000e3], [12000e3]])(
    '%d m: the minimum-energy arc needs the least speed, at 45 deg - Psi/4, and flies as integrated',
    (range) => {
      const me = minimumEnergyArc(range, WGS84_A);
      const psi = range / WGS84_A;
      // BMW 6.2-15: gamma = (pi - Psi)/4; the unequal-radius (Lambert) form must reduce to it for r1 = r2.
      expect(me.flightPathAngle).toBeCloseTo((Math.PI - psi) / 4, 12);
      expect(minimumEnergyFlightPathAngle(WGS84_A, WGS84_A, psi)).toBeCloseTo((Math.PI - psi) / 4, 12);
      // BMW 6.2-16 (speed for the range) inverts 6.2-14 (longest range for the speed): same range back.
      expect(Math.abs(maximumRangeArc(me.speed, WGS84_A).range - range)).toBeLessThan(1);
      // least speed: 2 deg either side, the same speed falls short (the range is a maximum in gamma)
      expect(arcFromBurnout(me.speed, me.flightPathAngle + 2 * DEG, WGS84_A).range).toBeLessThan(range);
      expect(arcFromBurnout(me.speed, me.flightPathAngle - 2 * DEG, WGS84_A).range).toBeLessThan(range);
      // and the integrated vacuum flight (independent of the closed form) lands there at that apogee and time
      const f = flyFromSurface(equator, 90 * DEG, me.speed, me.flightPathAngle, KEPLER_EARTH);
      expect(Math.abs((f.impact?.longitude ?? 0) * WGS84_A - range)).toBeLessThan(10);
      expect(Math.abs((f.apogee?.altitude ?? 0) - me.apogeeAltitude)).toBeLessThan(10);
      expect(Math.abs(f.end.t - me.timeOfFlight)).toBeLessThan(0.05);
    },
  );

  it('the Lambert minimum-energy transfer between unequal radii matches an integrated flight, and its neighbours fall short', () => {
    // From a 300 km burnout radius to the surface through 70 deg: closed-form speed, angle, apogee and
    // time (Lagrange's minimum-energy time, BMW 5.4) against a vacuum integration on the equator.
    const r1 = WGS84_A + 300e3,
      psi = 70 * DEG;
    const me = minimumEnergyTransfer(r1, WGS84_A, psi);
    const fly = (v: number, g: number): ReturnType<typeof flyToImpact> =>
      flyToImpact([r1, 0, 0, v * Math.sin(g), v * Math.cos(g), 0], 0, { ballisticCoefficient: 0 }, { earth: KEPLER_EARTH });
    const f = fly(me.speed, me.flightPathAngle);
    const angle = (x: ReturnType<typeof flyToImpact>): number => Math.atan2(x.end.state[1], x.end.state[0]);
    expect(Math.abs(angle(f) - psi) * WGS84_A).toBeLessThan(10);
    expect(Math.abs((f.apogee?.altitude ?? 0) + WGS84_A - me.apogeeRadius)).toBeLessThan(10);
    expect(Math.abs(f.end.t - me.timeOfFlight)).toBeLessThan(0.05);
    expect(angle(fly(me.speed, me.flightPathAngle + 2 * DEG))).toBeLessThan(psi);
    expect(angle(fly(me.speed, me.flightPathAngle - 2 * DEG))).toBeLessThan(psi);
  });

  it('at or above circular speed there is no ballistic maximum: orbital-class, global reach', () => {
    const circular = Math.sqrt(MU_EARTH / WGS84_A);
    expect(minimumEnergyReach(circular * 0.999, WGS84_A).orbital).toBe(false);
    expect(minimumEnergyReach(circular * 1.001, WGS84_A).orbital).toBe(true);
    expect(minimumEnergyReach(8300, WGS84_A).orbital).toBe(true);
    // the 31 Oct 2024 Hwasong-19 test (apogee 7,687.5 km, range 1,001.2 km) needs more than circular speed from the surface
    expect(arcFromRangeAndApogee(1001.2e3, 7687.5e3, 6371e3).speed).toBeGreaterThan(Math.sqrt(MU_EARTH / 6371e3));
  });
});

describe('along-track ground range', () => {
  const still: EarthModel = { rotation: false, j2: false, atmosphere: false, theta0: 0 };
  const turning: EarthModel = { rotation: true, j2: false, atmosphere: false, theta0: 0 };
  const r = WGS84_A + 400e3;
  const v = Math.sqrt(MU_EARTH / r);
  const period = 2 * Math.PI * Math.sqrt(r ** 3 / MU_EARTH);

  it('a polar circular orbit on a non-rotating Earth: one circumference per revolution, beyond the great-circle cap', () => {
    // Along a meridian the track is 2 pi R_mean per revolution exactly (geodetic latitude runs 0 to
    // +-90 deg as the geocentric one does); 1.5 revolutions = 60,000 km, three times the great-circle cap.
    const f = flyToImpact([r, 0, 0, 0, 0, v], 0, { ballisticCoefficient: 0 }, { earth: still, tMax: 1.5 * period });
    expect(f.impact).toBeNull();
    expect(Math.abs(f.alongTrack / (1.5 * 2 * Math.PI * R_EARTH_MEAN) - 1)).toBeLessThan(1e-6);
  });

  it('an equatorial circular orbit on the rotating Earth: R (n - omega) t', () => {
    const t = 2 * period;
    const f = flyToImpact([r, 0, 0, 0, v, 0], 0, { ballisticCoefficient: 0 }, { earth: turning, tMax: t });
    const expected = R_EARTH_MEAN * ((2 * Math.PI) / period - OMEGA_EARTH) * t;
    expect(Math.abs(f.alongTrack / expected - 1)).toBeLessThan(1e-6);
  });
});
