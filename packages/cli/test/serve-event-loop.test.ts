import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliCampaignReport, workerPoolCampaignRunner } from '../src/commands/serve.ts';
import { tinyScenarioText } from './tiny-scenarios.ts';
import { here } from './trials-here.ts';
import { type PoolTask, type ResultOf, type RunOptions, TrialPool } from '@golden-dome/pool';
import type { FastifyInstance } from 'fastify';
import { buildServer, fileScenarioLibrary } from '@golden-dome/server';
import { basic, testUsers } from '../../server/test/fixture.ts';

/**
 * The server's heavy work runs on the trial pool, not on its event loop (docs/worker-pool.md): while a
 * world builds and while a campaign runs, a cheap request is answered — before the heavy job ends. With
 * the work on the event loop, a request sent after the build started could only be answered after it.
 * Over a real socket (fetch), as a client sees it. No timing is asserted (the figures are printed).
 */

// trials run on this thread (core's runTrial, wrapped): the pool's threads load their own core
vi.mock('@golden-dome/core', async (original) => (await import('./trials-here.ts')).countingCore(original));

// one Hwasong-17 at Seattle against NGIs at Fort Greely (the cli's tiny scenario): its build flies one missile
const TINY = tinyScenarioText('tiny');

/**
 * The trial pool, recording the per-nation views it is asked for (`edge` tasks: pool-tasks.ts); an
 * export waits at the gate, while one is set, before it goes to a thread: a per-nation view held in
 * computation for as long as the test likes.
 */
class WatchedPool extends TrialPool {
  readonly views: string[] = [];
  gate: Promise<void> | undefined;
  /** Campaigns' representative trials asked for (a `log` task in a nation's view); held at `logGate` while one is set. */
  readonly representatives: Array<{ seed: number; nation: string }> = [];
  logGate: Promise<void> | undefined;
  /** Campaign reports built (the cli's `report` task); held at `reportGate` while one is set. */
  reports = 0;
  reportGate: Promise<void> | undefined;
  override async run<T extends PoolTask>(task: T, options?: RunOptions): Promise<ResultOf<T>> {
    if (task.kind === 'edge') {
      this.views.push(task.fn);
      if (task.fn === 'export' && this.gate) await this.gate;
    }
    if (task.kind === 'log' && task.nation !== undefined) {
      this.representatives.push({ seed: task.seed, nation: task.nation });
      if (this.logGate) await this.logGate;
    }
    if (task.kind === 'report') {
      this.reports += 1;
      if (this.reportGate) await this.reportGate;
    }
    return super.run(task, options);
  }
}

let app: FastifyInstance;
let base: string;
let pool: WatchedPool;
let bearer: { authorization: string };
const dirOf = { tiny: '' };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dome-loop-'));
  dirOf.tiny = dir;
  writeFileSync(join(dir, 'tiny.yaml'), TINY);
  pool = new WatchedPool({ threads: 2 });
  app = await buildServer({ users: await testUsers(), scenarios: fileScenarioLibrary(pool, dir), pool });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  const token = (await (await fetch(`${base}/api/tokens`, { method: 'POST', headers: basic('us-operator') })).json()) as { token: string };
  bearer = { authorization: `Bearer ${token.token}` };
}, 60_000);
afterAll(async () => {
  await app.close();
  await pool.close();
});

/** A cheap request and how long it took [ms]. */
async function cheap(): Promise<number> {
  const t0 = performance.now();
  const r = await fetch(`${base}/api/scenarios`, { headers: bearer });
  expect(r.status).toBe(200);
  await r.json();
  return performance.now() - t0;
}

