import { describe, expect, it } from 'vitest';
import { DEG } from '../constants.ts';
import {
  defendedValue,
  eligibilityMask,
  inRegion,
  mayEngage,
  priorityWeight,
  sensorShare,
  territoryOf,
  tracksVisibleTo,
  type CoalitionPolicy,
  type DefendedAsset,
  type EngagementTarget,
  type NationPolicy,
  type PolicyAsset,
} from './national-policy.ts';
import { type LatLon } from '../geo/place.ts';
import { solveWtaGreedy } from './wta-greedy.ts';

const at = (latDeg: number, lonDeg: number): LatLon => ({ latitude: latDeg * DEG, longitude: lonDeg * DEG });

// A small coalition written by hand: CA territory is a box over southern Ontario and Quebec plus the
// Arctic, so the tests do not depend on the example files' outline.
const CA_BOX = { kind: 'box' as const, south: 43 * DEG, north: 84 * DEG, west: -141 * DEG, east: -52 * DEG };
const OVER_TORONTO = at(43.7, -79.4);
const OVER_BUFFALO = at(42.9, -78.9); // south of the box: not Canadian
const OVER_ARCTIC = at(70, -100);
const OVER_PACIFIC = at(30, -150);

const us: NationPolicy = {
  nation: 'US',
  name: 'United States',
  territory: [],
  engagement: [{ defend: ['US'] }, { assetClasses: ['midcourse', 'space'], defend: ['CA'], consentOf: ['CA'] }],
  approval: { delay: 30, ownAssets: ['space'], overTerritory: 'open' },
  sharing: [{ with: ['CA'], delay: 0, sigmaFactor: 1 }],
  priorities: { assets: { 'new-york': 2 }, nations: { CA: 0.5 }, defaultWeight: 1 },
};
const ca: NationPolicy = {
  nation: 'CA',
  name: 'Canada',
  territory: [CA_BOX],
  engagement: [{ defend: ['CA'] }],
  approval: { delay: 120, ownAssets: true, overTerritory: 'approval' },
  sharing: [{ sensors: ['a-othr'], with: ['US'], delay: 60, sigmaFactor: 2 }],
  priorities: { assets: {}, nations: {}, defaultWeight: 1 },
};
const assets: PolicyAsset[] = [
  { id: 'ngi', owner: 'US', kind: 'interceptor', assetClass: 'midcourse' },
  { id: 'sbi', owner: 'US', kind: 'interceptor', assetClass: 'space' },
  { id: 'thaad', owner: 'US', kind: 'interceptor', assetClass: 'terminal' },
  { id: 'ca-battery', owner: 'CA', kind: 'interceptor', assetClass: 'terminal' },
  { id: 'uewr', owner: 'US', kind: 'sensor', assetClass: 'early-warning' },
  { id: 'a-othr', owner: 'CA', kind: 'sensor', assetClass: 'oth-radar' },
  { id: 'p-othr', owner: 'CA', kind: 'sensor', assetClass: 'oth-radar' },
];
const defended: DefendedAsset[] = [
  { id: 'new-york', nation: 'US', value: 19.5e6, name: 'New York' },
  { id: 'seattle', nation: 'US', value: 4e6, name: 'Seattle' },
  { id: 'toronto', nation: 'CA', value: 6.7e6, name: 'Toronto' },
];
const policy: CoalitionPolicy = { name: 'hand-made', nations: { US: us, CA: ca }, assets, defended };
const asset = (id: string): PolicyAsset => assets.find((a) => a.id === id)!;
const TO_US = { nation: 'US', id: 'new-york', name: 'New York' };
const TO_CA = { nation: 'CA', id: 'toronto', name: 'Toronto' };

