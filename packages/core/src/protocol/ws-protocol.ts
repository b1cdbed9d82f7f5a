import { z } from 'zod';
import type { EngineEvent } from '../engine/events.ts';

/** The object id of a track or shot on radar false alarms (no object made them), as the log carries it. */
export { NO_OBJECT_ID } from '../engine/events.ts';

/**
 * The WebSocket protocol between the server and the web picture (docs/websocket-protocol.md): one zod
 * schema that both sides import (`@golden-dome/core/protocol`), their types by `z.infer`. The server
 * validates every client message with it; the picture validates every server message with it.
 *
 * One unit convention on the wire, the log's: SI. Angles (latitude, longitude, azimuths, widths) are
 * radians, lengths and altitudes metres, times scenario seconds (from the scene's `epochMs`); positions
 * of moving objects, scene assets and the events' places alike. Constellation positions are ECEF metres.
 *
 * This file imports nothing but zod and core's types, so that the picture's bundle holds no server code
 * and no physics.
 */

/** The largest client message [bytes]. */
export const MAX_CLIENT_MESSAGE_BYTES = 4096;
/** Scenario seconds per wall second a client may ask for. */
export const MIN_SPEED = 1;
export const MAX_SPEED = 1000;
/** Speeds the picture's timeline offers. */
export const SPEEDS = [1, 10, 30, 100, 300, 1000] as const;

const speed = z.number().min(MIN_SPEED).max(MAX_SPEED);
const scenarioName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a library scenario name (lower-case letters, digits, -)');
// (a rounding of the last digit may step past the bound: 1e-8 rad is 6 cm)
const latitude = z
  .number()
  .min(-Math.PI / 2 - 1e-8)
  .max(Math.PI / 2 + 1e-8);
const longitude = z
  .number()
  .min(-Math.PI - 1e-8)
  .max(Math.PI + 1e-8);
const finite = z.number().finite();

// ---- client -> server ----

export const WatchMessage = z
  .strictObject({
    type: z.literal('watch'),
    scenario: scenarioName.optional(),
    seed: z.number().int().min(0).max(4294967295).optional(),
    trial: z.string().min(1).max(64).optional(),
    speed: speed.optional(),
    playing: z.boolean().optional(),
  })
  .refine(
    (m) => (m.trial === undefined ? m.scenario !== undefined && m.seed !== undefined : m.scenario === undefined && m.seed === undefined),
    {
      message: "give either 'scenario' and 'seed' (a live trial) or 'trial' (a replay)",
    },
  );

/** Every message a client may send; anything else is refused. */
export const ClientMessage = z.discriminatedUnion('type', [
  WatchMessage,
  z.strictObject({ type: z.literal('play') }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('speed'), value: speed }),
  z.strictObject({ type: z.literal('seek'), t: finite }),
  z.strictObject({
    type: z.literal('decide'),
    assign: z.union([z.number().int().min(0), z.strictObject({ weapon: z.string().min(1).max(128), object: z.string().min(1).max(128) })]),
    decision: z.enum(['approve', 'deny']),
    note: z.string().max(500).optional(),
  }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;
/** What a `watch` asks for: a live trial of a library scenario, or a stored trial. */
export type WatchRequest = { scenario: string; seed: number } | { trial: string };

const CLIENT_TYPES = ['watch', 'play', 'pause', 'speed', 'seek', 'decide'];

/** Parses one client frame; a string saying what is wrong otherwise. */
export function parseClientMessage(text: string): ClientMessage | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'malformed JSON: every message is one JSON object';
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'a message must be a JSON object with a type';
  const type = (data as { type?: unknown }).type;
  if (typeof type !== 'string' || !CLIENT_TYPES.includes(type))
    return `unknown message type ${JSON.stringify(type)?.slice(0, 40) ?? 'undefined'} (known: ${CLIENT_TYPES.join(', ')})`;
  const r = ClientMessage.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  return `bad '${type}' message: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

// ---- server -> client ----

/** One object on the picture at a time t: where it is (radians, metres), what it is and whose. */
export const PositionReport = z.object({
  id: z.string(),
  latitude,
  longitude,
  altitude: finite,
  kind: z.enum(['threat', 'interceptor', 'fighter']),
  /** A threat's missile, an interceptor's weapon (battery, or space layer `layer#satellite`), or a fighter's type (e.g. 'cf-18'). */
  of: z.string().optional(),
  /** The nation that owns it (an interceptor's or a fighter's; absent for threats: the picture does not name an attacker). */
  owner: z.string().optional(),
  /** Speed relative to the Earth's surface [m/s], from the recorded flight; absent when not recorded. */
  speed: finite.optional(),
});
export type PositionReport = z.infer<typeof PositionReport>;

