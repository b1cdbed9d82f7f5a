import {
  aggregateSummaries,
  campaignLog,
  campaignMetrics,
  emptyAggregate,
  runTrial,
  summarizeTrial,
  trialSummaryContext,
} from '@golden-dome/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import { CAMPAIGN_CHUNK_TRIALS, type CampaignRunner } from '../src/campaigns.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { basic, testUsers, testWorlds } from './fixture.ts';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), maxCampaignTrials: 50 });
}, 60_000);
afterAll(async () => {
  await app.close();
});

async function untilDone(server: FastifyInstance, id: string, user = 'us-viewer'): Promise<Record<string, unknown>> {
  for (let i = 0; i < 600; i++) {
    const res = await server.inject({ method: 'GET', url: `/api/campaigns/${id}`, headers: basic(user) });
    expect(res.statusCode).toBe(200);
    const s = res.json<Record<string, unknown>>();
    if (s.state !== 'running' && s.state !== 'queued') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('campaign did not finish');
}

describe('campaigns over REST (the trial pool runner)', () => {
  it('runs a campaign an operator starts; its status, results and report reach users of its nation', async () => {
    const start = await app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: basic('us-operator'),
      payload: { scenario: 'withheld', trials: 4, seed: 3 },
    });
    expect(start.statusCode).toBe(202);
    const { id, total } = start.json<{ id: string; total: number }>();
    expect(total).toBe(4);
    const status = await untilDone(app, id);
    expect(status).toMatchObject({
      state: 'done',
      done: 4,
      total: 4,
      scenario: 'withheld',
      seed: 3,
      startedBy: 'us-operator',
      nation: 'US',
    });
    const results = await app.inject({ method: 'GET', url: `/api/campaigns/${id}/results`, headers: basic('us-viewer') });
    expect(results.statusCode).toBe(200);
    // the same metrics as the trials seeds 3..6 reduced directly
    const world = testWorlds().withheld;
    const ctx = trialSummaryContext(world);
    const direct = campaignMetrics(
      aggregateSummaries([3, 4, 5, 6].map((s) => summarizeTrial(ctx, s, runTrial(world, s)))),
      ctx.valueThreatened,
    );
    expect(results.json().metrics.expectedLeakers.mean).toBe(direct.expectedLeakers.mean);
    expect(results.json().metrics.interceptors.total.mean).toBe(direct.interceptors.total.mean);
    const report = await app.inject({ method: 'GET', url: `/api/campaigns/${id}/report`, headers: basic('us-commander') });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toMatch(/^text\/html/);
    expect(report.body).toContain('Campaign: withheld');
    // another nation's users: as if it did not exist
    for (const url of [`/api/campaigns/${id}`, `/api/campaigns/${id}/results`, `/api/campaigns/${id}/report`]) {
      expect((await app.inject({ method: 'GET', url, headers: basic('ca-commander') })).statusCode).toBe(404);
    }
  });

  it('refuses a viewer starting one (403), a bad body (400), too many trials (400) and an unknown scenario (404)', async () => {
    const post = (user: string, payload: unknown) =>
      app.inject({ method: 'POST', url: '/api/campaigns', headers: basic(user), payload: payload as object });
    expect((await post('us-viewer', { scenario: 'withheld', trials: 2 })).statusCode).toBe(403);
    for (const bad of [
      { scenario: 'withheld', trials: 0 },
      { scenario: 'withheld', trials: 51 },
      { scenario: 'withheld', trials: 2.5 },
      { scenario: 'withheld' },
      { scenario: 'withheld', trials: 2, extra: 1 },
      { scenario: '../etc', trials: 2 },
    ]) {
      const res = await post('us-operator', bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error).toBeTypeOf('string');
    }
    expect((await post('us-operator', { scenario: 'nowhere', trials: 2 })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/campaigns/unknown', headers: basic('us-viewer') })).statusCode).toBe(404);
  });
});

describe('an injected campaign runner', () => {
  it('is used instead of the default (pool) one; results wait for it (409), a second campaign of the same user waits in the queue', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const calls: Array<{ scenario: string; trials: number; seed: number; nation?: string }> = [];
    const runner: CampaignRunner = {
      async run(world, { scenario, trials, seed, onProgress, nation }) {
        calls.push({ scenario, trials, seed, nation });
        onProgress({ done: 1, total: trials, etaS: 12 });
        await gate;
        const ctx = trialSummaryContext(world);
        return {
          trials,
          nation,
          metrics: campaignMetrics(
            aggregateSummaries([summarizeTrial(ctx, seed, campaignLog(world, nation, runTrial(world, seed)))]),
            ctx.valueThreatened,
          ),
          detail: 'from the pool',
        };
      },
    };
    const server = await buildServer({
      users: await testUsers(),
      scenarios: worldLibrary(testWorlds()),
      campaignRunner: runner,
      campaignReport: async (outcome, _world, scenario) => `<p>report of ${scenario}: ${String(outcome.detail)}</p>`,
    });
    try {
      const start = await server.inject({
        method: 'POST',
        url: '/api/campaigns',
        headers: basic('us-operator'),
        payload: { scenario: 'integrated', trials: 10, seed: 5 },
      });
      expect(start.statusCode).toBe(202);
      const { id } = start.json<{ id: string }>();
      // the runner is asked for the starter's nation's view
      expect(calls).toEqual([{ scenario: 'integrated', trials: 10, seed: 5, nation: 'US' }]);
      const status = await server.inject({ method: 'GET', url: `/api/campaigns/${id}`, headers: basic('us-viewer') });
      expect(status.json()).toMatchObject({ state: 'running', done: 1, total: 10, etaS: 12 });
      expect((await server.inject({ method: 'GET', url: `/api/campaigns/${id}/results`, headers: basic('us-viewer') })).statusCode).toBe(
        409,
      );
      const second = await server.inject({
        method: 'POST',
        url: '/api/campaigns',
        headers: basic('us-operator'),
        payload: { scenario: 'integrated', trials: 2 },
      });
      expect(second.statusCode).toBe(202);
      expect(second.json()).toMatchObject({ state: 'queued', startedAt: null, queuedAhead: 0 });
      expect(calls).toHaveLength(1);
      release();
      expect(await untilDone(server, id)).toMatchObject({ state: 'done', done: 10 });
      expect(await untilDone(server, second.json<{ id: string }>().id)).toMatchObject({ state: 'done' });
      expect(calls).toHaveLength(2);
      const report = await server.inject({ method: 'GET', url: `/api/campaigns/${id}/report`, headers: basic('us-viewer') });
      expect(report.body).toBe('<p>report of integrated: from the pool</p>');
    } finally {
      await server.close();
    }
  });

  it("fails closed when the runner ignores the view: a whole-log outcome is withheld (409), not served as the nation's", async () => {
    const runner: CampaignRunner = {
      async run(world, { trials, seed }) {
        const ctx = trialSummaryContext(world);
        return {
          trials,
          metrics: campaignMetrics(aggregateSummaries([summarizeTrial(ctx, seed, runTrial(world, seed))]), ctx.valueThreatened),
        };
      },
    };
    const server = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), campaignRunner: runner });
    try {
      const { id } = (
        await server.inject({
          method: 'POST',
          url: '/api/campaigns',
          headers: basic('us-operator'),
          payload: { scenario: 'withheld', trials: 1 },
        })
      ).json<{ id: string }>();
      expect(await untilDone(server, id)).toMatchObject({
        state: 'failed',
        error: expect.stringMatching(/computed the whole log, not US's/),
      });
      for (const url of [`/api/campaigns/${id}/results`, `/api/campaigns/${id}/trials.csv`, `/api/campaigns/${id}/report`]) {
        expect((await server.inject({ method: 'GET', url, headers: basic('us-viewer') })).statusCode).toBe(409);
      }
    } finally {
      await server.close();
    }
  });

  it('reports a failed campaign as failed (409 on its results), and the server keeps serving', async () => {
    const server = await buildServer({
      users: await testUsers(),
      scenarios: worldLibrary(testWorlds()),
      campaignRunner: {
        run: async () => {
          throw new Error('worker crashed');
        },
      },
    });
    try {
      const { id } = (
        await server.inject({
          method: 'POST',
          url: '/api/campaigns',
          headers: basic('us-operator'),
          payload: { scenario: 'integrated', trials: 2 },
        })
      ).json<{ id: string }>();
      expect(await untilDone(server, id)).toMatchObject({ state: 'failed', error: 'worker crashed' });
      const res = await server.inject({ method: 'GET', url: `/api/campaigns/${id}/results`, headers: basic('us-viewer') });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatch(/failed: worker crashed/);
    } finally {
      await server.close();
    }
  });
});

