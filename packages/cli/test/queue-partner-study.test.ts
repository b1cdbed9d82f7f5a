import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../../pool/test/redis-server.ts';
import { partnerStudyCommand } from '../src/commands/partner-study.ts';
import { workerCommand } from '../src/commands/worker.ts';
import { writeSmallPartnerStudy } from './small-partner-study.ts';

// `dome partner-study --queue` (issue 17) on Debian's redis-server (loopback, nothing saved) with a `dome
// worker` in this process: every option world (an overlay of its policy, sensors and batteries on the raid's
// flights, both stored in Redis once), with its approval variants and levers, gives the files of a run here.
let redis: ChildProcess;
let url: string;
const quiet = { stdout: () => {}, stderr: () => {} };

beforeAll(async () => {
  ({ url, process: redis } = await startTestRedis());
});
afterAll(() => {
  redis.kill();
});

/** A JSON file without its provenance (when and by what command it was made). */
const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'), (k, v: unknown) => (k === 'provenance' ? undefined : v));
const text = (file: string): string => readFileSync(file, 'utf8');

describe('dome partner-study --queue', () => {
  it('writes the results.json and CSVs of a run here', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dome-queue-partner-'));
    const study = writeSmallPartnerStudy(dir);
    const stop = new AbortController();
    const worker = workerCommand(['--redis', url, '--threads', '1'], quiet, { signal: stop.signal });
    const run = (out: string, queue: string[]) =>
      partnerStudyCommand([study, '--trials', '2', '--workers', '1', '--approval-delays', '60', '--out', join(dir, out), ...queue], quiet, {
        now: () => new Date(0),
      });
    try {
      expect(await run('here', [])).toBe(0);
      expect(await run('queued', ['--queue', url])).toBe(0);
    } finally {
      stop.abort();
      expect(await worker).toBe(0);
    }
    const here = join(dir, 'here'),
      queued = join(dir, 'queued');
    expect(json(join(queued, 'results.json'))).toEqual(json(join(here, 'results.json')));
    for (const f of ['options.csv', 'trials.csv', 'approval-curve.csv']) expect(text(join(queued, f)), f).toBe(text(join(here, f)));
    // the option worlds differ (the host option's battery in British Columbia saves a Canadian city): one world
    // run for every option would not pass the equalities above
    const [head, ...rows] = text(join(here, 'options.csv'))
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const leakage = rows.map((r) => r[head.indexOf('leakage')]);
    expect(new Set(leakage).size).toBeGreaterThan(1);
  }, 120_000);
});
