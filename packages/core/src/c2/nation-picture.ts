import type { EngineEvent } from '../engine/events.ts';
import { type CoalitionPolicy, type NationCode, sensorShare } from './national-policy.ts';

/**
 * What a nation may know besides the events it receives ({@link eventsVisibleTo}): which assets it may
 * know of, and from when it knows of each threat object. The scene the server sends, the campaign
 * reports and their maps all ask these, so that a picture, a table and a map hide the same things.
 *
 *  - A sensor: the nation's own, or one whose owner shares it with the nation ({@link sensorShare});
 *    a withheld sensor is not even located.
 *  - A weapon (battery, interceptor layer): the nation's own only; another nation's weapons, their
 *    inventories, shots and kills are that nation's.
 *  - A threat object: from its first `detect` or `track` in the nation's filtered log.
 */
export function sensorVisibleTo(policy: CoalitionPolicy, nation: NationCode, sensor: { id: string; owner: NationCode }): boolean {
  return sensor.owner === nation || sensorShare(policy, nation, sensor.id).shared;
}

/** Whether a nation may know of a weapon (a battery or an interceptor layer): its own only. */
export function weaponVisibleTo(nation: NationCode, weapon: { owner: NationCode }): boolean {
  return weapon.owner === nation;
}

/**
 * When each object is first seen in a log: its first `detect` or `track` (of a nation's filtered log,
 * {@link eventsVisibleTo}, for what that nation sees). Objects never seen are absent.
 */
export function firstSeenObjects(events: readonly EngineEvent[], into: Map<string, number> = new Map()): Map<string, number> {
  for (const e of events) {
    if (e.type !== 'detect' && e.type !== 'track') continue;
    const before = into.get(e.object);
    if (before === undefined || e.t < before) into.set(e.object, e.t);
  }
  return into;
}
