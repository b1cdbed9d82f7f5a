import { join } from 'node:path';
import type { DollarConversion, LifecycleCostInputs, UncertainInput } from '@golden-dome/core';
import { CATALOG_DIR } from './catalog.ts';
import { catalogFolder, findEntry } from './catalog-folder.ts';
import { costEntry, type CostEntry, type UncertainEntry } from './cost-schema.ts';
import { type Deflator, loadDeflator, toConstantDollars } from './deflator-catalog.ts';
import type { Sourced } from './sourced.ts';

export const COST_CATALOG_DIR = join(CATALOG_DIR, 'costs');

/** The horizon of a life-cycle estimate unless one is given: CBO's SBI estimates are 20-year costs. */
export const DEFAULT_COST_HORIZON: Sourced = {
  value: 20,
  source:
    'CBO letter of 5 May 2025 on SBI costs: "the 20-year costs of various SBI constellations" (text as copied at https://www.milthink.com/detail/73611)',
};

/** Loads and validates costs/*.yaml; throws InputError naming file, line and field. Each file is named for its id. */
export const loadCostCatalog = catalogFolder(COST_CATALOG_DIR, costEntry, { kind: 'cost system' });

/** A cost system by id; an unknown one names those that start with what was typed, then the closest. */
export function findCostSystem(catalog: ReadonlyMap<string, CostEntry>, id: string): CostEntry {
  return findEntry(catalog, id, 'cost system');
}

/** Values that replace a catalog default (and its range) for one estimate; in the model's units (US$, years, kg). */
export interface CostOverrides {
  readonly lifetimeYears?: number;
  readonly launchUsdPerKg?: number;
  readonly massKg?: number;
  /** Read on the entry's own basis (first-unit or average). */
  readonly unitCostUsd?: number;
  readonly learningRate?: number;
  readonly developmentUsd?: number;
  readonly operationsUsdPerUnitYear?: number;
  readonly buildUpYears?: number;
  readonly deploymentStartYear?: number;
}

export type CostOverrideName = keyof CostOverrides;

const MUSD = 1e6;

function range(u: UncertainEntry, scale = 1): UncertainInput {
  return {
    low: u.low === undefined ? undefined : u.low.value * scale,
    base: u.base.value * scale,
    high: u.high === undefined ? undefined : u.high.value * scale,
  };
}

/**
 * An amount of money (low, base, high, each x `scale`) in US$ of the constant dollar year: each end is
 * converted from its own `dollar_year` when it states one, else from `entryYear` (the entry's
 * `entryYearField`). `file` and `field` locate a year the deflator table lacks.
 */
export function moneyRange(
  u: UncertainEntry,
  scale: number,
  entryYear: number,
  file: string,
  field: string,
  entryYearField = 'dollar_year',
  d: Deflator = loadDeflator(),
): { low?: number; base: number; high?: number } {
  const at = (end: 'low' | 'base' | 'high'): number | undefined => {
    const s = u[end];
    if (s === undefined) return undefined;
    const where = `${file}, field '${s.dollar_year !== undefined ? `${field}.${end}.dollar_year` : entryYearField}'`;
    return s.value * scale * toConstantDollars(s.dollar_year ?? entryYear, where, d).factor;
  };
  return { low: at('low'), base: at('base') as number, high: at('high') };
}

/** The conversion of a cost entry's money from its own dollar year to the constant dollar year (deflator catalog). */
export function costEntryConversion(e: CostEntry, d: Deflator = loadDeflator()): DollarConversion {
  return toConstantDollars(e.dollar_year.value, `${join(COST_CATALOG_DIR, `${e.id}.yaml`)}, field 'dollar_year'`, d);
}

/**
 * Catalog units ($M of the entry's dollar year, years, kg) to the model's (US$ of the constant dollar year,
 * years, kg), once, at the edge: every money input (development, unit cost, operations, recertification,
 * launch price per kg) is converted by the deflator table. An override replaces a default and its range and
 * is read in constant dollars (it is not converted).
 */
