import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  aimFobs,
  aimGlideMissile,
  type BallisticMissileSpec,
  DEG,
  type EarthModel,
  fitMissileToTest,
  flyFobs,
  type FobsSpec,
  type GeoPoint,
  type GlideMissileSpec,
  missileMaxRange,
  REAL_EARTH,
} from '@golden-dome/core';
import { InputError, loadValidatedYaml } from '../validated-yaml.ts';
import { CATALOG_DIR, type Catalog, loadCatalog } from './catalog.ts';
import { resolveThreat } from './resolve-threat.ts';
import { threatEntry, type ThreatEntry } from './threat-schema.ts';

const catalog: Catalog = loadCatalog();

const REQUIRED_THREATS: Record<string, ThreatEntry['kind']> = {
  'notional-solid-icbm': 'ballistic',
  'notional-liquid-icbm': 'ballistic',
  'hwasong-14': 'ballistic',
  'hwasong-15': 'ballistic',
  'hwasong-17': 'ballistic',
  'hwasong-18': 'ballistic',
  'hwasong-19': 'ballistic',
  'df-41': 'ballistic',
  'rs-28': 'ballistic',
  'trident-ii': 'ballistic',
  bulava: 'ballistic',
  avangard: 'glide',
  'df-17': 'glide',
  fobs: 'fobs',
  'kh-101': 'cruise',
  'kalibr-3m14': 'cruise',
  'zircon-3m22-standin': 'cruise',
};

const REQUIRED_SITES = [
  'pyongyang-sunan',
  'sohae',
  'tonghae',
  'pyongsong',
  'jilantai',
  'yumen',
  'hami',
  'hanggin-banner',
  'jiuquan',
  'dombarovsky',
  'uzhur',
  'kozelsk',
  'plesetsk',
  'kura',
  'baikonur',
  'barents-sea',
  'north-atlantic',
  'north-pacific',
];

function site(id: string): GeoPoint {
  const s = catalog.sites.get(id);
  if (!s) throw new Error(`no site ${id}`);
  return { latitude: s.latitude_deg.value * DEG, longitude: s.longitude_deg.value * DEG, altitude: 0 };
}

function publishedValue(e: ThreatEntry, key: string): number {
  const v = e.published?.[key]?.value;
  if (v === undefined) throw new Error(`${e.id}: no published.${key}`);
  return v;
}

describe('threat and site catalog', () => {
  it('loads and validates every file', () => {
    expect(catalog.threats.size).toBeGreaterThanOrEqual(Object.keys(REQUIRED_THREATS).length);
    expect(catalog.sites.size).toBeGreaterThanOrEqual(REQUIRED_SITES.length);
  });

  it('has every required threat, of the right kind', () => {
    for (const [id, kind] of Object.entries(REQUIRED_THREATS)) {
      expect(catalog.threats.get(id)?.kind, id).toBe(kind);
    }
  });

  it('has the launch, test and patrol sites scenarios refer to', () => {
    for (const id of REQUIRED_SITES) expect(catalog.sites.has(id), id).toBe(true);
  });

  it('names every threat file after its id', () => {
    const dir = join(CATALOG_DIR, 'threats');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      expect(loadValidatedYaml(join(dir, f), threatEntry).id).toBe(basename(f, '.yaml'));
    }
  });

  it('resolves every threat to an SI spec', () => {
    for (const e of catalog.threats.values()) expect(resolveThreat(e).kind).toBe(e.kind);
  });

  it('cites every number: a link or dataset, or says it is derived or a model choice', () => {
    // The schema already demands a source string; this checks it is a citation and not a bare word.
    const cited = /^(derived|model choice)|https?:\/\/|GeoNames|open-literature\.md/;
    const uncited: string[] = [];
    const walk = (x: unknown, path: string): void => {
      if (x === null || typeof x !== 'object') return;
      const o = x as Record<string, unknown>;
      if ('value' in o && 'source' in o) {
        if (!cited.test(String(o.source))) uncited.push(`${path}: ${String(o.source)}`);
        return;
      }
      for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
    };
    for (const [id, e] of catalog.threats) walk(e, id);
    for (const [id, s] of catalog.sites) walk(s, id);
    expect(uncited).toEqual([]);
  });
});

