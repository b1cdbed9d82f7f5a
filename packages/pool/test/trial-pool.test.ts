import { afterAll, describe, expect, it } from 'vitest';
import { integrateBallisticBatch, runTrial, w1Instance, w1Options } from '@golden-dome/core';
import { buildWorld, smallRaidRequest } from '@golden-dome/scenario';
import { adoptWorld, overlayRef, partRef, runBallisticBatch, TrialPool, worldRef } from '../src/index.ts';

// the small raid of packages/scenario/src/world/engine.test.ts against 4 NGI rounds: leakage varies by seed
const world = buildWorld(
  smallRaidRequest([
    { id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 4 },
  ]),
);
// one thread: the order in which tasks run is the queue's
const pool = new TrialPool({ threads: 1 });
afterAll(() => pool.close());

describe('the trial pool', () => {
  it('a trial run on a worker from the shared world gives the log runTrial gives here, byte for byte (also from an overlay, and after adopting the bytes)', async () => {
    const ref = worldRef(world);
    expect(worldRef(world)).toBe(ref);
    const overlay = overlayRef(partRef(world, ['missiles', 'objects']), world, ['missiles', 'objects']);
    const adopted = adoptWorld(ref);
    expect(worldRef(adopted)).toBe(ref);
    for (const seed of [1, 2]) {
      const here = JSON.stringify(runTrial(world, seed));
      expect(JSON.stringify(await pool.run({ kind: 'log', world: ref, seed }))).toBe(here);
      expect(JSON.stringify(await pool.run({ kind: 'log', world: overlay, seed }))).toBe(here);
      expect(JSON.stringify(runTrial(adopted, seed))).toBe(here);
    }
  });

  it("serves another nation's task next while one nation has many waiting, and drops a waiting task whose signal aborts", async () => {
    const ref = worldRef(world);
    const order: string[] = [];
    const us = { nation: 'US', user: 'flood' };
    const stop = new AbortController();
    const jobs = [0, 1, 2, 3].map((i) =>
      pool.run({ kind: 'log', world: ref, seed: 10 + i }, { lane: us }).then(() => {
        order.push(`US-${i}`);
      }),
    );
    const aborted = pool.run({ kind: 'log', world: ref, seed: 20 }, { lane: us, signal: stop.signal });
    const ca = pool.run({ kind: 'log', world: ref, seed: 30 }, { lane: { nation: 'CA', user: 'c' } }).then(() => {
      order.push('CA-0');
    });
    expect(pool.waiting).toBe(5);
    stop.abort();
    await expect(aborted).rejects.toThrow(/aborted/);
    expect(pool.waiting).toBe(4);
    await Promise.all([...jobs, ca]);
    expect(order).toEqual(['US-0', 'CA-0', 'US-1', 'US-2', 'US-3']);
  });

  it('validates a scenario text on a worker, with located problems', async () => {
    const r = await pool.run({ kind: 'validate', text: 'name: x\nsummary: 3\n', file: 'x.yaml' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.limit).toBe(false);
      expect(r.errors.join('\n')).toMatch(/line \d+, column \d+, field 'epoch'/);
    }
  });

  it('refuses bad sizes and work after close', async () => {
    expect(() => new TrialPool({ threads: 0 })).toThrow(/threads must be a positive integer/);
    const p = new TrialPool({ threads: 1 });
    await p.close();
    await expect(p.run({ kind: 'log', world: worldRef(world), seed: 1 })).rejects.toThrow(/closed/);
  });
});

describe('the ballistic batch on the pool (bench W1)', () => {
  it('gives the flight times of the single-thread kernel, bit for bit, every missile claimed once', async () => {
    const two = new TrialPool({ threads: 2 });
    try {
      const states = w1Instance(300);
      const single = integrateBallisticBatch(w1Instance(300), w1Options());
      const r = await runBallisticBatch(two, states, { ...w1Options(), chunkSize: 16 });
      expect([...r.flightTimes]).toEqual([...single.flightTimes]);
      expect(r.totalSteps).toBe(single.totalSteps);
      expect(r.chunksPerWorker.reduce((a, b) => a + b, 0)).toBe(Math.ceil(300 / 16));
    } finally {
      await two.close();
    }
  });
});
