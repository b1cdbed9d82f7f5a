import type { InterceptorBattery } from '../../c2/battle-manager.ts';
import { surfaceFlyoutPath } from '../../engine/flyout.ts';
import { type EarthModel, eciToGeodetic } from '../../geo/earth-model.ts';
import type { FireControlOptions, InterceptSolution, ThreatPath } from '../engagement.ts';
import { interceptForLaunch, launchWindow } from '../fire-control.ts';
import type { InterceptOffer, LaunchWindow, TrackEngagedKind } from '../kind.ts';

/** A surface battery's launch window: its earliest intercept (the offer) and its latest. */
export interface SurfaceWindow extends InterceptOffer {
  earliest: InterceptSolution;
  latest: InterceptSolution;
}

/** The battery's launch window against a path (launchWindow with the caller's scan options); null: none. */
function window(battery: InterceptorBattery, path: ThreatPath, options: FireControlOptions): LaunchWindow | null {
  return launchWindow(battery.spec, battery.site, path, options);
}

/** The intercept of a launch at `launch` [s] (null when the battery cannot reach the path from then). */
function solve(battery: InterceptorBattery, path: ThreatPath, launch: number, earth: EarthModel): InterceptSolution | null {
  return interceptForLaunch(battery.spec, battery.site, path, launch, { earth });
}

/**
 * Surface interceptors (ground batteries and ships: GBI, SM-3, THAAD, Patriot; fire control in
 * weapons/launch-window.ts and fire-control.ts, wrapped here, not changed): engaged on a nation's tracks by
 * the weapon-target assignment (c2/battle-manager.ts planEngagements). A battery offers one launch window
 * (an interval of launch times: reach grows then shrinks along a ballistic path) whose earliest intercept is
 * the offer; `window` is that interval as the battle manager caches it and `solve` the intercept of one
 * launch inside it (the solution for a launch the policy or a missed shot moved).
 */
export const surfaceKind = {
  name: 'surface',
  weapons: (world) => world.batteries,
  singleShotPk: (battery) => battery.spec.singleShotPk,
  windows(battery, threat, wait, earth) {
    const w = window(battery, threat.path, { earth, notBefore: threat.notBefore + wait });
    return w ? [{ shooter: battery.id, launchTime: w.earliest.launchTime, interceptTime: w.earliest.interceptTime, ...w }] : [];
  },
  point: (_battery, threat, offer, earth) =>
    eciToGeodetic(earth, offer.interceptTime, threat.path.position(offer.interceptTime, new Float64Array(3))),
  flyout: (world, battery, threat, offer) =>
    surfaceFlyoutPath(
      world.earth,
      battery.spec,
      battery.site,
      offer.launchTime,
      offer.interceptTime,
      threat.path.position(offer.interceptTime, new Float64Array(3)),
    ),
  // method syntax (not the functions as values): the kinds table holds the kind as a TrackEngagedKind<TrackWeapon>
  window(battery, path, options) {
    return window(battery, path, options);
  },
  solve(battery, path, launch, earth) {
    return solve(battery, path, launch, earth);
  },
  // precomputeWindows (surface-windows.ts) fills World.windows with every battery's windows
  windowsInWorld: true,
} satisfies TrackEngagedKind<InterceptorBattery>;
