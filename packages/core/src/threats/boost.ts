import type { GeoPoint } from '../geo/place.ts';
import { G0, MU_EARTH, WGS84_A } from '../constants.ts';
import { geodeticToEcef } from '../geo/geodetic.ts';
import { Dopri5 } from '../numerics/dopri5.ts';
import type { EventDetector } from '../numerics/ode.ts';
import { Steering, VehicleDynamics } from './dynamics.ts';
import { type EarthModel, earthRate } from '../geo/earth-model.ts';
import { toEci } from '../geo/earth-rotation.ts';
import { type RocketSpec, stageMassFlow, stageVacuumThrust } from './rocket.ts';
import { GroundTrack } from './ground-track.ts';
import type { StateHistory } from './state-history.ts';

/**
 * The steering of a ballistic missile's ascent, the scheme of published boost-phase studies:
 * vertical rise, a short pitch-over ("kick") towards the launch azimuth, then a gravity turn
 * (thrust along the Earth-relative velocity). The kick angle shapes the trajectory: a small kick
 * lofts it, a large one depresses it.
 */
export interface PitchProgram {
  verticalRiseTime: number;
  kickDuration: number;
  /**
   * Closed-loop orbit insertion for the upper stages (FOBS, space launch): from stage (1-based index >= 1,
   * `fromStage`, 0-based, at least 1: the first stage always flies the gravity turn) the thrust holds `altitude` with zero climb rate and cuts off at circular speed.
   */
  insertion?: { fromStage: number; altitude: number };
}

/** What the targeting solvers vary. */
export interface BoostControls {
  /** Launch azimuth [rad from north, clockwise]. */
  azimuth: number;
  /** Pitch-over angle from the vertical at the end of the kick [rad]. */
  kickAngle: number;
  /** Fraction of the last stage's burn time used before thrust termination, in (0, 1]. */
  finalBurnFraction: number;
}

export interface StageEvent {
  stage: number;
  /** 'burnout' | 'cutoff' (thrust terminated early) | 'separation' */
  kind: 'burnout' | 'cutoff' | 'orbit-insertion';
  t: number;
}

export interface BoostResult {
  /** State at the end of powered flight [x, y, z, vx, vy, vz, m] (ECI) with the spent stage dropped. */
  state: Float64Array;
  /** Time of the end of powered flight [s from launch]. */
  t: number;
  stageEvents: StageEvent[];
  /** Geodetic altitude [m] and Earth-relative speed [m/s] at the end of powered flight. */
  altitude: number;
  speedRelative: number;
  /** Set when the flight failed (e.g. it hit the ground during boost). */
  failure: string | null;
  /** Length of the ground track flown during the boost [m] (see GroundTrack). */
  alongTrack: number;
}

export interface FlightOptions {
  earth: EarthModel;
  history?: StateHistory;
  rtol?: number;
}

const GROUND_CLEARANCE_TIME = 2; // s after lift-off before "hit the ground" can trigger
/** Model choice: an orbit whose perigee is within 10 km of the insertion altitude counts as inserted. */
const INSERTION_PERIGEE_MARGIN = 10e3;

/** ECI state of a point resting on the rotating Earth at t = 0 (velocity omega x r). */
export function stateOnGround(site: GeoPoint, earth: EarthModel, out = new Float64Array(7)): Float64Array {
  const ecef = geodeticToEcef(site.latitude, site.longitude, site.altitude);
  toEci(earth.theta0, ecef[0], ecef[1], ecef[2], out, 0);
  const w = earthRate(earth);
  out[3] = -w * out[1];
  out[4] = w * out[0];
  out[5] = 0;
  return out;
}

