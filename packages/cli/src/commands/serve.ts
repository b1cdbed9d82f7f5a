import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { World } from '@golden-dome/core';
import {
  namedRepresentative,
  type RedisTaskQueue,
  runCampaign,
  sharedTrialPool,
  shownRedisUrl,
  type TrialPool,
  worldRef,
} from '@golden-dome/pool';
import { scenarioFiles } from '@golden-dome/scenario';
import {
  buildServer,
  CAMPAIGN_CHUNK_TRIALS,
  type CampaignReportWriter,
  type CampaignRunner,
  checkDataDir,
  DataDirError,
  defaultDataDir,
  type DisAddress,
  DisAddressError,
  type DisLiveOptions,
  DisReceiver,
  ExternalTracks,
  type DisSender,
  fileScenarioLibrary,
  isLoopback,
  loadUsersFile,
  parseDisAddress,
  systemClock,
  type UserConfig,
  UsersFileError,
} from '@golden-dome/server';
import { campaignCostInputs } from '../campaign/cost-inputs.ts';
import type { CampaignReportArgs } from '../campaign/pool-tasks.ts';
import { type LoadedScenario, loadWorldRequestFromYaml } from '../campaign/scenario-source.ts';
import { intFlag, numberFlag, UsageError } from '../usage-error.ts';
import { parseFlags } from '../flags.ts';
import { untilStopped } from '../until-stopped.ts';
import { openDisSender } from '../dis-sender.ts';
import { connectQueue, REDIS_CA_HELP, redisFlags } from './redis-flags.ts';

/** The scenario the picture opens on (the README's reference study). */
export const REFERENCE_SCENARIO_NAME = 'nk-2029-salvo';
/** The built web picture (packages/web: `npm run build -w packages/web`). */
export const WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web', 'dist');

export const SERVE_HELP = `dome serve — the live server: REST API, WebSocket picture and the web page

  dome serve [--port N] [--host ADDRESS] [--users FILE] [--demo] [--data DIR] [--redis URL [--redis-chunks K] [--redis-ca FILE]]
             [--dis HOST:PORT --dis-as NATION [--dis-exercise N] [--dis-site N] [--dis-application N]] [--dis-listen HOST:PORT]

  Serves the REST API (/api), the live picture over a WebSocket (/ws; docs/websocket-protocol.md)
  and the built web picture (packages/web/dist) with the reference scenario (${REFERENCE_SCENARIO_NAME}) ready.

  --port N        TCP port (default 8080; 0 picks a free one)
  --host ADDRESS  address to listen on (default 127.0.0.1, this machine only)
  --users FILE    users (YAML or JSON: id, nation, role, scrypt secret hash); they sign in with HTTP
                  Basic or a token from POST /api/tokens
  --demo          demo mode: connections from this machine (127.0.0.1, ::1) need no account and watch
                  as a nation's viewer; on by default when no --users file is given
  --data DIR      the data directory: stored trials, decisions, the audit log and campaigns (resumed
                  after a restart, even a kill -9) in an SQLite database there (default
                  $XDG_STATE_HOME/golden-dome, else ~/.local/state/golden-dome)
  --dis HOST:PORT the live trials as DIS PDUs (IEEE 1278.1-2012) over UDP, as --dis-as NATION sees them
                  (required with --dis): each trial a connection of that nation watches, at its clock;
                  exercise, site and application ids 1 by default (a trial k followed at once: application
                  + k). Docs: docs/dis.md
  --dis-listen HOST:PORT
                  receive DIS Entity State PDUs (IEEE 1278.1, versions 5-7) over UDP there from an external
                  simulator: each entity is drawn in every live picture, to every nation, as an external
                  threat ('DIS <marking>'), dead-reckoned between PDUs, until deactivated or silent 12 s.
                  The trials' engine does not engage it (docs/dis.md, "DIS in")
  --redis URL     the campaigns' trials on the machines running 'dome worker --redis URL'
                  (redis://[:PASSWORD@]HOST:PORT, rediss:// for TLS) instead of this server's threads; each still in its
                  starter's nation's view, stored and resumed as without it (docs/distributed.md)
  --redis-chunks K  chunks of a campaign in flight on the workers at once (default 8)
${REDIS_CA_HELP}

  Ctrl-C (SIGINT) or SIGTERM stops the server.`;

