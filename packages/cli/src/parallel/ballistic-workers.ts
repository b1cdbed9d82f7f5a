/**
 * Worker-thread harness for the batch ballistic integrator of core (integrateBallisticBatch):
 * splits a batch of missiles across worker threads. The physics stays in core (which has no
 * worker_threads); this file only moves data and schedules work.
 *
 * Scheduling: the initial states and the flight-time output live in SharedArrayBuffers; each
 * worker repeatedly claims the next chunk of missiles from a shared counter (Atomics.add) and runs
 * the core kernel on that contiguous range, writing its flight times straight into the shared
 * output. Flight times differ by missile, so claiming chunks dynamically keeps both cores busy to
 * the end instead of leaving one idle after a static split.
 *
 * Workers are started once (start()) and reused across runs, so thread start-up and TypeScript
 * loading are paid once, not per batch. A worker loads this same module through tsx (the project
 * runs TypeScript without a build step; a worker does not inherit the main thread's loader).
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { workerEntry } from '../worker-entries.ts';
// Imported from the file rather than '@golden-dome/core' so that the worker loads only the kernel.
import {
  BALLISTIC_BATCH_STRIDE,
  integrateBallisticBatch,
  type BallisticBatchResult,
} from '../../../core/src/threats/ballistic-batch.ts';

const WORKER_KIND = 'golden-dome/ballistic-batch-worker';

export interface ParallelBallisticOptions {
  /** Fixed RK4 step [s]. */
  dt: number;
  /** Stop altitude above the sphere of radius WGS84_A [m]. */
  cutoffAltitude: number;
  /** Step limit per missile. */
  maxSteps: number;
  /** J2 coefficient (default: core's J2_EARTH). */
  j2?: number;
  /** Missiles a worker claims at a time (default 64). */
  chunkSize?: number;
}

interface RunMessage {
  type: 'run';
  id: number;
  states: SharedArrayBuffer;
  flightTimes: SharedArrayBuffer;
  counter: SharedArrayBuffer;
  options: ParallelBallisticOptions;
}

type ReplyMessage =
  | { type: 'ready' }
  | { type: 'done'; id: number; totalSteps: number; chunks: number }
  | { type: 'error'; id: number; message: string };

/** Per-worker share of the last run (how many chunks each worker took). */
export interface ParallelBallisticResult extends BallisticBatchResult {
  chunksPerWorker: number[];
}

/** A fixed set of worker threads that integrate W1-style missile batches with the core kernel. */
export class BallisticWorkerPool {
  private nextId = 1;
  private busy = false;
  private closed = false;

  private constructor(private readonly workers: Worker[]) {}

  /** Starts `count` workers (default: the machine's available parallelism) and waits until each has loaded the kernel. */
  static async start(count = availableParallelism()): Promise<BallisticWorkerPool> {
    if (!Number.isInteger(count) || count < 1) throw new Error(`BallisticWorkerPool: worker count must be a positive integer, got ${count}`);
    // the worker loads this module, which serves requests when it sees its workerData marker
    const entry = workerEntry('ballistic');
    const workers: Worker[] = [];
    try {
      for (let i = 0; i < count; i++) workers.push(new Worker(entry, { workerData: { kind: WORKER_KIND } }));
      await Promise.all(workers.map((w) => waitForReady(w)));
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new BallisticWorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * Integrates every missile of `states` (layout: BALLISTIC_BATCH_STRIDE, as integrateBallisticBatch)
   * across the pool. Results are identical to integrateBallisticBatch on the whole batch (each
   * missile is integrated independently with the same arithmetic).
   */
  async run(states: Float64Array, options: ParallelBallisticOptions): Promise<ParallelBallisticResult> {
    if (this.closed) throw new Error('BallisticWorkerPool: pool is closed');
    if (this.busy) throw new Error('BallisticWorkerPool: a run is already in progress');
    if (states.length % BALLISTIC_BATCH_STRIDE !== 0) {
      throw new Error(`BallisticWorkerPool: states length ${states.length} is not a multiple of ${BALLISTIC_BATCH_STRIDE}`);
    }
    const chunkSize = options.chunkSize ?? 64;
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error(`BallisticWorkerPool: chunkSize must be a positive integer, got ${chunkSize}`);
    const n = states.length / BALLISTIC_BATCH_STRIDE;
    const sharedStates = new SharedArrayBuffer(states.byteLength);
    new Float64Array(sharedStates).set(states);
    const sharedTimes = new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT);
    const counter = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const id = this.nextId++;
    const message: RunMessage = { type: 'run', id, states: sharedStates, flightTimes: sharedTimes, counter, options: { ...options, chunkSize } };
    this.busy = true;
    try {
      const replies = await Promise.all(this.workers.map((w) => request(w, message)));
      return {
        flightTimes: new Float64Array(sharedTimes),
        totalSteps: replies.reduce((s, r) => s + r.totalSteps, 0),
        chunksPerWorker: replies.map((r) => r.chunks),
      };
    } finally {
      this.busy = false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function waitForReady(w: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ReplyMessage): void => {
      if (m.type === 'ready') {
        cleanup();
        resolve();
      }
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`ballistic worker exited with code ${code} before it was ready`));
    };
    const cleanup = (): void => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
  });
}

function request(w: Worker, message: RunMessage): Promise<{ totalSteps: number; chunks: number }> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ReplyMessage): void => {
      if (m.type === 'done' && m.id === message.id) {
        cleanup();
        resolve({ totalSteps: m.totalSteps, chunks: m.chunks });
      } else if (m.type === 'error' && m.id === message.id) {
        cleanup();
        reject(new Error(`ballistic worker: ${m.message}`));
      }
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`ballistic worker exited with code ${code} during a run`));
    };
    const cleanup = (): void => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    w.postMessage(message);
  });
}

/** Worker side: claim chunks from the shared counter until none are left. */
function serve(port: NonNullable<typeof parentPort>): void {
  port.on('message', (m: RunMessage) => {
    if (m.type !== 'run') return;
    try {
      const states = new Float64Array(m.states);
      const times = new Float64Array(m.flightTimes);
      const counter = new Int32Array(m.counter);
      const n = times.length;
      const { chunkSize = 64, ...kernel } = m.options;
      let totalSteps = 0;
      let chunks = 0;
      for (;;) {
        const start = Atomics.add(counter, 0, chunkSize);
        if (start >= n) break;
        const end = Math.min(n, start + chunkSize);
        const r = integrateBallisticBatch(states.subarray(BALLISTIC_BATCH_STRIDE * start, BALLISTIC_BATCH_STRIDE * end), {
          ...kernel,
          blockSize: end - start,
          flightTimes: times.subarray(start, end),
        });
        totalSteps += r.totalSteps;
        chunks++;
      }
      port.postMessage({ type: 'done', id: m.id, totalSteps, chunks } satisfies ReplyMessage);
    } catch (e) {
      port.postMessage({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) } satisfies ReplyMessage);
    }
  });
  port.postMessage({ type: 'ready' } satisfies ReplyMessage);
}

if (!isMainThread && parentPort !== null && (workerData as { kind?: unknown } | null)?.kind === WORKER_KIND) {
  serve(parentPort);
}
