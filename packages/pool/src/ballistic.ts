/**
 * The batch ballistic integrator of core (integrateBallisticBatch) over the trial pool's threads (bench
 * W1): the initial states and the flight-time output live in SharedArrayBuffers; one `ballistic` task per
 * thread claims the next chunk of missiles from a shared counter (Atomics.add) and runs the core kernel
 * on it, writing its flight times straight into the shared output. Flight times differ by missile, so
 * claiming chunks dynamically keeps every thread busy to the end. The physics stays in core.
 */
import { BALLISTIC_BATCH_STRIDE, type BallisticBatchResult } from '@golden-dome/core';
import type { TrialPool } from './trial-pool.ts';

export interface ParallelBallisticOptions {
  /** Fixed RK4 step [s]. */
  dt: number;
  /** Stop altitude above the sphere of radius WGS84_A [m]. */
  cutoffAltitude: number;
  /** Step limit per missile. */
  maxSteps: number;
  /** J2 coefficient (default: core's J2_EARTH). */
  j2?: number;
  /** Missiles a thread claims at a time (default 64). */
  chunkSize?: number;
}

/** Per-task share of the run (how many chunks each thread's task took). */
export interface ParallelBallisticResult extends BallisticBatchResult {
  chunksPerWorker: number[];
}

/**
 * Integrates every missile of `states` (layout: BALLISTIC_BATCH_STRIDE, as integrateBallisticBatch) on
 * the pool. Results are identical to integrateBallisticBatch on the whole batch (each missile is
 * integrated independently with the same arithmetic).
 */
export async function runBallisticBatch(
  pool: TrialPool,
  states: Float64Array,
  options: ParallelBallisticOptions,
): Promise<ParallelBallisticResult> {
  if (states.length % BALLISTIC_BATCH_STRIDE !== 0)
    throw new Error(`runBallisticBatch: states length ${states.length} is not a multiple of ${BALLISTIC_BATCH_STRIDE}`);
  const chunkSize = options.chunkSize ?? 64;
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new Error(`runBallisticBatch: chunkSize must be a positive integer, got ${chunkSize}`);
  const n = states.length / BALLISTIC_BATCH_STRIDE;
  const sharedStates = new SharedArrayBuffer(states.byteLength);
  new Float64Array(sharedStates).set(states);
  const flightTimes = new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT);
  const counter = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const task = {
    kind: 'ballistic' as const,
    states: sharedStates,
    flightTimes,
    counter,
    options: {
      dt: options.dt,
      cutoffAltitude: options.cutoffAltitude,
      maxSteps: options.maxSteps,
      chunkSize,
      ...(options.j2 !== undefined ? { j2: options.j2 } : {}),
    },
  };
  const replies = await Promise.all(Array.from({ length: pool.threads }, () => pool.run(task)));
  return {
    flightTimes: new Float64Array(flightTimes),
    totalSteps: replies.reduce((s, r) => s + r.totalSteps, 0),
    chunksPerWorker: replies.map((r) => r.chunks),
  };
}
