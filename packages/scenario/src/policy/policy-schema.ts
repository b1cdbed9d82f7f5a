import { z } from 'zod';
import { nationCodeField as nationCode } from '../schema-fields.ts';

/**
 * A national-policy file (policies/*.yaml): the nations of a coalition, each with its engagement
 * rules, approval, territory, sharing and priorities; the assets they own; the assets they defend.
 * Units at this edge are in the field names (_deg, _s); the loader converts them to SI once
 * (core/c2/national-policy.ts holds the meaning of every field and the predicates).
 *
 * Cross-references are checked here so that a bad one is reported at its own line: every nation code
 * used must be declared under `nations`, every asset has an owner, ids are unique, sharing rules name
 * the owner's own sensors, priorities name declared defended assets.
 */

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by hyphens');
const seconds = z.number().finite().nonnegative('a delay must be zero or positive (seconds)');
const weight = z.number().finite().nonnegative('a priority weight must be zero or positive');
const latitude = z.number().min(-90, 'latitude must be between -90 and 90 degrees').max(90, 'latitude must be between -90 and 90 degrees');
const longitude = z
  .number()
  .min(-180, 'longitude must be between -180 and 180 degrees')
  .max(180, 'longitude must be between -180 and 180 degrees');

const box = z
  .object({
    box_deg: z
      .object({ south: latitude, north: latitude, west: longitude, east: longitude })
      .strict()
      .refine((b) => b.north > b.south, { message: 'north must exceed south', path: ['north'] }),
  })
  .strict();
const polygon = z
  .object({
    /** [latitude, longitude] vertices in degrees, in order around the region. */
    polygon_deg: z.array(z.tuple([latitude, longitude])).min(3, 'a polygon needs at least 3 vertices'),
  })
  .strict();
export const territoryRegionEntry = z.union([box, polygon]);

export const engagementRuleEntry = z
  .object({
    /** Asset classes covered (absent = all of the nation's interceptors). */
    asset_classes: z.array(z.string().min(1)).min(1).optional(),
    defend: z.array(nationCode).min(1, 'name at least one nation to defend'),
    /** Nations (among `defend`) whose consent defending them needs. */
    consent_of: z.array(nationCode).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    r.consent_of?.forEach((n, i) => {
      if (!r.defend.includes(n))
        ctx.addIssue({
          code: 'custom',
          path: ['consent_of', i],
          message: `${n} is not among the nations this rule defends (${r.defend.join(', ')})`,
        });
    });
  });

