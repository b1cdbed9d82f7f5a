import type { Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { EngineEvent } from '@golden-dome/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, isLoopback } from '../src/app.ts';
import { SceneAssets } from '@golden-dome/core/protocol';
import { MAX_CLIENT_MESSAGE_BYTES } from '../src/client-messages.ts';
import { RATE_BURST, SLOW_CLIENT_GRACE_MS, TICK_MS } from '../src/live-session.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { ManualClock } from '../src/wall-clock.ts';
import { basic, commandedWorld, testUsers, testWorlds } from './fixture.ts';
import { type ServerMessage, TestClient } from './ws-client.ts';

/** Events that only Canada's withheld radar (p-othr) can have produced. */
const caSourced = (e: EngineEvent): boolean =>
  (e.type === 'detect' && e.sensor === 'p-othr') || (e.type === 'track' && e.sources.includes('p-othr'));
type Positions = { t: number; objects: Array<{ id: string; kind: string; latitude: number; longitude: number; altitude: number }> };

const clock = new ManualClock();
let app: FastifyInstance;
let base: string;
const clients: TestClient[] = [];

function connect(query: string, root = base): TestClient {
  const c = new TestClient(`${root}/ws?${query}`);
  clients.push(c);
  return c;
}
async function tokenOf(user: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/tokens', headers: basic(user) });
  expect(res.statusCode).toBe(201);
  return res.json<{ token: string }>().token;
}
async function restEvents(user: string, trial: string): Promise<EngineEvent[]> {
  const res = await app.inject({ method: 'GET', url: `/api/trials/${trial}/events`, headers: basic(user) });
  expect(res.statusCode).toBe(200);
  return res.json<{ events: EngineEvent[] }>().events;
}
/** Everything a client received as events since its last reset. */
function eventsSinceReset(c: TestClient): EngineEvent[] {
  const lastReset = c.messages.map((m) => m.type).lastIndexOf('reset');
  return c.messages
    .slice(lastReset + 1)
    .filter((m) => m.type === 'events')
    .flatMap((m) => m.events as EngineEvent[]);
}
/** Opens a connection as `user`, watches scenario/seed paused, and seeks to the scene's end. */
async function watchedToEnd(user: string, scenario = 'withheld'): Promise<{ c: TestClient; scene: ServerMessage }> {
  const c = connect(`token=${await tokenOf(user)}`);
  await c.next('hello');
  c.send({ type: 'watch', scenario, seed: 1, playing: false });
  const scene = await c.next('scene');
  await c.next('clock');
  c.send({ type: 'seek', t: scene.end });
  await c.next('clock', 2);
  return { c, scene };
}

beforeAll(async () => {
  app = await buildServer({
    users: await testUsers(),
    scenarios: worldLibrary({ ...testWorlds(), commanded: commandedWorld() }),
    clock,
    demo: true,
    now: () => Date.UTC(2029, 0, 1),
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  base = address.replace(/^http/, 'ws');
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.ws.terminate();
  await app.close();
});

describe('connecting', () => {
  it('greets a token holder with its user, nation and role, not in demo mode', async () => {
    const c = connect(`token=${await tokenOf('ca-commander')}`);
    const hello = await c.next('hello');
    expect(hello).toMatchObject({ type: 'hello', user: 'ca-commander', nation: 'CA', role: 'commander', demo: false, seq: 1 });
  });

  it('lets a loopback client in demo mode watch as a nation viewer with no account, and says so', async () => {
    const c = connect('nation=CA');
    expect(await c.next('hello')).toMatchObject({ user: 'demo-CA', nation: 'CA', role: 'viewer', demo: true });
  });

  it('refuses with an error and close 1008 a missing, malformed, forged or expired token and a bad nation', async () => {
    const good = await tokenOf('us-viewer');
    const [payload, sig] = good.split('.');
    const forged = `${Buffer.from(JSON.stringify({ sub: 'us-viewer', nation: 'US', role: 'commander', exp: 4e9 })).toString('base64url')}.${sig}`;
    const cases: Array<[string, RegExp]> = [
      ['', /credentials required/],
      ['token=abc', /malformed token/],
      [`token=${payload}.${'A'.repeat(43)}`, /bad token signature/],
      [`token=${forged}`, /bad token signature/],
      [`token=${'a'.repeat(2000)}`, /too long/],
      ['nation=usa', /nation must be a code/],
      // a well-formed code that is no nation of the coalition policies
      ['nation=ZZ', /unknown nation 'ZZ'.*\(CA, UK, US\)/],
      ['nation=XYZ', /unknown nation 'XYZ'/],
    ];
    for (const [query, message] of cases) {
      const c = connect(query);
      expect((await c.closing()).code, query).toBe(1008);
      expect(c.messages[0]).toMatchObject({ type: 'error' });
      expect(String(c.messages[0].message), query).toMatch(message);
      expect(c.of('hello')).toHaveLength(0);
    }
  });

  it('refuses an expired token on the socket and on REST', async () => {
    let nowMs = Date.UTC(2029, 0, 1);
    const timed = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), clock, now: () => nowMs });
    const root = (await timed.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
    try {
      const res = await timed.inject({ method: 'POST', url: '/api/tokens', headers: basic('us-viewer'), payload: { ttlSeconds: 60 } });
      const { token } = res.json<{ token: string }>();
      expect((await timed.inject({ method: 'GET', url: '/api/scenarios', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(
        200,
      );
      nowMs += 61_000;
      const rest = await timed.inject({ method: 'GET', url: '/api/scenarios', headers: { authorization: `Bearer ${token}` } });
      expect(rest.statusCode).toBe(401);
      expect(rest.json().error).toMatch(/expired/);
      const c = connect(`token=${token}`, root);
      expect((await c.closing()).code).toBe(1008);
      expect(String(c.messages[0].message)).toMatch(/expired/);
    } finally {
      await timed.close();
    }
  });

  it('closes an open connection when its token expires (4401), and refuses it after', async () => {
    let nowMs = Date.UTC(2029, 0, 1);
    const timed = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), clock, now: () => nowMs });
    const root = (await timed.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
    try {
      const { token } = (
        await timed.inject({ method: 'POST', url: '/api/tokens', headers: basic('us-viewer'), payload: { ttlSeconds: 60 } })
      ).json<{ token: string }>();
      const c = connect(`token=${token}`, root);
      await c.next('hello');
      c.send({ type: 'watch', scenario: 'withheld', seed: 1, playing: false });
      await c.next('scene');
      nowMs += 30_000;
      clock.advance(30_000);
      await c.next('clock', 2);
      expect(c.closed).toBeUndefined();
      nowMs += 30_000;
      clock.advance(30_000);
      expect((await c.closing()).code).toBe(4401);
      expect(String(c.of('error')[0].message)).toMatch(/^token expired at 2029-01-01T00:01:00.000Z/);
    } finally {
      await timed.close();
    }
  });

  it('refuses (4429) a user more connections than its cap, audited; others connect; a closed one frees a place', async () => {
    const capped = await buildServer({
      users: await testUsers(),
      scenarios: worldLibrary(testWorlds()),
      clock,
      demo: true,
      maxSocketsPerUser: 3,
      maxDemoSocketsPerNation: 3,
    });
    const root = (await capped.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
    try {
      const { token } = (await capped.inject({ method: 'POST', url: '/api/tokens', headers: basic('us-viewer') })).json<{
        token: string;
      }>();
      const open = [connect(`token=${token}`, root), connect(`token=${token}`, root), connect(`token=${token}`, root)];
      for (const c of open) await c.next('hello');
      const fourth = connect(`token=${token}`, root);
      expect((await fourth.closing()).code).toBe(4429);
      expect(String(fourth.messages[0].message)).toMatch(/too many connections: us-viewer has 3 open \(at most 3 per user\)/);
      // demo viewers count per nation
      const demo = [connect('nation=CA', root), connect('nation=CA', root), connect('nation=CA', root), connect('nation=CA', root)];
      const codes = await Promise.all(
        demo.map(async (c) => {
          await c.until(() => c.messages.length > 0, 'a first message');
          return c.messages[0].type;
        }),
      );
      expect(codes.sort()).toEqual(['error', 'hello', 'hello', 'hello']);
      const other = connect(
        `token=${(await capped.inject({ method: 'POST', url: '/api/tokens', headers: basic('us-commander') })).json<{ token: string }>().token}`,
        root,
      );
      await other.next('hello');
      open[0].close();
      await open[0].closing();
      const again = connect(`token=${token}`, root);
      await again.until(() => again.messages.length > 0, 'hello');
      expect(again.messages[0].type).toBe('hello');
      const audit = (await capped.inject({ method: 'GET', url: '/api/audit', headers: basic('us-commander') })).json<{
        entries: Array<{ kind: string; user: string; reason: string }>;
      }>().entries;
      expect(audit).toContainEqual(
        expect.objectContaining({
          kind: 'socket',
          user: 'us-viewer',
          route: 'GET /ws',
          reason: expect.stringMatching(/too many connections/),
        }),
      );
    } finally {
      await capped.close();
    }
  });

  it('refuses demo connections when demo mode is off', async () => {
    const strict = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), clock });
    const root = (await strict.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
    try {
      const c = connect('nation=US', root);
      expect((await c.closing()).code).toBe(1008);
      expect(String(c.messages[0].message)).toMatch(/demo mode is off/);
    } finally {
      await strict.close();
    }
  });

  it('refuses demo connections that do not come from a loopback address', async () => {
    expect([isLoopback('127.0.0.1'), isLoopback('127.8.9.1'), isLoopback('::1'), isLoopback('::ffff:127.0.0.1')]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([
      isLoopback('192.0.2.2'),
      isLoopback('10.0.0.1'),
      isLoopback('::ffff:10.0.0.1'),
      isLoopback('fd00::2'),
      isLoopback(undefined),
    ]).toEqual([false, false, false, false, false]);
    // a real socket from this machine's external address (the CI and dev machines have one)
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4');
    expect(external, 'a non-loopback IPv4 interface to connect from').toBeDefined();
    const open = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), clock, demo: true });
    const port = Number(new URL(await open.listen({ host: '0.0.0.0', port: 0 })).port);
    try {
      const c = connect('nation=US', `ws://${external?.address}:${port}`);
      expect((await c.closing()).code).toBe(1008);
      expect(String(c.messages[0].message)).toMatch(/from this machine only/);
      const local = connect('nation=US', `ws://127.0.0.1:${port}`);
      expect(await local.next('hello')).toMatchObject({ demo: true });
    } finally {
      await open.close();
    }
  });
});

