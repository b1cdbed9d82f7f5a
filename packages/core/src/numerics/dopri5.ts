import { EventLocator } from './event-locator.ts';
import type { Derivative, EventDetector, EventHandler, EventOccurrence, IntegrationResult, StepObserver } from './ode.ts';

export interface Dopri5Options {
  /** Relative tolerance per component. */
  rtol?: number;
  /** Absolute tolerance per component (a number, or one per component). */
  atol?: number | ArrayLike<number>;
  /** Largest step [s]. */
  hMax?: number;
  /** First step to try; chosen automatically (Hairer's hinit) when omitted. */
  hInitial?: number;
  /** Give up after this many steps (accepted + rejected). */
  maxSteps?: number;
}

// Dormand & Prince (1980) RK5(4)7M coefficients, with the error estimate b - b* and Shampine's
// 4th-order continuous extension, as in Hairer's DOPRI5 (Hairer, Norsett & Wanner, Solving ODEs I,
// 2nd ed., Table 5.2 and Section II.6, code dopri5.f).
const C2 = 1 / 5,
  C3 = 3 / 10,
  C4 = 4 / 5,
  C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40,
  A32 = 9 / 40;
const A41 = 44 / 45,
  A42 = -56 / 15,
  A43 = 32 / 9;
const A51 = 19372 / 6561,
  A52 = -25360 / 2187,
  A53 = 64448 / 6561,
  A54 = -212 / 729;
const A61 = 9017 / 3168,
  A62 = -355 / 33,
  A63 = 46732 / 5247,
  A64 = 49 / 176,
  A65 = -5103 / 18656;
const A71 = 35 / 384,
  A73 = 500 / 1113,
  A74 = 125 / 192,
  A75 = -2187 / 6784,
  A76 = 11 / 84;
const E1 = 71 / 57600,
  E3 = -71 / 16695,
  E4 = 71 / 1920,
  E5 = -17253 / 339200,
  E6 = 22 / 525,
  E7 = -1 / 40;
const D1 = -12715105075 / 11282082432,
  D3 = 87487479700 / 32700410799,
  D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632,
  D6 = -1453857185 / 822651844,
  D7 = 69997945 / 29380423;

/**
 * Adaptive embedded Runge-Kutta of Dormand & Prince, order 5(4), with FSAL, PI step-size control,
 * dense output and event location. All work arrays are allocated once per instance; integrate()
 * allocates nothing per step (only an event occurrence record when one is found).
 */
export class Dopri5 {
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly k5: Float64Array;
  private readonly k6: Float64Array;
  private readonly k7: Float64Array;
  private readonly yNew: Float64Array;
  private readonly yStage: Float64Array;
  private readonly r1: Float64Array;
  private readonly r2: Float64Array;
  private readonly r3: Float64Array;
  private readonly r4: Float64Array;
  private readonly r5: Float64Array;
  private readonly atolVec: Float64Array;
  private readonly rtol: number;
  private readonly hMax: number;
  private readonly hInitial: number | undefined;
  private readonly maxSteps: number;
  private denseT0 = 0;
  private denseH = 0;

  constructor(
    readonly dimension: number,
    options: Dopri5Options = {},
  ) {
    const n = dimension;
    const mk = (): Float64Array => new Float64Array(n);
    this.k1 = mk();
    this.k2 = mk();
    this.k3 = mk();
    this.k4 = mk();
    this.k5 = mk();
    this.k6 = mk();
    this.k7 = mk();
    this.yNew = mk();
    this.yStage = mk();
    this.r1 = mk();
    this.r2 = mk();
    this.r3 = mk();
    this.r4 = mk();
    this.r5 = mk();
    this.rtol = options.rtol ?? 1e-9;
    this.atolVec = new Float64Array(n);
    const atol = options.atol ?? 1e-6;
    for (let i = 0; i < n; i++) this.atolVec[i] = typeof atol === 'number' ? atol : atol[i];
    this.hMax = options.hMax ?? Infinity;
    this.hInitial = options.hInitial;
    this.maxSteps = options.maxSteps ?? 1_000_000;
    if (!(this.rtol > 0)) throw new Error(`Dopri5: rtol must be positive, got ${this.rtol}`);
  }

  /** Start time of the last accepted step (dense output is valid on [lastStepStart, lastStepStart + lastStepSize]). */
  get lastStepStart(): number {
    return this.denseT0;
  }

  get lastStepSize(): number {
    return this.denseH;
  }

  /** Dense output over the last accepted step: y(t) for t in [t0, t0 + h]. */
  readonly dense = (t: number, out: Float64Array): void => {
    const theta = (t - this.denseT0) / this.denseH;
    const theta1 = 1 - theta;
    const { r1, r2, r3, r4, r5 } = this;
    for (let i = 0; i < this.dimension; i++) {
      out[i] = r1[i] + theta * (r2[i] + theta1 * (r3[i] + theta * (r4[i] + theta1 * r5[i])));
    }
  };

