import { join } from 'node:path';
import type { SpaceInterceptorSpec, SurfaceInterceptorSpec } from '@golden-dome/core';
import { CATALOG_DIR } from './catalog.ts';
import { catalogFolder, findEntry, findEntryOf } from './catalog-folder.ts';
import { interceptorEntry, type InterceptorEntry, type SpaceInterceptorEntry, type SurfaceInterceptorEntry } from './interceptor-schema.ts';

export const INTERCEPTOR_CATALOG_DIR = join(CATALOG_DIR, 'interceptors');

/** Loads and validates interceptors/*.yaml, space-based and surface (each file named for its id); errors name file, line and field. */
export const loadInterceptorCatalog = catalogFolder(INTERCEPTOR_CATALOG_DIR, interceptorEntry, { kind: 'interceptor' });

/** Any interceptor by id. */
export function findAnyInterceptor(catalog: ReadonlyMap<string, InterceptorEntry>, id: string): InterceptorEntry {
  return findEntry(catalog, id, 'interceptor');
}

/** A space-based interceptor by id (the boost-phase commands need one); a surface interceptor's id is refused by name. */
export function findInterceptor(catalog: ReadonlyMap<string, InterceptorEntry>, id: string): SpaceInterceptorEntry {
  return findEntryOf(catalog, id, 'interceptor', 'space-based interceptor', (e): e is SpaceInterceptorEntry => e.kind === 'space-based');
}

/** A ground- or sea-launched interceptor by id. */
export function findSurfaceInterceptor(catalog: ReadonlyMap<string, InterceptorEntry>, id: string): SurfaceInterceptorEntry {
  return findEntryOf(catalog, id, 'interceptor', 'surface interceptor', (e): e is SurfaceInterceptorEntry => e.kind === 'surface');
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
