import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EngagementDecision, type EngineEvent, eventsVisibleTo, type World } from '@golden-dome/core';
import { buildScenarioWorld, parseScenario, SCENARIO_DIR } from '@golden-dome/scenario';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import { trialPicture } from '../src/export/trial-picture.ts';
import { trialCommand, trialLog } from '../src/live-command.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { ManualClock } from '../src/wall-clock.ts';
import { basic, testUsers } from './fixture.ts';
import { held, seek, serverCalls, watch } from './live-helpers.ts';
import type { TestClient } from './ws-client.ts';

// Live command of air engagements at the server (issue 15): the library's russia-bomber-raid under
// canada-sovereign, where Canada approves its own engagements over Canada (120 s modelled); on a server with a
// Canadian commander a live trial of it waits for that commander, fighters included (the default rule: deny
// after 120 s). The US has no approval rule in this policy, so it is not commanded.

type Assign = Extract<EngineEvent, { type: 'assign' }>;
const clock = new ManualClock();
const SEED = 1;
let app: FastifyInstance;
let base: string;
let world: World;
const clients: TestClient[] = [];
const { connect, restEvents } = serverCalls(() => ({ app, base }), clients);

beforeAll(async () => {
  const file = join(SCENARIO_DIR, 'russia-bomber-raid.yaml');
  const built = buildScenarioWorld(
    parseScenario(readFileSync(file, 'utf8').replace('policy: norad-integrated', 'policy: canada-sovereign'), file),
  );
  // the scenario's rule (live_command): approve after 120 s, Canada's modelled delay, so that a denial shows
  world = { ...built, settings: { ...built.settings, approvalTimeout: { after: 120, then: 'approve' } } };
  app = await buildServer({
    users: await testUsers(),
    scenarios: worldLibrary({ sovereign: world }),
    clock,
    now: () => Date.UTC(2029, 0, 1),
  });
  base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.ws.terminate();
  await app.close();
});

