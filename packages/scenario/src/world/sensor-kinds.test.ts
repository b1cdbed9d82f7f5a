import { describe, expect, it } from 'vitest';
import { deserialize, serialize } from 'node:v8';
import {
  BOOST_PHASE_KINDS,
  type BoostPhaseKind,
  type CoalitionPolicy,
  earthAngle,
  type GroundRadarSpec,
  kindAssets,
  lookAtReleased,
  measureRadar,
  type NationTrack,
  packScan,
  type PolicyAsset,
  pathFromSamples,
  radarLook,
  radarVisibility,
  type RawScan,
  runEstimatedTrial,
  runTrial,
  scanDraft,
  SENSOR_KINDS,
  type SensorKind,
  streamFor,
  toEcef,
  type World,
} from '@golden-dome/core';
import { loadPolicies } from '../policy/policy-loader.ts';
import { buildWorld, type BuildWorldOptions, type WorldRequest } from './build-world.ts';
import { of } from './trial-test-helpers.ts';

// A sensor kind that exists only in this test (sensors/kind.ts, the SensorKind contract): a notional
// "fixer" that gives a 3-D position fix of every released object every `interval` s with a per-axis error
// `sigma` [m]. Its sensors are in World.kindAssets under its name (no World field of its own), and its
// seed-independent tables (per fixer: the times it fixes each object) are built by its `tables` hook with the
// world (buildWorld's `sensorKinds`); it reaches the nations' trackers, their commits and the log through the
// kind list alone (runTrial's and runEstimatedTrial's `sensorKinds`): no engine edit.
interface TestFixer {
  id: string;
  owner: 'US';
  sigma: number;
  interval: number;
}
const fixersOf = (world: World): readonly TestFixer[] => kindAssets<TestFixer>(world, 'test-fixer');
/** Per fixer id: its looks, time-ordered [t, object index] pairs. */
type FixerTables = Record<string, Float64Array>;
let fixerHookCalls = 0;

const fixerKind: SensorKind<FixerTables> = {
  name: 'test-fixer',
  tables(world, prior) {
    fixerHookCalls++;
    const out: FixerTables = {};
    for (const f of fixersOf(world)) {
      const have = prior?.[f.id];
      if (have) {
        out[f.id] = have;
        continue;
      }
      const rows: number[] = [];
      const end = Math.max(...world.objects.map((o) => o.impactTime));
      const paths = world.objects.map((o) => pathFromSamples(o.flight));
      for (let t = 0; t <= end; t += f.interval)
        world.objects.forEach((o, oi) => {
          if (t >= paths[oi].start && t <= o.impactTime) rows.push(t, oi);
        });
      out[f.id] = Float64Array.from(rows);
    }
    return out;
  },
  truthLooks(world, looks) {
    for (const f of fixersOf(world)) lookAtReleased(world, looks, f, f.interval, () => true);
  },
  fireControl: {
    sensors: (world) => fixersOf(world).map((f) => ({ id: f.id, latency: 2, confusion: null })),
    scans(world, looks, first) {
      const raw: RawScan[] = [];
      fixersOf(world).forEach((f, k) => {
        const r = streamFor(looks.seed, `test:${f.id}`);
        const seen = new Set<number>();
        // the looks of its table (handed by the engine: the world's, built by the hook with the world)
        const table = looks.tables[f.id];
        for (let j = 0; j < table.length;) {
          const t = table[j];
          const scan = scanDraft(t, first + k, 'fix');
          for (; j < table.length && table[j] === t; j += 2) {
            const oi = table[j + 1];
            const o = looks.objects[oi];
            if (looks.boostKilled(oi)) continue;
            const p = looks.paths[oi].position(t, new Float64Array(3)) as Float64Array;
            for (let i = 0; i < 3; i++) p[i] += f.sigma * (r.next() + r.next() + r.next() - 1.5) * 2; // variance sigma^2
            const c = new Float64Array(9);
            c[0] = c[4] = c[8] = f.sigma * f.sigma;
            scan.covered.push(oi);
            scan.values.push(...p);
            scan.covariances.push(...c);
            scan.objects.push(oi);
            scan.labels.push(0);
            if (!seen.has(oi)) {
              seen.add(oi);
              looks.events.push({ t: t + 2, type: 'detect', object: o.id, sensor: f.id, owner: f.owner });
            }
          }
          if (scan.covered.length > 0) raw.push(packScan(scan));
        }
      });
      return raw;
    },
  },
};

