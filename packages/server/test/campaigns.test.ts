import { aggregateSummaries, campaignLog, campaignMetrics, runTrial, summarizeTrial, trialSummaryContext } from '@golden-dome/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import type { CampaignRunner } from '../src/campaigns.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { basic, testUsers, testWorlds } from './fixture.ts';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), maxCampaignTrials: 50 });
});
afterAll(async () => { await app.close(); });

async function untilDone(server: FastifyInstance, id: string, user = 'us-viewer'): Promise<Record<string, unknown>> {
  for (let i = 0; i < 600; i++) {
    const res = await server.inject({ method: 'GET', url: `/api/campaigns/${id}`, headers: basic(user) });
    expect(res.statusCode).toBe(200);
    const s = res.json<Record<string, unknown>>();
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('campaign did not finish');
}

describe('campaigns over REST (in-process runner)', () => {
  it('runs a campaign an operator starts; its status, results and report reach users of its nation', async () => {
    const start = await app.inject({ method: 'POST', url: '/api/campaigns', headers: basic('us-operator'), payload: { scenario: 'withheld', trials: 4, seed: 3 } });
    expect(start.statusCode).toBe(202);
    const { id, total } = start.json<{ id: string; total: number }>();
    expect(total).toBe(4);
    const status = await untilDone(app, id);
    expect(status).toMatchObject({ state: 'done', done: 4, total: 4, scenario: 'withheld', seed: 3, startedBy: 'us-operator', nation: 'US' });
    const results = await app.inject({ method: 'GET', url: `/api/campaigns/${id}/results`, headers: basic('us-viewer') });
    expect(results.statusCode).toBe(200);
    // the same metrics as the trials seeds 3..6 reduced directly
    const world = testWorlds().withheld;
    const ctx = trialSummaryContext(world);
    const direct = campaignMetrics(aggregateSummaries([3, 4, 5, 6].map((s) => summarizeTrial(ctx, s, runTrial(world, s)))), ctx.valueThreatened);
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
    const post = (user: string, payload: unknown) => app.inject({ method: 'POST', url: '/api/campaigns', headers: basic(user), payload: payload as object });
    expect((await post('us-viewer', { scenario: 'withheld', trials: 2 })).statusCode).toBe(403);
    for (const bad of [{ scenario: 'withheld', trials: 0 }, { scenario: 'withheld', trials: 51 }, { scenario: 'withheld', trials: 2.5 }, { scenario: 'withheld' }, { scenario: 'withheld', trials: 2, extra: 1 }, { scenario: '../etc', trials: 2 }]) {
      const res = await post('us-operator', bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error).toBeTypeOf('string');
    }
    expect((await post('us-operator', { scenario: 'nowhere', trials: 2 })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/campaigns/unknown', headers: basic('us-viewer') })).statusCode).toBe(404);
  });
});

describe('an injected campaign runner', () => {
  it('is used instead of the in-process one; results wait for it (409), a second campaign waits its turn (429)', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => { release = r; });
    const calls: Array<{ scenario: string; trials: number; seed: number; nation?: string }> = [];
    const runner: CampaignRunner = {
      async run(world, { scenario, trials, seed, onProgress, nation }) {
        calls.push({ scenario, trials, seed, nation });
        onProgress({ done: 1, total: trials, etaS: 12 });
        await gate;
        const ctx = trialSummaryContext(world);
        return { trials, nation, metrics: campaignMetrics(aggregateSummaries([summarizeTrial(ctx, seed, campaignLog(world, nation, runTrial(world, seed)))]), ctx.valueThreatened), detail: 'from the pool' };
      },
    };
    const server = await buildServer({
      users: await testUsers(), scenarios: worldLibrary(testWorlds()), campaignRunner: runner,
      campaignReport: async (outcome, _world, scenario) => `<p>report of ${scenario}: ${String(outcome.detail)}</p>`,
    });
    try {
      const start = await server.inject({ method: 'POST', url: '/api/campaigns', headers: basic('us-operator'), payload: { scenario: 'integrated', trials: 10, seed: 5 } });
      expect(start.statusCode).toBe(202);
      const { id } = start.json<{ id: string }>();
      // the runner is asked for the starter's nation's view
      expect(calls).toEqual([{ scenario: 'integrated', trials: 10, seed: 5, nation: 'US' }]);
      const status = await server.inject({ method: 'GET', url: `/api/campaigns/${id}`, headers: basic('us-viewer') });
      expect(status.json()).toMatchObject({ state: 'running', done: 1, total: 10, etaS: 12 });
      expect((await server.inject({ method: 'GET', url: `/api/campaigns/${id}/results`, headers: basic('us-viewer') })).statusCode).toBe(409);
      const second = await server.inject({ method: 'POST', url: '/api/campaigns', headers: basic('us-operator'), payload: { scenario: 'integrated', trials: 2 } });
      expect(second.statusCode).toBe(429);
      release();
      expect(await untilDone(server, id)).toMatchObject({ state: 'done', done: 10 });
      const report = await server.inject({ method: 'GET', url: `/api/campaigns/${id}/report`, headers: basic('us-viewer') });
      expect(report.body).toBe('<p>report of integrated: from the pool</p>');
    } finally {
      await server.close();
    }
  });

  it('fails closed when the runner ignores the view: a whole-log outcome is withheld (409), not served as the nation\'s', async () => {
    const runner: CampaignRunner = {
      async run(world, { trials, seed }) {
        const ctx = trialSummaryContext(world);
        return { trials, metrics: campaignMetrics(aggregateSummaries([summarizeTrial(ctx, seed, runTrial(world, seed))]), ctx.valueThreatened) };
      },
    };
    const server = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), campaignRunner: runner });
    try {
      const { id } = (await server.inject({ method: 'POST', url: '/api/campaigns', headers: basic('us-operator'), payload: { scenario: 'withheld', trials: 1 } })).json<{ id: string }>();
      expect(await untilDone(server, id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/computed the whole log, not US's/) });
      for (const url of [`/api/campaigns/${id}/results`, `/api/campaigns/${id}/trials.csv`, `/api/campaigns/${id}/report`]) {
        expect((await server.inject({ method: 'GET', url, headers: basic('us-viewer') })).statusCode).toBe(409);
      }
    } finally {
      await server.close();
    }
  });

  it('reports a failed campaign as failed (409 on its results), and the server keeps serving', async () => {
    const server = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), campaignRunner: { run: async () => { throw new Error('worker crashed'); } } });
    try {
      const { id } = (await server.inject({ method: 'POST', url: '/api/campaigns', headers: basic('us-operator'), payload: { scenario: 'integrated', trials: 2 } })).json<{ id: string }>();
      expect(await untilDone(server, id)).toMatchObject({ state: 'failed', error: 'worker crashed' });
      const res = await server.inject({ method: 'GET', url: `/api/campaigns/${id}/results`, headers: basic('us-viewer') });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatch(/failed: worker crashed/);
    } finally {
      await server.close();
    }
  });
});
