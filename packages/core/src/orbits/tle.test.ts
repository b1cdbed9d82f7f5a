import { describe, expect, it } from 'vitest';
import { elementsToState } from './kepler.ts';
import { parseTle, tleChecksum, tleMeanElements, TleParseError, tleStateAtMinutes, tleStates } from './tle.ts';

// Vallado's SGP4 verification case 00005 (Vanguard 1; SGP4-VER.TLE) and its published TEME states
// in km and km/s at 0 and 360 min (tcppver.out, the verification output of Vallado, Crawford, Hujsak
// & Kelso, "Revisiting Spacetrack Report #3", AIAA 2006-6753; as distributed e.g. in
// brandon-rhodes/python-sgp4, sgp4/tcppver.out).
const L1 = '1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753';
const L2 = '2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667';
const PUBLISHED: Array<[number, number[]]> = [
  [0, [7022.46529266, -1400.08296755, 0.03995155, 1.893841015, 6.405893759, 4.53480725]],
  [360, [-7154.03120202, -3783.17682504, -3536.19412294, 4.741887409, -4.151817765, -2.093935425]],
];

describe('SGP4 through satellite.js', () => {
  it('reproduces Vallado test case 00005 at t = 0 and 360 min (published to 1e-8 km, 1e-9 km/s)', () => {
    const { satellites } = parseTle(`${L1}\n${L2}\n`);
    expect(satellites).toHaveLength(1);
    const s = new Float64Array(6);
    for (const [minutes, ref] of PUBLISHED) {
      expect(tleStateAtMinutes(satellites[0], minutes, s)).toBeNull();
      // metres: the published figures are rounded to 1e-5 m and 1e-6 m/s
      for (let c = 0; c < 3; c++) expect(Math.abs(s[c] - ref[c] * 1e3)).toBeLessThan(1e-3);
      for (let c = 3; c < 6; c++) expect(Math.abs(s[c] - ref[c] * 1e3)).toBeLessThan(1e-5);
    }
  });

  it('reads the epoch (2000 day 179.78495062 = 2000-06-27T18:50:19.7336Z) and propagates to absolute epochs', () => {
    const [sat] = parseTle(`VANGUARD 1\n${L1}\n${L2}`).satellites;
    expect(sat.name).toBe('VANGUARD 1');
    expect(sat.catalogNumber).toBe('00005');
    expect(Math.abs(sat.epochMs - (Date.UTC(2000, 5, 27, 18, 50, 19, 733) + 0.568))).toBeLessThan(1e-3);
    const out = new Float64Array(12);
    const failures = tleStates([sat, sat], sat.epochMs + 360 * 60_000, out);
    expect(failures).toEqual([]);
    expect(Math.abs(out[6] - PUBLISHED[1][1][0] * 1e3)).toBeLessThan(1e-3);
  });

  it('gives SGP4 mean elements usable by the J2-secular propagator (within SGP4 periodic terms, ~tens of km)', () => {
    const [sat] = parseTle(`${L1}\n${L2}`).satellites;
    const s = elementsToState(tleMeanElements(sat));
    const d = Math.hypot(s[0] - PUBLISHED[0][1][0] * 1e3, s[1] - PUBLISHED[0][1][1] * 1e3, s[2] - PUBLISHED[0][1][2] * 1e3);
    expect(d).toBeLessThan(30e3);
  });
});

describe('TLE text errors', () => {
  it('computes the modulo-10 checksum (digits, minus = 1)', () => {
    expect(tleChecksum(L1)).toBe(3);
    expect(tleChecksum(L2)).toBe(7);
  });

  it('lists every bad line with its line number and what is wrong', () => {
    const text = [
      'GOOD ONE',
      L1,
      L2,
      '',
      L1.slice(0, 68) + '9', // wrong checksum
      L2,
      L1,
      L2.slice(0, 40), // truncated line 2
      L2, // line 2 alone
      '0 MISMATCH',
      L1,
      L2.replace('2 00005', '2 00006').slice(0, 68) + String(tleChecksum(L2.replace('2 00005', '2 00006'))),
      'ORPHAN NAME',
    ].join('\n');
    let err: unknown;
    try {
      parseTle(text, { source: 'constellation.tle' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TleParseError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^5 problems in two-line element set constellation.tle:/);
    expect(msg).toContain('constellation.tle:5: line 1 checksum is 9 but the line sums to 3');
    expect(msg).toContain('constellation.tle:8: line 2 has 40 characters, expected 69');
    expect(msg).toContain('constellation.tle:9: line 2 without a preceding line 1');
    expect(msg).toContain("constellation.tle:12: satellite number '00006' in line 2 differs from '00005' in line 1");
    expect(msg).toContain("constellation.tle:13: name line 'ORPHAN NAME' is not followed by a line 1");
    expect((err as TleParseError).issues.map((i) => i.line)).toEqual([5, 8, 9, 12, 13]);
    // lenient: the good set is kept
    const r = parseTle(text, { lenient: true });
    expect(r.satellites.map((s) => s.name)).toEqual(['GOOD ONE']);
    expect(r.issues).toHaveLength(5);
  });

  it('names the column and field of a malformed number', () => {
    const badEcc = L2.slice(0, 26) + '.185966' + L2.slice(33, 68);
    const badInc = L2.slice(0, 8) + '234.2682' + L2.slice(16, 68);
    const text = `${L1}\n${badEcc}${tleChecksum(badEcc)}\n${L1}\n${badInc}${tleChecksum(badInc)}\n`;
    const { issues } = parseTle(text, { lenient: true });
    expect(issues).toEqual([
      { line: 2, message: "line 2 columns 27-33: eccentricity '.185966' is not 7 digits (implied leading decimal point)" },
      { line: 4, message: 'line 2 columns 9-16: inclination [deg] 234.2682 is out of range (0-180)' },
    ]);
  });

  it('reports a line 1 without its line 2, and lines that are too long to be names', () => {
    const { issues, satellites } = parseTle(`${L1}\nNOT A LINE 2\n${'x'.repeat(80)}\n0 STARLINK-1\n${L1}\n${L2}\n`, { lenient: true });
    expect(satellites.map((x) => x.name)).toEqual(['STARLINK-1']);
    expect(issues).toEqual([
      { line: 1, message: 'line 1 of \'00005\' is not followed by its line 2 (a line starting "2 ")' },
      { line: 2, message: 'name line \'NOT A LINE 2\' is not followed by a line 1 (a line starting "1 ")' },
      { line: 3, message: 'not a two-line element line (expected a name of at most 69 characters, "1 ..." or "2 ...")' },
    ]);
  });

  it('reports element sets SGP4 cannot start from', () => {
    const l2 = '2 00005  34.2682 348.7242 9999999 331.7664  19.3264 10.82419157413667';
    const fixed = l2.slice(0, 68) + String(tleChecksum(l2));
    expect(() => parseTle(`${L1}\n${fixed}`, { source: 'x.tle' })).toThrow(
      /x.tle:1: SGP4 cannot start from this element set \(satellite.js error 4/,
    );
  });
});
