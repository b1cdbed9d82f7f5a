import { describe, expect, it } from 'vitest';
import { Random } from '../../random/sfc32.ts';
import { poisson } from '../../random/poisson.ts';
import {
  coverageCells,
  drawFalseAlarms,
  expectedFalseAlarmsPerScan,
  facesAzimuthSpan,
  falseAlarmDensity,
  falseAlarmWindow,
  MONOPULSE_SLOPE,
  resolutionCell,
  searchedCells,
} from './false-alarms.ts';
import { angleDifference, type GroundRadarSpec } from './radar.ts';

const DEG = Math.PI / 180;

/** The UEWR's catalog figures (uewr-*.yaml): 50 m, 0.22 deg, 13 dB, 1e-6, 5,556 km on 10 m^2; one face of +-60 deg. */
const uewr: GroundRadarSpec = {
  latitude: 64.3 * DEG,
  longitude: -149.2 * DEG,
  altitude: 170,
  faces: [{ boresightAzimuth: 0, boresightElevation: 20 * DEG, azimuthHalfWidth: 60 * DEG }],
  minElevation: 3 * DEG,
  maxElevation: 85 * DEG,
  referenceRange: 5_556_000,
  referenceRcs: 10,
  thresholdSnr: Math.pow(10, 1.3),
  falseAlarmProbability: 1e-6,
  revisitInterval: 10,
  rangeNoise: 50,
  azimuthNoise: 0.22 * DEG,
  elevationNoise: 0.22 * DEG,
};

describe('radar false alarms: the resolution cell and the cells searched', () => {
  it('derives the cell from the noise at the threshold SNR (hand-computed for the UEWR)', () => {
    // by hand: SNR = 10^1.3 = 19.953, sqrt(2 SNR) = 6.3171; dR = 50 x 6.3171 = 315.85 m;
    // theta_B = 1.6 x 0.22 deg x 6.3171 = 2.2236 deg (the UEWR's published beam is ~2.2 deg)
    const c = resolutionCell(uewr);
    expect(c.range).toBeCloseTo(315.85, 1);
    expect(c.azimuth / DEG).toBeCloseTo(2.2236, 3);
    expect(c.elevation).toBe(c.azimuth);
    expect(MONOPULSE_SLOPE).toBe(1.6);
    expect(() => resolutionCell({ ...uewr, thresholdSnr: 0 })).toThrow(/threshold SNR/);
  });

  it('counts the coverage in range x solid angle, and a look tests what its receiver has time for (hand-computed, one-face UEWR)', () => {
    // by hand: solid angle = (120 deg = 2.0944 rad) x (sin 85 - sin 3 = 0.99619 - 0.05234 = 0.94386) = 1.97681 sr;
    // beam solid angle = (0.038809 rad)^2 = 1.50614e-3 sr, so 1,312.5 beams; 5,556 km / 315.85 m = 17,590.6 range
    // cells; 1,312.5 x 17,590.6 = 2.3087e7 cells in the coverage
    expect(coverageCells(uewr) / 2.3087e7).toBeCloseTo(1, 3);
    // one receiver, bandwidth c / (2 dR) = 299,792,458 / 631.71 = 474,577 cells a second, 10 s a look:
    // 4.7458e6 cells (a fifth of the coverage), 4.75 false alarms per scan at 1e-6
    expect(searchedCells(uewr) / 4.7458e6).toBeCloseTo(1, 3);
    expect(expectedFalseAlarmsPerScan(uewr)).toBeCloseTo(4.746, 2);
    // two faces listen at once; a coverage smaller than a look's samples is tested once per look
    expect(searchedCells({ ...uewr, faces: [...uewr.faces, { ...uewr.faces[0], boresightAzimuth: Math.PI }] }) / 9.4916e6).toBeCloseTo(
      1,
      3,
    );
    const short = { ...uewr, referenceRange: 100_000 };
    expect(searchedCells(short)).toBe(coverageCells(short));
    // no finite cell without noise: nothing searched, nothing drawn
    expect(searchedCells({ ...uewr, rangeNoise: 0 })).toBe(0);
  });

  it('takes the union of the faces in azimuth', () => {
    const face = (az: number, half: number) => ({ boresightAzimuth: az * DEG, boresightElevation: 0, azimuthHalfWidth: half * DEG });
    expect(facesAzimuthSpan([face(0, 60)]) / DEG).toBeCloseTo(120, 9);
    expect(facesAzimuthSpan([face(0, 65), face(270, 65)]) / DEG).toBeCloseTo(220, 9); // LRDR: overlapping faces
    expect(facesAzimuthSpan([face(350, 20), face(10, 20)]) / DEG).toBeCloseTo(60, 9); // across north
    expect(facesAzimuthSpan([face(0, 60), face(180, 10)]) / DEG).toBeCloseTo(140, 9); // apart
    expect(facesAzimuthSpan([face(0, 45), face(90, 45), face(180, 45), face(270, 45)]) / DEG).toBeCloseTo(360, 9);
    expect(facesAzimuthSpan([face(0, 180)])).toBeCloseTo(2 * Math.PI, 12);
  });
});

