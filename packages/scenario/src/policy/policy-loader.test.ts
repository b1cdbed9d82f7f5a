import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEG } from '@golden-dome/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  defendedValue,
  eligibilityMask,
  engagementShare,
  mayEngage,
  territoryOf,
  tracksVisibleTo,
  type CoalitionPolicy,
  type LatLon,
  type PolicyAsset,
} from '@golden-dome/core';
import { loadSensorCatalog } from '../catalog/sensor-catalog.ts';
import { InputError } from '../validated-yaml.ts';
import { loadCatalog } from '../catalog/catalog.ts';
import { defendedAssetPlace } from '../places.ts';
import { loadPolicies, loadPolicy, parsePolicy, POLICY_DIR } from './policy-loader.ts';

const policies = loadPolicies();
const get = (name: string): CoalitionPolicy => policies.get(name)!;
const at = (latDeg: number, lonDeg: number): LatLon => ({ latitude: latDeg * DEG, longitude: lonDeg * DEG });

/** Intercept points labelled with whether they are over Canada (by geography, not by the code under test). */
const POINTS: { label: string; p: LatLon; overCanada: boolean }[] = [
  { label: 'over Toronto', p: at(43.65, -79.38), overCanada: true },
  { label: 'over Vancouver', p: at(49.28, -123.12), overCanada: true },
  { label: 'over the Arctic archipelago', p: at(72, -100), overCanada: true },
  { label: 'over Buffalo', p: at(42.89, -78.88), overCanada: false },
  { label: 'over Seattle', p: at(47.6, -122.3), overCanada: false },
  { label: 'over Anchorage', p: at(61.2, -149.9), overCanada: false },
  { label: 'over Pituffik', p: at(76.53, -68.7), overCanada: false },
  { label: 'over the North Pacific', p: at(45, -160), overCanada: false },
];

