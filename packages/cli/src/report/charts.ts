/**
 * The report's plots as Vega-Lite specs, rendered to inline SVG: per-layer shots and kills,
 * interceptors fired by type and owner, timelines with their intervals, and curves with interval bands.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ENGAGEMENT_STEPS, type ReportInput } from './report-input.ts';
import { estimateParts } from './format.ts';
import { vegaLiteToSvg } from './render-svg.ts';

const WIDTH = 520;
/** Shots, warheads and decoys destroyed, in the report's colours. */
const MEASURE_COLOURS = { 'interceptors fired': '#7f9cc0', 'warheads destroyed': '#1f4e8c', 'decoys destroyed': '#b0b0b0' };
const MEASURES = Object.keys(MEASURE_COLOURS);

export async function perLayerSvg(rows: ReportInput['perLayer']): Promise<string> {
  const values = rows.flatMap((r) => [
    { layer: r.layer, measure: 'interceptors fired', n: r.shots },
    { layer: r.layer, measure: 'warheads destroyed', n: r.warheadKills },
    { layer: r.layer, measure: 'decoys destroyed', n: r.decoyKills },
  ]);
  const spec: TopLevelSpec = {
    width: WIDTH,
    height: { step: 16 },
    data: { values },
    encoding: {
      y: { field: 'layer', type: 'nominal', sort: rows.map((r) => r.layer), title: null },
      yOffset: { field: 'measure', type: 'nominal', sort: MEASURES },
      x: { field: 'n', type: 'quantitative', title: 'per trial (mean): interceptors fired, warheads and decoys destroyed' },
      color: {
        field: 'measure',
        type: 'nominal',
        title: null,
        scale: { domain: MEASURES, range: Object.values(MEASURE_COLOURS) },
        legend: { orient: 'top' },
      },
    },
    layer: [
      { name: 'layer_bars', mark: { type: 'bar' } },
      {
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 },
        encoding: { text: { field: 'n', type: 'quantitative', format: ',.3~r' } },
      },
    ],
  };
  return vegaLiteToSvg(spec);
}

/** How many trials let 0, 1, 2, … warheads through. */
export async function leakersHistogramSvg(leakers: readonly number[]): Promise<string> {
  const counts = new Map<number, number>();
  for (const k of leakers) counts.set(k, (counts.get(k) ?? 0) + 1);
  const max = Math.max(0, ...leakers);
  const values = Array.from({ length: max + 1 }, (_, k) => ({ leakers: String(k), trials: counts.get(k) ?? 0 }));
  const spec: TopLevelSpec = {
    width: Math.min(WIDTH, Math.max(160, 36 * values.length)),
    height: 200,
    data: { values },
    encoding: {
      x: {
        field: 'leakers',
        type: 'ordinal',
        sort: values.map((v) => v.leakers),
        title: 'warheads leaked in a trial',
        axis: { labelAngle: 0 },
      },
      y: { field: 'trials', type: 'quantitative', title: 'trials' },
    },
    layer: [
      { name: 'histogram_bars', mark: { type: 'bar', color: '#1f4e8c' } },
      { mark: { type: 'text', dy: -6, fontSize: 10 }, encoding: { text: { field: 'trials', type: 'quantitative', format: ',d' } } },
    ],
  };
  return vegaLiteToSvg(spec);
}

/** The main metric's running estimate with its 95 % interval as trials accumulate. */
export async function convergenceSvg(c: NonNullable<ReportInput['convergence']>): Promise<string> {
  const y = `${c.label}${c.unit ? `, ${c.unit}` : ''}`;
  const spec: TopLevelSpec = {
    width: WIDTH,
    height: 220,
    data: { values: c.points },
    encoding: { x: { field: 'trials', type: 'quantitative', title: 'trials run (seed order)', scale: { zero: false } } },
    layer: [
      {
        name: 'convergence_band',
        mark: { type: 'area', opacity: 0.25, color: '#7f9cc0' },
        encoding: { y: { field: 'low', type: 'quantitative', title: y }, y2: { field: 'high' } },
      },
      {
        name: 'convergence_line',
        mark: { type: 'line', color: '#1f4e8c' },
        encoding: { y: { field: 'value', type: 'quantitative', title: y } },
      },
    ],
  };
  return vegaLiteToSvg(spec);
}

