import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, watchQueue } from '../../pool/test/redis-server.ts';
import { compareCommand } from '../src/commands/compare.ts';
import { partnerStudyCommand } from '../src/commands/partner-study.ts';
import { runCommand } from '../src/commands/run.ts';
import { sweepCommand } from '../src/commands/sweep.ts';
import { workerCommand } from '../src/commands/worker.ts';
import { UsageError } from '../src/usage-error.ts';
import { writeSmallPartnerStudy } from './small-partner-study.ts';
import { writeTinyScenario } from './tiny-scenarios.ts';

// `dome sweep|compare --queue` (issue 17) on Debian's redis-server (loopback, nothing saved) with a
// `dome worker` in this process: each writes the files of a run here; a producer stopped takes its chunks
// no worker holds yet off the queue; mistakes in the Redis flags of every campaign command are usage errors
// (a Redis that does not answer, said by the same connectQueue for every flag: serve-redis.test.ts).
// (partner-study --queue: queue-partner-study.test.ts)
let redis: ChildProcess;
let url: string;
const quiet = { stdout: () => {}, stderr: () => {} };
const dir = mkdtempSync(join(tmpdir(), 'dome-queue-commands-'));

beforeAll(async () => {
  ({ url, process: redis } = await startTestRedis());
});
afterAll(() => {
  redis.kill();
});

/** A JSON file without what differs between two runs of the same seeds (when and how it ran). */
const json = (file: string): unknown =>
  JSON.parse(readFileSync(file, 'utf8'), (k, v: unknown) =>
    k === 'provenance' || k === 'seconds' || k === 'trials_per_s' || k === 'startup_seconds' ? undefined : v,
  );
const text = (file: string): string => readFileSync(file, 'utf8');

describe('--queue of dome sweep, compare and partner-study', () => {
  it('a producer stopped (Ctrl-C) takes its chunks off the queue: none is left for a worker', async () => {
    const file = writeTinyScenario(dir, 'stopped', 4, false);
    const queue = await watchQueue(url);
    const stop = new AbortController();
    try {
      // no worker runs: the chunks wait on the queue until the run is stopped
      const run = runCommand([file, '--trials', '40', '--workers', '3', '--queue', url], quiet, {
        signal: stop.signal,
        onProgress: () => {},
      });
      for (let i = 0; i < 200 && ((await queue.counts()).waiting ?? 0) < 3; i++) await new Promise((r) => setTimeout(r, 50));
      expect((await queue.counts()).waiting).toBe(3);
      stop.abort();
      expect(await run).toBe(130);
      const left = await queue.counts();
      expect(left.waiting + left.active + left.delayed + left.prioritized).toBe(0);
    } finally {
      await queue.close();
    }
  }, 60_000);

  it('sweep and compare on a dome worker write the files of a run here (but for when and how fast)', async () => {
    const scenario = writeTinyScenario(dir, 'tiny', 4, false);
    const other = writeTinyScenario(dir, 'other', 2, false);
    const stop = new AbortController();
    const worker = workerCommand(['--redis', url, '--threads', '1'], quiet, { signal: stop.signal });
    const both = async (run: (out: string, queue: string[]) => Promise<number>, name: string): Promise<[string, string]> => {
      const here = join(dir, `${name}-here`),
        queued = join(dir, `${name}-queued`);
      expect(await run(here, []), `${name} here`).toBe(0);
      expect(await run(queued, ['--queue', url]), `${name} --queue`).toBe(0);
      return [here, queued];
    };
    try {
      const sweep = await both(
        (out, q) =>
          sweepCommand(
            [scenario, '--vary', 'architecture.batteries.0.inventory=2,4', '--trials', '2', '--workers', '1', '--out', out, ...q],
            quiet,
            { onProgress: () => {} },
          ),
        'sweep',
      );
      const compare = await both(
        (out, q) =>
          compareCommand([scenario, other, '--trials', '2', '--workers', '1', '--out', out, ...q], quiet, { onProgress: () => {} }),
        'compare',
      );
      const [sh, sq] = sweep;
      expect(json(join(sq, 'sweep.json'))).toEqual(json(join(sh, 'sweep.json')));
      expect(text(join(sq, 'sweep.csv'))).toBe(text(join(sh, 'sweep.csv')));
      expect(text(join(sq, 'trials.csv'))).toBe(text(join(sh, 'trials.csv')));
      const [ch, cq] = compare;
      expect(json(join(cq, 'compare.json'))).toEqual(json(join(ch, 'compare.json')));
      expect(text(join(cq, 'compare.csv'))).toBe(text(join(ch, 'compare.csv')));
      // the cases differ (2 interceptors against 4: each case fires its whole inventory here): a queue that
      // ran one world for every case, or one side for both, would not pass the equalities above
      const fired = (csv: string, column: string): string[] => {
        const [head, ...rows] = csv
          .trim()
          .split('\n')
          .map((l) => l.split(','));
        return rows.map((r) => r[head.indexOf(column)]);
      };
      expect(fired(text(join(sq, 'sweep.csv')), 'interceptors_fired')).toEqual(['2', '4']);
      expect(text(join(cq, 'compare.csv'))).toMatch(/^interceptors_fired,[^,]*,,4,4,4,2,2,2,/m);
    } finally {
      stop.abort();
      expect(await worker).toBe(0);
    }
  }, 120_000);

  it('a bad URL and --redis-ca out of place are usage errors naming them (exit 2)', async () => {
    const scenario = writeTinyScenario(dir, 'bad', 4, false);
    const study = writeSmallPartnerStudy(dir);
    const pem = join(dir, 'not-a-cert.pem');
    writeFileSync(pem, 'hello\n');
    const commands: Array<[string, (argv: string[]) => Promise<number>, string[]]> = [
      ['sweep', (a) => sweepCommand(a, quiet), [scenario, '--vary', 'architecture.batteries.0.inventory=2,4', '--trials', '2']],
      ['compare', (a) => compareCommand(a, quiet), [scenario, scenario, '--trials', '2']],
      ['partner-study', (a) => partnerStudyCommand(a, quiet), [study, '--trials', '2']],
    ];
    for (const [name, command, argv] of commands) {
      const cases: Array<[string[], RegExp | string]> = [
        [['--queue', 'redis:/nowhere'], `--queue must be a redis:// URL (rediss:// for TLS), got 'redis:/nowhere'`],
        [['--queue', 'http://:hunter2@host:6379'], `--queue must be a redis:// URL (rediss:// for TLS), got 'http://:***@host:6379'`],
        [['--redis-ca', pem], '--redis-ca applies with --queue rediss://HOST:PORT'],
        [['--queue', url, '--redis-ca', pem], `--redis-ca applies to TLS: --queue '${url}' is redis://, not rediss://`],
        [['--queue', url.replace('redis:', 'rediss:'), '--redis-ca', pem], `--redis-ca: ${pem} holds no PEM certificate`],
        [
          ['--queue', url.replace('redis:', 'rediss:'), '--redis-ca', join(dir, 'missing.pem')],
          `--redis-ca: cannot read ${join(dir, 'missing.pem')} (ENOENT)`,
        ],
      ];
      for (const [extra, message] of cases) {
        const run = command([...argv, ...extra]);
        await expect(run, `${name} ${extra.join(' ')}`).rejects.toThrow(UsageError);
        await expect(run, `${name} ${extra.join(' ')}`).rejects.toThrow(message);
      }
    }
  }, 60_000);
});