  /**
   * Integrates from (t0, y) towards tEnd (forward only); y is updated in place to the final state.
   * Events are located on the dense output; a terminal event stops the integration there.
   */
  integrate(
    f: Derivative,
    t0: number,
    y: Float64Array,
    tEnd: number,
    events: readonly EventDetector[] = [],
    observer?: StepObserver,
    onEvent?: EventHandler,
  ): IntegrationResult {
    const n = this.dimension;
    const { k1, k2, k3, k4, k5, k6, k7, yNew, yStage: ys, atolVec, rtol, r1, r2, r3, r4, r5 } = this;
    const locator = new EventLocator(events, n);
    const found: EventOccurrence[] = [];
    let t = t0;
    let accepted = 0;
    let rejected = 0;
    let evaluations = 0;
    if (!(tEnd > t0)) return { t, stoppedBy: null, events: found, acceptedSteps: 0, rejectedSteps: 0, evaluations };
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(y[i])) throw new Error(`Dopri5: initial state component ${i} is not finite (${y[i]})`);
    }
    locator.start(t, y);
    f(t, y, k1);
    evaluations++;
    let h = this.hInitial ?? this.initialStep(f, t, y, tEnd - t0);
    evaluations += this.hInitial === undefined ? 1 : 0;
    let errOld = 1e-4;
    let lastRejected = false;

    while (t < tEnd) {
      if (accepted + rejected >= this.maxSteps) {
        throw new Error(`Dopri5: more than ${this.maxSteps} steps between t=${t0} and t=${tEnd} s (stiff or singular problem?)`);
      }
      h = Math.min(h, this.hMax);
      const lastStep = t + h >= tEnd;
      if (lastStep) h = tEnd - t;
      if (h < 1e-12 * Math.max(1, Math.abs(t))) throw new Error(`Dopri5: step size underflow at t=${t} s`);

      for (let i = 0; i < n; i++) ys[i] = y[i] + h * A21 * k1[i];
      f(t + C2 * h, ys, k2);
      for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
      f(t + C3 * h, ys, k3);
      for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
      f(t + C4 * h, ys, k4);
      for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
      f(t + C5 * h, ys, k5);
      for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
      f(t + h, ys, k6);
      for (let i = 0; i < n; i++) yNew[i] = y[i] + h * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
      f(t + h, yNew, k7);
      evaluations += 6;

      let err = 0;
      for (let i = 0; i < n; i++) {
        const e = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
        const sk = atolVec[i] + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
        err += (e / sk) * (e / sk);
      }
      err = Math.sqrt(err / n);
      if (!Number.isFinite(err)) {
        // A non-finite stage (e.g. a model leaving its domain): retry with a much smaller step.
        h *= 0.1;
        rejected++;
        lastRejected = true;
        continue;
      }

      // PI step-size control (Hairer's dopri5: beta = 0.04, safety 0.9, factor in [0.2, 10]).
      const fac11 = Math.pow(err, 0.2 - 0.04 * 0.75);
      let fac = fac11 / Math.pow(errOld, 0.04);
      fac = Math.max(1 / 10, Math.min(1 / 0.2, fac / 0.9));
      let hNew = h / fac;

      if (err <= 1) {
        errOld = Math.max(err, 1e-4);
        // Dense output coefficients for [t, t + h].
        for (let i = 0; i < n; i++) {
          const yd = yNew[i] - y[i];
          const bspl = h * k1[i] - yd;
          r1[i] = y[i];
          r2[i] = yd;
          r3[i] = bspl;
          r4[i] = yd - h * k7[i] - bspl;
          r5[i] = h * (D1 * k1[i] + D3 * k3[i] + D4 * k4[i] + D5 * k5[i] + D6 * k6[i] + D7 * k7[i]);
        }
        this.denseT0 = t;
        this.denseH = h;
        const tNext = lastStep ? tEnd : t + h;
        y.set(yNew);
        accepted++;
        const stop = locator.check(t, tNext, y, this.dense, found, onEvent);
        if (stop) {
          return { t: stop.t, stoppedBy: stop.name, events: found, acceptedSteps: accepted, rejectedSteps: rejected, evaluations };
        }
        t = tNext;
        observer?.(t, y);
        k1.set(k7); // FSAL
        if (lastRejected) hNew = Math.min(hNew, h);
        lastRejected = false;
      } else {
        hNew = h / Math.min(1 / 0.2, fac11 / 0.9);
        rejected++;
        lastRejected = true;
      }
      h = hNew;
    }
    return { t, stoppedBy: null, events: found, acceptedSteps: accepted, rejectedSteps: rejected, evaluations };
  }

  /** Initial step size (Hairer, Norsett & Wanner, Solving ODEs I, Sec. II.4, "Starting step size"). */
  private initialStep(f: Derivative, t: number, y: Float64Array, span: number): number {
    const n = this.dimension;
    const { k1, k2, yStage: y1, atolVec, rtol } = this;
    let dnf = 0;
    let dny = 0;
    for (let i = 0; i < n; i++) {
      const sk = atolVec[i] + rtol * Math.abs(y[i]);
      dnf += (k1[i] / sk) ** 2;
      dny += (y[i] / sk) ** 2;
    }
    let h = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.sqrt(dny / dnf) * 0.01;
    h = Math.min(h, this.hMax, span);
    for (let i = 0; i < n; i++) y1[i] = y[i] + h * k1[i];
    f(t + h, y1, k2);
    let der2 = 0;
    for (let i = 0; i < n; i++) {
      const sk = atolVec[i] + rtol * Math.abs(y[i]);
      der2 += ((k2[i] - k1[i]) / sk) ** 2;
    }
    der2 = Math.sqrt(der2) / h;
    const der12 = Math.max(Math.abs(der2), Math.sqrt(dnf));
    const h1 = der12 <= 1e-15 ? Math.max(1e-6, Math.abs(h) * 1e-3) : Math.pow(0.01 / der12, 1 / 5);
    return Math.min(100 * h, h1, this.hMax, span);
  }
}
