import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import { type EngineEvent, eventsVisibleTo } from '@golden-dome/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer, type ServerOptions } from '../src/app.ts';
import type { AuditEntry } from '../src/audit-log.ts';
import { DataDirError } from '../src/data-dir.ts';
import { trialCommand, trialLog } from '../src/live-command.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { DATABASE_FILE } from '../src/server-database.ts';
import { ManualClock } from '../src/wall-clock.ts';
import { basic, commandedWorld, testUsers, testWorlds } from './fixture.ts';
import { TestClient } from './ws-client.ts';

/**
 * Durable state (docs/server.md, "Durable state"): on a data directory, stored trials, decisions, the
 * audit log and campaigns survive a restart — a clean one, and a `kill -9` in the middle of a campaign,
 * which then resumes from its last stored chunk and ends with the results of a run straight through.
 */
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'dome-durable-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const options = async (dataDir: string): Promise<ServerOptions> => ({
  users: await testUsers(),
  scenarios: worldLibrary(testWorlds()),
  dataDir,
  now: () => Date.UTC(2029, 0, 1),
});

async function untilDone(server: FastifyInstance, id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 1500; i++) {
    const s = (await server.inject({ method: 'GET', url: `/api/campaigns/${id}`, headers: basic('us-viewer') })).json<
      Record<string, unknown>
    >();
    if (s.state !== 'running' && s.state !== 'queued') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('campaign did not finish');
}
const auditOf = async (server: FastifyInstance) =>
  (await server.inject({ method: 'GET', url: '/api/audit', headers: basic('us-admin') })).json<{
    entries: AuditEntry[];
    dropped: unknown;
  }>();

