import { summaryValues } from './campaign-metrics.ts';
import type { TrialSummary } from './trial-summary.ts';

const csvCell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * trials.csv of one campaign or of several (the cases of a sweep): one row per case and trial, led by
 * the case's labels (e.g. the varied fields and their values), then seed, warheads, decoys, the count
 * series, the optional series (empty when a trial has none) and the keyed columns (kills per layer,
 * shots per type…: the union over every case, 0 where a case never mentions them). Column names are
 * the series names of results.json (campaign-metrics.ts SERIES). The `dome run` files and the server's
 * `GET /api/campaigns/:id/trials.csv` are this function's.
 */
export function trialsCsv(
  cases: ReadonlyArray<{ labels: ReadonlyArray<readonly [string, string | number | boolean]>; summaries: readonly TrialSummary[] }>,
): string {
  const rows = cases.flatMap((c) =>
    c.summaries.map((s) => {
      const v = summaryValues(s);
      return {
        labels: c.labels,
        seed: s.seed,
        warheads: s.warheads,
        decoys: s.decoys,
        counts: new Map(v.counts),
        optional: new Map(v.optional),
      };
    }),
  );
  const labelNames = cases.length > 0 ? cases[0].labels.map(([k]) => k) : [];
  const fixed = rows.length > 0 ? [...rows[0].counts.keys()].filter((k) => !k.includes('.')) : [];
  const keyed = [...new Set(rows.flatMap((row) => [...row.counts.keys()].filter((k) => k.includes('.'))))].sort();
  const optional = rows.length > 0 ? [...rows[0].optional.keys()] : [];
  const header = [...labelNames, 'seed', 'warheads', 'decoys', ...fixed, ...optional, ...keyed];
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) {
    const cells: Array<string | number | null> = [
      ...row.labels.map(([, v]) => (typeof v === 'boolean' ? String(v) : v)),
      row.seed,
      row.warheads,
      row.decoys,
      ...fixed.map((k) => row.counts.get(k) ?? 0),
      ...optional.map((k) => row.optional.get(k) ?? null),
      ...keyed.map((k) => row.counts.get(k) ?? 0),
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
