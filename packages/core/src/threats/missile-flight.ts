import { greatCircleDistance } from '../geo/great-circle.ts';
import { Dopri5 } from '../numerics/dopri5.ts';
import { MU_EARTH, R_EARTH_MEAN, WGS84_A } from '../constants.ts';
import { flyToImpact, REENTRY_INTERFACE_ALTITUDE, type UnpoweredFlight } from './ballistic.ts';
import { type BoostControls, type BoostResult, flyBoost } from './boost.ts';
import { type GeoPoint } from '../geo/place.ts';
import { VehicleDynamics } from './dynamics.ts';
import type { EarthModel } from '../geo/earth-model.ts';
import type { BallisticMissileSpec } from './missile.ts';
import { StateHistory } from './state-history.ts';

export interface ObjectFlight {
  kind: 'warhead' | 'decoy';
  /** 0-based index in release order; object 0 is the primary warhead. */
  index: number;
  releaseTime: number;
  flight: UnpoweredFlight;
  history?: StateHistory;
}

export interface MissileFlight {
  boost: BoostResult;
  /** The primary warhead, released at burnout with no separation velocity (the one aimed at the target). */
  primary: ObjectFlight;
  /** Every released object, primary first (only the primary unless `allObjects`). */
  objects: ObjectFlight[];
  /** Boost and primary-warhead states, for output. */
  history?: StateHistory;
  summary: FlightSummary;
}

/** The figures an analyst reads off a trajectory (SI). */
export interface FlightSummary {
  burnoutTime: number;
  burnoutAltitude: number;
  /** Inertial speed at burnout [m/s]. */
  burnoutSpeed: number;
  /** Speed relative to the rotating Earth at burnout [m/s]. */
  burnoutSpeedRelative: number;
  apogeeAltitude: number;
  apogeeTime: number;
  /** Ground (great-circle) range from the launch point to the impact point [m] (at most ~20,015 km). */
  groundRange: number;
  /**
   * Along-track ground range: the length of the ground track from launch to the end of the primary's
   * flight [m] (boost included; not capped by the great circle).
   */
  alongTrackRange: number;
  /**
   * Orbital-class: at burnout the primary's two-body osculating perigee is above the 100 km re-entry
   * interface (or the orbit is open), or its ground track is at least one circumference of the Earth
   * (it went round the world before coming down): global reach.
   */
  orbital: boolean;
  flightTime: number;
  /** Earth-relative speed at the 100 km re-entry interface [m/s] (NaN if it never re-entered). */
  reentrySpeed: number;
  impactSpeed: number;
  impactLatitude: number;
  impactLongitude: number;
  peakDeceleration: number;
}

export interface MissileFlightOptions {
  earth: EarthModel;
  /** Record state histories (for output); off in solver loops. */
  recordHistory?: boolean;
  /** Fly every released object, not only the primary warhead. */
  allObjects?: boolean;
  rtol?: number;
  targetAltitude?: number;
}

/** Flies a ballistic missile: boost, post-boost release of its objects, midcourse and re-entry to impact. */
export function flyMissile(
  spec: BallisticMissileSpec,
  controls: BoostControls,
  site: GeoPoint,
  options: MissileFlightOptions,
): MissileFlight {
  const { earth } = options;
  const history = options.recordHistory ? new StateHistory() : undefined;
  const boost = flyBoost(spec.rocket, spec.pitch, controls, site, { earth, history, rtol: options.rtol });
  const primarySpec = spec.objects.find((o) => o.kind === 'warhead') ?? spec.objects[0];
  const impactOptions = { earth, groundAltitude: options.targetAltitude ?? 0, rtol: options.rtol };
  const flight = flyToImpact(
    boost.state,
    boost.t,
    { ballisticCoefficient: primarySpec.ballisticCoefficient },
    { ...impactOptions, history },
  );
  const primary: ObjectFlight = { kind: primarySpec.kind, index: 0, releaseTime: boost.t + spec.bus.deployDelay, flight };
  const objects: ObjectFlight[] = [primary];
  if (options.allObjects && !boost.failure) objects.push(...releaseOthers(spec, boost, options));
  return { boost, primary, objects, history, summary: summarize(boost, flight, site) };
}

/**
 * The bus coasts from burnout and releases the remaining objects at deployDelay + k * releaseInterval,
 * each pushed off at the separation speed in a direction spread around the bus velocity (successive
 * golden-angle turns in the plane across the velocity, tilted 30 deg forward), deterministically.
 */
