import {
  type CostEntry,
  costEntryConversion,
  type CostOverrides,
  costDefaults,
  costInputs,
  DEFAULT_COST_HORIZON,
  findCostSystem,
  loadCostCatalog,
  loadDeflator,
} from '@golden-dome/scenario';
import {
  COST_CATEGORIES,
  COST_CATEGORY_LABELS,
  costPerInterceptorSlot,
  type LifecycleCost,
  type LifecycleCostEstimate,
  lifecycleCost,
  type UncertainInputName,
} from '@golden-dome/core';
import { fmt, table } from '../output/format.ts';
import { numberFlag, UsageError } from '../usage-error.ts';
import { parseFlags } from '../flags.ts';

export const COST_HELP = `dome cost — life-cycle cost of an interceptor constellation or inventory (20 years unless told)

  dome cost --system ID [--count N] [--years Y] [--json] [--by-year]
            [--lifetime-years L] [--unit-cost-musd U] [--learning R] [--development-musd D]
            [--operations-musd O] [--build-up-years B]
            [--launch-usd-per-kg X] [--mass-kg M]                      (space-based systems)

  Prices development, production on a learning curve, launch at a price per kg of on-orbit mass,
  replenishment over each unit's service life, and operations per unit-year; prints the cost by category,
  the low–high range (every input at its cheap or dear end together, then each input alone), the cost per
  interceptor slot, and the source of every default used. A flag replaces a default and its range.
  Money is in US$ of one dollar year (catalog/deflators/us-gdp-price-index.yaml, constant_dollar_year):
  each catalog figure is converted from its own dollar year by the US GDP price index; money flags are
  read in US$ of that year.

  --count N            interceptor slots (satellites, or rounds); defaults to the system's published count
  --unit-cost-musd U   unit cost in $M, read as the system's catalog reads it (first unit, or an average)
  --learning R         unit learning-curve rate as a fraction: 0.9 for a 90 % curve, 1 for none
  --operations-musd O  operations in $M per unit-year in service

  Systems: the cost catalog (packages/scenario/catalog/costs), e.g. sbi-cbo-2026, ngi, gbi, sm-3-iia.`;

/** What a caller may set for one estimate (flags, or a sizing result). */
export interface CostOptions {
  /** Interceptor slots; defaults to the entry's reference_count. */
  readonly count?: number;
  /** Horizon in years; defaults to DEFAULT_COST_HORIZON. */
  readonly years?: number;
  readonly overrides?: CostOverrides;
  /** Print the year-by-year table (text). */
  readonly byYear?: boolean;
  /** Print the sources of the defaults (text; on by default). */
  readonly sources?: boolean;
}

export interface CostReport {
  readonly estimate: LifecycleCostEstimate;
  readonly json: Record<string, unknown>;
  /** Lines for people, ready to print. */
  readonly text: string;
}

const INPUT_LABELS: Record<UncertainInputName, { label: string; scale: number; decimals: number }> = {
  developmentUsd: { label: 'development ($M)', scale: 1e-6, decimals: 0 },
  unitCostUsd: { label: 'unit cost ($M)', scale: 1e-6, decimals: 1 },
  learningRate: { label: 'learning rate', scale: 1, decimals: 2 },
  lifetimeYears: { label: 'service life (years)', scale: 1, decimals: 1 },
  recertificationUsd: { label: 'recertification ($M)', scale: 1e-6, decimals: 1 },
  operationsUsdPerUnitYear: { label: 'operations ($M per unit-year)', scale: 1e-6, decimals: 2 },
  massKg: { label: 'satellite mass (kg)', scale: 1, decimals: 0 },
  launchUsdPerKg: { label: 'launch ($/kg)', scale: 1, decimals: 0 },
};

/** Dollars for people: $1.23B, $45.6M, $7,890. */
export function usd(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e9) return `$${fmt(x / 1e9, a >= 100e9 ? 0 : 1)}B`;
  if (a >= 1e6) return `$${fmt(x / 1e6, a >= 100e6 ? 0 : 1)}M`;
  return `$${fmt(x)}`;
}

