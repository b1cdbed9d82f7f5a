import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportInput } from '../src/report/report-input.ts';
import { escapeHtml, formatValue, linkify, renderReport } from '../src/report/html-report.ts';
import { HIT_COLOURS, hitColour, rangeRing } from '../src/report/map.ts';
import { writeReport } from '../src/report/write-report.ts';
import { launchBrowser, openWatched, type TestBrowser } from './browser.ts';

const HOSTILE = '</pre><script>alert("x")</script><img src="https://evil.example/x.png">';

/** A small, plausible campaign: a salvo from the west over the Pacific and one over the pole. */
function sampleInput(): ReportInput {
  return {
    title: 'Golden Dome campaign: 2029 salvo <test> & decoys',
    generatedAt: '2026-11-25T10:00:00.000Z',
    scenario: {
      name: 'nk-2029-salvo',
      summary: 'Eight ICBMs with two decoys each against a two-layer architecture (midcourse and terminal).',
      sources: ['CRS IF11623, Missile Defense Agency budget (2025)', 'https://www.cbo.gov/publication/62422'],
      epoch: '2029-06-01T00:00:00Z',
      text: `name: nk-2029-salvo\nseed: 42\n# a comment with markup ${HOSTILE}\nraid:\n  - type: hwasong-18\n    count: 8\n`,
    },
    headline: [
      'In 1,000 trials the defense let no warhead through in 82 % of them (95 % interval 80–84 %).',
      'On average 0.21 warheads leaked, most often against Seattle.',
      'The coalition fired 34 interceptors per trial, costing about $1.9B.',
    ],
    metrics: [
      { id: 'p_zero_leak', label: 'P(no leaker)', value: 82, low: 79.6, high: 84.3, unit: '%' },
      { id: 'expected_leakers', label: 'Expected leakers', value: 0.212, low: 0.18, high: 0.25, note: 'warheads reaching a defended city' },
      { id: 'interceptor_cost', label: 'Interceptors spent per trial', value: 1.93e9, low: 1.7e9, high: 2.1e9, unit: 'USD' },
      { id: 'population_safe', label: 'Defended population kept safe', value: 97.4, low: 96.8, high: 98, unit: '%' },
    ],
    perLayer: [
      { layer: 'midcourse (GBI/NGI)', shots: 22.4, warheadKills: 6.9, decoyKills: 2.1 },
      { layer: 'terminal (THAAD & SM-6)', shots: 11.6, warheadKills: 0.9, decoyKills: 0 },
    ],
    interceptors: [
      { weapon: 'NGI', owner: 'USA', fired: 14.2, unitCostUsd: 75e6 },
      { weapon: 'GBI', owner: 'USA', fired: 8.2, unitCostUsd: 70e6 },
      { weapon: 'SM-6 <Blk IB>', owner: 'USA', fired: 7.1, unitCostUsd: 5e6 },
      { weapon: 'SM-6 <Blk IB>', owner: 'Canada', fired: 4.5, unitCostUsd: 5e6 },
    ],
    timelines: [
      { label: 'launch to first detection', seconds: 42, low: 35, high: 55 },
      { label: 'detection to first shot', seconds: 612, low: 540, high: 700 },
      { label: 'decision time used', seconds: 95 },
    ],
    curves: [
      {
        title: 'Leakage against NGI inventory',
        xLabel: 'NGI inventory',
        yLabel: 'expected leakers',
        series: [
          {
            name: 'with space layer',
            points: [
              [20, 1.9],
              [40, 0.8],
              [60, 0.3],
              [80, 0.12],
            ],
            low: [1.7, 0.7, 0.25, 0.09],
            high: [2.1, 0.9, 0.36, 0.15],
          },
          {
            name: 'without space layer',
            points: [
              [20, 2.6],
              [40, 1.4],
              [60, 0.7],
              [80, 0.4],
            ],
          },
        ],
      },
    ],
    map: {
      trajectories: [
        {
          id: 'w1',
          kind: 'warhead',
          points: [
            [40.0, 127.5],
            [50, 150],
            [55, 175],
            [54, -160],
            [50, -140],
            [47.6, -122.3],
          ],
        },
        {
          id: 'd1',
          kind: 'decoy',
          points: [
            [40.0, 127.5],
            [49, 152],
            [53, 178],
            [52, -158],
            [48, -138],
          ],
        },
        {
          id: 'w2',
          kind: 'warhead',
          points: [
            [67.9, 33.1],
            [80, 20],
            [85, -60],
            [70, -100],
            [45.4, -75.7],
          ],
        },
        {
          id: 'i1',
          kind: 'interceptor',
          points: [
            [63.9, -145.7],
            [58, -160],
            [54, -168],
          ],
        },
        {
          id: 'i2',
          kind: 'interceptor',
          points: [
            [34.7, -120.6],
            [42, -132],
            [46, -137],
          ],
        },
      ],
      cities: [
        { name: 'Seattle', latDeg: 47.61, lonDeg: -122.33, probabilityHit: 0.62 },
        { name: 'San Francisco', latDeg: 37.77, lonDeg: -122.42, probabilityHit: 0.12 },
        { name: 'Ottawa', latDeg: 45.42, lonDeg: -75.7, probabilityHit: 0.01 },
      ],
      sensors: [
        { id: 'Clear LRDR', latDeg: 64.29, lonDeg: -149.19, rangeKm: 4000, owner: 'USA' },
        { id: 'Beale UEWR', latDeg: 39.14, lonDeg: -121.35, rangeKm: 3000, owner: 'USA' },
        { id: 'Over-the-horizon radar', latDeg: 50, lonDeg: -95, rangeKm: 2500, owner: 'Canada' },
      ],
      batteries: [
        { id: 'Fort Greely', latDeg: 63.95, lonDeg: -145.73, owner: 'USA' },
        { id: 'Vandenberg', latDeg: 34.74, lonDeg: -120.57, owner: 'USA' },
        { id: 'Halifax SM-6', latDeg: 44.65, lonDeg: -63.57, owner: 'Canada' },
      ],
    },
    assumptions: [
      { item: 'NGI single-shot kill probability', value: '0.7 (0.55–0.85)', source: 'notional; MDA statements on NGI (2024)' },
      {
        item: 'Decoy discrimination',
        value: '60 % of decoys rejected before commit',
        source: 'APS Study on Boost-Phase Intercept (2003) <p. 12>',
      },
      { item: 'SM-6 unit cost', value: '$5M', source: 'https://www.cbo.gov/publication/62422' },
      {
        item: 'A hostile source',
        value: '1',
        source:
          'see (https://example.org/a?b=1&c="x"><script>alert(1)</script>), and javascript:alert(2); also https://en.wikipedia.org/wiki/Clear_(Alaska).',
      },
    ],
    trialsCsvName: 'trials.csv',
  };
}

