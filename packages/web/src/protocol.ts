import type { EngineEvent } from '@golden-dome/core';

/**
 * The WebSocket messages between the server and this page, as docs/websocket-protocol.md defines them
 * (that file is the contract; this is its TypeScript reading). Angles in the scene and positions are
 * degrees; the events are core's EngineEvent as logged (radians, metres, scenario seconds).
 */
export type { EngineEvent };

export interface RadarAsset {
  id: string;
  owner: string;
  kind: string;
  latitude: number;
  longitude: number;
  altitude: number;
  rangeKm: number;
  boresightDeg?: number;
  fovDeg?: number;
}

export interface BatteryAsset {
  id: string;
  owner: string;
  interceptor: string;
  latitude: number;
  longitude: number;
  inventory: number;
}

export interface CityAsset {
  id: string;
  name: string;
  nation: string;
  latitude: number;
  longitude: number;
  population: number | null;
  priority: number;
}

export interface ConstellationAsset {
  id: string;
  owner: string;
  count: number;
  epochT: number;
  stepS: number;
  /** ECEF metres, [sample][satellite][xyz] flattened. */
  positions: number[];
}

export interface SceneMessage {
  type: 'scene';
  trial: string;
  scenario: string;
  seed?: number;
  nation: string;
  epochMs: number;
  start: number;
  end: number;
  assets: { radars: RadarAsset[]; batteries: BatteryAsset[]; cities: CityAsset[]; constellations: ConstellationAsset[] };
  metrics?: Record<string, unknown>;
  /** Present when this nation's commanders decide live in the trial: the scenario's timeout rule. */
  command?: { timeoutS: number; onTimeout: 'approve' | 'deny' };
}

export interface PositionReport {
  id: string;
  latitude: number;
  longitude: number;
  altitude: number;
  kind: 'threat' | 'interceptor';
}

export type ServerMessage = { seq?: number; sentMs?: number } & (
  | { type: 'hello'; user: string; nation: string; role: string; demo: boolean }
  | SceneMessage
  | { type: 'clock'; t: number; speed: number; playing: boolean }
  | { type: 'reset' }
  | { type: 'revise'; t: number; keep: number }
  | { type: 'events'; events: EngineEvent[] }
  | { type: 'positions'; t: number; objects: PositionReport[] }
  | { type: 'decision'; entry: Record<string, unknown>; decision?: { nation: string; weapon: string; object: string; verdict: 'approve' | 'deny'; t: number } }
  | { type: 'error'; message: string }
);

export type WatchRequest = { scenario: string; seed: number } | { trial: string };

export type ClientMessage =
  | ({ type: 'watch'; speed?: number; playing?: boolean } & WatchRequest)
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'speed'; value: number }
  | { type: 'seek'; t: number }
  | { type: 'decide'; assign: number | { weapon: string; object: string }; decision: 'approve' | 'deny'; note?: string };

const SERVER_TYPES = new Set(['hello', 'scene', 'clock', 'reset', 'revise', 'events', 'positions', 'decision', 'error']);

/** Parses one text frame; throws an Error naming what is wrong (the page shows it, never guesses). */
export function parseServerMessage(text: string): ServerMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`server sent a frame that is not JSON: ${text.slice(0, 80)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('server sent a frame that is not a JSON object');
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !SERVER_TYPES.has(type)) throw new Error(`server sent an unknown message type: ${String(type)}`);
  return value as ServerMessage;
}

/** Speeds the timeline offers (the protocol allows 1..1000 scenario seconds per wall second). */
export const SPEEDS = [1, 10, 30, 100, 300, 1000] as const;
export const MIN_SPEED = 1;
export const MAX_SPEED = 1000;
