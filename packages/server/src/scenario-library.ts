import { basename } from 'node:path';
import type { World } from '@golden-dome/core';
import { buildScenarioWorld, loadScenario, scenarioFiles } from '@golden-dome/scenario';

/** The scenarios the server can run, by name, and their worlds (built once, then reused). */
export interface ScenarioLibrary {
  names(): string[];
  /** The world of a scenario; undefined for an unknown name. May take seconds the first time. */
  world(name: string): World | undefined;
}

/** The shipped library (packages/scenario/scenarios), or the .yaml files of `dir`; worlds cached. */
export function fileScenarioLibrary(dir?: string): ScenarioLibrary {
  const files = new Map((dir === undefined ? scenarioFiles() : scenarioFiles(dir)).map((f) => [basename(f, '.yaml'), f]));
  const worlds = new Map<string, World>();
  return {
    names: () => [...files.keys()],
    world(name) {
      const file = files.get(name);
      if (file === undefined) return undefined;
      let w = worlds.get(name);
      if (!w) worlds.set(name, (w = buildScenarioWorld(loadScenario(file))));
      return w;
    },
  };
}

/** A library of worlds already built (tests, embedded demos). */
export function worldLibrary(worlds: Readonly<Record<string, World>>): ScenarioLibrary {
  return { names: () => Object.keys(worlds).sort(), world: (name) => (Object.hasOwn(worlds, name) ? worlds[name] : undefined) };
}