function releaseOthers(spec: BallisticMissileSpec, boost: BoostResult, options: MissileFlightOptions): ObjectFlight[] {
  const { earth } = options;
  const list: Array<{ kind: 'warhead' | 'decoy'; beta: number }> = [];
  let primaryTaken = false;
  for (const o of spec.objects) {
    for (let c = 0; c < o.count; c++) {
      if (!primaryTaken && o.kind === 'warhead') {
        primaryTaken = true;
        continue;
      }
      list.push({ kind: o.kind, beta: o.ballisticCoefficient });
    }
  }
  const dyn = new VehicleDynamics({ ...earth, atmosphere: false });
  const dp = new Dopri5(7, { rtol: 1e-10, atol: 1e-3, hMax: 60 });
  const bus = boost.state.slice();
  let t = boost.t;
  const out: ObjectFlight[] = [];
  const golden = Math.PI * (3 - Math.sqrt(5));
  list.forEach((o, k) => {
    const tRelease = boost.t + spec.bus.deployDelay + (k + 1) * spec.bus.releaseInterval;
    dp.integrate(dyn.derivative, t, bus, tRelease);
    t = tRelease;
    // bus frame: along = v/|v|, cross = r x v / |r x v|, radial-ish = cross x along
    const [x, y, z, vx, vy, vz] = bus;
    const v = Math.hypot(vx, vy, vz);
    const ax = vx / v,
      ay = vy / v,
      az = vz / v;
    let cx = y * vz - z * vy,
      cy = z * vx - x * vz,
      cz = x * vy - y * vx;
    const cn = Math.hypot(cx, cy, cz);
    cx /= cn;
    cy /= cn;
    cz /= cn;
    const ux = cy * az - cz * ay,
      uy = cz * ax - cx * az,
      uz = cx * ay - cy * ax;
    const phi = (k + 1) * golden;
    const tilt = Math.PI / 6;
    const s = spec.bus.separationSpeed;
    const dvx = s * (Math.sin(tilt) * ax + Math.cos(tilt) * (Math.cos(phi) * cx + Math.sin(phi) * ux));
    const dvy = s * (Math.sin(tilt) * ay + Math.cos(tilt) * (Math.cos(phi) * cy + Math.sin(phi) * uy));
    const dvz = s * (Math.sin(tilt) * az + Math.cos(tilt) * (Math.cos(phi) * cz + Math.sin(phi) * uz));
    const start = [x, y, z, vx + dvx, vy + dvy, vz + dvz];
    const history = options.recordHistory ? new StateHistory() : undefined;
    const flight = flyToImpact(
      start,
      t,
      { ballisticCoefficient: o.beta },
      { earth, groundAltitude: options.targetAltitude ?? 0, history, rtol: options.rtol },
    );
    out.push({ kind: o.kind, index: k + 1, releaseTime: t, flight, history });
  });
  return out;
}

function summarize(boost: BoostResult, flight: UnpoweredFlight, site: GeoPoint): FlightSummary {
  const s = boost.state;
  const end = flight.end;
  return {
    burnoutTime: boost.t,
    burnoutAltitude: boost.altitude,
    burnoutSpeed: Math.hypot(s[3], s[4], s[5]),
    burnoutSpeedRelative: boost.speedRelative,
    apogeeAltitude: flight.apogee?.altitude ?? NaN,
    apogeeTime: flight.apogee?.t ?? NaN,
    groundRange: greatCircleDistance(site.latitude, site.longitude, end.latitude, end.longitude),
    alongTrackRange: boost.alongTrack + flight.alongTrack,
    orbital: !boost.failure && (isOrbital(s) || boost.alongTrack + flight.alongTrack >= 2 * Math.PI * R_EARTH_MEAN),
    flightTime: end.t,
    reentrySpeed: flight.reentry?.speedRelative ?? NaN,
    impactSpeed: end.speedRelative,
    impactLatitude: end.latitude,
    impactLongitude: end.longitude,
    peakDeceleration: flight.peakDeceleration,
  };
}

/**
 * Whether an ECI state [x, y, z, vx, vy, vz] is on an orbit that stays above the 100 km re-entry
 * interface (two-body osculating perigee r_p = h^2 / (mu (1 + e)), Vallado eq. 2-57 and 2-62), or on an
 * open one (energy >= 0).
 */
export function isOrbital(s: ArrayLike<number>): boolean {
  const r = Math.hypot(s[0], s[1], s[2]);
  const v2 = s[3] * s[3] + s[4] * s[4] + s[5] * s[5];
  const energy = 0.5 * v2 - MU_EARTH / r;
  if (energy >= 0) return true;
  const hx = s[1] * s[5] - s[2] * s[4],
    hy = s[2] * s[3] - s[0] * s[5],
    hz = s[0] * s[4] - s[1] * s[3];
  const h2 = hx * hx + hy * hy + hz * hz;
  const e = Math.sqrt(Math.max(0, 1 + (2 * energy * h2) / (MU_EARTH * MU_EARTH)));
  return h2 / (MU_EARTH * (1 + e)) > WGS84_A + REENTRY_INTERFACE_ALTITUDE;
}
