import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SpaceInterceptorSpec, SurfaceInterceptorSpec } from '@golden-dome/core';
import { InputError, loadValidatedYaml } from '../validated-yaml.ts';
import { CATALOG_DIR, closestNames, UnknownNameError } from './catalog.ts';
import { interceptorEntry, type InterceptorEntry, type SpaceInterceptorEntry, type SurfaceInterceptorEntry } from './interceptor-schema.ts';

export const INTERCEPTOR_CATALOG_DIR = join(CATALOG_DIR, 'interceptors');

let cached: ReadonlyMap<string, InterceptorEntry> | null = null;

/** Loads and validates interceptors/*.yaml, space-based and surface (each file named for its id); errors name file, line and field. */
export function loadInterceptorCatalog(dir = INTERCEPTOR_CATALOG_DIR): ReadonlyMap<string, InterceptorEntry> {
  if (dir === INTERCEPTOR_CATALOG_DIR && cached) return cached;
  const entries = new Map<string, InterceptorEntry>();
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.yaml'))
    .sort()
    .map((x) => join(dir, x))) {
    const e = loadValidatedYaml(f, interceptorEntry);
    if (e.id !== basename(f, '.yaml')) throw new InputError(f, [`field 'id': '${e.id}' must match the file name '${basename(f)}'`]);
    entries.set(e.id, e);
  }
  if (dir === INTERCEPTOR_CATALOG_DIR) cached = entries;
  return entries;
}

/** Any interceptor by id. */
export function findAnyInterceptor(catalog: ReadonlyMap<string, InterceptorEntry>, id: string): InterceptorEntry {
  const e = catalog.get(id);
  if (!e) throw new UnknownNameError('interceptor', id, closestNames(id, catalog.keys()));
  return e;
}

/** A space-based interceptor by id (the boost-phase commands need one); a surface interceptor's id is refused by name. */
export function findInterceptor(catalog: ReadonlyMap<string, InterceptorEntry>, id: string): SpaceInterceptorEntry {
  const e = catalog.get(id);
  if (!e || e.kind !== 'space-based') {
    const spaceIds = [...catalog.values()].filter((x) => x.kind === 'space-based').map((x) => x.id);
    throw new UnknownNameError(e ? 'space-based interceptor' : 'interceptor', id, closestNames(id, spaceIds));
  }
  return e;
}

/** A ground- or sea-launched interceptor by id. */
export function findSurfaceInterceptor(catalog: ReadonlyMap<string, InterceptorEntry>, id: string): SurfaceInterceptorEntry {
  const e = catalog.get(id);
  if (!e || e.kind !== 'surface') {
    const ids = [...catalog.values()].filter((x) => x.kind === 'surface').map((x) => x.id);
    throw new UnknownNameError(e ? 'surface interceptor' : 'interceptor', id, closestNames(id, ids));
  }
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

/** Catalog units (km) to the core's SI surface-interceptor spec. */
export function resolveSurfaceInterceptor(e: SurfaceInterceptorEntry): SurfaceInterceptorSpec {
  return {
    burnoutSpeed: e.burnout_speed_m_s.value,
    burnTime: e.burn_time_s.value,
    minInterceptAltitude: e.min_intercept_altitude_km.value * 1000,
    maxInterceptAltitude: e.max_intercept_altitude_km.value * 1000,
    maxInterceptRange: e.max_intercept_range_km.value * 1000,
    divertVelocity: e.divert_velocity_m_s.value,
    homingTime: e.homing_time_s.value,
    singleShotPk: e.single_shot_pk.value,
    minTimeOfFlight: e.min_time_of_flight_s.value,
    regime: e.regime,
  };
}