describe('bad messages', () => {
  const refusals: Array<[string, string | Buffer, number, RegExp]> = [
    ['malformed JSON', '{"type": "watch", ', 1008, /malformed JSON/],
    ['not an object', '[1,2]', 1008, /JSON object/],
    ['an unknown type', '{"type":"launch-everything"}', 1008, /unknown message type/],
    ['a bad field', '{"type":"watch","scenario":"withheld","seed":-1}', 1008, /seed/],
    ['an extra field', '{"type":"watch","scenario":"withheld","seed":1,"admin":true}', 1008, /admin/],
    ['a speed out of range', '{"type":"speed","value":5000}', 1008, /value/],
    ['control before watch', '{"type":"play"}', 1008, /before any 'watch'/],
    ['an unknown scenario', '{"type":"watch","scenario":"nowhere","seed":1}', 1008, /no scenario 'nowhere'/],
    ['an unknown stored trial', '{"type":"watch","trial":"nope"}', 1008, /no stored trial/],
    ['an oversized frame', JSON.stringify({ type: 'seek', t: 1, pad: 'x'.repeat(MAX_CLIENT_MESSAGE_BYTES) }), 1009, /limit is 4096/],
    ['a binary frame', Buffer.from([1, 2, 3]), 1003, /binary/],
    ['a viewer deciding', '{"type":"watch","scenario":"withheld","seed":1}', 1008, /.*/],
  ];
  for (const [what, frame, code, message] of refusals.slice(0, -1)) {
    it(`answers ${what} with an error and close ${code}`, async () => {
      const c = connect(`token=${await tokenOf('us-viewer')}`);
      await c.next('hello');
      if (Buffer.isBuffer(frame)) c.ws.send(frame, { binary: true });
      else c.send(frame);
      expect((await c.closing()).code).toBe(code);
      const error = c.of('error');
      expect(error).toHaveLength(1);
      expect(String(error[0].message)).toMatch(message);
    });
  }

  it('closes a frame beyond the socket limit (64 KiB) with 1009, and keeps serving', async () => {
    const c = connect(`token=${await tokenOf('us-viewer')}`);
    await c.next('hello');
    c.send('x'.repeat(200 * 1024));
    expect((await c.closing()).code).toBe(1009);
    const after = connect('nation=US');
    expect(await after.next('hello')).toMatchObject({ type: 'hello' });
    expect((await app.inject({ method: 'GET', url: '/api/scenarios', headers: basic('us-viewer') })).statusCode).toBe(200);
  });

  it(`closes a connection that sends more than ${RATE_BURST} messages at once (rate limit)`, async () => {
    const c = connect('nation=US');
    await c.next('hello');
    c.send({ type: 'watch', scenario: 'withheld', seed: 1, playing: false });
    await c.next('scene');
    for (let i = 0; i < RATE_BURST + 5; i++) c.send({ type: 'pause' });
    expect((await c.closing()).code).toBe(1008);
    expect(String(c.of('error')[0].message)).toMatch(/rate limit/);
    expect(c.of('clock').length).toBeLessThanOrEqual(RATE_BURST);
  });
});

