import { us76Density } from '../atmosphere/us76.ts';

/**
 * Warhead-versus-decoy discrimination as a probability per object, in log-odds
 * L = ln(p / (1 - p)), p = P(warhead). Each independent piece of evidence e adds its log likelihood
 * ratio ln(P(e | warhead) / P(e | decoy)) to L (Bayes' rule in odds form; e.g. Bar-Shalom, Willett &
 * Tian, Tracking and Data Fusion, 2011, ch. 8, on classification). Two kinds of evidence here:
 *
 * - a sensor's label ("warhead" or "decoy") through that sensor type's confusion model;
 * - after re-entry begins, the drag deceleration the track shows, against what each class's
 *   ballistic coefficient gives at that altitude and speed (atmospheric filtering: light decoys
 *   slow far sooner than re-entry vehicles).
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
  for (const [name, v] of [['warheadAsWarhead', c.warheadAsWarhead], ['decoyAsDecoy', c.decoyAsDecoy]] as const) {
    if (!(v > 0 && v < 1)) p.push(`${sensorType}: ${name} must be a probability strictly between 0 and 1 (got ${v}); 0 or 1 would make one label conclusive for ever`);
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
    if (!c) throw new Error(`discrimination: no confusion model for sensor type '${o.sensorType}' (have: ${Object.keys(model).join(', ') || 'none'})`);
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
 * Drag deceleration [m/s^2] of an object of ballistic coefficient beta [kg/m^2] at altitude h [m] and
 * speed v [m/s] relative to the air (the atmosphere co-rotates with the Earth): a = rho(h) v^2 / (2 beta),
 * rho from US76 (drag D = rho v^2 Cd A / 2, a = D / m).
 */
export function dragDeceleration(altitude: number, airspeed: number, beta: number): number {
  return (us76Density(altitude) * airspeed * airspeed) / (2 * beta);
}

/**
 * ln p(aHat | class): the estimate is the true deceleration a = q / beta (q = rho v^2 / 2) plus a normal
 * error of standard deviation sigma, with ln a normal about ln(q / beta_c) of spread
 * s_c^2 = logSigma_c^2 + densityLogSigma^2 (beta's spread and the density's, both log-normal). The
 * integral over ln a is done by the trapezoid rule on +-8 s_c in 800 panels (the integrand is smooth;
 * a node spacing of 0.02 s_c resolves a peak of width sigma / a down to sigma / a ~ 0.1 s_c, and wider
 * spreads are far from that), summed in log space so that no class's likelihood underflows.
 */
function logClassLikelihood(aHat: number, sigma: number, q: number, c: BallisticCoefficientClass, densityLogSigma: number): number {
  const s = Math.sqrt(c.logSigma * c.logSigma + densityLogSigma * densityLogSigma);
  const mu = Math.log(q / c.beta);
  if (!(s > 0)) return -0.5 * ((aHat - q / c.beta) / sigma) ** 2 - Math.log(sigma * Math.sqrt(2 * Math.PI));
  const panels = 800, span = 8;
  const h = (2 * span) / panels;
  let max = -Infinity;
  const terms = new Float64Array(panels + 1);
  for (let i = 0; i <= panels; i++) {
    const z = -span + i * h; // standard normal variable of ln a
    const a = Math.exp(mu + s * z);
    const w = i === 0 || i === panels ? 0.5 : 1;
    terms[i] = Math.log(w) - 0.5 * z * z - 0.5 * ((aHat - a) / sigma) ** 2;
    if (terms[i] > max) max = terms[i];
  }
  let sum = 0;
  for (let i = 0; i <= panels; i++) sum += Math.exp(terms[i] - max);
  // p = int N(z) N(aHat; a(z), sigma^2) dz
  return max + Math.log(sum * h) - Math.log(2 * Math.PI * sigma);
}

/**
 * ln of the likelihood ratio (warhead : decoy) of a drag deceleration aHat [m/s^2] estimated from a
 * track with standard error sigma [m/s^2], at altitude h and airspeed v: each class's deceleration
 * q / beta (q = rho(h) v^2 / 2, US76) spread log-normally by its beta spread and the density
 * uncertainty, convolved with the estimate's normal error (see logClassLikelihood). Above the sensible
 * atmosphere both classes' decelerations are far below sigma and the ratio tends to 1 (ln -> 0): the
 * cue exists only once re-entry begins. Allocates one scratch array; not for hot loops.
 */
export function dragLogLikelihoodRatio(aHat: number, sigma: number, altitude: number, airspeed: number, options: DragCueOptions): number {
  if (!(sigma > 0)) throw new Error(`discrimination: the deceleration's standard error must be positive (got ${sigma} m/s^2)`);
  const sr = options.densityLogSigma ?? 0.15;
  const q = 0.5 * us76Density(altitude) * airspeed * airspeed;
  if (!(q > 0)) return 0; // above the atmosphere model: no drag, no information
  return logClassLikelihood(aHat, sigma, q, options.warhead, sr) - logClassLikelihood(aHat, sigma, q, options.decoy, sr);
}
