/**
 * Benchmark W5 "live" of bench/WORKLOADS.md: the server running the reference scenario live,
 * 50 WebSocket clients on 127.0.0.1 subscribed for 60 s at the server's native update rate (a tick every
 * 250 ms: positions each tick, events as the clock passes them, the clock every second).
 *
 * The server runs in a child process (`dome serve`'s buildServer, demo mode, the shipped library), so
 * that its peak memory is its own and the clients do not share its event loop. Each client connects as
 * a demo viewer (half US, half CA: two filtered views), watches nk-2029-salvo seed 1 at a speed that
 * plays the scenario through in about a minute, and seeks back to the start whenever it ends.
 *
 * Counting: every server message carries `seq` (1, 2, … per connection). At the end each client sends
 * `pause` and waits for the `clock` that answers it, with seq N: the server has then sent exactly N
 * messages on that connection, so `lost` = sum over clients of N - messages received (gaps and the tail
 * alike; a duplicate or out-of-order seq is counted as lost too).
 * Latency: the server stamps each message `sentMs` when it hands it to the socket (its wall clock,
 * performance.timeOrigin + performance.now()); the client subtracts it from its own receive time after
 * correcting the offset between the two processes' clocks, measured over IPC beforehand (the round trip
 * with the smallest delay of 50, offset = server time - midpoint). p50/p99 over every `events` and
 * `positions` message (the streamed picture) from 2 s after the client's `scene` on; those of the first
 * 2 s, when every client is still parsing its multi-megabyte scene (constellation ephemerides) at once,
 * are reported apart (p99_warmup_ms), as is the scene's own delivery (scene_p50_ms).
 *
 * Standalone: `node packages/cli/bin/run-ts.mjs bench/w5.ts [--clients N] [--seconds S]`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';

export const W5_CLIENTS = 50;
export const W5_SECONDS = 60;
const SCENARIO = 'nk-2029-salvo';
const SERVER_FLAG = '--w5-server';
/** Messages in the first 2 s after a client's scene are reported apart (p99_warmup_ms). */
const WARMUP_MS = 2000;
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface W5Line {
  workload: 'W5';
  impl: 'golden-dome';
  scenario: string;
  clients: number;
  seconds: number;
  messages: number;
  messages_per_s: number;
  lost: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  p99_warmup_ms: number;
  scene_p50_ms: number;
  scene_kb: number;
  peak_mb: number;
  speed: number;
}

type FromServer = { kind: 'listening'; port: number } | { kind: 'time'; id: number; now: number } | { kind: 'stats'; peakMb: number };
type ToServer = { kind: 'time'; id: number } | { kind: 'stats' } | { kind: 'stop' };

