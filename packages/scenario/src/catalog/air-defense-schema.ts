import { z } from 'zod';
import { positive, sourced } from './sourced.ts';

/**
 * A ground-based air defense system against cruise missiles (catalog/air-defense/*.yaml; core's
 * WorldAirBattery): its fire-control radar (antenna height, for the refracted 4/3-Earth horizon, and
 * range), its missiles' engagement range, mean fly-out speed and single-shot Pk, its reaction time, the
 * rounds a battery holds and the salvo it fires. Every number is sourced or labelled (sourced.ts).
 */
export const airDefenseEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by hyphens'),
    name: z.string().min(3),
    operator: z.string().min(2),
    summary: z.string().min(10),
    radar_height_m: positive,
    radar_range_km: positive,
    engagement_range_km: positive,
    missile_speed_m_s: positive,
    reaction_time_s: positive,
    single_shot_pk: sourced.refine((s) => s.value > 0 && s.value <= 1, { message: 'must be a probability in (0, 1]' }),
    rounds_per_battery: positive.refine((s) => Number.isInteger(s.value), { message: 'must be a whole number' }),
    shots_per_target: positive.refine((s) => Number.isInteger(s.value), { message: 'must be a whole number' }),
    published: z.record(z.string(), sourced).optional(),
  })
  .strict();
export type AirDefenseEntry = z.infer<typeof airDefenseEntry>;
