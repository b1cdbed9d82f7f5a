import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type EngineEvent, runTrial } from '@golden-dome/core';
import { describe, expect, it } from 'vitest';
import { InputError } from '../validated-yaml.ts';
import {
  buildScenarioWorld,
  loadScenario,
  parseScenario,
  SCENARIO_JSON_SCHEMA_FILE,
  scenarioFiles,
  scenarioJsonSchemaText,
} from './scenario-loader.ts';
import { SCENARIO_LIMITS } from './scenario-schema.ts';
import { buildWorld } from '../world/build-world.ts';
import { alaskaCaliforniaBatteries, smallRaidRequest } from '../world/small-raid.ts';

// A small valid scenario; each bad case below changes one or more of its lines (line numbers are 1-based).
const BASE = [
  'name: test-scenario', //                                           1
  'summary: A test.', //                                              2
  'sources: ["the tests"]', //                                        3
  'epoch: "2029-01-01T00:00:00Z"', //                                 4
  'seed: 7', //                                                       5
  'policy: norad-integrated', //                                      6
  'raid:', //                                                         7
  '  - id: m1', //                                                    8
  '    type: hwasong-17', //                                          9
  '    from: pyongyang-sunan', //                                     10
  '    to: Seattle', //                                               11
  '    target: {id: seattle, nation: US}', //                         12
  '    launch_time_s: 0', //                                          13
  '    count: 3', //                                                  14
  '    spacing_s: 20', //                                             15
  'architecture:', //                                                 16
  '  radars: [uewr-clear, lrdr-clear]', //                            17
  '  batteries:', //                                                  18
  '    - {id: ngi-fort-greely, interceptor: ngi, at: "63.95,-145.73", owner: US, class: midcourse, inventory: 20}', // 19
  '  space_layers:', //                                               20
  '    - {id: sbi, interceptor: notional-sbi, owner: US, altitude_km: 450, inclination_deg: 55, planes: 10, per_plane: 20, single_shot_pk: 0.7}', // 21
  'monte_carlo: {trials: 100}', //                                    22
];

const text = (edits: Record<number, string> = {}): string => BASE.map((l, i) => edits[i + 1] ?? l).join('\n') + '\n';

