import { ecefToGeodetic } from '../../geo/geodetic.ts';
import { destinationPoint, greatCircleDistance, initialAzimuth } from '../../geo/great-circle.ts';
import { angleDifference, standardNormal } from '../radar/radar.ts';
import { inAuroralOval, type IonosphereModel, isDaylit, skyWaveBand, type SkyWaveBand } from './sky-wave.ts';

const TWO_PI = 2 * Math.PI;
const scratchGeo = new Float64Array(3);

/**
 * An over-the-horizon sky-wave HF radar (JORN-class; Canada's A-OTHR and P-OTHR).
 *
 * Coverage is the one-hop sky-wave band (core/sensors/sky-wave.ts): the rays the array launches between
 * minRayElevation and maxRayElevation, reflected by the F2 layer over the path's midpoint when the
 * radar's lowest frequency is within the layer's maximum usable frequency (secant law), give a skip zone
 * and a maximum range that move with the ionosphere: the day layer where the Sun is up over the midpoint,
 * the night layer where it is not. Inside an azimuth sector about the boresight, targets below the layer
 * (the sky wave comes down from it) are looked at, with no line-of-sight test: low-flying aircraft and
 * cruise missiles far below the horizon included.
 *
 * Detection is a probability per look (an OTH radar detects moving targets by Doppler against clutter,
 * not by a microwave radar-range-equation SNR; the target's HF cross-section is NOT FOUND for the
 * library's threats): the catalog's base Pd, multiplied by labelled factors when the path's midpoint is
 * in darkness (HF noise and a thinner layer) and when it lies under the auroral oval (spread-Doppler
 * clutter, the main obstacle to OTH radar in Canada). Errors are coarse Gaussian errors in ground range
 * and azimuth (no elevation or height).
 *
 * Not modelled: separated transmit and receive sites (one point stands for both), the frequency plan and
 * dwell scheduling over time, multi-hop paths, E-layer screening, coordinate registration errors that
 * vary with the ionosphere, minimum detectable radial speed (Doppler blind zone).
 */
export interface OthRadarSpec {
  /** The receive site (geodetic latitude, longitude [rad]); transmit and receive sites are not separated. */
  latitude: number;
  longitude: number;
  /** Centre of the azimuth sector from north [rad] and its half-width [rad]. */
  boresightAzimuth: number;
  azimuthHalfWidth: number;
  /** Elevations [rad] of the lowest and steepest rays the arrays launch (they set the range band). */
  minRayElevation: number;
  maxRayElevation: number;
  /** Lowest operating frequency [Hz] (the one that reaches nearest when the layer is thin). */
  minFrequency: number;
  /** The F2 layer by day and by night, and the auroral oval. */
  ionosphere: IonosphereModel;
  /** Probability of detection per look inside the band, before the night and auroral factors. */
  probabilityOfDetection: number;
  /** Factor on Pd when the Sun is down over the path's midpoint [0, 1]. */
  nightFactor: number;
  /** Factor on Pd when the path's midpoint is under the auroral oval [0, 1]. */
  auroralFactor: number;
  revisitInterval: number;
  /** One-sigma errors: ground range [m], azimuth [rad]. */
  groundRangeNoise: number;
  azimuthNoise: number;
}

/** Problems that make an OTH spec meaningless, as sentences (empty when fine). */
export function othRadarProblems(s: OthRadarSpec): string[] {
  const p: string[] = [];
  if (!(s.minRayElevation >= 0 && s.maxRayElevation > s.minRayElevation && s.maxRayElevation < Math.PI / 2))
    p.push(`ray elevations must satisfy 0 ≤ min < max < 90 deg (got ${s.minRayElevation}..${s.maxRayElevation} rad)`);
  if (!(s.minFrequency > 0)) p.push(`minimum frequency must be positive (got ${s.minFrequency} Hz)`);
  if (!(s.azimuthHalfWidth > 0)) p.push(`azimuth half-width must be positive (got ${s.azimuthHalfWidth} rad)`);
  for (const [name, x] of [
    ['probability of detection', s.probabilityOfDetection],
    ['night factor', s.nightFactor],
    ['auroral factor', s.auroralFactor],
  ] as const) {
    if (!(x >= 0 && x <= 1)) p.push(`${name} must be in [0, 1] (got ${x})`);
  }
  if (!(s.revisitInterval > 0)) p.push(`revisit interval must be positive (got ${s.revisitInterval} s)`);
  return p;
}

/** Ground range [m] and azimuth [rad] of a point from an OTH radar, as the coverage band measures them. */
export interface OthLook {
  groundRange: number;
  azimuth: number;
}

