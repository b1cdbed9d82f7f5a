import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tleChecksum } from '@golden-dome/core';
import { main } from '../src/main.ts';

async function dome(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Two-line element sets for a Walker shell (near-circular), epoch 2026-01-01T00:00Z, with valid checksums. */
function walkerTle(altitudeKm: number, incDeg: number, total: number, planes: number, phasing: number): string {
  const mu = 3.986004418e14;
  const a = 6378137 + altitudeKm * 1000;
  const revPerDay = (Math.sqrt(mu / a ** 3) * 86400) / (2 * Math.PI);
  const per = total / planes;
  const lines: string[] = [];
  for (let p = 0; p < planes; p++) {
    for (let j = 0; j < per; j++) {
      const num = String(10000 + p * per + j).padStart(5, '0');
      const raan = (360 * p) / planes;
      const u = ((360 * j) / per + (360 * phasing * p) / total) % 360;
      const l1 = `1 ${num}U 26001A   26001.00000000  .00000000  00000-0  00000-0 0  999`;
      const l2 = `2 ${num} ${incDeg.toFixed(4).padStart(8)} ${raan.toFixed(4).padStart(8)} 0000100   0.0000 ${u.toFixed(4).padStart(8)} ${revPerDay.toFixed(8).padStart(11)}    1`;
      lines.push(`SAT-${num}`, l1 + tleChecksum(l1), l2 + tleChecksum(l2));
    }
  }
  return `${lines.join('\n')}\n`;
}

const common = [
  '--missile',
  'notional-solid-icbm',
  '--from',
  'sohae',
  '--toward',
  'Seattle',
  '--span-h',
  '12',
  '--launch-step-s',
  '120',
  '--json',
];

describe('dome reach', () => {
  it('counts interceptors in reach of a Walker shell over a day, with the absentee ratio, and writes the counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reach-'));
    const csv = join(dir, 'reach.csv');
    const r = await dome('reach', ...common, '--walker', '400:45:2400/40/1', '--out', csv);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.satellites).toBe(2400);
    expect(j.launch_times).toBe(360);
    expect(j.absentee_ratio).toBeCloseTo(2400 / j.in_reach.mean, 6);
    expect(j.in_reach.min).toBeLessThanOrEqual(j.in_reach.median);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(361);
    const mean = rows.slice(1).reduce((s, l) => s + Number(l.split(',')[1]), 0) / 360;
    expect(mean).toBeCloseTo(j.in_reach.mean, 9);
  });

  it('turns a wanted kill probability and a single-shot Pk into interceptors per missile', async () => {
    const r = await dome('reach', ...common, '--walker', '400:45:2400/40/1', '--kill-probability', '0.9', '--pk', '0.7');
    const j = JSON.parse(r.out);
    expect(j.salvo.per_missile).toBe(2); // 1 - 0.3^2 = 0.91 >= 0.9 > 0.7
    expect(j.salvo.required).toBe(2);
    const both = await dome('reach', ...common, '--walker', '400:45:2400/40/1', '--kill-probability', '0.9');
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--kill-probability and --pk go together/);
    const clash = await dome(
      'reach',
      ...common,
      '--walker',
      '400:45:2400/40/1',
      '--kill-probability',
      '0.9',
      '--pk',
      '0.7',
      '--per-missile',
      '3',
    );
    expect(clash.err).toMatch(/not both/);
  });

  it('reads a TLE file as a stand-in constellation: the same shell as TLEs gives the same coverage', async () => {
    // SGP4 mean elements differ from the Walker shell's by the Kozai/Brouwer mean-motion convention
    // (~1 km in a) and e = 1e-4, so the counts agree statistically rather than exactly: 10 %.
    const dir = mkdtempSync(join(tmpdir(), 'tle-'));
    const file = join(dir, 'shell.tle');
    writeFileSync(file, walkerTle(400, 45, 2400, 40, 1));
    const walker = JSON.parse((await dome('reach', ...common, '--walker', '400:45:2400/40/1')).out);
    const r = await dome('reach', ...common, '--tle', file, '--epoch', '2026-01-01T00:00:00Z');
    expect(r.err).toBe('');
    const tle = JSON.parse(r.out);
    expect(tle.satellites).toBe(2400);
    expect(tle.constellation.kind).toBe('tle');
    expect(Math.abs(tle.in_reach.mean / walker.in_reach.mean - 1)).toBeLessThan(0.1);
  });

  it('refuses a bad TLE line with its line number, and other bad input, with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tle-'));
    const bad = join(dir, 'bad.tle');
    const text = walkerTle(400, 45, 4, 2, 1).split('\n');
    text[4] = text[4].slice(0, 20) + 'X' + text[4].slice(21); // corrupt line 5 (the second set's line 1)
    writeFileSync(bad, text.join('\n'));
    const r = await dome('reach', ...common, '--tle', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5`));
    for (const [args, msg] of [
      [['--tle', join(dir, 'missing.tle')], /cannot read file \(ENOENT\)/],
      [['--walker', '400:45:2401/40/1'], /whole multiple of the planes/],
      [['--walker', '400-45'], /must look like ALT_KM:INC_DEG:T\/P\/F/],
      [['--walker', '400:45:2400/40/1', '--tle', bad], /one of them/],
      [[], /one of them/],
    ] as const) {
      const x = await dome('reach', ...common, ...args);
      expect(x.code).toBe(2);
      expect(x.err).toMatch(msg);
    }
  });
});
