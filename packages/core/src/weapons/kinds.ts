import type { World, WorldMissile } from '../engine/world.ts';
import type { PolicyAsset } from '../c2/national-policy.ts';
import type { CueEngagedKind, InterceptOffer, TrackEngagedKind, TrackWeapon } from './kind.ts';
import { spaceKind } from './space/space-kind.ts';
import { surfaceKind } from './surface/surface-kind.ts';

/** A weapon kind the battle manager engages boosts with, on launch cues (c2/boost-phase-plan.ts). */
export type BoostPhaseKind = CueEngagedKind<PolicyAsset, WorldMissile, InterceptOffer>;

/** The kinds that engage boosts, in the order the battle manager tries their weapons on each missile. */
export const BOOST_PHASE_KINDS: readonly BoostPhaseKind[] = [spaceKind];

/** A weapon kind the battle manager engages on a nation's tracks (c2/battle-manager.ts planEngagements). */
export type TrackKind = TrackEngagedKind<TrackWeapon>;

/**
 * The kinds engaged on tracks, in the order their weapons enter the weapon-target assignment (the surface
 * batteries and ships, World.batteries). A kind defined elsewhere, its weapons in World.kindAssets, joins a
 * trial through its `trackKinds` (engine/estimated-trial.ts TrialKinds).
 */
export const TRACK_ENGAGED_KINDS: readonly TrackKind[] = [surfaceKind];

/** The track-engaged weapons of a world, kind by kind in table order, and the kind of each (by weapon id). */
export interface TrackArsenal {
  weapons: readonly TrackWeapon[];
  /** The kind of a weapon of the arsenal (a copy with the same id, e.g. with its rounds left, included). */
  kindOf(weapon: Pick<TrackWeapon, 'id'>): TrackKind;
}

/** The world's track-engaged weapons through the kinds (weapon ids unique across kinds; a clash is refused by name). */
export function trackArsenal(world: World, kinds: readonly TrackKind[] = TRACK_ENGAGED_KINDS): TrackArsenal {
  const weapons: TrackWeapon[] = [];
  const byId = new Map<string, TrackKind>();
  for (const kind of kinds)
    for (const w of kind.weapons(world)) {
      const other = byId.get(w.id);
      if (other) throw new Error(`weapon ${w.id} is both a ${other.name} and a ${kind.name} weapon: weapon ids must be unique`);
      byId.set(w.id, kind);
      weapons.push(w);
    }
  return {
    weapons,
    kindOf(weapon) {
      const kind = byId.get(weapon.id);
      if (!kind)
        throw new Error(`weapon ${weapon.id} is not a weapon of the trial's track-engaged kinds (${kinds.map((k) => k.name).join(', ')})`);
      return kind;
    },
  };
}
