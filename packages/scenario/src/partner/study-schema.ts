import { z } from 'zod';
import { idField, named, nationCodeField, seedField } from '../schema-fields.ts';
import { sourced } from '../catalog/sourced.ts';

/**
 * A partner study file (studies/*.yaml): a partner nation, the coalition members, the reference raids
 * (scenarios of the library), and the partner's participation options, each an overlay on every raid:
 * a coalition policy (sharing, approvals, defended priorities) and architecture additions (radars,
 * batteries on the partner's soil, partner-owned interceptors), with what the partner contributes and
 * what it controls written out, and sources. Economic inputs (GDP, population) and the cost model's
 * systems give the cost shares. Units are in the field names (_usd, _s).
 *
 * `studySchema()` checks structure; `studySchema(checks)` also checks every name (scenarios, policies,
 * sensors, interceptors, places, cost systems, nations) at its own line. study-loader.ts does the rest.
 */

/** Sizes a study may not exceed, each with its reason in the message that enforces it. */
export const STUDY_LIMITS = Object.freeze({
  raids: 20,
  options: 12,
  /** A study runs options x raids x (up to 3 approval variants) campaigns. */
  trials: 100_000,
  additions: 50,
  /** Points of an approval-delay sweep: each is one more run of every option that asks for approval, per raid. */
  sweepPoints: 12,
  /** Longest approval delay a sweep may ask for [s] (an hour; a withheld approval is its own lever). */
  sweepDelayS: 3600,
  /** Removal levers per option. */
  removals: 6,
});

/** Checks an approval-delay sweep (the study's `approval_sweep_s` or `--approval-delays`): a problem, or undefined. */
export function approvalSweepProblem(delays: readonly number[]): string | undefined {
  if (delays.length === 0) return 'name at least one delay';
  if (delays.length > STUDY_LIMITS.sweepPoints)
    return `at most ${STUDY_LIMITS.sweepPoints} delays (each is one more run of every option that asks for approval, per raid), got ${delays.length}`;
  for (const d of delays) {
    if (!Number.isFinite(d)) return `a delay is a number of seconds, got '${d}'`;
    if (d < 0 || d > STUDY_LIMITS.sweepDelayS) return `a delay is between 0 and ${STUDY_LIMITS.sweepDelayS} s, got ${d}`;
  }
  if (new Set(delays).size !== delays.length) return `a delay is listed twice (${delays.join(', ')})`;
  return undefined;
}

/** Name checks supplied by the loader: each returns a problem, or undefined when the name is good. */
export interface StudyChecks {
  scenario(name: string): string | undefined;
  policy(name: string): string | undefined;
  radar(id: string): string | undefined;
  surfaceInterceptor(id: string): string | undefined;
  place(text: string): string | undefined;
  /** A catalog line-of-sight radar that can be placed at a new site. */
  groundRadarType(id: string): string | undefined;
  /** An id free for a new sensor (not a catalog sensor's). */
  newSensorId(id: string): string | undefined;
  costSystem(id: string): string | undefined;
  /** A nation the policy declares. */
  nation(policy: string, code: string): string | undefined;
  /** A dollar year the deflator table can convert (catalog/deflators). */
  dollarYear?(year: number): string | undefined;
}

const id = idField;
const nationCode = nationCodeField;
const text = z.string().min(1).max(2000);
const source = z.string().min(8, 'cite a source (title/outlet and URL, or "derived: ..." / "model choice: ...")').max(2000);
const seed = seedField;

/** A sourced figure for a given year. */
const yearFigure = sourced
  .extend({ year: z.number().int().min(1900).max(2100) })
  .strict()
  .refine((s) => s.value > 0, { message: 'must be positive', path: ['value'] });

