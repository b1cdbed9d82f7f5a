import { sgp4, twoline2satrec, type SatRec } from 'satellite.js';
import { eccentricAnomaly, trueFromEccentric, type KeplerElements } from './kepler.ts';
import { propagateJ2Secular } from './j2-secular.ts';

/**
 * Real constellations from two-line element sets, propagated with SGP4 through satellite.js
 * (Vallado, Crawford, Hujsak & Kelso, "Revisiting Spacetrack Report #3", AIAA 2006-6753). The
 * caller reads the file; this takes its text. Formats: plain two-line sets, and three-line sets
 * with a name line (optionally "0 NAME", as Space-Track writes them); blank lines are ignored.
 *
 * Units: satellite.js works in km, km/s and minutes; this edge converts once, to m, m/s and
 * epochs in ms since 1970 (UTC). States are in SGP4's TEME frame, which is the inertial frame of
 * this project (Earth-fixed = Rz(GMST) TEME, polar motion neglected; see geo/time.ts gmst).
 */

export interface TleIssue {
  /** 1-based line number in the text. */
  line: number;
  message: string;
}

/** A TLE text with problems: the message lists every issue as "source:line: what is wrong". */
export class TleParseError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly TleIssue[],
  ) {
    const shown = issues.slice(0, 20).map((i) => `${source}:${i.line}: ${i.message}`);
    if (issues.length > 20) shown.push(`... and ${issues.length - 20} more`);
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'} in two-line element set ${source}:\n${shown.join('\n')}`);
    this.name = 'TleParseError';
  }
}

export interface TleSatellite {
  /** Name from the name line, or the catalogue number when there is none. */
  name: string;
  /** Satellite (catalogue) number, columns 3-7 of both lines (may be Alpha-5). */
  catalogNumber: string;
  line1: string;
  line2: string;
  /** Line number of line 1 in the text. */
  lineNumber: number;
  /** Element-set epoch [ms since 1970, UTC]. */
  epochMs: number;
  /** satellite.js record (SGP4 state; treat as opaque). */
  satrec: SatRec;
}

export interface TleParseOptions {
  /** Name of the text's origin for messages (a file name); default "<text>". */
  source?: string;
  /** Return the good satellites and the issues instead of throwing when there are issues (default false). */
  lenient?: boolean;
  /** Do not check the modulo-10 checksums in column 69 (default false: a bad checksum is an issue). */
  ignoreChecksums?: boolean;
}

export interface TleParseResult {
  satellites: TleSatellite[];
  /** Problems found (empty unless lenient). */
  issues: TleIssue[];
}

/** Parses a TLE / 3LE text. Throws TleParseError listing every bad line unless options.lenient. */
export function parseTle(text: string, options: TleParseOptions = {}): TleParseResult {
  const source = options.source ?? '<text>';
  const lines = text.split(/\r?\n/);
  const satellites: TleSatellite[] = [];
  const issues: TleIssue[] = [];
  let name: { text: string; line: number } | null = null;
  for (let k = 0; k < lines.length; k++) {
    const raw = lines[k].replace(/\s+$/, '');
    const lineNo = k + 1;
    if (raw === '') continue;
    if (raw.startsWith('1 ') && raw.length >= 60) {
      const next = k + 1 < lines.length ? lines[k + 1].replace(/\s+$/, '') : '';
      if (!next.startsWith('2 ')) {
        issues.push({
          line: lineNo,
          message: `line 1 of '${name?.text ?? raw.slice(2, 7).trim()}' is not followed by its line 2 (a line starting "2 ")`,
        });
        name = null;
        continue;
      }
      const before = issues.length;
      checkLine1(raw, lineNo, issues, options.ignoreChecksums ?? false);
      checkLine2(next, lineNo + 1, issues, options.ignoreChecksums ?? false);
      if (issues.length === before && raw.slice(2, 7) !== next.slice(2, 7)) {
        issues.push({
          line: lineNo + 1,
          message: `satellite number '${next.slice(2, 7)}' in line 2 differs from '${raw.slice(2, 7)}' in line 1`,
        });
      }
      if (issues.length === before) {
        const sat = toSatellite(raw, next, lineNo, name?.text, issues);
        if (sat) satellites.push(sat);
      }
      name = null;
      k++;
    } else if (raw.startsWith('2 ') && raw.length >= 60) {
      issues.push({ line: lineNo, message: 'line 2 without a preceding line 1' });
      name = null;
    } else if (raw.startsWith('1 ') || raw.startsWith('2 ')) {
      issues.push({ line: lineNo, message: `element line has ${raw.length} characters, expected 69` });
      if (raw.startsWith('1 ') && k + 1 < lines.length && lines[k + 1].startsWith('2 ')) k++;
      name = null;
    } else {
      if (name !== null)
        issues.push({ line: name.line, message: `name line '${name.text}' is not followed by a line 1 (a line starting "1 ")` });
      const t = raw.startsWith('0 ') ? raw.slice(2).trim() : raw.trim();
      if (t.length > 0 && t.length <= 69) {
        name = { text: t, line: lineNo };
      } else {
        issues.push({
          line: lineNo,
          message: `not a two-line element line (expected a name of at most 69 characters, "1 ..." or "2 ...")`,
        });
        name = null;
      }
    }
  }
  if (name !== null)
    issues.push({ line: name.line, message: `name line '${name.text}' is not followed by a line 1 (a line starting "1 ")` });
  if (issues.length > 0 && !options.lenient) throw new TleParseError(source, issues);
  return { satellites, issues };
}