describe('a server restarted on its data directory', () => {
  it('keeps stored trials (recomputed from scenario and seed), decisions, finished campaigns and the audit log', async () => {
    const dir = tempDir();
    let app = await buildServer(await options(dir));
    const trial = (
      await app.inject({ method: 'POST', url: '/api/trials', headers: basic('us-operator'), payload: { scenario: 'withheld', seed: 7 } })
    ).json<{ id: string }>().id;
    const events = (await app.inject({ method: 'GET', url: `/api/trials/${trial}/events`, headers: basic('us-commander') })).json<{
      events: EngineEvent[];
    }>().events;
    const assign = events.find((e) => e.type === 'assign');
    if (assign?.type !== 'assign') throw new Error('the small raid should assign an interceptor');
    const decide = (server: FastifyInstance, decision: string) =>
      server.inject({
        method: 'POST',
        url: `/api/trials/${trial}/approvals`,
        headers: basic('us-commander'),
        payload: { weapon: assign.weapon, object: assign.object, decision },
      });
    // not a live trial: a decision cannot change it (409, audited as refused; live command: live-command.test.ts)
    expect((await decide(app, 'deny')).statusCode).toBe(409);
    expect((await app.inject({ method: 'GET', url: '/api/scenarios', headers: basic('us-viewer', 'wrong') })).statusCode).toBe(401);
    const campaign = (
      await app.inject({
        method: 'POST',
        url: '/api/campaigns',
        headers: basic('us-operator'),
        payload: { scenario: 'withheld', trials: 6, seed: 3 },
      })
    ).json<{ id: string }>().id;
    expect(await untilDone(app, campaign)).toMatchObject({ state: 'done', done: 6 });
    const results = (
      await app.inject({ method: 'GET', url: `/api/campaigns/${campaign}/results`, headers: basic('us-viewer') })
    ).json<unknown>();
    const csv = (await app.inject({ method: 'GET', url: `/api/campaigns/${campaign}/trials.csv`, headers: basic('us-viewer') })).body;
    const audit = await auditOf(app);
    expect(audit.entries.map((e) => [e.kind, e.outcome])).toEqual([
      ['decision', 'refused'],
      ['login', 'refused'],
    ]);
    await app.close();

    app = await buildServer(await options(dir));
    try {
      // the trial, by id, with the same log for each nation (recomputed: only its scenario and seed were stored)
      const again = (await app.inject({ method: 'GET', url: `/api/trials/${trial}/events`, headers: basic('us-commander') })).json<{
        events: EngineEvent[];
      }>();
      expect(again.events).toEqual(events);
      expect((await decide(app, 'approve')).statusCode).toBe(409);
      // the campaign and its outputs
      expect((await app.inject({ method: 'GET', url: `/api/campaigns/${campaign}`, headers: basic('us-viewer') })).json()).toMatchObject({
        state: 'done',
        done: 6,
        total: 6,
      });
      expect((await app.inject({ method: 'GET', url: `/api/campaigns/${campaign}/results`, headers: basic('us-viewer') })).json()).toEqual(
        results,
      );
      expect((await app.inject({ method: 'GET', url: `/api/campaigns/${campaign}/trials.csv`, headers: basic('us-viewer') })).body).toBe(
        csv,
      );
      expect((await app.inject({ method: 'GET', url: `/api/campaigns/${campaign}/report`, headers: basic('us-viewer') })).statusCode).toBe(
        200,
      );
      // the audit log: the same entries, numbering going on after them
      const after = await auditOf(app);
      expect(after.entries.slice(0, 2)).toEqual(audit.entries);
      expect(after.entries.slice(2).map((e) => [e.seq, e.kind, e.outcome])).toEqual([[3, 'decision', 'refused']]);
    } finally {
      await app.close();
    }
  });

  it('replays a live trial under command with its stored decisions after a restart: the same log, not the undecided one', async () => {
    const dir = tempDir();
    const live = async (): Promise<ServerOptions> => ({
      ...(await options(dir)),
      scenarios: worldLibrary({ ...testWorlds(), commanded: commandedWorld() }),
      clock: new ManualClock(),
    });
    let app = await buildServer(await live());
    const clients: TestClient[] = [];
    try {
      const base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
      const { token } = (await app.inject({ method: 'POST', url: '/api/tokens', headers: basic('us-commander') })).json<{
        token: string;
      }>();
      const commander = new TestClient(`${base}/ws?token=${token}`);
      clients.push(commander);
      await commander.next('hello');
      commander.send({ type: 'watch', scenario: 'commanded', seed: 3, playing: false });
      const scene = await commander.next('scene');
      const trial = scene.trial as string;
      const eventsOf = async (server: FastifyInstance) =>
        (await server.inject({ method: 'GET', url: `/api/trials/${trial}/events`, headers: basic('us-commander') })).json<{
          events: EngineEvent[];
        }>().events;
      const undecided = await eventsOf(app);
      const rv = undecided.filter(
        (e): e is Extract<EngineEvent, { type: 'assign' }> =>
          e.type === 'assign' && e.object === 'm1/rv0' && e.approvals.some((a) => a.nation === 'US'),
      );
      expect(rv.length).toBe(2);
      // deny the first engagement on the socket, approve the second over REST, each at the commander's clock
      const seek = async (t: number) => {
        const clocks = commander.of('clock').length;
        commander.send({ type: 'seek', t });
        await commander.next('clock', clocks + 1);
      };
      await seek(rv[0].t + 5);
      commander.send({ type: 'decide', assign: { weapon: rv[0].weapon, object: 'm1/rv0' }, decision: 'deny' });
      await commander.next('decision');
      await seek(rv[1].t + 10);
      const approved = await app.inject({
        method: 'POST',
        url: `/api/trials/${trial}/approvals`,
        headers: basic('us-commander'),
        payload: { weapon: rv[1].weapon, object: 'm1/rv0', decision: 'approve' },
      });
      expect(approved.statusCode).toBe(201);
      const decided = await eventsOf(app);
      expect(decided).not.toEqual(undecided);
      expect(decided.filter((e) => e.type === 'decision' && e.by === 'commander').length).toBe(2);
      commander.ws.terminate();
      await app.close();

      // restarted: the trial's log is recomputed from its scenario, seed, command and stored decisions
      app = await buildServer(await live());
      const replayed = await eventsOf(app);
      expect(JSON.stringify(replayed)).toBe(JSON.stringify(decided));
      // and Canada's view is the filter of that same log (the decisions count for every nation)
      const world = commandedWorld();
      const ca = (await app.inject({ method: 'GET', url: `/api/trials/${trial}/events`, headers: basic('ca-viewer') })).json<{
        events: EngineEvent[];
      }>().events;
      const full = trialLog(world, 3, trialCommand(world, new Set(['US'])), [
        { nation: 'US', weapon: rv[0].weapon, object: 'm1/rv0', verdict: 'deny', t: rv[0].t + 5 },
        { nation: 'US', weapon: rv[1].weapon, object: 'm1/rv0', verdict: 'approve', t: rv[1].t + 10 },
      ]);
      expect(ca).toEqual(eventsVisibleTo(world.policy, 'CA', world, full));
      expect(replayed).toEqual(eventsVisibleTo(world.policy, 'US', world, full));
    } finally {
      for (const c of clients) c.ws.terminate();
      await app.close();
    }
  });

  // three processes, each with a trial-pool thread, run ~430 trials between them: ~80 s on a loaded 2-core machine
  it('resumes a campaign interrupted by kill -9 of the server, from its last stored chunk, to the results of an uninterrupted run', async () => {
    const dir = tempDir();
    const TRIALS = 200;
    const body = { scenario: 'withheld', trials: TRIALS, seed: 11 };
    // the uninterrupted run (its own server, in memory), meanwhile
    const reference = buildServer({ ...(await options(dir)), dataDir: undefined }).then(async (app) => {
      try {
        const id = (await app.inject({ method: 'POST', url: '/api/campaigns', headers: basic('us-operator'), payload: body })).json<{
          id: string;
        }>().id;
        expect(await untilDone(app, id)).toMatchObject({ state: 'done', done: TRIALS });
        return (await app.inject({ method: 'GET', url: `/api/campaigns/${id}/results`, headers: basic('us-viewer') })).json<
          Record<string, unknown>
        >();
      } finally {
        await app.close();
      }
    });

    const worlds = join(tempDir(), 'worlds.v8');
    writeFileSync(worlds, serialize(testWorlds()));
    const first = spawnServer(dir, worlds);
    // the next server prepares meanwhile, and opens the data directory once the first is killed
    const next = spawnServer(dir, worlds, true);
    let url = await first.url;
    const get = async (path: string) =>
      (await fetch(`${url}${path}`, { headers: basic('us-viewer') })).json() as Promise<Record<string, unknown>>;
    const start = await fetch(`${url}/api/campaigns`, {
      method: 'POST',
      headers: { ...basic('us-operator'), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(start.status).toBe(202);
    const { id } = (await start.json()) as { id: string };
    let before = 0;
    while (before < 80) {
      await new Promise((r) => setTimeout(r, 20));
      before = (await get(`/api/campaigns/${id}`)).done as number;
    }
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(before).toBeLessThan(TRIALS);

    await next.ready;
    next.open();
    url = await next.url;
    try {
      // resumed after its last stored chunk (50 trials each), not started again
      const resumed = await get(`/api/campaigns/${id}`);
      expect(resumed.state).toBe('running');
      expect(resumed.done as number).toBeGreaterThanOrEqual(50);
      expect(resumed.done as number).toBeLessThanOrEqual(before);
      let status = resumed;
      while (status.state === 'running' || status.state === 'queued') {
        await new Promise((r) => setTimeout(r, 50));
        status = await get(`/api/campaigns/${id}`);
      }
      expect(status).toMatchObject({ state: 'done', done: TRIALS, total: TRIALS });
      const results = await get(`/api/campaigns/${id}/results`);
      const { id: _ref, ...uninterrupted } = await reference;
      const { id: _res, ...afterKill } = results;
      expect(afterKill).toEqual(uninterrupted);
      expect(results.trials).toBe(TRIALS);
    } finally {
      next.child.stdin.end();
      await new Promise((r) => next.child.once('exit', r));
    }
  }, 180_000);
});

describe('a data directory that cannot be used', () => {
  it('is refused with a message naming the path: a file in the way, a damaged database, one in use by a running server', async () => {
    const base = tempDir();
    const file = join(base, 'a-file');
    writeFileSync(file, 'not a directory');
    await expect(buildServer(await options(file))).rejects.toThrow(
      new DataDirError(`cannot create the data directory ${file}: a file of that name is in the way`),
    );
    await expect(buildServer(await options(join(file, 'data')))).rejects.toThrow(
      `cannot create the data directory ${join(file, 'data')}: a file is in the way on its path`,
    );

    const damaged = join(base, 'damaged');
    mkdirSync(damaged);
    writeFileSync(join(damaged, DATABASE_FILE), 'SQLite format 3\u0000'.padEnd(8192, 'garbage '));
    const err = await buildServer(await options(damaged)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirError);
    expect((err as Error).message).toContain(join(damaged, DATABASE_FILE));
    expect((err as Error).message).toMatch(/move it away, or use another --data directory/);

    // held by a live process (this test's parent stands in for another server)
    const held = join(base, 'held');
    mkdirSync(held);
    writeFileSync(join(held, 'server.pid'), `${process.ppid}\n`);
    await expect(buildServer(await options(held))).rejects.toThrow(
      `the data directory ${held} is in use by the server of process ${process.ppid}`,
    );
    // ... and one left by a process that is gone is taken over
    writeFileSync(join(held, 'server.pid'), '2147483646\n');
    const app = await buildServer(await options(held));
    await app.close();
  });
});

/** A server child (durable-server.ts); `wait`: ready, but opening the data directory only on `open()`. */
function spawnServer(
  dir: string,
  worlds: string,
  wait = false,
): { child: ChildProcessWithoutNullStreams; ready: Promise<void>; url: Promise<string>; open: () => void } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'durable-server.ts'), dir, worlds, ...(wait ? ['--wait'] : [])],
    { stdio: 'pipe' },
  );
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
      lines.push(JSON.parse(out.slice(0, nl)) as Record<string, unknown>);
      out = out.slice(nl + 1);
    }
    for (const w of waiters.splice(0)) w();
  });
  const line = (key: string) =>
    new Promise<unknown>((resolve, reject) => {
      const look = () => {
        const l = lines.find((x) => key in x);
        if (l) resolve(l[key]);
        else waiters.push(look);
      };
      child.once('exit', (code) => reject(new Error(`the durable test's server exited (${code}): ${err}`)));
      look();
    });
  const ready = wait ? line('ready').then(() => {}) : Promise.resolve();
  const url = line('url') as Promise<string>;
  // a server killed before it answers: its promises are not waited on
  ready.catch(() => {});
  url.catch(() => {});
  return { child, ready, url, open: () => child.stdin.write('open\n') };
}
