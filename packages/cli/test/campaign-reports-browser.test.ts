/**
 * The sweep (one field and a grid of two) and compare reports in Debian's headless Chromium: each opens
 * from file:// with no request outside the file, no console error, and its plots and tables present with
 * one mark per case (browser.ts; docs/browser.md).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCommand } from '../src/commands/compare.ts';
import { estimateParts } from '../src/report/format.ts';
import { sweepCommand } from '../src/commands/sweep.ts';
import { launchBrowser, openWatched, type TestBrowser } from './browser.ts';
import { writeTinyScenario } from './tiny-scenarios.ts';

const io = { stdout: () => {}, stderr: () => {} };
const quiet = { onProgress: () => {} };

describe('sweep and compare reports in headless Chromium', () => {
  let browser: TestBrowser;
  let dir: string;
  let tiny: string, tinySbi: string, tinyNoSbi: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dome-reports-'));
    tiny = writeTinyScenario(dir, 'tiny', 2, false);
    tinySbi = writeTinyScenario(dir, 'tiny-sbi', 0, true);
    tinyNoSbi = writeTinyScenario(dir, 'tiny-sbi-no-sbi', 0, false);
    browser = await launchBrowser(); // installs Debian's chromium when missing: slow the first time
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a report: offline, nothing requested outside the file, no console error; returns the page. */
  async function open(path: string) {
    const { page, requests, problems } = await openWatched(browser, path);
    expect(requests.filter((u) => !/^(file|data|blob):/.test(u))).toEqual([]);
    expect(problems).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    return page;
  }

  it("a grid sweep: a heat-map cell per combination with its label, a curve per value of the second field, the base case's plots, map and tables", async () => {
    const out = join(dir, 'grid');
    const code = await sweepCommand(
      [
        tiny,
        '--vary',
        'architecture.batteries.0.inventory=0,2,8',
        '--vary',
        'raid.0.count=1,2',
        '--trials',
        '8',
        '--workers',
        '2',
        '--out',
        out,
      ],
      io,
      quiet,
    );
    expect(code).toBe(0);
    const sweep = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as {
      points: Array<{ expected_leakers: { value: number; ci95: [number, number] } }>;
    };
    const page = await open(join(out, 'report.html'));
    expect(await page.title()).toBe('Golden Dome sweep: tiny, architecture.batteries.0.inventory x raid.0.count');
    const count = (sel: string) => page.locator(sel).count();
    for (const h of [0, 1]) {
      expect(await count(`#plot-heatmap-${h} svg .heatmap_cells_marks path`)).toBe(6);
      const box = await page.locator(`#plot-heatmap-${h} svg`).boundingBox();
      expect(box?.width).toBeGreaterThan(200);
      expect(box?.height).toBeGreaterThan(80);
    }
    // each cell is labelled with its estimate, rounded to its interval: the leakage map shows every combination's expected leakers
    const texts = await page.locator('#plot-heatmap-0 svg text').allTextContents();
    for (const p of sweep.points)
      expect(texts).toContain(estimateParts(p.expected_leakers.value, p.expected_leakers.ci95[0], p.expected_leakers.ci95[1]).value);
    // three families of curves, one line and one band per salvo size
    for (const c of [0, 1, 2]) {
      expect(await count(`#plot-curve-${c} svg .curve_lines_marks path`)).toBe(2);
      expect(await count(`#plot-curve-${c} svg .curve_bands_marks path`)).toBe(2);
    }
    expect(await count('#plot-per-layer svg')).toBe(1);
    expect(await count('#map-figure svg .coastline path')).toBeGreaterThan(20);
    expect(await count('table.assumptions tr')).toBeGreaterThan(5);
    expect(await page.locator('table.assumptions').textContent()).toContain('raid.0.count = 1, 2');
    expect(await page.locator('nav a[href="./trials.csv"]').count()).toBe(1);
    await page.close();
  }, 180_000);

  it('a one-field sweep: one curve per metric with its band, and the interceptor table priced', async () => {
    const out = join(dir, 'sweep');
    const code = await sweepCommand(
      [tiny, '--vary', 'architecture.batteries.0.inventory=0,4', '--trials', '6', '--workers', '2', '--out', out],
      io,
      quiet,
    );
    expect(code).toBe(0);
    const page = await open(join(out, 'report.html'));
    expect(await page.locator('[id^="plot-heatmap-"]').count()).toBe(0);
    for (const c of [0, 1, 2]) expect(await page.locator(`#plot-curve-${c} svg .curve_lines_marks path`).count()).toBe(1);
    // the base case (the file's inventory is not among the values: the first, 0) fired nothing
    expect(await page.locator('#plots').textContent()).toContain('No interceptor was fired.');
    await page.close();
  }, 120_000);

  it("a comparison: both scenarios' metric cards, the A, B and B − A plot, the spending row, no outside request", async () => {
    const out = join(dir, 'compare');
    const code = await compareCommand([tinySbi, tinyNoSbi, '--trials', '8', '--workers', '2', '--out', out], io, quiet);
    expect(code).toBe(0);
    const page = await open(join(out, 'report.html'));
    expect(await page.title()).toBe('Golden Dome comparison: tiny-sbi (A) versus tiny-sbi-no-sbi (B)');
    for (const id of ['expected_leakers', 'p_zero_leakers', 'interceptors_spent_usd']) {
      expect(await page.locator(`[data-metric="${id}-a"]`).count(), id).toBe(1);
      expect(await page.locator(`[data-metric="${id}-b"]`).count(), id).toBe(1);
    }
    // A, B and B − A: a point each per metric row of the comparison table
    const rows = await page.locator('table.compare tr[data-compare]').count();
    expect(rows).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#plot-compare svg .compare_points_marks path').count()).toBe(3 * rows);
    const box = await page.locator('#plot-compare svg').boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    // scenario A fired space-based interceptors, priced in the table
    const table = await page.locator('table.interceptors').textContent();
    expect(table).toContain('notional-sbi');
    expect(table).toMatch(/\$21\.1M/); // CBO's $22M of 2026 in 2024 dollars: 22 x 125.223 / 130.632
    await page.close();
  }, 120_000);
});
