import { DEG, J2_EARTH, MU_EARTH, WGS84_A } from '../constants.ts';

/**
 * Batch integrator for many unpowered missiles at once (workload W1 of bench/WORKLOADS.md,
 * "ballistic-flight"): classical fixed-step RK4 on point-mass + J2 gravity in an Earth-centred
 * inertial frame (z along the pole), no drag, each missile stopped after the first step that ends
 * below a cut-off altitude above the sphere of radius WGS84_A.
 *
 * State layout (input, and the optional final-state output): array of structures, stride 6 —
 * missile k occupies [6k .. 6k+5] = x, y, z [m], vx, vy, vz [m/s]. The layout lets a caller hand
 * a contiguous range of missiles to the kernel as a `subarray` (the worker harness in
 * packages/pool/src/ballistic.ts does this on the trial pool).
 *
 * How it is fast (see bench/RESULTS.md): missiles are processed in blocks; within a block the loop
 * runs step-major (one RK4 step for every still-flying missile, then the next step), so
 * consecutive loop iterations are independent and the CPU overlaps one missile's divide/square-root
 * latency chain with the next one's. Each RK4 step of a missile is computed in local variables
 * (four derivative evaluations, each with exactly one square root and one division), and the
 * missiles still flying are kept as a compact index list (a finished missile is swap-removed), so
 * the inner loop never visits a finished missile. No allocation inside the loops.
 */

/** Float64 values per missile in the state arrays: x, y, z, vx, vy, vz. */
export const BALLISTIC_BATCH_STRIDE = 6;

export interface BallisticBatchOptions {
  /** Fixed RK4 step [s] (> 0). */
  dt: number;
  /** A missile stops after the first step that ends with |r| - WGS84_A below this altitude [m]. */
  cutoffAltitude: number;
  /** At most this many steps per missile (a missile still flying then gets maxSteps * dt). */
  maxSteps: number;
  /** J2 coefficient (default J2_EARTH; 0 gives pure two-body motion). */
  j2?: number;
  /** Missiles per block (working set kept in cache; default 256). */
  blockSize?: number;
  /** Optional output for the flight times [s], length N; allocated when omitted. */
  flightTimes?: Float64Array;
  /** Optional output for each missile's state at the end of its last step, same layout as the input (length 6N). */
  finalStates?: Float64Array;
}

export interface BallisticBatchResult {
  /** Flight time of each missile = steps taken * dt [s]. */
  flightTimes: Float64Array;
  /** Total RK4 steps taken over all missiles ("missile-steps"). */
  totalSteps: number;
}

const DEFAULT_BLOCK = 256;

/**
 * Integrates every missile of `states` (layout: see BALLISTIC_BATCH_STRIDE) with fixed-step RK4
 * until it drops below the cut-off altitude (checked after each step) or maxSteps is reached.
 * Pure: reads `states`, writes only the outputs.
 */
export function integrateBallisticBatch(states: Float64Array, options: BallisticBatchOptions): BallisticBatchResult {
  const { dt, cutoffAltitude, maxSteps } = options;
  const j2 = options.j2 ?? J2_EARTH;
  const blockSize = options.blockSize ?? DEFAULT_BLOCK;
  if (states.length % BALLISTIC_BATCH_STRIDE !== 0) {
    throw new Error(`integrateBallisticBatch: states length ${states.length} is not a multiple of ${BALLISTIC_BATCH_STRIDE}`);
  }
  const n = states.length / BALLISTIC_BATCH_STRIDE;
  if (!(dt > 0) || !Number.isFinite(dt)) throw new Error(`integrateBallisticBatch: dt must be positive and finite, got ${dt}`);
  if (!Number.isInteger(maxSteps) || maxSteps < 0)
    throw new Error(`integrateBallisticBatch: maxSteps must be a non-negative integer, got ${maxSteps}`);
  if (!Number.isFinite(cutoffAltitude)) throw new Error(`integrateBallisticBatch: cutoffAltitude must be finite, got ${cutoffAltitude}`);
  if (!Number.isInteger(blockSize) || blockSize < 1)
    throw new Error(`integrateBallisticBatch: blockSize must be a positive integer, got ${blockSize}`);
  const flightTimes = options.flightTimes ?? new Float64Array(n);
  if (flightTimes.length !== n) throw new Error(`integrateBallisticBatch: flightTimes has length ${flightTimes.length}, expected ${n}`);
  const finalStates = options.finalStates;
  if (finalStates !== undefined && finalStates.length !== states.length) {
    throw new Error(`integrateBallisticBatch: finalStates has length ${finalStates.length}, expected ${states.length}`);
  }

  const block = Math.min(blockSize, Math.max(n, 1));
  const w = new Float64Array(BALLISTIC_BATCH_STRIDE * block); // working states of the block (AoS)
  const active = new Int32Array(block); // slots of the block's missiles still flying
  const kJ2 = 1.5 * j2 * WGS84_A * WGS84_A;
  let totalSteps = 0;
  for (let b0 = 0; b0 < n; b0 += block) {
    const m = Math.min(block, n - b0);
    w.set(states.subarray(BALLISTIC_BATCH_STRIDE * b0, BALLISTIC_BATCH_STRIDE * (b0 + m)));
    totalSteps += flyBlock(w, active, m, flightTimes, b0, dt, cutoffAltitude, maxSteps, kJ2);
    // A finished missile's working slot is no longer written, so w holds every final state.
    if (finalStates !== undefined) finalStates.set(w.subarray(0, BALLISTIC_BATCH_STRIDE * m), BALLISTIC_BATCH_STRIDE * b0);
  }
  return { flightTimes, totalSteps };
}