export interface ServeIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface ServeDeps {
  /** Stops the server (default: SIGINT or SIGTERM). */
  signal?: AbortSignal;
  /** Called once listening, with the base URL (tests). */
  onListening?: (url: string) => void;
}

/**
 * The server's campaigns on its trial pool (in the starter's lane and nation's view), keeping what the
 * cli's report needs (costs, the scenario file, the full result).
 */
export function workerPoolCampaignRunner(pool: Pick<TrialPool, 'run' | 'threads'> = sharedTrialPool()): CampaignRunner {
  return {
    async run(world, { scenario, trials, seed, signal, onProgress, nation, user, resume, onChunk }) {
      const file = scenarioFiles().find((f) => basename(f, '.yaml') === scenario);
      // kept with the outcome (stored as JSON): the loaded file's located YAML is left out
      const full = file ? await loadWorldRequestFromYaml(file) : undefined;
      const loaded: LoadedScenario | undefined = full
        ? { request: full.request, scenario: full.scenario, monteCarlo: full.monteCarlo, weaponTypes: full.weaponTypes }
        : undefined;
      const weaponTypes = loaded?.weaponTypes ?? {};
      const costs = loaded ? campaignCostInputs(loaded.request, weaponTypes) : undefined;
      const result = await runCampaign(world, {
        trials,
        seed,
        weaponTypes,
        signal,
        pool,
        lane: { nation: nation ?? '', user: user ?? '' },
        ...(costs ? { costs } : {}),
        ...(nation !== undefined ? { nation } : {}),
        // progress stored in chunks of CAMPAIGN_CHUNK_TRIALS (a restarted server resumes after the last)
        checkEvery: CAMPAIGN_CHUNK_TRIALS,
        ...(resume ? { resume } : {}),
        ...(onChunk ? { onCheckpoint: onChunk } : {}),
        onProgress: (p) => onProgress({ done: p.done, total: p.total, etaS: p.etaS }),
        // the report's engagement timeline reads this trial's log, run on the pool in the starter's view
        representativeLog: true,
      });
      return {
        trials: result.trials,
        metrics: result.metrics,
        summaries: result.summaries,
        ...(result.nation !== undefined ? { nation: result.nation } : {}),
        ...(result.representative ? { representative: namedRepresentative(result.representative) } : {}),
        detail: { result, loaded, file, costs },
      };
    },
  };
}

/**
 * The cli's HTML report (summary, plots, map, the representative trial's timeline) of a campaign run by
 * {@link workerPoolCampaignRunner}, in the campaign's view (campaignReportInput), built on `pool`'s
 * threads (the pool's `report` task: campaign/pool-tasks.ts), not on the server's event loop.
 */
export function cliCampaignReport(pool: Pick<TrialPool, 'run'> = sharedTrialPool()): CampaignReportWriter {
  return (outcome, world: World, scenario) => {
    const args: CampaignReportArgs = {
      ...(outcome.detail as Omit<CampaignReportArgs, 'scenario' | 'generatedAt'>),
      scenario,
      generatedAt: new Date().toISOString(),
    };
    return pool.run(
      { kind: 'report', world: worldRef(world), args },
      outcome.nation !== undefined ? { lane: { nation: outcome.nation, user: '' } } : {},
    );
  };
}