describe('a client that does not read', () => {
  it('is closed (1013) once more than the bound is queued for it, and dropped; the server does not buffer on', async () => {
    const bounded = await buildServer({
      users: await testUsers(),
      scenarios: worldLibrary(testWorlds()),
      clock,
      maxBufferedBytes: 64 * 1024,
    });
    const root = (await bounded.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
    try {
      const { token } = (await bounded.inject({ method: 'POST', url: '/api/tokens', headers: basic('us-viewer') })).json<{
        token: string;
      }>();
      const c = connect(`token=${token}`, root);
      await c.next('hello');
      c.send({ type: 'watch', scenario: 'withheld', seed: 1, playing: false });
      await c.next('scene');
      // stop reading; each seek to the end asks for the whole log again (~12 KB): 2,000 of them are ~24 MB,
      // more than loopback's kernel buffers hold (a few MB), so the rest queues in the server
      (c.ws as unknown as { _socket: Socket })._socket.pause();
      const audited = async () =>
        (await bounded.inject({ method: 'GET', url: '/api/audit', headers: basic('us-commander') }))
          .json<{ entries: Array<{ user: string; reason: string }> }>()
          .entries.some((e) => e.user === 'us-viewer' && /client too slow/.test(e.reason));
      // in batches within the rate limit (the server's clock is the test's: advanced once a batch is handled)
      for (let batch = 0; batch < 80 && !(batch % 5 === 0 && (await audited())); batch++) {
        for (let k = 0; k < RATE_BURST - 2; k++) c.send({ type: 'seek', t: 1e9 + batch * RATE_BURST + k });
        await new Promise((r) => setTimeout(r, 40));
        clock.advance(2000);
      }
      // on a loaded machine the server may still be answering the last batches' seeks: give it up to a minute
      for (let i = 0; i < 300 && !(await audited()); i++) await new Promise((r) => setTimeout(r, 200));
      expect(await audited()).toBe(true);
      // dropped after the grace: the client, reading again, finds the connection closed
      clock.advance(SLOW_CLIENT_GRACE_MS);
      (c.ws as unknown as { _socket: Socket })._socket.resume();
      const closed = await c.closing();
      expect([1013, 1006]).toContain(closed.code);
    } finally {
      for (const c of clients) c.ws.terminate();
      await bounded.close();
    }
  }, 30_000);
});

describe('what a nation receives (sharing policy, at the socket)', () => {
  it("never sends a US user the withheld Canadian radar's detections or tracks; sends them to a Canadian user", async () => {
    const us = await watchedToEnd('us-viewer');
    const ca = await watchedToEnd('ca-viewer');
    const usEvents = eventsSinceReset(us.c),
      caEvents = eventsSinceReset(ca.c);
    expect(usEvents.length).toBeGreaterThan(0);
    expect(usEvents.filter(caSourced)).toEqual([]);
    expect(caEvents.filter((e) => e.type === 'detect' && e.sensor === 'p-othr').length).toBeGreaterThan(0);
    // the scene does not even locate the withheld radar for the US, nor give it Canada's or anyone else's batteries
    type Assets = { radars: Array<{ id: string }>; batteries: Array<{ id: string; owner: string }> };
    const usAssets = us.scene.assets as Assets,
      caAssets = ca.scene.assets as Assets;
    expect(usAssets.radars.map((r) => r.id)).not.toContain('p-othr');
    expect(usAssets.radars.length).toBeGreaterThan(0);
    expect(caAssets.radars.map((r) => r.id)).toContain('p-othr');
    expect(usAssets.batteries.length).toBeGreaterThan(0);
    expect(usAssets.batteries.every((b) => b.owner === 'US')).toBe(true);
    expect(caAssets.batteries.filter((b) => b.owner !== 'CA')).toEqual([]);
    // the same trial (a live trial of a scenario and seed is shared), the same filtered log as REST
    expect(us.scene.trial).toBe(ca.scene.trial);
    expect(usEvents).toEqual(await restEvents('us-viewer', String(us.scene.trial)));
    expect(caEvents).toEqual(await restEvents('ca-viewer', String(ca.scene.trial)));
  });

  it('sends a US user positions only of objects its own sensors have detected by then, while Canada sees the objects only its radar has', async () => {
    const us = await watchedToEnd('us-viewer');
    const ca = await watchedToEnd('ca-viewer');
    const trial = String(us.scene.trial);
    const firstSeen = (events: EngineEvent[]) => {
      const m = new Map<string, number>();
      for (const e of events) if ((e.type === 'detect' || e.type === 'track') && !m.has(e.object)) m.set(e.object, e.t);
      return m;
    };
    const usSeen = firstSeen(await restEvents('us-viewer', trial));
    const caSeen = firstSeen(await restEvents('ca-viewer', trial));
    // times when Canada's radar holds an object the US has not detected yet
    const probes = [...caSeen].filter(([o, t]) => (usSeen.get(o) ?? Infinity) > t + 1).map(([o, t]) => ({ object: o, t: t + 0.5 }));
    expect(probes.length).toBeGreaterThan(0);
    for (const [n, { t }] of probes.entries()) {
      us.c.send({ type: 'seek', t });
      ca.c.send({ type: 'seek', t });
      const usPos = (await us.c.next('positions', 3 + n)) as unknown as Positions;
      const caPos = (await ca.c.next('positions', 3 + n)) as unknown as Positions;
      expect(usPos.t).toBe(t);
      for (const o of usPos.objects.filter((x) => x.kind === 'threat'))
        expect(usSeen.get(o.id) ?? Infinity, `${o.id} at ${t}`).toBeLessThanOrEqual(t);
      const hidden = probes.filter((p) => p.t <= t + 1e-9 && (usSeen.get(p.object) ?? Infinity) > t).map((p) => p.object);
      for (const id of hidden) {
        expect(usPos.objects.map((o) => o.id)).not.toContain(id);
        expect(caPos.objects.map((o) => o.id)).toContain(id);
      }
    }
  });

  it('streams, as the clock advances, exactly the filtered log, in order, and positions and clock on the way', async () => {
    const c = connect(`token=${await tokenOf('us-viewer')}`);
    await c.next('hello');
    c.send({ type: 'watch', scenario: 'withheld', seed: 1, speed: 1000, playing: true });
    const scene = await c.next('scene');
    await c.next('clock');
    const ticks = Math.ceil(((Number(scene.end) - Number(scene.start)) / 1000) * (1000 / TICK_MS));
    for (let i = 0; i <= ticks && !c.of('clock').some((m) => m.playing === false); i++) {
      const before = c.messages.length;
      clock.advance(TICK_MS);
      await c.until(() => c.messages.length > before, 'a tick');
    }
    const clocks = c.of('clock');
    expect(clocks.at(-1)).toMatchObject({ t: scene.end, playing: false, speed: 1000 });
    const ts = clocks.map((m) => Number(m.t));
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    expect(eventsSinceReset(c)).toEqual(await restEvents('us-viewer', String(scene.trial)));
    expect(eventsSinceReset(c).filter(caSourced)).toEqual([]);
    expect(c.of('positions').length).toBeGreaterThan(ticks / 2);
    const seqs = c.messages.map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('pauses, changes speed and seeks: a seek resends, after a reset, exactly the log up to t', async () => {
    const c = connect('nation=US');
    await c.next('hello');
    c.send({ type: 'watch', scenario: 'withheld', seed: 1, speed: 10, playing: true });
    const scene = await c.next('scene');
    /** Sends a control message and waits for the clock it answers with. */
    const control = async (message: object): Promise<ServerMessage> => {
      const count = c.of('clock').length;
      c.send(message);
      return c.next('clock', count + 1);
    };
    const paused = await control({ type: 'pause' });
    expect(paused.playing).toBe(false);
    const idle = c.of('clock').length;
    clock.advance(5 * TICK_MS);
    // paused, the clock still comes every wall second, and does not move
    expect((await c.next('clock', idle + 1)).t).toBe(paused.t);
    const sped = await control({ type: 'speed', value: 500 });
    expect(sped).toMatchObject({ t: paused.t, speed: 500, playing: false });
    const log = await restEvents('us-viewer', String(scene.trial));
    const t = log[Math.floor(log.length / 2)].t;
    const sought = await control({ type: 'seek', t });
    expect(sought.t).toBe(t);
    expect(c.messages.at(-4)?.type).toBe('reset');
    expect(eventsSinceReset(c)).toEqual(log.filter((e) => e.t <= t));
    expect((await control({ type: 'seek', t: -1e9 })).t).toBe(scene.start);
    const playing = await control({ type: 'play' });
    expect(playing).toMatchObject({ playing: true, speed: 500 });
    const before = c.of('clock').length;
    clock.advance(4 * TICK_MS);
    const moved = await c.next('clock', before + 1);
    expect(Number(moved.t)).toBeCloseTo(Number(scene.start) + (500 * (4 * TICK_MS)) / 1000, 6);
  });
});

describe('replay and decisions', () => {
  it('replays a stored trial with the same filtered events as its stored log, per nation', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/trials',
      headers: basic('us-operator'),
      payload: { scenario: 'integrated', seed: 7 },
    });
    const { id } = res.json<{ id: string }>();
    for (const user of ['us-viewer', 'ca-viewer']) {
      const c = connect(`token=${await tokenOf(user)}`);
      await c.next('hello');
      c.send({ type: 'watch', trial: id, playing: false });
      const scene = await c.next('scene');
      expect(scene).toMatchObject({ trial: id, scenario: 'integrated', seed: 7 });
      c.send({ type: 'seek', t: scene.end });
      await c.next('clock', 2);
      expect(eventsSinceReset(c)).toEqual(await restEvents(user, id));
    }
  });

  it("records a commander's decision on its own nation's engagement, by index, in the audit log", async () => {
    // a live trial where the US approves its own engagements (a US commander is configured: the US decides live)
    const c = connect(`token=${await tokenOf('us-commander')}`);
    await c.next('hello');
    c.send({ type: 'watch', scenario: 'commanded', seed: 1, playing: false });
    const scene = await c.next('scene');
    await c.next('clock');
    const first = (await restEvents('us-commander', String(scene.trial))).find(
      (e) => e.type === 'assign' && e.approvals.some((a) => a.nation === 'US'),
    );
    if (first?.type !== 'assign') throw new Error('an engagement waiting for the US approval');
    c.send({ type: 'seek', t: first.t + 1 });
    await c.next('clock', 2);
    const events = eventsSinceReset(c);
    const index = events.findIndex((e) => e.type === 'assign' && e.owner === 'US');
    expect(index).toBeGreaterThanOrEqual(0);
    c.send({ type: 'decide', assign: index, decision: 'deny', note: 'hold fire' });
    const decision = await c.next('decision');
    const assign = events[index] as Extract<EngineEvent, { type: 'assign' }>;
    expect(decision.entry).toMatchObject({
      user: 'us-commander',
      trial: scene.trial,
      weapon: assign.weapon,
      object: assign.object,
      decision: 'deny',
      via: 'websocket',
      outcome: 'recorded',
      note: 'hold fire',
    });
    // the same engagement twice: refused (409 over REST), audited, socket closed
    c.send({ type: 'decide', assign: index, decision: 'approve' });
    expect((await c.closing()).code).toBe(1008);
    expect(String(c.of('error')[0].message)).toMatch(/already decided/);
  });

  it("refuses and audits a commander's decision on another nation's weapon", async () => {
    const { c, scene } = await watchedToEnd('ca-commander', 'integrated');
    c.send({ type: 'decide', assign: { weapon: 'ngi-fort-greely', object: 'm1/rv0' }, decision: 'approve' });
    expect((await c.closing()).code).toBe(1008);
    expect(String(c.of('error')[0].message)).toMatch(/not a weapon of CA/);
    const audit = await app.inject({ method: 'GET', url: '/api/audit', headers: basic('ca-commander') });
    expect(audit.json().entries).toContainEqual(
      expect.objectContaining({
        user: 'ca-commander',
        trial: scene.trial,
        weapon: 'ngi-fort-greely',
        outcome: 'refused',
        via: 'websocket',
      }),
    );
    // the weapon's owner sees the attempt on its weapon too
    const usAudit = await app.inject({ method: 'GET', url: '/api/audit', headers: basic('us-commander') });
    expect(usAudit.json().entries).toContainEqual(expect.objectContaining({ user: 'ca-commander', weaponOwner: 'US', outcome: 'refused' }));
  });

  it('refuses decisions from viewers and operators, and on an index that is not an assign received', async () => {
    for (const user of ['us-viewer', 'us-operator']) {
      const { c } = await watchedToEnd(user, 'integrated');
      c.send({ type: 'decide', assign: 0, decision: 'approve' });
      expect((await c.closing()).code).toBe(1008);
      expect(String(c.of('error')[0].message)).toMatch(/needs a commander/);
    }
    const { c } = await watchedToEnd('us-commander', 'integrated');
    const launch = eventsSinceReset(c).findIndex((e) => e.type === 'launch');
    c.send({ type: 'decide', assign: launch, decision: 'approve' });
    expect((await c.closing()).code).toBe(1008);
    expect(String(c.of('error')[0].message)).toMatch(/not an 'assign'/);
  });
});

