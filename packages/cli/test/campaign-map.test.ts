import type { World } from '@golden-dome/core';
import { loadPolicies } from '@golden-dome/scenario';
import { describe, expect, it } from 'vitest';
import { aimedCities } from '../src/campaign/campaign-report.ts';

const policy = loadPolicies().get('norad-integrated')!;
const warhead = (nation: string, id: string) => ({ kind: 'warhead', aimedAt: { nation, id } });
const objects = [warhead('US', 'washington'), warhead('US', 'new-york'), warhead('CA', 'toronto'), { kind: 'decoy', aimedAt: { nation: 'US', id: 'seattle' } }] as unknown as World['objects'];
const summaries = [{ assetsHit: ['US/washington'] }, { assetsHit: [] }] as unknown as Parameters<typeof aimedCities>[0]['summaries'];

describe('the campaign report map (issue 14)', () => {
  it('draws every city a warhead is aimed at, the capital included, in its own nation', () => {
    const cities = aimedCities({ summaries, trials: 2 }, { defended: [...policy.defended], objects });
    expect(cities.map((c) => c.name)).toEqual(['Washington DC', 'New York', 'Toronto']);
    const dc = cities[0];
    expect(dc.latDeg).toBeCloseTo(38.9, 1);
    expect(dc.lonDeg).toBeCloseTo(-77.04, 1);
    expect(dc.probabilityHit).toBe(0.5);
    expect(cities[2].latDeg).toBeCloseTo(43.7, 1);
  });

  it('a defended asset aimed at whose name is not a place is an error naming it, not a city left off', () => {
    const defended = [...policy.defended, { id: 'atlantis', nation: 'US', value: 1, name: 'Atlantisville' }];
    expect(() => aimedCities({ summaries, trials: 2 }, { defended, objects: [...objects, ...([warhead('US', 'atlantis')] as unknown as World['objects'])] }))
      .toThrow(/^defended asset 'atlantis' \(US\): unknown place 'Atlantisville' \(did you mean/);
  });
});
