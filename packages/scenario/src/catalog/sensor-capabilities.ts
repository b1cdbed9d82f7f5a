import { join } from 'node:path';
import type { SensorCapability } from '@golden-dome/core';
import { z } from 'zod';
import { loadValidatedYaml } from '../validated-yaml.ts';
import { CATALOG_DIR } from './catalog.ts';
import { cachedForDefault } from './catalog-folder.ts';
import { sourced } from './sourced.ts';
import type { SensorEntry } from './sensor-schema.ts';

/** catalog/sensor-capabilities.yaml: discrimination and kill assessment per sensor kind (radar band, OTH, space IR role). */
export const SENSOR_CAPABILITIES_FILE = join(CATALOG_DIR, 'sensor-capabilities.yaml');

const probability = sourced.refine((s) => s.value > 0 && s.value < 1, { message: 'must be a probability strictly between 0 and 1' });
const capability = z
  .object({
    discrimination: z.object({ warhead_as_warhead: probability, decoy_as_decoy: probability }).strict().nullable(),
    kill_assessment: probability.nullable(),
  })
  .strict();
const KINDS = ['X', 'S', 'C', 'L', 'UHF', 'over-the-horizon', 'tracking', 'missile-warning'] as const;
export const sensorCapabilitiesFile = z
  .object(Object.fromEntries(KINDS.map((k) => [k, capability])) as Record<(typeof KINDS)[number], typeof capability>)
  .strict();
export type SensorCapabilitiesFile = z.infer<typeof sensorCapabilitiesFile>;

export const loadSensorCapabilities: (file?: string) => SensorCapabilitiesFile = cachedForDefault(SENSOR_CAPABILITIES_FILE, (file) =>
  loadValidatedYaml(file, sensorCapabilitiesFile),
);

/** The kind key of a sensor entry in the capabilities file. */
export function capabilityKind(e: SensorEntry): (typeof KINDS)[number] {
  if (e.kind === 'line-of-sight') return e.band;
  if (e.kind === 'over-the-horizon') return 'over-the-horizon';
  return e.role;
}

/** A sensor's capability in core's terms, its source the file's entries. */
export function sensorCapability(e: SensorEntry, file: SensorCapabilitiesFile = loadSensorCapabilities()): SensorCapability {
  const kind = capabilityKind(e);
  const c = file[kind];
  const sources = [c.discrimination?.warhead_as_warhead.source, c.kill_assessment?.source].filter(Boolean);
  return {
    discrimination: c.discrimination
      ? {
          warheadAsWarhead: c.discrimination.warhead_as_warhead.value,
          decoyAsDecoy: c.discrimination.decoy_as_decoy.value,
          source: c.discrimination.warhead_as_warhead.source,
        }
      : null,
    killAssessment: c.kill_assessment?.value ?? null,
    source: `catalog/sensor-capabilities.yaml, ${kind}: ${sources.join('; ') || 'neither discrimination nor kill assessment'}`,
  };
}
