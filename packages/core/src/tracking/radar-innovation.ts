import { type RadarNoise, radarMeasurement, radarPositionJacobian, type SensorSite, type TrackEstimate, wrapAngle } from './ekf.ts';

/**
 * What a track predicts a radar will measure, without touching the track: the predicted look
 * z = h(x) = [range, azimuth, elevation], the Jacobian H of h with respect to position (its velocity
 * columns are zero, so only the 3 x 3 position block is kept), and the innovation covariance
 * S = H P_rr H^T + R with its inverse. It is the quantity BallisticEkf.updateRadar forms on its first
 * iteration, so the normalised innovation below equals the NIS that update returns.
 */
export interface RadarPrediction {
  /** Predicted range [m], azimuth [rad, 0..2pi), elevation [rad]. */
  readonly z: Float64Array;
  /** d(range, az, el)/d(position), 3 x 3 row-major. */
  readonly H: Float64Array;
  /** Innovation covariance S (3 x 3 row-major; m^2, m rad, rad^2). */
  readonly S: Float64Array;
  /** S^-1. */
  readonly Si: Float64Array;
  /** ln det S (NaN when S is not positive definite; then Si is not valid). */
  logDetS: number;
}

export function createRadarPrediction(): RadarPrediction {
  return { z: new Float64Array(3), H: new Float64Array(9), S: new Float64Array(9), Si: new Float64Array(9), logDetS: NaN };
}

/**
 * Fills out with the radar prediction of a track at the track's own time (predict the track to the
 * scan time first) from a site given in ECI at that time. Does not allocate when out is given.
 * H is the EKF's own (radarPositionJacobian).
 */
export function predictedRadarMeasurement(
  track: TrackEstimate,
  site: SensorSite,
  noise: RadarNoise,
  out: RadarPrediction = createRadarPrediction(),
): RadarPrediction {
  const { x, P } = track;
  const { z, H, S, Si } = out;
  radarMeasurement(site, x, z);
  radarPositionJacobian(site, x, H, 3);
  // S = H P_rr H^T + R (P_rr is the top-left 3 x 3 block of the 6 x 6 P)
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < 3; i++) {
        let hp = 0;
        for (let j = 0; j < 3; j++) hp += H[3 * a + j] * P[6 * j + i];
        s += hp * H[3 * b + i];
      }
      S[3 * a + b] = s;
      S[3 * b + a] = s;
    }
  }
  S[0] += noise.range ** 2;
  S[4] += noise.azimuth ** 2;
  S[8] += noise.elevation ** 2;
  out.logDetS = invertSpd3(S, Si);
  return out;
}

/**
 * Inverse of a symmetric 3 x 3 matrix by its adjugate (Si = adj(S) / det S), without allocating.
 * Returns ln det S, or NaN when S is not positive definite (Sylvester's criterion on the leading minors).
 */
function invertSpd3(S: Float64Array, out: Float64Array): number {
  const a = S[0],
    b = S[1],
    c = S[2],
    d = S[4],
    e = S[5],
    f = S[8];
  const A = d * f - e * e,
    B = c * e - b * f,
    C = b * e - c * d;
  const det = a * A + b * B + c * C;
  if (!(a > 0 && a * d - b * b > 0 && det > 0)) return NaN;
  const k = 1 / det;
  out[0] = A * k;
  out[1] = B * k;
  out[2] = C * k;
  out[3] = B * k;
  out[4] = (a * f - c * c) * k;
  out[5] = (b * c - a * e) * k;
  out[6] = C * k;
  out[7] = (b * c - a * e) * k;
  out[8] = (a * d - b * b) * k;
  return Math.log(det);
}

/** Innovation nu = z - h(x) of a look against a prediction, azimuth wrapped to (-pi, pi], written to out. */
export function radarInnovation(prediction: RadarPrediction, z: ArrayLike<number>, out: Float64Array): Float64Array {
  out[0] = z[0] - prediction.z[0];
  out[1] = wrapAngle(z[1] - prediction.z[1]);
  out[2] = z[2] - prediction.z[2];
  return out;
}

/**
 * Normalised innovation squared d^2 = nu^T S^-1 nu of a look against a prediction: chi-square with
 * 3 degrees of freedom when the look comes from the tracked object and the track is consistent
 * (Bar-Shalom, Li & Kirubarajan, Estimation with Applications to Tracking and Navigation, 2001, sec. 5.4).
 * Infinity when S is not positive definite. Does not allocate.
 */
export function normalisedInnovationSquared(prediction: RadarPrediction, z: ArrayLike<number>): number {
  if (Number.isNaN(prediction.logDetS)) return Infinity;
  const n0 = z[0] - prediction.z[0];
  const n1 = wrapAngle(z[1] - prediction.z[1]);
  const n2 = z[2] - prediction.z[2];
  const Si = prediction.Si;
  return Si[0] * n0 * n0 + Si[4] * n1 * n1 + Si[8] * n2 * n2 + 2 * (Si[1] * n0 * n1 + Si[2] * n0 * n2 + Si[5] * n1 * n2);
}
