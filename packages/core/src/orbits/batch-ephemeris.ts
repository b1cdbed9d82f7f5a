import type { KeplerElements } from './kepler.ts';
import type { Ephemeris } from './ephemeris.ts';
import { type J2SecularBatch, j2SecularBatch, j2SecularPosition, type J2SecularOptions } from './j2-secular.ts';

/**
 * Any set of orbits (elliptical included) as an Ephemeris: mean elements propagated with the J2
 * secular rates. This is how a TLE file (through its SGP4 mean elements) or a mixed constellation
 * enters the reach and coverage studies; it has no geometric index, so a study tests every satellite
 * at each launch once, then only the ones near the threat.
 */
export class BatchEphemeris implements Ephemeris {
  readonly count: number;
  readonly maxSpeed: number;
  readonly batch: J2SecularBatch;

  constructor(elements: readonly KeplerElements[], options: J2SecularOptions = {}) {
    if (elements.length === 0) throw new Error('a constellation needs at least one satellite');
    this.batch = j2SecularBatch(elements, options);
    this.count = this.batch.count;
    let v = 0;
    for (let k = 0; k < this.count; k++) {
      const a = this.batch.a[k],
        e = this.batch.e[k];
      // the fastest point of an orbit is its perigee: v_p^2 = mu (1 + e) / (a (1 - e)) (vis-viva)
      v = Math.max(v, Math.sqrt((this.batch.mu * (1 + e)) / (a * (1 - e))));
    }
    this.maxSpeed = v * 1.01; // margin for the secular drift of node and perigee (~1e-3)
  }

  position(i: number, t: number, out: Float64Array, o = 0): void {
    j2SecularPosition(this.batch, i, t, out, o);
  }
}
