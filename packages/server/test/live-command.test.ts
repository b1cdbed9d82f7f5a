import { type EngagementDecision, type EngineEvent, eventsVisibleTo } from '@golden-dome/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import { trialCommand, trialLog } from '../src/live-command.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { ManualClock } from '../src/wall-clock.ts';
import { basic, commandedWorld, testUsers, testWorlds } from './fixture.ts';
import { held, seek, serverCalls, watch } from './live-helpers.ts';
import type { TestClient } from './ws-client.ts';

// Live command at the server: the small raid with the US approving its own engagements, on a server with a
// US commander (so the US is commanded; Canada asks no approval in this policy, so it is not).

type Assign = Extract<EngineEvent, { type: 'assign' }>;
const clock = new ManualClock();
const SEED = 3;
let app: FastifyInstance;
let base: string;
const clients: TestClient[] = [];
const { connect, restEvents, decideRest } = serverCalls(() => ({ app, base }), clients);

beforeAll(async () => {
  app = await buildServer({
    users: await testUsers(),
    scenarios: worldLibrary({ ...testWorlds(), commanded: commandedWorld() }),
    clock,
    now: () => Date.UTC(2029, 0, 1),
  });
  base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.ws.terminate();
  await app.close();
});

describe('which nations a live trial waits for', () => {
  it('the nations whose policy asks for their approval and that have a commander on this server', () => {
    const w = commandedWorld();
    expect(trialCommand(w, new Set(['US', 'CA']))).toEqual({ nations: ['US'], timeout: { after: 120, then: 'deny' } });
    expect(trialCommand(w, new Set(['CA']))).toBeUndefined();
    expect(trialCommand(testWorlds().integrated, new Set(['US', 'CA']))).toBeUndefined();
  });
});

