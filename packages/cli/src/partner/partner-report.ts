/**
 * The partner study's report: one self-contained offline HTML file a minister's staff can read. The
 * answer first (the options table: what the partner gains, what the others gain, what it costs), then
 * the benefit-versus-cost chart, maps of the partner's cities by outcome under each option, what
 * approval and its delay cost, the sovereignty terms of each option, the cost shares under each rule,
 * and every assumption with its source. Charts are Vega-Lite rendered to SVG in Node; maps reuse the
 * campaign report's polar map (report/map.ts). Nothing is fetched: a Content-Security-Policy forbids it.
 */
import { COST_SHARE_RULE_BASIS, COST_SHARE_RULE_LABELS, type CostShareRule, DEG } from '@golden-dome/core';
import { type LoadedStudy, loadCatalog, resolvePlace } from '@golden-dome/scenario';
import type { TopLevelSpec } from 'vega-lite';
import { usd } from '../commands/cost.ts';
import { fmt } from '../output/format.ts';
import { escapeHtml, linkify, REPORT_CSS } from '../report/html-report.ts';
import { estimateParts, formatEstimate } from '../report/format.ts';
import { mapSvg } from '../report/map.ts';
import { vegaLiteToSvg } from '../report/render-svg.ts';
import { type OptionCost, publishedTotalUsd } from './study-cost.ts';
import { type Assumption, studyAssumptions } from './study-output.ts';
import type { CurveSeries, Estimate, OptionResult } from './study-results.ts';
import { curveFindings } from './curve-findings.ts';
import { type OptionVariant, type StudyRun, variantKey, variantLabel } from './study-runner.ts';
import { TIME_FIGURES, type TimeFigureName, timeResult } from './study-times.ts';
import { minutes, timeFindings } from './time-findings.ts';

const CSS = `${REPORT_CSS}
.illustrative { color: var(--warn); font-weight: 600; }
main { max-width: 1200px; }
.maps { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 12px; }
.ci { display: block; font-size: 12px; color: var(--muted); }
.source { word-break: break-word; }
/* tables fit the page: as wide as the text, columns share it and wrap; on a narrow window each row is a card */
table.fit { width: 100%; table-layout: fixed; }
table.fit th, table.fit td { overflow-wrap: anywhere; }
table.terms, table.assumptions { width: 100%; }
table.terms td, table.assumptions td { overflow-wrap: anywhere; }
@media (max-width: 960px) {
  table.fit, table.fit tbody, table.fit tr, table.fit td { display: block; width: 100%; }
  table.fit tr:first-child { display: none; }
  table.fit tr { border-top: 2px solid var(--line); padding: 4px 0; }
  table.fit td { border: none; padding: 2px 10px; text-align: left; }
  table.fit td[data-label]::before { content: attr(data-label); display: inline-block; width: 50%; padding-right: 8px; vertical-align: top; font-size: 13px; color: var(--muted); }
  table.fit td .ci { display: inline; margin-left: 6px; }
}
@media print { table.fit { table-layout: auto; } }
`;

/**
 * A table that fits the page (CSS table.fit): each cell carries its column's heading (data-label), shown
 * beside it when a narrow window stacks the row into a card. `rows`: per row its attributes and cells.
 */
