import type { LatLon, NationCode } from '../c2/national-policy.ts';

/**
 * The event log: everything downstream (metrics, reports, the live picture, replay, DIS, CZML) reads
 * this, and nothing downstream recomputes physics. Times are scenario seconds from the epoch; places
 * are geodetic (radians, metres). Ids are the world's: threat objects, sensors, batteries, layers.
 */
export type EngineEvent =
  | { t: number; type: 'launch'; missile: string; objects: string[]; site: LatLon }
  | { t: number; type: 'burnout'; missile: string }
  | { t: number; type: 'detect'; object: string; sensor: string; owner: NationCode }
  | { t: number; type: 'track'; object: string; nation: NationCode; sources: string[] }
  /** `approvals`: the nations whose approval the engagement waited for, each with its delay [s] (their maximum is `approvalDelay`). */
  | { t: number; type: 'assign'; object: string; weapon: string; owner: NationCode; nation: NationCode; approvalDelay: number; approvals: Array<{ nation: NationCode; delay: number }>; reason: string }
  | { t: number; type: 'refuse'; object: string; weapon: string; nation: NationCode; reason: string }
  | { t: number; type: 'fire'; object: string; weapon: string; owner: NationCode; layer: string; shot: number; plannedIntercept: number }
  | { t: number; type: 'intercept'; object: string; weapon: string; layer: string; shot: number; hit: boolean; point: LatLon & { altitude: number }; alreadyDestroyed: boolean }
  | { t: number; type: 'kill-assess'; object: string; weapon: string; killed: boolean }
  | { t: number; type: 'impact'; object: string; kind: 'warhead' | 'decoy'; point: LatLon; aimedAt: { nation: NationCode; id?: string } };

export type EngineEventType = EngineEvent['type'];

/** Orders a log by time, keeping the order of equal times (the engine's causal order). */
export function sortEvents(events: EngineEvent[]): EngineEvent[] {
  return events.map((e, i) => [e, i] as const).sort((x, y) => x[0].t - y[0].t || x[1] - y[1]).map((x) => x[0]);
}
