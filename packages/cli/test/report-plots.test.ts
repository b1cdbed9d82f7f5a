import { describe, expect, it } from 'vitest';
import { zeroLeakerConvergence } from '../src/campaign/campaign-report.ts';
import { renderReport } from '../src/report/html-report.ts';
import { MAP_HEIGHT, MAP_WIDTH, mapSvg, SCALE_BAR_KM } from '../src/report/map.ts';
import type { ReportInput } from '../src/report/report-input.ts';
import { wilsonInterval } from '@golden-dome/core';

/** A small report input: two layers, eight trials, a sweep curve. */
function input(): ReportInput {
  const leakers = [0, 1, 0, 2, 0, 0, 1, 0];
  return {
    title: 't',
    generatedAt: '2026-12-04T00:00:00Z',
    scenario: { name: 's', summary: 'x', sources: [], epoch: '2029-01-01T00:00:00Z' },
    headline: ['h'],
    metrics: [
      { id: 'people', label: 'Defended population kept safe', value: 21_446_000, low: 20_960_915, high: 21_931_085, unit: 'people' },
    ],
    perLayer: [{ layer: 'midcourse', shots: 4, warheadKills: 1.5, decoyKills: 0.75 }],
    interceptors: [],
    leakersPerTrial: leakers,
    convergence: zeroLeakerConvergence(leakers.map((warheadLeakers) => ({ warheadLeakers }))),
    curves: [
      {
        title: 'Leakage against inventory',
        xLabel: 'inventory',
        yLabel: 'leakers',
        series: [
          {
            name: 'a',
            points: [
              [1, 2],
              [2, 1],
            ],
          },
        ],
      },
    ],
    map: { trajectories: [], cities: [], sensors: [], batteries: [] },
    assumptions: [],
  };
}