describe("a live trial of the bomber raid under Canada's commander", () => {
  it("the commander denies a fighter's engagement on the socket: the bomber is not engaged and releases; the US sees none of Canada's command traffic; replayed, the same log", async () => {
    expect(trialCommand(world, new Set(['US', 'CA']))).toEqual({ nations: ['CA'], timeout: { after: 120, then: 'approve' } });
    const commander = await connect('ca-commander');
    const scene = await watch(commander, { scenario: 'sovereign', seed: SEED });
    const trial = scene.trial as string;
    expect(scene.command).toEqual({ timeoutS: 120, onTimeout: 'approve' });

    const before = await restEvents('ca-commander', trial);
    // the fighter engagements waiting for Canada: identified as the others, by the sortie and its target
    const waiting = before.filter(
      (e): e is Assign => e.type === 'assign' && e.weapon.includes('#') && e.approvals.some((a) => a.nation === 'CA'),
    );
    expect(waiting.length).toBeGreaterThan(0);
    const a = waiting[0];
    expect(a).toMatchObject({ weapon: 'inuvik-fol#1', object: 'tu95-olenya', owner: 'CA' });
    // nobody has answered yet: the rule approved it at +120 s, and the bomber is shot down before its release
    expect(before).toContainEqual({
      t: a.t + 120,
      type: 'decision',
      object: a.object,
      weapon: a.weapon,
      nation: 'CA',
      verdict: 'approve',
      by: 'timeout',
    });
    const bomber = world.aircraft?.find((x) => x.id === a.object);
    expect(before.filter((e) => e.type === 'launch' && bomber?.releases.includes(e.missile))).toEqual([]);

    const usViewer = await connect('us-viewer');
    await watch(usViewer, { trial });
    await seek(usViewer, Number(scene.end));
    const usBefore = held(usViewer);

    // a US commander may not decide Canada's fighter's engagement
    const usCommander = await connect('us-commander');
    await watch(usCommander, { trial });
    await seek(usCommander, a.t + 10);
    const usDecides = await app.inject({
      method: 'POST',
      url: `/api/trials/${trial}/approvals`,
      headers: basic('us-commander'),
      payload: { weapon: a.weapon, object: a.object, decision: 'approve' },
    });
    expect(usDecides.statusCode).toBe(403);
    expect(usDecides.json().error).toMatch(/not a weapon of US/);

    const tDeny = a.t + 30;
    await seek(commander, tDeny);
    commander.send({ type: 'decide', assign: { weapon: a.weapon, object: a.object }, decision: 'deny', note: 'not over Canada' });
    const denied = await commander.next('decision');
    expect(denied.decision).toEqual({ nation: 'CA', weapon: a.weapon, object: a.object, verdict: 'deny', t: tDeny });

    const after = await restEvents('ca-commander', trial);
    expect(after.filter((e) => e.t < tDeny)).toEqual(before.filter((e) => e.t < tDeny));
    expect(after).toContainEqual({
      t: tDeny,
      type: 'decision',
      object: a.object,
      weapon: a.weapon,
      nation: 'CA',
      verdict: 'deny',
      by: 'commander',
    });
    expect(after.some((e) => e.type === 'refuse' && e.weapon === a.weapon && e.t === tDeny && /commander denied/.test(e.reason))).toBe(
      true,
    );
    expect(after.some((e) => e.type === 'fire' && e.weapon === a.weapon && e.object === a.object)).toBe(false);
    expect(after.filter((e) => e.type === 'launch' && bomber?.releases.includes(e.missile)).length).toBe(6);

    // the US viewer: told what changed (the bomber's missiles are launched now: public facts), never Canada's command traffic
    await usViewer.until(() => held(usViewer).length !== usBefore.length, 'the revised US view');
    await seek(usViewer, Number(scene.end) + 100);
    const usAfter = held(usViewer);
    expect(usAfter.filter((e) => e.type === 'launch' && bomber?.releases.includes(e.missile)).length).toBe(6);
    const canadian = (weapon: string) =>
      (world.fighterBases ?? []).some((b) => b.owner === 'CA' && weapon.startsWith(`${b.id}#`)) || weapon === 'nasams-ottawa';
    for (const e of usAfter) {
      if (e.type === 'decision') expect(canadian(e.weapon), JSON.stringify(e)).toBe(false);
      if (e.type === 'assign' || e.type === 'refuse' || e.type === 'sortie' || e.type === 'fire' || e.type === 'flyout')
        expect(canadian('weapon' in e ? e.weapon : e.aircraft), JSON.stringify(e)).toBe(false);
    }
    expect(usViewer.of('decision')).toEqual([]);
    expect(usViewer.messages.some((m) => JSON.stringify(m).includes('not over Canada'))).toBe(false);
    // the audit log as each nation's commander reads it: Canada's holds the decision; the US's only the US's own attempts
    const auditOf = async (user: string) => {
      const res = await app.inject({ method: 'GET', url: '/api/audit?limit=1000', headers: basic(user) });
      expect(res.statusCode).toBe(200);
      return res.json<{ entries: Array<{ nation?: string; kind: string; note?: string }> }>().entries;
    };
    expect((await auditOf('ca-commander')).some((e) => e.kind === 'decision' && e.note === 'not over Canada')).toBe(true);
    const usAudit = await auditOf('us-commander');
    expect(usAudit.some((e) => e.kind === 'decision')).toBe(true);
    expect(usAudit.filter((e) => e.nation !== 'US')).toEqual([]);

    // replayed with the decision: the engine, and what each nation may see of it
    const decisions: EngagementDecision[] = [denied.decision as EngagementDecision];
    const replayed = trialLog(world, SEED, trialCommand(world, new Set(['CA'])), decisions);
    expect(JSON.stringify(eventsVisibleTo(world.policy, 'CA', world, replayed))).toBe(JSON.stringify(after));
    expect(usAfter).toEqual(eventsVisibleTo(world.policy, 'US', world, replayed));
    // Canada's exported picture: the fighter (still on the ground in its 600 s scramble when denied) stands down at
    // the denial, its track's samples in time order: the leg at the denial replaces the rest of the plan
    const fighter = trialPicture(world, replayed, { scenario: 'sovereign', seed: SEED, nation: 'CA' }).fighters.find(
      (f) => f.id === a.weapon,
    );
    const times = fighter?.samples.map((x) => x.t) ?? [];
    expect(times.length).toBeGreaterThan(2);
    expect(times.every((t, i) => i === 0 || t > times[i - 1])).toBe(true);
    expect(times.filter((t) => t >= a.t && t < a.t + 600)).toEqual([a.t, tDeny]);

    // refused (409) as any engagement's: decided already, or not requested yet at the commander's time
    const decide = (weapon: string, object: string) =>
      app.inject({
        method: 'POST',
        url: `/api/trials/${trial}/approvals`,
        headers: basic('ca-commander'),
        payload: { weapon, object, decision: 'approve' },
      });
    const again = await decide(a.weapon, a.object);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatch(/already decided/);
    const next = waiting.find((w) => w.t > tDeny + 120) as Assign;
    const early = await decide(next.weapon, next.object);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatch(/not requested yet/);
  });
});
