import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTestRedis } from './redis-server.ts';
import { buildWorld, smallRaidRequest } from '@golden-dome/scenario';
import { RedisTaskQueue, runCampaign, serveRedisTasks, TrialPool } from '../src/index.ts';

// Debian's redis-server on a free loopback port, nothing saved (issue 17's first slice: docs/worker-pool.md)
const world = buildWorld(
  smallRaidRequest([
    { id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 4 },
  ]),
);
let redis: ChildProcess;
let url: string;

beforeAll(async () => {
  ({ url, process: redis } = await startTestRedis());
});
afterAll(() => {
  redis.kill();
});

describe('the trial pool over Redis (BullMQ)', () => {
  it('a campaign whose chunks run on a `dome worker` (here: two workers of one thread) gives the results of a local run, exactly (its representative log too)', async () => {
    // in Canada's view, with the representative trial's log (a `log` task through Redis as well)
    const options = { trials: 12, seed: 1, checkEvery: 6, nation: 'CA', representativeLog: true } as const;
    const local = await runCampaign(world, { ...options, workers: 1 });
    const poolA = new TrialPool({ threads: 1 });
    const poolB = new TrialPool({ threads: 1 });
    const workers = [serveRedisTasks(url, poolA), serveRedisTasks(url, poolB)];
    const queue = new RedisTaskQueue(url, 2);
    try {
      const remote = await runCampaign(world, { ...options, pool: queue, chunkSize: 2 });
      expect(remote.status).toBe('complete');
      expect(remote.summaries).toEqual(local.summaries);
      expect(JSON.stringify(remote.aggregate)).toBe(JSON.stringify(local.aggregate));
      expect(remote.metrics).toEqual(local.metrics);
      expect(local.representative?.log?.length).toBeGreaterThan(0);
      expect(remote.representative).toEqual(local.representative);
    } finally {
      await queue.close();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([poolA.close(), poolB.close()]);
    }
  });

  it('refuses a URL that is not redis://, and a Redis that does not answer (naming it, without hanging)', async () => {
    expect(() => new RedisTaskQueue('http://localhost:6379')).toThrow(/not a Redis URL: 'http:\/\/localhost:6379'/);
    const dead = `redis://127.0.0.1:${await freePort()}`;
    await expect(RedisTaskQueue.connect(dead, 1, { timeoutMs: 500 })).rejects.toThrow(`cannot reach Redis at ${dead}: no answer in 0.5 s`);
  });
});
