/**
 * A sensor's look times per object, packed (one typed array for all objects, offsets by object): a 1,000-RV
 * raid's space layer sees ~16 M (object, time) pairs, held as long as the world. What a kill watcher
 * (sensors/kind.ts, KillWatcher) holds of when it sees each object.
 */
export class LookTimes {
  private constructor(
    private readonly start: Int32Array,
    private readonly times: Float64Array,
  ) {}

  /** From every (object, time) look, visited twice in the same order (count, then fill); each object's times in visit order. */
  static build(objects: number, looks: (visit: (oi: number, t: number) => void) => void): LookTimes {
    const start = new Int32Array(objects + 1);
    looks((oi) => start[oi + 1]++);
    for (let i = 0; i < objects; i++) start[i + 1] += start[i];
    const times = new Float64Array(start[objects]);
    const next = start.slice(0, objects);
    looks((oi, t) => {
      times[next[oi]++] = t;
    });
    return new LookTimes(start, times);
  }

  /** Whether the sensor looks at object oi at some time in [t, by]. */
  any(oi: number, t: number, by: number): boolean {
    for (let k = this.start[oi]; k < this.start[oi + 1]; k++) if (this.times[k] >= t && this.times[k] <= by) return true;
    return false;
  }
}
