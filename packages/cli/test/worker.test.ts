import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../../pool/test/redis-server.ts';
import { runCommand } from '../src/commands/run.ts';
import { workerCommand } from '../src/commands/worker.ts';
import { UsageError } from '../src/usage-error.ts';
import { writeTinyScenario } from './tiny-scenarios.ts';

// `dome run --queue` with a `dome worker` on Debian's redis-server (loopback, nothing saved)
let redis: ChildProcess;
let url: string;
const quiet = { stdout: () => {}, stderr: () => {} };

beforeAll(async () => {
  ({ url, process: redis } = await startTestRedis());
});
afterAll(() => {
  redis.kill();
});

describe('dome worker and dome run --queue', () => {
  it('a campaign queued on Redis and run by a dome worker writes the results.json and trials.csv of a run here', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dome-queue-'));
    const file = writeTinyScenario(dir, 'tiny', 4, false);
    const stop = new AbortController();
    const worker = workerCommand(['--redis', url, '--threads', '1'], quiet, { signal: stop.signal });
    try {
      expect(await runCommand([file, '--trials', '8', '--workers', '1', '--out', join(dir, 'here')], quiet, { onProgress: () => {} })).toBe(
        0,
      );
      expect(
        await runCommand([file, '--trials', '8', '--workers', '2', '--queue', url, '--out', join(dir, 'queued')], quiet, {
          onProgress: () => {},
        }),
      ).toBe(0);
    } finally {
      stop.abort();
      expect(await worker).toBe(0);
    }
    expect(readFileSync(join(dir, 'queued', 'trials.csv'), 'utf8')).toBe(readFileSync(join(dir, 'here', 'trials.csv'), 'utf8'));
    const json = (d: string) => {
      const {
        seconds: _s,
        trials_per_s: _t,
        workers: _w,
        ...rest
      } = JSON.parse(readFileSync(join(dir, d, 'results.json'), 'utf8')) as Record<string, unknown>;
      return rest;
    };
    expect(json('queued')).toEqual(json('here'));
  }, 120_000);

  it('bad URLs are usage errors (exit 2) naming the flag', async () => {
    await expect(workerCommand([], quiet)).rejects.toThrow(UsageError);
    await expect(workerCommand(['--redis', 'http://x'], quiet)).rejects.toThrow(
      /--redis must be a redis:\/\/ URL \(rediss:\/\/ for TLS\), got 'http:\/\/x'/,
    );
    await expect(runCommand(['x.yaml', '--queue', 'nowhere'], quiet)).rejects.toThrow(
      /--queue must be a redis:\/\/ URL \(rediss:\/\/ for TLS\), got 'nowhere'/,
    );
  });
});
