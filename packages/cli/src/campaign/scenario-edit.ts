/**
 * `path=value` edits of a scenario file, for `dome sweep --vary`: `architecture.space_layers.0.per_plane=10,20,40`,
 * `raid.0.count=1,2,4`, `architecture.batteries.0.inventory=4,8,16`.
 *
 * An edit is applied to the file's parsed YAML (not to the validated scenario, whose defaults are filled
 * in), and the edited data is validated again by the scenario package's own schema and name checks, so a
 * value the loader would refuse is refused here with the loader's message, located at the line and
 * column of the field in the original file. A path that leads nowhere is a UsageError naming the path.
 */
import {
  type BuildWorldOptions,
  buildScenarioWorld,
  catalogChecks,
  expandedIds,
  InputError,
  type LoadedScenario as ScenarioFile,
  loadPolicies,
  loadScenario,
  locatedIssues,
  scenarioSchema,
  scenarioWorldRequest,
} from '@golden-dome/scenario';
import type { CoalitionPolicy, World } from '@golden-dome/core';
import { UsageError } from '../usage-error.ts';
import { type LoadedScenario, monteCarloOf, weaponTypesOf } from './scenario-source.ts';

/** The most values one `--vary` may list (each is a full campaign). */
export const MAX_SWEEP_VALUES = 20;
/** The most `--vary` fields in one sweep (two give a grid of every combination). */
export const MAX_SWEEP_FIELDS = 2;
/** The most combinations a grid may have (each is a full campaign). */
export const MAX_GRID_POINTS = 60;

export type EditValue = number | string | boolean;

/** A parsed `--vary PATH=v1,v2,…`. */
export interface Vary {
  /** As the user wrote it. */
  path: string;
  /** Object keys and list indices. */
  keys: Array<string | number>;
  values: EditValue[];
  /** The kind of the field in the file: numbers unless the field holds a string or a boolean. */
  kind: 'number' | 'string' | 'boolean';
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `architecture.batteries.0.inventory` (or `architecture.batteries[0].inventory`) → keys. */
export function parsePath(path: string): Array<string | number> {
  const text = path.trim().replace(/\[(\d+)\]/g, '.$1');
  if (text === '' || text.split('.').some((k) => k === ''))
    throw new UsageError(`--vary ${path}: a path is field names and list indices joined by dots, e.g. architecture.batteries.0.inventory`);
  return text.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/** What the path points at in the file's data; a path that leads nowhere is a UsageError naming the step that fails. */
export function resolvePath(
  data: unknown,
  keys: ReadonlyArray<string | number>,
  path: string,
  file: string,
): { parent: Record<string, unknown> | unknown[]; key: string | number; current: unknown } {
  let node: unknown = data;
  const walked: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const here = walked.length > 0 ? walked.join('.') : 'the top level';
    const last = i === keys.length - 1;
    if (Array.isArray(node)) {
      if (typeof k !== 'number')
        throw new UsageError(`--vary ${path}: ${here} is a list; follow it with an index 0…${node.length - 1}, not '${k}'`);
      if (k >= node.length)
        throw new UsageError(
          `--vary ${path}: ${here} has ${node.length} entr${node.length === 1 ? 'y' : 'ies'} (indices 0…${node.length - 1}), no ${k} in ${file}`,
        );
      if (last) return { parent: node, key: k, current: node[k] };
      node = node[k];
    } else if (isRecord(node)) {
      if (typeof k === 'number' || (!(k in node) && !last)) {
        const known = Object.keys(node);
        throw new UsageError(
          `--vary ${path}: no field '${k}' under ${here} in ${file}${known.length > 0 ? ` (it has: ${known.join(', ')})` : ''}`,
        );
      }
      if (last) return { parent: node, key: k, current: node[k] };
      node = node[k];
    } else {
      throw new UsageError(`--vary ${path}: ${here} is a single value, it has no field '${k}'`);
    }
    walked.push(String(k));
  }
  throw new UsageError(`--vary ${path}: name a field to vary`);
}

/**
 * Parses `PATH=v1,v2,…` against a scenario file's data: the path must lead to a value (or to a field
 * its section may hold but the file leaves at its default, such as raid.0.count); values are numbers
 * unless the field in the file is a string (or a boolean); at most MAX_SWEEP_VALUES of them, no repeats.
 */
export function parseVary(spec: string, data: unknown, file: string): Vary {
  const eq = spec.indexOf('=');
  if (eq < 0) throw new UsageError(`--vary ${spec}: expected PATH=v1,v2,… (e.g. architecture.batteries.0.inventory=4,8,16)`);
  const path = spec.slice(0, eq).trim();
  if (path === '') throw new UsageError(`--vary ${spec}: name a field before '=' (e.g. architecture.batteries.0.inventory=4,8,16)`);
  const keys = parsePath(path);
  const { current } = resolvePath(data, keys, path, file);
  if (Array.isArray(current) || isRecord(current)) {
    throw new UsageError(
      `--vary ${path}: is a ${Array.isArray(current) ? 'list' : 'section'}, not a single value; name a field inside it (e.g. ${path}.${Array.isArray(current) ? '0.' : ''}…)`,
    );
  }
  const kind = typeof current === 'string' ? 'string' : typeof current === 'boolean' ? 'boolean' : 'number';
  const texts = spec
    .slice(eq + 1)
    .split(',')
    .map((s) => s.trim());
  if (texts.length === 1 && texts[0] === '') throw new UsageError(`--vary ${path}: no values after '='`);
  if (texts.some((t) => t === '')) throw new UsageError(`--vary ${path}: an empty value in '${spec.slice(eq + 1)}'`);
  if (texts.length > MAX_SWEEP_VALUES)
    throw new UsageError(`--vary ${path}: ${texts.length} values, at most ${MAX_SWEEP_VALUES} (each value is a full campaign)`);
  const values = texts.map((t): EditValue => {
    if (kind === 'string') return t;
    if (kind === 'boolean') {
      if (t !== 'true' && t !== 'false') throw new UsageError(`--vary ${path}: the field is true or false, got '${t}'`);
      return t === 'true';
    }
    const v = Number(t);
    if (!Number.isFinite(v))
      throw new UsageError(
        `--vary ${path}: values must be numbers${current === undefined ? '' : ` (the file has ${JSON.stringify(current)})`}, got '${t}'`,
      );
    return v;
  });
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(String(v))) throw new UsageError(`--vary ${path}: the value ${String(v)} is listed twice`);
    seen.add(String(v));
  }
  return { path, keys, values, kind };
}

