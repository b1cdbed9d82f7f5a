/**
 * The WebSocket protocol, as the picture reads it: the one zod schema the server also uses, from core
 * (`@golden-dome/core/protocol`; docs/websocket-protocol.md). Types by `z.infer`; every server frame is
 * parsed by the schema (parseServerMessage throws an Error naming what is wrong: the page shows it).
 * On the wire everything is SI, as in the log: radians, metres, scenario seconds.
 */
export {
  type AircraftAsset,
  type BatteryAsset,
  type CityAsset,
  type ClientMessage,
  type ConstellationAsset,
  MAX_SPEED,
  MIN_SPEED,
  parseServerMessage,
  type PositionReport,
  type RadarAsset,
  type SceneMessage,
  type ServerMessage,
  NO_OBJECT_ID,
  SPEEDS,
  type WatchRequest,
} from '@golden-dome/core/protocol';
export type { EngineEvent } from '@golden-dome/core';