// A second test kind giving range/angle scans: a copy of the Clear UEWR named 'mirror' (its spec taken from the
// world), measuring through the radar it gives as `radarAt` (the tracker's radar measurement model).
type Mirror = { id: string; owner: 'US'; spec: GroundRadarSpec };
const mirrorsOf = (world: World): readonly Mirror[] => kindAssets<Mirror>(world, 'test-mirror');
const mirrorKind: SensorKind = {
  name: 'test-mirror',
  fireControl: {
    sensors: (world) => mirrorsOf(world).map((m) => ({ id: m.id, latency: 0, confusion: null, radarAt: () => m.spec })),
    scans(world, looks, first) {
      const raw: RawScan[] = [];
      const eci = new Float64Array(3),
        ecef = new Float64Array(3);
      mirrorsOf(world).forEach((m, k) => {
        const r = streamFor(looks.seed, `test:${m.id}`);
        const end = Math.max(...looks.objects.map((o) => o.impactTime));
        for (let t = 0; t <= end; t += 10) {
          const scan = scanDraft(t, first + k, 'radar');
          looks.objects.forEach((o, oi) => {
            if (looks.boostKilled(oi) || t < looks.paths[oi].start || t > o.impactTime) return;
            looks.paths[oi].position(t, eci);
            toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], ecef);
            if (radarVisibility(m.spec, ecef, o.rcs) !== 'visible') return;
            scan.covered.push(oi);
            const z = measureRadar(m.spec, radarLook(m.spec, ecef), r.uniform);
            scan.values.push(z.range, z.azimuth, z.elevation);
            scan.objects.push(oi);
            scan.labels.push(0);
          });
          if (scan.covered.length > 0) raw.push(packScan(scan));
        }
      });
      return raw;
    },
  },
};

// A boost-phase weapon kind that exists only in this test (weapons/kind.ts): a notional "zapper" whose shooters
// each intercept a missile `delay` s after its launch (plus the approvals' wait), at the launch site 100 km up.
// Its weapons are in World.kindAssets under its name; it is planned through runTrial's `boostKinds` alone.
interface Zapper extends PolicyAsset {
  owner: 'US';
  pk: number;
  shooters: number;
  delay: number;
}
const zappersOf = (world: World): readonly Zapper[] => kindAssets<Zapper>(world, 'test-zapper');
const zapperKind: BoostPhaseKind = {
  name: 'test-zapper',
  weapons: zappersOf,
  singleShotPk: (weapon) => (weapon as Zapper).pk,
  windows: (weapon, m, wait) =>
    Array.from({ length: (weapon as Zapper).shooters }, (_, k) => ({
      shooter: `${weapon.id}#${k}`,
      launchTime: m.launchTime + 10 + wait,
      interceptTime: m.launchTime + (weapon as Zapper).delay + wait + 10 * k,
    })),
  point: (_weapon, m) => ({ ...m.site, altitude: 100e3 }),
  cueTime: (_weapon, m) => m.launchTime + 5,
  flyout: (_world, _weapon, _m, offer) => [0, 0, 0, 0, offer.interceptTime - offer.launchTime, 1, 1, 1],
};

const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;
/** One Hwasong-15 at Anchorage; the Clear radars are in the world, but only the kinds given are looked through. */
const request: WorldRequest = {
  epoch: '2029-01-01T00:00:00Z',
  // the test kinds' sensors and weapons are the US's policy assets (a sensor the policy does not list shares nothing)
  policy: {
    ...norad,
    assets: [
      ...norad.assets,
      { id: 'fixer', owner: 'US', kind: 'sensor', assetClass: 'test' },
      { id: 'zapper', owner: 'US', kind: 'interceptor', assetClass: 'boost' },
    ],
  },
  raid: [
    { id: 'h15', type: 'hwasong-15', from: 'pyongyang-sunan', to: 'Anchorage', target: { id: 'anchorage', nation: 'US' }, launchTime: 0 },
  ],
  radars: ['uewr-clear', 'lrdr-clear'],
  batteries: [{ id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 4 }],
};
// built with the default kinds and the fixer (its tables by its hook), the test kinds' assets in World.kindAssets
const fixer: TestFixer = { id: 'fixer', owner: 'US', sigma: 200, interval: 10 };
const zapper: Zapper = { id: 'zapper', owner: 'US', kind: 'interceptor', assetClass: 'boost', pk: 1, shooters: 2, delay: 120 };
const options: BuildWorldOptions = {
  sensorKinds: [...SENSOR_KINDS, fixerKind],
  kindAssets: { 'test-fixer': [fixer], 'test-zapper': [zapper] },
};
const estimated = buildWorld(request, options);
const hookCallsInBuild = fixerHookCalls;
const truth = buildWorld({ ...request, tracks: 'truth' }, options);

