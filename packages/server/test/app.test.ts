import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEvent } from '@golden-dome/core';
import { SCENARIO_DIR } from '@golden-dome/scenario';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { basic, commandedWorld, testUsers, testWorlds } from './fixture.ts';
import { TestClient } from './ws-client.ts';

const YAML = { 'content-type': 'application/yaml' };
const JSON_TYPE = { 'content-type': 'application/json' };
const caSourced = (e: EngineEvent): boolean =>
  (e.type === 'detect' && e.sensor === 'p-othr') || (e.type === 'track' && e.sources.includes('p-othr'));

let app: FastifyInstance;
const trialIds: Record<string, string> = {};

async function startTrial(scenario: string, seed = 1): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/trials', headers: basic('us-operator'), payload: { scenario, seed } });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}
async function eventsFor(user: string, id: string): Promise<EngineEvent[]> {
  const res = await app.inject({ method: 'GET', url: `/api/trials/${id}/events`, headers: basic(user) });
  expect(res.statusCode).toBe(200);
  return res.json<{ events: EngineEvent[] }>().events;
}

beforeAll(async () => {
  app = await buildServer({
    users: await testUsers(),
    scenarios: worldLibrary(testWorlds()),
    yamlBodyLimit: 64 * 1024,
    now: () => Date.UTC(2029, 0, 1),
  });
  trialIds.withheld = await startTrial('withheld');
  trialIds.integrated = await startTrial('integrated');
}, 60_000);
afterAll(async () => {
  await app.close();
});

describe('authentication', () => {
  it('answers 401 with a Basic challenge without credentials, with a wrong secret, an unknown user or a malformed header', async () => {
    for (const headers of [
      {},
      basic('us-viewer', 'wrong'),
      basic('nobody', 'x'),
      { authorization: 'Bearer abc' },
      { authorization: `Basic ${'A'.repeat(2000)}` },
      { authorization: 'Basic !!!' },
    ]) {
      const res = await app.inject({ method: 'GET', url: '/api/scenarios', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic /);
      expect(res.json().error).toBeTypeOf('string');
    }
  });

  it('refuses to build with a plain secret or an unknown role in the configuration', async () => {
    await expect(buildServer({ users: [{ id: 'x', nation: 'US', role: 'viewer', secret: 'hunter2' }] })).rejects.toThrow(
      /hash from hashSecret/,
    );
    await expect(
      buildServer({ users: [{ id: 'x', nation: 'US', role: 'root' as 'viewer', secret: (await testUsers())[0].secret }] }),
    ).rejects.toThrow(/role must be/);
  });
});

describe('roles', () => {
  it('lets every role list the scenarios', async () => {
    for (const user of ['us-viewer', 'us-operator', 'us-commander', 'ca-viewer']) {
      const res = await app.inject({ method: 'GET', url: '/api/scenarios', headers: basic(user) });
      expect(res.statusCode).toBe(200);
      expect(res.json().scenarios).toEqual(['integrated', 'withheld']);
    }
  });

  it('refuses with 403 what a role may not do', async () => {
    const refused: Array<[string, string, string, unknown, Record<string, string>?]> = [
      ['us-viewer', 'POST', '/api/trials', { scenario: 'withheld', seed: 1 }],
      ['ca-viewer', 'POST', '/api/scenarios/validate', 'name: x', YAML],
      ['us-viewer', 'POST', `/api/trials/${'x'}/approvals`, { weapon: 'ngi-fort-greely', object: 'm1/rv0', decision: 'approve' }],
      ['us-operator', 'POST', `/api/trials/${'x'}/approvals`, { weapon: 'ngi-fort-greely', object: 'm1/rv0', decision: 'approve' }],
      ['us-viewer', 'GET', '/api/audit', undefined],
      ['us-operator', 'GET', '/api/audit', undefined],
    ];
    for (const [user, method, url, payload, headers] of refused) {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: { ...basic(user), ...headers },
        ...(payload !== undefined ? { payload: payload as string } : {}),
      });
      expect(res.statusCode, `${user} ${method} ${url}`).toBe(403);
      expect(res.json().error).toMatch(/needs a (operator|commander)/);
    }
  });
});

