import { describe, expect, it } from 'vitest';
import {
  type CoalitionPolicy,
  DEFAULT_TRACKER,
  NO_OBJECT,
  NO_OBJECT_ID,
  type NationTrack,
  type RawScan,
  runEstimatedTrial,
  SENSOR_KINDS,
  type SensorKind,
  summarizeTrial,
  trialSummaryContext,
  type World,
} from '@golden-dome/core';
import { loadPolicies } from '../policy/policy-loader.ts';
import { buildWorld } from './build-world.ts';
import { alaskaCaliforniaBatteries, singleWarheadRequest, smallRaidRequest } from './small-raid.ts';
import { cacheOf, of } from './trial-test-helpers.ts';

// Radar false alarms in the closed kill chain (core/sensors/radar/false-alarms.ts; docs/closed-kill-chain.md,
// "False alarms"): drawn from a stream of their own, fed to the nations that may use the radar, tracked like
// any detection, and a track on them follows no object: never committed, and a shot at it meets nothing.
const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;

const single = buildWorld(singleWarheadRequest());

/** The small raid of the library's tests (small-raid.ts), shoot-look-shoot: it fires at several objects. */
const small = buildWorld({
  ...smallRaidRequest(alaskaCaliforniaBatteries(20)),
  doctrine: { shotsPerThreat: 2, shootLookShoot: true, killAssessmentDelay: 60, reserveFraction: 0 },
});

/**
 * The world with some radars' false-alarm probability replaced (a test world: the catalog's is 1e-6). The
 * look tables computed with the world are kept, so the true detections' Pd is the catalog's and only the false
 * alarms change.
 */
const withPfa = (w: World, pfa: Record<string, number>): World => ({
  ...w,
  radars: w.radars.map((r) => (pfa[r.id] === undefined ? r : { ...r, spec: { ...r.spec, falseAlarmProbability: pfa[r.id] } })),
});

/** The sensor kinds, each fire-control scan passed through `see` (to record or rewrite it) with its sensor's id. */
const watching = (see: (scan: RawScan, sensor: string) => RawScan): SensorKind[] =>
  SENSOR_KINDS.map((k) => {
    const fc = k.fireControl;
    if (!fc) return k;
    return {
      ...k,
      fireControl: {
        sensors: fc.sensors,
        scans: (w, looks, first) => {
          const ids = fc.sensors(w).map((s) => s.id);
          return fc.scans(w, looks, first).map((s) => see(s, ids[s.sensorIndex - first]));
        },
      },
    };
  });

