import { EventLocator } from './event-locator.ts';
import type { Derivative, EventDetector, EventHandler, EventOccurrence, IntegrationResult, StepObserver } from './ode.ts';

/**
 * Classical fixed-step fourth-order Runge-Kutta (Kutta 1901; Hairer, Norsett & Wanner, Solving
 * ODEs I, Table 1.2). Dense output between steps is the cubic Hermite interpolant from the end
 * states and slopes (third order, ample for locating events). Work arrays are allocated once.
 */
export class Rk4 {
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly tmp: Float64Array;
  private readonly y0: Float64Array;
  private readonly f1: Float64Array;

  constructor(readonly dimension: number) {
    this.k1 = new Float64Array(dimension);
    this.k2 = new Float64Array(dimension);
    this.k3 = new Float64Array(dimension);
    this.k4 = new Float64Array(dimension);
    this.tmp = new Float64Array(dimension);
    this.y0 = new Float64Array(dimension);
    this.f1 = new Float64Array(dimension);
  }

  /** One step of size h from (t, y), in place. k1 may be supplied already evaluated at (t, y). */
  step(f: Derivative, t: number, y: Float64Array, h: number, k1Ready = false): void {
    const { k1, k2, k3, k4, tmp } = this;
    const n = this.dimension;
    if (!k1Ready) f(t, y, k1);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * h * k1[i];
    f(t + 0.5 * h, tmp, k2);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * h * k2[i];
    f(t + 0.5 * h, tmp, k3);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * k3[i];
    f(t + h, tmp, k4);
    for (let i = 0; i < n; i++) y[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }

  /**
   * Integrates y from t0 to tEnd (y is updated in place) with steps of h (the last one shortened),
   * locating events on the Hermite interpolant. Returns where and why it stopped.
   */
  integrate(
    f: Derivative,
    t0: number,
    y: Float64Array,
    tEnd: number,
    h: number,
    events: readonly EventDetector[] = [],
    observer?: StepObserver,
    onEvent?: EventHandler,
  ): IntegrationResult {
    if (!(h > 0)) throw new Error(`RK4 step must be positive, got ${h}`);
    const n = this.dimension;
    const locator = new EventLocator(events, n);
    const found: EventOccurrence[] = [];
    const { k1, f1, y0 } = this;
    let t = t0;
    let steps = 0;
    let evaluations = 0;
    let ta = t0;
    let hs = h;
    const dense = (tq: number, out: Float64Array): void => hermite(ta, hs, y0, k1, y, f1, tq, out);
    locator.start(t, y);
    f(t, y, k1);
    evaluations++;
    while (t < tEnd) {
      hs = Math.min(h, tEnd - t);
      y0.set(y);
      ta = t;
      this.step(f, t, y, hs, true);
      t = tEnd - t <= h ? tEnd : ta + hs;
      f(t, y, f1);
      evaluations += 4;
      steps++;
      const stop = locator.check(ta, t, y, dense, found, onEvent);
      if (stop) {
        return { t: stop.t, stoppedBy: stop.name, events: found, acceptedSteps: steps, rejectedSteps: 0, evaluations };
      }
      observer?.(t, y);
      k1.set(f1);
    }
    return { t, stoppedBy: null, events: found, acceptedSteps: steps, rejectedSteps: 0, evaluations };
  }
}

/** Cubic Hermite interpolation on [ta, ta + h] from end values and derivatives. */
function hermite(
  ta: number,
  h: number,
  ya: Float64Array,
  fa: Float64Array,
  yb: Float64Array,
  fb: Float64Array,
  t: number,
  out: Float64Array,
): void {
  const s = (t - ta) / h;
  const s2 = s * s;
  const s3 = s2 * s;
  const h00 = 2 * s3 - 3 * s2 + 1;
  const h10 = s3 - 2 * s2 + s;
  const h01 = -2 * s3 + 3 * s2;
  const h11 = s3 - s2;
  for (let i = 0; i < out.length; i++) out[i] = h00 * ya[i] + h10 * h * fa[i] + h01 * yb[i] + h11 * h * fb[i];
}
