import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Approvals, type Decision } from './approvals.ts';
import { campaignResultsJson, campaignTrialsCsv, VIEW_PATTERN, viewRefusal } from './campaign-view.ts';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, AuditLog, type AuditDraft } from './audit-log.ts';
import { ConcurrencyGate } from './concurrency-gate.ts';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits, LoginThrottle } from './login-throttle.ts';
import { type Campaign, type CampaignLimits, CampaignQueue, DEFAULT_CAMPAIGN_LIMITS } from './campaign-queue.ts';
import { type CampaignReportWriter, type CampaignRunner, plainCampaignReport, poolCampaignRunner } from './campaigns.ts';
import { DisLiveFeed, type DisLiveOptions } from './dis-live.ts';
import { CLOSE, LiveSession, MAX_BUFFERED_BYTES, SessionRefusal } from './live-session.ts';
import { trialCommand } from './live-command.ts';
import { RateBudget } from './rate-budget.ts';
import { decodeJson, ServerDatabase } from './server-database.ts';
import { fileScenarioLibrary, type ScenarioLibrary } from './scenario-library.ts';
import { DEFAULT_TOKEN_TTL_S, MAX_TOKEN_LENGTH, MAX_TOKEN_TTL_S, randomTokenSecret, signToken, TokenError, verifyToken } from './tokens.ts';
import { registerTrialExport } from './export-route.ts';
import { type StoredTrial, type TrialComputer, TrialStore, type ViewComputer } from './trial-store.ts';
import { type Lane, logRef, sharedTrialPool, type TrialPool, worldRef } from '@golden-dome/pool';
import type { World } from '@golden-dome/core';
import type { PositionReport } from '@golden-dome/core/protocol';
import { checkUsers, type Role, roleAtLeast, type User, type UserConfig, verifySecret } from './users.ts';
import { systemClock, type WallClock } from './wall-clock.ts';

/**
 * The Golden Dome server: REST and the live picture over a WebSocket. An edge: it adapts the engine and
 * holds no physics (../../../docs/architecture.md). The WebSocket contract is docs/websocket-protocol.md.
 *
 * Authentication on /api routes, either:
 *  - HTTP Basic (`Authorization: Basic base64(id:secret)`), checked against the scrypt hashes of the
 *    users configuration (use it over TLS or on localhost); or
 *  - a signed bearer token (`Authorization: Bearer <token>`) from POST /api/tokens (HMAC-SHA256 with the
 *    server's secret, with an expiry; see tokens.ts). A token is valid only while its user is still
 *    configured with the same nation and role.
 * A missing, malformed, expired or wrong credential is 401 with `WWW-Authenticate`; the same answer for
 * an unknown user and a wrong secret. Credentials are checked before a request body is read.
 *
 * Authorization (403 otherwise):
 *  - any user (viewer and up): GET /api/scenarios, GET /api/trials/:id/events — the log filtered by
 *    eventsVisibleTo for the user's nation; POST /api/tokens (with Basic only); GET /api/campaigns/:id
 *    (+ /results, /trials.csv, /report: computed from that nation's view, campaign-view.ts) of a campaign
 *    started by its own nation; `?as=` another nation's view is 403; DELETE /api/campaigns/:id of its own;
 *    GET /api/trials/:id/export?format=czml|kml|geojson of a trial its nation keeps, in its view (export-route.ts);
 *  - operator and up: POST /api/scenarios/validate, POST /api/trials, POST /api/campaigns;
 *  - commander: POST /api/trials/:id/approvals for a pending engagement of its own nation's weapon in a live trial
 *    under its command, taken at the nation's live time: the trial is computed again with it (approvals.ts, live-command.ts);
 *    GET /api/audit (its nation's entries, paged);
 *  - admin: a commander who reads every nation's audit entries and may cancel any campaign.
 * WebSocket GET /ws: a token (`?token=`, closed with 4401 when it expires) or, in demo mode from a
 * loopback address only, `?nation=` (a nation of the library's policies) as that nation's viewer
 * (live-session.ts). Every refused attempt is audited (audit-log.ts).
 *
 * Limits (docs/server.md, "Limits and close codes"): JSON bodies up to `jsonBodyLimit` bytes, scenario
 * YAML up to `yamlBodyLimit` and its aliases bounded (413 beyond); bodies are schema-checked (400 with
 * the field); failed sign-ins throttled per user and address (429, login-throttle.ts), scrypt checks 2
 * at once; `maxTrials` stored trials per nation; new trials per user per minute (429 / 4429); campaigns
 * queued fairly with per-user caps (campaign-queue.ts); WebSocket connections per user and in all
 * (4429), unread bytes per connection (1013). Every error is JSON `{ error, statusCode }`; an
 * unexpected one is 500 without a stack.
 */
