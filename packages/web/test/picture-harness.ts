/**
 * The harness of the web picture's browser tests (picture.test.ts, picture-command.test.ts): the web picture in Debian's headless Chromium (playwright-core), against the REAL server: buildServer
 * in demo mode on 127.0.0.1, serving a fresh build of the picture, streaming live trials over /ws.
 * Software WebGL draws a frame or two per second here, so every wait is on a condition (rendered
 * frames, loaded tiles, received messages) with a generous timeout, never on a fixed delay.
 * Uncapped, Chromium draws frames back to back (0.6-1 CPU second each, nearly all in its GPU process, at
 * resolution 0.25 or 0.5): the page then answers each evaluate or wait only between frames (0.5-1.5 s a
 * round trip) and Chromium holds a core for the whole file. The pages are drawn at FPS frames per second instead
 * (the page's `&fps=`): between frames the page answers at once and the other test files get the core.
 */
import { expect } from 'vitest';
import type { Page, WebSocket as PageSocket } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../../cli/test/browser.ts';
import { type PictureServer, startPictureServer } from './picture-server.ts';

export interface Frame {
  type: string;
  [field: string]: unknown;
}
export interface Socket {
  url: string;
  frames: Frame[];
}
export interface Watched {
  page: Page;
  sockets: Socket[];
  requests: string[];
  problems: string[];
}
export interface Event {
  t: number;
  type: string;
  object?: string;
  sensor?: string;
  sources?: string[];
}
export interface Positions {
  t: number;
  objects: Array<{ id: string; kind: string }>;
}

/** Waits poll in the page every 100 ms (a cheap evaluation: the page is idle between its capped frames). */
export const WAIT = { timeout: 120_000, polling: 100 };
/**
 * The pages' frame rate (frames per second). What the tests read comes from the server's messages and the DOM;
 * frames matter only to the globe's tiles (about 18 frames to load them: the globe test lifts the cap for
 * that), the metrics panel (drawn after each frame) and the tests that count frames.
 */
export const FPS = 0.5;

export type Trails = Array<{ phase: string; points: Array<[number, number, number]> }>;
/** WGS84 geodetic (radians, metres) to ECEF [m]: where the test expects a battery and an intercept point. */
export function ecef(lat: number, lon: number, h: number): [number, number, number] {
  const a = 6378137,
    e2 = 6.69437999014e-3;
  const n = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
  return [(n + h) * Math.cos(lat) * Math.cos(lon), (n + h) * Math.cos(lat) * Math.sin(lon), (n * (1 - e2) + h) * Math.sin(lat)];
}
/** Distance [m] of p from the straight line through a and b. */
export function offChord(p: number[], a: number[], b: number[]): number {
  const d = [b[0] - a[0], b[1] - a[1], b[2] - a[2]],
    v = [p[0] - a[0], p[1] - a[1], p[2] - a[2]];
  const c = [v[1] * d[2] - v[2] * d[1], v[2] * d[0] - v[0] * d[2], v[0] * d[1] - v[1] * d[0]];
  return Math.hypot(...c) / Math.hypot(...d);
}
export const COMMANDER_SECRET = 'secret of us-commander';

export let server: PictureServer;
let browser: TestBrowser;
/** Every page opened by this file's tests (the last test checks that none of their requests left 127.0.0.1). */
export const opened: Watched[] = [];

/** Starts the server with `worlds` and `users` and the browser (a file's beforeAll). */
export async function startHarness(...args: Parameters<typeof startPictureServer>): Promise<void> {
  server = await startPictureServer(...args);
  browser = await launchBrowser();
}

/** Closes every page, the browser and the server (a file's afterAll). */
export async function stopHarness(): Promise<void> {
  for (const w of opened) await w.page.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
}

/** The check every browser file ends with: no request of its pages left the server's origin. */
export function expectNoOutsideRequest(): void {
  const origin = new URL(server.url);
  const requests = opened.flatMap((w) => w.requests);
  expect(requests.length).toBeGreaterThan(10);
  const outside = requests.filter((u) => {
    if (/^(data|blob):/.test(u)) return false;
    const url = new URL(u);
    return url.hostname !== origin.hostname || url.port !== origin.port;
  });
  expect(outside).toEqual([]);
}

/** Opens the picture at `query` (drawn at half resolution, at `fps` frames per second at most; undefined: uncapped). */
export async function openPicture(query: string, fps: number | undefined = FPS): Promise<Watched> {
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
  await page.goto(`${server.url}${query}&resolution=0.5${fps === undefined ? '' : `&fps=${fps}`}`, { timeout: WAIT.timeout });
  return watched;
}

export const ofType = (socket: Socket, type: string) => socket.frames.filter((f) => f.type === type);
export const eventsOf = (socket: Socket) => ofType(socket, 'events').flatMap((f) => f.events as Event[]);
export const clockOf = (socket: Socket) =>
  ofType(socket, 'clock') as unknown as Array<{ t: number; speed: number; playing: boolean; sentMs: number }>;
export const lastClock = (socket: Socket) => clockOf(socket).at(-1);

/** Moves the seek slider as a user would (input while dragging, change on release). */
export async function seekTo(page: Page, t: number): Promise<void> {
  await page.evaluate(`(() => { const s = document.getElementById('seek'); s.value = '${t}';
    s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); })()`);
}

/** Clicks a control without Playwright's wait for a stable layout (two animation frames: seconds under software WebGL). */
export async function click(page: Page, selector: string): Promise<void> {
  expect(await page.isEnabled(selector), `${selector} is enabled`).toBe(true);
  await page.dispatchEvent(selector, 'click');
}

/** Events shown by the rows of the event list matching `selector` (a row holds identical events of one time, counted). */
export async function rowEvents(page: Page, selector: string): Promise<number> {
  return await page.locator(selector).evaluateAll((rows) => rows.reduce((n, r) => n + Number(r.getAttribute('data-count') ?? '1'), 0));
}

/** Scenario seconds per wall second between two clock reports, by the server's own send times. */
export function rate(a: { t: number; sentMs: number }, b: { t: number; sentMs: number }): number {
  return (b.t - a.t) / ((b.sentMs - a.sentMs) / 1000);
}

/** Share of pixels of a PNG screenshot region by kind, decoded by the browser itself (a blank page). */
export async function pixelStats(png: Buffer): Promise<{ pixels: number; dark: number; ocean: number; land: number; colours: number }> {
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
