import { getPosition } from 'suncalc';
import { R_EARTH_MEAN } from '../../constants.ts';

/**
 * One-hop sky-wave HF propagation for an over-the-horizon radar: which ground ranges an HF ray reflected
 * once by the ionosphere's F2 layer reaches, on a spherical Earth, SI throughout (metres, radians, Hz).
 *
 * The model is the textbook one (mirror reflection at the layer's virtual height h', and the secant law
 * f = foF2 sec(i), i the angle of incidence on the layer; Davies, Ionospheric Radio, 1990, ch. 6; the
 * curved-Earth incidence angle of Zolesi & Cander, Ionospheric Prediction and Forecasting, 2014).
 * A ray leaves the antenna at elevation el: a straight line whose closest approach to the Earth's centre
 * is p = R cos(el). It meets the layer at the central angle acos(p / (R + h')) - el from the site, is
 * mirrored, and comes down symmetrically. It is reflected only if some frequency the radar can use is at
 * or below the layer's maximum usable frequency foF2 sec(i), sin(i) = p / (R + h'): the radar's lowest
 * frequency decides. Lower elevations reach farther, so the rays the array can launch
 * [minElevation, maxElevation] and the secant law together give a band of ground range:
 * - the **skip zone** inside its near edge, where no ray the radar can launch comes down (too steep for
 *   the array, or too steep to be reflected at the lowest frequency when foF2 is low, at night);
 * - the **maximum range**, where the lowest ray comes down (grazing rays reach ~4,000 km off an F2 layer).
 *
 * Not modelled: the layer's tilt and gradients along the path, E-layer screening and multi-hop paths,
 * absorption, the group path (ranges are ground ranges), the radar's frequency plan over time.
 */

/** The F2 layer as the radar's ray sees it, at one time and place. */
export interface Ionosphere {
  /** The F2 layer's critical (vertical-incidence penetration) frequency foF2 [Hz]. */
  criticalFrequency: number;
  /** Virtual height of reflection h' [m]. */
  virtualHeight: number;
}

/** Day and night F2 layers, and the auroral oval where spread-Doppler clutter degrades detection. */
export interface IonosphereModel {
  day: Ionosphere;
  night: Ionosphere;
  /** North geomagnetic (dipole) pole: latitude, longitude [rad]. */
  geomagneticPoleLatitude: number;
  geomagneticPoleLongitude: number;
  /** The auroral oval as a band of geomagnetic latitude [rad] (no dependence on local time). */
  auroralLowLatitude: number;
  auroralHighLatitude: number;
}

const DEG = Math.PI / 180;

/**
 * The reference ionosphere (labelled; every figure's source here):
 * - day foF2 10 MHz: "The F region reflects normal-incident frequencies at or below the critical frequency
 *   (approximately 10 MHz)" (Federal Standard 1037C, "F region", https://www.its.bldrdoc.gov/fs-1037/);
 * - night foF2 3 MHz: NOT FOUND as a citable figure; a model choice for the winter night at high latitude,
 *   where the F-region density falls after sunset (FS-1037C: F1 merges into F2 at night, its density
 *   "falls off to below 10^4 e/cm3");
 * - virtual heights 300 km by day and 350 km by night: model choices inside the F2 layer's 250-400 km
 *   (FS-1037C, "F2 layer"); 300 km is the usual textbook day value (Zolesi & Cander's worked MUF table);
 * - the geomagnetic pole at 78.5 N, 69 W: the pole in the US regulation's sky-wave formula (47 CFR 73.190,
 *   Formula 1, eq. 3, https://www.law.cornell.edu/cfr/text/47/73.190), an older epoch than IGRF-13's (not
 *   retrieved here; the pole has moved ~2 deg since);
 * - the auroral oval from 67 deg (magnetic midnight) to 75 deg (noon) geomagnetic latitude under average
 *   conditions (AMS Glossary of Meteorology, "Auroral oval", after NOAA SWPC 2018,
 *   https://glossary.ametsoc.org/wiki/Auroral_oval), taken as one band at all local times.
 */
export const REFERENCE_IONOSPHERE: Readonly<IonosphereModel> = Object.freeze({
  day: Object.freeze({ criticalFrequency: 10e6, virtualHeight: 300_000 }),
  night: Object.freeze({ criticalFrequency: 3e6, virtualHeight: 350_000 }),
  geomagneticPoleLatitude: 78.5 * DEG,
  geomagneticPoleLongitude: -69 * DEG,
  auroralLowLatitude: 67 * DEG,
  auroralHighLatitude: 75 * DEG,
});

