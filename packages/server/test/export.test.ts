import { check, getIssues } from '@placemarkio/check-geojson';
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import {
  DEG,
  earthAngle,
  ecefToGeodetic,
  geodeticToEcef,
  type EngineEvent,
  pathFromSamples,
  runTrial,
  sortEvents,
  toEcef,
  WalkerEphemeris,
  type World,
} from '@golden-dome/core';
import { buildWorld, WITHHOLDING_COALITION, withholdingCoalitionRequest } from '@golden-dome/scenario';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import { exportTrial } from '../src/export/export-trial.ts';
import { cutAtAntimeridian } from '../src/export/trial-picture.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { hashSecret, type Role } from '../src/users.ts';
import { basic } from './fixture.ts';

// The exports (CZML, KML, GeoJSON) read by real third-party readers (togeojson over xmldom for KML,
// @placemarkio/check-geojson for GeoJSON), checked against the world and the log, per nation on the
// withholding coalition (scenario's withholding-coalition.ts: Canada withholds A-OTHR, the UK gives
// Fylingdales to the US only, 20 s late, the US gives Pituffik to the UK only; batteries are their owners').
// The CZML is read by CesiumJS in Chromium in packages/cli/test/export-czml-browser.test.ts.
const SEED = 1;
let world: World;
let log: EngineEvent[];
let app: FastifyInstance;
const trialOf: Record<string, string> = {};
const ALL_HIDDEN = ['a-othr', 'ca-terminal-battery', 'uewr-fylingdales', 'uewr-pituffik', 'ngi-fort-drum'];

beforeAll(async () => {
  world = buildWorld(withholdingCoalitionRequest());
  log = runTrial(world, SEED);
  const people: Array<{ id: string; nation: string; role: Role }> = ['US', 'CA'].flatMap((n) => [
    { id: `${n.toLowerCase()}-operator`, nation: n, role: 'operator' as const },
    { id: `${n.toLowerCase()}-viewer`, nation: n, role: 'viewer' as const },
    { id: `${n.toLowerCase()}-commander`, nation: n, role: 'commander' as const },
  ]);
  const users = await Promise.all(
    people.map(async (p) => ({ ...p, secret: await hashSecret(`secret of ${p.id}`, { N: 1024, r: 8, p: 1 }) })),
  );
  app = await buildServer({ users, scenarios: worldLibrary({ coalition: world }) });
  for (const n of ['US', 'CA']) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/trials',
      headers: basic(`${n.toLowerCase()}-operator`),
      payload: { scenario: 'coalition', seed: SEED },
    });
    expect(res.statusCode).toBe(201);
    trialOf[n] = res.json<{ id: string }>().id;
  }
}, 120_000);
afterAll(async () => {
  await app?.close();
});

const exported = (format: 'czml' | 'kml' | 'geojson', nation: string | undefined) =>
  exportTrial(format, world, log, { scenario: 'coalition', seed: SEED, nation });

/** KML through xmldom (any XML error fails) and togeojson. */
function readKml(text: string) {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      problems.push(`${level}: ${message}`);
    },
  }).parseFromString(text, 'text/xml');
  expect(problems).toEqual([]);
  return kml(doc as unknown as Parameters<typeof kml>[0]);
}

/** Geodetic position of an object at t from the world's recorded flight (degrees, metres). */
function truthAt(object: string, t: number): { latitude: number; longitude: number; altitude: number } {
  const o = world.objects.find((x) => x.id === object);
  if (!o) throw new Error(object);
  const eci = new Float64Array(3),
    ecef = new Float64Array(3),
    geo = new Float64Array(3);
  pathFromSamples(o.flight).position(t, eci);
  toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], ecef);
  ecefToGeodetic(ecef[0], ecef[1], ecef[2], geo);
  return { latitude: geo[0] / DEG, longitude: geo[1] / DEG, altitude: geo[2] };
}

const epochMs = () => world.epochMs;
const secondsOf = (iso: string) => (Date.parse(iso) - epochMs()) / 1000;

