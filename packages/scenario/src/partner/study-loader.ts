import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CoalitionPolicy } from '@golden-dome/core';
import { closestNames, UnknownNameError } from '../catalog/catalog.ts';
import { loadCostCatalog } from '../catalog/cost-catalog.ts';
import { loadDeflator } from '../catalog/deflator-catalog.ts';
import { loadSensorCatalog } from '../catalog/sensor-catalog.ts';
import { loadPolicies } from '../policy/policy-loader.ts';
import { mergeDefended } from '../scenario/defended-cities.ts';
import { type LocatedYaml, locatedIssues, locatedProblem, readLocatedYaml } from '../scenario/located-yaml.ts';
import { catalogChecks, type LoadedScenario, loadScenario, SCENARIO_DIR, scenarioFiles } from '../scenario/scenario-loader.ts';
import { InputError } from '../validated-yaml.ts';
import { type StudyChecks, type StudyFile, studySchema } from './study-schema.ts';

/** The partner studies shipped with the scenario package. */
export const STUDY_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'studies');

/** Policies written for the studies' options (illustrative), beside the library's policies/. */
export const STUDY_POLICY_DIR = join(STUDY_DIR, 'policies');

/** The library's policies and the studies' own (a name defined in both is an error). */
export function studyPolicies(): ReadonlyMap<string, CoalitionPolicy> {
  const out = new Map(loadPolicies());
  for (const [name, p] of loadPolicies(STUDY_POLICY_DIR)) {
    if (out.has(name))
      throw new InputError(join(STUDY_POLICY_DIR, `${name}.yaml`), [`policy '${name}' is also in the library's policies/`]);
    out.set(name, p);
  }
  return out;
}

