import { describe, expect, it } from 'vitest';
import { type AtmosphereState, us76, us76Density } from './us76.ts';

const state = (): AtmosphereState => ({ temperatureK: 0, pressurePa: 0, densityKgM3: 0, speedOfSoundMS: 0 });

describe('US Standard Atmosphere 1976', () => {
  // US76 Table I at geometric altitudes (NOAA-S/T 76-1562): z [m], T [K], p [Pa], rho [kg/m^3].
  // The table prints 5 significant figures; the 80-86 km molecular-weight correction we neglect is
  // < 0.04 %. Tolerance 0.05 % on p and rho, 0.01 K on T below 80 km.
  const table: Array<[number, number, number, number]> = [
    [0, 288.15, 101325, 1.225],
    [10000, 223.252, 26500, 0.41351],
    [20000, 216.65, 5529.3, 0.08891],
    [30000, 226.509, 1197, 0.01841],
    [40000, 250.35, 287.14, 3.9957e-3],
    [50000, 270.65, 79.779, 1.0269e-3],
  ];
  it.each(table)('at %d m matches Table I', (z, t, p, rho) => {
    const s = us76(z, state());
    expect(s.temperatureK).toBeCloseTo(t, 2);
    expect(Math.abs(s.pressurePa / p - 1)).toBeLessThan(5e-4);
    expect(Math.abs(s.densityKgM3 / rho - 1)).toBeLessThan(5e-4);
  });

  it('gives the sea-level speed of sound, 340.294 m/s', () => {
    expect(us76(0, state()).speedOfSoundMS).toBeCloseTo(340.294, 2);
  });

  it('joins the defining equations to the upper table continuously at 86 km', () => {
    const below = us76Density(86000 - 1e-6);
    const above = us76Density(86000);
    expect(Math.abs(above / below - 1)).toBeLessThan(1e-3);
  });

  it('above 86 km is exact at the table nodes and falls monotonically to vacuum at 1000 km', () => {
    expect(us76Density(100e3)).toBeCloseTo(5.604e-7, 12);
    expect(us76Density(400e3)).toBeCloseTo(2.803e-12, 17);
    expect(us76(120e3, state()).temperatureK).toBeCloseTo(360, 6); // US76 T at 120 km
    let prev = Infinity;
    for (let z = 0; z < 1000e3; z += 2500) {
      const rho = us76Density(z);
      expect(rho).toBeLessThan(prev);
      prev = rho;
    }
    expect(us76Density(1000e3)).toBe(0);
  });
});
