import { describe, expect, it } from 'vitest';
import { DEG, WGS84_A } from '../constants.ts';
import { gravityJ2, potentialJ2 } from '../gravity/j2.ts';
import { Dopri5 } from '../numerics/dopri5.ts';
import type { Derivative, EventDetector } from '../numerics/ode.ts';
import {
  BALLISTIC_BATCH_STRIDE,
  integrateBallisticBatch,
  W1_CUTOFF_ALTITUDE,
  W1_DT,
  W1_REFERENCE_CHECKSUMS,
  w1Instance,
  w1Options,
} from './ballistic-batch.ts';

const sum = (a: Float64Array): number => a.reduce((s, v) => s + v, 0);
const missile = (states: Float64Array, k: number): Float64Array =>
  states.slice(BALLISTIC_BATCH_STRIDE * k, BALLISTIC_BATCH_STRIDE * (k + 1));
/** Specific mechanical energy with the J2 potential [J/kg]. */
const energy = (s: Float64Array): number => 0.5 * (s[3] * s[3] + s[4] * s[4] + s[5] * s[5]) + potentialJ2(s[0], s[1], s[2]);
/** Same, point-mass potential only (not conserved under J2 gravity). */
const energyTwoBody = (s: Float64Array): number => 0.5 * (s[3] * s[3] + s[4] * s[4] + s[5] * s[5]) + potentialJ2(s[0], s[1], s[2], 0);

describe('w1Instance', () => {
  it('places missile 0 as WORKLOADS.md defines it (35 N, 120 E, 200 km, 6500 m/s, 20 deg up, azimuth 20 deg)', () => {
    const s = missile(w1Instance(1), 0);
    const r = Math.hypot(s[0], s[1], s[2]);
    const v = Math.hypot(s[3], s[4], s[5]);
    expect(r).toBeCloseTo(WGS84_A + 200e3, 6);
    expect(Math.asin(s[2] / r) / DEG).toBeCloseTo(35, 12);
    expect(Math.atan2(s[1], s[0]) / DEG).toBeCloseTo(120, 12);
    expect(v).toBeCloseTo(6500, 9);
    // flight-path angle: sin g = r.v / (|r||v|)
    expect(Math.asin((s[0] * s[3] + s[1] * s[4] + s[2] * s[5]) / (r * v)) / DEG).toBeCloseTo(20, 10);
    // azimuth from north towards east
    const lat = 35 * DEG,
      lon = 120 * DEG;
    const vE = -Math.sin(lon) * s[3] + Math.cos(lon) * s[4];
    const vN = -Math.sin(lat) * Math.cos(lon) * s[3] - Math.sin(lat) * Math.sin(lon) * s[4] + Math.cos(lat) * s[5];
    expect(Math.atan2(vE, vN) / DEG).toBeCloseTo(20, 10);
  });

  it('follows the Kronecker sequences (missile 1: lat 35 + 10 frac(0.618..), speed 6500 + 700 frac(0.5698..))', () => {
    const s = missile(w1Instance(2), 1);
    const r = Math.hypot(s[0], s[1], s[2]);
    expect(Math.asin(s[2] / r) / DEG).toBeCloseTo(35 + 10 * 0.6180339887498949, 10);
    expect(Math.hypot(s[3], s[4], s[5])).toBeCloseTo(6500 + 700 * 0.5698402909980532, 8);
  });
});

describe('integrateBallisticBatch on W1', () => {
  // WORKLOADS.md: two correct implementations agree within 0.01 % (the flight times are whole
  // steps, so in practice they agree exactly unless a crossing falls within rounding of a step end).
  it.each([1000, 10_000])('checksum at N = %i matches the published value within 0.01 %%', (n) => {
    const r = integrateBallisticBatch(w1Instance(n), w1Options());
    const checksum = sum(r.flightTimes);
    const reference = W1_REFERENCE_CHECKSUMS[n];
    expect(Math.abs(checksum - reference) / reference).toBeLessThan(1e-4);
    expect(r.totalSteps).toBe(checksum / W1_DT); // flight time = steps * dt
  });

  it('does not depend on the block size (swap-removal of finished missiles keeps every missile)', () => {
    const states = w1Instance(300);
    const ref = integrateBallisticBatch(states, w1Options());
    for (const blockSize of [1, 7, 64, 1000]) {
      const r = integrateBallisticBatch(states, { ...w1Options(), blockSize });
      expect(r.totalSteps).toBe(ref.totalSteps);
      expect(Array.from(r.flightTimes)).toEqual(Array.from(ref.flightTimes));
    }
  });

  it('stops at maxSteps and reports maxSteps * dt for a missile still flying', () => {
    const r = integrateBallisticBatch(w1Instance(10), { ...w1Options(), maxSteps: 25 });
    expect(Array.from(r.flightTimes)).toEqual(new Array(10).fill(25));
    expect(r.totalSteps).toBe(250);
  });

  it('rejects malformed input', () => {
    expect(() => integrateBallisticBatch(new Float64Array(7), w1Options())).toThrow(/multiple of 6/);
    expect(() => integrateBallisticBatch(w1Instance(1), { ...w1Options(), dt: 0 })).toThrow(/dt/);
    expect(() => integrateBallisticBatch(w1Instance(1), { ...w1Options(), maxSteps: 1.5 })).toThrow(/maxSteps/);
    expect(() => integrateBallisticBatch(w1Instance(2), { ...w1Options(), flightTimes: new Float64Array(1) })).toThrow(/flightTimes/);
  });
});

