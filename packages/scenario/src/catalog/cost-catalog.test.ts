import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../validated-yaml.ts';
import { UnknownNameError } from './catalog.ts';
import { COST_CATALOG_DIR, costDefaults, costInputs, findCostSystem, loadCostCatalog, moneyRange } from './cost-catalog.ts';
import { derivedSatelliteMassKg } from './cost-schema.ts';

const catalog = loadCostCatalog();
const CBO_2026 = 'https://www.cbo.gov/publication/62422';

describe('cost catalog', () => {
  it('loads the systems the cost command offers, each from a file named for its id', () => {
    for (const id of ['sbi-cbo-2026', 'ngi', 'gbi', 'sm-3-iia']) expect(catalog.has(id), id).toBe(true);
    expect(
      readdirSync(COST_CATALOG_DIR)
        .filter((f) => f.endsWith('.yaml'))
        .sort(),
    ).toEqual([...catalog.keys()].map((k) => `${k}.yaml`).sort());
  });

  it('cites every number: a link, or says it is derived or a model choice, and marks those notional', () => {
    const cited = /^(derived|model choice)|https?:\/\/|open-literature\.md/;
    const problems: string[] = [];
    const walk = (x: unknown, path: string): void => {
      if (x === null || typeof x !== 'object') return;
      const o = x as Record<string, unknown>;
      if ('value' in o && 'source' in o) {
        const source = String(o.source);
        if (!cited.test(source)) problems.push(`${path}: uncited: ${source}`);
        if (/^(derived|model choice)/.test(source) && o.notional !== true)
          problems.push(`${path}: '${source.split(':')[0]}' without notional: true`);
        return;
      }
      for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
    };
    for (const [id, e] of catalog) walk(e, id);
    expect(problems).toEqual([]);
  });

  it('holds CBO May 2026 SBI assumptions as published: $22M average, 5-year life, $500/kg', () => {
    const e = findCostSystem(catalog, 'sbi-cbo-2026');
    if (e.basing !== 'space') throw new Error('sbi-cbo-2026 must be space-based');
    expect(e.unit_cost_musd.base.value).toBe(22);
    expect(e.unit_cost_basis).toBe('average');
    expect(e.lifetime_years.base.value).toBe(5);
    expect(e.launch_usd_per_kg.base.value).toBe(500);
    for (const s of [e.unit_cost_musd.base, e.lifetime_years.base, e.launch_usd_per_kg.base]) {
      expect(s.source).toContain(CBO_2026);
      expect(s.notional).toBeUndefined();
    }
  });

  it('holds the NGI figures as published: $111M per round over 21 operational rounds (Arms Control Today, Jun 2021)', () => {
    const e = findCostSystem(catalog, 'ngi');
    expect(e.unit_cost_musd.base.value).toBe(111);
    expect(e.unit_cost_average_over_units?.value).toBe(21);
    expect(e.reference_count?.value).toBe(21);
    // development is derived: CAPE $17.7B life-cycle less 21 × $111M
    expect(e.development_musd.base.value).toBe(17_700 - 21 * 111);
  });

  it('derives the SBI mass openly: the rocket-equation arithmetic in the file is what the loader checks', () => {
    const e = findCostSystem(catalog, 'sbi-cbo-2026');
    if (e.basing !== 'space' || !e.mass_derivation) throw new Error('sbi-cbo-2026 must carry its mass derivation');
    const d = e.mass_derivation;
    // base, by hand: mass ratio exp(4000 / (9.80665 × 290)) = 4.0817; k = 0.1 / 0.9;
    // propellant = 3.0817 × 60 / (1 − 3.0817 k) = 281.2 kg; structure 31.2 kg; 60 + 312.4 + 150 = 522.4 kg
    expect(derivedSatelliteMassKg(d, 4000)).toBeCloseTo(522.4, 1);
    expect(Math.abs(derivedSatelliteMassKg(d, d.booster_delta_v_m_s.base.value) - e.satellite_mass_kg.base.value)).toBeLessThanOrEqual(1);
    expect(Math.abs(derivedSatelliteMassKg(d, 3000) - (e.satellite_mass_kg.low?.value ?? NaN))).toBeLessThanOrEqual(1);
    expect(Math.abs(derivedSatelliteMassKg(d, 5000) - (e.satellite_mass_kg.high?.value ?? NaN))).toBeLessThanOrEqual(1);
  });

  it("converts to the model's units once ($M of the entry's dollar year → $ of 2024) and lets an override replace a default and its range", () => {
    const e = findCostSystem(catalog, 'sbi-cbo-2026');
    const inputs = costInputs(e, 1300, 20);
    // 2026 dollars to 2024 by the GDP price index: x 125.223 / 130.632 (CBO Jan 2025 table, calendar-year means)
    const k = 125.223 / 130.632;
    expect(inputs.dollarYear).toBe(2024);
    const unit = inputs.unitCostUsd as { low: number; base: number; high: number };
    expect(unit.low).toBeCloseTo(11e6 * k, 3);
    expect(unit.base).toBeCloseTo(22e6 * k, 3);
    expect(unit.high).toBeCloseTo(44e6 * k, 3);
    const perKg = inputs.launch?.usdPerKg as { base: number; high: number };
    expect(perKg.base).toBeCloseTo(500 * k, 9);
    expect(perKg.high).toBeCloseTo(9800 * k, 9);
    // a flag is read in 2024 dollars: not converted again
    expect(inputs.unitCostBasis).toEqual({ kind: 'average', overUnits: undefined });
    const over = costInputs(e, 1300, 20, { launchUsdPerKg: 1500, lifetimeYears: 7 });
    expect(over.launch?.usdPerKg).toBe(1500);
    expect(over.lifetimeYears).toBe(7);
    const defaults = costDefaults(e, { launchUsdPerKg: 1500 });
    const launch = defaults.find((d) => d.field === 'launch_usd_per_kg');
    expect(launch?.overriddenBy).toBe('launchUsdPerKg');
    expect(launch?.sources.map((s) => s.end)).toEqual(['base', 'high']);
    expect(defaults.find((d) => d.field === 'unit_cost_musd')?.overriddenBy).toBeUndefined();
    expect(costInputs(findCostSystem(catalog, 'ngi'), 21, 20).unitCostBasis).toEqual({ kind: 'average', overUnits: 21 });
  });

  it("converts an end that states its own dollar year from that year, the others from the entry's, and names a year the table lacks", () => {
    const u = {
      low: { value: 10, source: 'test: low' },
      base: { value: 20, source: 'test: base' },
      high: { value: 40, source: 'test: high', dollar_year: 2009 },
    };
    const m = moneyRange(u, 1e6, 2021, 'x.yaml', 'unit_cost_musd');
    expect(m.low).toBeCloseTo((10e6 * 125.223) / 110.172, 3);
    expect(m.base).toBeCloseTo((20e6 * 125.223) / 110.172, 3);
    expect(m.high).toBeCloseTo((40e6 * 125.223) / 88.556, 3);
    expect(() => moneyRange({ ...u, high: { ...u.high, dollar_year: 1960 } }, 1e6, 2021, 'x.yaml', 'unit_cost_musd')).toThrow(
      /x\.yaml, field 'unit_cost_musd\.high\.dollar_year': .*no value for 1960/,
    );
  });

  it('names the closest systems for an unknown one', () => {
    expect(() => findCostSystem(catalog, 'sbi-cbo-2025')).toThrow(UnknownNameError);
    expect(() => findCostSystem(catalog, 'sbi-cbo-2025')).toThrow(/unknown cost system 'sbi-cbo-2025' \(did you mean 'sbi-cbo-2026'/);
  });
});

describe('a broken cost file is reported with its file, line and field', () => {
  const good = readFileSync(join(COST_CATALOG_DIR, 'sbi-cbo-2026.yaml'), 'utf8');
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  function errorFor(text: string, name = 'sbi-cbo-2026.yaml'): { err: InputError; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'golden-dome-costs-'));
    dirs.push(dir);
    const file = join(dir, name);
    writeFileSync(file, text);
    try {
      loadCostCatalog(dir);
    } catch (e) {
      if (e instanceof InputError) return { err: e, file };
      throw e;
    }
    throw new Error('expected an InputError');
  }

  function lineOf(text: string, fragment: string): number {
    const i = text.indexOf(fragment);
    if (i < 0) throw new Error(`fragment not found: ${fragment}`);
    return text.slice(0, i).split('\n').length;
  }

  function mutate(from: string | RegExp, to: string): string {
    const text = good.replace(from, to);
    expect(text).not.toBe(good);
    return text;
  }

  it('a number without its source', () => {
    const text = mutate(/(base: \{value: 500), source: "[^"]*"/, '$1');
    const { err, file } = errorFor(text);
    expect(err.file).toBe(file);
    expect(err.message).toContain(file);
    expect(err.message).toContain(`line ${lineOf(text, 'base: {value: 500}')}`);
    expect(err.message).toContain("field 'launch_usd_per_kg.base.source'");
  });

  it('a low above the base', () => {
    const text = mutate('low: {value: 3, source', 'low: {value: 6, source');
    const { err } = errorFor(text);
    expect(err.message).toContain(`line ${lineOf(text, 'low: {value: 6')}`);
    expect(err.message).toContain("field 'lifetime_years.low.value': low (6) must not exceed base (5)");
  });

  it('a learning rate above 100 %', () => {
    const text = mutate('base: {value: 0.9, source', 'base: {value: 90, source');
    const { err } = errorFor(text);
    expect(err.message).toContain(`line ${lineOf(text, 'base: {value: 90,')}`);
    expect(err.message).toMatch(/field 'learning_rate\.base': must be a fraction in \(0, 1\]/);
  });

  it('a satellite mass its own derivation does not give', () => {
    const text = mutate('base: {value: 522, source', 'base: {value: 400, source');
    const { err } = errorFor(text);
    expect(err.message).toContain(`line ${lineOf(text, 'base: {value: 400,')}`);
    expect(err.message).toContain("field 'satellite_mass_kg.base.value': mass_derivation gives 522.4 kg at 4000 m/s, not 400 kg");
  });

  it('an unknown basing, a misspelled field, and an id that is not the file name', () => {
    expect(errorFor(mutate('basing: space', 'basing: orbit')).err.message).toMatch(/field 'basing': Invalid discriminator value/);
    const typo = mutate('build_up_years:', 'build_up_yeers:');
    const t = errorFor(typo).err.message;
    // the missing field and the unknown key are both named (validated-yaml places an unknown key at its parent's line)
    expect(t).toMatch(/field 'build_up_years': Invalid input: expected object/);
    expect(t).toMatch(/Unrecognized key: "build_up_yeers"/);
    expect(errorFor(good, 'other-name.yaml').err.message).toMatch(/'sbi-cbo-2026' must match the file name 'other-name.yaml'/);
  });

  it('an entry without its dollar year, or with one the deflator table cannot convert', () => {
    const text = mutate(/^dollar_year: .*\n/m, '');
    const { err, file } = errorFor(text);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/line \d+, field 'dollar_year': Invalid input: expected object/);
    const far = mutate(/^dollar_year: \{value: 2026,/m, 'dollar_year: {value: 1960,');
    const dir = mkdtempSync(join(tmpdir(), 'golden-dome-costs-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'sbi-cbo-2026.yaml'), far);
    const e = loadCostCatalog(dir).get('sbi-cbo-2026')!;
    expect(() => costInputs(e, 10, 20)).toThrow(InputError);
    expect(() => costInputs(e, 10, 20)).toThrow(
      /sbi-cbo-2026\.yaml, field 'dollar_year': US GDP chain-type price index .* has no value for 1960 \(the source dollar year\); the table covers 2000-2026/,
    );
  });

  it('a YAML syntax error names its line', () => {
    const text = mutate('unit_cost_basis: average', 'unit_cost_basis: [average');
    expect(errorFor(text).err.message).toMatch(/line \d+, column \d+: YAML syntax/);
  });
});
