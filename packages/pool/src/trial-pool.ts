/**
 * The one trial pool: worker threads (piscina) for every heavy step — world builds, scenario
 * validation, trials (live and replayed), campaign and partner-study chunks, the ballistic batch — used
 * by `dome run`, `sweep`, `compare`, `partner-study` and the server, so that the calling thread (the
 * server's event loop) only does I/O.
 *
 * Scheduling: the pool keeps at most one task per thread inside piscina; the rest wait in a FairQueue
 * (fair-queue.ts) in this thread, which chooses the next task fairly between nations and users. A task
 * whose `signal` aborts while it waits is removed (rejected with an AbortError); one already running is
 * left to finish (a chunk is a few trials) and its result dropped, so no worker is killed and restarted.
 */
import { availableParallelism } from 'node:os';
import Piscina from 'piscina';
import { CLI_LANE, FairQueue, type Lane } from './fair-queue.ts';
import type { PoolTask, ResultOf } from './protocol.ts';
import { workerEntryFile } from './worker-entry.ts';

export interface TrialPoolOptions {
  /** Worker threads (default: the machine's available parallelism). */
  threads?: number;
  /** Milliseconds an idle thread lives (default: until the pool closes). */
  idleTimeoutMs?: number;
}

export interface RunOptions {
  /** Whose task it is, for fair scheduling (default: the cli's one lane). */
  lane?: Lane;
  signal?: AbortSignal;
}

export class PoolClosedError extends Error {
  constructor() {
    super('the trial pool is closed');
    this.name = 'PoolClosedError';
  }
}

interface Job {
  task: PoolTask;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

const abortError = (signal: AbortSignal): Error => {
  const e = new Error(signal.reason instanceof Error ? signal.reason.message : 'aborted');
  e.name = 'AbortError';
  return e;
};

export class TrialPool {
  /** Started at the first task: a pool nobody uses costs no threads. */
  private piscina: Piscina | undefined;
  private readonly idleTimeoutMs: number;
  private readonly queue = new FairQueue<Job>();
  private running = 0;
  private closed = false;
  readonly threads: number;

  constructor(options: TrialPoolOptions = {}) {
    const threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`trial pool: threads must be a positive integer, got ${threads}`);
    this.threads = threads;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 2 ** 31 - 1;
  }

  private started(): Piscina {
    this.piscina ??= new Piscina({
      filename: workerEntryFile(),
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: this.idleTimeoutMs,
      // the handlers are synchronous or await imports: no Atomics.wait between tasks (the tsx loader talks to the thread)
      atomics: 'disabled',
    });
    return this.piscina;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Tasks waiting for a thread (not yet running). */
  get waiting(): number {
    return this.queue.size;
  }

  /** Runs one task on a worker thread; tasks wait their fair turn (RunOptions.lane). */
  run<T extends PoolTask>(task: T, options: RunOptions = {}): Promise<ResultOf<T>> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<ResultOf<T>>((resolve, reject) => {
      const job: Job = { task, resolve: resolve as (v: unknown) => void, reject, ...(signal ? { signal } : {}) };
      if (signal) {
        job.onAbort = () => {
          // waiting: removed; running: its result will be dropped
          this.queue.remove(job);
          reject(abortError(signal));
        };
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(options.lane ?? CLI_LANE, job);
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.threads && !this.closed) {
      const next = this.queue.take();
      if (!next) return;
      const { lane, item: job } = next;
      this.running += 1;
      const settle = (fn: () => void) => {
        this.running -= 1;
        this.queue.done(lane);
        if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
        if (!job.signal?.aborted) fn();
        this.pump();
      };
      this.started()
        .run(job.task)
        .then(
          (v) => settle(() => job.resolve(v)),
          (e: unknown) => settle(() => job.reject(e)),
        );
    }
  }

  /** Stops the threads; waiting tasks are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (let next = this.queue.take(); next; next = this.queue.take()) next.item.reject(new PoolClosedError());
    await this.piscina?.destroy();
  }
}

let shared: TrialPool | undefined;

/**
 * The process's one pool (threads started at the first task): the server's, and the cli's when it
 * serves. One processor is left to the event loop that serves every user (the pool has the others, at
 * least one thread). A closed shared pool is replaced at the next call.
 */
export function sharedTrialPool(): TrialPool {
  if (!shared || shared.isClosed) shared = new TrialPool({ threads: Math.max(1, availableParallelism() - 1) });
  return shared;
}
