import {
  buildSensorTables,
  type CoalitionPolicy,
  DEG,
  type NationCode,
  precomputeWindows,
  type World,
  type WorldRadar,
} from '@golden-dome/core';
import { loadCatalog, UnknownNameError } from '../catalog/catalog.ts';
import { findSensor, loadSensorCatalog, resolveGroundRadar } from '../catalog/sensor-catalog.ts';
import { sensorCapability } from '../catalog/sensor-capabilities.ts';
import { PlaceError, resolvePlace } from '../places.ts';
import { type BatteryRequest, buildWorld, WorldError } from '../world/build-world.ts';

/**
 * A participation option laid over a raid's world: the option's coalition policy, plus its radars and
 * batteries. The raid's flights (the slow part of building a world: 20-40 s for a polar raid) are
 * reused as they are; only the added sensors and batteries are resolved, and only the added batteries'
 * launch windows are computed (a cache shared between options keeps a battery's windows against a raid
 * when another option adds the same battery under another owner).
 *
 * Added sensors go after the raid's own, so that in a trial the raid's sensors draw exactly the random
 * numbers they draw without the option (core/engine/trial.ts draws sensor looks in world order): an
 * option that adds sensors only adds detections to the ones each trial already had.
 */

/** A radar with a catalog line-of-sight radar's performance at a new site (e.g. hosted on the partner's soil). */
export interface HostedRadar {
  id: string;
  /** Catalog line-of-sight radar whose performance it has. */
  type: string;
  at: string;
  owner: NationCode;
  /** Sensor class for sharing rules. */
  assetClass: string;
  /** Boresight azimuths of its faces [deg] (default: the type's); face k keeps the type's face k mod n width and tilt. */
  facesAzimuthDeg?: readonly number[];
}

export interface OptionAdditions {
  radars: readonly string[];
  hostedRadars?: readonly HostedRadar[];
  batteries: readonly BatteryRequest[];
}

/** A hosted radar resolved: the type's performance at the new site. */
export function hostedRadar(h: HostedRadar): WorldRadar {
  const entry = findSensor(loadSensorCatalog(), h.type);
  if (entry.kind !== 'line-of-sight')
    throw new WorldError(`hosted radar ${h.id}: ${h.type} is a ${entry.kind} sensor, not a line-of-sight radar`);
  const type = resolveGroundRadar(entry);
  let site;
  try {
    site = resolvePlace(h.at, loadCatalog());
  } catch (e) {
    if (e instanceof PlaceError || e instanceof UnknownNameError) throw new WorldError(`hosted radar ${h.id}, at: ${e.message}`);
    throw e;
  }
  const faces = h.facesAzimuthDeg
    ? h.facesAzimuthDeg.map((az, k) => ({ ...type.faces[k % type.faces.length], boresightAzimuth: az * DEG }))
    : type.faces;
  return {
    id: h.id,
    owner: h.owner,
    spec: { ...type, latitude: site.latitude, longitude: site.longitude, altitude: site.altitude, faces },
    capability: sensorCapability(entry),
  };
}

/** Launch windows of added batteries, keyed by what fixes them (interceptor, site, id), per raid world. */
export type OptionWindowCache = Map<string, NonNullable<World['windows']>>;

const batteryKey = (b: BatteryRequest): string => `${b.id}|${b.interceptor}|${b.at}`;

/** Sensor lists of a World (line-of-sight radars, over-the-horizon radars, and any others the engine grows). */
const SENSOR_FIELDS = ['radars', 'othRadars', 'spaceSensors'] as const;

/**
 * The world of `base` under an option: `policy` (its defended assets too), the added radars and
 * batteries. Sensors the raid already has are not added twice. Planning nations: the raid's, then any
 * new battery owner.
 */