function fitTable(cls: string, headers: readonly string[], rows: ReadonlyArray<{ attrs?: string; cells: readonly string[] }>): string {
  const head = `<tr>${headers.map((h, j) => `<th${j > 0 ? ' class="num"' : ''}>${e(h)}</th>`).join('')}</tr>`;
  const body = rows.map(
    (r) => `<tr${r.attrs ?? ''}>${r.cells.map((c, j) => c.replace(/^<td/, `<td data-label="${e(headers[j] ?? '')}"`)).join('')}</tr>`,
  );
  return `<table class="${cls} fit">${head}${body.join('')}</table>`;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const e = escapeHtml;
/** People, rounded to the estimate's interval (report/format.ts), the interval in brackets. */
const people = (est: Estimate, signed = false): string => formatEstimate(est.mean, est.ci95[0], est.ci95[1], 'people', { signed });
const pct = (x: number): string => `${fmt(100 * x, 1)} %`;

/** An estimate and its interval rounded to the interval's precision (report/format.ts, every report's rule); `scale` 100 for percent. */
function cell(est: Estimate, o: { unit?: string; signed?: boolean; scale?: number } = {}): string {
  const k = o.scale ?? 1;
  const p = estimateParts(k * est.mean, k * est.ci95[0], k * est.ci95[1], o.unit, { signed: o.signed });
  return `<td class="num">${e(p.value)}${p.interval ? `<span class="ci">${e(p.interval)}</span>` : ''}</td>`;
}

function optionsTable(loaded: LoadedStudy, results: readonly OptionResult[], costs: readonly OptionCost[]): string {
  const { study } = loaded;
  const p = study.partner;
  const members = study.members;
  const gdp = (c: OptionCost): string => {
    const s = c.splits.find((x) => x.rule === 'gdp');
    return s ? usd(s.shares[p]) : '–';
  };
  const headers = [
    'option',
    `${p} defended population`,
    `${p} change`,
    ...members.flatMap((m) => [`${m} defended population`, `${m} change`]),
    'interceptors fired',
    'leakage',
    `decisions needing ${p} approval`,
    `20-year cost (US$ of ${costs[0]?.dollarYear ?? ''})`,
    `${p} share by GDP`,
  ];
  const rows = study.options.map((o, i) => {
    const r = results[i];
    return {
      attrs: ` data-option="${e(o.id)}"`,
      cells: [
        `<td><strong>${e(o.name)}</strong><span class="ci">${e(o.id)} · policy ${e(o.policy)}</span></td>`,
        cell(r.nations[p].defended),
        i === 0 ? '<td class="num">baseline</td>' : cell(r.nations[p].changeVsBaseline, { signed: true }),
        ...members.flatMap((m) => [
          cell(r.nations[m].defended),
          i === 0 ? '<td class="num">baseline</td>' : cell(r.nations[m].changeVsBaseline, { signed: true }),
        ]),
        cell(r.interceptors),
        cell(r.leakage, { unit: '%', scale: 100 }),
        cell(r.partnerApprovals),
        `<td class="num">${e(usd(costs[i].totalUsd))}</td>`,
        `<td class="num">${e(gdp(costs[i]))}</td>`,
      ],
    };
  });
  return fitTable('options', headers, rows);
}

async function benefitCostSvg(loaded: LoadedStudy, results: readonly OptionResult[], costs: readonly OptionCost[]): Promise<string> {
  const { study } = loaded;
  const p = study.partner;
  const points = study.options.flatMap((o, i) =>
    costs[i].splits
      .filter((s) => s.applicable)
      .map((s) => ({
        option: o.name,
        rule: COST_SHARE_RULE_LABELS[s.rule],
        costB: (s.shares[p] ?? 0) / 1e9,
        gainM: results[i].nations[p].changeVsBaseline.mean / 1e6,
        lowM: results[i].nations[p].changeVsBaseline.ci95[0] / 1e6,
        highM: results[i].nations[p].changeVsBaseline.ci95[1] / 1e6,
      })),
  );
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 720,
    height: 380,
    title: `${p}: defended population gained against what ${p} pays, by option and cost-sharing rule`,
    data: { values: points },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'costB', type: 'quantitative' },
          y: { field: 'lowM', type: 'quantitative' },
          y2: { field: 'highM' },
          color: { field: 'rule', type: 'nominal' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          x: { field: 'costB', type: 'quantitative', title: `${p}'s share of the 20-year cost (US$ billion)` },
          y: { field: 'gainM', type: 'quantitative', title: `change in ${p}'s defended population (millions)` },
          color: { field: 'rule', type: 'nominal', title: 'cost-sharing rule' },
          shape: { field: 'option', type: 'nominal', title: 'option' },
          tooltip: [{ field: 'option' }, { field: 'rule' }, { field: 'costB', format: '.1f' }, { field: 'gainM', format: '.2f' }],
        },
      },
    ],
  };
  return vegaLiteToSvg(spec);
}