describe('radar false alarms: drawn in windows at the density of the scan', () => {
  // a window well inside the coverage: 2,000 km, azimuth 10 deg, elevation 20 deg
  const look = { range: 2_000_000, azimuth: 10 * DEG, elevation: 20 * DEG };
  const cell = resolutionCell(uewr);
  /** Expected false alarms in a box of range x azimuth x elevation extents: per cell, a scan's expected count over the coverage's cells (uniform in sin el). */
  const expected = (s: GroundRadarSpec, dr: number, daz: number, el0: number, el1: number) =>
    ((expectedFalseAlarmsPerScan(s) / coverageCells(s)) * dr * daz * (Math.sin(el1) - Math.sin(el0))) /
    (cell.range * cell.azimuth * cell.elevation);

  it('a window over the whole coverage holds Pfa x searchedCells false alarms a scan, spread over the coverage', () => {
    // one window wider than the coverage (clipped to it): the scan's whole draw. N = 2,000 scans at the catalog
    // Pfa (4.75 a scan): the mean within 4 standard errors (sqrt(lambda / N); chance failure 6e-5); the share in
    // the upper half of the range (half the cells) within 4 of its binomial standard errors
    const look = { range: 2_778_000, azimuth: 0, elevation: 44 * DEG };
    const lambda = expectedFalseAlarmsPerScan(uewr);
    const r = new Random(13);
    const N = 2000;
    let total = 0,
      far = 0;
    for (let k = 0; k < N; k++) {
      const out: number[] = [];
      total += drawFalseAlarms(uewr, falseAlarmDensity(uewr), [look.range, look.azimuth, look.elevation], [1e8], r.uniform, out);
      for (let j = 0; j < out.length; j += 3) if (out[j] > uewr.referenceRange / 2) far++;
    }
    expect(Math.abs(total / N - lambda)).toBeLessThan(4 * Math.sqrt(lambda / N));
    expect(Math.abs(far / total - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / total));
  });

  it('the window spans the speed gate twice over the scan interval plus ten position sigmas', () => {
    const sigma = Math.hypot(50, 2_000_000 * 0.22 * DEG * Math.SQRT2);
    expect(falseAlarmWindow(uewr, 2_000_000, 10)).toBeCloseTo(2 * 11_200 * 10 + 10 * sigma, 6);
  });

  it('the count in a window is Poisson with mean Pfa x its cells, and a sub-box gets its share (the density is Pfa per cell)', () => {
    // Pfa raised to 0.5 so that a window holds ~50 false alarms (525 cells, a fifth of them tested a look); N = 400 scans. The count's mean is checked
    // against Pfa x cells within 4 standard errors (sqrt(lambda / N); a 4-sigma band fails by chance with
    // probability 6e-5), and so is a sub-box's (a quarter of the range, the inner half of the angles).
    const s = { ...uewr, falseAlarmProbability: 0.5 };
    const half = 50_000;
    const de = half / look.range,
      da = de / Math.cos(look.elevation);
    const lambda = expected(s, 2 * half, 2 * da, look.elevation - de, look.elevation + de);
    const sub = {
      r0: look.range - half / 4,
      r1: look.range + half / 4,
      da: da / 2,
      e0: look.elevation - de / 2,
      e1: look.elevation + de / 2,
    };
    const lambdaSub = expected(s, sub.r1 - sub.r0, 2 * sub.da, sub.e0, sub.e1);
    expect(lambda).toBeGreaterThan(50);
    const r = new Random(7);
    const N = 400;
    let total = 0,
      inSub = 0,
      outside = 0;
    for (let k = 0; k < N; k++) {
      const out: number[] = [];
      total += drawFalseAlarms(s, falseAlarmDensity(s), [look.range, look.azimuth, look.elevation], [half], r.uniform, out);
      for (let j = 0; j < out.length; j += 3) {
        const [rr, az, el] = [out[j], out[j + 1], out[j + 2]];
        const daz = Math.abs(angleDifference(az, look.azimuth));
        if (Math.abs(rr - look.range) > half || daz > da + 1e-12 || Math.abs(el - look.elevation) > de + 1e-12) outside++;
        if (rr >= sub.r0 && rr <= sub.r1 && daz <= sub.da && el >= sub.e0 && el <= sub.e1) inSub++;
      }
    }
    expect(outside).toBe(0);
    expect(Math.abs(total / N - lambda)).toBeLessThan(4 * Math.sqrt(lambda / N));
    expect(Math.abs(inSub / N - lambdaSub)).toBeLessThan(4 * Math.sqrt(lambdaSub / N));
  });

  it('overlapping windows are drawn once: the union, not the sum, at the same density', () => {
    // two windows half a window apart in range overlap over half their range extent: the union holds 1.5 windows' cells
    const s = { ...uewr, falseAlarmProbability: 0.5 };
    const half = 50_000;
    const de = half / look.range,
      da = de / Math.cos(look.elevation);
    const second = { ...look, range: look.range + half };
    // the second window's angles about its own range are narrower; the expected union is computed as drawn:
    // window 1 in full, plus window 2 less its part inside window 1
    const de2 = half / second.range,
      da2 = de2 / Math.cos(second.elevation);
    const w1 = expected(s, 2 * half, 2 * da, look.elevation - de, look.elevation + de);
    const w2 = expected(s, 2 * half, 2 * da2, second.elevation - de2, second.elevation + de2);
    const overlap = expected(s, half, 2 * Math.min(da, da2), second.elevation - Math.min(de, de2), second.elevation + Math.min(de, de2));
    const union = w1 + w2 - overlap;
    const r = new Random(11);
    const N = 400;
    let total = 0;
    for (let k = 0; k < N; k++)
      total += drawFalseAlarms(
        s,
        falseAlarmDensity(s),
        [look.range, look.azimuth, look.elevation, second.range, second.azimuth, second.elevation],
        [half, half],
        r.uniform,
        [],
      );
    expect(Math.abs(total / N - union)).toBeLessThan(4 * Math.sqrt(union / N));
    // the sum of the two windows is 4 standard errors away or more: the test tells a double count apart
    expect(w1 + w2 - union).toBeGreaterThan(8 * Math.sqrt(union / N));
  });

  it('a window inside an earlier widened box is not drawn again: a cluster draws its first box, at the same density', () => {
    // two looks 5 km apart in range with 50 km windows, boxes widened 1.5 times: the second window lies in the
    // first box, so the scan's false alarms are those of the first box alone (mean within 4 standard errors)
    const s = { ...uewr, falseAlarmProbability: 0.5 };
    const half = 50_000,
      grown = 1.5 * half;
    const de = grown / look.range,
      da = de / Math.cos(look.elevation);
    const box = expected(s, 2 * grown, 2 * da, look.elevation - de, look.elevation + de);
    const r = new Random(17);
    const N = 400;
    let total = 0;
    const looks = [look.range, look.azimuth, look.elevation, look.range + 5_000, look.azimuth, look.elevation];
    for (let k = 0; k < N; k++) total += drawFalseAlarms(s, falseAlarmDensity(s), looks, [half, half], r.uniform, [], 1.5);
    expect(Math.abs(total / N - box)).toBeLessThan(4 * Math.sqrt(box / N));
  });

  it('draws nothing outside the faces, the elevations or the searched range', () => {
    const s = { ...uewr, falseAlarmProbability: 0.5 };
    const r = new Random(3);
    const edge = [
      { range: 5_550_000, azimuth: 0, elevation: 20 * DEG }, // at the searched range
      { range: 2_000_000, azimuth: 59.9 * DEG, elevation: 20 * DEG }, // at the face's edge
      { range: 2_000_000, azimuth: 0, elevation: 3.05 * DEG }, // at the low-elevation limit
    ];
    const out: number[] = [];
    const n = drawFalseAlarms(
      s,
      falseAlarmDensity(s),
      edge.flatMap((e) => [e.range, e.azimuth, e.elevation]),
      [50_000, 50_000, 50_000],
      r.uniform,
      out,
    );
    expect(n).toBeGreaterThan(30);
    for (let j = 0; j < out.length; j += 3) {
      expect(out[j]).toBeLessThanOrEqual(s.referenceRange);
      expect(Math.abs(angleDifference(out[j + 1], 0))).toBeLessThanOrEqual(60 * DEG);
      expect(out[j + 2]).toBeGreaterThanOrEqual(3 * DEG);
    }
  });
});

describe('poisson', () => {
  it('has the mean and variance of a Poisson law, across the pieces it sums', () => {
    // N = 20,000 draws: the sample mean within 4 standard errors (sqrt(lambda / N)); the sample variance within
    // 4 of its standard errors (sqrt((lambda + 2 lambda^2) / N) for a Poisson law, whose fourth central moment is lambda + 3 lambda^2)
    const r = new Random(5);
    for (const lambda of [0.3, 7, 40]) {
      const N = 20_000;
      let s1 = 0,
        s2 = 0;
      for (let k = 0; k < N; k++) {
        const x = poisson(lambda, r.uniform);
        s1 += x;
        s2 += x * x;
      }
      const mean = s1 / N,
        variance = s2 / N - mean * mean;
      expect(Math.abs(mean - lambda), `mean at ${lambda}`).toBeLessThan(4 * Math.sqrt(lambda / N));
      expect(Math.abs(variance - lambda), `variance at ${lambda}`).toBeLessThan(4 * Math.sqrt((lambda + 2 * lambda * lambda) / N));
    }
    expect(poisson(0, r.uniform)).toBe(0);
    expect(() => poisson(-1, r.uniform)).toThrow(/Poisson mean/);
  });
});