describe('territory', () => {
  it('tests a box, a box across the antimeridian and a polygon', () => {
    expect(territoryOf(policy, OVER_TORONTO)).toEqual(['CA']);
    expect(territoryOf(policy, OVER_BUFFALO)).toEqual([]);
    const aleutians = { kind: 'box' as const, south: 50 * DEG, north: 56 * DEG, west: 170 * DEG, east: -160 * DEG };
    expect(inRegion(aleutians, at(52, 178))).toBe(true);
    expect(inRegion(aleutians, at(52, -170))).toBe(true);
    expect(inRegion(aleutians, at(52, -150))).toBe(false);
    expect(inRegion(aleutians, at(52, 160))).toBe(false);
    const triangle = { kind: 'polygon' as const, vertices: [at(0, 0), at(10, 0), at(0, 10)] };
    expect(inRegion(triangle, at(2, 2))).toBe(true);
    expect(inRegion(triangle, at(6, 6))).toBe(false);
  });
});

describe('mayEngage', () => {
  it('lets a US midcourse interceptor defend the US with no approval outside Canadian territory', () => {
    const d = mayEngage(policy, asset('ngi'), TO_US, OVER_BUFFALO);
    expect(d).toMatchObject({ allowed: true, approvalDelay: 0, approvals: [] });
    expect(d.reason).toMatch(/US policy, engagement rules/);
  });

  it("needs Canada's approval, with its delay, for a US intercept over Canada even in defense of the US", () => {
    const d = mayEngage(policy, asset('ngi'), TO_US, OVER_TORONTO);
    expect(d.allowed).toBe(true);
    expect(d.approvalDelay).toBe(120);
    expect(d.approvals.map((a) => a.nation)).toEqual(['CA']);
    expect(d.reason).toMatch(/CA policy, territory: intercepts over CA/);
  });

  it("needs Canada's consent for US midcourse interceptors defending Canada, wherever the intercept", () => {
    const d = mayEngage(policy, asset('ngi'), TO_CA, OVER_PACIFIC);
    expect(d).toMatchObject({ allowed: true, approvalDelay: 120 });
    expect(d.reason).toMatch(/defending CA needs CA's consent/);
  });

  it('asks a nation once and waits for the slowest nation: US space (30 s) + CA territory (120 s) = 120 s', () => {
    const d = mayEngage(policy, asset('sbi'), TO_CA, OVER_ARCTIC);
    expect(d.allowed).toBe(true);
    expect(d.approvals.map((a) => [a.nation, a.delay])).toEqual([
      ['US', 30],
      ['CA', 120],
    ]);
    expect(d.approvalDelay).toBe(120);
    expect(d.approvals[1].reason).toMatch(/consent.*; CA policy, territory/); // consent and territory merged into one CA approval
    expect(mayEngage(policy, asset('sbi'), TO_US, OVER_PACIFIC).approvalDelay).toBe(30);
  });

  it('refuses, naming the nation and the rule: US terminal batteries do not defend Canada', () => {
    const d = mayEngage(policy, asset('thaad'), TO_CA, OVER_BUFFALO);
    expect(d).toMatchObject({ allowed: false, approvalDelay: 0, approvals: [] });
    expect(d.reason).toBe(
      "US policy, engagement rules: US's terminal interceptors (thaad) may defend US only; this threat is aimed at CA (Toronto)",
    );
  });

  it('refuses Canadian interceptors against threats to the US, and applies CA approval to its own assets', () => {
    expect(mayEngage(policy, asset('ca-battery'), TO_US, OVER_BUFFALO).reason).toMatch(
      /^CA policy, engagement rules: .* may defend CA only; this threat is aimed at US \(New York\)/,
    );
    const own = mayEngage(policy, asset('ca-battery'), TO_CA, OVER_PACIFIC);
    expect(own).toMatchObject({ allowed: true, approvalDelay: 120 });
    expect(own.reason).toMatch(/engagements by its own terminal interceptors need CA's approval/);
  });

  it("refuses foreign intercepts over a territory closed to them, but not the owner's own", () => {
    const closed: CoalitionPolicy = {
      ...policy,
      nations: { US: us, CA: { ...ca, approval: { ...ca.approval!, overTerritory: 'forbidden-to-others' } } },
    };
    const d = mayEngage(closed, asset('ngi'), TO_US, OVER_TORONTO);
    expect(d.allowed).toBe(false);
    expect(d.reason).toMatch(
      /^CA policy, territory: foreign interceptors may not intercept over CA; ngi \(US\) would intercept at 43\.70°, -79\.40°/,
    );
    expect(mayEngage(closed, asset('ca-battery'), TO_CA, OVER_TORONTO).allowed).toBe(true);
  });

  it('without an intercept point, gives what holds wherever the shot intercepts: owner and consent approvals, no territory', () => {
    // a US intercept over Canada needs CA's approval there, but nothing wherever it intercepts
    expect(mayEngage(policy, asset('ngi'), TO_US, OVER_TORONTO).approvals.map((a) => a.nation)).toEqual(['CA']);
    expect(mayEngage(policy, asset('ngi'), TO_US, null)).toMatchObject({ allowed: true, approvalDelay: 0, approvals: [] });
    // consent and the owner's own approval hold at every point
    expect(mayEngage(policy, asset('ngi'), TO_CA, null)).toMatchObject({ allowed: true, approvalDelay: 120 });
    expect(mayEngage(policy, asset('sbi'), TO_US, null).approvals.map((a) => [a.nation, a.delay])).toEqual([['US', 30]]);
    // a scope refusal holds at every point, with the same reason
    expect(mayEngage(policy, asset('thaad'), TO_CA, null).reason).toBe(mayEngage(policy, asset('thaad'), TO_CA, OVER_BUFFALO).reason);
    expect(mayEngage(policy, asset('thaad'), TO_CA, null).allowed).toBe(false);
  });

  it('refuses sensors, unowned assets and classes no rule covers', () => {
    expect(mayEngage(policy, asset('uewr'), TO_US, OVER_BUFFALO).reason).toMatch(/uewr: a sensor of US, not an interceptor/);
    expect(mayEngage(policy, { id: 'x', owner: 'FR', kind: 'interceptor', assetClass: 'terminal' }, TO_US, OVER_BUFFALO).reason).toMatch(
      /its owner FR has no policy/,
    );
    const narrow: CoalitionPolicy = {
      ...policy,
      nations: { ...policy.nations, US: { ...us, engagement: [{ assetClasses: ['midcourse'], defend: ['US'] }] } },
    };
    expect(mayEngage(narrow, asset('thaad'), TO_US, OVER_BUFFALO).reason).toMatch(
      /^US policy, engagement rules: no rule covers US's terminal interceptors/,
    );
  });
});

describe("mayEngage: the host rule (launches from a site on another nation's territory)", () => {
  // Canada asks for its approval of US launches from its soil; Goose Bay (53.3 N, 60.4 W) is inside CA_BOX,
  // Fort Greely (64.0 N, 145.7 W) is west of it
  const host: CoalitionPolicy = {
    ...policy,
    nations: { ...policy.nations, CA: { ...ca, approval: { ...ca.approval!, hostedLaunches: { of: ['US'] } } } },
  };
  const gooseBay: PolicyAsset = { id: 'ngi-goose-bay', owner: 'US', kind: 'interceptor', assetClass: 'midcourse', site: at(53.32, -60.42) };
  const fortGreely: PolicyAsset = { ...gooseBay, id: 'ngi-fort-greely', site: at(63.95, -145.73) };

  it("needs Canada's approval, with its delay, for a US launch from Canadian soil wherever the intercept is", () => {
    for (const point of [OVER_PACIFIC, OVER_BUFFALO, null]) {
      const d = mayEngage(host, gooseBay, TO_US, point);
      expect(d.allowed).toBe(true);
      expect(d.approvalDelay).toBe(120);
      expect(d.approvals.map((a) => [a.nation, a.delay])).toEqual([['CA', 120]]);
      expect(d.approvals[0].reason).toMatch(
        /^CA policy, approval: launches by US's midcourse interceptors from CA's territory \(ngi-goose-bay at 53\.32°, -60\.42°\)/,
      );
    }
    // over Canada too: one approval from Canada, the two rules' reasons joined
    const over = mayEngage(host, gooseBay, TO_US, OVER_TORONTO);
    expect(over.approvals).toHaveLength(1);
    expect(over.approvals[0].reason).toMatch(/from CA's territory.*; CA policy, territory: intercepts over CA/);
  });

  it('is not asked where no rule needs it: a site off its territory, a policy without the rule, an asset without a site', () => {
    expect(mayEngage(host, fortGreely, TO_US, OVER_PACIFIC)).toMatchObject({ allowed: true, approvalDelay: 0, approvals: [] });
    expect(mayEngage(policy, gooseBay, TO_US, OVER_PACIFIC)).toMatchObject({ allowed: true, approvalDelay: 0, approvals: [] });
    const { site: _, ...siteless } = gooseBay;
    expect(mayEngage(host, siteless, TO_US, OVER_PACIFIC).approvals).toEqual([]);
    // narrowed to other owners or other classes
    const others = (rule: { of?: string[]; assetClasses?: string[] }): CoalitionPolicy => ({
      ...policy,
      nations: { ...policy.nations, CA: { ...ca, approval: { ...ca.approval!, hostedLaunches: rule } } },
    });
    expect(mayEngage(others({ of: ['UK'] }), gooseBay, TO_US, OVER_PACIFIC).approvals).toEqual([]);
    expect(mayEngage(others({ assetClasses: ['air'] }), gooseBay, TO_US, OVER_PACIFIC).approvals).toEqual([]);
    expect(mayEngage(others({ assetClasses: ['midcourse'] }), gooseBay, TO_US, OVER_PACIFIC).approvalDelay).toBe(120);
    // every other nation when `of` is absent
    expect(mayEngage(others({}), gooseBay, TO_US, OVER_PACIFIC).approvalDelay).toBe(120);
  });

  it("exempts the host's own battery on its own soil (own_assets decides for it)", () => {
    const caAtGooseBay: PolicyAsset = { ...gooseBay, id: 'ca-goose-bay', owner: 'CA', assetClass: 'terminal' };
    const free: CoalitionPolicy = {
      ...host,
      nations: {
        ...host.nations,
        CA: { ...host.nations.CA, approval: { ...host.nations.CA.approval!, ownAssets: false, hostedLaunches: {} } },
      },
    };
    expect(mayEngage(free, caAtGooseBay, TO_CA, OVER_PACIFIC)).toMatchObject({ allowed: true, approvalDelay: 0, approvals: [] });
    // with own_assets, its own approval, once
    expect(mayEngage(host, caAtGooseBay, TO_CA, OVER_PACIFIC).approvals.map((a) => a.reason)).toEqual([
      "CA policy, approval: engagements by its own terminal interceptors need CA's approval",
    ]);
  });

  it('a withheld host approval (one that never comes) holds wherever the shot intercepts', () => {
    const withheld: CoalitionPolicy = {
      ...host,
      nations: { ...host.nations, CA: { ...host.nations.CA, approval: { ...host.nations.CA.approval!, delay: Infinity } } },
    };
    expect(mayEngage(withheld, gooseBay, TO_US, null).approvalDelay).toBe(Infinity);
  });
});

describe('tracksVisibleTo', () => {
  const tracks = [
    { id: 't1', sources: ['uewr'] },
    { id: 't2', sources: ['a-othr'] },
    { id: 't3', sources: ['p-othr'] },
    { id: 't4', sources: ['p-othr', 'uewr'] },
    { id: 't5', sources: ['a-othr', 'p-othr'] },
    { id: 't6', sources: ['unknown-radar'] },
  ];

  it("gives a nation its own tracks and what others share, with the sharer's delay and degradation", () => {
    const seen = tracksVisibleTo(policy, 'US', tracks);
    expect(seen.map((v) => [v.track.id, v.sources, v.delay, v.sigmaFactor])).toEqual([
      ['t1', ['uewr'], 0, 1],
      ['t2', ['a-othr'], 60, 2],
      ['t4', ['uewr'], 0, 1], // p-othr withheld: the US keeps its own part
      ['t5', ['a-othr'], 60, 2],
    ]);
    expect(tracksVisibleTo(policy, 'CA', tracks).map((v) => v.track.id)).toEqual(['t1', 't2', 't3', 't4', 't5']);
  });

  it('explains a withheld sensor', () => {
    expect(sensorShare(policy, 'US', 'p-othr')).toMatchObject({
      shared: false,
      reason: "CA policy, sharing: CA does not share p-othr's tracks with US",
    });
    expect(sensorShare(policy, 'US', 'unknown-radar').reason).toMatch(/not an asset of 'hand-made'/);
  });
});

describe('defendedValue', () => {
  it("scales value by the nation's priority weight: asset, then nation, then default", () => {
    const [ny, sea, to] = defended;
    expect(defendedValue(policy, 'US', ny)).toBe(2 * 19.5e6);
    expect(defendedValue(policy, 'US', sea)).toBe(4e6);
    expect(defendedValue(policy, 'US', to)).toBe(0.5 * 6.7e6);
    expect(defendedValue(policy, 'CA', to)).toBe(6.7e6);
    expect(priorityWeight(policy, 'FR', to)).toBe(0);
  });
});

describe('eligibilityMask', () => {
  const weapons = assets.filter((a) => a.kind === 'interceptor').concat([asset('uewr')]);
  const points = [OVER_TORONTO, OVER_BUFFALO, OVER_ARCTIC, OVER_PACIFIC];
  const targets: EngagementTarget[] = [TO_US, TO_CA].flatMap((aimedAt) => points.map((interceptPoint) => ({ aimedAt, interceptPoint })));

  it('is weapon-major (w * T + t) and matches mayEngage element by element', () => {
    const mask = eligibilityMask(policy, weapons, targets);
    expect(mask.length).toBe(weapons.length * targets.length);
    for (let w = 0; w < weapons.length; w++) {
      for (let t = 0; t < targets.length; t++) {
        expect(mask[w * targets.length + t], `${weapons[w].id} on ${t}`).toBe(
          mayEngage(policy, weapons[w], targets[t].aimedAt, targets[t].interceptPoint).allowed ? 1 : 0,
        );
      }
    }
    expect([...mask].some((x) => x === 0) && [...mask].some((x) => x === 1)).toBe(true);
  });

  it('takes weapon-specific intercept points', () => {
    const closed: CoalitionPolicy = {
      ...policy,
      nations: { US: us, CA: { ...ca, approval: { ...ca.approval!, overTerritory: 'forbidden-to-others' } } },
    };
    const mask = eligibilityMask(closed, [asset('ngi'), asset('sbi')], [{ aimedAt: TO_US, interceptPoint: OVER_BUFFALO }], (w) =>
      w === 0 ? OVER_TORONTO : OVER_PACIFIC,
    );
    expect([...mask]).toEqual([0, 1]);
  });

  it("keeps the WTA greedy from ever assigning a weapon its owner's policy forbids", () => {
    const T = targets.length,
      W = weapons.length;
    const mask = eligibilityMask(policy, weapons, targets);
    const result = solveWtaGreedy({
      targets: T,
      weapons: W,
      values: Float64Array.from(targets, (t) =>
        defendedValue(
          policy,
          'US',
          defended.find((d) => d.id === t.aimedAt.id)!,
        ),
      ),
      pKill: new Float64Array(W * T).fill(0.8),
      eligible: mask,
    });
    for (let w = 0; w < W; w++) {
      const t = result.assignment[w];
      if (t >= 0) expect(mayEngage(policy, weapons[w], targets[t].aimedAt, targets[t].interceptPoint).allowed).toBe(true);
    }
    expect(result.assignment[weapons.findIndex((a) => a.id === 'uewr')]).toBe(-1);
  });
});
