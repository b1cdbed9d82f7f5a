/**
 * A partner study for files and people: results.json (what ran, every figure with its interval, the
 * costs and shares, the assumptions with their sources), options.csv (the options table), trials.csv
 * (one row per option variant, raid and seed), and the text table the command prints.
 *
 * results.json holds no timings or worker counts, so that the same study and seeds give the same file
 * whatever the machine and the worker count (those go to the console and run.json).
 */
import { COST_SHARE_RULE_BASIS, COST_SHARE_RULE_LABELS, COST_SHARE_RULES } from '@golden-dome/core';
import { type LoadedStudy, loadDeflator } from '@golden-dome/scenario';
import { usd } from '../commands/cost.ts';
import { fmt } from '../output/format.ts';
import { type OptionCost, publishedTotalUsd } from './study-cost.ts';
import type { CurveSeries, Estimate, OptionResult } from './study-results.ts';
import { type NationTimeResult, TIME_FIGURES, type TimeChanges, type TimeFigureName } from './study-times.ts';
import { type StudyRun, variantLabel } from './study-runner.ts';

export interface Assumption {
  item: string;
  value: string;
  source: string;
}

/** The engine's and the study's simplifications and inputs, each with its source. */
export function studyAssumptions(loaded: LoadedStudy, costs: readonly OptionCost[]): Assumption[] {
  const { study } = loaded;
  const deflator = loadDeflator();
  const out: Assumption[] = [
    {
      item: 'Policies',
      value:
        "Every option's coalition policy is ILLUSTRATIVE: a modelling assumption, not any government's rules of engagement, approval process or sharing agreements.",
      source: 'policies/*.yaml, studies/policies/*.yaml (file headers)',
    },
    {
      item: 'Defended population',
      value:
        'For each raid, the value (metropolitan population) of the defended cities it aims at that no warhead reaches; summed over the raids.',
      source: 'defended lists of the policies (rounded metropolitan populations, notional weights); core/analysis/trial-summary.ts',
    },
    {
      item: 'Common random numbers',
      value: `Trial k of every option and raid uses seed ${loaded.study.monte_carlo.seed} + k; changes are means of per-trial paired differences with normal 95 % intervals.`,
      source: 'cli/src/partner/study-results.ts',
    },
    {
      item: 'Coalition planning',
      value:
        "Each nation plans its own batteries on the tracks it holds, in planning order; a partner battery adds shots beyond the member's per-threat doctrine.",
      source: 'core/engine/trial.ts',
    },
    {
      item: 'Shared tracks',
      value:
        "Each planning nation builds its own tracks from the measurements its policy lets it use: a shared sensor's measurements arrive at the sharing rule's delay and with its sigma factor applied to their errors; a withheld sensor's never enter. Commit on track quality, P(warhead) from discriminating sensors, kill assessment only by sensors that watch (estimated tracks; a study run in the truth-tracks mode would instead commit on detection counts).",
      source:
        'core/engine/estimated-trial.ts, core/tracking/nation-tracker.ts, core/c2/national-policy.ts (sensorShare), docs/closed-kill-chain.md',
    },
    {
      item: 'Over-the-horizon radars',
      value:
        "Band model: objects below the catalog's altitude ceiling (300 km) between 1,000 and 3,000 km ground range in a 120 deg sector, with a fixed detection probability per look; a ballistic warhead is above the band over the Arctic and inside its minimum range when it descends near a southern city.",
      source: 'catalog/sensors/a-othr.yaml, p-othr.yaml; core/sensors/radar.ts',
    },
    {
      item: 'Hosted radars',
      value:
        "A catalog radar type's performance at a new (notional) site, listed in the option's policy as its owner's sensor; added after the raid's own sensors.",
      source: 'scenario/src/partner/option-world.ts',
    },
    {
      item: 'Territory',
      value:
        "An intercept is over a nation when its latitude/longitude is inside the policy's coarse outline, whatever its altitude. A launch site is on a nation's territory by the same test (its latitude/longitude); a host asks for its approval of another nation's launches from its soil only where its policy has the host rule (approval.hosted_launches).",
      source: 'core/c2/national-policy.ts',
    },
    {
      item: 'Withheld approval',
      value: 'An approval that never comes (infinite delay): exactly the engagements that needed it drop out.',
      source: 'scenario/src/partner/approval-variants.ts',
    },
    { item: 'Decoys', value: 'Not discriminated: decoys draw fire like warheads.', source: 'core/engine/trial.ts' },
    {
      item: 'Costs',
      value: `Life-cycle costs over ${study.cost.horizon_years} years, base case, in US$ of ${deflator.dollarYear}: every catalog system, contributed asset and the published total converted from its own dollar year by the ${deflator.entry.name}; added batteries priced without a second development.`,
      source: `core/cost/lifecycle-cost.ts, catalog/costs; ${deflator.entry.series_source}`,
    },
    { item: 'Dollar year', value: `US$ of ${deflator.dollarYear}`, source: deflator.entry.constant_dollar_year.source },
  ];
  for (const r of COST_SHARE_RULES)
    out.push({
      item: `Cost-sharing rule: ${COST_SHARE_RULE_LABELS[r]}`,
      value: 'shares in proportion to this weight, split to the dollar by largest remainder',
      source: COST_SHARE_RULE_BASIS[r],
    });
  if (study.cost.precedent)
    out.push({
      item: 'Cost-sharing precedent',
      value: `${study.partner} pays ${fmt(100 * study.cost.precedent.partner_fraction)} %: ${study.cost.precedent.label}`,
      source: study.cost.precedent.source,
    });
  for (const n of Object.values(study.nations)) {
    out.push({ item: `${n.name} GDP (${n.gdp_usd.year})`, value: usd(n.gdp_usd.value), source: n.gdp_usd.source });
    out.push({ item: `${n.name} population (${n.population.year})`, value: fmt(n.population.value), source: n.population.source });
  }
  const seen = new Set<string>();
  for (const c of costs) {
    for (const it of c.items) {
      if (seen.has(it.item)) continue;
      seen.add(it.item);
      out.push({ item: `Cost: ${it.item} (${it.owner})`, value: usd(it.usd), source: it.source });
    }
  }
  if (study.cost.published_total) {
    const p = study.cost.published_total;
    out.push({
      item: 'Published total',
      value: `${usd(publishedTotalUsd(study))} in US$ of ${deflator.dollarYear} (${usd(p.value_usd)} of ${p.dollar_year} as published): ${p.label}`,
      source: p.source,
    });
  }
  for (const o of study.options) {
    for (const h of o.add.hosted_radars)
      out.push({
        item: `Option ${o.id}: hosted radar ${h.id}`,
        value: `${h.type}-class radar at ${h.site_name ?? h.at}, owned by ${h.owner}${h.faces_azimuth_deg ? `, faces at ${h.faces_azimuth_deg.join(', ')} deg` : ''}`,
        source: h.source,
      });
    for (const b of o.add.batteries)
      out.push({
        item: `Option ${o.id}: battery ${b.id}`,
        value: `${b.inventory} x ${b.interceptor} at ${b.site_name ?? b.at}, owned by ${b.owner}`,
        source: b.source,
      });
    for (const s of o.sources) out.push({ item: `Option ${o.id}`, value: o.name, source: s });
  }
  for (const s of study.sources) out.push({ item: 'Study', value: study.name, source: s });
  return out;
}

