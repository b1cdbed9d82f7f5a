import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimumEnergyArc, MU_EARTH, R_EARTH_MEAN } from '@golden-dome/core';
import { main } from '../src/main.ts';

async function dome(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('dome trajectory', () => {
  it('flies a Hwasong-17-class ICBM from Pyongyang onto Seattle (JSON for scripts)', async () => {
    const r = await dome('trajectory', '--missile', 'hwasong-17', '--from', 'pyongyang-sunan', '--to', 'Seattle', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.to.label).toMatch(/Seattle, Washington, US/);
    expect(j.miss_distance_m).toBeLessThan(5);
    // the flown ground range is the target distance (great circle, mean-radius sphere) to the miss
    expect(Math.abs(j.ground_range_km - j.target_distance_km)).toBeLessThan(0.1);
    // an ~8,000 km minimum-energy ICBM flight: ~30-40 min, apogee ~1,000-1,600 km, re-entry > 6 km/s
    expect(j.flight_time_s / 60).toBeGreaterThan(28);
    expect(j.flight_time_s / 60).toBeLessThan(42);
    expect(j.apogee_km).toBeGreaterThan(900);
    expect(j.apogee_km).toBeLessThan(1700);
    expect(j.reentry_speed_km_s).toBeGreaterThan(6);
    expect(j.burnout.time_s).toBeGreaterThan(100);
  });

  it('writes the state history to CSV, atomically, and refuses a folder that does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dome-'));
    const csv = join(dir, 'states.csv');
    const ok = await dome(
      'trajectory',
      '--missile',
      'hwasong-17',
      '--from',
      'pyongyang-sunan',
      '--to',
      'Anchorage',
      '--shape',
      'lofted',
      '--apogee-km',
      '3000',
      '--out',
      csv,
    );
    expect(ok.code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^t_s,lat_deg,lon_deg,alt_km/);
    expect(lines.length).toBeGreaterThan(50);
    const peak = Math.max(...lines.slice(1).map((l) => Number(l.split(',')[3])));
    expect(Math.abs(peak - 3000)).toBeLessThan(2); // the apogee constraint, seen in the written states
    // the plot beside it: altitude against time and against ground range, peaking at the apogee's 3,000 km
    expect(ok.out).toContain(`plot: ${join(dir, 'states.svg')}`);
    const svg = readFileSync(join(dir, 'states.svg'), 'utf8');
    expect(svg).toMatch(/^<svg /);
    for (const t of ['time since launch, s', 'ground range from launch, km', 'altitude, km']) expect(svg).toContain(`>${t}</text>`);
    expect(svg.match(/role-mark altitude_(time|range)_marks/g)?.length).toBe(2);
    expect(svg).toContain('>3,000</text>'); // an altitude tick at the apogee: the axis reaches it
    writeFileSync(join(dir, 'keep.csv'), 'precious');
    const bad = await dome(
      'trajectory',
      '--missile',
      'hwasong-17',
      '--from',
      'pyongyang-sunan',
      '--to',
      'Anchorage',
      '--out',
      join(dir, 'nope', 'x.csv'),
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/folder .*nope does not exist/);
    expect(readFileSync(join(dir, 'keep.csv'), 'utf8')).toBe('precious');
  });

  it('reconstructs the 2017 Hwasong-15 test from its apogee and range', async () => {
    const r = await dome('trajectory', '--fit-apogee-km', '4475', '--fit-range-km', '950', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    // closed form: ~7.2 km/s, ~9,900 km on a minimum-energy arc (see ballistic.test.ts for the hand figures)
    expect(j.ballistic_from_surface.speed_km_s).toBeCloseTo(7.19, 1);
    expect(Math.abs(j.ballistic_from_surface.min_energy_range_km / 9920 - 1)).toBeLessThan(0.01);
  });

  it('flies a glide vehicle, a FOBS from the south and a cruise missile', async () => {
    const glide = await dome('trajectory', '--missile', 'df-17', '--from', '40.0,116.0', '--to', 'Taipei', '--json');
    expect(glide.err).toBe('');
    expect(JSON.parse(glide.out).miss_distance_m).toBeLessThan(1000);
    const fobs = await dome(
      'trajectory',
      '--missile',
      'fobs',
      '--from',
      '40.96,100.3',
      '--to',
      'Washington, US',
      '--approach',
      'from-south',
      '--json',
    );
    expect(fobs.err).toBe('');
    const f = JSON.parse(fobs.out);
    const h = f.approach_heading_deg;
    expect(Math.min(h, 360 - h)).toBeLessThan(60); // heading north at the end: it came from the south
    expect(f.solution.azimuth_deg).toBeGreaterThanOrEqual(0); // a compass bearing, even the long way round
    expect(f.solution.azimuth_deg).toBeLessThan(360);
    const cm = await dome('trajectory', '--missile', 'kh-101', '--from', '69.0,33.0', '--to', '64.0,10.0', '--via', '71.0,20.0', '--json');
    expect(cm.err).toBe('');
    expect(JSON.parse(cm.out).miss_distance_m).toBeLessThan(200);
  });
});

