import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError } from '../validated-yaml.ts';
import { findBomber, loadAircraftCatalog } from './aircraft-catalog.ts';
import { cachedForDefault, findEntry, findEntryOf, loadCatalogFolder } from './catalog-folder.ts';
import { UnknownNameError } from './did-you-mean.ts';
import { findSurfaceInterceptor, loadInterceptorCatalog } from './interceptor-catalog.ts';

/** The one loader every catalog folder goes through (issue 12): what it refuses, where, and what it keeps. */
const entry = z.object({ id: z.string(), n: z.number() }).strict();
const root = mkdtempSync(join(tmpdir(), 'catalog-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder holding these files (name → text). */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

function loadError(dir: string, ids: 'file-name' | 'unique' | 'list'): InputError {
  try {
    loadCatalogFolder(dir, entry, { kind: 'widget', ids });
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error(`${dir} loaded`);
}

describe('loadCatalogFolder', () => {
  it('reads every .yaml of the folder in name order, by id, and passes over other files', () => {
    const dir = folder('good', { 'b.yaml': 'id: b\nn: 2\n', 'a.yaml': 'id: a\nn: 1\n', 'notes.txt': 'not yaml: [' });
    const got = loadCatalogFolder(dir, entry, { kind: 'widget' });
    expect([...got.entries()]).toEqual([
      ['a', { id: 'a', n: 1 }],
      ['b', { id: 'b', n: 2 }],
    ]);
  });

  it('refuses an id that is not its file name, at the line of the id', () => {
    const dir = folder('renamed', { 'a.yaml': '# a widget\nn: 1\nid: b\n' });
    const e = loadError(dir, 'file-name');
    expect(e.file).toBe(join(dir, 'a.yaml'));
    expect(e.problems).toEqual(["line 3, field 'id': 'b' must match the file name 'a.yaml'"]);
  });

  it('refuses an id defined twice across the folder, in the second file at its line', () => {
    const dir = folder('twice', { 'a.yaml': 'id: w\nn: 1\n', 'b.yaml': 'n: 2\nid: w\n' });
    const e = loadError(dir, 'unique');
    expect(e.file).toBe(join(dir, 'b.yaml'));
    expect(e.problems).toEqual(["line 2, widget id 'w' is defined twice"]);
  });

  it('reads lists of entries, and refuses a repeated id at the line of that element', () => {
    const dir = folder('lists', { 'a.yaml': '- {id: x, n: 1}\n- {id: y, n: 2}\n', 'b.yaml': '- id: z\n  n: 3\n- id: x\n  n: 4\n' });
    const e = loadError(dir, 'list');
    expect(e.file).toBe(join(dir, 'b.yaml'));
    expect(e.problems).toEqual(["line 3, widget id 'x' is defined twice"]);
  });

  it('locates a schema problem by file, line and field (validated-yaml), whatever the mode', () => {
    const dir = folder('bad', { 'a.yaml': 'id: a\nn: many\n' });
    for (const ids of ['file-name', 'unique'] as const) expect(loadError(dir, ids).problems[0]).toMatch(/^line 2, field 'n': /);
    const list = folder('bad-list', { 'a.yaml': '- id: a\n  n: 1\n- id: b\n  n: many\n' });
    expect(loadError(list, 'list').problems[0]).toMatch(/^line 4, field '1\.n': /);
  });
});

describe('findEntry and findEntryOf', () => {
  const aircraft = loadAircraftCatalog();
  it('suggests the ids that start with what was typed before the closest by edit distance', () => {
    // by edit distance alone 'tu' is nearer 'f-22' than 'tu-95ms'
    expect(() => findEntry(aircraft, 'tu', 'aircraft')).toThrow("unknown aircraft 'tu' (did you mean 'tu-160', 'tu-95ms', 'f-22'?)");
    expect(() => findEntry(aircraft, 'tu', 'aircraft')).toThrow(UnknownNameError);
    expect(findEntry(aircraft, 'tu-160', 'aircraft').role).toBe('bomber');
  });
  it('names the sort asked for when the id is of another, and suggests only entries of that sort', () => {
    expect(() => findBomber(aircraft, 'f-35a')).toThrow(
      /^unknown bomber 'f-35a' \(did you mean '(tu-160|tu-95ms)', '(tu-160|tu-95ms)'\?\)$/,
    );
    expect(() => findBomber(aircraft, 'tu-161')).toThrow(/^unknown aircraft 'tu-161' \(did you mean 'tu-160', 'tu-95ms'\?\)$/);
    const interceptors = loadInterceptorCatalog();
    expect(() => findSurfaceInterceptor(interceptors, 'notional-sbi')).toThrow(/^unknown surface interceptor 'notional-sbi'/);
    expect(() =>
      findEntryOf(interceptors, 'gbi', 'interceptor', 'space-based interceptor', (e): e is typeof e => e.kind === 'space-based'),
    ).toThrow(/did you mean 'notional-sbi'\?\)$/);
  });
});

describe('cachedForDefault', () => {
  it('reads the default place once and any other place on every call', () => {
    const reads: string[] = [];
    const load = cachedForDefault('default', (p) => {
      reads.push(p);
      return { p };
    });
    expect(load()).toBe(load('default'));
    expect(load('other')).not.toBe(load('other'));
    expect(reads).toEqual(['default', 'other', 'other']);
  });
});
