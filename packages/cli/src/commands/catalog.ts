import { loadCatalog, loadCostCatalog, loadInterceptorCatalog } from '@golden-dome/scenario';
import { UsageError } from '../usage-error.ts';
import { parseFlags } from '../flags.ts';
import type { Io } from '../main.ts';

export const CATALOG_HELP = `dome catalog — the catalog: threats, sites, interceptors and cost systems, each number with its source

  dome catalog [--json]        every entry, one line each (--json: all of it as JSON)
  dome catalog --id ID [--json] one entry with every number and its source`;

export async function catalogCommand(argv: string[], io: Pick<Io, 'stdout'>): Promise<number> {
  const { values } = parseFlags(argv, { json: { type: 'boolean' }, id: { type: 'string' } }, CATALOG_HELP, false);
  const cat = loadCatalog();
  const interceptors = loadInterceptorCatalog();
  const costs = loadCostCatalog();
  if (values.id !== undefined) {
    const e = cat.threats.get(values.id) ?? cat.sites.get(values.id) ?? interceptors.get(values.id) ?? costs.get(values.id);
    if (!e) throw new UsageError(`no catalog entry '${values.id}'`);
    io.stdout(JSON.stringify(e, null, 2));
    return 0;
  }
  if (values.json) {
    io.stdout(JSON.stringify({ threats: [...cat.threats.values()], sites: [...cat.sites.values()], interceptors: [...interceptors.values()], costs: [...costs.values()] }, null, 2));
    return 0;
  }
  io.stdout('Threats (dome catalog --id ID shows every number with its source):');
  for (const t of cat.threats.values()) io.stdout(`  ${t.id.padEnd(22)} ${t.kind.padEnd(9)} ${t.name}`);
  io.stdout('\nSites (also any city name, or LAT,LON):');
  for (const s of cat.sites.values()) io.stdout(`  ${s.id.padEnd(22)} ${s.kind.padEnd(11)} ${s.name}, ${s.country}`);
  io.stdout('\nInterceptors (space-based: dome size-constellation --interceptor ID):');
  for (const i of interceptors.values()) io.stdout(`  ${i.id.padEnd(22)} ${(i.kind === 'surface' ? `${i.basing}` : i.kind).padEnd(11)} ${i.name}`);
  io.stdout('\nCost systems (dome cost --system ID):');
  for (const c of costs.values()) io.stdout(`  ${c.id.padEnd(22)} ${c.basing.padEnd(11)} ${c.name}`);
  return 0;
}