export async function serveCommand(argv: string[], io: ServeIo, deps: ServeDeps = {}): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      users: { type: 'string' },
      demo: { type: 'boolean' },
      data: { type: 'string' },
      redis: { type: 'string' },
      'redis-chunks': { type: 'string' },
      'redis-ca': { type: 'string' },
      dis: { type: 'string' },
      'dis-as': { type: 'string' },
      'dis-exercise': { type: 'string' },
      'dis-site': { type: 'string' },
      'dis-application': { type: 'string' },
      'dis-listen': { type: 'string' },
    },
    SERVE_HELP,
    false,
  );
  const f = parsed.values;
  if (f.help) {
    io.stdout(SERVE_HELP);
    return 0;
  }
  const port = numberFlag('port', f.port, 0, 65535) ?? 8080;
  if (!Number.isInteger(port)) throw new UsageError(`--port must be a whole number, got ${f.port}`);
  const host = f.host ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]{1,255}$/.test(host)) throw new UsageError(`--host must be an address or host name, got '${host}'`);
  let users: UserConfig[] = [];
  if (f.users !== undefined) {
    try {
      users = loadUsersFile(f.users);
    } catch (e) {
      if (e instanceof UsersFileError) throw new UsageError(e.message);
      throw e;
    }
  }
  const demo = f.demo === true || f.users === undefined;
  const disAsked = disFlags(f);
  let disListen: DisAddress | undefined;
  try {
    disListen = f['dis-listen'] === undefined ? undefined : parseDisAddress(f['dis-listen'], '--dis-listen');
    if (disListen && disAsked && disListen.host === disAsked.address.host && disListen.port === disAsked.address.port)
      throw new UsageError(`--dis-listen ${f['dis-listen']} is where --dis sends: the server would draw its own PDUs as external threats`);
  } catch (e) {
    if (e instanceof DisAddressError) throw new UsageError(e.message);
    throw e;
  }
  const redis = redisFlags('--redis', f.redis, f['redis-ca']);
  if (f['redis-chunks'] !== undefined && f.redis === undefined) throw new UsageError('--redis-chunks applies with --redis URL');
  const redisChunks = intFlag('redis-chunks', f['redis-chunks'], 1, 1024) ?? 8;
  const dataDir = f.data ?? defaultDataDir();
  // a data directory that cannot be used is said before anything is built
  try {
    checkDataDir(dataDir);
  } catch (e) {
    if (e instanceof DataDirError) throw new UsageError(e.message);
    throw e;
  }

  // --redis: the campaigns' chunks on the queue (a Redis that does not answer is a usage error naming it)
  let queue: RedisTaskQueue | undefined;
  if (redis) queue = await connectQueue('--redis', redis, redisChunks);

  // --dis-listen: the external simulator's entities, on the server's wall clock (the live picture's); a
  // port that cannot be bound is said before anything is built
  const external = new ExternalTracks();
  let listen: DisReceiver | undefined;
  if (disListen) {
    listen = new DisReceiver(disListen, (bytes) => external.receive(bytes, systemClock.now()));
    try {
      await listen.open();
    } catch (e) {
      await queue?.close();
      throw e instanceof DisAddressError ? new UsageError(e.message) : e;
    }
  }

  if (!readWebIndex()) {
    // a fresh clone has no built page yet: build it once (vite, about a second) rather than serve a 404
    io.stderr(`dome serve: building the web picture into ${WEB_DIST} …`);
    await buildWebPicture();
  }

  // the one trial pool: world builds, validation, live trials and campaigns run there, off the event loop
  const pool = sharedTrialPool();
  const library = fileScenarioLibrary(pool);
  let dis;
  try {
    if (!library.names().includes(REFERENCE_SCENARIO_NAME))
      throw new UsageError(`the scenario library has no '${REFERENCE_SCENARIO_NAME}'`);
    dis = disAsked ? await disFeed(disAsked, library.nations()) : undefined;
    io.stderr(`dome serve: preparing the reference scenario ${REFERENCE_SCENARIO_NAME} …`);
    await library.world(REFERENCE_SCENARIO_NAME);
  } catch (e) {
    // the queue's connections would keep the process alive
    dis?.sender.close();
    listen?.close();
    await queue?.close();
    throw e;
  }

  let app;
  try {
    app = await buildServer({
      users,
      scenarios: library,
      demo,
      webRoot: WEB_DIST,
      pool,
      campaignRunner: workerPoolCampaignRunner(queue ?? pool),
      campaignReport: cliCampaignReport(pool),
      dataDir,
      ...(dis ? { dis: dis.options } : {}),
      ...(listen ? { external } : {}),
    });
  } catch (e) {
    dis?.sender.close();
    listen?.close();
    await queue?.close();
    if (e instanceof DataDirError) throw new UsageError(e.message);
    throw e;
  }
  let address: string;
  try {
    address = await app.listen({ host, port });
  } catch (e) {
    await app.close();
    dis?.sender.close();
    listen?.close();
    await queue?.close();
    await pool.close();
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot listen on ${host}:${port}${code ? ` (${code}${code === 'EADDRINUSE' ? ': the port is taken; try --port 0 or another' : ''})` : ''}`,
    );
  }
  const shown = address;
  io.stdout(`Golden Dome server on ${shown}`);
  io.stdout(`  picture:   ${shown}/`);
  io.stdout(`  REST API:  ${shown}/api  ·  WebSocket: ${shown.replace(/^http/, 'ws')}/ws  (docs/websocket-protocol.md)`);
  io.stdout(
    `  scenario:  ${REFERENCE_SCENARIO_NAME} ready; others: ${library
      .names()
      .filter((n) => n !== REFERENCE_SCENARIO_NAME)
      .join(', ')}`,
  );
  if (demo) {
    io.stdout(`  demo mode: no account needed from this machine (127.0.0.1, ::1): open ${shown}/ and choose a nation`);
    if (!isLoopback(host) && host !== 'localhost') io.stdout('  (other machines still need an account: demo mode is refused off loopback)');
  }
  if (dis)
    io.stdout(
      `  DIS:       live trials as ${dis.options.nation} sees them → udp://${dis.sender.address.host}:${dis.sender.address.port} (exercise ${dis.options.exercise}, site ${dis.options.site}, application ${dis.options.application}+; docs/dis.md)`,
    );
  if (listen && disListen)
    io.stdout(
      `  DIS in:    Entity State PDUs on udp://${disListen.host}:${disListen.port} → external threats in every live picture (docs/dis.md, "DIS in")`,
    );
  if (queue)
    io.stdout(
      `  campaigns: on the workers of ${shownRedisUrl(f.redis as string)} ('dome worker --redis …'), ${redisChunks} chunks in flight each`,
    );
  io.stdout(`  data:      ${dataDir} (trials, decisions, audit log, campaigns: kept across restarts)`);
  if (users.length > 0) io.stdout(`  users:     ${users.length} from ${f.users} (HTTP Basic, or a token from POST /api/tokens)`);
  io.stdout('Ctrl-C stops the server.');
  deps.onListening?.(address);

  await untilStopped(deps.signal);
  await app.close();
  dis?.sender.close();
  listen?.close();
  await queue?.close();
  await pool.close();
  io.stderr('dome serve: stopped');
  return 0;
}

