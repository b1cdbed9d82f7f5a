/** A campaign's results for people (a summary table) and for files (results.json, trials.csv). */
import { type CostExchange, type MeanEstimate, trialsCsv as coreTrialsCsv } from '@golden-dome/core';
import { fmt } from '../output/format.ts';
import { estimateParts } from '../report/format.ts';
import type { CampaignResult } from './runner.ts';

const r6 = (x: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(12)) : null);

function meanJson(m: MeanEstimate): Record<string, unknown> {
  return { mean: r6(m.mean), ci95: [r6(m.ci[0]), r6(m.ci[1])], sd: r6(m.sd), n: m.n, min: r6(m.min), max: r6(m.max) };
}

/** The cost exchange in results.json: US dollars of one year (catalog costs converted by the US GDP price index); unpriced types listed, never counted as zero. */
export function costJson(c: CostExchange): Record<string, unknown> {
  return {
    units:
      c.dollarYear === null
        ? 'US dollars'
        : `US dollars of ${c.dollarYear} (each catalog cost converted from its own dollar year by the US GDP price index, catalog/deflators/us-gdp-price-index.yaml)`,
    dollar_year: c.dollarYear,
    complete: c.complete,
    interceptors_spent_usd: { ...meanJson(c.spent), at_low_unit_costs: r6(c.spentLowUsd), at_high_unit_costs: r6(c.spentHighUsd) },
    by_type: Object.fromEntries(
      Object.entries(c.byType).map(([t, v]) => [
        t,
        {
          unit_usd: r6(v.unitUsd),
          ...(v.convertedFrom
            ? { unit_cost_converted_from: { dollar_year: v.convertedFrom.year, factor: r6(v.convertedFrom.factor) } }
            : {}),
          fired: meanJson(v.fired),
          spent_usd: meanJson(v.spent),
        },
      ]),
    ),
    unpriced_interceptor_types: c.unpricedInterceptors,
    raid_cost_usd: {
      base: r6(c.raid.usd),
      low: r6(c.raid.lowUsd),
      high: r6(c.raid.highUsd),
      missiles: c.raid.missiles,
      by_type: c.raid.byType.map((t) => ({
        type: t.type,
        count: t.count,
        unit_usd: t.unitUsd,
        ...(t.convertedFrom ? { unit_cost_converted_from: { dollar_year: t.convertedFrom.year, factor: r6(t.convertedFrom.factor) } } : {}),
      })),
      unpriced_missile_types: c.raid.unpriced,
    },
    spent_over_raid_cost: c.ratio ? meanJson(c.ratio) : null,
  };
}

const mapJson = (o: Record<string, MeanEstimate>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, meanJson(v)]));

