import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEG, KM, othNominalBand, SIDEREAL_DAY, WGS84_A, orbitalPeriod } from '@golden-dome/core';
import { describe, expect, it } from 'vitest';
import { InputError } from '../validated-yaml.ts';
import {
  findSensor,
  loadSensorCatalog,
  resolveGroundRadar,
  resolveOthRadar,
  resolveSensor,
  resolveSpaceIr,
  resolveSpaceOrbits,
  SENSOR_CATALOG_DIR,
} from './sensor-catalog.ts';

/** Every {value, source} object anywhere inside an entry, with its path. */
function sourcedNumbers(x: unknown, path = ''): { path: string; source: string; notional?: boolean }[] {
  if (!x || typeof x !== 'object') return [];
  if ('value' in x && 'source' in x) return [{ path, ...(x as { source: string; notional?: boolean }) }];
  return Object.entries(x).flatMap(([k, v]) => sourcedNumbers(v, path ? `${path}.${k}` : k));
}

function brokenCopy(file: string, edit: (text: string) => string): { dir: string; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sensors-'));
  const text = edit(readFileSync(join(SENSOR_CATALOG_DIR, file), 'utf8'));
  writeFileSync(join(dir, file), text);
  return { dir, text };
}

function loadError(dir: string): Error {
  try {
    loadSensorCatalog(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as Error;
  }
  throw new Error('expected the catalog to be rejected');
}

describe('sensor catalog', () => {
  it("loads the early-warning radars, LRDR, AN/TPY-2, SBX, the two Canadian OTH radars, the North Warning System radars placed so far, the AEW aircraft and the batteries' fire-control radars, each with an owner", () => {
    const cat = loadSensorCatalog();
    expect([...cat.keys()].filter((id) => cat.get(id)?.kind !== 'space-infrared')).toEqual([
      'a-othr',
      'e-3',
      'e-7',
      'lrdr-clear',
      'mpq-65',
      'nws-cambridge-bay',
      'nws-cartwright',
      'nws-hall-beach',
      'nws-saglek',
      'p-othr',
      'sbx',
      'spy-1d',
      'tpy2-shariki',
      'tpy2-thaad',
      'uewr-beale',
      'uewr-cape-cod',
      'uewr-clear',
      'uewr-fylingdales',
      'uewr-pituffik',
    ]);
    expect(findSensor(cat, 'uewr-fylingdales').owner).toBe('UK');
    expect(findSensor(cat, 'uewr-pituffik')).toMatchObject({ owner: 'US', host: 'DK' });
    expect(findSensor(cat, 'tpy2-shariki')).toMatchObject({ owner: 'US', host: 'JP' });
    expect(findSensor(cat, 'a-othr')).toMatchObject({ owner: 'CA', kind: 'over-the-horizon' });
    expect(findSensor(cat, 'p-othr').owner).toBe('CA');
    expect(() => findSensor(cat, 'uewr-thule')).toThrow(/uewr-/);
  });

  it('sources every number, and labels every model choice notional', () => {
    for (const e of loadSensorCatalog().values()) {
      for (const s of sourcedNumbers(e)) {
        expect(s.source.length, `${e.id}.${s.path}`).toBeGreaterThan(8);
        if (/^model choice/.test(s.source)) expect(s.notional, `${e.id}.${s.path} is a model choice`).toBe(true);
      }
    }
  });

  it('resolves a UEWR to SI: 3,000 nmi = 5,556 km on 10 m^2, 2 faces x 120 deg, 13 dB = 19.95, and 988 km on a 0.01 m^2 RV', () => {
    const e = findSensor(loadSensorCatalog(), 'uewr-cape-cod');
    if (e.kind !== 'line-of-sight') throw new Error('expected a line-of-sight radar');
    const s = resolveGroundRadar(e);
    expect(s.referenceRange).toBe(5_556_000);
    expect(s.faces).toHaveLength(2);
    expect(s.faces[0].azimuthHalfWidth * 2).toBeCloseTo(120 * DEG, 12);
    expect(s.minElevation).toBeCloseTo(3 * DEG, 12);
    expect(s.thresholdSnr).toBeCloseTo(19.953, 3);
    // R = 5,556 km (0.01 / 10)^(1/4) = 988 km (radar range equation, RCS^(1/4))
    expect((s.referenceRange * Math.pow(0.01 / s.referenceRcs, 0.25)) / 1000).toBeCloseTo(988, 0);
  });

  it('resolves LRDR to a 220 deg view and the TPY-2 to 1,500 km', () => {
    const cat = loadSensorCatalog();
    const lrdr = resolveSensor(findSensor(cat, 'lrdr-clear'));
    if (lrdr.kind !== 'line-of-sight') throw new Error('expected a line-of-sight radar');
    const [n, w] = lrdr.spec.faces;
    // union of [0 - 65, 0 + 65] and [270 - 65, 270 + 65] = 205..65 deg = 220 deg
    expect((n.boresightAzimuth + n.azimuthHalfWidth - (w.boresightAzimuth - w.azimuthHalfWidth - 2 * Math.PI)) / DEG).toBeCloseTo(220, 9);
    const tpy = resolveSensor(findSensor(cat, 'tpy2-shariki'));
    expect(tpy.kind === 'line-of-sight' && tpy.spec.referenceRange).toBe(1_500_000);
  });

  it("derives A-OTHR's ray elevations from JORN's 1,000-3,000 km under the day layer, which reaches the Arctic Circle due north", () => {
    const e = findSensor(loadSensorCatalog(), 'a-othr');
    if (e.kind !== 'over-the-horizon') throw new Error('expected an OTH radar');
    const s = resolveOthRadar(e);
    const band = othNominalBand(s, 'day');
    if (!band) throw new Error('no band');
    // the published JORN band, to the 2-decimal rounding of the catalog's elevations (~1 km)
    expect(band.minGroundRange / KM).toBeCloseTo(e.published?.jorn_min_range_km.value as number, -1);
    expect(band.maxGroundRange / KM).toBeCloseTo(e.published?.jorn_max_range_km.value as number, -1);
    const toArcticCircle = (66.56 * DEG - s.latitude) * 6_371_008.8;
    expect(toArcticCircle).toBeGreaterThan(band.minGroundRange);
    expect(toArcticCircle).toBeLessThan(band.maxGroundRange);
  });

  it('names the file, line and field of a number without a source', () => {
    const { dir, text } = brokenCopy('uewr-beale.yaml', (t) =>
      t.replace(/^reference_range_km: \{value: 5556, source: "[^"]*"\}/m, 'reference_range_km: {value: 5556}'),
    );
    const line = text.split('\n').findIndex((l) => l.startsWith('reference_range_km')) + 1;
    expect(line).toBeGreaterThan(0);
    expect(loadError(dir).message).toMatch(new RegExp(`uewr-beale.yaml: line ${line}, field 'reference_range_km.source'`));
  });

  it('names the field of a face without a half-width and of an inverted OTH band', () => {
    const face = brokenCopy('lrdr-clear.yaml', (t) => t.replace(/\n {4}azimuth_half_width_deg: [^\n]*/, ''));
    expect(loadError(face.dir).message).toMatch(/lrdr-clear.yaml: line \d+, field 'faces.0.azimuth_half_width_deg'/);
    const band = brokenCopy('a-othr.yaml', (t) =>
      t.replace(/^max_ray_elevation_deg: \{value: 28.12,/m, 'max_ray_elevation_deg: {value: 3,'),
    );
    const line = band.text.split('\n').findIndex((l) => l.startsWith('max_ray_elevation_deg')) + 1;
    expect(loadError(band.dir).message).toMatch(
      new RegExp(`a-othr.yaml: line ${line}, field 'max_ray_elevation_deg.value': must exceed min_ray_elevation_deg`),
    );
  });

  it('rejects an unknown owner code and a file named for another id', () => {
    const owner = brokenCopy('sbx.yaml', (t) => t.replace(/^owner: US$/m, 'owner: usa'));
    expect(loadError(owner.dir).message).toMatch(/sbx.yaml: line \d+, field 'owner': a two-letter/);
    const id = brokenCopy('sbx.yaml', (t) => t.replace(/^id: sbx$/m, 'id: sbx-2'));
    expect(loadError(id.dir).message).toMatch(/field 'id': 'sbx-2' must match the file name 'sbx.yaml'/);
  });

  it('loads the space infrared constellations (SBIRS GEO and HEO, the PWSA tracking layer), owned by the US', () => {
    const cat = loadSensorCatalog();
    const space = [...cat.values()].filter((e) => e.kind === 'space-infrared');
    expect(space.map((e) => e.id)).toEqual(['pwsa-tracking-layer', 'sbirs-geo', 'sbirs-heo']);
    for (const e of space) expect(e.owner).toBe('US');
  });

  it('resolves SBIRS GEO to plume-only missile warning: 4 geostationary slots, a 9 deg field of regard, 45 s latency', () => {
    const r = resolveSensor(findSensor(loadSensorCatalog(), 'sbirs-geo'));
    if (r.kind !== 'space-infrared') throw new Error('expected a space IR entry');
    expect(r.orbits).toHaveLength(4);
    for (const o of r.orbits) {
      expect(o.e).toBe(0);
      // geostationary: two-body a = 42,164.2 km; the J2 secular rates add 3 J2 (Re/a)^2 = 7.4e-5 to the
      // longitude rate, so a grows by a factor (1 + 7.4e-5)^(2/3): 42,166.3 km
      expect(o.a / KM).toBeCloseTo(42_166.3, 0);
    }
    expect(r.orbits[1].nu / DEG).toBeCloseTo(345, 9); // -15 deg east
    expect(r.spec).toMatchObject({
      role: 'missile-warning',
      requiresThrust: true,
      detectionLatency: 45,
      earthBackgroundClasses: ['plume'],
    });
    expect(r.spec.fieldOfRegardHalfAngle).toBeCloseTo(9 * DEG, 12);
    expect(r.spec.altitudeFloor).toBe(12_000);
    expect(r.spec.targetIntensity['cold-rv']).toBe(0);
  });

  it('resolves SBIRS HEO to two Molniya orbits, half a sidereal day, apogee over the north, half a period apart', () => {
    const e = findSensor(loadSensorCatalog(), 'sbirs-heo');
    if (e.kind !== 'space-infrared') throw new Error('expected a space IR entry');
    const orbits = resolveSpaceOrbits(e.orbits);
    expect(orbits).toHaveLength(2);
    for (const o of orbits) {
      expect(orbitalPeriod(o.a)).toBeCloseTo(SIDEREAL_DAY / 2, 6);
      expect(o.argp / DEG).toBeCloseTo(270, 9);
      expect(o.a * (1 - o.e) - WGS84_A).toBeCloseTo(600 * KM, 3);
    }
    expect(orbits.map((o) => o.nu / DEG)).toEqual([180, 0]);
    expect(resolveSpaceIr(e).fieldOfRegardHalfAngle).toBeCloseTo(15 * DEG, 12);
  });

  it('resolves the PWSA tracking layer to a 40-satellite Walker shell at 1,000 km and 80 deg, cold RVs to 3,000 km against space', () => {
    const r = resolveSensor(findSensor(loadSensorCatalog(), 'pwsa-tracking-layer'));
    if (r.kind !== 'space-infrared') throw new Error('expected a space IR entry');
    expect(r.orbits).toHaveLength(40);
    expect(new Set(r.orbits.map((o) => o.raan.toFixed(9))).size).toBe(5);
    for (const o of r.orbits) {
      expect(o.a).toBe(WGS84_A + 1000 * KM);
      expect(o.i).toBeCloseTo(80 * DEG, 12);
    }
    expect(r.spec).toMatchObject({ role: 'tracking', requiresThrust: false, earthBackgroundClasses: ['plume', 'hot-glide'] });
    expect(r.spec.angularNoise).toBeCloseTo(20e-6, 15);
    // R = R_ref sqrt(I / I_ref): a hot glide body (1,000 W/sr) to 3,000 km sqrt(100) = 30,000 km
    expect(r.spec.referenceRange * Math.sqrt(r.spec.targetIntensity['hot-glide'] / r.spec.referenceIntensity)).toBeCloseTo(30_000 * KM, 3);
  });

  it('names the field of a Walker shell that does not divide into its planes, of unpaired Molniya anomalies, and of an unknown class', () => {
    const walker = brokenCopy('pwsa-tracking-layer.yaml', (t) => t.replace(/total: \{value: 40,/, 'total: {value: 42,'));
    expect(loadError(walker.dir).message).toMatch(
      /pwsa-tracking-layer.yaml: line \d+, field 'orbits.total.value': must be a multiple of planes \(5\)/,
    );
    const heo = brokenCopy('sbirs-heo.yaml', (t) =>
      t.replace('true_anomalies_deg: {value: [180, 0],', 'true_anomalies_deg: {value: [180],'),
    );
    expect(loadError(heo.dir).message).toMatch(
      /sbirs-heo.yaml: line \d+, field 'orbits.true_anomalies_deg.value': needs one true anomaly per RAAN/,
    );
    const cls = brokenCopy('sbirs-geo.yaml', (t) => t.replace('earth_background_classes: [plume]', 'earth_background_classes: [rocket]'));
    expect(loadError(cls.dir).message).toMatch(/sbirs-geo.yaml: line \d+, field 'earth_background_classes.0'/);
  });
});
