import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../engine/events.ts';
import { eventsVisibleTo } from './event-visibility.ts';
import type { CoalitionPolicy, NationPolicy, PolicyAsset, SharingRule } from './national-policy.ts';

// Hand-written coalitions (illustrative, not the example files): 'withheld' — CA keeps its OTH radars
// (a-othr, p-othr) from the US; 'integrated' — like norad-integrated, both share everything.
const nation = (code: string, sharing: SharingRule[]): NationPolicy => ({
  nation: code,
  name: code,
  territory: [],
  engagement: [{ defend: [code] }],
  sharing,
  priorities: { assets: {}, nations: {}, defaultWeight: 1 },
});
const assets: PolicyAsset[] = [
  { id: 'uewr', owner: 'US', kind: 'sensor', assetClass: 'early-warning' },
  { id: 'a-othr', owner: 'CA', kind: 'sensor', assetClass: 'oth-radar' },
  { id: 'p-othr', owner: 'CA', kind: 'sensor', assetClass: 'oth-radar' },
  { id: 'ngi', owner: 'US', kind: 'interceptor', assetClass: 'midcourse' },
  { id: 'ca-battery', owner: 'CA', kind: 'interceptor', assetClass: 'terminal' },
];
const coalition = (name: string, us: SharingRule[], ca: SharingRule[]): CoalitionPolicy => ({
  name,
  nations: { US: nation('US', us), CA: nation('CA', ca) },
  assets,
  defended: [],
});
const withheld = coalition('withheld', [{ with: ['CA'], delay: 0, sigmaFactor: 1 }], []);
const integrated = coalition('integrated', [{ with: ['CA'], delay: 0, sigmaFactor: 1 }], [{ with: ['US'], delay: 0, sigmaFactor: 1 }]);
const lateAOthr = coalition(
  'late',
  [{ with: ['CA'], delay: 0, sigmaFactor: 1 }],
  [{ sensors: ['a-othr'], with: ['US'], delay: 60, sigmaFactor: 2 }],
);

// the world's weapons: one US battery and a US space layer (its shots are `sbi#<satellite>`)
const world = {
  batteries: [],
  spaceLayers: [{ id: 'sbi', owner: 'US' }],
} as unknown as Parameters<typeof eventsVisibleTo>[2];

const p = { latitude: 0.7, longitude: -2.1 };
const log: EngineEvent[] = [
  { t: 0, type: 'launch', missile: 'm1', objects: ['rv1'], site: p },
  { t: 200, type: 'burnout', missile: 'm1' },
  { t: 210, type: 'fire', object: 'm1', weapon: 'sbi#17', owner: 'US', layer: 'space', shot: 1, plannedIntercept: 240 },
  {
    t: 240,
    type: 'intercept',
    object: 'm1',
    weapon: 'sbi#17',
    layer: 'space',
    shot: 1,
    hit: false,
    point: { ...p, altitude: 3e5 },
    alreadyDestroyed: false,
  },
  { t: 600, type: 'detect', object: 'rv1', sensor: 'uewr', owner: 'US' },
  { t: 610, type: 'detect', object: 'rv1', sensor: 'p-othr', owner: 'CA' },
  { t: 620, type: 'detect', object: 'rv1', sensor: 'a-othr', owner: 'CA' },
  { t: 650, type: 'track', object: 'rv1', nation: 'US', sources: ['uewr'] },
  { t: 650, type: 'track', object: 'rv1', nation: 'CA', sources: ['p-othr', 'a-othr'] },
  { t: 660, type: 'track', object: 'rv1', nation: 'CA', sources: ['uewr', 'p-othr'] },
  { t: 670, type: 'assign', object: 'rv1', weapon: 'ngi', owner: 'US', nation: 'US', approvalDelay: 0, approvals: [], reason: 'r' },
  { t: 670, type: 'refuse', object: 'rv1', weapon: 'ca-battery', nation: 'CA', reason: 'out of scope' },
  { t: 680, type: 'fire', object: 'rv1', weapon: 'ngi', owner: 'US', layer: 'midcourse', shot: 1, plannedIntercept: 900 },
  {
    t: 900,
    type: 'intercept',
    object: 'rv1',
    weapon: 'ngi',
    layer: 'midcourse',
    shot: 1,
    hit: false,
    point: { ...p, altitude: 2e5 },
    alreadyDestroyed: false,
  },
  { t: 905, type: 'kill-assess', object: 'rv1', weapon: 'ngi', killed: false },
  { t: 1800, type: 'impact', object: 'rv1', kind: 'warhead', point: p, aimedAt: { nation: 'US', id: 'seattle' } },
];

const CA_SENSORS = new Set(['a-othr', 'p-othr']);
const caSourced = (e: EngineEvent): boolean =>
  (e.type === 'detect' && CA_SENSORS.has(e.sensor)) || (e.type === 'track' && e.sources.some((s) => CA_SENSORS.has(s)));
