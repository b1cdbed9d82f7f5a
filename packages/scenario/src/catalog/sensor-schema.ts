import { z } from 'zod';
import { nationCodeField } from '../schema-fields.ts';
import { nonNegative, positive, sourced, sourcedList } from './sourced.ts';

/**
 * A sensor-catalog entry: one radar site (catalog units are in the field names: _deg, _km, _m, _m2,
 * _db, _s). The model is core/sensors/radar/radar.ts: a line-of-sight radar described by "detects RCS
 * sigma_ref at R_ref" plus the radar range equation, or an over-the-horizon sky-wave radar described
 * by the rays it launches (its coverage follows the ionosphere). A space infrared entry is a whole constellation (core/sensors/space-ir/space-infrared.ts):
 * its orbits plus one sensor model shared by every satellite. Every number is sourced (see sourced.ts).
 */

const degrees = (min: number, max: number) =>
  sourced.refine((s) => s.value >= min && s.value <= max, { message: `must be between ${min} and ${max} degrees` });
const unitInterval = sourced.refine((s) => s.value >= 0 && s.value <= 1, { message: 'must be between 0 and 1' });
const probability = sourced.refine((s) => s.value > 0 && s.value < 1, { message: 'must be a probability strictly between 0 and 1' });

/** Who owns (and operates) the radar, and on whose territory it sits: two-letter nation codes (US, CA, UK, DK, JP, ...). */
const nation = nationCodeField;

/** Fields every sensor entry has: who it is and who owns it. */
const identity = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by hyphens'),
  name: z.string().min(3),
  summary: z.string().min(10),
  /** The nation that owns the sensor and decides what its tracks are used for (national policy reads this). */
  owner: nation,
  /** The nation whose territory the radar sits on, when it is not the owner's (Pituffik: DK; a TPY-2 in Japan: JP). */
  host: nation.optional(),
  revisit_interval_s: positive,
  /** Published figures kept for comparison (not inputs), each sourced. */
  published: z.record(z.string(), sourced).optional(),
  derivation: z.string().optional(),
};

const common = {
  ...identity,
  latitude_deg: degrees(-90, 90),
  longitude_deg: degrees(-180, 180),
  /** Antenna height above the WGS84 ellipsoid (≈ above sea level at the accuracy of these sites). */
  altitude_m: sourced,
};

const face = z
  .object({
    boresight_azimuth_deg: degrees(0, 360),
    /** The array's tilt: data only (coverage uses the site's elevation limits). */
    boresight_elevation_deg: degrees(0, 90),
    azimuth_half_width_deg: degrees(0, 180).refine((s) => s.value > 0, { message: 'must be positive' }),
  })
  .strict();

/**
 * A radar that moves (a sea-based platform, a transportable array, an airborne early-warning aircraft): a
 * scenario may station it elsewhere than its catalog site (architecture.radar_stations), which then only
 * says where it is in peacetime. An airborne radar flies a circle of orbit_radius_km about its station at
 * orbit_speed_m_s, at the entry's altitude_m (core/sensors/airborne/airborne-radar.ts).
 */
const mobility = z
  .object({
    kind: z.enum(['sea-based', 'transportable', 'airborne']),
    source: z.string().min(8, 'cite a source for the radar being mobile'),
    orbit_radius_km: positive.optional(),
    orbit_speed_m_s: positive.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const f of ['orbit_radius_km', 'orbit_speed_m_s'] as const) {
      if (m.kind === 'airborne' && !m[f])
        ctx.addIssue({ code: 'custom', path: [f], message: 'an airborne radar needs its orbit (orbit_radius_km and orbit_speed_m_s)' });
      if (m.kind !== 'airborne' && m[f])
        ctx.addIssue({ code: 'custom', path: [f], message: `only an airborne radar flies an orbit (this one is ${m.kind})` });
    }
  });

/** A microwave radar that needs line of sight (UEWR, LRDR, AN/TPY-2, SBX). */
export const lineOfSightRadarEntry = z
  .object({
    ...common,
    kind: z.literal('line-of-sight'),
    mobile: mobility.optional(),
    band: z.enum(['UHF', 'L', 'S', 'C', 'X']),
    faces: z.array(face).min(1, 'a radar needs at least one face'),
    /** The lowest elevation searched; an airborne radar looks down (down to -90). */
    min_elevation_deg: degrees(-90, 90),
    max_elevation_deg: degrees(-90, 90),
    /** "Detects a target of reference_rcs_m2 at reference_range_km" (single-look SNR = threshold). */
    reference_range_km: positive,
    reference_rcs_m2: positive,
    threshold_snr_db: sourced,
    false_alarm_probability: probability,
    range_noise_m: nonNegative,
    azimuth_noise_deg: nonNegative,
    elevation_noise_deg: nonNegative,
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.max_elevation_deg.value <= e.min_elevation_deg.value) {
      ctx.addIssue({
        code: 'custom',
        path: ['max_elevation_deg', 'value'],
        message: `must exceed min_elevation_deg (${e.min_elevation_deg.value})`,
      });
    }
  });
export type LineOfSightRadarEntry = z.infer<typeof lineOfSightRadarEntry>;

/**
 * A sky-wave HF over-the-horizon radar (Canada's A-OTHR and P-OTHR; JORN-class): the rays its arrays
 * launch and its lowest frequency, which with the ionosphere (core/sensors/oth/sky-wave.ts) give its skip zone
 * and maximum range; a per-look Pd and its night and auroral factors.
 */