describe('radar false alarms in the closed kill chain', () => {
  it('come from a stream of their own: every true detection is the same at any Pfa, and the false ones carry no object and no label', () => {
    const run = (w: World): RawScan[] => {
      const scans: RawScan[] = [];
      runEstimatedTrial(w, 3, cacheOf(w), undefined, undefined, { sensorKinds: watching((s) => (scans.push(s), s)) });
      return scans;
    };
    const truths = (s: RawScan) =>
      JSON.stringify([
        s.t,
        s.sensorIndex,
        s.objects.filter((o) => o >= 0),
        [...s.values.subarray(0, 3 * s.objects.filter((o) => o >= 0).length)],
        s.labels.filter((_, j) => s.objects[j] >= 0),
      ]);
    const catalog = run(single);
    const dense = run(withPfa(single, { 'uewr-clear': 1e-4, 'lrdr-clear': 1e-4 }));
    expect(dense.map(truths)).toEqual(catalog.map(truths));
    let falseAlarms = 0;
    for (const s of dense)
      s.objects.forEach((o, j) => {
        if (o >= 0) return;
        expect(o).toBe(NO_OBJECT);
        expect(s.labels[j]).toBe(0);
        falseAlarms++;
      });
    expect(falseAlarms).toBeGreaterThan(100);
  });

  it('where they are dense, tracks are born on them: they follow no object, are never committed, and no truth counter takes them for a warhead', () => {
    const w = withPfa(single, { 'uewr-clear': 1e-3, 'lrdr-clear': 1e-3 });
    const ctx = trialSummaryContext(w);
    const maxMisses = (w.settings.tracker ?? DEFAULT_TRACKER).maxMisses;
    let born = 0;
    for (const seed of [1, 2]) {
      let tracks: readonly NationTrack[] = [];
      const scanTimes = new Map<string, number[]>();
      const log = runEstimatedTrial(
        w,
        seed,
        cacheOf(w),
        (_n, t) => {
          tracks = t;
        },
        undefined,
        {
          sensorKinds: watching((scan, sensor) => {
            scanTimes.set(sensor, [...(scanTimes.get(sensor) ?? []), scan.t]);
            return scan;
          }),
        },
      );
      const onNothing = tracks.filter((tr) => tr.confirmedAt !== null && tr.snapshots.at(0)?.object === NO_OBJECT);
      const births = of(log, 'track-birth').filter((e) => e.object === NO_OBJECT_ID);
      expect(births.map((e) => e.track).sort()).toEqual(onNothing.map((tr) => `US:T${tr.id}`).sort());
      born += births.length;
      // never committed while they follow no object: no decision, assignment or shot names one
      for (const t of ['track', 'assign', 'fire'] as const) expect(of(log, t).filter((e) => e.object === NO_OBJECT_ID)).toHaveLength(0);
      // the truth counters see one warhead, destroyed or leaking, and no shot at a decoy that was not one
      const s = summarizeTrial(ctx, seed, log);
      expect(s.warheads).toBe(1);
      expect(s.warheadsDestroyed + s.warheadLeakers).toBe(1);
      expect(s.shotsAtDecoys).toBe(0);
      // and they are dropped by their sensor's scans: at its maxMisses-th scan without an update (a track on
      // false alarms follows no object a scan covers; the scans of the sensors that fed it cover it)
      for (const tr of onNothing) {
        const last = tr.snapshots.at(-1)?.t as number;
        const after = (scanTimes.get([...tr.sources][0]) ?? []).filter((t) => t > last && (tr.deletedAt === null || t <= tr.deletedAt));
        expect(tr.sources.size).toBe(1);
        if (tr.deletedAt === null) expect(after.length).toBeLessThan(maxMisses);
        else expect(after.length).toBe(maxMisses);
      }
    }
    expect(born).toBeGreaterThan(5);
  });

  it('a shot whose track follows false alarms at launch meets nothing, kills nothing, and is logged as a shot at a false track', () => {
    // The US track on the warhead is taken over by false alarms before the first launch: from 60 s before it,
    // every detection of the scans is marked as a false alarm (the same measurements; only the truth changes),
    // so the track follows no object when the NGIs fly. (The plan was made on the warhead's track.)
    const seed = 1;
    const plain = runEstimatedTrial(small, seed, cacheOf(small));
    const first = of(plain, 'fire')[0];
    expect(small.objects.map((o) => o.id)).toContain(first?.object);
    const from = first.t - 60;
    let tracks: readonly NationTrack[] = [];
    const log = runEstimatedTrial(
      small,
      seed,
      cacheOf(small),
      (n, t) => {
        if (n === 'US') tracks = t;
      },
      undefined,
      { sensorKinds: watching((s) => (s.t < from ? s : { ...s, objects: s.objects.map(() => NO_OBJECT) })) },
    );
    const fires = of(log, 'fire').filter((e) => e.object === NO_OBJECT_ID);
    expect(fires.length).toBeGreaterThan(0);
    // each assignment names what its track followed at launch (its latest update held then): nothing, for a track on false alarms
    let checked = 0;
    for (const e of of(log, 'assign').filter((x) => x.nation === 'US')) {
      const tr = tracks.find((x) => `US:T${x.id}` === e.track) as NationTrack;
      const held = tr.snapshots.latestKnownBy(e.t + e.approvalDelay);
      expect(e.object === NO_OBJECT_ID, e.track).toBe(held?.object === NO_OBJECT);
      checked++;
    }
    expect(checked).toBeGreaterThan(fires.length);
    expect(of(log, 'assign').filter((e) => e.object === NO_OBJECT_ID)).toHaveLength(fires.length);
    for (const e of of(log, 'intercept').filter((x) => x.object === NO_OBJECT_ID)) {
      expect(e.hit).toBe(false);
      expect(e.acquired).toBe(false);
    }
    const assessed = of(log, 'kill-assess').filter((e) => e.object === NO_OBJECT_ID);
    expect(assessed).toHaveLength(fires.length);
    for (const e of assessed) expect([e.sensor, e.killed, e.truth]).toEqual([null, false, false]);
    // counted as interceptors fired, not as shots at decoys
    const s = summarizeTrial(trialSummaryContext(small), seed, log);
    expect(s.interceptorsFired).toBe(of(log, 'fire').length);
    expect(s.shotsAtDecoys).toBe(of(log, 'fire').filter((e) => small.objects.find((o) => o.id === e.object)?.kind === 'decoy').length);
  });

  it('a sensor a nation may not use brings it no false alarms', () => {
    // LRDR made Canada's (illustrative), Canada sharing nothing with the US: the US picture is the same whatever
    // the LRDR's Pfa; shared (the NORAD policy), a dense LRDR Pfa changes it
    const policy: CoalitionPolicy = {
      ...norad,
      name: 'LRDR Canadian and withheld (test)',
      assets: norad.assets.map((a) => (a.id === 'lrdr-clear' ? { ...a, owner: 'CA' } : a)),
      nations: { ...norad.nations, CA: { ...norad.nations.CA, sharing: [] } },
    };
    const picture = (w: World): string => {
      let tracks: readonly NationTrack[] = [];
      runEstimatedTrial(w, 2, cacheOf(w), (n, t) => {
        if (n === 'US') tracks = t;
      });
      return JSON.stringify(tracks.map((tr) => [tr.id, tr.object, [...tr.sources], [...tr.snapshots].map((s) => [s.t, s.object, ...s.x])]));
    };
    const withheld: World = { ...single, policy };
    expect(picture(withPfa(withheld, { 'lrdr-clear': 1e-3 }))).toBe(picture(withheld));
    expect(picture(withPfa(single, { 'lrdr-clear': 1e-3 }))).not.toBe(picture(single));
  });
});