async function cityMaps(loaded: LoadedStudy, results: readonly OptionResult[]): Promise<string> {
  const { study } = loaded;
  const p = study.partner;
  const catalog = loadCatalog();
  const maps = await Promise.all(
    study.options.map(async (o, i) => {
      const cities = results[i].cities.filter((c) => c.nation === p);
      if (cities.length === 0) return `<figure><p class="empty">No raid aims at ${e(p)}'s cities.</p></figure>`;
      // every added site is drawn, whether given as LAT,LON, a catalog site or a city (resolved as the world was built)
      const at = (text: string): { latDeg: number; lonDeg: number } => {
        const place = resolvePlace(text, catalog);
        return { latDeg: place.latitude / DEG, lonDeg: place.longitude / DEG };
      };
      const batteries = o.add.batteries.map((b) => ({ id: b.id, ...at(b.at), owner: b.owner }));
      const sensors = o.add.hosted_radars.map((h) => ({ id: h.id, ...at(h.at), owner: h.owner }));
      const svg = await mapSvg({
        trajectories: [],
        cities: cities.map((c) => ({ name: c.name, latDeg: c.latDeg, lonDeg: c.lonDeg, probabilityHit: c.worst })),
        sensors,
        batteries,
      });
      const detail = cities
        .map(
          (c) =>
            `${c.name}: ${Object.entries(c.byRaid)
              .map(([raid, x]) => `${raid} ${pct(x.p)} (${pct(x.ci95[0])}–${pct(x.ci95[1])})`)
              .join(', ')}`,
        )
        .join('; ');
      return `<figure data-map="${e(o.id)}">${svg}<figcaption><strong>${e(o.name)}</strong>: each ${e(p)} city coloured by its probability of being hit in the raid that threatens it most. ${e(detail)}.</figcaption></figure>`;
    }),
  );
  return `<div class="maps">${maps.join('')}</div>`;
}

function approvalSection(loaded: LoadedStudy, run: StudyRun, results: readonly OptionResult[]): string {
  const { study } = loaded;
  const p = study.partner;
  const nations = [p, ...study.members];
  const rows = study.options.flatMap((o, i) =>
    results[i].levers.map((l) => ({
      cells: [
        `<td>${e(o.name)}</td>`,
        `<td>${e(variantLabel(l.variant, o))}</td>`,
        ...nations.map((n) => cell(l.change[n], { signed: true })),
        cell(l.interceptorsChange, { signed: true }),
        cell(l.partnerApprovals),
      ],
    })),
  );
  if (rows.length === 0) return `<p class="empty">No option asks for ${e(p)}'s approval or measures its radars.</p>`;
  const delays = study.options
    .filter((o) => (run.approvalRules.get(o.id) ?? []).length > 0)
    .map((o) => `${o.name}: ${run.approvalDelay.get(o.id)} s`)
    .join('; ');
  return (
    `<p>Each option under which ${e(p)}'s approval is asked was also run with that approval given at once and with it withheld, on the same seeds; ` +
    `an option marked to measure its radars was also run without them. The differences below are against the option as written (approval delays: ${e(delays || 'none')}): ` +
    `a positive change with approval given at once is population the approval step costs; a negative change without the added radars is what those radars add.</p>` +
    fitTable(
      'levers',
      [
        'option',
        'lever',
        ...nations.map((n) => `${n} defended population change`),
        'interceptors fired change',
        `decisions needing ${p} approval`,
      ],
      rows,
    )
  );
}