export function costInputs(
  e: CostEntry,
  count: number,
  horizonYears: number,
  o: CostOverrides = {},
  d: Deflator = loadDeflator(),
): LifecycleCostInputs {
  const pick = (over: number | undefined, u: UncertainEntry, scale = 1): UncertainInput => (over !== undefined ? over : range(u, scale));
  costEntryConversion(e, d); // the entry's own dollar year must be in the table (an error names its field)
  const file = join(COST_CATALOG_DIR, `${e.id}.yaml`);
  const money = (over: number | undefined, u: UncertainEntry, field: string, scale: number): UncertainInput =>
    over !== undefined ? over : moneyRange(u, scale, e.dollar_year.value, file, field, 'dollar_year', d);
  const common = {
    count,
    horizonYears,
    dollarYear: d.dollarYear,
    developmentUsd: money(o.developmentUsd, e.development_musd, 'development_musd', MUSD),
    developmentYears: Math.min(e.development_years.value, horizonYears),
    unitCostUsd: money(o.unitCostUsd, e.unit_cost_musd, 'unit_cost_musd', MUSD),
    unitCostBasis:
      e.unit_cost_basis === 'first-unit'
        ? { kind: 'first-unit' as const }
        : { kind: 'average' as const, overUnits: e.unit_cost_average_over_units?.value },
    learningRate: pick(o.learningRate, e.learning_rate),
    lifetimeYears: pick(o.lifetimeYears, e.lifetime_years),
    operationsUsdPerUnitYear: money(o.operationsUsdPerUnitYear, e.operations_musd_per_unit_year, 'operations_musd_per_unit_year', MUSD),
    deploymentStartYear: o.deploymentStartYear ?? e.deployment_start_year.value,
    buildUpYears: o.buildUpYears ?? e.build_up_years.value,
  };
  if (e.basing === 'space') {
    return {
      ...common,
      launch: {
        massKg: pick(o.massKg, e.satellite_mass_kg),
        usdPerKg: money(o.launchUsdPerKg, e.launch_usd_per_kg, 'launch_usd_per_kg', 1),
      },
    };
  }
  return {
    ...common,
    endOfLife:
      e.end_of_life === 'recertify' && e.recertification_musd
        ? { kind: 'recertify', costUsd: money(undefined, e.recertification_musd, 'recertification_musd', MUSD) }
        : { kind: 'replace' },
  };
}

/** One default as printed with its source: which field, its value(s) in catalog units, and where it came from. */
export interface CostDefault {
  readonly field: string;
  /** The override that replaced it, if any (then the value is not used). */
  readonly overriddenBy?: CostOverrideName;
  readonly low?: number;
  readonly base: number;
  readonly high?: number;
  readonly sources: ReadonlyArray<{
    readonly end: 'low' | 'base' | 'high' | 'value';
    readonly source: string;
    readonly notional: boolean;
    readonly note?: string;
    readonly dollarYear?: number;
  }>;
}

const OVERRIDDEN_BY: Partial<Record<string, CostOverrideName>> = {
  lifetime_years: 'lifetimeYears',
  launch_usd_per_kg: 'launchUsdPerKg',
  satellite_mass_kg: 'massKg',
  unit_cost_musd: 'unitCostUsd',
  learning_rate: 'learningRate',
  development_musd: 'developmentUsd',
  operations_musd_per_unit_year: 'operationsUsdPerUnitYear',
  build_up_years: 'buildUpYears',
  deployment_start_year: 'deploymentStartYear',
};

/** Every model input the entry supplies, with its sources, in the order of the file (mass derivation and published figures excluded). */
export function costDefaults(e: CostEntry, overrides: CostOverrides = {}): CostDefault[] {
  const out: CostDefault[] = [];
  for (const [field, x] of Object.entries(e)) {
    if (field === 'published' || field === 'mass_derivation' || x === null || typeof x !== 'object') continue;
    const by = OVERRIDDEN_BY[field];
    const overriddenBy = by !== undefined && overrides[by] !== undefined ? by : undefined;
    if ('value' in x) {
      const s = x as Sourced;
      out.push({
        field,
        overriddenBy,
        base: s.value,
        sources: [{ end: 'value', source: s.source, notional: s.notional ?? false, note: s.note }],
      });
    } else if ('base' in x) {
      const u = x as UncertainEntry;
      const sources = (['low', 'base', 'high'] as const).flatMap((end) => {
        const s = u[end];
        return s
          ? [
              {
                end,
                source: s.source,
                notional: s.notional ?? false,
                note: s.note,
                ...(s.dollar_year !== undefined ? { dollarYear: s.dollar_year } : {}),
              },
            ]
          : [];
      });
      out.push({ field, overriddenBy, low: u.low?.value, base: u.base.value, high: u.high?.value, sources });
    }
  }
  return out;
}
