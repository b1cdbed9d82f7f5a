import { type EngineEvent, sortEvents } from '../engine/events.ts';
import type { World } from '../engine/world.ts';
import { type CoalitionPolicy, engagementShare, type NationCode, sensorShare } from './national-policy.ts';

/**
 * The event log one nation's users may receive: the server filters every log it sends through
 * {@link eventsVisibleTo}, so that what a nation sees follows the same sharing predicates
 * ({@link sensorShare}) its battle manager plans with (../../../docs/architecture.md,
 * "Sovereignty is explicit").
 *
 * The rules, per event type:
 *  - launch, burnout, impact: public facts (a launch is seen by every early-warning satellite, an
 *    impact by everyone): kept, unchanged.
 *  - detect: kept when the sensor is the nation's own (the event's owner is the nation) or when the
 *    sensor's owner shares it with the nation (sensorShare); a shared detection is moved later by the
 *    share's delay. Otherwise dropped.
 *  - track: kept only when every one of its sources is the nation's own or shared with it (a track
 *    partly fed by a withheld sensor is dropped whole: its existence and quality would reveal that
 *    sensor). The nation's own tracks keep their time (the engine already planned on them at that
 *    time); another nation's track is moved later by the largest delay among its sources (it cannot
 *    be assembled before its latest input arrives).
 *  - assign, refuse, fire, intercept, kill-assess: the nation's own assets' events: kept when the
 *    weapon's owner is the nation (for assign and refuse, also when the nation is the planner);
 *    intercepts and kill assessments also when the weapon's owner shares its engagements' outcomes
 *    with the nation (engagementShare: an integrated command), moved later by that share's delay;
 *    the owner is the event's own `owner` field where it has one, otherwise the world's battery or
 *    space layer of that id (a space interceptor `layer#satellite` is its layer's), otherwise the
 *    policy's asset of that id. A weapon with no known owner is nobody's: dropped.
 *  - flyout, sortie: a shot's fly-out and a fighter's flight are visible as a `fire` is: to their owner only
 *    (a partner that shares its engagements learns the intercept, never where its interceptors flew).
 *  - decision (live command): the deciding nation and the weapon's owner (so a partner's consent, given, denied or
 *    fallen to the timeout rule, reaches the requesting nation).
 *  - consent (live command): a partner's request for the nation's consent to an engagement, to the nation asked and
 *    the requester; it carries only what a consent request reveals (events.ts), and the rest of the partner's
 *    engagement (its assign, sortie, fire, refuse, intercept) stays the partner's under the rules above.
 *  - track-birth, p-warhead, measurements (estimated tracks): a nation's own picture: kept only for that
 *    nation (another nation's tracks and what fed them would reveal its sensors).
 *  - anything else: dropped (what is not released is withheld).
 * The result is ordered by time; events of equal time keep the log's order (sortEvents is stable).
 *
 * Pure and deterministic: no I/O, no clock, no random numbers; the input log is not modified.
 */
export function eventsVisibleTo(
  policy: CoalitionPolicy,
  nation: NationCode,
  world: Pick<World, 'batteries' | 'spaceLayers'> & Partial<Pick<World, 'fighterBases' | 'airBatteries'>>,
  events: readonly EngineEvent[],
): EngineEvent[] {
  const weaponOwner = weaponOwners(policy, world);
  // a space interceptor's id is `layer#satellite`: the layer's owner owns it
  const ownerOf = (weapon: string): NationCode | undefined => weaponOwner.get(weapon) ?? weaponOwner.get(weapon.split('#')[0]);
  const ownsWeapon = (weapon: string): boolean => ownerOf(weapon) === nation;
  // a sensor's share is the same for every event: evaluate the predicate once per sensor
  const shares = new Map<string, ReturnType<typeof sensorShare>>();
  const share = (sensor: string) => {
    let s = shares.get(sensor);
    if (!s) shares.set(sensor, (s = sensorShare(policy, nation, sensor)));
    return s;
  };

  const out: EngineEvent[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'launch':
      case 'burnout':
      case 'impact':
        out.push(e);
        break;
      case 'detect': {
        if (e.owner === nation) {
          out.push(e);
          break;
        }
        const s = share(e.sensor);
        if (s.shared) out.push(s.delay > 0 ? { ...e, t: e.t + s.delay } : e);
        break;
      }
      case 'track': {
        let delay = 0;
        let visible = e.sources.length > 0;
        for (const source of e.sources) {
          const s = share(source);
          if (!s.shared) {
            visible = false;
            break;
          }
          delay = Math.max(delay, s.delay);
        }
        if (!visible) break;
        out.push(e.nation === nation || delay === 0 ? e : { ...e, t: e.t + delay });
        break;
      }
      case 'assign':
        if (e.owner === nation || e.nation === nation) out.push(e);
        break;
      case 'refuse':
        if (e.nation === nation || ownsWeapon(e.weapon)) out.push(e);
        break;
      case 'decision':
        if (e.nation === nation || ownsWeapon(e.weapon)) out.push(e);
        break;
      case 'consent':
        if (e.nation === nation || e.owner === nation) out.push(e);
        break;
      case 'fire':
      case 'flyout':
      case 'sortie':
        if (e.owner === nation) out.push(e);
        break;
      case 'intercept':
      case 'kill-assess': {
        if (ownsWeapon(e.weapon)) {
          out.push(e);
          break;
        }
        const owner = ownerOf(e.weapon);
        const s = owner === undefined ? undefined : engagementShare(policy, nation, owner);
        if (!s?.shared) break;
        // a partner's kill assessment names the sensor that made it only when that sensor is shared too
        const hidden = e.type === 'kill-assess' && e.sensor != null && !share(e.sensor).shared;
        out.push(s.delay > 0 || hidden ? { ...e, t: e.t + s.delay, ...(hidden ? { sensor: null } : {}) } : e);
        break;
      }
      case 'track-birth':
      case 'p-warhead':
      case 'measurements':
        if (e.nation === nation) out.push(e);
        break;
      default:
        // a new event type is withheld until a rule here releases it
        break;
    }
  }
  return sortEvents(out);
}

/** Owner of every weapon id: the world's batteries and space layers, then the policy's interceptor assets. */
export function weaponOwners(
  policy: CoalitionPolicy,
  world: Pick<World, 'batteries' | 'spaceLayers'> & Partial<Pick<World, 'fighterBases' | 'airBatteries'>>,
): Map<string, NationCode> {
  const owners = new Map<string, NationCode>();
  for (const a of policy.assets) if (a.kind === 'interceptor') owners.set(a.id, a.owner);
  for (const l of world.spaceLayers) owners.set(l.id, l.owner);
  for (const b of world.batteries) owners.set(b.id, b.owner);
  // the air layer: a fighter sortie `<base>#<k>` is its base's owner's (as a space interceptor is its layer's)
  for (const b of world.fighterBases ?? []) owners.set(b.id, b.owner);
  for (const b of world.airBatteries ?? []) owners.set(b.id, b.owner);
  return owners;
}
