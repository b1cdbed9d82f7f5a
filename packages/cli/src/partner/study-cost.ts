/**
 * The architecture's cost under each option and the partner's fair share of it under each rule.
 *
 * Total under an option = the life-cycle cost over the study's horizon of the architecture's systems
 * (cost catalog, base case) + the batteries the option adds (priced by their cost system for their
 * rounds, without a second development: the type is already developed) + the contributed assets the
 * option values in dollars (e.g. the partner's radars). Every amount is in US$ of the constant dollar
 * year (catalog/deflators): catalog systems are converted by the cost model's inputs, contributed assets and
 * the published total from their declared dollar_year here. The total is split by core/cost/cost-share.ts under each rule:
 * - GDP and population: the nations' sourced figures (study file);
 * - defended population: each nation's expected population kept safe under the option, summed over the
 *   raids (the study's own result);
 * - contributed assets: the dollar value each nation brings (its systems and assets in the total).
 */
import { type CostShareRule, costShares, type CostShareSplit, lifecycleCost } from '@golden-dome/core';
import { costInputs, findCostSystem, loadCostCatalog, loadDeflator, type StudyFile, toConstantDollars } from '@golden-dome/scenario';

export interface CostItem {
  owner: string;
  item: string;
  usd: number;
  source: string;
}

export interface OptionCost {
  option: string;
  /** The one dollar year of every amount here. */
  dollarYear: number;
  totalUsd: number;
  items: CostItem[];
  /** Per nation: the value of what it brings (items it owns). */
  contributedUsd: Record<string, number>;
  splits: Array<CostShareSplit & { applicable: boolean; note?: string }>;
  /** The partner's figure under the study's precedent split (its fraction of this total), when the study gives one. */
  precedentPartnerUsd?: number;
  /** The partner's fraction of a published total under each rule (same fractions), when the study gives one. */
  publishedPartnerUsd?: Partial<Record<CostShareRule, number>>;
}

const round = (x: number): number => Math.round(x);

/** The study's published total in US$ of the constant dollar year (0 when it gives none). */
export function publishedTotalUsd(study: StudyFile): number {
  const p = study.cost.published_total;
  if (!p) return 0;
  return p.value_usd * toConstantDollars(p.dollar_year, `study ${study.name}, field 'cost.published_total.dollar_year'`).factor;
}

function usd(x: number): string {
  return Math.abs(x) >= 1e9 ? `$${(x / 1e9).toFixed(2)}B` : `$${(x / 1e6).toFixed(1)}M`;
}

/** Life-cycle cost of `count` units of a catalog system over the horizon (base case) [US$]. */
export function systemCostUsd(system: string, count: number, horizonYears: number, newDevelopment = true): number {
  const e = findCostSystem(loadCostCatalog(), system);
  return lifecycleCost(costInputs(e, count, horizonYears, newDevelopment ? {} : { developmentUsd: 0 })).base.totalUsd;
}

/**
 * Costs and shares for every option; `defendedByOption` gives each nation's expected population kept
 * safe (summed over raids) under each option.
 */
export function studyCosts(study: StudyFile, defendedByOption: ReadonlyMap<string, Record<string, number>>): OptionCost[] {
  const horizon = study.cost.horizon_years;
  const nations = [study.partner, ...study.members];
  const baseItems: CostItem[] = study.cost.systems.map((s) => ({
    owner: s.owner,
    item: `${s.system} x ${s.count}`,
    usd: round(systemCostUsd(s.system, s.count, horizon)),
    source: `cost model (catalog/costs/${s.system}.yaml, base case, ${horizon} years); count: ${s.source}`,
  }));
  const gdp = Object.fromEntries(nations.map((n) => [n, study.nations[n].gdp_usd.value]));
  const population = Object.fromEntries(nations.map((n) => [n, study.nations[n].population.value]));
  return study.options.map((o) => {
    const items = [
      ...baseItems,
      ...o.add.batteries
        .filter((b) => b.cost_system)
        .map((b) => ({
          owner: b.owner,
          item: `${b.id}: ${b.cost_system} x ${b.inventory}`,
          usd: round(systemCostUsd(b.cost_system as string, b.inventory, horizon, false)),
          source: `cost model (catalog/costs/${b.cost_system}.yaml, base case, ${horizon} years, no second development); ${b.source}`,
        })),
      ...o.asset_values.map((a, k) => {
        const c = toConstantDollars(
          a.dollar_year,
          `study ${study.name}, field 'options.${study.options.indexOf(o)}.asset_values.${k}.dollar_year'`,
        );
        const converted =
          c.factor === 1
            ? ''
            : `; ${usd(a.value_usd)} of ${a.dollar_year} x ${c.factor.toFixed(4)} (US GDP price index ${c.toYear} / ${c.fromYear})`;
        return { owner: a.owner, item: a.item, usd: round(a.value_usd * c.factor), source: `${a.source}${converted}` };
      }),
    ];
    const totalUsd = items.reduce((s, x) => s + x.usd, 0);
    const contributedUsd = Object.fromEntries(nations.map((n) => [n, items.filter((x) => x.owner === n).reduce((s, x) => s + x.usd, 0)]));
    const defended = defendedByOption.get(o.id) ?? {};
    const defendedWeights = Object.fromEntries(nations.map((n) => [n, Math.max(0, defended[n] ?? 0)]));
    const defendedApplicable = Object.values(defendedWeights).some((w) => w > 0);
    const weights: Partial<Record<CostShareRule, Record<string, number>>> = {
      gdp,
      population,
      'contributed-assets': contributedUsd,
      ...(defendedApplicable ? { 'defended-population': defendedWeights } : {}),
    };
    const splits: OptionCost['splits'] = costShares(totalUsd, weights).map((s) => ({ ...s, applicable: true }));
    if (!defendedApplicable) {
      splits.push({
        rule: 'defended-population',
        weights: defendedWeights,
        shares: {},
        fractions: {},
        applicable: false,
        note: 'no nation keeps any population safe under this option in these raids: nothing to split by',
      });
    }
    const published = study.cost.published_total;
    const publishedUsd = published ? publishedTotalUsd(study) : 0;
    const publishedPartnerUsd = published
      ? Object.fromEntries(splits.filter((s) => s.applicable).map((s) => [s.rule, round(publishedUsd * (s.fractions[study.partner] ?? 0))]))
      : undefined;
    const precedentPartnerUsd = study.cost.precedent ? round(totalUsd * study.cost.precedent.partner_fraction) : undefined;
    return {
      option: o.id,
      dollarYear: loadDeflator().dollarYear,
      totalUsd,
      items,
      contributedUsd,
      splits,
      publishedPartnerUsd,
      precedentPartnerUsd,
    };
  });
}