/**
 * Ground range [m] from the radar to where a ray launched at elevation el [rad], mirrored at virtual
 * height h [m], comes down to altitude targetAltitude [m] (≤ h): R [2 acos(p/(R+h)) - el - acos(p/(R+ht))],
 * p = R cos(el). At targetAltitude 0 this is the one-hop ground range 2R [acos(R cos el / (R+h)) - el].
 */
export function skyWaveGroundRange(elevation: number, virtualHeight: number, targetAltitude = 0, radius = R_EARTH_MEAN): number {
  const p = radius * Math.cos(elevation);
  const ht = Math.min(Math.max(0, targetAltitude), virtualHeight);
  return radius * (2 * Math.acos(p / (radius + virtualHeight)) - elevation - Math.acos(Math.min(1, p / (radius + ht))));
}

/** Angle of incidence [rad] on the layer of a ray launched at elevation el: sin(i) = R cos(el) / (R + h). */
export function incidenceAngle(elevation: number, virtualHeight: number, radius = R_EARTH_MEAN): number {
  return Math.asin((radius * Math.cos(elevation)) / (radius + virtualHeight));
}

/**
 * The steepest elevation [rad] whose ray the layer still reflects at frequency f [Hz] (secant law
 * f ≤ foF2 sec(i)): every elevation when f ≤ foF2 (returns pi/2); null when even a grazing ray goes through.
 */
export function steepestReflectedElevation(frequency: number, layer: Ionosphere, radius = R_EARTH_MEAN): number | null {
  const ratio = layer.criticalFrequency / frequency; // cos(i) at the limit
  if (ratio >= 1) return Math.PI / 2;
  const p = (radius + layer.virtualHeight) * Math.sqrt(1 - ratio * ratio);
  if (p > radius) return null;
  return Math.acos(p / radius);
}

/** Where a sky-wave radar's rays come down: the band of ground range [m] for a target at one altitude. */
export interface SkyWaveBand {
  /** Near edge [m]: the skip zone lies inside it. */
  minGroundRange: number;
  /** Far edge [m]: the lowest ray's range. */
  maxGroundRange: number;
}

/**
 * The ground-range band a radar that launches rays between minElevation and maxElevation [rad] and works
 * down to minFrequency [Hz] covers through one layer, for a target at targetAltitude [m]; null when the
 * layer reflects none of its rays or the target is above the layer (the sky wave comes down from there).
 */
export function skyWaveBand(
  minElevation: number,
  maxElevation: number,
  minFrequency: number,
  layer: Ionosphere,
  targetAltitude = 0,
): SkyWaveBand | null {
  if (targetAltitude >= layer.virtualHeight) return null;
  const steepest = steepestReflectedElevation(minFrequency, layer);
  if (steepest === null || steepest < minElevation) return null;
  const top = Math.min(maxElevation, steepest);
  return {
    minGroundRange: skyWaveGroundRange(top, layer.virtualHeight, targetAltitude),
    maxGroundRange: skyWaveGroundRange(minElevation, layer.virtualHeight, targetAltitude),
  };
}

/** Solar elevation [rad] at a place and time (suncalc: apparent, refraction-corrected altitude of the Sun's centre). */
export function solarElevation(latitude: number, longitude: number, timeMs: number): number {
  return getPosition(new Date(timeMs), latitude / DEG, longitude / DEG).altitude * DEG;
}

/** Whether the ionosphere over a place is the day layer: the Sun is above the horizon there (a labelled switch, no twilight). */
export function isDaylit(latitude: number, longitude: number, timeMs: number): boolean {
  return solarElevation(latitude, longitude, timeMs) > 0;
}

/**
 * Geomagnetic (centred-dipole) latitude [rad] of a place: asin(sin φ sin φp + cos φ cos φp cos(λ - λp)),
 * the form of 47 CFR 73.190 eq. 3 with the model's pole.
 */
export function geomagneticLatitude(
  latitude: number,
  longitude: number,
  model: Pick<IonosphereModel, 'geomagneticPoleLatitude' | 'geomagneticPoleLongitude'>,
): number {
  const s =
    Math.sin(latitude) * Math.sin(model.geomagneticPoleLatitude) +
    Math.cos(latitude) * Math.cos(model.geomagneticPoleLatitude) * Math.cos(longitude - model.geomagneticPoleLongitude);
  return Math.asin(Math.max(-1, Math.min(1, s)));
}

/** Whether a place lies under the auroral oval of the model (a geomagnetic latitude band). */
export function inAuroralOval(latitude: number, longitude: number, model: IonosphereModel): boolean {
  const m = geomagneticLatitude(latitude, longitude, model);
  return m >= model.auroralLowLatitude && m <= model.auroralHighLatitude;
}
