import { join } from 'node:path';
import { type AspectRcs, type CruiseMissileSpec, type FighterSpec, KM } from '@golden-dome/core';
import { type AircraftEntry, aircraftEntry, type BomberEntry, type FighterEntry } from './aircraft-schema.ts';
import { CATALOG_DIR } from './catalog.ts';
import { catalogFolder, findEntry, findEntryOf } from './catalog-folder.ts';
import { cruiseSpecOf } from './resolve-threat.ts';

export const AIRCRAFT_CATALOG_DIR = join(CATALOG_DIR, 'aircraft');

/** Loads and validates aircraft/*.yaml (each file named for its id); errors name file, line and field. */
export const loadAircraftCatalog = catalogFolder(AIRCRAFT_CATALOG_DIR, aircraftEntry, { kind: 'aircraft' });

export function findAircraft(catalog: ReadonlyMap<string, AircraftEntry>, id: string): AircraftEntry {
  return findEntry(catalog, id, 'aircraft');
}

/** A bomber of the catalog; an unknown id or another role is an error naming the closest bombers. */
export function findBomber(catalog: ReadonlyMap<string, AircraftEntry>, id: string): BomberEntry {
  return findEntryOf(catalog, id, 'aircraft', 'bomber', (e): e is BomberEntry => e.role === 'bomber');
}

/** A fighter of the catalog; an unknown id or another role is an error naming the closest fighters. */
export function findFighter(catalog: ReadonlyMap<string, AircraftEntry>, id: string): FighterEntry {
  return findEntryOf(catalog, id, 'aircraft', 'fighter', (e): e is FighterEntry => e.role === 'fighter');
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
  return cruiseSpecOf(e, {
    maxRange: e.combat_radius_km.value * KM,
    launchAltitude: 0,
    launchSpeed: e.cruise_speed_m_s.value,
    terminalDistance: 0,
    diveAngle: 0,
  });
}

export function aircraftRcs(e: BomberEntry): AspectRcs {
  return { nose: e.rcs_m2.nose.value, side: e.rcs_m2.side.value, tail: e.rcs_m2.tail.value };
}
