import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateSummaries, campaignMetrics, wilsonInterval } from '@golden-dome/core';
import { buildWorld, smallRaidRequest, type WorldRequest } from '@golden-dome/scenario';
import { campaignCostInputs, interceptorUnitCost, missileUnitCost } from '../src/campaign/cost-inputs.ts';
import { resultsJson, summaryText } from '../src/campaign/results.ts';
import { formatProportion } from '../src/report/format.ts';
import { type CampaignPart, runCampaign } from '../src/campaign/runner.ts';
import { type LoadedScenario, weaponTypesOf } from '../src/campaign/scenario-source.ts';
import { runCommand } from '../src/commands/run.ts';
import { main } from '../src/main.ts';
import { UsageError } from '../src/usage-error.ts';

// The small world of packages/scenario/src/world/engine.test.ts: two Hwasong-17-class ICBMs (a warhead
// and four decoys each) at Seattle and Anchorage, against 4 NGI rounds at Fort Greely: leakage varies by
// seed. (One battery keeps each worker's first trial, which fills the launch-window cache, short.)
const request: WorldRequest = smallRaidRequest([
  { id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 4 },
]);
const world = buildWorld(request);
const weaponTypes = weaponTypesOf(request);
const loader = (): LoadedScenario => ({ request, monteCarlo: {}, weaponTypes });

/** `dome run …` as main() runs it: a UsageError is exit 2 with its message. */
async function dome(argv: string[], deps: Parameters<typeof runCommand>[2] = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) };
  try {
    const code = await runCommand(argv, io, { loadWorldRequest: loader, onProgress: () => {}, ...deps });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, out: out.join('\n'), err: `dome: ${e.message}` };
    throw e;
  }
}