describe('the scene', () => {
  it('describes the assets in SI (radians, metres: the one schema of the protocol), with cities that resolve and batteries with their inventory', async () => {
    const { scene } = await watchedToEnd('us-viewer');
    const assets = SceneAssets.parse(scene.assets);
    const world = testWorlds().withheld;
    // the US viewer's scene: every radar but Canada's withheld one (see the sharing test above)
    expect(assets.radars.map((r) => r.id).sort()).toEqual(
      world.radars
        .map((r) => r.id)
        .filter((id) => id !== 'p-othr')
        .sort(),
    );
    for (const r of assets.radars) expect(r.latitude).toBeCloseTo(world.radars.find((x) => x.id === r.id)?.spec.latitude ?? NaN, 7);
    expect(assets.batteries.map((b) => [b.id, b.inventory])).toEqual(world.batteries.map((b) => [b.id, b.inventory]));
    // every defended city is drawn (issue 14: "Washington DC" and "New York" used to be left off), in its own nation
    expect(assets.cities.map((c) => c.name).sort()).toEqual(world.defended.map((d) => d.name ?? d.id).sort());
    const dc = assets.cities.find((c) => c.name === 'Washington DC');
    expect((dc?.latitude ?? NaN) * (180 / Math.PI)).toBeCloseTo(38.9, 1);
    expect(Number(scene.start)).toBeLessThanOrEqual(Math.min(...world.missiles.map((m) => m.launchTime)));
    expect(Number(scene.end)).toBeGreaterThan(Math.max(...world.objects.map((o) => o.impactTime)));
  });
});
