import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedForDefault, findEntry, loadCatalogFolder } from './catalog-folder.ts';
import { siteEntry, type SiteEntry, threatEntry, type ThreatEntry } from './threat-schema.ts';

export { closestNames, suggestNames, UnknownNameError } from './did-you-mean.ts';

export const CATALOG_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'catalog');

export interface Catalog {
  threats: ReadonlyMap<string, ThreatEntry>;
  sites: ReadonlyMap<string, SiteEntry>;
}

/** Loads and validates every catalog file (threats/*.yaml, sites/*.yaml); throws InputError naming file, line and field. */
export const loadCatalog: (dir?: string) => Catalog = cachedForDefault(CATALOG_DIR, (dir) => ({
  threats: loadCatalogFolder(join(dir, 'threats'), threatEntry, { kind: 'threat', ids: 'unique' }),
  sites: loadCatalogFolder(join(dir, 'sites'), siteEntry, { kind: 'site', ids: 'list' }),
}));

export function findThreat(catalog: Catalog, id: string): ThreatEntry {
  return findEntry(catalog.threats, id, 'missile');
}
