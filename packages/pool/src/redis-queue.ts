/**
 * The trial pool over Redis (issue 17, a first slice): campaigns on more than one machine. A producer
 * (`dome run --queue redis://…`) puts the campaign's chunk tasks on a BullMQ queue; each machine's
 * `dome worker --redis redis://…` takes them and runs them on its own TrialPool. The same tasks and
 * the same worker code as on one machine, so the results are the same (exact sums, seed order).
 *
 * Worlds: a task's WorldRef holds shared memory, which cannot cross machines; the producer stores each
 * world's bytes once in Redis (`dome:world:<key>`, expiring after a day) and sends the key; a worker
 * fetches the bytes once per key and keeps them. Results travel as v8.serialize bytes (base64), not
 * JSON, so every number comes back exactly.
 *
 * Faults (BullMQ's own mechanisms; docs/distributed.md): a worker that dies holding a chunk stops
 * renewing the chunk's lock, and a live worker's stalled-job check puts the chunk back on the queue
 * (`lockMs` after the last renewal, at most `maxStalledCount` times); a chunk whose trial throws is
 * tried `attempts` times in all (backoff between) and then fails the campaign with its seeds and the
 * error; a Redis restarted with its data (AOF or RDB) is waited for (the connections reconnect). A chunk
 * run twice (a stalled worker that was only slow) is counted once: the campaign keeps one result per
 * chunk, by its seeds.
 *
 * Not yet: fair scheduling between users across machines (BullMQ's queue is first in, first out).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import { type Job, Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { PoolTask, ResultOf, WorldRef } from './protocol.ts';
import type { RunOptions, TrialPool } from './trial-pool.ts';

export const REDIS_QUEUE = 'dome-tasks';
const WORLD_TTL_S = 24 * 3600;
/** How long close() waits for BullMQ to close cleanly before cutting the connections (a Redis that is down). */
const CLOSE_WAIT_MS = 5000;

/** `p`, or nothing after `ms`. */
async function within(ms: number, p: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    p.catch(() => {}),
    new Promise<void>((done) => {
      timer = setTimeout(done, ms);
    }),
  ]);
  clearTimeout(timer);
}

/** A world reference without its bytes (they are in Redis under `dome:world:<key>`). */
interface WireWorld {
  key: string;
  base?: WireWorld;
}

const wire = (ref: WorldRef): WireWorld => ({ key: ref.key, ...(ref.base ? { base: wire(ref.base) } : {}) });

/** A Redis URL (or a mistyped one) as shown in messages and logs: a password in it is replaced by `***`. */
export function shownRedisUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

/** How to reach Redis beyond its URL. */
export interface RedisConnectionOptions {
  /**
   * rediss:// only: the PEM certificate(s) of the authority that signed the Redis server's certificate (a
   * private CA, or the self-signed certificate itself); absent, Node's bundled public authorities. The
   * server's name (or IP address) in the URL must match its certificate either way.
   */
  ca?: string | Buffer;
}

const URL_FORM = 'expected redis://HOST:PORT, or rediss://HOST:PORT for TLS';

/** Checks a Redis URL (redis:// or rediss://, with `ca` only for rediss://); a RangeError naming it (without its password) otherwise. */
export function checkRedisUrl(url: string, options: RedisConnectionOptions = {}): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RangeError(`not a Redis URL: '${shownRedisUrl(url)}' (${URL_FORM})`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new RangeError(`not a Redis URL: '${shownRedisUrl(url)}' (${URL_FORM})`);
  if (u.hostname === '') throw new RangeError(`not a Redis URL: '${shownRedisUrl(url)}' (no host; ${URL_FORM})`);
  if (options.ca !== undefined && u.protocol !== 'rediss:')
    throw new RangeError(`a CA certificate applies to TLS only: '${shownRedisUrl(url)}' is not rediss://`);
  return u;
}

/** The last error of each connection, said when Redis does not answer (a TLS certificate refused, a refused connection). */
const lastError = new WeakMap<Redis, Error>();