export const approvalEntry = z
  .object({
    delay_s: seconds,
    /** true, false, or the asset classes whose engagements need the nation's approval. */
    own_assets: z.union([z.boolean(), z.array(z.string().min(1)).min(1)]),
    over_territory: z.enum(['open', 'approval', 'forbidden-to-others']),
    /**
     * The host rule: launches by other nations' interceptors from sites on this nation's territory need
     * its approval (delay_s), wherever they intercept; `of` narrows it to those nations' interceptors,
     * `asset_classes` to those classes.
     */
    hosted_launches: z
      .object({
        of: z.array(nationCode).min(1, 'name at least one nation, or leave out `of` for every other nation').optional(),
        asset_classes: z.array(z.string().min(1)).min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const sharingRuleEntry = z
  .object({
    sensors: z.array(id).min(1).optional(),
    sensor_classes: z.array(z.string().min(1)).min(1).optional(),
    with: z.array(nationCode).min(1, 'name at least one nation to share with'),
    delay_s: seconds.default(0),
    /** Multiplier on the shared track's position standard deviation (1 = full quality). */
    sigma_factor: z.number().finite().min(1, 'sigma_factor must be at least 1 (1 = full quality)').default(1),
  })
  .strict();

/** The nation's engagement outcomes (intercepts, kill assessments of its weapons) go to these nations. */
export const engagementSharingEntry = z
  .object({
    with: z.array(nationCode).min(1, 'name at least one nation to share with'),
    delay_s: seconds.default(0),
  })
  .strict();

export const prioritiesEntry = z
  .object({
    default: weight.default(1),
    nations: z.record(nationCode, weight).default({}),
    assets: z.record(id, weight).default({}),
  })
  .strict();

export const nationPolicyEntry = z
  .object({
    name: z.string().min(2),
    territory: z.array(territoryRegionEntry).default([]),
    engage: z.array(engagementRuleEntry).default([]),
    approval: approvalEntry.optional(),
    share: z.array(sharingRuleEntry).default([]),
    share_engagements: z.array(engagementSharingEntry).default([]),
    priorities: prioritiesEntry.default({ default: 1, nations: {}, assets: {} }),
  })
  .strict();

export const policyAssetEntry = z
  .object({
    id,
    kind: z.enum(['sensor', 'interceptor']),
    owner: z
      .string({
        error: (issue) =>
          issue.input === undefined ? 'every asset needs an owner: the nation code of the nation that owns it' : undefined,
      })
      .pipe(nationCode),
    class: z.string().min(1),
    note: z.string().optional(),
  })
  .strict();

export const defendedAssetEntry = z
  .object({
    id,
    name: z.string().min(2),
    nation: nationCode,
    value: z.number().finite().nonnegative('a defended value must be zero or positive'),
    note: z.string().optional(),
  })
  .strict();

/**
 * The policy-file schema. `sensorOwners`, when given (sensor catalog id -> owner), also checks that a
 * sensor asset with a catalog id has the catalog's owner; `place`, when given, that every defended
 * asset's name is a place of its nation (a problem, or undefined when it resolves).
 */
export function policyFileSchema(
  sensorOwners?: ReadonlyMap<string, string>,
  place?: (asset: { id: string; nation: string; name: string }) => string | undefined,
) {
  return z
    .object({
      name: id,
      summary: z.string().min(10),
      nations: z.record(nationCode, nationPolicyEntry).refine((n) => Object.keys(n).length > 0, { message: 'declare at least one nation' }),
      assets: z.array(policyAssetEntry).default([]),
      defended: z.array(defendedAssetEntry).default([]),
    })
    .strict()
    .superRefine((f, ctx) => {
      const known = new Set(Object.keys(f.nations));
      const list = [...known].sort().join(', ');
      const nation = (n: string, path: (string | number)[]): void => {
        if (!known.has(n))
          ctx.addIssue({ code: 'custom', path, message: `unknown nation '${n}': declare it under 'nations' (declared: ${list})` });
      };
      const unique = (ids: string[], where: string): void => {
        const seen = new Set<string>();
        ids.forEach((x, i) => {
          if (seen.has(x)) ctx.addIssue({ code: 'custom', path: [where, i, 'id'], message: `duplicate id '${x}'` });
          seen.add(x);
        });
      };
      unique(
        f.assets.map((a) => a.id),
        'assets',
      );
      unique(
        f.defended.map((d) => d.id),
        'defended',
      );
      f.assets.forEach((a, i) => {
        nation(a.owner, ['assets', i, 'owner']);
        const catalogOwner = a.kind === 'sensor' ? sensorOwners?.get(a.id) : undefined;
        if (catalogOwner !== undefined && catalogOwner !== a.owner) {
          ctx.addIssue({
            code: 'custom',
            path: ['assets', i, 'owner'],
            message: `the sensor catalog gives ${a.id}'s owner as ${catalogOwner}, not ${a.owner}`,
          });
        }
      });
      f.defended.forEach((d, i) => {
        nation(d.nation, ['defended', i, 'nation']);
        const p = place?.(d);
        if (p) ctx.addIssue({ code: 'custom', path: ['defended', i, 'name'], message: p });
      });
      const defendedIds = new Set(f.defended.map((d) => d.id));
      for (const [code, p] of Object.entries(f.nations)) {
        p.engage.forEach((r, i) => {
          r.defend.forEach((n, k) => nation(n, ['nations', code, 'engage', i, 'defend', k]));
        });
        p.approval?.hosted_launches?.of?.forEach((n, k) => {
          nation(n, ['nations', code, 'approval', 'hosted_launches', 'of', k]);
          if (n === code)
            ctx.addIssue({
              code: 'custom',
              path: ['nations', code, 'approval', 'hosted_launches', 'of', k],
              message: `${code} cannot host its own launches: own_assets is the rule for ${code}'s own interceptors`,
            });
        });
        if (p.approval?.hosted_launches && p.territory.length === 0)
          ctx.addIssue({
            code: 'custom',
            path: ['nations', code, 'approval', 'hosted_launches'],
            message: `${code} has no territory, so no launch site is on its soil: declare its territory or remove hosted_launches`,
          });
        p.share_engagements.forEach((r, i) => {
          r.with.forEach((n, k) => nation(n, ['nations', code, 'share_engagements', i, 'with', k]));
        });
        p.share.forEach((r, i) => {
          r.with.forEach((n, k) => nation(n, ['nations', code, 'share', i, 'with', k]));
          r.sensors?.forEach((s, k) => {
            const a = f.assets.find((x) => x.id === s);
            if (!a || a.kind !== 'sensor' || a.owner !== code) {
              ctx.addIssue({
                code: 'custom',
                path: ['nations', code, 'share', i, 'sensors', k],
                message: `'${s}' is not a sensor asset owned by ${code}`,
              });
            }
          });
        });
        for (const n of Object.keys(p.priorities.nations)) nation(n, ['nations', code, 'priorities', 'nations', n]);
        for (const d of Object.keys(p.priorities.assets)) {
          if (!defendedIds.has(d))
            ctx.addIssue({
              code: 'custom',
              path: ['nations', code, 'priorities', 'assets', d],
              message: `'${d}' is not a defended asset of this file`,
            });
        }
      }
    });
}

export type PolicyFile = z.infer<ReturnType<typeof policyFileSchema>>;