/** The problems a text is rejected with (and the whole message names the file). */
function problems(source: string): readonly string[] {
  try {
    parseScenario(source, 'bad.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).message.startsWith('bad.yaml: ')).toBe(true);
    return (e as InputError).problems;
  }
  throw new Error('the scenario was accepted');
}

const LIBRARY = scenarioFiles();
const SMALLEST = LIBRARY.find((f) => basename(f) === 'nk-2029-salvo.yaml') as string;

describe('a scenario file', () => {
  it('becomes a WorldRequest: salvos expand into missiles with ids and spaced launch times, units convert once', () => {
    const { scenario, request } = parseScenario(text(), 'ok.yaml');
    expect(scenario.monte_carlo.trials).toBe(100);
    expect(request.raid.map((m) => [m.id, m.launchTime])).toEqual([
      ['m1-1', 0],
      ['m1-2', 20],
      ['m1-3', 40],
    ]);
    expect(request.raid[0]).toMatchObject({
      type: 'hwasong-17',
      from: 'pyongyang-sunan',
      to: 'Seattle',
      target: { id: 'seattle', nation: 'US' },
      shape: { kind: 'min-energy' },
    });
    expect(request.policy.name).toBe('norad-integrated');
    expect(request.batteries[0]).toEqual({
      id: 'ngi-fort-greely',
      interceptor: 'ngi',
      at: '63.95,-145.73',
      owner: 'US',
      assetClass: 'midcourse',
      inventory: 20,
    });
    expect(request.spaceLayers?.[0]).toMatchObject({
      altitudeKm: 450,
      inclinationDeg: 55,
      planes: 10,
      perPlane: 20,
      phasing: 1,
      assetClass: 'space',
    });
    expect(request.detectionsToCommit).toBe(3);
  });

  it('takes the target nation from the policy when it is left out, and a lofted shape with its apogee in metres', () => {
    const { request } = parseScenario(
      text({ 12: '    target: {id: toronto}', 15: '    spacing_s: 20\n    trajectory: lofted\n    apogee_km: 2000' }),
      'ok.yaml',
    );
    expect(request.raid[0].target).toEqual({ id: 'toronto', nation: 'CA' });
    expect(request.raid[0].shape).toEqual({ kind: 'lofted', apogeeAltitude: 2_000_000 });
  });
});

describe("live command's timeout rule", () => {
  it('defaults to 120 s, then deny; a scenario may state its own, which the world carries', () => {
    expect(parseScenario(text(), 'ok.yaml').request.approvalTimeout).toBeUndefined();
    const stated = parseScenario(text({ 22: 'monte_carlo: {trials: 100}\nlive_command: {timeout_s: 45, on_timeout: approve}' }), 'ok.yaml');
    expect(stated.request.approvalTimeout).toEqual({ after: 45, then: 'approve' });
    expect(parseScenario(text({ 22: 'monte_carlo: {trials: 100}\nlive_command: {}' }), 'ok.yaml').request.approvalTimeout).toEqual({
      after: 120,
      then: 'deny',
    });
    expect(buildWorld({ ...smallRaidRequest(alaskaCaliforniaBatteries(2)), tracks: 'truth' }).settings.approvalTimeout).toEqual({
      after: 120,
      then: 'deny',
    });
  });
});

describe("the tracker's drag cue", () => {
  it('defaults to the core classes, may be stated in kg/m^2 or turned off, and a bad class is refused where it stands', () => {
    expect(parseScenario(text(), 'ok.yaml').request.tracker).toBeUndefined();
    const stated = parseScenario(
      text({
        22: 'monte_carlo: {trials: 100}\ntracker: {drag_cue: {warhead: {beta_kg_m2: 12000, log_sigma: 0.4}, decoy: {beta_kg_m2: 80, log_sigma: 0.8}}}',
      }),
      'ok.yaml',
    );
    expect(stated.request.tracker?.dragCue).toEqual({ warhead: { beta: 12000, logSigma: 0.4 }, decoy: { beta: 80, logSigma: 0.8 } });
    expect(
      parseScenario(text({ 22: 'monte_carlo: {trials: 100}\ntracker: {drag_cue: false}' }), 'ok.yaml').request.tracker?.dragCue,
    ).toBeNull();
    const bad = problems(
      text({
        22: 'monte_carlo: {trials: 100}\ntracker: {drag_cue: {warhead: {beta_kg_m2: -5, log_sigma: 0.4}, decoy: {beta_kg_m2: 80, log_sigma: 0.8}}}',
      }),
    );
    expect(bad.join('\n')).toMatch(/line 23.*tracker\.drag_cue/s);
  });
});

describe("the terminal layer's wait for the air", () => {
  it("is 'none' unless stated, may be 'atmosphere', and anything else is refused where it stands", () => {
    expect(
      parseScenario(text({ 22: 'monte_carlo: {trials: 100}\ntracker: {prior_warhead: 0.5}' }), 'ok.yaml').request.tracker?.terminalWait,
    ).toBeUndefined();
    expect(
      parseScenario(text({ 22: 'monte_carlo: {trials: 100}\ntracker: {terminal_wait: atmosphere}' }), 'ok.yaml').request.tracker
        ?.terminalWait,
    ).toBe('atmosphere');
    expect(
      parseScenario(text({ 22: 'monte_carlo: {trials: 100}\ntracker: {terminal_wait: none}' }), 'ok.yaml').request.tracker?.terminalWait,
    ).toBe('none');
    expect(problems(text({ 22: 'monte_carlo: {trials: 100}\ntracker: {terminal_wait: 60}' })).join('\n')).toMatch(
      /line 23.*tracker\.terminal_wait.*'atmosphere' or 'none'/s,
    );
  });
});

describe('the scenario library', () => {
  it('has the four reference studies, each with a variant without the space-based layer', () => {
    const names = LIBRARY.map((f) => basename(f, '.yaml'));
    for (const study of ['nk-2029-salvo', 'russia-polar-raid', 'china-mixed', 'slbm-coastal']) {
      expect(names).toContain(study);
      expect(names).toContain(`${study}-no-sbi`);
    }
  });

  it.each(LIBRARY.map((f) => [basename(f), f]))('%s validates (names, places, policy targets, limits) without flying', (_name, file) => {
    const { scenario, request } = loadScenario(file);
    expect(readFileSync(file, 'utf8').startsWith('# yaml-language-server: $schema=./scenario.schema.json\n')).toBe(true);
    expect(scenario.sources.length).toBeGreaterThan(0);
    expect(scenario.description?.length ?? 0).toBeGreaterThan(50);
    expect(request.raid.length).toBeLessThanOrEqual(20); // the library stays quick to build
    expect(scenario.monte_carlo.trials).toBeLessThanOrEqual(200);
  });

  it.each(LIBRARY.filter((f) => f.endsWith('-no-sbi.yaml')).map((f) => [basename(f), f]))(
    '%s is its study without the space layer, and nothing else changed',
    (_name, file) => {
      const variant = loadScenario(file).request;
      const study = loadScenario(file.replace('-no-sbi.yaml', '.yaml')).request;
      expect(variant.spaceLayers).toEqual([]);
      expect(study.spaceLayers?.length).toBeGreaterThan(0);
      expect({ ...variant, spaceLayers: [] }).toEqual({ ...study, spaceLayers: [] });
    },
  );

  it('nk-2029-salvo-layered adds terminal batteries with their radars and an Aegis ship to the reference; its -no-terminal variant only drops the terminal batteries', () => {
    const ref = loadScenario(LIBRARY.find((f) => basename(f) === 'nk-2029-salvo.yaml') as string).request;
    const layered = loadScenario(LIBRARY.find((f) => basename(f) === 'nk-2029-salvo-layered.yaml') as string).request;
    const noTerminal = loadScenario(LIBRARY.find((f) => basename(f) === 'nk-2029-salvo-layered-no-terminal.yaml') as string).request;
    const terminal = layered.batteries.filter((b) => b.assetClass === 'terminal');
    expect(terminal.map((b) => b.interceptor).sort()).toEqual([
      'pac-3-mse',
      'pac-3-mse',
      'pac-3-mse',
      'pac-3-mse',
      'thaad',
      'thaad',
      'thaad',
      'thaad',
    ]);
    expect(terminal.every((b) => b.radar !== undefined)).toBe(true);
    expect(layered.batteries.find((b) => b.interceptor === 'sm-3-iia')?.radar?.sensor).toBe('spy-1d');
    expect(layered.doctrine?.layerOrder).toEqual(['space', 'midcourse', 'terminal']);
    expect({ ...layered, batteries: [] }).toEqual({ ...ref, batteries: [] });
    expect({ ...noTerminal, batteries: [] }).toEqual({ ...layered, batteries: [] });
    expect(noTerminal.batteries).toEqual(layered.batteries.filter((b) => b.assetClass !== 'terminal'));
    // its -terminal-wait variant changes the terminal doctrine and nothing else
    const wait = loadScenario(LIBRARY.find((f) => basename(f) === 'nk-2029-salvo-layered-terminal-wait.yaml') as string).request;
    expect(wait.tracker?.terminalWait).toBe('atmosphere');
    expect(layered.tracker?.terminalWait).toBeUndefined();
    expect({ ...wait, tracker: { ...wait.tracker, terminalWait: undefined } }).toEqual({
      ...layered,
      tracker: { ...layered.tracker, terminalWait: undefined },
    });
  });

  it('the sensor variants are their studies without those sensors, and nothing else changed', () => {
    const nk = loadScenario(LIBRARY.find((f) => basename(f) === 'nk-2029-salvo.yaml') as string).request;
    const nkNoDisc = loadScenario(LIBRARY.find((f) => basename(f) === 'nk-2029-salvo-no-discrimination.yaml') as string).request;
    expect(nk.radars).toEqual(expect.arrayContaining(['lrdr-clear', 'sbx']));
    expect(nkNoDisc.radars).toEqual(nk.radars.filter((r) => r !== 'lrdr-clear' && r !== 'sbx'));
    expect(nk.radarStations?.map((st) => st.radar)).toEqual(['sbx']); // SBX on station (only SBX is mobile)
    expect({ ...nkNoDisc, radars: [] }).toEqual({ ...nk, radars: [], radarStations: undefined });
    const cm = loadScenario(LIBRARY.find((f) => basename(f) === 'china-mixed.yaml') as string).request;
    const cmNoPwsa = loadScenario(LIBRARY.find((f) => basename(f) === 'china-mixed-no-pwsa.yaml') as string).request;
    expect(cm.spaceSensors).toContain('pwsa-tracking-layer');
    expect(cmNoPwsa.spaceSensors).toEqual(cm.spaceSensors?.filter((s) => s !== 'pwsa-tracking-layer'));
    expect({ ...cmNoPwsa, spaceSensors: [] }).toEqual({ ...cm, spaceSensors: [] });
    expect(cm.radarStations?.map((st) => st.radar)).toEqual(['sbx']); // SBX on station off Adak, as in the reference
    // the reference raid with the PWSA tracking layer added, and nothing else changed
    const nkPwsa = loadScenario(LIBRARY.find((f) => basename(f) === 'nk-2029-salvo-pwsa.yaml') as string).request;
    expect(nk.spaceSensors ?? []).toEqual([]);
    expect(nkPwsa.spaceSensors).toEqual(['pwsa-tracking-layer']);
    expect({ ...nkPwsa, spaceSensors: [] }).toEqual({ ...nk, spaceSensors: [] });
    const cmNoSbi = loadScenario(LIBRARY.find((f) => basename(f) === 'china-mixed-no-sbi.yaml') as string).request;
    const cmNoSbiNoPwsa = loadScenario(LIBRARY.find((f) => basename(f) === 'china-mixed-no-sbi-no-pwsa.yaml') as string).request;
    expect(cmNoSbiNoPwsa.spaceSensors).toEqual(cmNoSbi.spaceSensors?.filter((s) => s !== 'pwsa-tracking-layer'));
    expect({ ...cmNoSbiNoPwsa, spaceSensors: [] }).toEqual({ ...cmNoSbi, spaceSensors: [] });
  });

  it('the smallest study builds a World, and runTrial flies it: deterministic, time-ordered, launch to impact', () => {
    const loaded = loadScenario(SMALLEST);
    const world = buildScenarioWorld(loaded);
    expect(world.missiles).toHaveLength(4);
    expect(world.spaceLayers[0].shell.altitude).toBe(450_000);
    expect(world.objects.filter((o) => o.kind === 'decoy').length).toBeGreaterThan(0);
    const log = runTrial(world, loaded.scenario.monte_carlo.seed ?? loaded.scenario.seed);
    for (let i = 1; i < log.length; i++) expect(log[i].t).toBeGreaterThanOrEqual(log[i - 1].t);
    const types = new Set<EngineEvent['type']>(log.map((e) => e.type));
    for (const t of ['launch', 'detect', 'fire', 'intercept'] as const) expect(types.has(t)).toBe(true);
    expect(JSON.stringify(runTrial(world, 3))).toBe(JSON.stringify(runTrial(world, 3)));
    // no sensor reports an object after it was destroyed (here the UEWR at Clear first sees Hwasong-18
    // objects after NGIs from Fort Greely, cued by other radars, have killed some of them)
    let kills = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const trial = runTrial(world, seed);
      const destroyedAt = new Map<string, number>();
      for (const e of trial) if (e.type === 'intercept' && e.hit && !e.alreadyDestroyed) destroyedAt.set(e.object, e.t);
      kills += destroyedAt.size;
      for (const e of trial)
        if (e.type === 'detect')
          expect(e.t, `${e.sensor} on ${e.object}, seed ${seed}`).toBeLessThanOrEqual(destroyedAt.get(e.object) ?? Infinity);
    }
    expect(kills).toBeGreaterThan(0);
  }, 120_000);

  it('the committed JSON Schema is the one generated from the zod schema', () => {
    const committed = readFileSync(SCENARIO_JSON_SCHEMA_FILE, 'utf8');
    expect(
      committed,
      'scenarios/scenario.schema.json is stale: run npx tsx packages/scenario/src/scenario/write-scenario-json-schema.ts',
    ).toBe(scenarioJsonSchemaText());
    const schema = JSON.parse(committed) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['raid', 'bombers', 'architecture', 'doctrine', 'monte_carlo']));
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'epoch', 'policy', 'monte_carlo']));
    expect(schema.required).not.toContain('raid'); // a raid may be only bombers (a missile is required under raid or bombers)
  });
});

