import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InputError, loadValidatedYaml } from '../validated-yaml.ts';
import { siteEntry, type SiteEntry, threatEntry, type ThreatEntry } from './threat-schema.ts';

export const CATALOG_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'catalog');

export interface Catalog {
  threats: ReadonlyMap<string, ThreatEntry>;
  sites: ReadonlyMap<string, SiteEntry>;
}

let cached: Catalog | null = null;

/** Loads and validates every catalog file (threats/*.yaml, sites/*.yaml); throws InputError naming file, line and field. */
export function loadCatalog(dir = CATALOG_DIR): Catalog {
  if (dir === CATALOG_DIR && cached) return cached;
  const threats = new Map<string, ThreatEntry>();
  const sites = new Map<string, SiteEntry>();
  for (const f of yamlFiles(join(dir, 'threats'))) {
    const e = loadValidatedYaml(f, threatEntry);
    if (threats.has(e.id)) throw new InputError(f, [`threat id '${e.id}' is defined twice`]);
    threats.set(e.id, e);
  }
  for (const f of yamlFiles(join(dir, 'sites'))) {
    for (const s of loadValidatedYaml(f, z.array(siteEntry))) {
      if (sites.has(s.id)) throw new InputError(f, [`site id '${s.id}' is defined twice`]);
      sites.set(s.id, s);
    }
  }
  const catalog = { threats, sites };
  if (dir === CATALOG_DIR) cached = catalog;
  return catalog;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

/** Up to three known names closest to an unknown one (edit distance), for "did you mean". */
export function closestNames(name: string, known: Iterable<string>): string[] {
  const scored = [...known].map((k) => [k, editDistance(name.toLowerCase(), k.toLowerCase())] as const);
  scored.sort((a, b) => a[1] - b[1]);
  return scored.slice(0, 3).map((s) => s[0]);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

export class UnknownNameError extends Error {
  constructor(kind: string, name: string, suggestions: string[]) {
    super(`unknown ${kind} '${name}'${suggestions.length ? ` (did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?)` : ''}`);
    this.name = 'UnknownNameError';
  }
}

export function findThreat(catalog: Catalog, id: string): ThreatEntry {
  const e = catalog.threats.get(id);
  if (!e) throw new UnknownNameError('missile', id, closestNames(id, catalog.threats.keys()));
  return e;
}
