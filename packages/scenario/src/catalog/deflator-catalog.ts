import { join } from 'node:path';
import { dollarConversion, type DollarConversion, type PriceIndex } from '@golden-dome/core';
import { z } from 'zod';
import { InputError, loadValidatedYaml } from '../validated-yaml.ts';
import { CATALOG_DIR } from './catalog.ts';
import { cachedForDefault } from './catalog-folder.ts';
import { sourced } from './sourced.ts';

/**
 * The price index that puts every cost in one dollar year (catalog/deflators/us-gdp-price-index.yaml):
 * one sourced level per calendar year, and the constant dollar year every output is stated in.
 * The conversion itself is core/cost/constant-dollars.ts.
 */
export const DEFLATOR_FILE = join(CATALOG_DIR, 'deflators', 'us-gdp-price-index.yaml');

const calendarYear = sourced.refine((s) => Number.isInteger(s.value) && s.value >= 1950 && s.value <= 2100, {
  message: 'must be a calendar year (1950-2100)',
});

export const deflatorEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    name: z.string().min(3),
    summary: z.string().min(10),
    series_source: z.string().min(8),
    constant_dollar_year: calendarYear,
    years: z.record(
      z.string().regex(/^(19[5-9]\d|20\d\d|2100)$/, 'each key is a calendar year (1950-2100)'),
      sourced.refine((s) => s.value > 0, { message: 'an index level must be positive' }),
    ),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.years[String(e.constant_dollar_year.value)] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['constant_dollar_year', 'value'],
        message: `the table has no index for ${e.constant_dollar_year.value}`,
      });
    }
  });
export type DeflatorEntry = z.infer<typeof deflatorEntry>;

/** The loaded table: the core price index, the constant dollar year and the entry (sources). */
export interface Deflator {
  readonly entry: DeflatorEntry;
  readonly index: PriceIndex;
  /** The dollar year every cost output is stated in. */
  readonly dollarYear: number;
  readonly file: string;
}

/** Loads and validates the deflator table; throws InputError naming file, line and field. */
export const loadDeflator: (file?: string) => Deflator = cachedForDefault(DEFLATOR_FILE, (file) => {
  const entry = loadValidatedYaml(file, deflatorEntry);
  const levels = new Map(Object.entries(entry.years).map(([y, s]) => [Number(y), s.value] as const));
  return { entry, index: { name: entry.name, levels }, dollarYear: entry.constant_dollar_year.value, file };
});

/**
 * The conversion from `fromYear` dollars to the constant dollar year; a year outside the table is an
 * InputError naming `where` (the file and field that declared that dollar year).
 */
export function toConstantDollars(fromYear: number, where: string, d: Deflator = loadDeflator()): DollarConversion {
  try {
    return dollarConversion(d.index, fromYear, d.dollarYear);
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(where, [`${e.message} (${d.file})`]);
    throw e;
  }
}

/** "US$ of 2024 (US GDP chain-type price index ...)" for output labels. */
export function dollarYearLabel(d: Deflator = loadDeflator()): string {
  return `US$ of ${d.dollarYear} (converted by the ${d.entry.name}; ${d.entry.series_source})`;
}