describe('a sensor kind registered only in a test world is looked through by the engine', () => {
  it('on estimated tracks: its fixes reach the US tracker (tracks fed by it alone), its commits and its plan', () => {
    const cache = new Map(Object.entries(estimated.windows ?? {}));
    const tracks: NationTrack[] = [];
    const log = runEstimatedTrial(estimated, 1, cache, (nation, list) => nation === 'US' && tracks.push(...list), undefined, {
      sensorKinds: [fixerKind],
    });
    const confirmed = tracks.filter((t) => t.confirmedAt !== null);
    expect(confirmed.length).toBeGreaterThan(0);
    for (const t of confirmed) expect([...t.sources]).toEqual(['fixer']);
    // the track follows the warhead: its last estimate within a few sigma of the truth (the filter's error, not the fix's)
    const rv = estimated.objects.findIndex((o) => o.kind === 'warhead');
    const s = confirmed[0].snapshots.at(-1);
    expect(s?.object).toBe(rv);
    const truthAt = pathFromSamples(estimated.objects[rv].flight).position(s?.t ?? 0, new Float64Array(3));
    expect(Math.hypot(...[0, 1, 2].map((i) => (s?.x[i] ?? 0) - truthAt[i]))).toBeLessThan(5 * 200);
    const detects = of(log, 'detect').filter((d) => d.sensor === 'fixer');
    expect(detects.map((d) => d.object)).toContain(estimated.objects[rv].id);
    expect(of(log, 'detect').every((d) => d.sensor === 'fixer')).toBe(true); // the Clear radars were not looked through
    expect(of(log, 'assign').length).toBeGreaterThan(0);
    // the engine does not know the kind: with the default table the fixer measures nothing; with no kind there is no track
    const byDefault = runEstimatedTrial(estimated, 1, cache, undefined, undefined, { sensorKinds: SENSOR_KINDS });
    expect(of(byDefault, 'detect').some((d) => d.sensor === 'fixer')).toBe(false);
    const blind = runEstimatedTrial(estimated, 1, cache, undefined, undefined, { sensorKinds: [] });
    expect(of(blind, 'track-birth')).toHaveLength(0);
    expect(of(blind, 'assign')).toHaveLength(0);
  });

  it('on estimated tracks: range/angle scans reach the tracker through the radar the kind gives (radarAt)', () => {
    const clear = estimated.radars.find((r) => r.id === 'uewr-clear');
    expect(clear).toBeDefined();
    const mirror: Mirror = {
      id: 'mirror',
      owner: 'US',
      // 2 deg (~220 km) north of Clear: a tracker that took the scans as Clear's (World.radars by index) would be ~220 km off
      spec: {
        ...(clear as { spec: GroundRadarSpec }).spec,
        latitude: (clear as { spec: GroundRadarSpec }).spec.latitude + (2 * Math.PI) / 180,
      },
    };
    const w: World = {
      ...estimated,
      policy: {
        ...estimated.policy,
        assets: [...estimated.policy.assets, { id: 'mirror', owner: 'US', kind: 'sensor', assetClass: 'test' }],
      },
      kindAssets: { ...estimated.kindAssets, 'test-mirror': [mirror] },
    };
    const tracks: NationTrack[] = [];
    runEstimatedTrial(
      w,
      1,
      new Map(Object.entries(w.windows ?? {})),
      (nation, list) => nation === 'US' && tracks.push(...list),
      undefined,
      { sensorKinds: [mirrorKind] },
    );
    const confirmed = tracks.filter((t) => t.confirmedAt !== null);
    expect(confirmed.length).toBeGreaterThan(0);
    for (const t of confirmed) expect([...t.sources]).toEqual(['mirror']);
    // the estimate is where the object is: within 50 km (the UEWR's 0.22 deg at ~2,000 km is ~8 km a look; the filter
    // averages), far inside the ~220 km a wrong site would put it
    const s = confirmed[0].snapshots.at(-1);
    const at = pathFromSamples(w.objects[s?.object ?? 0].flight).position(s?.t ?? 0, new Float64Array(3));
    expect(Math.hypot(...[0, 1, 2].map((i) => (s?.x[i] ?? 0) - at[i]))).toBeLessThan(50e3);
    // a kind that gives range/angle scans but no radarAt is refused by name
    const blind: SensorKind = {
      name: 'no-radar',
      fireControl: {
        ...(mirrorKind.fireControl as NonNullable<SensorKind['fireControl']>),
        sensors: (x) => (mirrorKind.fireControl?.sensors(x) ?? []).map(({ radarAt: _r, ...rest }) => rest),
      },
    };
    expect(() => runEstimatedTrial(w, 1, new Map(Object.entries(w.windows ?? {})), undefined, undefined, { sensorKinds: [blind] })).toThrow(
      /sensor mirror gives range\/angle scans but no radarAt/,
    );
  });

  it('on truth tracks: its detections count toward the US commit', () => {
    const log = runTrial(truth, 1, { sensorKinds: [fixerKind] });
    const tracks = of(log, 'track').filter((t) => t.nation === 'US');
    expect(tracks.length).toBeGreaterThan(0);
    for (const t of tracks) expect(t.sources).toEqual(['fixer']);
    expect(of(log, 'assign').length).toBeGreaterThan(0);
    expect(of(runTrial(truth, 1, { sensorKinds: [] }), 'track')).toHaveLength(0);
  });
});