/**
 * The hot loop: flies the m missiles in w[0 .. 6m) step-major until each is below the cut-off or
 * has taken maxSteps steps; writes flight times to flightTimes[offset + slot]; returns the steps
 * taken. Kept as a small function of its own (monomorphic arguments, no validation) so that V8
 * optimises it as a whole instead of on-stack-replacing into a larger function.
 */
function flyBlock(
  w: Float64Array,
  active: Int32Array,
  m: number,
  flightTimes: Float64Array,
  offset: number,
  dt: number,
  cutoffAltitude: number,
  maxSteps: number,
  kJ2: number,
): number {
  const mu = MU_EARTH;
  const re = WGS84_A;
  // a = c r [1 + kJ2/r^2 (1 - 5 z^2/r^2)] for x, y and (3 - 5 z^2/r^2) for z, c = -mu/r^3, kJ2 = 3/2 J2 Re^2
  const h = 0.5 * dt;
  const d6 = dt / 6;
  let steps = 0;
  for (let j = 0; j < m; j++) active[j] = j;
  let flying = m;
  for (let step = 1; step <= maxSteps && flying > 0; step++) {
    for (let j = 0; j < flying; j++) {
      const o = BALLISTIC_BATCH_STRIDE * active[j];
      const x = w[o],
        y = w[o + 1],
        z = w[o + 2];
      const vx = w[o + 3],
        vy = w[o + 4],
        vz = w[o + 5];

      // k1 at (r, v): one division (1/r^2) and one square root per evaluation
      let ir2 = 1 / (x * x + y * y + z * z);
      let c = -mu * ir2 * Math.sqrt(ir2);
      let f = kJ2 * ir2;
      let zz = 5 * z * z * ir2;
      let cxy = c * (1 + f * (1 - zz));
      const a1x = cxy * x,
        a1y = cxy * y,
        a1z = c * (1 + f * (3 - zz)) * z;
      // k2 at (r + h v, v + h a1)
      let px = x + h * vx,
        py = y + h * vy,
        pz = z + h * vz;
      const v2x = vx + h * a1x,
        v2y = vy + h * a1y,
        v2z = vz + h * a1z;
      ir2 = 1 / (px * px + py * py + pz * pz);
      c = -mu * ir2 * Math.sqrt(ir2);
      f = kJ2 * ir2;
      zz = 5 * pz * pz * ir2;
      cxy = c * (1 + f * (1 - zz));
      const a2x = cxy * px,
        a2y = cxy * py,
        a2z = c * (1 + f * (3 - zz)) * pz;
      // k3 at (r + h v2, v + h a2)
      px = x + h * v2x;
      py = y + h * v2y;
      pz = z + h * v2z;
      const v3x = vx + h * a2x,
        v3y = vy + h * a2y,
        v3z = vz + h * a2z;
      ir2 = 1 / (px * px + py * py + pz * pz);
      c = -mu * ir2 * Math.sqrt(ir2);
      f = kJ2 * ir2;
      zz = 5 * pz * pz * ir2;
      cxy = c * (1 + f * (1 - zz));
      const a3x = cxy * px,
        a3y = cxy * py,
        a3z = c * (1 + f * (3 - zz)) * pz;
      // k4 at (r + dt v3, v + dt a3)
      px = x + dt * v3x;
      py = y + dt * v3y;
      pz = z + dt * v3z;
      const v4x = vx + dt * a3x,
        v4y = vy + dt * a3y,
        v4z = vz + dt * a3z;
      ir2 = 1 / (px * px + py * py + pz * pz);
      c = -mu * ir2 * Math.sqrt(ir2);
      f = kJ2 * ir2;
      zz = 5 * pz * pz * ir2;
      cxy = c * (1 + f * (1 - zz));
      const a4x = cxy * px,
        a4y = cxy * py,
        a4z = c * (1 + f * (3 - zz)) * pz;

      const nx = x + d6 * (vx + 2 * v2x + 2 * v3x + v4x);
      const ny = y + d6 * (vy + 2 * v2y + 2 * v3y + v4y);
      const nz = z + d6 * (vz + 2 * v2z + 2 * v3z + v4z);
      w[o] = nx;
      w[o + 1] = ny;
      w[o + 2] = nz;
      w[o + 3] = vx + d6 * (a1x + 2 * a2x + 2 * a3x + a4x);
      w[o + 4] = vy + d6 * (a1y + 2 * a2y + 2 * a3y + a4y);
      w[o + 5] = vz + d6 * (a1z + 2 * a2z + 2 * a3z + a4z);

      if (Math.sqrt(nx * nx + ny * ny + nz * nz) - re < cutoffAltitude) {
        flightTimes[offset + active[j]] = step * dt;
        steps += step;
        active[j] = active[--flying]; // swap-remove; revisit slot j (it now holds another missile)
        j--;
      }
    }
  }
  for (let j = 0; j < flying; j++) flightTimes[offset + active[j]] = maxSteps * dt;
  return steps + flying * maxSteps;
}

