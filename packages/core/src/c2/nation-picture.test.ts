import { describe, expect, it } from 'vitest';
import { campaignLog } from '../analysis/campaign-view.ts';
import type { EngineEvent } from '../engine/events.ts';
import type { World } from '../engine/world.ts';
import type { CoalitionPolicy, NationPolicy, SharingRule } from './national-policy.ts';
import { firstSeenObjects, sensorVisibleTo, weaponVisibleTo } from './nation-picture.ts';

// A hand-written coalition (illustrative): CA withholds a-othr from the US and gives it p-othr 30 s late;
// the US gives its UEWR to CA.
const nation = (code: string, sharing: SharingRule[]): NationPolicy => ({
  nation: code,
  name: code,
  territory: [],
  engagement: [{ defend: [code] }],
  sharing,
  priorities: { assets: {}, nations: {}, defaultWeight: 1 },
});
const policy: CoalitionPolicy = {
  name: 'test',
  nations: {
    US: nation('US', [{ with: ['CA'], delay: 0, sigmaFactor: 1 }]),
    CA: nation('CA', [{ sensors: ['p-othr'], with: ['US'], delay: 30, sigmaFactor: 1 }]),
  },
  assets: [
    { id: 'uewr', owner: 'US', kind: 'sensor', assetClass: 'early-warning' },
    { id: 'a-othr', owner: 'CA', kind: 'sensor', assetClass: 'oth-radar' },
    { id: 'p-othr', owner: 'CA', kind: 'sensor', assetClass: 'oth-radar' },
  ],
  defended: [],
};
const world = { policy, batteries: [{ id: 'ngi', owner: 'US' }], spaceLayers: [] } as unknown as World;
const log: EngineEvent[] = [
  { t: 100, type: 'detect', object: 'rv1', sensor: 'a-othr', owner: 'CA' },
  { t: 110, type: 'detect', object: 'rv1', sensor: 'p-othr', owner: 'CA' },
  { t: 150, type: 'detect', object: 'rv1', sensor: 'uewr', owner: 'US' },
  { t: 160, type: 'track', object: 'rv2', nation: 'CA', sources: ['a-othr'] },
];

describe('what a nation may know of', () => {
  it('a sensor: its own or one shared with it; a weapon: its own only', () => {
    expect(sensorVisibleTo(policy, 'US', { id: 'a-othr', owner: 'CA' })).toBe(false);
    expect(sensorVisibleTo(policy, 'US', { id: 'p-othr', owner: 'CA' })).toBe(true);
    expect(sensorVisibleTo(policy, 'CA', { id: 'uewr', owner: 'US' })).toBe(true);
    expect(sensorVisibleTo(policy, 'CA', { id: 'a-othr', owner: 'CA' })).toBe(true);
    // a sensor the policy does not list is its owner's alone
    expect(sensorVisibleTo(policy, 'CA', { id: 'unlisted', owner: 'CA' })).toBe(true);
    expect(sensorVisibleTo(policy, 'US', { id: 'unlisted', owner: 'CA' })).toBe(false);
    expect(weaponVisibleTo('US', { owner: 'US' })).toBe(true);
    expect(weaponVisibleTo('CA', { owner: 'US' })).toBe(false);
  });

  it("first sight of each object in a nation's log: the shared sensor when it arrives, never the withheld one", () => {
    expect(Object.fromEntries(firstSeenObjects(campaignLog(world, 'US', log)))).toEqual({ rv1: 140 });
    expect(Object.fromEntries(firstSeenObjects(campaignLog(world, 'CA', log)))).toEqual({ rv1: 100, rv2: 160 });
    // the whole log (no nation): everything as it happened
    expect(campaignLog(world, undefined, log)).toBe(log);
    expect(Object.fromEntries(firstSeenObjects(log))).toEqual({ rv1: 100, rv2: 160 });
  });
});