describe('a broken catalog file is reported with its file, line and field', () => {
  const good = readFileSync(join(CATALOG_DIR, 'threats', 'hwasong-15.yaml'), 'utf8');
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** A throw-away catalog holding one threat file (and optionally one sites file); returns its dir and file. */
  function catalogWith(threatText: string, sitesText?: string): { dir: string; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'golden-dome-catalog-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'threats'));
    mkdirSync(join(dir, 'sites'));
    const file = join(dir, 'threats', 'broken.yaml');
    writeFileSync(file, threatText);
    if (sitesText !== undefined) writeFileSync(join(dir, 'sites', 'broken-sites.yaml'), sitesText);
    return { dir, file };
  }

  function lineOf(text: string, fragment: string): number {
    const i = text.indexOf(fragment);
    if (i < 0) throw new Error(`fragment not found: ${fragment}`);
    return text.slice(0, i).split('\n').length;
  }

  function errorOf(dir: string): InputError {
    try {
      loadCatalog(dir);
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    throw new Error('expected an InputError');
  }

  function mutate(from: string, to: string): string {
    expect(good).toContain(from);
    return good.replace(from, to);
  }

  it('a number without its source', () => {
    const text = good.replace(/(dry_kg: \{value: 4000), source: "[^"]*"/, '$1');
    expect(text).not.toBe(good);
    const { dir, file } = catalogWith(text);
    const err = errorOf(dir);
    expect(err.file).toBe(file);
    expect(err.message).toContain(file);
    expect(err.message).toContain(`line ${lineOf(text, 'dry_kg: {value: 4000')}`);
    expect(err.message).toContain("field 'rocket.stages.0.dry_kg.source'");
  });

  it('a negative mass', () => {
    const text = mutate('propellant_kg: {value: 46000,', 'propellant_kg: {value: -46000,');
    const { dir, file } = catalogWith(text);
    const err = errorOf(dir);
    expect(err.message).toContain(file);
    expect(err.message).toContain(`line ${lineOf(text, 'propellant_kg: {value: -46000')}`);
    expect(err.message).toContain("field 'rocket.stages.0.propellant_kg': must be positive");
  });

  it('an unknown kind of threat', () => {
    const text = mutate('kind: ballistic', 'kind: rocket');
    const { dir, file } = catalogWith(text);
    const err = errorOf(dir);
    expect(err.message).toContain(file);
    expect(err.message).toContain(`line ${lineOf(text, 'kind: rocket')}`);
    expect(err.message).toContain("field 'kind'");
  });

  it('a unit cost without its dollar year', () => {
    const text = good.replace(/^cost_dollar_year: .*\n/m, '');
    expect(text).not.toBe(good);
    const { dir, file } = catalogWith(text);
    const err = errorOf(dir);
    expect(err.message).toContain(file);
    expect(err.message).toContain(`line ${lineOf(text, 'unit_cost_musd:') + 1}`);
    expect(err.message).toContain("field 'unit_cost_musd': a unit cost needs cost_dollar_year (the year whose dollars it is in, sourced)");
  });

  it('a YAML syntax error names the file', () => {
    const text = mutate('payload_kg: {value: 1110,', 'payload_kg: {value: 1110,,');
    const { dir, file } = catalogWith(text);
    const err = errorOf(dir);
    expect(err.message).toContain(file);
    expect(err.message).toContain('YAML syntax');
  });

  it('a YAML syntax error names the line', () => {
    const text = mutate('payload_kg: {value: 1110,', 'payload_kg: {value: 1110,,');
    const { dir } = catalogWith(text);
    expect(errorOf(dir).message).toContain(`line ${lineOf(text, 'payload_kg: {value: 1110,,')}`);
  });

  it('a site with an impossible latitude', () => {
    const sites = [
      '- id: nowhere',
      '  name: Nowhere',
      '  country: test',
      '  latitude_deg: {value: 95, source: "model choice: deliberately wrong"}',
      '  longitude_deg: {value: 10, source: "model choice: test value"}',
      '  kind: launch',
      '',
    ].join('\n');
    const { dir } = catalogWith(good, sites);
    const err = errorOf(dir);
    expect(err.message).toContain('broken-sites.yaml');
    expect(err.message).toContain("line 4, field '0.latitude_deg': latitude must be within ±90°");
  });
});

describe('physics: each model reaches its published figures', () => {
  // Published ranges are quoted without the Earth's rotation (e.g. UCS's North Korean range estimates
  // state "not taking into account the Earth's rotation"), so the check flies on a non-rotating Earth
  // (J2 gravity and the atmosphere kept): due east from 40°N.
  const NON_ROTATING: EarthModel = { ...REAL_EARTH, rotation: false };
  const from40N: GeoPoint = { latitude: 40 * DEG, longitude: 127 * DEG, altitude: 0 };
  const ballistic = [...catalog.threats.values()].filter((e) => e.kind === 'ballistic');

  // Tolerance ±15 %: the published ranges are themselves estimates for unstated payloads (the CSIS
  // Hwasong-15 estimate spans 8,500-13,000 km; DF-41 estimates 12,000-15,000 km), and near orbital
  // speed a few percent of burnout speed changes range by thousands of kilometres. Each catalogue
  // payload was set to reach its published range, so a larger miss means the data or the core physics
  // changed.
  it.each(ballistic.map((e) => [e.id, e] as const))('%s: minimum-energy range within ±15 %% of published.range_km', (_id, e) => {
    const spec = resolveThreat(e) as BallisticMissileSpec;
    const { range } = missileMaxRange(spec, from40N, 90 * DEG, NON_ROTATING);
    const published = publishedValue(e, 'range_km') * 1000;
    expect(Math.abs(range / published - 1)).toBeLessThan(0.15);
  });

  // The KCNA test data were not used to size the models: the payload a lofted-test fit needs and the
  // resulting flight time are independent checks. Flight time within 5 % (model burn times are estimates).
  // Hwasong-19 (31 Oct 2024) was added for issue 14 the same way.
  it.each([['hwasong-15'], ['hwasong-17'], ['hwasong-18'], ['hwasong-19']])(
    '%s: a fit of the published lofted test flies its published duration',
    (id) => {
      const e = catalog.threats.get(id) as ThreatEntry;
      const spec = resolveThreat(e) as BallisticMissileSpec;
      const fit = fitMissileToTest(
        spec,
        site('pyongyang-sunan'),
        95 * DEG,
        publishedValue(e, 'test_apogee_km') * 1000,
        publishedValue(e, 'test_range_km') * 1000,
        REAL_EARTH,
      );
      expect(fit.converged).toBe(true);
      // a lighter test payload than the catalogue's war load, as analysts assume
      expect(fit.payloadMass).toBeLessThan(spec.rocket.payloadMass);
      expect(Math.abs(fit.flight.summary.flightTime / publishedValue(e, 'test_flight_time_s') - 1)).toBeLessThan(0.05);
    },
  );

  // Hwasong-14 (issue 14): its published ranges are analysts' inferences from each test itself (with the
  // test's payload), so instead of "lighter than the war load" the check is that the payload a fit of
  // each July 2017 test needs reaches the range inferred from that test (±15 %, as above), besides
  // flying the published duration (5 %): 4 Jul (2,802 km, 933 km, 39 min) -> CSIS's ~7,000 km;
  // 28 Jul (3,724.9 km, 998 km, 47 min 12 s) -> the 10,400 km estimate.
  it.each([
    ['test', 'range_km'],
    ['test_2017_07_04', 'range_from_2017_07_04_test_km'],
  ])('hwasong-14: a fit of the published %s flies its duration and its payload reaches the range inferred from it', (key, rangeKey) => {
    const e = catalog.threats.get('hwasong-14') as ThreatEntry;
    const spec = resolveThreat(e) as BallisticMissileSpec;
    const fit = fitMissileToTest(
      spec,
      site('pyongyang-sunan'),
      95 * DEG,
      publishedValue(e, `${key}_apogee_km`) * 1000,
      publishedValue(e, `${key}_range_km`) * 1000,
      REAL_EARTH,
    );
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.flight.summary.flightTime / publishedValue(e, `${key}_flight_time_s`) - 1)).toBeLessThan(0.05);
    const fitted = { ...spec, rocket: { ...spec.rocket, payloadMass: fit.payloadMass } };
    const { range } = missileMaxRange(fitted, from40N, 90 * DEG, NON_ROTATING);
    expect(Math.abs(range / (publishedValue(e, rangeKey) * 1000) - 1)).toBeLessThan(0.15);
  });

  it('avangard: the glider reaches beyond its 6,000 km Dombarovsky-Kura test', () => {
    const e = catalog.threats.get('avangard') as ThreatEntry;
    const res = aimGlideMissile(
      resolveThreat(e) as GlideMissileSpec,
      from40N,
      { latitude: 40 * DEG, longitude: -54 * DEG, altitude: 0 },
      { earth: NON_ROTATING },
    );
    expect(res.maxRange).toBeGreaterThan(publishedValue(e, 'test_range_km') * 1000);
  });

  it('df-17: the glider reach lies in the published 1,800-2,500 km band (±15 %)', () => {
    const e = catalog.threats.get('df-17') as ThreatEntry;
    const res = aimGlideMissile(
      resolveThreat(e) as GlideMissileSpec,
      from40N,
      { latitude: 40 * DEG, longitude: -54 * DEG, altitude: 0 },
      { earth: NON_ROTATING },
    );
    expect(res.maxRange).toBeGreaterThan(publishedValue(e, 'range_low_km') * 1000 * 0.85);
    expect(res.maxRange).toBeLessThan(publishedValue(e, 'range_high_km') * 1000 * 1.15);
    expect(res.maxRange).toBeGreaterThan(publishedValue(e, 'test_range_km') * 1000);
  });

  it('fobs: reaches a low orbit like the Soviet tests and comes round the long way onto Washington', () => {
    const e = catalog.threats.get('fobs') as ThreatEntry;
    const spec = resolveThreat(e) as FobsSpec;
    const baikonur = site('baikonur');
    const flight = flyFobs(spec, { azimuth: Math.PI, deorbitTime: 3000 }, baikonur, { earth: REAL_EARTH });
    expect(flight.failure).toBeNull();
    // published test orbits ~145 x 210 km; the model inserts near its 150 km hold altitude
    expect(flight.perigeeAltitude / 1000).toBeGreaterThan(100);
    expect(flight.apogeeAltitude / 1000).toBeLessThan(publishedValue(e, 'orbit_apogee_km') * 1.15);
    const washington = { latitude: 38.9 * DEG, longitude: -77.0 * DEG, altitude: 0 };
    const res = aimFobs(spec, baikonur, washington, 'long', { earth: REAL_EARTH });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.missDistance).toBeLessThan(100);
    // arrives from the south: moving northward (heading within 90 deg of north)
    expect(Math.cos(res.approachHeading)).toBeGreaterThan(0);
  });
});
