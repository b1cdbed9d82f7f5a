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
 * Not yet: fair scheduling between users across machines (BullMQ's queue is first in, first out), the
 * server on the Redis backend, retries of a failed chunk.
 */
import { deserialize, serialize } from 'node:v8';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { PoolTask, ResultOf, WorldRef } from './protocol.ts';
import type { RunOptions, TrialPool } from './trial-pool.ts';

export const REDIS_QUEUE = 'dome-tasks';
const WORLD_TTL_S = 24 * 3600;

/** A world reference without its bytes (they are in Redis under `dome:world:<key>`). */
interface WireWorld {
  key: string;
  base?: WireWorld;
}

const wire = (ref: WorldRef): WireWorld => ({ key: ref.key, ...(ref.base ? { base: wire(ref.base) } : {}) });

function connection(url: string): Redis {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RangeError(`not a Redis URL: '${url}' (expected redis://HOST:PORT)`);
  }
  if (u.protocol !== 'redis:') throw new RangeError(`not a Redis URL: '${url}' (expected redis://HOST:PORT)`);
  // BullMQ's blocking reads need no retry limit per request; a lost connection is retried (its errors
  // are not thrown at the process: the caller's ping, or a task that does not finish, says it)
  const r = new Redis(url, { maxRetriesPerRequest: null });
  r.on('error', () => {});
  return r;
}

/** The producer side: runs tasks on whichever `dome worker` takes them. Has the TrialPool's `run` and `threads`. */
export class RedisTaskQueue {
  private readonly redis: Redis;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly stored = new Set<string>();

  /** `threads`: chunks a campaign keeps in flight (the workers' threads in all, as the producer sees it). */
  constructor(url: string, readonly threads = 4, redis?: Redis) {
    this.redis = redis ?? connection(url);
    this.queue = new Queue(REDIS_QUEUE, { connection: connection(url) });
    this.events = new QueueEvents(REDIS_QUEUE, { connection: connection(url) });
    this.queue.on('error', () => {});
    this.events.on('error', () => {});
  }

  /** A queue on a Redis server that answers (within `timeoutMs`); otherwise an Error naming the URL. */
  static async connect(url: string, threads?: number, timeoutMs = 5000): Promise<RedisTaskQueue> {
    // asked first on one connection: the queue's own connections are opened only once Redis answers
    const redis = connection(url);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([redis.ping(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs / 1000} s`)), timeoutMs); })]);
    } catch (e) {
      redis.disconnect();
      throw new Error(`cannot reach Redis at ${url}: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
    return new RedisTaskQueue(url, threads, redis);
  }

  private async store(ref: WorldRef): Promise<void> {
    if (ref.base) await this.store(ref.base);
    if (this.stored.has(ref.key)) return;
    await this.redis.set(`dome:world:${ref.key}`, Buffer.from(ref.bytes), 'EX', WORLD_TTL_S);
    this.stored.add(ref.key);
  }

  async run<T extends PoolTask>(task: T, options: RunOptions = {}): Promise<ResultOf<T>> {
    if (options.signal?.aborted) throw new Error('aborted');
    let sent: unknown = task;
    if ('world' in task) {
      await this.store(task.world);
      sent = { ...task, world: wire(task.world) };
    }
    await this.events.waitUntilReady();
    const job = await this.queue.add(task.kind, sent, { removeOnComplete: true, removeOnFail: 100 });
    const done = job.waitUntilFinished(this.events) as Promise<string>;
    const aborted = new Promise<never>((_, reject) => options.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    const bytes = await Promise.race([done, aborted]);
    return deserialize(Buffer.from(bytes, 'base64')) as ResultOf<T>;
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
    this.redis.disconnect();
  }
}

/** The worker side (`dome worker --redis URL`): takes tasks from the queue and runs them on `pool`, until `close()`. */
export function serveRedisTasks(url: string, pool: TrialPool): { close(): Promise<void> } {
  const redis = connection(url);
  const worlds = new Map<string, Promise<WorldRef>>();
  const local = (w: WireWorld): Promise<WorldRef> => {
    let ref = worlds.get(w.key);
    if (!ref) {
      ref = (async () => {
        const bytes = await redis.getBuffer(`dome:world:${w.key}`);
        if (!bytes) throw new Error(`world ${w.key} is not in Redis (expired, or another server)`);
        const sab = new SharedArrayBuffer(bytes.length);
        new Uint8Array(sab).set(bytes);
        return { key: w.key, bytes: sab, ...(w.base ? { base: await local(w.base) } : {}) };
      })();
      ref.catch(() => worlds.delete(w.key));
      worlds.set(w.key, ref);
    }
    return ref;
  };
  const worker = new Worker(REDIS_QUEUE, async (job) => {
    const data = job.data as PoolTask & { world?: WireWorld };
    const task = (data.world ? { ...data, world: await local(data.world) } : data) as PoolTask;
    return serialize(await pool.run(task)).toString('base64');
  }, { connection: connection(url), concurrency: pool.threads });
  worker.on('error', () => {});
  return {
    async close() {
      await worker.close();
      redis.disconnect();
    },
  };
}
