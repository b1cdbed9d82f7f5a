/**
 * Unit costs for a campaign's cost exchange (core/analysis/cost-exchange.ts), looked up in the catalogs:
 * an interceptor type is priced by its cost system (interceptors/*.yaml `cost_system` → costs/*.yaml
 * `unit_cost_musd`, the satellite's cost for a space-based interceptor: launch and operations are not
 * counted per shot); a missile by its threat entry's `unit_cost_musd` (threats/*.yaml). A type with no
 * such entry is left unpriced, never priced at zero. Every unit cost is converted from its entry's dollar
 * year to the constant dollar year (catalog/deflators, US GDP price index), so the sums are in one year.
 */
import type { CostExchangeInputs, UnitCost } from '@golden-dome/core';
import { join } from 'node:path';
import {
  CATALOG_DIR,
  COST_CATALOG_DIR,
  findBomber,
  loadAircraftCatalog,
  loadCatalog,
  loadCostCatalog,
  loadInterceptorCatalog,
  moneyRange,
  toConstantDollars,
  type UncertainEntry,
  type WorldRequest,
} from '@golden-dome/scenario';

const MUSD = 1e6;

/**
 * A catalog unit cost ($M of `dollarYear`, or of an end's own `dollar_year`) in US$ of the constant dollar
 * year; `file` and `yearField` (the entry's dollar-year field) locate a year the deflator table lacks.
 */
function unitCost(u: UncertainEntry, dollarYear: number, where: string, file: string, yearField: string): UnitCost {
  const c = toConstantDollars(dollarYear, `${file}, field '${yearField}'`);
  const m = moneyRange(u, MUSD, dollarYear, file, 'unit_cost_musd', yearField);
  const ownYears = (['low', 'high'] as const)
    .filter((end) => u[end]?.dollar_year !== undefined)
    .map((end) => `${end} in ${u[end]?.dollar_year} dollars`);
  const converted =
    c.fromYear === c.toYear && ownYears.length === 0
      ? `US$ of ${c.toYear}`
      : `US$ of ${c.toYear}: $${u.base.value}M of ${c.fromYear} x ${c.factor.toFixed(4)} (US GDP price index)${ownYears.length ? `; ${ownYears.join(', ')}, converted from their year` : ''}`;
  return {
    usd: m.base,
    ...(m.low !== undefined ? { lowUsd: m.low } : {}),
    ...(m.high !== undefined ? { highUsd: m.high } : {}),
    dollarYear: c.toYear,
    convertedFrom: { year: c.fromYear, factor: c.factor },
    source: `${where} (${converted}): ${u.base.source}`,
  };
}

/** The unit cost of an interceptor type (catalog id), or undefined when the catalog prices none. */
export function interceptorUnitCost(type: string): UnitCost | undefined {
  const entry = loadInterceptorCatalog().get(type);
  const system = entry?.cost_system === undefined ? undefined : loadCostCatalog().get(entry.cost_system);
  if (!system) return undefined;
  return unitCost(
    system.unit_cost_musd,
    system.dollar_year.value,
    `catalog costs/${system.id}.yaml`,
    join(COST_CATALOG_DIR, `${system.id}.yaml`),
    'dollar_year',
  );
}

/** The unit cost of a missile type (threat catalog id), or undefined when its entry has none. */
export function missileUnitCost(type: string): UnitCost | undefined {
  const entry = loadCatalog().threats.get(type);
  if (!entry?.unit_cost_musd) return undefined;
  // the schema requires cost_dollar_year with a unit cost
  const year = entry.cost_dollar_year?.value as number;
  return unitCost(
    entry.unit_cost_musd,
    year,
    `catalog threats/${type}.yaml`,
    join(CATALOG_DIR, 'threats', `${type}.yaml`),
    'cost_dollar_year',
  );
}

/** Cost-exchange inputs of a world request: its interceptor types (from `weaponTypes`) and its raid. */
export function campaignCostInputs(request: WorldRequest, weaponTypes: Readonly<Record<string, string>>): CostExchangeInputs {
  const interceptors: Record<string, UnitCost> = {};
  for (const type of new Set(Object.values(weaponTypes))) {
    const c = interceptorUnitCost(type);
    if (c) interceptors[type] = c;
  }
  const counts = new Map<string, number>();
  for (const m of request.raid) counts.set(m.type, (counts.get(m.type) ?? 0) + 1);
  // the cruise missiles bombers release (the bombers themselves come home and are not counted)
  for (const b of request.bombers ?? []) {
    const type = findBomber(loadAircraftCatalog(), b.type).weapon.type;
    counts.set(type, (counts.get(type) ?? 0) + b.weapons.length);
  }
  const raid = [...counts].map(([type, count]) => {
    const unit = missileUnitCost(type);
    return unit ? { type, count, unit } : { type, count };
  });
  return { interceptors, raid };
}

/** Where each unit cost came from, keyed by interceptor type or `missile:<type>` (the report's assumptions). */
export function unitCostSources(inputs: CostExchangeInputs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [t, c] of Object.entries(inputs.interceptors)) if (c.source) out[t] = c.source;
  for (const m of inputs.raid) if (m.unit?.source) out[`missile:${m.type}`] = m.unit.source;
  return out;
}
