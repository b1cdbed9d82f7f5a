import { runTrial } from '@golden-dome/core';
import { describe, expect, it } from 'vitest';
import { buildScenarioWorld, parseScenario } from './scenario-loader.ts';
import { problems } from './test-problems.ts';

const DEG = Math.PI / 180;

/** A small scenario with SBX (mobile) and the UEWR at Clear (fixed); `stations` is the radar_stations block. */
const text = (stations: string[], radars = '[uewr-clear, sbx]'): string =>
  [
    'name: stations',
    'summary: Radar stations.',
    'sources: ["the tests"]',
    'epoch: "2029-01-01T00:00:00Z"',
    'seed: 7',
    'policy: norad-integrated',
    'raid:',
    '  - {id: m1, type: hwasong-17, from: pyongyang-sunan, to: Seattle, target: {id: seattle, nation: US}, launch_time_s: 0}',
    'architecture:',
    `  radars: ${radars}`,
    ...(stations.length > 0 ? ['  radar_stations:', ...stations] : []),
    'monte_carlo: {trials: 10}',
    '',
  ].join('\n');

describe('a scenario stations a mobile radar', () => {
  it('moves SBX to the station and turns its face to the stated boresight; the fixed radars stay where the catalog puts them', () => {
    const src = (at: string): string =>
      text([`    - {radar: sbx, at: "${at}", boresight_azimuth_deg: 300, source: "model choice: a test station"}`]);
    const atHome = buildScenarioWorld(parseScenario(text([]), 'stations.yaml'));
    const world = buildScenarioWorld(parseScenario(src('51.88,-176.65'), 'stations.yaml'));
    const sbx = world.radars.find((r) => r.id === 'sbx');
    const home = atHome.radars.find((r) => r.id === 'sbx');
    expect(home?.spec.latitude).toBeCloseTo(21.3714 * DEG, 9); // the catalog's Pearl Harbor berth
    expect(sbx?.spec.latitude).toBeCloseTo(51.88 * DEG, 9);
    expect(sbx?.spec.longitude).toBeCloseTo(-176.65 * DEG, 9);
    expect(sbx?.spec.faces[0].boresightAzimuth).toBeCloseTo(300 * DEG, 9);
    expect(sbx?.spec.faces[0].azimuthHalfWidth).toBe(home?.spec.faces[0].azimuthHalfWidth);
    expect({ ...sbx?.spec, latitude: 0, longitude: 0, faces: [] }).toEqual({ ...home?.spec, latitude: 0, longitude: 0, faces: [] });
    expect(world.radars.find((r) => r.id === 'uewr-clear')).toEqual(atHome.radars.find((r) => r.id === 'uewr-clear'));
  });

  it('changes what the radar sees: on station off Adak it detects the raid, at its Pearl Harbor berth it does not', () => {
    const station = '    - {radar: sbx, at: "51.88,-176.65", boresight_azimuth_deg: 300, source: "model choice: a test station"}';
    const sbxDetections = (src: string): number =>
      runTrial(buildScenarioWorld(parseScenario(src, 'stations.yaml')), 1).filter((e) => e.type === 'detect' && e.sensor === 'sbx').length;
    expect(sbxDetections(text([station]))).toBeGreaterThan(0);
    expect(sbxDetections(text([]))).toBe(0);
  }, 60_000);

  it('refuses a fixed radar, a radar not listed, a radar stationed twice and a station without a source, each at its line', () => {
    const fixed = problems(text(['    - {radar: uewr-clear, at: "51.88,-176.65", source: "model choice: a test station"}']));
    expect(fixed).toEqual([
      expect.stringMatching(/^line 12, column \d+, field 'architecture\.radar_stations\[0\]\.radar': uewr-clear is a fixed radar/),
    ]);
    const unlisted = problems(text(['    - {radar: sbx, at: "51.88,-176.65", source: "model choice: a test station"}'], '[uewr-clear]'));
    expect(unlisted).toEqual([
      expect.stringMatching(/field 'architecture\.radar_stations\[0\]\.radar': radar 'sbx' is not listed under architecture\.radars/),
    ]);
    const twice = problems(
      text([
        '    - {radar: sbx, at: "51.88,-176.65", source: "model choice: a test station"}',
        '    - {radar: sbx, at: "50,-170", source: "model choice: a test station"}',
      ]),
    );
    expect(twice).toEqual([expect.stringMatching(/field 'architecture\.radar_stations\[1\]\.radar': radar 'sbx' is stationed twice/)]);
    const nowhere = problems(text(['    - {radar: sbx, at: "Qqzzyx Harbour", source: "model choice: a test station"}']));
    expect(nowhere).toEqual([expect.stringMatching(/field 'architecture\.radar_stations\[0\]\.at': .*Qqzzyx Harbour/)]);
    const unsourced = problems(text(['    - {radar: sbx, at: "51.88,-176.65", source: "x"}']));
    expect(unsourced).toEqual([expect.stringMatching(/field 'architecture\.radar_stations\[0\]\.source': say why/)]);
    const turned = problems(
      text(['    - {radar: sbx, at: "51.88,-176.65", boresight_azimuth_deg: 400, source: "model choice: a test station"}']),
    );
    expect(turned).toEqual([expect.stringMatching(/field 'architecture\.radar_stations\[0\]\.boresight_azimuth_deg'/)]);
  });
});
