import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type AspectRcs, type CruiseMissileSpec, DEG, type FighterSpec, KM } from '@golden-dome/core';
import { InputError, loadValidatedYaml } from '../validated-yaml.ts';
import { type AircraftEntry, aircraftEntry, type BomberEntry, type FighterEntry } from './aircraft-schema.ts';
import { CATALOG_DIR, closestNames, UnknownNameError } from './catalog.ts';

export const AIRCRAFT_CATALOG_DIR = join(CATALOG_DIR, 'aircraft');

let cached: ReadonlyMap<string, AircraftEntry> | null = null;

/** Loads and validates aircraft/*.yaml (each file named for its id); errors name file, line and field. */
export function loadAircraftCatalog(dir = AIRCRAFT_CATALOG_DIR): ReadonlyMap<string, AircraftEntry> {
  if (dir === AIRCRAFT_CATALOG_DIR && cached) return cached;
  const entries = new Map<string, AircraftEntry>();
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.yaml'))
    .sort()
    .map((x) => join(dir, x))) {
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

/** A bomber of the catalog; an unknown id or another role is an error naming what there is. */
export function findBomber(catalog: ReadonlyMap<string, AircraftEntry>, id: string): BomberEntry {
  const e = findAircraft(catalog, id);
  if (e.role !== 'bomber')
    throw new UnknownNameError(
      'bomber',
      id,
      [...catalog.values()].filter((x) => x.role === 'bomber').map((x) => x.id),
    );
  return e;
}

/** A fighter of the catalog; an unknown id or another role is an error naming what there is. */
export function findFighter(catalog: ReadonlyMap<string, AircraftEntry>, id: string): FighterEntry {
  const e = findAircraft(catalog, id);
  if (e.role !== 'fighter')
    throw new UnknownNameError(
      'fighter',
      id,
      [...catalog.values()].filter((x) => x.role === 'fighter').map((x) => x.id),
    );
  return e;
}

/** A fighter's scramble geometry and missiles in SI units (core's FighterSpec); with a tanker, its tanker-extended combat radius. */
export function fighterSpec(e: FighterEntry, tanker: boolean): FighterSpec {
  return {
    type: e.id,
    scrambleDelay: e.scramble_delay_s.value,
    climbRate: e.climb_rate_m_s.value,
    climbSpeed: e.climb_speed_m_s.value,
    dashSpeed: e.dash_speed_m_s.value,
    combatRadius: (tanker ? e.combat_radius_tanker_km.value : e.combat_radius_km.value) * KM,
    missiles: e.missiles.map((m) => ({
      name: m.name,
      count: m.count.value,
      range: m.range_km.value * KM,
      singleShotPk: m.single_shot_pk.value,
    })),
  };
}

/** The aircraft's route flight as the cruise mover flies it (level at its cruise altitude; no dive: it ends at its release point). */
export function aircraftFlightSpec(e: BomberEntry): CruiseMissileSpec {
  return {
    kind: 'cruise',
    cruiseSpeed: e.cruise_speed_m_s.value,
    cruiseAltitude: e.cruise_altitude_m.value,
    maxBank: e.max_bank_deg.value * DEG,
    climbRate: e.climb_rate_m_s.value,
    maxRange: e.combat_radius_km.value * KM,
    launchAltitude: 0,
    launchSpeed: e.cruise_speed_m_s.value,
    terminalDistance: 0,
    diveAngle: 0,
  };
}

export function aircraftRcs(e: BomberEntry): AspectRcs {
  return { nose: e.rcs_m2.nose.value, side: e.rcs_m2.side.value, tail: e.rcs_m2.tail.value };
}
