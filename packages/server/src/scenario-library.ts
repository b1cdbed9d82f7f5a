import { basename } from 'node:path';
import type { World } from '@golden-dome/core';
import { buildScenarioWorld, type LoadedScenario, loadScenario, scenarioFiles } from '@golden-dome/scenario';

/** The scenarios the server can run, by name, and their worlds (built once, then reused). */
export interface ScenarioLibrary {
  names(): string[];
  /** The world of a scenario; undefined for an unknown name. May take seconds the first time. */
  world(name: string): World | undefined;
  /** Battery id → interceptor type of a scenario, when known (shown in the picture). */
  weaponTypes?(name: string): Record<string, string>;
  /** The nations of the scenarios' coalition policies (the only nations demo mode accepts), sorted. */
  nations(): string[];
}

/** The shipped library (packages/scenario/scenarios), or the .yaml files of `dir`; worlds cached. */
export function fileScenarioLibrary(dir?: string): ScenarioLibrary {
  const files = new Map((dir === undefined ? scenarioFiles() : scenarioFiles(dir)).map((f) => [basename(f, '.yaml'), f]));
  const loaded = new Map<string, LoadedScenario>();
  const worlds = new Map<string, World>();
  const load = (name: string): LoadedScenario | undefined => {
    const file = files.get(name);
    if (file === undefined) return undefined;
    let l = loaded.get(name);
    if (!l) loaded.set(name, (l = loadScenario(file)));
    return l;
  };
  let nations: string[] | undefined;
  return {
    names: () => [...files.keys()],
    nations() {
      nations ??= [...new Set([...files.keys()].flatMap((name) => Object.keys(load(name)?.request.policy.nations ?? {})))].sort();
      return nations;
    },
    world(name) {
      const l = load(name);
      if (!l) return undefined;
      let w = worlds.get(name);
      if (!w) worlds.set(name, (w = buildScenarioWorld(l)));
      return w;
    },
    weaponTypes(name) {
      const request = load(name)?.request;
      return Object.fromEntries([...(request?.batteries ?? []), ...(request?.spaceLayers ?? [])].map((w) => [w.id, w.interceptor]));
    },
  };
}

/** A library of worlds already built (tests, embedded demos). */
export function worldLibrary(worlds: Readonly<Record<string, World>>): ScenarioLibrary {
  return {
    names: () => Object.keys(worlds).sort(),
    world: (name) => (Object.hasOwn(worlds, name) ? worlds[name] : undefined),
    nations: () => [...new Set(Object.values(worlds).flatMap((w) => Object.keys(w.policy.nations)))].sort(),
  };
}