describe('KML, read by togeojson over xmldom', () => {
  it('threat tracks: one LineString per phase with its time span, on the recorded flight; fly-outs, coverage, cities, events', () => {
    const fc = readKml(exported('kml', undefined));
    const tracks = fc.features.filter((f) => f.properties?.phase !== undefined);
    // every object of the raid from the start of its recorded flight: boost when it flies before burnout
    // (the warhead on its booster; decoys are released after it), then midcourse
    expect(new Set(tracks.map((f) => f.properties?.object))).toEqual(new Set(world.objects.map((o) => o.id)));
    const burnoutT = log.find((e) => e.type === 'burnout')?.t as number;
    for (const o of world.objects) {
      const phases = tracks.filter((f) => f.properties?.object === o.id).map((f) => f.properties?.phase);
      if (pathFromSamples(o.flight).start < burnoutT) expect(phases.slice(0, 2), o.id).toEqual(['boost', 'midcourse']);
      else expect(phases[0], o.id).toBe('midcourse');
    }
    expect(tracks.some((f) => f.properties?.phase === 'boost')).toBe(true);
    // a midcourse track's points are the recorded flight at the times of its span (10 s samples): to 1 m
    // (coordinates are written to 1e-6 degree, ~0.1 m, and 0.1 m of height)
    const decoy = tracks.find((f) => f.properties?.object === 'm1/decoy2' && f.properties?.phase === 'midcourse');
    if (decoy?.geometry?.type !== 'LineString') throw new Error('no LineString for m1/decoy2 midcourse');
    const span = decoy.properties?.timespan as { begin: string; end: string };
    const begin = secondsOf(span.begin);
    expect(begin).toBeCloseTo(pathFromSamples(world.objects.find((o) => o.id === 'm1/decoy2')?.flight as Float64Array).start, 2);
    const [lon, lat, alt] = decoy.geometry.coordinates[0];
    const truth = truthAt('m1/decoy2', begin);
    expect(Math.abs(lat - truth.latitude) * 111_000).toBeLessThan(1);
    expect(Math.abs(lon - truth.longitude) * 111_000 * Math.cos(lat * DEG)).toBeLessThan(1);
    expect(Math.abs(alt - truth.altitude)).toBeLessThan(1);
    const last = decoy.geometry.coordinates.at(-1) as number[];
    const truthEnd = truthAt('m1/decoy2', secondsOf(span.end));
    expect(Math.abs(last[2] - truthEnd.altitude)).toBeLessThan(1);
    // fly-outs: one per fire with its intercept, ending at the intercept point
    const intercepts = log.filter((e): e is Extract<EngineEvent, { type: 'intercept' }> => e.type === 'intercept');
    const flyOuts = fc.features.filter((f) => f.properties?.weapon !== undefined && f.geometry?.type === 'LineString');
    expect(flyOuts).toHaveLength(intercepts.length);
    for (const f of flyOuts) {
      const hit = intercepts.find((e) => e.object === f.properties?.object) as (typeof intercepts)[number];
      if (f.geometry?.type !== 'LineString') throw new Error('fly-out');
      expect((f.geometry.coordinates.at(-1) as number[])[1]).toBeCloseTo(hit.point.latitude / DEG, 5);
      // every vertex is a sample of the shot's logged fly-out, in order
      const logged = log.find(
        (e): e is Extract<EngineEvent, { type: 'flyout' }> => e.type === 'flyout' && e.object === hit.object && e.shot === hit.shot,
      )!;
      expect(f.geometry.coordinates).toHaveLength(logged.path.length / 4);
      expect(secondsOf((f.properties?.timespan as { end: string }).end)).toBeCloseTo(hit.t, 2);
    }
    // coverage: a polygon per sensor of the world; cities with P(struck) of this trial
    const coverage = fc.features.filter((f) => f.properties?.sensor !== undefined && f.geometry?.type !== 'Point');
    expect(coverage.map((f) => f.properties?.sensor).sort()).toEqual(
      [...world.radars.map((r) => r.id), ...world.othRadars.map((r) => r.id)].sort(),
    );
    const iqaluit = fc.features.find((f) => f.properties?.city === 'iqaluit');
    const warheadImpacts = log.filter((e) => e.type === 'impact' && e.kind === 'warhead' && e.aimedAt.id === 'iqaluit').length;
    expect(iqaluit?.properties?.pStruck).toBe(String(warheadImpacts > 0 ? 1 : 0));
    // events with a place carry their time stamp
    const launch = fc.features.find((f) => f.properties?.type === 'launch');
    expect(launch?.properties?.timestamp).toBe(new Date(epochMs()).toISOString());
  });

  it('the OGC namespace, and the track mode in the document', () => {
    const text = exported('kml', 'CA');
    expect(text).toContain('<kml xmlns="http://www.opengis.net/kml/2.2">');
    expect(text).not.toContain('gx:');
    expect(text).toMatch(/<name>coalition, seed 1, as CA, TRUTH TRACKS<\/name>/);
  });
});

