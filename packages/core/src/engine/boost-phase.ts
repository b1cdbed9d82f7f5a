import { mayEngage } from '../c2/national-policy.ts';
import { MU_EARTH } from '../constants.ts';
import { ecefToGeodetic } from '../geo/geodetic.ts';
import type { Random } from '../random/sfc32.ts';
import { satellitesInReach } from '../space/boost-phase-reach.ts';
import { WalkerEphemeris } from '../orbits/ephemeris.ts';
import { earthAngle } from '../geo/earth-model.ts';
import { toEci } from '../geo/earth-rotation.ts';
import { flyoutDistance, type SpaceInterceptorSpec } from '../weapons/space-interceptor.ts';
import type { EngineEvent } from './events.ts';
import { accelerationBound, boostStep, pathFromEci, sampleTimes } from './flyout.ts';
import type { World, WorldMissile } from './world.ts';

/**
 * Step 1 of every trial (both track modes): launches and burnouts enter the log, and each space layer
 * engages each boost with the satellites that can reach it (owner policy and approvals permitting): its
 * cue (a `detect` of the missile by the layer at launch + detectionLatency), assignment, shots and intercepts;
 * a kill in boost destroys every object the missile would have released (written to `destroyed`).
 * Draws from rng in launch order. Returns the missiles in launch order. Missiles in `unreleased` (those of
 * bombers shot down before their release point, air-defense.ts) never launch: no event, no engagement.
 */
export function launchAndEngageBoosts(
  world: World,
  rng: Random,
  events: EngineEvent[],
  destroyed: Map<string, number>,
  unreleased?: ReadonlySet<string>,
): WorldMissile[] {
  const { earth, policy } = world;
  const missiles = world.missiles
    .filter((m) => !unreleased?.has(m.id))
    .sort((a, b) => a.launchTime - b.launchTime || (a.id < b.id ? -1 : 1));
  for (const m of missiles) {
    events.push({
      t: m.launchTime,
      type: 'launch',
      missile: m.id,
      objects: m.objects,
      site: { latitude: m.site.latitude, longitude: m.site.longitude },
    });
    if (m.burnoutTime > 0) events.push({ t: m.launchTime + m.burnoutTime, type: 'burnout', missile: m.id });
  }
  const usedSatellites = new Map<string, Set<number>>();
  const ephemerides = new Map(world.spaceLayers.map((l) => [l.id, new WalkerEphemeris(l.shell)]));
  for (const m of missiles) {
    const ascent = m.ascent;
    if (!ascent) continue;
    let killedAt: number | null = null;
    for (const layer of world.spaceLayers) {
      if (killedAt !== null) break;
      const eph = ephemerides.get(layer.id) as WalkerEphemeris;
      const used = usedSatellites.get(layer.id) ?? new Set<number>();
      usedSatellites.set(layer.id, used);
      const asset = { id: layer.id, owner: layer.owner, kind: 'interceptor' as const, assetClass: layer.assetClass };
      const reach = satellitesInReach(eph, ascent, m.launchTime, layer.interceptor, { theta0: earth.theta0 }).filter(
        (e) => !used.has(e.satellite),
      );
      if (reach.length === 0) continue;
      const first = reach.reduce((a, b) => (b.interceptTime < a.interceptTime ? b : a));
      const point = trackPoint(ascent, first.interceptTime);
      const decision = mayEngage(policy, asset, m.aimedAt, point);
      const weapon = `${layer.id}#`;
      if (!decision.allowed) {
        events.push({
          t: m.launchTime + first.interceptTime,
          type: 'refuse',
          object: m.id,
          weapon: layer.id,
          nation: layer.owner,
          reason: decision.reason,
        });
        continue;
      }
      // an approval delays the interceptor's ignition: recompute who can still reach
      const options =
        decision.approvalDelay > 0
          ? satellitesInReach(
              eph,
              ascent,
              m.launchTime,
              { ...layer.interceptor, decisionLatency: layer.interceptor.decisionLatency + decision.approvalDelay },
              { theta0: earth.theta0 },
            ).filter((e) => !used.has(e.satellite))
          : reach;
      const shots = options
        .sort((a, b) => a.interceptTime - b.interceptTime || a.satellite - b.satellite)
        .slice(0, world.doctrine.shotsPerThreat);
      const ignite = m.launchTime + layer.interceptor.detectionLatency + layer.interceptor.decisionLatency + decision.approvalDelay;
      // the layer's cue: the space infrared launch declaration its detectionLatency models, logged as a
      // `detect` by the layer (sensor id = layer id, its owner) so that no shot precedes its detection
      if (shots.length > 0)
        events.push({
          t: m.launchTime + layer.interceptor.detectionLatency,
          type: 'detect',
          object: m.id,
          sensor: layer.id,
          owner: layer.owner,
        });
      if (shots.length > 0)
        events.push({
          t: m.launchTime + layer.interceptor.detectionLatency,
          type: 'assign',
          object: m.id,
          weapon: layer.id,
          owner: layer.owner,
          nation: layer.owner,
          approvalDelay: decision.approvalDelay,
          approvals: decision.approvals.map(({ nation, delay }) => ({ nation, delay })),
          reason: decision.reason,
        });
      shots.forEach((s, k) => {
        used.add(s.satellite);
        events.push({
          t: ignite,
          type: 'fire',
          object: m.id,
          weapon: `${weapon}${s.satellite}`,
          owner: layer.owner,
          layer: layer.assetClass,
          shot: k + 1,
          plannedIntercept: m.launchTime + s.interceptTime,
        });
        events.push({
          t: ignite,
          type: 'flyout',
          object: m.id,
          weapon: `${weapon}${s.satellite}`,
          owner: layer.owner,
          shot: k + 1,
          path: spaceFlyoutPath(
            world,
            eph,
            layer.interceptor,
            s.satellite,
            ignite,
            m.launchTime + s.interceptTime,
            trackEcef(ascent, s.interceptTime),
          ),
        });
      });
      for (const [k, s] of shots.entries()) {
        const t = m.launchTime + s.interceptTime;
        const already = killedAt !== null && killedAt <= t;
        const hit = rng.next() < layer.singleShotPk;
        events.push({
          t,
          type: 'intercept',
          object: m.id,
          weapon: `${weapon}${s.satellite}`,
          layer: layer.assetClass,
          shot: k + 1,
          hit,
          point: trackPoint(ascent, s.interceptTime),
          alreadyDestroyed: already,
        });
        if (hit && killedAt === null) killedAt = t;
      }
    }
    if (killedAt !== null) for (const id of m.objects) destroyed.set(id, killedAt);
  }

  return missiles;
}

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

/** Earth-fixed position [m] of an ascent track at t [s after launch] (the sample trackPoint reads). */
function trackEcef(track: { ecef: Float64Array; step: number; length: number }, t: number): Float64Array {
  const k = Math.max(0, Math.min(track.length - 1, Math.round(t / track.step)));
  return track.ecef.slice(3 * k, 3 * k + 3);
}

function trackPoint(
  track: { ecef: Float64Array; step: number; length: number; altitude: Float64Array },
  t: number,
): { latitude: number; longitude: number; altitude: number } {
  const k = Math.max(0, Math.min(track.length - 1, Math.round(t / track.step)));
  const g = ecefToGeodetic(track.ecef[3 * k], track.ecef[3 * k + 1], track.ecef[3 * k + 2], new Float64Array(3));
  return { latitude: g[0], longitude: g[1], altitude: g[2] };
}
