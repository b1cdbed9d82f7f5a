import type { BallisticMissileSpec, CruiseMissileSpec, DragCurve, FobsSpec, GlideMissileSpec, RocketSpec } from '@golden-dome/core';
import { DEG } from '@golden-dome/core';
import type { BallisticThreatEntry, CruiseThreatEntry, FobsThreatEntry, GlideThreatEntry, ThreatEntry } from './threat-schema.ts';

export type ThreatSpec = BallisticMissileSpec | GlideMissileSpec | FobsSpec | CruiseMissileSpec;

type RocketEntry = BallisticThreatEntry['rocket'];

/** Catalog units (kg, s, km, deg) to SI, once, at the edge. */
function rocketOf(r: RocketEntry, payloadOverride?: number): RocketSpec {
  const drag: DragCurve = { mach: r.drag_mach.value, cd: r.drag_cd.value };
  return {
    stages: r.stages.map((s) => ({
      propellantMass: s.propellant_kg.value,
      dryMass: s.dry_kg.value,
      burnTime: s.burn_s.value,
      ispVacuum: s.isp_vacuum_s.value,
      ispSeaLevel: s.isp_sea_level_s?.value,
      coastAfter: s.coast_after_s?.value,
    })),
    payloadMass: payloadOverride ?? r.payload_kg.value,
    referenceArea: Math.PI * (r.diameter_m.value / 2) ** 2,
    drag,
  };
}

function kickRange(p: BallisticThreatEntry['pitch']): readonly [number, number] {
  const [a, b] = p.kick_range_deg.value;
  return [a * DEG, (b ?? a) * DEG];
}

export function resolveThreat(e: ThreatEntry): ThreatSpec {
  switch (e.kind) {
    case 'ballistic':
      return resolveBallistic(e);
    case 'glide':
      return resolveGlide(e);
    case 'fobs':
      return resolveFobs(e);
    case 'cruise':
      return resolveCruise(e);
  }
}

function resolveBallistic(e: BallisticThreatEntry): BallisticMissileSpec {
  return {
    kind: 'ballistic',
    rocket: rocketOf(e.rocket),
    pitch: { verticalRiseTime: e.pitch.vertical_rise_s.value, kickDuration: e.pitch.kick_duration_s.value },
    bus: {
      deployDelay: e.bus.deploy_delay_s.value,
      releaseInterval: e.bus.release_interval_s.value,
      separationSpeed: e.bus.separation_speed_m_s.value,
    },
    objects: e.objects.map((o) => ({
      kind: o.kind,
      count: o.count,
      mass: o.mass_kg.value,
      ballisticCoefficient: o.ballistic_coefficient_kg_m2.value,
    })),
    kickRange: kickRange(e.pitch),
  };
}

function resolveGlide(e: GlideThreatEntry): GlideMissileSpec {
  return {
    kind: 'glide',
    rocket: rocketOf(e.rocket, e.glider.mass_kg.value),
    pitch: { verticalRiseTime: e.pitch.vertical_rise_s.value, kickDuration: e.pitch.kick_duration_s.value },
    glider: {
      mass: e.glider.mass_kg.value,
      ballisticCoefficient: e.glider.ballistic_coefficient_kg_m2.value,
      liftToDrag: e.glider.lift_to_drag.value,
      minGlideAltitude: e.glider.min_glide_altitude_km.value * 1000,
      diveAngle: e.glider.dive_angle_deg.value * DEG,
    },
    kickRange: kickRange(e.pitch),
  };
}

function resolveFobs(e: FobsThreatEntry): FobsSpec {
  return {
    kind: 'fobs',
    rocket: rocketOf(e.rocket),
    pitch: {
      verticalRiseTime: e.pitch.vertical_rise_s.value,
      kickDuration: e.pitch.kick_duration_s.value,
      insertion: { fromStage: 1, altitude: e.pitch.orbit_altitude_km.value * 1000 },
    },
    kickAngle: e.pitch.kick_deg.value * DEG,
    deorbitDeltaV: e.deorbit_delta_v_m_s.value,
    warhead: { mass: e.warhead.mass_kg.value, ballisticCoefficient: e.warhead.ballistic_coefficient_kg_m2.value },
  };
}

/** The cruise-flight fields a cruise missile and a bomber's route share, in catalog units. */
export interface CruiseFlightEntry {
  cruise_speed_m_s: { value: number };
  cruise_altitude_m: { value: number };
  max_bank_deg: { value: number };
  climb_rate_m_s: { value: number };
}

/**
 * The cruise mover's spec from an entry's cruise-flight fields (catalog units to SI, once, at the edge) and
 * the rest in SI: the one mapping for cruise missiles and bombers' routes (aircraftFlightSpec).
 */
export function cruiseSpecOf(
  e: CruiseFlightEntry,
  rest: Pick<CruiseMissileSpec, 'maxRange' | 'launchAltitude' | 'launchSpeed' | 'terminalDistance' | 'diveAngle'>,
): CruiseMissileSpec {
  return {
    kind: 'cruise',
    cruiseSpeed: e.cruise_speed_m_s.value,
    cruiseAltitude: e.cruise_altitude_m.value,
    maxBank: e.max_bank_deg.value * DEG,
    climbRate: e.climb_rate_m_s.value,
    ...rest,
  };
}

function resolveCruise(e: CruiseThreatEntry): CruiseMissileSpec {
  return cruiseSpecOf(e, {
    maxRange: e.max_range_km.value * 1000,
    launchAltitude: e.launch_altitude_m.value,
    launchSpeed: e.launch_speed_m_s.value,
    terminalDistance: e.terminal_distance_km.value * 1000,
    diveAngle: e.dive_angle_deg.value * DEG,
  });
}
