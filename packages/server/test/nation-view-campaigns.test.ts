import { type EngineEvent, eventsVisibleTo, runTrial, type World } from '@golden-dome/core';
import { buildWorld, WITHHOLDING_COALITION, withholdingCoalitionRequest } from '@golden-dome/scenario';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { hashSecret, type Role } from '../src/users.ts';
import { basic } from './fixture.ts';
import { TestClient } from './ws-client.ts';

// Campaign outputs over REST, each computed from its nation's view: a coalition whose nations withhold
// sensors (scenario's withholding-coalition.ts: Canada withholds A-OTHR, the UK gives Fylingdales to the
// US only and 20 s late, the US gives Pituffik to the UK only; every battery is its owner's). For each of
// US, CA and UK: results, trials.csv and the report name nothing the nation may not know of, and the
// metrics equal those computed independently from the sensors and weapons it may use.
const NATIONS = ['US', 'CA', 'UK'] as const;
const SEEDS = [1, 2, 3];
/** Sensors each nation may use and the delay it gets them with (the policy, restated by hand). */
const USES: Record<string, Record<string, number>> = {
  US: { 'uewr-pituffik': 0, 'uewr-fylingdales': 20 },
  CA: { 'a-othr': 0 },
  UK: { 'uewr-fylingdales': 0, 'uewr-pituffik': 0 },
};
const OWNS: Record<string, string[]> = { US: ['ngi-fort-drum'], CA: ['ca-terminal-battery'], UK: [] };

let world: World;
let logs: EngineEvent[][];
let app: FastifyInstance;
const ids: Record<string, string> = {};

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** What a nation's metrics must be, from the whole logs and the table above (not from the server's filter). */
function expected(nation: string) {
  const firstDetection = logs.map((log) =>
    Math.min(...log.flatMap((e) => (e.type === 'detect' && e.sensor in USES[nation] ? [e.t + USES[nation][e.sensor]] : []))),
  );
  const fired = logs.map((log) => log.filter((e) => e.type === 'fire' && OWNS[nation].includes(e.weapon)).length);
  const leakers = logs.map((log) => log.filter((e) => e.type === 'impact' && e.kind === 'warhead').length);
  return {
    firstDetection: firstDetection.every(Number.isFinite) ? mean(firstDetection) : null,
    fired: mean(fired),
    leakers: mean(leakers),
  };
}
const wholeLogFirstDetection = (): number => mean(logs.map((log) => Math.min(...log.filter((e) => e.type === 'detect').map((e) => e.t))));

