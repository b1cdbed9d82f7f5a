import type { PolicyAsset } from '../c2/national-policy.ts';
import type { EarthModel } from '../geo/earth-model.ts';
import type { GeoPoint } from '../geo/place.ts';
import type { World } from '../engine/world.ts';
import type { FireControlOptions, InterceptSolution, ThreatPath } from './engagement.ts';

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

/**
 * What a track-engaged weapon's catalog entry must give the engine besides its Pk (the kind's `singleShotPk`):
 * its kill vehicle's divert velocity [m/s] and homing time [s], the handover basket the estimated trial's
 * commit and acquisition use (weapons/handover.ts; no homing time: no basket limit).
 */
export interface TrackWeaponSpec {
  divertVelocity: number;
  homingTime?: number;
}

/**
 * A weapon engaged on a nation's tracks as the battle manager sees it (a surface battery or ship; another
 * track-engaged kind's launcher): a policy asset with rounds and a catalog spec. `inventory`: rounds ready.
 */
export interface TrackWeapon extends PolicyAsset {
  inventory: number;
  spec: TrackWeaponSpec;
}

/** A threat as a track-engaged weapon is offered it: the track's predicted path and the earliest launch it allows (the commit) [s]. */
export interface TrackThreat {
  path: ThreatPath;
  notBefore: number;
}

/** A weapon's launch window against a path: its earliest and its latest intercept (an interval of launch times). */
export interface LaunchWindow {
  earliest: InterceptSolution;
  latest: InterceptSolution;
}

/**
 * A kind engaged on a nation's tracks by the weapon-target assignment (c2/battle-manager.ts planEngagements;
 * the table weapons/kinds.ts TRACK_ENGAGED_KINDS). What the WTA, the shoot-look-shoot follow-ups and hand-overs,
 * the live-command re-solve and the shot resolution need of a weapon, on top of WeaponKind:
 *
 * - `window(weapon, path, options)`: the weapon's launch window against a predicted path, no launch before
 *   `options.notBefore` (one interval of launch times; null: none);
 * - `solve(weapon, path, launch, earth)`: the intercept of a launch at `launch` (null: cannot reach the path
 *   from then), for a launch the policy, a miss or a late approval moved;
 * - `windowsInWorld`: true when the world's `windows` table (keyed `weapon|object`, World.windows) holds the
 *   kind's window against every object (a missing key: none). A kind without it has its windows solved the
 *   first time a trial asks and kept in the trial's per-world window cache.
 *
 * The shot's single-shot Pk is `singleShotPk(weapon)`; its fly-out is `flyout` (WeaponKind) for the threat
 * `{ path, notBefore: launch }` and the offer of its launch and intercept.
 */
export interface TrackEngagedKind<Weapon extends TrackWeapon = TrackWeapon> extends WeaponKind<Weapon, TrackThreat, InterceptOffer> {
  window(weapon: Weapon, path: ThreatPath, options: FireControlOptions): LaunchWindow | null;
  solve(weapon: Weapon, path: ThreatPath, launch: number, earth: EarthModel): InterceptSolution | null;
  readonly windowsInWorld?: boolean;
}
