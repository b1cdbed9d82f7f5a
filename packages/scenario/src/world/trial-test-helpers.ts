import type { EngineEvent, World } from '@golden-dome/core';

/** Helpers of the engine's tests on built worlds (not part of the package's API). */

/** The log's events of one type, typed. */
export const of = <T extends EngineEvent['type']>(log: readonly EngineEvent[], type: T) =>
  log.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

/** The launch-window cache a trial reads, from the world's precomputed windows (as runTrial builds it). */
export const cacheOf = (w: World) => new Map(Object.entries(w.windows ?? {}));
