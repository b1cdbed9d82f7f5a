import { describe, expect, it } from 'vitest';
import { DEG, WGS84_A } from '../constants.ts';
import { elementsToState, stateToElements } from './kepler.ts';
import { propagateJ2Secular } from './j2-secular.ts';
import { NumericalPropagator } from './numerical-propagator.ts';

describe('numerical propagator', () => {
  it('without J2 returns to its start after one period (Kepler), with J2 its node drifts as the secular model says', () => {
    const el = { a: WGS84_A + 700e3, e: 0.001, i: 60 * DEG, raan: 0.3, argp: 0.2, nu: 0 };
    const period = 2 * Math.PI * Math.sqrt(el.a ** 3 / 3.986004418e14);
    const s = elementsToState(el);
    const start = s.slice();
    new NumericalPropagator({ j2: 0 }).propagate(s, 0, period);
    // rtol 1e-11 over one revolution: well under a metre
    expect(Math.hypot(s[0] - start[0], s[1] - start[1], s[2] - start[2])).toBeLessThan(1);
    // one day with J2: the osculating node oscillates (short-period terms of ~0.01 deg at this
    // altitude) about the secular drift; 0.05 deg covers the oscillation, while the drift itself is ~-2.2 deg
    const day = 86400;
    const y = elementsToState(el);
    new NumericalPropagator().propagate(y, 0, day);
    const num = stateToElements(y).raan;
    const sec = propagateJ2Secular(el, day).raan;
    const wrap = (x: number): number => Math.atan2(Math.sin(x), Math.cos(x));
    expect(Math.abs(wrap(sec - el.raan)) / DEG).toBeGreaterThan(1);
    expect(Math.abs(wrap(num - sec)) / DEG).toBeLessThan(0.05);
  });
});
