/**
 * Sign-in throttling: failed HTTP Basic sign-ins are counted per claimed user id and per client address
 * in fixed windows; once a key has `perUser` (or `perIp`) failures in its window, every sign-in of that
 * user (or from that address) is refused with 429 until the window ends — before the secret is
 * checked, so a flood of wrong secrets costs no scrypt work. A success clears the user's count (not
 * the address's). Memory is bounded (at most `maxKeys` keys; expired ones are dropped first).
 */
export interface LoginLimits {
  /** Failures of one user id per window. */
  perUser: number;
  /** Failures from one address per window. */
  perIp: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUser: 10, perIp: 50, windowMs: 5 * 60_000 };

interface Window {
  count: number;
  since: number;
}

/** Why a sign-in is refused before its secret is checked. */
export interface Throttled {
  /** `user <id>` or `address <ip>`. */
  who: string;
  /** Identifies the window (for counting repeated refusals on one audit entry). */
  key: string;
  retryAfterS: number;
}

export class LoginThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: LoginLimits,
    private readonly now: () => number,
    private readonly maxKeys = 50_000,
  ) {}

  /** Refused (and why) or null (go on and check the secret). */
  check(id: string, ip: string): Throttled | null {
    for (const [key, limit, who] of [
      [`u:${id}`, this.limits.perUser, `user ${id}`],
      [`ip:${ip}`, this.limits.perIp, `address ${ip}`],
    ] as const) {
      const w = this.current(key);
      if (w && w.count >= limit)
        return { who, key: `${key}@${w.since}`, retryAfterS: Math.max(1, Math.ceil((w.since + this.limits.windowMs - this.now()) / 1000)) };
    }
    return null;
  }

  fail(id: string, ip: string): void {
    for (const key of [`u:${id}`, `ip:${ip}`]) {
      const w = this.current(key);
      if (w) w.count += 1;
      else this.open(key);
    }
  }

  succeed(id: string): void {
    this.windows.delete(`u:${id}`);
  }

  private current(key: string): Window | undefined {
    const w = this.windows.get(key);
    if (w && this.now() - w.since >= this.limits.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  private open(key: string): void {
    if (this.windows.size >= this.maxKeys) {
      const t = this.now();
      for (const [k, w] of this.windows) if (t - w.since >= this.limits.windowMs) this.windows.delete(k);
      // still full: forget the oldest windows (a flood of distinct ids or addresses)
      for (const k of this.windows.keys()) {
        if (this.windows.size < this.maxKeys) break;
        this.windows.delete(k);
      }
    }
    this.windows.set(key, { count: 1, since: this.now() });
  }
}
