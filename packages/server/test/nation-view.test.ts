/**
 * What a partner's picture shows of another nation's engagements (issue 16, "The picture"): under
 * norad-integrated (one integrated command: `share_engagements`) Canada receives the US intercepts and
 * kill assessments, so that a warhead or decoy the US destroyed leaves Canada's picture when it leaves
 * the US's, not at its ballistic impact time; where the policy withholds (no engagement sharing, or
 * Canada keeping its radar), the partner receives none of it. And no view has duplicate or contradictory
 * events.
 */
import { type CoalitionPolicy, earthAngle, type EngineEvent, geodeticToEcef, runTrial, toEcef, WalkerEphemeris } from '@golden-dome/core';
import { buildWorld, loadPolicies } from '@golden-dome/scenario';
import { ServerMessage } from '@golden-dome/core/protocol';
import { describe, expect, it } from 'vitest';
import { LiveSession, type SocketLike } from '../src/live-session.ts';
import { NationView } from '../src/nation-view.ts';
import { TrialStore } from '../src/trial-store.ts';
import { ManualClock } from '../src/wall-clock.ts';
import { testWorlds } from './fixture.ts';

type Of<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;
const of = <T extends EngineEvent['type']>(events: readonly EngineEvent[], type: T): Array<Of<T>> =>
  events.filter((e): e is Of<T> => e.type === type);
const outcomes = (events: readonly EngineEvent[]) => events.filter((e) => e.type === 'intercept' || e.type === 'kill-assess');

describe("a partner's view of the engagements (NationView)", () => {
  const world = testWorlds().integrated;
  const log = runTrial(world, 1);
  const us = new NationView(world, 'US', log);
  const ca = new NationView(world, 'CA', log);
  // the same raid with the US keeping its engagements to itself (sensors still shared both ways)
  const keeps: CoalitionPolicy = {
    ...world.policy,
    name: 'norad, US keeps its engagements (test)',
    nations: { ...world.policy.nations, US: { ...world.policy.nations.US, engagementSharing: [] } },
  };
  const caKept = new NationView({ ...world, policy: keeps }, 'CA', log);
  const killed = of(us.events, 'kill-assess').filter((k) => k.killed);

  it('the raid has US shots, a kill and misses; Canada has no weapon in it', () => {
    expect(of(log, 'intercept').length).toBeGreaterThan(2);
    expect(killed.length).toBeGreaterThan(0);
    expect(of(log, 'kill-assess').some((k) => !k.killed)).toBe(true);
    expect(world.batteries.every((b) => b.owner === 'US')).toBe(true);
  });

  it('under norad-integrated, Canada receives every US intercept and kill assessment, at the time the US does', () => {
    expect(outcomes(ca.events)).toEqual(outcomes(us.events));
    // but not the US shots and assignments (inventories and plans stay the owner's)
    expect(ca.events.filter((e) => e.type === 'fire' || e.type === 'assign')).toEqual([]);
  });

  it('an object the US destroyed leaves the Canadian picture when its kill assessment arrives, as it leaves the US picture', () => {
    for (const k of killed) {
      const object = world.objects.find((o) => o.id === k.object)!;
      // it had a long way to fly: without the shared assessment Canada would have kept drawing it
      expect(object.impactTime - k.t).toBeGreaterThan(120);
      const ids = (view: NationView, t: number) =>
        view
          .positionsAt(t)
          .filter((p) => p.kind === 'threat')
          .map((p) => p.id);
      expect(ids(ca, k.t - 1)).toContain(k.object);
      expect(ids(us, k.t - 1)).toContain(k.object);
      for (const t of [k.t + 1, (k.t + object.impactTime) / 2, object.impactTime - 1]) {
        expect(ids(ca, t), `CA at ${t.toFixed(0)} s`).not.toContain(k.object);
        expect(ids(us, t)).not.toContain(k.object);
        // the policy that withholds: Canada does not know, and draws it flying on (what it may know)
        expect(ids(caKept, t)).toContain(k.object);
      }
    }
  });

  it('where the policy withholds, the partner receives none of it', () => {
    expect(outcomes(caKept.events)).toEqual([]);
    expect(caKept.events.filter((e) => e.type === 'fire' || e.type === 'assign')).toEqual([]);
    // and Canada keeping its radar (the 'withheld' coalition): the US never receives a P-OTHR detection or track
    const withheld = testWorlds().withheld;
    const usOfWithheld = new NationView(withheld, 'US', runTrial(withheld, 1));
    expect(
      usOfWithheld.events.filter(
        (e) => (e.type === 'detect' && e.sensor === 'p-othr') || (e.type === 'track' && e.sources.includes('p-othr')),
      ),
    ).toEqual([]);
    // while the US still shares its engagements with Canada there
    expect(outcomes(new NationView(withheld, 'CA', runTrial(withheld, 1)).events).length).toBeGreaterThan(0);
  });

  it('no view has contradictory events: nothing destroyed impacts, nothing is drawn after its impact; repeated events are only the repeated rounds', () => {
    for (const view of [us, ca, caKept]) {
      // two rounds of one battery at one object are logged as two identical assignments and (truth tracks)
      // two identical assessments: the picture's event list shows each such pair as one row, x2;
      // every other event is one of a kind
      const rows = view.events.filter((e) => e.type !== 'assign' && e.type !== 'kill-assess').map((e) => JSON.stringify(e));
      expect(new Set(rows).size, view.nation).toBe(rows.length);
      const destroyed = new Set(
        of(view.events, 'kill-assess')
          .filter((k) => k.killed)
          .map((k) => k.object),
      );
      expect(of(view.events, 'impact').filter((i) => destroyed.has(i.object))).toEqual([]);
      // an object is drawn only before its impact
      for (const i of of(view.events, 'impact')) expect(view.positionsAt(i.t + 1).map((p) => p.id)).not.toContain(i.object);
    }
  });
});

