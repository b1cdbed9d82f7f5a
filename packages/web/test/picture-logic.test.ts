import { describe, expect, it } from 'vitest';
import { citySize } from '../src/city-size.ts';
import { describeEvent } from '../src/event-text.ts';
import { destination, footprintOutline } from '../src/footprint.ts';
import { readPageOptions, socketUrl } from '../src/page-options.ts';
import { parseServerMessage, type RadarAsset } from '../src/protocol.ts';
import { pendingDecisions } from '../src/pending-decisions.ts';
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
    expect(destination(0, 170, 90, (20 * Math.PI / 180) * R).longitude).toBeCloseTo(-170, 9);
  });

  it('a fan spans its face around the boresight at the detection range; an all-round radar is a circle', () => {
    const radar: RadarAsset = { id: 'r', owner: 'US', kind: 'radar', latitude: 64.3, longitude: -149.2, altitude: 0, rangeKm: 3000, boresightDeg: 170, fovDeg: 120 };
    const fan = footprintOutline(radar, 12);
    expect(fan).toHaveLength(14); // apex + 13 arc points
    expect(fan[0]).toEqual({ latitude: 64.3, longitude: -149.2 });
    // every arc point is 3,000 km from the site (haversine, independent of the destination formula)
    for (const p of fan.slice(1)) expect(haversine(radar.latitude, radar.longitude, p.latitude, p.longitude) / 1000).toBeCloseTo(3000, 3);
    // the arc's middle point lies along the boresight (170°: south by east of Clear)
    const middle = fan[1 + 6];
    expect(bearing(radar.latitude, radar.longitude, middle.latitude, middle.longitude)).toBeCloseTo(170, 6);
    const { boresightDeg: _b, fovDeg: _f, ...allRound } = radar;
    const circle = footprintOutline(allRound, 36);
    expect(circle).toHaveLength(36);
    for (const p of circle) expect(haversine(radar.latitude, radar.longitude, p.latitude, p.longitude) / 1000).toBeCloseTo(3000, 3);
  });
});

describe('constellation positions between the server samples', () => {
  // two satellites, three samples 60 s apart from t = 100
  const c = { id: 'c', owner: 'US', count: 2, epochT: 100, stepS: 60, positions: [
    0, 0, 0, 10, 10, 10,
    60, 0, 0, 10, 70, 10,
    120, 0, 0, 10, 130, 10,
  ] };
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
      nation: 'CA', token: undefined, watch: { scenario: 'ca-withholds', seed: 4 }, speed: 100, playing: false,
    });
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
    expect(parseServerMessage('{"type":"clock","t":1,"speed":10,"playing":true,"seq":3}')).toMatchObject({ type: 'clock', t: 1 });
    expect(() => parseServerMessage('{"type":')).toThrow(/not JSON/);
    expect(() => parseServerMessage('[1,2]')).toThrow(/not a JSON object/);
    expect(() => parseServerMessage('{"type":"teleport"}')).toThrow(/unknown message type: teleport/);
    expect(() => parseServerMessage('{"t":1}')).toThrow(/unknown message type: undefined/);
  });
  it('describes events in words, with places in degrees', () => {
    expect(describeEvent({ t: 1, type: 'detect', object: 'polar/rv0', sensor: 'a-othr', owner: 'CA' })).toBe('a-othr (CA) detects polar/rv0');
    expect(describeEvent({ t: 1, type: 'launch', missile: 'm1', objects: ['a', 'b'], site: { latitude: Math.PI / 4, longitude: -Math.PI / 2 } }))
      .toBe('launch of m1 (2 objects) at 45.0°, -90.0°');
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
  return ((Math.atan2(y, x) / r) + 360) % 360;
}

describe('pending decisions (live command)', () => {
  const assign = (t: number, weapon: string, object: string, nation = 'US') => ({
    t, type: 'assign' as const, object, weapon, owner: 'US', nation: 'US', approvalDelay: 30, approvals: [{ nation, delay: 30 }], reason: 'r',
  });
  const decision = (t: number, weapon: string, object: string, by: 'commander' | 'timeout', verdict: 'approve' | 'deny' = 'deny') => ({ t, type: 'decision' as const, object, weapon, nation: 'US', verdict, by });
  const log = [assign(100, 'ngi', 'rv0'), assign(100, 'ngi', 'rv0'), assign(105, 'gbi', 'rv0'), assign(106, 'ngi', 'decoy1', 'CA'), decision(140, 'gbi', 'rv0', 'commander', 'approve'), decision(220, 'ngi', 'rv0', 'timeout')];

  it("lists each engagement waiting for the nation's approval once, from its request, with its deadline, until decided or timed out", () => {
    expect(pendingDecisions(log, 'US', 120, 99)).toEqual([]);
    expect(pendingDecisions(log, 'US', 120, 101)).toEqual([{ weapon: 'ngi', object: 'rv0', requested: 100, deadline: 220 }]);
    expect(pendingDecisions(log, 'US', 120, 130).map((p) => [p.weapon, p.deadline - 130])).toEqual([['ngi', 90], ['gbi', 95]]);
    // the commander approved gbi at 140; the timeout rule decides ngi at 220
    expect(pendingDecisions(log, 'US', 120, 150).map((p) => p.weapon)).toEqual(['ngi']);
    expect(pendingDecisions(log, 'US', 120, 221)).toEqual([]);
    // Canada's approval is another nation's
    expect(pendingDecisions(log, 'CA', 120, 110).map((p) => p.object)).toEqual(['decoy1']);
  });

  it('reads a revise message', () => {
    expect(parseServerMessage('{"type":"revise","t":12.5,"keep":3,"seq":9}')).toMatchObject({ type: 'revise', t: 12.5, keep: 3 });
  });
});
