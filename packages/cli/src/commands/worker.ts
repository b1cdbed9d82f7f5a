import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { serveRedisTasks, TrialPool } from '@golden-dome/pool';
import { intFlag, UsageError } from '../usage-error.ts';
import { untilStopped } from '../until-stopped.ts';

export const WORKER_HELP = `dome worker — run trials for campaigns started on other machines

  dome worker --redis redis://HOST:PORT [--threads N]

  Takes the chunks of campaigns started with 'dome run --queue redis://HOST:PORT' from the Redis
  queue and runs them on this machine's trial pool; start one on every machine that should help.
  The results are those of a run on one machine (the same seeds, exact sums).

  --redis URL     the Redis server holding the queue (redis://HOST:PORT)
  --threads N     worker threads here (default: the machine's ${availableParallelism()} processors)

  Ctrl-C (SIGINT) or SIGTERM stops it (the chunk it runs is given to another worker by the queue).`;

export interface WorkerDeps {
  /** Stops the worker (default: SIGINT or SIGTERM). */
  signal?: AbortSignal;
}

export async function workerCommand(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }, deps: WorkerDeps = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: false, options: { redis: { type: 'string' }, threads: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]}\n\n${WORKER_HELP}`);
  }
  if (parsed.values.help) {
    io.stdout(WORKER_HELP);
    return 0;
  }
  const url = parsed.values.redis;
  if (url === undefined) throw new UsageError(`--redis URL is required\n\n${WORKER_HELP}`);
  if (!/^redis:\/\/[^\s]+$/.test(url)) throw new UsageError(`--redis must be a redis:// URL, got '${url}'`);
  const threads = intFlag('threads', parsed.values.threads, 1, 1024) ?? availableParallelism();
  const pool = new TrialPool({ threads });
  const served = serveRedisTasks(url, pool);
  io.stdout(`dome worker: taking trials from ${url} on ${threads} thread${threads === 1 ? '' : 's'}; Ctrl-C stops it`);
  await untilStopped(deps.signal);
  await served.close();
  await pool.close();
  io.stderr('dome worker: stopped');
  return 0;
}