describe('the wire: one schema, SI', () => {
  it('every frame a live session sends to the end of a trial is a ServerMessage of the shared schema; positions in radians', async () => {
    const frames: string[] = [];
    const socket: SocketLike = { send: (text) => frames.push(text), close: () => undefined, terminate: () => undefined, bufferedAmount: 0 };
    const clock = new ManualClock();
    const store = new TrialStore(10);
    const world = testWorlds().integrated;
    const session = new LiveSession(socket, { id: 'ca-viewer', nation: 'CA', role: 'viewer' }, false, {
      clock,
      openTrial: (user, watch) => store.liveTrial('integrated', world, watch.seed ?? 1, user),
      view: (trial, nation) => store.view(trial, nation),
      scene: (trial, nation) => store.scene(trial, nation),
      decide: () => ({ status: 403, message: 'no' }),
    });
    session.receive(JSON.stringify({ type: 'watch', scenario: 'integrated', seed: 1, speed: 1000 }), false);
    // the trial is computed on the trial pool: wait for its scene (real time), then play it out on the manual clock
    for (let i = 0; i < 600 && !frames.some((f) => f.startsWith('{"type":"scene"')); i++) await new Promise((r) => setTimeout(r, 50));
    for (
      let i = 0;
      i < 20 && !frames.some((f) => f.includes('"playing":false') && f.startsWith('{"type":"clock"') && frames.length > 10);
      i++
    ) {
      clock.advance(250);
      await new Promise((r) => setTimeout(r, 0));
    }
    const messages = frames.map((f) => ServerMessage.parse(JSON.parse(f)));
    const types = new Set(messages.map((m) => m.type));
    for (const t of ['hello', 'scene', 'reset', 'events', 'positions', 'clock'])
      expect(types.has(t as ServerMessage['type']), t).toBe(true);
    const threats = messages.flatMap((m) => (m.type === 'positions' ? m.objects : [])).filter((o) => o.kind === 'threat');
    expect(threats.length).toBeGreaterThan(0);
    // the raid flies from North Korea to Alaska and Seattle: longitudes near +-2.2 to 2.8 rad, never a degree figure
    for (const o of threats) {
      expect(Math.abs(o.longitude)).toBeGreaterThan(2);
      expect(Math.abs(o.longitude)).toBeLessThanOrEqual(Math.PI);
      expect(o.speed).toBeGreaterThan(0);
      expect(o.speed).toBeLessThan(8000);
    }
    // an ICBM's objects in midcourse move at several km/s
    expect(Math.max(...threats.map((o) => o.speed ?? 0))).toBeGreaterThan(5000);
  });
});

