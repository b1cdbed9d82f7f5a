import { R_EARTH_MEAN } from '../../constants.ts';
import { lookAngles } from '../../geo/enu.ts';
import { ecefToGeodetic, geodeticToEcef } from '../../geo/geodetic.ts';
import { greatCircleDistance } from '../../geo/great-circle.ts';

/**
 * Ground (and sea) radars as data, SI throughout: metres, seconds, radians, m^2, linear SNR.
 *
 * A line-of-sight microwave radar is described as the open literature describes one: "detects a
 * target of RCS sigma_ref at range R_ref". The radar range equation (Skolnik, Introduction to Radar
 * Systems, 3rd ed., 2001, §1.2 and eq. 2.1: R_max^4 = P_t G A_e sigma / ((4 pi)^2 S_min)) then fixes
 * everything else: at a given power-aperture, SNR ∝ sigma / R^4, so R_max = R_ref (sigma / sigma_ref)^(1/4).
 *
 * An over-the-horizon sky-wave HF radar (JORN, Canada's A-OTHR / P-OTHR) is a different kind of
 * sensor, modelled by its one-hop sky-wave coverage: sensors/oth/oth-radar.ts.
 */

/** One array face (or one scan sector of a dish / single-face radar). */
export interface RadarFace {
  /** Azimuth of the face's boresight from north, clockwise [rad]. */
  boresightAzimuth: number;
  /**
   * Elevation of the face's boresight (the array tilt) [rad]. Kept as data for display and for a
   * later sine-space scan model; coverage here uses the site-level elevation limits.
   */
  boresightElevation: number;
  /** Half-width of the face's azimuth coverage about its boresight [rad] (pi = all round). */
  azimuthHalfWidth: number;
}

export interface GroundRadarSpec {
  /** Site: geodetic latitude, longitude [rad], height of the antenna above the WGS84 ellipsoid [m]. */
  latitude: number;
  longitude: number;
  altitude: number;
  /** Azimuth coverage: the union of the faces. */
  faces: readonly RadarFace[];
  /** Elevation coverage [rad]: the radar searches between these (minElevation is the low-angle limit). */
  minElevation: number;
  maxElevation: number;
  /** A target of RCS referenceRcs [m^2] is detected (single-look SNR = thresholdSnr) out to referenceRange [m]. */
  referenceRange: number;
  referenceRcs: number;
  /** Single-look SNR (linear, not dB) the detector needs: the SNR at referenceRange on referenceRcs. */
  thresholdSnr: number;
  /** Probability of false alarm per detection cell, which sets the Swerling I Pd(SNR) curve. */
  falseAlarmProbability: number;
  /** Time between looks at a given point of the search volume [s]. */
  revisitInterval: number;
  /** One-sigma measurement noise: slant range [m], azimuth and elevation [rad]. */
  rangeNoise: number;
  azimuthNoise: number;
  elevationNoise: number;
  /** Effective-Earth-radius factor for refraction near the horizon (4/3 for a standard atmosphere). */
  earthRadiusFactor?: number;
}

/** The standard-atmosphere effective-Earth-radius factor (Skolnik, 3rd ed., ch. 8, standard refraction: k = 4/3). */
export const STANDARD_REFRACTION_K = 4 / 3;

const TWO_PI = 2 * Math.PI;

/** Problems that make a radar spec meaningless, as sentences (empty when fine). */
export function groundRadarProblems(s: GroundRadarSpec): string[] {
  const p: string[] = [];
  if (s.faces.length === 0) p.push('a radar needs at least one face');
  for (const [i, f] of s.faces.entries()) {
    if (!(f.azimuthHalfWidth > 0)) p.push(`face ${i + 1}: azimuth half-width must be positive (got ${f.azimuthHalfWidth} rad)`);
  }
  if (!(s.maxElevation > s.minElevation))
    p.push(`maximum elevation (${s.maxElevation} rad) must exceed minimum elevation (${s.minElevation} rad)`);
  if (!(s.referenceRange > 0)) p.push(`reference range must be positive (got ${s.referenceRange} m)`);
  if (!(s.referenceRcs > 0)) p.push(`reference RCS must be positive (got ${s.referenceRcs} m^2)`);
  if (!(s.thresholdSnr > 0)) p.push(`threshold SNR must be positive (got ${s.thresholdSnr})`);
  if (!(s.falseAlarmProbability > 0 && s.falseAlarmProbability < 1))
    p.push(`false-alarm probability must be in (0, 1) (got ${s.falseAlarmProbability})`);
  if (!(s.revisitInterval > 0)) p.push(`revisit interval must be positive (got ${s.revisitInterval} s)`);
  if (!(s.rangeNoise >= 0 && s.azimuthNoise >= 0 && s.elevationNoise >= 0)) p.push('measurement noise must be zero or positive');
  return p;
}

