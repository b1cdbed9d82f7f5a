import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { type EngineEvent, runTrial, type World } from '@golden-dome/core';
import { buildWorld, WorldError } from '@golden-dome/scenario';
import { DIS_DEFAULTS, DisAddressError, nationDisStream, parseDisAddress, playDisStream } from '@golden-dome/server';
import { type LoadWorldRequest, loadWorldRequestFromYaml } from '../campaign/scenario-source.ts';
import { intFlag, numberFlag, UsageError } from '../usage-error.ts';
import { asFlag } from './as-flag.ts';
import { openDisSender } from '../dis-sender.ts';

export const REPLAY_HELP = `dome replay — play one trial over DIS (IEEE 1278.1-2012, DIS v7) on UDP

  dome replay SCENARIO.yaml --dis HOST:PORT --as NATION [--seed S] [--speed X]
                            [--exercise N] [--site N] [--application N] [--truth-tracks] [--json]

  Runs one trial (seed S) and sends what NATION sees of it as DIS PDUs to HOST:PORT at X times real
  time: Entity State for its batteries, the satellites in view, the threats it sees and its
  interceptors in flight (geocentric coordinates, dead reckoning DRM(F,V,W) for threats and satellites,
  DRM(F,P,W) for interceptors; sent again past the 1 m / 3° thresholds or at the 5 s heartbeat), and a
  Fire and a Detonation PDU with one event id for each of its shots. Wireshark or tshark decode it
  (tshark -d udp.port==PORT,dis). Design and enumerations: docs/dis.md.

  --dis HOST:PORT   the receiver (e.g. 127.0.0.1:3000, a broadcast address, or [::1]:3000)
  --as NATION       the nation whose view is sent (a nation of the scenario's policy); required unless
                    the policy has one nation: the stream is that nation's output, like 'dome run --as'
  --seed S          the trial's seed (default: the scenario's seed, else 1)
  --speed X         scenario seconds per wall second, 0.01-10000 (default 1); heartbeats stay 5 s of
                    wall time (60 s for batteries), as the standard's are
  --exercise N      DIS exercise id 1-255 (default 1)
  --site N          site id 1-65534 (default 1)
  --application N   application id 1-65534 (default 1)
  --truth-tracks    fight the trial on the truth (the comparison mode), as 'dome run --truth-tracks'
  --json            at the end, print the entity table and counts as JSON instead of a summary

  Ctrl-C stops the replay (exit 130).`;

export interface ReplayIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface ReplayDeps {
  loadWorldRequest?: LoadWorldRequest;
  /** Stops the replay (default: SIGINT). */
  signal?: AbortSignal;
  /** Told the world and the trial's full log before they are played (tests check the decoded stream against them). */
  onTrial?: (world: World, log: EngineEvent[]) => void;
}

