import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { serveRedisTasks, shownRedisUrl, TrialPool } from '@golden-dome/pool';
import { REDIS_CA_HELP, redisFlags } from './redis-flags.ts';
import { intFlag, numberFlag, UsageError } from '../usage-error.ts';
import { untilStopped } from '../until-stopped.ts';

export const WORKER_HELP = `dome worker — run trials for campaigns started on other machines

  dome worker --redis redis://[:PASSWORD@]HOST:PORT [--threads N] [--stalled-after S] [--redis-ca FILE]

  Takes the chunks of campaigns started with 'dome run --queue redis://HOST:PORT' (or by
  'dome serve --redis …') from the Redis queue and runs them on this machine's trial pool; start one
  on every machine that should help. The results are those of a run on one machine (the same seeds,
  exact sums). Several machines: docs/distributed.md.

  --redis URL        the Redis server holding the queue (redis://HOST:PORT, rediss://HOST:PORT for TLS; a
                     password as redis://:PASSWORD@HOST:PORT or redis://USER:PASSWORD@HOST:PORT)
${REDIS_CA_HELP}
  --threads N        worker threads here (default: the machine's ${availableParallelism()} processors)
  --stalled-after S  a chunk whose worker stops answering (killed, cut off) for S seconds goes back
                     on the queue for another worker, twice at most (default 30; every worker checks)

  Ctrl-C (SIGINT) or SIGTERM stops it: it finishes the chunks it holds first.`;

export interface WorkerDeps {
  /** Stops the worker (default: SIGINT or SIGTERM). */
  signal?: AbortSignal;
}

export async function workerCommand(
  argv: string[],
  io: { stdout: (s: string) => void; stderr: (s: string) => void },
  deps: WorkerDeps = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        redis: { type: 'string' },
        threads: { type: 'string' },
        'stalled-after': { type: 'string' },
        'redis-ca': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]}\n\n${WORKER_HELP}`);
  }
  if (parsed.values.help) {
    io.stdout(WORKER_HELP);
    return 0;
  }
  if (parsed.values.redis === undefined) throw new UsageError(`--redis URL is required\n\n${WORKER_HELP}`);
  const { url, options } = redisFlags('--redis', parsed.values.redis, parsed.values['redis-ca']) as NonNullable<
    ReturnType<typeof redisFlags>
  >;
  const threads = intFlag('threads', parsed.values.threads, 1, 1024) ?? availableParallelism();
  const stalledAfter = numberFlag('stalled-after', parsed.values['stalled-after'], 1, 86_400) ?? 30;
  const pool = new TrialPool({ threads });
  const served = serveRedisTasks(url, pool, { ...options, lockMs: stalledAfter * 1000, stalledIntervalMs: (stalledAfter * 1000) / 2 });
  const stopped = untilStopped(deps.signal);
  // a Redis not up yet (a compose file's workers may start first) is waited for, as is one restarted later
  io.stderr(`dome worker: connecting to ${shownRedisUrl(url)} …`);
  // …saying why while it cannot (a Redis down, a TLS certificate refused), every 10 s
  let said: string | undefined;
  const waiting = setInterval(() => {
    const e = served.lastError();
    if (e !== undefined && e !== said) io.stderr(`dome worker: still connecting to ${shownRedisUrl(url)}: ${e}`);
    said = e;
  }, 10_000);
  await Promise.race([
    served.ready().then(() => {
      io.stdout(
        `dome worker ${served.name}: taking trials from ${shownRedisUrl(url)} on ${threads} thread${threads === 1 ? '' : 's'}; Ctrl-C stops it`,
      );
    }),
    stopped,
  ]);
  clearInterval(waiting);
  await stopped;
  await served.close();
  await pool.close();
  io.stderr('dome worker: stopped');
  return 0;
}
