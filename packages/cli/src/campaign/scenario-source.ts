/**
 * Where `dome run` gets its world request from: the scenario package's YAML loader, `loadScenario(file)`
 * → `{ scenario, request }`, when that export exists. It is looked up at run time (the loader is being
 * written alongside this command), so this file compiles with or without it; a caller (or a test) may
 * pass its own `loadWorldRequest` instead.
 */
import * as scenarioPackage from '@golden-dome/scenario';
import type { WorldRequest } from '@golden-dome/scenario';
import { UsageError } from '../usage-error.ts';
import { resolveInputFile } from '../user-path.ts';

/** Monte Carlo settings a scenario may carry; flags override them. */
export interface MonteCarloSettings {
  trials?: number;
  seed?: number;
  workers?: number;
  ciHalfWidth?: number;
}

export interface LoadedScenario {
  request: WorldRequest;
  monteCarlo: MonteCarloSettings;
  /** Weapon id → interceptor type (from the request's batteries and space layers). */
  weaponTypes: Record<string, string>;
  /** The scenario as loaded (echoed into results.json when it is plain data). */
  scenario?: unknown;
}

export type LoadWorldRequest = (file: string) => LoadedScenario | Promise<LoadedScenario>;

/** Weapon id → interceptor type for a request. */
export function weaponTypesOf(request: WorldRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of request.batteries) out[b.id] = b.interceptor;
  for (const l of request.spaceLayers ?? []) out[l.id] = l.interceptor;
  return out;
}

const num = (o: Record<string, unknown> | undefined, ...keys: string[]): number | undefined => {
  for (const k of keys) if (typeof o?.[k] === 'number') return o[k] as number;
  return undefined;
};

/** Reads monte-carlo settings from a loaded scenario, whichever spelling the loader settles on. */
export function monteCarloOf(scenario: unknown): MonteCarloSettings {
  const s = (scenario ?? {}) as Record<string, unknown>;
  const mc = (s.monte_carlo ?? s.monteCarlo ?? {}) as Record<string, unknown>;
  return {
    trials: num(mc, 'trials'),
    seed: num(mc, 'seed') ?? num(s, 'seed'),
    workers: num(mc, 'workers'),
    ciHalfWidth: num(mc, 'confidence_halfwidth', 'ci_halfwidth', 'ciHalfWidth', 'ci_half_width'),
  };
}

/** The default source: '@golden-dome/scenario' loadScenario, when it exists. */
export const loadWorldRequestFromYaml: LoadWorldRequest = async (file) => {
  const loadScenario = (scenarioPackage as Record<string, unknown>).loadScenario as ((f: string) => unknown) | undefined;
  if (typeof loadScenario !== 'function') {
    throw new UsageError(`cannot read ${file}: this build has no scenario loader yet (@golden-dome/scenario loadScenario)`);
  }
  const loaded = (await loadScenario(file)) as { scenario?: unknown; request?: WorldRequest };
  if (!loaded || typeof loaded !== 'object' || !loaded.request) throw new Error('loadScenario returned no world request');
  return { request: loaded.request, scenario: loaded.scenario, monteCarlo: monteCarloOf(loaded.scenario), weaponTypes: weaponTypesOf(loaded.request) };
};

/** A scenario argument (a path from where the user stands, or a library name) → its file (user-path.ts). */
export function scenarioFileArg(arg: string): string {
  return resolveInputFile(arg, { kind: 'scenario', dir: scenarioPackage.SCENARIO_DIR });
}