const estJson = (e: Estimate): Record<string, unknown> => ({ mean: e.mean, ci95: e.ci95, n: e.n });

/** results.json's names of the time figures (study-times.ts), in seconds. */
export const TIME_FIGURE_JSON: Readonly<Record<TimeFigureName, string>> = {
  warning: 'warning_s',
  margin: 'intercept_margin_s',
  trackToIntercept: 'track_to_first_intercept_s',
};

/** A nation's time figures: each the mean over the trials that have it (n) with its interval, or null (none); the warheads per trial that have it. */
export const timesJson = (t: NationTimeResult): Record<string, unknown> => ({
  warheads_per_trial: t.threats,
  ...Object.fromEntries(
    TIME_FIGURES.map((f) => [
      TIME_FIGURE_JSON[f],
      { value: t.figures[f].value ? estJson(t.figures[f].value) : null, warheads_per_trial: t.figures[f].warheads },
    ]),
  ),
});

/** Paired changes of the time figures: n pairs, `unpaired` trials where only one side has the figure; null where no trial pairs. */
export const timeChangesJson = (c: TimeChanges): Record<string, unknown> =>
  Object.fromEntries(TIME_FIGURES.map((f) => [TIME_FIGURE_JSON[f], c[f] ? { ...estJson(c[f]), unpaired: c[f].unpaired } : null]));