/** A plain number: thousands separators, up to two decimals, none when whole. */
function plain(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function round(v: number, d = 0): number {
  const f = 10 ** d;
  return Math.round(v * f) / f;
}

/**
 * The life-cycle cost of `count` units of a cost-catalog system, as JSON and as text. `dome cost` prints
 * it whole; a sizing command can print it as the cost section of a sized constellation.
 * Throws UsageError for a count, horizon or override the model cannot take.
 */
export function costReport(entry: CostEntry, options: CostOptions = {}): CostReport {
  const count = options.count ?? entry.reference_count?.value;
  if (count === undefined) throw new UsageError(`--count is required for ${entry.id}: its sources give no interceptor count`);
  const years = options.years ?? DEFAULT_COST_HORIZON.value;
  const o = options.overrides ?? {};
  if (entry.basing !== 'space' && (o.launchUsdPerKg !== undefined || o.massKg !== undefined)) {
    throw new UsageError(`--launch-usd-per-kg and --mass-kg apply to space-based systems; ${entry.id} is ${entry.basing}-based`);
  }
  const start = o.deploymentStartYear ?? entry.deployment_start_year.value;
  if (start >= years)
    throw new UsageError(
      `${entry.id} starts fielding in year ${plain(start)} of the programme (deployment_start_year): --years must be more than that, got ${years}`,
    );
  let estimate: LifecycleCostEstimate;
  try {
    estimate = lifecycleCost(costInputs(entry, count, years, o));
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`${entry.id}: ${e.message}`);
    throw e;
  }
  const { base, low, high } = estimate;
  const perSlot = (c: LifecycleCost): number => costPerInterceptorSlot(c.totalUsd, count);
  const triple = (f: (c: LifecycleCost) => number): { low: number; base: number; high: number } => ({
    low: round(f(low)),
    base: round(f(base)),
    high: round(f(high)),
  });
  const defaults = costDefaults(entry, o);
  const deflator = loadDeflator();
  const conversion = costEntryConversion(entry, deflator);
  const dollarYear = deflator.dollarYear;
  const catalogYear = entry.dollar_year.value;
  const conversionText =
    conversion.factor === 1
      ? `the catalog's figures are ${catalogYear} dollars: no conversion`
      : `the catalog's ${catalogYear} dollars x ${conversion.factor.toFixed(4)}, the US GDP price index ${dollarYear} / ${catalogYear}`;

  const json: Record<string, unknown> = {
    system: { id: entry.id, name: entry.name, basing: entry.basing },
    count,
    horizon_years: years,
    dollar_year: dollarYear,
    dollar_conversion: {
      from_year: catalogYear,
      to_year: dollarYear,
      factor: conversion.factor,
      index: deflator.entry.name,
      source: deflator.entry.series_source,
      dollar_year_choice: deflator.entry.constant_dollar_year.source,
      flags:
        'money flags (--unit-cost-musd, --development-musd, --operations-musd, --launch-usd-per-kg) are read in US$ of the dollar year, not converted',
    },
    total_usd: triple((c) => c.totalUsd),
    cost_per_slot_usd: triple(perSlot),
    by_category_usd: Object.fromEntries(COST_CATEGORIES.map((k) => [k, triple((c) => c.byCategory[k])])),
    units: { ...base.units, unitYears: round(base.units.unitYears, 3) },
    first_unit_usd: round(base.firstUnitUsd),
    average_unit_usd: round(base.averageUnitUsd),
    by_year_usd: base.byYear.map((y) => ({
      year: y.year,
      ...Object.fromEntries(COST_CATEGORIES.map((k) => [k, round(y[k])])),
      total: round(y.total),
      units_fielded: y.unitsFielded,
      units_replaced: y.unitsReplaced,
    })),
    sensitivity: estimate.sensitivity.map((s) => ({
      input: s.input,
      low: s.lowValue,
      base: s.baseValue,
      high: s.highValue,
      total_at_low_usd: round(s.totalAtLowUsd),
      total_at_high_usd: round(s.totalAtHighUsd),
      ...(s.noEffect ? { no_effect: s.noEffect } : {}),
    })),
    low_case_inputs: low.inputs,
    high_case_inputs: high.inputs,
    overrides: o,
    horizon: options.years === undefined ? { value: years, source: DEFAULT_COST_HORIZON.source } : { value: years, source: '--years' },
    defaults,
    published: entry.published ?? {},
  };

  const lines: string[] = [];
  lines.push(
    `${entry.name}: ${fmt(count)} interceptor slot${count === 1 ? '' : 's'} over ${plain(years)} years, US$ of ${dollarYear} (${conversionText})`,
  );
  const rows: Array<[string, string, string, string]> = [
    ['', 'low', 'base', 'high'],
    ...COST_CATEGORIES.filter((k) => k !== 'launch' || entry.basing === 'space').map((k): [string, string, string, string] => [
      COST_CATEGORY_LABELS[k],
      usd(low.byCategory[k]),
      usd(base.byCategory[k]),
      usd(high.byCategory[k]),
    ]),
    ['total', usd(low.totalUsd), usd(base.totalUsd), usd(high.totalUsd)],
    ['per interceptor slot', usd(perSlot(low)), usd(perSlot(base)), usd(perSlot(high))],
  ];
  lines.push(columns(rows));
  const u = base.units;
  const p = base.inputs;
  const schedule =
    p.buildUpYears > 0
      ? `fielded over ${plain(p.buildUpYears)} years from year ${plain(p.deploymentStartYear)}`
      : p.deploymentStartYear === 0
        ? 'fielded at the start'
        : `fielded at year ${plain(p.deploymentStartYear)}`;
  const eol = p.endOfLife.kind === 'recertify' ? 'recertifications' : 'replacements';
  const facts: Array<[string, string]> = [
    [
      'units (base)',
      `${fmt(u.firstFleet)} ${schedule}; ${fmt(u.replacements)} ${eol} (up to ${u.maxGenerations} generation${u.maxGenerations === 1 ? '' : 's'} of a ${plain(p.lifetimeYears)}-year life); ${fmt(u.built)} built`,
    ],
    [
      'unit cost (base)',
      `first unit ${usd(base.firstUnitUsd)}, average ${usd(base.averageUnitUsd)} (${plain(p.learningRate * 100)} % learning curve; catalog cost read as ${entry.unit_cost_basis === 'first-unit' ? 'the first unit' : `an average${entry.unit_cost_average_over_units ? ` over ${fmt(entry.unit_cost_average_over_units.value)} units` : ' over the units bought'}`})`,
    ],
  ];
  if (p.launch)
    facts.push([
      'launch (base)',
      `${fmt(p.launch.massKg)} kg at $${fmt(p.launch.usdPerKg)}/kg = ${usd(p.launch.massKg * p.launch.usdPerKg)} a satellite`,
    ]);
  lines.push('', table(facts));

  if (estimate.sensitivity.length > 0) {
    lines.push('', 'Range: low and high set every input at its cheap or dear end together. Each input alone (others at base):');
    lines.push(
      columns([
        ['input', 'low / base / high', 'total at low', 'total at high'],
        ...estimate.sensitivity.map((s): [string, string, string, string] => {
          const l = INPUT_LABELS[s.input];
          // the model's inputs: money already in US$ of the dollar year (costInputs converted it)
          const v = (x: number): string => fmt(x * l.scale, l.decimals);
          return [l.label, `${v(s.lowValue)} / ${v(s.baseValue)} / ${v(s.highValue)}`, usd(s.totalAtLowUsd), usd(s.totalAtHighUsd)];
        }),
      ]),
    );
    for (const s of estimate.sensitivity.filter((r) => r.noEffect)) lines.push(`  ${INPUT_LABELS[s.input].label}: ${s.noEffect}`);
  }

  if (options.byYear) {
    lines.push('', 'By year (base):');
    lines.push(
      columns([
        ['year', ...COST_CATEGORIES, 'total'],
        ...base.byYear.map((y) => [String(y.year), ...COST_CATEGORIES.map((k) => usd(y[k])), usd(y.total)]),
      ]),
    );
  }

  const published = Object.entries(entry.published ?? {});
  if (published.length > 0) {
    lines.push('', `Published figures (for comparison; not inputs; as published, not converted to ${dollarYear} dollars):`);
    for (const [k, s] of published) lines.push(`  ${k} = ${plain(s.value)}: ${s.source}${s.note ? ` (${s.note})` : ''}`);
  }

  if (options.sources ?? true) {
    lines.push(
      '',
      `Sources of the defaults (${entry.id}; [notional] = chosen or derived here, not published for this system; money in ${catalogYear} dollars as the catalog states it):`,
    );
    lines.push(`  dollar year = ${dollarYear}: ${deflator.entry.constant_dollar_year.source}`);
    lines.push(`    conversion: ${conversionText}; ${deflator.entry.name}: ${deflator.entry.series_source}`);
    lines.push(`  horizon = ${plain(years)} years: ${options.years === undefined ? DEFAULT_COST_HORIZON.source : 'given by --years'}`);
    for (const d of defaults) {
      const show = (x: number): string => (d.field === 'dollar_year' ? String(x) : plain(x));
      const value =
        [d.low, d.base, d.high]
          .filter((x) => x !== undefined)
          .map(show)
          .join(' / ') +
        (d.low !== undefined || d.high !== undefined
          ? `  (${[d.low !== undefined ? 'low' : '', 'base', d.high !== undefined ? 'high' : ''].filter(Boolean).join(' / ')})`
          : '');
      if (d.overriddenBy) {
        lines.push(`  ${d.field} = ${value}: not used, replaced by a flag`);
        continue;
      }
      lines.push(`  ${d.field} = ${value}`);
      for (const s of d.sources)
        lines.push(
          `    ${s.end === 'value' ? '' : `${s.end}: `}${s.dollarYear !== undefined ? `[${s.dollarYear} dollars] ` : ''}${s.notional ? '[notional] ' : ''}${s.source}${s.note ? ` (${s.note})` : ''}`,
        );
    }
    lines.push(`  unit_cost_basis = ${entry.unit_cost_basis}`);
  }
  return { estimate, json, text: lines.join('\n') };
}

