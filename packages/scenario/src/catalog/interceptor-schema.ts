import { z } from 'zod';
import { nonNegative, positive, sourced } from './sourced.ts';

/** A space-based interceptor type: the fly-out kinematics and the defense's timelines (catalog units: m/s, m/s^2, kg, s, km). */
export const spaceInterceptorEntry = z.object({
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
}).strict();
export type SpaceInterceptorEntry = z.infer<typeof spaceInterceptorEntry>;
