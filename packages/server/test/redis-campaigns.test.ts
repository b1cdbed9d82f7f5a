import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { World } from '@golden-dome/core';
import { RedisTaskQueue, serveRedisTasks, TrialPool } from '@golden-dome/pool';
import { buildWorld, withholdingCoalitionRequest } from '@golden-dome/scenario';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, watchQueue } from '../../pool/test/redis-server.ts';
import { buildServer } from '../src/app.ts';
import { poolCampaignRunner } from '../src/campaigns.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { hashSecret } from '../src/users.ts';
import { basic } from './fixture.ts';

// The server's campaigns on Redis (issue 17: `dome serve --redis`): each nation's campaign runs as
// chunks on `dome worker`s (here two in-process workers of one thread), computed from the starter's
// nation's view as on the server's own pool; the same REST outputs, stored in the data directory alike.
const NATIONS = ['US', 'CA'] as const;
let world: World;
let redis: ChildProcess;
let url: string;
let pools: TrialPool[];
let workers: Array<{ close(): Promise<void> }>;
let queue: RedisTaskQueue;
const servers: FastifyInstance[] = [];

beforeAll(async () => {
  world = buildWorld(withholdingCoalitionRequest());
  ({ url, process: redis } = await startTestRedis());
  pools = [new TrialPool({ threads: 1 }), new TrialPool({ threads: 1 })];
  workers = pools.map((p, i) => serveRedisTasks(url, p, { name: `worker-${i}` }));
  queue = await RedisTaskQueue.connect(url, 2);
}, 60_000);
afterAll(async () => {
  for (const s of servers) await s.close();
  await queue?.close();
  await Promise.all((workers ?? []).map((w) => w.close()));
  await Promise.all((pools ?? []).map((p) => p.close()));
  redis?.kill();
});

const users = () =>
  Promise.all(
    NATIONS.map(async (n) => ({
      id: `${n.toLowerCase()}-operator`,
      nation: n,
      role: 'operator' as const,
      secret: await hashSecret(`secret of ${n.toLowerCase()}-operator`, { N: 1024, r: 8, p: 1 }),
    })),
  );

async function server(options: { redis: boolean; dataDir?: string }): Promise<FastifyInstance> {
  const app = await buildServer({
    users: await users(),
    scenarios: worldLibrary({ coalition: world }),
    pool: pools[0],
    campaignLimits: { running: 2 },
    ...(options.redis ? { campaignRunner: poolCampaignRunner(queue) } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  servers.push(app);
  return app;
}

/** Each nation's campaign of trials 5..8 started and waited for: id per nation. */
async function campaigns(app: FastifyInstance): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const n of NATIONS) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: basic(`${n.toLowerCase()}-operator`),
      payload: { scenario: 'coalition', trials: 4, seed: 5 },
    });
    expect(res.statusCode).toBe(202);
    ids[n] = res.json<{ id: string }>().id;
  }
  for (const n of NATIONS) {
    for (let i = 0; ; i++) {
      const s = (await app.inject({ method: 'GET', url: `/api/campaigns/${ids[n]}`, headers: basic(`${n.toLowerCase()}-operator`) })).json<{
        state: string;
        error?: string;
      }>();
      if (s.state === 'done') break;
      if ((s.state !== 'running' && s.state !== 'queued') || i > 3000) throw new Error(`campaign of ${n}: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return ids;
}

const outputs = async (app: FastifyInstance, ids: Record<string, string>, n: string) => {
  const get = (what: string) =>
    app.inject({ method: 'GET', url: `/api/campaigns/${ids[n]}/${what}`, headers: basic(`${n.toLowerCase()}-operator`) });
  const { id: _id, ...results } = (await get('results')).json<Record<string, unknown>>();
  return { results, csv: (await get('trials.csv')).body };
};

describe("the server's campaigns on Redis (dome serve --redis)", () => {
  it("each nation's campaign runs on the workers and gives the REST outputs of the server's own pool; stored in the data directory as before", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dome-redis-serve-'));
    const watched = await watchQueue(url);
    const local = await server({ redis: false });
    const remote = await server({ redis: true, dataDir });
    try {
      const here = await campaigns(local);
      const queued = await campaigns(remote);
      // two nations x 4 trials in chunks: every one of them went through Redis
      expect(watched.completed.length).toBeGreaterThanOrEqual(NATIONS.length);
      for (const n of NATIONS) {
        const a = await outputs(local, here, n);
        const b = await outputs(remote, queued, n);
        expect(b.results).toMatchObject({ nation: n, trials: 4 });
        expect(b.results).toEqual(a.results);
        expect(b.csv).toBe(a.csv);
      }
      // the US and Canadian views differ (so the test would see a campaign computed in the wrong view)
      expect((await outputs(remote, queued, 'US')).csv).not.toBe((await outputs(remote, queued, 'CA')).csv);
      // durable as on the pool: a server started again on the data directory has the campaigns
      await remote.close();
      servers.splice(servers.indexOf(remote), 1);
      const again = await server({ redis: true, dataDir });
      for (const n of NATIONS) expect((await outputs(again, queued, n)).csv).toBe((await outputs(local, here, n)).csv);
    } finally {
      await watched.close();
    }
  }, 120_000);
});
