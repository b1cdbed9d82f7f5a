import { basename } from 'node:path';
import type { World } from '@golden-dome/core';
import { adoptWorld, type TrialPool } from '@golden-dome/pool';
import { loadScenario, scenarioFiles } from '@golden-dome/scenario';

/** The scenarios the server can run, by name, and their worlds (built once, then reused). */
export interface ScenarioLibrary {
  names(): string[];
  /** The world of a scenario; undefined for an unknown name. Built on the trial pool the first time (seconds), off the event loop. */
  world(name: string): Promise<World | undefined>;
  /** Battery id → interceptor type of a scenario whose world is built (shown in the picture). */
  weaponTypes?(name: string): Record<string, string>;
  /** The nations of the scenarios' coalition policies (the only nations demo mode accepts), sorted. */
  nations(): string[];
}

/**
 * The shipped library (packages/scenario/scenarios), or the .yaml files of `dir`. Worlds are built on
 * `pool` by the scenario package's one loader (loadScenario + buildScenarioWorld, the pool's `build`
 * task) and kept; two requests for a world being built share the build.
 */
export function fileScenarioLibrary(pool: TrialPool, dir?: string): ScenarioLibrary {
  const files = new Map((dir === undefined ? scenarioFiles() : scenarioFiles(dir)).map((f) => [basename(f, '.yaml'), f]));
  const worlds = new Map<string, Promise<World>>();
  const types = new Map<string, Record<string, string>>();
  let nations: string[] | undefined;
  return {
    names: () => [...files.keys()],
    nations() {
      // the policies named by the files (parsed once, at the first demo connection; no world is built)
      nations ??= [...new Set([...files.values()].flatMap((file) => Object.keys(loadScenario(file).request.policy.nations)))].sort();
      return nations;
    },
    world(name) {
      const file = files.get(name);
      if (file === undefined) return Promise.resolve(undefined);
      let w = worlds.get(name);
      if (!w) {
        w = pool.run({ kind: 'build', file }).then((built) => {
          types.set(name, built.weaponTypes);
          return adoptWorld(built.world);
        });
        // a failed build is tried again next time
        w.catch(() => worlds.delete(name));
        worlds.set(name, w);
      }
      return w;
    },
    weaponTypes: (name) => types.get(name) ?? {},
  };
}

/** A library of worlds already built (tests, embedded demos). */
export function worldLibrary(worlds: Readonly<Record<string, World>>): ScenarioLibrary {
  return {
    names: () => Object.keys(worlds).sort(),
    world: async (name) => (Object.hasOwn(worlds, name) ? worlds[name] : undefined),
    nations: () => [...new Set(Object.values(worlds).flatMap((w) => Object.keys(w.policy.nations)))].sort(),
  };
}
