import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { EngineEvent } from '@golden-dome/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyScenarioText } from '../../cli/test/tiny-scenarios.ts';
import { basic } from './fixture.ts';
import { TestClient } from './ws-client.ts';

/**
 * A bounded load test over loopback, on the system clock: while one user (us-operator) floods the
 * server with the whole list — validations of a scenario with 300 unknown places (one after
 * another, on the trial pool), a 10,000-trial campaign (on the pool), 40 `watch` in a burst, 200 idle
 * sockets, clients that do not read while asking for the whole log again and again, 300 wrong
 * secrets — another user (of another nation) keeps a live stream and asks REST questions. Asserted, the
 * issue's must-show: the other user is served (every answer 200) with a p99 under 250 ms, its stream
 * loses nothing (no seq gap, its events exactly its nation's log up to its clock), and the server's
 * memory stays under a stated bound (resident set at most SERVER_RSS_BOUND_MIB during the flood, and
 * grown by at most 512 MiB); the flood meets its caps. The figures measured are printed.
 */
const FLOOD_MS = 6000;
/**
 * The server's resident memory bound during the flood [MiB]: ~330 MiB at rest (the worlds, one pool
 * thread with its world copies), plus the flood's bounded buffers (16 sockets x 256 KiB unread, 2
 * campaigns' chunks, 300 stored audit entries, the 256 KiB YAML bodies) — 1 GiB leaves room for the GC's
 * slack without hiding a leak of the gigabytes the issue saw.
 */
const SERVER_RSS_BOUND_MIB = 1024;
// 300 missiles from and to places no gazetteer knows (the cli's tiny scenario's raid replaced)
const UNKNOWN_PLACES = tinyScenarioText('unknown-places').replace(
  /raid:\n.*\n/,
  `raid:\n${Array.from({ length: 300 }, (_, i) => `  - {id: m${i}, type: hwasong-17, from: nowhere-${i}-qzx, to: Elsewhere Qzx ${i}, target: {id: seattle, nation: US}, launch_time_s: 0}`).join('\n')}\n`,
);
const clients: TestClient[] = [];
let server: ChildProcessWithoutNullStreams;
let http: string;
let ws: string;
/** Event-loop delay of the server process, per 500 ms [ms]. */
const loop: Array<{ p50: number; p99: number; max: number }> = [];

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
async function tokenOf(user: string): Promise<string> {
  const res = await fetch(`${http}/api/tokens`, { method: 'POST', headers: basic(user) });
  return ((await res.json()) as { token: string }).token;
}
const getJson = async <T>(path: string, headers: Record<string, string>): Promise<T> =>
  (await (await fetch(`${http}${path}`, { headers })).json()) as T;
function connect(query: string): TestClient {
  const c = new TestClient(`${ws}/ws?${query}`);
  c.ws.on('error', () => {});
  clients.push(c);
  return c;
}
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Resident memory of the server process [MiB] (Linux /proc). */
const serverRssMiB = (): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1]) / 1024;

beforeAll(async () => {
  server = spawn(process.execPath, ['--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'load-server.ts')], { stdio: 'pipe' });
  let err = '';
  server.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  http = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    server.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      for (;;) {
        const nl = buffered.indexOf('\n');
        if (nl < 0) break;
        const line = JSON.parse(buffered.slice(0, nl)) as { url?: string; loop?: (typeof loop)[number] };
        buffered = buffered.slice(nl + 1);
        if (line.url) resolve(line.url);
        if (line.loop) loop.push(line.loop);
      }
    });
    server.on('exit', (code) => reject(new Error(`the load test's server exited (${code}): ${err}`)));
  });
  ws = http.replace(/^http/, 'ws');
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.ws.terminate();
  server.stdin.end();
  await new Promise((r) => server.once('exit', r));
});

