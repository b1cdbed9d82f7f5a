import { describe, expect, it } from 'vitest';
import {
  type ConfusionModel,
  type DragCueOptions,
  type LabelObservation,
  confusionProblems,
  ballisticCoefficientLogLikelihoodRatio,
  drawLabel,
  labelLogLikelihoodRatio,
  logOdds,
  probabilityFromLogOdds,
  warheadProbability,
} from './discrimination.ts';
import { lcg } from './test-noise.ts';

// Illustrative figures for the tests, not sourced performance: open literature gives none.
const MODEL: ConfusionModel = {
  'x-band-radar': { warheadAsWarhead: 0.8, decoyAsDecoy: 0.7 },
  'space-ir': { warheadAsWarhead: 0.65, decoyAsDecoy: 0.6 },
  'coin-flip': { warheadAsWarhead: 0.5, decoyAsDecoy: 0.5 },
  'always-says-warhead-mostly': { warheadAsWarhead: 0.9, decoyAsDecoy: 0.1 }, // labels regardless of class
};

describe('Bayesian discrimination from sensor labels', () => {
  it('matches Bayes rule written out by hand', () => {
    // prior 0.2; labels W, W, D from the X-band model: P = 0.2 * 0.8^2 * 0.2 / (that + 0.8 * 0.3^2 * 0.7)
    const labels: LabelObservation[] = [
      { sensorType: 'x-band-radar', label: 'warhead' },
      { sensorType: 'x-band-radar', label: 'warhead' },
      { sensorType: 'x-band-radar', label: 'decoy' },
    ];
    const w = 0.2 * 0.8 * 0.8 * 0.2,
      d = 0.8 * 0.3 * 0.3 * 0.7;
    expect(warheadProbability(0.2, labels, MODEL)).toBeCloseTo(w / (w + d), 14);
    expect(probabilityFromLogOdds(logOdds(0.37))).toBeCloseTo(0.37, 15);
    expect(probabilityFromLogOdds(-800)).toBe(0); // no overflow at extreme odds
    expect(probabilityFromLogOdds(800)).toBe(1);
  });

  it('converges to the truth with enough independent looks (200 objects of each kind, 50 looks from two sensor types)', () => {
    // Expected log-LR per X-band look on a warhead: 0.8 ln(0.8/0.3) + 0.2 ln(0.2/0.7) = 0.53 (decoy: -0.58);
    // 50 looks put the mean at ~20 nepers against a spread of ~6: P(warhead) > 0.95 nearly always.
    const u = lcg(11);
    let wrong = 0;
    for (const truth of ['warhead', 'decoy'] as const) {
      for (let trial = 0; trial < 200; trial++) {
        const labels: LabelObservation[] = [];
        for (let i = 0; i < 50; i++) {
          const sensorType = i % 2 === 0 ? 'x-band-radar' : 'space-ir';
          labels.push({ sensorType, label: drawLabel(MODEL[sensorType], truth, u) });
        }
        const p = warheadProbability(0.5, labels, MODEL);
        if ((truth === 'warhead' && p < 0.95) || (truth === 'decoy' && p > 0.05)) wrong++;
      }
    }
    expect(wrong).toBeLessThanOrEqual(4); // of 400
  });

  it('stays at the prior with uninformative sensors, whatever they say', () => {
    const u = lcg(12);
    for (const sensorType of ['coin-flip', 'always-says-warhead-mostly']) {
      expect(labelLogLikelihoodRatio(MODEL[sensorType], 'warhead')).toBeCloseTo(0, 14);
      const labels: LabelObservation[] = [];
      for (let i = 0; i < 100; i++) labels.push({ sensorType, label: drawLabel(MODEL[sensorType], 'decoy', u) });
      expect(warheadProbability(0.3, labels, MODEL)).toBeCloseTo(0.3, 12);
    }
  });

  it('names a missing sensor type and rejects degenerate confusion figures', () => {
    expect(() => warheadProbability(0.5, [{ sensorType: 'uhf', label: 'decoy' }], MODEL)).toThrow(/'uhf'/);
    expect(confusionProblems('x', { warheadAsWarhead: 1, decoyAsDecoy: 0.7 })[0]).toMatch(/warheadAsWarhead/);
    expect(confusionProblems('x', MODEL['x-band-radar'])).toEqual([]);
  });
});

