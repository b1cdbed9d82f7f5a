import { describe, expect, it } from 'vitest';
import { citySize } from '../src/city-size.ts';
import { clockText } from '../src/clock-text.ts';
import { describeEvent, rowKey } from '../src/event-text.ts';
import { aircraftInfo, movingObjectInfo, WarheadBelief } from '../src/object-info.ts';
import { orbitPlatformAt } from '../src/orbit-platform.ts';
import { raidFrame } from '../src/raid-frame.ts';
import { destination, footprintOutline } from '../src/footprint.ts';
import { frameRateCap, readPageOptions, socketUrl } from '../src/page-options.ts';
import { parseServerMessage, type RadarAsset } from '../src/protocol.ts';
import { pendingDecisions, pendingText } from '../src/pending-decisions.ts';
import { satelliteAt } from '../src/satellite-position.ts';
import { ThreatPhases } from '../src/threat-phase.ts';

const R = 6_371_008.8;

describe('radar footprints on the globe', () => {
  it('destination: a quarter of the globe along the equator lands 90 degrees east; north from the equator reaches the pole', () => {
    const east = destination(0, 10, 90, (Math.PI / 2) * R);
    expect(east.latitude).toBeCloseTo(0, 9);
    expect(east.longitude).toBeCloseTo(100, 9);
    expect(destination(0, -40, 0, (Math.PI / 2) * R).latitude).toBeCloseTo(90, 9);
    // wraps across the antimeridian into [-180, 180)
    expect(destination(0, 170, 90, ((20 * Math.PI) / 180) * R).longitude).toBeCloseTo(-170, 9);
  });

  it('a fan spans its face around the boresight at the detection range; an all-round radar is a circle', () => {
    // the wire is SI: radians and metres
    const D = Math.PI / 180;
    const radar: RadarAsset = {
      id: 'r',
      owner: 'US',
      kind: 'radar',
      latitude: 64.3 * D,
      longitude: -149.2 * D,
      altitude: 0,
      range: 3_000_000,
      boresight: 170 * D,
      fov: 120 * D,
    };
    const site = { latitude: 64.3, longitude: -149.2 };
    const fan = footprintOutline(radar, 12);
    expect(fan).toHaveLength(14); // apex + 13 arc points
    expect(fan[0].latitude).toBeCloseTo(64.3, 9);
    expect(fan[0].longitude).toBeCloseTo(-149.2, 9);
    // every arc point is 3,000 km from the site (haversine, independent of the destination formula)
    for (const p of fan.slice(1)) expect(haversine(site.latitude, site.longitude, p.latitude, p.longitude) / 1000).toBeCloseTo(3000, 3);
    // the arc's middle point lies along the boresight (170°: south by east of Clear)
    const middle = fan[1 + 6];
    expect(bearing(site.latitude, site.longitude, middle.latitude, middle.longitude)).toBeCloseTo(170, 6);
    const { boresight: _b, fov: _f, ...allRound } = radar;
    const circle = footprintOutline(allRound, 36);
    expect(circle).toHaveLength(36);
    for (const p of circle) expect(haversine(site.latitude, site.longitude, p.latitude, p.longitude) / 1000).toBeCloseTo(3000, 3);
  });
});

describe('constellation positions between the server samples', () => {
  // two satellites, three samples 60 s apart from t = 100
  const c = {
    id: 'c',
    owner: 'US',
    count: 2,
    epochT: 100,
    stepS: 60,
    positions: [0, 0, 0, 10, 10, 10, 60, 0, 0, 10, 70, 10, 120, 0, 0, 10, 130, 10],
  };
  it('interpolates linearly and holds the ends', () => {
    const at = (i: number, t: number) => satelliteAt(c, i, t, { x: 0, y: 0, z: 0 });
    expect(at(0, 130)).toEqual({ x: 30, y: 0, z: 0 });
    expect(at(1, 190)).toEqual({ x: 10, y: 100, z: 10 });
    expect(at(0, 220)).toEqual({ x: 120, y: 0, z: 0 });
    expect(at(0, 50)).toEqual({ x: 0, y: 0, z: 0 });
    expect(at(1, 400)).toEqual({ x: 10, y: 130, z: 10 });
  });
  it('a constellation of one sample stays put', () => {
    const one = { ...c, positions: c.positions.slice(0, 6) };
    expect(satelliteAt(one, 1, 500, { x: 0, y: 0, z: 0 })).toEqual({ x: 10, y: 10, z: 10 });
  });
});

