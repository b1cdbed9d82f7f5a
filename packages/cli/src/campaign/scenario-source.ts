/**
 * Where `dome run` gets its world request from: the scenario package's one loader, `loadScenario(file)`,
 * the same as every other caller (the server's library, the trial pool's world builds, `dome sweep`);
 * the world is then built by `buildScenarioWorld`, which points a build error at its raid entry. A
 * caller (or a test) may pass its own `loadWorldRequest` instead.
 */
import { type LoadedScenario as ScenarioFile, loadScenario, SCENARIO_DIR, type WorldRequest } from '@golden-dome/scenario';
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
  /** The file as the scenario package loaded it (buildScenarioWorld locates build errors with it). */
  source?: ScenarioFile;
}

export type LoadWorldRequest = (file: string) => LoadedScenario | Promise<LoadedScenario>;

/** Weapon id → interceptor type for a request. */
export function weaponTypesOf(request: WorldRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of request.batteries) out[b.id] = b.interceptor;
  for (const l of request.spaceLayers ?? []) out[l.id] = l.interceptor;
  // the air layer: a fighter sortie `<base>#<k>` counts as its aircraft type, a ground battery as its system
  for (const f of request.fighters ?? []) out[f.id] = f.type;
  for (const b of request.airDefense ?? []) out[b.id] = b.system;
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

/** The default source: the scenario package's loadScenario (a bad file is an InputError naming file, line and field). */
export const loadWorldRequestFromYaml: LoadWorldRequest = (file) => {
  const source = loadScenario(file);
  return {
    request: source.request,
    scenario: source.scenario,
    monteCarlo: monteCarloOf(source.scenario),
    weaponTypes: weaponTypesOf(source.request),
    source,
  };
};

/** A scenario argument (a path from where the user stands, or a library name) → its file (user-path.ts). */
export function scenarioFileArg(arg: string): string {
  return resolveInputFile(arg, { kind: 'scenario', dir: SCENARIO_DIR });
}
