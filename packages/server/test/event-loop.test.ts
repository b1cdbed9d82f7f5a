import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyScenarioText } from '../../cli/test/tiny-scenarios.ts';
import { type PoolTask, type ResultOf, type RunOptions, TrialPool } from '@golden-dome/pool';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/app.ts';
import { fileScenarioLibrary } from '../src/scenario-library.ts';
import { basic, testUsers } from './fixture.ts';

/**
 * The server's heavy work runs on the trial pool, not on its event loop (docs/worker-pool.md): while a
 * world builds and while a campaign runs, a cheap request is answered — before the heavy job ends. With
 * the work on the event loop, a request sent after the build started could only be answered after it.
 * Over a real socket (fetch), as a client sees it. No timing is asserted (the figures are printed).
 */

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
  override async run<T extends PoolTask>(task: T, options?: RunOptions): Promise<ResultOf<T>> {
    if (task.kind === 'edge') {
      this.views.push(task.fn);
      if (task.fn === 'export' && this.gate) await this.gate;
    }
    return super.run(task, options);
  }
}

let app: FastifyInstance;
let base: string;
let pool: WatchedPool;
let bearer: { authorization: string };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dome-loop-'));
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
});
