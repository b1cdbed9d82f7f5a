import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { REDIS_QUEUE } from '../src/redis-queue.ts';

/** A loopback port free now (nothing listens there once it resolves). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * Debian's redis-server on a free loopback port: the tests' Redis (stop it with `process.kill()`). Nothing
 * saved, or with `dir` an append-only file there written through at every command (`appendfsync always`),
 * so a Redis started again on the same `port` and `dir` comes back with every job and world.
 */
export async function startTestRedis(
  options: { dir?: string; port?: number; tls?: { cert: string; key: string } } = {},
): Promise<{ url: string; port: number; process: ChildProcess }> {
  const port = options.port ?? (await freePort());
  const persistence = options.dir
    ? ['--dir', options.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
    : ['--save', '', '--appendonly', 'no'];
  // with `tls` (PEM files): TLS only (rediss://), the plain port closed; clients need no certificate of their own
  const listen = options.tls
    ? [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--tls-cert-file',
        options.tls.cert,
        '--tls-key-file',
        options.tls.key,
        '--tls-auth-clients',
        'no',
      ]
    : ['--port', String(port)];
  const redis = spawn('redis-server', [...listen, '--bind', '127.0.0.1', ...persistence], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    redis.stdout?.on('data', (d: Buffer) => {
      if (/Ready to accept connections/.test(d.toString())) resolve();
    });
    redis.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
  });
  return { url: `${options.tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`, port, process: redis };
}

/** What the tests look at in the pool's BullMQ queue: the chunks running and who holds them, the chunks found stalled and those completed. */
export async function watchQueue(url: string): Promise<{
  active(): Promise<Array<{ id: string; processedBy?: string }>>;
  state(id: string): Promise<{ state: string; processedBy?: string }>;
  stalled: string[];
  completed: string[];
  /** Jobs by state (waiting, active, delayed, completed, failed, …). */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}> {
  const connections = [new Redis(url, { maxRetriesPerRequest: null }), new Redis(url, { maxRetriesPerRequest: null })];
  for (const c of connections) c.on('error', () => {});
  const queue = new Queue(REDIS_QUEUE, { connection: connections[0] });
  const events = new QueueEvents(REDIS_QUEUE, { connection: connections[1] });
  await events.waitUntilReady();
  const stalled: string[] = [];
  const completed: string[] = [];
  events.on('stalled', ({ jobId }) => stalled.push(jobId));
  events.on('completed', ({ jobId }) => completed.push(jobId));
  return {
    stalled,
    completed,
    async active() {
      return (await queue.getActive()).map((j) => ({ id: j.id as string, ...(j.processedBy ? { processedBy: j.processedBy } : {}) }));
    },
    async counts() {
      return queue.getJobCounts();
    },
    async state(id) {
      const job = await queue.getJob(id);
      return { state: job ? await job.getState() : 'gone', ...(job?.processedBy ? { processedBy: job.processedBy } : {}) };
    },
    async close() {
      await events.close();
      await queue.close();
      for (const c of connections) c.disconnect();
    },
  };
}
