import { aggregateSummaries, campaignMetrics, summarizeTrial, trialSummaryContext, type World } from '@golden-dome/core';
import { loadPolicies } from '@golden-dome/scenario';
import { describe, expect, it } from 'vitest';
import { aimedCities } from '../src/campaign/campaign-report.ts';

const policy = loadPolicies().get('norad-integrated')!;
const warhead = (nation: string, id: string) => ({ kind: 'warhead', aimedAt: { nation, id } });
const objects = [
  warhead('US', 'washington'),
  warhead('US', 'new-york'),
  warhead('CA', 'toronto'),
  { kind: 'decoy', aimedAt: { nation: 'US', id: 'seattle' } },
] as unknown as World['objects'];
const world = { defended: [...policy.defended], objects: objects.map((o, i) => ({ ...o, id: `o${i}` })), missiles: [] } as unknown as World;
const ctx = trialSummaryContext(world);
// two trials: a warhead reached Washington in the first
const summaries = [['US/washington'], []].map((hit, k) => ({ ...summarizeTrial(ctx, k + 1, []), assetsHit: hit }));
const byAsset = campaignMetrics(aggregateSummaries(summaries), ctx.valueThreatened, undefined, ctx.threatened).defended.byAsset ?? [];

describe('the campaign report map (issue 14)', () => {
  it('draws every city a warhead is aimed at, the capital included, in its own nation', () => {
    const cities = aimedCities(byAsset, world);
    // most likely struck first, then by population
    expect(cities.map((c) => c.name)).toEqual(['Washington DC', 'New York', 'Toronto']);
    const dc = cities[0];
    expect(dc.latDeg).toBeCloseTo(38.9, 1);
    expect(dc.lonDeg).toBeCloseTo(-77.04, 1);
    expect(dc.probabilityHit).toBe(0.5);
    expect([dc.trialsStruck, dc.trials]).toEqual([1, 2]);
    expect(cities[1].probabilityHit).toBe(0);
    expect(cities[1].low).toBe(0);
    expect(cities[1].high).toBeGreaterThan(0.5); // Wilson upper bound of 0 of 2
    expect(cities[2].latDeg).toBeCloseTo(43.7, 1);
  });

  it('a defended asset aimed at whose name is not a place is an error naming it, not a city left off', () => {
    const defended = [...policy.defended, { id: 'atlantis', nation: 'US', value: 1, name: 'Atlantisville' }];
    const atlantis = [
      {
        key: 'US/atlantis',
        nation: 'US',
        id: 'atlantis',
        name: 'Atlantisville',
        value: 1,
        struck: { successes: 0, n: 2, p: 0, ci: [0, 0.66] as [number, number] },
      },
    ];
    expect(() => aimedCities([...byAsset, ...atlantis], { defended })).toThrow(
      /^defended asset 'atlantis' \(US\): unknown place 'Atlantisville' \(did you mean/,
    );
  });
});
