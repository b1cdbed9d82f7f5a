import { z } from 'zod';

/**
 * Every number in the catalog carries where it came from. `source` cites the open literature (or
 * says "derived:" and how, or "model choice:" and why); `notional` marks a value chosen to be
 * representative rather than published for that system.
 */
export const sourced = z
  .object({
    value: z.number().finite(),
    source: z.string().min(8, 'cite a source (title/outlet and URL, or "derived: ..." / "model choice: ...")'),
    notional: z.boolean().optional(),
    note: z.string().optional(),
  })
  .strict();
export type Sourced = z.infer<typeof sourced>;

export const sourcedList = z
  .object({
    value: z.array(z.number().finite()).min(1),
    source: z.string().min(8),
    notional: z.boolean().optional(),
    note: z.string().optional(),
  })
  .strict();

export const positive = sourced.refine((s) => s.value > 0, { message: 'must be positive' });
export const nonNegative = sourced.refine((s) => s.value >= 0, { message: 'must be zero or positive' });

/**
 * A sourced amount of money. Its dollar year is the entry's (`dollar_year`, `cost_dollar_year`) unless the
 * figure was stated in another year's dollars, which `dollar_year` here says (e.g. a high end quoted from a
 * later source); the conversion to the constant dollar year uses it.
 */
export const sourcedMoney = z
  .object({
    value: z.number().finite(),
    source: z.string().min(8, 'cite a source (title/outlet and URL, or "derived: ..." / "model choice: ...")'),
    notional: z.boolean().optional(),
    note: z.string().optional(),
    dollar_year: z.number().int('a dollar year is a calendar year').min(1950).max(2100).optional(),
  })
  .strict();
export type SourcedMoney = z.infer<typeof sourcedMoney>;

export const positiveMoney = sourcedMoney.refine((s) => s.value > 0, { message: 'must be positive' });
export const nonNegativeMoney = sourcedMoney.refine((s) => s.value >= 0, { message: 'must be zero or positive' });