// ---------------------------------------------------------------------------------------------
// The W1 instance, exactly as bench/WORKLOADS.md defines it (Kronecker sequences, so
// every language builds the identical instance).

/** W1 fixed RK4 step [s]. */
export const W1_DT = 1;
/** W1 stop altitude above the sphere of radius WGS84_A [m]. */
export const W1_CUTOFF_ALTITUDE = 100e3;
/** W1 step limit per missile. */
export const W1_MAX_STEPS = 10_800;
/** W1 start altitude above the sphere of radius WGS84_A [m] (spherical Earth for placement). */
export const W1_START_ALTITUDE = 200e3;
/** W1 published checksums (sum of flight times [s]) at the reference sizes. */
export const W1_REFERENCE_CHECKSUMS: Readonly<Record<number, number>> = { 1000: 1_893_181, 10_000: 18_938_383 };

/** The W1 integration settings (dt = 1 s, stop below 100 km, at most 10,800 steps). */
export function w1Options(): BallisticBatchOptions {
  return { dt: W1_DT, cutoffAltitude: W1_CUTOFF_ALTITUDE, maxSteps: W1_MAX_STEPS };
}

const frac = (v: number): number => v - Math.floor(v);

/**
 * Initial states of the W1 instance of n missiles (layout: BALLISTIC_BATCH_STRIDE). Missile k:
 * geocentric latitude 35 + 10 frac(0.618.. k) deg, longitude 120 + 10 frac(0.754.. k) deg,
 * speed 6500 + 700 frac(0.569.. k) m/s, flight-path angle 20 + 10 frac(0.430.. k) deg,
 * azimuth 20 + 40 frac(0.819.. k) deg from north towards east; radius WGS84_A + 200 km; velocity
 * speed * (cos g sin az, cos g cos az, sin g) in local east-north-up, no Earth-rotation term.
 */
export function w1Instance(n: number): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`w1Instance: n must be a non-negative integer, got ${n}`);
  const s = new Float64Array(BALLISTIC_BATCH_STRIDE * n);
  const r0 = WGS84_A + W1_START_ALTITUDE;
  for (let k = 0; k < n; k++) {
    const lat = (35 + 10 * frac(k * 0.6180339887498949)) * DEG;
    const lon = (120 + 10 * frac(k * 0.7548776662466927)) * DEG;
    const speed = 6500 + 700 * frac(k * 0.5698402909980532);
    const gamma = (20 + 10 * frac(k * 0.4301597090019468)) * DEG;
    const az = (20 + 40 * frac(k * 0.8191725133961645)) * DEG;
    const cLat = Math.cos(lat),
      sLat = Math.sin(lat),
      cLon = Math.cos(lon),
      sLon = Math.sin(lon);
    const ux = cLat * cLon,
      uy = cLat * sLon,
      uz = sLat; // up
    const ex = -sLon,
      ey = cLon; // east (ez = 0)
    const nx = -sLat * cLon,
      ny = -sLat * sLon,
      nz = cLat; // north
    const vE = speed * Math.cos(gamma) * Math.sin(az);
    const vN = speed * Math.cos(gamma) * Math.cos(az);
    const vU = speed * Math.sin(gamma);
    const o = BALLISTIC_BATCH_STRIDE * k;
    s[o] = r0 * ux;
    s[o + 1] = r0 * uy;
    s[o + 2] = r0 * uz;
    s[o + 3] = vE * ex + vN * nx + vU * ux;
    s[o + 4] = vE * ey + vN * ny + vU * uy;
    s[o + 5] = vN * nz + vU * uz;
  }
  return s;
}