export async function interceptorsSvg(rows: ReportInput['interceptors']): Promise<string> {
  const order = [...new Set(rows.map((r) => r.weapon))];
  const spec: TopLevelSpec = {
    width: WIDTH,
    height: { step: 24 },
    data: { values: rows.map((r) => ({ weapon: r.weapon, owner: r.owner, fired: r.fired })) },
    layer: [{ name: 'interceptor_bars', mark: { type: 'bar' } }],
    encoding: {
      y: { field: 'weapon', type: 'nominal', sort: order, title: null },
      x: { field: 'fired', type: 'quantitative', stack: 'zero', title: 'interceptors fired per trial (mean)' },
      color: { field: 'owner', type: 'nominal', title: 'owner', scale: { scheme: 'tableau10' }, legend: { orient: 'top' } },
      tooltip: [{ field: 'weapon' }, { field: 'owner' }, { field: 'fired', format: ',.3~f' }],
    },
  };
  return vegaLiteToSvg(spec);
}

export async function timelinesSvg(rows: NonNullable<ReportInput['timelines']>): Promise<string> {
  const values = rows.map((r) => ({ label: r.label, seconds: r.seconds, low: r.low ?? null, high: r.high ?? null }));
  const spec: TopLevelSpec = {
    width: WIDTH,
    height: { step: 26 },
    data: { values },
    encoding: { y: { field: 'label', type: 'nominal', sort: rows.map((r) => r.label), title: null } },
    layer: [
      {
        name: 'timeline_bars',
        mark: { type: 'bar', color: '#8fb3d9', height: { band: 0.6 } },
        encoding: { x: { field: 'seconds', type: 'quantitative', title: 'seconds (bar: mean; line: 95 % interval)' } },
      },
      {
        transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
        name: 'timeline_intervals',
        mark: { type: 'rule', color: '#1b2a3a', strokeWidth: 2 },
        encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, dy: -9, fontSize: 10 },
        encoding: { x: { field: 'seconds', type: 'quantitative' }, text: { field: 'seconds', type: 'quantitative', format: ',.0f' } },
      },
    ],
  };
  return vegaLiteToSvg(spec);
}

export async function curveSvg(curve: NonNullable<ReportInput['curves']>[number]): Promise<string> {
  const values = curve.series.flatMap((s) =>
    s.points.map(([x, y], i) => ({ series: s.name, x, y, low: s.low?.[i] ?? null, high: s.high?.[i] ?? null })),
  );
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { scheme: 'tableau10' as const },
    legend: { orient: 'top' as const },
  };
  const spec: TopLevelSpec = {
    width: WIDTH,
    height: 240,
    title: curve.title,
    data: { values },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: curve.xLabel, scale: { zero: false } },
      color,
    },
    layer: [
      {
        transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
        name: 'curve_bands',
        mark: { type: 'area', opacity: 0.2 },
        encoding: { y: { field: 'low', type: 'quantitative', title: curve.yLabel }, y2: { field: 'high' } },
      },
      {
        name: 'curve_lines',
        mark: { type: 'line', point: true },
        encoding: { y: { field: 'y', type: 'quantitative', title: curve.yLabel } },
      },
    ],
  };
  return vegaLiteToSvg(spec);
}

/** A grid sweep's heat map: one rectangle per combination, coloured by the metric, labelled with it and its 95 % interval. */
export async function heatmapSvg(map: NonNullable<ReportInput['heatmaps']>[number]): Promise<string> {
  // each cell rounded to its interval (format.ts, the reports' one rule)
  const values = map.cells.map((c) => {
    const p = estimateParts(c.value, c.low, c.high, c.unit);
    return { x: c.x, y: c.y, value: c.value, label: p.value, interval: p.interval ?? '' };
  });
  const xOrder = map.xOrder ?? [...new Set(map.cells.map((c) => c.x))];
  const yOrder = map.yOrder ?? [...new Set(map.cells.map((c) => c.y))];
  const spec: TopLevelSpec = {
    width: Math.min(WIDTH, Math.max(240, 110 * xOrder.length)),
    height: Math.min(360, Math.max(96, 48 * yOrder.length)),
    title: map.title,
    data: { values },
    encoding: {
      x: { field: 'x', type: 'ordinal', sort: xOrder, title: map.xLabel, axis: { labelAngle: 0 } },
      y: { field: 'y', type: 'ordinal', sort: [...yOrder].reverse(), title: map.yLabel },
    },
    layer: [
      {
        name: 'heatmap_cells',
        mark: { type: 'rect', stroke: 'white' },
        encoding: {
          color: {
            field: 'value',
            type: 'quantitative',
            title: map.colorLabel,
            scale: { scheme: 'orangered' },
            legend: { orient: 'right', titleLimit: 240 },
          },
        },
      },
      { mark: { type: 'text', dy: -6, fontSize: 11, fontWeight: 'bold' }, encoding: { text: { field: 'label', type: 'nominal' } } },
      { mark: { type: 'text', dy: 8, fontSize: 9 }, encoding: { text: { field: 'interval', type: 'nominal' } } },
    ],
  };
  return vegaLiteToSvg(spec);
}

