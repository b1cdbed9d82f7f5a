import { createReadStream, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import { earthAngle, type EngineEvent, eventsVisibleTo, pathFromSamples, runTrial, toEcef, type World } from '@golden-dome/core';
import { buildWorld, type WorldRequest, withholdingCoalitionRequest } from '@golden-dome/scenario';
import { exportTrial } from '@golden-dome/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedScenario } from '../src/campaign/scenario-source.ts';
import { weaponTypesOf } from '../src/campaign/scenario-source.ts';
import { exportCommand } from '../src/commands/export.ts';
import { main } from '../src/main.ts';
import { UsageError } from '../src/usage-error.ts';
import { launchBrowser, type TestBrowser } from './browser.ts';

// `dome export` (flags, bad input, the files it writes) and its CZML read by CesiumJS's CzmlDataSource in
// Debian's headless Chromium (one launch; Cesium's built bundle served from node_modules on loopback), on
// the withholding coalition (scenario's withholding-coalition.ts: one ICBM, a warhead and five decoys, a
// US NGI battery that fires, a Canadian THAAD battery that cannot reach; Canada withholds A-OTHR).
const request = withholdingCoalitionRequest();
const loader = (): LoadedScenario => ({ request: structuredClone(request), monteCarlo: {}, weaponTypes: weaponTypesOf(request) });
let world: World;
/** The world is built once; every `dome export` here reuses it (the command's buildWorld is injectable). */
const cachedBuild = (r: WorldRequest): World => {
  if (r.tracks !== world.settings.tracks) throw new Error('the test world was built in another track mode');
  return world;
};
let log: EngineEvent[];
let dir: string;
let browser: TestBrowser | undefined;
let server: Server | undefined;
let base = '';

/** Serves Cesium's built bundle and one empty page on loopback (nothing leaves this machine). */
function serveCesium(): Promise<string> {
  const cesiumDir = join(dirname(createRequire(import.meta.url).resolve('cesium/package.json')), 'Build', 'Cesium');
  const page =
    '<!doctype html><html><head><script>window.CESIUM_BASE_URL = "/cesium/";</script><script src="/cesium/Cesium.js"></script></head><body></body></html>';
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
      return;
    }
    const file = normalize(join(cesiumDir, decodeURIComponent(url.pathname.replace(/^\/cesium\//, ''))));
    if (!url.pathname.startsWith('/cesium/') || !file.startsWith(cesiumDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server?.listen(0, '127.0.0.1', () => {
      const address = server?.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    });
  });
}

beforeAll(async () => {
  [world, base, browser] = await Promise.all([Promise.resolve().then(() => buildWorld(request)), serveCesium(), launchBrowser()]);
  log = runTrial(world, 1);
  dir = mkdtempSync(join(tmpdir(), 'dome-export-'));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** `dome export …` as main() runs it (a UsageError is exit 2 with its message), on the test world. */
async function dome(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await exportCommand(
      argv,
      { stdout: (s) => out.push(s), stderr: (s) => err.push(s) },
      { loadWorldRequest: loader, buildWorld: cachedBuild },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, out: out.join('\n'), err: `dome: ${e.message}` };
    throw e;
  }
}

/** The world's recorded flight of an object at t, Earth-fixed (the truth the export must reproduce). */
function ecefAt(object: string, t: number): number[] {
  const o = world.objects.find((x) => x.id === object);
  if (!o) throw new Error(object);
  const eci = new Float64Array(3),
    ecef = new Float64Array(3);
  pathFromSamples(o.flight).position(t, eci);
  toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], ecef);
  return [...ecef];
}

interface CesiumReading {
  count: number;
  ids: string[];
  positions: Array<number[] | null>;
  phases: Array<string | null>;
  available: boolean[];
}

/** Loads CZML with Cesium's CzmlDataSource in the page; reads entity count, positions, a property and availability at times. */
let page: Awaited<ReturnType<TestBrowser['context']['newPage']>> | undefined;
const problems: string[] = [];
async function readInCesium(czml: unknown, probes: Array<{ id: string; iso: string }>): Promise<CesiumReading> {
  if (!browser) throw new Error('no browser');
  if (!page) {
    // one page, Cesium loaded once; only this test's loopback server is reachable
    page = await browser.context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    await page.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
    await page.goto(`${base}/`, { waitUntil: 'load' });
  }
  const reading = await page.evaluate(
    async ({ czml, probes }) => {
      const C = (globalThis as unknown as { Cesium: any }).Cesium; // eslint-disable-line @typescript-eslint/no-explicit-any
      const ds = await C.CzmlDataSource.load(czml);
      const values = ds.entities.values as Array<{ id: string }>;
      const at = probes.map((p) => ({ e: ds.entities.getById(p.id), time: C.JulianDate.fromIso8601(p.iso) }));
      return {
        count: values.length,
        ids: values.map((e) => e.id),
        positions: at.map(({ e, time }) => {
          const v = e?.position?.getValue(time);
          return v ? [v.x, v.y, v.z] : null;
        }),
        phases: at.map(({ e, time }) => (e?.properties?.phase ? String(e.properties.phase.getValue(time)) : null)),
        available: at.map(({ e, time }) => Boolean(e?.isAvailable(time))),
      };
    },
    { czml, probes },
  );
  expect(problems).toEqual([]);
  return reading;
}

const iso = (t: number) => new Date(world.epochMs + Math.round(t * 1000)).toISOString();
/** A time an ISO string holds exactly (whole milliseconds). */
const ms = (t: number) => Math.round(t * 1000) / 1000;
const distance = (a: number[] | null, b: number[]) => (a ? Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) : Infinity);

describe('dome export: CZML in CesiumJS (CzmlDataSource, Debian Chromium)', () => {
  it('loads; one entity per object, fly-out, sensor, battery, city and event; sampled positions match the recorded flight', async () => {
    const r = await dome(['coalition.yaml', '--format', 'czml', '--seed', '1']);
    expect(r.code).toBe(0);
    const czml = JSON.parse(r.out) as Array<{ id: string }>;
    // every packet but the document's is an entity: counted from the world and the log, not from the export
    const expected =
      1 /* about */ +
      world.objects.length +
      log.filter((e) => e.type === 'intercept').length +
      world.radars.length +
      world.othRadars.length +
      world.batteries.length +
      world.defended.length +
      // every event is a packet, except the logged fly-outs and sorties: they are the fly-out tracks' samples
      log.filter((e) => e.type !== 'flyout' && e.type !== 'sortie').length;
    // a midcourse time between two 10 s samples (Lagrange interpolation), and one on a sample
    const decoy = world.objects.find((o) => o.id === 'm1/decoy2') as World['objects'][number];
    const start = pathFromSamples(decoy.flight).start;
    const onSample = Math.ceil(start / 10) * 10 + 600;
    const between = ms(onSample + 5.37);
    const probes = [
      { id: 'threat/m1/decoy2', iso: iso(between) },
      { id: 'threat/m1/decoy2', iso: iso(onSample) },
      { id: 'threat/m1/rv0', iso: iso(30) },
      { id: 'threat/m1/rv0', iso: iso(1300) },
    ];
    const read = await readInCesium(czml, probes);
    expect(read.count).toBe(expected);
    expect(read.ids).toContain('sensor/a-othr');
    expect(read.ids).toContain('flyout/ngi-fort-drum/m1/rv0/1');
    // on a sample: the stored position, written to the centimetre (at most sqrt(3) x 5 mm = 8.7 mm off);
    // between samples: Cesium's Lagrange interpolation of degree 5 over 10 s samples of a ballistic
    // midcourse, whose error (~ h^6 |x^(6)| / 6! for a Kepler arc of period ~6,000 s: (2 pi 10 / 6000)^6
    // x 7,000 km / 720, ~1e-8 m) is far below the centimetre rounding: 2 cm bounds both (measured: 6 mm and 4 mm)
    expect(distance(read.positions[1], ecefAt('m1/decoy2', onSample))).toBeLessThan(0.02);
    expect(distance(read.positions[0], ecefAt('m1/decoy2', between))).toBeLessThan(0.02);
    // the warhead in boost at 30 s; destroyed by the NGI at its intercept (~1,156 s): gone at 1,300 s
    expect(read.phases[2]).toBe('boost');
    expect(distance(read.positions[2], ecefAt('m1/rv0', 30))).toBeLessThan(0.02);
    const kill = log.find((e) => e.type === 'intercept' && e.object === 'm1/rv0' && e.hit) as EngineEvent;
    expect(kill.t).toBeLessThan(1300);
    expect(read.available[3]).toBe(false);
    expect(read.phases[1]).toBe('midcourse');
  }, 60_000);

  it('as CA: only what Canada receives (its A-OTHR tracks from their first sight, its events, its own assets)', async () => {
    const r = await dome(['coalition.yaml', '--format', 'czml', '--as', 'CA']);
    expect(r.code).toBe(0);
    const czml = JSON.parse(r.out) as Array<{ id: string }>;
    const events = eventsVisibleTo(world.policy, 'CA', world, log);
    const seen = new Set(events.flatMap((e) => (e.type === 'detect' || e.type === 'track' ? [e.object] : [])));
    const read = await readInCesium(czml, []);
    // about + the objects Canada saw + A-OTHR + its battery + the cities + its events; no fly-out (the US fired)
    expect(read.count).toBe(1 + seen.size + 1 + 1 + world.defended.length + events.length);
    expect(read.ids.filter((id) => /fylingdales|pituffik|ngi-fort-drum|^flyout\//.test(id))).toEqual([]);
  }, 60_000);
});

describe('dome export: flags and files', () => {
  it('--out writes the file atomically (the same text as the library), and says what it wrote', async () => {
    const file = join(dir, 'trial.kml');
    const r = await dome(['coalition.yaml', '--format', 'kml', '--as', 'US', '--out', file]);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      exportTrial('kml', world, log, { scenario: 'coalition.yaml', seed: 1, nation: 'US', weaponTypes: weaponTypesOf(request) }),
    );
    expect(r.err).toMatch(/written: .*trial\.kml \(kml, seed 1, as US, TRUTH TRACKS\)/);
  });

  it("--trials N: cities' P(struck) over N trials in the view, the tracks of seed S", async () => {
    const r = await dome(['coalition.yaml', '--format', 'geojson', '--trials', '3', '--workers', '1', '--as', 'CA']);
    expect(r.code).toBe(0);
    const fc = JSON.parse(r.out) as { features: Array<{ properties: Record<string, unknown> }> };
    const iqaluit = fc.features.find((f) => f.properties.feature === 'defended-city' && f.properties.id === 'iqaluit');
    const struck = [1, 2, 3].filter((s) =>
      runTrial(world, s).some((e) => e.type === 'impact' && e.kind === 'warhead' && e.aimedAt.id === 'iqaluit'),
    ).length;
    expect(iqaluit?.properties).toMatchObject({ pStruck: struck / 3, trials: 3 });
  }, 60_000);

  it('bad input: exit 2 with the flag and what is wrong; nothing written', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['coalition.yaml', '--format', 'shp'], /--format: 'shp' is not a format \(one of czml, kml, geojson\)/],
      [['coalition.yaml'], /--format is required/],
      [
        ['coalition.yaml', '--format', 'czml', '--as', 'XX'],
        /--as: 'XX' is not a nation of coalition\.yaml's policy .* \(nations: CA, UK, US\)/,
      ],
      [
        ['coalition.yaml', '--format', 'czml', '--out', join(dir, 'no-such-folder', 'x.czml')],
        /--out .*no-such-folder.*: folder .* does not exist/,
      ],
      [['coalition.yaml', '--format', 'czml', '--out', dir], /--out .*: is a folder, not a file/],
      [['coalition.yaml', '--format', 'czml', '--out', '/proc/dome-export.czml'], /--out \/proc\/dome-export\.czml: cannot write/],
      [['coalition.yaml', '--format', 'czml', '--step-s', '0'], /--step-s must be between 1 and 60/],
      [['coalition.yaml', '--format', 'czml', '--workers', '2'], /--workers applies with --trials/],
      [['coalition.yaml', '--format', 'czml', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [argv, message] of cases) {
      const r = await dome(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(message);
    }
    expect(existsSync('/proc/dome-export.czml')).toBe(false);
    // through the command line's main: registered, and the same exit code
    const err: string[] = [];
    expect(await main(['export', 'any.yaml', '--format', 'shp'], { stdout: () => {}, stderr: (s) => err.push(s) })).toBe(2);
    expect(err.join('\n')).toMatch(/^dome: --format: 'shp' is not a format/);
    const help: string[] = [];
    expect(await main(['export', '--help'], { stdout: (s) => help.push(s), stderr: () => {} })).toBe(0);
    expect(help.join('\n')).toMatch(/dome export SCENARIO\.yaml --format czml\|kml\|geojson/);
  });
});
