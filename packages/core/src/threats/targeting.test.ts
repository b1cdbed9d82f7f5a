import { describe, expect, it } from 'vitest';
import { testIcbm } from '../../test/test-missile.ts';
import { REAL_EARTH } from '../geo/earth-model.ts';
import { aimMissile, type TrajectoryShape } from './targeting.ts';

const DEG = Math.PI / 180;
const at = (lat: number, lon: number): { latitude: number; longitude: number; altitude: number } => ({
  latitude: lat * DEG,
  longitude: lon * DEG,
  altitude: 0,
});
const pyongyang = at(39.2, 125.67);

// eastwards, north-eastwards over the pole's side, westwards and southwards (against and across the
// Earth's turning), at different Earth angles; every shape the solver knows
const geometries: Array<{ name: string; from: ReturnType<typeof at>; to: ReturnType<typeof at>; shape: TrajectoryShape; theta0: number }> =
  [
    { name: 'Pyongyang to Anchorage, min-energy', from: pyongyang, to: at(61.22, -149.9), shape: { kind: 'min-energy' }, theta0: 0 },
    { name: 'Pyongyang to Guam, min-energy', from: pyongyang, to: at(13.44, 144.79), shape: { kind: 'min-energy' }, theta0: 1.3 },
    { name: 'Pyongyang to Delhi, min-energy (westwards)', from: pyongyang, to: at(28.61, 77.21), shape: { kind: 'min-energy' }, theta0: 4 },
    {
      name: 'Pyongyang to Darwin, min-energy (southwards)',
      from: pyongyang,
      to: at(-12.46, 130.84),
      shape: { kind: 'min-energy' },
      theta0: 2.2,
    },
    { name: 'Pyongyang to Anchorage, least-burn', from: pyongyang, to: at(61.22, -149.9), shape: { kind: 'least-burn' }, theta0: 0.5 },
    { name: 'Pyongyang to Anchorage, lofted', from: pyongyang, to: at(61.22, -149.9), shape: { kind: 'lofted' }, theta0: 0 },
    { name: 'Pyongyang to Guam, depressed', from: pyongyang, to: at(13.44, 144.79), shape: { kind: 'depressed' }, theta0: 3 },
  ];

describe('aimMissile with screening flights: the same aim as with full flights throughout', () => {
  for (const g of geometries) {
    it(g.name, () => {
      const earth = { ...REAL_EARTH, theta0: g.theta0 };
      const fast = aimMissile(testIcbm, g.from, g.to, g.shape, { earth });
      const exhaustive = aimMissile(testIcbm, g.from, g.to, g.shape, { earth, screen: false });
      expect(fast.ok).toBe(true);
      expect(exhaustive.ok).toBe(true);
      if (!fast.ok || !exhaustive.ok) return;
      // bit for bit: the same controls, so the same flight
      expect(fast.controls).toStrictEqual(exhaustive.controls);
      expect(Object.is(fast.maxRange, exhaustive.maxRange)).toBe(true);
      expect(fast.missDistance).toBe(exhaustive.missDistance);
      expect(fast.evaluations).toBeLessThanOrEqual(exhaustive.evaluations);
    });
  }
});
