import { join } from 'node:path';
import { type EngineEvent, runTrial } from '@golden-dome/core';
import { describe, expect, it } from 'vitest';
import { InputError } from '../validated-yaml.ts';
import { buildScenarioWorld, loadScenario, parseScenario, SCENARIO_DIR } from './scenario-loader.ts';

const file = (name: string): string => join(SCENARIO_DIR, `${name}.yaml`);
/** The scenario without its air layer (fighters, NASAMS): these tests are about what the sensors see. */
const sensorsOnly = (l: ReturnType<typeof loadScenario>): ReturnType<typeof loadScenario> => {
  const { fighters: _f, airDefense: _a, ...request } = l.request;
  return { ...l, request };
};
const withCanada = sensorsOnly(loadScenario(file('russia-bomber-raid')));
const without = sensorsOnly(loadScenario(file('russia-bomber-raid-no-canada')));

describe('a scenario with bombers (russia-bomber-raid)', () => {
  it("becomes a world request with two sorties of six Kh-101 each, waypoints kept; the variant only drops Canada's sensors (and, below, its air layer)", () => {
    const b = withCanada.request.bombers ?? [];
    expect(b.map((x) => [x.id, x.type, x.launchArea, x.takeoffTime, x.weapons.length])).toEqual([
      ['tu160-engels', 'tu-160', '75,-70', 0, 6],
      ['tu95-olenya', 'tu-95ms', '75,-140', 1800, 6],
    ]);
    expect(b[0].weapons[1]).toEqual({ id: 'kh-ottawa-2', to: 'Ottawa', target: { id: 'ottawa', nation: 'CA' }, waypoints: ['60,-80'] });
    expect(without.request.radars).toEqual(['e-7', 'e-3']);
    expect({ ...without.request, radars: [] }).toEqual({ ...withCanada.request, radars: [] });
  });

  it("Canada's sensors see the bombers and their missiles earlier than the US AEW alone, or see what it never does", () => {
    const first = (log: EngineEvent[]): Map<string, number> => {
      const m = new Map<string, number>();
      for (const e of log) if (e.type === 'detect' && !m.has(e.object)) m.set(e.object, e.t);
      return m;
    };
    const a = first(runTrial(buildScenarioWorld(withCanada), 1));
    const b = first(runTrial(buildScenarioWorld(without), 1));
    // with more sensors (each on its own random stream) nothing is seen later, and the bombers are seen
    for (const [id, t] of b) expect(a.get(id), id).toBeLessThanOrEqual(t);
    expect(a.has('tu160-engels') && a.has('tu95-olenya')).toBe(true);
    const earlier = [...a].filter(([id, t]) => !b.has(id) || t < (b.get(id) as number));
    expect(earlier.length).toBeGreaterThan(0);
  });

  it('refuses a bomber entry with an unknown aircraft or an undefended target, at its line', () => {
    const text = (sortie: string): string =>
      [
        'name: b',
        'summary: A test.',
        'sources: ["the tests"]',
        'epoch: "2029-01-01T00:00:00Z"',
        'seed: 1',
        'policy: norad-integrated',
        'bombers:',
        sortie,
        'architecture: {radars: [e-7]}',
        'monte_carlo: {trials: 1}',
        '',
      ].join('\n');
    const ok =
      '  - {id: b1, type: tu-95ms, from: "68.15,33.46", launch_area: "75,-140", takeoff_time_s: 0, weapons: [{id: w1, to: Calgary, target: {id: calgary}}]}';
    expect(parseScenario(text(ok), 'b.yaml').request.bombers?.[0].weapons[0].target).toEqual({ id: 'calgary', nation: 'CA' });
    try {
      parseScenario(text(ok.replace('{id: calgary}', '{id: atlantis}')), 'b.yaml');
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).problems.join('\n')).toMatch(/line 8, column \d+, field 'bombers\[0\]\.weapons\[0\]\.target\.id'/);
    }
    const unknown = parseScenario(text(ok.replace('tu-95ms', 'tu-96')), 'b.yaml');
    try {
      buildScenarioWorld(unknown);
      throw new Error('built');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).problems[0]).toMatch(/^line 8, .*bomber b1: unknown aircraft 'tu-96'/);
    }
    // a raid needs a missile somewhere
    expect(() => parseScenario(text('  []').replace('bombers:\n  []', 'bombers: []'), 'b.yaml')).toThrow(
      /a raid needs at least one missile/,
    );
  });
});

describe('the sea-launched raid (slcm-coastal-raid)', () => {
  const a = sensorsOnly(loadScenario(file('slcm-coastal-raid')));
  const b = sensorsOnly(loadScenario(file('slcm-coastal-raid-no-canada')));
  it("differs from its variant only in Canada's A-OTHR, which looks north and adds nothing on the coasts: the same first detections", () => {
    expect({ ...b.request, radars: [] }).toEqual({ ...a.request, radars: [] });
    expect(a.request.raid.find((m) => m.id === 'atl-dc-route')?.waypoints).toEqual(['36.5,-75.5']);
    const first = (log: EngineEvent[]) =>
      log.filter((e) => e.type === 'detect').map((e) => [e.object, e.t, e.type === 'detect' ? e.sensor : '']);
    const la = first(runTrial(buildScenarioWorld(a), 1)),
      lb = first(runTrial(buildScenarioWorld(b), 1));
    expect(la).toEqual(lb);
    expect(la.length).toBe(9); // every missile seen, by the E-7 or the E-3
  });
});