const types = (events: EngineEvent[]): string[] => events.map((e) => e.type);

describe('eventsVisibleTo', () => {
  it('never gives the US a detection or track from a CA sensor CA withholds; CA sees them', () => {
    const us = eventsVisibleTo(withheld, 'US', world, log);
    const ca = eventsVisibleTo(withheld, 'CA', world, log);
    expect(us.filter(caSourced)).toEqual([]);
    expect(ca.filter(caSourced).length).toBe(4); // two detections and two tracks
    // the US keeps its own detection and track
    expect(us.filter((e) => e.type === 'detect' || e.type === 'track')).toEqual([log[4], log[7]]);
    // CA gets the US radar (shared with CA), its own tracks, and the US track (uewr is shared with it)
    expect(ca.filter((e) => e.type === 'detect').map((e) => (e as { sensor: string }).sensor)).toEqual(['uewr', 'p-othr', 'a-othr']);
  });

  it('gives both nations the CA-sourced detections and tracks when everything is shared (integrated)', () => {
    expect(eventsVisibleTo(integrated, 'US', world, log).filter(caSourced).length).toBe(4);
    expect(eventsVisibleTo(integrated, 'CA', world, log).filter(caSourced).length).toBe(4);
  });

  it('keeps launches, burnouts and impacts for everyone, and weapon events for their owner only', () => {
    const us = eventsVisibleTo(withheld, 'US', world, log);
    const ca = eventsVisibleTo(withheld, 'CA', world, log);
    const other = eventsVisibleTo(withheld, 'UK', world, log); // a nation without a policy: public facts only
    expect(types(other)).toEqual(['launch', 'burnout', 'impact']);
    expect(types(us).filter((t) => !['detect', 'track'].includes(t))).toEqual([
      'launch',
      'burnout',
      'fire',
      'intercept',
      'assign',
      'fire',
      'intercept',
      'kill-assess',
      'impact',
    ]);
    expect(types(ca).filter((t) => !['detect', 'track'].includes(t))).toEqual(['launch', 'burnout', 'refuse', 'impact']);
    // the space layer's shots (sbi#17) are the US's
    expect(us.some((e) => e.type === 'fire' && e.weapon === 'sbi#17')).toBe(true);
  });

  it("under an integrated command, a partner receives the owner's intercepts and kill assessments (late by the share's delay), never its shots or assignments", () => {
    const sharing = (delay: number): CoalitionPolicy => ({
      ...integrated,
      nations: { ...integrated.nations, US: { ...integrated.nations.US, engagementSharing: [{ with: ['CA'], delay }] } },
    });
    const ca = eventsVisibleTo(sharing(0), 'CA', world, log);
    // the NGI's and the space layer's outcomes, as logged; no fire, no assign of a US weapon
    expect(ca.filter((e) => e.type === 'intercept' || e.type === 'kill-assess')).toEqual(
      log.filter((e) => e.type === 'intercept' || e.type === 'kill-assess'),
    );
    expect(ca.filter((e) => (e.type === 'fire' || e.type === 'assign') && e.owner === 'US')).toEqual([]);
    // a 30 s share delay moves them later; the US keeps its own at their time
    const late = eventsVisibleTo(sharing(30), 'CA', world, log).filter((e) => e.type === 'kill-assess');
    expect(late.map((e) => e.t)).toEqual([905 + 30]);
    expect(eventsVisibleTo(sharing(30), 'US', world, log).find((e) => e.type === 'kill-assess')?.t).toBe(905);
    // without the rule (integrated sensors, engagements kept), CA receives none of them
    expect(eventsVisibleTo(integrated, 'CA', world, log).filter((e) => e.type === 'intercept' || e.type === 'kill-assess')).toEqual([]);
    // the rule lists CA only: a third nation gets nothing
    expect(eventsVisibleTo(sharing(0), 'UK', world, log).filter((e) => e.type === 'intercept' || e.type === 'kill-assess')).toEqual([]);
  });

  it('delays a shared detection by the share delay and keeps the log time-ordered', () => {
    const us = eventsVisibleTo(lateAOthr, 'US', world, log);
    const late = us.find((e) => e.type === 'detect' && e.sensor === 'a-othr');
    expect(late?.t).toBe(620 + 60);
    expect(us.some((e) => e.type === 'detect' && e.sensor === 'p-othr')).toBe(false);
    // a track fed partly by a withheld sensor is dropped whole
    expect(us.filter(caSourced).length).toBe(1);
    for (let i = 1; i < us.length; i++) expect(us[i].t).toBeGreaterThanOrEqual(us[i - 1].t);
    // moved to t = 680, it ties with the NGI fire and keeps its place before it (the log's order)
    expect(us.indexOf(late as EngineEvent)).toBe(us.findIndex((e) => e.type === 'fire' && e.weapon === 'ngi') - 1);
  });

  it('gives a nation only its own estimated-track picture (firm tracks, P(warhead) steps, measurement counts)', () => {
    const picture: EngineEvent[] = [
      { t: 640, type: 'track-birth', object: 'rv1', nation: 'CA', track: 'CA:T1' },
      { t: 640, type: 'p-warhead', object: 'rv1', nation: 'CA', track: 'CA:T1', p: 0.8 },
      { t: 1800, type: 'measurements', nation: 'CA', counts: { 'a-othr': 3, 'p-othr': 5 } },
      { t: 645, type: 'track-birth', object: 'rv1', nation: 'US', track: 'US:T1' },
      { t: 1800, type: 'measurements', nation: 'US', counts: { uewr: 9 } },
    ];
    for (const policy of [withheld, integrated]) {
      const us = eventsVisibleTo(policy, 'US', world, picture);
      expect(us.every((e) => 'nation' in e && e.nation === 'US')).toBe(true);
      expect(us).toHaveLength(2);
      const ca = eventsVisibleTo(policy, 'CA', world, picture);
      expect(ca.every((e) => 'nation' in e && e.nation === 'CA')).toBe(true);
      expect(ca).toHaveLength(3);
    }
  });

  it('is deterministic and leaves the input log unchanged', () => {
    const before = JSON.stringify(log);
    const a = eventsVisibleTo(lateAOthr, 'US', world, log);
    const b = eventsVisibleTo(lateAOthr, 'US', world, log);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(log)).toBe(before);
  });
});

