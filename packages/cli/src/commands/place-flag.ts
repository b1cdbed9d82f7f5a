import { type Catalog, type Place, PlaceError, type PlaceOptions, resolvePlace, UnknownNameError } from '@golden-dome/scenario';
import { UsageError } from '../usage-error.ts';

/**
 * A place given on the command line (--from, --to, --via, --toward, --region): resolved as a scenario's
 * places are, and a name that is not a place is a one-line usage error naming the flag (exit 2), with
 * did-you-mean suggestions.
 */
export function placeFlag(flag: string, text: string, catalog: Catalog, options: PlaceOptions = {}): Place {
  try {
    return resolvePlace(text, catalog, options);
  } catch (e) {
    if (e instanceof UnknownNameError || e instanceof PlaceError) throw new UsageError(`--${flag}: ${e.message}`);
    throw e;
  }
}
