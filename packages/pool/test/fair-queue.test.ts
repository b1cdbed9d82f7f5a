import { describe, expect, it } from 'vitest';
import { FairQueue } from '../src/fair-queue.ts';

/** Takes everything with `slots` running at a time, ending the oldest running first; the order taken. */
function drain(q: FairQueue<string>, slots: number): string[] {
  const order: string[] = [];
  const running: Array<{ lane: { nation: string; user: string } }> = [];
  for (;;) {
    while (running.length < slots) {
      const next = q.take();
      if (!next) break;
      order.push(next.item);
      running.push(next);
    }
    const ended = running.shift();
    if (!ended) return order;
    q.done(ended.lane);
  }
}

describe("the trial pool's fair queue", () => {
  it('a nation that floods the queue does not starve another: its task goes next, not after the flood', () => {
    const q = new FairQueue<string>();
    for (let i = 0; i < 20; i++) q.push({ nation: 'US', user: 'u1' }, `US-${i}`);
    q.push({ nation: 'CA', user: 'c1' }, 'CA-0');
    q.push({ nation: 'CA', user: 'c1' }, 'CA-1');
    const order = drain(q, 2);
    // two slots: US-0 takes one, CA-0 the other at once (CA has none running); CA-1 right after
    expect(order.slice(0, 2)).toEqual(['US-0', 'CA-0']);
    expect(order.indexOf('CA-1')).toBeLessThanOrEqual(3);
    expect(order.filter((x) => x.startsWith('US'))).toEqual(Array.from({ length: 20 }, (_, i) => `US-${i}`));
  });

  it("alternates between users of one nation, and keeps each user's tasks in order", () => {
    const q = new FairQueue<string>();
    for (let i = 0; i < 3; i++) q.push({ nation: 'US', user: 'a' }, `a${i}`);
    for (let i = 0; i < 3; i++) q.push({ nation: 'US', user: 'b' }, `b${i}`);
    expect(drain(q, 1)).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
  });

  it('alternates between nations with one slot, whoever has more users', () => {
    const q = new FairQueue<string>();
    for (const u of ['a', 'b', 'c']) for (let i = 0; i < 2; i++) q.push({ nation: 'US', user: u }, `US-${u}${i}`);
    for (let i = 0; i < 3; i++) q.push({ nation: 'UK', user: 'k' }, `UK-${i}`);
    const order = drain(q, 1);
    expect(order.slice(0, 6).map((x) => x.slice(0, 2))).toEqual(['US', 'UK', 'US', 'UK', 'US', 'UK']);
  });

  it('removes a waiting item (a cancelled task) and not a taken one', () => {
    const q = new FairQueue<string>();
    q.push({ nation: 'US', user: 'a' }, 'x');
    q.push({ nation: 'US', user: 'a' }, 'y');
    expect(q.take()?.item).toBe('x');
    expect(q.remove('x')).toBe(false);
    expect(q.remove('y')).toBe(true);
    expect(q.size).toBe(0);
    expect(q.take()).toBeUndefined();
  });
});
