import { describe, expect, it } from 'vitest';
import { decimalPlaceOf, formatEstimate, formatNumber, formatPpDifference, formatProportion } from '../src/report/format.ts';

/** Thin spaces are how the helper separates numbers from units; tests read them as spaces. */
const plain = (s: string): string => s.replace(/\u202f/g, ' ');

describe('precision follows the interval (worked by hand)', () => {
  it("rounds a large estimate and its interval to the half-width's leading digit, with one magnitude suffix", () => {
    // 21,446,000 ± 485,085: the half-width's leading digit is in the 100,000s, so 0.1 M
    expect(plain(formatEstimate(21_446_000, 20_960_915, 21_931_085))).toBe('21.4 M (21.0–21.9 M)');
  });
  it('keeps one more digit when the half-width starts with a 1', () => {
    expect(decimalPlaceOf(0.14)).toBe(-2);
    expect(decimalPlaceOf(0.4)).toBe(-1);
    expect(decimalPlaceOf(485_085)).toBe(5);
    expect(plain(formatEstimate(0.2123, 0.072, 0.352))).toBe('0.21 (0.07–0.35)');
    expect(plain(formatEstimate(0.2123, 0.18, 0.25))).toBe('0.21 (0.18–0.25)');
  });
  it('rounds whole numbers above a thousand to the interval too, never showing digits the trials do not support', () => {
    // 12,345 ± 3,210 → thousands
    expect(plain(formatEstimate(12_345, 9_135, 15_555))).toBe('12,000 (9,000–16,000)');
  });
  it('writes percent, and percentage points for differences, signed, with "to" across zero', () => {
    expect(plain(formatProportion(0.8203, 0.7961, 0.8434))).toBe('82 % (80–84 %)'); // ± 2.4 pp: whole percent
    expect(plain(formatProportion(0.8203, 0.8161, 0.8244))).toBe('82.0 % (81.6–82.4 %)'); // ± 0.42 pp: tenths
    expect(plain(formatPpDifference(-0.031, -0.05, -0.012))).toBe('−3.1 pp (−5.0 to −1.2 pp)');
    expect(plain(formatPpDifference(0.004, -0.011, 0.019))).toBe('+0.4 pp (−1.1 to 1.9 pp)');
  });
  it('one magnitude for the estimate and both bounds, from the largest of them', () => {
    expect(plain(formatEstimate(700_000, -600_000, 2_000_000, undefined, { signed: true }))).toBe('+0.7 M (−0.6 to 2.0 M)');
  });
  it('writes dollars once with the suffix after the upper bound', () => {
    expect(formatEstimate(1.93e9, 1.7e9, 2.1e9, 'USD')).toBe('$1.9B ($1.7–2.1B)');
  });
  it('a point with no interval or a zero-width one gets three significant digits, never a raw float', () => {
    expect(plain(formatNumber(0.1 + 0.2))).toBe('0.3');
    expect(plain(formatNumber(21_446_123))).toBe('21.4 M');
    expect(plain(formatNumber(4321.7))).toBe('4,322');
    expect(plain(formatEstimate(100, 100, 100, '%'))).toBe('100 % (exact)');
    expect(formatEstimate(NaN, 0, 1)).toBe('—');
  });
});
