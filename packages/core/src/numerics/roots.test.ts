import { describe, expect, it } from 'vitest';
import { bisect, bisectScreened, secantRoot } from './roots.ts';

/** f, counting its calls. */
function counted(f: (x: number) => number): { f: (x: number) => number; calls: () => number } {
  let n = 0;
  return { f: (x) => (n++, f(x)), calls: () => n };
}

// increasing, decreasing, steep, flat-ended, and one with no root in the bracket
const cases: Array<{ name: string; f: (x: number) => number; a: number; b: number; tol: number }> = [
  { name: 'cubic', f: (x) => x ** 3 - 2, a: 0, b: 3, tol: 1e-9 },
  { name: 'decreasing', f: (x) => Math.cos(x) - x, a: 0, b: 1.5, tol: 1e-7 },
  { name: 'steep near its root', f: (x) => Math.tan(x) - 1e3, a: 1, b: Math.PI / 2 - 1e-9, tol: 1e-12 },
  { name: 'range-like (km, saturating)', f: (x) => 20000 * (1 - Math.exp(-3 * x)) - 9321.5, a: 0.02, b: 1, tol: 1e-5 },
  { name: 'no root: below throughout', f: (x) => x - 5, a: 0, b: 1, tol: 1e-4 },
  { name: 'no root: above throughout', f: (x) => x + 5, a: 0, b: 1, tol: 1e-4 },
];

describe('bisectScreened: bisect, bit for bit, with a screen', () => {
  for (const c of cases) {
    it(`${c.name}: same answer with a good screen, with fewer calls of f`, () => {
      const exhaustive = bisect(c.f, c.a, c.b, c.tol);
      const g = counted(c.f);
      // an estimate off by up to half the margin, differently at every point
      const margin = 1e-3;
      const screened = bisectScreened(g.f, (x) => c.f(x) + 0.5 * margin * Math.sin(1e4 * x), margin, c.a, c.b, c.tol);
      expect(Object.is(screened, exhaustive)).toBe(true);
      const h = counted(c.f);
      bisect(h.f, c.a, c.b, c.tol);
      expect(g.calls()).toBeLessThan(h.calls());
    });

    it(`${c.name}: same answer with a screen wrong by more than its margin, or none (NaN)`, () => {
      const exhaustive = bisect(c.f, c.a, c.b, c.tol);
      const mid = 0.5 * (c.a + c.b);
      for (const estimate of [
        (x: number) => -c.f(x),
        (x: number) => c.f(x) + (x < mid ? 1e9 : -1e9),
        (x: number) => c.f(x - 0.1 * (c.b - c.a)),
        () => NaN,
      ]) {
        expect(Object.is(bisectScreened(c.f, estimate, 1e-6, c.a, c.b, c.tol), exhaustive)).toBe(true);
      }
    });
  }
});

describe('secantRoot', () => {
  it('follows a root to the tolerance in a few evaluations from a near guess, with the slope there', () => {
    const f = (x: number): number => 20000 * (1 - Math.exp(-3 * x)) - 9321.5;
    const g = counted(f);
    const { x, slope } = secantRoot(g.f, 0.02, 1, 0.2, 1e-3);
    expect(Math.abs(f(x))).toBeLessThanOrEqual(1e-3);
    expect(g.calls()).toBeLessThan(10);
    expect(slope).toBeCloseTo(60000 * Math.exp(-3 * x), 0);
  });

  it('keeps inside the bracket where f is infinite beyond a point (an orbit), and returns the end when there is no root', () => {
    const f = (x: number): number => (x > 0.9 ? Infinity : 1e4 * x - 8999);
    expect(Math.abs(f(secantRoot(f, 0, 1, 0.95, 1e-6).x))).toBeLessThanOrEqual(1e-6);
    expect(secantRoot((x) => x - 5, 0, 1, 0.5, 1e-9).x).toBeCloseTo(1, 9);
    expect(secantRoot((x) => x + 5, 0, 1, 0.5, 1e-9).x).toBeCloseTo(0, 9);
  });
});
