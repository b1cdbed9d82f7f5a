import { createSocket, type Socket } from 'node:dgram';
import { geodeticToEcef } from '@golden-dome/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import {
  APPEARANCE,
  decodeEntityState,
  DEAD_RECKONING,
  DisReceiver,
  EXTERNAL_TIMEOUT_MS,
  type EntityStateFields,
  entityStatePdu,
  ExternalTracks,
  FORCE,
  threatType,
} from '../src/dis/index.ts';
import { TICK_MS } from '../src/live-session.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { ManualClock } from '../src/wall-clock.ts';
import { testWorlds } from './fixture.ts';
import { TestClient } from './ws-client.ts';

// DIS in (`dome serve --dis-listen`, docs/dis.md "DIS in"): Entity State PDUs sent over UDP by a small sender
// in this process become external threats in every nation's live picture, dead-reckoned on the live clock.
type Positions = {
  t: number;
  objects: Array<{ id: string; kind: string; latitude: number; longitude: number; altitude: number; of?: string; speed?: number }>;
};

const clock = new ManualClock();
const tracks = new ExternalTracks();
let receiver: DisReceiver;
let port: number;
let sender: Socket;
let app: FastifyInstance;
let base: string;
const clients: TestClient[] = [];

// the entity: over Anchorage at 100 km, climbing along the ellipsoid's normal at 1 km/s (so its geodetic
// latitude and longitude stay put and its altitude grows by exactly 1 km a second: the independent check)
const lat0 = (61.2 * Math.PI) / 180,
  lon0 = (-149.9 * Math.PI) / 180,
  alt0 = 100_000;
const up = [Math.cos(lat0) * Math.cos(lon0), Math.cos(lat0) * Math.sin(lon0), Math.sin(lat0)];
const state = (over: Partial<EntityStateFields> = {}): EntityStateFields => ({
  exercise: 1,
  timestamp: 0,
  id: { site: 7, application: 8, entity: 9 },
  force: FORCE.opposing,
  type: threatType(),
  location: geodeticToEcef(lat0, lon0, alt0) as unknown as [number, number, number],
  velocity: [1000 * up[0], 1000 * up[1], 1000 * up[2]],
  orientation: [0, 0, 0],
  appearance: 0,
  deadReckoning: DEAD_RECKONING.fpw,
  acceleration: [0, 0, 0],
  marking: 'RAIDER 1',
  ...over,
});
const send = (pdu: Buffer): Promise<void> =>
  new Promise((done, fail) => sender.send(pdu, port, '127.0.0.1', (e) => (e ? fail(e) : done())));
/** Waits (in real time: the datagrams cross the loopback) until `n` datagrams have reached the receiver. */
async function received(n: number): Promise<void> {
  for (let i = 0; i < 200 && receiver.received < n; i++) await new Promise((r) => setTimeout(r, 10));
  expect(receiver.received).toBe(n);
}

beforeAll(async () => {
  receiver = new DisReceiver({ host: '127.0.0.1', port: 0 }, (bytes) => tracks.receive(bytes, clock.now()));
  ({ port } = await receiver.open());
  sender = createSocket('udp4');
  app = await buildServer({ users: [], scenarios: worldLibrary(testWorlds()), clock, demo: true, external: tracks });
  base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.ws.terminate();
  await app.close();
  receiver.close();
  sender.close();
});

describe('DIS in: Entity State PDUs as external threats', () => {
  it('decodes what the sender encodes (open-dis both ways): location exact, velocity to float32', () => {
    const s = state({ velocity: [1234.5678, -2.25, 0.1], deadReckoning: DEAD_RECKONING.fvw, acceleration: [0, 0, -9.81] });
    const back = decodeEntityState(entityStatePdu(s));
    expect(back).toMatchObject({ exercise: 1, id: s.id, force: FORCE.opposing, type: s.type, marking: 'RAIDER 1', deadReckoning: 5 });
    expect(back?.location).toEqual(Array.from(s.location));
    expect(back?.velocity).toEqual([Math.fround(1234.5678), -2.25, Math.fround(0.1)]);
    expect(back?.acceleration).toEqual([0, 0, Math.fround(-9.81)]);
  });

  it('three PDUs of one entity: every nation watching sees it where its last PDU, dead-reckoned, puts it', async () => {
    const us = new TestClient(`${base}/ws?nation=US`),
      ca = new TestClient(`${base}/ws?nation=CA`);
    clients.push(us, ca);
    for (const c of [us, ca]) {
      await c.next('hello');
      c.send({ type: 'watch', scenario: 'withheld', seed: 1, playing: false });
      await c.next('scene');
      await c.next('clock');
    }
    // three updates a second apart (the entity climbing); then a datagram that is no PDU, refused and counted
    for (let k = 0; k < 3; k++) {
      if (k > 0) clock.advance(1000);
      await send(entityStatePdu(state({ location: geodeticToEcef(lat0, lon0, alt0 + 1000 * k) as unknown as [number, number, number] })));
      await received(k + 1);
    }
    await send(Buffer.from('not a PDU'));
    await received(4);
    expect(tracks.counts).toEqual({ entityStates: 3, malformed: 1, dropped: 0 });
    expect(tracks.size).toBe(1);

    // 2 s after the third PDU (at 102 km): 104 km, over Anchorage still; paused trials get positions too
    clock.advance(2000 - (2000 % TICK_MS));
    const at = clock.now();
    for (const c of [us, ca]) {
      // the positions of the last tick (stamped with the live clock's time then)
      const now = () => c.of('positions').find((m) => m.sentMs === at);
      await c.until(() => now() !== undefined, 'positions');
      const last = now() as unknown as Positions;
      const dis = last.objects.find((o) => o.id === 'dis:7:8:9');
      expect(dis, c === us ? 'US' : 'CA').toBeDefined();
      expect(dis).toMatchObject({ kind: 'threat', of: 'DIS RAIDER 1', speed: 1000 });
      // the picture's angles are rounded to 1e-8 rad (~6 cm); the altitude to 1 m; float32 velocity: < 1 mm/s
      expect(Math.abs((dis?.latitude ?? 0) - lat0)).toBeLessThan(2e-8);
      expect(Math.abs((dis?.longitude ?? 0) - lon0)).toBeLessThan(2e-8);
      expect(dis?.altitude).toBe(alt0 + 2000 + 2000);
    }

    // deactivated: gone at once; a new entity silent for longer than the timeout: gone too
    await send(entityStatePdu(state({ appearance: APPEARANCE.deactivated })));
    await received(5);
    expect(tracks.positionsAt(clock.now())).toEqual([]);
    await send(entityStatePdu(state({ id: { site: 7, application: 8, entity: 10 } })));
    await received(6);
    expect(tracks.positionsAt(clock.now() + EXTERNAL_TIMEOUT_MS).map((p) => p.id)).toEqual(['dis:7:8:10']);
    expect(tracks.positionsAt(clock.now() + EXTERNAL_TIMEOUT_MS + 1)).toEqual([]);
  }, 60_000);
});
