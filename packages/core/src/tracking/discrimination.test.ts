import { describe, expect, it } from 'vitest';
import { us76Density } from '../atmosphere/us76.ts';
import {
  type ConfusionModel,
  type DragCueOptions,
  type LabelObservation,
  confusionProblems,
  dragDeceleration,
  dragLogLikelihoodRatio,
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
    const w = 0.2 * 0.8 * 0.8 * 0.2, d = 0.8 * 0.3 * 0.3 * 0.7;
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

describe('drag cue after re-entry begins', () => {
  const CUE: DragCueOptions = { warhead: { beta: 6000, logSigma: 0.3 }, decoy: { beta: 50, logSigma: 0.5 } };

  it('a = rho v^2 / (2 beta) by hand at 80 km and 7 km/s', () => {
    // US76 at 80 km: rho = 1.846e-5 kg/m^3 (Table I); q = rho v^2 / 2 = 452 Pa
    expect(us76Density(80e3)).toBeCloseTo(1.846e-5, 7);
    const q = 0.5 * us76Density(80e3) * 7000 ** 2;
    expect(dragDeceleration(80e3, 7000, 6000)).toBeCloseTo(q / 6000, 12); // 0.075 m/s^2
    expect(dragDeceleration(80e3, 7000, 50)).toBeCloseTo(q / 50, 12); // 9.0 m/s^2, 120 times more
  });

  it('separates a beta = 50 decoy from a beta = 6,000 RV at 80 km and 7 km/s, with a 0.5 m/s^2 estimate error', () => {
    const u = lcg(13);
    const gauss = (): number => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    const sigma = 0.5;
    const rv: number[] = [], decoy: number[] = [];
    for (let i = 0; i < 500; i++) {
      // the true betas are drawn from the classes' own spreads; the estimate adds the track's error
      const betaRv = 6000 * Math.exp(0.3 * gauss()), betaDecoy = 50 * Math.exp(0.5 * gauss());
      rv.push(dragLogLikelihoodRatio(dragDeceleration(80e3, 7000, betaRv) + sigma * gauss(), sigma, 80e3, 7000, CUE));
      decoy.push(dragLogLikelihoodRatio(dragDeceleration(80e3, 7000, betaDecoy) + sigma * gauss(), sigma, 80e3, 7000, CUE));
    }
    // >= 99 % of RVs favour "warhead" by > 20:1 and >= 99 % of decoys "decoy" by > 20:1 (ln 20 = 3.0);
    // the misses are estimates 3+ sigma off that land between the classes
    expect(rv.filter((l) => l > Math.log(20)).length).toBeGreaterThanOrEqual(495);
    expect(decoy.filter((l) => l < -Math.log(20)).length).toBeGreaterThanOrEqual(495);
    const median = (x: number[]): number => [...x].sort((p, q) => p - q)[x.length >> 1];
    expect(median(rv)).toBeGreaterThan(10);
    expect(median(decoy)).toBeLessThan(-10);
    // and one drag measurement overturns a prior that a weak sensor's labels built the wrong way
    const prior = warheadProbability(0.5, Array.from({ length: 6 }, () => ({ sensorType: 'space-ir', label: 'warhead' as const })), MODEL);
    expect(prior).toBeGreaterThan(0.7);
    const post = probabilityFromLogOdds(logOdds(prior) + dragLogLikelihoodRatio(dragDeceleration(80e3, 7000, 50), sigma, 80e3, 7000, CUE));
    expect(post).toBeLessThan(0.01);
  });

  it('says nothing above the sensible atmosphere (150 km: both decelerations far below the error)', () => {
    const a = dragDeceleration(150e3, 7000, 50); // ~1e-3 m/s^2
    expect(a).toBeLessThan(0.01);
    expect(Math.abs(dragLogLikelihoodRatio(a, 0.5, 150e3, 7000, CUE))).toBeLessThan(0.01);
  });
});
