/**
 * The edges read the fly-outs the engine logged (issue 16): a nation never receives another nation's
 * fly-out (exports, socket), a live session survives a corrupt one, and a fighter is on the picture and in
 * DIS (decoded by tshark from a capture file written here) as an air platform.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type EngineEvent, pathPosition, runTrial, type World } from '@golden-dome/core';
import { ServerMessage } from '@golden-dome/core/protocol';
import { buildWorld, loadScenario } from '@golden-dome/scenario';
import { describe, expect, it } from 'vitest';
import { DisStream } from '../src/dis/stream.ts';
import { exportTrial } from '../src/export/export-trial.ts';
import { LiveSession, type SocketLike } from '../src/live-session.ts';
import { NationView } from '../src/nation-view.ts';
import { sceneSpan } from '../src/scene.ts';
import { TrialStore } from '../src/trial-store.ts';
import { ManualClock } from '../src/wall-clock.ts';
import { testWorlds } from './fixture.ts';

type Flyout = Extract<EngineEvent, { type: 'flyout' }>;
// the small raid under norad-integrated (fixture.ts) with its second battery handed to Canada, both nations
// planning: both shoot, and each owns the other's secret (which battery fired, and how its rounds flew)
const integrated = testWorlds().integrated;
const coalition: World = {
  ...integrated,
  batteries: integrated.batteries.map((b) => (b.id === 'gbi-vandenberg' ? { ...b, owner: 'CA' } : b)),
  settings: { ...integrated.settings, planningNations: ['US', 'CA'] },
};
const log = runTrial(coalition, 1);
const owners = (events: readonly EngineEvent[]) => new Set(events.flatMap((e) => (e.type === 'flyout' ? [e.owner] : [])));
const weaponOf = { US: 'ngi-fort-greely', CA: 'gbi-vandenberg' } as const;

/** Plays `world`'s trial to its end on a live session as `nation`; `view` may replace the store's view. */
async function play(world: World, nation: string, view?: (v: NationView) => NationView): Promise<{ frames: string[]; closed: boolean }> {
  const frames: string[] = [];
  let closed = false;
  const socket: SocketLike = {
    send: (text) => frames.push(text),
    close: () => void (closed = true),
    terminate: () => void (closed = true),
    bufferedAmount: 0,
  };
  const clock = new ManualClock();
  const store = new TrialStore(10);
  const session = new LiveSession(socket, { id: `${nation.toLowerCase()}-viewer`, nation, role: 'viewer' }, false, {
    clock,
    openTrial: (user, watch) => store.liveTrial('flyout', world, watch.seed ?? 1, user),
    view: (trial, n) => (view ? view(store.view(trial, n)) : store.view(trial, n)),
    scene: (trial, n) => store.scene(trial, n),
    decide: () => ({ status: 403, message: 'no' }),
  });
  session.receive(JSON.stringify({ type: 'watch', scenario: 'flyout', seed: 1, speed: 1000 }), false);
  for (let i = 0; i < 600 && !frames.some((f) => f.startsWith('{"type":"scene"')); i++) await new Promise((r) => setTimeout(r, 50));
  for (let i = 0; i < 40 && !frames.some((f) => f.startsWith('{"type":"clock"') && f.includes('"playing":false')) && !closed; i++) {
    clock.advance(250);
    await new Promise((r) => setTimeout(r, 0));
  }
  return { frames, closed };
}

