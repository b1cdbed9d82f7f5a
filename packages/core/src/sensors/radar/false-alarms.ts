import { poisson } from '../../random/poisson.ts';
import { SPEED_OF_LIGHT } from '../../constants.ts';
import { INITIATION_MAX_SPEED } from '../../tracking/association.ts';
import { angleDifference, type GroundRadarSpec, inFieldOfView, type RadarFace } from './radar.ts';

/**
 * Radar false alarms (docs/closed-kill-chain.md, "False alarms"). The catalog gives each radar a false-alarm
 * probability per resolution cell (a labelled model choice) and a threshold SNR; the number of cells it
 * searches is NOT FOUND in any source, so it is derived here, openly, from catalog figures only.
 */

/**
 * The monopulse angle-error slope k_m (dimensionless): a monopulse angle measurement's one-sigma error is
 * theta_B / (k_m sqrt(2 SNR)), k_m ~ 1.6 for a well-designed monopulse radar (Skolnik, Introduction to Radar
 * Systems, 3rd ed., 2001, sec. 4.2 / 6.9 on tracking accuracy; Barton, Radar System Analysis and Modeling,
 * 2005, ch. 18: k_m of 1.2-2.0, 1.6 typical).
 */
export const MONOPULSE_SLOPE = 1.6;

/** A radar's resolution cell: range extent [m] and the beamwidths [rad] in azimuth and elevation. */
export interface ResolutionCell {
  range: number;
  azimuth: number;
  elevation: number;
}

/**
 * The resolution cell implied by a radar's measurement noise at its threshold SNR, by inverting the
 * measurement-accuracy relations (Skolnik, 3rd ed., sec. 6.3 on theoretical accuracy; Barton, 2005):
 * sigma_R = dR / sqrt(2 SNR), so dR = sigma_R sqrt(2 SNR); sigma_theta = theta_B / (k_m sqrt(2 SNR)), so
 * theta_B = k_m sigma_theta sqrt(2 SNR). The catalog's noise is taken as the noise at the detection
 * threshold (the worst case the radar quotes), so the SNR is the threshold SNR. E.g. the UEWR: 50 m and
 * 0.22 deg at 13 dB (SNR 19.95, sqrt(2 SNR) = 6.32) give dR = 316 m and a 2.22 deg beam (its published
 * beam is ~2.2 deg, the check the catalog's angle noise was derived from).
 */
export function resolutionCell(
  s: Pick<GroundRadarSpec, 'rangeNoise' | 'azimuthNoise' | 'elevationNoise' | 'thresholdSnr'>,
): ResolutionCell {
  if (!(s.thresholdSnr > 0)) throw new RangeError(`a resolution cell needs a positive threshold SNR (got ${s.thresholdSnr})`);
  const k = Math.sqrt(2 * s.thresholdSnr);
  return { range: s.rangeNoise * k, azimuth: MONOPULSE_SLOPE * s.azimuthNoise * k, elevation: MONOPULSE_SLOPE * s.elevationNoise * k };
}

/** The azimuth [rad] the union of a radar's faces covers (overlapping faces counted once; at most 2 pi). */
export function facesAzimuthSpan(faces: readonly RadarFace[]): number {
  const TWO_PI = 2 * Math.PI;
  // each face as an interval [start, start + width) from north (start in [0, 2 pi)), with its copy a turn
  // earlier (the part past north), merged, and the merged length inside [0, 2 pi) summed
  const iv: Array<[number, number]> = [];
  for (const f of faces) {
    const w = Math.min(TWO_PI, 2 * f.azimuthHalfWidth);
    if (w >= TWO_PI) return TWO_PI;
    let a = (f.boresightAzimuth - f.azimuthHalfWidth) % TWO_PI;
    if (a < 0) a += TWO_PI;
    iv.push([a - TWO_PI, a + w - TWO_PI], [a, a + w]);
  }
  iv.sort((p, q) => p[0] - q[0]);
  let total = 0,
    lo = -Infinity,
    hi = -Infinity;
  const flush = (): void => {
    if (hi > lo) total += Math.max(0, Math.min(hi, TWO_PI) - Math.max(lo, 0));
  };
  for (const [a, b] of iv) {
    if (a > hi) {
      flush();
      lo = a;
      hi = b;
    } else hi = Math.max(hi, b);
  }
  flush();
  return Math.min(TWO_PI, total);
}

/**
 * The cells of a radar's whole coverage: the union of its faces in azimuth, minElevation to maxElevation, out
 * to the range at which it detects its reference target (referenceRange, the range the catalog quotes).
 * Counted in range x solid angle, a beam covering the solid angle theta_az theta_el:
 * cells = (R_ref / dR) x A (sin el_max - sin el_min) / (theta_az theta_el), A the azimuth span. (A radar
 * measuring without noise has no finite cell: 0, and it draws no false alarms.)
 */
