/**
 * The web picture in Debian's headless Chromium (playwright-core), against the REAL server: buildServer
 * in demo mode on 127.0.0.1, serving a fresh build of the picture, streaming live trials over /ws.
 * Software WebGL draws a frame or two per second here, so every wait is on a condition (rendered
 * frames, loaded tiles, received messages) with a generous timeout, never on a fixed delay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, WebSocket as PageSocket } from 'playwright-core';
import { type EngineEvent, runTrial } from '@golden-dome/core';
import { hashSecret } from '@golden-dome/server';
import { launchBrowser, type TestBrowser } from '../../cli/test/browser.ts';
import { bomberRaidWorlds, commandedWorld, type PictureServer, startPictureServer, withholdingWorlds } from './picture-server.ts';

interface Frame {
  type: string;
  [field: string]: unknown;
}
interface Socket {
  url: string;
  frames: Frame[];
}
interface Watched {
  page: Page;
  sockets: Socket[];
  requests: string[];
  problems: string[];
}
interface Event {
  t: number;
  type: string;
  object?: string;
  sensor?: string;
  sources?: string[];
}
interface Positions {
  t: number;
  objects: Array<{ id: string; kind: string }>;
}

const WAIT = { timeout: 120_000, polling: 500 };

type Trails = Array<{ phase: string; points: Array<[number, number, number]> }>;
/** WGS84 geodetic (radians, metres) to ECEF [m]: where the test expects a battery and an intercept point. */
function ecef(lat: number, lon: number, h: number): [number, number, number] {
  const a = 6378137,
    e2 = 6.69437999014e-3;
  const n = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
  return [(n + h) * Math.cos(lat) * Math.cos(lon), (n + h) * Math.cos(lat) * Math.sin(lon), (n * (1 - e2) + h) * Math.sin(lat)];
}
/** Distance [m] of p from the straight line through a and b. */
function offChord(p: number[], a: number[], b: number[]): number {
  const d = [b[0] - a[0], b[1] - a[1], b[2] - a[2]],
    v = [p[0] - a[0], p[1] - a[1], p[2] - a[2]];
  const c = [v[1] * d[2] - v[2] * d[1], v[2] * d[0] - v[0] * d[2], v[0] * d[1] - v[1] * d[0]];
  return Math.hypot(...c) / Math.hypot(...d);
}
const COMMANDER_SECRET = 'secret of us-commander';

let server: PictureServer;
let browser: TestBrowser;
const opened: Watched[] = [];

