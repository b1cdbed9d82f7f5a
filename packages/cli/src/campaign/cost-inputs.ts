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
  CATALOG_DIR, COST_CATALOG_DIR, loadCatalog, loadCostCatalog, loadInterceptorCatalog, toConstantDollars, type UncertainEntry, type WorldRequest,
} from '@golden-dome/scenario';

const MUSD = 1e6;

/** A catalog unit cost ($M of `dollarYear`) in US$ of the constant dollar year; `file` and `field` locate the dollar year for errors. */
function unitCost(u: UncertainEntry, dollarYear: number, where: string, file: string, field: string): UnitCost {
  const c = toConstantDollars(dollarYear, `${file}, field '${field}'`);
  const k = MUSD * c.factor;
  const converted = c.fromYear === c.toYear ? `US$ of ${c.toYear}` : `US$ of ${c.toYear}: $${u.base.value}M of ${c.fromYear} x ${c.factor.toFixed(4)} (US GDP price index)`;
  return {
    usd: u.base.value * k,
    ...(u.low ? { lowUsd: u.low.value * k } : {}),
    ...(u.high ? { highUsd: u.high.value * k } : {}),
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
  return unitCost(system.unit_cost_musd, system.dollar_year.value, `catalog costs/${system.id}.yaml`, join(COST_CATALOG_DIR, `${system.id}.yaml`), 'dollar_year');
}

/** The unit cost of a missile type (threat catalog id), or undefined when its entry has none. */
export function missileUnitCost(type: string): UnitCost | undefined {
  const entry = loadCatalog().threats.get(type);
  if (!entry?.unit_cost_musd) return undefined;
  // the schema requires cost_dollar_year with a unit cost
  const year = entry.cost_dollar_year?.value as number;
  return unitCost(entry.unit_cost_musd, year, `catalog threats/${type}.yaml`, join(CATALOG_DIR, 'threats', `${type}.yaml`), 'cost_dollar_year');
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