/** A validated study: the file, each raid's loaded scenario, and each option's policy. */
export interface LoadedStudy {
  file: string;
  study: StudyFile;
  raids: Array<{ name: string; file: string; scenario: LoadedScenario }>;
  /** Option id → the coalition policy in force under it. */
  policies: ReadonlyMap<string, CoalitionPolicy>;
  yaml: LocatedYaml;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A raid name: a library scenario (no extension) or a path relative to the study file. */
export function raidFile(name: string, studyFile: string): string {
  if (/\.ya?ml$/.test(name)) return isAbsolute(name) ? name : resolve(dirname(studyFile), name);
  return join(SCENARIO_DIR, `${name}.yaml`);
}

/**
 * An option's policy as it applies to one raid: the scenario's own defended cities (its `defended`
 * section) join the policy's, as they do when the scenario runs alone (scenario-loader.ts).
 */
export function raidPolicy(policy: CoalitionPolicy, raid: LoadedScenario): CoalitionPolicy {
  return mergeDefended(policy, raid.scenario.defended);
}

export interface ParseStudyOptions {
  policies?: ReadonlyMap<string, CoalitionPolicy>;
}

/**
 * Parses a study: every problem (syntax, structure, unknown names with suggestions, raid scenarios that
 * do not load, raid targets an option's policy does not defend) is listed at once in one InputError
 * naming file, line, column and field.
 */
export function parseStudy(text: string, file: string, options: ParseStudyOptions = {}): LoadedStudy {
  const policies = options.policies ?? studyPolicies();
  const scenarioChecks = catalogChecks(policies);
  const costs = loadCostCatalog();
  const sensors = loadSensorCatalog();
  const scenarios = new Map<string, LoadedScenario | string>();
  const loadRaid = (name: string): LoadedScenario | string => {
    if (!scenarios.has(name)) {
      const f = raidFile(name, file);
      if (!existsSync(f)) {
        scenarios.set(
          name,
          /\.ya?ml$/.test(name)
            ? `no scenario file ${f}`
            : new UnknownNameError('scenario', name, closestNames(name, libraryNames())).message,
        );
      } else {
        try {
          scenarios.set(name, loadScenario(f, { policies }));
        } catch (e) {
          scenarios.set(name, `scenario ${basename(f)} does not load: ${message(e)}`);
        }
      }
    }
    return scenarios.get(name) as LoadedScenario | string;
  };
  const checks: StudyChecks = {
    scenario: (name) => {
      const r = loadRaid(name);
      return typeof r === 'string' ? r : undefined;
    },
    policy: scenarioChecks.policy,
    radar: scenarioChecks.radar,
    surfaceInterceptor: scenarioChecks.surfaceInterceptor,
    place: scenarioChecks.place,
    groundRadarType: (id) => {
      const e = sensors.get(id);
      if (!e)
        return new UnknownNameError(
          'sensor',
          id,
          closestNames(
            id,
            [...sensors.values()].filter((x) => x.kind === 'line-of-sight').map((x) => x.id),
          ),
        ).message;
      return e.kind === 'line-of-sight'
        ? undefined
        : `${id} is a ${e.kind} sensor: a hosted radar takes a line-of-sight radar's performance`;
    },
    newSensorId: (id) => (sensors.has(id) ? `'${id}' is a catalog sensor at its own site: give the hosted radar a new id` : undefined),
    costSystem: (id) => (costs.has(id) ? undefined : new UnknownNameError('cost system', id, closestNames(id, costs.keys())).message),
    nation: scenarioChecks.nation,
    dollarYear: (year) => {
      const d = loadDeflator();
      return d.index.levels.has(year)
        ? undefined
        : `the deflator table (${basename(d.file)}) has no index for ${year}: it covers ${Math.min(...d.index.levels.keys())}-${Math.max(...d.index.levels.keys())}`;
    },
  };
  const yaml = readLocatedYaml(text, file);
  const parsed = studySchema(checks).safeParse(yaml.data);
  if (!parsed.success) throw new InputError(file, locatedIssues(yaml, parsed.error.issues));
  const study = parsed.data;
  const problems: string[] = [];
  // every raid target must be a defended asset of every option's policy
  const optionPolicies = new Map<string, CoalitionPolicy>();
  study.options.forEach((o, i) => {
    const policy = policies.get(o.policy) as CoalitionPolicy;
    optionPolicies.set(o.id, policy);
    for (const r of study.raids) {
      const loaded = scenarios.get(r.scenario) as LoadedScenario;
      let merged: CoalitionPolicy;
      try {
        merged = raidPolicy(policy, loaded);
      } catch (e) {
        problems.push(
          locatedProblem(
            yaml,
            ['options', i, 'policy'],
            `raid ${r.scenario}'s defended cities do not merge into policy ${o.policy}: ${message(e)}`,
          ),
        );
        continue;
      }
      for (const m of loaded.request.raid) {
        if (!merged.defended.some((d) => d.id === m.target.id && d.nation === m.target.nation)) {
          problems.push(
            locatedProblem(
              yaml,
              ['options', i, 'policy'],
              `policy ${o.policy} does not defend ${m.target.nation}/${m.target.id}, the target of raid ${r.scenario} missile ${m.id}`,
            ),
          );
          break;
        }
      }
    }
  });
  if (problems.length > 0) throw new InputError(file, problems);
  const raids = study.raids.map((r) => ({
    name: r.scenario,
    file: raidFile(r.scenario, file),
    scenario: scenarios.get(r.scenario) as LoadedScenario,
  }));
  return { file, study, raids, policies: optionPolicies, yaml };
}

/** The library's scenario names (for "did you mean"). */
function libraryNames(): string[] {
  return scenarioFiles().map((f) => basename(f, '.yaml'));
}

/** Loads a study file (its `name` must match the file name). */
export function loadStudy(file: string, options: ParseStudyOptions = {}): LoadedStudy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, [`cannot read file (${(e as NodeJS.ErrnoException).code ?? message(e)})`]);
  }
  const loaded = parseStudy(text, file, options);
  if (loaded.study.name !== basename(file, '.yaml')) {
    throw new InputError(file, [
      locatedProblem(
        loaded.yaml,
        ['name'],
        `'${loaded.study.name}' must match the file name '${basename(file)}' (set name: ${basename(file, '.yaml')}, or rename the file to ${loaded.study.name}.yaml)`,
      ),
    ]);
  }
  return loaded;
}
