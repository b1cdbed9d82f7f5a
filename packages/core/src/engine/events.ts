import type { NationCode } from '../c2/national-policy.ts';
import type { LatLon } from '../geo/place.ts';

/**
 * The `object` of an event about a track that follows no object (radar false alarms,
 * core/sensors/radar/false-alarms.ts): its `track-birth`, `p-warhead` and decisions, and a shot at it
 * (`assign`, `fire`, `flyout`, `intercept`, `kill-assess`: a shot at a false track, which meets nothing).
 * No world object has this id (object ids are `<missile>/<name>`).
 */
export const NO_OBJECT_ID = 'none';

/**
 * The event log: everything downstream (metrics, reports, the live picture, replay, DIS, CZML) reads
 * this, and nothing downstream recomputes physics. Times are scenario seconds from the epoch; places
 * are geodetic (radians, metres). Ids are the world's: threat objects, sensors, batteries, layers.
 */
export type EngineEvent =
  | { t: number; type: 'launch'; missile: string; objects: string[]; site: LatLon }
  | { t: number; type: 'burnout'; missile: string }
  | { t: number; type: 'detect'; object: string; sensor: string; owner: NationCode }
  /**
   * A nation commits to a track (its fire-control quality is reached). Estimated tracks add the nation's
   * track id, its P(warhead) when the battle manager decided, and whether it decided to engage. `layer`: a
   * decision for that layer only (the terminal layer's decision after waiting for the air; absent: every layer).
   */
  | {
      t: number;
      type: 'track';
      object: string;
      nation: NationCode;
      sources: string[];
      track?: string;
      pWarhead?: number;
      engage?: boolean;
      layer?: string;
    }
  /**
   * Estimated tracks: a nation's track becomes firm (M of N); `object` is the truth it follows (for analysis):
   * NO_OBJECT_ID for a track born on radar false alarms.
   */
  | { t: number; type: 'track-birth'; object: string; nation: NationCode; track: string }
  /** Estimated tracks: a nation's P(warhead) for a track moved by a noticeable step (not every label). */
  | { t: number; type: 'p-warhead'; object: string; nation: NationCode; track: string; p: number }
  /** Estimated tracks: how many measurements of each sensor went into the nation's tracker over the trial. */
  | { t: number; type: 'measurements'; nation: NationCode; counts: Record<string, number> }
  /** `approvals`: the nations whose approval the engagement waited for, each with its delay [s] (their maximum is `approvalDelay`). */
  | {
      t: number;
      type: 'assign';
      object: string;
      weapon: string;
      owner: NationCode;
      nation: NationCode;
      approvalDelay: number;
      approvals: Array<{ nation: NationCode; delay: number }>;
      reason: string;
      track?: string;
      pWarhead?: number;
      handoverError?: number;
      pAcquire?: number;
    }
  | { t: number; type: 'refuse'; object: string; weapon: string; nation: NationCode; reason: string }
  /** Live command (live-command.ts): a nation's decision on an engagement waiting for its approval, by its commander or by the timeout rule. */
  | {
      t: number;
      type: 'decision';
      object: string;
      weapon: string;
      nation: NationCode;
      verdict: 'approve' | 'deny';
      by: 'commander' | 'timeout';
    }
  /**
   * Live command (live-command.ts, consentRequests): a partner's engagement asks commanded nation `nation` for its
   * consent (its policy asks for its approval of that engagement: an intercept over its territory, a launch from it,
   * or the defence of it). What a consent request reveals, and nothing more: the requesting nation (`owner`, the
   * weapon's), the weapon (its id, the key a decision names, and its class: the fighter or interceptor type), the
   * threat engaged, the planned intercept time and area (`point`, rounded to 0.1 degree and 1 km), and the deadline
   * of the timeout rule. Never the requester's track, its quality, its inventory or its other assignments.
   */
  | {
      t: number;
      type: 'consent';
      object: string;
      weapon: string;
      weaponClass: string;
      owner: NationCode;
      nation: NationCode;
      intercept: number;
      point: LatLon & { altitude: number };
      deadline: number;
    }
  | { t: number; type: 'fire'; object: string; weapon: string; owner: NationCode; layer: string; shot: number; plannedIntercept: number }
  /**
   * A shot's fly-out as flown, right after its `fire` (same t, object, weapon, owner, shot): `path` is
   * [tau, x, y, z] quadruples, tau seconds after t, Earth-fixed metres rounded to the metre, the last at the
   * intercept (flyout.ts: the spacing and how to read it). A fighter's missile, whose flight time is not
   * modelled, is one sample at the intercept point.
   */
  | { t: number; type: 'flyout'; object: string; weapon: string; owner: NationCode; shot: number; path: number[] }
  /**
   * A fighter's flight to an engagement (issue 15): sortie `aircraft` (`<base>#<k>`, a fighter of type
   * `fighter` from `base`) of `owner`, ordered at t against `object`: scramble, climb, dash to the meeting
   * and shadowing until it fires, as the air layer planned it (air-defense.ts); `path` as a flyout's. Under
   * live command the plan runs to the latest the commander's decision can come, and a second `sortie` of the
   * same aircraft and object, one sample, at its shot or break-off holds where it really ends (the latest
   * sortie begun by t is where the fighter is at t).
   */
  | {
      t: number;
      type: 'sortie';
      aircraft: string;
      base: string;
      fighter: string;
      owner: NationCode;
      object: string;
      path: number[];
    }
  | {
      t: number;
      type: 'intercept';
      object: string;
      weapon: string;
      layer: string;
      shot: number;
      hit: boolean;
      point: LatLon & { altitude: number };
      alreadyDestroyed: boolean;
      acquired?: boolean;
    }
  /**
   * The outcome of a shot as the defense knows it. With estimated tracks: the nation that assesses, the
   * sensor that watched the intercept (null: none did, and the shot counts as a miss), and the truth
   * (whether the object was in fact destroyed), so that wrong calls can be counted.
   */
  | {
      t: number;
      type: 'kill-assess';
      object: string;
      weapon: string;
      killed: boolean;
      nation?: NationCode;
      sensor?: string | null;
      truth?: boolean;
      shot?: number;
    }
  | { t: number; type: 'impact'; object: string; kind: 'warhead' | 'decoy'; point: LatLon; aimedAt: { nation: NationCode; id?: string } };

export type EngineEventType = EngineEvent['type'];

/** Orders a log by time, keeping the order of equal times (the engine's causal order). */
export function sortEvents(events: EngineEvent[]): EngineEvent[] {
  return events
    .map((e, i) => [e, i] as const)
    .sort((x, y) => x[0].t - y[0].t || x[1] - y[1])
    .map((x) => x[0]);
}
