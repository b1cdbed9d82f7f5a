import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../validated-yaml.ts';
import { loadCostCatalog } from './cost-catalog.ts';
import { INTERCEPTOR_CATALOG_DIR, findInterceptor, loadInterceptorCatalog, resolveSpaceInterceptor } from './interceptor-catalog.ts';

describe('interceptor catalog', () => {
  it('loads the notional SBI in SI units, priced by a cost system that exists', () => {
    const cat = loadInterceptorCatalog();
    const e = findInterceptor(cat, 'notional-sbi');
    const spec = resolveSpaceInterceptor(e);
    expect(spec.deltaV).toBe(4000);
    expect(spec.minInterceptAltitude).toBe(80e3);
    expect(loadCostCatalog().has(e.cost_system)).toBe(true);
    for (const [k, v] of Object.entries(e)) {
      if (v && typeof v === 'object' && 'value' in v) expect((v as { source: string }).source.length, k).toBeGreaterThan(8);
    }
  });

  it('names the file, line and field of a number without a source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbi-'));
    const text = readFileSync(join(INTERCEPTOR_CATALOG_DIR, 'notional-sbi.yaml'), 'utf8')
      .replace(/delta_v_m_s: \{value: 4000, source: "[^"]*", notional: true\}/, 'delta_v_m_s: {value: 4000}');
    writeFileSync(join(dir, 'notional-sbi.yaml'), text);
    let err: unknown;
    try { loadInterceptorCatalog(dir); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(InputError);
    const line = text.split('\n').findIndex((l) => l.startsWith('delta_v_m_s')) + 1;
    expect((err as Error).message).toMatch(new RegExp(`notional-sbi.yaml: line ${line}, field 'delta_v_m_s.source'`));
  });
});
