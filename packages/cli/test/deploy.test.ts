import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RUN_HELP } from '../src/commands/run.ts';
import { WORKER_HELP } from '../src/commands/worker.ts';

// deploy/compose.yaml (docs/distributed.md) checked without a Docker daemon: Debian's docker-compose
// (installed by .ci/run) validates it against the Compose schema and resolves its variables; the dome
// commands in it use flags the CLI has.
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const COMPOSE = join(REPO, 'deploy', 'compose.yaml');
const compose = (env: Record<string, string>, ...args: string[]) =>
  spawnSync('docker-compose', ['-f', COMPOSE, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
  });

describe('deploy/compose.yaml', () => {
  it('is a valid Compose file with redis, worker and (profile campaign) campaign; refuses to start without REDIS_PASSWORD', () => {
    const ok = compose({ REDIS_PASSWORD: 'pw', REDIS_HOST: 'redis.internal' }, '--profile', 'campaign', 'config');
    expect(ok.status, ok.stderr).toBe(0);
    const config = parse(ok.stdout) as {
      services: Record<string, { entrypoint: string[]; environment: Record<string, string>; ports?: string[] }>;
    };
    expect(Object.keys(config.services).sort()).toEqual(['campaign', 'redis', 'worker']);
    expect(config.services.worker.environment.DOME_REDIS).toBe('redis://:pw@redis.internal:6379');
    expect(config.services.redis.entrypoint).toEqual(
      expect.arrayContaining(['redis-server', '--requirepass', 'pw', '--appendonly', 'yes']),
    );
    // Redis on this machine only unless REDIS_BIND says otherwise
    expect(JSON.stringify(config.services.redis.ports)).toContain('127.0.0.1');
    const bad = compose({}, 'config', '-q');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/set REDIS_PASSWORD/);
  });

  it('its dome commands use flags dome has', () => {
    const services = (parse(readFileSync(COMPOSE, 'utf8')) as { services: Record<string, { entrypoint?: string[] }> }).services;
    const flags = (service: string) => [...(services[service].entrypoint?.join(' ') ?? '').matchAll(/\s(--[a-z-]+)/g)].map((m) => m[1]);
    expect(flags('worker').length).toBeGreaterThan(2);
    for (const f of flags('worker')) expect(WORKER_HELP).toContain(f);
    for (const f of flags('campaign')) expect(RUN_HELP).toContain(f);
  });
});
