import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../validated-yaml.ts';
import { loadCatalog } from './catalog.ts';
import { loadCostCatalog } from './cost-catalog.ts';
import { DEFLATOR_FILE, loadDeflator, toConstantDollars } from './deflator-catalog.ts';

const d = loadDeflator();

describe('the deflator table (US GDP chain-type price index, 2017 = 100)', () => {
  it("holds CBO's calendar-year means of the BEA index, each year sourced, 2017 = 100", () => {
    // spot values typed by hand from CBO, The Budget and Economic Outlook: 2025 to 2035, supplemental data (Jan 2025)
    expect(d.index.levels.get(2017)).toBe(100);
    expect(d.index.levels.get(2009)).toBe(88.556);
    expect(d.index.levels.get(2021)).toBe(110.172);
    expect(d.index.levels.get(2024)).toBe(125.223);
    for (const [year, s] of Object.entries(d.entry.years)) {
      expect(s.source, year).toContain('https://www.cbo.gov/publication/60870');
      expect(s.source, year).toContain(`calendar ${year}`);
      if (Number(year) >= 2025) expect(s.note, year).toMatch(/CBO projection/);
    }
    // a price index that falls from one year to the next would be a typing error here (none did, 2000-2026)
    const years = [...d.index.levels.keys()].sort((a, b) => a - b);
    for (let i = 1; i < years.length; i++)
      expect(d.index.levels.get(years[i])!, String(years[i])).toBeGreaterThan(d.index.levels.get(years[i - 1])!);
  });

  it('states the constant dollar year (2024) with its reason', () => {
    expect(d.dollarYear).toBe(2024);
    expect(d.entry.constant_dollar_year.source).toMatch(/^model choice: 2024 is the latest year whose index is measured/);
  });

  it('converts by hand: $25M of 2022 (KIDA, Hwasong) is $26.52M of 2024 (x 125.223 / 118.041), and back', () => {
    const c = toConstantDollars(2022, 'test');
    expect(25 * c.factor).toBeCloseTo(26.521, 3);
    expect(c.factor).toBeCloseTo(125.223 / 118.041, 12);
    expect((25 * c.factor) / toConstantDollars(2022, 'test').factor).toBe(25);
  });

  it('covers every dollar year the catalog declares', () => {
    for (const [id, e] of loadCostCatalog()) expect(() => toConstantDollars(e.dollar_year.value, id), id).not.toThrow();
    for (const [id, t] of loadCatalog().threats) {
      if (t.unit_cost_musd) {
        expect(t.cost_dollar_year, `${id} has a unit cost and must declare its dollar year`).toBeDefined();
        expect(() => toConstantDollars(t.cost_dollar_year!.value, id), id).not.toThrow();
      }
    }
  });
});

describe('a broken deflator table is reported with its file, line and field', () => {
  const good = readFileSync(DEFLATOR_FILE, 'utf8');
  const dirs: string[] = [];
  afterAll(() => {
    for (const x of dirs) rmSync(x, { recursive: true, force: true });
  });
  function errorFor(text: string): InputError {
    const dir = mkdtempSync(join(tmpdir(), 'golden-dome-deflator-'));
    dirs.push(dir);
    const file = join(dir, 'us-gdp-price-index.yaml');
    writeFileSync(file, text);
    try {
      loadDeflator(file);
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    throw new Error('expected an InputError');
  }
  const lineOf = (text: string, fragment: string): number => text.slice(0, text.indexOf(fragment)).split('\n').length;

  it('a year without its source', () => {
    const text = good.replace(/("2009": \{value: 88\.556), source: "[^"]*"/, '$1');
    expect(text).not.toBe(good);
    const err = errorFor(text);
    expect(err.message).toContain(`line ${lineOf(text, '"2009": {value: 88.556}')}`);
    expect(err.message).toContain("field 'years.2009.source'");
  });

  it('a constant dollar year the table does not have', () => {
    const text = good.replace('constant_dollar_year: {value: 2024,', 'constant_dollar_year: {value: 2030,');
    const err = errorFor(text);
    expect(err.message).toContain(`line ${lineOf(text, 'constant_dollar_year:')}`);
    expect(err.message).toContain("field 'constant_dollar_year.value': the table has no index for 2030");
  });

  it('a negative index level', () => {
    const text = good.replace('"2021": {value: 110.172,', '"2021": {value: -110.172,');
    expect(errorFor(text).message).toContain("field 'years.2021': an index level must be positive");
  });
});