describe('campaign runner', () => {
  it('1 worker and 2 workers give the identical aggregate, summaries and metrics for seeds 1..10', async () => {
    // (10 seeds: four chunks of 3 over two workers, and the leakage still varies between seeds)
    const one = await runCampaign(world, { trials: 10, seed: 1, workers: 1, weaponTypes });
    const two = await runCampaign(world, { trials: 10, seed: 1, workers: 2, weaponTypes, chunkSize: 3 });
    expect(one.status).toBe('complete');
    expect(two.status).toBe('complete');
    expect(two.trials).toBe(10);
    expect(two.summaries.map((s) => s.seed)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(two.summaries).toEqual(one.summaries);
    expect(JSON.stringify(two.aggregate)).toBe(JSON.stringify(one.aggregate));
    expect(two.metrics).toEqual(one.metrics);
    // the aggregate is the one of the summaries, whatever order they are folded in
    expect(two.aggregate).toEqual(aggregateSummaries([...one.summaries].reverse()));
    // the scenario is one where leakage varies: the metrics are not degenerate
    const leak = one.summaries.map((s) => s.warheadLeakers);
    expect(Math.max(...leak)).toBeGreaterThan(Math.min(...leak));
    expect(one.metrics.pZeroLeakers).toEqual(wilsonInterval(leak.filter((x) => x === 0).length, 10));
    expect(one.metrics.interceptors.byType.ngi.mean).toBeGreaterThan(0);
    expect(one.metrics.byLayer.midcourse.decoys.mean).toBeGreaterThan(0);
  });

  it("resumed from its checkpoint parts (a server restarted mid-campaign), ends as a run straight through, in a nation's view too", async () => {
    const straight = await runCampaign(world, { trials: 12, seed: 1, workers: 2, checkEvery: 5, weaponTypes, nation: 'US' });
    const parts: CampaignPart[] = [];
    await runCampaign(world, {
      trials: 12,
      seed: 1,
      workers: 2,
      checkEvery: 5,
      weaponTypes,
      nation: 'US',
      onCheckpoint: (p) => parts.push(p),
    });
    expect(parts.map((p) => [p.from, p.to])).toEqual([
      [0, 5],
      [5, 10],
      [10, 12],
    ]);
    // the server was killed after the first checkpoint: the run goes on from trial 5
    const resumed = await runCampaign(world, {
      trials: 12,
      seed: 1,
      workers: 2,
      checkEvery: 5,
      weaponTypes,
      nation: 'US',
      resume: parts.slice(0, 1),
    });
    expect(resumed.summaries).toEqual(straight.summaries);
    expect(JSON.stringify(resumed.aggregate)).toBe(JSON.stringify(straight.aggregate));
    expect(resumed.metrics).toEqual(straight.metrics);
    expect(resumed.firstSeen).toEqual(straight.firstSeen);
    // everything already run: nothing more to do
    expect((await runCampaign(world, { trials: 12, seed: 1, checkEvery: 5, weaponTypes, nation: 'US', resume: parts })).metrics).toEqual(
      straight.metrics,
    );
  });

  it('stops early only at a checkpoint, with the same trials whatever the worker count', async () => {
    // ±0.3: not before n = 10 (3/n), and checked only at multiples of 5
    const b1 = await runCampaign(world, { trials: 20, seed: 1, workers: 1, checkEvery: 5, ciHalfWidth: 0.3, weaponTypes });
    const b2 = await runCampaign(world, { trials: 20, seed: 1, workers: 2, checkEvery: 5, ciHalfWidth: 0.3, chunkSize: 1, weaponTypes });
    expect(b1.trials % 5).toBe(0);
    expect(b1.trials).toBeGreaterThanOrEqual(10);
    expect(b2.trials).toBe(b1.trials);
    expect(b2.status).toBe(b1.status);
    expect(b2.aggregate).toEqual(b1.aggregate);
    expect(b2.summaries.map((s) => s.seed)).toEqual(b1.summaries.map((s) => s.seed));
    expect(b1.status).toBe('converged'); // 4 NGI rounds for 10 objects: leakers vary between 1 and 2
    if (b1.status === 'converged') expect(Math.max(b1.metrics.expectedLeakers.halfWidth, 3 / b1.trials)).toBeLessThanOrEqual(0.3);
  });
});

describe('cost exchange of a campaign', () => {
  it('prices each end of a unit cost from its own dollar year: the Trident II $29.1M of 2005 and $65M of 2008, in 2024 dollars', () => {
    // GDP price index (CBO Jan 2025 table): 2005 81.537, 2008 87.977, 2024 125.223
    const t = missileUnitCost('trident-ii')!;
    expect(t.dollarYear).toBe(2024);
    expect(t.usd / 1e6).toBeCloseTo((29.1 * 125.223) / 81.537, 6); // $44.69M
    expect(t.highUsd! / 1e6).toBeCloseTo((65 * 125.223) / 87.977, 6); // $92.52M, not 65 x 125.223 / 81.537 = $99.83M
    expect(t.source).toMatch(
      /US\$ of 2024: \$29\.1M of 2005 x 1\.5358 \(US GDP price index\); high in 2008 dollars, converted from their year/,
    );
  });

  it('lists an interceptor type without a unit cost (THAAD) as not priced, leaves its rounds out of the spending, and calls the ratio partial', async () => {
    const req = smallRaidRequest([
      { id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 2 },
      { id: 'thaad-seattle', interceptor: 'thaad', at: 'Seattle', owner: 'US', assetClass: 'terminal', inventory: 8 },
    ]);
    expect(interceptorUnitCost('thaad')).toBeUndefined(); // the catalog has no THAAD unit cost
    const types = weaponTypesOf(req);
    const r = await runCampaign(buildWorld(req), { trials: 4, workers: 1, weaponTypes: types, costs: campaignCostInputs(req, types) });
    const thaadFired = r.summaries.reduce((x, s) => x + (s.shotsByType.thaad ?? 0), 0);
    expect(thaadFired).toBeGreaterThan(0);
    const ngiMean = r.summaries.reduce((x, s) => x + (s.shotsByType.ngi ?? 0), 0) / r.trials;
    expect(r.cost?.spent.mean).toBeCloseTo(ngiMean * interceptorUnitCost('ngi')!.usd, 0); // THAAD rounds are not priced at zero: they are out
    expect(r.cost?.unpricedInterceptors).toEqual(['thaad']);
    const j = resultsJson(r) as { metrics: { cost_exchange: { unpriced_interceptor_types: string[]; complete: boolean } } };
    expect(j.metrics.cost_exchange).toMatchObject({ unpriced_interceptor_types: ['thaad'], complete: false });
    const text = summaryText(r, 'thaad.yaml');
    expect(text).toMatch(/not priced \(no unit cost\)\s+thaad/);
    expect(text).toMatch(/spent \/ raid cost \(partial\)/);
  }, 60_000);
});

describe('dome run', () => {
  it('runs a campaign, prints the table and writes results.json and trials.csv that agree with each other', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dome-run-')), 'out');
    const r = await dome(['scenario.yaml', '--trials', '8', '--workers', '1', '--seed', '11', '--out', dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/P\(no warhead leaks\)/);
    expect(r.out).toMatch(/warheads leaking per trial/);
    expect(r.out).toMatch(/seeds 11–18/);
    const j = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(j).toMatchObject({ scenario: 'scenario.yaml', status: 'complete', trials: 8, seeds: [11, 18], workers: 1 });
    const csv = readFileSync(join(dir, 'trials.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(9);
    const header = csv[0].split(',');
    const col = (name: string): number[] => csv.slice(1).map((l) => Number(l.split(',')[header.indexOf(name)]));
    expect(col('seed')).toEqual([11, 12, 13, 14, 15, 16, 17, 18]);
    const leakers = col('warhead_leakers');
    expect(j.metrics.expected_leakers.mean).toBeCloseTo(leakers.reduce((x, y) => x + y) / 8, 10);
    expect(j.metrics.p_zero_leakers.trials_without_leaker).toBe(leakers.filter((x) => x === 0).length);
    expect(header).toContain('shots_type.ngi');
    // every defended asset of the world, with its total value (the policy's list here)
    expect(j.metrics.defended_value.defended_assets).toBe(world.defended.length);
    expect(j.metrics.defended_value.total_defended).toBeCloseTo(
      world.defended.reduce((x, d) => x + d.value, 0),
      0,
    );
    // P(struck) per city aimed at: the trials whose row in trials.csv marks it struck, out of all
    const aimed = new Set(world.objects.filter((o) => o.kind === 'warhead').map((o) => `${o.aimedAt.nation}/${o.aimedAt.id}`));
    expect(j.metrics.defended_value.by_asset.map((a: { nation: string; id: string }) => `${a.nation}/${a.id}`).sort()).toEqual(
      [...aimed].sort(),
    );
    for (const a of j.metrics.defended_value.by_asset) {
      const struck = header.includes(`struck.${a.nation}/${a.id}`) ? col(`struck.${a.nation}/${a.id}`).filter((x) => x === 1).length : 0;
      expect([a.trials_struck, a.n, a.p_struck]).toEqual([struck, 8, struck / 8]);
    }
    // the cost exchange: every NGI round at the catalog's unit cost, against the raid's missiles at theirs
    const ngi = interceptorUnitCost('ngi')!;
    const cost = j.metrics.cost_exchange;
    expect(cost.interceptors_spent_usd.mean).toBeCloseTo((col('shots_type.ngi').reduce((x, y) => x + y) / 8) * ngi.usd, 0);
    expect(cost.unpriced_interceptor_types).toEqual([]);
    const missileTypes = request.raid.map((m) => m.type);
    expect(cost.raid_cost_usd.base).toBeCloseTo(
      missileTypes.reduce((sum, t) => sum + missileUnitCost(t)!.usd, 0),
      0,
    );
    expect(cost.spent_over_raid_cost.mean).toBeCloseTo(cost.interceptors_spent_usd.mean / cost.raid_cost_usd.base, 8);
    expect(r.out).toMatch(/interceptors spent \(priced types, US\$ of 2024\)\s+\$/);
    expect(r.out).toMatch(/raid cost \(priced missiles, US\$ of 2024\)/);
    // one dollar year: the NGI's $111M of 2021 at 2024 prices, by hand from the GDP price index (2024 125.223, 2021 110.172;
    // CBO Jan 2025, https://www.cbo.gov/publication/60870); never the 2021 figure summed with other years' as it is
    expect(cost.dollar_year).toBe(2024);
    expect(ngi.usd / 1e6).toBeCloseTo((111 * 125.223) / 110.172, 6);
    expect(cost.by_type.ngi.unit_cost_converted_from).toEqual({ dollar_year: 2021, factor: expect.closeTo(125.223 / 110.172, 10) });
    expect(campaignMetrics(j.aggregate).expectedLeakers.mean).toBeCloseTo(j.metrics.expected_leakers.mean, 10);
    // and the report: self-contained, with the same headline figure and the trials' CSV linked
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    // the headline figure rounded to its interval's precision (report/format.ts), as the metric card shows it
    const pz = j.metrics.p_zero_leakers;
    expect(html).toContain(
      `let no warhead through in ${formatProportion(pz.p, pz.ci95[0], pz.ci95[1]).split(' (')[0]} of them (95 % interval `,
    );
    expect(html).toContain('href="./trials.csv"');
    // the timelines say what they count: from the first launch, the space layer's IR warning a detection like any other
    expect(html).toContain('>first launch → first detection</text>');
    expect(html).toContain('First detection: the first detect event of any sensor in the view, a space infrared launch warning included.');
    // the answer first: the leakers histogram and the convergence of P(no warhead leaks) over the 8 trials
    expect(html).toContain('id="plot-leakers-histogram"');
    expect(html).toContain('id="plot-convergence"');
    // the engagement of one trial, read from its log: the most common leaker count's first seed, its shots and detections drawn
    const leakCounts = col('warhead_leakers');
    const mode = [...new Set(leakCounts)].sort(
      (a, b) => leakCounts.filter((x) => x === b).length - leakCounts.filter((x) => x === a).length || a - b,
    )[0];
    const seedOf = col('seed')[leakCounts.indexOf(mode)];
    expect(html).toContain(
      `Engagement in one trial (seed ${seedOf}, the first of the ${leakCounts.filter((x) => x === mode).length} of 8 trials in which ${mode} warhead`,
    );
    const eng = html.slice(html.indexOf('id="plot-engagement"'), html.indexOf('</figure>', html.indexOf('id="plot-engagement"')));
    expect(eng).toContain('>detection</text>');
    expect(eng).toContain('>shot</text>');
    expect(html).toContain('data-metric="interceptors-spent"');
    expect(html).toContain('data-metric="raid-cost"');
    expect(html).toContain('Cost of the raid (US$ of 2024)');
    expect(html).toContain(`<td>Defended assets</td><td>${world.defended.length} (total value `);
    expect(html).toContain('<table class="cities">');
    for (const a of j.metrics.defended_value.by_asset) expect(html).toContain(`<tr data-city="${a.name ?? a.id}">`);
    expect(html).not.toMatch(/src="https?:/);
    // the same folder again: refused (exit 2) unless --force
    const again = await dome(['scenario.yaml', '--trials', '2', '--workers', '1', '--out', dir]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/not empty.*--force/);
    const forced = await dome(['scenario.yaml', '--trials', '1', '--workers', '1', '--out', dir, '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.out).trials).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).trials).toBe(1);
  });

  it('on interruption writes the trials done (a prefix of the seeds) and exits 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dome-run-abort-'));
    const controller = new AbortController();
    const r = await dome(['scenario.yaml', '--trials', '200', '--workers', '1', '--out', dir, '--json'], {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 4) controller.abort();
      },
    });
    expect(r.code).toBe(130);
    const j = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(j.status).toBe('interrupted');
    expect(j.requested_trials).toBe(200);
    expect(j.trials).toBeLessThan(200);
    expect(j.trials).toBe(j.aggregate.trials);
    const csv = readFileSync(join(dir, 'trials.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(j.trials + 1);
    expect(csv.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(Array.from({ length: j.trials }, (_, i) => i + 1));
  });

  it('a scenario that is a YAML alias bomb exits 2 naming the file, line and alias (not 1, not a hang)', async () => {
    const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    const file = join(mkdtempSync(join(tmpdir(), 'gd-bomb-')), 'bomb.yaml');
    writeFileSync(file, lines.join('\n'));
    const err: string[] = [];
    const code = await main(['run', file], { stdout: () => {}, stderr: (s) => err.push(s) });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/bomb\.yaml: line 4, column \d+: YAML alias \*l2 makes the aliases expand/);
  });

  it('bad flags exit 2 with a message naming the flag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dome-run-bad-'));
    writeFileSync(join(dir, 'keep.txt'), 'x');
    const cases: Array<[string[], RegExp]> = [
      [['s.yaml', '--trials', '0'], /--trials must be between 1/],
      [['s.yaml', '--trials', '2.5'], /--trials must be a whole number/],
      [['s.yaml', '--workers', 'two'], /--workers must be a number/],
      [['s.yaml', '--seed=-1'], /--seed must be between 0/],
      [['s.yaml', '--ci-halfwidth', '0'], /--ci-halfwidth must be more than 0/],
      [['s.yaml', '--check-every', '10'], /--check-every applies with --ci-halfwidth/],
      [['s.yaml', '--bogus'], /Unknown option '--bogus'/],
      [[], /a scenario file is required/],
      [['a.yaml', 'b.yaml'], /one scenario file, got 2/],
      [['s.yaml', '--out', join(dir, 'keep.txt')], /is a file, not a folder/],
      [['s.yaml', '--out', dir], /folder is not empty/],
      [['s.yaml', '--force'], /--force applies with --out/],
    ];
    for (const [argv, message] of cases) {
      const r = await dome(argv, {
        loadWorldRequest: () => {
          throw new Error('not reached');
        },
      });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(message);
      expect(r.err, argv.join(' ')).not.toMatch(/\n\s+at /); // no stack trace
    }
  });
});
