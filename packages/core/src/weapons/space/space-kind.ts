import { MU_EARTH } from '../../constants.ts';
import { accelerationBound, boostStep, pathFromEci, sampleTimes } from '../../engine/flyout.ts';
import type { World, WorldMissile, WorldSpaceLayer } from '../../engine/world.ts';
import { earthAngle } from '../../geo/earth-model.ts';
import { toEci } from '../../geo/earth-rotation.ts';
import { ecefToGeodetic } from '../../geo/geodetic.ts';
import type { GeoPoint } from '../../geo/place.ts';
import { WalkerEphemeris } from '../../orbits/ephemeris.ts';
import { satellitesInReach } from '../../space/boost-phase-reach.ts';
import type { ThreatTrack } from '../../space/threat-track.ts';
import type { CueEngagedKind, InterceptOffer } from '../kind.ts';
import type { PolicyAsset } from '../../c2/national-policy.ts';
import { flyoutDistance, type SpaceInterceptorSpec } from './space-interceptor.ts';

/** A space layer as a weapon (a policy asset): the layer and its constellation's ephemeris, built once per trial. */
export interface SpaceWeapon extends PolicyAsset {
  layer: WorldSpaceLayer;
  eph: WalkerEphemeris;
}

/** A satellite's intercept of a boost: `sinceLaunch` is the intercept time after the missile's launch [s]. */
export interface SpaceOffer extends InterceptOffer {
  satellite: number;
  sinceLaunch: number;
}

/**
 * Space-based interceptors (a Walker shell of SBIs; core/space/boost-phase-reach.ts): engaged on the launch
 * cue their detectionLatency models, not on tracks. A window is one satellite that can reach the boost; the
 * launch is the satellites' common ignition (launch + detection + decision latency + the approvals' wait).
 */
export const spaceKind: CueEngagedKind<SpaceWeapon, WorldMissile, SpaceOffer> = {
  name: 'space',
  weapons: (world) =>
    world.spaceLayers.map((layer) => ({
      id: layer.id,
      owner: layer.owner,
      kind: 'interceptor',
      assetClass: layer.assetClass,
      layer,
      eph: new WalkerEphemeris(layer.shell),
    })),
  singleShotPk: (weapon) => weapon.layer.singleShotPk,
  windows(weapon, m, wait, earth) {
    if (!m.ascent) return [];
    const spec = weapon.layer.interceptor;
    // approvals delay the interceptor's ignition: they add to its decision latency
    const held = wait > 0 ? { ...spec, decisionLatency: spec.decisionLatency + wait } : spec;
    const ignite = m.launchTime + spec.detectionLatency + spec.decisionLatency + wait;
    return satellitesInReach(weapon.eph, m.ascent, m.launchTime, held, { theta0: earth.theta0 })
      .sort((a, b) => a.interceptTime - b.interceptTime || a.satellite - b.satellite)
      .map((e) => ({
        shooter: `${weapon.layer.id}#${e.satellite}`,
        satellite: e.satellite,
        sinceLaunch: e.interceptTime,
        launchTime: ignite,
        interceptTime: m.launchTime + e.interceptTime,
      }));
  },
  point: (_weapon, m, offer) => trackPoint(m.ascent as ThreatTrack, offer.sinceLaunch),
  cueTime: (weapon, m) => m.launchTime + weapon.layer.interceptor.detectionLatency,
  flyout: (world, weapon, m, offer) =>
    spaceFlyoutPath(
      world,
      weapon.eph,
      weapon.layer.interceptor,
      offer.satellite,
      offer.launchTime,
      offer.interceptTime,
      trackEcef(m.ascent as ThreatTrack, offer.sinceLaunch),
    ),
};

/**
 * A space-based interceptor's fly-out as the space layer engages with it: from its satellite (the layer's
 * Walker ephemeris) straight at the intercept point in the satellite's free-falling frame, covering
 * flyoutDistance of the gap by each time (constant acceleration to its delta-v, then its delta-v), so that
 * it meets the point at the intercept time; sampled per flyout.ts, the last sample the intercept point.
 */
function spaceFlyoutPath(
  world: World,
  eph: WalkerEphemeris,
  spec: SpaceInterceptorSpec,
  satellite: number,
  ignite: number,
  until: number,
  aimEcef: Float64Array,
): number[] {
  const aimEci = new Float64Array(3),
    sat = new Float64Array(3);
  toEci(earthAngle(world.earth, until), aimEcef[0], aimEcef[1], aimEcef[2], aimEci);
  eph.position(satellite, until, sat);
  const gap = [aimEci[0] - sat[0], aimEci[1] - sat[1], aimEci[2] - sat[2]];
  const full = flyoutDistance(spec, until - ignite);
  // the satellite's speed (circular orbit) plus the interceptor's delta-v bounds the speed for Coriolis
  const speed = Math.sqrt(MU_EARTH / Math.hypot(sat[0], sat[1], sat[2])) + spec.deltaV;
  const taus = sampleTimes(
    until - ignite,
    spec.deltaV / spec.acceleration,
    boostStep(accelerationBound(spec.acceleration, speed)),
    boostStep(accelerationBound(0, speed)),
  );
  return pathFromEci(
    world.earth,
    ignite,
    taus,
    (t, out) => {
      eph.position(satellite, t, sat);
      const u = full > 0 ? flyoutDistance(spec, t - ignite) / full : 1;
      for (let k = 0; k < 3; k++) out[k] = sat[k] + u * gap[k];
    },
    aimEcef,
  );
}

/** Earth-fixed position [m] of an ascent track at t [s after launch]: the sample nearest t. */
function trackEcef(track: ThreatTrack, t: number): Float64Array {
  const k = Math.max(0, Math.min(track.length - 1, Math.round(t / track.step)));
  return track.ecef.slice(3 * k, 3 * k + 3);
}

/** The same sample as a geodetic point. */
function trackPoint(track: ThreatTrack, t: number): GeoPoint {
  const p = trackEcef(track, t);
  const g = ecefToGeodetic(p[0], p[1], p[2], new Float64Array(3));
  return { latitude: g[0], longitude: g[1], altitude: g[2] };
}