/** An outline on the ground: [latitude, longitude] pairs flattened [rad], a closed ring without its closing point. */
const Outline = z
  .array(z.number())
  .refine((a) => a.length >= 6 && a.length % 2 === 0, 'an outline is latitude, longitude pairs [rad], at least three');

export const RadarAsset = z.object({
  id: z.string(),
  owner: z.string(),
  kind: z.enum(['radar', 'oth-radar']),
  latitude,
  longitude,
  altitude: finite,
  /** Detection range [m] (line of sight: on the scene's first threat object's RCS), or an OTH radar's farthest ground range. */
  range: finite,
  /** An OTH radar's nearest ground range [m]. */
  minRange: finite.optional(),
  /** Azimuth of the first face from north [rad], and its full width [rad]; absent for an all-round radar. */
  boresight: finite.optional(),
  fov: finite.optional(),
  /**
   * A line-of-sight radar's ground range [m] against a low flyer at `lowAltitude` [m]: the lesser of its
   * detection range on the scene's cruise-missile RCS and the 4/3-Earth horizon between the antenna and
   * the flyer (core's horizonCentralAngle). What a North Warning System site or an AEW radar covers of a cruise missile.
   */
  lowRange: finite.optional(),
  lowAltitude: finite.optional(),
  /**
   * An OTH radar's coverage at ground level as core's sky-wave model computes it (othNominalBand: the
   * band between the skip zone and the maximum range, over the azimuth sector), under the day layer and
   * under the night layer (the trial picks one per path by the Sun over the path's midpoint).
   */
  coverage: z.object({ day: Outline.optional(), night: Outline.optional() }).optional(),
  /**
   * An airborne radar's orbit (core's AirborneOrbit: a circle about its station) and where its platform
   * is: [latitude, longitude] pairs [rad] at epochT + k·stepS (core's orbitPosition), at `altitude`.
   */
  orbit: z.object({ latitude, longitude, radius: finite, epochT: finite, stepS: finite, positions: z.array(z.number()) }).optional(),
});
export type RadarAsset = z.infer<typeof RadarAsset>;

export const BatteryAsset = z.object({
  id: z.string(),
  owner: z.string(),
  interceptor: z.string(),
  latitude,
  longitude,
  altitude: finite,
  inventory: z.number().int(),
});
export type BatteryAsset = z.infer<typeof BatteryAsset>;

export const CityAsset = z.object({
  id: z.string(),
  name: z.string(),
  nation: z.string(),
  latitude,
  longitude,
  population: z.number().nullable(),
  /** 1 = the nation's most valued asset in the scenario, 2 = next, ... */
  priority: z.number().int(),
});
export type CityAsset = z.infer<typeof CityAsset>;

export const ConstellationAsset = z.object({
  id: z.string(),
  owner: z.string(),
  count: z.number().int().min(1),
  epochT: finite,
  stepS: finite,
  /** ECEF metres, [sample][satellite][xyz] flattened; sample k at epochT + k·stepS. */
  positions: z.array(z.number()),
});
export type ConstellationAsset = z.infer<typeof ConstellationAsset>;

/**
 * An aircraft of the raid (a bomber; any role the world flies) as a nation may see it: its recorded
 * flight from the nation's first detection of it to the end of its flight (its release point; the way
 * home is not flown) or the nation's kill assessment of it. `samples` are [t, latitude, longitude,
 * altitude, ground speed] flattened (scenario s, rad, m, m/s), from the world's flight samples.
 */