describe("under one user's flood, another user is served", () => {
  it("answers the other user's REST and streams its live picture without loss; the flood meets its caps", async () => {
    const flooder = await tokenOf('us-operator');
    const admin = await tokenOf('us-admin');
    const victimToken = await tokenOf('ca-commander');
    const victimAuth = auth(victimToken);
    const trial = (
      (await (
        await fetch(`${http}/api/trials`, {
          method: 'POST',
          headers: { ...victimAuth, 'content-type': 'application/json' },
          body: JSON.stringify({ scenario: 'integrated', seed: 11 }),
        })
      ).json()) as { id: string }
    ).id;
    const rssBefore = serverRssMiB();
    const clientLoop = monitorEventLoopDelay({ resolution: 10 });
    clientLoop.enable();
    let rssMax = rssBefore;

    // the other user's live stream
    const viewer = connect(`token=${await tokenOf('ca-viewer')}`);
    await viewer.next('hello');
    viewer.send({ type: 'watch', scenario: 'integrated', seed: 12, speed: 200, playing: true });
    const scene = await viewer.next('scene');

    // the other user's connection is open before the flood (a new connection during a flood of 500 waits its turn to be accepted)
    expect((await fetch(`${http}/api/scenarios`, { headers: victimAuth })).status).toBe(200);
    let flooding = true;
    const floods: Array<Promise<unknown>> = [];
    // a 10,000-trial campaign on the in-process runner
    const campaign = await fetch(`${http}/api/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${flooder}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'withheld', trials: 10_000 }),
    });
    expect(campaign.status).toBe(202);
    const campaignId = ((await campaign.json()) as { id: string }).id;
    // clients that do not read, asking for the whole log again at the rate limit
    const sluggards = [0, 1, 2].map(() => connect(`token=${flooder}`));
    for (const c of sluggards) await c.next('hello');
    for (const c of sluggards) {
      c.send({ type: 'watch', scenario: 'withheld', seed: 1, playing: false });
      await c.next('scene');
      (c.ws as unknown as { _socket: Socket })._socket.pause();
    }
    floods.push(
      (async () => {
        for (let k = 0; flooding; k++) {
          for (const c of sluggards) if (c.ws.readyState === 1) c.send({ type: 'seek', t: 1e9 + k });
          await sleep(55);
        }
      })(),
    );
    // 40 watch in a burst on one socket
    const watcher = connect(`token=${flooder}`);
    await watcher.next('hello');
    for (let seed = 100; seed < 140; seed++) watcher.send({ type: 'watch', scenario: 'withheld', seed, playing: false });
    // 200 idle sockets
    const idle = Array.from({ length: 200 }, () => connect(`token=${flooder}`));
    // validations of 300 unknown places, one after another
    const validations: number[] = [];
    floods.push(
      (async () => {
        while (flooding) {
          const res = await fetch(`${http}/api/scenarios/validate`, {
            method: 'POST',
            headers: { authorization: `Bearer ${flooder}`, 'content-type': 'application/yaml' },
            body: UNKNOWN_PLACES,
          });
          const body = (await res.json()) as { ok: boolean; errors: string[] };
          validations.push(res.status === 200 && !body.ok ? body.errors.length : -res.status);
        }
      })(),
    );
    // 300 wrong secrets
    floods.push(
      Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          fetch(`${http}/api/scenarios`, { headers: basic('us-operator', `guess ${i}`) }).then((r) => r.status),
        ),
      ),
    );

    // meanwhile, the other user's REST questions, one after another, on its connection (opened before the flood)
    const latencies: number[] = [];
    const statuses = new Set<number>();
    const urls = ['/api/scenarios', `/api/trials/${trial}/events`, '/api/audit?limit=50'];
    const t0 = performance.now();
    for (let i = 0; performance.now() - t0 < FLOOD_MS; i++) {
      const s = performance.now();
      const res = await fetch(`${http}${urls[i % urls.length]}`, { headers: victimAuth });
      await res.arrayBuffer();
      latencies.push(performance.now() - s);
      statuses.add(res.status);
      if (i % 20 === 0) rssMax = Math.max(rssMax, serverRssMiB());
    }
    flooding = false;
    clientLoop.disable();
    const wrong = (await floods[2]) as number[];
    await floods[0];
    await floods[1];

    // the other user: served, not starved
    const p50 = quantile(latencies, 0.5),
      p99 = quantile(latencies, 0.99),
      max = Math.max(...latencies);
    const loopMax = Math.max(...loop.slice(-Math.ceil(FLOOD_MS / 500)).map((l) => l.max));
    console.info(
      `load test: other user's REST ${latencies.length} answers in ${FLOOD_MS} ms: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms; ` +
        `server event-loop delay max ${loopMax.toFixed(0)} ms (the test's own: max ${(clientLoop.max / 1e6).toFixed(0)} ms); server RSS ${rssBefore.toFixed(0)} MiB before, at most ${rssMax.toFixed(0)} MiB during`,
    );
    expect([...statuses]).toEqual([200]);
    expect(latencies.length).toBeGreaterThan((FLOOD_MS / 1000) * 5);
    expect(p99).toBeLessThan(250);
    expect(rssMax).toBeLessThan(SERVER_RSS_BOUND_MIB);
    expect(rssMax - rssBefore).toBeLessThan(512);
    // the validations were answered meanwhile, each locating its 300 unknown places
    console.info(`load test: ${validations.length} validations of 300 unknown places during the flood`);
    expect(validations.length).toBeGreaterThan(0);
    for (const v of validations) expect(v).toBeGreaterThanOrEqual(300);

    // its stream lost nothing: no gap in seq, not closed, and exactly its nation's log up to its clock
    expect(viewer.closed).toBeUndefined();
    const seqs = viewer.messages.map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const t = Number(viewer.of('clock').at(-1)?.t);
    expect(t).toBeGreaterThan(Number(scene.start));
    const log = (await getJson<{ events: EngineEvent[] }>(`/api/trials/${String(scene.trial)}/events`, victimAuth)).events;
    const received = viewer.of('events').flatMap((m) => m.events as EngineEvent[]);
    expect(received.length).toBeGreaterThan(0);
    // (events come every tick, clocks every second: the events received may run past the last clock's t)
    expect(received).toEqual(log.slice(0, received.length));
    expect(log.filter((e) => e.t <= t).length).toBeLessThanOrEqual(received.length);

    // the flood met its caps: 16 sockets a user (3 + 1 + 12 idle), the 40 watches served twice (the first and the last),
    // the readers that do not read closed (1013, audited), sign-ins throttled after 10 failures
    await Promise.all(
      idle.map((c) => c.until(() => c.closed !== undefined || c.messages.length > 0, 'an answer to an idle socket', 20_000)),
    );
    const refusedIdle = idle.filter((c) => c.closed?.code === 4429).length;
    const acceptedIdle = idle.filter((c) => c.messages[0]?.type === 'hello').length;
    expect(acceptedIdle).toBeLessThanOrEqual(12);
    expect(refusedIdle + acceptedIdle).toBe(200);
    await watcher.until(() => watcher.of('scene').length >= 2, 'the newest watch');
    await sleep(1200);
    expect(watcher.of('scene').map((m) => m.seed)).toEqual([100, 139]);
    // every wrong secret refused; about the scrypt gate's 2 + 64 checked (and a few more entering as the first
    // finish, before 10 failures are counted), the rest refused before any scrypt work: 429 once 10 failures are
    // counted, 503 while the gate is full
    const byStatus = wrong.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});
    console.info(`load test: 300 wrong secrets answered ${JSON.stringify(byStatus)}`);
    expect(Object.keys(byStatus).filter((s) => !['401', '429', '503'].includes(s))).toEqual([]);
    expect(byStatus[401] ?? 0).toBeLessThanOrEqual(100);
    const audit = (await getJson<{ entries: Array<{ user: string; reason: string }> }>('/api/audit?limit=1000', auth(admin))).entries;
    const slow = audit.filter((e) => e.user === 'us-operator' && /client too slow/.test(e.reason)).length;
    console.info(
      `load test: ${slow} of 3 clients that do not read closed for it; ${refusedIdle} idle sockets refused; campaign at ${(await getJson<{ done: number }>(`/api/campaigns/${campaignId}`, auth(flooder))).done} trials`,
    );
    // (8 s of 12 KB answers, ~2 MB, fit in loopback's kernel buffers: the bound is met at the socket in live.test.ts)
    expect(slow).toBeLessThanOrEqual(3);
    // the big campaign is cancelled by its owner
    const cancelled = await fetch(`${http}/api/campaigns/${campaignId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${flooder}` },
    });
    expect(cancelled.status).toBe(200);
  }, 40_000);
});
