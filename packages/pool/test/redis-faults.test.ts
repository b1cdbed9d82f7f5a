import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, smallRaidRequest } from '@golden-dome/scenario';
import type { World } from '@golden-dome/core';
import { startTestRedis } from './redis-server.ts';
import { RedisTaskQueue, runCampaign, serveRedisTasks, TrialPool } from '../src/index.ts';

// Faults of the Redis backend (issue 17; docs/distributed.md): Redis restarted with its data mid-campaign,
// and a chunk whose trial throws. (A worker killed with kill -9: packages/cli/test/worker-faults.test.ts.)
const world = buildWorld(
  smallRaidRequest([
    { id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 4 },
  ]),
);
const started: ChildProcess[] = [];
// two pools of one thread for the whole file (threads start once): the workers' and the local runs'
let pools: TrialPool[];
beforeAll(() => {
  pools = [new TrialPool({ threads: 1 }), new TrialPool({ threads: 1 })];
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  for (const p of started) p.kill('SIGKILL');
});

const exited = (p: ChildProcess) =>
  new Promise<void>((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve() : p.once('exit', () => resolve())));

describe('the Redis backend under faults', () => {
  it('Redis killed (kill -9) and started again on its append-only file mid-campaign: the campaign completes with the results of a local run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dome-redis-aof-'));
    const first = await startTestRedis({ dir });
    started.push(first.process);
    const trials = 12;
    const local = await runCampaign(world, { trials, seed: 7, pool: pools[0], checkEvery: 6 });
    const workers = pools.map((p, i) => serveRedisTasks(first.url, p, { lockMs: 4000, stalledIntervalMs: 2000, name: `w${i}` }));
    const queue = new RedisTaskQueue(first.url, 2, { backoffMs: 200 });
    let restarted = false;
    let doneAtRestart = 0;
    try {
      const campaign = runCampaign(world, {
        trials,
        seed: 7,
        checkEvery: 6,
        pool: queue,
        chunkSize: 2,
        onProgress: (p) => {
          if (restarted || p.done < 4) return;
          restarted = true;
          doneAtRestart = p.done;
          // kill -9 (no shutdown save: only the append-only file, written through, brings the queue back), then the same port and folder
          first.process.kill('SIGKILL');
          void exited(first.process).then(async () => {
            const again = await startTestRedis({ dir, port: first.port });
            started.push(again.process);
          });
        },
      });
      const remote = await campaign;
      expect(restarted).toBe(true);
      expect(doneAtRestart).toBeLessThan(trials);
      expect(readdirSync(dir).join(' ')).toMatch(/appendonly/);
      expect(remote.status).toBe('complete');
      expect(remote.summaries.map((s) => s.seed)).toEqual(local.summaries.map((s) => s.seed));
      expect(remote.summaries).toEqual(local.summaries);
      expect(JSON.stringify(remote.aggregate)).toBe(JSON.stringify(local.aggregate));
      expect(remote.metrics).toEqual(local.metrics);
    } finally {
      await queue.close();
      await Promise.all(workers.map((w) => w.close()));
    }
  }, 60_000);

  it('Redis restarted WITHOUT its data mid-campaign: the chunks lost are noticed and queued again; the campaign completes with the results of a local run', async () => {
    const first = await startTestRedis();
    started.push(first.process);
    const trials = 10;
    const local = await runCampaign(world, { trials, seed: 3, pool: pools[0], checkEvery: 10 });
    const workers = pools.map((p, i) => serveRedisTasks(first.url, p, { lockMs: 4000, stalledIntervalMs: 2000, name: `w${i}` }));
    const queue = new RedisTaskQueue(first.url, 2, { backoffMs: 200, lostCheckMs: 300 });
    let restarted = false;
    try {
      const remote = await runCampaign(world, {
        trials,
        seed: 3,
        checkEvery: 10,
        pool: queue,
        chunkSize: 2,
        onProgress: (p) => {
          if (restarted || p.done < 2) return;
          restarted = true;
          first.process.kill('SIGKILL');
          void exited(first.process).then(async () => {
            // an empty Redis on the same port: the queue, its jobs and the world are gone
            const again = await startTestRedis({ port: first.port });
            started.push(again.process);
          });
        },
      });
      expect(restarted).toBe(true);
      expect(remote.status).toBe('complete');
      expect(remote.summaries).toEqual(local.summaries);
      expect(JSON.stringify(remote.aggregate)).toBe(JSON.stringify(local.aggregate));
    } finally {
      await queue.close();
      await Promise.all(workers.map((w) => w.close()));
    }
  }, 60_000);

  it('a chunk whose trial throws fails the campaign after a bounded number of tries, naming its seed (not retried forever)', async () => {
    const redis = await startTestRedis();
    started.push(redis.process);
    // POISONED ON PURPOSE (test only): a world whose radars were lost on the way; the engine throws on its first look
    const poisoned = { ...world, radars: null } as unknown as World;
    const worker = serveRedisTasks(redis.url, pools[0], { name: 'w-poison' });
    const queue = new RedisTaskQueue(redis.url, 1, { attempts: 3, backoffMs: 100 });
    try {
      await expect(runCampaign(poisoned, { trials: 4, seed: 41, pool: queue, chunkSize: 1 })).rejects.toThrow(
        /^campaign worker, seeds 41\.\.41: failed on 3 attempts \(last on w-poison\): trial seed 41 threw: Cannot read properties of null/,
      );
    } finally {
      await queue.close();
      await worker.close();
    }
  }, 30_000);
});
