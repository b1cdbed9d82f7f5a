/**
 * What `dome compare` shows of its table: A, B and the paired difference B − A as text (the CLI table,
 * the report's table), as a CSV (compare.csv) and as the report's plot. Every number goes through the
 * one rounding rule (format.ts): an estimate to its interval's precision, differences of probabilities
 * in percentage points ("pp").
 */
import type { CompareRow } from '../commands/compare.ts';
import { estimateParts, formatEstimate } from './format.ts';
import type { ReportInput } from './report-input.ts';

type Est = { value: number | null; ci95: readonly [number | null, number | null] };
const n = (x: number | null | undefined): number => (x === null || x === undefined ? NaN : x);

/** A row's numbers in the unit people read: probabilities and shares in percent, their differences in pp. */
export function compareDisplay(r: CompareRow): NonNullable<ReportInput['comparison']>['rows'][number] {
  const k = r.percent ? 100 : 1;
  const est = (e: Est) => ({ value: k * n(e.value), low: k * n(e.ci95[0]), high: k * n(e.ci95[1]) });
  return {
    id: r.id,
    metric: r.label,
    unit: r.percent ? '%' : undefined,
    diffUnit: r.percent ? 'pp' : undefined,
    a: est(r.a),
    b: est(r.b),
    diff: { value: k * n(r.difference), low: k * n(r.paired_difference_ci95?.[0]), high: k * n(r.paired_difference_ci95?.[1]) },
    intervalsOverlap: r.intervals_overlap,
  };
}

/** The three cells of a row as text: "82 % (80–84 %)", and the difference signed: "+3.1 pp (1.2 to 5.0 pp)". */
export function compareCells(r: CompareRow): { a: string; b: string; diff: string } {
  const d = compareDisplay(r);
  const f = (e: { value: number; low: number; high: number }, unit: string | undefined, signed = false): string =>
    formatEstimate(e.value, Number.isFinite(e.low) ? e.low : undefined, Number.isFinite(e.high) ? e.high : undefined, unit, { signed });
  return { a: f(d.a, d.unit), b: f(d.b, d.unit), diff: f(d.diff, d.diffUnit, true) };
}

const csvCell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csvNum = (x: number): string => (Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : '');

/**
 * compare.csv: one row per metric with A, B and B − A and their 95 % intervals, in the units of the
 * `unit` and `difference_unit` columns (percent and percentage points for probabilities), full precision
 * for analysis (six decimals), and the rounded text a reader sees in the last three columns.
 */
export function compareCsv(table: readonly CompareRow[]): string {
  const head = [
    'metric_id',
    'metric',
    'unit',
    'a',
    'a_low95',
    'a_high95',
    'b',
    'b_low95',
    'b_high95',
    'difference_unit',
    'b_minus_a',
    'paired_low95',
    'paired_high95',
    'intervals_overlap',
    'a_text',
    'b_text',
    'b_minus_a_text',
  ];
  const rows = table
    .filter((r) => r.a.value !== null || r.b.value !== null)
    .map((r) => {
      const d = compareDisplay(r);
      const c = compareCells(r);
      return [
        d.id,
        d.metric,
        d.unit ?? '',
        csvNum(d.a.value),
        csvNum(d.a.low),
        csvNum(d.a.high),
        csvNum(d.b.value),
        csvNum(d.b.low),
        csvNum(d.b.high),
        d.diffUnit ?? '',
        csvNum(d.diff.value),
        csvNum(d.diff.low),
        csvNum(d.diff.high),
        r.intervals_overlap === null ? '' : String(r.intervals_overlap),
        c.a,
        c.b,
        c.diff,
      ]
        .map(csvCell)
        .join(',');
    });
  return `${[head.join(','), ...rows].join('\n')}\n`;
}

/** The comparison's rows for the report (plot and table). */
export function comparisonInput(table: readonly CompareRow[], nameA: string, nameB: string): NonNullable<ReportInput['comparison']> {
  return { nameA, nameB, rows: table.filter((r) => r.a.value !== null && r.b.value !== null).map(compareDisplay) };
}

/** The report's comparison table: metric, A, B, B − A (paired), every cell rounded to its interval. */
export function comparisonTableHtml(c: NonNullable<ReportInput['comparison']>, esc: (s: string) => string): string {
  const cell = (e: { value: number; low: number; high: number }, unit?: string, signed = false): string => {
    const p = estimateParts(e.value, Number.isFinite(e.low) ? e.low : undefined, Number.isFinite(e.high) ? e.high : undefined, unit, {
      signed,
    });
    return `<td class="num">${esc(p.value)}${p.interval ? `<br><span class="interval">${esc(p.interval)}</span>` : ''}</td>`;
  };
  const body = c.rows.map(
    (r) =>
      `<tr data-compare="${esc(r.id)}"><td>${esc(r.metric)}</td>${cell(r.a, r.unit)}${cell(r.b, r.unit)}${cell(r.diff, r.diffUnit, true)}` +
      `<td>${r.intervalsOverlap === null ? '' : r.intervalsOverlap ? 'yes' : '<strong>no</strong>'}</td></tr>`,
  );
  return (
    `<table class="compare"><caption>A = ${esc(c.nameA)}, B = ${esc(c.nameB)}, the same seeds; each estimate with its 95 % interval; B − A with the 95 % interval of the paired per-trial differences (pp: percentage points).</caption>` +
    `<tr><th>metric</th><th class="num">A</th><th class="num">B</th><th class="num">B − A (paired)</th><th>A and B intervals overlap</th></tr>${body.join('')}</table>`
  );
}
