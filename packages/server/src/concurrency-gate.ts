/**
 * At most `limit` tasks at once, at most `maxWaiting` more waiting (in order); beyond that a task is
 * refused at once (null). Used for the scrypt checks of HTTP Basic: they run on libuv's thread pool
 * (4 threads by default), which file reads (the static web page) share, so a flood of sign-ins must
 * not take every thread.
 */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly limit: number,
    private readonly maxWaiting: number,
  ) {}

  /** The task's result, or null when refused (too many waiting). */
  async run<T>(task: () => Promise<T>): Promise<T | null> {
    if (this.active >= this.limit) {
      if (this.waiting.length >= this.maxWaiting) return null;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // hand the slot to the next waiting task, or free it
      if (next) next();
      else this.active -= 1;
    }
  }
}