describe('heavy work off the event loop', () => {
  // no time is asserted; the limit is for a loaded machine (the build starts the pool's threads: ~8 s alone, 30 s under load)
  it('answers cheap requests while a world builds and while its campaign runs, before either ends', async () => {
    const idle: number[] = [];
    for (let i = 0; i < 5; i++) idle.push(await cheap());

    // the world is not built yet: starting a campaign builds it (on the pool) first
    let posted = false;
    const t0 = performance.now();
    const post = fetch(`${base}/api/campaigns`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'tiny', trials: 30 }),
    }).then(async (r) => {
      posted = true;
      return { status: r.status, body: (await r.json()) as { id: string; state: string } };
    });
    const duringBuild: number[] = [];
    for (let i = 0; i < 5; i++) {
      duringBuild.push(await cheap());
      expect(posted).toBe(false);
    }
    const started = await post;
    const buildMs = performance.now() - t0;
    expect(started.status).toBe(202);

    // the campaign runs on the pool: its status and other requests are answered while it runs
    const duringRun: number[] = [];
    let status: { state: string; done: number; total: number };
    let runningAnswers = 0;
    for (;;) {
      const t = performance.now();
      status = (await (await fetch(`${base}/api/campaigns/${started.body.id}`, { headers: bearer })).json()) as typeof status;
      duringRun.push(performance.now() - t);
      if (status.state !== 'running' && status.state !== 'queued') break;
      if (status.state === 'running' && status.done < status.total) runningAnswers += 1;
      duringRun.push(await cheap());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status.state).toBe('done');
    expect(status.done).toBe(30);
    expect(runningAnswers).toBeGreaterThanOrEqual(3);
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(
      `cheap request: idle median ${med(idle).toFixed(1)} ms; during the world build (${(buildMs / 1000).toFixed(1)} s) median ${med(duringBuild).toFixed(1)} ms, max ${Math.max(...duringBuild).toFixed(1)} ms; during the campaign median ${med(duringRun).toFixed(1)} ms, max ${Math.max(...duringRun).toFixed(1)} ms (${duringRun.length} requests)`,
    );
  }, 120_000);

  it('validates a scenario with 300 unknown place names on the pool, each located', async () => {
    const raid = Array.from(
      { length: 300 },
      (_, i) =>
        `  - {id: m${i}, type: hwasong-17, from: nowhere-${i}-qzx, to: Elsewhere Qzx ${i}, target: {id: seattle, nation: US}, launch_time_s: 0}`,
    ).join('\n');
    const text = TINY.replace(/raid:\n.*\n/, `raid:\n${raid}\n`);
    const t0 = performance.now();
    const res = await fetch(`${base}/api/scenarios/validate`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/yaml' },
      body: text,
    });
    const r = { status: res.status, body: (await res.json()) as { ok: boolean; errors: string[] } };
    console.log(`validation of 300 unknown places: ${(performance.now() - t0).toFixed(0)} ms (on the pool)`);
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(false);
    expect(r.body.errors.length).toBeGreaterThanOrEqual(300);
    expect(r.body.errors.join('\n')).toMatch(/line 307, .*nowhere-299-qzx/);
  });

  it("computes a nation's filtered log, scene and exports on the pool, answering cheap requests while an export is computed", async () => {
    const trial = (await (
      await fetch(`${base}/api/trials`, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/json' },
        body: JSON.stringify({ scenario: 'tiny', seed: 2 }),
      })
    ).json()) as { id: string };
    // the nation's filtered log and scene: on the pool
    pool.views.length = 0;
    const events = await fetch(`${base}/api/trials/${trial.id}/events`, { headers: bearer });
    expect(events.status).toBe(200);
    expect(pool.views.sort()).toEqual(['scene', 'visible']);
    // asked again: kept, not computed again
    await (await fetch(`${base}/api/trials/${trial.id}/events`, { headers: bearer })).arrayBuffer();
    expect(pool.views).toHaveLength(2);

    // an export held in computation: the server answers cheap requests meanwhile
    let release = () => {};
    pool.gate = new Promise<void>((r) => {
      release = r;
    });
    let exported = false;
    const t0 = performance.now();
    const kml = fetch(`${base}/api/trials/${trial.id}/export?format=kml`, { headers: bearer }).then(async (r) => {
      exported = true;
      return { status: r.status, text: await r.text() };
    });
    while (!pool.views.includes('export')) await new Promise((r) => setTimeout(r, 5));
    const during: number[] = [];
    for (let i = 0; i < 5; i++) during.push(await cheap());
    expect((await fetch(`${base}/api/trials/${trial.id}/events`, { headers: bearer })).status).toBe(200);
    expect(exported).toBe(false);
    release();
    pool.gate = undefined;
    const done = await kml;
    expect(done.status).toBe(200);
    expect(done.text).toMatch(/<kml /);
    console.log(
      `cheap requests while an export was held on the pool: max ${Math.max(...during).toFixed(1)} ms; the export ${(performance.now() - t0).toFixed(0)} ms in all`,
    );
  });

  it("builds a campaign's report (dome serve's) from the log its campaign got from the pool: no trial on the event loop", async () => {
    // the cli's runner and report, as `dome serve` runs them, on this pool
    const served = await buildServer({
      users: await testUsers(),
      scenarios: fileScenarioLibrary(pool, dirOf.tiny),
      pool,
      campaignRunner: workerPoolCampaignRunner(pool),
      campaignReport: cliCampaignReport(pool),
    });
    const url = await served.listen({ host: '127.0.0.1', port: 0 });
    const auth = {
      authorization: `Bearer ${((await (await fetch(`${url}/api/tokens`, { method: 'POST', headers: basic('us-operator') })).json()) as { token: string }).token}`,
    };
    try {
      here.trials = 0;
      pool.representatives.length = 0;
      let release = () => {};
      pool.logGate = new Promise<void>((r) => {
        release = r;
      });
      const started = (await (
        await fetch(`${url}/api/campaigns`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ scenario: 'tiny', trials: 12 }),
        })
      ).json()) as { id: string };
      // every trial done, its representative trial held on the pool: the campaign is still running, the server answers
      while (pool.representatives.length === 0) await new Promise((r) => setTimeout(r, 10));
      const held = (await (await fetch(`${url}/api/campaigns/${started.id}`, { headers: auth })).json()) as { state: string; done: number };
      expect(held).toMatchObject({ state: 'running', done: 12 });
      const during: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        expect((await fetch(`${url}/api/scenarios`, { headers: auth })).status).toBe(200);
        during.push(performance.now() - t0);
      }
      release();
      pool.logGate = undefined;
      for (;;) {
        const s = (await (await fetch(`${url}/api/campaigns/${started.id}`, { headers: auth })).json()) as { state: string };
        if (s.state === 'done') break;
        expect(s.state).toBe('running');
        await new Promise((r) => setTimeout(r, 20));
      }
      const results = (await (await fetch(`${url}/api/campaigns/${started.id}/results`, { headers: auth })).json()) as {
        representativeTrial: { seed: number; rule: string };
      };
      // one representative trial, in the starter's nation's view, the one results name
      expect(pool.representatives).toEqual([{ seed: results.representativeTrial.seed, nation: 'US' }]);
      expect(results.representativeTrial.rule).toMatch(/most common/);
      // the report is built on the pool: held there, the server answers meanwhile
      let releaseReport = () => {};
      pool.reportGate = new Promise<void>((r) => {
        releaseReport = r;
      });
      let reported = false;
      const t0 = performance.now();
      const asked = fetch(`${url}/api/campaigns/${started.id}/report`, { headers: auth }).then(async (r) => {
        reported = true;
        return { status: r.status, html: await r.text() };
      });
      while (pool.reports === 0) await new Promise((r) => setTimeout(r, 10));
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        expect((await fetch(`${url}/api/scenarios`, { headers: auth })).status).toBe(200);
        during.push(performance.now() - t);
      }
      expect(reported).toBe(false);
      releaseReport();
      pool.reportGate = undefined;
      const { status, html } = await asked;
      const reportMs = performance.now() - t0;
      expect(status).toBe(200);
      expect(pool.reports).toBe(1);
      expect(html).toContain('id="plot-engagement"');
      expect(html).toContain(`Engagement in one trial (seed ${results.representativeTrial.seed}, `);
      expect(here.trials, 'trials run on the event loop').toBe(0);
      console.log(
        `campaign report (dome serve's): cheap requests while its representative trial and its report were held on the pool max ${Math.max(...during).toFixed(1)} ms; the report ${reportMs.toFixed(0)} ms in all`,
      );
    } finally {
      pool.logGate = undefined;
      pool.reportGate = undefined;
      await served.close();
    }
  }, 120_000);
});
