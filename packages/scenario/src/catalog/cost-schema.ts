import { G0 } from '@golden-dome/core';
import { z } from 'zod';
import { nonNegative, nonNegativeMoney, positive, positiveMoney, sourced, type Sourced, sourcedMoney } from './sourced.ts';

/**
 * A cost-catalog entry: the defaults for pricing one interceptor system over its life cycle (the
 * model is core/cost/lifecycle-cost.ts). Units are in the field names: _musd = millions of US dollars of
 * the entry's `dollar_year`, _years, _kg, _usd_per_kg. Every number is sourced (see sourced.ts).
 */

/** A sourced base value with an optional sourced low and high (low ≤ base ≤ high, in the field's own units). */
function uncertain<T extends Sourced>(inner: z.ZodType<T>) {
  return z
    .object({ low: inner.optional(), base: inner, high: inner.optional() })
    .strict()
    .superRefine((u, ctx) => {
      const low = u.low?.value,
        base = u.base.value,
        high = u.high?.value;
      if (low !== undefined && low > base)
        ctx.addIssue({ code: 'custom', path: ['low', 'value'], message: `low (${low}) must not exceed base (${base})` });
      if (high !== undefined && high < base)
        ctx.addIssue({ code: 'custom', path: ['high', 'value'], message: `high (${high}) must not be below base (${base})` });
    });
}

const fraction = sourced.refine((s) => s.value > 0 && s.value <= 1, {
  message: 'must be a fraction in (0, 1]: 0.9 for a 90 % learning curve',
});
const wholeCount = sourced.refine((s) => Number.isInteger(s.value) && s.value >= 1, { message: 'must be a whole number of at least 1' });
/** The year whose dollars a cost is in (sourced): every cost is converted from it to one dollar year (deflator-catalog.ts). */
export const dollarYear = sourced.refine((s) => Number.isInteger(s.value) && s.value >= 1950 && s.value <= 2100, {
  message: 'must be a calendar year (1950-2100)',
});

export const uncertainNumber = uncertain(sourced);
/** An amount of money with a range; each end may state its own dollar year (see sourcedMoney). */
export const uncertainMoney = uncertain(sourcedMoney);
export type UncertainEntry = z.infer<typeof uncertainMoney>;

/**
 * How a space-based interceptor's on-orbit mass was derived when no published mass exists: a kill vehicle
 * on a one-stage booster sized by the rocket equation for a divert/fly-out delta-v, plus the carrier bus.
 */
const massDerivation = z
  .object({
    kill_vehicle_kg: positive,
    booster_delta_v_m_s: uncertain(positive),
    booster_isp_s: positive,
    /** Structure mass / (structure + propellant) of the booster. */
    booster_structure_fraction: sourced.refine((s) => s.value > 0 && s.value < 0.5, { message: 'must be between 0 and 0.5' }),
    carrier_bus_kg: nonNegative,
  })
  .strict();
export type MassDerivationEntry = z.infer<typeof massDerivation>;

/** Wet mass of kill vehicle + booster + bus: booster propellant from Tsiolkovsky, Δv = g0·Isp·ln(m0/mf). */
export function derivedSatelliteMassKg(d: MassDerivationEntry, deltaV: number): number {
  const ratio = Math.exp(deltaV / (G0 * d.booster_isp_s.value));
  const k = d.booster_structure_fraction.value / (1 - d.booster_structure_fraction.value); // structure per kg of propellant
  const denom = 1 - (ratio - 1) * k;
  if (denom <= 0) return Infinity; // the booster cannot reach this delta-v at this structure fraction
  const propellant = ((ratio - 1) * d.kill_vehicle_kg.value) / denom;
  return d.kill_vehicle_kg.value + propellant * (1 + k) + d.carrier_bus_kg.value;
}