describe('threat phases from the event log', () => {
  it('boost until burnout, midcourse, then re-entry when falling below 100 km', () => {
    const p = new ThreatPhases();
    p.event({ t: 0, type: 'launch', missile: 'm1', objects: ['m1/rv0'], site: { latitude: 0, longitude: 0 } });
    expect(p.phase('m1/rv0', 50_000)).toBe('boost');
    expect(p.phase('m1/rv0', 200_000)).toBe('boost');
    p.event({ t: 250, type: 'burnout', missile: 'm1' });
    expect(p.phase('m1/rv0', 900_000)).toBe('midcourse');
    expect(p.phase('m1/rv0', 150_000)).toBe('midcourse'); // falling but still above 100 km
    expect(p.phase('m1/rv0', 80_000)).toBe('reentry');
    // an object whose launch this nation never saw is drawn by altitude alone
    expect(p.phase('other', 80_000)).toBe('midcourse');
    expect(p.phase('other', 70_000)).toBe('reentry');
  });
});

describe('page options and the socket address', () => {
  it('reads the nation, token and what to watch from the page address', () => {
    expect(readPageOptions('?nation=CA&scenario=ca-withholds&seed=4&speed=100&paused')).toEqual({
      nation: 'CA',
      token: undefined,
      watch: { scenario: 'ca-withholds', seed: 4 },
      speed: 100,
      playing: false,
      resolution: 1,
    });
    // the globe's rendering resolution: 0.25..1 of the page's pixels, anything else the full resolution
    expect(readPageOptions('?resolution=0.5').resolution).toBe(0.5);
    expect(readPageOptions('?resolution=0.1').resolution).toBe(0.25);
    expect(readPageOptions('?resolution=3').resolution).toBe(1);
    expect(readPageOptions('?resolution=fast').resolution).toBe(1);
    // the frame-rate cap: 0.1..60 frames per second, none when absent or not a positive number
    expect(readPageOptions('?fps=0.5').fps).toBe(0.5);
    expect(readPageOptions('?fps=0.01').fps).toBe(0.1);
    expect(readPageOptions('?fps=500').fps).toBe(60);
    for (const q of ['', '?fps=', '?fps=0', '?fps=-2', '?fps=fast']) expect(readPageOptions(q).fps, q).toBeUndefined();
    expect([frameRateCap(2), frameRateCap(undefined), frameRateCap(Number.NaN), frameRateCap(0)]).toEqual([
      2,
      undefined,
      undefined,
      undefined,
    ]);
    expect(readPageOptions('?trial=abc').watch).toEqual({ trial: 'abc' });
    expect(readPageOptions('').watch).toEqual({ scenario: 'nk-2029-salvo', seed: 1 });
    expect(readPageOptions('?seed=-3').watch).toEqual({ scenario: 'nk-2029-salvo', seed: 1 });
  });
  it('connects to /ws on its own origin, with the token when it has one', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:8080' }, { nation: 'CA' })).toBe('ws://127.0.0.1:8080/ws?nation=CA');
    expect(socketUrl({ protocol: 'https:', host: 'dome.example' }, { token: 'a.b', nation: 'CA' })).toBe('wss://dome.example/ws?token=a.b');
  });
});

