import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  loadAircraftCatalog,
  loadAirDefenseCatalog,
  loadCatalog,
  loadCostCatalog,
  loadInterceptorCatalog,
  loadSensorCatalog,
  POLICY_DIR,
  scenarioFiles,
  STUDY_DIR,
} from '@golden-dome/scenario';
import { UsageError } from '../usage-error.ts';
import { didYouMean, parseFlags } from '../flags.ts';
import type { Io } from '../main.ts';

export const CATALOG_HELP = `dome catalog — everything a scenario can name, each number with its source

  dome catalog [--kind KIND] [--json]   every entry, one line each (--json: all of it as JSON)
  dome catalog --id ID [--json]         one entry: every field, each number with its source

  Kinds: threats, sensors, interceptors, aircraft, air-defense, sites, costs, policies, scenarios, studies. Catalog entries are
  packages/scenario/catalog/*; policies, the scenario library and studies are the files a scenario or a
  command names (dome run NAME runs a library scenario by name).`;

const KINDS = [
  'threats',
  'sensors',
  'interceptors',
  'aircraft',
  'air-defense',
  'sites',
  'costs',
  'policies',
  'scenarios',
  'studies',
] as const;
type Kind = (typeof KINDS)[number];

interface Entry {
  kind: Kind;
  id: string;
  /** The short columns of the list view. */
  columns: [string, string];
  /** What --id shows (catalog entry, or the file's header fields plus its path). */
  detail: () => unknown;
}

