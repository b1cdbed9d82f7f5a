/**
 * A growable, flat record of a flown object's state: per sample t [s from launch] and the ECI
 * position [m] and velocity [m/s]. The ECI frame is Earth-centred with z on the pole; its x axis is
 * at Earth-rotation angle -theta0 from Greenwich at t = 0, i.e. ECEF = Rz(theta0 + omega t) ECI.
 * Appending amortises allocation (capacity doubles), so recording inside an integrator's observer
 * does not allocate per step.
 */
export class StateHistory {
  static readonly STRIDE = 7;
  private data: Float64Array;
  private count = 0;

  constructor(initialCapacity = 256) {
    this.data = new Float64Array(initialCapacity * StateHistory.STRIDE);
  }

  get length(): number {
    return this.count;
  }

  /** Appends one sample; y holds at least x, y, z, vx, vy, vz from yOffset. */
  push(t: number, y: ArrayLike<number>, yOffset = 0): void {
    const s = StateHistory.STRIDE;
    if ((this.count + 1) * s > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const o = this.count * s;
    this.data[o] = t;
    for (let i = 0; i < 6; i++) this.data[o + 1 + i] = y[yOffset + i];
    this.count++;
  }

  time(i: number): number {
    return this.data[i * StateHistory.STRIDE];
  }

  /** Copies sample i's ECI state (x, y, z, vx, vy, vz) into out. */
  state(i: number, out: Float64Array | number[] = new Float64Array(6)): Float64Array | number[] {
    const o = i * StateHistory.STRIDE + 1;
    for (let k = 0; k < 6; k++) out[k] = this.data[o + k];
    return out;
  }

  /** The samples as a tight Float64Array view, STRIDE numbers each: t, x, y, z, vx, vy, vz. */
  view(): Float64Array {
    return this.data.subarray(0, this.count * StateHistory.STRIDE);
  }
}
