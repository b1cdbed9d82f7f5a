import { describe, expect, it } from 'vitest';
import { adminRegion, adminRegions } from './admin-regions.ts';
import { loadCatalog, UnknownNameError } from './catalog/catalog.ts';
import {
  allCities,
  cityLabel,
  defendedAssetPlace,
  PlaceError,
  placeIndexBuilds,
  placeKey,
  resolveCity,
  resolvePlace,
  suggestCities,
} from './places.ts';

const catalog = loadCatalog();
const place = (text: string, nations?: string[]) => resolvePlace(text, catalog, nations ? { nations } : {});
const deg = (rad: number): number => (rad * 180) / Math.PI;

describe('place names (issue 14)', () => {
  it('"Washington" and the common forms of the capital are Washington, D.C.; "Washington, GB" is still the English town', () => {
    for (const text of [
      'Washington',
      'Washington DC',
      'Washington D.C.',
      'Washington, D.C.',
      'Washington, DC',
      'Washington, D.C., US',
      'Washington, US',
      'washington dc',
    ]) {
      const p = place(text);
      expect(p.country, text).toBe('US');
      expect(p.label, text).toBe('Washington, D.C., US');
      // the White House is at 38.90 N, 77.04 W
      expect(deg(p.latitude), text).toBeCloseTo(38.9, 1);
      expect(deg(p.longitude), text).toBeCloseTo(-77.04, 1);
    }
    for (const text of ['Washington, GB', 'Washington, UK', 'Washington, England']) {
      const p = place(text);
      expect(p.country, text).toBe('GB');
      expect(p.label).toBe('Washington, England, GB');
      expect(deg(p.latitude)).toBeCloseTo(54.9, 1); // Washington, Tyne and Wear
    }
    expect(place('Washington, UT').label).toBe('Washington, Utah, US');
  });

  it("the nation as context: a nation's own place first, the most populous otherwise; a typed qualifier wins", () => {
    expect(place('Washington', ['UK']).country).toBe('GB');
    expect(place('London').country).toBe('GB');
    expect(place('London', ['US', 'CA']).label).toBe('London, Ontario, CA');
    expect(place('London, GB', ['CA']).country).toBe('GB');
    // a nation with no place of that name: the most populous anywhere
    expect(place('Ottawa', ['MX']).label).toBe('Ottawa, Ontario, CA');
    expect(place('Ottawa').label).toBe('Ottawa, Ontario, CA');
    expect(place('Ottawa, Canada').label).toBe('Ottawa, Ontario, CA');
  });

  it('prints state and province names, not GeoNames codes, and every label resolves back to its city', () => {
    expect(place('Toronto').label).toBe('Toronto, Ontario, CA');
    expect(place('Toronto').label).not.toMatch(/\d/);
    expect(place('Toronto, ON').label).toBe('Toronto, Ontario, CA');
    expect(place('Toronto, Ontario, CA').label).toBe('Toronto, Ontario, CA');
    expect(place('Montreal').label).toBe('Montréal, Quebec, CA');
    expect(place('Portland, OR').label).toBe('Portland, Oregon, US');
    expect(place('Portland, Maine').label).toBe('Portland, Maine, US');
    expect(place('New York').label).toBe('New York City, New York, US');
    expect(place('Sydney').label).toBe('Sydney, New South Wales, AU');
    // every US and Canadian city of the table has its division named, and the 20 largest labels resolve back
    const northAmerica = allCities().filter((c) => c.country === 'US' || c.country === 'CA');
    for (const c of northAmerica) expect(adminRegion(c.country, c.adminCode), `${c.name} ${c.country} ${c.adminCode}`).toBeDefined();
    for (const c of [...northAmerica].sort((a, b) => b.population - a.population).slice(0, 20))
      expect(resolveCity(cityLabel(c)).cityId, cityLabel(c)).toBe(c.cityId);
    expect(adminRegions().filter((r) => r.country === 'US')).toHaveLength(51); // 50 states and DC
    expect(adminRegions().filter((r) => r.country === 'CA')).toHaveLength(13);
  });

  it('an unknown place is an error with suggestions; a qualifier that fits no place of the name lists the ones there are', () => {
    expect(() => place('Seatle')).toThrow(UnknownNameError);
    expect(() => place('Seatle')).toThrow(/unknown place 'Seatle' \(did you mean 'Seattle'/);
    expect(() => place('Washingtn')).toThrow(/did you mean 'Washington'/);
    expect(() => place('sohea')).toThrow(/'sohae'/); // catalog sites are suggested too
    expect(() => place('Washington, ZZ')).toThrow(
      /unknown place 'Washington, ZZ' \(did you mean 'Washington, D\.C\., US', 'Washington, England, GB'/,
    );
    expect(() => place('Atlantisville')).toThrow(/unknown place 'Atlantisville'/);
    expect(() => place('91,0')).toThrow(PlaceError);
    // suggestions restricted to some countries
    expect(suggestCities('Fairbanx', { countries: new Set(['US']) })[0].name).toBe('Fairbanks');
    expect(suggestCities('Torontoo', { countries: new Set(['US']) }).every((s) => s.name !== 'Toronto' || s.population < 1e6)).toBe(true);
  });

  it('a defended asset resolves in its own nation, and one that does not is an error naming it', () => {
    expect(defendedAssetPlace({ id: 'washington', nation: 'US', name: 'Washington DC' }, catalog).label).toBe('Washington, D.C., US');
    expect(defendedAssetPlace({ id: 'london', nation: 'CA', name: 'London' }, catalog).label).toBe('London, Ontario, CA');
    expect(() => defendedAssetPlace({ id: 'atlantis', nation: 'US', name: 'Atlantisville' }, catalog)).toThrow(
      /^defended asset 'atlantis' \(US\): unknown place 'Atlantisville' \(did you mean/,
    );
  });

  it('keys ignore accents, dots, case and punctuation', () => {
    expect(placeKey('Washington, D.C.')).toBe('washington dc');
    expect(placeKey('Montréal')).toBe('montreal');
    expect(placeKey("St. John's")).toBe('st johns');
  });

  it('builds the name index and the suggestion index once, however many names are looked up', () => {
    for (let i = 0; i < 200; i++) {
      place(i % 2 ? 'Toronto' : 'Washington DC');
      expect(() => place(`Nowhereville${i}`)).toThrow(UnknownNameError);
    }
    expect(placeIndexBuilds()).toEqual({ names: 1, suggestions: 1 });
  });
});