/** A runner whose campaigns end only when the test says (by seed), recording the order they started in. */
function gatedRunner() {
  const started: number[] = [];
  const gates = new Map<number, () => void>();
  const aborted: number[] = [];
  const runner: CampaignRunner = {
    async run(world, { trials, seed, signal, onProgress, nation }) {
      started.push(seed);
      onProgress({ done: 0, total: trials, etaS: NaN });
      await new Promise<void>((resolve) => {
        gates.set(seed, resolve);
        signal.addEventListener('abort', () => {
          aborted.push(seed);
          resolve();
        });
      });
      const ctx = trialSummaryContext(world);
      // computed in the campaign's view, as every runner must (the board fails a campaign that is not)
      const summary = summarizeTrial(ctx, seed, campaignLog(world, nation, runTrial(world, seed)));
      return {
        trials: 1,
        metrics: campaignMetrics(aggregateSummaries([summary]), ctx.valueThreatened),
        ...(nation !== undefined ? { nation } : {}),
      };
    },
  };
  const finish = async (seed: number) => {
    for (let i = 0; i < 200 && !gates.has(seed); i++) await new Promise((r) => setTimeout(r, 5));
    gates.get(seed)?.();
    await new Promise((r) => setTimeout(r, 20));
  };
  return { runner, started, aborted, finish };
}

