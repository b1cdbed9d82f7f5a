/**
 * Numbers for people, in every report and CLI table: an estimate and its 95 % interval rounded to the
 * interval's precision, so a figure never shows digits the trials do not support
 * ("21.4 M (21.0–21.9 M)", not "21,446,000 (20,960,915 – 21,931,085)").
 *
 * The rule: the last digit shown is the place of the leading significant digit of the interval's
 * half-width (the larger side when it is not symmetric), or one place further when that digit is a 1
 * (a half-width of 0.14 keeps 0.01: rounding it to 0.1 would misstate it by 40 %). This is the usual
 * convention of quoting an uncertainty to one or two significant digits and the estimate to the same
 * place (Particle Data Group, "Rounding" in the Introduction of the Review of Particle Physics; BIPM
 * GUM JCGM 100:2008 §7.2.6). With no interval, or a zero-width one, three significant digits.
 */

/** Units the helpers know: percent, percentage points, US dollars, or a free unit written after the number. */
export type FormatUnit = '%' | 'pp' | 'USD' | '$' | string | undefined;

/** The power of ten of the last digit an interval of this half-width supports. */
export function decimalPlaceOf(halfWidth: number): number | undefined {
  if (!(halfWidth > 0) || !Number.isFinite(halfWidth)) return undefined;
  const lead = Math.floor(Math.log10(halfWidth));
  const digit = Math.floor(halfWidth / 10 ** lead + 1e-9);
  return digit === 1 ? lead - 1 : lead;
}

/** A magnitude suffix chosen once for an estimate and its interval: k below a million is not used (thousands separators read well). */
function magnitude(x: number): { div: number; suffix: string } {
  const a = Math.abs(x);
  if (a >= 1e12) return { div: 1e12, suffix: 'T' };
  if (a >= 1e9) return { div: 1e9, suffix: 'B' };
  if (a >= 1e6) return { div: 1e6, suffix: 'M' };
  return { div: 1, suffix: '' };
}

function digits(x: number, fractionDigits: number): string {
  const f = Math.max(0, Math.min(20, fractionDigits));
  const r = Number(x.toFixed(f));
  return (Object.is(r, -0) ? 0 : r).toLocaleString('en-US', { minimumFractionDigits: f, maximumFractionDigits: f });
}

function withUnit(body: string, unit: FormatUnit, negative: boolean, suffix: string): string {
  const sign = negative ? '−' : '';
  if (unit === 'USD' || unit === '$') return `${sign}$${body}${suffix}`;
  const n = `${sign}${body}${suffix ? `\u202f${suffix}` : ''}`;
  return unit ? `${n}\u202f${unit}` : n;
}

/** The digits of |x| rounded to the power of ten `place`, in units of `div` (a magnitude suffix). */
function body(x: number, place: number, div: number): string {
  const rounded = Math.round(Math.abs(x) / 10 ** place) * 10 ** place;
  return digits(rounded / div, Math.round(Math.max(0, Math.log10(div) - place)));
}

/** One number in a given unit, rounded at the power of ten `place` (magnitude suffix chosen from `ref`). */
function formatAt(x: number, place: number, unit: FormatUnit, ref: number, signed = false): string {
  if (!Number.isFinite(x)) return '—';
  const { div, suffix } = magnitude(ref);
  const b = body(x, place, div);
  const zero = Number(b.replace(/,/g, '')) === 0;
  const s = withUnit(b, unit, x < 0 && !zero, suffix);
  return signed && x > 0 && !zero ? `+${s}` : s;
}

/** A single number with three significant digits (thousands separators; M/B above a million). */
export function formatNumber(x: number, unit?: FormatUnit, opts: { signed?: boolean } = {}): string {
  if (!Number.isFinite(x)) return '—';
  if (x === 0) return withUnit('0', unit, false, '');
  const { div } = magnitude(x);
  const lead = Math.floor(Math.log10(Math.abs(x)));
  // three significant digits, but never fractions of a unit above 1,000 without a suffix
  const place = div === 1 && lead >= 3 ? 0 : lead - 2;
  // a bare number drops trailing zeros (0.3, not 0.300): it claims no precision
  return formatAt(x, place, unit, x, opts.signed)
    .replace(/(\.\d*?)0+(?=\D|$)/, '$1')
    .replace(/\.(?=\D|$)/, '');
}

/**
 * An estimate with its 95 % interval, rounded to the interval's precision: "21.4 M (21.0–21.9 M)",
 * "82.0 % (79.6–84.3 %)", "−3.1 pp (−5.0 to −1.2 pp)". An interval that crosses zero is written with "to".
 */
export function formatEstimate(
  value: number,
  low: number | undefined,
  high: number | undefined,
  unit?: FormatUnit,
  opts: { signed?: boolean } = {},
): string {
  const p = estimateParts(value, low, high, unit, opts);
  return p.interval ? `${p.value} (${p.interval})` : p.value;
}

/** The estimate and its interval as two strings (a report's metric card shows them on two lines). */
export function estimateParts(
  value: number,
  low: number | undefined,
  high: number | undefined,
  unit?: FormatUnit,
  opts: { signed?: boolean } = {},
): { value: string; interval?: string } {
  if (!Number.isFinite(value)) return { value: '—' };
  if (low === undefined || high === undefined || !Number.isFinite(low) || !Number.isFinite(high))
    return { value: formatNumber(value, unit, opts) };
  const half = Math.max(Math.abs(high - value), Math.abs(value - low));
  const place = decimalPlaceOf(half);
  if (place === undefined) return { value: formatNumber(value, unit, opts), interval: 'exact' };
  // one magnitude for the three numbers, from the largest: "0.7 M (−0.6 to 2.0 M)", never "700,000 (−600,000 to 2,000,000)"
  const ref = Math.max(Math.abs(value), Math.abs(low), Math.abs(high));
  const v = formatAt(value, place, unit, ref, opts.signed);
  const { div, suffix } = magnitude(ref);
  const bound = (x: number): string => {
    const t = body(x, place, div);
    return Number(t.replace(/,/g, '')) !== 0 && x < 0 ? `−${t}` : t;
  };
  const usd = unit === 'USD' || unit === '$';
  const sep = low < 0 || high < 0 ? ' to ' : '–';
  // the suffix and unit are written once, after the upper bound ("21.0–21.9 M", "79.6–84.3 %", "$1.7–2.1B")
  const tail = usd ? suffix : `${suffix ? `\u202f${suffix}` : ''}${unit ? `\u202f${unit}` : ''}`;
  return { value: v, interval: `${usd ? '$' : ''}${bound(low)}${sep}${bound(high)}${tail}` };
}

/** A proportion in [0, 1] and its interval as percent: "82.0 % (79.6–84.3 %)". */
export function formatProportion(p: number, low?: number, high?: number): string {
  return formatEstimate(100 * p, low === undefined ? undefined : 100 * low, high === undefined ? undefined : 100 * high, '%');
}

/** A difference of two proportions (B − A, in [−1, 1]) and its interval as percentage points: "+3.1 pp (1.2 to 5.0 pp)". */
export function formatPpDifference(d: number, low?: number, high?: number): string {
  return formatEstimate(100 * d, low === undefined ? undefined : 100 * low, high === undefined ? undefined : 100 * high, 'pp', {
    signed: true,
  });
}