const wallMs = (): number => performance.timeOrigin + performance.now();
const round = (x: number, d: number): number => Number(x.toFixed(d));
const quantile = (sorted: Float64Array, q: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

// ---------------------------------------------------------------------------------------------
// the server (child process)

async function serveForW5(): Promise<void> {
  const { buildServer, fileScenarioLibrary } = await import('../packages/server/src/index.ts');
  const { sharedTrialPool } = await import('../packages/pool/src/index.ts');
  const library = fileScenarioLibrary(sharedTrialPool());
  await library.world(SCENARIO);
  const app = await buildServer({ users: [], scenarios: library, demo: true });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const send = (m: FromServer) => process.send?.(m);
  process.on('message', (m: ToServer) => {
    if (m.kind === 'time') send({ kind: 'time', id: m.id, now: wallMs() });
    else if (m.kind === 'stats') send({ kind: 'stats', peakMb: round(process.resourceUsage().maxRSS / 1024, 1) });
    else if (m.kind === 'stop') void app.close().then(() => process.exit(0));
  });
  send({ kind: 'listening', port: Number(new URL(address).port) });
}

// ---------------------------------------------------------------------------------------------
// the clients (this process)

class ServerProcess {
  private waiting = new Map<string, (m: FromServer) => void>();
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.on('message', (m: FromServer) => {
      const key = m.kind === 'time' ? `time${m.id}` : m.kind;
      this.waiting.get(key)?.(m);
      this.waiting.delete(key);
    });
  }

  static start(): Promise<ServerProcess> {
    const child = fork(join(REPO, 'packages', 'cli', 'bin', 'run-ts.mjs'), [join(REPO, 'bench', 'w5.ts'), SERVER_FLAG], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((res, rej) => {
      child.once('message', (m: FromServer) =>
        m.kind === 'listening' ? res(new ServerProcess(child, m.port)) : rej(new Error('W5 server: unexpected first message')),
      );
      child.once('exit', (code) => rej(new Error(`W5 server exited with code ${code}`)));
    });
  }

  ask(m: ToServer, key: string): Promise<FromServer> {
    return new Promise((res) => {
      this.waiting.set(key, res);
      this.child.send(m);
    });
  }

  /** Server clock minus this process's clock [ms], from the quickest of `n` round trips. */
  async clockOffset(n = 50): Promise<{ offset: number; rtt: number }> {
    let best = { offset: 0, rtt: Infinity };
    for (let i = 0; i < n; i++) {
      const t0 = wallMs();
      const m = (await this.ask({ kind: 'time', id: i }, `time${i}`)) as { now: number };
      const t1 = wallMs();
      if (t1 - t0 < best.rtt) best = { offset: m.now - (t0 + t1) / 2, rtt: t1 - t0 };
    }
    return best;
  }

  async stop(): Promise<number> {
    const stats = (await this.ask({ kind: 'stats' }, 'stats')) as { peakMb: number };
    this.child.send({ kind: 'stop' });
    await new Promise((r) => this.child.once('exit', r));
    return stats.peakMb;
  }
}

interface ClientTally {
  received: number;
  lastSeq: number;
  disorder: number;
  finalSeq: number;
  latencies: number[];
  /** Latencies of the first WARMUP_MS after the scene (the client is still parsing the scene). */
  warmupLatencies: number[];
  sceneLatency: number;
  sceneBytes: number;
  closedEarly: string | null;
}

function runClient(
  port: number,
  nation: string,
  offset: number,
  seconds: number,
  speedFor: (span: number) => number,
): Promise<ClientTally> {
  return new Promise((resolveTally) => {
    const tally: ClientTally = {
      received: 0,
      lastSeq: 0,
      disorder: 0,
      finalSeq: -1,
      latencies: [],
      warmupLatencies: [],
      sceneLatency: NaN,
      sceneBytes: 0,
      closedEarly: null,
    };
    let sceneAt = Infinity;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?nation=${nation}`, { perMessageDeflate: false });
    let start = 0,
      ending = false;
    let finishTimer: NodeJS.Timeout | undefined;
    ws.on('message', (data) => {
      const recv = wallMs();
      const m = JSON.parse(data.toString()) as {
        type: string;
        seq: number;
        sentMs: number;
        playing?: boolean;
        start?: number;
        end?: number;
      };
      tally.received++;
      if (m.seq !== tally.lastSeq + 1) tally.disorder++;
      tally.lastSeq = m.seq;
      const latency = recv - (m.sentMs - offset);
      if (m.type === 'events' || m.type === 'positions')
        (recv - sceneAt < WARMUP_MS ? tally.warmupLatencies : tally.latencies).push(latency);
      if (m.type === 'hello') ws.send(JSON.stringify({ type: 'watch', scenario: SCENARIO, seed: 1, playing: false }));
      if (m.type === 'scene') {
        tally.sceneLatency = latency;
        tally.sceneBytes = data.length;
        sceneAt = recv;
        start = m.start ?? 0;
        ws.send(JSON.stringify({ type: 'speed', value: speedFor((m.end ?? 0) - start) }));
        ws.send(JSON.stringify({ type: 'play' }));
        finishTimer = setTimeout(() => {
          ending = true;
          ws.send(JSON.stringify({ type: 'pause' }));
        }, seconds * 1000);
      }
      if (m.type === 'clock' && m.playing === false && !ending && start !== 0 && tally.received > 4) {
        // the scenario ended: play it again from the start
        ws.send(JSON.stringify({ type: 'seek', t: start }));
        ws.send(JSON.stringify({ type: 'play' }));
      }
      if (m.type === 'clock' && ending && m.playing === false && tally.finalSeq < 0) {
        tally.finalSeq = m.seq;
        ws.close();
      }
    });
    ws.on('close', (code, reason) => {
      clearTimeout(finishTimer);
      if (tally.finalSeq < 0) tally.closedEarly = `closed ${code} ${reason.toString()}`;
      resolveTally(tally);
    });
    ws.on('error', (e) => {
      tally.closedEarly = e.message;
    });
  });
}

export async function runW5(options: {
  note: (s: string) => void;
  clients?: number;
  seconds?: number;
}): Promise<{ lines: W5Line[]; failures: string[] }> {
  const clients = options.clients ?? W5_CLIENTS;
  const seconds = options.seconds ?? W5_SECONDS;
  const failures: string[] = [];
  options.note(`W5: starting the server (child process) with ${SCENARIO} …`);
  const server = await ServerProcess.start();
  const { offset, rtt } = await server.clockOffset();
  options.note(
    `W5: server on 127.0.0.1:${server.port}; clock offset ${offset.toFixed(3)} ms (IPC round trip ${rtt.toFixed(3)} ms); ${clients} clients for ${seconds} s`,
  );
  // a speed that plays the scenario through in ~90 % of the run (whole scenario seconds per wall second, 1..1000)
  let speed = 1;
  const speedFor = (span: number): number => (speed = Math.min(1000, Math.max(1, Math.ceil(span / (0.9 * seconds)))));
  const t0 = wallMs();
  const tallies = await Promise.all(
    Array.from({ length: clients }, (_, i) => runClient(server.port, i % 2 === 0 ? 'US' : 'CA', offset, seconds, speedFor)),
  );
  const elapsed = (wallMs() - t0) / 1000;
  const peakMb = await server.stop();
  let messages = 0,
    lost = 0;
  for (const [i, t] of tallies.entries()) {
    messages += t.received;
    if (t.closedEarly) failures.push(`W5 client ${i}: ${t.closedEarly}`);
    lost += Math.max(0, t.finalSeq - t.received) + t.disorder;
  }
  if (lost > 0) failures.push(`W5: ${lost} messages lost (must be 0)`);
  const latencies = Float64Array.from(tallies.flatMap((t) => t.latencies)).sort();
  const warmup = Float64Array.from(tallies.flatMap((t) => t.warmupLatencies)).sort();
  const scenes = Float64Array.from(tallies.map((t) => t.sceneLatency)).sort();
  const line: W5Line = {
    workload: 'W5',
    impl: 'golden-dome',
    scenario: SCENARIO,
    clients,
    seconds: round(elapsed, 2),
    messages,
    messages_per_s: round(messages / elapsed, 1),
    lost,
    p50_ms: round(quantile(latencies, 0.5), 3),
    p99_ms: round(quantile(latencies, 0.99), 3),
    max_ms: round(latencies[latencies.length - 1] ?? NaN, 3),
    p99_warmup_ms: round(quantile(warmup, 0.99), 3),
    scene_p50_ms: round(quantile(scenes, 0.5), 1),
    scene_kb: round((tallies[0]?.sceneBytes ?? 0) / 1024, 1),
    peak_mb: peakMb,
    speed,
  };
  return { lines: [line], failures };
}

const isEntry =
  import.meta.url === pathToFileURL(process.argv[1] ?? '').href ||
  // through packages/cli/bin/run-ts.mjs, argv[1] is the loader; bench/run.ts marks itself before importing this file
  (process.argv[1]?.endsWith('run-ts.mjs') === true && !(globalThis as { goldenDomeBenchRunner?: boolean }).goldenDomeBenchRunner);

if (process.argv.includes(SERVER_FLAG)) {
  await serveForW5();
} else if (isEntry) {
  const arg = (name: string, dflt: number): number => {
    const i = process.argv.indexOf(name);
    const v = i > 0 ? Number(process.argv[i + 1]) : dflt;
    if (!Number.isInteger(v) || v < 1) {
      console.error(`W5: ${name} needs a positive integer, got '${process.argv[i + 1] ?? ''}'`);
      process.exit(2);
    }
    return v;
  };
  const { lines, failures } = await runW5({
    clients: arg('--clients', W5_CLIENTS),
    seconds: arg('--seconds', W5_SECONDS),
    note: (s) => console.error(`# ${s}`),
  });
  for (const l of lines) console.log(JSON.stringify(l));
  for (const f of failures) console.error(`W5: FAILED: ${f}`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}
