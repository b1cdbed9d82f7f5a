import { randomUUID } from 'node:crypto';
import { type EngineEvent, eventsVisibleTo, type NationCode, runTrial, weaponOwners, type World } from '@golden-dome/core';
import { InputError, parseScenario } from '@golden-dome/scenario';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { fileScenarioLibrary, type ScenarioLibrary } from './scenario-library.ts';
import { checkUsers, type Role, roleAtLeast, type User, type UserConfig, verifySecret } from './users.ts';

/**
 * The Golden Dome server (REST; WebSocket streaming comes next). An edge: it adapts the engine and
 * holds no physics (../../../../shared/ARCHITECTURE.md).
 *
 * Authentication: HTTP Basic (`Authorization: Basic base64(id:secret)`) on every /api route, checked
 * against the scrypt hashes of the users configuration; use it over TLS (or on localhost). A missing,
 * malformed or wrong credential is 401 with `WWW-Authenticate: Basic`; the same answer for an unknown
 * user and a wrong secret. Credentials are checked before a request body is read.
 *
 * Authorization (403 otherwise):
 *  - any user (viewer and up): GET /api/scenarios, GET /api/trials/:id/events — the log filtered by
 *    eventsVisibleTo for the user's nation (the same sharing predicates the battle manager uses);
 *  - operator and up: POST /api/scenarios/validate, POST /api/trials;
 *  - commander: POST /api/trials/:id/approvals for an engagement (an `assign` in the trial's log) of a
 *    weapon its own nation owns — another nation's or an unknown weapon is 403 with the same message,
 *    so that the answer does not reveal which weapons exist; GET /api/audit.
 * Audit: every approval request by a commander — recorded or refused — is appended to an in-memory log.
 * GET /api/audit gives a commander the entries that concern its nation: those made by its nation's
 * commanders and those about its nation's weapons (so a nation sees attempts on its weapons, and no
 * nation reads another's decisions about that nation's own weapons). A decision records intent for the
 * live loop; in this increment it does not re-run a stored trial. One decision per engagement (409 after).
 *
 * Limits: JSON bodies up to `jsonBodyLimit` bytes, scenario YAML up to `yamlBodyLimit` (413 beyond);
 * bodies are schema-checked (400 with the field); at most `maxTrials` stored trials (the oldest is
 * dropped). Every error is JSON `{ error, statusCode }`; an unexpected one is 500 without a stack.
 */
export interface ServerOptions {
  users: readonly UserConfig[];
  /** Scenarios the server may run (default: the shipped library, worlds built on first use). */
  scenarios?: ScenarioLibrary;
  /** [bytes] default 16 KiB. */
  jsonBodyLimit?: number;
  /** [bytes] default 256 KiB. */
  yamlBodyLimit?: number;
  /** Stored trials kept (default 100). */
  maxTrials?: number;
  /** Fastify's logger (default off). */
  logger?: boolean;
  /** Wall clock for audit timestamps (default Date.now); the edge may read it, core never does. */
  now?: () => number;
}

/** A trial run on the server: its world and full log (never sent unfiltered). */
export interface StoredTrial {
  id: string;
  scenario: string;
  seed: number;
  startedBy: string;
  world: World;
  events: EngineEvent[];
}

export type Decision = 'approve' | 'deny';

export interface AuditEntry {
  seq: number;
  time: string;
  user: string;
  nation: NationCode;
  trial: string;
  weapon: string;
  object: string;
  decision: Decision;
  /** The nation owning the weapon, when the weapon is known in the trial's world. */
  weaponOwner?: NationCode;
  outcome: 'recorded' | 'refused';
  reason: string;
  note?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role a route needs; absent: no authentication (none such under /api). */
    role?: Role;
  }
}

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const MAX_AUTH_HEADER = 1024;