export const overTheHorizonRadarEntry = z
  .object({
    ...common,
    kind: z.literal('over-the-horizon'),
    boresight_azimuth_deg: degrees(0, 360),
    azimuth_half_width_deg: degrees(0, 180).refine((s) => s.value > 0, { message: 'must be positive' }),
    min_ray_elevation_deg: degrees(0, 89),
    max_ray_elevation_deg: degrees(0, 89),
    min_frequency_mhz: positive,
    probability_of_detection: probability,
    night_pd_factor: unitInterval,
    auroral_pd_factor: unitInterval,
    ground_range_noise_km: nonNegative,
    azimuth_noise_deg: nonNegative,
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.max_ray_elevation_deg.value <= e.min_ray_elevation_deg.value) {
      ctx.addIssue({
        code: 'custom',
        path: ['max_ray_elevation_deg', 'value'],
        message: `must exceed min_ray_elevation_deg (${e.min_ray_elevation_deg.value})`,
      });
    }
  });
export type OverTheHorizonRadarEntry = z.infer<typeof overTheHorizonRadarEntry>;

/** GEO slots: one satellite over each listed longitude (east positive). */
const geostationaryOrbits = z
  .object({
    kind: z.literal('geostationary'),
    longitudes_deg: sourcedList.refine((s) => s.value.every((x) => x >= -180 && x <= 360), {
      message: 'longitudes must be between -180 and 360 degrees',
    }),
  })
  .strict();

/** Molniya-type HEO (half a sidereal day, critical inclination unless given): one satellite per listed RAAN / true anomaly pair. */
const molniyaOrbits = z
  .object({
    kind: z.literal('molniya'),
    raans_deg: sourcedList,
    /** True anomaly at epoch of each satellite (180: at apogee); as many as raans_deg. */
    true_anomalies_deg: sourcedList,
    perigee_altitude_km: positive,
    /** Argument of perigee (270: apogee over the northern hemisphere). */
    argument_of_perigee_deg: degrees(0, 360),
    inclination_deg: degrees(0, 180).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.true_anomalies_deg.value.length !== o.raans_deg.value.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['true_anomalies_deg', 'value'],
        message: `needs one true anomaly per RAAN (${o.raans_deg.value.length})`,
      });
    }
  });

const wholeNumber = positive.refine((s) => Number.isInteger(s.value), { message: 'must be a whole number' });

/** A Walker delta (or star) shell i: t/p/f of circular orbits. */
const walkerOrbits = z
  .object({
    kind: z.literal('walker'),
    pattern: z.enum(['delta', 'star']),
    total: wholeNumber,
    planes: wholeNumber,
    phasing: nonNegative.refine((s) => Number.isInteger(s.value), { message: 'must be a whole number' }),
    altitude_km: positive,
    inclination_deg: degrees(0, 180),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.total.value % o.planes.value !== 0)
      ctx.addIssue({ code: 'custom', path: ['total', 'value'], message: `must be a multiple of planes (${o.planes.value})` });
    if (o.phasing.value >= o.planes.value)
      ctx.addIssue({ code: 'custom', path: ['phasing', 'value'], message: `must be less than planes (${o.planes.value})` });
  });

export const spaceOrbits = z.discriminatedUnion('kind', [geostationaryOrbits, molniyaOrbits, walkerOrbits]);
export type SpaceOrbits = z.infer<typeof spaceOrbits>;

const targetClass = z.enum(['plume', 'hot-glide', 'cold-rv']);

/**
 * A space infrared constellation: missile warning (SBIRS / Next-Gen OPIR, GEO and HEO) or tracking
 * (PWSA tracking layer / HBTSS, LEO). A missile-warning sensor needs a burning motor to see a target.
 */
export const spaceInfraredEntry = z
  .object({
    ...identity,
    kind: z.literal('space-infrared'),
    role: z.enum(['missile-warning', 'tracking']),
    orbits: spaceOrbits,
    field_of_regard_half_angle_deg: degrees(0, 180).refine((s) => s.value > 0, { message: 'must be positive' }),
    /** Targets below it are hidden (cloud tops, opaque lower atmosphere); the line of sight must stay above it. */
    altitude_floor_km: nonNegative,
    /** A line of sight continued beyond the target above this height has cold space behind the target. */
    limb_height_km: nonNegative,
    /** "Detects a target of reference_intensity_w_sr at reference_range_km"; R = R_ref sqrt(I / I_ref). */
    reference_range_km: positive,
    reference_intensity_w_sr: positive,
    /** In-band radiant intensity of each brightness class, as this sensor's band sees it (0: invisible). */
    target_intensity_w_sr: z.object({ plume: nonNegative, 'hot-glide': nonNegative, 'cold-rv': nonNegative }).strict(),
    /** Classes bright enough to be seen against the Earth; the others need a space background. */
    earth_background_classes: z.array(targetClass),
    detection_latency_s: nonNegative,
    /** One-sigma line-of-sight noise per axis. */
    angular_noise_urad: nonNegative,
  })
  .strict();
export type SpaceInfraredEntry = z.infer<typeof spaceInfraredEntry>;

export const sensorEntry = z.discriminatedUnion('kind', [lineOfSightRadarEntry, overTheHorizonRadarEntry, spaceInfraredEntry]);
export type SensorEntry = z.infer<typeof sensorEntry>;
