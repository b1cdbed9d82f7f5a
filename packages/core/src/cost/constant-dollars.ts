/**
 * Money in one dollar year. A cost stated in dollars of year Y is worth, in dollars of year B,
 *
 *   value_B = value_Y × index(B) / index(Y)
 *
 * where index is an annual price index (the US GDP chain-type price index by default: BEA NIPA, as
 * tabulated by CBO; the table with a source for every year is catalog data, see
 * packages/scenario/catalog/deflators). Pure: the table comes in as numbers, nothing is read here.
 *
 * A year missing from the table is an error naming the years the table has: a cost is never carried
 * across years unconverted, and never converted with a guessed index.
 */

/** An annual price index: year → index level (any base; only ratios are used). */
export interface PriceIndex {
  /** What the index is, for labels ("US GDP chain-type price index, 2017 = 100"). */
  readonly name: string;
  readonly levels: ReadonlyMap<number, number>;
}

/** A conversion from one dollar year to another, with the factor applied. */
export interface DollarConversion {
  readonly fromYear: number;
  readonly toYear: number;
  /** index(toYear) / index(fromYear). */
  readonly factor: number;
  readonly index: string;
}

function level(index: PriceIndex, year: number, role: string): number {
  const x = index.levels.get(year);
  if (x === undefined || !(x > 0)) {
    const years = [...index.levels.keys()].sort((a, b) => a - b);
    const span = years.length > 0 ? `${years[0]}-${years[years.length - 1]}` : 'none';
    throw new RangeError(`${index.name} has no value for ${year} (the ${role} dollar year); the table covers ${span}`);
  }
  return x;
}

/** The factor that turns dollars of `fromYear` into dollars of `toYear`: index(to) / index(from). */
export function dollarConversion(index: PriceIndex, fromYear: number, toYear: number): DollarConversion {
  const from = level(index, fromYear, 'source');
  const to = level(index, toYear, 'target');
  return { fromYear, toYear, factor: fromYear === toYear ? 1 : to / from, index: index.name };
}

/** `usd` in dollars of `fromYear`, expressed in dollars of `toYear`. */
export function toDollarYear(usd: number, fromYear: number, toYear: number, index: PriceIndex): number {
  return usd * dollarConversion(index, fromYear, toYear).factor;
}
