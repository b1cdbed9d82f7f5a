import { describe, expect, it } from 'vitest';
import type { CoalitionPolicy, RadarTables, World } from '@golden-dome/core';
import { loadPolicies } from '../policy/policy-loader.ts';
import { buildWorld, type WorldRequest } from '../world/build-world.ts';
import { optionWorld, removableIds, withoutAssets } from './option-world.ts';

// The partner study's overlays re-derive the sensor kinds' tables through the kinds (sensors/kind-tables.ts,
// buildSensorTables): the raid's are kept as they are, an added radar's looks are computed by the radar
// kind's hook, a removed one's go.
const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;
const epoch = '2029-01-01T00:00:00Z';
const request: WorldRequest = {
  epoch,
  policy: norad,
  raid: [
    { id: 'h15', type: 'hwasong-15', from: 'pyongyang-sunan', to: 'Anchorage', target: { id: 'anchorage', nation: 'US' }, launchTime: 0 },
  ],
  radars: ['uewr-clear'],
  batteries: [],
};
const base = buildWorld(request);
const looksOf = (w: World): RadarTables['looks'] => (w.sensorTables?.radar as RadarTables).looks;

describe('option worlds: the sensor kinds’ tables re-derived through the kinds', () => {
  it('an added radar’s looks are the radar kind’s, the raid’s are kept; a removed radar’s go', () => {
    const w = optionWorld(base, epoch, norad, { radars: ['lrdr-clear'], batteries: [] });
    expect(Object.keys(looksOf(w))).toEqual(['uewr-clear', 'lrdr-clear']);
    expect(looksOf(w)['uewr-clear']).toBe(looksOf(base)['uewr-clear']); // kept, not recomputed
    expect(w.sensorTables?.['space-ir']).toBe(base.sensorTables?.['space-ir']);
    // the same table a world built with both radars holds
    const both = buildWorld({ ...request, radars: ['uewr-clear', 'lrdr-clear'] });
    expect(looksOf(w)['lrdr-clear'].length).toBeGreaterThan(0);
    expect(looksOf(w)['lrdr-clear']).toEqual(looksOf(both)['lrdr-clear']);
    const less = withoutAssets(w, ['uewr-clear']);
    expect(less.removed).toEqual(['uewr-clear']);
    expect(Object.keys(looksOf(less.world))).toEqual(['lrdr-clear']);
  });

  it('a kind’s assets in World.kindAssets are removable like the typed lists', () => {
    const w: World = {
      ...base,
      kindAssets: {
        'test-kind': [
          { id: 'a', owner: 'US' },
          { id: 'b', owner: 'US' },
        ],
      },
    };
    expect(removableIds(w)).toEqual(expect.arrayContaining(['uewr-clear', 'a', 'b']));
    const { world, removed } = withoutAssets(w, ['a', 'nowhere']);
    expect(removed).toEqual(['a']);
    expect(world.kindAssets).toEqual({ 'test-kind': [{ id: 'b', owner: 'US' }] });
  });
});