/** A scenario file read once, to be edited and validated again for each value. */
export interface ScenarioBase {
  file: string;
  loaded: ScenarioFile;
  policies: ReadonlyMap<string, CoalitionPolicy>;
}

/** Reads and validates a scenario file with the scenario package's loader (its located errors on failure). */
export function readScenarioBase(file: string): ScenarioBase {
  const policies = loadPolicies();
  return { file, loaded: loadScenario(file, { policies }), policies };
}

/**
 * The scenario with `keys` set to `value`, validated again by the loader's schema and name checks. A
 * refused value is an InputError naming the file, the line and column of the field and the rule, with
 * the edit said first (`with architecture.batteries.0.inventory=-1: …`).
 */
export function editScenario(
  base: ScenarioBase,
  keys: ReadonlyArray<string | number>,
  value: EditValue,
  path = keys.join('.'),
): ScenarioFile {
  return editScenarioFields(base, [{ keys, value, path }]);
}

/** One field set to one value. */
export interface FieldEdit {
  keys: ReadonlyArray<string | number>;
  value: EditValue;
  path?: string;
}

/**
 * The scenario with several fields set at once (a grid point of `dome sweep --vary A=… --vary B=…`),
 * validated again; a refused combination is an InputError saying the edits first (`with A=1, B=2: …`).
 */
export function editScenarioFields(base: ScenarioBase, edits: readonly FieldEdit[]): ScenarioFile {
  const { yaml } = base.loaded;
  const data = structuredClone(yaml.data);
  for (const e of edits) {
    const path = e.path ?? e.keys.join('.');
    const { parent, key } = resolvePath(data, e.keys, path, base.file);
    (parent as Record<string | number, unknown>)[key] = e.value;
  }
  const label = edits.map((e) => `${e.path ?? e.keys.join('.')}=${String(e.value)}`).join(', ');
  const parsed = scenarioSchema(catalogChecks(base.policies)).safeParse(data);
  if (!parsed.success) {
    throw new InputError(
      base.file,
      locatedIssues(yaml, parsed.error.issues).map((p) => `with ${label}: ${p}`),
    );
  }
  const scenario = parsed.data;
  const policy = base.policies.get(scenario.policy) as CoalitionPolicy; // checked by the schema
  const raidEntryOf = new Map<string, number>();
  scenario.raid.forEach((r, i) => {
    for (const id of expandedIds(r)) raidEntryOf.set(id, i);
  });
  return { file: base.file, scenario, request: scenarioWorldRequest(scenario, policy), raidEntryOf, yaml };
}

/**
 * Parses one or two `--vary` flags: each as parseVary, no field twice, at most MAX_GRID_POINTS
 * combinations. Returns the fields and every combination (the first field outermost).
 */
export function parseGrid(specs: readonly string[], data: unknown, file: string): { fields: Vary[]; combinations: EditValue[][] } {
  if (specs.length === 0) throw new UsageError('--vary PATH=v1,v2,… is required');
  if (specs.length > MAX_SWEEP_FIELDS)
    throw new UsageError(`${specs.length} --vary fields: at most ${MAX_SWEEP_FIELDS} per sweep (two give a grid of every combination)`);
  const fields = specs.map((s) => parseVary(s, data, file));
  const paths = fields.map((f) => f.keys.join('.'));
  if (new Set(paths).size < paths.length) throw new UsageError(`--vary ${fields[0].path} is given twice: vary two different fields`);
  const total = fields.reduce((n, f) => n * f.values.length, 1);
  if (total > MAX_GRID_POINTS) {
    throw new UsageError(
      `--vary ${fields.map((f) => `${f.path} (${f.values.length})`).join(' x ')}: ${total} combinations, at most ${MAX_GRID_POINTS} (each is a full campaign)`,
    );
  }
  let combinations: EditValue[][] = [[]];
  for (const f of fields) combinations = combinations.flatMap((c) => f.values.map((v) => [...c, v]));
  return { fields, combinations };
}

/** A scenario as `dome run` and the campaign runner take it. */
export function campaignScenario(s: ScenarioFile): LoadedScenario {
  return { request: s.request, scenario: s.scenario, monteCarlo: monteCarloOf(s.scenario), weaponTypes: weaponTypesOf(s.request) };
}

/** Builds the world of a (possibly edited) scenario; an unflyable missile is an InputError at its raid entry. */
export function scenarioWorld(s: ScenarioFile, edit?: string, options: BuildWorldOptions = {}): World {
  try {
    return buildScenarioWorld(s, options);
  } catch (e) {
    if (e instanceof InputError && edit)
      throw new InputError(
        e.file,
        e.problems.map((p) => `with ${edit}: ${p}`),
      );
    throw e;
  }
}
