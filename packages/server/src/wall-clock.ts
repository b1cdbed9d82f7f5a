/**
 * The server's wall clock (core has none). Injectable so that tests drive the live picture by hand.
 * `now` is Unix milliseconds with sub-millisecond resolution; `every` calls `fn` every `ms` of wall time
 * until the returned function is called.
 */
export interface WallClock {
  now(): number;
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: WallClock = {
  now: () => performance.timeOrigin + performance.now(),
  every(ms, fn) {
    const handle = setInterval(fn, ms);
    return () => clearInterval(handle);
  },
};

/** A clock that moves only when told (tests): `advance(ms)` runs the due callbacks in time order. */
export class ManualClock implements WallClock {
  private time: number;
  private timers: Array<{ due: number; ms: number; fn: () => void; live: boolean }> = [];

  constructor(start = Date.UTC(2029, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  every(ms: number, fn: () => void): () => void {
    const timer = { due: this.time + ms, ms, fn, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((x) => x.live && x.due <= end).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.time = next.due;
      next.due += next.ms;
      next.fn();
    }
    this.time = end;
  }
}