describe('drag cue after re-entry begins: the ballistic coefficient a re-entry filter estimates', () => {
  const CUE: DragCueOptions = { warhead: { beta: 9000, logSigma: 0.5 }, decoy: { beta: 50, logSigma: 1.0 }, densityLogSigma: 0.15 };
  const llr = ballisticCoefficientLogLikelihoodRatio;

  it('is the ratio of two normals in ln beta, by hand', () => {
    // an estimate of exactly 9,000 kg/m^2 with a 0.2 standard error:
    // warhead: d = 0, s^2 = 0.25 + 0.0225 + 0.04 = 0.3125; decoy: d = ln 180 = 5.1930, s^2 = 1 + 0.0225 + 0.04 = 1.0625
    // ln ratio = -0.5 ln 0.3125 + 0.5 * 5.1930^2 / 1.0625 + 0.5 ln 1.0625 = 0.58158 + 12.69023 + 0.03031 = 13.3021
    expect(llr(Math.log(9000), 0.04, CUE)).toBeCloseTo(13.3021, 3);
    // the density's spread counts: without it the decoy class is narrower and the ratio larger
    expect(llr(Math.log(9000), 0.04, { ...CUE, densityLogSigma: 0 })).toBeGreaterThan(13.3021);
  });

  it('separates decoys from re-entry vehicles drawn from the classes, through the density and the estimate errors', () => {
    const u = lcg(13);
    const gauss = (): number => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    const sigma = 0.3; // the filter's ln beta error once the drag bites (reentry-ekf.test.ts: beta to 3 % by 20-50 km)
    const rv: number[] = [],
      decoy: number[] = [];
    for (let i = 0; i < 500; i++) {
      // true betas from the classes' spreads, the real atmosphere off US76 by e^d, the estimate's own error
      const lnRv = Math.log(9000) + 0.5 * gauss(),
        lnDecoy = Math.log(50) + 1.0 * gauss();
      rv.push(llr(lnRv - 0.15 * gauss() + sigma * gauss(), sigma * sigma, CUE));
      decoy.push(llr(lnDecoy - 0.15 * gauss() + sigma * gauss(), sigma * sigma, CUE));
    }
    // the classes are ~5 nepers apart in ln beta against spreads of 0.5-1.0: >= 98 % of each favour
    // the truth by more than 20:1 (ln 20 = 3.0); the misses are decoys drawn 3+ sigma heavy
    expect(rv.filter((l) => l > Math.log(20)).length).toBeGreaterThanOrEqual(490);
    expect(decoy.filter((l) => l < -Math.log(20)).length).toBeGreaterThanOrEqual(490);
    // and one good estimate overturns a prior that a weak sensor's labels built the wrong way
    const prior = warheadProbability(
      0.5,
      Array.from({ length: 6 }, () => ({ sensorType: 'space-ir', label: 'warhead' as const })),
      MODEL,
    );
    expect(prior).toBeGreaterThan(0.7);
    expect(probabilityFromLogOdds(logOdds(prior) + llr(Math.log(50), sigma * sigma, CUE))).toBeLessThan(0.01);
  });

  it('says little while the estimate has learned nothing (the filter prior: median 550 kg/m^2, sigma 1.5 in ln beta)', () => {
    // ln 550 = 6.31 lies between ln 50 = 3.91 and ln 9000 = 9.10; with the prior's variance both classes explain it
    expect(Math.abs(llr(Math.log(550), 1.5 ** 2, CUE))).toBeLessThan(1);
    // the same estimate held with a 0.1 error would be evidence (it sits nearer the decoys' wide class)
    expect(Math.abs(llr(Math.log(550), 0.01, CUE))).toBeGreaterThan(1);
    expect(() => llr(Number.NaN, 0.1, CUE)).toThrow(/not an estimate/);
    expect(() => llr(5, -1, CUE)).toThrow(/not an estimate/);
  });
});
