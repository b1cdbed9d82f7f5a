import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../validated-yaml.ts';
import { loadCostCatalog } from './cost-catalog.ts';
import { WGS84_A } from '@golden-dome/core';
// relative until core's index exports weapons/surface-interceptor.ts
import { flyoutTo } from '@golden-dome/core';
import {
  INTERCEPTOR_CATALOG_DIR,
  findAnyInterceptor,
  findInterceptor,
  findSurfaceInterceptor,
  loadInterceptorCatalog,
  resolveSpaceInterceptor,
  resolveSurfaceInterceptor,
} from './interceptor-catalog.ts';

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
    const text = readFileSync(join(INTERCEPTOR_CATALOG_DIR, 'notional-sbi.yaml'), 'utf8').replace(
      /delta_v_m_s: \{value: 4000, source: "[^"]*", notional: true\}/,
      'delta_v_m_s: {value: 4000}',
    );
    writeFileSync(join(dir, 'notional-sbi.yaml'), text);
    let err: unknown;
    try {
      loadInterceptorCatalog(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const line = text.split('\n').findIndex((l) => l.startsWith('delta_v_m_s')) + 1;
    expect((err as Error).message).toMatch(new RegExp(`notional-sbi.yaml: line ${line}, field 'delta_v_m_s.source'`));
  });

  it('loads the surface interceptors in SI units, every number sourced, priced where a cost system exists', () => {
    const cat = loadInterceptorCatalog();
    const ids = ['gbi', 'ngi', 'sm-3-ib', 'sm-3-iia', 'thaad', 'pac-3-mse'];
    const costs = loadCostCatalog();
    for (const id of ids) {
      const e = findSurfaceInterceptor(cat, id);
      expect(e.kind).toBe('surface');
      if (e.cost_system !== undefined) expect(costs.has(e.cost_system), id).toBe(true);
      for (const [k, v] of Object.entries(e)) {
        if (v && typeof v === 'object' && 'value' in v) {
          const src = (v as { source: string; notional?: boolean }).source;
          expect(src.length, `${id}.${k}`).toBeGreaterThan(8);
          // a number that is not published is labelled: derived or a model choice, and notional
          if (/^(derived|model choice):/.test(src) && !/published|Laplace|\/ 17 =/.test(src))
            expect((v as { notional?: boolean }).notional, `${id}.${k}`).toBe(true);
        }
      }
      // the Pk comes from test records: it says it is a proxy
      expect(`${e.single_shot_pk.source} ${e.single_shot_pk.note ?? ''}`, id).toMatch(/proxy/i);
      const spec = resolveSurfaceInterceptor(e);
      expect(spec.maxInterceptAltitude).toBe(e.max_intercept_altitude_km.value * 1000);
      expect(spec.maxInterceptRange).toBe(e.max_intercept_range_km.value * 1000);
      // the ceiling straight overhead is within the burnout speed's energy in the core's fly-out model
      const f = flyoutTo(spec, [WGS84_A, 0, 0], [WGS84_A + spec.maxInterceptAltitude, 0, 0]);
      expect(Number.isFinite(f.timeOfFlight), id).toBe(true);
    }
    expect(costs.has(findSurfaceInterceptor(cat, 'gbi').cost_system!)).toBe(true);
    // figures the catalog quotes: GMD's 9 of 17 as a Pk proxy; SM-3 IIA's 2,500 km and 1,000 km
    expect(findSurfaceInterceptor(cat, 'gbi').single_shot_pk.value).toBeCloseTo(9 / 17, 3);
    expect(resolveSurfaceInterceptor(findSurfaceInterceptor(cat, 'sm-3-iia'))).toMatchObject({
      maxInterceptRange: 2500e3,
      maxInterceptAltitude: 1000e3,
      regime: 'exo',
    });
    expect(findSurfaceInterceptor(cat, 'sm-3-iia').basing).toBe('sea');
    // a space-based command asked for a surface interceptor gets a named refusal, and vice versa
    expect(() => findInterceptor(cat, 'gbi')).toThrow(/unknown space-based interceptor 'gbi'/);
    expect(() => findSurfaceInterceptor(cat, 'notional-sbi')).toThrow(/unknown surface interceptor/);
    expect(findAnyInterceptor(cat, 'thaad').kind).toBe('surface');
  });

  it('names the file, line and field of a surface entry that breaks a rule', () => {
    const original = readFileSync(join(INTERCEPTOR_CATALOG_DIR, 'thaad.yaml'), 'utf8');
    const failure = (text: string): string => {
      const dir = mkdtempSync(join(tmpdir(), 'surf-'));
      writeFileSync(join(dir, 'thaad.yaml'), text);
      try {
        loadInterceptorCatalog(dir);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      return '';
    };
    const lineOf = (key: string): number => original.split('\n').findIndex((l) => l.startsWith(key)) + 1;
    expect(failure(original.replace(/^basing: ground/m, 'basing: air'))).toMatch(
      new RegExp(`thaad.yaml: line ${lineOf('basing')}, field 'basing'`),
    );
    expect(failure(original.replace(/^max_intercept_altitude_km: \{value: 150,/m, 'max_intercept_altitude_km: {value: 30,'))).toMatch(
      new RegExp(`line ${lineOf('max_intercept_altitude_km')}, field 'max_intercept_altitude_km.value': must exceed`),
    );
    expect(failure(original.replace(/^single_shot_pk: \{value: 0.9375,/m, 'single_shot_pk: {value: 1.2,'))).toMatch(
      /field 'single_shot_pk': must be a probability/,
    );
  });
});