/** The first lines of a YAML file's fields that say what it is, and where it is. */
function fileEntry(kind: Kind, file: string, run: string): Entry {
  const text = readFileSync(file, 'utf8');
  const id = basename(file, '.yaml');
  // the list shows the one-line summary (read without parsing the whole file); --id parses it
  const summary = /^summary: *(.*)$/m.exec(text)?.[1].replace(/^(['"])(.*)\1$/, '$2') ?? '';
  return {
    kind,
    id,
    columns: ['', summary],
    detail: () => {
      const data = (parseYaml(text) ?? {}) as { name?: string; summary?: string; description?: string };
      return {
        name: data.name ?? id,
        summary: data.summary,
        ...(data.description ? { description: data.description } : {}),
        file,
        use: run.replaceAll('ID', id),
      };
    },
  };
}

function entries(): Entry[] {
  const cat = loadCatalog();
  const out: Entry[] = [];
  for (const t of cat.threats.values()) out.push({ kind: 'threats', id: t.id, columns: [t.kind, t.name], detail: () => t });
  for (const s of loadSensorCatalog().values()) out.push({ kind: 'sensors', id: s.id, columns: [s.kind, s.name], detail: () => s });
  for (const i of loadInterceptorCatalog().values())
    out.push({ kind: 'interceptors', id: i.id, columns: [i.kind === 'surface' ? i.basing : i.kind, i.name], detail: () => i });
  for (const a of loadAircraftCatalog().values()) out.push({ kind: 'aircraft', id: a.id, columns: [a.role, a.name], detail: () => a });
  for (const a of loadAirDefenseCatalog().values())
    out.push({ kind: 'air-defense', id: a.id, columns: ['ground', a.name], detail: () => a });
  for (const s of cat.sites.values()) out.push({ kind: 'sites', id: s.id, columns: [s.kind, `${s.name}, ${s.country}`], detail: () => s });
  for (const c of loadCostCatalog().values()) out.push({ kind: 'costs', id: c.id, columns: [c.basing, c.name], detail: () => c });
  for (const f of scenarioFiles(POLICY_DIR)) out.push(fileEntry('policies', f, "a scenario's  policy: ID"));
  for (const f of scenarioFiles())
    out.push(
      fileEntry('scenarios', f, 'dome run ID   (check it: dome validate ID; start your own from it: dome new scenario NAME --from ID)'),
    );
  for (const f of scenarioFiles(STUDY_DIR)) out.push(fileEntry('studies', f, 'dome partner-study ID'));
  return out;
}

const TITLES: Record<Kind, string> = {
  threats: 'Threats',
  sensors: 'Sensors',
  interceptors: 'Interceptors (space-based: dome size-constellation --interceptor ID)',
  aircraft: "Aircraft (a scenario's bombers: type, architecture.fighters: type)",
  'air-defense': "Ground air defense (a scenario's architecture.air_defense: system)",
  sites: 'Sites (also any city name, or LAT,LON)',
  costs: 'Cost systems (dome cost --system ID)',
  policies: "Policies (a scenario's policy:)",
  scenarios: 'Scenarios (dome run ID)',
  studies: 'Studies (dome partner-study ID)',
};

/** A catalog value for people: `{value, source}` pairs as "value" then an indented source line. */
export function readable(v: unknown, indent = ''): string[] {
  const lines: string[] = [];
  const isSourced = (x: unknown): x is { value: unknown; source?: string; note?: string } =>
    typeof x === 'object' && x !== null && !Array.isArray(x) && 'value' in x && ('source' in x || 'note' in x);
  const scalar = (x: unknown): string => (typeof x === 'string' ? x.trim().replace(/\s*\n\s*/g, ' ') : JSON.stringify(x));
  const isFlat = (x: unknown): boolean =>
    x === null || typeof x !== 'object' || (Array.isArray(x) && x.every((y) => y === null || typeof y !== 'object'));
  const flat = (x: unknown): string => (Array.isArray(x) ? x.map(scalar).join(', ') : scalar(x));
  if (isFlat(v)) return [`${indent}${flat(v)}`];
  const fields: Array<[string, unknown]> = Array.isArray(v) ? v.map((x, i) => [`[${i}]`, x]) : Object.entries(v as object);
  for (const [k, x] of fields) {
    if (x === undefined) continue;
    if (isSourced(x)) {
      const rest = Object.entries(x).filter(([kk]) => kk !== 'value' && kk !== 'source' && kk !== 'note');
      lines.push(`${indent}${k}: ${isFlat(x.value) ? flat(x.value) : ''}`);
      if (!isFlat(x.value)) lines.push(...readable(x.value, `${indent}    `));
      for (const [kk, vv] of rest) lines.push(`${indent}    ${kk}: ${flat(vv)}`);
      if (x.source) lines.push(`${indent}    source: ${scalar(x.source)}`);
      if (x.note) lines.push(`${indent}    note: ${scalar(x.note)}`);
    } else if (isFlat(x)) {
      lines.push(`${indent}${k}: ${flat(x)}`);
    } else {
      lines.push(`${indent}${k}:`);
      lines.push(...readable(x, `${indent}  `));
    }
  }
  return lines;
}

export async function catalogCommand(argv: string[], io: Pick<Io, 'stdout'>): Promise<number> {
  const { values } = parseFlags(argv, { json: { type: 'boolean' }, id: { type: 'string' }, kind: { type: 'string' } }, CATALOG_HELP, false);
  if (values.kind !== undefined && !KINDS.includes(values.kind as Kind)) {
    const guess = didYouMean(values.kind, KINDS);
    throw new UsageError(`--kind ${values.kind}: not a kind${guess ? `; did you mean ${guess}?` : ''} (kinds: ${KINDS.join(', ')})`);
  }
  const all = entries().filter((e) => values.kind === undefined || e.kind === values.kind);
  if (values.id !== undefined) {
    const found = all.filter((e) => e.id === values.id);
    if (found.length === 0) {
      const guess = didYouMean(
        values.id,
        all.map((e) => e.id),
      );
      throw new UsageError(`no catalog entry '${values.id}'${guess ? `; did you mean '${guess}'?` : ''} (dome catalog lists them)`);
    }
    if (values.json) {
      io.stdout(
        JSON.stringify(found.length === 1 ? found[0].detail() : Object.fromEntries(found.map((e) => [e.kind, e.detail()])), null, 2),
      );
      return 0;
    }
    io.stdout(
      found
        .map((e) => [`${e.id} (${e.kind.replace(/ies$/, 'y').replace(/s$/, '')})`, ...readable(e.detail(), '  ')].join('\n'))
        .join('\n\n'),
    );
    return 0;
  }
  if (values.json) {
    const byKind: Record<string, unknown[]> = {};
    for (const e of all) (byKind[e.kind] ??= []).push(e.detail());
    io.stdout(JSON.stringify(byKind, null, 2));
    return 0;
  }
  const sections: string[] = [];
  for (const kind of KINDS) {
    const rows = all.filter((e) => e.kind === kind);
    if (rows.length === 0) continue;
    const w = Math.max(22, ...rows.map((r) => r.id.length + 1));
    const w2 = Math.max(...rows.map((r) => r.columns[0].length)) + 1;
    sections.push(
      [
        `${TITLES[kind]}:`,
        ...rows.map((r) => `  ${r.id.padEnd(w)} ${w2 > 1 ? `${r.columns[0].padEnd(w2)} ` : ''}${r.columns[1]}`.trimEnd()),
      ].join('\n'),
    );
  }
  io.stdout(`${sections.join('\n\n')}\n\ndome catalog --id ID shows one entry with every number and its source.`);
  return 0;
}