describe('GeoJSON, checked by @placemarkio/check-geojson', () => {
  it('passes the checker (which does fail on a broken file); impacts, cities with P(struck), coverage', () => {
    expect(getIssues('{"type":"Feature","geometry":{"type":"Point","coordinates":[1]},"properties":{}}').length).toBeGreaterThan(0);
    for (const nation of [undefined, 'US', 'CA', 'UK']) {
      const text = exported('geojson', nation);
      expect(getIssues(text), String(nation)).toEqual([]);
      const fc = check(text) as unknown as { features: Array<{ geometry: unknown; properties: Record<string, unknown> | null }> };
      const impacts = fc.features.filter((f) => f.properties?.feature === 'impact');
      // impacts are public: the same in every view, each at its logged point
      const logged = log.filter((e): e is Extract<EngineEvent, { type: 'impact' }> => e.type === 'impact');
      expect(impacts).toHaveLength(logged.length);
      for (const [i, e] of logged.entries()) {
        expect(impacts[i].geometry).toEqual({
          type: 'Point',
          coordinates: [Number((e.point.longitude / DEG).toFixed(6)), Number((e.point.latitude / DEG).toFixed(6))],
        });
      }
      const cities = fc.features.filter((f) => f.properties?.feature === 'defended-city');
      expect(cities).toHaveLength(world.defended.length);
      const struck = new Set(logged.filter((e) => e.kind === 'warhead').map((e) => `${e.aimedAt.nation}/${e.aimedAt.id}`));
      for (const c of cities)
        expect(c.properties?.pStruck, String(c.properties?.id)).toBe(struck.has(`${c.properties?.nation}/${c.properties?.id}`) ? 1 : 0);
      expect(fc.features.filter((f) => f.properties?.feature === 'coverage').length).toBeGreaterThan(0);
      expect((JSON.parse(text) as { golden_dome: { tracks: string } }).golden_dome.tracks).toBe('truth');
    }
  });

  it('a coverage ring across the antimeridian is cut into two rings within ±180 that pass the checker', () => {
    const ring: Array<[number, number]> = [
      [170, 50],
      [190, 50],
      [190, 60],
      [170, 60],
      [170, 50],
    ];
    const rings = cutAtAntimeridian(ring);
    expect(rings).toHaveLength(2);
    for (const r of rings) for (const [lon] of r) expect(Math.abs(lon)).toBeLessThanOrEqual(180);
    expect(rings[0].map((p) => p[0]).sort((a, b) => a - b)).toEqual([170, 170, 170, 180, 180]);
    expect(rings[1].map((p) => p[0]).sort((a, b) => a - b)).toEqual([-180, -180, -180, -170, -170]);
    const fc = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) } }],
    };
    expect(getIssues(JSON.stringify(fc))).toEqual([]);
  });
});

