import { type EngagementDecision, type EngineEvent, eventsVisibleTo, type World } from '@golden-dome/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import { trialCommand, trialLog } from '../src/live-command.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { hashSecret } from '../src/users.ts';
import { ManualClock } from '../src/wall-clock.ts';
import { basic, commandedWorld, testUsers } from './fixture.ts';
import { held, seek, serverCalls, watch } from './live-helpers.ts';
import type { TestClient } from './ws-client.ts';

// A partner's missile engagement waiting for Canada's consent, decided by Canada's commander (issue 15): the small
// raid (two ICBMs at Seattle and Anchorage, US NGI and GBI batteries) with the US approving its own engagements (30 s),
// and Canada asking for its approval of every intercept over its territory (30 s), its territory here stood in by a
// box over the whole North Pacific and North America (illustrative: so that every US intercept of the raid lies "over
// Canada"). On a server with a US and a Canadian commander both are commanded: each US engagement waits for the US's
// own decision and for Canada's consent, asked by a `consent` request in Canada's view.

type Of<K extends EngineEvent['type']> = Extract<EngineEvent, { type: K }>;
const clock = new ManualClock();
const SEED = 3;
let app: FastifyInstance;
let base: string;
let world: World;
const clients: TestClient[] = [];
const { connect, restEvents, decideRest } = serverCalls(() => ({ app, base }), clients);

const of = <K extends EngineEvent['type']>(log: readonly EngineEvent[], type: K): Array<Of<K>> =>
  log.filter((e): e is Of<K> => e.type === type);

beforeAll(async () => {
  const w = commandedWorld();
  const ca = w.policy.nations.CA;
  const box = { kind: 'box' as const, south: 0, north: Math.PI / 2, west: -Math.PI, east: -0.5 };
  world = {
    ...w,
    policy: {
      ...w.policy,
      name: 'norad-consent (test)',
      nations: {
        ...w.policy.nations,
        CA: { ...ca, territory: [box], approval: { delay: 30, ownAssets: true, overTerritory: 'approval' } },
      },
    },
  };
  // a third nation's commander: the UK is in the policy (it shares Fylingdales)
  const uk = {
    id: 'uk-commander',
    nation: 'UK',
    role: 'commander' as const,
    secret: await hashSecret('secret of uk-commander', { N: 1024, r: 8, p: 1 }),
  };
  app = await buildServer({
    users: [...(await testUsers()), uk],
    scenarios: worldLibrary({ consent: world }),
    clock,
    now: () => Date.UTC(2029, 0, 1),
  });
  base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.ws.terminate();
  await app.close();
});

