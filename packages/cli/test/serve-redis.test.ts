import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../pool/test/redis-server.ts';
import { serveCommand } from '../src/commands/serve.ts';
import { UsageError } from '../src/usage-error.ts';

// `dome serve --redis URL`: mistakes are usage errors (exit 2) said before anything is built. (The
// campaigns on Redis themselves, per nation and stored: packages/server/test/redis-campaigns.test.ts.)
const quiet = { stdout: () => {}, stderr: () => {} };

describe('dome serve --redis', () => {
  it('refuses a URL that is not redis://, --redis-chunks without --redis, and a Redis that does not answer, naming them (a password is not printed)', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'gd-serve-redis-')), 'data');
    const dead = `redis://127.0.0.1:${await freePort()}`;
    const cases: Array<[string[], RegExp | string]> = [
      [['--redis', 'http://x'], /--redis must be a redis:\/\/ URL \(rediss:\/\/ for TLS\), got 'http:\/\/x'/],
      [['--redis-chunks', '4'], /--redis-chunks applies with --redis URL/],
      [['--redis', dead, '--redis-chunks', '0'], /--redis-chunks must be between 1 and 1024, got 0/],
      [['--redis', dead.replace('//', '//:hunter2@')], `--redis: cannot reach Redis at ${dead.replace('//', '//:***@')}: no answer in 5 s`],
    ];
    for (const [argv, message] of cases) {
      const run = serveCommand([...argv, '--data', data, '--port', '0'], quiet);
      await expect(run, argv.join(' ')).rejects.toThrow(UsageError);
      await expect(run, argv.join(' ')).rejects.toThrow(message);
    }
  }, 30_000);
});
