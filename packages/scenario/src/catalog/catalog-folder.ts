import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isNode } from 'yaml';
import { z } from 'zod';
import { InputError, loadValidatedYaml, readYaml } from '../validated-yaml.ts';
import { suggestNames, UnknownNameError } from './did-you-mean.ts';

/** How the files of one catalog folder hold their entries. */
export interface CatalogFolderOptions {
  /** What one entry is, in messages ("threat id 'x' is defined twice"). */
  readonly kind: string;
  /**
   * 'file-name' (the default): each file holds one entry whose id is its file name (x.yaml holds id x);
   * 'unique': each file holds one entry, ids unique across the folder; 'list': each file holds a list of
   * entries, ids unique across the folder.
   */
  readonly ids?: 'file-name' | 'unique' | 'list';
}

/**
 * The one loader of a catalog folder: every *.yaml in it (in name order) validated against the entry's
 * schema, each problem located by file, line and field (validated-yaml.ts); an id that is not its file's
 * name or is defined twice is refused at its line. The entries by id, in file order.
 */
export function loadCatalogFolder<T extends { readonly id: string }>(
  dir: string,
  schema: z.ZodType<T>,
  options: CatalogFolderOptions,
): ReadonlyMap<string, T> {
  const ids = options.ids ?? 'file-name';
  const entries = new Map<string, T>();
  for (const f of yamlFiles(dir)) {
    const inFile = ids === 'list' ? loadValidatedYaml(f, z.array(schema)) : [loadValidatedYaml(f, schema)];
    inFile.forEach((e, k) => {
      const idPath = ids === 'list' ? [k, 'id'] : ['id'];
      if (ids === 'file-name' && e.id !== basename(f, '.yaml'))
        throw new InputError(f, [`${lineOf(f, idPath)}field 'id': '${e.id}' must match the file name '${basename(f)}'`]);
      if (entries.has(e.id)) throw new InputError(f, [`${lineOf(f, idPath)}${options.kind} id '${e.id}' is defined twice`]);
      entries.set(e.id, e);
    });
  }
  return entries;
}

/** A folder's *.yaml files in name order. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

/** "line N, " of a field of a file already read and validated once (only on the way to an error). */
function lineOf(file: string, path: readonly (string | number)[]): string {
  const { doc, lineCounter } = readYaml(readFileSync(file, 'utf8'), file);
  const node: unknown = doc.getIn(path, true);
  return isNode(node) && node.range ? `line ${lineCounter.linePos(node.range[0]).line}, ` : '';
}

/**
 * A loader that reads its default place once and keeps what it read (the shipped catalog does not change
 * while a process runs); any other place (a test's folder, a user's file) is read on every call.
 */
export function cachedForDefault<R>(defaultPlace: string, load: (place: string) => R): (place?: string) => R {
  let cached: R | undefined;
  return (place = defaultPlace) => {
    if (place !== defaultPlace) return load(place);
    cached ??= load(place);
    return cached;
  };
}

/** A catalog folder's loader (loadCatalogFolder), its default folder read once. */
export function catalogFolder<T extends { readonly id: string }>(
  defaultDir: string,
  schema: z.ZodType<T>,
  options: CatalogFolderOptions,
): (dir?: string) => ReadonlyMap<string, T> {
  return cachedForDefault(defaultDir, (dir) => loadCatalogFolder(dir, schema, options));
}

/**
 * The entry of a catalog by id; an unknown id is an UnknownNameError naming the `kind` and suggesting the
 * ids that start with what was typed, then the closest by edit distance (up to three).
 */
export function findEntry<T extends { readonly id: string }>(catalog: ReadonlyMap<string, T>, id: string, kind: string): T {
  const e = catalog.get(id);
  if (!e) throw new UnknownNameError(kind, id, suggestNames(id, catalog.keys()));
  return e;
}

/**
 * The entry of one sort (a bomber among aircraft, a surface interceptor among interceptors): an id the
 * catalog lacks is an unknown `kind`, one of another sort an unknown `sort`; both suggest entries of the sort.
 */
export function findEntryOf<T extends { readonly id: string }, U extends T>(
  catalog: ReadonlyMap<string, T>,
  id: string,
  kind: string,
  sort: string,
  isSort: (e: T) => e is U,
): U {
  const e = catalog.get(id);
  if (e && isSort(e)) return e;
  const ofSort = [...catalog.values()].filter(isSort).map((x) => x.id);
  throw new UnknownNameError(e ? sort : kind, id, suggestNames(id, ofSort));
}
