import { type EngineEvent, eventsVisibleTo, runTrial } from '@golden-dome/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import { DIS_TICK_MS } from '../src/dis-live.ts';
import { PDU_TYPE } from '../src/dis/pdus.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { ManualClock } from '../src/wall-clock.ts';
import { testUsers, testWorlds } from './fixture.ts';
import { TestClient } from './ws-client.ts';

/**
 * `dome serve --dis`: the live trials a nation's connections watch, as DIS PDUs of that nation's view,
 * at its live time, with the standard's heartbeat in wall time. The sender here collects the datagrams
 * (the bytes are the encoder's, decoded by tshark in packages/cli/test/replay-dis.test.ts).
 */
const clock = new ManualClock();
const got: Array<{ wall: number; bytes: Buffer }> = [];
let app: FastifyInstance;
let base: string;
const clients: TestClient[] = [];
const EXERCISE = 2,
  SITE = 5,
  APPLICATION = 10;

const type = (b: Buffer) => b[2];
const entity = (b: Buffer) => ({ site: b.readUInt16BE(12), application: b.readUInt16BE(14), entity: b.readUInt16BE(16) });
const settle = () => new Promise((done) => setTimeout(done, 20));

beforeAll(async () => {
  app = await buildServer({
    users: await testUsers(),
    scenarios: worldLibrary(testWorlds()),
    clock,
    demo: true,
    now: () => Date.UTC(2029, 0, 1),
    dis: {
      nation: 'US',
      exercise: EXERCISE,
      site: SITE,
      application: APPLICATION,
      send: (bytes) => void got.push({ wall: clock.now(), bytes }),
    },
  });
  base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.ws.terminate();
  await app.close();
});

/** Waits for the connection's clock to show t (a seek done). */
const seeked = (c: TestClient, t: number) =>
  c.until(() => c.of('clock').some((m) => Math.abs((m.t as number) - t) < 1e-9), `the clock at ${t}`);

async function watch(nation: string, seed: number): Promise<{ c: TestClient; end: number }> {
  const c = new TestClient(`${base}/ws?nation=${nation}`);
  clients.push(c);
  await c.next('hello');
  c.send({ type: 'watch', scenario: 'integrated', seed, playing: false });
  const scene = await c.next('scene');
  await c.next('clock');
  return { c, end: scene.end as number };
}

describe('the live DIS feed (dome serve --dis)', () => {
  it('sends nothing for a trial only another nation watches', async () => {
    await watch('CA', 2);
    clock.advance(10 * DIS_TICK_MS);
    await settle();
    expect(got.length).toBe(0);
  });

  it('follows a trial the nation watches: its picture, its shots as Fire and Detonation at its clock, and the wall-clock heartbeat', async () => {
    const { c, end } = await watch('US', 1);
    clock.advance(DIS_TICK_MS);
    await settle();
    // joining: the picture at the start (the US battery, satellites, any threat already seen), Entity State only
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((g) => type(g.bytes) === PDU_TYPE.entityState && g.bytes[1] === EXERCISE)).toBe(true);
    expect(got.every((g) => entity(g.bytes).site === SITE && entity(g.bytes).application === APPLICATION)).toBe(true);

    // the US viewer seeks to just after its first shot: every US shot until then is sent, once, as a
    // Fire and (the intercepts done) a Detonation
    const world = testWorlds().integrated;
    const usEvents: EngineEvent[] = eventsVisibleTo(world.policy, 'US', world, runTrial(world, 1));
    const fires = usEvents.filter((e) => e.type === 'fire');
    expect(fires.length).toBeGreaterThan(0);
    const mid = fires[0].t + 1;
    c.send({ type: 'seek', t: mid });
    await seeked(c, mid);
    let before = got.length;
    clock.advance(DIS_TICK_MS);
    await settle();
    const count = (from: number, pdu: number) => got.slice(from).filter((g) => type(g.bytes) === pdu).length;
    expect(count(before, PDU_TYPE.fire)).toBe(fires.filter((e) => e.t <= mid).length);
    expect(count(before, PDU_TYPE.detonation)).toBe(usEvents.filter((e) => e.type === 'intercept' && e.t <= mid).length);

    // paused: nothing moves, but every live entity in flight is sent again after 5 s of wall time
    const quiet = got.length;
    clock.advance(4 * 1000);
    await settle();
    expect(got.length).toBe(quiet);
    clock.advance(1000 + DIS_TICK_MS);
    await settle();
    const beats = got.slice(quiet);
    expect(beats.length).toBeGreaterThan(0);
    expect(beats.every((g) => type(g.bytes) === PDU_TYPE.entityState)).toBe(true);
    // ...and each at most once per heartbeat
    const ids = beats.map((g) => entity(g.bytes).entity);
    expect(new Set(ids).size).toBe(ids.length);

    // to the end: the rest of the shots, and no shot twice
    c.send({ type: 'seek', t: end });
    await seeked(c, end);
    before = got.length;
    clock.advance(DIS_TICK_MS);
    await settle();
    expect(count(before, PDU_TYPE.fire)).toBe(fires.filter((e) => e.t > mid).length);
    expect(count(before, PDU_TYPE.detonation)).toBe(usEvents.filter((e) => e.type === 'intercept' && e.t > mid).length);
  });

  it('a second trial the nation watches at once is followed as its own application', async () => {
    const { c } = await watch('US', 3);
    clock.advance(DIS_TICK_MS);
    await settle();
    const apps = new Set(got.slice(-5).map((g) => entity(g.bytes).application));
    // a second trial followed at once is its own application
    expect(apps.has(APPLICATION + 1)).toBe(true);
    c.ws.terminate();
  });
});
