import { ecefToGeodetic } from '../geo/geodetic.ts';
import { type EarthModel, earthAngle } from '../geo/earth-model.ts';
import { toEcef } from '../geo/earth-rotation.ts';
import type { StateHistory } from '../threats/state-history.ts';

/**
 * A threat's ascent as the defense sees it: Earth-fixed positions at a uniform step from launch. In
 * the Earth-fixed frame the same launch from the same site traces the same path whatever the time of
 * day, so one flight serves every launch time of a coverage study; only the constellation moves.
 */
export interface ThreatTrack {
  /** Sample spacing [s]; sample k is at k * step after launch. */
  readonly step: number;
  readonly length: number;
  /** ECEF positions [m], xyz per sample. */
  readonly ecef: Float64Array;
  /** Geodetic altitude per sample [m]. */
  readonly altitude: Float64Array;
  /** Time of the threat's burnout [s after launch]. */
  readonly burnoutTime: number;
}

/**
 * Resamples a flight's inertial state history (t from launch, ECI with Earth angle earth.theta0 at
 * t = 0) to a uniform Earth-fixed track from 0 to endTime, by cubic Hermite interpolation of position
 * and velocity between the integrator's steps (error O(h^4), millimetres at the boost's <= 10 s steps).
 */
export function threatTrackFromHistory(
  history: StateHistory,
  earth: EarthModel,
  burnoutTime: number,
  endTime: number,
  step = 1,
): ThreatTrack {
  if (history.length < 2) throw new Error('a threat track needs a recorded flight of at least two states');
  const last = history.time(history.length - 1);
  const end = Math.min(endTime, last);
  const length = Math.floor(end / step + 1e-9) + 1;
  const ecef = new Float64Array(3 * length);
  const altitude = new Float64Array(length);
  const a = new Float64Array(6),
    b = new Float64Array(6),
    p = new Float64Array(3),
    geo = new Float64Array(3);
  let seg = 0;
  for (let k = 0; k < length; k++) {
    const t = k * step;
    while (seg < history.length - 2 && history.time(seg + 1) < t) seg++;
    let t0 = history.time(seg),
      t1 = history.time(seg + 1);
    let s0 = seg;
    // skip zero-length intervals (an event recorded twice)
    while (t1 - t0 <= 0 && s0 + 2 < history.length) {
      s0++;
      t0 = history.time(s0);
      t1 = history.time(s0 + 1);
    }
    history.state(s0, a);
    history.state(s0 + 1, b);
    const h = t1 - t0;
    const s = h > 0 ? Math.min(1, Math.max(0, (t - t0) / h)) : 0;
    const s2 = s * s,
      s3 = s2 * s;
    const h00 = 2 * s3 - 3 * s2 + 1,
      h10 = s3 - 2 * s2 + s,
      h01 = -2 * s3 + 3 * s2,
      h11 = s3 - s2;
    for (let i = 0; i < 3; i++) p[i] = h00 * a[i] + h10 * h * a[i + 3] + h01 * b[i] + h11 * h * b[i + 3];
    toEcef(earthAngle(earth, t), p[0], p[1], p[2], ecef, 3 * k);
    ecefToGeodetic(ecef[3 * k], ecef[3 * k + 1], ecef[3 * k + 2], geo);
    altitude[k] = geo[2];
  }
  return { step, length, ecef, altitude, burnoutTime };
}
