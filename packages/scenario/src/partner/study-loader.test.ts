import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../validated-yaml.ts';
import { STUDY_JSON_SCHEMA_FILE, studyJsonSchemaText } from './study-json-schema.ts';
import { loadStudy, parseStudy, STUDY_DIR, studyPolicies } from './study-loader.ts';
import { loadPolicies } from '../policy/policy-loader.ts';
import type { CoalitionPolicy } from '@golden-dome/core';

const REFERENCE = join(STUDY_DIR, 'canada-partner.yaml');
const referenceText = readFileSync(REFERENCE, 'utf8');
const policies = studyPolicies();

/** The problems an InputError lists for a study text. */
function problemsOf(text: string): string[] {
  try {
    parseStudy(text, join(STUDY_DIR, 'bad.yaml'), { policies });
  } catch (e) {
    if (e instanceof InputError) return [...e.problems];
    throw e;
  }
  throw new Error('expected the study to be refused');
}

const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('the reference study (studies/canada-partner.yaml)', () => {
  it('loads: Canada, the US, the library raids, five options each with its policy, and what it contributes and controls', () => {
    const s = loadStudy(REFERENCE);
    expect(s.study.partner).toBe('CA');
    expect(s.study.members).toEqual(['US']);
    expect(s.raids.map((r) => r.name)).toEqual([
      'nk-2029-salvo',
      'china-mixed',
      'slbm-coastal',
      'russia-polar-raid',
      'russia-bomber-raid',
      'slcm-coastal-raid',
      'russia-combined-raid',
    ]);
    // the approval sweep (issue 15: the price of a veto as a curve) and the removal levers for Canada's radars
    expect(s.study.approval_sweep_s).toEqual([0, 30, 60, 120, 180, 240, 300]);
    expect(s.study.options.find((o) => o.id === 'full-integrated')?.measure_without.map((m) => m.id)).toEqual([
      'no-oth',
      'no-nws',
      'no-fols',
      'no-rcaf-fighters',
    ]);
    expect(s.study.options.find((o) => o.id === 'full-sovereign')?.measure_without.map((m) => m.id)).toEqual([
      'no-fols',
      'no-rcaf-fighters',
    ]);
    expect(s.study.options.map((o) => o.id)).toEqual([
      'not-joining',
      'sensor-data',
      'host-site',
      'host-site-consent',
      'full-sovereign',
      'full-integrated',
    ]);
    for (const o of s.study.options) {
      expect(s.policies.get(o.id)?.name).toBe(o.policy);
      for (const v of Object.values(o.contributes)) expect(v.length).toBeGreaterThan(3);
      for (const v of Object.values(o.controls)) expect(v.length).toBeGreaterThan(3);
    }
    // every economic input carries its year and a source
    for (const n of Object.values(s.study.nations)) {
      expect(n.gdp_usd.source).toMatch(/https?:\/\//);
      expect(n.population.source).toMatch(/https?:\/\//);
    }
  });
});

describe('study.schema.json (for editors)', () => {
  it('is what the zod schema generates, and the reference study points at it', () => {
    expect(
      readFileSync(STUDY_JSON_SCHEMA_FILE, 'utf8'),
      'studies/study.schema.json is stale: run npx tsx packages/scenario/src/partner/write-study-json-schema.ts',
    ).toBe(studyJsonSchemaText());
    expect(referenceText.startsWith('# yaml-language-server: $schema=./study.schema.json\n')).toBe(true);
  });
});

describe('a bad study file gets every problem at its line and field', () => {
  it('a YAML syntax error names its line', () => {
    const p = problemsOf('name: x\n  summary: [unclosed\n');
    expect(p[0]).toMatch(/^line \d+, column \d+: YAML syntax/);
  });

  it('unknown names (policy, radar, interceptor, raid scenario, cost system) are each reported at their line, with suggestions', () => {
    const text = referenceText
      .replace('policy: canada-host', 'policy: canada-hots')
      .replace('add: {radars: [a-othr, p-othr]}', 'add: {radars: [a-othr, p-otrh]}')
      .replace('{scenario: slbm-coastal}', '{scenario: slbm-coastel}')
      .replace(
        'interceptor: ngi, at: "53.32,-60.42", site_name: "Goose Bay, Labrador", owner: US',
        'interceptor: ngj, at: "53.32,-60.42", site_name: "Goose Bay, Labrador", owner: US',
      )
      .replace('{system: gbi, count: 44', '{system: gbj, count: 44');
    const p = problemsOf(text);
    const expectAt = (needle: string, field: string, message: RegExp): void => {
      const line = lineOf(text, needle);
      expect(
        p.some((x) => x.startsWith(`line ${line},`) && x.includes(`field '${field}'`) && message.test(x)),
        `${field} at line ${line} in:\n${p.join('\n')}`,
      ).toBe(true);
    };
    expectAt('policy: canada-hots', 'options[2].policy', /unknown policy 'canada-hots'.*canada-host/);
    expectAt('p-otrh', 'options[1].add.radars[1]', /p-othr/);
    expectAt('slbm-coastel', 'raids[2].scenario', /slbm-coastal/);
    expectAt('interceptor: ngj', 'options[2].add.batteries[0].interceptor', /ngi/);
    expectAt('{system: gbj', 'cost.systems[2].system', /gbi/);
    expect(p).toHaveLength(5);
  });

  it('structure: a missing field, a bad nation code, an unknown field, the partner among the members, illustrative not stated', () => {
    const text = referenceText
      .replace('members: [US]', 'members: [US, CA, usa]')
      .replace('illustrative: true', 'illustrative: false')
      .replace('  - id: sensor-data\n    name: Sensor data only\n', '  - id: sensor-data\n    colour: red\n')
      .replace(/monte_carlo: \{trials: \d+, seed: 1\}/, 'monte_carlo: {seed: 1}');
    const p = problemsOf(text);
    expect(p.some((x) => x.includes("field 'members[2]'") && /two-letter/.test(x))).toBe(true);
    expect(p.some((x) => x.includes("field 'illustrative'") && /illustrative: true/.test(x))).toBe(true);
    expect(p.some((x) => x.includes("field 'options[1].colour'") && /unknown field/.test(x))).toBe(true);
    expect(p.some((x) => x.includes("field 'options[1].name'") && /required field is missing/.test(x))).toBe(true);
    expect(p.some((x) => x.includes("field 'monte_carlo.trials'") && /required field is missing/.test(x))).toBe(true);
  });

  it('cross-references: the partner also a member, a nation without GDP and population, a repeated option id, a battery of a third nation', () => {
    const text = referenceText
      .replace('members: [US]', 'members: [US, CA, UK]')
      .replace('  - id: full-integrated\n', '  - id: full-sovereign\n')
      .replace(
        'owner: CA, class: midcourse, inventory: 20, cost_system: ngi, source: "model choice: the same',
        'owner: DK, class: midcourse, inventory: 20, cost_system: ngi, source: "model choice: the same',
      )
      .replace('    policy: us-alone\n', '    policy: us-alone\n    measure_added_radars: true\n');
    const p = problemsOf(text);
    expect(p.some((x) => x.includes("field 'members'") && /partner CA is not also a member/.test(x))).toBe(true);
    expect(p.some((x) => x.includes("field 'nations'") && /UK needs an entry/.test(x))).toBe(true);
    expect(p.some((x) => x.includes("field 'options[5].id'") && /used twice/.test(x))).toBe(true);
    expect(p.some((x) => x.includes("field 'options[5].add.batteries[0].owner'") && /DK is neither/.test(x))).toBe(true);
    expect(p.some((x) => x.includes("field 'options[0].measure_added_radars'") && /adds no radars/.test(x))).toBe(true);
  });

  it('money: an amount without its dollar year, one the deflator table cannot convert, and GDP or population of different years', () => {
    const text = referenceText
      .replace('value_usd: 4.29e9, dollar_year: 2025, source: "derived: \'more than', 'value_usd: 4.29e9, source: "derived: \'more than')
      .replace('published_total: {value_usd: 1.2e12, dollar_year: 2026,', 'published_total: {value_usd: 1.2e12, dollar_year: 1990,');
    const p = problemsOf(text);
    const line = (needle: string): string => `line ${lineOf(text, needle)}`;
    expect(
      p.some(
        (x) =>
          x.includes(line('value_usd: 4.29e9, source:')) &&
          x.includes("field 'options[1].asset_values[0].dollar_year'") &&
          /required field is missing/.test(x),
      ),
      p.join('\n'),
    ).toBe(true);
    expect(
      p.some(
        (x) =>
          x.includes(line('dollar_year: 1990')) &&
          x.includes("field 'cost.published_total.dollar_year'") &&
          /the deflator table \(us-gdp-price-index\.yaml\) has no index for 1990: it covers 2000-2026/.test(x),
      ),
      p.join('\n'),
    ).toBe(true);
    // (cross-field rules run once the structure is sound)
    const years = problemsOf(
      referenceText.replace('gdp_usd: {value: 2140085567791, year: 2023,', 'gdp_usd: {value: 2140085567791, year: 2022,'),
    );
    expect(
      years.some(
        (x) =>
          x.includes("field 'nations.CA.gdp_usd.year'") &&
          /gdp_usd of CA is for 2022 but US's is for 2023: shares compare the nations in one year/.test(x),
      ),
      years.join('\n'),
    ).toBe(true);
  });

  it('a hosted radar must take a line-of-sight type and a new id', () => {
    const text = referenceText.replace('{id: uewr-cambridge-bay, type: uewr-pituffik,', '{id: uewr-clear, type: a-othr,');
    const p = problemsOf(text);
    const line = lineOf(text, '{id: uewr-clear, type: a-othr,');
    expect(
      p.some(
        (x) =>
          x.startsWith(`line ${line},`) &&
          x.includes("field 'options[2].add.hosted_radars[0].id'") &&
          /catalog sensor at its own site/.test(x),
      ),
    ).toBe(true);
    expect(
      p.some(
        (x) =>
          x.startsWith(`line ${line},`) && x.includes("field 'options[2].add.hosted_radars[0].type'") && /over-the-horizon sensor/.test(x),
      ),
    ).toBe(true);
  });

  it("an option whose policy does not defend a raid's target is refused at that option's policy", () => {
    const us = policies.get('us-alone');
    if (!us) throw new Error('us-alone');
    const narrow = new Map(policies);
    narrow.set('us-alone', { ...us, defended: us.defended.filter((d) => d.id !== 'toronto') });
    let problems: readonly string[] = [];
    try {
      parseStudy(referenceText, REFERENCE, { policies: narrow });
    } catch (e) {
      if (e instanceof InputError) problems = e.problems;
    }
    expect(
      problems.some((x) => x.startsWith(`line ${lineOf(referenceText, 'policy: us-alone')},`) && /does not defend CA\/toronto/.test(x)),
    ).toBe(true);
  });

  it('a missing file, and a name that does not match the file name', () => {
    expect(() => loadStudy(join(STUDY_DIR, 'no-such-study.yaml'))).toThrow(/cannot read file \(ENOENT\)/);
    const other = join(mkdtempSync(join(tmpdir(), 'dome-study-')), 'other-name.yaml');
    // raids given as library names resolve wherever the study file is
    writeFileSync(other, referenceText);
    expect(() => loadStudy(other)).toThrow(
      new RegExp(
        `line ${lineOf(referenceText, 'name: canada-partner')}, column 7, field 'name': 'canada-partner' must match the file name 'other-name.yaml'`,
      ),
    );
  });
});

describe("the study's own policies (studies/policies)", () => {
  it("list every sensor the library's policies list: a sensor a policy does not list shares nothing, not even with its owner", () => {
    // (the study's canada-sensor-sharing, canada-host and canada-host-consent once lacked the NWS radars and the
    // E-7/E-3 added to the library for the northern approaches: under them the US used none of its own AEW, and
    // on the cruise-missile raid held no air track at all)
    const sensors = (p: CoalitionPolicy) => p.assets.filter((a) => a.kind === 'sensor').map((a) => `${a.id}:${a.owner}`);
    const library = new Set([...loadPolicies().values()].flatMap(sensors));
    expect(library.size).toBeGreaterThan(10);
    for (const [name, policy] of studyPolicies()) {
      const own = new Set(sensors(policy));
      expect(
        [...library].filter((s) => !own.has(s)),
        name,
      ).toEqual([]);
    }
  });
});
