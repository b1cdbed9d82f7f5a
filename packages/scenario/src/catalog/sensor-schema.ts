import { z } from 'zod';
import { nonNegative, positive, sourced } from './sourced.ts';

/**
 * A sensor-catalog entry: one radar site (catalog units are in the field names: _deg, _km, _m, _m2,
 * _db, _s). The model is core/sensors/radar.ts: a line-of-sight radar described by "detects RCS
 * sigma_ref at R_ref" plus the radar range equation, or an over-the-horizon sky-wave radar described
 * by its coverage band. Every number is sourced (see sourced.ts).
 */

const degrees = (min: number, max: number) => sourced.refine((s) => s.value >= min && s.value <= max, { message: `must be between ${min} and ${max} degrees` });
const probability = sourced.refine((s) => s.value > 0 && s.value < 1, { message: 'must be a probability strictly between 0 and 1' });

/** Who owns (and operates) the radar, and on whose territory it sits: two-letter nation codes (US, CA, UK, DK, JP, ...). */
const nation = z.string().regex(/^[A-Z]{2}$/, 'a two-letter upper-case nation code such as US, CA, UK, DK');

const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by hyphens'),
  name: z.string().min(3),
  summary: z.string().min(10),
  /** The nation that owns the radar and decides what its tracks are used for (national policy reads this). */
  owner: nation,
  /** The nation whose territory the radar sits on, when it is not the owner's (Pituffik: DK; a TPY-2 in Japan: JP). */
  host: nation.optional(),
  latitude_deg: degrees(-90, 90),
  longitude_deg: degrees(-180, 180),
  /** Antenna height above the WGS84 ellipsoid (≈ above sea level at the accuracy of these sites). */
  altitude_m: sourced,
  revisit_interval_s: positive,
  /** Published figures kept for comparison (not inputs), each sourced. */
  published: z.record(z.string(), sourced).optional(),
  derivation: z.string().optional(),
};

const face = z.object({
  boresight_azimuth_deg: degrees(0, 360),
  /** The array's tilt: data only (coverage uses the site's elevation limits). */
  boresight_elevation_deg: degrees(0, 90),
  azimuth_half_width_deg: degrees(0, 180).refine((s) => s.value > 0, { message: 'must be positive' }),
}).strict();

/** A microwave radar that needs line of sight (UEWR, LRDR, AN/TPY-2, SBX). */
export const lineOfSightRadarEntry = z.object({
  ...common,
  kind: z.literal('line-of-sight'),
  band: z.enum(['UHF', 'L', 'S', 'C', 'X']),
  faces: z.array(face).min(1, 'a radar needs at least one face'),
  min_elevation_deg: degrees(-10, 90),
  max_elevation_deg: degrees(-10, 90),
  /** "Detects a target of reference_rcs_m2 at reference_range_km" (single-look SNR = threshold). */
  reference_range_km: positive,
  reference_rcs_m2: positive,
  threshold_snr_db: sourced,
  false_alarm_probability: probability,
  range_noise_m: nonNegative,
  azimuth_noise_deg: nonNegative,
  elevation_noise_deg: nonNegative,
}).strict().superRefine((e, ctx) => {
  if (e.max_elevation_deg.value <= e.min_elevation_deg.value) {
    ctx.addIssue({ code: 'custom', path: ['max_elevation_deg', 'value'], message: `must exceed min_elevation_deg (${e.min_elevation_deg.value})` });
  }
});
export type LineOfSightRadarEntry = z.infer<typeof lineOfSightRadarEntry>;

/** A sky-wave HF over-the-horizon radar (Canada's A-OTHR and P-OTHR; JORN-class), as a coverage band. */
export const overTheHorizonRadarEntry = z.object({
  ...common,
  kind: z.literal('over-the-horizon'),
  boresight_azimuth_deg: degrees(0, 360),
  azimuth_half_width_deg: degrees(0, 180).refine((s) => s.value > 0, { message: 'must be positive' }),
  min_ground_range_km: nonNegative,
  max_ground_range_km: positive,
  max_altitude_km: positive,
  probability_of_detection: probability,
  ground_range_noise_km: nonNegative,
  azimuth_noise_deg: nonNegative,
}).strict().superRefine((e, ctx) => {
  if (e.max_ground_range_km.value <= e.min_ground_range_km.value) {
    ctx.addIssue({ code: 'custom', path: ['max_ground_range_km', 'value'], message: `must exceed min_ground_range_km (${e.min_ground_range_km.value})` });
  }
});
export type OverTheHorizonRadarEntry = z.infer<typeof overTheHorizonRadarEntry>;

export const sensorEntry = z.discriminatedUnion('kind', [lineOfSightRadarEntry, overTheHorizonRadarEntry]);
export type SensorEntry = z.infer<typeof sensorEntry>;
