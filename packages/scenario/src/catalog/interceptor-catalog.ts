import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SpaceInterceptorSpec } from '@golden-dome/core';
import { InputError, loadValidatedYaml } from '../validated-yaml.ts';
import { CATALOG_DIR, closestNames, UnknownNameError } from './catalog.ts';
import { spaceInterceptorEntry, type SpaceInterceptorEntry } from './interceptor-schema.ts';

export const INTERCEPTOR_CATALOG_DIR = join(CATALOG_DIR, 'interceptors');

let cached: ReadonlyMap<string, SpaceInterceptorEntry> | null = null;

/** Loads and validates interceptors/*.yaml (each file named for its id); errors name file, line and field. */
export function loadInterceptorCatalog(dir = INTERCEPTOR_CATALOG_DIR): ReadonlyMap<string, SpaceInterceptorEntry> {
  if (dir === INTERCEPTOR_CATALOG_DIR && cached) return cached;
  const entries = new Map<string, SpaceInterceptorEntry>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort().map((x) => join(dir, x))) {
    const e = loadValidatedYaml(f, spaceInterceptorEntry);
    if (e.id !== basename(f, '.yaml')) throw new InputError(f, [`field 'id': '${e.id}' must match the file name '${basename(f)}'`]);
    entries.set(e.id, e);
  }
  if (dir === INTERCEPTOR_CATALOG_DIR) cached = entries;
  return entries;
}

export function findInterceptor(catalog: ReadonlyMap<string, SpaceInterceptorEntry>, id: string): SpaceInterceptorEntry {
  const e = catalog.get(id);
  if (!e) throw new UnknownNameError('interceptor', id, closestNames(id, catalog.keys()));
  return e;
}

/** Catalog units to SI, once, at the edge. */
export function resolveSpaceInterceptor(e: SpaceInterceptorEntry): SpaceInterceptorSpec {
  return {
    deltaV: e.delta_v_m_s.value,
    acceleration: e.acceleration_m_s2.value,
    killVehicleMass: e.kill_vehicle_mass_kg.value,
    detectionLatency: e.detection_latency_s.value,
    decisionLatency: e.decision_latency_s.value,
    arrivalMargin: e.arrival_margin_s.value,
    minInterceptAltitude: e.min_intercept_altitude_km.value * 1000,
  };
}
