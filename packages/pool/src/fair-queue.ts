/**
 * The order in which the trial pool hands tasks to its threads: fair between nations, then between
 * users, whatever each sends. The rule is the campaign queue's (packages/server/src/campaign-queue.ts):
 * the next task is that of the nation with the fewest tasks running, then the one served longest ago;
 * within it likewise the user; within a user, in order. So a nation (or a user) that floods the pool
 * with live trials, validations or campaign chunks takes its turn with the others: another nation's
 * task waits for at most one running task to end, never for the flood.
 *
 * Tasks without a lane (the cli's own runs) share one lane.
 */
export interface Lane {
  nation: string;
  user: string;
}

export const CLI_LANE: Lane = { nation: '', user: '' };

export class FairQueue<T> {
  /** Per lane (nation/user), its waiting items in order. */
  private readonly lanes = new Map<string, { lane: Lane; items: Array<{ seq: number; item: T }> }>();
  private readonly running = new Map<string, number>();
  private readonly lastServed = new Map<string, number>();
  private seq = 0;
  private served = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(lane: Lane, item: T): void {
    const key = laneKey(lane);
    let q = this.lanes.get(key);
    if (!q) this.lanes.set(key, (q = { lane, items: [] }));
    q.items.push({ seq: ++this.seq, item });
    this.count += 1;
  }

  /** Removes a waiting item; false when it is not waiting (taken already). */
  remove(item: T): boolean {
    for (const [key, q] of this.lanes) {
      const i = q.items.findIndex((w) => w.item === item);
      if (i < 0) continue;
      q.items.splice(i, 1);
      if (q.items.length === 0) this.lanes.delete(key);
      this.count -= 1;
      return true;
    }
    return false;
  }

  /** The next item by the fair rule, counted as running in its lane until `done(lane)`. */
  take(): { lane: Lane; item: T } | undefined {
    let best: { key: string; lane: Lane; items: Array<{ seq: number; item: T }> } | undefined;
    let bestRank: number[] = [];
    for (const [key, q] of this.lanes) {
      const n = `n:${q.lane.nation}`;
      const r = [
        this.running.get(n) ?? 0,
        this.lastServed.get(n) ?? -1,
        this.running.get(key) ?? 0,
        this.lastServed.get(key) ?? -1,
        q.items[0].seq,
      ];
      const k = r.findIndex((v, j) => v !== bestRank[j]);
      if (!best || (k >= 0 && r[k] < bestRank[k])) {
        best = { key, ...q };
        bestRank = r;
      }
    }
    if (!best) return undefined;
    const { item } = best.items.shift() as { item: T };
    if (best.items.length === 0) this.lanes.delete(best.key);
    this.count -= 1;
    this.served += 1;
    for (const key of [`n:${best.lane.nation}`, best.key]) {
      this.running.set(key, (this.running.get(key) ?? 0) + 1);
      this.lastServed.set(key, this.served);
    }
    return { lane: best.lane, item };
  }

  /** A task taken from `lane` has ended. */
  done(lane: Lane): void {
    for (const key of [`n:${lane.nation}`, laneKey(lane)]) {
      const n = (this.running.get(key) ?? 1) - 1;
      if (n > 0) this.running.set(key, n);
      else this.running.delete(key);
    }
  }
}

const laneKey = (lane: Lane): string => `u:${lane.nation}/${lane.user}`;