export function optionWorld(
  base: World,
  epoch: string,
  policy: CoalitionPolicy,
  add: OptionAdditions,
  cache: OptionWindowCache = new Map(),
): World {
  const present = new Set(
    SENSOR_FIELDS.flatMap((f) => ((base as unknown as Record<string, Array<{ id: string }> | undefined>)[f] ?? []).map((s) => s.id)),
  );
  const radars = add.radars.filter((r) => !present.has(r));
  const extras = buildWorld({ epoch, policy, raid: [], radars, batteries: [...add.batteries] });
  const hosted = (add.hostedRadars ?? []).map(hostedRadar);
  for (const h of hosted) if (present.has(h.id)) throw new WorldError(`hosted radar ${h.id}: the raid already has a sensor with that id`);
  const windows: NonNullable<World['windows']> = { ...(base.windows ?? {}) };
  add.batteries.forEach((b, i) => {
    const key = batteryKey(b);
    let w = cache.get(key);
    if (!w) {
      w = precomputeWindows({ ...base, batteries: [extras.batteries[i]] });
      cache.set(key, w);
    }
    Object.assign(windows, w);
  });
  const merged: Record<string, unknown> = {};
  for (const f of SENSOR_FIELDS) {
    const a = (base as unknown as Record<string, unknown[] | undefined>)[f];
    const b = (extras as unknown as Record<string, unknown[] | undefined>)[f];
    if (a !== undefined || b !== undefined) merged[f] = [...(a ?? []), ...(b ?? [])];
  }
  if (hosted.length > 0) merged.radars = [...((merged.radars as WorldRadar[]) ?? base.radars), ...hosted];
  // a sensor the policy does not list shares nothing, even with its owner: list the hosted radars
  const known = new Set(policy.assets.map((a) => a.id));
  const assets = [
    ...policy.assets,
    ...(add.hostedRadars ?? [])
      .filter((h) => !known.has(h.id))
      .map((h) => ({ id: h.id, owner: h.owner, kind: 'sensor' as const, assetClass: h.assetClass })),
  ];
  const planning: NationCode[] = [...base.settings.planningNations];
  for (const b of extras.batteries) if (!planning.includes(b.owner)) planning.push(b.owner);
  const world = {
    ...base,
    ...merged,
    policy: assets.length === policy.assets.length ? policy : { ...policy, assets },
    defended: [...policy.defended],
    batteries: [...base.batteries, ...extras.batteries],
    windows,
    settings: { ...base.settings, planningNations: planning },
  } as World;
  // the sensor kinds' tables re-derived through each kind (sensors/kind-tables.ts): the raid's kept, the added
  // sensors' computed (e.g. the added radars' looks at the raid, seed-independent like the windows)
  if (base.sensorTables) world.sensorTables = buildSensorTables(world);
  return world;
}

/** World lists whose members a study may remove by id (sensors, shooters, sites); never the threats or the defended. */
const KEPT_FIELDS = new Set(['missiles', 'objects', 'aircraft', 'defended', 'spaceSensors']);

/** Ids a world's removable lists hold (what `withoutAssets` can remove), in world order, then the kinds' assets (World.kindAssets). */
export function removableIds(world: World): string[] {
  const out: string[] = [];
  for (const [field, list] of Object.entries(world)) {
    if (KEPT_FIELDS.has(field) || !Array.isArray(list)) continue;
    for (const x of list as unknown[])
      if (x && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'string') out.push((x as { id: string }).id);
  }
  for (const list of Object.values(world.kindAssets ?? {})) for (const a of list) out.push(a.id);
  return out;
}

/**
 * The world without the named sensors, batteries or sites (any member, by id, of the world's lists other
 * than the threats, the defended assets and the space infrared sensors, whose picture is precomputed, and of
 * the kinds' lists in World.kindAssets): an overlay like optionWorld, so the raid's flights are not rebuilt.
 * Their precomputed launch windows go with them, and the sensor kinds' tables are re-derived (buildSensorTables:
 * a removed radar's looks go). Returns which of the ids this world held; ids it does not hold remove
 * nothing (the caller decides whether an id must be somewhere).
 */
export function withoutAssets(world: World, ids: readonly string[]): { world: World; removed: string[] } {
  const drop = new Set(ids);
  const removed = new Set<string>();
  const out: Record<string, unknown> = { ...world };
  for (const [field, list] of Object.entries(world)) {
    if (KEPT_FIELDS.has(field) || !Array.isArray(list)) continue;
    out[field] = (list as unknown[]).filter((x) => {
      const id = x && typeof x === 'object' ? (x as { id?: unknown }).id : undefined;
      if (typeof id === 'string' && drop.has(id)) {
        removed.add(id);
        return false;
      }
      return true;
    });
  }
  if (world.kindAssets)
    out.kindAssets = Object.fromEntries(
      Object.entries(world.kindAssets).map(([kind, list]) => [
        kind,
        list.filter((a) => {
          if (!drop.has(a.id)) return true;
          removed.add(a.id);
          return false;
        }),
      ]),
    );
  if (world.windows) out.windows = Object.fromEntries(Object.entries(world.windows).filter(([k]) => !drop.has(k.slice(0, k.indexOf('|')))));
  const result = out as unknown as World;
  // the sensor kinds' tables re-derived through each kind: the removed sensors' go with them
  if (world.sensorTables) result.sensorTables = buildSensorTables(result);
  return { world: result, removed: ids.filter((id) => removed.has(id)) };
}