/** The file as written, read without the loader: the oracle for "the owner's policy". */
interface RawNation {
  engage?: { asset_classes?: string[]; defend: string[]; consent_of?: string[] }[];
  approval?: { delay_s: number; own_assets: boolean | string[]; over_territory: string };
}
const raw = (name: string): { nations: Record<string, RawNation> } => parse(readFileSync(join(POLICY_DIR, `${name}.yaml`), 'utf8'));

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('example policies', () => {
  it('load, and say they are illustrative', () => {
    expect([...policies.keys()]).toEqual(['canada-sovereign', 'norad-integrated', 'us-alone']);
    for (const name of policies.keys()) {
      expect(readFileSync(join(POLICY_DIR, `${name}.yaml`), 'utf8')).toMatch(/^# ILLUSTRATIVE, NOT OFFICIAL POLICY\./);
    }
  });

  it("give every sensor the sensor catalog's owner", () => {
    const catalog = loadSensorCatalog();
    for (const p of policies.values()) {
      for (const a of p.assets.filter((x) => x.kind === 'sensor')) expect(a.owner, `${p.name}: ${a.id}`).toBe(catalog.get(a.id)?.owner);
    }
  });

  it("draw Canada's territory so that the labelled points fall where geography puts them", () => {
    for (const p of policies.values()) {
      for (const pt of POINTS) expect(territoryOf(p, pt.p).includes('CA'), `${p.name} ${pt.label}`).toBe(pt.overCanada);
    }
  });
});

describe("the battle manager never gets permission to fire against the owner's policy", () => {
  // Exhaustive over interceptors x defended assets x intercept points, for each example policy; the
  // expectation is read from the file's own text (RawNation), not from the loaded policy.
  for (const name of ['norad-integrated', 'canada-sovereign', 'us-alone']) {
    it(name, () => {
      const policy = get(name);
      const nations = raw(name).nations;
      let allowed = 0,
        refused = 0;
      for (const asset of policy.assets.filter((a) => a.kind === 'interceptor')) {
        const owner = nations[asset.owner];
        for (const target of policy.defended) {
          for (const pt of POINTS) {
            const d = mayEngage(policy, asset, target, pt.p);
            const rule = (owner.engage ?? [])
              .filter((r) => !r.asset_classes || r.asset_classes.includes(asset.assetClass))
              .find((r) => r.defend.includes(target.nation));
            const where = `${name}: ${asset.id} -> ${target.id} ${pt.label}`;
            expect(d.allowed, `${where}: ${d.reason}`).toBe(rule !== undefined);
            if (!d.allowed) {
              refused++;
              expect(d.reason, where).toMatch(
                new RegExp(`^${asset.owner} policy, engagement rules: .*${asset.owner}.*aimed at ${target.nation}`),
              );
              expect(d.approvalDelay).toBe(0);
              continue;
            }
            allowed++;
            // every approval the files ask for is waited for
            const expected: Record<string, number> = {};
            const own = owner.approval;
            if (own && (own.own_assets === true || (Array.isArray(own.own_assets) && own.own_assets.includes(asset.assetClass))))
              expected[asset.owner] = own.delay_s;
            if (rule?.consent_of?.includes(target.nation) && target.nation !== asset.owner)
              expected[target.nation] = nations[target.nation].approval?.delay_s ?? 0;
            if (pt.overCanada && nations.CA.approval?.over_territory === 'approval') expected.CA = nations.CA.approval.delay_s;
            expect(Object.fromEntries(d.approvals.map((a) => [a.nation, a.delay])), where).toEqual(expected);
            expect(d.approvalDelay, where).toBe(Math.max(0, ...Object.values(expected)));
          }
        }
      }
      expect(allowed).toBeGreaterThan(0);
      if (name !== 'norad-integrated') expect(refused).toBeGreaterThan(0);
    });
  }

  it("norad-integrated: each nation's engagement outcomes go to the other at once; the other policies share none", () => {
    const p = get('norad-integrated');
    expect(engagementShare(p, 'CA', 'US')).toMatchObject({ shared: true, delay: 0 });
    expect(engagementShare(p, 'US', 'CA')).toMatchObject({ shared: true, delay: 0 });
    expect(engagementShare(p, 'UK', 'US').shared).toBe(false);
    for (const name of ['canada-sovereign', 'us-alone']) expect(engagementShare(get(name), 'CA', 'US').shared, name).toBe(false);
  });

  it('norad-integrated: every interceptor may defend both nations, with no approval', () => {
    const p = get('norad-integrated');
    for (const a of p.assets.filter((x) => x.kind === 'interceptor')) {
      for (const d of p.defended)
        for (const pt of POINTS) expect(mayEngage(p, a, d, pt.p)).toMatchObject({ allowed: true, approvalDelay: 0 });
    }
  });

  it("canada-sovereign: US midcourse defends Toronto after Canada's 120 s; a US terminal battery may not; an intercept over Canada for New York waits 120 s", () => {
    const p = get('canada-sovereign');
    const asset = (id: string): PolicyAsset => p.assets.find((a) => a.id === id)!;
    const city = (id: string) => p.defended.find((d) => d.id === id)!;
    const overPacific = POINTS[7].p,
      overToronto = POINTS[0].p;
    expect(mayEngage(p, asset('ngi-fort-greely'), city('toronto'), overPacific)).toMatchObject({ allowed: true, approvalDelay: 120 });
    const thaad = mayEngage(p, asset('thaad-battery-east'), city('toronto'), overToronto);
    expect(thaad.allowed).toBe(false);
    expect(thaad.reason).toBe(
      "US policy, engagement rules: US's terminal interceptors (thaad-battery-east) may defend US only; this threat is aimed at CA (Toronto)",
    );
    expect(mayEngage(p, asset('ngi-fort-greely'), city('new-york'), overToronto)).toMatchObject({ allowed: true, approvalDelay: 120 });
    expect(mayEngage(p, asset('ngi-fort-greely'), city('new-york'), POINTS[3].p)).toMatchObject({ allowed: true, approvalDelay: 0 });
  });

  it('us-alone: no US interceptor may defend a Canadian city', () => {
    const p = get('us-alone');
    for (const a of p.assets.filter((x) => x.kind === 'interceptor')) {
      for (const d of p.defended.filter((x) => x.nation === 'CA')) {
        expect(mayEngage(p, a, d, POINTS[0].p).reason).toMatch(
          /^US policy, engagement rules: .* may defend US only; this threat is aimed at CA/,
        );
      }
    }
  });
});

describe('track sharing', () => {
  const sensors = get('norad-integrated').assets.filter((a) => a.kind === 'sensor');
  const owner = new Map(sensors.map((s) => [s.id, s.owner]));
  // every track with one or two sources
  const tracks = sensors.flatMap((a, i) => [{ sources: [a.id] }, ...sensors.slice(i + 1).map((b) => ({ sources: [a.id, b.id] }))]);
  const keys = (v: { track: { sources: readonly string[] } }[]): string[] => v.map((x) => x.track.sources.join('+'));
  const onlyFrom = (t: { sources: readonly string[] }, nations: string[]): boolean =>
    t.sources.every((s) => nations.includes(owner.get(s)!));

  it('norad-integrated: the US plans on every track, at once and at full quality', () => {
    const seen = tracksVisibleTo(get('norad-integrated'), 'US', tracks);
    expect(seen.length).toBe(tracks.length);
    expect(seen.every((v) => v.delay === 0 && v.sigmaFactor === 1 && v.sources.length === v.track.sources.length)).toBe(true);
  });

  it('canada-sovereign: the same tracks reach the US, but those only from Canadian sensors 60 s late at twice the sigma', () => {
    const seen = tracksVisibleTo(get('canada-sovereign'), 'US', tracks);
    expect(keys(seen)).toEqual(keys(tracksVisibleTo(get('norad-integrated'), 'US', tracks)));
    for (const v of seen) {
      const canadianOnly = onlyFrom(v.track, ['CA']);
      expect([v.delay, v.sigmaFactor], v.track.sources.join('+')).toEqual(canadianOnly ? [60, 2] : [0, 1]);
    }
  });

  it("us-alone: withholding Canada's radars removes exactly the tracks that came only from Canadian sensors", () => {
    const integrated = keys(tracksVisibleTo(get('norad-integrated'), 'US', tracks));
    const alone = tracksVisibleTo(get('us-alone'), 'US', tracks);
    const removed = integrated.filter((k) => !keys(alone).includes(k));
    expect(removed).toEqual(keys(tracks.filter((t) => onlyFrom(t, ['CA'])).map((track) => ({ track }))));
    expect(removed).toEqual(expect.arrayContaining(['a-othr', 'a-othr+p-othr', 'p-othr', 'nws-cartwright', 'p-othr+nws-cartwright']));
    expect(removed.every((k) => k.split('+').every((s) => owner.get(s) === 'CA'))).toBe(true);
    // mixed tracks survive with the Canadian part stripped
    for (const v of alone)
      expect(
        v.sources.some((s) => owner.get(s) === 'CA'),
        v.track.sources.join('+'),
      ).toBe(false);
    // and Canada, out, gets only its own radars' data
    expect(tracksVisibleTo(get('us-alone'), 'CA', tracks).every((v) => v.sources.every((s) => owner.get(s) === 'CA'))).toBe(true);
  });

  it('us-alone: an engagement that depended on a P-OTHR-only track disappears from the US plan', () => {
    const threats = [
      { sources: ['p-othr'], aimedAt: 'anchorage', point: POINTS[6].p },
      { sources: ['uewr-clear', 'p-othr'], aimedAt: 'seattle', point: POINTS[7].p },
    ];
    const planFor = (name: string): number[] => {
      const p = get(name);
      const visible = tracksVisibleTo(p, 'US', threats).map((v) => v.track);
      const weapons = p.assets.filter((a) => a.kind === 'interceptor' && a.owner === 'US');
      const targets = visible.map((t) => ({ aimedAt: p.defended.find((d) => d.id === t.aimedAt)!, interceptPoint: t.point }));
      const mask = eligibilityMask(p, weapons, targets);
      return targets.map((_, t) => weapons.reduce((n, _w, w) => n + mask[w * targets.length + t], 0));
    };
    expect(planFor('norad-integrated')).toEqual([4, 4]);
    expect(planFor('us-alone')).toEqual([4]); // only the UEWR-held threat is left to plan on
  });
});

describe('defended value', () => {
  it('canada-sovereign: the US weighs Canadian cities at half; us-alone: at zero; Canada weighs its own at full', () => {
    const toronto = get('canada-sovereign').defended.find((d) => d.id === 'toronto')!;
    expect(defendedValue(get('canada-sovereign'), 'US', toronto)).toBe(0.5 * 6.7e6);
    expect(defendedValue(get('canada-sovereign'), 'CA', toronto)).toBe(6.7e6);
    expect(defendedValue(get('us-alone'), 'US', toronto)).toBe(0);
    expect(defendedValue(get('norad-integrated'), 'US', toronto)).toBe(6.7e6);
  });
});

describe('bad policy files name the file, line and field', () => {
  const file = 'canada-sovereign.yaml';
  const good = readFileSync(join(POLICY_DIR, file), 'utf8');
  const broken = (from: string, to: string): string => {
    expect(good.includes(from), from).toBe(true);
    return good.replace(from, to);
  };

  it('an unknown nation', () => {
    const text = broken('      - defend: [CA]\n    approval:', '      - defend: [CA, FR]\n    approval:');
    const e = errorOf(() => parsePolicy(text, file));
    expect(e.message).toContain(`${file}: line ${lineOf(text, '[CA, FR]')}, field 'nations.CA.engage.0.defend.1': unknown nation 'FR'`);
  });

  it('the United Kingdom written GB: refused with the code to write', () => {
    const text = broken('      - defend: [CA]\n    approval:', '      - defend: [CA, GB]\n    approval:');
    expect(errorOf(() => parsePolicy(text, file)).message).toContain(
      `line ${lineOf(text, '[CA, GB]')}, field 'nations.CA.engage.0.defend.1': the United Kingdom is UK in this tool`,
    );
  });

  it('sharing engagements with an unknown nation', () => {
    const text = broken(
      '    share:\n      - with: [CA]\n',
      '    share:\n      - with: [CA]\n    share_engagements:\n      - with: [CA, FR]\n',
    );
    expect(errorOf(() => parsePolicy(text, file)).message).toContain(
      `${file}: line ${lineOf(text, '[CA, FR]')}, field 'nations.US.share_engagements.0.with.1': unknown nation 'FR'`,
    );
  });

  it('an asset with no owner', () => {
    const text = broken('{id: sbx, kind: sensor, owner: US, class: discrimination}', '{id: sbx, kind: sensor, class: discrimination}');
    const e = errorOf(() => parsePolicy(text, file));
    expect(e.message).toMatch(
      new RegExp(`^${file}: line ${lineOf(text, '{id: sbx')}, field 'assets\\.5\\.owner': every asset needs an owner`),
    );
  });

  it('an asset whose owner the sensor catalog contradicts', () => {
    const text = broken('{id: a-othr, kind: sensor, owner: CA', '{id: a-othr, kind: sensor, owner: US');
    expect(errorOf(() => parsePolicy(text, file)).message).toContain(
      `line ${lineOf(text, '{id: a-othr')}, field 'assets.8.owner': the sensor catalog gives a-othr's owner as CA, not US`,
    );
  });

  it('a negative delay', () => {
    const text = broken('      delay_s: 120', '      delay_s: -5');
    expect(errorOf(() => parsePolicy(text, file)).message).toContain(
      `${file}: line ${lineOf(text, 'delay_s: -5')}, field 'nations.CA.approval.delay_s': a delay must be zero or positive`,
    );
  });

  it('a defended asset whose name is not a place of its nation (the report could not map it; issue 14)', () => {
    const text = broken('{id: calgary, name: Calgary, nation: CA', '{id: calgary, name: Calgaryy, nation: CA');
    expect(errorOf(() => parsePolicy(text, file)).message).toContain(
      `line ${lineOf(text, 'name: Calgaryy')}, field 'defended.9.name': defended asset 'calgary' (CA): unknown place 'Calgaryy' (did you mean 'Calgary'`,
    );
  });

  it('every defended asset of the shipped policies is a place of its own nation ("Washington DC" is the US capital)', () => {
    for (const p of loadPolicies().values()) {
      for (const d of p.defended)
        expect(defendedAssetPlace(d, loadCatalog()).country, `${p.name} ${d.id}`).toBe(d.nation === 'UK' ? 'GB' : d.nation);
      const dc = p.defended.find((d) => d.id === 'washington');
      if (dc) expect(defendedAssetPlace(dc, loadCatalog()).label).toBe('Washington, D.C., US');
    }
  });

  it('a YAML syntax error', () => {
    const text = broken('    engage:\n      - defend: [CA]\n', '    engage:\n      - defend: [CA\n');
    expect(errorOf(() => parsePolicy(text, file)).message).toMatch(
      new RegExp(`^${file}: (\\d+ problems:\\n  )?line \\d+, column \\d+: YAML syntax`),
    );
  });

  it('sharing a sensor the nation does not own, and a priority for an undeclared city', () => {
    const text = broken('sensors: [a-othr, p-othr,', 'sensors: [a-othr, lrdr-clear,').replace(
      'nations: {US: 0.5}',
      'nations: {US: 0.5}\n      assets: {atlantis: 2}',
    );
    const msg = errorOf(() => parsePolicy(text, file)).message;
    expect(msg).toContain(
      `line ${lineOf(text, '[a-othr, lrdr-clear,')}, field 'nations.CA.share.0.sensors.1': 'lrdr-clear' is not a sensor asset owned by CA`,
    );
    expect(msg).toContain(
      `line ${lineOf(text, 'atlantis')}, field 'nations.CA.priorities.assets.atlantis': 'atlantis' is not a defended asset`,
    );
  });

  it('on disk: a file whose name does not match, with the path in the message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policies-'));
    const path = join(dir, 'renamed.yaml');
    writeFileSync(path, good);
    expect(errorOf(() => loadPolicy(path)).message).toContain(
      `${path}: field 'name': 'canada-sovereign' must match the file name 'renamed.yaml'`,
    );
    writeFileSync(path, good.replace('delay_s: 120', 'delay_s: -1'));
    expect(errorOf(() => loadPolicy(path)).message).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line \\d+, field 'nations\\.CA\\.approval\\.delay_s'`),
    );
  });
});

describe('the host rule (approval.hosted_launches): canada-host-consent', () => {
  const file = join(POLICY_DIR, '..', 'studies', 'policies', 'canada-host-consent.yaml');
  const good = readFileSync(file, 'utf8');
  const broken = (from: string, to: string): string => {
    expect(good.includes(from), from).toBe(true);
    return good.replace(from, to);
  };
  const name = 'canada-host-consent.yaml';
  const ngi = (site: LatLon): PolicyAsset => ({ id: 'ngi-goose-bay', owner: 'US', kind: 'interceptor', assetClass: 'midcourse', site });

  it("loads, and asks Canada's 120 s approval for a US launch from Goose Bay, not from Fort Greely, over the sea as over Canada", () => {
    const p = loadPolicy(file);
    expect(p.nations.CA.approval?.hostedLaunches).toEqual({ of: ['US'], assetClasses: undefined });
    const overAtlantic = at(45, -40);
    expect(territoryOf(p, overAtlantic)).toEqual([]);
    expect(mayEngage(p, ngi(at(53.32, -60.42)), { nation: 'US' }, overAtlantic).approvals.map((a) => [a.nation, a.delay])).toEqual([
      ['CA', 120],
    ]);
    expect(mayEngage(p, ngi(at(63.95, -145.73)), { nation: 'US' }, overAtlantic).approvals).toEqual([]);
    // canada-host, the same without the rule: nothing over the sea
    const plain = loadPolicy(join(POLICY_DIR, '..', 'studies', 'policies', 'canada-host.yaml'));
    expect(mayEngage(plain, ngi(at(53.32, -60.42)), { nation: 'US' }, overAtlantic).approvals).toEqual([]);
  });

  it('an unknown nation in hosted_launches.of', () => {
    const text = broken('hosted_launches: {of: [US]}', 'hosted_launches: {of: [US, FR]}');
    expect(errorOf(() => parsePolicy(text, name)).message).toContain(
      `${name}: line ${lineOf(text, 'hosted_launches')}, field 'nations.CA.approval.hosted_launches.of.1': unknown nation 'FR'`,
    );
  });

  it('the host naming itself', () => {
    const text = broken('hosted_launches: {of: [US]}', 'hosted_launches: {of: [CA]}');
    expect(errorOf(() => parsePolicy(text, name)).message).toContain(
      `field 'nations.CA.approval.hosted_launches.of.0': CA cannot host its own launches`,
    );
  });

  it('a host rule for a nation without territory', () => {
    const text = broken(
      '    engage:\n      - defend: [US, CA]\n',
      '    engage:\n      - defend: [US, CA]\n    approval: {delay_s: 30, own_assets: false, over_territory: open, hosted_launches: {}}\n',
    );
    expect(errorOf(() => parsePolicy(text, name)).message).toContain(
      `line ${lineOf(text, 'hosted_launches: {}')}, field 'nations.US.approval.hosted_launches': US has no territory`,
    );
  });

  it('an unknown field and a negative delay', () => {
    const typo = broken('hosted_launches: {of: [US]}', 'hosted_launches: {of: [US], clases: [midcourse]}');
    expect(errorOf(() => parsePolicy(typo, name)).message).toMatch(
      new RegExp(`${name}: line ${lineOf(typo, 'hosted_launches')}, field 'nations\\.CA\\.approval\\.hosted_launches'.*clases`),
    );
    const negative = broken('      delay_s: 120', '      delay_s: -5');
    expect(errorOf(() => parsePolicy(negative, name)).message).toContain(
      `${name}: line ${lineOf(negative, 'delay_s: -5')}, field 'nations.CA.approval.delay_s': a delay must be zero or positive`,
    );
  });
});
