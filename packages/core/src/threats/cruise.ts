import { G0 } from '../constants.ts';
import { geodeticToEcef } from '../geo/geodetic.ts';
import { destinationPoint, greatCircleDistance, initialAzimuth } from '../geo/great-circle.ts';
import type { GeoPoint } from '../geo/place.ts';
import { type EarthModel, earthAngle, earthRate } from '../geo/earth-model.ts';
import { toEci } from '../geo/earth-rotation.ts';
import { StateHistory } from './state-history.ts';

/**
 * A cruise missile as data (SI): it flies at constant airspeed and altitude along great-circle legs
 * between waypoints, turning no faster than its bank limit allows, and dives onto the target at the end.
 */
export interface CruiseMissileSpec {
  kind: 'cruise';
  cruiseSpeed: number;
  /** Cruise height above the ground [m] (terrain is not modelled: above the ellipsoid + target height). */
  cruiseAltitude: number;
  /** Largest bank angle in a coordinated turn [rad]: turn rate = g tan(bank) / V. */
  maxBank: number;
  climbRate: number;
  /** Longest route it can fly [m]. */
  maxRange: number;
  /** Height and speed at which its cruise flight starts (after release or booster burnout) [m, m/s]. */
  launchAltitude: number;
  launchSpeed: number;
  /** Ground distance to the target at which it leaves the cruise altitude [m]. */
  terminalDistance: number;
  /** Flight-path angle of the terminal dive [rad below the horizontal]. */
  diveAngle: number;
}

export interface CruiseSummary {
  /** Great-circle length of the planned route through the waypoints [m]. */
  routeLength: number;
  /** Ground distance actually flown (turns cut corners and add arcs) [m]. */
  groundDistanceFlown: number;
  flightTime: number;
  missDistance: number;
  /** Largest turn rate flown [rad/s]. */
  maxTurnRate: number;
}

export type CruiseFlightResult = { history: StateHistory; summary: CruiseSummary } | { error: string };

const STEP = 0.5; // s: at 250 m/s, 125 m per step; turns of >= several km radius are resolved finely
const RECORD_EVERY = 10; // steps

/**
 * Flies a cruise missile from launch through the waypoints to the target. The flight is kinematic,
 * relative to the rotating Earth (no wind): heading steers towards the next waypoint's great-circle
 * bearing at up to the coordinated-turn rate g tan(bank)/V; altitude climbs at climbRate to cruise,
 * then in the terminal phase the missile pursues the target's line of sight once it is steeper than
 * the dive angle. The state history is written in the inertial frame like every other threat.
 * With `arrive: 'overfly'` (an aircraft flying to its release point) there is no dive: the flight ends
 * in level flight when the point is reached, and the cruise altitude is above the ground there.
 */
