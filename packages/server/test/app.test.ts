import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEvent } from '@golden-dome/core';
import { SCENARIO_DIR } from '@golden-dome/scenario';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { basic, testUsers, testWorlds } from './fixture.ts';

const YAML = { 'content-type': 'application/yaml' };
const JSON_TYPE = { 'content-type': 'application/json' };
const caSourced = (e: EngineEvent): boolean => (e.type === 'detect' && e.sensor === 'p-othr') || (e.type === 'track' && e.sources.includes('p-othr'));

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
  app = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), yamlBodyLimit: 64 * 1024, now: () => Date.UTC(2029, 0, 1) });
  trialIds.withheld = await startTrial('withheld');
  trialIds.integrated = await startTrial('integrated');
});
afterAll(async () => { await app.close(); });

describe('authentication', () => {
  it('answers 401 with a Basic challenge without credentials, with a wrong secret, an unknown user or a malformed header', async () => {
    for (const headers of [{}, basic('us-viewer', 'wrong'), basic('nobody', 'x'), { authorization: 'Bearer abc' }, { authorization: `Basic ${'A'.repeat(2000)}` }, { authorization: 'Basic !!!' }]) {
      const res = await app.inject({ method: 'GET', url: '/api/scenarios', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic /);
      expect(res.json().error).toBeTypeOf('string');
    }
  });

  it('refuses to build with a plain secret or an unknown role in the configuration', async () => {
    await expect(buildServer({ users: [{ id: 'x', nation: 'US', role: 'viewer', secret: 'hunter2' }] })).rejects.toThrow(/hash from hashSecret/);
    await expect(buildServer({ users: [{ id: 'x', nation: 'US', role: 'admin' as 'viewer', secret: (await testUsers())[0].secret }] })).rejects.toThrow(/role must be/);
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
      const res = await app.inject({ method: method as 'GET', url, headers: { ...basic(user), ...headers }, ...(payload !== undefined ? { payload: payload as string } : {}) });
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
    const res = await app.inject({ method: 'POST', url: '/api/scenarios/validate', headers: { ...basic('us-operator'), ...YAML }, payload: text });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, errors: [], name: 'nk-2029-salvo' });
  });

  it('lists the problems of bad YAML and of a bad scenario with their lines', async () => {
    let res = await app.inject({ method: 'POST', url: '/api/scenarios/validate', headers: { ...basic('us-operator'), 'content-type': 'text/plain' }, payload: 'name: [unclosed\n  seed: 1' });
    expect(res.statusCode).toBe(200);
    expect(res.json().ok).toBe(false);
    expect(res.json().errors.join('\n')).toMatch(/line \d+/);
    const text = readFileSync(join(SCENARIO_DIR, 'nk-2029-salvo.yaml'), 'utf8').replace('type: hwasong-18', 'type: hwasong-99');
    res = await app.inject({ method: 'POST', url: '/api/scenarios/validate', headers: { ...basic('us-operator'), ...YAML }, payload: text });
    expect(res.json().ok).toBe(false);
    expect(res.json().errors.join('\n')).toMatch(/hwasong-99/);
  });

  it('refuses a YAML alias bomb with a located 413 (not a 500), quickly, and keeps serving', async () => {
    const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) lines.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
    const t0 = performance.now();
    const res = await app.inject({ method: 'POST', url: '/api/scenarios/validate', headers: { ...basic('us-operator'), ...YAML }, payload: lines.join('\n') });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatch(/^scenario refused: line 4, column \d+: YAML alias \*l2 makes the aliases expand to more than 10000 values/);
    expect(res.json().errors).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: '/api/scenarios', headers: basic('us-viewer') })).statusCode).toBe(200);
  });

  it('answers 413 to an oversized body and 415 to a JSON one', async () => {
    const big = `# ${'x'.repeat(70 * 1024)}\nname: x\n`;
    let res = await app.inject({ method: 'POST', url: '/api/scenarios/validate', headers: { ...basic('us-operator'), ...YAML }, payload: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatch(/too large/);
    res = await app.inject({ method: 'POST', url: '/api/scenarios/validate', headers: { ...basic('us-operator'), ...JSON_TYPE }, payload: '{"yaml":"name: x"}' });
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
    expect(ca.some((e) => e.type === 'fire' || e.type === 'assign' || e.type === 'intercept')).toBe(false);
    expect(ca.some((e) => e.type === 'launch') && ca.some((e) => e.type === 'impact')).toBe(true);
  });
});

describe('approvals and the audit log', () => {
  const approve = (user: string, body: Record<string, unknown>, id = trialIds.withheld) =>
    app.inject({ method: 'POST', url: `/api/trials/${id}/approvals`, headers: basic(user), payload: body });

  it("lets a commander decide its own nation's engagements only, once each, and audits every decision", async () => {
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

    const ok = await approve('us-commander', { ...engagement, decision: 'approve', note: 'cleared' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ outcome: 'recorded', user: 'us-commander', nation: 'US', weaponOwner: 'US', decision: 'approve', time: '2029-01-01T00:00:00.000Z' });
    expect((await approve('us-commander', { ...engagement, decision: 'deny' })).statusCode).toBe(409);

    const usAudit = (await app.inject({ method: 'GET', url: '/api/audit', headers: basic('us-commander') })).json().entries;
    const caAudit = (await app.inject({ method: 'GET', url: '/api/audit', headers: basic('ca-commander') })).json().entries;
    // the US sees its own decisions and CA's refused attempt on a US weapon
    expect(usAudit.map((e: { user: string; outcome: string }) => `${e.user}:${e.outcome}`)).toEqual(['ca-commander:refused', 'us-commander:refused', 'us-commander:recorded', 'us-commander:refused']);
    // CA sees its own attempt only
    expect(caAudit.map((e: { user: string; outcome: string }) => `${e.user}:${e.outcome}`)).toEqual(['ca-commander:refused']);
  });

  it('still answers after all the bad requests', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/scenarios', headers: basic('us-viewer') })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/nothing-here', headers: basic('us-viewer') })).statusCode).toBe(404);
  });
});