export function studySchema(checks?: StudyChecks) {
  /** The year whose dollars an amount is in: required, and convertible to the constant dollar year. */
  const dollarYear = z
    .number()
    .int('a dollar year is a calendar year')
    .min(1950)
    .max(2100)
    .describe('the year whose US dollars the amount is in (converted to the constant dollar year by the US GDP price index)')
    .superRefine((y, ctx) => {
      const problem = checks?.dollarYear?.(y);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

  const battery = z
    .object({
      id,
      interceptor: z.string().min(1).describe('surface interceptor catalog id, e.g. ngi').superRefine(named(checks?.surfaceInterceptor)),
      at: z.string().min(1).max(200).describe('site: a catalog site id, a city or "LAT,LON" in degrees').superRefine(named(checks?.place)),
      site_name: z.string().max(200).optional(),
      owner: nationCode,
      class: z.string().min(1).describe('asset class for national policy, e.g. midcourse'),
      inventory: z
        .number()
        .int('inventory is a whole number of interceptors')
        .min(0)
        .max(10_000, 'inventory above 10,000 rounds per battery'),
      cost_system: z
        .string()
        .min(1)
        .superRefine(named(checks?.costSystem))
        .optional()
        .describe('cost catalog id pricing its rounds over the horizon (count = inventory)'),
      source: source.describe('why this site and size: a source, or "model choice: ..." (notional sites are labelled)'),
    })
    .strict();

  const hostedRadar = z
    .object({
      id: id.describe('a new sensor id for this radar').superRefine(named(checks?.newSensorId)),
      type: z
        .string()
        .min(1)
        .describe('catalog line-of-sight radar whose performance it has, e.g. uewr-pituffik')
        .superRefine(named(checks?.groundRadarType)),
      at: z.string().min(1).max(200).describe('site: a catalog site id, a city or "LAT,LON" in degrees').superRefine(named(checks?.place)),
      site_name: z.string().max(200).optional(),
      owner: nationCode,
      class: z.string().min(1).describe('sensor class for sharing rules, e.g. early-warning'),
      faces_azimuth_deg: z
        .array(z.number().min(0, 'an azimuth is 0-360 degrees').max(360, 'an azimuth is 0-360 degrees'))
        .min(1)
        .max(8)
        .optional()
        .describe("boresight azimuths of its faces (default: the type's); each keeps the type's face width and tilt"),
      source: source.describe('why this site: a source, or "model choice: ..." (notional sites are labelled)'),
    })
    .strict();

  const assetValue = z
    .object({
      owner: nationCode,
      item: text,
      value_usd: z.number().finite().nonnegative('a value is zero or positive').max(1e13),
      dollar_year: dollarYear,
      source,
    })
    .strict();

  const option = z
    .object({
      id,
      name: z.string().min(1).max(120),
      summary: text,
      policy: z
        .string()
        .min(1)
        .describe('coalition policy (policies/*.yaml) in force under this option')
        .superRefine(named(checks?.policy)),
      add: z
        .object({
          radars: z
            .array(z.string().min(1).superRefine(named(checks?.radar)))
            .max(STUDY_LIMITS.additions)
            .default([]),
          /** Radars of a catalog type placed at a new site (e.g. a member's radar hosted on the partner's soil). */
          hosted_radars: z.array(hostedRadar).max(STUDY_LIMITS.additions).default([]),
          batteries: z.array(battery).max(STUDY_LIMITS.additions).default([]),
        })
        .strict()
        .default({ radars: [], hosted_radars: [], batteries: [] }),
      /** Also run the option without its added radars (same seeds), to isolate what those sensors add. */
      measure_added_radars: z.boolean().default(false),
      /**
       * Also run the option without named sensors, batteries or sites (any id of the raid's or the option's
       * world other than threats; e.g. the partner's OTH radars or its forward operating locations), each on
       * the same seeds, to measure what they add. An id found in no raid's world under this option is an error.
       */
      measure_without: z
        .array(
          z
            .object({
              id,
              label: z.string().min(1).max(200).describe('what is removed, in words, e.g. "without Canada\'s OTH radars"'),
              remove: z
                .array(z.string().min(1).max(100))
                .min(1)
                .max(STUDY_LIMITS.additions)
                .describe('ids of sensors, batteries or sites to remove'),
            })
            .strict(),
        )
        .max(STUDY_LIMITS.removals)
        .default([]),
      /** Contributed assets not priced by the cost catalog (e.g. radars), for the total and the contributed-assets rule. */
      asset_values: z.array(assetValue).max(STUDY_LIMITS.additions).default([]),
      contributes: z.object({ assets: text, data: text, territory: text, money: text }).strict(),
      controls: z.object({ approvals: text, sharing: text, priorities: text }).strict(),
      sources: z.array(source).default([]),
    })
    .strict();

  const nation = z
    .object({
      name: z.string().min(1).max(120),
      gdp_usd: yearFigure.describe('GDP, current US dollars'),
      population: yearFigure,
    })
    .strict();

  const costSystem = z
    .object({
      system: z.string().min(1).superRefine(named(checks?.costSystem)),
      count: z.number().int().min(1).max(10_000_000),
      owner: nationCode,
      source: source.describe("why this count: the raids' architecture, or a published figure"),
    })
    .strict();

  return z
    .object({
      name: id,
      summary: text,
      illustrative: z.literal(true, { error: 'a study states that its policies are illustrative: set illustrative: true' }),
      partner: nationCode,
      members: z.array(nationCode).min(1).max(10),
      sources: z.array(source).default([]),
      raids: z
        .array(
          z
            .object({
              scenario: z
                .string()
                .min(1)
                .describe('a scenario of the library (name without .yaml) or a path relative to the study file')
                .superRefine(named(checks?.scenario)),
            })
            .strict(),
        )
        .min(1)
        .max(STUDY_LIMITS.raids, `more than ${STUDY_LIMITS.raids} raids: each is flown once and run under every option`),
      /**
       * Approval delays [s] to sweep: every option under which the partner's approval is asked is also run
       * with the approval taking each of these times (an overlay on the option's world; `--approval-delays`
       * overrides), giving defended population against the delay.
       */
      approval_sweep_s: z
        .array(z.number())
        .optional()
        .superRefine((d, ctx) => {
          const problem = d === undefined ? undefined : approvalSweepProblem(d);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      monte_carlo: z
        .object({
          trials: z.number().int().min(2, 'at least 2 trials (intervals need two)').max(STUDY_LIMITS.trials),
          seed: seed.default(1),
        })
        .strict(),
      nations: z.record(nationCode, nation),
      cost: z
        .object({
          horizon_years: z.number().int().min(1).max(100),
          systems: z.array(costSystem).min(1).max(50),
          published_total: z
            .object({ value_usd: z.number().positive().max(1e14), dollar_year: dollarYear, label: text, source })
            .strict()
            .optional(),
          /** A negotiated split to compare with the rules (e.g. NORAD's), as the partner's fraction of the total. */
          precedent: z
            .object({ partner_fraction: z.number().min(0).max(1), label: text, source, note: z.string().max(2000).optional() })
            .strict()
            .optional(),
        })
        .strict(),
      options: z.array(option).min(2, 'a study compares at least two options (the first is the baseline)').max(STUDY_LIMITS.options),
    })
    .strict()
    .superRefine((s, ctx) => {
      if (s.members.includes(s.partner))
        ctx.addIssue({ code: 'custom', path: ['members'], message: `the partner ${s.partner} is not also a member` });
      for (const n of [s.partner, ...s.members]) {
        if (!(n in s.nations))
          ctx.addIssue({ code: 'custom', path: ['nations'], message: `${n} needs an entry here (GDP and population, sourced)` });
      }
      // shares by GDP or population compare the nations in one year
      for (const field of ['gdp_usd', 'population'] as const) {
        const years = Object.entries(s.nations).map(([n, x]) => [n, x[field].year] as const);
        const first = years[0];
        for (const [n, y] of years.slice(1)) {
          if (first && y !== first[1])
            ctx.addIssue({
              code: 'custom',
              path: ['nations', n, field, 'year'],
              message: `${field} of ${n} is for ${y} but ${first[0]}'s is for ${first[1]}: shares compare the nations in one year`,
            });
        }
      }
      const seen = new Set<string>();
      s.options.forEach((o, i) => {
        if (seen.has(o.id)) ctx.addIssue({ code: 'custom', path: ['options', i, 'id'], message: `option id '${o.id}' is used twice` });
        seen.add(o.id);
        for (const n of [s.partner, ...s.members]) {
          const problem = checks?.nation(o.policy, n);
          if (problem) ctx.addIssue({ code: 'custom', path: ['options', i, 'policy'], message: problem });
        }
        const levers = new Set<string>();
        o.measure_without.forEach((m, k) => {
          if (levers.has(m.id))
            ctx.addIssue({
              code: 'custom',
              path: ['options', i, 'measure_without', k, 'id'],
              message: `'${m.id}' is used twice in this option`,
            });
          levers.add(m.id);
        });
        if (o.measure_added_radars && o.add.radars.length + o.add.hosted_radars.length === 0)
          ctx.addIssue({ code: 'custom', path: ['options', i, 'measure_added_radars'], message: 'this option adds no radars to measure' });
        o.add.batteries.forEach((b, k) => {
          if (![s.partner, ...s.members].includes(b.owner))
            ctx.addIssue({
              code: 'custom',
              path: ['options', i, 'add', 'batteries', k, 'owner'],
              message: `${b.owner} is neither the partner nor a member`,
            });
        });
        o.add.hosted_radars.forEach((r, k) => {
          if (![s.partner, ...s.members].includes(r.owner))
            ctx.addIssue({
              code: 'custom',
              path: ['options', i, 'add', 'hosted_radars', k, 'owner'],
              message: `${r.owner} is neither the partner nor a member`,
            });
        });
      });
      const raids = new Set<string>();
      s.raids.forEach((r, i) => {
        if (raids.has(r.scenario))
          ctx.addIssue({ code: 'custom', path: ['raids', i, 'scenario'], message: `raid '${r.scenario}' is listed twice` });
        raids.add(r.scenario);
      });
    });
}

export type StudyFile = z.infer<ReturnType<typeof studySchema>>;
export type StudyOption = StudyFile['options'][number];
export type StudyBattery = StudyOption['add']['batteries'][number];
export type StudyHostedRadar = StudyOption['add']['hosted_radars'][number];
