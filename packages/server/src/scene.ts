import {
  type AirborneOrbit,
  destinationPoint,
  detectionRange,
  earthAngle,
  type EngineEvent,
  horizonCentralAngle,
  type NationCode,
  orbitPosition,
  othNominalBand,
  type OthRadarSpec,
  R_EARTH_MEAN,
  sensorVisibleTo,
  STANDARD_REFRACTION_K,
  toEcef,
  WalkerEphemeris,
  weaponVisibleTo,
  type World,
} from '@golden-dome/core';
import type { SceneAssets } from '@golden-dome/core/protocol';
import { defendedAssetPlace, loadCatalog } from '@golden-dome/scenario';
import { sceneAir } from './scene-air.ts';

/**
 * The assets of a scene as the `scene` message carries them: the protocol's one schema
 * (`@golden-dome/core/protocol`, docs/websocket-protocol.md), SI on the wire (radians, metres).
 */
export type { SceneAssets };

/** Numbers a constellation's positions may hold (~2-3 MB of JSON at most per layer). */
export const MAX_CONSTELLATION_NUMBERS = 300_000;
/** Finest sampling of a constellation [s]. */
export const MIN_CONSTELLATION_STEP_S = 10;
/**
 * Height of the low flyer a line-of-sight radar's `lowRange` is drawn against [m]: a display reference,
 * the cruise missile at 50 m (the library's Kh-101 and Kalibr cruise at 50-60 m, labelled in their entries).
 */
