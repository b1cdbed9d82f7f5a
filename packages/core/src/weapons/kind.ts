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

/** A weapon as the battle manager sees it: a policy asset (owner and class decide who may fire it) with its Pk. */
export interface KindWeapon {
  asset: PolicyAsset;
  singleShotPk: number;
}

/**
 * A weapon kind: what a kind of interceptor offers the battle manager, the one contract the planners use
 * (docs/engine-recut.md). The battle manager asks the kind for its windows against a threat, lets the
 * coalition policy judge the earliest window's intercept point, asks again with the launch held back by
 * the approvals the policy requires, and has the engine fly the windows it assigns. A kind knows its
 * physics (reach, fly-out), never the policy; adding a kind touches its folder, the catalog schema and
 * the list of kinds (weapons/kinds.ts), not the engine.
 *
 * - `weapons(world)`: the world's weapons of this kind (built per trial: they may hold per-trial state).
 * - `windows(weapon, threat, wait, earth)`: the intercepts the weapon can offer against the threat when its
 *   launch is held `wait` s past the earliest it could make on its own (approvals), earliest intercept
 *   first (empty: none).
 * - `point(weapon, threat, offer)`: where the offer intercepts (geodetic), what the policy judges.
 * - `cueTime(weapon, threat)`: when the weapon's own cue declares the threat (its `detect` and `assign`).
 * - `flyout(world, weapon, threat, offer)`: the fly-out the engine logs with the shot (engine/flyout.ts).
 */
export interface WeaponKind<Weapon extends KindWeapon, Threat, Offer extends InterceptOffer> {
  readonly name: string;
  weapons(world: World): readonly Weapon[];
  windows(weapon: Weapon, threat: Threat, wait: number, earth: EarthModel): Offer[];
  point(weapon: Weapon, threat: Threat, offer: Offer): GeoPoint;
  cueTime(weapon: Weapon, threat: Threat): number;
  flyout(world: World, weapon: Weapon, threat: Threat, offer: Offer): number[];
}
