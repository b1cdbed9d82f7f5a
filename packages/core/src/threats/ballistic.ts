import { Dopri5 } from '../numerics/dopri5.ts';
import type { EventDetector } from '../numerics/ode.ts';
import { type LiftLaw, VehicleDynamics } from './dynamics.ts';
import { type EarthModel, earthRate } from '../geo/earth-model.ts';
import { GroundTrack } from './ground-track.ts';
import type { StateHistory } from './state-history.ts';

/** Altitude of the conventional re-entry interface [m]. */
export const REENTRY_INTERFACE_ALTITUDE = 100e3;

export interface UnpoweredBody {
  /** Ballistic coefficient beta = m / (Cd A) [kg/m^2]; 0 for no drag. */
  ballisticCoefficient: number;
  /** Aerodynamic lift (glide vehicles). */
  lift?: LiftLaw | null;
}

export interface ImpactOptions {
  earth: EarthModel;
  /** Height of the ground where the flight ends [m above the ellipsoid]. */
  groundAltitude?: number;
  /** Give up at this time [s from launch]. */
  tMax?: number;
  history?: StateHistory;
  rtol?: number;
  /** Largest integration step [s]. */
  hMax?: number;
  /** Extra events to locate (non-terminal ones are reported; a terminal one stops the flight). */
  events?: EventDetector[];
}

export interface PointEvent {
  t: number;
  /** ECI state [x, y, z, vx, vy, vz] at the event. */
  state: Float64Array;
  latitude: number;
  longitude: number;
  altitude: number;
  /** Speed relative to the rotating Earth [m/s]. */
  speedRelative: number;
}

export interface UnpoweredFlight {
  /** The flight ended on the ground at `impact` (else it reached tMax or a terminal custom event). */
  impact: PointEvent | null;
  apogee: PointEvent | null;
  /** Descending through the re-entry interface (100 km). */
  reentry: PointEvent | null;
  end: PointEvent;
  stoppedBy: string | null;
  /** Largest drag deceleration met by the integrator's stages [m/s^2]. */
  peakDeceleration: number;
  /** Length of the ground track flown from t0 to the end [m] (see GroundTrack; not capped by the great circle). */
  alongTrack: number;
}

/**
 * Flies an unpowered body (a re-entry vehicle, decoy, spent stage or glider) from an ECI state at
 * time t0 until it reaches the ground: ballistic midcourse under J2 gravity, then re-entry with
 * drag (and lift, if given) through the co-rotating atmosphere.
 */
export function flyToImpact(initial: ArrayLike<number>, t0: number, body: UnpoweredBody, options: ImpactOptions): UnpoweredFlight {
  const { earth } = options;
  const groundAltitude = options.groundAltitude ?? 0;
  const dyn = new VehicleDynamics(earth);
  dyn.ballisticCoefficient = body.ballisticCoefficient;
  dyn.lift = body.lift ?? null;
  const y = new Float64Array(7);
  for (let i = 0; i < 6; i++) y[i] = initial[i];
  y[6] = 1; // mass is irrelevant without thrust (drag acts through beta)
  const altitudeOf = (t: number, s: Float64Array): number => dyn.geodetic(t, s[0], s[1], s[2])[2];
  const detectors: EventDetector[] = [
    { name: 'impact', direction: -1, terminal: true, g: (t, s) => altitudeOf(t, s) - groundAltitude },
    { name: 'apogee', direction: -1, g: (_t, s) => s[0] * s[3] + s[1] * s[4] + s[2] * s[5] },
    { name: 'reentry', direction: -1, g: (t, s) => altitudeOf(t, s) - REENTRY_INTERFACE_ALTITUDE },
    ...(options.events ?? []),
  ];
  const dp = new Dopri5(7, { rtol: options.rtol ?? 1e-10, atol: [1e-3, 1e-3, 1e-3, 1e-6, 1e-6, 1e-6, 1], hMax: options.hMax ?? 60 });
  const tMax = options.tMax ?? t0 + 6 * 3600;
  const history = options.history;
  history?.push(t0, y);
  const track = new GroundTrack(earth);
  track.push(t0, y);
  const observer = history
    ? (tt: number, s: Float64Array): void => {
        history.push(tt, s);
        track.push(tt, s);
      }
    : track.push;
  let apogee: PointEvent | null = null;
  let reentry: PointEvent | null = null;
  const capture = (t: number, s: Float64Array): PointEvent => {
    const geo = dyn.geodetic(t, s[0], s[1], s[2]);
    const w = earthRate(earth);
    const vrx = s[3] + w * s[1],
      vry = s[4] - w * s[0];
    return {
      t,
      state: s.slice(0, 6),
      latitude: geo[0],
      longitude: geo[1],
      altitude: geo[2],
      speedRelative: Math.hypot(vrx, vry, s[5]),
    };
  };
  const res = dp.integrate(dyn.derivative, t0, y, tMax, detectors, observer, (ev, s) => {
    if (ev.name === 'apogee' && apogee === null) apogee = capture(ev.t, s);
    else if (ev.name === 'reentry' && reentry === null) reentry = capture(ev.t, s);
  });
  const t = res.t;
  const stoppedBy = res.stoppedBy;
  const end = capture(t, y);
  if (stoppedBy === 'impact') history?.push(t, y);
  track.push(t, y);
  return {
    impact: stoppedBy === 'impact' ? end : null,
    apogee,
    reentry,
    end,
    stoppedBy,
    peakDeceleration: dyn.peakDragAcceleration,
    alongTrack: track.length,
  };
}