/** Column c (1-based, inclusive) to d of a line. */
const cols = (s: string, c: number, d: number): string => s.slice(c - 1, d);

/** Modulo-10 checksum of columns 1-68: digits count their value, a minus sign counts 1. */
export function tleChecksum(line: string): number {
  let sum = 0;
  for (let k = 0; k < 68 && k < line.length; k++) {
    const ch = line.charCodeAt(k);
    if (ch >= 48 && ch <= 57) sum += ch - 48;
    else if (ch === 45) sum += 1;
  }
  return sum % 10;
}

type Check = (line: string, lineNo: number, issues: TleIssue[], ignoreChecksums: boolean) => void;

const DECIMAL = /^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/;
/** Implied-decimal field with exponent, e.g. " 28098-4", "-11606-4", " 00000+0". */
const IMPLIED = /^[-+ ]\d{5}[-+ ]\d$/;
const SATNUM = /^(\d{5}|[A-HJ-NP-Z]\d{4}|\s*\d{1,5})$/;

function common(line: string, lineNo: number, issues: TleIssue[], which: 1 | 2, ignoreChecksums: boolean): boolean {
  const where = `line ${which}`;
  if (line.length !== 69) {
    issues.push({ line: lineNo, message: `${where} has ${line.length} characters, expected 69` });
    return false;
  }
  if (!SATNUM.test(cols(line, 3, 7)))
    issues.push({ line: lineNo, message: `${where} columns 3-7: satellite number '${cols(line, 3, 7)}' is not 5 digits (or Alpha-5)` });
  const c = line[68];
  if (!/\d/.test(c)) {
    issues.push({ line: lineNo, message: `${where} column 69: checksum '${c}' is not a digit` });
  } else if (!ignoreChecksums && Number(c) !== tleChecksum(line)) {
    issues.push({
      line: lineNo,
      message: `${where} checksum is ${c} but the line sums to ${tleChecksum(line)} (a mistyped or truncated line?)`,
    });
  }
  return true;
}

function field(
  line: string,
  lineNo: number,
  issues: TleIssue[],
  which: 1 | 2,
  c: number,
  d: number,
  what: string,
  ok: (v: number) => boolean,
  range: string,
): void {
  const s = cols(line, c, d);
  const v = Number(s);
  if (!DECIMAL.test(s) || !Number.isFinite(v)) {
    issues.push({ line: lineNo, message: `line ${which} columns ${c}-${d}: ${what} '${s}' is not a number` });
  } else if (!ok(v)) {
    issues.push({ line: lineNo, message: `line ${which} columns ${c}-${d}: ${what} ${v} is out of range (${range})` });
  }
}

const checkLine1: Check = (line, lineNo, issues, ignoreChecksums) => {
  if (!common(line, lineNo, issues, 1, ignoreChecksums)) return;
  if (!/^[UCS ]$/.test(line[7])) issues.push({ line: lineNo, message: `line 1 column 8: classification '${line[7]}' is not U, C or S` });
  field(line, lineNo, issues, 1, 19, 20, 'epoch year', (v) => Number.isInteger(v) && v >= 0 && v <= 99, '00-99');
  field(line, lineNo, issues, 1, 21, 32, 'epoch day of year', (v) => v >= 1 && v < 367, '1 to 366.99999999');
  field(line, lineNo, issues, 1, 34, 43, 'first derivative of mean motion', () => true, '');
  for (const [c, d, what] of [
    [45, 52, 'second derivative of mean motion'],
    [54, 61, 'B* drag term'],
  ] as const) {
    if (!IMPLIED.test(cols(line, c, d))) {
      issues.push({
        line: lineNo,
        message: `line 1 columns ${c}-${d}: ${what} '${cols(line, c, d)}' is not in the implied-decimal form ' 12345-6'`,
      });
    }
  }
};

const checkLine2: Check = (line, lineNo, issues, ignoreChecksums) => {
  if (!common(line, lineNo, issues, 2, ignoreChecksums)) return;
  field(line, lineNo, issues, 2, 9, 16, 'inclination [deg]', (v) => v >= 0 && v <= 180, '0-180');
  field(line, lineNo, issues, 2, 18, 25, 'RAAN [deg]', (v) => v >= 0 && v <= 360, '0-360');
  if (!/^\d{7}$/.test(cols(line, 27, 33)))
    issues.push({
      line: lineNo,
      message: `line 2 columns 27-33: eccentricity '${cols(line, 27, 33)}' is not 7 digits (implied leading decimal point)`,
    });
  field(line, lineNo, issues, 2, 35, 42, 'argument of perigee [deg]', (v) => v >= 0 && v <= 360, '0-360');
  field(line, lineNo, issues, 2, 44, 51, 'mean anomaly [deg]', (v) => v >= 0 && v <= 360, '0-360');
  field(line, lineNo, issues, 2, 53, 63, 'mean motion [rev/day]', (v) => v > 0 && v < 20, 'above 0 and below 20');
};

