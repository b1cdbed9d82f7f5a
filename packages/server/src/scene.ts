import {
  detectionRange, earthAngle, type EngineEvent, type NationCode, othNominalBand, sensorVisibleTo, toEcef, WalkerEphemeris, weaponVisibleTo, type World,
} from '@golden-dome/core';
import type { SceneAssets } from '@golden-dome/core/protocol';
import { defendedAssetPlace, loadCatalog } from '@golden-dome/scenario';

/**
 * The assets of a scene as the `scene` message carries them: the protocol's one schema
 * (`@golden-dome/core/protocol`, docs/websocket-protocol.md), SI on the wire (radians, metres).
 */
export type { SceneAssets };

/** Numbers a constellation's positions may hold (~2-3 MB of JSON at most per layer). */
export const MAX_CONSTELLATION_NUMBERS = 300_000;
/** Finest sampling of a constellation [s]. */
export const MIN_CONSTELLATION_STEP_S = 10;

/** The scene's time span [s]: from the first launch (or 0) to the last impact or event, plus a minute. */
export function sceneSpan(world: World, events: readonly EngineEvent[]): { start: number; end: number } {
  const launches = world.missiles.map((m) => m.launchTime);
  const start = Math.min(0, ...launches, ...events.map((e) => e.t));
  const end = Math.max(start + 1, ...world.objects.map((o) => o.impactTime), ...events.map((e) => e.t)) + 60;
  return { start, end };
}

/** An angle on the wire [rad], to 1e-8 rad (6 cm on the ground): the picture needs no more. */
export const angle = (x: number): number => Number(x.toFixed(8));

/**
 * The assets of a world for the picture, before any nation's filter (see {@link sceneForNation}).
 * Cities are the defended assets whose names resolve to a place.
 */
export function sceneAssets(world: World, span: { start: number; end: number }, weaponTypes: Readonly<Record<string, string>> = {}): SceneAssets {
  const rcs = world.objects[0]?.rcs ?? 0.1;
  const radars: SceneAssets['radars'] = world.radars.map((r) => {
    const face = r.spec.faces[0];
    const allRound = !face || face.azimuthHalfWidth >= Math.PI;
    return {
      id: r.id, owner: r.owner, kind: 'radar', latitude: angle(r.spec.latitude), longitude: angle(r.spec.longitude), altitude: Math.round(r.spec.altitude),
      range: Math.round(detectionRange(r.spec, rcs)),
      ...(allRound ? {} : { boresight: angle(face.boresightAzimuth), fov: angle(2 * face.azimuthHalfWidth) }),
    };
  });
  for (const r of world.othRadars ?? []) {
    // the nominal coverage: the day layer's band at ground level (it moves with the ionosphere in a trial)
    const band = othNominalBand(r.spec, 'day') ?? { minGroundRange: 0, maxGroundRange: 0 };
    radars.push({
      id: r.id, owner: r.owner, kind: 'oth-radar', latitude: angle(r.spec.latitude), longitude: angle(r.spec.longitude), altitude: 0,
      range: Math.round(band.maxGroundRange), minRange: Math.round(band.minGroundRange),
      boresight: angle(r.spec.boresightAzimuth), fov: angle(2 * r.spec.azimuthHalfWidth),
    });
  }
  const batteries: SceneAssets['batteries'] = world.batteries.map((b) => ({
    id: b.id, owner: b.owner, interceptor: weaponTypes[b.id] ?? b.assetClass,
    latitude: angle(b.site.latitude), longitude: angle(b.site.longitude), altitude: Math.round(b.site.altitude), inventory: b.inventory,
  }));
  const catalog = loadCatalog();
  const cities: SceneAssets['cities'] = [];
  const byNation = new Map<string, number[]>();
  for (const d of world.defended) byNation.set(d.nation, [...(byNation.get(d.nation) ?? []), d.value]);
  for (const values of byNation.values()) values.sort((a, b) => b - a);
  for (const d of world.defended) {
    // a defended asset whose name is not a place is an error (policies are checked when loaded), never left off the map
    const p = defendedAssetPlace(d, catalog);
    cities.push({
      id: d.id, name: d.name ?? d.id, nation: d.nation, latitude: angle(p.latitude), longitude: angle(p.longitude),
      population: p.population ?? null, priority: (byNation.get(d.nation) ?? []).indexOf(d.value) + 1,
    });
  }
  const constellations: SceneAssets['constellations'] = world.spaceLayers.map((layer) => {
    const eph = new WalkerEphemeris(layer.shell);
    const duration = span.end - span.start;
    const samplesWanted = Math.max(2, Math.floor(MAX_CONSTELLATION_NUMBERS / (3 * eph.count)));
    const stepS = Math.max(MIN_CONSTELLATION_STEP_S, Math.ceil(duration / (samplesWanted - 1)));
    const samples = Math.floor(duration / stepS) + 1;
    const positions: number[] = new Array(samples * eph.count * 3);
    const eci = new Float64Array(3), ecef = new Float64Array(3);
    for (let k = 0; k < samples; k++) {
      const t = span.start + k * stepS;
      const theta = earthAngle(world.earth, t);
      for (let i = 0; i < eph.count; i++) {
        eph.position(i, t, eci);
        toEcef(theta, eci[0], eci[1], eci[2], ecef);
        const o = (k * eph.count + i) * 3;
        positions[o] = Math.round(ecef[0]); positions[o + 1] = Math.round(ecef[1]); positions[o + 2] = Math.round(ecef[2]);
      }
    }
    return { id: layer.id, owner: layer.owner, count: eph.count, epochT: span.start, stepS, positions };
  });
  return { radars, batteries, cities, constellations };
}

/**
 * What one nation's users may see of the scene, by the same rules as its events (eventsVisibleTo) and
 * its campaign reports (core's nation-picture.ts): the radars it may use (sensorVisibleTo: its own and
 * those the policy shares with it; a withheld sensor is not even located), its own batteries and their
 * inventories (weaponVisibleTo: another nation's weapons are that nation's), and the public rest:
 * defended cities and constellation orbits (satellites are observable by anyone).
 */
export function sceneForNation(assets: SceneAssets, world: World, nation: NationCode): SceneAssets {
  return {
    radars: assets.radars.filter((r) => sensorVisibleTo(world.policy, nation, r)),
    batteries: assets.batteries.filter((b) => weaponVisibleTo(nation, b)),
    cities: assets.cities,
    constellations: assets.constellations,
  };
}

/** The scene's assets as JSON for a nation, with the (large) constellation positions serialised once. */
export function sceneJsonForNation(assets: SceneAssets, constellationsJson: string, world: World, nation: NationCode): string {
  const mine = sceneForNation(assets, world, nation);
  return `${JSON.stringify({ radars: mine.radars, batteries: mine.batteries, cities: mine.cities }).slice(0, -1)},"constellations":${constellationsJson}}`;
}
