/**
 * One self-contained HTML report per run or sweep: a one-minute summary, plots, a map, the scenario
 * and every assumption with its source. Everything is inline (CSS, SVG); the page has no script,
 * loads nothing and forbids loading anything (Content-Security-Policy), so it opens offline.
 */
import type { ReportInput } from './report-input.ts';
import {
  comparisonSvg,
  convergenceSvg,
  curveSvg,
  engagementSvg,
  heatmapSvg,
  interceptorsSvg,
  leakersHistogramSvg,
  perLayerSvg,
  timelinesSvg,
} from './charts.ts';
import { comparisonTableHtml } from './compare-report.ts';
import { estimateParts, formatEstimate, formatNumber } from './format.ts';
import { mapSvg } from './map.ts';

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** An http(s) URL inside running text (a source string). */
const URL_IN_TEXT = /https?:\/\/[^\s"<>]+/g;

/**
 * Text for HTML with every http(s) URL in it made a link: `<a href="URL">URL</a>`, the URL escaped in
 * the attribute and in the text alike, everything around it escaped as text. Punctuation that ends a
 * sentence is not part of the URL (a trailing '.', ',', ';', ':', quote, or a ')' that closes a
 * parenthesis opened before the URL). Only http and https become links, so no other scheme
 * (javascript:, data:) can; a link loads nothing by itself, so the offline report stays offline.
 */
export function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    let url = m[0];
    for (;;) {
      const c = url.at(-1) ?? '';
      const unbalanced = c === ')' && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0);
      if (/[.,;:'!?\]]/.test(c) || unbalanced) url = url.slice(0, -1);
      else break;
    }
    const start = m.index;
    out += escapeHtml(text.slice(last, start));
    out += `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return out + escapeHtml(text.slice(last));
}

/** A number for people: three significant figures below 1,000, thousands separators above. */
export function formatValue(x: number, unit?: string): string {
  if (!Number.isFinite(x)) return '—';
  if (unit === 'USD' || unit === '$') {
    const a = Math.abs(x);
    if (a >= 1e9) return `$${(x / 1e9).toLocaleString('en-US', { maximumSignificantDigits: 3 })}B`;
    if (a >= 1e6) return `$${(x / 1e6).toLocaleString('en-US', { maximumSignificantDigits: 3 })}M`;
    return `$${x.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
  }
  const n =
    Math.abs(x) >= 1000
      ? x.toLocaleString('en-US', { maximumFractionDigits: 0 })
      : x.toLocaleString('en-US', { maximumSignificantDigits: 3 });
  return unit ? `${n}${unit === '%' ? '' : '\u202f'}${unit}` : n;
}

/** The house style every report shares (run, sweep, compare, partner study): one offline stylesheet. */
export const REPORT_CSS = `
:root { --ink: #1b2a3a; --muted: #5b6b7b; --line: #d8dee6; --accent: #1f4e8c; --bg: #f6f8fa; --warn: #8a4b00; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, Arial, Helvetica, sans-serif; color: var(--ink); background: white; }
header { padding: 24px 32px 8px; border-bottom: 3px solid var(--accent); }
header h1 { margin: 0 0 4px; font-size: 26px; }
header p { margin: 0; color: var(--muted); }
nav { padding: 8px 32px; background: var(--bg); border-bottom: 1px solid var(--line); font-size: 14px; }
nav a { color: var(--accent); margin-right: 16px; text-decoration: none; }
main { padding: 8px 32px 48px; max-width: 1100px; }
section { margin-top: 28px; }
h2 { font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin-bottom: 6px; }
.headline p { font-size: 17px; margin: 6px 0; }
figure { margin: 12px 0 20px; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: var(--muted); }
table { border-collapse: collapse; font-size: 14px; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.source { font-size: 12px; color: var(--muted); word-break: break-all; }
.empty { color: var(--muted); font-style: italic; }
@media print { nav { display: none; } }
`;

const CSS = `${REPORT_CSS}
.metrics { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; margin-top: 16px; }
.metric { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; background: var(--bg); }
.metric .label { font-size: 13px; color: var(--muted); }
.metric .value { font-size: 24px; font-weight: 600; }
.metric .interval, .metric .note { font-size: 12px; color: var(--muted); }
pre { background: var(--bg); border: 1px solid var(--line); padding: 12px; overflow: auto; font-size: 12.5px; max-height: 600px; }
@media print { pre { max-height: none; } }
`;

/** Content-Security-Policy: inline styles and data: images only; nothing may be fetched. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function figure(id: string, caption: string, svg: string): string {
  return `<figure id="${id}" class="plot">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

function metricsHtml(metrics: ReportInput['metrics']): string {
  const cards = metrics.map((m) => {
    const parts = estimateParts(m.value, m.low, m.high, m.unit);
    const interval = parts.interval ? `<div class="interval">95 % interval ${escapeHtml(parts.interval)}</div>` : '';
    const note = m.note ? `<div class="note">${escapeHtml(m.note)}</div>` : '';
    return (
      `<div class="metric" data-metric="${escapeHtml(m.id)}"><div class="label">${escapeHtml(m.label)}</div>` +
      `<div class="value">${escapeHtml(parts.value)}</div>${interval}${note}</div>`
    );
  });
  return `<div class="metrics">${cards.join('')}</div>`;
}

function interceptorTable(rows: ReportInput['interceptors']): string {
  const priced = rows.some((r) => r.unitCostUsd !== undefined);
  let total = 0;
  const body = rows.map((r) => {
    const spend = r.unitCostUsd !== undefined ? r.unitCostUsd * r.fired : undefined;
    if (spend !== undefined) total += spend;
    return (
      `<tr><td>${escapeHtml(r.weapon)}</td><td>${escapeHtml(r.owner)}</td><td class="num">${escapeHtml(formatValue(r.fired))}</td>` +
      (priced
        ? `<td class="num">${r.unitCostUsd !== undefined ? escapeHtml(formatValue(r.unitCostUsd, 'USD')) : '<span class="unpriced">not priced</span>'}</td>` +
          `<td class="num">${spend !== undefined ? escapeHtml(formatValue(spend, 'USD')) : '<span class="unpriced">not priced</span>'}</td>`
        : '') +
      '</tr>'
    );
  });
  const head = `<tr><th>interceptor</th><th>owner</th><th class="num">fired per trial</th>${priced ? '<th class="num">unit cost</th><th class="num">spent per trial</th>' : ''}</tr>`;
  const foot = priced
    ? `<tr><th colspan="4">total (priced types)</th><th class="num">${escapeHtml(formatValue(total, 'USD'))}</th></tr>`
    : '';
  return `<table class="interceptors">${head}${body.join('')}${foot}</table>`;
}

const pctOf = (x: number | undefined): number | undefined => (x === undefined ? undefined : 100 * x);

/** Defended cities with their probability of being struck (campaign reports; the map colours the same figures). */
function citiesTable(rows: ReportInput['map']['cities']): string {
  const measured = rows.filter((c) => c.trials !== undefined);
  if (!measured.length) return '';
  const body = measured.map(
    (c) =>
      `<tr data-city="${escapeHtml(c.name)}"><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.nation ?? '')}</td>` +
      `<td class="num">${c.value !== undefined ? escapeHtml(formatNumber(c.value)) : ''}</td>` +
      `<td class="num">${escapeHtml(estimateParts(100 * c.probabilityHit, pctOf(c.low), pctOf(c.high), '%').value)}</td>` +
      `<td class="num">${escapeHtml(estimateParts(100 * c.probabilityHit, pctOf(c.low), pctOf(c.high), '%').interval ?? '—')}</td>` +
      `<td class="num">${c.trialsStruck ?? 0} of ${c.trials}</td></tr>`,
  );
  return (
    '<table class="cities"><caption>Defended cities a warhead is aimed at, most likely struck first: the probability that at least one warhead reaches each (Wilson 95 % interval).</caption>' +
    '<tr><th>city</th><th>nation</th><th class="num">population (people)</th><th class="num">P(struck)</th><th class="num">95 % interval</th><th class="num">trials struck</th></tr>' +
    `${body.join('')}</table>`
  );
}

function assumptionsTable(rows: ReportInput['assumptions']): string {
  if (!rows.length) return '<p class="empty">No assumptions were recorded.</p>';
  const body = rows.map(
    (a) => `<tr><td>${escapeHtml(a.item)}</td><td>${escapeHtml(a.value)}</td><td class="source">${linkify(a.source)}</td></tr>`,
  );
  return `<table class="assumptions"><tr><th>item</th><th>value</th><th>source</th></tr>${body.join('')}</table>`;
}

/** A sibling file name as a relative link; anything that is not a plain file name is refused. */
function siblingHref(name: string): string | undefined {
  return /^[\w.-]+$/.test(name) && !name.startsWith('.') ? `./${encodeURIComponent(name)}` : undefined;
}

/** Renders the report as one self-contained HTML document. */
export async function renderReport(input: ReportInput): Promise<string> {
  const e = escapeHtml;
  const timelines = input.timelines ?? [];
  const curves = input.curves ?? [];
  const heatmaps = input.heatmaps ?? [];
  const [engSvg, compSvg, histSvg, convSvg, layerSvg, firedSvg, timeSvg, curveSvgs, heatSvgs, map] = await Promise.all([
    input.engagement?.events.length ? engagementSvg(input.engagement) : undefined,
    input.comparison?.rows.length
      ? comparisonSvg(input.comparison, (e, unit, signed) =>
          formatEstimate(e.value, Number.isFinite(e.low) ? e.low : undefined, Number.isFinite(e.high) ? e.high : undefined, unit, {
            signed,
          }),
        )
      : undefined,
    input.leakersPerTrial?.length ? leakersHistogramSvg(input.leakersPerTrial) : undefined,
    input.convergence?.points.length ? convergenceSvg(input.convergence) : undefined,
    input.perLayer.length ? perLayerSvg(input.perLayer) : undefined,
    input.interceptors.length ? interceptorsSvg(input.interceptors) : undefined,
    timelines.length ? timelinesSvg(timelines) : undefined,
    Promise.all(curves.map((c) => curveSvg(c))),
    Promise.all(heatmaps.map((h) => heatmapSvg(h))),
    mapSvg(input.map),
  ]);
  const csv = input.trialsCsvName ? siblingHref(input.trialsCsvName) : undefined;

  // the answer first: a sweep's heat maps and curves, then the case's distribution and convergence, then its details
  const plots: string[] = [];
  if (compSvg && input.comparison)
    plots.push(
      figure(
        'plot-compare',
        `A (${input.comparison.nameA}) and B (${input.comparison.nameB}) with their 95 % intervals, and the paired difference B − A over the same seeds (percentage points for probabilities).`,
        compSvg,
      ) + comparisonTableHtml(input.comparison, escapeHtml),
    );
  heatmaps.forEach((h, i) =>
    plots.push(
      figure(
        `plot-heatmap-${i}`,
        `${h.title}: ${h.colorLabel} for each combination of ${h.xLabel} and ${h.yLabel}; each cell gives the estimate and its 95 % interval.`,
        heatSvgs[i],
      ),
    ),
  );
  curves.forEach((c, i) =>
    plots.push(figure(`plot-curve-${i}`, `${c.title}: ${c.yLabel} against ${c.xLabel}; shaded bands are 95 % intervals.`, curveSvgs[i])),
  );
  if (histSvg)
    plots.push(
      figure(
        'plot-leakers-histogram',
        `Warheads leaked per trial: how many of the ${(input.leakersPerTrial as number[]).length.toLocaleString('en-US')} trials let 0, 1, 2, … warheads through.`,
        histSvg,
      ),
    );
  if (convSvg && input.convergence)
    plots.push(
      figure(
        'plot-convergence',
        `Convergence: ${input.convergence.label} after each trial in seed order, with its 95 % interval; a flat line inside a narrowing band means more trials would not change the answer.`,
        convSvg,
      ),
    );
  plots.push(
    layerSvg
      ? figure(
          'plot-per-layer',
          'By layer, per trial (mean over trials): interceptors fired, and the warheads and the decoys it destroyed, counted apart.',
          layerSvg,
        )
      : '<p class="empty">No layer fired.</p>',
  );
  plots.push(
    firedSvg
      ? figure('plot-interceptors', 'Interceptors fired by type, coloured by owning nation (per trial, mean over trials).', firedSvg) +
          interceptorTable(input.interceptors)
      : '<p class="empty">No interceptor was fired.</p>',
  );
  if (engSvg && input.engagement)
    plots.push(
      figure(
        'plot-engagement',
        `Engagement in one trial (seed ${input.engagement.seed}, ${input.engagement.why}), read from its event log: for each threat object, its first detection by each sensor, assignments, shots, intercepts (hit or miss), kill assessments and impact.`,
        engSvg,
      ),
    );
  if (timeSvg)
    plots.push(
      figure(
        'plot-timelines',
        'Timelines in seconds, mean over trials and 95 % interval, from the first launch of the raid. First detection: the first detect event of any sensor in the view, a space infrared launch warning included. First shot: the first interceptor fired, boost-phase space interceptors included. First detection → first shot is averaged over the trials whose first shot came after a detection.',
        timeSvg,
      ),
    );

  const sources = input.scenario.sources.length
    ? `<ul class="sources">${input.scenario.sources.map((s) => `<li class="source">${linkify(s)}</li>`).join('')}</ul>`
    : '<p class="empty">The scenario names no sources.</p>';

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Golden Dome">
<title>${e(input.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${e(input.title)}</h1>
<p>Scenario <strong>${e(input.scenario.name)}</strong> · epoch ${e(input.scenario.epoch)} · generated ${e(input.generatedAt)}</p>
</header>
<nav><a href="#summary">Summary</a><a href="#plots">Plots</a><a href="#map">Map</a><a href="#scenario">Scenario</a><a href="#assumptions">Assumptions</a>${csv ? `<a href="${e(csv)}">Trials (CSV)</a>` : ''}</nav>
<main>
<section id="summary">
<h2>Summary</h2>
<div class="headline">${input.headline.map((s) => `<p>${e(s)}</p>`).join('')}</div>
${metricsHtml(input.metrics)}
</section>
<section id="plots">
<h2>Plots</h2>
${plots.join('\n')}
</section>
<section id="map">
<h2>Map</h2>
<figure id="map-figure" class="map">${map}<figcaption>Trajectories, defended cities coloured by their probability of being struck, sensors with their range rings, and batteries, each labelled. Azimuthal equidistant projection centred on the North Pole, framed on the raid (trajectories, cities, sensors and batteries; range rings are cut at the frame); the scale bar is true along meridians and grows away from the pole (×1.2 at 30° N). Coastlines and borders from Natural Earth 1:110m (world-atlas).</figcaption></figure>
${citiesTable(input.map.cities)}
</section>
<section id="scenario">
<h2>Scenario</h2>
<p>${e(input.scenario.summary)}</p>
<h3>Sources</h3>
${sources}
${input.scenario.text !== undefined ? `<h3>Scenario file</h3>\n<pre class="scenario-text">${e(input.scenario.text)}</pre>` : ''}
</section>
<section id="assumptions">
<h2>Assumptions</h2>
${assumptionsTable(input.assumptions)}
${csv ? `<p>Every trial's results: <a href="${e(csv)}">${e(input.trialsCsvName as string)}</a>.</p>` : ''}
</section>
</main>
</body>
</html>
`;
}
