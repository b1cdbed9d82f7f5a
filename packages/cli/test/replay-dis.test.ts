import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  earthAngle,
  type EngineEvent,
  eventsVisibleTo,
  firstSeenObjects,
  geodeticToEcef,
  pathFromSamples,
  pathPosition,
  toEcef,
  WalkerEphemeris,
  type World,
} from '@golden-dome/core';
import { DIS_DEFAULTS, disTimestampSeconds, nationDisStream, SATELLITE_CHECK_EVERY } from '@golden-dome/server';
import { type LoadedScenario, loadWorldRequestFromYaml } from '../src/campaign/scenario-source.ts';
import { tinyScenarioText } from './tiny-scenarios.ts';
import { replayCommand, type ReplayDeps } from '../src/commands/replay.ts';
import { main } from '../src/main.ts';
import { UsageError } from '../src/usage-error.ts';

/**
 * `dome replay --dis` against a real decoder: the PDUs are captured on the loopback interface by tshark
 * and decoded by Wireshark's DIS dissector; what it decodes is checked against the trial's log and world.
 * One Hwasong-17 at Seattle against NGIs and a 60-satellite notional SBI layer, played at 2,000x.
 */
const dir = mkdtempSync(join(tmpdir(), 'dome-dis-'));
const file = join(dir, 'tiny-dis.yaml');
writeFileSync(file, tinyScenarioText('tiny-dis', { sbi: { planes: 6, perPlane: 10 }, trials: 1 }));

const run = promisify(execFile);
const SITE = 7,
  APPLICATION = 9,
  EXERCISE = 3,
  SEED = 1,
  SPEED = 2000;

async function dome(
  argv: string[],
  loaded: () => LoadedScenario,
  onTrial?: ReplayDeps['onTrial'],
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await replayCommand(
      argv,
      { stdout: (s) => out.push(s), stderr: (s) => err.push(s) },
      {
        loadWorldRequest: () => {
          const { source: _source, ...rest } = loaded();
          return structuredClone(rest);
        },
        ...(onTrial ? { onTrial } : {}),
      },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, out: out.join('\n'), err: `dome: ${e.message}` };
    throw e;
  }
}

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((done) => s.bind(0, '127.0.0.1', done));
  const port = s.address().port;
  await new Promise<void>((done) => s.close(() => done()));
  return port;
}

/** Starts tshark capturing UDP to `port` on loopback; resolves once it says it is capturing. */
async function capture(port: number, pcap: string): Promise<ChildProcess> {
  const child = spawn('tshark', ['-i', 'lo', '-f', `udp dst port ${port}`, '-w', pcap, '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((done, fail) => {
    let text = '';
    child.stderr?.on('data', (d: Buffer) => {
      text += d.toString();
      if (/Capturing on/.test(text)) done();
    });
    child.once('exit', (code) => fail(new Error(`tshark ended (${code}) before capturing: ${text}`)));
  });
  return child;
}

interface Decoded {
  type: number;
  exercise: number;
  version: number;
  t: number;
  dis: Record<string, unknown>;
  payload: Buffer;
}

type Json = Record<string, unknown>;
const obj = (x: unknown, key: string): Json => {
  const found = Object.entries(x as Json).find(([k]) => k === key || k.startsWith(`${key},`) || k.startsWith(`${key} `));
  if (!found) throw new Error(`no '${key}' in ${Object.keys(x as Json).join(', ')}`);
  return found[1] as Json;
};
const num = (x: Json, key: string): number => Number(x[key]);
const idOf = (x: Json) => ({
  site: num(x, 'dis.entity_id_site'),
  application: num(x, 'dis.entity_id_application'),
  entity: num(x, 'dis.entity_id_entity'),
});
const vec = (x: Json, prefix: string): [number, number, number] => [num(x, `${prefix}.x`), num(x, `${prefix}.y`), num(x, `${prefix}.z`)];
const f32 = (b: Buffer, at: number): [number, number, number] => [b.readFloatBE(at), b.readFloatBE(at + 4), b.readFloatBE(at + 8)];
const dist = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

let loaded: LoadedScenario;
let world: World;
let log: EngineEvent[];
let usLog: EngineEvent[];
let summary: { entities: Array<{ entity: number; kind: string; source: string; marking: string }>; pdus: Record<string, number> };
let decoded: Decoded[];
let tshark: ChildProcess | undefined;
let replayMs = 0;
let timing = {};

