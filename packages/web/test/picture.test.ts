/**
 * The web picture in Debian's headless Chromium (playwright-core), against the REAL server: buildServer
 * in demo mode on 127.0.0.1, serving a fresh build of the picture, streaming live trials over /ws (the
 * harness: picture-harness.ts). The globe, the live run, the timeline, inspection and per-nation views;
 * commanders, the northern approaches and fighters are in picture-command.test.ts (two files, so that
 * the suite's two threads share the browser work).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  click,
  clockOf,
  ecef,
  eventsOf,
  expectNoOutsideRequest,
  FPS,
  lastClock,
  offChord,
  ofType,
  openPicture,
  pixelStats,
  rate,
  rowEvents,
  seekTo,
  startHarness,
  stopHarness,
  type Event,
  type Positions,
  type Trails,
  type Watched,
  WAIT,
} from './picture-harness.ts';
import { withholdingWorlds } from './picture-server.ts';

describe('the web picture in headless Chromium, on the real server', () => {
  let us: Watched;

  beforeAll(async () => {
    await startHarness(withholdingWorlds(), []);
  }, 600_000);
  afterAll(stopHarness);

  it('renders the globe offline: Natural Earth imagery over the globe area, not a blank canvas', async () => {
    // uncapped while the globe's tiles load (they load over ~18 frames), then capped for the rest of the file
    us = await openPicture('?nation=US&scenario=ca-withholds&seed=1&paused', undefined);
    const { page } = us;
    await page.waitForFunction('window.dome?.scene !== undefined && window.dome.tilesLoaded && window.dome.frames >= 20', null, WAIT);
    // the scene is the US view: its own radar only (Canada withholds A-OTHR), the battery, the cities
    const scene = (await page.evaluate('window.dome.scene')) as { radars: number; batteries: number; cities: number; nation: string };
    expect(scene).toMatchObject({ nation: 'US', radars: 2, batteries: 1 });
    expect(scene.cities).toBeGreaterThan(3);
    // a square inside the globe (camera over the North Pacific at 16,000 km: Alaska, western Canada and
    // the Pacific), clear of the panels
    const shot = await page.screenshot({ clip: { x: 560, y: 220, width: 300, height: 300 } });
    const s = await pixelStats(shot);
    // a blank or black canvas has no ocean, no land and a handful of colours
    expect(s.dark / s.pixels).toBeLessThan(0.05);
    expect(s.ocean / s.pixels).toBeGreaterThan(0.3);
    expect(s.land / s.pixels).toBeGreaterThan(0.02);
    expect(s.colours).toBeGreaterThan(150);
    await page.evaluate(`window.dome.frameRate(${FPS})`);
    expect(us.problems).toEqual([]);
  }, 300_000);

  it('shows threats, interceptors, intercepts and events as the live run advances', async () => {
    const { page } = us;
    const socket = us.sockets[0];
    expect(lastClock(socket)).toMatchObject({ t: 0, playing: false });
    expect(await page.evaluate('window.dome.entityIds().filter((id) => id.startsWith("threat:")).length')).toBe(0);
    await page.selectOption('#speed', '300');
    await page.waitForFunction('window.dome.clock.speed === 300', null, WAIT);
    await click(page, '#play');
    await page.waitForFunction(
      'window.dome.shown().threatsSeen > 0 && window.dome.entityIds().some((id) => id.startsWith("threat:"))',
      null,
      WAIT,
    );
    // the run reaches its end and the clock stops there
    const end = (ofType(socket, 'scene')[0] as unknown as { end: number }).end;
    await page.waitForFunction(`window.dome.clock.t >= ${end} && !window.dome.clock.playing`, null, WAIT);
    const shown = (await page.evaluate('window.dome.shown()')) as Record<string, number>;
    const events = eventsOf(socket);
    const count = (type: string) => events.filter((e) => e.type === type).length;
    // what the page drew is what it received: every intercept and impact event, as markers
    expect(count('intercept')).toBeGreaterThan(0);
    expect(shown.hits + shown.misses).toBe(count('intercept'));
    expect(shown.warheadImpacts + shown.decoyImpacts).toBe(count('impact'));
    expect(shown.interceptorsSeen).toBeGreaterThan(0);
    // ground fly-outs are drawn as flown: each interceptor's trail (the positions received) leaves the
    // straight line from its battery to its intercept point (a boost-then-coast arc, > 20 km off half way)
    const batteries = (
      ofType(socket, 'scene')[0] as unknown as {
        assets: { batteries: Array<{ id: string; latitude: number; longitude: number; altitude: number }> };
      }
    ).assets.batteries;
    const offs: number[] = [];
    for (const hit of events.filter((e) => e.type === 'intercept') as unknown as Array<{
      weapon: string;
      object: string;
      shot: number;
      point: { latitude: number; longitude: number; altitude: number };
    }>) {
      const b = batteries.find((x) => x.id === hit.weapon);
      const trails = (await page.evaluate(`window.dome.trailsOf(${JSON.stringify(`${hit.weapon}/${hit.object}/${hit.shot}`)})`)) as
        Trails | undefined;
      if (!b || !trails) continue;
      expect(trails.map((tr) => tr.phase)).toEqual(['interceptor']);
      const from = ecef(b.latitude, b.longitude, b.altitude),
        to = ecef(hit.point.latitude, hit.point.longitude, hit.point.altitude);
      offs.push(Math.max(...trails[0].points.map((p) => offChord(p, from, to))));
    }
    expect(offs.length).toBeGreaterThan(0);
    expect(Math.max(...offs)).toBeGreaterThan(20e3);
    // the event list has a row per event received (newest first), intercept rows among them
    expect(await rowEvents(page, '#event-rows li[data-type]')).toBe(events.length);
    expect(await rowEvents(page, '#event-rows li[data-type="intercept"]')).toBe(count('intercept'));
    // and no two rows say the same thing at the same time (identical events are one row, counted)
    const texts = await page.locator('#event-rows li[data-type]').allTextContents();
    expect(new Set(texts).size).toBe(texts.length);
    // (the metrics panel is redrawn after each frame: wait for a frame drawn after the last events, 1/FPS s at most)
    const drawn = (await page.evaluate('window.dome.frames')) as number;
    await page.waitForFunction(`window.dome.frames > ${drawn}`, null, WAIT);
    expect(await page.locator('#metric-detections').textContent()).toBe(String(count('detect')));
    expect(us.problems).toEqual([]);
  }, 300_000);

  it('the timeline controls drive the server clock: seek, speed, play and pause', async () => {
    const { page } = us;
    const socket = us.sockets[0];
    // seek back to 1000 s: the server resets and replays the log up to there
    let before = socket.frames.length;
    await seekTo(page, 1000);
    await page.waitForFunction('window.dome.clock.t === 1000', null, WAIT);
    // the page may show a frame before the test's frame recorder (CDP events) has it: wait for the recorder
    const poll = { timeout: WAIT.timeout, interval: WAIT.polling };
    await expect.poll(() => socket.frames.slice(before).some((f) => f.type === 'reset'), poll).toBe(true);
    const shown = await rowEvents(page, '#event-rows li[data-type]');
    await expect
      .poll(
        () =>
          socket.frames
            .slice(before)
            .filter((f) => f.type === 'events')
            .flatMap((f) => f.events as Event[]).length,
        poll,
      )
      .toBeGreaterThanOrEqual(shown);
    const after = socket.frames.slice(before);
    expect(after.some((f) => f.type === 'reset')).toBe(true);
    const replayed = after.filter((f) => f.type === 'events').flatMap((f) => f.events as Event[]);
    expect(replayed.length).toBeGreaterThan(0);
    expect(Math.max(...replayed.map((e) => e.t))).toBeLessThanOrEqual(1000);
    const rowTimes = await page
      .locator('#event-rows li[data-type]')
      .evaluateAll((rows) => rows.map((r) => Number.parseFloat(r.textContent ?? '')));
    expect(await rowEvents(page, '#event-rows li[data-type]')).toBe(replayed.length);
    expect(Math.max(...rowTimes)).toBeLessThanOrEqual(1000);

    // back to 100 s (room to run before the end of the run at these speeds)
    before = socket.frames.length;
    await seekTo(page, 100);
    await page.waitForFunction('window.dome.clock.t === 100', null, WAIT);
    await expect.poll(() => socket.frames.slice(before).some((f) => f.type === 'reset'), poll).toBe(true);

    // speed 10, play: the clock advances at 10 scenario seconds per wall second (by the server's send times)
    await page.selectOption('#speed', '10');
    await click(page, '#play');
    await page.waitForFunction('window.dome.clock.playing && window.dome.clock.speed === 10 && window.dome.clock.t > 103', null, WAIT);
    const slow = clockOf(socket).filter((c) => c.playing && c.speed === 10 && c.t > 100);
    await page.waitForFunction(
      `window.dome.clock.received >= ${((await page.evaluate('window.dome.clock.received')) as number) + 3}`,
      null,
      WAIT,
    );
    const slowLater = clockOf(socket).filter((c) => c.playing && c.speed === 10);
    expect(rate(slow[0], slowLater.at(-1)!)).toBeGreaterThan(9);
    expect(rate(slow[0], slowLater.at(-1)!)).toBeLessThan(11);
    // speed 30: three times the rate
    await page.selectOption('#speed', '30');
    await page.waitForFunction('window.dome.clock.speed === 30', null, WAIT);
    const fastFrom = clockOf(socket).filter((c) => c.speed === 30)[0];
    await page.waitForFunction(`window.dome.clock.t > ${fastFrom.t + 90}`, null, WAIT);
    const fastTo = clockOf(socket).at(-1)!;
    expect(fastTo).toMatchObject({ speed: 30, playing: true });
    expect(rate(fastFrom, fastTo)).toBeGreaterThan(27);
    expect(rate(fastFrom, fastTo)).toBeLessThan(33);

    // pause: the clock stops, and the next reports keep its time
    expect(await page.isDisabled('#play')).toBe(true);
    await click(page, '#pause');
    await page.waitForFunction('!window.dome.clock.playing', null, WAIT);
    const stoppedAt = lastClock(socket)!.t;
    expect(await page.isDisabled('#pause')).toBe(true);
    expect(await page.isDisabled('#play')).toBe(false);
    await page.selectOption('#speed', '300'); // a control message: the server answers with a clock report
    await page.waitForFunction('window.dome.clock.speed === 300', null, WAIT);
    expect(lastClock(socket)).toMatchObject({ t: stoppedAt, playing: false, speed: 300 });
    expect(us.problems).toEqual([]);
  }, 300_000);

  it('inspect, track, home, 2D/3D, the date on the clock, and the event list folded away', async () => {
    const { page } = us;
    const socket = us.sockets[0];
    // half way through a US shot: its interceptor and its target are both in the air
    const events = eventsOf(socket) as Array<Event & { weapon?: string; shot?: number }>;
    const hit = events.find((e) => e.type === 'intercept')!;
    const fire = events.find((e) => e.type === 'fire' && e.weapon === hit.weapon && e.object === hit.object && e.shot === hit.shot)!;
    const t = Math.round((fire.t + hit.t) / 2);
    await seekTo(page, t);
    await page.waitForFunction(
      `window.dome.clock.t === ${t} && window.dome.shown().threats > 0 && window.dome.shown().interceptors > 0`,
      null,
      WAIT,
    );
    // after a seek the fly-out's trail is redrawn from the log, never stale: back before its shot it is
    // gone, forward again it is one interceptor trail from the seek time (the server sends positions from
    // the clock's time on: the part flown before a seek is not drawn, docs/web-picture.md)
    const flyout = JSON.stringify(`${hit.weapon}/${hit.object}/${hit.shot}`);
    expect(((await page.evaluate(`window.dome.trailsOf(${flyout})`)) as Trails).map((tr) => tr.phase)).toEqual(['interceptor']);
    const before = Math.max(1, Math.floor(fire.t) - 5);
    await seekTo(page, before);
    await page.waitForFunction(`window.dome.clock.t === ${before} && window.dome.trailsOf(${flyout}) === undefined`, null, WAIT);
    await seekTo(page, t);
    await page.waitForFunction(
      `window.dome.clock.t === ${t} && window.dome.trailsOf(${flyout}) !== undefined && window.dome.shown().threats > 0`,
      null,
      WAIT,
    );
    expect(((await page.evaluate(`window.dome.trailsOf(${flyout})`)) as Trails).map((tr) => tr.phase)).toEqual(['interceptor']);
    // the date on the clock (the scene's epoch is 2029-01-01T00:00:00Z)
    const iso = new Date(Date.UTC(2029, 0, 1) + t * 1000).toISOString();
    expect(await page.locator('#clock-time').textContent()).toBe(`${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC  (T+${t} s)`);

    // click the threat on the globe: the info box shows what the messages carry of it
    const threat = `threat:${hit.object}`;
    // (a click picks what the last frame drew: wait for a frame drawn after the seek, 1/FPS s at most)
    const drawn = (await page.evaluate('window.dome.frames')) as number;
    await page.waitForFunction(
      `window.dome.frames > ${drawn} && window.dome.screenPosition(${JSON.stringify(threat)}) !== undefined`,
      null,
      WAIT,
    );
    const at = (await page.evaluate(`window.dome.screenPosition(${JSON.stringify(threat)})`)) as { x: number; y: number };
    await page.mouse.click(at.x, at.y);
    // (its decoys fly within a few km of it: the click may pick one of them, drawn on top)
    await page.waitForFunction('window.dome.inspected().selected?.startsWith("threat:")', null, WAIT);
    expect(await page.isVisible('#inspect')).toBe(true);
    const inspected = (await page.evaluate('window.dome.inspected()')) as { selected: string; rows: Array<[string, string]> };
    const picked = inspected.selected.slice('threat:'.length);
    const rows = Object.fromEntries(inspected.rows);
    const reported = (
      ofType(socket, 'positions').at(-1) as unknown as { objects: Array<{ id: string; altitude: number; speed: number; of: string }> }
    ).objects.find((o) => o.id === picked)!;
    expect(rows).toMatchObject({
      kind: 'threat object (warhead or decoy)',
      missile: reported.of,
      altitude: `${(reported.altitude / 1000).toFixed(0)} km`,
      speed: `${(reported.speed / 1000).toFixed(2)} km/s (inertial)`,
    });
    expect(['boost', 'midcourse', 're-entry / glide']).toContain(rows.phase);
    // the rest in one round trip (each one waits for a software-rendered frame here): the buttons are
    // clicked in the page, and what each changed is read right after it
    const r = (await page.evaluate(`(() => {
      const out = {};
      const press = (id) => document.getElementById(id).click();
      const selected = window.dome.inspected().selected;
      out.label = window.dome.labelOf(selected);
      press('inspect-track');
      out.tracked = window.dome.inspected().tracked;
      out.trackText = document.getElementById('inspect-track').textContent;
      press('inspect-track');
      out.untracked = window.dome.inspected().tracked ?? null;
      press('home');
      out.view = window.dome.view();
      press('mode');
      out.mode2 = window.dome.view().mode;
      out.modeText = document.getElementById('mode').textContent;
      press('mode');
      out.mode3 = window.dome.view().mode;
      const panel = document.getElementById('events');
      out.openHeight = panel.getBoundingClientRect().height;
      press('events-toggle');
      out.folded = { collapsed: panel.classList.contains('collapsed'), height: panel.getBoundingClientRect().height, rows: document.getElementById('event-rows').getClientRects().length };
      press('events-toggle');
      out.unfolded = { collapsed: panel.classList.contains('collapsed'), rows: document.getElementById('event-rows').getClientRects().length };
      return out;
    })()`)) as {
      label: string;
      tracked: string;
      trackText: string;
      untracked: string | null;
      view: { camera: { latitude: number; longitude: number }; home: [number, number, number, number] };
      mode2: string;
      modeText: string;
      mode3: string;
      openHeight: number;
      folded: { collapsed: boolean; height: number; rows: number };
      unfolded: { collapsed: boolean; rows: number };
    };
    // a label on it
    expect(r.label).toBe(picked);
    // track: the camera follows the object; pressed again, it stops
    expect(r.tracked).toBe(inspected.selected);
    expect(r.trackText).toBe('stop tracking');
    expect(r.untracked).toBeNull();
    // home frames the raid: the camera over a frame that holds every launch site received
    const inside = (lon: number, lat: number, [w, s, e, n]: number[]) =>
      lat >= s && lat <= n && (w <= e ? lon >= w && lon <= e : lon >= w || lon <= e);
    const launches = events.filter((e) => e.type === 'launch') as unknown as Array<{ site: { latitude: number; longitude: number } }>;
    expect(launches.length).toBeGreaterThan(0);
    for (const l of launches) expect(inside((l.site.longitude * 180) / Math.PI, (l.site.latitude * 180) / Math.PI, r.view.home)).toBe(true);
    expect(inside(r.view.camera.longitude, r.view.camera.latitude, r.view.home)).toBe(true);
    // 2D, then back to 3D
    expect([r.mode2, r.modeText, r.mode3]).toEqual(['2D', '3D', '3D']);
    // the event list folds to its heading (it never hides the fight) and opens again
    expect(r.folded.collapsed).toBe(true);
    expect(r.folded.rows).toBe(0);
    expect(r.folded.height).toBeLessThan(50);
    expect(r.folded.height).toBeLessThan(r.openHeight);
    expect(r.unfolded).toEqual({ collapsed: false, rows: 1 });
    // and the globe still draws (3D again) with nothing thrown on the way
    const frames = (await page.evaluate('window.dome.frames')) as number;
    await page.waitForFunction(`window.dome.frames > ${frames + 1} && window.dome.view().mode === "3D"`, null, WAIT);
    expect(us.problems).toEqual([]);
  }, 300_000);

  it('a US viewer never receives what Canada withholds; switched to Canada, the same page receives it', async () => {
    const { page } = us;
    const usSocket = us.sockets[0];
    expect(usSocket.url).toMatch(/\/ws\?nation=US$/);
    // checked at the WebSocket: no event or position the US page received comes from Canada's A-OTHR
    // (no detection by it, no track fed by it: the engine's log has both, see the CA view below)
    const usStream = usSocket.frames.filter((f) => f.type === 'events' || f.type === 'positions');
    expect(usStream.length).toBeGreaterThan(0);
    for (const f of usStream) expect(JSON.stringify(f)).not.toContain('a-othr');
    // positions: a threat only once the US holds a detection or track of it (its own sensors here)
    const usEvents = eventsOf(usSocket);
    const firstSeen = new Map<string, number>();
    for (const e of usEvents) {
      if ((e.type === 'detect' || e.type === 'track') && e.object && !(firstSeen.get(e.object)! <= e.t)) firstSeen.set(e.object, e.t);
    }
    const usPositions = ofType(usSocket, 'positions') as unknown as Positions[];
    expect(usPositions.some((p) => p.objects.some((o) => o.kind === 'threat'))).toBe(true);
    for (const p of usPositions) {
      for (const o of p.objects.filter((x) => x.kind === 'threat')) {
        expect(firstSeen.has(o.id), `${o.id} at ${p.t}`).toBe(true);
        expect(firstSeen.get(o.id)!).toBeLessThanOrEqual(p.t + 1e-6);
      }
    }
    // the polar shot is seen by A-OTHR only: the US page never got a position of it
    expect(usPositions.some((p) => p.objects.some((o) => o.id.startsWith('polar/')))).toBe(false);

    // the nation switcher reconnects as Canada's demo viewer (the same stored trial)
    await page.selectOption('#nation', 'CA');
    await page.waitForFunction('window.dome.hello?.nation === "CA" && window.dome.scene?.nation === "CA"', null, WAIT);
    expect(us.sockets).toHaveLength(2);
    const caSocket = us.sockets[1];
    expect(caSocket.url).toMatch(/\/ws\?nation=CA$/);
    const caScene = ofType(caSocket, 'scene')[0] as unknown as { end: number };
    // to the end: every event of the run; Canada's own A-OTHR detections reach Canada's view and its event list
    await seekTo(page, caScene.end);
    // the page's clock shows whole seconds (a run's end falls between them)
    await page.waitForFunction(`Math.abs(window.dome.clock.t - ${caScene.end}) < 1`, null, WAIT);
    await page.waitForFunction('document.querySelectorAll("#event-rows li[data-type=detect]").length > 0', null, WAIT);
    const caDetections = eventsOf(caSocket).filter((e) => e.type === 'detect' && e.sensor === 'a-othr');
    expect(caDetections.length).toBeGreaterThan(0);
    expect(await page.locator('#event-rows li[data-type="detect"]', { hasText: 'a-othr' }).count()).toBeGreaterThan(0);
    // under norad-integrated the US shares its engagements' outcomes: Canada receives the US intercepts
    // and assessments (and never a US shot or assignment: those stay the owner's)
    const caEvents = eventsOf(caSocket) as Array<Event & { weapon?: string }>;
    // (each socket received the log again after every seek: count distinct events)
    const intercepts = (list: Event[]) => new Set(list.filter((e) => e.type === 'intercept').map((e) => JSON.stringify(e))).size;
    expect(intercepts(caEvents)).toBeGreaterThan(0);
    expect(intercepts(caEvents)).toBe(intercepts(eventsOf(usSocket)));
    expect(caEvents.filter((e) => e.type === 'fire' || e.type === 'assign')).toEqual([]);
    // and positions of the polar shot just after A-OTHR first sees it
    const first = caDetections.reduce((a, b) => (b.t < a.t ? b : a));
    const framesBefore = caSocket.frames.length;
    await seekTo(page, Math.ceil(first.t + 1));
    await page.waitForFunction(`window.dome.clock.t === ${Math.ceil(first.t + 1)}`, null, WAIT);
    await page.waitForFunction(`window.dome.shown().threatsSeen > 0`, null, WAIT);
    const caPositions = caSocket.frames.slice(framesBefore).filter((f) => f.type === 'positions') as unknown as Positions[];
    expect(caPositions.some((p) => p.objects.some((o) => o.id === first.object))).toBe(true);
    expect(us.problems).toEqual([]);
    // its last test: closed without waiting (under software WebGL a page takes seconds to close), not drawing beside the next page
    void page.close().catch(() => undefined);
  }, 300_000);

  it('a refused connection is shown, not swallowed: a malformed demo nation', async () => {
    const bad = await openPicture('?nation=u$&scenario=ca-withholds&paused');
    await bad.page.waitForFunction('(window.dome?.problems.length ?? 0) > 0', null, WAIT);
    const problems = (await bad.page.evaluate('window.dome.problems')) as string[];
    expect(problems[0]).toMatch(/^server: nation must be a code like 'US'/);
    expect(await bad.page.locator('#status').textContent()).toMatch(/nation must be a code/);
    await bad.page.close();
  }, 300_000);

  it('no request left 127.0.0.1', () => {
    expectNoOutsideRequest();
  });
});