/** Detection range [m] on a target of RCS sigma [m^2]: R = R_ref (sigma / sigma_ref)^(1/4) (Skolnik, 3rd ed., eq. 2.1). */
export function detectionRange(s: GroundRadarSpec, rcs: number): number {
  return s.referenceRange * Math.pow(rcs / s.referenceRcs, 0.25);
}

/** Single-look SNR (linear) at slant range R [m] on RCS sigma: SNR = SNR_t (sigma / sigma_ref) (R_ref / R)^4 (radar range equation). */
export function radarSnr(s: GroundRadarSpec, range: number, rcs: number): number {
  const q = s.referenceRange / range;
  return s.thresholdSnr * (rcs / s.referenceRcs) * q * q * q * q;
}

/**
 * Probability of detection of a Swerling I target on one look with a square-law detector:
 * Pd = Pfa^(1 / (1 + SNR)) (single pulse or one coherently integrated dwell; Richards, Fundamentals of
 * Radar Signal Processing, 2005, ch. 6, Swerling 1 with N = 1; Swerling, IRE Trans. IT-6, 1960).
 */
export function swerling1Pd(snr: number, falseAlarmProbability: number): number {
  if (!(snr > 0)) return falseAlarmProbability;
  return Math.pow(falseAlarmProbability, 1 / (1 + snr));
}

/** Single-look probability of detection at slant range R [m] on RCS sigma [m^2] (Swerling I). */
export function probabilityOfDetection(s: GroundRadarSpec, range: number, rcs: number): number {
  return swerling1Pd(radarSnr(s, range, rcs), s.falseAlarmProbability);
}

/**
 * Distance to the radar horizon [m] of an antenna or target at height h [m] on an Earth of effective
 * radius k R_e: d = sqrt(2 k R_e h) (Skolnik, 3rd ed., ch. 8; with k = 4/3, d[km] ≈ 4.12 sqrt(h[m])).
 */
export function radarHorizonDistance(height: number, k = STANDARD_REFRACTION_K): number {
  return Math.sqrt(2 * k * R_EARTH_MEAN * Math.max(0, height));
}

/**
 * Height [m] up to which the effective-Earth (k-factor) refraction model is applied: the bending of a
 * radar ray happens in the lower troposphere. Model choice: with k = 4/3 and 10 km, a ray grazing the
 * surface gains 8.7 mrad (0.5 deg) of central angle over the geometric horizon, the order of the total
 * atmospheric refraction at the horizon; a 4/3 Earth all the way up would give a satellite at 1,000 km
 * an extra 5.2 deg, which the atmosphere does not supply.
 */
export const REFRACTION_CEILING = 10_000;

/**
 * Central angle [rad] from a point at height h [m] to its radar horizon. Below REFRACTION_CEILING it is
 * the effective-Earth angle k acos(kR / (kR + h)) (rays straight over a sphere of radius kR, ground
 * distances kept; ≈ sqrt(2 k R h) / R for low h). Above, the geometric angle acos(R / (R + h)) plus the
 * refraction gained below the ceiling.
 */
export function horizonCentralAngle(height: number, k = STANDARD_REFRACTION_K): number {
  const r = R_EARTH_MEAN,
    kr = k * r;
  const h = Math.max(0, height);
  const hc = Math.min(h, REFRACTION_CEILING);
  const refracted = k * Math.acos(kr / (kr + hc)) - Math.acos(r / (r + hc));
  return Math.acos(r / (r + h)) + refracted;
}

/**
 * Whether the (refracted) line of sight between two points clears the Earth: the central angle between
 * them is at most the sum of their horizon angles (a sphere of mean radius; heights below the surface
 * count as zero). For low heights this is the textbook d ≤ sqrt(2 k R_e h1) + sqrt(2 k R_e h2).
 */
export function lineOfSightClear(
  lat1: number,
  lon1: number,
  h1: number,
  lat2: number,
  lon2: number,
  h2: number,
  k = STANDARD_REFRACTION_K,
): boolean {
  const theta = greatCircleDistance(lat1, lon1, lat2, lon2) / R_EARTH_MEAN;
  return theta <= horizonCentralAngle(h1, k) + horizonCentralAngle(h2, k);
}