describe('server messages', () => {
  it('accepts the protocol types and names what is wrong with anything else', () => {
    expect(parseServerMessage('{"type":"clock","t":1,"speed":10,"playing":true,"seq":3,"sentMs":5}')).toMatchObject({
      type: 'clock',
      t: 1,
    });
    // the one schema checks fields too: a position in degrees (out of the radian range) is refused, naming where
    expect(() =>
      parseServerMessage(
        '{"type":"positions","t":1,"seq":4,"sentMs":5,"objects":[{"id":"m1/rv0","latitude":47.6,"longitude":-122.3,"altitude":1000,"kind":"threat"}]}',
      ),
    ).toThrow(/bad 'positions' message: objects\.0\.latitude/);
    expect(() => parseServerMessage('{"type":"clock","t":"soon","speed":10,"playing":true,"seq":3,"sentMs":5}')).toThrow(
      /bad 'clock' message: t/,
    );
    expect(
      parseServerMessage(
        '{"type":"positions","t":1,"seq":4,"sentMs":5,"objects":[{"id":"m1/rv0","latitude":0.83,"longitude":-2.13,"altitude":1000,"kind":"threat","of":"m1","speed":6900}]}',
      ),
    ).toMatchObject({ objects: [{ of: 'm1', speed: 6900 }] });
    expect(() => parseServerMessage('{"type":')).toThrow(/not JSON/);
    expect(() => parseServerMessage('[1,2]')).toThrow(/not a JSON object/);
    expect(() => parseServerMessage('{"type":"teleport"}')).toThrow(/unknown message type: teleport/);
    expect(() => parseServerMessage('{"t":1}')).toThrow(/unknown message type: undefined/);
  });
  it('describes events in words, with places in degrees', () => {
    expect(describeEvent({ t: 1, type: 'detect', object: 'polar/rv0', sensor: 'a-othr', owner: 'CA' })).toBe(
      'a-othr (CA) detects polar/rv0',
    );
    expect(
      describeEvent({ t: 1, type: 'launch', missile: 'm1', objects: ['a', 'b'], site: { latitude: Math.PI / 4, longitude: -Math.PI / 2 } }),
    ).toBe('launch of m1 (2 objects) at 45.0°, -90.0°');
    // a track and a shot on radar false alarms ('none' in the log) are named as such
    expect(describeEvent({ t: 1, type: 'track-birth', object: 'none', nation: 'US', track: 'US:T9' })).toBe(
      'US firm track US:T9 (on radar false alarms)',
    );
    expect(
      describeEvent({
        t: 1,
        type: 'fire',
        object: 'none',
        weapon: 'ngi-fort-greely',
        owner: 'US',
        layer: 'midcourse',
        shot: 1,
        plannedIntercept: 900,
      }),
    ).toBe('ngi-fort-greely (US) fires shot 1 at radar false alarms');
    expect(describeEvent({ t: 1, type: 'track-birth', object: 'hs17/rv0', nation: 'US', track: 'US:T1' })).toBe(
      'US firm track US:T1 (on hs17/rv0)',
    );
  });
});

describe('city markers', () => {
  it('grow with the square root of the population, within 6-26 px', () => {
    expect(citySize(null)).toBe(6);
    expect(citySize(1e6)).toBe(9);
    expect(citySize(4e6)).toBe(12);
    expect(citySize(1e9)).toBe(26);
  });
});

function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}
function bearing(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const y = Math.sin((lon2 - lon1) * r) * Math.cos(lat2 * r);
  const x = Math.cos(lat1 * r) * Math.sin(lat2 * r) - Math.sin(lat1 * r) * Math.cos(lat2 * r) * Math.cos((lon2 - lon1) * r);
  return (Math.atan2(y, x) / r + 360) % 360;
}

