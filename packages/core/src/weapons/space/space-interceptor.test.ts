import { describe, expect, it } from 'vitest';
import { MU_EARTH, WGS84_A } from '../../constants.ts';
import { gravityJ2 } from '../../gravity/j2.ts';
import { Dopri5 } from '../../numerics/dopri5.ts';
import { flyoutDistance, flyoutTime, type SpaceInterceptorSpec } from './space-interceptor.ts';

const sbi: SpaceInterceptorSpec = {
  deltaV: 4000,
  acceleration: 100,
  killVehicleMass: 60,
  detectionLatency: 30,
  decisionLatency: 30,
  arrivalMargin: 10,
  minInterceptAltitude: 80e3,
};

describe('space-based interceptor fly-out', () => {
  it('is the constant-acceleration closed form, then coasting at its delta-v', () => {
    // burn: 4000 / 100 = 40 s, covering 1/2 * 100 * 40^2 = 80 km; then 4 km/s
    expect(flyoutDistance(sbi, 20)).toBeCloseTo(20e3, 6);
    expect(flyoutDistance(sbi, 40)).toBeCloseTo(80e3, 6);
    expect(flyoutDistance(sbi, 100)).toBeCloseTo(80e3 + 4000 * 60, 6);
    expect(flyoutDistance(sbi, 0)).toBe(0);
    for (const tau of [5, 39.9, 40, 41, 250]) expect(flyoutTime(sbi, flyoutDistance(sbi, tau))).toBeCloseTo(tau, 9);
  });

  it('agrees with a numerically integrated fly-out in orbit to within the gravity-gradient bound', () => {
    // Second method: integrate the kill vehicle from its satellite's circular orbit (400 km), thrusting
    // along a fixed inertial direction u for dv/a, then coasting, under point-mass gravity (Dopri5), and
    // compare where it is after tau with where the closed form says: the unperturbed satellite position
    // plus flyoutDistance(tau) u. They differ only by the gravity gradient across the separation: in
    // the Clohessy-Wiltshire equations the relative acceleration is at most 3 n^2 |x|, which over tau
    // moves it by at most 3/2 (n tau)^2 |x|. That bound is the tolerance, per direction.
    const a = WGS84_A + 400e3;
    const v = Math.sqrt(MU_EARTH / a);
    const n = v / a;
    const tau = 100;
    const f = (_t: number, y: Float64Array, dy: Float64Array): void => {
      dy[0] = y[3];
      dy[1] = y[4];
      dy[2] = y[5];
      gravityJ2(y[0], y[1], y[2], dy, 3, 0);
      if (_t < sbi.deltaV / sbi.acceleration) {
        dy[3] += sbi.acceleration * dir[0];
        dy[4] += sbi.acceleration * dir[1];
        dy[5] += sbi.acceleration * dir[2];
      }
    };
    let dir = [0, 0, 0];
    const dp = new Dopri5(6, { rtol: 1e-12, atol: 1e-6, hMax: 1 });
    for (const u of [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [Math.SQRT1_2, -Math.SQRT1_2, 0],
    ]) {
      dir = u;
      const kv = new Float64Array([a, 0, 0, 0, v, 0]);
      dp.integrate(f, 0, kv, 40);
      dp.integrate(f, 40, kv, tau);
      const sat = [a * Math.cos(n * tau), a * Math.sin(n * tau), 0];
      const d = flyoutDistance(sbi, tau);
      const predicted = [sat[0] + d * u[0], sat[1] + d * u[1], sat[2] + d * u[2]];
      const miss = Math.hypot(kv[0] - predicted[0], kv[1] - predicted[1], kv[2] - predicted[2]);
      expect(miss).toBeLessThan(1.5 * (n * tau) ** 2 * d);
      // and the bound is not vacuous: the closed form is good to ~2 % of the 320 km here
      expect(miss / d).toBeLessThan(0.03);
    }
  });
});