/** Smallest signed difference a - b of two angles, in (-pi, pi]. */
export function angleDifference(a: number, b: number): number {
  let d = (a - b) % TWO_PI;
  if (d > Math.PI) d -= TWO_PI;
  else if (d <= -Math.PI) d += TWO_PI;
  return d;
}

/** Whether a look direction (azimuth, elevation) [rad] is inside the radar's elevation limits and one of its faces. */
export function inFieldOfView(s: GroundRadarSpec, azimuth: number, elevation: number): boolean {
  if (elevation < s.minElevation || elevation > s.maxElevation) return false;
  for (const f of s.faces) {
    if (Math.abs(angleDifference(azimuth, f.boresightAzimuth)) <= f.azimuthHalfWidth) return true;
  }
  return false;
}

/** Why a radar can or cannot see a point: the first rule that fails, or 'visible'. */
export type RadarVisibility =
  'visible' | 'earth-blocked' | 'below-min-elevation' | 'above-max-elevation' | 'outside-faces' | 'beyond-range';

/** Slant range [m], azimuth from north [rad, 0..2pi) and elevation [rad] as the radar sees a point. */
export interface RadarLook {
  range: number;
  azimuth: number;
  elevation: number;
}

/** Earth-fixed position [m] of the radar's antenna. */
export function radarSiteEcef(s: GroundRadarSpec): Float64Array | number[] {
  return geodeticToEcef(s.latitude, s.longitude, s.altitude);
}

/** Geometric look angles (no refraction bending) from the radar to an ECEF point [m]. */
export function radarLook(s: GroundRadarSpec, target: ArrayLike<number>): RadarLook {
  return lookAngles(s.latitude, s.longitude, radarSiteEcef(s), target);
}

const scratchGeo = new Float64Array(3);

/**
 * Whether the radar can see a target (ECEF [m]) of RCS sigma [m^2]: line of sight clear of the 4/3
 * Earth, above the minimum and below the maximum elevation, inside a face, and within the RCS-scaled
 * detection range (single-look SNR at or above the threshold). Returns the first rule that fails.
 */
export function radarVisibility(s: GroundRadarSpec, target: ArrayLike<number>, rcs: number): RadarVisibility {
  const look = radarLook(s, target);
  ecefToGeodetic(target[0], target[1], target[2], scratchGeo);
  if (
    !lineOfSightClear(
      s.latitude,
      s.longitude,
      s.altitude,
      scratchGeo[0],
      scratchGeo[1],
      scratchGeo[2],
      s.earthRadiusFactor ?? STANDARD_REFRACTION_K,
    )
  )
    return 'earth-blocked';
  if (look.elevation < s.minElevation) return 'below-min-elevation';
  if (look.elevation > s.maxElevation) return 'above-max-elevation';
  if (!inFieldOfView(s, look.azimuth, look.elevation)) return 'outside-faces';
  if (look.range > detectionRange(s, rcs)) return 'beyond-range';
  return 'visible';
}

export function radarCanSee(s: GroundRadarSpec, target: ArrayLike<number>, rcs: number): boolean {
  return radarVisibility(s, target, rcs) === 'visible';
}

/** A standard normal deviate from a uniform generator on [0, 1) (Box & Muller, Ann. Math. Stat. 29, 1958). */
export function standardNormal(uniform: () => number): number {
  const u1 = 1 - uniform(); // (0, 1]: log stays finite
  const u2 = uniform();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2);
}

/** A noisy measurement of a true look: Gaussian errors of the spec's one-sigma range and angle noise. */
export function measureRadar(s: GroundRadarSpec, truth: RadarLook, uniform: () => number): RadarLook {
  let azimuth = (truth.azimuth + s.azimuthNoise * standardNormal(uniform)) % TWO_PI;
  if (azimuth < 0) azimuth += TWO_PI;
  return {
    range: truth.range + s.rangeNoise * standardNormal(uniform),
    azimuth,
    elevation: truth.elevation + s.elevationNoise * standardNormal(uniform),
  };
}

/**
 * One look at a target: null if the radar cannot see it or the Swerling I detection draw fails,
 * otherwise a noisy measurement. Targets beyond the threshold range are not detected at all (the
 * threshold is where search declares a detection), so Pd applies inside that range only.
 */
export function radarLookOnce(s: GroundRadarSpec, target: ArrayLike<number>, rcs: number, uniform: () => number): RadarLook | null {
  if (radarVisibility(s, target, rcs) !== 'visible') return null;
  const truth = radarLook(s, target);
  if (uniform() >= probabilityOfDetection(s, truth.range, rcs)) return null;
  return measureRadar(s, truth, uniform);
}
