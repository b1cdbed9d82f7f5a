import { type MeanEstimate, meanInterval } from './intervals.ts';
import type { TrialSummary } from './trial-summary.ts';

/**
 * The cost exchange of a campaign: what the defense spends in interceptors per trial against what the
 * raid's missiles cost. Pure: trial summaries and unit costs in, estimates out.
 *
 * - Spent per trial = sum over interceptor types of (rounds fired in that trial) x (unit cost of the
 *   type). Its 95 % interval is over trials (the Monte Carlo uncertainty), at the base unit costs; the
 *   same mean at the low and at the high unit costs is given beside it (the price uncertainty, which no
 *   number of trials reduces). Types without a unit cost are left out of the sum and listed, so a
 *   partial total is never shown as a whole one.
 * - Raid cost = sum over the raid's missiles of their unit cost (the same in every trial); low and high
 *   from the unit costs' own ranges. Missile types without a unit cost are left out and listed.
 * - Exchange ratio = spent / raid cost, per trial (raid cost fixed), so its interval is the spent
 *   interval scaled. Meaningful only when everything fired and launched is priced (`complete`).
 *
 * Amounts are in US dollars of one year (`dollarYear`): the caller converts every unit cost to that
 * year first (core/cost/constant-dollars.ts). Unit costs stated in different dollar years are refused
 * (RangeError), never summed as they are.
 */
export interface UnitCost {
  /** Base unit cost [US$]. */
  usd: number;
  lowUsd?: number;
  highUsd?: number;
  /** The dollar year of usd, lowUsd and highUsd. */
  dollarYear?: number;
  /** The dollar year the catalog states the cost in, before conversion to dollarYear, and the factor applied. */
  convertedFrom?: { year: number; factor: number };
  source?: string;
}

export interface CostExchangeInputs {
  /** Interceptor type (as in TrialSummary.shotsByType) → unit cost; a type absent here is unpriced. */
  interceptors: Readonly<Record<string, UnitCost>>;
  /** The raid's missiles by type, with each type's unit cost when one is known. */
  raid: ReadonlyArray<{ type: string; count: number; unit?: UnitCost }>;
}

export interface CostExchange {
  /** Interceptor spending per trial on priced types [US$], base unit costs, with its 95 % interval. */
  spent: MeanEstimate;
  /** Mean spending at the low and the high unit costs (a type with no low/high uses its base). */
  spentLowUsd: number;
  spentHighUsd: number;
  /** Per priced type fired at least once: rounds per trial and spending per trial. */
  byType: Record<string, { unitUsd: number; convertedFrom?: { year: number; factor: number }; fired: MeanEstimate; spent: MeanEstimate }>;
  /** Interceptor types fired in some trial that have no unit cost (their rounds are not in `spent`). */
  unpricedInterceptors: string[];
  raid: {
    missiles: number;
    /** Sum over priced missiles [US$] at base, low and high unit costs. */
    usd: number;
    lowUsd: number;
    highUsd: number;
    byType: Array<{ type: string; count: number; unitUsd: number | null; convertedFrom?: { year: number; factor: number } }>;
    /** Missile types of the raid without a unit cost. */
    unpriced: string[];
  };
  /** spent / raid cost per trial (null when the raid has no priced missile). */
  ratio: MeanEstimate | null;
  /** True when every interceptor fired and every missile launched is priced. */
  complete: boolean;
  /** The one dollar year of every amount (null when nothing priced states one). */
  dollarYear: number | null;
}

/** Mean and 95 % interval of f over the trials. */
function estimate(summaries: readonly TrialSummary[], f: (s: TrialSummary) => number): MeanEstimate {
  let sum = 0,
    sumSq = 0,
    min = Infinity,
    max = -Infinity;
  for (const s of summaries) {
    const x = f(s);
    sum += x;
    sumSq += x * x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return meanInterval(summaries.length, sum, sumSq, min, max);
}

export function costExchange(summaries: readonly TrialSummary[], inputs: CostExchangeInputs): CostExchange {
  const price = inputs.interceptors;
  const fired = new Set<string>();
  for (const s of summaries) for (const [t, n] of Object.entries(s.shotsByType)) if (n > 0) fired.add(t);
  const pricedFired = [...fired].filter((t) => price[t] !== undefined).sort();
  const unpricedInterceptors = [...fired].filter((t) => price[t] === undefined).sort();
  const spentAt =
    (unit: (c: UnitCost) => number) =>
    (s: TrialSummary): number => {
      let usd = 0;
      for (const t of pricedFired) usd += (s.shotsByType[t] ?? 0) * unit(price[t]);
      return usd;
    };
  const spent = estimate(
    summaries,
    spentAt((c) => c.usd),
  );
  const meanAt = (unit: (c: UnitCost) => number): number => estimate(summaries, spentAt(unit)).mean;

  let usd = 0,
    lowUsd = 0,
    highUsd = 0,
    missiles = 0;
  const unpriced = new Set<string>();
  const byType = new Map<string, CostExchange['raid']['byType'][number]>();
  for (const m of inputs.raid) {
    missiles += m.count;
    const row = byType.get(m.type) ?? {
      type: m.type,
      count: 0,
      unitUsd: m.unit?.usd ?? null,
      ...(m.unit?.convertedFrom ? { convertedFrom: m.unit.convertedFrom } : {}),
    };
    row.count += m.count;
    byType.set(m.type, row);
    if (!m.unit) {
      unpriced.add(m.type);
      continue;
    }
    usd += m.count * m.unit.usd;
    lowUsd += m.count * (m.unit.lowUsd ?? m.unit.usd);
    highUsd += m.count * (m.unit.highUsd ?? m.unit.usd);
  }
  const years = new Set<number>();
  for (const t of pricedFired) if (price[t].dollarYear !== undefined) years.add(price[t].dollarYear as number);
  for (const m of inputs.raid) if (m.unit?.dollarYear !== undefined) years.add(m.unit.dollarYear);
  if (years.size > 1) {
    throw new RangeError(
      `unit costs in different dollar years (${[...years].sort((a, b) => a - b).join(', ')}): convert them to one year before summing`,
    );
  }

  return {
    spent,
    spentLowUsd: meanAt((c) => c.lowUsd ?? c.usd),
    spentHighUsd: meanAt((c) => c.highUsd ?? c.usd),
    byType: Object.fromEntries(
      pricedFired.map((t) => [
        t,
        {
          unitUsd: price[t].usd,
          ...(price[t].convertedFrom ? { convertedFrom: price[t].convertedFrom } : {}),
          fired: estimate(summaries, (s) => s.shotsByType[t] ?? 0),
          spent: estimate(summaries, (s) => (s.shotsByType[t] ?? 0) * price[t].usd),
        },
      ]),
    ),
    unpricedInterceptors,
    raid: { missiles, usd, lowUsd, highUsd, byType: [...byType.values()], unpriced: [...unpriced].sort() },
    ratio: usd > 0 ? estimate(summaries, (s) => spentAt((c) => c.usd)(s) / usd) : null,
    complete: unpricedInterceptors.length === 0 && unpriced.size === 0,
    dollarYear: years.size === 1 ? [...years][0] : null,
  };
}
