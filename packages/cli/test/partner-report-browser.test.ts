/**
 * The partner study's report in Debian's headless Chromium (browser.ts; docs/browser.md): at a 1280 px
 * and an 800 px wide window no table is wider than the block it sits in, no cell's content is wider than
 * its cell, and the page never scrolls sideways (issue 16: "its tables fit the page"); no console error
 * either (a map of one city used to draw NaN paths: report/map.ts minimumFrame).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerStudyCommand } from '../src/commands/partner-study.ts';
import { hostOption, OUT_OPTION, referenceNations, testRaidText } from './partner-fixtures.ts';
import { launchBrowser, openWatched, type TestBrowser } from './browser.ts';

// One Hwasong-17 at Vancouver against NGIs at Fort Greely, and two options (out; a hosted battery that asks
// Canada's approval, so the levers table has rows): every table of the report, on the fewest trials.
const SCENARIO = testRaidText({
  name: 'one-at-vancouver',
  summary: 'One Hwasong-17 at Vancouver against NGIs at Fort Greely (test raid).',
  raid: ['{id: van, type: hwasong-17, from: pyongyang-sunan, to: Vancouver, target: {id: vancouver, nation: CA}, launch_time_s: 0}'],
  batteries: ['{id: ngi-fort-greely, interceptor: ngi, at: "63.95,-145.73", owner: US, class: midcourse, inventory: 4}'],
  shotsPerThreat: 2,
  trials: 2,
});
const STUDY = `name: report-widths
summary: Canada's options against one Hwasong-17 (test study for the report's layout).
illustrative: true
partner: CA
members: [US]
raids:
  - {scenario: ./one-at-vancouver.yaml}
monte_carlo: {trials: 2, seed: 3}
${referenceNations()}
cost:
  horizon_years: 20
  systems:
    - {system: ngi, count: 4, owner: US, source: "test: the raid's battery"}
  published_total: {value_usd: 1.2e12, dollar_year: 2026, label: "CBO (test)", source: "test: CBO 12 May 2026 via Military Times, https://www.militarytimes.com/news/pentagon-congress/2026/05/12/a-very-long-address-that-has-no-natural-place-to-break-it-in-a-narrow-column/"}
options:
${OUT_OPTION}${hostOption(4)}`;

/** In the page: every table (or cell) wider than the block that holds it, and the page's own sideways overflow. */
const MEASURE = `(() => {
  const out = [];
  for (const t of document.querySelectorAll('table')) {
    const name = t.className || t.closest('section')?.id || 'table';
    const box = t.parentElement.getBoundingClientRect();
    const r = t.getBoundingClientRect();
    if (r.width > box.width + 0.5) out.push(name + ': table ' + r.width.toFixed(0) + ' px in ' + box.width.toFixed(0) + ' px');
    if (t.parentElement.scrollWidth > t.parentElement.clientWidth + 0.5) out.push(name + ': its block scrolls sideways (' + t.parentElement.scrollWidth + ' > ' + t.parentElement.clientWidth + ')');
    for (const c of t.querySelectorAll('td, th')) {
      if (c.scrollWidth > c.clientWidth + 0.5) out.push(name + ': cell "' + c.textContent.slice(0, 40) + '" ' + c.scrollWidth + ' > ' + c.clientWidth);
    }
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 0.5) out.push('page: ' + page.scrollWidth + ' px wide in a ' + page.clientWidth + ' px window');
  return { problems: out, tables: document.querySelectorAll('table').length, cells: document.querySelectorAll('td').length };
})()`;

describe('the partner report in headless Chromium', () => {
  let browser: TestBrowser;
  let dir: string;
  let report: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dome-partner-report-'));
    writeFileSync(join(dir, 'one-at-vancouver.yaml'), SCENARIO);
    writeFileSync(join(dir, 'report-widths.yaml'), STUDY);
    const err: string[] = [];
    const [code] = await Promise.all([
      partnerStudyCommand([join(dir, 'report-widths.yaml'), '--workers', '1', '--out', join(dir, 'out')], {
        stdout: () => {},
        stderr: (s) => err.push(s),
      }),
      launchBrowser().then((b) => {
        browser = b;
      }),
    ]);
    expect(code, err.join('\n')).toBe(0);
    report = join(dir, 'out', 'report.html');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const width of [1280, 800]) {
    it(`every table fits its block at a ${width} px wide window`, async () => {
      const { page, problems } = await openWatched(browser, report);
      await page.setViewportSize({ width, height: 900 });
      const m = (await page.evaluate(MEASURE)) as { problems: string[]; tables: number; cells: number };
      expect(problems).toEqual([]);
      // options, levers, the raid's time figures, 2 x terms, costs, assumptions: all measured
      expect(m.tables).toBe(7);
      expect(m.cells).toBeGreaterThan(50);
      expect(m.problems).toEqual([]);
      // the summary's sentences round like the tables (report/format.ts: here exact zeros, "0 people
      // (exact)"), never to two fixed decimals ("0.00 M")
      const summary = (await page.locator('section.headline p').allTextContents()).join(' ');
      expect(summary).toMatch(/keep \d[\d.,]*(\sM)?\speople\s\(/);
      expect(summary).not.toMatch(/\d\.\d\d\sM\b/);
      await page.close();
    }, 60_000);
  }
});