/** Left column left-aligned, the others right-aligned. */
function columns(rows: ReadonlyArray<readonly string[]>): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ')}`.trimEnd()).join('\n');
}

export interface CostIo {
  stdout: (s: string) => void;
}

export async function costCommand(argv: string[], io: CostIo): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      system: { type: 'string' },
      count: { type: 'string' },
      years: { type: 'string' },
      'lifetime-years': { type: 'string' },
      'launch-usd-per-kg': { type: 'string' },
      'mass-kg': { type: 'string' },
      'unit-cost-musd': { type: 'string' },
      learning: { type: 'string' },
      'development-musd': { type: 'string' },
      'operations-musd': { type: 'string' },
      'build-up-years': { type: 'string' },
      json: { type: 'boolean' },
      'by-year': { type: 'boolean' },
    },
    COST_HELP,
    false,
  );
  const f = parsed.values;
  if (f.help) {
    io.stdout(COST_HELP);
    return 0;
  }
  const catalog = loadCostCatalog();
  if (f.system === undefined) throw new UsageError(`--system is required (one of: ${[...catalog.keys()].join(', ')})\n\n${COST_HELP}`);
  const entry = findCostSystem(catalog, f.system);

  const count = numberFlag('count', f.count, 1, 100_000);
  if (count !== undefined && !Number.isInteger(count)) throw new UsageError(`--count must be a whole number, got ${count}`);
  const years = numberFlag('years', f.years, 1, 100);
  const musd = (flag: string, text: string | undefined, max: number): number | undefined => {
    const v = numberFlag(flag, text, 0, max);
    return v === undefined ? undefined : v * 1e6;
  };
  const learning = numberFlag('learning', f.learning, -Infinity, Infinity);
  if (learning !== undefined && !(learning >= 0.5 && learning <= 1))
    throw new UsageError(`--learning must be a fraction between 0.5 and 1 (0.9 for a 90 % curve), got ${learning}`);
  const unitCost = musd('unit-cost-musd', f['unit-cost-musd'], 100_000);
  if (unitCost === 0) throw new UsageError('--unit-cost-musd must be more than 0');
  const overrides: CostOverrides = {
    lifetimeYears: numberFlag('lifetime-years', f['lifetime-years'], 0.5, 100),
    launchUsdPerKg: numberFlag('launch-usd-per-kg', f['launch-usd-per-kg'], 0, 1_000_000),
    massKg: numberFlag('mass-kg', f['mass-kg'], 1, 1_000_000),
    unitCostUsd: unitCost,
    learningRate: learning,
    developmentUsd: musd('development-musd', f['development-musd'], 10_000_000),
    operationsUsdPerUnitYear: musd('operations-musd', f['operations-musd'], 100_000),
    buildUpYears: numberFlag('build-up-years', f['build-up-years'], 0, 100),
  };
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as CostOverrides;
  const report = costReport(entry, { count, years, overrides: given, byYear: f['by-year'] });
  io.stdout(f.json ? JSON.stringify(report.json, null, 2) : report.text);
  return 0;
}
