import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildScenarioWorld, parseScenario } from '../scenario/scenario-loader.ts';
import { InputError } from '../validated-yaml.ts';
import { loadAirDefenseCatalog } from './air-defense-catalog.ts';
import { fighterSpec, findBomber, findFighter, loadAircraftCatalog } from './aircraft-catalog.ts';
import { loadCatalog } from './catalog.ts';

/** The air layer's catalog (issue 15): fighters, ground air defense, air bases; and bad input, located. */
describe('the air layer catalog', () => {
  const aircraft = loadAircraftCatalog();
  it('holds the RCAF and USAF fighters the issue names, each figure sourced or labelled, and converts them to SI', () => {
    expect(
      [...aircraft.values()]
        .filter((a) => a.role === 'fighter')
        .map((a) => a.id)
        .sort(),
    ).toEqual(['cf-18', 'f-15ex', 'f-22', 'f-35a']);
    const f35 = fighterSpec(findFighter(aircraft, 'f-35a'), false);
    // Mach 1.6 x 295.1 m/s (US76 at 11 km) = 472 m/s; combat radius 1,080.4 km (584 nm, 2010 SAR as reported), x 1.5 with a tanker
    expect(f35.dashSpeed).toBe(472);
    expect(f35.combatRadius).toBe(1_080_000);
    expect(fighterSpec(findFighter(aircraft, 'f-35a'), true).combatRadius).toBe(1_620_000);
    expect(f35.missiles.map((m) => [m.name, m.range])).toEqual([
      ['AIM-120D class', 50_000],
      ['AIM-9X class', 35_000],
    ]);
    for (const a of aircraft.values()) {
      if (a.role !== 'fighter') continue;
      // every labelled figure says why it is labelled (NOT FOUND, a model choice, or a secondary source)
      for (const v of [a.scramble_delay_s, a.climb_rate_m_s, a.combat_radius_km, ...a.missiles.map((m) => m.single_shot_pk)]) {
        expect(v.notional === true && /NOT FOUND|model choice|secondary/.test(`${v.source} ${v.note ?? ''}`), `${a.id}: ${v.source}`).toBe(
          true,
        );
      }
      // the scramble delay lies inside the published span: 6 min observed (Langley, 9/11) to the 15 min alert standard
      expect(a.scramble_delay_s.value).toBeGreaterThanOrEqual(6 * 60);
      expect(a.scramble_delay_s.value).toBeLessThanOrEqual(15 * 60);
    }
  });
  it('tells a fighter from a bomber by role, naming what there is', () => {
    expect(() => findFighter(aircraft, 'tu-160')).toThrow(/unknown fighter 'tu-160'.*cf-18/);
    expect(() => findBomber(aircraft, 'f-22')).toThrow(/unknown bomber 'f-22'.*tu-160/);
  });
  it('holds NASAMS and Patriot, and the air bases and FOLs as sites', () => {
    expect([...loadAirDefenseCatalog().keys()]).toEqual(['nasams', 'patriot']);
    const sites = loadCatalog().sites;
    for (const id of [
      'cfb-cold-lake',
      'cfb-bagotville',
      'fol-inuvik',
      'fol-yellowknife',
      'fol-iqaluit',
      'fol-goose-bay',
      'jb-elmendorf',
      'jb-andrews',
    ])
      expect(sites.get(id)?.kind, id).toBe('air-base');
    expect(sites.get('fol-iqaluit')?.latitude_deg.value).toBe(63.757);
  });
  it('refuses a fighter entry without a source, or with a Pk above 1, naming file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'air-'));
    try {
      const good = '{value: 1, source: "model choice: a test", notional: true}';
      const entry = (pk: string, climb = good): string =>
        [
          'id: x',
          'name: X fighter',
          'role: fighter',
          'operator: Nobody',
          'summary: A test fighter entry.',
          `scramble_delay_s: ${good}`,
          `climb_rate_m_s: ${climb}`,
          `climb_speed_m_s: ${good}`,
          `dash_speed_m_s: ${good}`,
          `cruise_speed_m_s: ${good}`,
          `combat_radius_km: ${good}`,
          `combat_radius_tanker_km: ${good}`,
          'missiles:',
          `  - {name: AAM, count: ${good}, range_km: ${good}, single_shot_pk: ${pk}}`,
          '',
        ].join('\n');
      writeFileSync(join(dir, 'x.yaml'), entry('{value: 1.5, source: "model choice: a test"}'));
      expect(() => loadAircraftCatalog(dir)).toThrow(/x\.yaml.*single_shot_pk.*probability/s);
      writeFileSync(join(dir, 'x.yaml'), entry(good, '{value: 150}'));
      expect(() => loadAircraftCatalog(dir)).toThrow(/x\.yaml.*climb_rate_m_s/s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('air-layer entries of a scenario', () => {
  const text = (entry: string): string =>
    [
      'name: t',
      'summary: A test.',
      'sources: ["the tests"]',
      'epoch: "2029-01-01T00:00:00Z"',
      'seed: 1',
      'policy: norad-integrated',
      'raid:',
      '  - {id: k1, type: kalibr-3m14, from: "58.5,-110.3", to: "50.5,-110.3", target: {id: calgary}, launch_time_s: 0}',
      'architecture:',
      entry,
      'monte_carlo: {trials: 1}',
      '',
    ].join('\n');
  const problem = (entry: string): string => {
    try {
      buildScenarioWorld(parseScenario(text(entry), 't.yaml'));
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).problems.join('\n');
    }
    return 'accepted';
  };
  it('refuses a bomber as a fighter, an unknown system, a bad alert count or a nation outside the policy, at its line', () => {
    expect(problem('  fighters:\n    - {id: f1, type: tu-160, at: cfb-cold-lake, owner: CA, alert: 2}')).toMatch(
      /^line 11, .*fighters f1: unknown fighter 'tu-160'/,
    );
    expect(problem('  air_defense:\n    - {id: a1, system: nasam, at: Ottawa, owner: CA}')).toMatch(
      /^line 11, .*air defense a1: unknown air defense system 'nasam' \(did you mean 'nasams'/,
    );
    expect(problem('  fighters:\n    - {id: f1, type: f-35a, at: cfb-cold-lake, owner: CA, alert: -1}')).toMatch(
      /alert must be zero or positive/,
    );
    expect(problem('  fighters:\n    - {id: f1, type: f-35a, at: cfb-cold-lake, owner: XX, alert: 1}')).toMatch(
      /architecture\.fighters\[0\]\.owner/,
    );
  });
  it('builds the air layer into the world: a sortie per fighter on alert, the base where the catalog puts it', () => {
    const w = buildScenarioWorld(
      parseScenario(text('  fighters:\n    - {id: f1, type: f-35a, at: cfb-cold-lake, owner: CA, alert: 2, tanker: true}'), 't.yaml'),
    );
    expect(w.fighterBases?.map((b) => [b.id, b.owner, b.alert, b.assetClass, b.fighter.combatRadius])).toEqual([
      ['f1', 'CA', 2, 'air', 1_620_000],
    ]);
    expect(w.settings.planningNations).toEqual(['CA']);
  });
});