function connection(url: string, options: RedisConnectionOptions = {}): Redis {
  const u = checkRedisUrl(url, options);
  // BullMQ's blocking reads need no retry limit per request; a lost connection is retried (its errors
  // are not thrown at the process: the caller's ping, or a task that does not finish, says it)
  const r = new Redis(url, {
    maxRetriesPerRequest: null,
    ...(u.protocol === 'rediss:' ? { tls: options.ca !== undefined ? { ca: options.ca } : {} } : {}),
  });
  r.on('error', (e: Error) => lastError.set(r, e));
  return r;
}

/** How the producer's jobs are retried. */
export interface RedisQueueOptions extends RedisConnectionOptions {
  /** Tries of a chunk in all before it fails the campaign (default 3: a trial that throws does so on every machine). */
  attempts?: number;
  /** Wait before the second try, doubled for each next one, in ms (default 1000). */
  backoffMs?: number;
  /** How often a job waited for is checked still to be in Redis, in ms (default 10 000). */
  lostCheckMs?: number;
}

/** A job that disappeared from Redis. */
const LOST = Symbol('lost');
/** Times a chunk may be lost before the campaign fails. */
const MAX_LOST = 5;

/** The producer side: runs tasks on whichever `dome worker` takes them. Has the TrialPool's `run` and `threads`. */
export class RedisTaskQueue {
  private readonly redis: Redis;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly stored = new Set<string>();
  private readonly connections: Redis[];
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly lostCheckMs: number;
  /** Jobs being put on the queue or taken off it (close() waits for them). */
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  /** `threads`: chunks a campaign keeps in flight (the workers' threads in all, as the producer sees it). */
  constructor(
    url: string,
    readonly threads = 4,
    options: RedisQueueOptions = {},
    redis?: Redis,
  ) {
    this.attempts = options.attempts ?? 3;
    this.backoffMs = options.backoffMs ?? 1000;
    this.lostCheckMs = options.lostCheckMs ?? 10_000;
    if (!Number.isInteger(this.attempts) || this.attempts < 1)
      throw new RangeError(`attempts must be a whole number of at least 1, got ${this.attempts}`);
    this.redis = redis ?? connection(url, options);
    // BullMQ does not close connections it is given: close() ends them (else the process would not exit)
    this.connections = [this.redis, connection(url, options), connection(url, options)];
    this.queue = new Queue(REDIS_QUEUE, { connection: this.connections[1] });
    this.events = new QueueEvents(REDIS_QUEUE, { connection: this.connections[2] });
    this.queue.on('error', () => {});
    this.events.on('error', () => {});
  }