describe("a US engagement waiting for Canada's consent, under both commanders", () => {
  it("Canada's commander is asked and answers; only Canada may, only once asked; the US sees the answer; replay gives the same log", async () => {
    expect(trialCommand(world, new Set(['US', 'CA', 'UK']))).toEqual({ nations: ['CA', 'US'], timeout: { after: 120, then: 'deny' } });
    const caCommander = await connect('ca-commander');
    const scene = await watch(caCommander, { scenario: 'consent', seed: SEED });
    const trial = scene.trial as string;
    expect(scene.command).toEqual({ timeoutS: 120, onTimeout: 'deny' });
    const full = trialLog(world, SEED, trialCommand(world, new Set(['US', 'CA'])), []);
    const requests = of(full, 'consent');
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((c) => c.owner === 'US' && c.nation === 'CA' && c.deadline === c.t + 120)).toBe(true);
    const c = requests[0];
    const a = of(full, 'assign').find((x) => x.weapon === c.weapon && x.object === c.object) as Of<'assign'>;
    expect(a.approvals.map((x) => x.nation)).toEqual(['US', 'CA']);
    expect(c.weaponClass).toBe(world.batteries.find((b) => b.id === c.weapon)?.assetClass);

    // Canada's view: the consent requests, and nothing else of the US engagements (no assign, fire, fly-out, refusal, intercept)
    await seek(caCommander, Number(scene.end));
    const caView = await restEvents('ca-commander', trial);
    const usWeapon = (e: EngineEvent) => 'weapon' in e && world.batteries.some((b) => b.owner === 'US' && b.id === e.weapon);
    expect(new Set(caView.filter(usWeapon).map((e) => e.type))).toEqual(new Set(['consent', 'decision']));
    expect(of(caView, 'decision').every((d) => d.nation === 'CA')).toBe(true);
    expect(caView.filter((e) => e.type === 'consent')).toEqual(requests);

    // before the request, Canada may not decide it: refused as a weapon that is not its own (403), the same answer
    // as for a weapon that does not exist (nothing of the US plan is revealed before Canada is asked)
    await seek(caCommander, c.t - 5);
    const early = await decideRest('ca-commander', trial, { weapon: c.weapon, object: c.object, decision: 'approve' });
    const unknown = await decideRest('ca-commander', trial, { weapon: 'no-such-battery', object: c.object, decision: 'approve' });
    expect([early.statusCode, unknown.statusCode]).toEqual([403, 403]);
    expect(early.json().error).toBe(unknown.json().error.replace('no-such-battery', c.weapon));
    expect(early.json().error).toMatch(/is not a weapon of CA in this trial, and no engagement of .* asks for CA's consent/);

    // asked: a third nation's commander may not decide Canada's consent (403), nor the requester's viewer (a viewer decides nothing)
    await seek(caCommander, c.t + 10);
    const ukCommander = await connect('uk-commander');
    await watch(ukCommander, { trial });
    await seek(ukCommander, c.t + 10);
    const uk = await decideRest('uk-commander', trial, { weapon: c.weapon, object: c.object, decision: 'deny' });
    expect(uk.statusCode).toBe(403);
    expect(uk.json().error).toMatch(/not a weapon of UK/);
    const usViewer = await decideRest('us-viewer', trial, { weapon: c.weapon, object: c.object, decision: 'deny' });
    expect(usViewer.statusCode).toBe(403);
    // the US commander's decision on its weapon is the US's own approval, never Canada's consent: recorded as the US's
    const usCommander = await connect('us-commander');
    await watch(usCommander, { trial });
    await seek(usCommander, c.t + 10);
    const usApproves = await decideRest('us-commander', trial, { weapon: c.weapon, object: c.object, decision: 'approve' });
    expect(usApproves.statusCode).toBe(201);
    expect(usApproves.json()).toMatchObject({ nation: 'US', weapon: c.weapon, object: c.object, decision: 'approve', outcome: 'recorded' });

    // Canada denies its consent on the socket, by the index of the consent request in its stream
    await seek(caCommander, c.t + 20);
    const stream = held(caCommander);
    const index = stream.findIndex((e) => e.type === 'consent' && e.weapon === c.weapon && e.object === c.object);
    expect(index).toBeGreaterThanOrEqual(0);
    caCommander.send({ type: 'decide', assign: index, decision: 'deny', note: 'not over Canada' });
    const denied = await caCommander.next('decision');
    expect(denied.decision).toEqual({ nation: 'CA', weapon: c.weapon, object: c.object, verdict: 'deny', t: c.t + 20 });

    // the trial acts on it: no shot of that engagement; the US sees Canada's answer; Canada still nothing of the US engagement
    const usDecision: EngagementDecision = { nation: 'US', weapon: c.weapon, object: c.object, verdict: 'approve', t: c.t + 10 };
    const decisions: EngagementDecision[] = [usDecision, denied.decision as EngagementDecision];
    const replayed = trialLog(world, SEED, trialCommand(world, new Set(['US', 'CA'])), decisions);
    expect(of(replayed, 'fire').filter((f) => f.weapon === c.weapon && f.object === c.object && f.t >= c.t)).toEqual([]);
    expect(of(replayed, 'refuse').find((r) => r.weapon === c.weapon && r.object === c.object && r.t === c.t + 20)?.reason).toMatch(
      /CA's commander denied the engagement/,
    );
    const usView = await restEvents('us-commander', trial);
    expect(usView).toContainEqual({
      t: c.t + 20,
      type: 'decision',
      object: c.object,
      weapon: c.weapon,
      nation: 'CA',
      verdict: 'deny',
      by: 'commander',
    });
    expect(JSON.stringify(usView)).toBe(JSON.stringify(eventsVisibleTo(world.policy, 'US', world, replayed)));
    const caAfter = await restEvents('ca-commander', trial);
    expect(JSON.stringify(caAfter)).toBe(JSON.stringify(eventsVisibleTo(world.policy, 'CA', world, replayed)));
    expect(caAfter.filter(usWeapon).every((e) => e.type === 'consent' || (e.type === 'decision' && e.nation === 'CA'))).toBe(true);
    expect(JSON.stringify(caAfter)).not.toContain('not over Canada');

    // refused (409) as any decision: Canada's consent decided already; another request's, after its deadline
    const again = await decideRest('ca-commander', trial, { weapon: c.weapon, object: c.object, decision: 'approve' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatch(/already decided/);
    const other = requests.find((x) => x.weapon !== c.weapon || x.object !== c.object);
    expect(other).toBeDefined();
    if (other) {
      await seek(caCommander, other.deadline + 5);
      const late = await decideRest('ca-commander', trial, { weapon: other.weapon, object: other.object, decision: 'approve' });
      expect(late.statusCode).toBe(409);
      expect(late.json().error).toMatch(/decided by the timeout rule .* too late/);
    }
    // a bad request: 400 with the field named
    const bad = await decideRest('ca-commander', trial, { weapon: c.weapon, object: c.object, decision: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error ?? bad.json().message).toMatch(/decision/);
    // every attempt is audited, Canada's refusals and its recorded consent among Canada's entries
    const audit = (await app.inject({ method: 'GET', url: '/api/audit?limit=1000', headers: basic('ca-commander') })).json<{
      entries: Array<{ nation?: string; kind: string; outcome?: string; weapon?: string }>;
    }>().entries;
    expect(audit.some((e) => e.kind === 'decision' && e.outcome === 'recorded' && e.weapon === c.weapon)).toBe(true);
    expect(audit.filter((e) => e.kind === 'decision' && e.outcome === 'refused').length).toBeGreaterThanOrEqual(3);
    // the US commander's audit: the UK's attempt on its weapon (an attempt on a US weapon it was not asked about), and none
    // of Canada's consent entries (the answer reaches the US as the trial's decision event, not Canada's note)
    const usAudit = (await app.inject({ method: 'GET', url: '/api/audit?limit=1000', headers: basic('us-commander') })).json<{
      entries: Array<{ nation?: string; kind: string; outcome?: string; note?: string }>;
    }>().entries;
    expect(usAudit.some((e) => e.kind === 'decision' && e.nation === 'UK' && e.outcome === 'refused')).toBe(true);
    expect(usAudit.filter((e) => e.nation === 'CA' && e.outcome === 'recorded')).toEqual([]);
    expect(JSON.stringify(usAudit)).not.toContain('not over Canada');
  }, 60_000);
});
