import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { costInputs, findCostSystem, loadCostCatalog } from '@golden-dome/scenario';
import { lifecycleCost } from '@golden-dome/core';
import { costReport, usd } from '../src/commands/cost.ts';
import { main } from '../src/main.ts';

async function dome(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const catalog = loadCostCatalog();
const CBO_2026 = 'https://www.cbo.gov/publication/62422';
// Money is converted to US$ of 2024 by the US GDP chain-type price index (catalog/deflators/us-gdp-price-index.yaml);
// the calendar-year levels, typed here by hand from CBO's Jan 2025 table (https://www.cbo.gov/publication/60870):
const INDEX = { 2009: 88.556, 2021: 110.172, 2024: 125.223, 2026: 130.632 };
const K26 = INDEX[2024] / INDEX[2026]; // 0.95859...: CBO 2026 figures in 2024 dollars
const K21 = INDEX[2024] / INDEX[2021]; // 1.13661...: the 2021 NGI figures in 2024 dollars
const K09 = INDEX[2024] / INDEX[2009]; // 1.41405...: the 2009 GBI figure in 2024 dollars

describe('dome cost', () => {
  it("prices 1,300 SBIs on CBO 2026 assumptions: the figures are the core model's, with every default sourced", async () => {
    const r = await dome('cost', '--system', 'sbi-cbo-2026', '--count', '1300', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const model = lifecycleCost(costInputs(findCostSystem(catalog, 'sbi-cbo-2026'), 1300, 20));
    expect(j.horizon_years).toBe(20);
    expect(j.total_usd.base).toBe(Math.round(model.base.totalUsd));
    expect(j.total_usd.low).toBe(Math.round(model.low.totalUsd));
    expect(j.total_usd.high).toBe(Math.round(model.high.totalUsd));
    expect(j.total_usd.low).toBeLessThan(j.total_usd.base);
    expect(j.total_usd.base).toBeLessThan(j.total_usd.high);
    expect(j.cost_per_slot_usd.base).toBe(Math.round(model.base.totalUsd / 1300));
    for (const k of ['development', 'production', 'launch', 'replenishment', 'operations']) {
      expect(j.by_category_usd[k].base, k).toBe(Math.round(model.base.byCategory[k as 'launch']));
    }
    expect(j.by_year_usd).toHaveLength(20);
    expect(j.units.built).toBe(model.base.units.built);
    // CBO 2026's $22M is an average over the satellites bought: production + replacement production = built × $22M
    const launchPerSat = 522 * 500 * K26;
    const producedUsd = j.by_category_usd.production.base + j.by_category_usd.replenishment.base - j.units.replacements * launchPerSat;
    expect(producedUsd / j.units.built / 1e6).toBeCloseTo(22 * K26, 3);
    expect(j.dollar_year).toBe(2024);
    expect(j.dollar_conversion.from_year).toBe(2026);
    expect(j.dollar_conversion.factor).toBeCloseTo(K26, 12);
    // the defaults carry their sources: CBO's three SBI numbers cite CBO
    const field = (name: string) => j.defaults.find((d: { field: string }) => d.field === name);
    for (const name of ['unit_cost_musd', 'lifetime_years', 'launch_usd_per_kg']) {
      const base = field(name).sources.find((s: { end: string }) => s.end === 'base');
      expect(base.source, name).toContain(CBO_2026);
      expect(base.notional, name).toBe(false);
    }
    expect(
      field('satellite_mass_kg').sources.every((s: { notional: boolean; source: string }) => s.notional && s.source.startsWith('derived:')),
    ).toBe(true);
    expect(j.horizon.source).toMatch(/CBO letter of 5 May 2025/);
  });

  it('reproduces the hand calculation on CBO 2026 assumptions: 1,000 satellites of 1,000 kg → $90.0B of 2026 = $86.27B of 2024', async () => {
    // CBO 2026 (https://www.cbo.gov/publication/62422): $22M average per satellite, 5-year life, $500/kg.
    // Fielded from year 3 in one go (--build-up-years 0), 20-year horizon: ceil((20 − 3) / 5) = 4 generations
    // → 4,000 satellites: 4,000 × $22M = $88.0B production, 4,000 × 1,000 kg × $500/kg = $2.0B launch; total $90.0B,
    // $90M per slot (development and operations set to 0); in 2024 dollars x 125.223 / 130.632 = $86.273B.
    const r = await dome(
      'cost',
      '--system',
      'sbi-cbo-2026',
      '--count',
      '1000',
      '--mass-kg',
      '1000',
      '--build-up-years',
      '0',
      '--development-musd',
      '0',
      '--operations-musd',
      '0',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.units.built).toBe(4000);
    expect(j.total_usd.base / 1e9).toBeCloseTo(86.273, 3);
    expect(j.total_usd.base / 1e9).toBeCloseTo(90.0 * K26, 6);
    expect(j.cost_per_slot_usd.base / 1e6).toBeCloseTo(90.0 * K26, 6);
    expect(j.by_category_usd.launch.base).toBe(Math.round(1000 * 1000 * 500 * K26));
    // the 90 % learning curve on an average cost moves money into the first fleet; the total stays put
    const flat = JSON.parse(
      (
        await dome(
          'cost',
          '--system',
          'sbi-cbo-2026',
          '--count',
          '1000',
          '--mass-kg',
          '1000',
          '--build-up-years',
          '0',
          '--development-musd',
          '0',
          '--operations-musd',
          '0',
          '--learning',
          '1',
          '--json',
        )
      ).out,
    );
    expect(flat.by_category_usd.production.base / 1e9).toBeCloseTo(22.0 * K26, 6); // 1,000 × $22M
    expect(flat.by_category_usd.replenishment.base / 1e9).toBeCloseTo(67.5 * K26, 6); // 3,000 × ($22M + $0.5M)
    expect(j.by_category_usd.production.base).toBeGreaterThan(flat.by_category_usd.production.base);
    expect(flat.total_usd.base / 1e9).toBeCloseTo(90.0 * K26, 6);
  });

  it('prices the 21 NGIs at the published $111M a round (Arms Control Today, Jun 2021) plus derived development, in 2024 dollars', async () => {
    const r = await dome('cost', '--system', 'ngi', '--count', '21', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.by_category_usd.production.base).toBe(Math.round(21 * 111e6 * K21)); // the average is anchored at 21 rounds
    expect(j.by_category_usd.development.base).toBe(Math.round(15_369e6 * K21)); // 17,700 − 21 × 111 ($M of 2021)
    expect(j.by_category_usd.launch.base).toBe(0);
    expect(j.by_category_usd.replenishment.base).toBe(0); // a 20-year service life: no replacement in 20 years
    // with no --count the published 21 is used
    const d = JSON.parse((await dome('cost', '--system', 'ngi', '--json')).out);
    expect(d.count).toBe(21);
    expect(d.total_usd).toEqual(j.total_usd);
  });

  it('prints the table, the range, the cost per slot and the sources for people', async () => {
    const r = await dome('cost', '--system', 'sbi-cbo-2026', '--count', '1300', '--launch-usd-per-kg', '1500');
    expect(r.code).toBe(0);
    const model = lifecycleCost(costInputs(findCostSystem(catalog, 'sbi-cbo-2026'), 1300, 20, { launchUsdPerKg: 1500 }));
    expect(r.out).toMatch(
      /^Space-based interceptor \(CBO 2026 assumptions\): 1,300 interceptor slots over 20 years, US\$ of 2024 \(the catalog's 2026 dollars x 0\.9586, the US GDP price index 2024 \/ 2026\)/,
    );
    expect(r.out).toMatch(/dollar year = 2024: model choice: 2024 is the latest year whose index is measured/);
    expect(r.out).toContain('https://www.cbo.gov/publication/60870');
    const total = r.out.split('\n').find((l) => l.trim().startsWith('total'));
    expect(total?.trim().split(/\s+/).slice(1)).toEqual([usd(model.low.totalUsd), usd(model.base.totalUsd), usd(model.high.totalUsd)]);
    const perSlot = r.out.split('\n').find((l) => l.trim().startsWith('per interceptor slot'));
    expect(perSlot).toContain(usd(model.base.totalUsd / 1300));
    expect(r.out).toContain('Each input alone');
    expect(r.out).toContain('unit cost ($M)');
    expect(r.out).toContain('Sources of the defaults');
    expect(r.out).toContain(CBO_2026);
    expect(r.out).toMatch(/launch_usd_per_kg = 500 \/ 9,800 {2}\(base \/ high\): not used, replaced by a flag/);
    expect(r.out).toMatch(/\[notional\] derived: mass_derivation at 4 km\/s/);
    expect(r.out).toContain('cbo_2025_cost_1300_interceptors_busd = 264');
  });

  it('converts the 2009 GBI figure to 2024 dollars by hand: $70M x 125.223 / 88.556 = $98.98M a round', async () => {
    const j = JSON.parse((await dome('cost', '--system', 'gbi', '--json')).out);
    expect(j.dollar_conversion).toMatchObject({ from_year: 2009, to_year: 2024 });
    expect(j.average_unit_usd / 1e6).toBeCloseTo(98.984, 3);
    expect(j.average_unit_usd / 1e6).toBeCloseTo(70 * K09, 5);
  });

  it('shows the sensitivity inputs as the model used them, converted once (GBI operations: $0.7/1.4/3.5M of 2009 x 1.41405)', async () => {
    const r = await dome('cost', '--system', 'gbi');
    const row = r.out.split('\n').find((l) => l.trim().startsWith('operations ($M per unit-year)'));
    expect(row).toContain(`${(0.7 * K09).toFixed(2)} / ${(1.4 * K09).toFixed(2)} / ${(3.5 * K09).toFixed(2)}`); // 0.99 / 1.98 / 4.95
    const j = JSON.parse((await dome('cost', '--system', 'gbi', '--json')).out);
    const ops = j.sensitivity.find((x: { input: string }) => x.input === 'operationsUsdPerUnitYear');
    expect(ops.base).toBeCloseTo(1.4e6 * K09, 3);
  });

  it('explains the learning-rate row whose total is the same at both ends (the unit cost is an average over the units built)', async () => {
    for (const [system, count] of [
      ['gbi', '44'],
      ['ngi', '21'],
      ['sbi-cbo-2026', '1300'],
    ]) {
      const r = await dome('cost', '--system', system, '--count', count);
      const row = r.out.split('\n').find((l) => l.trim().startsWith('learning rate '));
      const [atLow, atHigh] = row!
        .trim()
        .split(/\s{2,}/)
        .slice(-2);
      expect(atLow, system).toBe(atHigh); // the same figure at both ends ...
      expect(r.out, system).toMatch(
        /learning rate: no effect on the total: the unit cost is an average over (every unit built|21 units, the number built here), so production is average x units at any learning rate/,
      );
      const j = JSON.parse((await dome('cost', '--system', system, '--count', count, '--json')).out);
      expect(j.sensitivity.find((x: { input: string }) => x.input === 'learningRate').no_effect, system).toMatch(/no effect on the total/);
    }
    // ... and when the average is anchored at other than the units built, learning does move the total, with no note
    const r = await dome('cost', '--system', 'ngi', '--count', '60', '--json');
    const l = JSON.parse(r.out).sensitivity.find((x: { input: string }) => x.input === 'learningRate');
    expect(l.total_at_low_usd).toBeLessThan(l.total_at_high_usd);
    expect(l.no_effect).toBeUndefined();
  });

  it('shows the year-by-year profile on request, and a ground system has no launch row', async () => {
    const r = await dome('cost', '--system', 'gbi', '--by-year');
    expect(r.code).toBe(0);
    expect(r.out).toContain('By year (base):');
    expect(r.out).not.toMatch(/launch, first fleet/);
    expect(r.out).toMatch(/44 interceptor slots/);
  });

  it('costReport gives a sizing command the same figures, without the sources if asked', () => {
    const entry = findCostSystem(catalog, 'sbi-cbo-2026');
    const rep = costReport(entry, { count: 1300, overrides: { massKg: 700 }, sources: false });
    expect(rep.estimate.base.totalUsd).toBe(lifecycleCost(costInputs(entry, 1300, 20, { massKg: 700 })).base.totalUsd);
    expect(rep.text).not.toContain('Sources of the defaults');
    expect(rep.text).toContain(`700 kg at $${Math.round(500 * K26)}/kg`); // CBO's $500/kg of 2026 in 2024 dollars
    expect(rep.json.count).toBe(1300);
  });

  it('is listed in the help', async () => {
    expect((await dome('help')).out).toMatch(/\n {2}cost +life-cycle cost/);
    const h = await dome('cost', '--help');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/dome cost --system ID/);
  });
});

describe('dome cost refuses bad input with a clear message and exit 2', () => {
  it.each([
    [['cost'], /--system is required \(one of: gbi, ngi, sbi-cbo-2026, sm-3-iia\)/],
    [['cost', '--system', 'sbi'], /unknown cost system 'sbi' \(did you mean 'sbi-cbo-2026'/],
    [['cost', '--system', 'sbi-cbo-2025', '--count', '1300'], /unknown cost system 'sbi-cbo-2025' \(did you mean 'sbi-cbo-2026'/],
    [['cost', '--system', 'sbi-cbo-2026'], /--count is required for sbi-cbo-2026/],
    [['cost', '--system', 'sbi-cbo-2026', '--count', 'lots'], /--count must be a number, got 'lots'/],
    [['cost', '--system', 'sbi-cbo-2026', '--count', '12.5'], /--count must be a whole number/],
    [['cost', '--system', 'sbi-cbo-2026', '--count', '0'], /--count must be between 1 and 100000/],
    [['cost', '--system', 'sbi-cbo-2026', '--count', '1300', '--years', '0'], /--years must be between 1 and 100/],
    [
      ['cost', '--system', 'sbi-cbo-2026', '--count', '1300', '--years', '2'],
      /starts fielding in year 3 .* --years must be more than that/,
    ],
    [['cost', '--system', 'sbi-cbo-2026', '--count', '1300', '--lifetime-years', '0'], /--lifetime-years must be between 0.5 and 100/],
    [['cost', '--system', 'sbi-cbo-2026', '--count', '1300', '--launch-usd-per-kg', 'cheap'], /--launch-usd-per-kg must be a number/],
    [['cost', '--system', 'sbi-cbo-2026', '--count', '1300', '--launch-usd-per-kg=-5'], /--launch-usd-per-kg must be between 0 and/],
    [
      ['cost', '--system', 'sbi-cbo-2026', '--count', '1300', '--learning', '90'],
      /--learning must be a fraction between 0.5 and 1 \(0.9 for a 90 % curve\)/,
    ],
    [['cost', '--system', 'sbi-cbo-2026', '--count', '1300', '--unit-cost-musd', '0'], /--unit-cost-musd must be more than 0/],
    [['cost', '--system', 'ngi', '--launch-usd-per-kg', '500'], /apply to space-based systems; ngi is ground-based/],
    [['cost', '--system', 'sm-3-iia', '--count', '100', '--mass-kg', '1500'], /apply to space-based systems; sm-3-iia is sea-based/],
    [['cost', '--system', 'sbi-cbo-2026', '--count', '100000', '--lifetime-years', '0.5', '--years', '100'], /more than 10,000,000 units/],
    [['cost', '--system', 'ngi', '--bogus'], /Unknown option '--bogus'/],
  ])('%j', async (argv, message) => {
    const r = await dome(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('the installed command exits 2 without a stack trace', () => {
    const bin = resolve(__dirname, '..', 'bin', 'dome.mjs');
    const p = spawnSync(process.execPath, [bin, 'cost', '--system', 'thaad'], { encoding: 'utf8' });
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/^dome: unknown cost system 'thaad'/);
    expect(p.stderr).not.toMatch(/\n\s+at /);
  });
});
