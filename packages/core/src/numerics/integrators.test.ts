import { describe, expect, it } from 'vitest';
import { J2_EARTH, MU_EARTH, WGS84_A } from '../constants.ts';
import { gravityJ2, potentialJ2 } from '../gravity/j2.ts';
import { elementsToState, j2NodalRate, orbitalPeriod, propagateKepler, stateToElements, timeSincePeriapsis } from '../orbits/kepler.ts';
import { Dopri5 } from './dopri5.ts';
import type { Derivative, EventDetector } from './ode.ts';
import { Rk4 } from './rk4.ts';

const twoBody: Derivative = (_t, y, dy) => {
  dy[0] = y[3];
  dy[1] = y[4];
  dy[2] = y[5];
  gravityJ2(y[0], y[1], y[2], dy, 3, 0);
};
const withJ2: Derivative = (_t, y, dy) => {
  dy[0] = y[3];
  dy[1] = y[4];
  dy[2] = y[5];
  gravityJ2(y[0], y[1], y[2], dy, 3, J2_EARTH);
};
const energy = (y: Float64Array, j2: number): number => 0.5 * (y[3] ** 2 + y[4] ** 2 + y[5] ** 2) + potentialJ2(y[0], y[1], y[2], j2);

// An ICBM-like ellipse: perigee radius near the Earth's surface, apogee 1,300 km altitude.
const ellipse = { a: (WGS84_A + 100e3 + WGS84_A + 1300e3) / 2, e: 0, i: 1.0, raan: 0.3, argp: 0.7, nu: 0.2 };
ellipse.e = (WGS84_A + 1300e3 - ellipse.a) / ellipse.a;

describe('Dopri5 against Kepler closed forms', () => {
  it('matches the Kepler-equation solution at many times along an elliptic orbit', () => {
    const y = elementsToState(ellipse);
    const dp = new Dopri5(6, { rtol: 1e-11, atol: 1e-6 });
    const T = orbitalPeriod(ellipse.a);
    let t = 0;
    let worst = 0;
    for (let k = 1; k <= 10; k++) {
      const tNext = (k * T) / 10;
      dp.integrate(twoBody, t, y, tNext);
      t = tNext;
      const exact = elementsToState(propagateKepler(ellipse, t));
      worst = Math.max(worst, Math.hypot(y[0] - exact[0], y[1] - exact[1], y[2] - exact[2]));
    }
    // rtol 1e-11 on positions of ~7e6 m is ~1e-4 m per step; over ~100 steps the global error
    // stays below a centimetre. 1 cm is 100x the expected value and 1e-9 of the orbit size.
    expect(worst).toBeLessThan(0.01);
  });

  it('dense output interpolates within the step to the order of the method', () => {
    const y = elementsToState(ellipse);
    const dp = new Dopri5(6, { rtol: 1e-10, atol: 1e-6, hMax: 120 });
    const samples: Array<[number, number]> = [];
    const probe = new Float64Array(6);
    dp.integrate(twoBody, 0, y, 3000, [], (t) => {
      const tm = dp.lastStepStart + 0.37 * dp.lastStepSize; // inside the step just taken
      expect(t).toBeCloseTo(dp.lastStepStart + dp.lastStepSize, 6);
      dp.dense(tm, probe);
      const exact = elementsToState(propagateKepler(ellipse, tm));
      samples.push([tm, Math.hypot(probe[0] - exact[0], probe[1] - exact[1], probe[2] - exact[2])]);
    });
    expect(samples.length).toBeGreaterThan(10);
    // Shampine's 4th-order interpolant: error ~ h^5 |y^(5)| ~ well under a metre for 120 s steps in LEO
    // (the 5th derivative scales as v n^4 ~ 7.5e3 * (1.1e-3)^4 = 1e-8 m/s^5; 120^5 * 1e-8 = 0.25 m).
    for (const [, err] of samples) expect(err).toBeLessThan(1.0);
  });

  it('locates apogee at half a period after perigee (event on r.v falling through zero)', () => {
    const start = { ...ellipse, nu: 0 };
    const y = elementsToState(start);
    const apogee: EventDetector = { name: 'apogee', direction: -1, terminal: true, g: (_t, s) => s[0] * s[3] + s[1] * s[4] + s[2] * s[5] };
    const res = new Dopri5(6, { rtol: 1e-11, atol: 1e-6 }).integrate(twoBody, 0, y, 1e5, [apogee]);
    expect(res.stoppedBy).toBe('apogee');
    // The root finder converges to 1e-9 s; the integration error in r.v near apogee is ~1e-3 m^2/s
    // against a slope of ~v^2 ~ 4e7 m^2/s^2 per second: a timing error ~1e-10 s. 1 ms is generous.
    expect(res.t).toBeCloseTo(orbitalPeriod(start.a) / 2, 3);
    expect(Math.hypot(y[0], y[1], y[2])).toBeCloseTo(start.a * (1 + start.e), 1);
  });

  it('locates an altitude crossing at the time Kepler gives (time of flight on a conic)', () => {
    const start = { ...ellipse, nu: 0.1 };
    const y = elementsToState(start);
    const rCross = WGS84_A + 800e3;
    const crossing: EventDetector = { name: 'up-800km', direction: 1, terminal: true, g: (_t, s) => Math.hypot(s[0], s[1], s[2]) - rCross };
    const res = new Dopri5(6, { rtol: 1e-11, atol: 1e-6 }).integrate(twoBody, 0, y, 1e5, [crossing]);
    // true anomaly where r = rCross on the outbound leg: r = p/(1 + e cos nu)
    const p = start.a * (1 - start.e ** 2);
    const nuCross = Math.acos((p / rCross - 1) / start.e);
    const tof = timeSincePeriapsis(start.a, start.e, nuCross) - timeSincePeriapsis(start.a, start.e, start.nu);
    expect(res.stoppedBy).toBe('up-800km');
    expect(Math.abs(res.t - tof)).toBeLessThan(1e-4); // same reasoning as the apogee test: ~1e-9 s expected
  });

  it('conserves energy with J2 off and with J2 on (both conservative fields in an inertial frame)', () => {
    for (const [f, j2] of [
      [twoBody, 0],
      [withJ2, J2_EARTH],
    ] as const) {
      const y = elementsToState(ellipse);
      const e0 = energy(y, j2);
      new Dopri5(6, { rtol: 1e-11, atol: 1e-6 }).integrate(f, 0, y, 5 * orbitalPeriod(ellipse.a));
      // Specific energy ~ -2.9e7 J/kg; rtol 1e-11 per step gives a drift ~1e-9 relative over 5 orbits.
      expect(Math.abs((energy(y, j2) - e0) / e0)).toBeLessThan(1e-8);
    }
  });

  it('reproduces the secular J2 nodal regression rate (Vallado eq. 9-41)', () => {
    // 700 km circular orbit at 50 deg: measure the node at successive ascending-node crossings
    // (the event z = 0 rising), which removes the short-period terms within each revolution.
    const el = { a: WGS84_A + 700e3, e: 0.0005, i: 50 * (Math.PI / 180), raan: 0, argp: 0, nu: -0.001 };
    const node: EventDetector = { name: 'node', direction: 1, g: (_t, s) => s[2] };
    const nodes: Array<[number, number]> = [];
    const y2 = elementsToState(el);
    const dp = new Dopri5(6, { rtol: 1e-11, atol: 1e-6 });
    let t = 0;
    const stopAtNode: EventDetector = { ...node, terminal: true };
    while (t < 86400) {
      const r = dp.integrate(withJ2, t, y2, 86400, [stopAtNode]);
      if (r.stoppedBy !== 'node') break;
      nodes.push([r.t, Math.atan2(y2[1], y2[0])]);
      t = r.t + 1; // step past the crossing before looking for the next one
      dp.integrate(withJ2, r.t, y2, t);
    }
    expect(nodes.length).toBeGreaterThan(13);
    const [t0, l0] = nodes[0];
    const [t1, l1] = nodes[nodes.length - 1];
    const measured = (l1 - l0) / (t1 - t0);
    const theory = j2NodalRate(el.a, el.e, el.i, J2_EARTH, WGS84_A);
    // The formula is first order in J2 and uses mean elements; our osculating a differs from the mean a
    // by O(J2) ~ 1e-3 relative, and the neglected second-order terms are O(J2) too: 1 % is ~5x that.
    expect(Math.abs(measured / theory - 1)).toBeLessThan(0.01);
  });
});