/** results.json: what ran, how it ended, every metric with its 95 % interval, and the exact aggregate. */
export function resultsJson(r: CampaignResult, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const m = r.metrics;
  return {
    ...extra,
    status: r.status,
    trials: r.trials,
    requested_trials: r.requested,
    seeds: r.trials > 0 ? [r.seed, r.seed + r.trials - 1] : [],
    // the trial the report's engagement timeline draws, and the rule that chose it (pool's representative.ts)
    ...(r.representative
      ? {
          representative_trial: {
            seed: r.representative.seed,
            warhead_leakers: r.representative.warheadLeakers,
            trials_with_that_count: r.representative.trialsWithCount,
            rule: r.representative.rule,
          },
        }
      : {}),
    workers: r.workers,
    check_every: r.checkEvery,
    ci_halfwidth: r.ciHalfWidth,
    seconds: Number(r.seconds.toFixed(3)),
    trials_per_s: r.seconds > 0 ? Number((r.trials / r.seconds).toFixed(2)) : null,
    intervals: 'Wilson score interval for probabilities; mean ± 1.96 s/√n (normal, sample standard deviation) for means',
    metrics: {
      p_zero_leakers: {
        p: r6(m.pZeroLeakers.p),
        ci95: m.pZeroLeakers.ci.map(r6),
        trials_without_leaker: m.pZeroLeakers.successes,
        n: m.pZeroLeakers.n,
      },
      expected_leakers: meanJson(m.expectedLeakers),
      leakage: meanJson(m.leakage),
      decoy_leakers: meanJson(m.decoyLeakers),
      warheads_destroyed: meanJson(m.warheadsDestroyed),
      decoys_destroyed: meanJson(m.decoysDestroyed),
      by_layer: Object.fromEntries(
        Object.entries(m.byLayer).map(([k, v]) => [k, { warheads: meanJson(v.warheads), decoys: meanJson(v.decoys) }]),
      ),
      interceptors: {
        total: meanJson(m.interceptors.total),
        by_type: mapJson(m.interceptors.byType),
        by_layer: mapJson(m.interceptors.byLayer),
        by_owner: mapJson(m.interceptors.byOwner),
      },
      defended_value: {
        threatened: r6(m.defended.threatened),
        hit: meanJson(m.defended.hit),
        kept_safe: meanJson(m.defended.keptSafe),
        ...(m.defended.assets !== undefined
          ? { defended_assets: m.defended.assets, total_defended: r6(m.defended.totalValue ?? NaN) }
          : {}),
        ...(m.defended.byAsset
          ? {
              by_asset: m.defended.byAsset.map((a) => ({
                nation: a.nation,
                id: a.id,
                ...(a.name !== undefined ? { name: a.name } : {}),
                value: a.value,
                p_struck: r6(a.struck.p),
                ci95: a.struck.ci.map(r6),
                trials_struck: a.struck.successes,
                n: a.struck.n,
              })),
            }
          : {}),
      },
      ...(r.cost ? { cost_exchange: costJson(r.cost) } : {}),
      timeline_s: {
        first_detection: meanJson(m.timeline.firstDetection),
        first_shot: meanJson(m.timeline.firstShot),
        detection_to_first_shot: meanJson(m.timeline.detectionToFirstShot),
        mean_approval_delay: meanJson(m.timeline.meanApprovalDelay),
      },
    },
    aggregate: r.aggregate,
  };
}

/** trials.csv: one row per trial (seed order); keyed columns (kills per layer, shots per type…) are the union over trials, 0 when absent. */
export function trialsCsv(r: CampaignResult): string {
  return casesTrialsCsv([{ labels: [], result: r }]);
}

/**
 * One trials.csv for several campaigns (the cases of a sweep): one row per case and trial, led by the
 * case's labels (e.g. the varied fields and their values), then the trial's columns (core's trialsCsv).
 */
export function casesTrialsCsv(
  cases: ReadonlyArray<{ labels: ReadonlyArray<readonly [string, string | number | boolean]>; result: CampaignResult }>,
): string {
  return coreTrialsCsv(cases.map((c) => ({ labels: c.labels, summaries: c.result.summaries })));
}

/** Dollars for people: $1.23B, $456M, $7.8M. */
export function usdText(x: number): string {
  if (!Number.isFinite(x)) return '?';
  const a = Math.abs(x);
  return a >= 1e9 ? `$${fmt(x / 1e9, 2)}B` : a >= 1e6 ? `$${fmt(x / 1e6, a >= 1e8 ? 0 : 1)}M` : `$${fmt(x)}`;
}

/** The summary table's cost rows: interceptors spent (95 % interval), the raid's cost, the ratio, what is unpriced. */
export function costRows(c: CostExchange): Array<[string, string, string]> {
  const rows: Array<[string, string, string]> = [];
  const y = c.dollarYear === null ? '' : `, US$ of ${c.dollarYear}`;
  if (c.spent.n > 0)
    rows.push([
      `interceptors spent (priced types${y})`,
      usdText(c.spent.mean),
      `${usdText(c.spent.ci[0])} – ${usdText(c.spent.ci[1])}; unit costs low–high: ${usdText(c.spentLowUsd)} – ${usdText(c.spentHighUsd)}`,
    ]);
  if (c.unpricedInterceptors.length > 0) rows.push(['  not priced (no unit cost)', c.unpricedInterceptors.join(', '), '']);
  rows.push([
    `raid cost (priced missiles${y})`,
    usdText(c.raid.usd),
    c.raid.lowUsd !== c.raid.usd || c.raid.highUsd !== c.raid.usd
      ? `unit costs low–high: ${usdText(c.raid.lowUsd)} – ${usdText(c.raid.highUsd)}`
      : '',
  ]);
  if (c.raid.unpriced.length > 0) rows.push(['  not priced (no unit cost)', c.raid.unpriced.join(', '), '']);
  if (c.ratio && c.ratio.n > 0)
    rows.push([
      `spent / raid cost${c.complete ? '' : ' (partial)'}`,
      fmt(c.ratio.mean, 2),
      `${fmt(c.ratio.ci[0], 2)} – ${fmt(c.ratio.ci[1], 2)}`,
    ]);
  return rows;
}