describe('the shipped library', () => {
  it('lists the scenario files by name', async () => {
    const lib = await buildServer({ users: await testUsers() });
    const res = await lib.inject({ method: 'GET', url: '/api/scenarios', headers: basic('us-viewer') });
    expect(res.json().scenarios).toContain('nk-2029-salvo');
    await lib.close();
  });
});

describe('POST /api/scenarios/validate', () => {
  it('accepts a library scenario', async () => {
    const text = readFileSync(join(SCENARIO_DIR, 'nk-2029-salvo.yaml'), 'utf8');
    const res = await app.inject({
      method: 'POST',
      url: '/api/scenarios/validate',
      headers: { ...basic('us-operator'), ...YAML },
      payload: text,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, errors: [], name: 'nk-2029-salvo' });
  });

  it('lists the problems of bad YAML and of a bad scenario with their lines', async () => {
    let res = await app.inject({
      method: 'POST',
      url: '/api/scenarios/validate',
      headers: { ...basic('us-operator'), 'content-type': 'text/plain' },
      payload: 'name: [unclosed\n  seed: 1',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().ok).toBe(false);
    expect(res.json().errors.join('\n')).toMatch(/line \d+/);
    const text = readFileSync(join(SCENARIO_DIR, 'nk-2029-salvo.yaml'), 'utf8').replace('type: hwasong-18', 'type: hwasong-99');
    res = await app.inject({
      method: 'POST',
      url: '/api/scenarios/validate',
      headers: { ...basic('us-operator'), ...YAML },
      payload: text,
    });
    expect(res.json().ok).toBe(false);
    expect(res.json().errors.join('\n')).toMatch(/hwasong-99/);
  });

  it('refuses a YAML alias bomb with a located 413 (not a 500), quickly, and keeps serving', async () => {
    const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    const t0 = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: '/api/scenarios/validate',
      headers: { ...basic('us-operator'), ...YAML },
      payload: lines.join('\n'),
    });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatch(
      /^scenario refused: line 4, column \d+: YAML alias \*l2 makes the aliases expand to more than 10000 values/,
    );
    expect(res.json().errors).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: '/api/scenarios', headers: basic('us-viewer') })).statusCode).toBe(200);
  });

  it('answers 413 to an oversized body and 415 to a JSON one', async () => {
    const big = `# ${'x'.repeat(70 * 1024)}\nname: x\n`;
    let res = await app.inject({
      method: 'POST',
      url: '/api/scenarios/validate',
      headers: { ...basic('us-operator'), ...YAML },
      payload: big,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatch(/too large/);
    res = await app.inject({
      method: 'POST',
      url: '/api/scenarios/validate',
      headers: { ...basic('us-operator'), ...JSON_TYPE },
      payload: '{"yaml":"name: x"}',
    });
    expect(res.statusCode).toBe(415);
  });
});

describe('POST /api/trials', () => {
  it('refuses malformed, incomplete, out-of-range, unknown and oversized requests with 4xx', async () => {
    const cases: Array<[string, number]> = [
      ['{"scenario": "withheld", "seed": ', 400],
      ['{"scenario": "withheld"}', 400],
      ['{"scenario": "withheld", "seed": -1}', 400],
      ['{"scenario": "withheld", "seed": 1.5}', 400],
      ['{"scenario": "../etc/passwd", "seed": 1}', 400],
      ['{"scenario": "withheld", "seed": 1, "extra": true}', 400],
      ['{"scenario": "withheld", "seed": "1"}', 400],
      ['[1, 2]', 400],
      ['{"scenario": "no-such-scenario", "seed": 1}', 404],
      [`{"scenario": "withheld", "seed": 1, "pad": "${'x'.repeat(20 * 1024)}"}`, 413],
    ];
    for (const [payload, status] of cases) {
      const res = await app.inject({ method: 'POST', url: '/api/trials', headers: { ...basic('us-operator'), ...JSON_TYPE }, payload });
      expect(res.statusCode, payload.slice(0, 60)).toBe(status);
      expect(res.json().error).toBeTypeOf('string');
    }
  });
});