export async function replayCommand(argv: string[], io: ReplayIo, deps: ReplayDeps = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        dis: { type: 'string' },
        as: { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        exercise: { type: 'string' },
        site: { type: 'string' },
        application: { type: 'string' },
        'truth-tracks': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify.*$/s, '')}\n\n${REPLAY_HELP}`);
  }
  const f = parsed.values;
  if (f.help) {
    io.stdout(REPLAY_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError(
      `${parsed.positionals.length === 0 ? 'a scenario file is required' : `one scenario file, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`}\n\n${REPLAY_HELP}`,
    );
  }
  if (f.dis === undefined)
    throw new UsageError(`--dis HOST:PORT is required (where to send the PDUs, e.g. 127.0.0.1:3000)\n\n${REPLAY_HELP}`);
  let address;
  try {
    address = parseDisAddress(f.dis);
  } catch (e) {
    if (e instanceof DisAddressError) throw new UsageError(e.message);
    throw e;
  }
  const seedFlag = intFlag('seed', f.seed, 0, 2 ** 32 - 1);
  const speed = numberFlag('speed', f.speed, 0.01, 10_000) ?? 1;
  const exercise = intFlag('exercise', f.exercise, 1, 255) ?? 1;
  const site = intFlag('site', f.site, 1, 0xfffe) ?? 1;
  const application = intFlag('application', f.application, 1, 0xfffe) ?? 1;
  const file = parsed.positionals[0];

  const loaded = await (deps.loadWorldRequest ?? loadWorldRequestFromYaml)(file);
  if (f['truth-tracks']) loaded.request.tracks = 'truth';
  // the nation is checked before the world is built (seconds): a wrong one is said at once
  const policy = loaded.request.policy;
  const nations = Object.keys(policy.nations).sort();
  const nation = asFlag(f.as, policy, file) ?? (nations.length === 1 ? nations[0] : undefined);
  if (nation === undefined) {
    throw new UsageError(
      `--as NATION is required: a DIS stream is one nation's view of the trial (${file}'s policy '${policy.name}' has ${nations.join(', ')})`,
    );
  }
  let world;
  try {
    world = buildWorld(loaded.request);
  } catch (e) {
    if (e instanceof WorldError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
  const seed = seedFlag ?? loaded.monteCarlo.seed ?? 1;
  const log = runTrial(world, seed);
  deps.onTrial?.(world, log);
  const stream = nationDisStream(world, nation, log, {
    exercise,
    site,
    application,
    heartbeatS: DIS_DEFAULTS.heartbeatS * speed,
    stationaryHeartbeatS: DIS_DEFAULTS.stationaryHeartbeatS * speed,
  });

  const sender = await openDisSender(address);
  let signal = deps.signal;
  let onSigint: (() => void) | null = null;
  if (!signal) {
    const controller = new AbortController();
    signal = controller.signal;
    onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
  }
  const span = stream.end - stream.start;
  io.stderr(
    `dome replay: ${basename(file)} seed ${seed} as ${nation} → udp://${address.host}:${address.port}, exercise ${exercise}, site ${site}, application ${application}; ${span.toFixed(0)} s of scenario at ${speed}x (${(span / speed).toFixed(1)} s)`,
  );
  const counts = { 'entity-state': 0, fire: 0, detonation: 0 };
  let reached: number;
  try {
    reached = await playDisStream(stream, {
      speed,
      signal,
      send: async (pdu) => {
        await sender.send(pdu.bytes);
        counts[pdu.kind] += 1;
      },
    });
  } catch (e) {
    // the network refused a datagram (an unreachable network, a broadcast not allowed): said plainly, exit 1
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    io.stderr(
      `dome replay: sending to ${address.host}:${address.port} failed after ${sender.sent} PDUs (${code}: ${(e as Error).message})`,
    );
    return 1;
  } finally {
    if (onSigint) process.off('SIGINT', onSigint);
    sender.close();
  }
  const interrupted = signal.aborted && !stream.done;
  const summary = {
    scenario: file,
    seed,
    as: nation,
    dis: `${address.host}:${address.port}`,
    exercise,
    site,
    application,
    speed,
    start: stream.start,
    end: stream.end,
    reached,
    interrupted,
    pdus: counts,
    octets: sender.bytes,
    entities: stream.entities.map((e) => ({ entity: e.id.entity, kind: e.kind, source: e.source, marking: e.marking })),
  };
  if (f.json) io.stdout(JSON.stringify(summary, null, 2));
  else {
    const kinds = new Map<string, number>();
    for (const e of stream.entities) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    io.stdout(
      `sent ${counts['entity-state'] + counts.fire + counts.detonation} PDUs (${sender.bytes} octets) as ${nation}: ${counts['entity-state']} Entity State, ${counts.fire} Fire, ${counts.detonation} Detonation${interrupted ? ` (interrupted at t = ${reached.toFixed(0)} s)` : ''}`,
    );
    io.stdout(
      `entities ${site}:${application}:1-${stream.entities.length}: ${[...kinds].map(([k, n]) => `${n} ${n === 1 ? k : k === 'battery' ? 'batteries' : `${k}s`}`).join(', ')}`,
    );
    for (const e of stream.entities)
      if (e.kind !== 'satellite')
        io.stdout(`  ${site}:${application}:${e.id.entity}  ${e.kind.padEnd(11)} ${e.marking.padEnd(11)} ${e.source}`);
  }
  return interrupted ? 130 : 0;
}
