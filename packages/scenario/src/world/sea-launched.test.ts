import { describe, expect, it } from 'vitest';
import { type CoalitionPolicy, earthAngle, ecefToGeodetic, greatCircleDistance, pathFromSamples, toEcef } from '@golden-dome/core';
import { loadPolicies } from '../policy/policy-loader.ts';
import { buildWorld, type RaidMissile } from './build-world.ts';

// Sea-launched cruise missiles off the US East Coast: a Kalibr-class (3M-14) and the 3M22 Zircon-class stand-in.
const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;
const DEG = Math.PI / 180;
const world = (raid: RaidMissile[]) => buildWorld({ epoch: '2029-01-01T00:00:00Z', policy: norad, raid, radars: [], batteries: [] });
const nyc = { id: 'new-york', nation: 'US' };

describe('sea-launched cruise missiles', () => {
  it('a Kalibr-class missile flies 1,170 km at 50 m and 250 m/s; the Zircon stand-in flies at 28 km and 2,400 m/s', () => {
    const w = world([
      { id: 'kalibr', type: 'kalibr-3m14', from: '42,-60', to: 'New York City', target: nyc, launchTime: 0 },
      { id: 'zircon', type: 'zircon-3m22-standin', from: '40,-66', to: 'New York City', target: nyc, launchTime: 0 },
    ]);
    const profile = (id: string) => {
      const o = w.objects.find((x) => x.missile === id);
      if (!o) throw new Error(id);
      const path = pathFromSamples(o.flight);
      let top = 0,
        cruise: number[] = [];
      for (let t = 0; t <= o.impactTime; t += 5) {
        const eci = path.position(t, new Float64Array(3)),
          e = new Float64Array(3);
        toEcef(earthAngle(w.earth, t), eci[0], eci[1], eci[2], e);
        const h = ecefToGeodetic(e[0], e[1], e[2], new Float64Array(3))[2];
        top = Math.max(top, h);
        cruise.push(h);
      }
      cruise = cruise.slice(Math.floor(cruise.length / 3), Math.floor((2 * cruise.length) / 3)); // the middle third
      return { top, cruise, time: o.impactTime, site: w.missiles.find((m) => m.id === id)?.site };
    };
    const k = profile('kalibr'),
      z = profile('zircon');
    for (const h of k.cruise) expect(h).toBeCloseTo(50, -1);
    // a 700 km flight: the climb (300 m/s, easing in over the last few km) and the 60 km dive take much
    // of it; it reaches its cruise altitude and holds it at mid-flight
    expect(z.top).toBeCloseTo(28_000, -2);
    expect(z.cruise[Math.floor(z.cruise.length / 2)]).toBeCloseTo(28_000, -2);
    // flight time against the route length at cruise speed (hand computation on the sphere; the climb,
    // turn onto course and dive add a few per cent)
    const route = (from: [number, number]) => greatCircleDistance(from[0] * DEG, from[1] * DEG, 40.714 * DEG, -74.006 * DEG);
    expect(k.time / (route([42, -60]) / 250)).toBeGreaterThan(0.98);
    expect(k.time / (route([42, -60]) / 250)).toBeLessThan(1.03);
    expect(z.time / (route([40, -66]) / 2400)).toBeGreaterThan(0.98);
    expect(z.time / (route([40, -66]) / 2400)).toBeLessThan(1.1);
  });

  it('refuses a target beyond the claimed range (Kalibr 1,500 km, Zircon 1,000 km)', () => {
    expect(() => world([{ id: 'k', type: 'kalibr-3m14', from: '45,-55', to: 'New York City', target: nyc, launchTime: 0 }])).toThrow(
      /beyond the missile's range of 1500 km/,
    );
    expect(() =>
      world([{ id: 'z', type: 'zircon-3m22-standin', from: '42,-60', to: 'New York City', target: nyc, launchTime: 0 }]),
    ).toThrow(/beyond the missile's range of 1000 km/);
  });
});
