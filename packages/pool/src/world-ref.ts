/**
 * Worlds in shared memory for the pool's workers. A World is serialized once (v8.serialize, the same
 * serializer structured clone uses: typed arrays, Maps and -0 come back as they were, so a trial's log
 * does not change — tested in test/trial-pool.test.ts) into a SharedArrayBuffer; every task then
 * carries only a reference to those bytes, and each worker deserializes a key once and keeps the world.
 *
 * World overlays (the partner study's option worlds over one raid): an overlay ref holds the fields that
 * differ (policy, sensors, batteries, windows, settings) and names its base (the raid's flights), so a
 * raid's hundreds of flights are in memory once per worker, not once per option.
 */
import { randomUUID } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { EngineEvent, World } from '@golden-dome/core';
import type { LogRef, WorldRef } from './protocol.ts';

const refs = new WeakMap<World, WorldRef>();

function share(value: unknown): SharedArrayBuffer {
  const bytes = serialize(value);
  const sab = new SharedArrayBuffer(bytes.length);
  new Uint8Array(sab).set(bytes);
  return sab;
}

/** The shared bytes of a world (serialized on first use, then the same ref for the same World object). */
export function worldRef(world: World): WorldRef {
  let ref = refs.get(world);
  if (!ref) refs.set(world, (ref = { key: randomUUID(), bytes: share(world) }));
  return ref;
}

const logRefs = new WeakMap<readonly EngineEvent[], LogRef>();

/** The shared bytes of a trial's log (serialized on first use, then the same ref for the same array). */
export function logRef(log: readonly EngineEvent[]): LogRef {
  let ref = logRefs.get(log);
  if (!ref) logRefs.set(log, (ref = { key: randomUUID(), bytes: share(log) }));
  return ref;
}

/** A worker's logs by key, the most recently used kept, with what a task derived from each (per key). */
export class LogCache {
  private readonly logs = new Map<string, { log: EngineEvent[]; derived: Map<string, unknown> }>();

  constructor(private readonly capacity = 8) {}

  get(ref: LogRef): EngineEvent[] {
    return this.entry(ref).log;
  }

  derived<T>(ref: LogRef, key: string, make: () => T): T {
    const e = this.entry(ref);
    if (!e.derived.has(key)) e.derived.set(key, make());
    return e.derived.get(key) as T;
  }

  private entry(ref: LogRef): { log: EngineEvent[]; derived: Map<string, unknown> } {
    let e = this.logs.get(ref.key);
    if (e) {
      this.logs.delete(ref.key);
    } else {
      e = { log: deserialize(Buffer.from(ref.bytes)) as EngineEvent[], derived: new Map() };
      for (const k of this.logs.keys()) {
        if (this.logs.size < this.capacity) break;
        this.logs.delete(k);
      }
    }
    this.logs.set(ref.key, e);
    return e;
  }
}

/** Serializes a world built here (in a worker) to hand it to another thread. */
export function sharedWorld(world: World): WorldRef {
  return worldRef(world);
}

/** The world of a ref received from another thread (the ref is remembered, so tasks on it send the same bytes). */
export function adoptWorld(ref: WorldRef): World {
  const world = materialize(ref);
  refs.set(world, ref);
  return world;
}

/** Only `fields` of a world (the base of overlays: e.g. a raid's missiles and objects). */
export function partRef(world: World, fields: ReadonlyArray<keyof World>): WorldRef {
  const part: Partial<World> = {};
  for (const k of fields) (part as Record<string, unknown>)[k] = world[k];
  return { key: randomUUID(), bytes: share(part) };
}

/** The fields of `world` laid over `base` (the partner study's option worlds: same flights, another policy and layers). */
export function overlayRef(base: WorldRef, world: World, fields: ReadonlyArray<keyof World>): WorldRef {
  const overlay: Partial<World> = {};
  for (const k of Object.keys(world) as Array<keyof World>) if (!fields.includes(k)) (overlay as Record<string, unknown>)[k] = world[k];
  return { key: randomUUID(), bytes: share(overlay), base };
}

function materialize(ref: WorldRef): World {
  const own = deserialize(Buffer.from(ref.bytes)) as World;
  return ref.base ? ({ ...materialize(ref.base), ...own } as World) : own;
}

/**
 * A worker's worlds by key, the most recently used kept (a base world shared by its overlays is kept
 * once). Derived data a task computes once per world (contexts) is kept with it.
 */
export class WorldCache {
  private readonly worlds = new Map<string, { world: World; derived: Map<string, unknown> }>();

  constructor(private readonly capacity = 8) {}

  get(ref: WorldRef): World {
    return this.entry(ref).world;
  }

  /** Something computed once per world (and per `key`). */
  derived<T>(ref: WorldRef, key: string, make: (world: World) => T): T {
    const e = this.entry(ref);
    if (!e.derived.has(key)) e.derived.set(key, make(e.world));
    return e.derived.get(key) as T;
  }

  private entry(ref: WorldRef): { world: World; derived: Map<string, unknown> } {
    let e = this.worlds.get(ref.key);
    if (e) {
      this.worlds.delete(ref.key);
      this.worlds.set(ref.key, e);
      return e;
    }
    const own = deserialize(Buffer.from(ref.bytes)) as World;
    const world = ref.base ? ({ ...this.get(ref.base), ...own } as World) : own;
    e = { world, derived: new Map() };
    this.worlds.set(ref.key, e);
    for (const k of this.worlds.keys()) {
      if (this.worlds.size <= this.capacity) break;
      this.worlds.delete(k);
    }
    return e;
  }
}