/** Page code: counts a screenshot's non-white and strongly coloured pixels (window.__png holds it in base64). */
const PIXEL_STATS = `(async () => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + window.__png;
  await img.decode();
  const c = document.getElementById('c');
  c.width = img.width; c.height = img.height;
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  let nonWhite = 0, coloured = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245) nonWhite++;
    if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) coloured++;
  }
  return { width: c.width, height: c.height, nonWhite, coloured, pixels: d.length / 4 };
})()`;

/** URL-bearing attribute values of the document's tags (escaped text is not a tag). */
function urlAttributes(html: string): string[] {
  return [...html.matchAll(/<[a-zA-Z][^<>]*>/g)].flatMap((tag) =>
    [...tag[0].matchAll(/\s(?:src|href|xlink:href|action|poster|data|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)].map(
      (m) => m[1] ?? m[2] ?? m[3],
    ),
  );
}

describe('HTML report (static)', () => {
  let html: string;
  beforeAll(async () => {
    html = await renderReport(sampleInput());
  }, 60_000);

  it('is one self-contained document: no external src, no script, no external CSS or fonts; the only outside URLs are source links', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const urls = urlAttributes(html);
    expect(urls).toContain('#map');
    expect(urls).toContain('./trials.csv');
    // every tag that names an outside URL is a link in a source (an <a> the reader may follow; it loads nothing)
    for (const tag of html.matchAll(
      /<([a-zA-Z][\w:-]*)[^<>]*\s(?:src|href|xlink:href|action|poster|data|srcset)\s*=\s*"(https?:[^"]*)"/g,
    )) {
      expect(tag[1], tag[0]).toBe('a');
    }
    for (const url of urls) expect(url, url).toMatch(/^(#[\w-]+|\.\/[\w.%-]+|data:.*|https?:\/\/[^"<>\s]+)$/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|@font-face|url\(/i);
    expect(html).toContain('http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;'); // nothing may load
    expect(html.length).toBeLessThan(3_000_000);
  });

  it('escapes every text: the scenario file cannot inject markup', () => {
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('<title>Golden Dome campaign: 2029 salvo &lt;test&gt; &amp; decoys</title>');
    expect(html).toContain('APS Study on Boost-Phase Intercept (2003) &lt;p. 12&gt;');
    // labels inside the SVG plots are escaped by the renderer too
    expect(html).not.toContain('SM-6 <Blk IB>');
    expect(html).toContain('SM-6 &lt;Blk IB&gt;');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('shows the summary, every metric with its interval, every assumption with its source, and links the CSV', () => {
    const input = sampleInput();
    for (const s of input.headline) expect(html).toContain(escapeHtml(s));
    for (const m of input.metrics) expect(html).toContain(`data-metric="${m.id}"`);
    // precision follows the interval (report/format.ts): 82 ± 2.7 % is whole percent; $1.93B ± 0.23B is tenths of a billion
    expect(html).toContain('<div class="value">82\u202f%</div><div class="interval">95 % interval 80–84\u202f%</div>');
    expect(html).toContain('<div class="value">$1.9B</div><div class="interval">95 % interval $1.7–2.1B</div>');
    for (const a of input.assumptions) {
      expect(html).toContain(escapeHtml(a.item));
      expect(html).toContain(linkify(a.source));
    }
    // a URL in a source is a link, in the assumptions table and in the scenario's sources
    expect(html).toContain(
      '<td class="source"><a href="https://www.cbo.gov/publication/62422" rel="noopener noreferrer">https://www.cbo.gov/publication/62422</a></td>',
    );
    expect(html).toContain(
      '<li class="source"><a href="https://www.cbo.gov/publication/62422" rel="noopener noreferrer">https://www.cbo.gov/publication/62422</a></li>',
    );
    expect(html).toContain('href="./trials.csv"');
    expect(formatValue(1234567)).toBe('1,234,567');
    expect(formatValue(0.21234)).toBe('0.212');
  });

  it('makes every http(s) URL in a source a link, escaped in the attribute and the text, and nothing else a link', () => {
    expect(linkify('CBO, https://www.cbo.gov/publication/62422.')).toBe(
      'CBO, <a href="https://www.cbo.gov/publication/62422" rel="noopener noreferrer">https://www.cbo.gov/publication/62422</a>.',
    );
    // an & in the URL is escaped in the href (the browser reads it back as &); a quote cannot close the attribute
    expect(linkify('x https://a.org/p?b=1&c=2 y')).toBe(
      'x <a href="https://a.org/p?b=1&amp;c=2" rel="noopener noreferrer">https://a.org/p?b=1&amp;c=2</a> y',
    );
    const hostile = linkify('(https://example.org/a?b=1&c="x"><script>alert(1)</script>) javascript:alert(2) <b>');
    expect(hostile).toBe(
      '(<a href="https://example.org/a?b=1&amp;c=" rel="noopener noreferrer">https://example.org/a?b=1&amp;c=</a>&quot;x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;) javascript:alert(2) &lt;b&gt;',
    );
    expect(hostile).not.toMatch(/<script|<b>|href="javascript/);
    // a closing parenthesis belongs to the URL only when the URL opened one; sentence punctuation never does
    expect(linkify('(see https://en.wikipedia.org/wiki/Clear_(Alaska)).')).toBe(
      '(see <a href="https://en.wikipedia.org/wiki/Clear_(Alaska)" rel="noopener noreferrer">https://en.wikipedia.org/wiki/Clear_(Alaska)</a>).',
    );
    expect(linkify('(NRC, https://nap.edu/x), and more')).toContain('>https://nap.edu/x</a>), and more');
    expect(linkify('no link here: ftp://x.org, www.x.org')).toBe('no link here: ftp://x.org, www.x.org');
    expect(html).toContain('see (<a href="https://example.org/a?b=1&amp;c=" rel="noopener noreferrer">');
  });

  it('is deterministic: the same input gives the same bytes', async () => {
    expect(await renderReport(sampleInput())).toBe(html);
  });

  it('renders with no optional parts and an empty map', async () => {
    const bare: ReportInput = {
      ...sampleInput(),
      timelines: undefined,
      curves: undefined,
      perLayer: [],
      interceptors: [],
      trialsCsvName: '../escape.csv',
      map: { trajectories: [], cities: [], sensors: [], batteries: [] },
    };
    const out = await renderReport(bare);
    expect(out).toContain('No layer fired.');
    expect(out).not.toContain('escape.csv');
    expect(out).toMatch(/class="mark-shape role-mark coastline_?/);
  });

  it('draws range rings as small circles of the right radius', () => {
    const ring = rangeRing(64.29, -149.19, 4000);
    expect(ring[0]).toEqual(ring[ring.length - 1].map((v) => expect.closeTo(v, 9)));
    const lat1 = (64.29 * Math.PI) / 180;
    for (const [lon, lat] of ring) {
      const lat2 = (lat * Math.PI) / 180;
      const dlon = ((lon + 149.19) * Math.PI) / 180;
      const d = Math.acos(Math.min(1, Math.sin(lat1) * Math.sin(lat2) + Math.cos(lat1) * Math.cos(lat2) * Math.cos(dlon))) * 6371.0088;
      expect(d).toBeCloseTo(4000, 3);
    }
    expect(hitColour(0.01)).toBe(HIT_COLOURS[0]);
    expect(hitColour(0.62)).toBe(HIT_COLOURS[3]);
  });
});

describe('HTML report in headless Chromium', () => {
  let browser: TestBrowser;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dome-report-'));
    browser = await launchBrowser(); // installs Debian's chromium when missing: slow the first time
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens from file:// with no request outside the file, plots and map present, no console error, a non-blank screenshot', async () => {
    const input = sampleInput();
    const path = await writeReport(dir, input);
    expect(path).toBe(join(dir, 'report.html'));
    expect(readdirSync(dir)).toEqual(['report.html']); // no temporary file left behind

    const { page, requests, problems } = await openWatched(browser, path);
    expect(await page.title()).toBe(input.title);

    const outside = requests.filter((u) => !/^(file|data|blob):/.test(u));
    expect(outside).toEqual([]);

    const count = (sel: string) => page.locator(sel).count();
    // per-layer plot: one bar each for interceptors fired, warheads destroyed and decoys destroyed per layer
    expect(await count('#plot-per-layer svg .layer_bars_marks path')).toBe(3 * input.perLayer.length);
    // interceptors: one stacked segment per (type, owner)
    expect(await count('#plot-interceptors svg .interceptor_bars_marks path')).toBe(input.interceptors.length);
    expect(await count('table.interceptors tr')).toBe(input.interceptors.length + 2);
    // timelines: a bar each, an interval line for those that have one
    expect(await count('#plot-timelines svg .timeline_bars_marks path')).toBe(3);
    expect(await count('#plot-timelines svg .timeline_intervals_marks line')).toBe(2);
    // the curve: a line per series and a band where intervals are given
    expect(await count('#plot-curve-0 svg .curve_lines_marks path')).toBe(2);
    expect(await count('#plot-curve-0 svg .curve_bands_marks path')).toBe(1);
    for (const id of ['plot-per-layer', 'plot-interceptors', 'plot-timelines', 'plot-curve-0', 'map-figure']) {
      const box = await page.locator(`#${id} svg`).boundingBox();
      expect(box?.width, id).toBeGreaterThan(200);
      expect(box?.height, id).toBeGreaterThan(80);
    }

    // map: coastlines (Natural Earth country outlines in view), trajectories, rings, sites, cities with their colours
    const coast = page.locator('#map-figure svg .coastline path');
    expect(await coast.count()).toBeGreaterThan(20);
    const coastD = await coast.evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? '').filter((d) => d.length > 20).length);
    expect(coastD).toBeGreaterThan(20);
    expect(await count('#map-figure svg .trajectories path')).toBe(input.map.trajectories.length);
    expect(await count('#map-figure svg .range_rings path')).toBe(input.map.sensors.length);
    expect(await count('#map-figure svg .sensors path')).toBe(input.map.sensors.length);
    expect(await count('#map-figure svg .batteries path')).toBe(input.map.batteries.length);
    const cityFills = await page.locator('#map-figure svg .cities path').evaluateAll((els) => els.map((e) => e.getAttribute('fill')));
    expect(cityFills).toEqual(input.map.cities.map((c) => hitColour(c.probabilityHit)));
    expect(new Set(cityFills).size).toBe(3);
    const labels = await page.locator('#map-figure svg .city_labels text').allTextContents();
    expect(labels).toEqual(['Seattle 62%', 'San Francisco 12%', 'Ottawa 1%']);
    // the cities fall inside the drawn map
    const mapBox = await page.locator('#map-figure svg').boundingBox();
    for (const b of await page
      .locator('#map-figure svg .cities path')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) {
      expect(b.x).toBeGreaterThan(mapBox!.x);
      expect(b.x + b.width).toBeLessThan(mapBox!.x + mapBox!.width);
    }

    // the scenario text is shown as text, not run
    expect(await page.locator('pre.scenario-text').textContent()).toContain(HOSTILE);
    expect(await count('img')).toBe(0);
    expect(await count('script')).toBe(0);

    expect(problems).toEqual([]);

    const shot = join(tmpdir(), `dome-report-${process.pid}.png`);
    const png = await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    const shotPage = await browser.context.newPage();
    await shotPage.setContent('<canvas id="c"></canvas>');
    // decoded by the browser itself (the test runs without DOM typings, so the page code is a string)
    await shotPage.evaluate(`window.__png = ${JSON.stringify(png.toString('base64'))}`);
    const stats = (await shotPage.evaluate(PIXEL_STATS)) as {
      width: number;
      height: number;
      nonWhite: number;
      coloured: number;
      pixels: number;
    };
    await shotPage.close();
    expect(stats.height).toBeGreaterThan(2000);
    expect(stats.nonWhite / stats.pixels).toBeGreaterThan(0.05);
    expect(stats.coloured).toBeGreaterThan(5000);
    console.log(`report screenshot: ${shot} (${stats.width}×${stats.height})`);
    await page.close();
  }, 300_000);

  it('the watch catches an outside request: a report with an injected remote image is refused and reported', async () => {
    const html = (await renderReport(sampleInput())).replace('</main>', '<img src="http://127.0.0.1:9/x.png" alt=""></main>');
    const path = join(dir, 'tampered.html');
    writeFileSync(path, html);
    const { page, requests, problems } = await openWatched(browser, path);
    // the route sees the attempt, and the page's Content-Security-Policy refuses it with a console error
    const outside = requests.filter((u) => !/^(file|data|blob):/.test(u));
    expect(outside).toContain('http://127.0.0.1:9/x.png');
    expect(problems.some((p) => /Content Security Policy/.test(p))).toBe(true);
    await page.close();
  }, 120_000);
});