/** Defended population against the partner's approval delay: one panel per option (columns) and raid (rows, first the sum), a line per nation with its 95 % band. */
async function curveSvg(loaded: LoadedStudy, curves: readonly CurveSeries[]): Promise<string> {
  const { study } = loaded;
  const names = new Map(study.options.map((o) => [o.id, o.name]));
  const raids = ['all', ...loaded.raids.map((r) => r.name)];
  const rows = curves.flatMap((c) =>
    c.points.flatMap((p) =>
      Object.entries(p.nations).map(([n, x]) => ({
        option: names.get(c.option) ?? c.option,
        raid: c.raid === 'all' ? 'all raids (sum)' : c.raid,
        nation: n,
        delay: p.delayS,
        m: x.defended.mean / 1e6,
        lo: x.defended.ci95[0] / 1e6,
        hi: x.defended.ci95[1] / 1e6,
      })),
    ),
  );
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `Defended population against ${study.partner}'s approval delay (95 % bands)`,
    data: { values: rows },
    facet: {
      row: {
        field: 'raid',
        type: 'nominal',
        title: null,
        sort: raids.map((r) => (r === 'all' ? 'all raids (sum)' : r)),
        header: { labelAngle: 0, labelAlign: 'left' },
      },
      column: { field: 'option', type: 'nominal', title: null, sort: study.options.map((o) => o.name) },
    },
    spec: {
      width: 300,
      height: 110,
      layer: [
        {
          mark: { type: 'area', opacity: 0.18 },
          encoding: {
            x: { field: 'delay', type: 'quantitative' },
            y: { field: 'lo', type: 'quantitative' },
            y2: { field: 'hi' },
            color: { field: 'nation', type: 'nominal' },
          },
        },
        {
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'delay', type: 'quantitative', title: `${study.partner}'s approval delay (s)` },
            y: { field: 'm', type: 'quantitative', title: 'kept safe (M)', axis: { format: '.0f' } },
            color: { field: 'nation', type: 'nominal', title: 'nation' },
            tooltip: [
              { field: 'option' },
              { field: 'raid' },
              { field: 'nation' },
              { field: 'delay' },
              { field: 'm', format: '.2f' },
              { field: 'lo', format: '.2f' },
              { field: 'hi', format: '.2f' },
            ],
          },
        },
      ],
    },
  };
  return vegaLiteToSvg(spec);
}

async function curveSection(loaded: LoadedStudy, run: StudyRun, curves: readonly CurveSeries[]): Promise<string> {
  const p = loaded.study.partner;
  if (curves.length === 0) {
    return run.sweep.delays.length === 0
      ? `<p class="empty">No approval sweep was run (the study sets no approval_sweep_s; --approval-delays 0,30,60,120,180,240,300 runs one).</p>`
      : `<p class="empty">No option asks for ${e(p)}'s approval, so its delay changes nothing.</p>`;
  }
  const rows = curves.map((c) => {
    const o = loaded.study.options.find((x) => x.id === c.option);
    const costs = Object.entries(c.costsFrom)
      .map(([n, d]) => `${n}: ${d === null ? 'never (in the sweep)' : `${fmt(d)} s`}`)
      .join('; ');
    const slack =
      c.slack.n === 0
        ? 'none needed the approval'
        : `${fmt(c.slack.median ?? 0)} s (${fmt(c.slack.p10 ?? 0)}-${fmt(c.slack.p90 ?? 0)} s), ${fmt(c.slack.perTrial, 1)} per trial`;
    return {
      attrs: ` data-curve="${e(c.option)}|${e(c.raid)}"`,
      cells: [
        `<td>${e(o?.name ?? c.option)}</td>`,
        `<td>${e(c.raid === 'all' ? 'all raids (sum)' : c.raid)}</td>`,
        `<td>${e(costs)}</td>`,
        `<td>${e(slack)}</td>`,
      ],
    };
  });
  return (
    `<p>Every option under which ${e(p)}'s approval is asked, run with the approval taking ${e(run.sweep.delays.map((d) => `${fmt(d)}`).join(', '))} s on the same seeds (each an overlay on the option's world: only the policy's delay changes). ` +
    `"Starts to cost": the first delay at which the paired loss against the shortest delay has its 95 % interval below zero. "Window after commit": for the engagements that needed ${e(p)}'s approval when it came at once, the time from the nation's commit to the last launch opportunity (median, 10th-90th percentile), from the log; a delay longer than an engagement's window closes it. Figures per delay: approval-curve.csv and results.json (approval_curve).</p>` +
    `<figure>${await curveSvg(loaded, curves)}<figcaption>Defended population (millions of people kept safe) per nation against ${e(p)}'s approval delay; bands: 95 % intervals of the mean over the trials.</figcaption></figure>` +
    fitTable('curve', ['option', 'raid', 'approval starts to cost (per nation)', 'window after commit'], rows)
  );
}