describe('dome trajectory places (issue 14)', () => {
  it('--to Washington is the US capital, not Washington in England; Canadian cities print their province', async () => {
    const dc = await dome('trajectory', '--missile', 'hwasong-17', '--from', 'pyongyang-sunan', '--to', 'Washington', '--json');
    expect(dc.err).toBe('');
    expect(JSON.parse(dc.out).to.label).toBe('Washington, D.C., US');
    const to = await dome('trajectory', '--missile', 'hwasong-17', '--from', 'pyongyang-sunan', '--to', 'Toronto');
    expect(to.out).toMatch(/Toronto, Ontario, CA/);
    expect(to.out).not.toMatch(/Toronto, 08/);
  });
});

describe("dome trajectory: minimum energy is Kepler's minimum-energy arc (issue 14)", () => {
  // Every catalogued ICBM flown minimum-energy from Pyongyang to Seattle (8,257 km) on the real Earth.
  // Reference 1, sharp: the minimum-energy conic (Lambert, Bate-Mueller-White 5.4) from the flight's own
  // burnout point to its impact point, plus the boost time. Tolerance: apogee 1 %, flight time 2 %: J2
  // (~0.1 % of gravity) bends the free flight slightly and re-entry drag slows the last ~100 km
  // (seconds to tens of seconds); a depressed least-burn arc misses by >25 % (904 km for 1,466 km).
  // Reference 2, the textbook surface-to-surface arc (45 deg - Psi/4) over the inertial range, computed
  // here from the closed form: the boost is not in it, so the flown apogee lies above it by at most the
  // burnout altitude (the conic starts that much higher) and the flight time exceeds it by at most the
  // boost time plus 60 s of re-entry drag, and neither may fall below it by more than 2 %.
  const ICBMS = [
    'hwasong-14',
    'hwasong-15',
    'hwasong-17',
    'hwasong-18',
    'hwasong-19',
    'df-41',
    'rs-28',
    'notional-solid-icbm',
    'notional-liquid-icbm',
  ];
  it.each(ICBMS)('%s: apogee and flight time agree with the Kepler minimum-energy arc', async (id) => {
    const r = await dome('trajectory', '--missile', id, '--from', 'pyongyang-sunan', '--to', 'Seattle', '--json');
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    const k = j.kepler_min_energy;
    expect(Math.abs(j.apogee_km / k.from_burnout.apogee_km - 1)).toBeLessThan(0.01);
    expect(Math.abs(j.flight_time_s / k.from_burnout.flight_time_s - 1)).toBeLessThan(0.02);
    const textbook = minimumEnergyArc(k.from_surface.inertial_range_km * 1000, R_EARTH_MEAN);
    expect(Math.abs(k.from_surface.apogee_km - textbook.apogeeAltitude / 1000)).toBeLessThan(0.1);
    expect(j.apogee_km).toBeGreaterThan((0.98 * textbook.apogeeAltitude) / 1000);
    expect(j.apogee_km).toBeLessThan(textbook.apogeeAltitude / 1000 + j.burnout.altitude_km);
    expect(j.flight_time_s).toBeGreaterThan(0.98 * textbook.timeOfFlight);
    expect(j.flight_time_s).toBeLessThan(textbook.timeOfFlight + j.burnout.time_s + 60);
  });

  it('least-burn is a separate, flatter shape', async () => {
    const r = await dome(
      'trajectory',
      '--missile',
      'hwasong-17',
      '--from',
      'pyongyang-sunan',
      '--to',
      'Seattle',
      '--shape',
      'least-burn',
      '--json',
    );
    const j = JSON.parse(r.out);
    expect(j.miss_distance_m).toBeLessThan(5);
    expect(j.apogee_km).toBeLessThan(0.8 * j.kepler_min_energy.from_burnout.apogee_km);
  });

  it('a high-energy lofted test (Hwasong-19, 31 Oct 2024) fits without crashing: orbital-class, global reach', async () => {
    // KCNA: apogee 7,687.5 km, range 1,001.2 km, 5,156 s. From the surface that needs more than circular
    // speed (sqrt(mu/R) = 7.91 km/s), so the closed form has no ballistic maximum range.
    const r = await dome(
      'trajectory',
      '--fit-apogee-km',
      '7687.5',
      '--fit-range-km',
      '1001.2',
      '--from',
      'pyongyang-sunan',
      '--fit-azimuth-deg',
      '95',
      '--to',
      'Washington, US',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/same speed, minimum energy\s+orbital-class: global reach/);
    expect(r.out).toMatch(/longest reach towards \d+°\s+orbital-class: global reach/);
    const j = JSON.parse((await dome('trajectory', '--fit-apogee-km', '7687.5', '--fit-range-km', '1001.2', '--json')).out);
    expect(j.ballistic_from_surface.orbital_class).toBe(true);
    expect(j.ballistic_from_surface.speed_km_s * 1000).toBeGreaterThan(Math.sqrt(MU_EARTH / R_EARTH_MEAN));
    expect(j.ballistic_from_surface.flight_time_s).toBeGreaterThan(4000);
  });

  it('reports along-track reach beyond the great-circle cap (~20,015 km) for a near-orbital fit', async () => {
    const r = await dome(
      'trajectory',
      '--fit-apogee-km',
      '4475',
      '--fit-range-km',
      '950',
      '--from',
      'pyongyang-sunan',
      '--fit-azimuth-deg',
      '95',
      '--missile',
      'hwasong-15',
      '--to',
      'Washington, US',
      '--json',
    );
    const j = JSON.parse(r.out);
    expect(j.missile.orbital_class).toBe(false);
    expect(j.missile.min_energy_range_km).toBeGreaterThan((Math.PI * R_EARTH_MEAN) / 1000);
  });
});

