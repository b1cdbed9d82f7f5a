import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CoalitionPolicy, type TrajectoryShape, type World } from '@golden-dome/core';
import { z } from 'zod';
import { loadCatalog, suggestNames, UnknownNameError } from '../catalog/catalog.ts';
import { loadInterceptorCatalog } from '../catalog/interceptor-catalog.ts';
import { loadSensorCatalog } from '../catalog/sensor-catalog.ts';
import { PlaceError, resolvePlace } from '../places.ts';
import { loadPolicies } from '../policy/policy-loader.ts';
import { InputError } from '../validated-yaml.ts';
import {
  type BomberSortie,
  buildWorld,
  type BuildWorldOptions,
  type RaidMissile,
  WorldError,
  type WorldRequest,
} from '../world/build-world.ts';
import { mergeDefended, resolveDefendedEntries } from './defended-cities.ts';
import { type LocatedYaml, locatedIssues, locatedProblem, readLocatedYaml } from './located-yaml.ts';
import { expandedIds, type Scenario, type ScenarioChecks, scenarioSchema } from './scenario-schema.ts';

/** The scenario library shipped with the scenario package. */
export const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios');
export const SCENARIO_JSON_SCHEMA_FILE = join(SCENARIO_DIR, 'scenario.schema.json');

/** A validated scenario, its WorldRequest (SI, names resolved), and where each of its values came from. */
export interface LoadedScenario {
  file: string;
  scenario: Scenario;
  request: WorldRequest;
  /** Raid entry index of every expanded missile id, to point a build error at its line. */
  raidEntryOf: ReadonlyMap<string, number>;
  yaml: LocatedYaml;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The name checks against the shipped catalogs, places and policies ("did you mean" included). */
export function catalogChecks(policies: ReadonlyMap<string, CoalitionPolicy> = loadPolicies()): ScenarioChecks {
  const catalog = loadCatalog();
  const sensors = loadSensorCatalog();
  const interceptors = loadInterceptorCatalog();
  const unknown = (kind: string, name: string, known: Iterable<string>): string =>
    new UnknownNameError(kind, name, suggestNames(name, known)).message;
  const places = new Map<string, string | undefined>();
  return {
    policy: (name) => (policies.has(name) ? undefined : unknown('policy', name, policies.keys())),
    threat(id) {
      const e = catalog.threats.get(id);
      if (!e) return unknown('threat type', id, catalog.threats.keys());
      return undefined;
    },
    radar(id) {
      const e = sensors.get(id);
      if (!e) return unknown('sensor', id, sensors.keys());
      if (e.kind === 'space-infrared') return `${id} is a space-infrared sensor, not a ground radar (list it under space_sensors)`;
      return undefined;
    },
    mobileRadar(id) {
      const e = sensors.get(id);
      if (!e || e.kind === 'space-infrared') return undefined; // reported under radars
      if (e.kind !== 'line-of-sight' || !e.mobile)
        return `${id} is a fixed radar: only a mobile one (its catalog entry says mobile, e.g. sbx) can be stationed`;
      return undefined;
    },
    spaceSensor(id) {
      const e = sensors.get(id);
      if (!e)
        return unknown(
          'sensor',
          id,
          [...sensors.values()].filter((x) => x.kind === 'space-infrared').map((x) => x.id),
        );
      if (e.kind !== 'space-infrared') return `${id} is a ground radar (${e.kind}), not a space infrared sensor (list it under radars)`;
      return undefined;
    },
    surfaceInterceptor(id) {
      const e = interceptors.get(id);
      if (!e)
        return unknown(
          'interceptor',
          id,
          [...interceptors.values()].filter((x) => x.kind === 'surface').map((x) => x.id),
        );
      return e.kind === 'surface'
        ? undefined
        : `${id} is a ${e.kind} interceptor: a battery needs a surface-launched one (a space layer takes ${id})`;
    },
    spaceInterceptor(id) {
      const e = interceptors.get(id);
      if (!e)
        return unknown(
          'interceptor',
          id,
          [...interceptors.values()].filter((x) => x.kind === 'space-based').map((x) => x.id),
        );
      return e.kind === 'space-based' ? undefined : `${id} is a ${e.kind} interceptor: a space layer needs a space-based one`;
    },
    place(text) {
      if (!places.has(text)) {
        try {
          resolvePlace(text, catalog);
          places.set(text, undefined);
        } catch (e) {
          if (!(e instanceof PlaceError || e instanceof UnknownNameError)) throw e;
          places.set(text, e.message);
        }
      }
      return places.get(text);
    },
    defended(policyName, id, nation) {
      const policy = policies.get(policyName);
      if (!policy) return undefined;
      const found = policy.defended.filter((d) => d.id === id);
      if (found.length === 0)
        return `${unknown(
          'defended asset',
          id,
          policy.defended.map((d) => d.id),
        )} in policy ${policyName}`;
      if (nation !== undefined && !found.some((d) => d.nation === nation))
        return `defended asset '${id}' of policy ${policyName} belongs to ${found.map((d) => d.nation).join(', ')}, not ${nation}`;
      if (nation === undefined && found.length > 1)
        return `defended asset '${id}' is listed for several nations (${found.map((d) => d.nation).join(', ')}): add target.nation`;
      return undefined;
    },
    defendedCities(policyName, entries) {
      const policy = policies.get(policyName);
      if (!policy) return { added: [], problems: [] };
      const r = resolveDefendedEntries(entries, policy, catalog);
      return { added: r.assets.map((a) => ({ id: a.asset.id, nation: a.asset.nation })), problems: r.problems };
    },
    nation: (policyName, code) => {
      const policy = policies.get(policyName);
      return !policy || code in policy.nations
        ? undefined
        : `nation ${code} is not in policy ${policyName} (${Object.keys(policy.nations).join(', ')})`;
    },
  };
}

/** A valid scenario in SI: salvos expanded, degrees and kilometres converted, the policy resolved by name. */
export function scenarioWorldRequest(s: Scenario, policyFile: CoalitionPolicy): WorldRequest {
  const policy = mergeDefended(policyFile, s.defended); // the scenario's defended cities join the policy's
  const nationOf = (id: string): string => policy.defended.find((d) => d.id === id)?.nation ?? '';
  const raid: RaidMissile[] = s.raid.flatMap((r) => {
    const shape: TrajectoryShape =
      r.trajectory === 'min-energy'
        ? { kind: 'min-energy' }
        : { kind: r.trajectory, ...(r.apogee_km !== undefined ? { apogeeAltitude: r.apogee_km * 1000 } : {}) };
    return expandedIds(r).map((id, k) => ({
      id,
      type: r.type,
      from: r.from,
      to: r.to,
      target: { id: r.target.id, nation: r.target.nation ?? nationOf(r.target.id) },
      launchTime: r.launch_time_s + k * r.spacing_s,
      shape,
      ...(r.approach ? { approach: r.approach } : {}),
      ...(r.waypoints ? { waypoints: [...r.waypoints] } : {}),
    }));
  });
  const bombers: BomberSortie[] = s.bombers.map((b) => ({
    id: b.id,
    type: b.type,
    from: b.from,
    launchArea: b.launch_area,
    takeoffTime: b.takeoff_time_s,
    ...(b.waypoints ? { waypoints: [...b.waypoints] } : {}),
    weapons: b.weapons.map((w) => ({
      id: w.id,
      to: w.to,
      target: { id: w.target.id, nation: w.target.nation ?? nationOf(w.target.id) },
      ...(w.waypoints ? { waypoints: [...w.waypoints] } : {}),
    })),
  }));
  const a = s.architecture;
  const d = s.doctrine;
  return {
    epoch: s.epoch,
    policy,
    raid,
    ...(bombers.length > 0 ? { bombers } : {}),
    radars: [...a.radars],
    ...(a.radar_stations.length > 0
      ? {
          radarStations: a.radar_stations.map((st) => ({
            radar: st.radar,
            at: st.at,
            ...(st.boresight_azimuth_deg !== undefined ? { boresightAzimuthDeg: st.boresight_azimuth_deg } : {}),
          })),
        }
      : {}),
    ...(a.space_sensors.length > 0 ? { spaceSensors: [...a.space_sensors] } : {}),
    batteries: a.batteries.map((b) => ({
      id: b.id,
      interceptor: b.interceptor,
      at: b.at,
      owner: b.owner,
      assetClass: b.class,
      inventory: b.inventory,
      ...(b.radar ? { radar: { sensor: b.radar.sensor, facingDeg: b.radar.facing_deg } } : {}),
    })),
    spaceLayers: a.space_layers.map((l) => ({
      id: l.id,
      interceptor: l.interceptor,
      owner: l.owner,
      assetClass: l.class,
      altitudeKm: l.altitude_km,
      inclinationDeg: l.inclination_deg,
      planes: l.planes,
      perPlane: l.per_plane,
      phasing: l.phasing,
      singleShotPk: l.single_shot_pk,
    })),
    ...(a.fighters.length > 0
      ? {
          fighters: a.fighters.map((f) => ({
            id: f.id,
            type: f.type,
            at: f.at,
            owner: f.owner,
            assetClass: f.class,
            alert: f.alert,
            tanker: f.tanker,
          })),
        }
      : {}),
    ...(a.air_defense.length > 0
      ? {
          airDefense: a.air_defense.map((b) => ({
            id: b.id,
            system: b.system,
            at: b.at,
            owner: b.owner,
            assetClass: b.class,
            ...(b.rounds !== undefined ? { rounds: b.rounds } : {}),
          })),
        }
      : {}),
    ...(d
      ? {
          doctrine: {
            shotsPerThreat: d.shots_per_threat,
            shootLookShoot: d.shoot_look_shoot,
            killAssessmentDelay: d.kill_assessment_delay_s,
            reserveFraction: d.reserve_fraction,
            ...(d.layer_order ? { layerOrder: d.layer_order } : {}),
          },
        }
      : {}),
    detectionsToCommit: s.detections_to_commit,
    ...(s.planning_nations ? { planningNations: s.planning_nations } : {}),
    ...(s.object_rcs_m2 !== undefined ? { objectRcs: s.object_rcs_m2 } : {}),
    tracks: s.tracks,
    ...(s.live_command ? { approvalTimeout: { after: s.live_command.timeout_s, then: s.live_command.on_timeout } } : {}),
    ...(s.tracker
      ? {
          tracker: {
            ...(s.tracker.update_interval_s !== undefined ? { updateInterval: s.tracker.update_interval_s } : {}),
            ...(s.tracker.label_interval_s !== undefined ? { labelInterval: s.tracker.label_interval_s } : {}),
            ...(s.tracker.prior_warhead !== undefined ? { priorWarhead: s.tracker.prior_warhead } : {}),
            ...(s.tracker.commit_acquisition !== undefined ? { commitAcquisition: s.tracker.commit_acquisition } : {}),
            ...(s.tracker.engage_warhead_probability !== undefined
              ? { engageWarheadProbability: s.tracker.engage_warhead_probability }
              : {}),
            ...(s.tracker.discrimination_wait_s !== undefined ? { discriminationWait: s.tracker.discrimination_wait_s } : {}),
            ...(s.tracker.terminal_wait !== undefined ? { terminalWait: s.tracker.terminal_wait } : {}),
            ...(s.tracker.drag_cue === false
              ? { dragCue: null }
              : s.tracker.drag_cue
                ? {
                    dragCue: {
                      warhead: { beta: s.tracker.drag_cue.warhead.beta_kg_m2, logSigma: s.tracker.drag_cue.warhead.log_sigma },
                      decoy: { beta: s.tracker.drag_cue.decoy.beta_kg_m2, logSigma: s.tracker.drag_cue.decoy.log_sigma },
                      ...(s.tracker.drag_cue.density_log_sigma !== undefined
                        ? { densityLogSigma: s.tracker.drag_cue.density_log_sigma }
                        : {}),
                    },
                  }
                : {}),
          },
        }
      : {}),
  };
}

export interface ParseScenarioOptions {
  /** The name the file must declare (loadScenario: the file name without .yaml). */
  expectName?: string;
  policies?: ReadonlyMap<string, CoalitionPolicy>;
}

/**
 * Parses scenario YAML text: every problem (syntax, structure, limits, unknown names with suggestions,
 * targets not defended by the policy) is listed at once in one InputError naming file, line, column and field.
 */
export function parseScenario(text: string, file: string, options: ParseScenarioOptions = {}): LoadedScenario {
  const policies = options.policies ?? loadPolicies();
  const yaml = readLocatedYaml(text, file);
  const parsed = scenarioSchema(catalogChecks(policies)).safeParse(yaml.data);
  const problems = parsed.success ? [] : locatedIssues(yaml, parsed.error.issues);
  const data = yaml.data as { name?: unknown } | null;
  if (options.expectName !== undefined && typeof data?.name === 'string' && data.name !== options.expectName) {
    problems.push(
      locatedProblem(
        yaml,
        ['name'],
        `'${data.name}' must match the file name '${options.expectName}.yaml' (set name: ${options.expectName}, or rename the file to ${data.name}.yaml)`,
      ),
    );
  }
  if (!parsed.success || problems.length > 0) throw new InputError(file, problems);
  const scenario = parsed.data;
  const policy = policies.get(scenario.policy) as CoalitionPolicy; // checked by the schema
  const raidEntryOf = new Map<string, number>();
  scenario.raid.forEach((r, i) => {
    for (const id of expandedIds(r)) raidEntryOf.set(id, i);
  });
  return { file, scenario, request: scenarioWorldRequest(scenario, policy), raidEntryOf, yaml };
}

/** Loads a scenario file; its `name` must match the file name. */
export function loadScenario(file: string, options: Omit<ParseScenarioOptions, 'expectName'> = {}): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, [`cannot read file (${(e as NodeJS.ErrnoException).code ?? message(e)})`]);
  }
  return parseScenario(text, file, { ...options, expectName: basename(file, '.yaml') });
}

