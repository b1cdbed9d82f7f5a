/**
 * The web picture in Debian's headless Chromium, against the REAL server (the harness: picture-harness.ts):
 * a commander's pending decisions, the northern approaches and Canada's fighters (the globe, the live run,
 * the timeline and per-nation views are in picture.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineEvent, runTrial } from '@golden-dome/core';
import { hashSecret } from '@golden-dome/server';
import {
  COMMANDER_SECRET,
  expectNoOutsideRequest,
  ofType,
  openPicture,
  seekTo,
  server,
  startHarness,
  stopHarness,
  type Event,
  type Positions,
  WAIT,
} from './picture-harness.ts';
import { bomberRaidWorlds, commandedWorld } from './picture-server.ts';

describe('the web picture in headless Chromium, on the real server', () => {
  beforeAll(async () => {
    const commander = {
      id: 'us-commander',
      nation: 'US',
      role: 'commander' as const,
      secret: await hashSecret(COMMANDER_SECRET, { N: 1024, r: 8, p: 1 }),
    };
    await startHarness({ 'us-approves': commandedWorld(), ...bomberRaidWorlds() }, [commander]);
  }, 600_000);
  afterAll(stopHarness);

  it('a commander sees a pending engagement with the time left, denies it, and its shot never flies; a viewer sees no buttons', async () => {
    const issued = await fetch(new URL('api/tokens', server.url), {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`us-commander:${COMMANDER_SECRET}`).toString('base64')}` },
    });
    expect(issued.status).toBe(201);
    const { token } = (await issued.json()) as { token: string };
    const cmd = await openPicture(`?token=${encodeURIComponent(token)}&scenario=us-approves&seed=1&paused`);
    const { page } = cmd;
    await page.waitForFunction('window.dome.hello?.role === "commander" && window.dome.scene !== undefined', null, WAIT);
    // the nation is the token's: the switcher is off
    expect(await page.isDisabled('#nation')).toBe(true);
    const socket = cmd.sockets[0];
    expect(socket.url).toContain('?token=');
    expect(ofType(socket, 'scene')[0].command).toEqual({ timeoutS: 120, onTimeout: 'approve' });
    const scene = (await page.evaluate('window.dome.scene')) as { trial: string; end: number };
    // the first engagement waiting for the US commander; nobody answering, the rule (approve after 120 s) fires it
    const rest = await fetch(new URL(`api/trials/${scene.trial}/events`, server.url), { headers: { authorization: `Bearer ${token}` } });
    const log = ((await rest.json()) as { events: Array<Event & { weapon?: string; approvals?: Array<{ nation: string }> }> }).events;
    const a = log.find((e) => e.type === 'assign' && e.approvals?.some((x) => x.nation === 'US')) as Event & {
      weapon: string;
      object: string;
    };
    expect(a).toBeDefined();
    const sameShot = (e: Event & { weapon?: string }) => e.type === 'fire' && e.weapon === a.weapon && e.object === a.object;
    expect(log.some(sameShot)).toBe(true);

    // pending, with the time left counting down on the scenario clock
    type Decisions = {
      pending: Array<{ weapon: string; object: string; left: number }>;
      resolved: Array<{ weapon: string; object: string; verdict: string; by: string }>;
    };
    const decisionsOf = async () => (await page.evaluate('window.dome.decisions()')) as Decisions;
    // (the seek slider moves in whole seconds)
    await seekTo(page, Math.ceil(a.t) + 1);
    await page.waitForFunction(
      `window.dome.decisions().pending.some((p) => p.object === ${JSON.stringify(a.object)} && p.left > 118 && p.left <= 119)`,
      null,
      WAIT,
    );
    const row = page.locator(`#pending-decisions li[data-weapon="${a.weapon}"][data-object="${a.object}"]`);
    await page.waitForFunction(
      `document.querySelector('#pending-decisions li[data-object="${a.object}"] .left')?.textContent === '119 s left'`,
      null,
      WAIT,
    );
    await seekTo(page, Math.ceil(a.t) + 31);
    await page.waitForFunction(
      `window.dome.decisions().pending.some((p) => p.object === ${JSON.stringify(a.object)} && p.left > 88 && p.left <= 89)`,
      null,
      WAIT,
    );
    await page.waitForFunction(
      `document.querySelector('#pending-decisions li[data-object="${a.object}"] .left')?.textContent === '89 s left'`,
      null,
      WAIT,
    );
    expect(await page.isVisible('#decisions')).toBe(true);

    // deny: the server records it, the trial is computed again, the shot is withheld
    const framesBefore = socket.frames.length;
    await row.locator('button.deny').dispatchEvent('click');
    await page.waitForFunction(
      `window.dome.decisions().resolved.some((d) => d.object === ${JSON.stringify(a.object)} && d.verdict === 'deny' && d.by === 'commander')`,
      null,
      WAIT,
    );
    // the page may show the verdict before the test's frame recorder (CDP events) has the server's frame
    await expect.poll(() => ofType(socket, 'decision').length, { timeout: WAIT.timeout, interval: WAIT.polling }).toBeGreaterThan(0);
    const decision = ofType(socket, 'decision')[0] as unknown as {
      entry: { decision: string; outcome: string; user: string; weaponOwner: string };
    };
    expect(decision.entry).toMatchObject({ decision: 'deny', outcome: 'recorded', user: 'us-commander', weaponOwner: 'US' });
    expect((await decisionsOf()).pending.some((p) => p.weapon === a.weapon && p.object === a.object)).toBe(false);
    await seekTo(page, scene.end);
    await page.waitForFunction(`window.dome.clock.t >= ${scene.end - 1}`, null, WAIT);
    // the event list's buttons too: nothing is pending any more
    expect(await page.locator('#event-rows li[data-type="assign"] button').count()).toBeGreaterThan(0);
    await page.waitForFunction('[...document.querySelectorAll("#event-rows button")].every((b) => b.disabled)', null, WAIT);
    const held = (await page.evaluate('window.dome.events()')) as Array<Event & { weapon?: string; reason?: string }>;
    expect(
      held.some((e) => e.type === 'refuse' && e.weapon === a.weapon && e.object === a.object && /commander denied/.test(e.reason ?? '')),
    ).toBe(true);
    expect(held.filter(sameShot)).toEqual([]);
    expect(
      socket.frames
        .slice(framesBefore)
        .filter((f) => f.type === 'events')
        .flatMap((f) => f.events as Event[])
        .filter(sameShot),
    ).toEqual([]);
    expect(cmd.problems).toEqual([]);
    await page.close();

    // a US viewer of the same live trial sees the engagement pending before the decision, and no buttons
    const viewer = await openPicture('?nation=US&scenario=us-approves&seed=1&paused');
    await viewer.page.waitForFunction('window.dome.scene !== undefined', null, WAIT);
    await seekTo(viewer.page, Math.ceil(a.t) + 1);
    await viewer.page.waitForFunction(`window.dome.decisions().pending.some((p) => p.object === ${JSON.stringify(a.object)})`, null, WAIT);
    await viewer.page.waitForFunction(`document.querySelectorAll('#pending-decisions li').length > 0`, null, WAIT);
    expect(await viewer.page.locator('#decisions button').count()).toBe(0);
    expect(await viewer.page.locator('#event-rows button').count()).toBe(0);
    expect(viewer.problems).toEqual([]);
    await viewer.page.close();
  }, 300_000);

  it("the northern approaches: bombers on the scene's flights, cruise missiles, OTH bands, AEW orbits; nothing of Canada's for a US page when Canada withholds", async () => {
    // first the raid with Canada sharing nothing, then as shipped (one page at a time: two at once made a page
    // load miss 30 s in the full suite on this loaded machine)
    const withheld = await openPicture('?nation=US&scenario=bomber-raid-ca-withholds&seed=1&paused');
    // (each page is closed without waiting once done: under software WebGL a page takes seconds to close)
    // Canada sharing nothing: the US page receives none of Canada's radars, their coverage, or the bombers only they saw (checked at the WebSocket)
    await withheld.page.waitForFunction('window.dome?.scene?.scenario === "bomber-raid-ca-withholds"', null, WAIT);
    const w = ofType(withheld.sockets[0], 'scene')[0] as unknown as { assets: { radars: Array<{ id: string }>; aircraft: unknown[] } };
    expect(w.assets.radars.map((x) => x.id).sort()).toEqual(['e-3', 'e-7']);
    expect(w.assets.aircraft).toEqual([]);
    for (const f of withheld.sockets[0].frames)
      for (const word of ['othr', 'nws-', 'tu160', 'tu95']) expect(JSON.stringify(f)).not.toContain(word);
    const ids = (await withheld.page.evaluate('window.dome.entityIds()')) as string[];
    expect(ids.filter((id) => id.startsWith('aircraft:') || id.includes('othr') || id.includes('nws-'))).toEqual([]);
    expect(ids).toContain('radar:e-7:orbit');
    expect(withheld.problems).toEqual([]);
    void withheld.page.close().catch(() => undefined);

    // seed 2: a trial in which the Tu-160 releases its Kh-101s (in seed 1 the fighters, on estimated air tracks, shoot
    // both bombers first; server/test/scene-air.test.ts picks its trial the same way)
    const north = await openPicture('?nation=US&scenario=russia-bomber-raid&seed=2&paused');
    const { page } = north;
    await page.waitForFunction('window.dome?.scene?.scenario === "russia-bomber-raid"', null, WAIT);
    const socket = north.sockets[0];
    const scene = ofType(socket, 'scene')[0] as unknown as {
      assets: { aircraft: Array<{ id: string; samples: number[]; endT: number }>; cruise: string[]; radars: Array<{ id: string }> };
    };
    // the Tu-160, seen by P-OTHR (shared under norad-integrated), half way between that and its release
    const bomber = scene.assets.aircraft.find((a) => a.id === 'tu160-engels')!;
    const s = bomber.samples;
    const t = Math.round((s[0] + bomber.endT) / 2);
    const k = s.findLastIndex((x, i) => i % 5 === 0 && x <= t);
    await seekTo(page, t);
    await page.waitForFunction(`window.dome.clock.t === ${t}`, null, WAIT);
    // the layers: both bombers, both OTH radars' bands by day and night, the AEW platforms with their orbits and
    // look-down rings, the North Warning System's rings on a low cruise missile; the legend names them (the Tu-95MS
    // too: seen, then shot down or released, its flight ends where its samples end)
    const r = (await page.evaluate(`(() => {
      const d = window.dome;
      const at = ${JSON.stringify([0, 5, k, s.length - 5].map((q) => s[q]))}.map((time) => d.positionAt('aircraft:tu160-engels', time));
      return { ids: d.entityIds(), at, scene: d.scene, legend: document.getElementById('legend').textContent };
    })()`)) as {
      ids: string[];
      at: Array<{ latitude: number; longitude: number; altitude: number }>;
      scene: { aircraft: number; cruise: number };
      legend: string;
    };
    for (const id of [
      'aircraft:tu160-engels',
      'aircraft:tu95-olenya',
      'radar:a-othr',
      'radar:a-othr:night',
      'radar:p-othr',
      'radar:p-othr:night',
      'radar:e-7',
      'radar:e-7:orbit',
      'radar:e-7:low',
      'radar:e-3:low',
      'radar:nws-cartwright:low',
    ]) {
      expect(r.ids, id).toContain(id);
    }
    expect(r.scene).toMatchObject({ aircraft: 2 });
    expect(r.scene.cruise).toBeGreaterThan(0);
    for (const word of ['bomber', 'cruise missile', 'OTH band at night', 'AEW orbit']) expect(r.legend).toContain(word);
    // the bomber is drawn where the scene says, at its samples (to 1e-9 rad: 6 mm; Cesium's Cartesian round trip)
    [0, 5, k, s.length - 5].forEach((q, i) => {
      expect(Math.abs(r.at[i].latitude - s[q + 1]), `sample at ${s[q]}`).toBeLessThan(1e-9);
      expect(Math.abs(r.at[i].longitude - s[q + 2])).toBeLessThan(1e-9);
      expect(Math.abs(r.at[i].altitude - s[q + 3])).toBeLessThan(0.01);
    });
    // its info box (selected as a click does: the clicking itself is the interactions test's; a pick pass costs a
    // software-rendered frame or two here)
    expect(await page.evaluate(`window.dome.select('aircraft:tu160-engels')`)).toBe(true);
    await page.waitForFunction('window.dome.inspected().selected === "aircraft:tu160-engels"', null, WAIT);
    const rows = Object.fromEntries(((await page.evaluate('window.dome.inspected()')) as { rows: Array<[string, string]> }).rows);
    expect(rows).toEqual({
      kind: 'aircraft (bomber)',
      type: 'tu-160',
      owner: 'attacker (not named)',
      phase: 'flying to its launch area',
      speed: `${s[k + 4].toFixed(0)} m/s (ground)`,
      altitude: `${(s[k + 3] / 1000).toFixed(1)} km`,
    });
    // five minutes after its release its Kh-101s fly (seen within minutes): the threats on the globe are the scene's cruise missiles
    const t2 = Math.round(bomber.endT + 300);
    await seekTo(page, t2);
    await page.waitForFunction(`window.dome.clock.t === ${t2} && window.dome.shown().threats > 0`, null, WAIT);
    const positions = (ofType(socket, 'positions').at(-1) as unknown as Positions).objects.filter((o) => o.kind === 'threat');
    expect(positions.length).toBeGreaterThan(0);
    for (const o of positions) expect(scene.assets.cruise).toContain(o.id);
    expect(north.problems).toEqual([]);
    void page.close().catch(() => undefined);
  }, 300_000);

  it("Canada's fighters: a marker and its trail on Canada's page, where the engine's logged sortie puts it", async () => {
    // the same world the server runs (bomberRaidWorlds builds it the same way), its first Canadian sortie half way
    const log = runTrial(bomberRaidWorlds()['russia-bomber-raid'], 1);
    const sortie = log.find((e): e is Extract<EngineEvent, { type: 'sortie' }> => e.type === 'sortie' && e.owner === 'CA')!;
    const t = Math.round(sortie.t + sortie.path[sortie.path.length - 4] / 2);
    const ca = await openPicture('?nation=CA&scenario=russia-bomber-raid&seed=1&paused');
    const { page } = ca;
    await page.waitForFunction('window.dome?.scene?.scenario === "russia-bomber-raid"', null, WAIT);
    await seekTo(page, t);
    await page.waitForFunction(`window.dome.clock.t === ${t} && window.dome.shown().fighters > 0`, null, WAIT);
    const ids = (await page.evaluate('window.dome.entityIds()')) as string[];
    expect(ids).toContain(`fighter:${sortie.aircraft}`);
    const fighters = (ofType(ca.sockets[0], 'positions').at(-1) as unknown as Positions).objects.filter((o) => o.kind === 'fighter');
    expect(fighters.map((o) => o.id)).toContain(sortie.aircraft);
    expect(fighters.every((o) => (o as unknown as { owner: string }).owner === 'CA')).toBe(true);
    expect(ca.problems).toEqual([]);
    void page.close().catch(() => undefined);
  }, 300_000);

  it('no request left 127.0.0.1', () => {
    expectNoOutsideRequest();
  });
});