describe('pending decisions (live command)', () => {
  const assign = (t: number, weapon: string, object: string, nation = 'US') => ({
    t,
    type: 'assign' as const,
    object,
    weapon,
    owner: 'US',
    nation: 'US',
    approvalDelay: 30,
    approvals: [{ nation, delay: 30 }],
    reason: 'r',
  });
  const decision = (t: number, weapon: string, object: string, by: 'commander' | 'timeout', verdict: 'approve' | 'deny' = 'deny') => ({
    t,
    type: 'decision' as const,
    object,
    weapon,
    nation: 'US',
    verdict,
    by,
  });
  const log = [
    assign(100, 'ngi', 'rv0'),
    assign(100, 'ngi', 'rv0'),
    assign(105, 'gbi', 'rv0'),
    assign(106, 'ngi', 'decoy1', 'CA'),
    decision(140, 'gbi', 'rv0', 'commander', 'approve'),
    decision(220, 'ngi', 'rv0', 'timeout'),
  ];

  it("lists each engagement waiting for the nation's approval once, from its request, with its deadline, until decided or timed out", () => {
    expect(pendingDecisions(log, 'US', 120, 99)).toEqual([]);
    expect(pendingDecisions(log, 'US', 120, 101)).toEqual([{ weapon: 'ngi', object: 'rv0', requested: 100, deadline: 220 }]);
    expect(pendingDecisions(log, 'US', 120, 130).map((p) => [p.weapon, p.deadline - 130])).toEqual([
      ['ngi', 90],
      ['gbi', 95],
    ]);
    // the commander approved gbi at 140; the timeout rule decides ngi at 220
    expect(pendingDecisions(log, 'US', 120, 150).map((p) => p.weapon)).toEqual(['ngi']);
    expect(pendingDecisions(log, 'US', 120, 221)).toEqual([]);
    // Canada's approval is another nation's
    expect(pendingDecisions(log, 'CA', 120, 110).map((p) => p.object)).toEqual(['decoy1']);
  });

  it("lists a fighter's engagement as the others, by its sortie and target, the sortie's flight event between (issue 15)", () => {
    const sortie = {
      t: 300,
      type: 'sortie' as const,
      aircraft: 'inuvik-fol#1',
      base: 'inuvik-fol',
      fighter: 'cf-18',
      owner: 'US',
      object: 'tu95',
      path: [0, 1, 2, 3],
    };
    const air = [assign(300, 'inuvik-fol#1', 'tu95'), sortie, decision(330, 'inuvik-fol#1', 'tu95', 'commander')];
    expect(pendingDecisions(air, 'US', 120, 310)).toEqual([{ weapon: 'inuvik-fol#1', object: 'tu95', requested: 300, deadline: 420 }]);
    expect(pendingDecisions(air, 'US', 120, 331)).toEqual([]);
    expect(describeEvent(sortie)).toBe('inuvik-fol#1 (cf-18, US) ends its flight against tu95 here');
    expect(describeEvent({ ...sortie, path: [0, 1, 2, 3, 60, 1, 2, 3] })).toBe('inuvik-fol#1 (cf-18, US) flies from inuvik-fol to tu95');
  });

  it("lists a partner's request for this nation's consent as a consent request: who asks, with what, where, when, by when (issue 15)", () => {
    const DEG = Math.PI / 180;
    const consent = {
      t: 22375,
      type: 'consent' as const,
      object: 'kh-seattle-2/rv0',
      weapon: 'elmendorf-qra#1',
      weaponClass: 'f-22',
      owner: 'US',
      nation: 'CA',
      intercept: 24723,
      point: { latitude: 69.5 * DEG, longitude: -140 * DEG, altitude: 10_000 },
      deadline: 22495,
    };
    const caDecides = (t: number, by: 'commander' | 'timeout') => ({ ...decision(t, consent.weapon, consent.object, by), nation: 'CA' });
    // the US's own assign (it waits for CA's approval, not the US's): never pending for the US
    const usAssign = { ...assign(22375, consent.weapon, consent.object, 'CA') };
    const log = [usAssign, consent];
    const [p] = pendingDecisions(log, 'CA', 120, 22400);
    expect(p).toEqual({
      weapon: consent.weapon,
      object: consent.object,
      requested: 22375,
      deadline: 22495,
      consent: { owner: 'US', weaponClass: 'f-22', intercept: 24723, point: consent.point },
    });
    // one row for the engagement (the assign, had CA received it, and the request are the same engagement)
    expect(pendingDecisions(log, 'CA', 120, 22400).length).toBe(1);
    expect(pendingText(p, 'CA')).toBe(
      "US F-22 (elmendorf-qra#1) requests CA's consent to engage kh-seattle-2/rv0 near 69.5°N 140.0°W, 10 km, at 24723 s; deadline 22495 s",
    );
    // a request to another nation is not this one's; the requester lists none (its own approval is not asked)
    expect(pendingDecisions([consent], 'US', 120, 22400)).toEqual([]);
    expect(pendingDecisions([consent], 'UK', 120, 22400)).toEqual([]);
    // answered by Canada's commander, or past the deadline: no longer pending; the deadline is the request's, not the local rule's
    expect(pendingDecisions([consent, caDecides(22405, 'commander')], 'CA', 120, 22410)).toEqual([]);
    expect(pendingDecisions([consent], 'CA', 600, 22496)).toEqual([]);
    expect(describeEvent(consent)).toBe(
      "US F-22 (elmendorf-qra#1) requests CA's consent to engage kh-seattle-2/rv0 near 69.5°, -140.0° at 24723 s; deadline 22495 s",
    );
  });

  it('reads a revise message', () => {
    expect(parseServerMessage('{"type":"revise","t":12.5,"keep":3,"seq":9,"sentMs":1}')).toMatchObject({
      type: 'revise',
      t: 12.5,
      keep: 3,
    });
  });
});