beforeAll(async () => {
  world = buildWorld(withholdingCoalitionRequest());
  logs = SEEDS.map((s) => runTrial(world, s));
  const people: Array<{ id: string; nation: string; role: Role }> = NATIONS.flatMap((n) => [
    { id: `${n.toLowerCase()}-operator`, nation: n, role: 'operator' as const },
    { id: `${n.toLowerCase()}-viewer`, nation: n, role: 'viewer' as const },
  ]);
  const users = await Promise.all(
    people.map(async (p) => ({ ...p, secret: await hashSecret(`secret of ${p.id}`, { N: 1024, r: 8, p: 1 }) })),
  );
  app = await buildServer({ users, scenarios: worldLibrary({ coalition: world }), campaignLimits: { running: 3 } });
  for (const n of NATIONS) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: basic(`${n.toLowerCase()}-operator`),
      payload: { scenario: 'coalition', trials: SEEDS.length, seed: SEEDS[0] },
    });
    expect(res.statusCode).toBe(202);
    ids[n] = res.json<{ id: string }>().id;
  }
  for (const n of NATIONS) {
    for (let i = 0; ; i++) {
      const s = (await app.inject({ method: 'GET', url: `/api/campaigns/${ids[n]}`, headers: basic(`${n.toLowerCase()}-viewer`) })).json<{
        state: string;
      }>();
      if (s.state === 'done') break;
      if (s.state !== 'running' || i > 1000) throw new Error(`campaign of ${n}: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}, 120_000);
afterAll(async () => {
  await app?.close();
});

const get = (nation: string, what: string, query = '') =>
  app.inject({ method: 'GET', url: `/api/campaigns/${ids[nation]}/${what}${query}`, headers: basic(`${nation.toLowerCase()}-viewer`) });

describe('the test coalition is one where views differ', () => {
  it('the whole log detects first with a sensor the US gets late and Canada not at all; only the US fires', () => {
    expect(expected('US').firstDetection).toBeGreaterThan(wholeLogFirstDetection());
    expect(expected('CA').firstDetection).toBeGreaterThan(wholeLogFirstDetection() + 600);
    expect(expected('US').fired).toBeGreaterThan(0);
    expect(expected('CA').fired).toBe(0);
    expect(logs.flat().some((e) => e.type === 'detect' && e.sensor === 'a-othr')).toBe(true);
  });
});

describe.each(NATIONS)('campaign outputs over REST as %s', (nation) => {
  const { hidden } = WITHHOLDING_COALITION[nation];

  it('results: metrics from its view (first detection from the sensors it may use, when it gets them; its own shots; public impacts), naming nothing hidden', async () => {
    const res = await get(nation, 'results');
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      nation: string;
      metrics: {
        timeline: { firstDetection: { mean: number; n: number } };
        interceptors: { total: { mean: number }; byOwner: Record<string, unknown> };
        expectedLeakers: { mean: number };
      };
    }>();
    expect(body.nation).toBe(nation);
    const want = expected(nation);
    if (want.firstDetection === null) expect(body.metrics.timeline.firstDetection.n).toBe(0);
    else expect(body.metrics.timeline.firstDetection.mean).toBeCloseTo(want.firstDetection, 6);
    expect(body.metrics.interceptors.total.mean).toBe(want.fired);
    expect(Object.keys(body.metrics.interceptors.byOwner)).toEqual(want.fired > 0 ? [nation] : []);
    expect(body.metrics.expectedLeakers.mean).toBe(want.leakers);
    for (const id of hidden) expect(res.body).not.toContain(id);
  });

  it("trials.csv: one row per trial of its view, no column or value from another nation's weapons", async () => {
    const res = await get(nation, 'trials.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = res.body.trim().split('\n');
    expect(rows).toHaveLength(SEEDS.length);
    for (const id of hidden) expect(res.body).not.toContain(id);
    for (const other of NATIONS.filter((n) => n !== nation)) expect(header).not.toContain(`shots_owner.${other}`);
    const cols = header.split(',');
    const firstDetection = rows.map((r) => Number(r.split(',')[cols.indexOf('first_detection_s')]));
    const want = expected(nation).firstDetection;
    if (want !== null) expect(mean(firstDetection)).toBeCloseTo(want, 6);
    // its own weapons are its own: the US row names its battery
    for (const own of OWNS[nation]) if (expected(nation).fired > 0) expect(header).toContain(`shots_type.${own}`);
  });

  it('the live stream at the socket: the scene and every event to the end are its view, naming nothing hidden', async () => {
    const base = (
      app.server.listening
        ? `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
        : await app.listen({ host: '127.0.0.1', port: 0 })
    ).replace(/^http/, 'ws');
    const { token } = (await app.inject({ method: 'POST', url: '/api/tokens', headers: basic(`${nation.toLowerCase()}-viewer`) })).json<{
      token: string;
    }>();
    const c = new TestClient(`${base}/ws?token=${token}`);
    try {
      await c.next('hello');
      c.send({ type: 'watch', scenario: 'coalition', seed: SEEDS[0], playing: false });
      const scene = await c.next('scene');
      const clocks = c.of('clock').length;
      c.send({ type: 'seek', t: Number(scene.end) + 1 });
      await c.next('clock', clocks + 1);
      // the events since the last reset (a seek may start the stream again)
      const lastReset = c.messages.findLastIndex((m) => m.type === 'reset');
      const received = c.messages
        .slice(lastReset + 1)
        .filter((m) => m.type === 'events')
        .flatMap((m) => m.events as EngineEvent[]);
      expect(received).toEqual(eventsVisibleTo(world.policy, nation, world, logs[0]));
      const text = JSON.stringify(c.messages);
      for (const id of hidden) expect(text).not.toContain(id);
      for (const id of WITHHOLDING_COALITION[nation].sees) expect(JSON.stringify(scene)).toContain(id);
    } finally {
      c.ws.terminate();
    }
  });

  it("report (the plain one of the in-process runner): its view's numbers, naming nothing hidden", async () => {
    const res = await get(nation, 'report', `?as=${nation}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`as ${nation} sees them`);
    expect(res.body).toContain(`<th>interceptors fired per trial</th><td>${expected(nation).fired.toFixed(4)}</td>`);
    for (const id of hidden) expect(res.body).not.toContain(id);
  });
});

describe("asking for another nation's view", () => {
  it('is 403 on every campaign route (even for a campaign the user may read), and in a new campaign; a malformed nation is 400', async () => {
    for (const what of ['', '/results', '/trials.csv', '/report']) {
      const mine = await app.inject({ method: 'GET', url: `/api/campaigns/${ids.US}${what}?as=CA`, headers: basic('us-viewer') });
      expect(mine.statusCode, what).toBe(403);
      expect(mine.json().error).toMatch(/may receive US's view of a campaign only, not CA's/);
      // another nation's campaign and view: 403 too (not a 404 that would confirm the id)
      expect(
        (await app.inject({ method: 'GET', url: `/api/campaigns/${ids.US}${what}?as=US`, headers: basic('ca-viewer') })).statusCode,
        what,
      ).toBe(403);
      expect(
        (await app.inject({ method: 'GET', url: `/api/campaigns/${ids.US}${what}?as=US`, headers: basic('us-viewer') })).statusCode,
        what,
      ).toBe(200);
      expect(
        (await app.inject({ method: 'GET', url: `/api/campaigns/${ids.US}${what}?as=us`, headers: basic('us-viewer') })).statusCode,
        what,
      ).toBe(400);
    }
    const post = await app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: basic('uk-operator'),
      payload: { scenario: 'coalition', trials: 1, as: 'US' },
    });
    expect(post.statusCode).toBe(403);
  });
});