describe('stores and caps of trials', () => {
  it("keeps each nation's trials apart: one nation running many trials never drops another's", async () => {
    const server = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), maxTrials: 3 });
    try {
      const run = async (user: string, seed: number) =>
        (await server.inject({ method: 'POST', url: '/api/trials', headers: basic(user), payload: { scenario: 'withheld', seed } })).json<{
          id: string;
        }>().id;
      const events = (user: string, id: string) => server.inject({ method: 'GET', url: `/api/trials/${id}/events`, headers: basic(user) });
      const ca = await run('ca-commander', 1);
      const us = [];
      for (let seed = 1; seed <= 5; seed++) us.push(await run('us-operator', seed));
      expect((await events('ca-viewer', ca)).statusCode).toBe(200);
      // the US keeps its 3 newest
      expect(await Promise.all(us.map(async (id) => (await events('us-viewer', id)).statusCode))).toEqual([404, 404, 200, 200, 200]);
    } finally {
      await server.close();
    }
  });

  it('refuses a user more than 20 new trials in a burst (429 with Retry-After, audited); another user still runs', async () => {
    const server = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), now: () => Date.UTC(2029, 0, 1) });
    try {
      const run = (user: string) =>
        server.inject({ method: 'POST', url: '/api/trials', headers: basic(user), payload: { scenario: 'integrated', seed: 2 } });
      for (let i = 0; i < 20; i++) expect((await run('us-operator')).statusCode).toBe(201);
      const refused = await run('us-operator');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error).toMatch(/too many new trials: us-operator may run 20 a minute/);
      expect(refused.headers['retry-after']).toBe('3');
      expect((await run('us-commander')).statusCode).toBe(201);
      const audit = (await server.inject({ method: 'GET', url: '/api/audit', headers: basic('us-commander') })).json<{ entries: Entry[] }>()
        .entries;
      expect(audit).toContainEqual(
        expect.objectContaining({
          kind: 'forbidden',
          user: 'us-operator',
          route: 'POST /api/trials',
          reason: expect.stringMatching(/too many new trials/),
        }),
      );
    } finally {
      await server.close();
    }
  });
});

describe('GET /api/trials/:id/events', () => {
  it('answers 404 for an unknown trial', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/trials/no-such-trial/events', headers: basic('us-viewer') });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatch(/no trial/);
  });

  it('never sends a US viewer an event sourced from the Canadian sensor Canada withholds; a CA viewer gets them', async () => {
    const id = trialIds.withheld;
    const us = await eventsFor('us-viewer', id);
    const ca = await eventsFor('ca-viewer', id);
    expect(us.filter((e) => e.type === 'detect').length).toBeGreaterThan(0);
    expect(us.filter(caSourced)).toEqual([]);
    expect(ca.filter(caSourced).length).toBeGreaterThan(0);
    // and checked on the raw bytes, not only the parsed events
    const raw = await app.inject({ method: 'GET', url: `/api/trials/${id}/events`, headers: basic('us-commander') });
    expect(raw.body).not.toContain('p-othr');
  });

  it('sends both nations the Canadian sensor when it is shared (norad-integrated)', async () => {
    const id = trialIds.integrated;
    expect((await eventsFor('us-viewer', id)).filter(caSourced).length).toBeGreaterThan(0);
    expect((await eventsFor('ca-viewer', id)).filter(caSourced).length).toBeGreaterThan(0);
  });

  it("sends a nation its own weapons' events and not another's", async () => {
    const us = await eventsFor('us-viewer', trialIds.withheld);
    const ca = await eventsFor('ca-viewer', trialIds.withheld);
    expect(us.some((e) => e.type === 'fire')).toBe(true);
    expect(ca.some((e) => e.type === 'fire' || e.type === 'assign')).toBe(false);
    // the outcomes of US engagements reach Canada only because norad-integrated shares them (share_engagements)
    expect(ca.filter((e) => e.type === 'intercept').length).toBe(us.filter((e) => e.type === 'intercept').length);
    expect(ca.some((e) => e.type === 'launch') && ca.some((e) => e.type === 'impact')).toBe(true);
  });
});

type Entry = { kind: string; user: string; outcome: string; reason: string; route?: string; ip?: string; nation?: string };

