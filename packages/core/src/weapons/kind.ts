import type { PolicyAsset } from '../c2/national-policy.ts';
import type { EarthModel } from '../geo/earth-model.ts';
import type { GeoPoint } from '../geo/place.ts';
import type { World } from '../engine/world.ts';

/**
 * One intercept a weapon offers against a threat: the shooter that flies it, when it launches and when it
 * meets the threat [scenario s].
 */
export interface InterceptOffer {
  /** The shooter's id as the log names it (a battery; a space layer's satellite `layer#index`). */
  shooter: string;
  launchTime: number;
  interceptTime: number;
}

/**
 * A weapon kind: what a kind of interceptor offers the battle manager, the contract its planners use
 * (docs/engine-recut.md). A weapon is a policy asset (its owner and class decide who may fire it); the
 * kind knows its physics (reach, fly-out), never the policy. The battle manager asks the kind for its
 * windows against a threat, lets the coalition policy judge an offer's intercept point, asks again with
 * the launch held back by the approvals the policy requires, and has the engine fly the offers it assigns.
 *
 * - `weapons(world)`: the world's weapons of this kind (built per trial: they may hold per-trial state).
 * - `singleShotPk(weapon)`: its catalog single-shot kill probability.
 * - `windows(weapon, threat, wait, earth)`: the intercepts the weapon can offer against the threat when its
 *   launch is held `wait` s past the earliest the threat allows (approvals), earliest intercept first
 *   (empty: none).
 * - `point(weapon, threat, offer, earth)`: where the offer intercepts (geodetic), what the policy judges.
 * - `flyout(world, weapon, threat, offer)`: the fly-out the engine logs with the shot (engine/flyout.ts).
 */
export interface WeaponKind<Weapon extends PolicyAsset, Threat, Offer extends InterceptOffer> {
  readonly name: string;
  weapons(world: World): readonly Weapon[];
  singleShotPk(weapon: Weapon): number;
  windows(weapon: Weapon, threat: Threat, wait: number, earth: EarthModel): Offer[];
  point(weapon: Weapon, threat: Threat, offer: Offer, earth: EarthModel): GeoPoint;
  flyout(world: World, weapon: Weapon, threat: Threat, offer: Offer): number[];
}

/**
 * A kind engaged on its own cue rather than on a nation's tracks (the boost phase: c2/boost-phase-plan.ts):
 * `cueTime(weapon, threat)` is when its cue declares the threat (its `detect` and `assign`).
 */
export interface CueEngagedKind<Weapon extends PolicyAsset, Threat, Offer extends InterceptOffer> extends WeaponKind<
  Weapon,
  Threat,
  Offer
> {
  cueTime(weapon: Weapon, threat: Threat): number;
}
