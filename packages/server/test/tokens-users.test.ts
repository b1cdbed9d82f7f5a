import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { signToken, verifyToken } from '../src/tokens.ts';
import { loadUsersFile } from '../src/users-file.ts';
import { basic, testUsers, testWorlds } from './fixture.ts';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()) });
}, 60_000);
afterAll(async () => {
  await app.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('bearer tokens', () => {
  it('are issued to a user with HTTP Basic and carry its nation and role on REST', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/tokens', headers: basic('us-operator') });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ token: string; user: string; nation: string; role: string; expiresAt: string }>();
    expect(body).toMatchObject({ user: 'us-operator', nation: 'US', role: 'operator' });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    expect((await app.inject({ method: 'GET', url: '/api/scenarios', headers: bearer(body.token) })).statusCode).toBe(200);
    const started = await app.inject({
      method: 'POST',
      url: '/api/trials',
      headers: bearer(body.token),
      payload: { scenario: 'withheld', seed: 1 },
    });
    expect(started.statusCode).toBe(201);
    // an operator's token is not a commander's
    const audit = await app.inject({ method: 'GET', url: '/api/audit', headers: bearer(body.token) });
    expect(audit.statusCode).toBe(403);
  });

  it('are not issued against a token (Basic only), nor with a bad lifetime', async () => {
    const { token } = (await app.inject({ method: 'POST', url: '/api/tokens', headers: basic('us-viewer') })).json<{ token: string }>();
    expect((await app.inject({ method: 'POST', url: '/api/tokens', headers: bearer(token) })).statusCode).toBe(401);
    for (const payload of [{ ttlSeconds: 10 }, { ttlSeconds: 10_000_000 }, { ttlSeconds: 'forever' }, { other: 1 }]) {
      const res = await app.inject({ method: 'POST', url: '/api/tokens', headers: basic('us-viewer'), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it('are refused on REST when forged, signed by another server, malformed, or of a user no longer configured so', async () => {
    const { token } = (await app.inject({ method: 'POST', url: '/api/tokens', headers: basic('us-viewer') })).json<{ token: string }>();
    const [payload, sig] = token.split('.');
    const promoted = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'commander' }),
    ).toString('base64url');
    const otherServer = signToken(Buffer.alloc(32, 7), { id: 'us-commander', nation: 'US', role: 'commander' }, 4e9);
    for (const [t, why] of [
      [`${promoted}.${sig}`, /signature/],
      [otherServer, /signature/],
      ['abc', /malformed/],
      [`${token}x`, /signature/],
    ] as const) {
      const res = await app.inject({ method: 'GET', url: '/api/audit', headers: bearer(t) });
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatch(why);
      expect(res.headers['www-authenticate']).toMatch(/Bearer/);
    }
    const secret = Buffer.alloc(32, 1);
    const ghost = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), tokenSecret: secret });
    try {
      const gone = signToken(secret, { id: 'nobody', nation: 'US', role: 'commander' }, 4e9);
      const demoted = signToken(secret, { id: 'us-viewer', nation: 'US', role: 'commander' }, 4e9);
      for (const t of [gone, demoted])
        expect((await ghost.inject({ method: 'GET', url: '/api/scenarios', headers: bearer(t) })).json().error).toMatch(
          /no longer configured/,
        );
    } finally {
      await ghost.close();
    }
  });

  it("are refused when the signature's last character is altered in its unused bits (non-canonical base64url)", async () => {
    const { token } = (await app.inject({ method: 'POST', url: '/api/tokens', headers: basic('us-viewer') })).json<{ token: string }>();
    const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = B64URL.indexOf(token.at(-1) as string);
    // 32 bytes are 43 characters: the last carries 4 bits and 2 unused ones; these 3 texts decode to the same MAC
    const variants = [1, 2, 3].map((x) => `${token.slice(0, -1)}${B64URL[last ^ x]}`);
    for (const t of variants) {
      expect(Buffer.from(t.split('.')[1], 'base64url').equals(Buffer.from(token.split('.')[1], 'base64url'))).toBe(true);
      const res = await app.inject({ method: 'GET', url: '/api/scenarios', headers: bearer(t) });
      expect(res.statusCode, t.slice(-4)).toBe(401);
      expect(res.json().error).toMatch(/signature/);
    }
    expect((await app.inject({ method: 'GET', url: '/api/scenarios', headers: bearer(token) })).statusCode).toBe(200);
    // padding is not canonical either
    expect((await app.inject({ method: 'GET', url: '/api/scenarios', headers: bearer(`${token}=`) })).statusCode).toBe(401);
  });

  it('expire', () => {
    const secret = Buffer.alloc(32, 2);
    const t = signToken(secret, { id: 'a', nation: 'US', role: 'viewer' }, 1000);
    expect(verifyToken(secret, t, 999).id).toBe('a');
    expect(() => verifyToken(secret, t, 1000)).toThrow(/expired/);
  });
});