/**
 * A comparison: per metric (one row each), A and B with their 95 % intervals on the left, the paired
 * difference B − A with its interval on the right, each point labelled with its rounded figure.
 */
export async function comparisonSvg(
  c: NonNullable<ReportInput['comparison']>,
  label: (e: { value: number; low: number; high: number }, unit: string | undefined, signed: boolean) => string,
): Promise<string> {
  const A = `A ${c.nameA}`,
    B = `B ${c.nameB}`,
    D = 'B − A (paired)';
  const values = c.rows
    .flatMap((r) => [
      { metric: `${r.metric}${r.unit ? ` (${r.unit})` : ''}`, panel: 'A and B', series: A, ...r.a, text: label(r.a, r.unit, false) },
      { metric: `${r.metric}${r.unit ? ` (${r.unit})` : ''}`, panel: 'A and B', series: B, ...r.b, text: label(r.b, r.unit, false) },
      { metric: `${r.metric}${r.unit ? ` (${r.unit})` : ''}`, panel: 'B − A', series: D, ...r.diff, text: label(r.diff, r.diffUnit, true) },
    ])
    .map((v) => ({
      ...v,
      panel: v.series === D ? 'B − A (paired 95 %)' : 'A and B (95 %)',
      low: Number.isFinite(v.low) ? v.low : null,
      high: Number.isFinite(v.high) ? v.high : null,
    }));
  const spec: TopLevelSpec = {
    data: { values },
    facet: {
      row: {
        field: 'metric',
        type: 'nominal',
        sort: c.rows.map((r) => `${r.metric}${r.unit ? ` (${r.unit})` : ''}`),
        title: null,
        header: { labelAngle: 0, labelAlign: 'left', labelLimit: 200 },
      },
      column: { field: 'panel', type: 'nominal', sort: ['A and B (95 %)', 'B − A (paired 95 %)'], title: null },
    },
    spec: {
      width: 230,
      height: { step: 18 },
      encoding: { y: { field: 'series', type: 'nominal', sort: [A, B, D], title: null } },
      layer: [
        {
          transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
          name: 'compare_intervals',
          mark: { type: 'rule', strokeWidth: 2, color: '#1b2a3a' },
          encoding: { x: { field: 'low', type: 'quantitative', title: null }, x2: { field: 'high' } },
        },
        {
          name: 'compare_points',
          mark: { type: 'point', filled: true, size: 50 },
          encoding: {
            x: { field: 'value', type: 'quantitative', title: null },
            color: { field: 'series', type: 'nominal', sort: [A, B, D], scale: { range: ['#1f4e8c', '#c0392b', '#555'] }, legend: null },
          },
        },
        {
          name: 'compare_labels',
          mark: { type: 'text', dy: -9, fontSize: 10 },
          encoding: { x: { field: 'value', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
        },
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
  return vegaLiteToSvg(spec);
}

/** One trial's engagement: a row per threat object, a mark per step (detections, assignments, shots, intercepts, assessments, impacts). */
export async function engagementSvg(e: NonNullable<ReportInput['engagement']>): Promise<string> {
  const objects = [...new Set(e.events.map((x) => x.object))];
  const present = ENGAGEMENT_STEPS.filter((s) => e.events.some((x) => x.what === s));
  const colours: Record<string, string> = {
    detection: '#7f9cc0',
    assignment: '#f0a202',
    shot: '#1f4e8c',
    'intercept: hit': '#1a9850',
    'intercept: miss': '#d73027',
    'kill assessment': '#6a3d9a',
    impact: '#000000',
  };
  const shapes: Record<string, string> = {
    detection: 'circle',
    assignment: 'diamond',
    shot: 'triangle-right',
    'intercept: hit': 'cross',
    'intercept: miss': 'cross',
    'kill assessment': 'square',
    impact: 'triangle-down',
  };
  const spec: TopLevelSpec = {
    width: WIDTH,
    height: { step: 16 },
    data: { values: e.events },
    layer: [
      {
        name: 'engagement_marks',
        mark: { type: 'point', filled: true, size: 45, opacity: 0.85 },
        encoding: {
          x: { field: 't', type: 'quantitative', title: 'seconds after the first launch' },
          y: { field: 'object', type: 'nominal', sort: objects, title: null },
          color: {
            field: 'what',
            type: 'nominal',
            title: null,
            scale: { domain: present, range: present.map((s) => colours[s]) },
            legend: { orient: 'top', columns: 4 },
          },
          shape: { field: 'what', type: 'nominal', scale: { domain: present, range: present.map((s) => shapes[s]) } },
          tooltip: [{ field: 'object' }, { field: 'what' }, { field: 't', format: ',.0f' }],
        },
      },
    ],
  };
  return vegaLiteToSvg(spec);
}