function sovereigntySection(loaded: LoadedStudy, run: StudyRun): string {
  const { study } = loaded;
  return study.options
    .map((o) => {
      const rules = run.approvalRules.get(o.id) ?? [];
      const add = [
        ...o.add.radars.map((r) => `radar ${r}`),
        ...o.add.hosted_radars.map((h) => `a ${h.type}-class radar at ${h.site_name ?? h.at} (owned by ${h.owner})`),
        ...o.add.batteries.map((b) => `${b.inventory} ${b.interceptor} at ${b.site_name ?? b.at} (owned by ${b.owner}, ${b.class})`),
      ];
      return (
        `<h3 id="terms-${e(o.id)}">${e(o.name)}</h3><p>${e(o.summary)}</p><table class="terms">` +
        `<tr><th colspan="2">${e(study.partner)} contributes</th></tr>` +
        (['assets', 'data', 'territory', 'money'] as const).map((k) => `<tr><td>${k}</td><td>${e(o.contributes[k])}</td></tr>`).join('') +
        `<tr><th colspan="2">${e(study.partner)} controls</th></tr>` +
        (['approvals', 'sharing', 'priorities'] as const).map((k) => `<tr><td>${k}</td><td>${e(o.controls[k])}</td></tr>`).join('') +
        `<tr><th colspan="2">in the model</th></tr>` +
        `<tr><td>policy</td><td>${e(o.policy)} (illustrative)</td></tr>` +
        `<tr><td>added to each raid</td><td>${e(add.length ? add.join('; ') : 'nothing')}</td></tr>` +
        `<tr><td>${e(study.partner)}'s approval asked for</td><td>${e(rules.length ? `${rules.join('; ')} (${run.approvalDelay.get(o.id)} s)` : 'never')}</td></tr>` +
        '</table>'
      );
    })
    .join('');
}

function costSection(loaded: LoadedStudy, costs: readonly OptionCost[]): string {
  const { study } = loaded;
  const p = study.partner;
  const rules = ['gdp', 'population', 'defended-population', 'contributed-assets'] as CostShareRule[];
  const precedent = study.cost.precedent;
  const year = costs[0]?.dollarYear;
  const headers = [
    'option',
    `20-year cost (US$ of ${year ?? ''})`,
    `${p} contributes`,
    ...rules.map((r) => `${p}: ${COST_SHARE_RULE_LABELS[r]}`),
    ...(precedent ? [`${p}: precedent (${fmt(100 * precedent.partner_fraction)} %)`] : []),
  ];
  const rows = study.options.map((o, i) => {
    const c = costs[i];
    return {
      cells: [
        `<td>${e(o.name)}</td>`,
        `<td class="num">${e(usd(c.totalUsd))}</td>`,
        `<td class="num">${e(usd(c.contributedUsd[p] ?? 0))}</td>`,
        ...rules.map((r) => {
          const s = c.splits.find((x) => x.rule === r);
          if (!s || !s.applicable) return `<td class="num">–<span class="ci">${e(s?.note ?? '')}</span></td>`;
          const pub = c.publishedPartnerUsd?.[r];
          return `<td class="num">${e(usd(s.shares[p]))}<span class="ci">${e(pct(s.fractions[p]))}${pub !== undefined ? `; of the published total ${e(usd(pub))}` : ''}</span></td>`;
        }),
        ...(c.precedentPartnerUsd !== undefined ? [`<td class="num">${e(usd(c.precedentPartnerUsd))}</td>`] : []),
      ],
    };
  });
  const pub = study.cost.published_total;
  return (
    `<p>Every amount is in US$ of ${e(String(year ?? ''))}: each catalog cost, contributed asset and the published total is converted from its own dollar year by the US GDP chain-type price index (catalog/deflators). The architecture's cost over ${study.cost.horizon_years} years under each option (the cost model's base case for the raids' interceptors and space layer, plus what the option adds) split between ${e([p, ...study.members].join(' and '))} under each rule; shares add up to the total to the dollar under every rule. ` +
    `${pub ? `For scale, ${e(pub.label)}: ${e(usd(publishedTotalUsd(study)))} (${e(usd(pub.value_usd))} of ${e(String(pub.dollar_year))}); ${e(p)}'s share of it at the same fraction is shown under each figure.` : ''} ` +
    `${precedent ? `The last column applies a negotiated precedent for comparison: ${e(precedent.label)}. ` : ''}` +
    `Against what ${e(p)} already contributes (its radars and interceptors), a share above the contribution is money it would pay towards the rest. ` +
    `Each rule's basis: ${rules.map((r) => `${e(COST_SHARE_RULE_LABELS[r])}: ${e(COST_SHARE_RULE_BASIS[r])}`).join('; ')}.</p>` +
    fitTable('costs', headers, rows)
  );
}

