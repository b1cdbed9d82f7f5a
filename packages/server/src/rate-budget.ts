/**
 * A token bucket per key (a user id): at most `burst` at once, refilled at `perMinute`. Spent on work
 * that costs the server (running a trial); keys are configured users and demo nations, so the map is
 * bounded by the configuration.
 */
export class RateBudget {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  /** Takes one unit for `key`: 0 when granted, else the seconds until one is available. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 60_000) * this.perMinute);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens < 1) return Math.max(1, Math.ceil(((1 - b.tokens) * 60) / this.perMinute));
    b.tokens -= 1;
    return 0;
  }
}