/**
 * A runner that goes through its trials in chunks of CAMPAIGN_CHUNK_TRIALS (one every few ms, no trial
 * run: the queue's slicing is under test), resuming after the chunks it is given and stopping at its
 * signal, as the pool's runner does; records each run as [seed, first trial].
 */
function chunkedRunner() {
  const runs: Array<[number, number]> = [];
  const runner: CampaignRunner = {
    async run(world, { trials, seed, signal, onProgress, nation, resume, onChunk }) {
      let from = resume?.at(-1)?.to ?? 0;
      runs.push([seed, from]);
      while (from < trials && !signal.aborted) {
        await new Promise((r) => setTimeout(r, 3));
        if (signal.aborted) break;
        const to = Math.min(trials, from + CAMPAIGN_CHUNK_TRIALS);
        onChunk?.({ from, to, aggregate: emptyAggregate(), summaries: [] });
        from = to;
        onProgress({ done: from, total: trials, etaS: NaN });
      }
      const ctx = trialSummaryContext(world);
      const summary = summarizeTrial(ctx, seed, campaignLog(world, nation, runTrial(world, seed)));
      return {
        trials: from,
        metrics: campaignMetrics(aggregateSummaries([summary]), ctx.valueThreatened),
        ...(nation !== undefined ? { nation } : {}),
      };
    },
  };
  return { runner, runs };
}