export function resultsJson(
  loaded: LoadedStudy,
  run: StudyRun,
  results: readonly OptionResult[],
  costs: readonly OptionCost[],
): Record<string, unknown> {
  const { study } = loaded;
  return {
    study: { name: study.name, summary: study.summary, illustrative: true, partner: study.partner, members: study.members },
    seeds: [run.seed, run.seed + run.trials - 1],
    trials: run.trials,
    intervals:
      "95 %: mean ± 1.96 s/√n over trials (sums over raids and paired differences per trial); Wilson score interval for a city's probability of being hit",
    times:
      "per nation, over the warheads aimed at its cities: warning_s = planned impact time minus the nation's first track of the warhead or its carrier (bomber, missile); intercept_margin_s = planned impact time minus the time the warhead or its carrier was destroyed; track_to_first_intercept_s = first intercept (hit or miss) on it or its carrier minus that first track. Per trial the mean over the warheads that have the figure (pooled over the raids); value: mean over the trials that have one (n), null when none does; changes paired over the trials where both sides have it (n), 'unpaired' counting the others; null when none pairs",
    raids: run.raids.map((r) => ({ name: r.name, warheads: r.warheads, threatened: r.threatened, cities: r.cities })),
    options: study.options.map((o, i) => {
      const r = results[i];
      const c = costs[i];
      return {
        id: o.id,
        name: o.name,
        summary: o.summary,
        policy: o.policy,
        add: o.add,
        contributes: o.contributes,
        controls: o.controls,
        approval: { rules: run.approvalRules.get(o.id), delay_s: run.approvalDelay.get(o.id), variants: run.variants.get(o.id) },
        nations: Object.fromEntries(
          Object.entries(r.nations).map(([n, v]) => [
            n,
            {
              defended: estJson(v.defended),
              defended_by_raid: Object.fromEntries(Object.entries(v.defendedByRaid).map(([k, e]) => [k, estJson(e)])),
              change_vs_baseline: estJson(v.changeVsBaseline),
              change_by_raid: Object.fromEntries(Object.entries(v.changeByRaid).map(([k, e]) => [k, estJson(e)])),
              times: timesJson(v.times),
              times_by_raid: Object.fromEntries(Object.entries(v.timesByRaid).map(([k, t]) => [k, timesJson(t)])),
              times_change_vs_baseline: timeChangesJson(v.timesChange),
              times_change_by_raid: Object.fromEntries(Object.entries(v.timesChangeByRaid).map(([k, c]) => [k, timeChangesJson(c)])),
            },
          ]),
        ),
        interceptors: estJson(r.interceptors),
        interceptors_by_owner: Object.fromEntries(Object.entries(r.interceptorsByOwner).map(([k, e]) => [k, estJson(e)])),
        warheads_leaking: estJson(r.leakers),
        leakage: estJson(r.leakage),
        engagement_decisions: estJson(r.assigns),
        partner_approvals: estJson(r.partnerApprovals),
        partner_approval_delay_s: r.partnerApprovalDelayS,
        approval_levers: r.levers.map((l) => ({
          variant: l.variant,
          label: variantLabel(l.variant, o),
          change_vs_policy: Object.fromEntries(Object.entries(l.change).map(([k, e]) => [k, estJson(e)])),
          interceptors_change: estJson(l.interceptorsChange),
          partner_approvals: estJson(l.partnerApprovals),
          times: Object.fromEntries(Object.entries(l.times).map(([n, t]) => [n, timesJson(t)])),
          times_change_vs_policy: Object.fromEntries(Object.entries(l.timesChange).map(([n, c]) => [n, timeChangesJson(c)])),
          times_change_by_raid: Object.fromEntries(
            Object.entries(l.timesChangeByRaid).map(([r, byNation]) => [
              r,
              Object.fromEntries(Object.entries(byNation).map(([n, c]) => [n, timeChangesJson(c)])),
            ]),
          ),
        })),
        cities: r.cities,
        cost: {
          dollar_year: c.dollarYear,
          total_usd: c.totalUsd,
          items: c.items,
          contributed_usd: c.contributedUsd,
          shares: c.splits.map((s) => ({
            rule: s.rule,
            label: COST_SHARE_RULE_LABELS[s.rule],
            applicable: s.applicable,
            note: s.note,
            weights: s.weights,
            shares_usd: s.shares,
            fractions: s.fractions,
          })),
          published_total_partner_usd: c.publishedPartnerUsd,
          precedent_partner_usd: c.precedentPartnerUsd,
        },
      };
    }),
    cost_horizon_years: study.cost.horizon_years,
    dollar_year: loadDeflator().dollarYear,
    dollar_year_note: `every cost amount is in US$ of ${loadDeflator().dollarYear}, converted from its own dollar year by the ${loadDeflator().entry.name} (catalog/deflators/us-gdp-price-index.yaml)`,
    published_total: study.cost.published_total,
    published_total_usd_in_dollar_year: study.cost.published_total ? publishedTotalUsd(study) : null,
    precedent: study.cost.precedent,
    assumptions: studyAssumptions(loaded, costs),
  };
}

