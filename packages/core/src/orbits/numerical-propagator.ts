import { gravityJ2 } from '../gravity/j2.ts';
import { Dopri5 } from '../numerics/dopri5.ts';
import type { Derivative } from '../numerics/ode.ts';

/**
 * The numerical counterpart of the J2-secular propagator, for comparison and for orbits where the
 * secular model is not enough: an ECI state [x, y, z, vx, vy, vz] integrated under point-mass + J2
 * gravity with the core's Dormand-Prince 5(4) (no drag: a satellite above ~400 km over days).
 */
export class NumericalPropagator {
  private readonly dp: Dopri5;
  private readonly f: Derivative;

  constructor(options: { j2?: number; rtol?: number } = {}) {
    const j2 = options.j2;
    this.f = (_t, y, dy) => {
      dy[0] = y[3];
      dy[1] = y[4];
      dy[2] = y[5];
      gravityJ2(y[0], y[1], y[2], dy, 3, j2);
    };
    this.dp = new Dopri5(6, { rtol: options.rtol ?? 1e-11, atol: [1e-4, 1e-4, 1e-4, 1e-7, 1e-7, 1e-7], hMax: 120 });
  }

  /** Propagates `state` (written in place) from t0 to t1 [s]; returns it. */
  propagate(state: Float64Array, t0: number, t1: number): Float64Array {
    if (t1 > t0) this.dp.integrate(this.f, t0, state, t1);
    else if (t1 < t0) throw new Error('NumericalPropagator: only forward propagation is supported');
    return state;
  }
}
