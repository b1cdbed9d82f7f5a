/**
 * The Redis flags of every command that talks to the queue of `dome worker`s (docs/distributed.md): the
 * URL (`--queue` of run, sweep, compare and partner-study; `--redis` of worker and serve) and the TLS
 * authority (`--redis-ca FILE`, or the REDIS_CA environment variable). Checked before anything is built;
 * mistakes are usage errors (exit 2) naming the flag and the URL (its password hidden).
 */
import { readFileSync, statSync } from 'node:fs';
import { checkRedisUrl, type RedisConnectionOptions, RedisTaskQueue, shownRedisUrl } from '@golden-dome/pool';
import { UsageError } from '../usage-error.ts';

/** A CA file larger than this is not a CA bundle (Debian's whole bundle of public authorities is ~220 kB). */
const MAX_CA_BYTES = 1 << 20;

/** The flags, for parseFlags. */
export const QUEUE_FLAGS = { queue: { type: 'string' }, 'redis-ca': { type: 'string' } } as const;

/** The help lines of `--queue URL` and `--redis-ca FILE` (what `inFlight` means for the command: "K chunks in flight"). */
export function queueHelp(inFlight: string): string {
  return `  --queue URL        run the trials on the machines running 'dome worker --redis URL' (redis://HOST:PORT,
                     or rediss://HOST:PORT for TLS; a password as redis://:PASSWORD@HOST:PORT), ${inFlight};
                     the results are those of a run here (docs/distributed.md)
  --redis-ca FILE    with rediss://: the PEM certificate of the authority that signed Redis's certificate (or
                     the self-signed certificate itself; default: the REDIS_CA environment variable, else the
                     public authorities Node knows)`;
}

/** The help lines of `--redis-ca FILE` for `dome worker` and `dome serve`. */
export const REDIS_CA_HELP = `  --redis-ca FILE    with rediss:// (TLS): the PEM certificate of the authority that signed Redis's certificate
                     (or the self-signed certificate itself; default: the REDIS_CA environment variable, else
                     the public authorities Node knows)`;

/**
 * The connection options of `flag`'s URL: `url` checked (redis:// or rediss://) and, for rediss://, the CA of
 * `--redis-ca FILE` (else of the REDIS_CA file). Undefined when `url` is; `--redis-ca` without the URL flag, or with
 * a redis:// URL, is a mistake (REDIS_CA is ambient: a redis:// URL ignores it).
 */
export function redisFlags(
  flag: string,
  url: string | undefined,
  caFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { url: string; options: RedisConnectionOptions } | undefined {
  if (url === undefined) {
    if (caFile !== undefined) throw new UsageError(`--redis-ca applies with ${flag} rediss://HOST:PORT`);
    return undefined;
  }
  let tls: boolean;
  try {
    tls = checkRedisUrl(url).protocol === 'rediss:';
  } catch {
    throw new UsageError(`${flag} must be a redis:// URL (rediss:// for TLS), got '${shownRedisUrl(url)}'`);
  }
  if (caFile !== undefined && !tls)
    throw new UsageError(`--redis-ca applies to TLS: ${flag} '${shownRedisUrl(url)}' is redis://, not rediss://`);
  const file = caFile ?? (tls && env.REDIS_CA ? env.REDIS_CA : undefined);
  if (file === undefined) return { url, options: {} };
  const from = caFile !== undefined ? '--redis-ca' : 'REDIS_CA';
  let ca: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_CA_BYTES) throw new UsageError(`${from}: ${file} is ${size} bytes; a CA certificate file is at most ${MAX_CA_BYTES}`);
    ca = readFileSync(file);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${from}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (!ca.includes('-----BEGIN CERTIFICATE-----'))
    throw new UsageError(`${from}: ${file} holds no PEM certificate (a '-----BEGIN CERTIFICATE-----' block)`);
  return { url, options: { ca } };
}

/** The queue on a Redis that answers; a usage error naming `flag` and the URL otherwise (exit 2). */
export async function connectQueue(
  flag: string,
  redis: { url: string; options: RedisConnectionOptions },
  inFlight: number,
): Promise<RedisTaskQueue> {
  try {
    return await RedisTaskQueue.connect(redis.url, inFlight, redis.options);
  } catch (e) {
    throw new UsageError(`${flag}: ${(e as Error).message}`);
  }
}