describe('interceptor fly-outs as flown', () => {
  const world = testWorlds().integrated;
  const log = runTrial(world, 1);
  const us = new NationView(world, 'US', log);
  const ecef = (p: { latitude: number; longitude: number; altitude: number }) => geodeticToEcef(p.latitude, p.longitude, p.altitude);
  const distance = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

  it('a surface interceptor leaves its battery, arcs above the straight line, and is at the intercept point at the intercept time; a partner never sees it', () => {
    const shots = of(us.events, 'intercept');
    expect(shots.length).toBeGreaterThan(0);
    const ca = new NationView(world, 'CA', log);
    for (const hit of shots) {
      const fire = of(us.events, 'fire').find((f) => f.weapon === hit.weapon && f.object === hit.object && f.shot === hit.shot)!;
      const id = `${hit.weapon}/${hit.object}/${hit.shot}`;
      const at = (view: NationView, t: number) => view.positionsAt(t).find((p) => p.id === id);
      const battery = world.batteries.find((b) => b.id === hit.weapon)!;
      // at launch: at the battery (rounding of the reported position: < 1 m)
      expect(
        distance(ecef(at(us, fire.t)!), geodeticToEcef(battery.site.latitude, battery.site.longitude, battery.site.altitude)),
      ).toBeLessThan(1);
      // at the intercept: the logged intercept point
      expect(distance(ecef(at(us, hit.t)!), ecef(hit.point))).toBeLessThan(1);
      // half way: a fly-out to a 500-1000 km intercept climbs far above the chord from the battery
      // (the old straight line ran at most a few hundred km up; a midcourse interceptor's coast arc is
      // above it by tens of km at least)
      const mid = at(us, (fire.t + hit.t) / 2)!;
      const chordMid = geodeticToEcef(battery.site.latitude, battery.site.longitude, battery.site.altitude).map(
        (x, i) => (x + ecef(hit.point)[i]) / 2,
      );
      expect(distance(ecef(mid), chordMid)).toBeGreaterThan(20_000);
      expect(at(us, fire.t)).toMatchObject({ kind: 'interceptor', of: hit.weapon, owner: 'US' });
      expect(at(ca, (fire.t + hit.t) / 2)).toBeUndefined();
    }
  });

  it('a space-based interceptor leaves its satellite and meets the boosting missile at the logged intercept point', () => {
    // a notional SBI shell dense enough over Pyongyang (39 N) that the boost is in reach (as the engine's threat-kinds test)
    const space = buildWorld({
      epoch: '2029-01-01T00:00:00Z',
      policy: loadPolicies().get('norad-integrated') as CoalitionPolicy,
      radars: [],
      batteries: [],
      tracks: 'truth',
      raid: [
        { id: 'm1', type: 'hwasong-17', from: 'pyongyang-sunan', to: 'Seattle', target: { id: 'seattle', nation: 'US' }, launchTime: 0 },
      ],
      spaceLayers: [
        {
          id: 'sbi',
          interceptor: 'notional-sbi',
          owner: 'US',
          altitudeKm: 450,
          inclinationDeg: 55,
          planes: 26,
          perPlane: 50,
          singleShotPk: 0.7,
        },
      ],
      planningNations: ['US'],
    });
    const spaceLog = runTrial(space, 1);
    const view = new NationView(space, 'US', spaceLog);
    const shots = of(view.events, 'intercept').filter((i) => i.layer === 'space');
    expect(shots.length).toBeGreaterThan(0);
    const eph = new WalkerEphemeris(space.spaceLayers[0].shell);
    for (const hit of shots) {
      const fire = of(view.events, 'fire').find((f) => f.weapon === hit.weapon && f.object === hit.object && f.shot === hit.shot)!;
      const id = `${hit.weapon}/${hit.object}/${hit.shot}`;
      const at = (t: number) => view.positionsAt(t).find((p) => p.id === id)!;
      expect(at(fire.t)).toMatchObject({ kind: 'interceptor', of: hit.weapon, owner: 'US' });
      // at ignition: its satellite, where the layer's ephemeris puts it (rounding < 1 m)
      const sat = new Float64Array(3),
        satEcef = new Float64Array(3);
      eph.position(Number(hit.weapon.split('#')[1]), fire.t, sat);
      toEcef(earthAngle(space.earth, fire.t), sat[0], sat[1], sat[2], satEcef);
      expect(distance(ecef(at(fire.t)), satEcef)).toBeLessThan(1);
      expect(distance(ecef(at(hit.t)), ecef(hit.point))).toBeLessThan(1);
      // the partner never sees the US kill vehicle
      expect(new NationView(space, 'CA', spaceLog).positionsAt((fire.t + hit.t) / 2).some((p) => p.kind === 'interceptor')).toBe(false);
    }
  });
});