async function openPicture(query: string): Promise<Watched> {
  const page = await browser.context.newPage();
  const watched: Watched = { page, sockets: [], requests: [], problems: [] };
  page.on('request', (r) => {
    watched.requests.push(r.url());
  });
  page.on('websocket', (ws: PageSocket) => {
    const socket: Socket = { url: ws.url(), frames: [] };
    watched.sockets.push(socket);
    watched.requests.push(ws.url());
    ws.on('framereceived', (f) => {
      socket.frames.push(JSON.parse(String(f.payload)) as Frame);
    });
  });
  page.on('pageerror', (e) => {
    watched.problems.push(`pageerror: ${e.message}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') watched.problems.push(`console: ${m.text()}`);
  });
  opened.push(watched);
  // half the pixel resolution: software WebGL draws four times fewer pixels a frame, and the page answers sooner
  await page.goto(`${server.url}${query}&resolution=0.5`, { timeout: WAIT.timeout });
  return watched;
}

const ofType = (socket: Socket, type: string) => socket.frames.filter((f) => f.type === type);
const eventsOf = (socket: Socket) => ofType(socket, 'events').flatMap((f) => f.events as Event[]);
const clockOf = (socket: Socket) =>
  ofType(socket, 'clock') as unknown as Array<{ t: number; speed: number; playing: boolean; sentMs: number }>;
const lastClock = (socket: Socket) => clockOf(socket).at(-1);

/** Moves the seek slider as a user would (input while dragging, change on release). */
async function seekTo(page: Page, t: number): Promise<void> {
  await page.evaluate(`(() => { const s = document.getElementById('seek'); s.value = '${t}';
    s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); })()`);
}

/** Clicks a control without Playwright's wait for a stable layout (two animation frames: seconds under software WebGL). */
async function click(page: Page, selector: string): Promise<void> {
  expect(await page.isEnabled(selector), `${selector} is enabled`).toBe(true);
  await page.dispatchEvent(selector, 'click');
}

/** Events shown by the rows of the event list matching `selector` (a row holds identical events of one time, counted). */
async function rowEvents(page: Page, selector: string): Promise<number> {
  return await page.locator(selector).evaluateAll((rows) => rows.reduce((n, r) => n + Number(r.getAttribute('data-count') ?? '1'), 0));
}

/** Scenario seconds per wall second between two clock reports, by the server's own send times. */
function rate(a: { t: number; sentMs: number }, b: { t: number; sentMs: number }): number {
  return (b.t - a.t) / ((b.sentMs - a.sentMs) / 1000);
}

/** Share of pixels of a PNG screenshot region by kind, decoded by the browser itself (a blank page). */
async function pixelStats(png: Buffer): Promise<{ pixels: number; dark: number; ocean: number; land: number; colours: number }> {
  const page = await browser.context.newPage();
  await page.setContent('<canvas id="c"></canvas>');
  const stats = await page.evaluate(`(async () => {
    const img = new Image();
    img.src = 'data:image/png;base64,${png.toString('base64')}';
    await img.decode();
    const c = document.getElementById('c');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let dark = 0, ocean = 0, land = 0;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 4) {
      const r = d[i], gr = d[i + 1], b = d[i + 2];
      if (r + gr + b < 60) dark++;
      if (b > r + 25 && b >= gr) ocean++;
      if (r + gr > 2 * b + 20) land++;
      colours.add((r >> 3) * 1024 + (gr >> 3) * 32 + (b >> 3));
    }
    return { pixels: d.length / 4, dark, ocean, land, colours: colours.size };
  })()`);
  await page.close();
  return stats as { pixels: number; dark: number; ocean: number; land: number; colours: number };
}

describe('the web picture in headless Chromium, on the real server', () => {
  let us: Watched;

  beforeAll(async () => {
    // a US commander (scrypt at a cheap test cost), for the approvals over the socket
    const commander = {
      id: 'us-commander',
      nation: 'US',
      role: 'commander' as const,
      secret: await hashSecret(COMMANDER_SECRET, { N: 1024, r: 8, p: 1 }),
    };
    server = await startPictureServer({ ...withholdingWorlds(), 'us-approves': commandedWorld(), ...bomberRaidWorlds() }, [commander]);
    browser = await launchBrowser();
  }, 600_000);
  afterAll(async () => {
    for (const w of opened) await w.page.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('renders the globe offline: Natural Earth imagery over the globe area, not a blank canvas', async () => {
    us = await openPicture('?nation=US&scenario=ca-withholds&seed=1&paused');
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
    expect(socket.frames.slice(before).some((f) => f.type === 'reset')).toBe(true);

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
    await page.waitForFunction(`window.dome.screenPosition(${JSON.stringify(threat)}) !== undefined`, null, WAIT);
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
  }, 300_000);

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

    const north = await openPicture('?nation=US&scenario=russia-bomber-raid&seed=1&paused');
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

  it('a refused connection is shown, not swallowed: a malformed demo nation', async () => {
    const bad = await openPicture('?nation=u$&scenario=ca-withholds&paused');
    await bad.page.waitForFunction('(window.dome?.problems.length ?? 0) > 0', null, WAIT);
    const problems = (await bad.page.evaluate('window.dome.problems')) as string[];
    expect(problems[0]).toMatch(/^server: nation must be a code like 'US'/);
    expect(await bad.page.locator('#status').textContent()).toMatch(/nation must be a code/);
    await bad.page.close();
  }, 300_000);

  it('no request left 127.0.0.1', () => {
    const origin = new URL(server.url);
    const requests = opened.flatMap((w) => w.requests);
    expect(requests.length).toBeGreaterThan(10);
    const outside = requests.filter((u) => {
      if (/^(data|blob):/.test(u)) return false;
      const url = new URL(u);
      return url.hostname !== origin.hostname || url.port !== origin.port;
    });
    expect(outside).toEqual([]);
  });
});
