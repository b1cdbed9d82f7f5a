import { join } from 'node:path';
import {
  DEG,
  geostationaryOrbit,
  KM,
  molniyaOrbit,
  REFERENCE_IONOSPHERE,
  walkerDelta,
  walkerStar,
  type GroundRadarSpec,
  type KeplerElements,
  type OthRadarSpec,
  type SpaceIrSensorSpec,
} from '@golden-dome/core';
import { CATALOG_DIR } from './catalog.ts';
import { catalogFolder, findEntry } from './catalog-folder.ts';
import {
  sensorEntry,
  type LineOfSightRadarEntry,
  type OverTheHorizonRadarEntry,
  type SensorEntry,
  type SpaceInfraredEntry,
  type SpaceOrbits,
} from './sensor-schema.ts';

export const SENSOR_CATALOG_DIR = join(CATALOG_DIR, 'sensors');

/** Loads and validates sensors/*.yaml (each file named for its id); errors name file, line and field. */
export const loadSensorCatalog = catalogFolder(SENSOR_CATALOG_DIR, sensorEntry, { kind: 'sensor' });

export function findSensor(catalog: ReadonlyMap<string, SensorEntry>, id: string): SensorEntry {
  return findEntry(catalog, id, 'sensor');
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

/**
 * A mobile radar's spec at a scenario's station: the site moved (the antenna height kept: a ship's is
 * its platform's) and, when given, the faces turned so the first one's boresight is at that azimuth
 * (the others keep their offsets from it).
 */
export function stationedRadar(
  spec: GroundRadarSpec,
  at: { latitude: number; longitude: number },
  boresightAzimuthDeg?: number,
): GroundRadarSpec {
  const turn = boresightAzimuthDeg === undefined ? 0 : boresightAzimuthDeg * DEG - spec.faces[0].boresightAzimuth;
  const wrap = (a: number): number => ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  return {
    ...spec,
    latitude: at.latitude,
    longitude: at.longitude,
    faces: spec.faces.map((f) => ({ ...f, boresightAzimuth: wrap(f.boresightAzimuth + turn) })),
  };
}

/** An over-the-horizon radar entry in SI, with the reference ionosphere (core/sensors/oth/sky-wave.ts). */
export function resolveOthRadar(e: OverTheHorizonRadarEntry): OthRadarSpec {
  return {
    latitude: e.latitude_deg.value * DEG,
    longitude: e.longitude_deg.value * DEG,
    boresightAzimuth: e.boresight_azimuth_deg.value * DEG,
    azimuthHalfWidth: e.azimuth_half_width_deg.value * DEG,
    minRayElevation: e.min_ray_elevation_deg.value * DEG,
    maxRayElevation: e.max_ray_elevation_deg.value * DEG,
    minFrequency: e.min_frequency_mhz.value * 1e6,
    ionosphere: REFERENCE_IONOSPHERE,
    probabilityOfDetection: e.probability_of_detection.value,
    nightFactor: e.night_pd_factor.value,
    auroralFactor: e.auroral_pd_factor.value,
    revisitInterval: e.revisit_interval_s.value,
    groundRangeNoise: e.ground_range_noise_km.value * KM,
    azimuthNoise: e.azimuth_noise_deg.value * DEG,
  };
}

/** A space infrared entry's sensor model in SI (every satellite of the constellation carries it). */
export function resolveSpaceIr(e: SpaceInfraredEntry): SpaceIrSensorSpec {
  const t = e.target_intensity_w_sr;
  return {
    role: e.role,
    requiresThrust: e.role === 'missile-warning',
    fieldOfRegardHalfAngle: e.field_of_regard_half_angle_deg.value * DEG,
    altitudeFloor: e.altitude_floor_km.value * KM,
    limbHeight: e.limb_height_km.value * KM,
    referenceRange: e.reference_range_km.value * KM,
    referenceIntensity: e.reference_intensity_w_sr.value,
    targetIntensity: { plume: t['plume'].value, 'hot-glide': t['hot-glide'].value, 'cold-rv': t['cold-rv'].value },
    earthBackgroundClasses: [...e.earth_background_classes],
    reportInterval: e.revisit_interval_s.value,
    detectionLatency: e.detection_latency_s.value,
    angularNoise: e.angular_noise_urad.value * 1e-6,
  };
}

/**
 * A constellation's mean orbital elements at the scenario epoch (t = 0, Greenwich angle 0: the x axis
 * through longitude 0), for BatchEphemeris / j2SecularBatch.
 */
export function resolveSpaceOrbits(o: SpaceOrbits): KeplerElements[] {
  switch (o.kind) {
    case 'geostationary':
      return o.longitudes_deg.value.map((lon) => geostationaryOrbit(lon * DEG));
    case 'molniya':
      return o.raans_deg.value.map((raan, k) =>
        molniyaOrbit({
          raan: raan * DEG,
          nu: o.true_anomalies_deg.value[k] * DEG,
          perigeeAltitude: o.perigee_altitude_km.value * KM,
          argp: o.argument_of_perigee_deg.value * DEG,
          ...(o.inclination_deg ? { inclination: o.inclination_deg.value * DEG } : {}),
        }),
      );
    case 'walker': {
      const w = {
        total: o.total.value,
        planes: o.planes.value,
        phasing: o.phasing.value,
        altitude: o.altitude_km.value * KM,
        inclination: o.inclination_deg.value * DEG,
      };
      return o.pattern === 'delta' ? walkerDelta(w) : walkerStar(w);
    }
  }
}

/** Any sensor entry resolved to its core spec, tagged by kind, with its owner (for national policy). */
export type ResolvedSensor =
  | { id: string; owner: string; host?: string; kind: 'line-of-sight'; spec: GroundRadarSpec }
  | { id: string; owner: string; host?: string; kind: 'over-the-horizon'; spec: OthRadarSpec }
  | { id: string; owner: string; host?: string; kind: 'space-infrared'; spec: SpaceIrSensorSpec; orbits: KeplerElements[] };

export function resolveSensor(e: SensorEntry): ResolvedSensor {
  const base = { id: e.id, owner: e.owner, ...(e.host ? { host: e.host } : {}) };
  switch (e.kind) {
    case 'line-of-sight':
      return { ...base, kind: 'line-of-sight', spec: resolveGroundRadar(e) };
    case 'over-the-horizon':
      return { ...base, kind: 'over-the-horizon', spec: resolveOthRadar(e) };
    case 'space-infrared':
      return { ...base, kind: 'space-infrared', spec: resolveSpaceIr(e), orbits: resolveSpaceOrbits(e.orbits) };
  }
}
