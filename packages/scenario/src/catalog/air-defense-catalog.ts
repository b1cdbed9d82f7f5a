import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError, loadValidatedYaml } from '../validated-yaml.ts';
import { type AirDefenseEntry, airDefenseEntry } from './air-defense-schema.ts';
import { CATALOG_DIR, closestNames, UnknownNameError } from './catalog.ts';

export const AIR_DEFENSE_CATALOG_DIR = join(CATALOG_DIR, 'air-defense');

let cached: ReadonlyMap<string, AirDefenseEntry> | null = null;

/** Loads and validates air-defense/*.yaml (each file named for its id); errors name file, line and field. */
export function loadAirDefenseCatalog(dir = AIR_DEFENSE_CATALOG_DIR): ReadonlyMap<string, AirDefenseEntry> {
  if (dir === AIR_DEFENSE_CATALOG_DIR && cached) return cached;
  const entries = new Map<string, AirDefenseEntry>();
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.yaml'))
    .sort()
    .map((x) => join(dir, x))) {
    const e = loadValidatedYaml(f, airDefenseEntry);
    if (e.id !== basename(f, '.yaml')) throw new InputError(f, [`field 'id': '${e.id}' must match the file name '${basename(f)}'`]);
    entries.set(e.id, e);
  }
  if (dir === AIR_DEFENSE_CATALOG_DIR) cached = entries;
  return entries;
}

export function findAirDefense(catalog: ReadonlyMap<string, AirDefenseEntry>, id: string): AirDefenseEntry {
  const e = catalog.get(id);
  if (!e) throw new UnknownNameError('air defense system', id, closestNames(id, catalog.keys()));
  return e;
}