const csvCell = (v: string | number | null | undefined): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string =>
  `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;

/** The options table: one row per option. */
export function optionsCsv(loaded: LoadedStudy, results: readonly OptionResult[], costs: readonly OptionCost[]): string {
  const { study } = loaded;
  const nations = [study.partner, ...study.members];
  const rules = ['gdp', 'population', 'defended-population', 'contributed-assets'] as const;
  const header = [
    'option',
    ...nations.flatMap((n) => [
      `${n}_defended`,
      `${n}_defended_low`,
      `${n}_defended_high`,
      `${n}_change`,
      `${n}_change_low`,
      `${n}_change_high`,
    ]),
    'interceptors',
    'interceptors_low',
    'interceptors_high',
    'leakage',
    'leakage_low',
    'leakage_high',
    'partner_approvals',
    `total_cost_usd_${loadDeflator().dollarYear}`,
    ...rules.map((r) => `${study.partner}_share_usd_${loadDeflator().dollarYear}_${r}`),
  ];
  const rows = study.options.map((o, i) => {
    const r = results[i],
      c = costs[i];
    return [
      o.id,
      ...nations.flatMap((n) => {
        const x = r.nations[n];
        return [
          x.defended.mean,
          x.defended.ci95[0],
          x.defended.ci95[1],
          x.changeVsBaseline.mean,
          x.changeVsBaseline.ci95[0],
          x.changeVsBaseline.ci95[1],
        ];
      }),
      r.interceptors.mean,
      r.interceptors.ci95[0],
      r.interceptors.ci95[1],
      r.leakage.mean,
      r.leakage.ci95[0],
      r.leakage.ci95[1],
      r.partnerApprovals.mean,
      c.totalUsd,
      ...rules.map((rule) => {
        const s = c.splits.find((x) => x.rule === rule);
        return s?.applicable ? s.shares[study.partner] : null;
      }),
    ];
  });
  return csv([header, ...rows]);
}

/** One row per option variant, raid and seed. */
export function trialsCsv(loaded: LoadedStudy, run: StudyRun): string {
  const nations = [loaded.study.partner, ...loaded.study.members];
  const rows: Array<Array<string | number>> = [
    [
      'option',
      'variant',
      'raid',
      'seed',
      ...nations.map((n) => `${n}_kept_safe`),
      'warheads',
      'warhead_leakers',
      'interceptors',
      'engagement_decisions',
      'partner_approvals',
      ...nations.flatMap((n) => TIME_FIGURES.map((f) => `${n}_${TIME_FIGURE_JSON[f]}`)),
    ],
  ];
  for (const raid of run.raids) {
    for (const [key, list] of raid.outcomes) {
      const [option, variant] = key.split('|');
      for (const o of list)
        rows.push([
          option,
          variant,
          raid.name,
          o.seed,
          ...nations.map((n) => o.keptSafe[n] ?? 0),
          o.summary.warheads,
          o.summary.warheadLeakers,
          o.summary.interceptorsFired,
          o.assigns,
          o.partnerApprovals,
          ...nations.flatMap((n) =>
            TIME_FIGURES.map((f) => {
              const t = o.times?.[n]?.[f];
              return t && t.n > 0 ? Number((t.sum / t.n).toFixed(1)) : '';
            }),
          ),
        ]);
    }
  }
  return csv(rows);
}

const millions = (x: number): string => `${fmt(x / 1e6, 2)}M`;
const minutesText = (x: number): string => `${fmt(x / 60, 1)} min`;
const range = (e: Estimate, f: (x: number) => string): string => `${f(e.mean)} (${f(e.ci95[0])} – ${f(e.ci95[1])})`;
const signed =
  (f: (x: number) => string) =>
  (x: number): string =>
    x > 0 ? `+${f(x)}` : f(x);

/** The console table: one block per option. */
export function studyText(loaded: LoadedStudy, run: StudyRun, results: readonly OptionResult[], costs: readonly OptionCost[]): string {
  const { study } = loaded;
  const p = study.partner;
  const lines: string[] = [];
  lines.push(
    `${study.name}: partner ${p}, members ${study.members.join(', ')}; ${run.raids.length} raids x ${study.options.length} options, ${fmt(run.trials)} trials each (seeds ${run.seed}–${run.seed + run.trials - 1})`,
  );
  lines.push(
    `defended population = value of the targeted cities kept safe, summed over the raids; change = paired against '${study.options[0].id}'; 95 % intervals`,
  );
  study.options.forEach((o, i) => {
    const r = results[i],
      c = costs[i];
    lines.push('');
    lines.push(`${o.name} [${o.id}] (policy ${o.policy})`);
    for (const n of [p, ...study.members]) {
      const x = r.nations[n];
      lines.push(`  ${n} defended population   ${range(x.defended, millions)}   change ${range(x.changeVsBaseline, signed(millions))}`);
    }
    lines.push(
      `  interceptors fired        ${range(r.interceptors, (x) => fmt(x, 1))}   leakage ${range(r.leakage, (x) => `${fmt(100 * x, 1)} %`)}`,
    );
    lines.push(
      `  decisions needing ${p} approval ${range(r.partnerApprovals, (x) => fmt(x, 1))}${r.partnerApprovalDelayS !== null ? `, ${fmt(r.partnerApprovalDelayS)} s each` : ''}`,
    );
    for (const n of [p, ...study.members]) {
      const t = r.nations[n].times;
      const fig = (f: TimeFigureName): string => {
        const v = t.figures[f].value;
        return v ? range(v, minutesText) : 'none';
      };
      lines.push(
        `  ${n} warning ${fig('warning')}   intercept margin ${fig('margin')}   first track to first intercept ${fig('trackToIntercept')} (pooled over the raids)`,
      );
    }
    for (const l of r.levers) {
      lines.push(
        `  ${variantLabel(l.variant, o)}: ${p} ${range(l.change[p], signed(millions))}, ${study.members.map((m) => `${m} ${range(l.change[m], signed(millions))}`).join(', ')}`,
      );
      if (l.variant.startsWith('without:') || l.variant === 'without-added-radars')
        lines.push(
          `    time: ${[p, ...study.members]
            .map((n) => {
              const c = l.timesChange[n];
              const ch = (f: TimeFigureName): string => (c[f] ? range(c[f], signed(minutesText)) : 'none');
              return `${n} warning ${ch('warning')}, margin ${ch('margin')}`;
            })
            .join('; ')}`,
        );
    }
    const shares = c.splits
      .filter((s) => s.applicable)
      .map((s) => `${COST_SHARE_RULE_LABELS[s.rule]} ${usd(s.shares[p])}`)
      .join('; ');
    lines.push(
      `  cost ${usd(c.totalUsd)} (US$ of ${c.dollarYear}) over ${study.cost.horizon_years} years; ${p}'s share: ${shares}${c.precedentPartnerUsd !== undefined ? `; at the precedent's ${fmt(100 * (study.cost.precedent?.partner_fraction ?? 0))} %, ${usd(c.precedentPartnerUsd)}` : ''}`,
    );
  });
  return lines.join('\n');
}