beforeAll(async () => {
  const t0 = performance.now();
  loaded = await loadWorldRequestFromYaml(file);
  const port = await freeUdpPort();
  const pcap = join(dir, 'replay.pcap');
  tshark = await capture(port, pcap);
  const t1 = performance.now();
  // the command's own world and log (one build, one trial): the decoded PDUs are checked against them
  const r = await dome(
    [
      file,
      '--dis',
      `127.0.0.1:${port}`,
      '--as',
      'US',
      '--seed',
      String(SEED),
      '--speed',
      String(SPEED),
      '--exercise',
      String(EXERCISE),
      '--site',
      String(SITE),
      '--application',
      String(APPLICATION),
      '--json',
    ],
    () => loaded,
    (w, l) => {
      world = w;
      log = l;
    },
  );
  replayMs = performance.now() - t1;
  usLog = eventsVisibleTo(world.policy, 'US', world, log);
  expect(r.code, r.err).toBe(0);
  summary = JSON.parse(r.out);
  // tshark writes what it captured and ends on SIGINT (this test's own child)
  const ended = new Promise((done) => tshark?.once('exit', done));
  await new Promise((done) => setTimeout(done, 300));
  tshark.kill('SIGINT');
  await ended;
  tshark = undefined;
  const t2 = performance.now();
  const { stdout } = await run('tshark', ['-r', pcap, '-d', `udp.port==${port},dis`, '-T', 'json', '-J', 'udp dis'], {
    maxBuffer: 512 * 1024 * 1024,
  });
  decoded = (JSON.parse(stdout) as Array<{ _source: { layers: { udp: Json; dis: Json } } }>).map(({ _source: { layers } }) => {
    const head = obj(layers.dis, 'Header');
    return {
      type: num(head, 'dis.pdu_type'),
      exercise: num(head, 'dis.exer_id'),
      version: num(head, 'dis.proto_ver'),
      t: num(head, 'dis.timestamp'),
      dis: layers.dis,
      payload: Buffer.from(String(layers.udp['udp.payload']).replace(/:/g, ''), 'hex'),
    };
  });
  timing = { loadMs: t1 - t0, replayMs, decodeMs: performance.now() - t2 };
}, 60_000);

afterAll(() => {
  tshark?.kill('SIGKILL');
});

const paths = new Map<string, ReturnType<typeof pathFromSamples>>();
const ephemerides = new Map<string, WalkerEphemeris>();
/** Where an entity truly is at t (ECEF): the world's recorded flights, the constellation's ephemeris, an interceptor's logged fly-out. */
function truth(source: string, kind: string, t: number): Float64Array {
  const out = new Float64Array(3),
    eci = new Float64Array(3);
  if (kind === 'threat') {
    let path = paths.get(source);
    if (!path) paths.set(source, (path = pathFromSamples(world.objects.find((x) => x.id === source)!.flight)));
    const tt = Math.min(path.end, Math.max(path.start, t));
    path.position(tt, eci);
    toEcef(earthAngle(world.earth, tt), eci[0], eci[1], eci[2], out);
  } else if (kind === 'satellite') {
    const [layerId, index] = source.split('#');
    let eph = ephemerides.get(layerId);
    if (!eph) ephemerides.set(layerId, (eph = new WalkerEphemeris(world.spaceLayers.find((l) => l.id === layerId)!.shell)));
    eph.position(Number(index), t, eci);
    toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], out);
  } else if (kind === 'interceptor') {
    const [weapon, object, shot] = [source.split('/')[0], source.split('/').slice(1, -1).join('/'), Number(source.split('/').at(-1))];
    const hit = usLog.find(
      (e): e is Extract<EngineEvent, { type: 'intercept' }> =>
        e.type === 'intercept' && e.weapon === weapon && e.object === object && e.shot === shot,
    )!;
    // flown as the engine logged it (the shot's `flyout` event), linear between its samples
    const flyout = usLog.find(
      (e): e is Extract<EngineEvent, { type: 'flyout' }> =>
        e.type === 'flyout' && e.weapon === weapon && e.object === object && e.shot === shot,
    )!;
    const tt = Math.min(hit.t, Math.max(flyout.t, t));
    pathPosition(flyout.path, tt - flyout.t, out);
  } else {
    const b = world.batteries.find((x) => x.id === source)!;
    out.set(geodeticToEcef(b.site.latitude, b.site.longitude, b.site.altitude));
  }
  return out;
}

