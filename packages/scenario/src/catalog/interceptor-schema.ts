import { z } from 'zod';
import { nationCodeField } from '../schema-fields.ts';
import { nonNegative, positive, sourced } from './sourced.ts';

/** A space-based interceptor type: the fly-out kinematics and the defense's timelines (catalog units: m/s, m/s^2, kg, s, km). */
export const spaceInterceptorEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by hyphens'),
    name: z.string().min(3),
    kind: z.literal('space-based'),
    summary: z.string().min(10),
    delta_v_m_s: positive,
    acceleration_m_s2: positive,
    kill_vehicle_mass_kg: positive,
    detection_latency_s: nonNegative,
    decision_latency_s: nonNegative,
    arrival_margin_s: nonNegative,
    min_intercept_altitude_km: nonNegative,
    /** The cost-catalog system that prices it (costs/*.yaml). */
    cost_system: z.string().min(2),
    /** Published figures to compare with (not inputs), each sourced. */
    published: z.record(z.string(), sourced).optional(),
    derivation: z.string().optional(),
  })
  .strict();
export type SpaceInterceptorEntry = z.infer<typeof spaceInterceptorEntry>;

const fraction = sourced.refine((s) => s.value > 0 && s.value <= 1, { message: 'must be a probability in (0, 1]' });

/**
 * A ground- or sea-launched interceptor type (catalog units: m/s, s, km, probability): the fly-out
 * profile (constant-acceleration boost to the burnout speed, then a ballistic coast) and the
 * engagement envelope the core's surface-interceptor model uses. Ships and batteries are placed in
 * the scenario; this is the missile.
 */
export const surfaceInterceptorEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by hyphens'),
    name: z.string().min(3),
    kind: z.literal('surface'),
    basing: z.enum(['ground', 'sea']),
    summary: z.string().min(10),
    /** The nation that owns and operates it by default, as the sensors' `owner` (a scenario may place allied copies). */
    owner: nationCodeField,
    regime: z.enum(['exo', 'endo', 'endo-exo']),
    burnout_speed_m_s: positive,
    burn_time_s: positive,
    min_intercept_altitude_km: nonNegative,
    max_intercept_altitude_km: positive,
    max_intercept_range_km: positive,
    divert_velocity_m_s: nonNegative,
    /** Time from seeker acquisition to impact that the kill vehicle can divert in: with divert_velocity_m_s it sets the handover basket (estimated tracks). */
    homing_time_s: positive,
    /** Single-shot kill probability; in the open literature only test records exist, so it is a proxy (say so in the note). */
    single_shot_pk: fraction,
    min_time_of_flight_s: nonNegative,
    /** The cost-catalog system that prices it (costs/*.yaml), where one exists. */
    cost_system: z.string().min(2).optional(),
    published: z.record(z.string(), sourced).optional(),
    derivation: z.string().optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.max_intercept_altitude_km.value <= e.min_intercept_altitude_km.value) {
      ctx.addIssue({
        code: 'custom',
        path: ['max_intercept_altitude_km', 'value'],
        message: `must exceed min_intercept_altitude_km (${e.min_intercept_altitude_km.value})`,
      });
    }
  });
export type SurfaceInterceptorEntry = z.infer<typeof surfaceInterceptorEntry>;

/** Any interceptor-catalog entry, told apart by `kind`. */
export const interceptorEntry = z.discriminatedUnion('kind', [spaceInterceptorEntry, surfaceInterceptorEntry]);
export type InterceptorEntry = z.infer<typeof interceptorEntry>;
