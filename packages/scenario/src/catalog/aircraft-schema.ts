import { z } from 'zod';
import { positive, sourced } from './sourced.ts';

/**
 * An aircraft-catalog entry (catalog/aircraft/*.yaml): a long-range bomber that flies from its base to a
 * launch area and releases air-launched cruise missiles (its weapon, a threat-catalog id). Units are in the
 * field names; every number is sourced (sourced.ts). Fighters (role: fighter) are the air layer's shooters.
 */
export const bomberEntry = z
  .object({
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
    weapon: z
      .object({ type: z.string().min(2), count: positive.refine((s) => Number.isInteger(s.value), { message: 'must be a whole number' }) })
      .strict(),
    published: z.record(z.string(), sourced).optional(),
  })
  .strict();

const probability = sourced.refine((s) => s.value > 0 && s.value <= 1, { message: 'must be a probability in (0, 1]' });

/**
 * A fighter on alert (the air layer, core/engine/air-defense.ts): what decides how soon it meets a target
 * (scramble delay from the order to wheels up in its alert state, climb, dash speed, combat radius with and
 * without a tanker) and what it shoots (its air-to-air missiles, longer-range class first).
 */
export const fighterEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by hyphens'),
    name: z.string().min(3),
    role: z.literal('fighter'),
    operator: z.string().min(2),
    summary: z.string().min(10),
    scramble_delay_s: positive,
    climb_rate_m_s: positive,
    /** Ground speed while climbing. */
    climb_speed_m_s: positive,
    dash_speed_m_s: positive,
    cruise_speed_m_s: positive,
    combat_radius_km: positive,
    combat_radius_tanker_km: positive,
    missiles: z
      .array(
        z
          .object({
            name: z.string().min(2),
            count: positive.refine((s) => Number.isInteger(s.value), { message: 'must be a whole number' }),
            range_km: positive,
            single_shot_pk: probability,
          })
          .strict(),
      )
      .min(1, 'a fighter carries at least one air-to-air missile'),
    published: z.record(z.string(), sourced).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.combat_radius_tanker_km.value < e.combat_radius_km.value)
      ctx.addIssue({ code: 'custom', path: ['combat_radius_tanker_km'], message: 'a tanker cannot shorten the combat radius' });
  });

export const aircraftEntry = z.discriminatedUnion('role', [bomberEntry, fighterEntry]);
export type BomberEntry = z.infer<typeof bomberEntry>;
export type FighterEntry = z.infer<typeof fighterEntry>;
export type AircraftEntry = z.infer<typeof aircraftEntry>;