/** Integrates the powered ascent of a staged rocket from a launch site. */
export function flyBoost(
  rocket: RocketSpec,
  program: PitchProgram,
  controls: BoostControls,
  site: GeoPoint,
  options: FlightOptions,
): BoostResult {
  const { earth, history } = options;
  const dyn = new VehicleDynamics(earth);
  dyn.referenceArea = rocket.referenceArea;
  dyn.dragCurve = rocket.drag;
  dyn.azimuth = controls.azimuth;
  dyn.kickAngle = controls.kickAngle;
  dyn.kickDuration = program.kickDuration;
  const dp = new Dopri5(7, { rtol: options.rtol ?? 1e-10, atol: [1e-3, 1e-3, 1e-3, 1e-6, 1e-6, 1e-6, 1e-3], hMax: 10 });
  const y = stateOnGround(site, earth);
  y[6] = rocket.payloadMass + rocket.stages.reduce((m, s) => m + s.propellantMass + s.dryMass, 0);
  const stageEvents: StageEvent[] = [];
  const ground: EventDetector = {
    name: 'ground',
    direction: -1,
    terminal: true,
    g: (t, s) => (t < GROUND_CLEARANCE_TIME ? 1 : dyn.geodetic(t, s[0], s[1], s[2])[2] - site.altitude + 1),
  };
  // Orbit insertion ends when the osculating perigee has risen to within INSERTION_PERIGEE_MARGIN of
  // the hold altitude: r_p = h^2 / (mu (1 + e)), e = sqrt(1 + 2 E h^2 / mu^2) (Vallado, 4th ed., eq. 2-
  // 57 and 2-62). With the climb rate held at zero this is the moment the speed becomes circular.
  const insertion: EventDetector = {
    name: 'orbit-insertion',
    direction: 1,
    terminal: true,
    g: (_t, s) => {
      const r = Math.hypot(s[0], s[1], s[2]);
      const v2 = s[3] * s[3] + s[4] * s[4] + s[5] * s[5];
      const hx = s[1] * s[5] - s[2] * s[4],
        hy = s[2] * s[3] - s[0] * s[5],
        hz = s[0] * s[4] - s[1] * s[3];
      const h2 = hx * hx + hy * hy + hz * hz;
      const energy = 0.5 * v2 - MU_EARTH / r;
      const e = Math.sqrt(Math.max(0, 1 + (2 * energy * h2) / (MU_EARTH * MU_EARTH)));
      return h2 / (MU_EARTH * (1 + e)) - (dyn.holdRadius - INSERTION_PERIGEE_MARGIN);
    },
  };
  const track = new GroundTrack(earth);
  track.push(0, y);
  const observer = history
    ? (t: number, s: Float64Array): void => {
        history.push(t, s);
        track.push(t, s);
      }
    : track.push;
  history?.push(0, y);

  let t = 0;
  const segment = (tEnd: number, steering: Steering, events: EventDetector[]): string | null => {
    dyn.steering = steering;
    dyn.phaseStart = t;
    if (tEnd <= t) return null;
    const res = dp.integrate(dyn.derivative, t, y, tEnd, events, observer);
    t = res.t;
    track.push(t, y);
    return res.stoppedBy;
  };
  const finish = (failure: string | null): BoostResult => {
    const w = earthRate(earth);
    const speedRelative = Math.hypot(y[3] + w * y[1], y[4] - w * y[0], y[5]);
    return { state: y, t, stageEvents, altitude: dyn.geodetic(t, y[0], y[1], y[2])[2], speedRelative, failure, alongTrack: track.length };
  };
  const last = rocket.stages.length - 1;
  for (let k = 0; k <= last; k++) {
    const stage = rocket.stages[k];
    dyn.massFlow = stageMassFlow(stage);
    dyn.thrustVacuum = stageVacuumThrust(stage);
    dyn.thrustPressureLoss = stage.ispSeaLevel === undefined ? 0 : dyn.massFlow * G0 * (stage.ispVacuum - stage.ispSeaLevel);
    const burn = k === last ? stage.burnTime * controls.finalBurnFraction : stage.burnTime;
    const ignition = t;
    const tBurnout = ignition + burn;
    const inserting = program.insertion !== undefined && k >= program.insertion.fromStage;
    let stop: string | null = null;
    if (k === 0) {
      const tv = Math.min(program.verticalRiseTime, tBurnout);
      const tk = Math.min(tv + program.kickDuration, tBurnout);
      stop = segment(tv, Steering.Vertical, [ground]) ?? segment(tk, Steering.Kick, [ground]);
      if (stop === null) stop = segment(tBurnout, Steering.GravityTurn, [ground]);
    } else if (inserting) {
      dyn.holdRadius = WGS84_A + (program.insertion as { altitude: number }).altitude;
      stop = segment(tBurnout, Steering.AltitudeHold, [ground, insertion]);
    } else {
      stop = segment(tBurnout, Steering.GravityTurn, [ground]);
    }
    if (stop === 'ground') {
      return finish(`hit the ground during boost (stage ${k + 1}, t = ${t.toFixed(1)} s): the trajectory is too depressed`);
    }
    const burned = dyn.massFlow * (t - ignition);
    const unburned = Math.max(0, stage.propellantMass - burned);
    const early = stop === 'orbit-insertion' || (k === last && controls.finalBurnFraction < 1);
    stageEvents.push({ stage: k + 1, kind: stop === 'orbit-insertion' ? 'orbit-insertion' : early ? 'cutoff' : 'burnout', t });
    // Drop the spent stage (and any propellant left in it after an early cut-off).
    y[6] -= stage.dryMass + unburned;
    dyn.massFlow = 0;
    if (stop === 'orbit-insertion') {
      for (let j = k + 1; j <= last; j++) y[6] -= rocket.stages[j].dryMass + rocket.stages[j].propellantMass;
      break;
    }
    const coast = k < last ? (stage.coastAfter ?? 0) : 0;
    if (coast > 0 && segment(t + coast, Steering.GravityTurn, [ground]) === 'ground') {
      return finish(`hit the ground while coasting after stage ${k + 1}`);
    }
  }
  return finish(null);
}
