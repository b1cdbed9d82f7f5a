import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEG, KM, type GroundRadarSpec, type OthRadarSpec } from '@golden-dome/core';
import { InputError, loadValidatedYaml } from '../validated-yaml.ts';
import { CATALOG_DIR, closestNames, UnknownNameError } from './catalog.ts';
import { sensorEntry, type LineOfSightRadarEntry, type OverTheHorizonRadarEntry, type SensorEntry } from './sensor-schema.ts';

export const SENSOR_CATALOG_DIR = join(CATALOG_DIR, 'sensors');

let cached: ReadonlyMap<string, SensorEntry> | null = null;

/** Loads and validates sensors/*.yaml (each file named for its id); errors name file, line and field. */
export function loadSensorCatalog(dir = SENSOR_CATALOG_DIR): ReadonlyMap<string, SensorEntry> {
  if (dir === SENSOR_CATALOG_DIR && cached) return cached;
  const entries = new Map<string, SensorEntry>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort().map((x) => join(dir, x))) {
    const e = loadValidatedYaml(f, sensorEntry);
    if (e.id !== basename(f, '.yaml')) throw new InputError(f, [`field 'id': '${e.id}' must match the file name '${basename(f)}'`]);
    entries.set(e.id, e);
  }
  if (dir === SENSOR_CATALOG_DIR) cached = entries;
  return entries;
}

export function findSensor(catalog: ReadonlyMap<string, SensorEntry>, id: string): SensorEntry {
  const e = catalog.get(id);
  if (!e) throw new UnknownNameError('sensor', id, closestNames(id, catalog.keys()));
  return e;
}

/** A line-of-sight radar entry in SI (degrees, km and dB to radians, metres and linear SNR), once, at the edge. */
export function resolveGroundRadar(e: LineOfSightRadarEntry): GroundRadarSpec {
  return {
    latitude: e.latitude_deg.value * DEG,
    longitude: e.longitude_deg.value * DEG,
    altitude: e.altitude_m.value,
    faces: e.faces.map((f) => ({
      boresightAzimuth: f.boresight_azimuth_deg.value * DEG,
      boresightElevation: f.boresight_elevation_deg.value * DEG,
      azimuthHalfWidth: f.azimuth_half_width_deg.value * DEG,
    })),
    minElevation: e.min_elevation_deg.value * DEG,
    maxElevation: e.max_elevation_deg.value * DEG,
    referenceRange: e.reference_range_km.value * KM,
    referenceRcs: e.reference_rcs_m2.value,
    thresholdSnr: Math.pow(10, e.threshold_snr_db.value / 10),
    falseAlarmProbability: e.false_alarm_probability.value,
    revisitInterval: e.revisit_interval_s.value,
    rangeNoise: e.range_noise_m.value,
    azimuthNoise: e.azimuth_noise_deg.value * DEG,
    elevationNoise: e.elevation_noise_deg.value * DEG,
  };
}

/** An over-the-horizon radar entry in SI. */
export function resolveOthRadar(e: OverTheHorizonRadarEntry): OthRadarSpec {
  return {
    latitude: e.latitude_deg.value * DEG,
    longitude: e.longitude_deg.value * DEG,
    boresightAzimuth: e.boresight_azimuth_deg.value * DEG,
    azimuthHalfWidth: e.azimuth_half_width_deg.value * DEG,
    minGroundRange: e.min_ground_range_km.value * KM,
    maxGroundRange: e.max_ground_range_km.value * KM,
    maxAltitude: e.max_altitude_km.value * KM,
    probabilityOfDetection: e.probability_of_detection.value,
    revisitInterval: e.revisit_interval_s.value,
    groundRangeNoise: e.ground_range_noise_km.value * KM,
    azimuthNoise: e.azimuth_noise_deg.value * DEG,
  };
}

/** Any sensor entry resolved to its core spec, tagged by kind, with its owner (for national policy). */
export type ResolvedSensor =
  | { id: string; owner: string; host?: string; kind: 'line-of-sight'; spec: GroundRadarSpec }
  | { id: string; owner: string; host?: string; kind: 'over-the-horizon'; spec: OthRadarSpec };

export function resolveSensor(e: SensorEntry): ResolvedSensor {
  const base = { id: e.id, owner: e.owner, ...(e.host ? { host: e.host } : {}) };
  return e.kind === 'line-of-sight'
    ? { ...base, kind: 'line-of-sight', spec: resolveGroundRadar(e) }
    : { ...base, kind: 'over-the-horizon', spec: resolveOthRadar(e) };
}