export interface ServerOptions {
  users: readonly UserConfig[];
  /** Scenarios the server may run (default: the shipped library, worlds built on first use). */
  scenarios?: ScenarioLibrary;
  /** [bytes] default 16 KiB. */
  jsonBodyLimit?: number;
  /** [bytes] default 256 KiB. */
  yamlBodyLimit?: number;
  /** Stored trials kept per nation (default 100). */
  maxTrials?: number;
  /** Fastify's logger (default off). */
  logger?: boolean;
  /** Wall clock for audit timestamps and token expiry (default Date.now); the edge may read it, core never does. */
  now?: () => number;
  /** The live picture's wall clock (default: the system's; tests inject a ManualClock). */
  clock?: WallClock;
  /** Key of the bearer tokens (default: random at start, so tokens end with the process). */
  tokenSecret?: Buffer;
  /** Demo mode: WebSocket viewers with no account, from loopback addresses only. */
  demo?: boolean;
  /**
   * The trial pool for every heavy step: world builds, validation, live trials and their re-runs after
   * a decision, campaigns (default: the process's shared pool, threads started at the first task).
   */
  pool?: TrialPool;
  /** Campaign runner (default: poolCampaignRunner on `pool`); `dome serve` passes one that also keeps what the cli's report needs. */
  campaignRunner?: CampaignRunner;
  /** Campaign report writer (default: a plain HTML table); `dome serve` passes the cli's report. */
  campaignReport?: CampaignReportWriter;
  /** Campaign slots and caps (campaign-queue.ts; default 2 running, 1 running and 3 queued or running per user, 100 waiting, 50 finished kept). */
  campaignLimits?: Partial<CampaignLimits>;
  /** default 10,000 */
  maxCampaignTrials?: number;
  /** A built web picture (packages/web/dist) served at `/`. */
  webRoot?: string;
  /** Sign-in throttling (login-throttle.ts; default 10 failures per user, 50 per address, in 5 min). */
  loginLimits?: LoginLimits;
  /** Audit entries kept of each outcome (recorded, refused; default 10,000). */
  auditCapacity?: number;
  /** Open WebSocket connections per user (default 16), per nation of demo viewers (default 64; demo mode is for this machine only), and in all (default 1,000). */
  maxSocketsPerUser?: number;
  maxDemoSocketsPerNation?: number;
  maxSockets?: number;
  /** Bytes queued for a WebSocket client that does not read before it is closed with 1013 (default 8 MiB). */
  maxBufferedBytes?: number;
  /**
   * The data directory: stored trials, decisions, the audit log and campaigns (with their progress) in
   * an SQLite database there survive a restart (server-database.ts; a DataDirError naming the path when
   * it cannot be used). Absent: everything is held in memory and lost at exit.
   */
  dataDir?: string;
  /** Send the live trials as DIS PDUs, as one nation sees them (dis-live.ts; `dome serve --dis`). */
  dis?: DisLiveOptions;
  /** Entities from outside the trials (DIS in: dis/external-tracks.ts; `dome serve --dis-listen`), in every live picture, where they are at the live clock's now [ms]. */
  external?: { positionsAt(now: number): PositionReport[] };
}

export type { StoredTrial } from './trial-store.ts';
export type { AuditEntry, Decision } from './audit-log.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role a route needs; absent: no authentication (none such under /api). */
    role?: Role;
    /** Only HTTP Basic is accepted (issuing tokens). */
    basicOnly?: boolean;
  }
}

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const MAX_AUTH_HEADER = 1024;
/** scrypt checks of HTTP Basic at once, and waiting (beyond: 503). */
const SCRYPT_AT_ONCE = 2;
const SCRYPT_WAITING = 64;
/** New trials (REST or live) a user may run: a minute's worth, and the burst. */
export const TRIALS_PER_USER_PER_MIN = 20;
export const TRIALS_PER_USER_BURST = 20;
/** Largest WebSocket frame the socket library reads before closing with 1009 itself. */
const WS_MAX_PAYLOAD = 64 * 1024;
const SCENARIO_NAME = '^[a-z0-9][a-z0-9-]{0,63}$';