describe('dome trajectory refuses bad input with a clear message and exit 2', () => {
  it.each([
    [
      ['trajectory', '--missile', 'hwasong-99', '--from', 'pyongyang-sunan', '--to', 'Seattle'],
      /unknown missile 'hwasong-99' \(did you mean 'hwasong-1/,
    ],
    [
      ['trajectory', '--missile', 'hwasong-17', '--from', 'pyongyang-sunan', '--to', 'Atlantisville'],
      /^dome: --to: unknown place 'Atlantisville' \(did you mean/,
    ],
    [
      ['trajectory', '--missile', 'hwasong-17', '--from', 'pyongyang-sunann', '--to', 'Seattle'],
      /^dome: --from: unknown place 'pyongyang-sunann' \(did you mean 'pyongyang-sunan'/,
    ],
    [
      ['trajectory', '--missile', 'hwasong-17', '--from', 'pyongyang-sunan', '--to', 'Washington, ZZ'],
      /^dome: --to: unknown place 'Washington, ZZ' \(did you mean 'Washington, D\.C\., US'/,
    ],
    [['trajectory', '--missile', 'hwasong-17', '--from', '95,10', '--to', 'Seattle'], /latitude 95 .* outside ±90°/],
    [
      ['trajectory', '--missile', 'hwasong-17', '--from', 'pyongyang-sunan', '--to', 'Seattle', '--apogee-km', 'high'],
      /--apogee-km must be a number/,
    ],
    [
      [
        'trajectory',
        '--missile',
        'hwasong-17',
        '--from',
        'pyongyang-sunan',
        '--to',
        'Seattle',
        '--shape',
        'min-energy',
        '--apogee-km',
        '2000',
      ],
      /use it with --shape lofted or depressed/,
    ],
    [
      ['trajectory', '--missile', 'hwasong-17', '--from', 'pyongyang-sunan', '--to', 'Seattle', '--shape', 'loopy'],
      /--shape must be one of/,
    ],
    [
      ['trajectory', '--missile', 'hwasong-17', '--from', 'pyongyang-sunan', '--to', 'Seattle', '--epoch', '2026-01-01T00:00:00'],
      /--epoch: .*time zone/,
    ],
    [['trajectory', '--missile', 'hwasong-17', '--from', 'pyongyang-sunan'], /--to is required/],
    [['trajectory', '--missile', 'hwasong-17', '--from', 'pyongyang-sunan', '--to', 'Seattle', '--bogus'], /Unknown option '--bogus'/],
    [['trajectory', '--missile', 'df-17', '--from', 'pyongyang-sunan', '--to', 'Seattle'], /out of range/],
    // (issue 14: the Hwasong-15's along-track reach now exceeds the 19,389 km to Buenos Aires, so the
    // out-of-range case uses the shorter-ranged Hwasong-14, ~10,400 km)
    [['trajectory', '--missile', 'hwasong-14', '--from', 'pyongyang-sunan', '--to', 'Buenos Aires'], /out of range: .* reaches/],
    [['trajectory', '--fit-apogee-km', '4475'], /go together/],
    [['fly'], /unknown command 'fly'/],
  ])('%j', async (argv, message) => {
    const r = await dome(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('the installed command exits non-zero without a stack trace', () => {
    const bin = resolve(__dirname, '..', 'bin', 'dome.mjs');
    const p = spawnSync(process.execPath, [bin, 'trajectory', '--missile', 'nope', '--from', '1,1', '--to', '2,2'], { encoding: 'utf8' });
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/^dome: unknown missile 'nope'/);
    expect(p.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('dome catalog', () => {
  it('lists threats, sites, interceptors and cost systems, and shows one entry with its sources', async () => {
    const r = await dome('catalog');
    expect(r.code).toBe(0);
    for (const id of ['hwasong-17', 'pyongyang-sunan', 'notional-sbi', 'sbi-cbo-2026']) expect(r.out).toContain(id);
    const one = await dome('catalog', '--id', 'notional-sbi', '--json');
    expect(JSON.parse(one.out).delta_v_m_s.source).toMatch(/model choice/);
    const bad = await dome('catalog', '--id', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/no catalog entry 'nope'/);
  });
});