describe("the picture's interactions (pure parts)", () => {
  const D = Math.PI / 180;
  it('home frames the raid: across the Pacific from Pyongyang to Seattle, not across Europe; a box that crosses the antimeridian', () => {
    const f = raidFrame(
      [
        { latitude: 39 * D, longitude: 125.7 * D },
        { latitude: 47.6 * D, longitude: -122.3 * D },
        { latitude: 61.2 * D, longitude: -149.9 * D },
      ],
      0,
      0,
    )!;
    // west at Pyongyang, east at Seattle: 111.9 degrees of longitude wide (the gap over Europe and the Atlantic is empty)
    expect(f.west / D).toBeCloseTo(125.7, 9);
    expect(f.east / D).toBeCloseTo(-122.3, 9);
    expect(f.south / D).toBeCloseTo(39, 9);
    expect(f.north / D).toBeCloseTo(61.2, 9);
    // padded by 10 % of the size on each side, at least 0.05 rad
    const padded = raidFrame([
      { latitude: 0, longitude: 0 },
      { latitude: 0.2, longitude: 1 },
    ])!;
    expect(padded.west).toBeCloseTo(-0.1, 12);
    expect(padded.east).toBeCloseTo(1.1, 12);
    expect(padded.south).toBeCloseTo(-0.05, 12);
    expect(padded.north).toBeCloseTo(0.25, 12);
    expect(raidFrame([])).toBeUndefined();
    // points all round the globe: the whole band of longitudes
    expect(raidFrame([0, 45, 90, 135, 180, 225, 270, 315].map((l) => ({ latitude: 0, longitude: l * D })))).toMatchObject({
      west: -Math.PI,
      east: Math.PI,
    });
  });

  it('the clock shows the scenario date and time (UTC) and the seconds since t = 0', () => {
    expect(clockText(Date.UTC(2029, 0, 1), 3723)).toBe('2029-01-01 01:02:03 UTC  (T+3723 s)');
    expect(clockText(Date.UTC(2029, 11, 31, 23, 59, 0), 90)).toBe('2030-01-01 00:00:30 UTC  (T+90 s)');
  });

  it("the info box of a threat: kind, missile, phase, speed, altitude, and the nation's latest P(warhead) from its log", () => {
    const belief = new WarheadBelief();
    belief.event({ t: 10, type: 'track', object: 'm1/rv0', nation: 'US', sources: ['uewr'], track: 'US:T1', pWarhead: 0.6, engage: true });
    belief.event({ t: 20, type: 'p-warhead', object: 'm1/rv0', nation: 'US', track: 'US:T1', p: 0.93 });
    const rows = Object.fromEntries(
      movingObjectInfo(
        { id: 'm1/rv0', latitude: 0.8, longitude: -2.1, altitude: 812_400, kind: 'threat', of: 'm1', speed: 6_912 },
        'midcourse',
        belief.of('m1/rv0'),
      ),
    );
    expect(rows).toEqual({
      kind: 'threat object (warhead or decoy)',
      missile: 'm1',
      owner: 'attacker (not named)',
      phase: 'midcourse',
      speed: '6.91 km/s (inertial)',
      altitude: '812 km',
      'P(warhead)': '0.93',
    });
    // truth tracks carry no P(warhead): the box says so; an interceptor names its weapon and owner
    expect(
      Object.fromEntries(movingObjectInfo({ id: 'x', latitude: 0, longitude: 0, altitude: 1000, kind: 'threat' }, 'reentry', undefined))[
        'P(warhead)'
      ],
    ).toMatch(/no estimated track/);
    const i = Object.fromEntries(
      movingObjectInfo(
        { id: 'ngi/m1/rv0/1', latitude: 0, longitude: 0, altitude: 250_000, kind: 'interceptor', of: 'ngi-fort-greely', owner: 'US' },
        'interceptor',
        undefined,
      ),
    );
    expect(i).toMatchObject({ kind: 'interceptor', weapon: 'ngi-fort-greely', owner: 'US', phase: 'fly-out', altitude: '250 km' });
  });

  it("one row per distinct event: two rounds of one battery at one object share a row; two shots' intercepts do not", () => {
    const assign = {
      t: 1347.6,
      type: 'assign' as const,
      object: 'm1/decoy2',
      weapon: 'gbi',
      owner: 'US',
      nation: 'US',
      approvalDelay: 0,
      approvals: [],
      reason: 'r',
    };
    expect(rowKey(assign)).toBe(rowKey({ ...assign }));
    const hit = {
      t: 1841,
      type: 'intercept' as const,
      object: 'm1/decoy2',
      weapon: 'gbi',
      layer: 'midcourse',
      shot: 1,
      hit: false,
      point: { latitude: 0.9, longitude: -2.3, altitude: 559e3 },
      alreadyDestroyed: false,
    };
    expect(rowKey(hit)).not.toBe(rowKey({ ...hit, shot: 2 }));
    expect(describeEvent({ ...hit, shot: 2 })).toBe('miss: gbi shot 2 on m1/decoy2 at 559 km');
    expect(describeEvent({ t: 1901, type: 'kill-assess', object: 'm1/decoy2', weapon: 'gbi', killed: false })).toBe(
      'gbi: kill assessment of m1/decoy2: survived',
    );
  });

  it('the northern approaches: a cruise missile, an air sortie and a bomber in the info box; an AEW platform between its samples', () => {
    const phases = new ThreatPhases();
    phases.event({ t: 0, type: 'launch', missile: 'kh-1', objects: ['kh-1/rv0'], site: { latitude: 1.3, longitude: -1.2 } } as never);
    expect(phases.phase('kh-1/rv0', 60)).toBe('boost'); // no burnout event for a cruise missile: drawn as boost until the scene says cruise
    phases.setCruise(['kh-1/rv0']);
    expect(phases.phase('kh-1/rv0', 60)).toBe('cruise');
    phases.clear(); // a reset keeps the scene's cruise missiles (the scene is not sent again)
    expect(phases.phase('kh-1/rv0', 60)).toBe('cruise');
    expect(
      Object.fromEntries(
        movingObjectInfo(
          { id: 'kh-1/rv0', latitude: 1, longitude: -1, altitude: 61, kind: 'threat', of: 'kh-1', speed: 251.4 },
          'cruise',
          undefined,
        ),
      ),
    ).toMatchObject({
      kind: 'cruise missile',
      missile: 'kh-1',
      phase: 'cruise (low, inside the atmosphere)',
      speed: '251 m/s (inertial)',
      altitude: '61 m',
    });
    expect(
      Object.fromEntries(
        movingObjectInfo(
          { id: 'cf18-1/kh-1/rv0/1', latitude: 1, longitude: -1, altitude: 9000, kind: 'interceptor', of: 'cf18-1', owner: 'CA' },
          'interceptor',
          undefined,
          true,
        ),
      ),
    ).toMatchObject({
      kind: 'air sortie',
      sortie: 'cf18-1',
      owner: 'CA',
      phase: 'flying to its intercept',
    });
    const bomber = {
      id: 'tu160',
      type: 'tu-160',
      role: 'bomber',
      endT: 200,
      releases: 6,
      samples: [100, 1, -1, 11_000, 250, 130, 1.001, -1, 11_200, 255, 200, 1.002, -1, 11_300, 260],
    };
    expect(Object.fromEntries(aircraftInfo(bomber, 150))).toEqual({
      kind: 'aircraft (bomber)',
      type: 'tu-160',
      owner: 'attacker (not named)',
      phase: 'flying to its launch area',
      speed: '255 m/s (ground)',
      altitude: '11.2 km',
    });
    expect(Object.fromEntries(aircraftInfo(bomber, 201)).phase).toBe('released 6 cruise missiles (the way home is not flown)');
    // linear between samples, the short way across the antimeridian, held at the ends
    const orbit = { latitude: 1, longitude: 3.14, radius: 50_000, epochT: 0, stepS: 30, positions: [1, 3.14, 1.002, -3.14] };
    const mid = orbitPlatformAt(orbit, 15);
    expect(mid.latitude).toBeCloseTo(1.001, 12);
    expect(Math.abs(mid.longitude)).toBeGreaterThan(3.14);
    expect(orbitPlatformAt(orbit, 100).latitude).toBe(1.002);
    expect(orbitPlatformAt(orbit, -5).latitude).toBe(1);
  });
});