  /** A queue on a Redis server that answers (within `timeoutMs`); otherwise an Error naming the URL. */
  static async connect(
    url: string,
    threads?: number,
    { timeoutMs = 5000, ...options }: RedisQueueOptions & { timeoutMs?: number } = {},
  ): Promise<RedisTaskQueue> {
    // asked first on one connection: the queue's own connections are opened only once Redis answers
    const redis = connection(url, options);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        redis.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            const last = lastError.get(redis);
            reject(new Error(`no answer in ${timeoutMs / 1000} s${last ? ` (last error: ${last.message})` : ''}`));
          }, timeoutMs);
        }),
      ]);
    } catch (e) {
      redis.disconnect();
      throw new Error(`cannot reach Redis at ${shownRedisUrl(url)}: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
    return new RedisTaskQueue(url, threads, options, redis);
  }

  /** Puts a world's bytes in Redis once; `check`: again if they are no longer there (a Redis restarted without its data). */
  private async store(ref: WorldRef, check = false): Promise<void> {
    if (ref.base) await this.store(ref.base, check);
    const key = `dome:world:${ref.key}`;
    if (this.stored.has(ref.key) && !(check && (await this.redis.exists(key)) === 0)) return;
    await this.redis.set(key, Buffer.from(ref.bytes), 'EX', WORLD_TTL_S);
    this.stored.add(ref.key);
  }

  /**
   * Runs `task` on whichever worker takes it. A job that disappears from Redis while waited for (a Redis
   * restarted without its data) is noticed within two `lostCheckMs` and put on the queue again (with its
   * world, if that is gone too); a job id is never reused, so no result can be taken for another's.
   */
  async run<T extends PoolTask>(task: T, options: RunOptions = {}): Promise<ResultOf<T>> {
    if (options.signal?.aborted) throw new Error('aborted');
    let onAbort = (): void => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new Error('aborted'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      for (let tries = 0; ; tries++) {
        const bytes = await Promise.race([this.once(task, tries > 0, options.signal), aborted]);
        if (bytes !== LOST) return deserialize(Buffer.from(bytes, 'base64')) as ResultOf<T>;
        if (tries >= MAX_LOST) throw new Error(`lost from Redis ${tries + 1} times (a Redis restarted without its data each time?)`);
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Work close() waits for: jobs being put on the queue, and taken off it. */
  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.catch(() => {}).finally(() => this.pending.delete(p));
    return p;
  }

  /** Puts `task` on the queue (its world in Redis first); a caller that stops waiting takes it off again. */
  private async post(task: PoolTask, again: boolean, signal?: AbortSignal): Promise<{ job: Job; withdraw: () => void }> {
    let sent: unknown = task;
    if ('world' in task) {
      await this.store(task.world, again);
      sent = { ...task, world: wire(task.world) };
    }
    await this.events.waitUntilReady();
    if (signal?.aborted) throw new Error('aborted');
    const job = await this.queue.add(task.kind, sent, {
      jobId: randomUUID(),
      removeOnComplete: true,
      removeOnFail: 1000,
      attempts: this.attempts,
      backoff: { type: 'exponential', delay: this.backoffMs },
    });
    // a caller that stops waiting (Ctrl-C, a campaign converged or failed) takes its job off the queue
    // if no worker holds it yet; a chunk already running finishes and its result is dropped
    const withdraw = (): void => {
      void this.track(this.queue.remove(job.id as string).catch(() => 0));
    };
    if (signal?.aborted) withdraw();
    else signal?.addEventListener('abort', withdraw, { once: true });
    return { job, withdraw };
  }

  /** One job for `task`: its result, or LOST if the job disappeared from Redis. */
  private async once(task: PoolTask, again: boolean, signal?: AbortSignal): Promise<string | typeof LOST> {
    const { job, withdraw } = await this.track(this.post(task, again, signal));
    const id = job.id as string;
    let settled = false;
    const done = (job.waitUntilFinished(this.events) as Promise<string>)
      .catch(async (e: unknown) => {
        // failed for good: say how often it was tried, and where last
        const failed = await this.queue.getJob(id).catch(() => undefined);
        const tries = failed?.attemptsMade ?? this.attempts;
        throw new Error(
          `failed on ${tries} attempt${tries === 1 ? '' : 's'}${failed?.processedBy ? ` (last on ${failed.processedBy})` : ''}: ${(e as Error).message}`,
        );
      })
      .finally(() => {
        settled = true;
        signal?.removeEventListener('abort', withdraw);
      });
    // gone twice in a row while not finished: lost (a completed job is removed, but its event comes first)
    const lost = (async (): Promise<typeof LOST> => {
      let gone = 0;
      while (!settled && gone < 2) {
        await new Promise((r) => setTimeout(r, this.lostCheckMs).unref());
        if (settled || this.closed || signal?.aborted) return new Promise<never>(() => {});
        const state = await this.queue.getJobState(id).catch(() => 'no answer');
        gone = state === 'unknown' ? gone + 1 : 0;
      }
      return settled ? new Promise<never>(() => {}) : LOST;
    })();
    return Promise.race([done, lost]);
  }

  /** Closes the queue (at most `CLOSE_WAIT_MS` waiting for a Redis that does not answer) and its connections. */
  async close(): Promise<void> {
    this.closed = true;
    // twice: a job put on the queue as the caller stopped is taken off again
    await within(CLOSE_WAIT_MS, Promise.allSettled([...this.pending]));
    await within(CLOSE_WAIT_MS, Promise.allSettled([...this.pending]));
    await within(CLOSE_WAIT_MS, Promise.all([this.events.close(), this.queue.close()]));
    for (const c of this.connections) c.disconnect();
  }
}

/** Worlds a worker keeps fetched (the most recently used; a sweep's cases, a study's options, the server's campaigns). */
const WORKER_WORLDS = 16;

/** How a worker holds its chunks. */
export interface RedisWorkerOptions extends RedisConnectionOptions {
  /** A chunk whose worker has not renewed its lock for this long is put back on the queue by another worker (default 30 000 ms). */
  lockMs?: number;
  /** How often this worker looks for such chunks (default: `lockMs`). */
  stalledIntervalMs?: number;
  /** Times a chunk may be put back so before it fails (default 2). */
  maxStalledCount?: number;
  /** This worker's name in the queue (a job's `processedBy`; default HOST:PID). */
  name?: string;
}

/** The worker side (`dome worker --redis URL`): takes tasks from the queue and runs them on `pool`, until `close()`. */
export function serveRedisTasks(
  url: string,
  pool: TrialPool,
  options: RedisWorkerOptions = {},
): { close(): Promise<void>; ready(): Promise<void>; name: string; lastError(): string | undefined } {
  const lockMs = options.lockMs ?? 30_000;
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const redis = connection(url, options);
  const blocking = connection(url, options);
  // fetched worlds, the most recently used last (an overlay's ref holds its base while it is kept)
  const worlds = new Map<string, Promise<WorldRef>>();
  const local = (w: WireWorld): Promise<WorldRef> => {
    let ref = worlds.get(w.key);
    if (ref) {
      worlds.delete(w.key);
      worlds.set(w.key, ref);
    } else {
      ref = (async () => {
        const bytes = await redis.getBuffer(`dome:world:${w.key}`);
        if (!bytes) throw new Error(`world ${w.key} is not in Redis (expired, or another server)`);
        const sab = new SharedArrayBuffer(bytes.length);
        new Uint8Array(sab).set(bytes);
        return { key: w.key, bytes: sab, ...(w.base ? { base: await local(w.base) } : {}) };
      })();
      ref.catch(() => worlds.delete(w.key));
      worlds.set(w.key, ref);
      for (const k of worlds.keys()) {
        if (worlds.size <= WORKER_WORLDS) break;
        worlds.delete(k);
      }
    }
    return ref;
  };
  const makeWorker = (): Worker =>
    new Worker(
      REDIS_QUEUE,
      async (job) => {
        const data = job.data as PoolTask & { world?: WireWorld };
        const task = (data.world ? { ...data, world: await local(data.world) } : data) as PoolTask;
        return serialize(await pool.run(task)).toString('base64');
      },
      {
        connection: blocking,
        concurrency: pool.threads,
        name,
        lockDuration: lockMs,
        stalledInterval: options.stalledIntervalMs ?? lockMs,
        maxStalledCount: options.maxStalledCount ?? 2,
      },
    );
  // The BullMQ worker is made once Redis has answered: a worker that never reaches its Redis then holds
  // only the two connections above, which close() ends (BullMQ's own duplicates of them kept reconnecting
  // after close, and the process did not exit on SIGTERM).
  let worker: Worker | undefined;
  let closing = false;
  const started = redis.ping().then(
    () => {
      if (closing) return;
      worker = makeWorker();
      worker.on('error', () => {});
    },
    () => {}, // closed before Redis answered (a ping queued while Redis was down may also stay unsettled: close() does not wait for it)
  );
  return {
    name,
    async ready() {
      await started;
      if (!worker) return; // closed before Redis answered
      await worker.waitUntilReady();
    },
    /** The last connection error (a Redis not up yet, a TLS certificate refused), if any. */
    lastError() {
      return (lastError.get(blocking) ?? lastError.get(redis))?.message;
    },
    /** Finishes the chunks it holds (waiting at most CLOSE_WAIT_MS for a Redis that is down: those chunks go to another worker once stalled), then ends its connections. */
    async close() {
      // with Redis up, the chunks held finish and are handed in; with Redis down, they are left to stall
      closing = true;
      if (worker) await (blocking.status === 'ready' ? worker.close() : within(CLOSE_WAIT_MS, worker.close()));
      redis.disconnect();
      blocking.disconnect();
    },
  };
}