function toSatellite(line1: string, line2: string, lineNo: number, name: string | undefined, issues: TleIssue[]): TleSatellite | null {
  const satrec = twoline2satrec(line1, line2);
  if (satrec.error !== 0) {
    issues.push({
      line: lineNo,
      message: `SGP4 cannot start from this element set (satellite.js error ${satrec.error}: ${SGP4_ERRORS[satrec.error] ?? 'unknown'})`,
    });
    return null;
  }
  const yy = Number(cols(line1, 19, 20));
  const year = yy < 57 ? 2000 + yy : 1900 + yy; // the TLE convention (Spacetrack Report #3)
  const epochMs = Date.UTC(year, 0, 1) + (Number(cols(line1, 21, 32)) - 1) * 86_400_000;
  const catalogNumber = cols(line1, 3, 7).trim();
  return { name: name ?? catalogNumber, catalogNumber, line1, line2, lineNumber: lineNo, epochMs, satrec };
}

const SGP4_ERRORS: Record<number, string> = {
  1: 'mean eccentricity out of range 0 <= e < 1',
  2: 'mean motion below zero',
  3: 'perturbed eccentricity out of range',
  4: 'semi-latus rectum below zero',
  6: 'orbit decayed (position underground)',
};

/** Result of an SGP4 evaluation that failed for one satellite (its state is left as NaN). */
export interface TleFailure {
  index: number;
  name: string;
  message: string;
}

/**
 * TEME states [m, m/s] of a satellite `minutes` after its own element-set epoch, into out[o..o+5].
 * Returns null, or a message when SGP4 fails (decay, eccentricity out of range, ...).
 */
export function tleStateAtMinutes(sat: TleSatellite, minutes: number, out: Float64Array, o = 0): string | null {
  const r = sgp4(sat.satrec, minutes);
  if (r === null || sat.satrec.error !== 0) {
    for (let c = 0; c < 6; c++) out[o + c] = NaN;
    return `SGP4 failed ${minutes.toFixed(1)} min from epoch (satellite.js error ${sat.satrec.error}: ${SGP4_ERRORS[sat.satrec.error] ?? 'unknown'})`;
  }
  out[o] = r.position.x * 1e3;
  out[o + 1] = r.position.y * 1e3;
  out[o + 2] = r.position.z * 1e3;
  out[o + 3] = r.velocity.x * 1e3;
  out[o + 4] = r.velocity.y * 1e3;
  out[o + 5] = r.velocity.z * 1e3;
  return null;
}

/**
 * TEME states [m, m/s] of every satellite at a UTC epoch [ms since 1970], into out[6k .. 6k+5].
 * Satellites SGP4 cannot propagate get NaN and are listed in the returned failures.
 */
export function tleStates(sats: readonly TleSatellite[], epochMs: number, out: Float64Array): TleFailure[] {
  if (out.length < 6 * sats.length) throw new Error(`tleStates: out has length ${out.length}, needs ${6 * sats.length}`);
  const failures: TleFailure[] = [];
  for (let k = 0; k < sats.length; k++) {
    const msg = tleStateAtMinutes(sats[k], (epochMs - sats[k].epochMs) / 60_000, out, 6 * k);
    if (msg !== null) failures.push({ index: k, name: sats[k].name, message: msg });
  }
  return failures;
}

/**
 * SGP4's own mean elements of a TLE (Brouwer mean motion after the un-Kozai step, so a from
 * satellite.js's semi-major axis in Earth radii of WGS-72), carried to a common epoch [ms] with the
 * secular J2 rates: a stand-in for the TLE set in the fast J2-secular batch and access culling.
 * Drag and the SGP4 periodic terms are left out (~ km-level errors within a day in LEO).
 */
export function tleMeanElements(sat: TleSatellite, atEpochMs = sat.epochMs): KeplerElements {
  const s = sat.satrec;
  const a = s.a * WGS72_RADIUS_M;
  const E = eccentricAnomaly(s.mo, s.ecco);
  const at: KeplerElements = { a, e: s.ecco, i: s.inclo, raan: s.nodeo, argp: s.argpo, nu: trueFromEccentric(E, s.ecco) };
  return propagateJ2Secular(at, (atEpochMs - sat.epochMs) / 1000);
}

/** WGS-72 equatorial radius [m], the unit of satellite.js's semi-major axis (SGP4 uses WGS-72 constants). */
const WGS72_RADIUS_M = 6378135;