/** The approval sweep for results.json: per option and raid ('all': summed over the raids), each delay's figures. */
export function curveJson(curves: readonly CurveSeries[]): Array<Record<string, unknown>> {
  return curves.map((c) => ({
    option: c.option,
    raid: c.raid,
    costs_from_s: c.costsFrom,
    slack_at_shortest_delay: {
      engagements: c.slack.n,
      per_trial: c.slack.perTrial,
      p10_s: c.slack.p10,
      median_s: c.slack.median,
      p90_s: c.slack.p90,
      closed_by_delay: c.slack.closedBy,
    },
    points: c.points.map((p) => ({
      delay_s: p.delayS,
      variant: p.variant,
      nations: Object.fromEntries(
        Object.entries(p.nations).map(([n, x]) => [n, { defended: estJson(x.defended), change_vs_shortest_delay: estJson(x.change) }]),
      ),
      interceptors: estJson(p.interceptors),
      partner_approvals: estJson(p.partnerApprovals),
      warhead_fates_per_trial: p.fates,
    })),
  }));
}

/** The approval sweep as a table: one row per option, raid ('all': summed over the raids) and delay. */
export function curveCsv(loaded: LoadedStudy, curves: readonly CurveSeries[]): string {
  const nations = [loaded.study.partner, ...loaded.study.members];
  const header = [
    'option',
    'raid',
    'delay_s',
    'variant',
    ...nations.flatMap((n) => [
      `${n}_defended`,
      `${n}_defended_low`,
      `${n}_defended_high`,
      `${n}_change`,
      `${n}_change_low`,
      `${n}_change_high`,
    ]),
    'interceptors',
    'partner_approvals',
    'closed_by_delay',
  ];
  const rows = curves.flatMap((c) =>
    c.points.map((p) => [
      c.option,
      c.raid,
      p.delayS,
      p.variant,
      ...nations.flatMap((n) => {
        const x = p.nations[n];
        return [x.defended.mean, x.defended.ci95[0], x.defended.ci95[1], x.change.mean, x.change.ci95[0], x.change.ci95[1]];
      }),
      p.interceptors.mean,
      p.partnerApprovals.mean,
      c.slack.n > 0 ? c.slack.closedBy[String(p.delayS)] : null,
    ]),
  );
  return csv([header, ...rows]);
}