export const LOW_FLYER_ALTITUDE_M = 50;
/** Step of an airborne radar's platform positions [s]: on a 50 km circle at 200 m/s a chord sags ~90 m, far below a pixel. */
export const ORBIT_STEP_S = 30;
/** Points along each arc of an OTH radar's coverage outline. */
const OTH_ARC_STEPS = 32;

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
export function sceneAssets(
  world: World,
  span: { start: number; end: number },
  weaponTypes: Readonly<Record<string, string>> = {},
): SceneAssets {
  const rcs = world.objects[0]?.rcs ?? 0.1;
  // the low flyer's cross-section: the scene's first cruise missile's (a world without one draws no low-flyer coverage)
  const lowRcs = world.objects.find((o) => o.endoOnly)?.rcs;
  const radars: SceneAssets['radars'] = world.radars.map((r) => {
    const face = r.spec.faces[0];
    const allRound = !face || face.azimuthHalfWidth >= Math.PI;
    // the same line-of-sight rule the engine applies (radar.ts, lineOfSightClear): the two horizon angles, one k
    const k = r.spec.earthRadiusFactor ?? STANDARD_REFRACTION_K;
    const lowRange =
      lowRcs === undefined
        ? undefined
        : Math.min(
            detectionRange(r.spec, lowRcs),
            R_EARTH_MEAN * (horizonCentralAngle(r.spec.altitude, k) + horizonCentralAngle(LOW_FLYER_ALTITUDE_M, k)),
          );
    return {
      id: r.id,
      owner: r.owner,
      kind: 'radar',
      latitude: angle(r.spec.latitude),
      longitude: angle(r.spec.longitude),
      altitude: Math.round(r.spec.altitude),
      range: Math.round(detectionRange(r.spec, rcs)),
      ...(allRound ? {} : { boresight: angle(face.boresightAzimuth), fov: angle(2 * face.azimuthHalfWidth) }),
      ...(lowRange === undefined ? {} : { lowRange: Math.round(lowRange), lowAltitude: LOW_FLYER_ALTITUDE_M }),
      ...(r.orbit ? { orbit: orbitSamples(r.orbit, span) } : {}),
    };
  });
  for (const r of world.othRadars ?? []) {
    // the nominal coverage: the day layer's band at ground level (it moves with the ionosphere in a trial)
    const band = othNominalBand(r.spec, 'day') ?? { minGroundRange: 0, maxGroundRange: 0 };
    radars.push({
      id: r.id,
      owner: r.owner,
      kind: 'oth-radar',
      latitude: angle(r.spec.latitude),
      longitude: angle(r.spec.longitude),
      altitude: 0,
      range: Math.round(band.maxGroundRange),
      minRange: Math.round(band.minGroundRange),
      boresight: angle(r.spec.boresightAzimuth),
      fov: angle(2 * r.spec.azimuthHalfWidth),
      coverage: { ...othOutline(r.spec, 'day'), ...othOutline(r.spec, 'night') },
    });
  }
  const batteries: SceneAssets['batteries'] = world.batteries.map((b) => ({
    id: b.id,
    owner: b.owner,
    interceptor: weaponTypes[b.id] ?? b.assetClass,
    latitude: angle(b.site.latitude),
    longitude: angle(b.site.longitude),
    altitude: Math.round(b.site.altitude),
    inventory: b.inventory,
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
      id: d.id,
      name: d.name ?? d.id,
      nation: d.nation,
      latitude: angle(p.latitude),
      longitude: angle(p.longitude),
      population: p.population ?? null,
      priority: (byNation.get(d.nation) ?? []).indexOf(d.value) + 1,
    });
  }
  const constellations: SceneAssets['constellations'] = world.spaceLayers.map((layer) => {
    const eph = new WalkerEphemeris(layer.shell);
    const duration = span.end - span.start;
    const samplesWanted = Math.max(2, Math.floor(MAX_CONSTELLATION_NUMBERS / (3 * eph.count)));
    const stepS = Math.max(MIN_CONSTELLATION_STEP_S, Math.ceil(duration / (samplesWanted - 1)));
    const samples = Math.floor(duration / stepS) + 1;
    const positions: number[] = new Array(samples * eph.count * 3);
    const eci = new Float64Array(3),
      ecef = new Float64Array(3);
    for (let k = 0; k < samples; k++) {
      const t = span.start + k * stepS;
      const theta = earthAngle(world.earth, t);
      for (let i = 0; i < eph.count; i++) {
        eph.position(i, t, eci);
        toEcef(theta, eci[0], eci[1], eci[2], ecef);
        const o = (k * eph.count + i) * 3;
        positions[o] = Math.round(ecef[0]);
        positions[o + 1] = Math.round(ecef[1]);
        positions[o + 2] = Math.round(ecef[2]);
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
 * defended cities and constellation orbits (satellites are observable by anyone). With the nation's
 * filtered log (`events`), also the aircraft and cruise missiles it has detected (scene-air.ts).
 */
export function sceneForNation(assets: SceneAssets, world: World, nation: NationCode, events?: readonly EngineEvent[]): SceneAssets {
  return {
    radars: assets.radars.filter((r) => sensorVisibleTo(world.policy, nation, r)),
    batteries: assets.batteries.filter((b) => weaponVisibleTo(nation, b)),
    cities: assets.cities,
    constellations: assets.constellations,
    ...(events ? sceneAir(world, nation, events) : {}),
  };
}

/**
 * The scene's assets as JSON for a nation, with the (large) constellation positions serialised once.
 * `events` is the nation's filtered log (eventsVisibleTo, as its NationView holds it): the aircraft and
 * cruise missiles it has seen come from it (scene-air.ts).
 */
export function sceneJsonForNation(
  assets: SceneAssets,
  constellationsJson: string,
  world: World,
  nation: NationCode,
  events?: readonly EngineEvent[],
): string {
  const { constellations: _, ...mine } = sceneForNation(assets, world, nation, events);
  return `${JSON.stringify(mine).slice(0, -1)},"constellations":${constellationsJson}}`;
}

/** An airborne radar's platform positions over the scene's span (core's orbitPosition), every ORBIT_STEP_S. */
function orbitSamples(orbit: AirborneOrbit, span: { start: number; end: number }): NonNullable<SceneAssets['radars'][number]['orbit']> {
  const positions: number[] = [];
  for (let t = span.start; t < span.end + ORBIT_STEP_S; t += ORBIT_STEP_S) {
    const p = orbitPosition(orbit, t);
    positions.push(angle(p.latitude), angle(p.longitude));
  }
  return {
    latitude: angle(orbit.latitude),
    longitude: angle(orbit.longitude),
    radius: Math.round(orbit.radius),
    epochT: span.start,
    stepS: ORBIT_STEP_S,
    positions,
  };
}

/**
 * An OTH radar's coverage at ground level under the day or the night layer, as an outline [rad]: the
 * band core's sky-wave model gives (othNominalBand: skip zone inside, maximum range outside) over the
 * azimuth sector, its near arc then its far arc back (great circles from the site, core's destinationPoint).
 */
export function othOutline(spec: OthRadarSpec, when: 'day' | 'night'): { day?: number[]; night?: number[] } {
  const band = othNominalBand(spec, when);
  if (!band) return {};
  const ring: number[] = [];
  const arc = (range: number, reverse: boolean) => {
    for (let i = 0; i <= OTH_ARC_STEPS; i++) {
      const u = reverse ? 1 - i / OTH_ARC_STEPS : i / OTH_ARC_STEPS;
      const p = destinationPoint(
        spec.latitude,
        spec.longitude,
        spec.boresightAzimuth - spec.azimuthHalfWidth + 2 * spec.azimuthHalfWidth * u,
        range,
      );
      ring.push(angle(p.latitude), angle(p.longitude));
    }
  };
  arc(band.minGroundRange, false);
  arc(band.maxGroundRange, true);
  return { [when]: ring };
}