export const AircraftAsset = z.object({
  id: z.string(),
  type: z.string(),
  role: z.string(),
  /** The owner when the nation may name it (its own aircraft); absent for the raid's (the attacker is not named). */
  owner: z.string().optional(),
  /** When its flight ends [s] (a bomber: where it releases its cruise missiles) and how many it releases. */
  endT: finite,
  releases: z.number().int().min(0),
  samples: z.array(z.number()).refine((a) => a.length % 5 === 0, 'samples are [t, latitude, longitude, altitude, speed] quintuples'),
});
export type AircraftAsset = z.infer<typeof AircraftAsset>;

export const SceneAssets = z.object({
  radars: z.array(RadarAsset),
  batteries: z.array(BatteryAsset),
  cities: z.array(CityAsset),
  constellations: z.array(ConstellationAsset),
  /** Aircraft the nation sees (see AircraftAsset); absent: none. */
  aircraft: z.array(AircraftAsset).optional(),
  /** Ids of the threat objects the nation sees that fly inside the atmosphere all the way (cruise missiles: drawn low and slow, not by ballistic phase). */
  cruise: z.array(z.string()).optional(),
});
export type SceneAssets = z.infer<typeof SceneAssets>;

/** An event of the log, as logged (core's EngineEvent: radians, metres, scenario seconds). Checked for its envelope only. */
const Event = z.custom<EngineEvent>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { type?: unknown }).type === 'string' &&
    typeof (v as { t?: unknown }).t === 'number',
  'an event with a type and a time t',
);

const stamp = { seq: z.number().int().min(1), sentMs: finite };

export const SceneMessage = z.object({
  type: z.literal('scene'),
  trial: z.string(),
  scenario: z.string(),
  seed: z.number().int().optional(),
  nation: z.string(),
  /** Unix ms of scenario time 0. */
  epochMs: finite,
  start: finite,
  end: finite,
  assets: SceneAssets,
  metrics: z.record(z.string(), z.unknown()).optional(),
  /** Present when this nation's commanders decide live in the trial: the scenario's timeout rule. */
  command: z.object({ timeoutS: finite, onTimeout: z.enum(['approve', 'deny']) }).optional(),
  ...stamp,
});
export type SceneMessage = z.infer<typeof SceneMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), user: z.string(), nation: z.string(), role: z.string(), demo: z.boolean(), ...stamp }),
  SceneMessage,
  z.object({ type: z.literal('clock'), t: finite, speed: finite, playing: z.boolean(), ...stamp }),
  z.object({ type: z.literal('reset'), ...stamp }),
  z.object({ type: z.literal('revise'), t: finite, keep: z.number().int().min(0), ...stamp }),
  z.object({ type: z.literal('events'), events: z.array(Event), ...stamp }),
  z.object({ type: z.literal('positions'), t: finite, objects: z.array(PositionReport), ...stamp }),
  z.object({
    type: z.literal('decision'),
    entry: z.record(z.string(), z.unknown()),
    decision: z
      .object({ nation: z.string(), weapon: z.string(), object: z.string(), verdict: z.enum(['approve', 'deny']), t: finite })
      .optional(),
    ...stamp,
  }),
  z.object({ type: z.literal('error'), message: z.string(), ...stamp }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
/** A server message as the server writes it, before `seq` and `sentMs` are stamped on. */
export type ServerMessageBody = ServerMessage extends infer M ? (M extends unknown ? Omit<M, 'seq' | 'sentMs'> : never) : never;

const SERVER_TYPES = ['hello', 'scene', 'clock', 'reset', 'revise', 'events', 'positions', 'decision', 'error'];

/** Parses one server frame; throws an Error naming what is wrong (the picture shows it, never guesses). */
export function parseServerMessage(text: string): ServerMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`server sent a frame that is not JSON: ${text.slice(0, 80)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('server sent a frame that is not a JSON object');
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !SERVER_TYPES.includes(type)) throw new Error(`server sent an unknown message type: ${String(type)}`);
  const r = ServerMessage.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new Error(`server sent a bad '${String(type)}' message: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
}