describe('integrateBallisticBatch against the general Dormand-Prince integrator', () => {
  const f: Derivative = (_t, y, dydt) => {
    dydt[0] = y[3];
    dydt[1] = y[4];
    dydt[2] = y[5];
    gravityJ2(y[0], y[1], y[2], dydt, 3);
  };
  const low: EventDetector = {
    name: 'below-cutoff',
    direction: -1,
    terminal: true,
    g: (_t, y) => Math.hypot(y[0], y[1], y[2]) - WGS84_A - W1_CUTOFF_ALTITUDE,
  };
  // Tolerances. DOPRI5 at rtol 1e-12 (atol 1e-6 m, m/s) has a global error of order
  // rtol * |r| * (a few) ~ 1e-5 m over these ~120-step flights (2e-5 m measured); RK4 at dt = 1 s
  // is far more accurate here (step doubling dt = 1 s vs 0.5 s differs by ~2e-7 m at impact).
  // So the two states must agree to well under 1 mm and 1e-6 m/s; a physics slip (J2 sign or
  // factor, a wrong RK4 weight) moves the impact point by metres to kilometres.
  const POSITION_TOL = 1e-3; // m
  const VELOCITY_TOL = 1e-6; // m/s
  const all = w1Instance(1000);

  it.each([0, 1, 17, 123, 500, 999])('missile %i: same crossing (to within one step) and the same state at the stop', (k) => {
    const s0 = missile(all, k);
    const final = new Float64Array(BALLISTIC_BATCH_STRIDE);
    const rk4 = integrateBallisticBatch(s0, { ...w1Options(), finalStates: final });
    const T = rk4.flightTimes[0];

    // Continuous crossing time, located on DOPRI5's dense output (to 1e-9 s).
    const y = s0.slice();
    const res = new Dopri5(6, { rtol: 1e-12, atol: 1e-6 }).integrate(f, 0, y, 10_800, [low]);
    expect(res.stoppedBy).toBe('below-cutoff');
    const tc = res.t;
    // The fixed-step stop is step-quantized: the check happens at step ends, so the RK4 flight
    // time is the first whole step at or after the crossing, 0 <= T - tc < dt. The RK4 position
    // error (~1e-7 m) over a descent rate of ~2-3 km/s shifts the crossing by < 1e-9 s, so the
    // bracket needs no further slack unless tc lies within that of a step end (not the case here).
    expect(T - tc).toBeGreaterThanOrEqual(0);
    expect(T - tc).toBeLessThan(W1_DT);
    expect(T).toBe(Math.ceil(tc));

    // State at the RK4 stop time, integrated by DOPRI5 from the same start.
    const yT = s0.slice();
    new Dopri5(6, { rtol: 1e-12, atol: 1e-6 }).integrate(f, 0, yT, T);
    expect(Math.hypot(final[0] - yT[0], final[1] - yT[1], final[2] - yT[2])).toBeLessThan(POSITION_TOL);
    expect(Math.hypot(final[3] - yT[3], final[4] - yT[4], final[5] - yT[5])).toBeLessThan(VELOCITY_TOL);
  });
});

describe('integrateBallisticBatch conserves energy', () => {
  it('keeps v^2/2 + U_J2 constant along a flight', () => {
    // Energy drift is set by RK4's truncation error (state error ~1e-7 m at dt = 1 s, see above:
    // g * 1e-7 m ~ 1e-6 J/kg ~ 3e-14 of |E| ~ 3e7 J/kg) and by rounding (~1e-16 per operation,
    // growing like sqrt(steps) ~ 45 over 2000 steps). 1e-11 relative leaves a margin of > 100
    // over both, while the J2 part of the potential is ~1e-3 of |E|: an inconsistency between the
    // kernel's J2 acceleration and potentialJ2 would show at ~1e-4 .. 1e-3.
    const ENERGY_TOL = 1e-11;
    const all = w1Instance(1000);
    for (const k of [0, 500, 999]) {
      const s0 = missile(all, k);
      const E0 = energy(s0);
      const full = integrateBallisticBatch(s0, w1Options()).flightTimes[0];
      let twoBodyDrift = 0;
      for (const steps of [1, 100, 400, 800, Math.floor(full / 2), full]) {
        const state = new Float64Array(BALLISTIC_BATCH_STRIDE);
        integrateBallisticBatch(s0, { ...w1Options(), maxSteps: steps, finalStates: state });
        expect(Math.abs(energy(state) - E0) / Math.abs(E0)).toBeLessThan(ENERGY_TOL);
        twoBodyDrift = Math.max(twoBodyDrift, Math.abs(energyTwoBody(state) - energyTwoBody(s0)) / Math.abs(E0));
      }
      // The test has teeth: without the J2 potential the "energy" is visibly not conserved, so
      // the J2 acceleration really acts in the kernel and matches potentialJ2.
      expect(twoBodyDrift).toBeGreaterThan(1e-6);
    }
  });
});
