import { z } from 'zod';
import { positive, sourced } from './sourced.ts';

/**
 * An aircraft-catalog entry (catalog/aircraft/*.yaml): a long-range bomber that flies from its base to a
 * launch area and releases air-launched cruise missiles (its weapon, a threat-catalog id). Units are in the
 * field names; every number is sourced (sourced.ts). Fighters join this catalog with the air layer.
 */
export const aircraftEntry = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by hyphens'),
  name: z.string().min(3),
  role: z.literal('bomber'),
  operator: z.string().min(2),
  summary: z.string().min(10),
  cruise_speed_m_s: positive,
  cruise_altitude_m: positive,
  max_bank_deg: positive,
  climb_rate_m_s: positive,
  /** Farthest its route to the launch area may be (it must come back). */
  combat_radius_km: positive,
  /** Radar cross-section by aspect: seen nose-on (within 45 deg of its heading), from the side, from behind. */
  rcs_m2: z.object({ nose: positive, side: positive, tail: positive }).strict(),
  /** The cruise missiles it carries: a threat-catalog id and how many. */
  weapon: z.object({ type: z.string().min(2), count: positive.refine((s) => Number.isInteger(s.value), { message: 'must be a whole number' }) }).strict(),
  published: z.record(z.string(), sourced).optional(),
}).strict();
export type AircraftEntry = z.infer<typeof aircraftEntry>;
