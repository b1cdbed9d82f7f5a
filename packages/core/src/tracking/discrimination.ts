/**
 * Warhead-versus-decoy discrimination as a probability per object, in log-odds
 * L = ln(p / (1 - p)), p = P(warhead). Each independent piece of evidence e adds its log likelihood
 * ratio ln(P(e | warhead) / P(e | decoy)) to L (Bayes' rule in odds form; e.g. Bar-Shalom, Willett &
 * Tian, Tracking and Data Fusion, 2011, ch. 8, on classification). Two kinds of evidence here:
 *
 * - a sensor's label ("warhead" or "decoy") through that sensor type's confusion model;
 * - after re-entry begins, the ballistic coefficient the track's re-entry filter estimates from the
 *   drag it measures, against each class's (atmospheric filtering: light decoys slow far sooner than
 *   re-entry vehicles).
 *
 * Independence is the model's assumption: successive labels of one sensor on one object are often
 * correlated (the same aspect, the same feature), which makes the posterior overconfident; a
 * caller can discount them (e.g. count one label per sensor per dwell).
 */

export type ObjectLabel = 'warhead' | 'decoy';

/** How one sensor type labels objects: a 2 x 2 confusion matrix given by its two correct-label rates. */
export interface SensorConfusion {
  /** P(labelled warhead | warhead). */
  warheadAsWarhead: number;
  /** P(labelled decoy | decoy). */
  decoyAsDecoy: number;
  /** Where the figures come from (they are assumptions unless a source is named). */
  source?: string;
}

/** Confusion models by sensor type (e.g. 'x-band-radar', 'uhf-early-warning', 'space-ir'): data, not code. */
export type ConfusionModel = Readonly<Record<string, SensorConfusion>>;

/** Problems that make a confusion entry meaningless, as sentences (empty when fine). */
export function confusionProblems(sensorType: string, c: SensorConfusion): string[] {
  const p: string[] = [];
  for (const [name, v] of [
    ['warheadAsWarhead', c.warheadAsWarhead],
    ['decoyAsDecoy', c.decoyAsDecoy],
  ] as const) {
    if (!(v > 0 && v < 1))
      p.push(
        `${sensorType}: ${name} must be a probability strictly between 0 and 1 (got ${v}); 0 or 1 would make one label conclusive for ever`,
      );
  }
  return p;
}

export function logOdds(p: number): number {
  return Math.log(p / (1 - p));
}

export function probabilityFromLogOdds(l: number): number {
  return l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l));
}

/**
 * ln of the likelihood ratio of one label: label "warhead": P_ww / (1 - P_dd); label "decoy":
 * (1 - P_ww) / P_dd. Zero (no information) when P_ww = 1 - P_dd, i.e. the label does not depend on
 * the class.
 */
export function labelLogLikelihoodRatio(c: SensorConfusion, label: ObjectLabel): number {
  return label === 'warhead' ? Math.log(c.warheadAsWarhead / (1 - c.decoyAsDecoy)) : Math.log((1 - c.warheadAsWarhead) / c.decoyAsDecoy);
}

/** A label from one sensor of a given type. */
export interface LabelObservation {
  sensorType: string;
  label: ObjectLabel;
}

/**
 * Posterior P(warhead) from a prior and independent labels, each through its sensor type's confusion
 * model. Throws, naming the type, when a label comes from a sensor type the model lacks.
 */
export function warheadProbability(prior: number, labels: readonly LabelObservation[], model: ConfusionModel): number {
  if (!(prior > 0 && prior < 1)) throw new Error(`discrimination: prior must be strictly between 0 and 1 (got ${prior})`);
  let l = logOdds(prior);
  for (const o of labels) {
    const c = model[o.sensorType];
    if (!c)
      throw new Error(
        `discrimination: no confusion model for sensor type '${o.sensorType}' (have: ${Object.keys(model).join(', ') || 'none'})`,
      );
    l += labelLogLikelihoodRatio(c, o.label);
  }
  return probabilityFromLogOdds(l);
}

/** Draws the label a sensor gives an object of the true kind, from a uniform (0, 1) generator (simulation). */
export function drawLabel(c: SensorConfusion, truth: ObjectLabel, uniform: () => number): ObjectLabel {
  const correct = truth === 'warhead' ? c.warheadAsWarhead : c.decoyAsDecoy;
  if (uniform() < correct) return truth;
  return truth === 'warhead' ? 'decoy' : 'warhead';
}

// ---------------------------------------------------------------------------------------------
// The drag cue
// ---------------------------------------------------------------------------------------------

/** A class's ballistic coefficient beta = m / (Cd A) [kg/m^2] as a log-normal spread about a median. */
export interface BallisticCoefficientClass {
  /** Median beta [kg/m^2]. */
  beta: number;
  /** Standard deviation of ln beta (e.g. 0.3 for a factor of ~1.35 either way). */
  logSigma: number;
}

export interface DragCueOptions {
  warhead: BallisticCoefficientClass;
  decoy: BallisticCoefficientClass;
  /**
   * Standard deviation of ln(actual density / US76) [-]: day-to-day and latitude variation of the upper
   * atmosphere (default 0.15; the 1976 standard's own supplements show +-10-20 % at 80 km by season and latitude).
   */
  densityLogSigma?: number;
}

/**
 * ln of the likelihood ratio (warhead : decoy) of a track's estimate of ln beta (the re-entry filter
 * estimates ln beta from the drag it measures: reentry-ekf.ts): atmospheric filtering, since light
 * decoys slow far sooner than re-entry vehicles.
 *
 * Each class's ln beta is normal about ln beta_c with spread logSigma_c. The filter assumes US76, so an
 * atmosphere denser than US76 by a factor e^d makes the object seem lighter: the estimate is ln beta - d,
 * and the density's log spread adds to each class's (densityLogSigma). The estimate's own error
 * (variance v) adds too, the three being independent normals:
 *   p(m | c) = N(m; ln beta_c, logSigma_c^2 + densityLogSigma^2 + v),
 * and the ratio is p(m | warhead) / p(m | decoy). An estimate that has learned nothing (m near the
 * filter's prior, v large) gives a ratio near 1; see the caller for how v is treated while beta is learned.
 */
export function ballisticCoefficientLogLikelihoodRatio(lnBetaEstimate: number, lnBetaVariance: number, options: DragCueOptions): number {
  if (!(lnBetaVariance >= 0) || !Number.isFinite(lnBetaEstimate)) {
    throw new Error(`discrimination: ln beta estimate ${lnBetaEstimate} with variance ${lnBetaVariance} is not an estimate`);
  }
  const sr = options.densityLogSigma ?? 0.15;
  const logNormal = (c: BallisticCoefficientClass): number => {
    const s2 = c.logSigma * c.logSigma + sr * sr + lnBetaVariance;
    const d = lnBetaEstimate - Math.log(c.beta);
    return (-0.5 * (d * d)) / s2 - 0.5 * Math.log(s2);
  };
  return logNormal(options.warhead) - logNormal(options.decoy);
}
