import type { TrackMode, World } from '../engine/world.ts';
import type { SensorKind } from './kind.ts';
import { SENSOR_KINDS } from './kinds.ts';

/**
 * The sensor kinds' seed-independent tables of a world (World.sensorTables), one loop over the table: each
 * kind's `tables` hook, in table order, on the world's track mode, with the tables the world already holds as
 * its prior (a world laid over another: the kind keeps what still fits). Kinds not in `kinds` keep theirs; a
 * kind whose hook gives nothing on this mode has none. `onKind` is told each hook's kind name as it returns
 * (world building times the steps). Kind names must be unique: the tables are kept by name.
 */
export function buildSensorTables(
  world: World,
  kinds: readonly SensorKind[] = SENSOR_KINDS,
  onKind?: (name: string) => void,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...world.sensorTables };
  const mode = world.settings.tracks ?? 'estimated';
  const names = new Set<string>();
  for (const kind of kinds) {
    if (names.has(kind.name)) throw new Error(`two sensor kinds are named ${kind.name}: a world keeps its tables by kind name`);
    names.add(kind.name);
    if (!kind.tables) continue;
    const tables = kind.tables(world, world.sensorTables?.[kind.name], mode);
    if (tables === undefined) delete out[kind.name];
    else out[kind.name] = tables;
    onKind?.(kind.name);
  }
  return out;
}

/** Per world: per kind (the kind object: two kinds may share a name in two tables) and track mode, the tables a trial hands it. */
const handed = new WeakMap<World, Map<object, Map<TrackMode, unknown>>>();

/**
 * A kind's tables for a trial of this world on `mode` tracks (undefined for a kind without a `tables` hook):
 * its hook given the tables the world holds (World.sensorTables, built with it) as the prior, so that the
 * world's own are handed on as they are and only what they do not cover (a sensor laid over the world, a
 * world built without them) is computed; once per world, kind and mode.
 */
export function sensorTablesOf<Tables>(world: World, kind: SensorKind<Tables>, mode: TrackMode): Tables | undefined {
  if (!kind.tables) return undefined;
  let byKind = handed.get(world);
  if (!byKind) handed.set(world, (byKind = new Map()));
  let byMode = byKind.get(kind);
  if (!byMode) byKind.set(kind, (byMode = new Map()));
  if (byMode.has(mode)) return byMode.get(mode) as Tables | undefined;
  const tables = kind.tables(world, world.sensorTables?.[kind.name] as Tables | undefined, mode);
  byMode.set(mode, tables);
  return tables;
}