describe('approvals and the audit log', () => {
  const approve = (user: string, body: Record<string, unknown>, id = trialIds.withheld) =>
    app.inject({ method: 'POST', url: `/api/trials/${id}/approvals`, headers: basic(user), payload: body });

  it("lets a commander decide its own nation's engagements only, and only in a live trial under its command; audits every attempt", async () => {
    const us = await eventsFor('us-commander', trialIds.withheld);
    const assign = us.find((e) => e.type === 'assign');
    if (assign?.type !== 'assign') throw new Error('the small raid should assign an interceptor');
    const engagement = { weapon: assign.weapon, object: assign.object };

    const ca = await approve('ca-commander', { ...engagement, decision: 'deny' });
    expect(ca.statusCode).toBe(403);
    expect(ca.json().error).toMatch(/not a weapon of CA/);
    const unknown = await approve('us-commander', { weapon: 'no-such-battery', object: assign.object, decision: 'approve' });
    expect(unknown.statusCode).toBe(403);
    expect((await approve('us-commander', { weapon: assign.weapon, object: 'no-such-object', decision: 'approve' })).statusCode).toBe(404);
    expect((await approve('us-commander', { ...engagement, decision: 'maybe' })).statusCode).toBe(400);
    expect((await approve('us-commander', { ...engagement, decision: 'approve' }, 'no-such-trial')).statusCode).toBe(404);

    // a trial run at once (POST /api/trials) is not live: its approvals follow the policy (decisions are
    // recorded in live trials: live-command.test.ts)
    const notLive = await approve('us-commander', { ...engagement, decision: 'approve', note: 'cleared' });
    expect(notLive.statusCode).toBe(409);
    expect(notLive.json().error).toMatch(/is not under US's live command/);
    expect((await approve('us-commander', { ...engagement, decision: 'deny' })).statusCode).toBe(409);

    const decisions = async (user: string) =>
      (await app.inject({ method: 'GET', url: '/api/audit', headers: basic(user) }))
        .json<{ entries: Entry[] }>()
        .entries.filter((e) => e.kind === 'decision')
        .map((e) => `${e.user}:${e.outcome}`);
    // the US sees its own decisions (every refused one: unknown weapon, no such engagement, no such trial,
    // not live twice) and CA's refused attempt on a US weapon
    expect(await decisions('us-commander')).toEqual([
      'ca-commander:refused',
      'us-commander:refused',
      'us-commander:refused',
      'us-commander:refused',
      'us-commander:refused',
      'us-commander:refused',
    ]);
    // CA sees its own attempt only
    expect(await decisions('ca-commander')).toEqual(['ca-commander:refused']);
  });

  it("audits every refused attempt — viewers' and operators' approvals, forbidden routes, failed sign-ins — for the nation's commanders; unknown users for admins", async () => {
    const trial = trialIds.integrated;
    for (const user of ['us-viewer', 'us-operator']) {
      expect((await approve(user, { weapon: 'ngi-fort-greely', object: 'm1/rv0', decision: 'approve' }, trial)).statusCode).toBe(403);
    }
    expect((await app.inject({ method: 'GET', url: '/api/audit', headers: basic('ca-viewer') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/scenarios', headers: basic('us-viewer', 'a guess') })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/scenarios', headers: basic('mallory', 'a guess') })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/scenarios', headers: { authorization: 'Bearer forged.token' } })).statusCode).toBe(
      401,
    );
    const page = async (user: string) =>
      (await app.inject({ method: 'GET', url: '/api/audit?limit=1000', headers: basic(user) })).json<{ entries: Entry[] }>().entries;
    const us = await page('us-commander'),
      ca = await page('ca-commander'),
      admin = await page('us-admin');
    const refusedRoute = (user: string) =>
      expect.objectContaining({
        kind: 'forbidden',
        user,
        nation: 'US',
        outcome: 'refused',
        route: 'POST /api/trials/:id/approvals',
        ip: '127.0.0.1',
      });
    expect(us).toContainEqual(refusedRoute('us-viewer'));
    expect(us).toContainEqual(refusedRoute('us-operator'));
    expect(us).toContainEqual(
      expect.objectContaining({
        kind: 'login',
        user: 'us-viewer',
        nation: 'US',
        outcome: 'refused',
        reason: 'unknown user or wrong secret',
      }),
    );
    expect(ca).toContainEqual(expect.objectContaining({ kind: 'forbidden', user: 'ca-viewer', route: 'GET /api/audit' }));
    // a nation sees none of another's refusals, nor sign-ins of unknown users (no nation)
    expect(us.filter((e) => e.nation !== 'US' && e.kind !== 'decision')).toEqual([]);
    expect(ca.some((e) => e.user.startsWith('us-') && e.kind !== 'decision')).toBe(false);
    expect(us.some((e) => e.user === 'mallory')).toBe(false);
    // an admin sees every entry
    expect(admin).toContainEqual(expect.objectContaining({ kind: 'login', user: 'mallory', outcome: 'refused' }));
    expect(admin).toContainEqual(expect.objectContaining({ kind: 'login', user: '', reason: 'bad token signature' }));
    expect(admin).toContainEqual(expect.objectContaining({ user: 'ca-viewer', route: 'GET /api/audit' }));
  });

  it('pages the audit log backwards (?before=&limit=, at most 1000 a page)', async () => {
    const all = (await app.inject({ method: 'GET', url: '/api/audit?limit=1000', headers: basic('us-admin') })).json<{
      entries: Array<{ seq: number }>;
      nextBefore: number | null;
    }>();
    expect(all.entries.length).toBeGreaterThan(6);
    expect(all.nextBefore).toBeNull();
    const seqs: number[] = [];
    let before: number | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const res: Awaited<ReturnType<typeof app.inject>> = await app.inject({
        method: 'GET',
        url: `/api/audit?limit=3${before !== null ? `&before=${before}` : ''}`,
        headers: basic('us-admin'),
      });
      expect(res.statusCode).toBe(200);
      const p: { entries: Array<{ seq: number }>; nextBefore: number | null } = res.json();
      expect(p.entries.length).toBeLessThanOrEqual(3);
      seqs.unshift(...p.entries.map((e) => e.seq));
      before = p.nextBefore;
      if (before === null) break;
    }
    // the pages, put together, are the whole log in order (the page requests above add entries after it only)
    expect(seqs.slice(0, all.entries.length)).toEqual(all.entries.map((e) => e.seq));
    for (const q of ['limit=0', 'limit=1001', 'limit=x', 'before=-1', 'other=1']) {
      expect((await app.inject({ method: 'GET', url: `/api/audit?${q}`, headers: basic('us-commander') })).statusCode, q).toBe(400);
    }
  });

  it('keeps a bounded audit log: refusals beyond the capacity push out the oldest refusals (counted), never the decisions', async () => {
    const small = await buildServer({
      users: await testUsers(),
      scenarios: worldLibrary({ commanded: commandedWorld() }),
      auditCapacity: 5,
    });
    const root = (await small.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
    const { token } = (await small.inject({ method: 'POST', url: '/api/tokens', headers: basic('us-commander') })).json<{
      token: string;
    }>();
    const c = new TestClient(`${root}/ws?token=${token}`);
    try {
      // a live trial under the US commander, watched at the first request for the US's approval
      await c.next('hello');
      c.send({ type: 'watch', scenario: 'commanded', seed: 1, playing: false });
      const id = String((await c.next('scene')).trial);
      await c.next('clock');
      const assign = (await small.inject({ method: 'GET', url: `/api/trials/${id}/events`, headers: basic('us-commander') }))
        .json<{ events: EngineEvent[] }>()
        .events.find((e) => e.type === 'assign');
      if (assign?.type !== 'assign') throw new Error('an assign');
      c.send({ type: 'seek', t: assign.t + 1 });
      await c.next('clock', 2);
      const ok = await small.inject({
        method: 'POST',
        url: `/api/trials/${id}/approvals`,
        headers: basic('us-commander'),
        payload: { weapon: assign.weapon, object: assign.object, decision: 'approve' },
      });
      expect(ok.statusCode).toBe(201);
      for (let i = 0; i < 8; i++)
        expect((await small.inject({ method: 'GET', url: '/api/audit', headers: basic('us-viewer') })).statusCode).toBe(403);
      const page = (await small.inject({ method: 'GET', url: '/api/audit', headers: basic('us-admin') })).json<{
        entries: Array<{ kind: string; outcome: string }>;
        dropped: { recorded: number; refused: number };
      }>();
      expect(page.dropped).toEqual({ recorded: 0, refused: 3 });
      expect(page.entries.filter((e) => e.outcome === 'refused')).toHaveLength(5);
      expect(page.entries.filter((e) => e.outcome === 'recorded')).toEqual([
        expect.objectContaining({ kind: 'decision', outcome: 'recorded' }),
      ]);
    } finally {
      c.ws.terminate();
      await small.close();
    }
  });

  it('still answers after all the bad requests', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/scenarios', headers: basic('us-viewer') })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/nothing-here', headers: basic('us-viewer') })).statusCode).toBe(404);
  });
});
