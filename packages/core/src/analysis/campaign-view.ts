import { eventsVisibleTo } from '../c2/event-visibility.ts';
import type { NationCode } from '../c2/national-policy.ts';
import type { EngineEvent } from '../engine/events.ts';
import type { World } from '../engine/world.ts';

/**
 * The log a campaign's outputs are computed from: the whole log (`nation` undefined: an analyst who
 * holds the scenario and every nation's data, as `dome run` without `--as`), or the log one nation
 * receives (eventsVisibleTo, the server's one filter). Every metric, trials.csv row and report of a
 * nation's view is the same reduction (summarizeTrial) of that nation's log, so that a nation's view
 * means, per metric:
 *  - launches and impacts are public (eventsVisibleTo keeps them): warheads leaking, leakage, P(no
 *    leak), defended value struck and kept safe are the same in every nation's view as in the whole log;
 *  - detections are the nation's own sensors' and those shared with it, at the time it receives them
 *    (a shared sensor's delay added): first detection and detection to first shot are the nation's;
 *  - shots are its own weapons' only: interceptors fired (by type, layer, owner) count the nation's
 *    weapons; intercepts and kills too, except those of a partner that shares its engagements' outcomes
 *    with it (`share_engagements`, an integrated command such as norad-integrated): warheads/decoys
 *    destroyed by layer then count the partner's kills as well. Otherwise a warhead another nation
 *    destroyed is, in this view, one that did not leak;
 *  - approval delay: the assignments it receives (of its weapons, or planned by it).
 */
export function campaignLog(
  world: Pick<World, 'policy' | 'batteries' | 'spaceLayers'>,
  nation: NationCode | undefined,
  log: readonly EngineEvent[],
): readonly EngineEvent[] {
  return nation === undefined ? log : eventsVisibleTo(world.policy, nation, world, log);
}