describe('dome replay --dis, decoded by tshark', () => {
  it('sends DIS v7 with the configured exercise, site and application', () => {
    expect(decoded.length).toBe(summary.pdus['entity-state'] + summary.pdus.fire + summary.pdus.detonation);
    expect(decoded.length).toBeGreaterThan(100);
    expect(new Set(decoded.map((d) => d.version))).toEqual(new Set([7]));
    expect(new Set(decoded.map((d) => d.exercise))).toEqual(new Set([EXERCISE]));
    expect(new Set(decoded.map((d) => d.type))).toEqual(new Set([1, 2, 3]));
    // the trial lasts ~2,580 s of scenario time: ~1.3 s at 2,000x, plus the world and the trial
    expect(replayMs).toBeGreaterThan(0);
    expect(Object.keys(timing)).toEqual(['loadMs', 'replayMs', 'decodeMs']);
  });

  it('Entity State: the threats US sees, its battery and interceptors, satellites in view; each where the world has it', () => {
    const entities = new Map(summary.entities.map((e) => [e.entity, e]));
    const seen = new Map<string, number>();
    let checked = 0;
    for (const d of decoded.filter((x) => x.type === 1)) {
      const es = obj(d.dis, 'Entity State PDU');
      const id = idOf(obj(es, 'Entity ID'));
      expect([id.site, id.application]).toEqual([SITE, APPLICATION]);
      const e = entities.get(id.entity)!;
      expect(e, `entity ${id.entity}`).toBeDefined();
      expect(String(obj(es, 'Entity Marking')['dis.entity_marking'])).toBe(e.marking);
      const kind = num(obj(es, 'Entity Type'), 'dis.entityKind'),
        domain = num(obj(es, 'Entity Type'), 'dis.entityDomain');
      expect([kind, domain]).toEqual({ threat: [2, 10], interceptor: [2, 3], satellite: [1, 5], battery: [1, 1] }[e.kind]);
      expect(num(es, 'dis.force_id')).toBe(e.kind === 'threat' ? 2 : 1);
      seen.set(e.source, (seen.get(e.source) ?? 0) + 1);
      // the location at the PDU's own time: timestamps are floored to 3600/2^31 s (1.7 µs: < 2 cm at 8 km/s)
      const at = truth(e.source, e.kind, d.t);
      expect(dist(vec(obj(es, 'Entity Location'), 'dis.entity_location'), at)).toBeLessThan(0.05);
      checked += 1;
    }
    expect(checked).toBe(summary.pdus['entity-state']);
    // every threat object US's filtered log shows (its first detect or track), and none other
    const expectedThreats = [...firstSeenObjects(usLog).keys()].filter((id) => world.objects.some((o) => o.id === id)).sort();
    expect(expectedThreats.length).toBeGreaterThan(0);
    expect([...seen.keys()].filter((s) => summary.entities.find((e) => e.source === s)?.kind === 'threat').sort()).toEqual(expectedThreats);
    expect(seen.has('ngi-fort-greely')).toBe(true);
    expect([...seen.keys()].some((s) => s.startsWith('sbi#'))).toBe(true);
  });

  it("dead reckoning: between updates the receiver's DRM(F,V,W) / DRM(F,P,W) extrapolation stays within the 1 m threshold", () => {
    // The receiver extrapolates the decoded state: P + V dt + A dt²/2 (algorithm 5) or P + V dt (2). The
    // sender checks every 0.1 s of scenario time (a satellite every 0.5 s) and sends when the error passes 1 m, so at every check
    // before the next update the error is at most 1 m; velocity and acceleration are read from the
    // datagram as the 32-bit floats it carries (tshark prints 6 digits), and 2 cm covers the timestamps.
    const byEntity = new Map<number, Array<{ t: number; p: number[]; v: number[]; a: number[]; dr: number; appearance: number }>>();
    for (const d of decoded.filter((x) => x.type === 1)) {
      const es = obj(d.dis, 'Entity State PDU');
      const entity = idOf(obj(es, 'Entity ID')).entity;
      const list = byEntity.get(entity) ?? [];
      list.push({
        t: d.t,
        p: vec(obj(es, 'Entity Location'), 'dis.entity_location'),
        v: f32(d.payload, 36),
        a: f32(d.payload, 104),
        dr: d.payload[88],
        appearance: Number(es['dis.appearance']),
      });
      byEntity.set(entity, list);
      // what tshark prints of the velocity agrees with the datagram's floats to its 6 digits
      const shown = vec(obj(es, 'Entity Linear Velocity'), 'dis.entity_linear_velocity');
      for (let i = 0; i < 3; i++) expect(Math.abs(shown[i] - f32(d.payload, 36)[i])).toBeLessThanOrEqual(Math.abs(shown[i]) * 1e-5 + 1e-4);
    }
    let samples = 0;
    let worst = { error: 0, where: '' };
    for (const [entity, list] of byEntity) {
      const e = summary.entities.find((x) => x.entity === entity)!;
      for (let i = 0; i + 1 < list.length; i++) {
        const s = list[i];
        if (s.appearance & (1 << 23)) continue; // deactivated: nothing to extrapolate until it is sent again
        expect(s.dr).toBe({ threat: 5, satellite: 5, interceptor: 2, battery: 1 }[e.kind]);
        // the sender's checks: every 0.1 s, a satellite's every 0.5 s (SATELLITE_CHECK_EVERY steps)
        const every = e.kind === 'satellite' ? 0.1 * SATELLITE_CHECK_EVERY : 0.1;
        for (let t = Math.ceil((s.t + 1e-6) / every) * every; t < list[i + 1].t - 1e-3; t += every) {
          const dt = t - s.t,
            k = s.dr === 5 ? 0.5 * dt * dt : 0;
          const dr = [0, 1, 2].map((j) => s.p[j] + (s.dr === 1 ? 0 : s.v[j] * dt + s.a[j] * k));
          const error = dist(dr, truth(e.source, e.kind, t));
          if (error > worst.error) worst = { error, where: `${e.source} at ${t.toFixed(1)} s` };
          samples += 1;
        }
      }
    }
    expect(samples).toBeGreaterThan(1000);
    expect(worst.error, worst.where).toBeLessThan(DIS_DEFAULTS.positionThresholdM + 0.02);
  });

  it("Fire and Detonation: one pair per shot of US, same event id, at the log's times, the detonation at the intercept point", () => {
    const fires = decoded.filter((d) => d.type === 2).map((d) => ({ t: d.t, pdu: obj(d.dis, 'Fire PDU') }));
    const dets = decoded.filter((d) => d.type === 3).map((d) => ({ t: d.t, pdu: obj(d.dis, 'Detonation PDU') }));
    const shots = usLog.filter((e): e is Extract<EngineEvent, { type: 'fire' }> => e.type === 'fire');
    const hits = usLog.filter((e): e is Extract<EngineEvent, { type: 'intercept' }> => e.type === 'intercept');
    expect(shots.length).toBeGreaterThan(0);
    expect(fires.length).toBe(shots.length);
    expect(dets.length).toBe(hits.length);
    const event = (p: Json) => {
      const e = obj(p, 'Event ID');
      return `${e['dis.site']}:${e['dis.application']}:${e['dis.event_number']}`;
    };
    const entities = new Map(summary.entities.map((e) => [e.entity, e]));
    for (const [i, shot] of shots.entries()) {
      const fire = fires[i];
      expect(Math.abs(fire.t - shot.t)).toBeLessThan(2e-6);
      expect(event(fire.pdu).startsWith(`${SITE}:${APPLICATION}:`)).toBe(true);
      const pair = dets.filter((d) => event(d.pdu) === event(fire.pdu));
      expect(pair.length).toBe(1);
      const det = pair[0];
      const hit = hits.find((h) => h.weapon === shot.weapon && h.object === shot.object && h.shot === shot.shot)!;
      expect(Math.abs(det.t - hit.t)).toBeLessThan(2e-6);
      // the same firing entity, target and munition (Wireshark names the Detonation's exploding entity 'Munition ID' too)
      for (const who of ['Firing Entity ID', 'Target Entity ID', 'Munition ID'])
        expect(idOf(obj(det.pdu, who))).toEqual(idOf(obj(fire.pdu, who)));
      const firing = entities.get(idOf(obj(fire.pdu, 'Firing Entity ID')).entity)!;
      expect(firing.source).toBe(shot.weapon);
      const target = entities.get(idOf(obj(fire.pdu, 'Target Entity ID')).entity)!;
      expect(target.kind).toBe('threat');
      expect([shot.object, ...(world.missiles.find((m) => m.id === shot.object)?.objects ?? [])]).toContain(target.source);
      const point = geodeticToEcef(hit.point.latitude, hit.point.longitude, hit.point.altitude);
      expect(dist(vec(obj(det.pdu, 'Location in World Coordinates'), 'dis.detonation.location'), point)).toBeLessThan(1e-3);
      expect(num(det.pdu, 'dis.detonation.result')).toBe(hit.hit ? 1 : 32);
    }
  });
});

