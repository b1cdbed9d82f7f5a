import { describe, expect, it } from 'vitest';
import { zeroLeakerConvergence } from '../src/campaign/campaign-report.ts';
import { renderReport } from '../src/report/html-report.ts';
import type { ReportInput } from '../src/report/report-input.ts';
import { wilsonInterval } from '@golden-dome/core';

/** A small report input: two layers, eight trials, a sweep curve. */
function input(): ReportInput {
  const leakers = [0, 1, 0, 2, 0, 0, 1, 0];
  return {
    title: 't', generatedAt: '2026-12-04T00:00:00Z',
    scenario: { name: 's', summary: 'x', sources: [], epoch: '2029-01-01T00:00:00Z' },
    headline: ['h'],
    metrics: [{ id: 'people', label: 'Defended population kept safe', value: 21_446_000, low: 20_960_915, high: 21_931_085, unit: 'people' }],
    perLayer: [{ layer: 'midcourse', shots: 4, warheadKills: 1.5, decoyKills: 0.75 }],
    interceptors: [],
    leakersPerTrial: leakers,
    convergence: zeroLeakerConvergence(leakers.map((warheadLeakers) => ({ warheadLeakers }))),
    curves: [{ title: 'Leakage against inventory', xLabel: 'inventory', yLabel: 'leakers', series: [{ name: 'a', points: [[1, 2], [2, 1]] }] }],
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
    const fig = html.slice(html.indexOf('id="plot-leakers-histogram"'), html.indexOf('</figure>', html.indexOf('id="plot-leakers-histogram"')));
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
    expect(html).toContain('<div class="value">21.4\u202fM\u202fpeople</div><div class="interval">95 % interval 21.0–21.9\u202fM\u202fpeople</div>');
    expect(html).not.toContain('21,446,000');
  });
});