/** The summary table: metric, estimate, 95 % interval. */
export function summaryText(r: CampaignResult, label: string): string {
  const m = r.metrics;
  const ended =
    r.status === 'complete'
      ? ''
      : r.status === 'converged'
        ? ` (stopped early: interval reached at ${fmt(r.trials)} of ${fmt(r.requested)})`
        : ` (INTERRUPTED after ${fmt(r.trials)} of ${fmt(r.requested)})`;
  const rows: Array<[string, string, string]> = [['metric', 'estimate', '95 % interval']];
  // each estimate rounded to its interval's precision (report/format.ts, the reports' one rule)
  const mean = (name: string, e: MeanEstimate, unit?: string): void => {
    if (e.n === 0) return;
    const p = estimateParts(e.mean, e.ci[0], e.ci[1], unit);
    rows.push([name, p.value, p.interval ?? '']);
  };
  const prop = (name: string, p: number, lo: number, hi: number): void => {
    const f = estimateParts(100 * p, 100 * lo, 100 * hi, '%');
    rows.push([name, f.value, f.interval ?? '']);
  };
  prop('P(no warhead leaks)', m.pZeroLeakers.p, m.pZeroLeakers.ci[0], m.pZeroLeakers.ci[1]);
  mean('warheads leaking per trial', m.expectedLeakers);
  if (m.leakage.n > 0) prop('leakage (share of warheads)', m.leakage.mean, Math.max(0, m.leakage.ci[0]), Math.min(1, m.leakage.ci[1]));
  mean('decoys reaching the ground', m.decoyLeakers);
  for (const [layer, k] of Object.entries(m.byLayer)) {
    mean(`warheads destroyed, ${layer}`, k.warheads);
    mean(`decoys destroyed, ${layer}`, k.decoys);
  }
  mean('interceptors fired', m.interceptors.total);
  for (const [t, e] of Object.entries(m.interceptors.byType)) mean(`  of type ${t}`, e);
  for (const [o, e] of Object.entries(m.interceptors.byOwner)) mean(`  owned by ${o}`, e);
  if (m.defended.assets !== undefined)
    rows.push(['defended assets (value)', `${fmt(m.defended.assets)} (${fmt(m.defended.totalValue ?? NaN)})`, '']);
  if (Number.isFinite(m.defended.threatened)) rows.push(['defended value aimed at', fmt(m.defended.threatened), '']);
  mean('defended population kept safe (people)', m.defended.keptSafe);
  mean('defended value struck (per warhead)', m.defended.hit);
  if (r.cost) for (const row of costRows(r.cost)) rows.push(row);
  mean('detection to first shot', m.timeline.detectionToFirstShot, 's');
  mean('approval delay per assignment', m.timeline.meanApprovalDelay, 's');
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
  const table = rows.map((row) => `  ${row[0].padEnd(w[0])}  ${row[1].padStart(w[1])}  ${row[2]}`.trimEnd()).join('\n');
  const rate = r.seconds > 0 ? `, ${fmt(r.trials / r.seconds, 1)} trials/s` : '';
  return `${label}: ${fmt(r.trials)} trials, seeds ${r.seed}–${r.seed + r.trials - 1}, ${r.workers} worker${r.workers === 1 ? '' : 's'}, ${fmt(r.seconds, 1)} s${rate}${ended}\n${table}`;
}
