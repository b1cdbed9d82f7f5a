import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveCommand } from '../src/commands/serve.ts';
import { UsageError } from '../src/usage-error.ts';

// `dome serve --dis-listen HOST:PORT` (DIS in, docs/dis.md): an address that cannot be used is a usage error
// (exit 2) naming the flag, said before the server starts. (The PDUs received and drawn:
// packages/server/test/dis-in.test.ts.)
const quiet = { stdout: () => {}, stderr: () => {} };

describe('dome serve --dis-listen', () => {
  it('refuses an address that is not HOST:PORT, and a port another socket holds', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'gd-serve-dis-in-')), 'data');
    const taken = createSocket('udp4');
    const port = await new Promise<number>((done) => taken.bind(0, '127.0.0.1', () => done(taken.address().port)));
    try {
      const cases: Array<[string, string]> = [
        ['nowhere', `--dis-listen: 'nowhere' is not HOST:PORT`],
        ['127.0.0.1:70000', '--dis-listen: port 70000 is out of range (1-65535)'],
        [`127.0.0.1:${port}`, `--dis-listen: cannot listen on 127.0.0.1:${port} (EADDRINUSE)`],
      ];
      cases.push(['127.0.0.1:3000 --dis 127.0.0.1:3000 --dis-as US', '--dis-listen 127.0.0.1:3000 is where --dis sends']);
      for (const [address, message] of cases) {
        const run = serveCommand(['--dis-listen', ...address.split(' '), '--data', data, '--port', '0'], quiet);
        await expect(run, address).rejects.toThrow(UsageError);
        await expect(run, address).rejects.toThrow(message);
      }
    } finally {
      taken.close();
    }
  }, 60_000);
});