describe("the air layer's shots (a fighter sortie `<base>#<k>`, a ground battery)", () => {
  const air = {
    batteries: [],
    spaceLayers: [],
    fighterBases: [{ id: 'bagotville-qra', owner: 'CA' }],
    airBatteries: [{ id: 'nasams-dc', owner: 'US' }],
  } as unknown as Parameters<typeof eventsVisibleTo>[2];
  const at = { latitude: 0.8, longitude: -1.2, altitude: 60 };
  const shots: EngineEvent[] = [
    {
      t: 100,
      type: 'intercept',
      object: 'kh-1/rv0',
      weapon: 'bagotville-qra#2',
      layer: 'air',
      shot: 1,
      hit: true,
      point: at,
      alreadyDestroyed: false,
    },
    { t: 160, type: 'kill-assess', object: 'kh-1/rv0', weapon: 'bagotville-qra#2', killed: true, nation: 'CA', truth: true, shot: 1 },
    {
      t: 200,
      type: 'intercept',
      object: 'kh-2/rv0',
      weapon: 'nasams-dc',
      layer: 'air',
      shot: 1,
      hit: false,
      point: at,
      alreadyDestroyed: false,
    },
  ];
  it("are their owner's: the base's owner owns its sorties, the battery's owner its shots; a partner sees them only if outcomes are shared", () => {
    expect(eventsVisibleTo(withheld, 'CA', air, shots).map((e) => e.t)).toEqual([100, 160]);
    expect(eventsVisibleTo(withheld, 'US', air, shots).map((e) => e.t)).toEqual([200]);
  });
});

describe('a consent request (live command: a partner engagement waiting for a commanded nation)', () => {
  const at = { latitude: 1.2, longitude: -2.4, altitude: 10_000 };
  const engagement: EngineEvent[] = [
    {
      t: 100,
      type: 'assign',
      object: 'kh-1/rv0',
      weapon: 'ngi',
      owner: 'US',
      nation: 'US',
      approvalDelay: 120,
      approvals: [{ nation: 'CA', delay: 120 }],
      reason: 'r',
      track: 'US:A4',
      pWarhead: 1,
      handoverError: 330,
      pAcquire: 0.9,
    },
    {
      t: 100,
      type: 'consent',
      object: 'kh-1/rv0',
      weapon: 'ngi',
      weaponClass: 'midcourse',
      owner: 'US',
      nation: 'CA',
      intercept: 400,
      point: at,
      deadline: 220,
    },
    { t: 130, type: 'decision', object: 'kh-1/rv0', weapon: 'ngi', nation: 'CA', verdict: 'approve', by: 'commander' },
    { t: 400, type: 'fire', object: 'kh-1/rv0', weapon: 'ngi', owner: 'US', layer: 'midcourse', shot: 1, plannedIntercept: 400 },
  ];
  it('goes to the nation asked and to the requester only; the nation asked holds nothing else of the engagement but its own answer', () => {
    expect(types(eventsVisibleTo(withheld, 'CA', world, engagement))).toEqual(['consent', 'decision']);
    expect(types(eventsVisibleTo(withheld, 'US', world, engagement))).toEqual(['assign', 'consent', 'decision', 'fire']);
    expect(eventsVisibleTo(withheld, 'UK', world, engagement)).toEqual([]);
  });
});