class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Whether an address is this machine's loopback (127.0.0.0/8, ::1, IPv4-mapped loopback). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(a) === 4) return a.startsWith('127.');
  return a === '::1';
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  checkUsers(options.users);
  const users = new Map(options.users.map((u) => [u.id, u]));
  const pool = options.pool ?? sharedTrialPool();
  const library = options.scenarios ?? fileScenarioLibrary(pool);
  const jsonBodyLimit = options.jsonBodyLimit ?? 16 * 1024;
  const yamlBodyLimit = options.yamlBodyLimit ?? 256 * 1024;
  const now = options.now ?? Date.now;
  const clock = options.clock ?? systemClock;
  const tokenSecret = options.tokenSecret ?? randomTokenSecret();
  const maxCampaignTrials = options.maxCampaignTrials ?? 10_000;
  /** A scenario's world, built on the pool the first time (the event loop waits for it, it does not build it). */
  const worldOf = async (scenario: string): Promise<World | undefined> =>
    library.names().includes(scenario) ? library.world(scenario) : undefined;
  const db = options.dataDir !== undefined ? ServerDatabase.open(options.dataDir) : undefined;
  // a restored trial or campaign whose scenario cannot be built any more is not restored; the worlds
  // of the stored campaigns and trials are built (on the pool) before the server starts
  const worldIfBuilt = async (scenario: string) => {
    try {
      return await worldOf(scenario);
    } catch {
      return undefined;
    }
  };
  const restoredWorlds = new Map<string, World>();
  if (db) {
    const scenarios = new Set([
      ...db.trials().map((r) => r.scenario),
      ...db.campaigns().map((row) => decodeJson<{ scenario: string }>(row.record).scenario),
    ]);
    for (const scenario of scenarios) {
      const w = await worldIfBuilt(scenario);
      if (w) restoredWorlds.set(scenario, w);
    }
  }
  const durable = db ? { db, world: (scenario: string) => restoredWorlds.get(scenario) } : undefined;
  /** A trial's log, computed on the pool in the lane of whoever asked for it (a restored trial: the server's own lane). */
  const compute: TrialComputer = (world, seed, command, decisions, lane: Lane = { nation: '', user: '' }) =>
    pool.run(
      { kind: 'log', world: worldRef(world), seed, ...(command ? { command: { ...command, decisions: [...decisions] } } : {}) },
      { lane },
    );
  /** A trial's per-nation views (filtered log, scene, exports: pool-tasks.ts), computed on the pool in the lane of whoever asked. */
  const views: ViewComputer = async (world, log, fn, args, lane: Lane = { nation: '', user: '' }) =>
    (await pool.run({ kind: 'edge', fn, world: worldRef(world), log: logRef(log), args }, { lane })) as never;
  const store = new TrialStore(
    options.maxTrials ?? 100,
    (name) => library.weaponTypes?.(name) ?? {},
    durable ? { db: durable.db, world: worldIfBuilt } : undefined,
    compute,
    views,
  );
  const audit = new AuditLog(now, options.auditCapacity, db);
  /** The live sessions watching each trial (told when a decision changes it; their clocks give a REST decision its time). */
  const watchers = new Map<string, Set<LiveSession>>();
  const approvals = new Approvals(
    audit,
    async (trial, decision) => {
      // computed again on the trial pool (one trial, ~0.1-1 s), in the deciding nation's lane
      await store.decide(trial, decision, { nation: decision.nation, user: '' });
      for (const session of watchers.get(trial.id) ?? []) session.revised(trial, decision.t);
    },
    db,
  );
  /** Nations with a commander (or admin) here: their commanders decide live in the live trials that need their approval (live-command.ts). */
  const commanders = new Set(options.users.filter((u) => roleAtLeast(u.role, 'commander')).map((u) => u.nation));
  /** A nation's live time in a trial: the furthest clock of its connections watching it (undefined: none). */
  const liveTimeOf = (trial: StoredTrial, nation: string): number | undefined => {
    let t: number | undefined;
    for (const session of watchers.get(trial.id) ?? []) {
      const at = session.user.nation === nation ? session.liveTime(trial) : undefined;
      if (at !== undefined && (t === undefined || at > t)) t = at;
    }
    return t;
  };
  // `dome serve --dis`: the live trials as one nation sees them, as DIS PDUs (dis-live.ts)
  // (the nation's view of a trial it watches was computed on the pool when its connection opened it)
  const disFeed = options.dis
    ? new DisLiveFeed(
        options.dis,
        clock,
        () => [...watchers.keys()].flatMap((id) => store.loaded(id) ?? []),
        liveTimeOf,
        (trial, nation) => store.view(trial, nation),
      )
    : undefined;
  disFeed?.start();
  const trialBudget = new RateBudget(TRIALS_PER_USER_BURST, TRIALS_PER_USER_PER_MIN, now);
  const maxSocketsPerUser = options.maxSocketsPerUser ?? 16;
  const maxDemoSocketsPerNation = options.maxDemoSocketsPerNation ?? 64;
  const maxSockets = options.maxSockets ?? 1000;
  const maxBufferedBytes = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const throttle = new LoginThrottle(options.loginLimits ?? DEFAULT_LOGIN_LIMITS, now);
  const scryptGate = new ConcurrencyGate(SCRYPT_AT_ONCE, SCRYPT_WAITING);
  const campaigns = new CampaignQueue(
    options.campaignRunner ?? poolCampaignRunner(pool),
    { ...DEFAULT_CAMPAIGN_LIMITS, ...options.campaignLimits },
    now,
    durable,
  );
  const campaignReport = options.campaignReport ?? plainCampaignReport;
  const authenticated = new WeakMap<FastifyRequest, User>();
  // a fixed hash to check unknown users against, so they take as long as wrong secrets
  const decoy = options.users[0]?.secret;

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: jsonBodyLimit,
    return503OnClosing: true,
    // reject (not strip) unknown fields and do not coerce types: a malformed body is a 400 naming the field
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });

  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string', bodyLimit: yamlBodyLimit }, (_req, body, done) => done(null, body));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error(error);
    let message = status === 500 ? 'internal error' : error.message;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      message = `request body too large (limit ${request.routeOptions.bodyLimit ?? jsonBodyLimit} bytes)`;
    void reply.code(status).send({ statusCode: status, error: message });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ statusCode: 404, error: `no route ${request.method} ${request.url.split('?')[0]}` });
  });

  const fail = (reply: FastifyReply, status: number, message: string, headers: Record<string, string> = {}) =>
    reply.code(status).headers(headers).send({ statusCode: status, error: message });

  /** The user of a valid token whose user is still configured as the token says, and when it expires; throws TokenError. */
  const tokenUserAndExpiry = (token: string): { user: User; expiresAtMs: number } => {
    const claims = verifyToken(tokenSecret, token, now() / 1000);
    const u = users.get(claims.id);
    if (!u || u.nation !== claims.nation || u.role !== claims.role) throw new TokenError('token of a user no longer configured so');
    return { user: { id: u.id, nation: u.nation, role: u.role }, expiresAtMs: claims.exp * 1000 };
  };
  const tokenUser = (token: string): User => tokenUserAndExpiry(token).user;
  const trialCapMessage = (user: User, waitS: number) =>
    `too many new trials: ${user.id} may run ${TRIALS_PER_USER_PER_MIN} a minute (bursts of ${TRIALS_PER_USER_BURST}); try again in ${waitS} s (a trial already run is shared: watching it is free)`;

  const routeOf = (request: FastifyRequest) => `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
  /** Audits a refused REST request (who, route, address). */
  const auditRefusal = (request: FastifyRequest, draft: Omit<AuditDraft, 'via' | 'outcome' | 'route' | 'ip'>) =>
    audit.append({ ...draft, via: 'rest', outcome: 'refused', route: routeOf(request), ip: request.ip });

  app.addHook('onRequest', async (request, reply) => {
    const needed = request.routeOptions.config?.role;
    if (!needed) return;
    const basicOnly = request.routeOptions.config?.basicOnly === true;
    const challenge = basicOnly
      ? 'Basic realm="golden-dome", charset="UTF-8"'
      : 'Basic realm="golden-dome", charset="UTF-8", Bearer realm="golden-dome"';
    /** A refused sign-in: audited (as the user it claims to be, when that user exists) and 401. */
    const unauthorized = (why: string, claimed = '') => {
      const u = users.get(claimed);
      auditRefusal(request, { kind: 'login', user: claimed.slice(0, 64), ...(u ? { nation: u.nation } : {}), reason: why });
      return fail(reply, 401, why, { 'www-authenticate': challenge });
    };
    const header = request.headers.authorization;
    // no credentials at all is the challenge, not an attempt: not audited
    if (!header)
      return fail(reply, 401, `credentials required (HTTP Basic${basicOnly ? '' : ' or a Bearer token from POST /api/tokens'})`, {
        'www-authenticate': challenge,
      });
    if (header.length > MAX_AUTH_HEADER) return unauthorized('Authorization header too long');
    let user: User;
    const bearer = /^Bearer (\S+)$/.exec(header);
    if (bearer && !basicOnly) {
      try {
        user = tokenUser(bearer[1]);
      } catch (e) {
        if (e instanceof TokenError) return unauthorized(e.message);
        throw e;
      }
    } else {
      const m = /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(header);
      const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
      const colon = decoded.indexOf(':');
      if (colon < 0)
        return unauthorized(`malformed Authorization header: expected Basic base64(id:secret)${basicOnly ? '' : ' or Bearer <token>'}`);
      const id = decoded.slice(0, colon),
        secret = decoded.slice(colon + 1);
      const u = users.get(id);
      // throttled: refused before any scrypt work; repeated refusals counted on one audit entry per window
      const throttled = throttle.check(id, request.ip);
      if (throttled) {
        const why = `too many failed sign-ins for ${throttled.who}: try again in ${throttled.retryAfterS} s`;
        audit.appendRepeated(throttled.key, {
          kind: 'login',
          user: id.slice(0, 64),
          ...(u ? { nation: u.nation } : {}),
          via: 'rest',
          outcome: 'refused',
          route: routeOf(request),
          ip: request.ip,
          reason: why,
        });
        return fail(reply, 429, why, { 'retry-after': String(throttled.retryAfterS) });
      }
      const ok = await scryptGate.run(() => verifySecret(secret, u?.secret ?? decoy ?? ''));
      if (ok === null)
        return fail(reply, 503, 'too many sign-ins at once: try again in a second (or use a token from POST /api/tokens)', {
          'retry-after': '1',
        });
      if (!u || !ok) {
        throttle.fail(id, request.ip);
        return unauthorized('unknown user or wrong secret', id);
      }
      throttle.succeed(id);
      user = { id: u.id, nation: u.nation, role: u.role };
    }
    if (!roleAtLeast(user.role, needed)) {
      const why = `${user.id} is a ${user.role} of ${user.nation}; this needs a ${needed}`;
      auditRefusal(request, { kind: 'forbidden', user: user.id, nation: user.nation, reason: why });
      return fail(reply, 403, why);
    }
    authenticated.set(request, user);
  });
  const userOf = (request: FastifyRequest): User => {
    const u = authenticated.get(request);
    if (!u) throw new HttpError(401, 'credentials required');
    return u;
  };
  const trialOf = async (id: string): Promise<StoredTrial> => {
    const t = await store.get(id);
    if (!t) throw new HttpError(404, `no trial '${id}'`);
    return t;
  };
  const unknownScenario = (scenario: string) => `no scenario '${scenario}' (known: ${library.names().join(', ')})`;

  app.post<{ Body: { ttlSeconds?: number } | undefined }>(
    '/api/tokens',
    {
      config: { role: 'viewer', basicOnly: true },
      schema: {
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { ttlSeconds: { type: 'integer', minimum: 60, maximum: MAX_TOKEN_TTL_S } },
        },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const exp = Math.floor(now() / 1000) + (request.body?.ttlSeconds ?? DEFAULT_TOKEN_TTL_S);
      return reply.code(201).send({
        token: signToken(tokenSecret, user, exp),
        user: user.id,
        nation: user.nation,
        role: user.role,
        expiresAt: new Date(exp * 1000).toISOString(),
      });
    },
  );

  app.get('/api/scenarios', { config: { role: 'viewer' } }, async () => ({ scenarios: library.names() }));

  app.post('/api/scenarios/validate', { config: { role: 'operator' }, bodyLimit: yamlBodyLimit }, async (request, reply) => {
    if (typeof request.body !== 'string') {
      return fail(reply, 415, `send the scenario as YAML text (Content-Type: ${YAML_TYPES[0]} or text/plain)`);
    }
    // checked on the trial pool (a text naming hundreds of places is work), in the user's lane
    const user = userOf(request);
    const r = await pool.run(
      { kind: 'validate', text: request.body, file: 'request.yaml' },
      { lane: { nation: user.nation, user: user.id } },
    );
    if (r.ok) return { ok: true, errors: [], name: r.name };
    // too large or an alias bomb: refused (413), located; other problems are the validation's answer
    if (r.limit) return reply.code(413).send({ statusCode: 413, error: `scenario refused: ${r.errors.join('; ')}`, errors: r.errors });
    return { ok: false, errors: r.errors };
  });

  app.post<{ Body: { scenario: string; seed: number } }>(
    '/api/trials',
    {
      config: { role: 'operator' },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['scenario', 'seed'],
          properties: { scenario: { type: 'string', pattern: SCENARIO_NAME }, seed: { type: 'integer', minimum: 0, maximum: 4294967295 } },
        },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const { scenario, seed } = request.body;
      if (!library.names().includes(scenario)) return fail(reply, 404, unknownScenario(scenario));
      const wait = trialBudget.take(user.id);
      if (wait > 0) {
        const why = trialCapMessage(user, wait);
        auditRefusal(request, { kind: 'forbidden', user: user.id, nation: user.nation, reason: why });
        return fail(reply, 429, why, { 'retry-after': String(wait) });
      }
      const world = await worldOf(scenario);
      if (!world) return fail(reply, 404, unknownScenario(scenario));
      const trial = await store.run(scenario, world, seed, user);
      return reply.code(201).send({ id: trial.id, scenario, seed });
    },
  );

  const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } };

  app.get<{ Params: { id: string } }>(
    '/api/trials/:id/events',
    { config: { role: 'viewer' }, schema: { params: idParam } },
    async (request) => {
      const user = userOf(request);
      const trial = await trialOf(request.params.id);
      await store.prepare(trial, user.nation, { nation: user.nation, user: user.id });
      return {
        id: trial.id,
        scenario: trial.scenario,
        seed: trial.seed,
        nation: user.nation,
        events: store.view(trial, user.nation).events,
      };
    },
  );

  registerTrialExport(app, { store, userOf, auditRefusal });

  app.post<{ Params: { id: string }; Body: { weapon: string; object: string; decision: Decision; note?: string } }>(
    '/api/trials/:id/approvals',
    {
      config: { role: 'commander' },
      schema: {
        params: idParam,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['weapon', 'object', 'decision'],
          properties: {
            weapon: { type: 'string', minLength: 1, maxLength: 128 },
            object: { type: 'string', minLength: 1, maxLength: 128 },
            decision: { type: 'string', enum: ['approve', 'deny'] },
            note: { type: 'string', maxLength: 500 },
          },
        },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const { weapon, object, decision, note } = request.body;
      const trial = await store.get(request.params.id);
      if (!trial) {
        const why = `no trial '${request.params.id}'`;
        auditRefusal(request, {
          kind: 'decision',
          user: user.id,
          nation: user.nation,
          trial: request.params.id,
          weapon,
          object,
          decision,
          reason: why,
        });
        return fail(reply, 404, why);
      }
      const outcome = await approvals.decide(user, {
        trial,
        weapon,
        object,
        decision,
        via: 'rest',
        ip: request.ip,
        t: liveTimeOf(trial, user.nation),
        ...(note !== undefined ? { note } : {}),
      });
      if (outcome.status !== 201) return fail(reply, outcome.status, outcome.message);
      return reply.code(201).send(outcome.entry);
    },
  );

  // query values are text (types are not coerced): integers checked by pattern, then range
  app.get<{ Querystring: { before?: string; limit?: string } }>(
    '/api/audit',
    {
      config: { role: 'commander' },
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { before: { type: 'string', pattern: '^[0-9]{1,15}$' }, limit: { type: 'string', pattern: '^[0-9]{1,15}$' } },
        },
      },
    },
    async (request) => {
      const limit = Number(request.query.limit ?? AUDIT_PAGE_DEFAULT);
      if (limit < 1 || limit > AUDIT_PAGE_MAX) throw new HttpError(400, `querystring/limit must be 1..${AUDIT_PAGE_MAX}`);
      return audit.page(userOf(request), {
        limit,
        ...(request.query.before !== undefined ? { before: Number(request.query.before) } : {}),
      });
    },
  );

  // ---- campaigns ----
  app.post<{ Body: { scenario: string; trials: number; seed?: number; as?: string } }>(
    '/api/campaigns',
    {
      config: { role: 'operator' },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['scenario', 'trials'],
          properties: {
            scenario: { type: 'string', pattern: SCENARIO_NAME },
            trials: { type: 'integer', minimum: 1, maximum: maxCampaignTrials },
            seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
            as: { type: 'string', pattern: VIEW_PATTERN },
          },
        },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const { scenario, trials, seed = 1 } = request.body;
      const refused = viewRefusal(user, request.body.as);
      if (refused) return fail(reply, refused.status, refused.message);
      const world = await worldOf(scenario);
      if (!world) return fail(reply, 404, unknownScenario(scenario));
      const c = campaigns.submit(scenario, world, trials, seed, user);
      if (typeof c === 'string') {
        auditRefusal(request, { kind: 'forbidden', user: user.id, nation: user.nation, reason: c });
        return fail(reply, 429, c, { 'retry-after': '10' });
      }
      return reply.code(202).send(campaignStatus(c));
    },
  );
  const campaignStatus = (c: Campaign) => ({
    id: c.id,
    scenario: c.scenario,
    trials: c.trials,
    seed: c.seed,
    startedBy: c.startedBy,
    nation: c.nation,
    submittedAt: c.submittedAt,
    startedAt: c.startedAt,
    state: c.state,
    ...(c.state === 'queued' ? { queuedAhead: campaigns.ahead(c) } : {}),
    done: c.progress.done,
    total: c.progress.total,
    etaS: Number.isFinite(c.progress.etaS) ? Math.round(c.progress.etaS * 10) / 10 : null,
    ...(c.error !== undefined ? { error: c.error } : {}),
  });
  /**
   * A campaign of the user's own nation (another nation's is 404, as if it did not exist; the attempt is
   * audited for both nations); asking for another nation's view is 403 (audited).
   */
  type CampaignRoute = { Params: { id: string }; Querystring: { as?: string } };
  const campaignOf = (request: FastifyRequest<CampaignRoute>) => {
    const refused = viewRefusal(userOf(request), request.query.as);
    if (refused) {
      auditRefusal(request, { kind: 'forbidden', user: userOf(request).id, nation: userOf(request).nation, reason: refused.message });
      throw new HttpError(refused.status, refused.message);
    }
    const c = campaigns.get(request.params.id);
    const user = userOf(request);
    if (c && c.nation !== user.nation)
      auditRefusal(request, {
        kind: 'forbidden',
        user: user.id,
        nation: user.nation,
        concerns: c.nation,
        reason: `campaign ${c.id} of another nation`,
      });
    if (!c || c.nation !== user.nation) throw new HttpError(404, `no campaign '${request.params.id}'`);
    return c;
  };
  const finished = (c: Campaign) => {
    if (c.state === 'failed') throw new HttpError(409, `campaign ${c.id} failed: ${c.error ?? 'unknown error'}`);
    if (!c.outcome)
      throw new HttpError(
        409,
        c.state === 'cancelled'
          ? `campaign ${c.id} was cancelled before it finished`
          : `campaign ${c.id} is ${c.state} (${c.progress.done}/${c.progress.total} trials)`,
      );
    return c.outcome;
  };
  const viewQuery = { type: 'object', additionalProperties: false, properties: { as: { type: 'string', pattern: VIEW_PATTERN } } };
  /** Cancels a queued or running campaign: its owner or an admin (of any nation); others of its nation 403, of another nation 404 (audited). */
  app.delete<{ Params: { id: string } }>(
    '/api/campaigns/:id',
    { config: { role: 'viewer' }, schema: { params: idParam } },
    async (request, reply) => {
      const user = userOf(request);
      const c = campaigns.get(request.params.id);
      const admin = user.role === 'admin';
      if (!c || (c.nation !== user.nation && !admin)) {
        if (c)
          auditRefusal(request, {
            kind: 'forbidden',
            user: user.id,
            nation: user.nation,
            concerns: c.nation,
            reason: `cancel of campaign ${c.id} of another nation`,
          });
        return fail(reply, 404, `no campaign '${request.params.id}'`);
      }
      if (c.startedBy !== user.id && !admin) {
        const why = `campaign ${c.id} was started by ${c.startedBy}: only its owner or an admin may cancel it`;
        auditRefusal(request, { kind: 'forbidden', user: user.id, nation: user.nation, reason: why });
        return fail(reply, 403, why);
      }
      if (!campaigns.cancel(c)) return fail(reply, 409, `campaign ${c.id} already ended (${c.state})`);
      audit.append({
        kind: 'cancel',
        user: user.id,
        nation: user.nation,
        concerns: c.nation,
        via: 'rest',
        outcome: 'recorded',
        route: routeOf(request),
        reason: `${user.id} cancelled campaign ${c.id} of ${c.startedBy}`,
      });
      return campaignStatus(c);
    },
  );
  app.get<CampaignRoute>(
    '/api/campaigns/:id',
    { config: { role: 'viewer' }, schema: { params: idParam, querystring: viewQuery } },
    async (request) => campaignStatus(campaignOf(request)),
  );
  app.get<CampaignRoute>(
    '/api/campaigns/:id/results',
    { config: { role: 'viewer' }, schema: { params: idParam, querystring: viewQuery } },
    async (request) => {
      const c = campaignOf(request);
      return campaignResultsJson(c, finished(c));
    },
  );
  app.get<CampaignRoute>(
    '/api/campaigns/:id/trials.csv',
    { config: { role: 'viewer' }, schema: { params: idParam, querystring: viewQuery } },
    async (request, reply) => {
      const c = campaignOf(request);
      const csv = campaignTrialsCsv(finished(c));
      if (csv === null) return fail(reply, 404, `campaign ${c.id} kept no per-trial rows`);
      return reply.type('text/csv; charset=utf-8').send(csv);
    },
  );
  app.get<CampaignRoute>(
    '/api/campaigns/:id/report',
    { config: { role: 'viewer' }, schema: { params: idParam, querystring: viewQuery } },
    async (request, reply) => {
      const c = campaignOf(request);
      const outcome = finished(c);
      c.report ??= campaignReport(outcome, c.world, c.scenario);
      return reply.type('text/html; charset=utf-8').send(await c.report);
    },
  );
  app.addHook('onClose', async () => {
    disFeed?.close();
    // running campaigns stay stored as running, and resume at the next start on this data directory
    await campaigns.stopAll();
    db?.close();
  });

  // ---- the live picture ----
  await app.register(websocket, {
    options: { maxPayload: WS_MAX_PAYLOAD },
    // a socket error (a client's bad frame, a reset): end that connection only
    errorHandler: (_error, socket) => socket.terminate(),
  });
  const sessionHost = {
    clock,
    /** The trial to watch, with the user's nation's view and scene of it computed (on the pool) before the session reads them. */
    async openTrial(user: User, watch: { scenario?: string; seed?: number; trial?: string }): Promise<StoredTrial> {
      const lane = { nation: user.nation, user: user.id };
      if (watch.trial !== undefined) {
        const t = await store.get(watch.trial);
        if (!t) throw new Error(`no stored trial '${watch.trial}'`);
        store.keep(t, user.nation);
        await store.prepare(t, user.nation, lane);
        return t;
      }
      const scenario = watch.scenario as string;
      const world = await worldOf(scenario);
      if (!world) throw new Error(unknownScenario(scenario));
      const t = await store.liveTrial(
        scenario,
        world,
        watch.seed as number,
        user,
        () => {
          const wait = trialBudget.take(user.id);
          if (wait > 0) throw new SessionRefusal(CLOSE.tooMany, trialCapMessage(user, wait));
        },
        trialCommand(world, commanders),
      );
      await store.prepare(t, user.nation, lane);
      return t;
    },
    view: (trial: StoredTrial, nation: string) => store.view(trial, nation),
    scene: (trial: StoredTrial, nation: string) => store.scene(trial, nation),
    decide: approvals.decide.bind(approvals),
    follow(trial: StoredTrial, session: LiveSession) {
      let set = watchers.get(trial.id);
      if (!set) watchers.set(trial.id, (set = new Set()));
      set.add(session);
      return () => {
        set.delete(session);
        if (set.size === 0 && watchers.get(trial.id) === set) watchers.delete(trial.id);
      };
    },
    maxBufferedBytes,
    ...(options.external ? { external: () => (options.external as NonNullable<ServerOptions['external']>).positionsAt(clock.now()) } : {}),
  };
  /** Open connections per user id (demo viewers: per nation, `demo-US`). */
  const socketsOf = new Map<string, number>();
  let socketCount = 0;
  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/ws', { websocket: true }, (socket, request) => {
    const ip = request.socket.remoteAddress ?? '';
    const refuse = (message: string, code: number = CLOSE.policyViolation, who?: User) => {
      audit.append({
        kind: 'socket',
        user: who?.id ?? '',
        ...(who ? { nation: who.nation } : {}),
        via: 'websocket',
        outcome: 'refused',
        route: 'GET /ws',
        ip,
        reason: message,
      });
      socket.send(JSON.stringify({ type: 'error', message, seq: 1, sentMs: clock.now() }));
      socket.close(
        code,
        Buffer.from(message)
          .subarray(0, 120)
          .toString('utf8')
          .replace(/\uFFFD$/, ''),
      );
    };
    const { token, nation } = request.query;
    let user: User;
    let demo = false;
    let expiresAtMs = Infinity;
    if (typeof token === 'string' && token.length > 0) {
      if (token.length > MAX_TOKEN_LENGTH) return refuse('token too long');
      try {
        ({ user, expiresAtMs } = tokenUserAndExpiry(token));
      } catch (e) {
        return refuse(e instanceof TokenError ? e.message : 'bad token');
      }
    } else if (typeof nation === 'string') {
      if (!options.demo) return refuse('no account: demo mode is off on this server (connect with ?token= from POST /api/tokens)');
      if (!isLoopback(request.socket.remoteAddress))
        return refuse('demo mode (no account) is for connections from this machine only (127.0.0.1 or ::1): use ?token=');
      if (!/^[A-Z]{2,3}$/.test(nation)) return refuse(`nation must be a code like 'US' or 'CA', got '${nation.slice(0, 16)}'`);
      if (!library.nations().includes(nation))
        return refuse(
          `unknown nation '${nation}': demo mode accepts the nations of the scenarios' coalition policies (${library.nations().join(', ')})`,
        );
      user = { id: `demo-${nation}`, nation, role: 'viewer' };
      demo = true;
    } else {
      return refuse('credentials required: ?token= (POST /api/tokens)');
    }
    const mine = socketsOf.get(user.id) ?? 0;
    const cap = demo ? maxDemoSocketsPerNation : maxSocketsPerUser;
    if (mine >= cap)
      return refuse(
        `too many connections: ${user.id} has ${mine} open (at most ${cap} ${demo ? 'per demo nation' : 'per user'}); close one`,
        CLOSE.tooMany,
        user,
      );
    if (socketCount >= maxSockets)
      return refuse(`the server is full (${maxSockets} connections): try again later`, CLOSE.tryAgainLater, user);
    socketsOf.set(user.id, mine + 1);
    socketCount += 1;
    const session = new LiveSession(socket, user, demo, {
      ...sessionHost,
      ip,
      onRefused: (u, r) =>
        audit.append({
          kind: r.kind,
          user: u.id,
          nation: u.nation,
          via: 'websocket',
          outcome: 'refused',
          route: r.message ?? 'GET /ws',
          ip,
          reason: `${r.reason} (close ${r.code})`,
        }),
    });
    // a token's connection ends when the token does (checked again when the timer fires: `now` may be the tests')
    let stopExpiry: (() => void) | undefined;
    const watchExpiry = () => {
      stopExpiry = clock.every(Math.min(2 ** 31 - 1, Math.max(1, expiresAtMs - now())), () => {
        stopExpiry?.();
        stopExpiry = undefined;
        if (now() >= expiresAtMs)
          session.expire(`token expired at ${new Date(expiresAtMs).toISOString()}: get a new one (POST /api/tokens) and reconnect`);
        else watchExpiry();
      });
    };
    if (Number.isFinite(expiresAtMs)) watchExpiry();
    socket.on('message', (data: Buffer, isBinary: boolean) => session.receive(data, isBinary));
    socket.on('close', () => {
      session.dispose();
      stopExpiry?.();
      socketCount -= 1;
      const left = (socketsOf.get(user.id) ?? 1) - 1;
      if (left > 0) socketsOf.set(user.id, left);
      else socketsOf.delete(user.id);
    });
  });

  if (options.webRoot !== undefined && existsSync(options.webRoot)) {
    await app.register(fastifyStatic, { root: options.webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
  }

  return app;
}

export { HttpError };
