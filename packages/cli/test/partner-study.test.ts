import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { partnerStudyCommand } from '../src/commands/partner-study.ts';
import { main } from '../src/main.ts';
import { SMALL_STUDY_TEXT, writeSmallPartnerStudy } from './small-partner-study.ts';

const dir = mkdtempSync(join(tmpdir(), 'dome-partner-'));
const studyText = SMALL_STUDY_TEXT;
const studyFile = writeSmallPartnerStudy(dir);

async function dome(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

interface Results {
  options: Array<{
    id: string;
    nations: Record<string, { defended: { mean: number; ci95: [number, number] }; change_vs_baseline: { mean: number } }>;
    approval: { variants: string[] };
    partner_approvals: { mean: number };
    approval_levers: Array<{ variant: string }>;
    cost: { total_usd: number; shares: Array<{ rule: string; applicable: boolean; shares_usd: Record<string, number> }> };
  }>;
}

describe('dome partner-study', () => {
  it('writes the same results.json with 1 and with 2 workers (deterministic for a seed), plus CSVs and a report', async () => {
    const one = join(dir, 'one'),
      two = join(dir, 'two');
    const r1 = await dome(['partner-study', studyFile, '--workers', '1', '--out', one]);
    expect(r1.code, r1.err).toBe(0);
    const r2 = await dome(['partner-study', studyFile, '--workers', '2', '--out', two]);
    expect(r2.code, r2.err).toBe(0);
    const text1 = readFileSync(join(one, 'results.json'), 'utf8');
    expect(readFileSync(join(two, 'results.json'), 'utf8')).toBe(text1);
    expect(readFileSync(join(two, 'trials.csv'), 'utf8')).toBe(readFileSync(join(one, 'trials.csv'), 'utf8'));
    expect(r1.out).toContain('Host a site [host]');

    const results = JSON.parse(text1) as Results;
    // the scenario's own defended city (Victoria) joins every option's policy for this raid, as when the scenario runs alone
    const raid = (JSON.parse(text1) as { raids: Array<{ cities: Array<{ key: string; value: number }> }> }).raids[0];
    expect(raid.cities.find((c) => c.key === 'CA/victoria')?.value).toBeGreaterThan(50_000);
    expect(results.options.map((o) => o.id)).toEqual(['out', 'data', 'host']);
    // the host option asks for Canada's approval, so it also ran with approval given at once and withheld
    expect(results.options[2].approval.variants).toEqual(['policy', 'no-delay', 'withheld']);
    expect(results.options[2].approval_levers.map((l) => l.variant)).toEqual(['no-delay', 'withheld']);
    expect(results.options[0].approval.variants).toEqual(['policy']);
    expect(results.options[1].approval.variants).toEqual(['policy', 'without-added-radars']);
    // the baseline's change against itself is zero for every nation
    for (const n of ['US', 'CA']) expect(results.options[0].nations[n].change_vs_baseline.mean).toBe(0);
    // cost shares add up to the option's total under every applicable rule
    for (const o of results.options) {
      for (const s of o.cost.shares.filter((x) => x.applicable)) {
        expect(
          Object.values(s.shares_usd).reduce((a, b) => a + b, 0),
          `${o.id} ${s.rule}`,
        ).toBe(o.cost.total_usd);
      }
    }
    // one dollar year: the radars' $8.5B of 2022 enter the total as 2024 dollars, x 125.223 / 118.041 (GDP price index,
    // CBO Jan 2025 table); the published $1.2T of 2026 as x 125.223 / 130.632
    const j = JSON.parse(text1) as {
      dollar_year: number;
      published_total_usd_in_dollar_year: number;
      options: Array<{ cost: { dollar_year: number; items: Array<{ item: string; usd: number }> } }>;
    };
    expect(j.dollar_year).toBe(2024);
    expect(j.options[1].cost.dollar_year).toBe(2024);
    expect(j.options[1].cost.items.find((x) => x.item === 'OTH radars')?.usd).toBe(Math.round((8.5e9 * 125.223) / 118.041));
    expect(j.published_total_usd_in_dollar_year / 1e12).toBeCloseTo((1.2 * 125.223) / 130.632, 9);
    // trials.csv: one row per option variant and seed (1 + 2 + 3 variants, 6 seeds) and a header
    expect(readFileSync(join(one, 'trials.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 6 * 6);
    // what geography buys in time: per option and nation, the warning time (the US holds tracks of the raid; Canada,
    // a non-planning nation under 'out', holds none: "none", a null value, not 0 or NaN); trials.csv carries it per trial
    const times = (JSON.parse(text1) as { options: Array<{ nations: Record<string, { times: Record<string, unknown> }> }> }).options;
    const usWarning = times[0].nations.US.times.warning_s as { value: { mean: number; n: number } | null };
    expect(usWarning.value?.mean).toBeGreaterThan(60);
    expect(usWarning.value?.n).toBe(6);
    expect(times[0].nations.CA.times.warning_s).toEqual({ value: null, warheads_per_trial: 0 });
    expect(text1).not.toMatch(/NaN|Infinity/);
    expect(readFileSync(join(one, 'trials.csv'), 'utf8').split('\n')[0]).toContain(
      'US_warning_s,US_intercept_margin_s,US_track_to_first_intercept_s',
    );
    const html = readFileSync(join(one, 'report.html'), 'utf8');
    for (const id of ['options', 'benefit-cost', 'maps', 'levers', 'times', 'terms', 'costs', 'assumptions'])
      expect(html).toContain(`id="${id}"`);
    expect(html).not.toMatch(/NaN/);
    // the added radars' lever has its time finding for each threatened nation
    expect(html).toMatch(/data-explains="time:data:without-added-radars:\.\/pacific-pair\.yaml:US"/);
    for (const o of ['out', 'data', 'host']) expect(html).toContain(`data-map="${o}"`);
    expect(html).toContain('Illustrative');
    expect(html).toContain('20-year cost (US$ of 2024)');
    // the summary leads with a plain-language finding per option (all but the baseline), its figure rounded and its meaning said
    const findings = [...html.matchAll(/<li data-finding="([^"]+)">([^<]*)<\/li>/g)];
    const optionIds = [...html.matchAll(/<tr data-option="([^"]+)">/g)].map((m) => m[1]);
    expect(optionIds.length).toBeGreaterThan(1);
    expect(findings.map((f) => f[1])).toEqual([...new Set(optionIds)].slice(1));
    expect(html.indexOf('data-finding=')).toBeLessThan(html.indexOf('id="options"'));
    for (const [, , text] of findings)
      expect(text).toMatch(/defended population changes by .*\u202fpeople.*(exactly zero|noise|gain the trials resolve|counter-intuitive)/);
    // the options table rounds each estimate to its interval (report/format.ts): no population to the person
    const options = html.slice(html.indexOf('id="options"'), html.indexOf('</table>', html.indexOf('id="options"')));
    expect(options.match(/.{0,80}\d{1,3}(,\d{3}){2,}.{0,20}/g) ?? []).toEqual([]);
    // offline: nothing is loaded from the network; a source's URL is a link (an <a> the reader may follow), nothing else
    expect(html).not.toMatch(/<script|src="http/);
    for (const m of html.matchAll(/<(\w+)[^>]*href="http/g)) expect(m[1]).toBe('a');
    expect(html).toContain('<a href="https://www.cbo.gov/publication/60870"');
  }, 120_000);

  it('an interrupted study writes nothing and exits 130', async () => {
    const out = join(dir, 'interrupted');
    const controller = new AbortController();
    controller.abort();
    const err: string[] = [];
    const code = await partnerStudyCommand(
      [studyFile, '--out', out],
      { stdout: () => {}, stderr: (s) => err.push(s) },
      { signal: controller.signal },
    );
    expect(code).toBe(130);
    expect(err.join('\n')).toMatch(/interrupted; nothing written/);
    expect(readdirSync(out)).toEqual([]);
  }, 60_000);

  it('bad flags exit 2 and name the flag', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['partner-study', studyFile, '--trials', '1'], /--trials must be between 2 and 100000, got 1/],
      [['partner-study', studyFile, '--workers', 'two'], /--workers must be a number, got 'two'/],
      [['partner-study', studyFile, '--seed', '4294967296'], /--seed must be between 0 and 4294967295/],
      [['partner-study', studyFile, '--bogus'], /Unknown option '--bogus'/],
      [['partner-study'], /one study file, got 0/],
      [['partner-study', studyFile, studyFile], /one study file, got 2/],
      [['partner-study', studyFile, '--force'], /--force applies with --out/],
      [
        ['partner-study', studyFile, '--raids', 'atlantic'],
        /--raids: 'atlantic' is not a raid of small-partner \(its raids: \.\/pacific-pair\.yaml\)/,
      ],
      [['partner-study', join(dir, 'missing.yaml')], /study '.*missing\.yaml' not found; tried .*missing\.yaml/],
    ];
    for (const [argv, message] of cases) {
      const r = await dome(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
  });

  it('a bad study file exits 2 with the file, line and field', async () => {
    const bad = join(dir, 'bad-partner.yaml');
    writeFileSync(bad, studyText.replace('name: small-partner', 'name: bad-partner').replace('policy: canada-host', 'policy: canada-hots'));
    const r = await dome(['partner-study', bad]);
    expect(r.code).toBe(2);
    const line = studyText.split('\n').findIndex((l) => l.includes('policy: canada-host')) + 1;
    expect(r.err).toMatch(
      new RegExp(`bad-partner\\.yaml: line ${line}, column \\d+, field 'options\\[2\\]\\.policy': unknown policy 'canada-hots'`),
    );
  });
});