class HttpError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
  }
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  checkUsers(options.users);
  const users = new Map(options.users.map((u) => [u.id, u]));
  const library = options.scenarios ?? fileScenarioLibrary();
  const jsonBodyLimit = options.jsonBodyLimit ?? 16 * 1024;
  const yamlBodyLimit = options.yamlBodyLimit ?? 256 * 1024;
  const maxTrials = options.maxTrials ?? 100;
  const now = options.now ?? Date.now;
  const trials = new Map<string, StoredTrial>();
  const audit: AuditEntry[] = [];
  const decided = new Set<string>();
  const authenticated = new WeakMap<FastifyRequest, User>();
  // a fixed hash to check unknown users against, so they take as long as wrong secrets
  const decoy = options.users[0]?.secret;

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: jsonBodyLimit, return503OnClosing: true,
    // reject (not strip) unknown fields and do not coerce types: a malformed body is a 400 naming the field
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } } });

  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string', bodyLimit: yamlBodyLimit }, (_req, body, done) => done(null, body));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error(error);
    let message = status === 500 ? 'internal error' : error.message;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') message = `request body too large (limit ${request.routeOptions.bodyLimit ?? jsonBodyLimit} bytes)`;
    void reply.code(status).send({ statusCode: status, error: message });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ statusCode: 404, error: `no route ${request.method} ${request.url.split('?')[0]}` });
  });

  const fail = (reply: FastifyReply, status: number, message: string, headers: Record<string, string> = {}) =>
    reply.code(status).headers(headers).send({ statusCode: status, error: message });

  app.addHook('onRequest', async (request, reply) => {
    const needed = request.routeOptions.config?.role;
    if (!needed) return;
    const unauthorized = (why: string) => fail(reply, 401, why, { 'www-authenticate': 'Basic realm="golden-dome", charset="UTF-8"' });
    const header = request.headers.authorization;
    if (!header) return unauthorized('credentials required (HTTP Basic)');
    const m = header.length <= MAX_AUTH_HEADER ? /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(header) : null;
    const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (colon < 0) return unauthorized('malformed Authorization header: expected Basic base64(id:secret)');
    const id = decoded.slice(0, colon), secret = decoded.slice(colon + 1);
    const user = users.get(id);
    const ok = await verifySecret(secret, user?.secret ?? decoy ?? '');
    if (!user || !ok) return unauthorized('unknown user or wrong secret');
    if (!roleAtLeast(user.role, needed)) return fail(reply, 403, `${user.id} is a ${user.role} of ${user.nation}; this needs a ${needed}`);
    authenticated.set(request, { id: user.id, nation: user.nation, role: user.role });
  });
  const userOf = (request: FastifyRequest): User => {
    const u = authenticated.get(request);
    if (!u) throw new HttpError(401, 'credentials required (HTTP Basic)');
    return u;
  };
  const trialOf = (id: string): StoredTrial => {
    const t = trials.get(id);
    if (!t) throw new HttpError(404, `no trial '${id}'`);
    return t;
  };

  app.get('/api/scenarios', { config: { role: 'viewer' } }, async () => ({ scenarios: library.names() }));

  app.post('/api/scenarios/validate', { config: { role: 'operator' }, bodyLimit: yamlBodyLimit }, async (request, reply) => {
    if (typeof request.body !== 'string') {
      return fail(reply, 415, `send the scenario as YAML text (Content-Type: ${YAML_TYPES[0]} or text/plain)`);
    }
    try {
      const loaded = parseScenario(request.body, 'request.yaml');
      return { ok: true, errors: [], name: loaded.scenario.name };
    } catch (e) {
      if (e instanceof InputError) return { ok: false, errors: e.problems };
      throw e;
    }
  });

  app.post<{ Body: { scenario: string; seed: number } }>('/api/trials', {
    config: { role: 'operator' },
    schema: {
      body: {
        type: 'object', additionalProperties: false, required: ['scenario', 'seed'],
        properties: { scenario: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }, seed: { type: 'integer', minimum: 0, maximum: 4294967295 } },
      },
    },
  }, async (request, reply) => {
    const user = userOf(request);
    const { scenario, seed } = request.body;
    const world = library.names().includes(scenario) ? library.world(scenario) : undefined;
    if (!world) return fail(reply, 404, `no scenario '${scenario}' (known: ${library.names().join(', ')})`);
    const id = randomUUID();
    trials.set(id, { id, scenario, seed, startedBy: user.id, world, events: runTrial(world, seed) });
    while (trials.size > maxTrials) trials.delete(trials.keys().next().value as string);
    return reply.code(201).send({ id, scenario, seed });
  });

  const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } };

  app.get<{ Params: { id: string } }>('/api/trials/:id/events', { config: { role: 'viewer' }, schema: { params: idParam } }, async (request) => {
    const user = userOf(request);
    const trial = trialOf(request.params.id);
    return { id: trial.id, scenario: trial.scenario, seed: trial.seed, nation: user.nation, events: eventsVisibleTo(trial.world.policy, user.nation, trial.world, trial.events) };
  });

  app.post<{ Params: { id: string }; Body: { weapon: string; object: string; decision: Decision; note?: string } }>('/api/trials/:id/approvals', {
    config: { role: 'commander' },
    schema: {
      params: idParam,
      body: {
        type: 'object', additionalProperties: false, required: ['weapon', 'object', 'decision'],
        properties: {
          weapon: { type: 'string', minLength: 1, maxLength: 128 }, object: { type: 'string', minLength: 1, maxLength: 128 },
          decision: { type: 'string', enum: ['approve', 'deny'] }, note: { type: 'string', maxLength: 500 },
        },
      },
    },
  }, async (request, reply) => {
    const user = userOf(request);
    const trial = trialOf(request.params.id);
    const { weapon, object, decision, note } = request.body;
    const owner = weaponOwners(trial.world.policy, trial.world).get(weapon.split('#')[0]);
    const entry = (outcome: AuditEntry['outcome'], reason: string): AuditEntry => {
      const e: AuditEntry = {
        seq: audit.length + 1, time: new Date(now()).toISOString(), user: user.id, nation: user.nation, trial: trial.id, weapon, object, decision,
        ...(owner !== undefined ? { weaponOwner: owner } : {}), outcome, reason, ...(note !== undefined ? { note } : {}),
      };
      audit.push(e);
      return e;
    };
    if (owner !== user.nation) {
      const why = `${weapon} is not a weapon of ${user.nation} in this trial: a commander decides only on its own nation's weapons`;
      entry('refused', why);
      return fail(reply, 403, why);
    }
    const engaged = trial.events.some((e) => e.type === 'assign' && e.weapon === weapon && e.object === object);
    if (!engaged) return fail(reply, 404, `no engagement of ${object} by ${weapon} in trial ${trial.id}`);
    const key = `${trial.id}|${weapon}|${object}`;
    if (decided.has(key)) {
      const why = `the engagement of ${object} by ${weapon} is already decided`;
      entry('refused', why);
      return fail(reply, 409, why);
    }
    decided.add(key);
    return reply.code(201).send(entry('recorded', `${user.id} (${user.nation} commander) ${decision === 'approve' ? 'approved' : 'denied'} the engagement`));
  });

  app.get('/api/audit', { config: { role: 'commander' } }, async (request) => {
    const user = userOf(request);
    return { entries: audit.filter((e) => e.nation === user.nation || e.weaponOwner === user.nation) };
  });

  return app;
}

export { HttpError };