describe('bad scenarios are refused with file, line, column, field and rule', () => {
  it('a YAML syntax error gives its line and column', () => {
    const [p] = problems(text({ 17: '  radars: [uewr-clear, lrdr-clear' }));
    expect(p).toMatch(/^line 1[78], column \d+: YAML syntax: /);
  });

  it('an unknown threat type suggests the nearest catalog names', () => {
    expect(problems(text({ 9: '    type: hwasong-71' }))).toEqual([
      expect.stringMatching(/^line 9, column 11, field 'raid\[0\]\.type': unknown threat type 'hwasong-71' \(did you mean .*'hwasong-17'/),
    ]);
  });

  it('every threat kind is accepted; a FOBS-only choice on another kind is refused at its raid entry', () => {
    expect(parseScenario(text({ 9: '    type: df-17' }), 'ok.yaml').request.raid[0].type).toBe('df-17');
    expect(() => buildScenarioWorld(parseScenario(text({ 15: '    approach: long' }), 'bad.yaml'))).toThrow(
      /line 8, .*approach applies to FOBS threats only \(hwasong-17 is a ballistic threat\)/,
    );
  });

  it('an unknown sensor, interceptor or policy suggests the nearest names', () => {
    const ps = problems(
      text({
        6: 'policy: norad-integrate',
        17: '  radars: [uewr-clear, lrdr-claer]',
        21: BASE[20].replace('notional-sbi', 'notional-sby'),
      }),
    );
    expect(ps).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^line 6, column 9, field 'policy': unknown policy 'norad-integrate' \(did you mean 'norad-integrated'/),
        expect.stringMatching(
          /^line 17, column 24, field 'architecture\.radars\[1\]': unknown sensor 'lrdr-claer' \(did you mean 'lrdr-clear'/,
        ),
        expect.stringMatching(
          /^line 21, column \d+, field 'architecture\.space_layers\[0\]\.interceptor': unknown interceptor 'notional-sby' \(did you mean 'notional-sbi'/,
        ),
      ]),
    );
  });

  it('an unknown place suggests sites and large cities', () => {
    expect(problems(text({ 11: '    to: Seatle' }))).toEqual([
      expect.stringMatching(/^line 11, column 9, field 'raid\[0\]\.to': unknown place 'Seatle' \(did you mean .*'Seattle'/),
    ]);
  });

  it("a target that is not among the policy's defended assets, or of another nation", () => {
    expect(problems(text({ 12: '    target: {id: seatle, nation: US}' }))[0]).toMatch(
      /^line 12, column 18, field 'raid\[0\]\.target\.id': unknown defended asset 'seatle' \(did you mean 'seattle'.*in policy norad-integrated/,
    );
    expect(problems(text({ 12: '    target: {id: seattle, nation: CA}' }))[0]).toMatch(
      /field 'raid\[0\]\.target\.id': defended asset 'seattle' of policy norad-integrated belongs to US, not CA/,
    );
  });

  it("live command's timeout rule: a non-positive or too long timeout, an unknown rule, an unknown field", () => {
    expect(problems(text({ 22: 'monte_carlo: {trials: 100}\nlive_command: {timeout_s: 0, on_timeout: fire}' }))).toEqual([
      expect.stringMatching(/^line 23, column 27, field 'live_command\.timeout_s': timeout_s must be more than 0 s/),
      expect.stringMatching(/^line 23, column 42, field 'live_command\.on_timeout': on_timeout is 'approve' or 'deny'/),
    ]);
    expect(problems(text({ 22: 'monte_carlo: {trials: 100}\nlive_command: {timeout_s: 7200, wait: 3}' }))).toEqual([
      expect.stringMatching(/^line 23, column 27, field 'live_command\.timeout_s': timeout_s is at most 3600 s/),
      expect.stringMatching(/^line 23, column 39, field 'live_command\.wait': unknown field/),
    ]);
  });

  it('a negative inventory', () => {
    expect(problems(text({ 19: BASE[18].replace('inventory: 20', 'inventory: -4') }))).toEqual([
      expect.stringMatching(/^line 19, column \d+, field 'architecture\.batteries\[0\]\.inventory': inventory must be zero or positive/),
    ]);
  });

  it('too many trials, and too many satellites in a layer', () => {
    expect(problems(text({ 22: 'monte_carlo: {trials: 100001}' }))).toEqual([
      expect.stringMatching(/^line 22, column 23, field 'monte_carlo\.trials': at most 100,000 trials/),
    ]);
    expect(problems(text({ 21: BASE[20].replace('per_plane: 20', 'per_plane: 5001') }))).toEqual([
      expect.stringMatching(
        /^line 21, column \d+, field 'architecture\.space_layers\[0\]\.per_plane': 10 planes x 5001 = 50010 satellites: at most 50000 per layer/,
      ),
    ]);
  });

  it('a raid whose salvos expand beyond the limit', () => {
    const over = SCENARIO_LIMITS.missiles / 2 + 1;
    const second = [
      '  - id: m2',
      '    type: hwasong-18',
      '    from: pyongsong',
      '    to: Anchorage',
      '    target: {id: anchorage, nation: US}',
      '    launch_time_s: 0',
      `    count: ${over}`,
    ].join('\n');
    expect(problems(text({ 14: `    count: ${over}`, 15: `    spacing_s: 20\n${second}` }))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^line 8, column 3, field 'raid': the raid expands to ${2 * over} missiles \\(salvo counts included\\): at most ${SCENARIO_LIMITS.missiles}`,
        ),
      ),
    ]);
  });

  it('a missing required field points at its parent and says it is missing; an unknown field is named', () => {
    expect(problems(text({ 13: '    typo_field: 1' }))).toEqual([
      expect.stringMatching(/^line 8, column 5, field 'raid\[0\]\.launch_time_s': required field is missing \(number\)/),
      expect.stringMatching(/^line 13, column 17, field 'raid\[0\]\.typo_field': unknown field/),
    ]);
    expect(problems(text({ 22: '' }))).toEqual([
      expect.stringMatching(/^line 1, column 1, field 'monte_carlo': required field is missing/),
    ]);
  });

  it('lists every problem of a file at once: structure, limits and names together', () => {
    const ps = problems(
      text({
        5: 'seed: -1',
        9: '    type: hwasong-71',
        11: '    to: Seatle',
        17: '  radars: [uewr-clera]',
        19: BASE[18].replace('inventory: 20', 'inventory: -4'),
        22: 'monte_carlo: {trials: 1000000}',
      }),
    );
    expect(ps.map((p) => /^line (\d+)/.exec(p)?.[1])).toEqual(expect.arrayContaining(['5', '9', '11', '17', '19', '22']));
    expect(ps).toHaveLength(6);
  });

  it('a missile the engine cannot aim is reported at its raid entry when the world is built', () => {
    const loaded = parseScenario(
      text({
        9: '    type: bulava',
        10: '    from: north-pacific',
        11: '    to: Los Angeles',
        12: '    target: {id: los-angeles}',
        14: '    count: 1',
      }),
      'close.yaml',
    );
    expect(() => buildScenarioWorld(loaded)).toThrow(/^close\.yaml: line 8, column 5, field 'raid\[0\]': raid missile m1 .*too close/);
  });

  it("a file's name must match its file name", () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    try {
      const file = join(dir, 'other-name.yaml');
      writeFileSync(file, text());
      expect(() => loadScenario(file)).toThrow(
        /other-name\.yaml: line 1, column 7, field 'name': 'test-scenario' must match the file name 'other-name\.yaml'/,
      );
      expect(() => loadScenario(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot read file \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