describe('a live trial under the US commander', () => {
  it('deny withholds, approve fires; other clients receive what changed; replayed with its decisions (REST, socket, engine) it gives exactly the same log', async () => {
    const commander = await connect('us-commander');
    const scene = await watch(commander, { scenario: 'commanded', seed: SEED });
    const trial = scene.trial as string;
    // the scene says the US decides live, and by which rule when nobody answers
    expect(scene.command).toEqual({ timeoutS: 120, onTimeout: 'deny' });
    const caViewer = await connect('ca-viewer');
    expect((await watch(caViewer, { trial })).command).toBeUndefined();

    const before = await restEvents('us-commander', trial);
    const waiting = before.filter((e): e is Assign => e.type === 'assign' && e.approvals.some((a) => a.nation === 'US'));
    const rv = waiting.filter((a) => a.object === 'm1/rv0');
    expect(rv.map((a) => a.weapon).sort()).toEqual(['gbi-vandenberg', 'ngi-fort-greely']);
    // nobody has answered yet: the rule (deny at +120 s) is in the log, no shot waiting for the US flies
    expect(before.filter((e) => e.type === 'decision' && e.by === 'timeout').length).toBeGreaterThan(0);
    expect(before.some((e) => e.type === 'fire' && e.object === 'm1/rv0')).toBe(false);

    // a US viewer already at the end of the fight: it will be told to forget what changed
    const usViewer = await connect('us-viewer');
    await watch(usViewer, { trial });
    await seek(usViewer, Number(scene.end));
    expect(held(usViewer)).toEqual(before);

    // the commander denies NGI's shot at t = request + 5 s (on the socket, by engagement id) ...
    const tDeny = rv[0].t + 5;
    await seek(commander, tDeny);
    commander.send({ type: 'decide', assign: { weapon: 'ngi-fort-greely', object: 'm1/rv0' }, decision: 'deny', note: 'hold' });
    const denied = await commander.next('decision');
    expect(denied.decision).toEqual({ nation: 'US', weapon: 'ngi-fort-greely', object: 'm1/rv0', verdict: 'deny', t: tDeny });
    expect(denied.entry).toMatchObject({ outcome: 'recorded', via: 'websocket', decision: 'deny', note: 'hold' });
    // the viewer at the end received a revise from the decision's time, then the new events
    await usViewer.next('revise');
    const revise = usViewer.of('revise')[0];
    expect(revise.t).toBe(tDeny);
    expect(
      held(usViewer)
        .slice(0, revise.keep as number)
        .every((e) => e.t < tDeny),
    ).toBe(true);

    // ... and approves Vandenberg's over REST, at the furthest clock of the US connections watching
    await seek(usViewer, rv[1].t + 10);
    await seek(commander, rv[1].t + 10);
    const approved = await decideRest('us-commander', trial, { weapon: 'gbi-vandenberg', object: 'm1/rv0', decision: 'approve' });
    expect(approved.statusCode).toBe(201);
    expect(approved.json().reason).toMatch(/approved the engagement at t = /);

    const after = await restEvents('us-commander', trial);
    expect(after.filter((e) => e.t < tDeny)).toEqual(before.filter((e) => e.t < tDeny));
    expect(after).toContainEqual({
      t: tDeny,
      type: 'decision',
      object: 'm1/rv0',
      weapon: 'ngi-fort-greely',
      nation: 'US',
      verdict: 'deny',
      by: 'commander',
    });
    expect(
      after.some(
        (e) =>
          e.type === 'refuse' &&
          e.weapon === 'ngi-fort-greely' &&
          e.object === 'm1/rv0' &&
          e.t === tDeny &&
          /commander denied/.test(e.reason),
      ),
    ).toBe(true);
    expect(after.some((e) => e.type === 'fire' && e.weapon === 'ngi-fort-greely' && e.object === 'm1/rv0')).toBe(false);
    expect(
      after.some(
        (e) =>
          e.type === 'decision' &&
          e.weapon === 'gbi-vandenberg' &&
          e.object === 'm1/rv0' &&
          e.verdict === 'approve' &&
          e.by === 'commander',
      ),
    ).toBe(true);
    const fires = after.filter((e) => e.type === 'fire' && e.weapon === 'gbi-vandenberg' && e.object === 'm1/rv0');
    expect(fires.length).toBeGreaterThan(0);
    for (const f of fires) expect(f.t).toBeGreaterThanOrEqual(rv[1].t + 10);

    // every live client holds the new log up to its clock
    await seek(commander, Number(scene.end));
    await seek(usViewer, Number(scene.end) + 100);
    expect(held(commander)).toEqual(after);
    expect(held(usViewer)).toEqual(after);
    expect(held(usViewer)).not.toEqual(before);

    // replayed: the engine with the decisions received, REST, and a new connection watching the stored trial
    const decisions: EngagementDecision[] = [
      denied.decision as EngagementDecision,
      { nation: 'US', weapon: 'gbi-vandenberg', object: 'm1/rv0', verdict: 'approve', t: rv[1].t + 10 },
    ];
    const world = commandedWorld();
    const replayed = trialLog(world, SEED, trialCommand(world, new Set(['US'])), decisions);
    expect(JSON.stringify(eventsVisibleTo(world.policy, 'US', world, replayed))).toBe(JSON.stringify(after));
    const replay = await connect('us-viewer');
    await watch(replay, { trial });
    await seek(replay, Number(scene.end));
    expect(JSON.stringify(held(replay))).toBe(JSON.stringify(after));
    // Canada's view of the same trial: what the policy lets it see of the new log
    await seek(caViewer, Number(scene.end));
    expect(held(caViewer)).toEqual(eventsVisibleTo(world.policy, 'CA', world, replayed));
    expect(await restEvents('ca-viewer', trial)).toEqual(held(caViewer));
  });

  it('refuses (409, audited) a decision after the timeout, on a decided engagement, not yet requested, with nobody watching, or in a trial not under live command', async () => {
    const commander = await connect('us-commander');
    const scene = await watch(commander, { scenario: 'commanded', seed: SEED + 1 });
    const trial = scene.trial as string;
    const waiting = (await restEvents('us-commander', trial)).filter(
      (e): e is Assign => e.type === 'assign' && e.approvals.some((a) => a.nation === 'US'),
    );
    const [a, b] = waiting;
    const refused = async (body: object, message: RegExp) => {
      const res = await decideRest('us-commander', trial, { decision: 'approve', ...body });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatch(message);
    };
    await seek(commander, a.t - 1);
    await refused({ weapon: a.weapon, object: a.object }, /not requested yet/);
    await seek(commander, a.t + 121);
    await refused({ weapon: a.weapon, object: a.object }, /decided by the timeout rule \(deny after 120 s\).*too late/);
    await seek(commander, b.t + 1);
    expect((await decideRest('us-commander', trial, { weapon: b.weapon, object: b.object, decision: 'deny' })).statusCode).toBe(201);
    await refused({ weapon: b.weapon, object: b.object }, /already decided/);
    // on the socket: refused, and the connection closed (1008)
    commander.send({ type: 'decide', assign: { weapon: b.weapon, object: b.object }, decision: 'approve' });
    expect((await commander.closing()).code).toBe(1008);
    expect(String(commander.of('error')[0].message)).toMatch(/already decided/);
    // nobody of the US watches any more
    await refused({ weapon: a.weapon, object: a.object }, /nobody of US is watching/);
    // a trial run at once (POST /api/trials) is not live: its approvals follow the policy's modelled delay
    const posted = (
      await app.inject({
        method: 'POST',
        url: '/api/trials',
        headers: basic('us-operator'),
        payload: { scenario: 'commanded', seed: SEED },
      })
    ).json<{ id: string }>().id;
    const viewer = await connect('us-commander');
    await watch(viewer, { trial: posted });
    await seek(viewer, a.t + 1);
    const res = await decideRest('us-commander', posted, { weapon: a.weapon, object: a.object, decision: 'approve' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatch(/not under US's live command/);
    // every refusal audited, with its reason
    const audit = (await app.inject({ method: 'GET', url: '/api/audit?limit=1000', headers: basic('us-commander') })).json<{
      entries: Array<{ kind: string; outcome: string; reason: string }>;
    }>().entries;
    const reasons = audit.filter((e) => e.kind === 'decision' && e.outcome === 'refused').map((e) => e.reason);
    for (const why of [/not requested yet/, /too late/, /already decided/, /nobody of US is watching/, /not under US's live command/])
      expect(
        reasons.some((r) => why.test(r)),
        String(why),
      ).toBe(true);
  });
});
