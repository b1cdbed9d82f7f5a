import { z } from 'zod';
import { dollarYear, uncertainMoney } from './cost-schema.ts';
import { nonNegative, positive, sourced, sourcedList } from './sourced.ts';

const stage = z
  .object({
    propellant_kg: positive,
    dry_kg: nonNegative,
    burn_s: positive,
    isp_vacuum_s: positive,
    isp_sea_level_s: positive.optional(),
    coast_after_s: nonNegative.optional(),
  })
  .strict();

const rocket = z
  .object({
    stages: z.array(stage).min(1).max(5),
    /** Everything above the last stage at its burnout (bus, RVs, shroud) — or the glider/orbital payload. */
    payload_kg: positive,
    diameter_m: positive,
    drag_mach: sourcedList,
    drag_cd: sourcedList,
  })
  .strict();

const pitch = z
  .object({
    vertical_rise_s: positive,
    kick_duration_s: positive,
    kick_range_deg: sourcedList,
  })
  .strict();

const releasedObject = z
  .object({
    kind: z.enum(['warhead', 'decoy']),
    count: z.number().int().min(1).max(50),
    mass_kg: positive,
    ballistic_coefficient_kg_m2: positive,
  })
  .strict();

const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by hyphens'),
  name: z.string().min(3),
  class: z.string().min(2),
  /** Who fields this class (free text: "notional", "North Korea", ...). */
  operator: z.string().min(2),
  summary: z.string().min(10),
  /** Published figures the model is checked against (range, apogee...): each sourced. */
  published: z.record(z.string(), sourced).optional(),
  /** A short note on how the entry was derived. */
  derivation: z.string().optional(),
  /** Unit cost of one missile in millions of US dollars of `cost_dollar_year` (the raid's cost): base with optional low and high, each sourced. */
  unit_cost_musd: uncertainMoney.optional(),
  /** The year whose dollars unit_cost_musd is in: required with a unit cost (every cost is converted from it to one dollar year). */
  cost_dollar_year: dollarYear.optional(),
};

export const ballisticThreat = z
  .object({
    ...common,
    kind: z.literal('ballistic'),
    rocket,
    pitch,
    bus: z.object({ deploy_delay_s: nonNegative, release_interval_s: nonNegative, separation_speed_m_s: nonNegative }).strict(),
    objects: z.array(releasedObject).min(1),
  })
  .strict();

export const glideThreat = z
  .object({
    ...common,
    kind: z.literal('glide'),
    rocket,
    pitch,
    glider: z
      .object({
        mass_kg: positive,
        ballistic_coefficient_kg_m2: positive,
        lift_to_drag: positive,
        min_glide_altitude_km: positive,
        dive_angle_deg: positive,
      })
      .strict(),
  })
  .strict();

export const fobsThreat = z
  .object({
    ...common,
    kind: z.literal('fobs'),
    rocket,
    pitch: pitch.extend({ orbit_altitude_km: positive, kick_deg: positive }).strict(),
    deorbit_delta_v_m_s: positive,
    warhead: z.object({ mass_kg: positive, ballistic_coefficient_kg_m2: positive }).strict(),
  })
  .strict();

export const cruiseThreat = z
  .object({
    ...common,
    kind: z.literal('cruise'),
    cruise_speed_m_s: positive,
    cruise_altitude_m: positive,
    max_bank_deg: positive,
    climb_rate_m_s: positive,
    max_range_km: positive,
    launch_altitude_m: nonNegative,
    launch_speed_m_s: nonNegative,
    terminal_distance_km: positive,
    dive_angle_deg: positive,
  })
  .strict();

export const threatEntry = z.discriminatedUnion('kind', [ballisticThreat, glideThreat, fobsThreat, cruiseThreat]).superRefine((e, ctx) => {
  if (e.unit_cost_musd !== undefined && e.cost_dollar_year === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['unit_cost_musd'],
      message: 'a unit cost needs cost_dollar_year (the year whose dollars it is in, sourced)',
    });
  }
  if (e.unit_cost_musd === undefined && e.cost_dollar_year !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['cost_dollar_year'], message: 'cost_dollar_year applies only with unit_cost_musd' });
  }
});
export type ThreatEntry = z.infer<typeof threatEntry>;
export type BallisticThreatEntry = z.infer<typeof ballisticThreat>;
export type GlideThreatEntry = z.infer<typeof glideThreat>;
export type FobsThreatEntry = z.infer<typeof fobsThreat>;
export type CruiseThreatEntry = z.infer<typeof cruiseThreat>;

export const siteEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    name: z.string().min(2),
    country: z.string().min(2),
    latitude_deg: sourced.refine((s) => Math.abs(s.value) <= 90, { message: 'latitude must be within ±90°' }),
    longitude_deg: sourced.refine((s) => Math.abs(s.value) <= 180, { message: 'longitude must be within ±180°' }),
    kind: z.enum(['launch', 'test-range', 'patrol-area', 'impact-area', 'air-base']),
    note: z.string().optional(),
  })
  .strict();
export type SiteEntry = z.infer<typeof siteEntry>;