const TIME_HEADINGS: Readonly<Record<TimeFigureName, string>> = {
  warning: 'warning time',
  margin: 'intercept margin',
  trackToIntercept: 'first track to first intercept',
};

/**
 * What geography buys in time: per raid, a table of every option as written and without each of its
 * removable assets (the lever's trials), per nation the warning time, intercept margin and first track to
 * first intercept (minutes, 95 % interval, warheads per trial that have the figure); then the paired changes in words.
 */
function timesSection(loaded: LoadedStudy, run: StudyRun, results: readonly OptionResult[]): string {
  const { study } = loaded;
  const nations = [study.partner, ...study.members];
  const tables = run.raids.map((raid) => {
    const here = nations.filter((n) => n in raid.threatened);
    const rows = study.options.flatMap((o, i) => {
      const variants: OptionVariant[] = [
        'policy',
        ...results[i].levers.map((l) => l.variant).filter((v) => v.startsWith('without:') || v === 'without-added-radars'),
      ];
      return variants.map((v) => {
        const list = raid.outcomes.get(variantKey(o.id, v)) ?? [];
        return {
          attrs: ` data-times="${e(`${o.id}|${v}|${raid.name}`)}"`,
          cells: [
            `<td>${e(o.name)}${v === 'policy' ? '' : `<span class="ci">${e(variantLabel(v, o))}</span>`}</td>`,
            ...here.flatMap((n) => {
              const t = timeResult([list], n);
              return TIME_FIGURES.map((f) => {
                const x = t.figures[f];
                const of = `${x.warheads.toFixed(x.warheads % 1 ? 1 : 0)} of ${t.threats.toFixed(t.threats % 1 ? 1 : 0)} warheads`;
                if (!x.value) return `<td class="num">none<span class="ci">${e(of)}</span></td>`;
                if (x.value.n < 2) return `<td class="num">${e(minutes(x.value.mean))}<span class="ci">one trial; ${e(of)}</span></td>`;
                return `<td class="num">${e(minutes(x.value.mean, x.value.ci95[0], x.value.ci95[1]))}<span class="ci">${e(of)}</span></td>`;
              });
            }),
          ],
        };
      });
    });
    const headers = ['option', ...here.flatMap((n) => TIME_FIGURES.map((f) => `${n} ${TIME_HEADINGS[f]}`))];
    return `<h3>${e(raid.name)}</h3>${fitTable('times', headers, rows)}`;
  });
  const findings = timeFindings(loaded, run, results);
  return (
    `<p>Per nation, over the warheads aimed at its cities: <strong>warning time</strong> is the warhead's planned impact time minus the first time the nation holds a track of it or of its carrier (the bomber carrying a cruise missile, the missile carrying a re-entry vehicle); ` +
    `<strong>intercept margin</strong> is the planned impact time minus the time the warhead or its carrier was destroyed; <strong>first track to first intercept</strong> is the first intercept (hit or miss) on it or its carrier minus that first track. ` +
    `Per trial the mean over the warheads that have the figure; below, the mean over the trials that have one, with its 95 % interval, and the warheads per trial that have it. "none": no warhead has it in any trial (no track held, none destroyed). ` +
    `Changes are paired over the trials where both sides have the figure. Read from each trial's log and the world's flown paths; nothing is flown again.</p>` +
    tables.join('') +
    (findings.length
      ? `<h3>What each asset and option changes in time</h3><ul class="findings times">${findings.map((f) => `<li data-explains="${e(f.id)}">${e(f.text)}</li>`).join('')}</ul>`
      : '')
  );
}