describe("a nation's stream (the same world, no network)", () => {
  it("CA receives no US battery, interceptor, Fire or Detonation: those are US's", () => {
    const ca = nationDisStream(world, 'CA', log, { exercise: 1, site: 1, application: 1, heartbeatS: 5, stationaryHeartbeatS: 60 });
    const pdus = ca.advance(Infinity);
    expect(ca.entities.some((e) => e.kind === 'battery' || e.kind === 'interceptor')).toBe(false);
    expect(pdus.some((p) => p.kind !== 'entity-state')).toBe(false);
    const caSees = firstSeenObjects(eventsVisibleTo(world.policy, 'CA', world, log));
    for (const e of ca.entities.filter((x) => x.kind === 'threat')) expect(caSees.has(e.source)).toBe(true);
  });

  it('heartbeat: at real time every live entity is sent again within 5 s (60 s for a battery)', () => {
    const us = nationDisStream(world, 'US', log, {
      exercise: 1,
      site: 1,
      application: 1,
      heartbeatS: DIS_DEFAULTS.heartbeatS,
      stationaryHeartbeatS: DIS_DEFAULTS.stationaryHeartbeatS,
    });
    const last = new Map<number, number>();
    let gaps = 0;
    for (const p of us.advance(Infinity)) {
      if (p.kind !== 'entity-state' || p.entity === undefined) continue;
      const kind = us.entities[p.entity - 1].kind;
      const before = last.get(p.entity);
      // deactivation ends a run; the next Entity State of that entity starts a new one
      if (before !== undefined) {
        expect(p.t - before).toBeLessThanOrEqual((kind === 'battery' ? 60 : 5) + 0.1 + 1e-9);
        gaps += 1;
      }
      if ((p.bytes.readUInt32BE(84) & (1 << 23)) !== 0) last.delete(p.entity);
      else last.set(p.entity, p.t);
    }
    expect(gaps).toBeGreaterThan(100);
    expect(disTimestampSeconds(0)).toBe(0);
  });
});