const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by hyphens'),
  name: z.string().min(3),
  summary: z.string().min(10),
  /** The year whose dollars every _musd and _usd field is in. */
  dollar_year: dollarYear,
  /** The number of interceptors the published cost refers to (the default --count), when there is one. */
  reference_count: wholeCount.optional(),
  development_musd: uncertain(nonNegativeMoney),
  /** Development is spread evenly over these first years of the horizon. */
  development_years: nonNegative,
  unit_cost_musd: uncertain(positiveMoney),
  /** first-unit: the cost is T1; average: the average over `unit_cost_average_over_units` (or over every unit built). */
  unit_cost_basis: z.enum(['first-unit', 'average']),
  unit_cost_average_over_units: wholeCount.optional(),
  learning_rate: uncertain(fraction),
  /** Service life of a unit; at its end the unit is replaced (or recertified, see end_of_life). */
  lifetime_years: uncertain(positive),
  operations_musd_per_unit_year: uncertain(nonNegativeMoney),
  /** Years after the programme starts that the first unit is fielded, and the years over which the first fleet is fielded. */
  deployment_start_year: nonNegative,
  build_up_years: nonNegative,
  /** Published figures kept for comparison (not inputs). */
  published: z.record(z.string(), sourced).optional(),
  derivation: z.string().optional(),
};

export const spaceCostEntry = z
  .object({
    ...common,
    basing: z.literal('space'),
    /** On-orbit wet mass of one satellite: kill vehicle, its booster and the carrier bus. */
    satellite_mass_kg: uncertain(positive),
    launch_usd_per_kg: uncertain(nonNegativeMoney),
    mass_derivation: massDerivation.optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    basisRule(e, ctx);
    // A derived mass must be the derivation's arithmetic (within 1 kg), at each end of the delta-v range.
    const d = e.mass_derivation;
    // (a derivation input that broke its own rule is already reported; do not pile on)
    if (!d || !(d.kill_vehicle_kg.value > 0 && d.booster_isp_s.value > 0 && d.carrier_bus_kg.value >= 0)) return;
    for (const end of ['low', 'base', 'high'] as const) {
      const dv = d.booster_delta_v_m_s[end]?.value;
      const mass = e.satellite_mass_kg[end]?.value;
      if (dv === undefined && mass === undefined) continue;
      if (dv === undefined || mass === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['satellite_mass_kg', end],
          message: `satellite_mass_kg.${end} and mass_derivation.booster_delta_v_m_s.${end} go together`,
        });
        continue;
      }
      const derived = derivedSatelliteMassKg(d, dv);
      if (!(Math.abs(derived - mass) <= 1)) {
        ctx.addIssue({
          code: 'custom',
          path: ['satellite_mass_kg', end, 'value'],
          message: `mass_derivation gives ${Number.isFinite(derived) ? derived.toFixed(1) : 'no finite mass'} kg at ${dv} m/s, not ${mass} kg`,
        });
      }
    }
  });

export const surfaceCostEntry = z
  .object({
    ...common,
    basing: z.enum(['ground', 'sea']),
    end_of_life: z.enum(['replace', 'recertify']).optional(),
    recertification_musd: uncertain(nonNegativeMoney).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    basisRule(e, ctx);
    if (e.end_of_life === 'recertify' && !e.recertification_musd) {
      ctx.addIssue({ code: 'custom', path: ['recertification_musd'], message: 'end_of_life: recertify needs recertification_musd' });
    }
    if (e.end_of_life !== 'recertify' && e.recertification_musd) {
      ctx.addIssue({
        code: 'custom',
        path: ['recertification_musd'],
        message: 'recertification_musd applies only with end_of_life: recertify',
      });
    }
  });

function basisRule(e: { unit_cost_basis: string; unit_cost_average_over_units?: unknown }, ctx: z.RefinementCtx): void {
  if (e.unit_cost_basis === 'first-unit' && e.unit_cost_average_over_units !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['unit_cost_average_over_units'], message: 'applies only with unit_cost_basis: average' });
  }
}

export const costEntry = z.discriminatedUnion('basing', [spaceCostEntry, surfaceCostEntry]);
export type CostEntry = z.infer<typeof costEntry>;
export type SpaceCostEntry = z.infer<typeof spaceCostEntry>;
export type SurfaceCostEntry = z.infer<typeof surfaceCostEntry>;