/**
 * Builds the World of a loaded scenario (flies every missile: ~0.5-1.5 s each). A missile the engine
 * cannot aim (out of range, too close for its shape) is reported as an InputError at its raid entry.
 */
export function buildScenarioWorld(loaded: LoadedScenario, options: BuildWorldOptions = {}): World {
  try {
    return buildWorld(loaded.request, options);
  } catch (e) {
    if (!(e instanceof WorldError)) throw e;
    const m = /^raid missile (\S+)/.exec(e.message);
    const index = m ? loaded.raidEntryOf.get(m[1]) : undefined;
    if (index !== undefined) throw new InputError(loaded.file, [locatedProblem(loaded.yaml, ['raid', index], e.message)]);
    // an air-layer entry's problem, at its architecture entry
    const air = /^(fighters|air defense) (\S+?)[:,]/.exec(e.message);
    if (air) {
      const key = air[1] === 'fighters' ? 'fighters' : 'air_defense';
      const i = (loaded.scenario.architecture[key] as ReadonlyArray<{ id: string }>).findIndex((x) => x.id === air[2]);
      if (i >= 0) throw new InputError(loaded.file, [locatedProblem(loaded.yaml, ['architecture', key, i], e.message)]);
    }
    // a bomber's own problem, or one of the missiles it releases, at its bombers entry
    const b = /^(?:bomber (\S+?):?|raid missile (\S+)) /.exec(e.message);
    const sortie = loaded.scenario.bombers.findIndex((x) => x.id === b?.[1] || x.weapons.some((w) => w.id === b?.[2]));
    throw new InputError(loaded.file, [sortie < 0 ? e.message : locatedProblem(loaded.yaml, ['bombers', sortie], e.message)]);
  }
}

/** The scenario files of a directory (the library by default), sorted. */
export function scenarioFiles(dir = SCENARIO_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

/** JSON Schema of a scenario file, generated from the zod schema (what an editor accepts as input). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema(), { io: 'input', target: 'draft-7' }),
    title: 'Golden Dome scenario',
    description:
      'A Golden Dome scenario file (packages/scenario/scenarios). Generated from scenario-schema.ts: do not edit by hand; regenerate with `npx tsx packages/scenario/src/scenario/write-scenario-json-schema.ts`.',
  };
}

/** The text of scenario.schema.json as committed (stable key order, trailing newline). */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