export function coverageCells(s: GroundRadarSpec): number {
  const cell = resolutionCell(s);
  if (!(cell.range > 0 && cell.azimuth > 0 && cell.elevation > 0)) return 0;
  const solid = facesAzimuthSpan(s.faces) * (sinClamped(s.maxElevation) - sinClamped(s.minElevation));
  return (s.referenceRange / cell.range) * (solid / (cell.azimuth * cell.elevation));
}

/**
 * The cells a radar tests in one look at its coverage (one revisit interval, what a tracking scan reports):
 * a receiver tests one range cell per 1 / B seconds, B = c / (2 dR) its bandwidth, so over the revisit
 * interval T each face's receiver tests at most T c / (2 dR) cells, the count behind the textbook false-alarm
 * time T_fa = 1 / (Pfa B) (Skolnik, Introduction to Radar Systems, 3rd ed., 2001, sec. 2.5). The faces listen
 * at once (one receiver each); no more cells than the coverage has (a radar that could sample its coverage
 * more than once per look is taken to test each cell once):
 * cells = min(coverageCells, faces x T c / (2 dR)). Only the UEWR-class coverage out to thousands of km is
 * larger than a look can sample (a pulse to 5,556 km takes 37 ms to come back: 2,600 beams need 97 s, not 10).
 */
export function searchedCells(s: GroundRadarSpec): number {
  const cell = resolutionCell(s);
  if (!(cell.range > 0)) return 0;
  return Math.min(coverageCells(s), (s.faces.length * s.revisitInterval * SPEED_OF_LIGHT) / (2 * cell.range));
}

/** Expected false detections in one tracking scan: Pfa x searchedCells, spread uniformly over the coverage's cells. */
export function expectedFalseAlarmsPerScan(s: GroundRadarSpec): number {
  return s.falseAlarmProbability * searchedCells(s);
}

/**
 * The half-width [m] of the window around an object within which false alarms of a scan are drawn
 * (drawFalseAlarms), at slant range `range` [m], for scans `interval` seconds apart. A false detection can
 * change a track of a real object only by (a) starting a tentative track with a left-over detection of the
 * object in the sensor's previous or next scan: the two-fix velocity gate reaches INITIATION_MAX_SPEED x
 * interval from that detection, itself within the object's motion (also at most that speed) x interval of
 * where the object is now, widened by the gate's slack of 3 sqrt(trace P1 + trace P2), at most 3 sqrt(2)
 * ~ 4.2 position sigmas; or (b) falling in the gate of a track of the object: sqrt(G) = 3.4 sigmas of the
 * innovation around a prediction that a consistent track keeps within a few sigmas of the object (a track
 * just started from two fixes: about 8.3 position sigmas in all). So 2 v_max interval + 10 position sigmas,
 * the position sigma sqrt(sigma_R^2 + R^2 (sigma_az^2 + sigma_el^2)).
 */
export function falseAlarmWindow(
  s: Pick<GroundRadarSpec, 'rangeNoise' | 'azimuthNoise' | 'elevationNoise'>,
  range: number,
  interval: number,
): number {
  const sigma = Math.sqrt(
    s.rangeNoise * s.rangeNoise + range * range * (s.azimuthNoise * s.azimuthNoise + s.elevationNoise * s.elevationNoise),
  );
  return 2 * INITIATION_MAX_SPEED * interval + FALSE_ALARM_WINDOW_SIGMAS * sigma;
}

/** Position sigmas in a false-alarm window beyond the speed reach (falseAlarmWindow). */
export const FALSE_ALARM_WINDOW_SIGMAS = 10;

/**
 * How much wider than an object's window the box drawn about it is (a model choice of cost, not of physics):
 * the windows of a cluster's objects, a few km apart, then mostly fall inside the first one's box and need no
 * draw of their own. Drawing a larger region at the same density adds false alarms the windows did not need,
 * never removes one they did.
 */
export const FALSE_ALARM_BOX_GROWTH = 1.5;

/** How many of the latest boxes a window is checked against before it gets a box of its own (a cost bound: a raid's scan covers thousands of objects). */
const RECENT_BOXES = 4;

/** A box in (range, azimuth, elevation) about a look, clipped to the searched range and elevations. */
interface Box {
  r0: number;
  r1: number;
  az: number;
  azHalf: number;
  el0: number;
  el1: number;
}

function boxAbout(s: GroundRadarSpec, range: number, azimuth: number, elevation: number, half: number): Box | null {
  const r0 = Math.max(0, range - half),
    r1 = Math.min(s.referenceRange, range + half);
  const de = half / Math.max(range, half);
  const el0 = Math.max(s.minElevation, elevation - de, -Math.PI / 2),
    el1 = Math.min(s.maxElevation, elevation + de, Math.PI / 2);
  if (!(r1 > r0 && el1 > el0)) return null;
  const c = Math.cos(elevation);
  const azHalf = c * Math.PI > de ? Math.min(Math.PI, de / c) : Math.PI;
  return { r0, r1, az: azimuth, azHalf, el0, el1 };
}

