import type { EngineEvent } from '@golden-dome/core';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { basic } from './fixture.ts';
import { type ServerMessage, TestClient } from './ws-client.ts';

/** The events a client holds now: every `events` since its last `reset`, less those a `revise` told it to forget. */
export function held(c: TestClient): EngineEvent[] {
  let events: EngineEvent[] = [];
  for (const m of c.messages) {
    if (m.type === 'reset') events = [];
    if (m.type === 'revise') events = events.slice(0, m.keep as number);
    if (m.type === 'events') events.push(...(m.events as EngineEvent[]));
  }
  return events;
}

/** Seeks a client and waits for the clock that answers it. */
export async function seek(c: TestClient, t: number): Promise<void> {
  const clocks = c.of('clock').length;
  c.send({ type: 'seek', t });
  await c.next('clock', clocks + 1);
}

/** Asks to watch (paused) and waits for the scene and the clock after it. */
export async function watch(c: TestClient, what: object): Promise<ServerMessage> {
  const scenes = c.of('scene').length;
  c.send({ type: 'watch', playing: false, ...what });
  const scene = await c.next('scene', scenes + 1);
  await c.until(() => c.messages.at(-1)?.type === 'clock', 'the clock after the scene');
  return scene;
}

/**
 * A test server's user-facing calls (the server and its URL are read when called: a test file builds them in
 * beforeAll): a WebSocket client for a user (kept in `clients` to close after), a trial's events over REST as the
 * user sees them, and a decision posted over REST.
 */
export function serverCalls(server: () => { app: FastifyInstance; base: string }, clients: TestClient[]) {
  return {
    async connect(user: string): Promise<TestClient> {
      const { app, base } = server();
      const { token } = (await app.inject({ method: 'POST', url: '/api/tokens', headers: basic(user) })).json<{ token: string }>();
      const c = new TestClient(`${base}/ws?token=${token}`);
      clients.push(c);
      await c.next('hello');
      return c;
    },
    async restEvents(user: string, trial: string): Promise<EngineEvent[]> {
      const res = await server().app.inject({ method: 'GET', url: `/api/trials/${trial}/events`, headers: basic(user) });
      expect(res.statusCode).toBe(200);
      return res.json<{ events: EngineEvent[] }>().events;
    },
    decideRest: (user: string, trial: string, body: Record<string, unknown>) =>
      server().app.inject({ method: 'POST', url: `/api/trials/${trial}/approvals`, headers: basic(user), payload: body }),
  };
}