function assumptionsTable(rows: readonly Assumption[]): string {
  return `<table class="assumptions"><tr><th>item</th><th>value</th><th>source</th></tr>${rows.map((a) => `<tr><td>${e(a.item)}</td><td>${e(a.value)}</td><td class="source">${linkify(a.source)}</td></tr>`).join('')}</table>`;
}

/**
 * One plain-language finding per option, first in the summary: what joining this way does to the
 * partner's defended population (people kept safe) against not joining, rounded to its interval, and
 * what that figure means: exactly zero (the same seeds give the same raids, and nothing in the option
 * changes what reaches the partner's cities), within the trials' noise (the paired interval spans
 * zero), a gain, or a loss (counter-intuitive: said so, and where to look).
 */
export function optionFindings(loaded: LoadedStudy, results: readonly OptionResult[]): Array<{ option: string; text: string }> {
  const { study } = loaded;
  const p = study.partner;
  return study.options.slice(1).map((o, k) => {
    const c = results[k + 1].nations[p].changeVsBaseline;
    const figure = formatEstimate(c.mean, c.ci95[0], c.ci95[1], 'people', { signed: true });
    const meaning =
      c.mean === 0 && c.ci95[0] === 0 && c.ci95[1] === 0
        ? `exactly zero in every trial: on the same seeds the raids are the same, and nothing this option adds changes what reaches ${p}'s cities, so it neither helps nor harms them in these raids`
        : c.ci95[0] <= 0 && c.ci95[1] >= 0
          ? "within the trials' noise: the paired interval spans zero, so these trials cannot tell it from no change"
          : c.mean > 0
            ? `more of ${p}'s people kept safe, a gain the trials resolve`
            : `fewer of ${p}'s people kept safe than without joining, a loss the trials resolve; counter-intuitive, so see the approval levers below (what ${p}'s approval delay costs) and the interceptors fired`;
    return {
      option: o.id,
      text: `${o.name}: ${p}'s defended population changes by ${figure} against ${study.options[0].name} — ${meaning}.`,
    };
  });
}

function headline(loaded: LoadedStudy, run: StudyRun, results: readonly OptionResult[], costs: readonly OptionCost[]): string[] {
  const { study } = loaded;
  const p = study.partner;
  const base = study.options[0];
  const best = study.options
    .map((o, i) => ({ o, r: results[i] }))
    .slice(1)
    .reduce((a, b) => (b.r.nations[p].changeVsBaseline.mean > a.r.nations[p].changeVsBaseline.mean ? b : a));
  const raids = `${loaded.raids.length} reference raid${loaded.raids.length === 1 ? '' : 's'}`;
  const gain = best.r.nations[p].changeVsBaseline;
  const out = [
    `Against the ${raids}, ${p}'s targeted cities keep ${people(results[0].nations[p].defended)} safe on average if ${p} does not join (${base.name}); ` +
      (gain.mean > 0
        ? `the most under ${best.o.name}: ${people(best.r.nations[p].defended)}, a change of ${people(gain, true)} (95 % intervals in brackets).`
        : 'no option keeps more of them safe.'),
  ];
  for (const m of study.members) {
    const gains = study.options
      .slice(1)
      .map((o, k) => `${o.name} ${people(results[k + 1].nations[m].changeVsBaseline, true)}`)
      .join(', ');
    out.push(`What ${p}'s participation adds to ${m}'s defended population: ${gains}.`);
  }
  study.options.forEach((o, i) => {
    for (const l of results[i].levers) {
      const parts = [p, ...study.members].map((n) => `${n} ${people(l.change[n], true)}`).join(', ');
      if (l.variant === 'no-delay')
        out.push(
          `Under ${o.name}, ${p}'s approval in ${fmt(run.approvalDelay.get(o.id) ?? 0)} s is a cost: given at once instead, defended population changes by ${parts}.`,
        );
      if (l.variant === 'without-added-radars')
        out.push(`What ${p}'s added radars are worth under ${o.name}: without them, defended population changes by ${parts}.`);
      if (l.variant.startsWith('without:'))
        out.push(`Under ${o.name}, ${variantLabel(l.variant, o)}: defended population changes by ${parts}.`);
    }
  });
  const shares = study.options
    .map((o, i) => {
      const s = costs[i].splits.filter((x) => x.applicable).map((x) => x.shares[p]);
      return `${o.name} ${usd(Math.min(...s))}–${usd(Math.max(...s))}`;
    })
    .join('; ');
  out.push(`${p}'s fair share of the 20-year cost, across the four rules: ${shares}.`);
  return out;
}

