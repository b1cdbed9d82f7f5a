import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, watchQueue } from '../../pool/test/redis-server.ts';
import { runCommand } from '../src/commands/run.ts';
import { writeTinyScenario } from './tiny-scenarios.ts';

// kill -9 of a `dome worker` process mid-campaign (issue 17; docs/distributed.md): its chunk goes back on
// the queue (BullMQ's stalled-job check, here after 2 s), another worker runs it, and `dome run --queue`
// writes the trials.csv and results.json of a run here: no trial lost, none counted twice.
const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'dome.mjs');
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const quiet = { stdout: () => {}, stderr: () => {} };
let redis: ChildProcess;
let url: string;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  ({ url, process: redis } = await startTestRedis());
});
afterAll(() => {
  for (const w of workers) w.kill('SIGKILL');
  redis.kill();
});

/** A `dome worker` process (the compiled CLI) of one thread; resolves with it and its queue name once it takes trials. */
async function startWorker(): Promise<{ child: ChildProcess; name: string }> {
  const child = spawn(process.execPath, [BIN, 'worker', '--redis', url, '--threads', '1', '--stalled-after', '2'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const name = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /dome worker (\S+): taking trials/.exec(out);
      if (m) done(m[1]);
    });
    child.once('exit', (code) => fail(new Error(`dome worker exited (${code}): ${err}`)));
  });
  return { child, name };
}

const results = (d: string) => {
  const {
    seconds: _s,
    trials_per_s: _t,
    workers: _w,
    provenance: _p,
    ...rest
  } = JSON.parse(readFileSync(join(d, 'results.json'), 'utf8')) as Record<string, unknown>;
  return rest;
};

describe('dome worker killed (kill -9) mid-campaign', () => {
  it('its chunk is run by another worker; the campaign completes with the results of a run here', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dome-kill-'));
    const file = writeTinyScenario(dir, 'tiny', 4, false);
    // the run here while the workers start (one after the other: the first may compile the CLI)
    const [here, [a, b]] = await Promise.all([
      runCommand([file, '--trials', '20', '--workers', '2', '--out', join(dir, 'here')], quiet, { onProgress: () => {} }),
      startWorker().then(async (first) => [first, await startWorker()] as const),
    ]);
    expect(here).toBe(0);
    expect(a.name).not.toBe(b.name);

    const queue = await watchQueue(url);
    let killed: string | undefined;
    let finished = false;
    // kill -9 worker A while it holds a chunk: found active and processed by A, then A frozen (SIGSTOP) and
    // the chunk checked still active (not finished in between), then killed
    const killer = (async () => {
      while (!finished && killed === undefined) {
        const held = (await queue.active()).find((j) => j.processedBy === a.name);
        if (held) {
          a.child.kill('SIGSTOP');
          const again = await queue.state(held.id);
          if (again.state === 'active' && again.processedBy === a.name) {
            a.child.kill('SIGKILL');
            killed = held.id;
            break;
          }
          a.child.kill('SIGCONT');
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    try {
      expect(
        await runCommand([file, '--trials', '20', '--workers', '2', '--queue', url, '--out', join(dir, 'queued')], quiet, {
          onProgress: () => {},
        }),
      ).toBe(0);
    } finally {
      finished = true;
      await killer;
      await queue.close();
    }
    expect(killed).toBeDefined();
    expect(a.child.signalCode).toBe('SIGKILL');
    // BullMQ's stalled-job check moved A's chunk back to the queue; B ran it
    expect(queue.stalled).toContain(killed);
    expect(readFileSync(join(dir, 'queued', 'trials.csv'), 'utf8')).toBe(readFileSync(join(dir, 'here', 'trials.csv'), 'utf8'));
    expect(results(join(dir, 'queued'))).toEqual(results(join(dir, 'here')));
    b.child.kill('SIGTERM');
    expect(await new Promise((done) => b.child.once('exit', (code) => done(code)))).toBe(0);
  }, 90_000);
});
