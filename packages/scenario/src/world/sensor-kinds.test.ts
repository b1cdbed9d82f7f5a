import { describe, expect, it } from 'vitest';
import {
  type CoalitionPolicy,
  earthAngle,
  type EngineEvent,
  type GroundRadarSpec,
  lookAtReleased,
  measureRadar,
  type NationTrack,
  packScan,
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
import { buildWorld, type WorldRequest } from './build-world.ts';

// A sensor kind that exists only in this test (sensors/kind.ts, the SensorKind contract): a notional
// "fixer" that gives a 3-D position fix of every released object every `interval` s with a per-axis error
// `sigma` [m]. Its sensors live in a world field no engine code knows (`testFixers`); it reaches the
// nations' trackers, their commits and the log through the kind list alone (runTrial's `sensorKinds`,
// runEstimatedTrial's `kinds`): no engine edit.
interface TestFixer {
  id: string;
  owner: 'US';
  sigma: number;
  interval: number;
}
type TestWorld = World & { testFixers: TestFixer[] };
const fixersOf = (world: World): TestFixer[] => (world as TestWorld).testFixers ?? [];

const fixerKind: SensorKind = {
  name: 'test-fixer',
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
        const end = Math.max(...looks.objects.map((o) => o.impactTime));
        for (let t = 0; t <= end; t += f.interval) {
          const scan = scanDraft(t, first + k, 'fix');
          looks.objects.forEach((o, oi) => {
            if (looks.boostKilled(oi) || t < looks.paths[oi].start || t > o.impactTime) return;
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
          });
          if (scan.covered.length > 0) raw.push(packScan(scan));
        }
      });
      return raw;
    },
  },
};

// A second test kind giving range/angle scans: a copy of the Clear UEWR named 'mirror' (its spec taken from the
// world), measuring through the radar it gives as `radarAt` (the tracker's radar measurement model).
type MirrorWorld = World & { testMirrors?: Array<{ id: string; owner: 'US'; spec: GroundRadarSpec }> };
const mirrorKind: SensorKind = {
  name: 'test-mirror',
  fireControl: {
    sensors: (world) =>
      ((world as MirrorWorld).testMirrors ?? []).map((m) => ({ id: m.id, latency: 0, confusion: null, radarAt: () => m.spec })),
    scans(world, looks, first) {
      const raw: RawScan[] = [];
      const eci = new Float64Array(3),
        ecef = new Float64Array(3);
      ((world as MirrorWorld).testMirrors ?? []).forEach((m, k) => {
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

const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;
/** One Hwasong-15 at Anchorage; the Clear radars are in the world, but only the kinds given are looked through. */
const request: WorldRequest = {
  epoch: '2029-01-01T00:00:00Z',
  policy: norad,
  raid: [
    { id: 'h15', type: 'hwasong-15', from: 'pyongyang-sunan', to: 'Anchorage', target: { id: 'anchorage', nation: 'US' }, launchTime: 0 },
  ],
  radars: ['uewr-clear', 'lrdr-clear'],
  batteries: [{ id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 4 }],
};
const withFixer = (w: World): TestWorld => ({
  ...w,
  policy: { ...w.policy, assets: [...w.policy.assets, { id: 'fixer', owner: 'US', kind: 'sensor', assetClass: 'test' }] },
  testFixers: [{ id: 'fixer', owner: 'US', sigma: 200, interval: 10 }],
});
const estimated = withFixer(buildWorld(request));
const truth = withFixer(buildWorld({ ...request, tracks: 'truth' }));
const of = <T extends EngineEvent['type']>(log: readonly EngineEvent[], type: T) =>
  log.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

describe('a sensor kind registered only in a test world is looked through by the engine', () => {
  it('on estimated tracks: its fixes reach the US tracker (tracks fed by it alone), its commits and its plan', () => {
    const cache = new Map(Object.entries(estimated.windows ?? {}));
    const tracks: NationTrack[] = [];
    const log = runEstimatedTrial(estimated, 1, cache, (nation, list) => nation === 'US' && tracks.push(...list), undefined, [fixerKind]);
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
    const byDefault = runEstimatedTrial(estimated, 1, cache, undefined, undefined, SENSOR_KINDS);
    expect(of(byDefault, 'detect').some((d) => d.sensor === 'fixer')).toBe(false);
    const blind = runEstimatedTrial(estimated, 1, cache, undefined, undefined, []);
    expect(of(blind, 'track-birth')).toHaveLength(0);
    expect(of(blind, 'assign')).toHaveLength(0);
  });

  it('on estimated tracks: range/angle scans reach the tracker through the radar the kind gives (radarAt)', () => {
    const clear = estimated.radars.find((r) => r.id === 'uewr-clear');
    expect(clear).toBeDefined();
    const w: MirrorWorld = {
      ...estimated,
      policy: {
        ...estimated.policy,
        assets: [...estimated.policy.assets, { id: 'mirror', owner: 'US', kind: 'sensor', assetClass: 'test' }],
      },
      // 2 deg (~220 km) north of Clear: a tracker that took the scans as Clear's (World.radars by index) would be ~220 km off
      testMirrors: [
        {
          id: 'mirror',
          owner: 'US',
          spec: {
            ...(clear as { spec: GroundRadarSpec }).spec,
            latitude: (clear as { spec: GroundRadarSpec }).spec.latitude + (2 * Math.PI) / 180,
          },
        },
      ],
    };
    const tracks: NationTrack[] = [];
    runEstimatedTrial(
      w,
      1,
      new Map(Object.entries(w.windows ?? {})),
      (nation, list) => nation === 'US' && tracks.push(...list),
      undefined,
      [mirrorKind],
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
    expect(() => runEstimatedTrial(w, 1, new Map(Object.entries(w.windows ?? {})), undefined, undefined, [blind])).toThrow(
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
