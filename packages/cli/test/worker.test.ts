import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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

  it('a worker that never reached its Redis exits on SIGTERM (the compiled CLI, a port nobody listens on)', async () => {
    const bin = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'dome.mjs');
    const child = spawn(process.execPath, [bin, 'worker', '--redis', 'redis://127.0.0.1:1', '--threads', '1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await new Promise<void>((done) => {
      const check = setInterval(() => {
        if (err.includes('connecting to')) {
          clearInterval(check);
          done();
        }
      }, 50);
    });
    child.kill('SIGTERM');
    // before the fix it printed 'stopped' and hung (BullMQ's duplicated connections kept reconnecting)
    const code = await Promise.race([exited, new Promise<'hung'>((done) => setTimeout(() => done('hung'), 20_000))]);
    if (code === 'hung') child.kill('SIGKILL');
    expect(code, err).toBe(0);
    expect(err).toMatch(/dome worker: stopped/);
  }, 90_000);
});