/** `--dis HOST:PORT --dis-as NATION …` as given, checked before anything is built; undefined without --dis. Mistakes are usage errors (exit 2). */
function disFlags(
  f: Record<string, string | boolean | undefined>,
): { address: DisAddress; nation: string; exercise: number; site: number; application: number } | undefined {
  const text = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : undefined);
  if (text('dis') === undefined) {
    const stray = ['dis-as', 'dis-exercise', 'dis-site', 'dis-application'].find((k) => f[k] !== undefined);
    if (stray) throw new UsageError(`--${stray} applies with --dis HOST:PORT`);
    return undefined;
  }
  let address;
  try {
    address = parseDisAddress(text('dis') as string);
  } catch (e) {
    if (e instanceof DisAddressError) throw new UsageError(e.message);
    throw e;
  }
  const nation = text('dis-as');
  if (nation === undefined)
    throw new UsageError("--dis needs --dis-as NATION: the PDUs sent are one nation's view of the live trials, as its picture");
  return {
    address,
    nation,
    exercise: intFlag('dis-exercise', text('dis-exercise'), 1, 255) ?? 1,
    site: intFlag('dis-site', text('dis-site'), 1, 0xfffe) ?? 1,
    application: intFlag('dis-application', text('dis-application'), 1, 0xfffe) ?? 1,
  };
}

/** The live DIS feed's options and its open sender: the nation must be one of the scenarios' policies. */
async function disFeed(
  flags: NonNullable<ReturnType<typeof disFlags>>,
  nations: string[],
): Promise<{ options: DisLiveOptions; sender: DisSender }> {
  const { address, nation, exercise, site, application } = flags;
  if (!nations.includes(nation))
    throw new UsageError(`--dis-as: '${nation.slice(0, 16)}' is not a nation of the scenarios' policies (${nations.join(', ')})`);
  const sender = await openDisSender(address);
  return { sender, options: { nation, exercise, site, application, send: (pdu) => sender.send(pdu) } };
}

function readWebIndex(): boolean {
  try {
    return readFileSync(join(WEB_DIST, 'index.html')).length > 0;
  } catch {
    return false;
  }
}

/** Builds packages/web into WEB_DIST with its own vite configuration (what `npm run build:web` does). */
async function buildWebPicture(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(WEB_DIST, '..', 'vite.config.ts'), logLevel: 'warn' });
  if (!readWebIndex()) throw new Error(`building the web picture left no ${join(WEB_DIST, 'index.html')}`);
}