describe('a kind’s own slot in the world: its assets in World.kindAssets, its tables built by its hook with the world', () => {
  it('world building calls the kind’s tables hook (World.sensorTables under its name); the trial hands the kind those', () => {
    expect(hookCallsInBuild).toBe(1); // the estimated world's build called it once
    const built = estimated.sensorTables?.['test-fixer'] as FixerTables;
    expect(built.fixer.length).toBeGreaterThan(0);
    expect(built).toEqual(fixerKind.tables?.(estimated, undefined, 'estimated'));
    const cache = new Map(Object.entries(estimated.windows ?? {}));
    // the trial looks through the tables the world holds, not tables of its own: with the fixer's emptied, nothing is seen
    const emptied: World = { ...estimated, sensorTables: { ...estimated.sensorTables, 'test-fixer': { fixer: new Float64Array(0) } } };
    const blind = runEstimatedTrial(emptied, 1, cache, undefined, undefined, { sensorKinds: [fixerKind] });
    expect(of(blind, 'detect')).toHaveLength(0);
    expect(of(blind, 'track-birth')).toHaveLength(0);
    // a world that holds none (built without the kind): the hook makes them for the trial, once per world
    const { 'test-fixer': _drop, ...others } = estimated.sensorTables ?? {};
    const bare: World = { ...estimated, sensorTables: others };
    const calls = fixerHookCalls;
    const logs = [1, 2].map((seed) => runEstimatedTrial(bare, seed, cache, undefined, undefined, { sensorKinds: [fixerKind] }));
    expect(fixerHookCalls - calls).toBe(1);
    expect(JSON.stringify(logs[0])).toBe(
      JSON.stringify(runEstimatedTrial(estimated, 1, cache, undefined, undefined, { sensorKinds: [fixerKind] })),
    );
  });

  it('the kind’s slot travels to a worker with the world (v8.serialize, as packages/pool sends worlds): the same log', () => {
    const copy = deserialize(serialize(estimated)) as World;
    expect(copy.sensorTables?.['test-fixer']).toEqual(estimated.sensorTables?.['test-fixer']);
    const kinds = { sensorKinds: [...SENSOR_KINDS, fixerKind], boostKinds: [...BOOST_PHASE_KINDS, zapperKind] };
    expect(JSON.stringify(runTrial(copy, 3, kinds))).toBe(JSON.stringify(runTrial(estimated, 3, kinds)));
  });

  it('a boost-phase weapon kind with its weapons in World.kindAssets is planned and flown by the estimated trial', () => {
    // (the fixer tracks the warhead early enough for the midcourse battery to engage it; the Clear radars alone do not)
    const sensorKinds = [...SENSOR_KINDS, fixerKind];
    const log = runTrial(estimated, 1, { sensorKinds, boostKinds: [...BOOST_PHASE_KINDS, zapperKind] });
    const zaps = of(log, 'fire').filter((e) => e.weapon.startsWith('zapper#'));
    // the doctrine's two shots, from its two shooters, launched 10 s after the launch
    expect(zaps.map((e) => [e.object, e.weapon, e.t])).toEqual([
      ['h15', 'zapper#0', 10],
      ['h15', 'zapper#1', 10],
    ]);
    const hits = of(log, 'intercept').filter((e) => e.weapon.startsWith('zapper#'));
    expect(hits.map((e) => [e.t, e.hit, e.alreadyDestroyed])).toEqual([
      [120, true, false],
      [130, true, true],
    ]);
    // the boost kill destroys the warhead: the midcourse battery never engages it, as it does without the kind
    expect(of(log, 'assign').filter((a) => a.weapon === 'ngi-fort-greely')).toHaveLength(0);
    const without = runTrial(estimated, 1, { sensorKinds });
    expect(of(without, 'fire').some((e) => e.weapon.startsWith('zapper#'))).toBe(false);
    expect(of(without, 'assign').some((a) => a.weapon === 'ngi-fort-greely')).toBe(true);
  });
});
