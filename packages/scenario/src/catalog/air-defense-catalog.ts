import { join } from 'node:path';
import { type AirDefenseEntry, airDefenseEntry } from './air-defense-schema.ts';
import { CATALOG_DIR } from './catalog.ts';
import { catalogFolder, findEntry } from './catalog-folder.ts';

export const AIR_DEFENSE_CATALOG_DIR = join(CATALOG_DIR, 'air-defense');

/** Loads and validates air-defense/*.yaml (each file named for its id); errors name file, line and field. */
export const loadAirDefenseCatalog = catalogFolder(AIR_DEFENSE_CATALOG_DIR, airDefenseEntry, { kind: 'air defense system' });

export function findAirDefense(catalog: ReadonlyMap<string, AirDefenseEntry>, id: string): AirDefenseEntry {
  return findEntry(catalog, id, 'air defense system');
}
