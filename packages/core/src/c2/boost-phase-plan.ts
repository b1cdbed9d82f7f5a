import type { World, WorldMissile } from '../engine/world.ts';
import type { InterceptOffer } from '../weapons/kind.ts';
import { BOOST_PHASE_KINDS, type BoostPhaseKind } from '../weapons/kinds.ts';
import { type EngagementDecision, mayEngage, type PolicyAsset } from './national-policy.ts';

/** One weapon's boost-phase engagement of one missile, as the battle manager plans it. */
export type BoostEngagement = {
  missile: WorldMissile;
  kind: BoostPhaseKind;
  weapon: PolicyAsset;
} & (
  | {
      /** The policy refuses the weapon: logged at the earliest intercept it offered. */
      refused: { t: number; reason: string };
    }
  | {
      /** When the weapon's cue declares the missile (its `detect` and `assign`). */
      cue: number;
      decision: EngagementDecision;
      /** The shots, earliest intercept first (at most the doctrine's shots per threat, each a shooter not yet spent). */
      shots: InterceptOffer[];
    }
);

/**
 * The battle manager's boost phase (both track modes): missiles in launch order, each engaged by the
 * boost-phase kinds' weapons in turn (BOOST_PHASE_KINDS, then each kind's weapons in world order) until one
 * kills it. A weapon offers its windows (weapons/kind.ts); the coalition policy judges the earliest window's
 * intercept point (owner policy, consents, territories); a refusal is an engagement with `refused`; the
 * approvals it requires hold the launch back, and the windows are asked again with that wait; the weapon
 * fires the doctrine's shots per threat at the earliest, each from a shooter that has not fired in this trial
 * (a satellite fires its interceptor once). `fly` is the engine's: it logs the engagement, draws its
 * outcomes and returns whether the missile was killed (then no later weapon engages it). Plans nothing
 * random itself: the draws happen in `fly`, in the order engagements are planned.
 */
export function planBoostPhase(
  world: World,
  missiles: readonly WorldMissile[],
  fly: (engagement: BoostEngagement) => boolean,
  kinds: readonly BoostPhaseKind[] = BOOST_PHASE_KINDS,
): void {
  const { earth, policy } = world;
  const armed = kinds.flatMap((kind) => kind.weapons(world).map((weapon) => ({ kind, weapon, spent: new Set<string>() })));
  for (const missile of missiles) {
    for (const { kind, weapon, spent } of armed) {
      const free = (o: InterceptOffer): boolean => !spent.has(o.shooter);
      const offers = kind.windows(weapon, missile, 0, earth).filter(free);
      if (offers.length === 0) continue;
      const first = offers[0];
      const decision = mayEngage(policy, weapon, missile.aimedAt, kind.point(weapon, missile, first, earth));
      if (!decision.allowed) {
        fly({ missile, kind, weapon, refused: { t: first.interceptTime, reason: decision.reason } });
        continue;
      }
      const options = decision.approvalDelay > 0 ? kind.windows(weapon, missile, decision.approvalDelay, earth).filter(free) : offers;
      const shots = options.slice(0, world.doctrine.shotsPerThreat);
      if (shots.length === 0) continue;
      for (const s of shots) spent.add(s.shooter);
      if (fly({ missile, kind, weapon, cue: kind.cueTime(weapon, missile), decision, shots })) break;
    }
  }
}