describe('the users file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gd-users-'));
  const write = (name: string, text: string): string => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('reads users from YAML and from JSON', async () => {
    const [u] = await testUsers();
    const yaml = write('users.yaml', `users:\n  - id: ${u.id}\n    nation: ${u.nation}\n    role: ${u.role}\n    secret: "${u.secret}"\n`);
    expect(loadUsersFile(yaml)).toEqual([u]);
    const json = write('users.json', JSON.stringify([u]));
    expect(loadUsersFile(json)).toEqual([u]);
  });

  it('names the file and the field of every kind of bad file', async () => {
    const [u] = await testUsers();
    const cases: Array<[string, string, RegExp]> = [
      ['missing.yaml', '', /missing\.yaml: cannot read the users file \(ENOENT\)/],
      ['broken.yaml', 'users: [\n  - id: x\n', /broken\.yaml: not valid YAML/],
      ['broken.json', '{"users": [', /broken\.json: not valid JSON/],
      ['nolist.yaml', 'people: []\n', /nolist\.yaml: expected a 'users' list/],
      ['scalar.yaml', 'users:\n  - alice\n', /scalar\.yaml: users\[0\]: expected a mapping/],
      [
        'extra.yaml',
        `users:\n  - {id: a, nation: US, role: viewer, secret: "${u.secret}", password: x}\n`,
        /extra\.yaml: users\[0\]: unknown field 'password'/,
      ],
      [
        'plain.yaml',
        'users:\n  - {id: a, nation: US, role: viewer, secret: hunter2}\n',
        /plain\.yaml: users\[0\] \(a\): secret must be a hash/,
      ],
      [
        'role.yaml',
        `users:\n  - {id: a, nation: US, role: root, secret: "${u.secret}"}\n`,
        /role\.yaml: users\[0\] \(a\): role must be one of viewer, operator, commander, admin/,
      ],
      [
        'nation.yaml',
        `users:\n  - {id: a, nation: usa, role: viewer, secret: "${u.secret}"}\n`,
        /nation\.yaml: users\[0\] \(a\): nation must be a code/,
      ],
      [
        'dup.yaml',
        `users:\n  - {id: a, nation: US, role: viewer, secret: "${u.secret}"}\n  - {id: a, nation: CA, role: viewer, secret: "${u.secret}"}\n`,
        /dup\.yaml: users\[1\] \(a\): duplicate id/,
      ],
    ];
    for (const [name, text, message] of cases) {
      const file = name === 'missing.yaml' ? join(dir, name) : write(name, text);
      expect(() => loadUsersFile(file), name).toThrow(message);
    }
  });
});

describe('sign-in throttling', () => {
  it('refuses (429, no scrypt) a user after 10 failed sign-ins in the window, even with the right secret; others still sign in; audited once per window', async () => {
    let nowMs = Date.UTC(2029, 0, 1);
    const server = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), now: () => nowMs });
    try {
      const get = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
        server.inject({ method: 'GET', url: '/api/scenarios', headers, remoteAddress });
      for (let i = 0; i < 10; i++) expect((await get(basic('us-viewer', `guess ${i}`))).statusCode).toBe(401);
      const t0 = performance.now();
      const throttled = await Promise.all(Array.from({ length: 1000 }, (_, i) => get(basic('us-viewer', `guess ${i}`))));
      const floodMs = performance.now() - t0;
      expect(new Set(throttled.map((r) => r.statusCode))).toEqual(new Set([429]));
      expect(throttled[0].json().error).toMatch(/too many failed sign-ins for user us-viewer: try again in 300 s/);
      expect(throttled[0].headers['retry-after']).toBe('300');
      // the right secret too, while the window lasts
      expect((await get(basic('us-viewer'))).statusCode).toBe(429);
      // another user, from the same address, is not throttled
      expect((await get(basic('us-operator'))).statusCode).toBe(200);
      // one audit entry stands for the 1,001 throttled attempts
      const audit = (await server.inject({ method: 'GET', url: '/api/audit?limit=1000', headers: basic('us-commander') })).json<{
        entries: Array<{ kind: string; user: string; count?: number; reason: string }>;
      }>().entries;
      const entries = audit.filter((e) => e.kind === 'login' && e.user === 'us-viewer');
      expect(entries.filter((e) => e.reason.startsWith('unknown user'))).toHaveLength(10);
      expect(entries.filter((e) => e.reason.startsWith('too many'))).toEqual([expect.objectContaining({ count: 1001 })]);
      // the window ends: the user signs in again
      nowMs += 5 * 60_000;
      expect((await get(basic('us-viewer'))).statusCode).toBe(200);
      // throttled attempts cost no scrypt: 1,000 took (measured) well under what 1,000 checks would
      console.info(`1,000 throttled sign-ins answered in ${floodMs.toFixed(0)} ms`);
      expect(floodMs).toBeLessThan(10_000);
    } finally {
      await server.close();
    }
  });

  it('refuses an address after 50 failed sign-ins in the window, whatever the user ids', async () => {
    const server = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()) });
    try {
      const get = (id: string, remoteAddress: string, secret?: string) =>
        server.inject({ method: 'GET', url: '/api/scenarios', headers: basic(id, secret), remoteAddress });
      for (let i = 0; i < 50; i++) expect((await get(`user-${i}`, '192.0.2.7', 'x')).statusCode).toBe(401);
      const refused = await get('us-viewer', '192.0.2.7');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error).toMatch(/for address 192\.0\.2\.7/);
      expect((await get('us-viewer', '192.0.2.8')).statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });
});