describe("a nation never receives another nation's fly-out", () => {
  it('the raid has fly-outs of both nations (so the searches below can fail)', () => {
    expect(owners(log)).toEqual(new Set(['US', 'CA']));
  });

  for (const [nation, other] of [
    ['US', 'CA'],
    ['CA', 'US'],
  ] as const) {
    it(`${nation}'s exports and its view: its own fly-outs as logged, none of ${other}'s`, () => {
      const czml = JSON.parse(exportTrial('czml', coalition, log, { scenario: 'coalition', seed: 1, nation })) as Array<{
        id: string;
        position?: { cartesian?: number[] };
      }>;
      const flyouts = czml.filter((p) => p.id.startsWith('flyout/'));
      expect(flyouts.length).toBeGreaterThan(0);
      expect(flyouts.every((p) => p.id.startsWith(`flyout/${weaponOf[nation]}/`))).toBe(true);
      // each is the logged path, sample for sample (the export flies nothing)
      for (const p of flyouts) {
        const [weapon, ...rest] = p.id.slice('flyout/'.length).split('/');
        const shot = Number(rest.pop());
        const fo = log.find(
          (e): e is Flyout => e.type === 'flyout' && e.weapon === weapon && e.object === rest.join('/') && e.shot === shot,
        )!;
        expect(p.position?.cartesian).toEqual(fo.path.map((x, i) => (i % 4 === 0 ? Number((fo.t + x).toFixed(3)) : x)));
      }
      // the partner's intercepts are shared under norad-integrated (so its battery's id is named there), its fly-outs never
      expect(czml.some((p) => p.id.startsWith(`flyout/${weaponOf[other]}/`))).toBe(false);
      const kml = exportTrial('kml', coalition, log, { scenario: 'coalition', seed: 1, nation });
      const folder = kml.slice(kml.indexOf('<name>Interceptor fly-outs</name>'), kml.indexOf('<name>Fighters</name>'));
      expect(folder).toContain(`${weaponOf[nation]} shot`);
      expect(folder).not.toContain(weaponOf[other]);
      const view = new NationView(coalition, nation, log);
      expect(owners(view.events)).toEqual(new Set([nation]));
      expect(
        view
          .visibleObjects()
          .filter((o) => o.kind === 'interceptor')
          .every((o) => o.source === weaponOf[nation]),
      ).toBe(true);
    });
  }

  it("over the socket: every frame CA receives is free of the US battery's shots and fly-outs", async () => {
    const { frames, closed } = await play(coalition, 'CA');
    expect(closed).toBe(false);
    const messages = frames.map((f) => ServerMessage.parse(JSON.parse(f)));
    const own = messages.flatMap((m) => (m.type === 'positions' ? m.objects : [])).filter((o) => o.kind === 'interceptor');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((o) => o.owner === 'CA' && o.of === weaponOf.CA)).toBe(true);
    expect(messages.flatMap((m) => (m.type === 'events' ? m.events : [])).some((e) => e.type === 'flyout')).toBe(true);
    // the US intercepts are shared with Canada (norad-integrated); its shots, fly-outs and interceptors never are
    const events = messages.flatMap((m) => (m.type === 'events' ? m.events : []));
    expect(events.some((e) => e.type === 'intercept' && e.weapon === weaponOf.US)).toBe(true);
    expect(events.filter((e) => (e.type === 'flyout' || e.type === 'fire' || e.type === 'sortie') && e.owner !== 'CA')).toEqual([]);
    const drawn = messages.flatMap((m) => (m.type === 'positions' ? m.objects : []));
    expect(drawn.some((o) => o.kind !== 'threat' && o.owner !== 'CA')).toBe(false);
    expect(drawn.some((o) => o.id.startsWith(`${weaponOf.US}/`))).toBe(false);
  }, 60_000);
});

describe('a live session survives one bad fly-out', () => {
  it('the corrupt fly-out is left out of its frames and reported once; the other objects and the stream go on', async () => {
    const skipped: string[] = [];
    let corruptId = '';
    const { frames, closed } = await play(coalition, 'US', (v) => {
      // the same log with the first fly-out's path corrupted (not quadruples)
      const events = v.events.map((e) =>
        e.type === 'flyout' && !corruptId ? ((corruptId = `${e.weapon}/${e.object}/${e.shot}`), { ...e, path: [0, 1, 2] }) : e,
      );
      const bad = new NationView(v.world, v.nation, events, true);
      bad.onSkip = (id) => skipped.push(id);
      return bad;
    });
    expect(corruptId).not.toBe('');
    expect(closed).toBe(false);
    const messages = frames.map((f) => ServerMessage.parse(JSON.parse(f)));
    expect(messages.some((m) => m.type === 'error')).toBe(false);
    // reported once, though its window spans many frames
    expect(skipped).toEqual([corruptId]);
    const positions = messages.filter((m): m is Extract<ServerMessage, { type: 'positions' }> => m.type === 'positions');
    expect(positions.some((m) => m.objects.some((o) => o.kind === 'threat'))).toBe(true);
    expect(positions.some((m) => m.objects.some((o) => o.id === corruptId))).toBe(false);
    // the stream plays on to the end
    expect(frames.some((f) => f.startsWith('{"type":"clock"') && f.includes('"playing":false'))).toBe(true);
  }, 60_000);
});