describe("per nation: Canada's exports name nothing it may not see", () => {
  it("the whole log's exports name every nation's assets (so the searches below can fail)", () => {
    for (const format of ['czml', 'kml'] as const)
      for (const id of ALL_HIDDEN) expect(exported(format, undefined), `${format} ${id}`).toContain(id);
  });

  it.each(['czml', 'kml', 'geojson'] as const)(
    '%s as CA: none of the sensors and batteries withheld from it; its own are there',
    (format) => {
      const text = exported(format, 'CA');
      for (const id of WITHHOLDING_COALITION.CA.hidden) expect(text, id).not.toContain(id);
      expect(text).not.toMatch(/\bngi\b|fort-drum|fylingdales|pituffik/i);
      expect(text).toContain('a-othr');
      if (format !== 'geojson') expect(text).toContain('ca-terminal-battery');
    },
  );

  it("CZML as CA: threats only from Canada's own first sight of them (A-OTHR), events only those it receives", () => {
    const packets = JSON.parse(exported('czml', 'CA')) as Array<{
      id: string;
      availability?: string;
      properties?: Record<string, unknown>;
    }>;
    // Canada's first sight, from the whole log and the policy restated by hand: its own A-OTHR only
    const firstSeen = new Map<string, number>();
    for (const e of log) {
      const mine = (e.type === 'detect' && e.sensor === 'a-othr') || (e.type === 'track' && e.sources.every((s) => s === 'a-othr'));
      if (mine && 'object' in e && !firstSeen.has(e.object)) firstSeen.set(e.object, e.t);
    }
    const threats = packets.filter((p) => p.id.startsWith('threat/'));
    expect(threats.map((p) => p.id.slice(7)).sort()).toEqual([...firstSeen.keys()].sort());
    for (const p of threats)
      expect(secondsOf((p.availability as string).split('/')[0])).toBeCloseTo(firstSeen.get(p.id.slice(7)) as number, 2);
    const events = packets.filter((p) => p.id.startsWith('event/'));
    for (const e of events) {
      if (e.properties?.sensor !== undefined) expect(e.properties.sensor).toBe('a-othr');
      if (e.properties?.weapon !== undefined) expect(e.properties.weapon).toBe('ca-terminal-battery');
      if (e.properties?.sources !== undefined) expect(e.properties.sources).toBe('a-othr');
    }
    expect(packets.filter((p) => p.id.startsWith('flyout/'))).toEqual([]);
    expect(packets.some((p) => p.id === 'sensor/a-othr')).toBe(true);
    // the warhead the US destroyed: Canada is not told, and its track runs to the end of the recorded flight
    // (not an 'impact': none is logged); the decoys that land end in their logged impacts
    const impacted = new Set(log.flatMap((e) => (e.type === 'impact' ? [e.object] : [])));
    expect(impacted.has('m1/rv0')).toBe(false);
    for (const p of threats) expect(p.properties?.ends, p.id).toBe(impacted.has(p.id.slice(7)) ? 'impact' : 'flight-end');
    // (since the sky-wave coverage model, A-OTHR's Pd and night band leave the warhead off Canada's picture in
    // this seed; the rule above is then shown on the decoys only)
    expect(threats.length).toBeGreaterThan(0);
  });
});

describe('space interceptors and the track mode', () => {
  it("a space interceptor's fly-out is its logged one (from its satellite at ignition); layer and shot are its owner's only", () => {
    // the test world with a US interceptor layer and one shot of it added to the log (a miss, in boost)
    const layer = {
      id: 'sbi',
      owner: 'US',
      assetClass: 'space',
      shell: { altitude: 450_000, inclination: 55 * DEG, planes: 4, perPlane: 10, phasing: 1 },
      interceptor: {} as World['spaceLayers'][number]['interceptor'],
      singleShotPk: 0.7,
    };
    const w = { ...world, spaceLayers: [layer] };
    // its fly-out as the engine would log it: from the satellite at ignition, two samples on, the intercept point last
    const sat = new Float64Array(3),
      satEcef = new Float64Array(3);
    new WalkerEphemeris(layer.shell).position(7, 60, sat);
    toEcef(earthAngle(w.earth, 60), sat[0], sat[1], sat[2], satEcef);
    const end = geodeticToEcef(55 * DEG, 40 * DEG, 100_000);
    const path = [0, ...[...satEcef].map(Math.round), 45, 1_000_000, 2_000_000, 6_000_000, 90, ...[...end].map(Math.round)];
    const shot: EngineEvent[] = [
      { t: 60, type: 'fire', object: 'm1', weapon: 'sbi#7', owner: 'US', layer: 'space', shot: 1, plannedIntercept: 150 },
      { t: 60, type: 'flyout', object: 'm1', weapon: 'sbi#7', owner: 'US', shot: 1, path },
      {
        t: 150,
        type: 'intercept',
        object: 'm1',
        weapon: 'sbi#7',
        layer: 'space',
        shot: 1,
        hit: false,
        point: { latitude: 55 * DEG, longitude: 40 * DEG, altitude: 100_000 },
        alreadyDestroyed: false,
      },
    ];
    const withShot = sortEvents([...log, ...shot]);
    const packets = (nation: string | undefined) =>
      JSON.parse(exportTrial('czml', w, withShot, { scenario: 'coalition', seed: SEED, nation })) as Array<{
        id: string;
        position?: { cartesian: number[] };
      }>;
    const all = packets(undefined);
    const flyOut = all.find((p) => p.id === 'flyout/sbi#7/m1/1');
    const eci = new Float64Array(3),
      ecef = new Float64Array(3);
    new WalkerEphemeris(layer.shell).position(7, 60, eci);
    toEcef(earthAngle(w.earth, 60), eci[0], eci[1], eci[2], ecef);
    const start = flyOut?.position?.cartesian.slice(1, 4) as number[];
    expect(Math.hypot(start[0] - ecef[0], start[1] - ecef[1], start[2] - ecef[2])).toBeLessThan(1);
    // the export's fly-out is the logged one, sample for sample: [t, x, y, z] at the fire time + tau
    expect(flyOut?.position?.cartesian).toEqual(path.map((x, i) => (i % 4 === 0 ? 60 + x : x)));
    expect(flyOut?.position?.cartesian[0]).toBe(60);
    expect(flyOut?.position?.cartesian[8]).toBe(150);
    expect(all.filter((p) => p.id.startsWith('satellite/sbi/'))).toHaveLength(40);
    // the whole log's warhead is not destroyed by a miss; Canada sees neither the layer nor the shot
    expect(all.some((p) => p.id === 'threat/m1/rv0')).toBe(true);
    expect(packets('CA').filter((p) => /sbi/.test(p.id))).toEqual([]);
    expect(packets('US').filter((p) => p.id.startsWith('satellite/sbi/'))).toHaveLength(40);
  });

  it('says TRUTH TRACKS only when the trial fought on the truth', () => {
    const estimated = { ...world, settings: { ...world.settings, tracks: 'estimated' as const } };
    for (const format of ['czml', 'kml', 'geojson'] as const) {
      expect(exported(format, 'CA'), format).toContain('TRUTH TRACKS');
      const text = exportTrial(format, estimated, log, { scenario: 'coalition', seed: SEED, nation: 'CA' });
      expect(text, format).not.toContain('TRUTH TRACKS');
      expect(text, format).toContain('estimated');
    }
  });
});