/** Great-circle ground range and initial azimuth from the OTH site to an ECEF point [m], and the point's geodetic position. */
export function othLook(s: OthRadarSpec, target: ArrayLike<number>): OthLook & { altitude: number; latitude: number; longitude: number } {
  ecefToGeodetic(target[0], target[1], target[2], scratchGeo);
  const lat = scratchGeo[0],
    lon = scratchGeo[1],
    altitude = scratchGeo[2];
  return {
    groundRange: greatCircleDistance(s.latitude, s.longitude, lat, lon),
    azimuth: initialAzimuth(s.latitude, s.longitude, lat, lon),
    altitude,
    latitude: lat,
    longitude: lon,
  };
}

/** Why an OTH radar can or cannot see a point: the first rule that fails, or 'visible'. */
export type OthVisibility = 'visible' | 'outside-sector' | 'above-layer' | 'no-reflection' | 'skip-zone' | 'beyond-range';

/** What an OTH radar's coverage says about one point at one time: the rule, the layer used and the per-look Pd. */
export interface OthCoverage {
  visibility: OthVisibility;
  /** Daylight over the path's midpoint (the day layer was used). */
  day: boolean;
  /** The path's midpoint is under the auroral oval. */
  auroral: boolean;
  /** The band [m] for the target's altitude (null: no ray comes down there). */
  band: SkyWaveBand | null;
  groundRange: number;
  /** Per-look Pd (0 unless visible). */
  probabilityOfDetection: number;
}

/** The radar's coverage of an ECEF point [m] at time timeMs [ms since 1970, UTC]: sector, layer, band and Pd. */
export function othCoverage(s: OthRadarSpec, target: ArrayLike<number>, timeMs: number): OthCoverage {
  const l = othLook(s, target);
  const mid = destinationPoint(s.latitude, s.longitude, l.azimuth, l.groundRange / 2);
  const day = isDaylit(mid.latitude, mid.longitude, timeMs);
  const auroral = inAuroralOval(mid.latitude, mid.longitude, s.ionosphere);
  const layer = day ? s.ionosphere.day : s.ionosphere.night;
  const out: OthCoverage = { visibility: 'visible', day, auroral, band: null, groundRange: l.groundRange, probabilityOfDetection: 0 };
  if (Math.abs(angleDifference(l.azimuth, s.boresightAzimuth)) > s.azimuthHalfWidth) return { ...out, visibility: 'outside-sector' };
  if (l.altitude >= layer.virtualHeight) return { ...out, visibility: 'above-layer' };
  out.band = skyWaveBand(s.minRayElevation, s.maxRayElevation, s.minFrequency, layer, l.altitude);
  if (!out.band) return { ...out, visibility: 'no-reflection' };
  if (l.groundRange < out.band.minGroundRange) return { ...out, visibility: 'skip-zone' };
  if (l.groundRange > out.band.maxGroundRange) return { ...out, visibility: 'beyond-range' };
  out.probabilityOfDetection = s.probabilityOfDetection * (day ? 1 : s.nightFactor) * (auroral ? s.auroralFactor : 1);
  return out;
}

/** Whether the OTH radar's sky wave covers an ECEF point [m] at time timeMs [ms, UTC]. */
export function othCovers(s: OthRadarSpec, target: ArrayLike<number>, timeMs: number): boolean {
  return othCoverage(s, target, timeMs).visibility === 'visible';
}

/** The band [m] at ground level under a uniform day or night layer (for pictures and reports: the nominal coverage). */
export function othNominalBand(s: OthRadarSpec, when: 'day' | 'night' = 'day'): SkyWaveBand | null {
  return skyWaveBand(s.minRayElevation, s.maxRayElevation, s.minFrequency, s.ionosphere[when]);
}

/** One OTH look at time timeMs [ms, UTC]: null if not covered or the detection draw fails, else a coarse noisy (ground range, azimuth). */
export function othLookOnce(s: OthRadarSpec, target: ArrayLike<number>, timeMs: number, uniform: () => number): OthLook | null {
  const c = othCoverage(s, target, timeMs);
  if (c.visibility !== 'visible') return null;
  if (uniform() >= c.probabilityOfDetection) return null;
  const truth = othLook(s, target);
  let azimuth = (truth.azimuth + s.azimuthNoise * standardNormal(uniform)) % TWO_PI;
  if (azimuth < 0) azimuth += TWO_PI;
  return { groundRange: truth.groundRange + s.groundRangeNoise * standardNormal(uniform), azimuth };
}
