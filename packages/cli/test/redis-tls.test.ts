import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../../pool/test/redis-server.ts';
import { redisFlags } from '../src/commands/redis-flags.ts';
import { runCommand } from '../src/commands/run.ts';
import { serveCommand } from '../src/commands/serve.ts';
import { workerCommand } from '../src/commands/worker.ts';
import { UsageError } from '../src/usage-error.ts';
import { writeTinyScenario } from './tiny-scenarios.ts';

// TLS to Redis (rediss://, docs/distributed.md): Debian's redis-server (built with TLS) on a loopback TLS
// port only, with a self-signed certificate made here by openssl for 127.0.0.1; `dome worker` and `dome run
// --queue` trust it with --redis-ca, and refuse it without.
const dir = mkdtempSync(join(tmpdir(), 'dome-redis-tls-'));
const cert = join(dir, 'redis.crt');
const key = join(dir, 'redis.key');
let redis: ChildProcess;
let url: string;
const quiet = { stdout: () => {}, stderr: () => {} };

beforeAll(async () => {
  // an EC key (fast to make), the address in the certificate's subjectAltName (Node checks it against the URL's host)
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  ({ url, process: redis } = await startTestRedis({ tls: { cert, key } }));
});
afterAll(() => {
  redis.kill();
});

describe('Redis over TLS (rediss://)', () => {
  it('a campaign through a TLS-only Redis, trusted with --redis-ca, writes the trials of a run here', async () => {
    expect(url).toMatch(/^rediss:\/\/127\.0\.0\.1:\d+$/);
    const file = writeTinyScenario(dir, 'tiny', 4, false);
    const stop = new AbortController();
    const worker = workerCommand(['--redis', url, '--redis-ca', cert, '--threads', '1'], quiet, { signal: stop.signal });
    try {
      expect(await runCommand([file, '--trials', '2', '--workers', '1', '--out', join(dir, 'here')], quiet, { onProgress: () => {} })).toBe(
        0,
      );
      expect(
        await runCommand([file, '--trials', '2', '--workers', '1', '--queue', url, '--redis-ca', cert, '--out', join(dir, 'tls')], quiet, {
          onProgress: () => {},
        }),
      ).toBe(0);
    } finally {
      stop.abort();
      expect(await worker).toBe(0);
    }
    expect(readFileSync(join(dir, 'tls', 'trials.csv'), 'utf8')).toBe(readFileSync(join(dir, 'here', 'trials.csv'), 'utf8'));
  }, 60_000);

  it('without the CA the certificate is refused, said with the reason; REDIS_CA stands for --redis-ca; mistakes name the flag', async () => {
    const file = writeTinyScenario(dir, 'refused', 4, false);
    await expect(runCommand([file, '--trials', '2', '--queue', url], quiet, { onProgress: () => {} })).rejects.toThrow(
      new RegExp(
        `^--queue: cannot reach Redis at ${url.replace(/\./g, '\\.')}: no answer in 5 s \\(last error: self-signed certificate\\)$`,
      ),
    );
    // the environment's CA applies to rediss:// only (a redis:// URL ignores it); the flag wins over it
    expect(redisFlags('--redis', url, undefined, { REDIS_CA: cert })?.options.ca).toEqual(readFileSync(cert));
    expect(redisFlags('--redis', url.replace('rediss:', 'redis:'), undefined, { REDIS_CA: cert })?.options).toEqual({});
    expect(() => redisFlags('--redis', url, undefined, { REDIS_CA: join(dir, 'gone.pem') })).toThrow(
      `REDIS_CA: cannot read ${join(dir, 'gone.pem')} (ENOENT)`,
    );
    expect(() => redisFlags('--redis', url, key, {})).toThrow(`--redis-ca: ${key} holds no PEM certificate`);
    // dome serve and dome worker check the same flags before anything starts
    const data = join(dir, 'data');
    for (const [command, argv, message] of [
      [
        serveCommand,
        ['--redis', url.replace('rediss:', 'redis:'), '--redis-ca', cert, '--data', data],
        `--redis-ca applies to TLS: --redis`,
      ],
      [serveCommand, ['--redis-ca', cert, '--data', data], '--redis-ca applies with --redis rediss://HOST:PORT'],
      [workerCommand, ['--redis', 'rediss://', '--redis-ca', cert], `--redis must be a redis:// URL (rediss:// for TLS), got 'rediss://'`],
    ] as const) {
      const run = command([...argv], quiet);
      await expect(run).rejects.toThrow(UsageError);
      await expect(run).rejects.toThrow(message);
    }
  }, 30_000);
});