describe('GET /api/trials/:id/export', () => {
  const get = (user: string, url: string) => app.inject({ method: 'GET', url, headers: basic(user) });

  it('a trial its nation keeps, in its view, in each format', async () => {
    for (const format of ['czml', 'kml', 'geojson'] as const) {
      const res = await get('ca-viewer', `/api/trials/${trialOf.CA}/export?format=${format}`);
      expect(res.statusCode, format).toBe(200);
      expect(res.headers['content-type']).toMatch(format === 'kml' ? /kml\+xml/ : format === 'geojson' ? /geo\+json/ : /json/);
      expect(res.headers['content-disposition']).toContain(`coalition-seed1-CA.${format}`);
      expect(res.body).toBe(exportTrial(format, world, log, { scenario: 'coalition', seed: SEED, nation: 'CA' }));
    }
    const asSelf = await get('ca-viewer', `/api/trials/${trialOf.CA}/export?format=geojson&as=CA`);
    expect(asSelf.statusCode).toBe(200);
  });

  it("refuses another nation's view (403, audited), another nation's trial and unknown ones (404), bad formats (400), no credentials (401)", async () => {
    const other = await get('ca-viewer', `/api/trials/${trialOf.CA}/export?format=czml&as=US`);
    expect(other.statusCode).toBe(403);
    expect(other.json<{ error: string }>().error).toMatch(/may export CA's view of a trial only, not US's/);
    const notKept = await get('ca-viewer', `/api/trials/${trialOf.US}/export?format=czml`);
    expect(notKept.statusCode).toBe(404);
    expect(notKept.body).not.toMatch(/fylingdales|ngi/);
    expect((await get('ca-viewer', '/api/trials/nope/export?format=czml')).statusCode).toBe(404);
    const bad = await get('ca-viewer', `/api/trials/${trialOf.CA}/export?format=shp`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: string }>().error).toMatch(/format/);
    expect((await get('ca-viewer', `/api/trials/${trialOf.CA}/export`)).statusCode).toBe(400);
    expect((await get('ca-viewer', `/api/trials/${trialOf.CA}/export?format=czml&as=../x`)).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: `/api/trials/${trialOf.CA}/export?format=czml` })).statusCode).toBe(401);
    // both refusals are audited: Canada's commander reads them, and so does the US's for the trial of its own
    const reasons = (user: string) =>
      get(user, '/api/audit').then((r) =>
        r
          .json<{ entries: Array<{ reason: string; route?: string }> }>()
          .entries.filter((e) => e.route === 'GET /api/trials/:id/export')
          .map((e) => e.reason),
      );
    expect(await reasons('ca-commander')).toEqual(
      expect.arrayContaining([expect.stringMatching(/not US's/), expect.stringMatching(/which CA does not keep/)]),
    );
    expect(await reasons('us-commander')).toEqual([expect.stringMatching(/which CA does not keep/)]);
  });
});