export async function renderPartnerReport(
  loaded: LoadedStudy,
  run: StudyRun,
  results: readonly OptionResult[],
  costs: readonly OptionCost[],
  curves: readonly CurveSeries[],
  generatedAt: string,
): Promise<string> {
  const { study } = loaded;
  const [chart, maps, curve] = await Promise.all([
    benefitCostSvg(loaded, results, costs),
    cityMaps(loaded, results),
    curveSection(loaded, run, curves),
  ]);
  const findings = curveFindings(loaded, run, results, curves);
  const sections: Array<[string, string, string]> = [
    [
      'options',
      'The options side by side',
      `<p>Defended population: the people of the targeted cities that no warhead reaches, summed over the raids (${e(loaded.raids.map((r) => r.name).join(', '))}); change: paired against ${e(study.options[0].name)} on the same seeds. 95 % intervals below each figure.</p>${optionsTable(loaded, results, costs)}`,
    ],
    [
      'benefit-cost',
      'Benefit against cost',
      `<figure>${chart}<figcaption>Each point is an option under one cost-sharing rule: ${e(study.partner)}'s share of the architecture's 20-year cost against the change in its defended population (bars: 95 % interval).</figcaption></figure>`,
    ],
    ['maps', `${study.partner}'s cities under each option`, maps],
    ['levers', "What approval, its delay and the partner's radars are worth", approvalSection(loaded, run, results)],
    ['approval-curve', 'The price of a veto: defended population against the approval delay', curve],
    ['times', 'What geography buys in time', timesSection(loaded, run, results)],
    ['terms', 'Sovereignty terms of each option', sovereigntySection(loaded, run)],
    ['costs', 'Cost and fair share', costSection(loaded, costs)],
    ['assumptions', 'Assumptions and sources', assumptionsTable(studyAssumptions(loaded, costs))],
  ];
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(study.name)}: partner study</title><style>${CSS}</style></head>
<body><header><h1>Partner study: ${e(study.name)}</h1><p>${e(study.summary)}</p>
<p class="illustrative">Illustrative: the options' policies are modelling assumptions, not any government's rules; notional sites are labelled.</p>
<p>${fmt(run.trials)} seeded trials per option and raid (seeds ${run.seed}–${run.seed + run.trials - 1}); generated ${e(generatedAt)}.</p></header>
<nav>${sections.map(([id, title]) => `<a href="#${id}">${e(title)}</a>`).join('')}</nav>
<main><section class="headline" id="summary"><ul class="findings">${optionFindings(loaded, results)
    .map((f) => `<li data-finding="${e(f.option)}">${e(f.text)}</li>`)
    .join('')}</ul>${headline(loaded, run, results, costs)
    .map((s) => `<p>${e(s)}</p>`)
    .join(
      '',
    )}${findings.length ? `<h3>Where approval starts to cost, every zero and every counter-intuitive sign, from the log</h3><ul class="findings explained">${findings.map((f) => `<li data-explains="${e(f.id)}">${e(f.text)}</li>`).join('')}</ul>` : ''}</section>
${sections.map(([id, title, body]) => `<section id="${id}"><h2>${e(title)}</h2>${body}</section>`).join('\n')}
</main></body></html>
`;
}