describe('the campaign queue', () => {
  const submit = (server: FastifyInstance, user: string, seed: number, trials = 2) =>
    server.inject({ method: 'POST', url: '/api/campaigns', headers: basic(user), payload: { scenario: 'integrated', trials, seed } });

  it("does not let one user's 10,000-trial campaign block another's: the other takes the second slot and finishes first", async () => {
    const { runner, started, finish } = gatedRunner();
    const server = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), campaignRunner: runner });
    try {
      const big = await submit(server, 'us-operator', 1, 10_000);
      // the same user's next campaign waits (one running per user), another user's starts at once
      const more = await submit(server, 'us-operator', 2);
      const other = await submit(server, 'ca-commander', 3);
      expect([big.json().state, more.json().state, other.json().state]).toEqual(['running', 'queued', 'running']);
      await finish(3);
      expect(await untilDone(server, other.json<{ id: string }>().id, 'ca-viewer')).toMatchObject({ state: 'done' });
      expect(
        (await server.inject({ method: 'GET', url: `/api/campaigns/${big.json<{ id: string }>().id}`, headers: basic('us-viewer') })).json()
          .state,
      ).toBe('running');
      // the freed slot stays free for others: the big campaign's owner waits for it to end
      expect(started).toEqual([1, 3]);
      await finish(1);
      expect(started).toEqual([1, 3, 2]);
    } finally {
      await server.close();
    }
  });

  it('starts waiting campaigns fairly: the nation served longest ago first, then the user, not first come first served', async () => {
    const { runner, started, finish } = gatedRunner();
    const server = await buildServer({
      users: await testUsers(),
      scenarios: worldLibrary(testWorlds()),
      campaignRunner: runner,
      campaignLimits: { running: 1 },
    });
    try {
      for (const [user, seed] of [
        ['us-operator', 1],
        ['us-operator', 2],
        ['us-operator', 3],
        ['us-commander', 4],
        ['ca-commander', 5],
      ] as const) {
        expect((await submit(server, user, seed)).statusCode).toBe(202);
      }
      for (const seed of [1, 5, 4, 2, 3]) await finish(seed);
      expect(started).toEqual([1, 5, 4, 2, 3]);
    } finally {
      await server.close();
    }
  });

  it('caps campaigns queued or running per user (429, audited) and the queue in all', async () => {
    const { runner } = gatedRunner();
    const server = await buildServer({
      users: await testUsers(),
      scenarios: worldLibrary(testWorlds()),
      campaignRunner: runner,
      campaignLimits: { queued: 3 },
    });
    try {
      for (const seed of [1, 2, 3]) expect((await submit(server, 'us-operator', seed)).statusCode).toBe(202);
      const fourth = await submit(server, 'us-operator', 4);
      expect(fourth.statusCode).toBe(429);
      expect(fourth.json().error).toMatch(/us-operator has 3 campaigns queued or running \(at most 3\)/);
      // us-operator: 1 running, 2 queued; us-commander: 1 running (second slot), 1 queued: the queue (3) is full
      expect((await submit(server, 'us-commander', 5)).json().state).toBe('running');
      expect((await submit(server, 'us-commander', 6)).json().state).toBe('queued');
      const full = await submit(server, 'ca-commander', 7);
      expect(full.statusCode).toBe(429);
      expect(full.json().error).toMatch(/queue is full \(3 waiting\)/);
      const audit = (await server.inject({ method: 'GET', url: '/api/audit', headers: basic('us-commander') })).json<{
        entries: Array<{ kind: string; user: string; route?: string }>;
      }>().entries;
      expect(audit).toContainEqual(expect.objectContaining({ kind: 'forbidden', user: 'us-operator', route: 'POST /api/campaigns' }));
    } finally {
      await server.close();
    }
  });

  it('cancels (DELETE /api/campaigns/:id) for its owner or an admin only: queued at once, running through its signal', async () => {
    const { runner, aborted, started } = gatedRunner();
    const server = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), campaignRunner: runner });
    try {
      const running = (await submit(server, 'us-operator', 1)).json<{ id: string }>().id;
      const queued = (await submit(server, 'us-operator', 2)).json<{ id: string }>().id;
      const cancel = (user: string, id: string) => server.inject({ method: 'DELETE', url: `/api/campaigns/${id}`, headers: basic(user) });
      // another user of its nation: 403; another nation: 404 as if it did not exist; both audited
      const notMine = await cancel('us-commander', queued);
      expect(notMine.statusCode).toBe(403);
      expect(notMine.json().error).toMatch(/only its owner or an admin/);
      expect((await cancel('ca-commander', queued)).statusCode).toBe(404);
      expect((await cancel('us-viewer', 'no-such-campaign')).statusCode).toBe(404);
      const own = await cancel('us-operator', queued);
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({ state: 'cancelled' });
      expect((await cancel('us-operator', queued)).statusCode).toBe(409);
      const byAdmin = await cancel('us-admin', running);
      expect(byAdmin.json()).toMatchObject({ state: 'cancelled' });
      await new Promise((r) => setTimeout(r, 20));
      expect(aborted).toEqual([1]);
      // the cancelled queued one never ran
      expect(started).toEqual([1]);
      expect(
        (await server.inject({ method: 'GET', url: `/api/campaigns/${queued}/results`, headers: basic('us-viewer') })).json().error,
      ).toMatch(/cancelled before it finished/);
      const usAudit = (await server.inject({ method: 'GET', url: '/api/audit', headers: basic('us-commander') })).json<{
        entries: Array<{ kind: string; user: string; outcome: string; concerns?: string }>;
      }>().entries;
      expect(usAudit.map((e) => `${e.kind}:${e.user}:${e.outcome}`)).toEqual([
        'forbidden:us-commander:refused',
        'forbidden:ca-commander:refused',
        'cancel:us-operator:recorded',
        'cancel:us-admin:recorded',
      ]);
    } finally {
      await server.close();
    }
  });

  it("time-slices its slots: with both held by 10,000-trial campaigns, another user's 50-trial campaign finishes while they still run", async () => {
    const { runner, runs } = chunkedRunner();
    const server = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), campaignRunner: runner });
    const status = async (id: string, user: string) =>
      (await server.inject({ method: 'GET', url: `/api/campaigns/${id}`, headers: basic(user) })).json<{ state: string; done: number }>();
    try {
      const a = (await submit(server, 'us-operator', 1, 10_000)).json<{ id: string; state: string }>();
      const c = (await submit(server, 'ca-commander', 2, 10_000)).json<{ id: string; state: string }>();
      expect([a.state, c.state]).toEqual(['running', 'running']);
      const b = (await submit(server, 'us-commander', 3, 50)).json<{ id: string; state: string }>();
      expect(b.state).toBe('queued');
      expect(await untilDone(server, b.id, 'us-viewer')).toMatchObject({ state: 'done', done: 50 });
      // the big ones are still under way (running, or waiting for their next slice), neither near its end
      for (const [id, user] of [
        [a.id, 'us-viewer'],
        [c.id, 'ca-viewer'],
      ]) {
        const s = await status(id, user);
        expect(['running', 'queued']).toContain(s.state);
        expect(s.done).toBeLessThan(10_000);
      }
      // one of them gave its slot up after a chunk and went on from there (resumed after its chunks, not from trial 0)
      const resumed = runs.filter(([seed, from]) => seed !== 3 && from > 0);
      expect(resumed.length).toBeGreaterThan(0);
      for (const [, from] of resumed) expect(from % CAMPAIGN_CHUNK_TRIALS).toBe(0);
      // alone again, a big campaign is not sliced: it runs on to its end without yielding
      await server.inject({ method: 'DELETE', url: `/api/campaigns/${c.id}`, headers: basic('ca-commander') });
      const before = runs.length;
      expect(await untilDone(server, a.id, 'us-viewer')).toMatchObject({ state: 'done', done: 10_000 });
      expect(runs.slice(before).filter(([seed]) => seed === 1).length).toBeLessThanOrEqual(1);
    } finally {
      await server.close();
    }
  });
});
