import { z } from 'zod';

/**
 * Fields the scenario and study file schemas share: the same rule, the same message, in every file a
 * user writes.
 */

/** A zod refinement that reports the problem a name check returns (catalog, place, policy…), if any. */
export const named =
  (check: ((name: string) => string | undefined) | undefined) =>
  (value: string, ctx: z.RefinementCtx): void => {
    const problem = check?.(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  };

export const idField = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by hyphens');
/**
 * A nation: its ISO 3166-1 alpha-2 code, except the United Kingdom, which is UK (the code ISO 3166
 * exceptionally reserves for it, and the one NATO's and the EU's English texts use); GB is refused with
 * that reason, so one nation never has two codes in a coalition. Place names take either (places.ts).
 */
export const nationCodeField = z
  .string()
  .regex(/^[A-Z]{2}$/, 'a two-letter upper-case nation code such as US, CA, UK')
  .refine((code) => code !== 'GB', 'the United Kingdom is UK in this tool (ISO 3166 reserves UK for it; GB is its alpha-2 code): write UK');
export const seedField = z
  .number()
  .int('a seed is a whole number')
  .min(0, 'a seed is zero or positive')
  .max(2 ** 32 - 1, 'a seed fits in 32 bits (at most 4294967295)');
