import { invertSpd, type RadarNoise, radarMeasurement, radarPositionJacobian, type SensorSite, wrapAngle } from './ekf.ts';

/**
 * Scratch of a Kalman measurement update for a state of n components and measurements of up to 3:
 * H (m x n), P H^T (n x m), S and S^-1 (m x m), the gain K (n x m), the innovation nu, R, and two n x n
 * work matrices. Allocated once per filter (createKalmanScratch).
 */
export interface KalmanScratch {
  readonly n: number;
  readonly H: Float64Array;
  readonly PHt: Float64Array;
  readonly S: Float64Array;
  readonly Si: Float64Array;
  readonly K: Float64Array;
  readonly nu: Float64Array;
  readonly zHat: Float64Array;
  readonly Rm: Float64Array;
  readonly xPrior: Float64Array;
  readonly A: Float64Array;
  readonly B: Float64Array;
}

export function createKalmanScratch(n: number): KalmanScratch {
  return {
    n,
    H: new Float64Array(3 * n),
    PHt: new Float64Array(3 * n),
    S: new Float64Array(9),
    Si: new Float64Array(9),
    K: new Float64Array(3 * n),
    nu: new Float64Array(3),
    zHat: new Float64Array(3),
    Rm: new Float64Array(9),
    xPrior: new Float64Array(n),
    A: new Float64Array(n * n),
    B: new Float64Array(n * n),
  };
}

/**
 * Kalman update of state x (n) and covariance P (n x n, row-major) from H (m x n), innovation nu and R
 * (m x m) held in the scratch, in Joseph form P = (I - K H) P (I - K H)^T + K R K^T (Bar-Shalom, Li &
 * Kirubarajan, Estimation with Applications to Tracking and Navigation, 2001, ch. 5), which keeps P
 * symmetric positive definite in floating point. Returns the normalised innovation squared
 * nu^T S^-1 nu (chi-square with m dof for a consistent filter). With updateCovariance false only x moves
 * (an inner iteration of the iterated update). The one home of the update for every filter here.
 */
export function josephUpdate(x: Float64Array, P: Float64Array, m: number, s: KalmanScratch, updateCovariance: boolean): number {
  const { n, H, PHt, S, Si, K, nu, Rm, A, B } = s;
  // PHt = P H^T (n x m); S = H P H^T + R
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += P[n * i + k] * H[n * j + k];
      PHt[m * i + j] = acc;
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let acc = Rm[m * i + j];
      for (let k = 0; k < n; k++) acc += H[n * i + k] * PHt[m * k + j];
      S[m * i + j] = acc;
    }
  }
  if (Number.isNaN(invertSpd(S, m, Si))) throw new Error('Kalman update: innovation covariance is not positive definite (bad R or P)');
  // K = PHt S^-1; x += K nu; NIS = nu^T S^-1 nu
  let nis = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) nis += nu[i] * Si[m * i + j] * nu[j];
  for (let i = 0; i < n; i++) {
    let dx = 0;
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let k = 0; k < m; k++) acc += PHt[m * i + k] * Si[m * k + j];
      K[m * i + j] = acc;
      dx += acc * nu[j];
    }
    x[i] += dx;
  }
  if (!updateCovariance) return nis;
  // A = I - K H
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let acc = i === j ? 1 : 0;
      for (let k = 0; k < m; k++) acc -= K[m * i + k] * H[n * k + j];
      A[n * i + j] = acc;
    }
  }
  // P = A P A^T + K R K^T  (B = A P first)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += A[n * i + k] * P[n * k + j];
      B[n * i + j] = acc;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += B[n * i + k] * A[n * j + k];
      for (let a = 0; a < m; a++) {
        let kr = 0;
        for (let b = 0; b < m; b++) kr += K[m * i + b] * Rm[m * b + a];
        acc += kr * K[m * j + a];
      }
      P[n * i + j] = acc;
      P[n * j + i] = acc;
    }
  }
  return nis;
}

/**
 * Update with a radar look z = [range, azimuth, elevation] from a site in ECI at the state's time, for
 * any state whose first three components are the ECI position. Iterated EKF (a Gauss-Newton step on the
 * MAP problem; Bell & Cathey, IEEE Trans. Automatic Control 38(2), 1993): at each iterate x_i,
 * nu = z - h(x_i) - H_i (x_prior - x_i), x_{i+1} = x_prior + K_i nu; the covariance is updated on the
 * last iteration. Azimuth residuals are wrapped to (-pi, pi]. Returns the NIS of the first iteration
 * (the plain EKF's, usable as a gate).
 */
export function iteratedRadarUpdate(
  x: Float64Array,
  P: Float64Array,
  s: KalmanScratch,
  site: SensorSite,
  z: ArrayLike<number>,
  noise: RadarNoise,
  iterations: number,
): number {
  const { n, H, nu, zHat, Rm, xPrior } = s;
  Rm.fill(0);
  Rm[0] = noise.range ** 2;
  Rm[4] = noise.azimuth ** 2;
  Rm[8] = noise.elevation ** 2;
  xPrior.set(x);
  let nis = 0;
  for (let it = 0; it < iterations; it++) {
    radarMeasurement(site, x, zHat);
    H.fill(0);
    radarPositionJacobian(site, x, H, n);
    nu[0] = z[0] - zHat[0];
    nu[1] = wrapAngle(z[1] - zHat[1]);
    nu[2] = z[2] - zHat[2];
    for (let r = 0; r < 3; r++) {
      let acc = 0;
      for (let c = 0; c < 3; c++) acc += H[n * r + c] * (xPrior[c] - x[c]);
      nu[r] -= acc;
    }
    x.set(xPrior);
    const q = josephUpdate(x, P, 3, s, it === iterations - 1);
    if (it === 0) nis = q;
  }
  return nis;
}

/** Update with a 3-D ECI position fix z [m] of covariance R (3 x 3 row-major, m^2), for a state whose first three components are the position. Returns the NIS (3 dof). */
export function positionFixUpdate(x: Float64Array, P: Float64Array, s: KalmanScratch, z: ArrayLike<number>, R: ArrayLike<number>): number {
  const { n, H, nu, Rm } = s;
  H.fill(0);
  for (let i = 0; i < 3; i++) {
    H[n * i + i] = 1;
    nu[i] = z[i] - x[i];
  }
  for (let i = 0; i < 9; i++) Rm[i] = R[i];
  return josephUpdate(x, P, 3, s, true);
}
