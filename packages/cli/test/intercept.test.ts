import { describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';

async function dome(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// A fighter at 50 N, 80 W: 300 s to wheels up, climbs to 10 km at 100 m/s covering 200 m/s, dashes at 500 m/s.
const FIGHTER = ['--scramble-s', '300', '--climb-rate-m-s', '100', '--climb-speed-m-s', '200', '--dash-m-s', '500', '--radius-km', '1000'];
// a cruise missile 500 km due north (4.4966 deg of latitude on the 6,371 km sphere), flying south at 250 m/s
const TARGET = ['--from', '50,-80', '--target', '54.4966,-80', '--target-heading-deg', '180', '--target-speed-m-s', '250'];

describe('dome intercept', () => {
  it('scramble to intercept against a hand computation: 300 + 100 + 380 km / 750 m/s = 906.7 s, 273.3 km north', async () => {
    const r = await dome('intercept', ...TARGET, ...FIGHTER, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      intercept: {
        time_s: number;
        climb_s: number;
        dash_s: number;
        distance_from_base_km: number;
        at: { latitude_deg: number; longitude_deg: number };
      };
    };
    // by hand: the missile comes 400 s x 250 m/s = 100 km while the fighter waits and climbs 20 km north;
    // 380 km remain, closing at 750 m/s: 506.7 s; the fighter meets it 20 + 253.3 = 273.3 km north
    expect(j.intercept.climb_s).toBe(100);
    expect(j.intercept.dash_s).toBeCloseTo(506.7, 0);
    expect(j.intercept.time_s).toBeCloseTo(906.7, 0);
    expect(j.intercept.distance_from_base_km).toBeCloseTo(273.3, 0);
    expect(j.intercept.at.latitude_deg).toBeCloseTo(50 + 273.3 / 111.195, 2);
    expect(j.intercept.at.longitude_deg).toBeCloseTo(-80, 6);
    const text = await dome('intercept', ...TARGET, ...FIGHTER);
    expect(text.out).toMatch(/meets it 15\.1 min after the order \(300 s scramble \+ 100 s climb \+ 506\.7 s dash\)/);
  });

  it('says when there is no intercept inside the combat radius (exit 0)', async () => {
    const r = await dome('intercept', ...TARGET, ...FIGHTER.slice(0, -1), '100');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^no intercept: /);
  });

  it('refuses bad input with the flag named (exit 2)', async () => {
    const missing = await dome('intercept', ...TARGET);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^dome: --scramble-s is required/);
    const negative = await dome('intercept', ...TARGET, ...FIGHTER.map((x) => (x === '500' ? '0' : x)));
    expect(negative.code).toBe(2);
    expect(negative.err).toMatch(/--dash-m-s must be a number between 1 and 3000, got '0'/);
    const place = await dome('intercept', ...TARGET.map((x) => (x === '54.4966,-80' ? 'Nowhereville' : x)), ...FIGHTER);
    expect(place.code).toBe(2);
    expect(place.err).toMatch(/^dome: --target: unknown place 'Nowhereville'/);
    const flag = await dome('intercept', '--speed', '3');
    expect(flag.code).toBe(2);
  });
});