export function flyCruiseMissile(
  spec: CruiseMissileSpec,
  from: GeoPoint,
  waypoints: readonly GeoPoint[],
  to: GeoPoint,
  options: { earth: EarthModel; arrive?: 'dive' | 'overfly' },
): CruiseFlightResult {
  const legs = [from, ...waypoints, to];
  let routeLength = 0;
  for (let i = 1; i < legs.length; i++)
    routeLength += greatCircleDistance(legs[i - 1].latitude, legs[i - 1].longitude, legs[i].latitude, legs[i].longitude);
  const km = (m: number): string => `${(m / 1000).toFixed(0)} km`;
  if (routeLength > spec.maxRange)
    return { error: `the route is ${km(routeLength)} long, beyond the missile's range of ${km(spec.maxRange)}` };
  const { earth } = options;
  const v = spec.cruiseSpeed;
  const maxTurn = (G0 * Math.tan(spec.maxBank)) / v;
  const turnRadius = v / maxTurn;
  let lat = from.latitude,
    lon = from.longitude;
  let h = Math.max(from.altitude, spec.launchAltitude);
  let heading = initialAzimuth(lat, lon, legs[1].latitude, legs[1].longitude);
  let next = 1;
  let t = 0;
  let flown = 0;
  let maxTurnRate = 0;
  let diving = false;
  let gamma = 0;
  const history = new StateHistory();
  const state = new Float64Array(6);
  const record = (): void => {
    const ecef = geodeticToEcef(lat, lon, h);
    const th = earthAngle(earth, t);
    toEci(th, ecef[0], ecef[1], ecef[2], state, 0);
    // velocity: ENU (v cos g sin psi, v cos g cos psi, v sin g) in ECEF, rotated, plus omega x r
    const ve = v * Math.cos(gamma) * Math.sin(heading),
      vn = v * Math.cos(gamma) * Math.cos(heading),
      vu = v * Math.sin(gamma);
    const sl = Math.sin(lat),
      cl = Math.cos(lat),
      so = Math.sin(lon),
      co = Math.cos(lon);
    const vx = -so * ve - sl * co * vn + cl * co * vu,
      vy = co * ve - sl * so * vn + cl * so * vu,
      vz = cl * vn + sl * vu;
    const vi = [0, 0, 0];
    toEci(th, vx, vy, vz, vi);
    const w = earthRate(earth);
    state[3] = vi[0] - w * state[1];
    state[4] = vi[1] + w * state[0];
    state[5] = vi[2];
    history.push(t, state);
  };
  record();
  const tMax = (2 * spec.maxRange) / v;
  let steps = 0;
  while (t < tMax) {
    const target = legs[next];
    const d = greatCircleDistance(lat, lon, target.latitude, target.longitude);
    const isFinal = next === legs.length - 1;
    if (isFinal && options.arrive === 'overfly' && d <= v * STEP) {
      // an aircraft reaching its release point: the flight ends there in level flight
      record();
      return { history, summary: { routeLength, groundDistanceFlown: flown, flightTime: t, missDistance: d, maxTurnRate } };
    }
    if (!isFinal && d < Math.max(turnRadius, 2 * v * STEP)) {
      next++;
      continue;
    }
    // heading towards the current leg's end, limited to the coordinated-turn rate
    const bearing = initialAzimuth(lat, lon, target.latitude, target.longitude);
    const err = Math.atan2(Math.sin(bearing - heading), Math.cos(bearing - heading));
    const turn = Math.max(-maxTurn * STEP, Math.min(maxTurn * STEP, err));
    if (Math.abs(turn) / STEP > maxTurnRate) maxTurnRate = Math.abs(turn) / STEP;
    heading += turn;
    // vertical profile
    const floor = to.altitude;
    if (isFinal && options.arrive !== 'overfly' && !diving && d < spec.terminalDistance && Math.atan2(h - floor, d) >= spec.diveAngle)
      diving = true;
    if (diving) {
      gamma = -Math.atan2(h - floor, Math.max(d, 1));
    } else {
      const wanted = floor + spec.cruiseAltitude;
      const climb = Math.max(-spec.climbRate, Math.min(spec.climbRate, (wanted - h) / 10));
      gamma = Math.asin(Math.max(-1, Math.min(1, climb / v)));
    }
    const ground = v * Math.cos(gamma) * STEP;
    const dh = v * Math.sin(gamma) * STEP;
    if (diving && h + dh <= floor) {
      // last partial step to the ground
      const f = (h - floor) / -dh;
      const p = destinationPoint(lat, lon, heading, ground * f);
      lat = p.latitude;
      lon = p.longitude;
      h = floor;
      t += STEP * f;
      flown += ground * f;
      record();
      const miss = greatCircleDistance(lat, lon, to.latitude, to.longitude);
      return { history, summary: { routeLength, groundDistanceFlown: flown, flightTime: t, missDistance: miss, maxTurnRate } };
    }
    const p = destinationPoint(lat, lon, heading, ground);
    lat = p.latitude;
    lon = p.longitude;
    h += dh;
    t += STEP;
    flown += ground;
    if (++steps % RECORD_EVERY === 0) record();
  }
  return {
    error: `did not reach the target within ${(tMax / 3600).toFixed(1)} h (the route may need turns tighter than a ${km(turnRadius)} radius)`,
  };
}