describe('report plots that answer first', () => {
  it('puts the sweep curves before the case details, then the histogram and convergence, then per layer', async () => {
    const html = await renderReport(input());
    const at = (id: string): number => html.indexOf(`id="${id}"`);
    expect(at('plot-curve-0')).toBeGreaterThan(0);
    expect(at('plot-curve-0')).toBeLessThan(at('plot-leakers-histogram'));
    expect(at('plot-leakers-histogram')).toBeLessThan(at('plot-convergence'));
    expect(at('plot-convergence')).toBeLessThan(at('plot-per-layer'));
  });

  it('the per-layer plot counts warheads and decoys apart and says so', async () => {
    const html = await renderReport(input());
    const fig = html.slice(html.indexOf('id="plot-per-layer"'), html.indexOf('</figure>', html.indexOf('id="plot-per-layer"')));
    for (const legend of ['interceptors fired', 'warheads destroyed', 'decoys destroyed']) expect(fig).toContain(legend);
    expect(fig).toContain('the warheads and the decoys it destroyed, counted apart');
  });

  it('the histogram has one bar per leaker count, from 0 to the most, each labelled with its trials', async () => {
    const html = await renderReport(input());
    const fig = html.slice(
      html.indexOf('id="plot-leakers-histogram"'),
      html.indexOf('</figure>', html.indexOf('id="plot-leakers-histogram"')),
    );
    expect(fig).toContain('of the 8 trials');
    expect(fig).toContain('warheads leaked in a trial');
    // 5 trials with none, 2 with one, 1 with two
    const bars = fig.slice(fig.indexOf('histogram_bars_marks'));
    expect((bars.slice(0, bars.indexOf('</g>')).match(/<path /g) ?? []).length).toBe(3); // leakers 0, 1 and 2
    const labels = fig.slice(fig.lastIndexOf('role-mark'));
    for (const n of ['>5</text>', '>2</text>', '>1</text>']) expect(labels).toContain(n);
  });

  it('convergence: the running P(no warhead leaks) after each trial with Wilson intervals, ending at the full estimate', () => {
    const c = zeroLeakerConvergence([0, 1, 0, 2, 0, 0, 1, 0].map((warheadLeakers) => ({ warheadLeakers })));
    expect(c.points.map((p) => p.trials)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(c.points[1].value).toBeCloseTo(50, 10); // 1 of 2 trials without a leaker
    const last = c.points.at(-1)!;
    const w = wilsonInterval(5, 8);
    expect(last.value).toBeCloseTo(62.5, 10);
    expect([last.low, last.high]).toEqual([100 * w.ci[0], 100 * w.ci[1]]);
    // thinned to at most 200 points, the last trial always kept
    const many = zeroLeakerConvergence(Array.from({ length: 1001 }, (_, i) => ({ warheadLeakers: i % 3 === 0 ? 1 : 0 })));
    expect(many.points.length).toBeLessThanOrEqual(201);
    expect(many.points.at(-1)!.trials).toBe(1001);
  });

  it('metric cards round an estimate to its interval: 21.4 M people, not 21,446,000', async () => {
    const html = await renderReport(input());
    expect(html).toContain(
      '<div class="value">21.4\u202fM\u202fpeople</div><div class="interval">95 % interval 21.0–21.9\u202fM\u202fpeople</div>',
    );
    expect(html).not.toContain('21,446,000');
  });
});

describe('the map frames the raid', () => {
  // two cities on the central meridian (100° W), 10° of latitude apart: 1,111.95 km on a 6,371.0088 km sphere
  const map: ReportInput['map'] = {
    trajectories: [
      {
        id: 'w1',
        kind: 'warhead',
        points: [
          [40.0, 127.5],
          [55, 175],
          [50, -140],
          [47.6, -122.3],
        ],
      },
      {
        id: 'd1',
        kind: 'decoy',
        points: [
          [40.0, 127.5],
          [53, 178],
          [48, -138],
        ],
      },
    ],
    cities: [
      { name: 'North Town', latDeg: 50, lonDeg: -100, probabilityHit: 0.3 },
      { name: 'South Town', latDeg: 40, lonDeg: -100, probabilityHit: 0.01 },
    ],
    sensors: [{ id: 'Clear LRDR', latDeg: 64.29, lonDeg: -149.19, rangeKm: 6000, owner: 'USA' }], // a ring that would fill a hemisphere
    batteries: [{ id: 'Fort Greely', latDeg: 63.95, lonDeg: -145.73, owner: 'USA' }],
  };

  it('fits what is drawn, labels sensors and batteries, lists only what it draws, and carries a true scale bar', async () => {
    const svg = await mapSvg(map);
    // labels: sensors and batteries by name, next to the cities
    expect(svg).toContain('>Clear LRDR</text>');
    expect(svg).toContain('>Fort Greely</text>');
    // the legend lists no interceptor trajectory: none is drawn
    expect(svg).toContain('>warhead</text>');
    expect(svg).not.toContain('>interceptor</text>');
    // the cities' symbols: their projected positions (translate(x,y) of the circles in the cities mark)
    const cities = svg.slice(svg.indexOf('role-mark cities'));
    const pos = [...cities.slice(0, cities.indexOf('</g>')).matchAll(/translate\(([\d.]+),([\d.]+)\)/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(pos).toHaveLength(2);
    const pxPerKm = Math.hypot(pos[0][0] - pos[1][0], pos[0][1] - pos[1][1]) / (((10 * Math.PI) / 180) * 6371.0088);
    // the scale bar: its label's kilometres and its rect's width agree with the cities' separation (true along meridians)
    const km = Number(/>([\d,]+) km \(along meridians\)</.exec(svg)?.[1].replace(/,/g, ''));
    expect(SCALE_BAR_KM).toContain(km);
    const bar = svg.slice(svg.indexOf('role-mark scale_bar'));
    const w = Number(/<path d="M[\d.]+,[\d.]+h([\d.]+)v/.exec(bar)?.[1]);
    expect(w / km).toBeCloseTo(pxPerKm, 2);
    // framed: the raid spans most of the frame, not a corner of a hemisphere (the 6,000 km ring is clipped, not fitted)
    const traj = svg.slice(svg.indexOf('role-mark trajectories'));
    const pts = [...traj.slice(0, traj.indexOf('</g>')).matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const all = [...pts, ...pos];
    const span = (i: number): number => Math.max(...all.map((p) => p[i])) - Math.min(...all.map((p) => p[i]));
    // the fit leaves a 48 px margin: trajectories and cities fill the frame along one axis (here the height)
    expect(Math.max(span(0) / MAP_WIDTH, span(1) / MAP_HEIGHT)).toBeGreaterThan(0.8);
  });
});
