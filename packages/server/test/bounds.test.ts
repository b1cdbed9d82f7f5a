import { describe, expect, it } from 'vitest';
import { ConcurrencyGate } from '../src/concurrency-gate.ts';
import { RingBuffer } from '../src/ring-buffer.ts';

describe('RingBuffer', () => {
  it('keeps the last `capacity` items in order and counts the dropped', () => {
    const r = new RingBuffer<number>(3);
    for (let i = 1; i <= 7; i++) r.push(i);
    expect([...r.newestFirst()]).toEqual([7, 6, 5]);
    expect(r.first()).toBe(5);
    expect(r.dropped).toBe(4);
    expect(r.length).toBe(3);
  });
});

describe('ConcurrencyGate', () => {
  it('runs at most `limit` tasks at once, queues `maxWaiting` more in order, refuses the rest', async () => {
    const gate = new ConcurrencyGate(2, 3);
    let active = 0,
      most = 0;
    const order: number[] = [];
    const release: Array<() => void> = [];
    const task = (i: number) =>
      gate.run(async () => {
        active += 1;
        most = Math.max(most, active);
        order.push(i);
        await new Promise<void>((r) => release.push(r));
        active -= 1;
        return i;
      });
    const runs = Array.from({ length: 7 }, (_, i) => task(i));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1]);
    for (let k = 0; k < 20 && release.length > 0; k++) {
      release.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, null, null]);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });
});
