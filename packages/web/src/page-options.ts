import type { WatchRequest } from './protocol.ts';

/**
 * What the page shows, from its own address: `?nation=US` (demo viewer) or `?token=…`, and what to
 * watch: `?scenario=nk-2029-salvo&seed=1` (a live trial, the default) or `?trial=<stored id>` (a replay);
 * `&speed=100` and `&paused` set the clock the watch starts with; `&resolution=0.5` draws the globe at
 * half the page's pixel resolution (a slow machine, or software WebGL: four times fewer pixels a frame);
 * `&fps=2` caps the globe's frame rate (Cesium's targetFrameRate; under software WebGL the globe otherwise
 * draws frames back to back, holding a core, and the page answers its scripts only between frames).
 */
export interface PageOptions {
  nation?: string;
  token?: string;
  watch: WatchRequest;
  speed?: number;
  playing: boolean;
  /** Rendering resolution relative to the page's pixels, 0.25..1 (Cesium's resolutionScale). */
  resolution: number;
  /** Frames per second at most, 0.1..60 (Cesium's targetFrameRate); undefined: the browser's animation frames. */
  fps?: number;
}

export const DEFAULT_SCENARIO = 'nk-2029-salvo';

export function readPageOptions(search: string): PageOptions {
  const q = new URLSearchParams(search);
  const trial = q.get('trial');
  const seed = Number(q.get('seed') ?? '1');
  const speed = q.get('speed') === null ? undefined : Number(q.get('speed'));
  return {
    nation: q.get('nation') ?? undefined,
    token: q.get('token') ?? undefined,
    watch: trial ? { trial } : { scenario: q.get('scenario') ?? DEFAULT_SCENARIO, seed: Number.isInteger(seed) && seed >= 0 ? seed : 1 },
    speed: speed !== undefined && Number.isFinite(speed) ? speed : undefined,
    playing: !q.has('paused'),
    resolution: resolutionOf(q.get('resolution')),
    fps: fpsOf(q.get('fps')),
  };
}

/** The WebSocket address on this page's own origin: `/ws` with the token, or the demo nation. */
export function socketUrl(location: { protocol: string; host: string }, auth: { token?: string; nation?: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const q = new URLSearchParams();
  if (auth.token) q.set('token', auth.token);
  else q.set('nation', auth.nation ?? 'US');
  return `${scheme}//${location.host}/ws?${q.toString()}`;
}

function resolutionOf(text: string | null): number {
  const r = text === null ? 1 : Number(text);
  return Number.isFinite(r) ? Math.min(1, Math.max(0.25, r)) : 1;
}

/** A frame-rate cap of 0.1..60 frames per second; anything not a positive number is no cap (undefined). */
export function frameRateCap(fps: number | undefined): number | undefined {
  return fps !== undefined && Number.isFinite(fps) && fps > 0 ? Math.min(60, Math.max(0.1, fps)) : undefined;
}

function fpsOf(text: string | null): number | undefined {
  return text === null ? undefined : frameRateCap(Number(text));
}
