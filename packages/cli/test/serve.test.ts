import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret } from '@golden-dome/server';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { REFERENCE_SCENARIO_NAME, serveCommand } from '../src/commands/serve.ts';
import { UsageError } from '../src/usage-error.ts';

const quiet = { stdout: () => {}, stderr: () => {} };

/** The first message of a type on a socket (the socket is closed afterwards). */
function firstOf(url: string, type: string, send?: object): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      if (send) ws.send(JSON.stringify(send));
    });
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Record<string, unknown>;
      if (m.type === type) {
        ws.close();
        resolve(m);
      }
      if (m.type === 'error') {
        ws.close();
        reject(new Error(String(m.message)));
      }
    });
    ws.on('error', reject);
  });
}

describe('dome serve', () => {
  it('refuses bad flags and a bad users file with a message naming them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-serve-'));
    const bad = join(dir, 'users.yaml');
    writeFileSync(bad, 'users:\n  - {id: a, nation: US, role: viewer, secret: hunter2}\n');
    const cases: Array<[string[], RegExp]> = [
      [['--port', 'eighty'], /--port must be a number/],
      [['--port', '70000'], /--port must be between 0 and 65535/],
      [['--host', 'a b'], /--host must be an address/],
      [['--verbose'], /Unknown option '--verbose'/],
      [['--users', join(dir, 'none.yaml')], /none\.yaml: cannot read the users file/],
      [['--users', bad], /users\.yaml: users\[0\] \(a\): secret must be a hash/],
      // a data directory that cannot be used: named, before anything is built (exit 2, no stack)
      [
        ['--data', bad],
        new RegExp(`cannot create the data directory ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: a file of that name is in the way`),
      ],
    ];
    for (const [argv, message] of cases) {
      const run = serveCommand(argv, quiet);
      await expect(run, argv.join(' ')).rejects.toThrow(UsageError);
      await expect(serveCommand(argv, quiet)).rejects.toThrow(message);
    }
  });

  it('serves the web picture, the reference scenario live on the socket in demo mode, and campaigns with the cli report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-serve-'));
    const users = join(dir, 'users.json');
    writeFileSync(
      users,
      JSON.stringify({ users: [{ id: 'op', nation: 'US', role: 'operator', secret: await hashSecret('pw', { N: 1024, r: 8, p: 1 }) }] }),
    );
    const stop = new AbortController();
    const out: string[] = [];
    let url = '';
    const listening = new Promise<void>((resolve) => {
      void serveCommand(
        ['--port', '0', '--users', users, '--demo', '--data', join(dir, 'data')],
        { stdout: (s) => out.push(s), stderr: () => {} },
        {
          signal: stop.signal,
          onListening: (u) => {
            url = u;
            resolve();
          },
        },
      );
    });
    await listening;
    try {
      expect(out.join('\n')).toMatch(/demo mode: no account needed from this machine/);
      expect(out.join('\n')).toContain(url);
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const ws = url.replace(/^http/, 'ws');
      expect(await firstOf(`${ws}/ws?nation=US`, 'hello')).toMatchObject({ demo: true, nation: 'US', role: 'viewer' });
      const scene = await firstOf(`${ws}/ws?nation=US`, 'scene', {
        type: 'watch',
        scenario: REFERENCE_SCENARIO_NAME,
        seed: 1,
        playing: false,
      });
      expect(scene).toMatchObject({ scenario: REFERENCE_SCENARIO_NAME, nation: 'US' });
      const auth = { authorization: `Basic ${Buffer.from('op:pw').toString('base64')}`, 'content-type': 'application/json' };
      const started = await fetch(`${url}/api/campaigns`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ scenario: REFERENCE_SCENARIO_NAME, trials: 2, seed: 1 }),
      });
      expect(started.status).toBe(202);
      const { id } = (await started.json()) as { id: string };
      let state = 'running';
      for (let i = 0; i < 600 && (state === 'running' || state === 'queued'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = ((await (await fetch(`${url}/api/campaigns/${id}`, { headers: auth })).json()) as { state: string }).state;
      }
      expect(state).toBe('done');
      const results = (await (await fetch(`${url}/api/campaigns/${id}/results`, { headers: auth })).json()) as { trials: number };
      expect(results.trials).toBe(2);
      const report = await (await fetch(`${url}/api/campaigns/${id}/report`, { headers: auth })).text();
      expect(report).toContain('map-figure'); // the cli's report (with its map), not the fallback table
      // its engagement timeline: the representative trial the campaign ran on the pool, named in the results
      const { representativeTrial } = (await (await fetch(`${url}/api/campaigns/${id}/results`, { headers: auth })).json()) as {
        representativeTrial: { seed: number };
      };
      expect(report).toContain(`Engagement in one trial (seed ${representativeTrial.seed}, `);
    } finally {
      stop.abort();
    }
  }, 180_000);
});