describe('fighters on the picture and in DIS', () => {
  const raid = buildWorld({
    ...loadScenario(join(import.meta.dirname, '../../scenario/scenarios/russia-bomber-raid.yaml')).request,
    tracks: 'truth',
  });
  const raidLog = runTrial(raid, 1);
  const ca = new NationView(raid, 'CA', raidLog);

  it("Canada's fighters are on its picture, where the log's sortie puts them; the US sees none of them", () => {
    const sortie = raidLog.find((e): e is Extract<EngineEvent, { type: 'sortie' }> => e.type === 'sortie')!;
    expect(sortie.owner).toBe('CA');
    const t = sortie.t + sortie.path[sortie.path.length - 4] / 2;
    const seen = ca.positionsAt(t).find((p) => p.id === sortie.aircraft)!;
    expect(seen).toMatchObject({ kind: 'fighter', owner: 'CA', of: sortie.fighter });
    const fighter = ca.visibleObjects().find((o) => o.id === sortie.aircraft)!;
    const at = fighter.ecefAt(t, new Float64Array(3));
    const logged = pathPosition(sortie.path, t - sortie.t);
    expect(Math.hypot(at[0] - logged[0], at[1] - logged[1], at[2] - logged[2])).toBeLessThan(1e-6);
    expect(new NationView(raid, 'US', raidLog).visibleObjects().some((o) => o.kind === 'fighter')).toBe(false);
  });

  it('DIS: a fighter is an Entity State of kind 1 (platform), domain 2 (air), country 39 (Canada), category 1, as tshark decodes it', async () => {
    const stream = new DisStream(
      raid,
      ca,
      { exercise: 1, site: 1, application: 1, heartbeatS: 5, stationaryHeartbeatS: 60 },
      sceneSpan(raid, ca.events),
    );
    const fighters = stream.entities.filter((e) => e.kind === 'fighter');
    expect(fighters.length).toBeGreaterThan(0);
    const pdus = stream.advance(stream.end).filter((p) => p.kind === 'entity-state');
    const pcap = join(mkdtempSync(join(tmpdir(), 'dome-fighter-')), 'fighter.pcap');
    writeFileSync(
      pcap,
      udpCapture(
        pdus.map((p) => p.bytes),
        3000,
      ),
    );
    const { stdout } = await promisify(execFile)(
      'tshark',
      [
        '-r',
        pcap,
        '-d',
        'udp.port==3000,dis',
        '-T',
        'fields',
        '-E',
        'separator=,',
        '-E',
        'occurrence=f',
        '-e',
        'dis.entity_id_entity',
        '-e',
        'dis.entityKind',
        '-e',
        'dis.entityDomain',
        '-e',
        'dis.country',
        '-e',
        'dis.category.air',
      ],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const ids = new Set(fighters.map((f) => String(f.id.entity)));
    const fighterRows = rows.filter((r) => ids.has(r[0]));
    expect(fighterRows.length).toBeGreaterThan(0);
    expect(new Set(fighterRows.map((r) => r.slice(1).join(',')))).toEqual(new Set(['1,2,39,1']));
  }, 60_000);
});

/** A classic pcap file (LINKTYPE_RAW: IPv4 packets) of UDP datagrams to `port` on 127.0.0.1. */
function udpCapture(payloads: Buffer[], port: number): Buffer {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(101, 20);
  const packets = payloads.map((payload, i) => {
    const ip = Buffer.alloc(20),
      udp = Buffer.alloc(8);
    ip.writeUInt8(0x45, 0);
    ip.writeUInt16BE(28 + payload.length, 2);
    ip.writeUInt8(64, 8);
    ip.writeUInt8(17, 9);
    ip.writeUInt32BE(0x7f000001, 12);
    ip.writeUInt32BE(0x7f000001, 16);
    let sum = 0;
    for (let k = 0; k < 20; k += 2) sum += ip.readUInt16BE(k);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    ip.writeUInt16BE(~sum & 0xffff, 10);
    udp.writeUInt16BE(40000, 0);
    udp.writeUInt16BE(port, 2);
    udp.writeUInt16BE(8 + payload.length, 4);
    const record = Buffer.alloc(16);
    record.writeUInt32LE(i, 0);
    record.writeUInt32LE(28 + payload.length, 8);
    record.writeUInt32LE(28 + payload.length, 12);
    return Buffer.concat([record, ip, udp, payload]);
  });
  return Buffer.concat([head, ...packets]);
}