describe('Rk4', () => {
  it('converges at fourth order (halving h divides the error by ~16)', () => {
    const T = orbitalPeriod(ellipse.a);
    const exact = elementsToState(propagateKepler(ellipse, T / 4));
    const err = (h: number): number => {
      const y = elementsToState(ellipse);
      const steps = Math.round(T / 4 / h);
      const rk = new Rk4(6);
      for (let k = 0; k < steps; k++) rk.step(twoBody, k * h, y, T / 4 / steps);
      return Math.hypot(y[0] - exact[0], y[1] - exact[1], y[2] - exact[2]);
    };
    const ratio = err(20) / err(10);
    // Asymptotic ratio 2^4 = 16; at these step sizes higher-order terms move it by a few percent.
    expect(ratio).toBeGreaterThan(14);
    expect(ratio).toBeLessThan(18);
  });

  it('locates events on its Hermite dense output', () => {
    const start = { ...ellipse, nu: 0 };
    const y = elementsToState(start);
    const apogee: EventDetector = { name: 'apogee', direction: -1, terminal: true, g: (_t, s) => s[0] * s[3] + s[1] * s[4] + s[2] * s[5] };
    const res = new Rk4(6).integrate(twoBody, 0, y, 1e5, 1, [apogee]);
    expect(res.stoppedBy).toBe('apogee');
    // RK4 with dt = 1 s is accurate to ~1e-6 m over this arc; the cubic Hermite interpolant's
    // timing error is ~h^4 |y''''| / |d(r.v)/dt| ~ 1e-6 s. 1 ms allows for both with margin.
    expect(Math.abs(res.t - orbitalPeriod(start.a) / 2)).toBeLessThan(1e-3);
  });

  it('validates its step', () => {
    expect(() => new Rk4(6).integrate(twoBody, 0, new Float64Array(6), 10, 0)).toThrow(/step must be positive/);
  });
});

describe('Kepler closed forms', () => {
  it('round-trips elements and state, and obeys vis-viva', () => {
    const s = elementsToState(ellipse);
    const back = stateToElements(s);
    expect(back.a).toBeCloseTo(ellipse.a, 3);
    expect(back.e).toBeCloseTo(ellipse.e, 12);
    expect(back.i).toBeCloseTo(ellipse.i, 12);
    expect(back.raan).toBeCloseTo(ellipse.raan, 12);
    expect(back.argp).toBeCloseTo(ellipse.argp, 10);
    expect(back.nu).toBeCloseTo(ellipse.nu, 10);
    const r = Math.hypot(s[0], s[1], s[2]);
    expect(Math.hypot(s[3], s[4], s[5])).toBeCloseTo(Math.sqrt(MU_EARTH * (2 / r - 1 / ellipse.a)), 6);
  });
});
