import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type AspectRcs, type CruiseMissileSpec, DEG, KM } from '@golden-dome/core';
import { InputError, loadValidatedYaml } from '../validated-yaml.ts';
import { type AircraftEntry, aircraftEntry } from './aircraft-schema.ts';
import { CATALOG_DIR, closestNames, UnknownNameError } from './catalog.ts';

export const AIRCRAFT_CATALOG_DIR = join(CATALOG_DIR, 'aircraft');

let cached: ReadonlyMap<string, AircraftEntry> | null = null;

/** Loads and validates aircraft/*.yaml (each file named for its id); errors name file, line and field. */
export function loadAircraftCatalog(dir = AIRCRAFT_CATALOG_DIR): ReadonlyMap<string, AircraftEntry> {
  if (dir === AIRCRAFT_CATALOG_DIR && cached) return cached;
  const entries = new Map<string, AircraftEntry>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort().map((x) => join(dir, x))) {
    const e = loadValidatedYaml(f, aircraftEntry);
    if (e.id !== basename(f, '.yaml')) throw new InputError(f, [`field 'id': '${e.id}' must match the file name '${basename(f)}'`]);
    entries.set(e.id, e);
  }
  if (dir === AIRCRAFT_CATALOG_DIR) cached = entries;
  return entries;
}

export function findAircraft(catalog: ReadonlyMap<string, AircraftEntry>, id: string): AircraftEntry {
  const e = catalog.get(id);
  if (!e) throw new UnknownNameError('aircraft', id, closestNames(id, catalog.keys()));
  return e;
}

/** The aircraft's route flight as the cruise mover flies it (level at its cruise altitude; no dive: it ends at its release point). */
export function aircraftFlightSpec(e: AircraftEntry): CruiseMissileSpec {
  return {
    kind: 'cruise', cruiseSpeed: e.cruise_speed_m_s.value, cruiseAltitude: e.cruise_altitude_m.value, maxBank: e.max_bank_deg.value * DEG,
    climbRate: e.climb_rate_m_s.value, maxRange: e.combat_radius_km.value * KM, launchAltitude: 0, launchSpeed: e.cruise_speed_m_s.value,
    terminalDistance: 0, diveAngle: 0,
  };
}

export function aircraftRcs(e: AircraftEntry): AspectRcs {
  return { nose: e.rcs_m2.nose.value, side: e.rcs_m2.side.value, tail: e.rcs_m2.tail.value };
}