describe('dome replay: bad input is exit 2 with a message', () => {
  it('refuses a bad HOST:PORT before loading anything', async () => {
    for (const [dis, why] of [
      ['nohost', /not HOST:PORT/],
      ['127.0.0.1:0', /out of range/],
      ['127.0.0.1:70000', /out of range/],
      ['999.1.1.1:3000', /not an IPv4 address/],
      ['[zz]:3000', /not HOST:PORT/],
    ] as const) {
      const errs: string[] = [];
      const code = await main(['replay', file, '--dis', dis, '--as', 'US'], { stdout: () => {}, stderr: (s) => errs.push(s) });
      expect(code).toBe(2);
      expect(errs.join('\n')).toMatch(why);
    }
  });

  it('refuses an unknown nation, a missing one, and bad numbers', async () => {
    const unknown = await dome([file, '--dis', '127.0.0.1:3000', '--as', 'FR'], () => loaded);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--as: 'FR' is not a nation of .* \(nations: CA, UK, US\)/);
    const missing = await dome([file, '--dis', '127.0.0.1:3000'], () => loaded);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--as NATION is required: a DIS stream is one nation's view/);
    expect((await dome([file, '--as', 'US'], () => loaded)).err).toMatch(/--dis HOST:PORT is required/);
    expect((await dome([file, '--dis', '127.0.0.1:3000', '--as', 'US', '--speed', '0'], () => loaded)).err).toMatch(
      /--speed must be between/,
    );
    expect((await dome([file, '--dis', '127.0.0.1:3000', '--as', 'US', '--site', '0'], () => loaded)).err).toMatch(
      /--site must be between 1 and 65534/,
    );
    expect((await dome([file, '--dis', '127.0.0.1:3000', '--as', 'US', '--exercise', '256'], () => loaded)).code).toBe(2);
  });
});

describe('dome serve --dis: bad input is exit 2 before anything is built', () => {
  it('refuses a bad HOST:PORT, --dis without --dis-as, and --dis-as without --dis', async () => {
    for (const [argv, why] of [
      [['--dis', 'localhost'], /--dis: 'localhost' is not HOST:PORT/],
      [['--dis', '127.0.0.1:3000'], /--dis needs --dis-as NATION/],
      [['--dis-as', 'US'], /--dis-as applies with --dis HOST:PORT/],
      [['--dis', '127.0.0.1:3000', '--dis-as', 'US', '--dis-site', '65535'], /--dis-site must be between 1 and 65534/],
    ] as const) {
      const errs: string[] = [];
      expect(await main(['serve', '--port', '0', ...argv], { stdout: () => {}, stderr: (s) => errs.push(s) })).toBe(2);
      expect(errs.join('\n')).toMatch(why);
    }
  });
});
