import type { WorldMissile } from '../engine/world.ts';
import type { PolicyAsset } from '../c2/national-policy.ts';
import type { CueEngagedKind, InterceptOffer } from './kind.ts';
import { spaceKind } from './space/space-kind.ts';

/** A weapon kind the battle manager engages boosts with, on launch cues (c2/boost-phase-plan.ts). */
export type BoostPhaseKind = CueEngagedKind<PolicyAsset, WorldMissile, InterceptOffer>;

/** The kinds that engage boosts, in the order the battle manager tries their weapons on each missile. */
export const BOOST_PHASE_KINDS: readonly BoostPhaseKind[] = [spaceKind];