const inBox = (b: Box, r: number, az: number, el: number): boolean =>
  r >= b.r0 && r <= b.r1 && el >= b.el0 && el <= b.el1 && Math.abs(angleDifference(az, b.az)) <= b.azHalf;

const contains = (b: Box, w: Box): boolean =>
  w.r0 >= b.r0 && w.r1 <= b.r1 && w.el0 >= b.el0 && w.el1 <= b.el1 && Math.abs(angleDifference(w.az, b.az)) + w.azHalf <= b.azHalf;

/**
 * A radar's false alarms per unit of range x azimuth x sin(elevation) [1 / (m rad)] in one scan: the scan's
 * expected count spread uniformly over its coverage's cells, p = Pfa x searchedCells / coverageCells per cell,
 * over the cell's measure dR theta_az theta_el. 0 when the radar has no finite cell or no false alarms.
 */
export function falseAlarmDensity(s: GroundRadarSpec): number {
  const all = coverageCells(s);
  if (!(all > 0) || !(s.falseAlarmProbability > 0)) return 0;
  const cell = resolutionCell(s);
  return (s.falseAlarmProbability * (searchedCells(s) / all)) / (cell.range * cell.azimuth * cell.elevation);
}

/**
 * The false detections of one scan inside the union of windows about the true looks at the objects the scan
 * covers (`looks`: range, azimuth, elevation triples; falseAlarmWindow half-widths `half`), appended to `out` as
 * range, azimuth, elevation triples. The scan's false alarms are a Poisson process of mean
 * expectedFalseAlarmsPerScan spread uniformly over the coverage's cells (falseAlarmDensity `density`): uniform
 * in range, in azimuth and in sin(elevation) (a beam covers the solid angle theta_az theta_el). Only those in
 * boxes covering the windows are drawn, at that density: each box (a window widened by `grow`) is a box in
 * range x azimuth x elevation, its count Poisson with mean density x its measure, its points uniform in it; a
 * point outside the radar's faces or inside an earlier box is dropped (thinning: the union is cut into each box
 * less the earlier ones, so an overlap is drawn once and the density stays the same); a window inside one of
 * the latest RECENT_BOXES boxes needs no box (skipping a window is an optimisation: drawing its box would add
 * only points the earlier box already drew). Those outside every box can start tracks only with each other, and a few per scan
 * in a volume of ~1e19 m^3 almost never fall within the velocity gate of one another (docs/closed-kill-chain.md,
 * "False alarms"). A false detection is not measured again: the radar reports where the threshold crossing was.
 * Returns the number of points appended.
 */
export function drawFalseAlarms(
  s: GroundRadarSpec,
  density: number,
  looks: ArrayLike<number>,
  half: ArrayLike<number>,
  uniform: () => number,
  out: number[],
  grow = 1,
): number {
  if (!(density > 0)) return 0;
  const boxes: Box[] = [];
  let n = 0;
  for (let i = 0; i < half.length; i++) {
    const range = looks[3 * i],
      azimuth = looks[3 * i + 1],
      elevation = looks[3 * i + 2];
    if (boxes.length > 0) {
      // a window inside one of the latest boxes (looks come in object order: a cluster's members are neighbours)
      const w = boxAbout(s, range, azimuth, elevation, half[i]);
      if (!w) continue;
      let inside = false;
      for (let b = boxes.length - 1; b >= Math.max(0, boxes.length - RECENT_BOXES) && !inside; b--) inside = contains(boxes[b], w);
      if (inside) continue;
    }
    const b = boxAbout(s, range, azimuth, elevation, half[i] * grow);
    if (!b) continue;
    const u0 = Math.sin(b.el0),
      u1 = Math.sin(b.el1);
    const count = poisson(density * (b.r1 - b.r0) * (2 * b.azHalf) * (u1 - u0), uniform);
    for (let k = 0; k < count; k++) {
      const r = b.r0 + (b.r1 - b.r0) * uniform();
      let az = (b.az + b.azHalf * (2 * uniform() - 1)) % (2 * Math.PI);
      if (az < 0) az += 2 * Math.PI;
      const el = Math.asin(Math.min(1, Math.max(-1, u0 + (u1 - u0) * uniform())));
      if (!inFieldOfView(s, az, el) || boxes.some((p) => inBox(p, r, az, el))) continue;
      out.push(r, az, el);
      n++;
    }
    boxes.push(b);
  }
  return n;
}

const sinClamped = (x: number): number => Math.sin(Math.max(-Math.PI / 2, Math.min(Math.PI / 2, x)));
