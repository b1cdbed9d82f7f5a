import { describe, expect, it } from 'vitest';
import {
  aimMissile,
  DEG,
  type BallisticMissileSpec,
  type CoalitionPolicy,
  type InterceptorBattery,
  mayEngage,
  pathFromHistory,
  planEngagements,
  REAL_EARTH,
  type StateHistory,
  type ThreatTrackPicture,
} from '@golden-dome/core';
import { loadCatalog } from '../catalog/catalog.ts';
import { findSurfaceInterceptor, loadInterceptorCatalog, resolveSurfaceInterceptor } from '../catalog/interceptor-catalog.ts';
import { resolveThreat } from '../catalog/resolve-threat.ts';
import { resolvePlace } from '../places.ts';
import { loadPolicies } from './policy-loader.ts';

// An integration of the kill chain's command side: two Hwasong-17-class ICBMs from Pyongyang, one at
// Seattle (tracked by a US early-warning radar), one at Vancouver (tracked only by Canada's polar OTH
// radar), against US midcourse interceptors in Alaska and California, planned by the US battle
// manager under the illustrative policies in packages/scenario/policies.
const catalog = loadCatalog();
const policies = loadPolicies();
const hwasong17 = resolveThreat(
  catalog.threats.get('hwasong-17') as NonNullable<ReturnType<typeof catalog.threats.get>>,
) as BallisticMissileSpec;
const from = resolvePlace('pyongyang-sunan', catalog);
const COMMIT = 600; // s after launch: boost over, the track firm enough to commit

function threat(id: string, city: string, cityId: string, nation: string, sources: string[]): ThreatTrackPicture {
  const aim = aimMissile(hwasong17, from, resolvePlace(city, catalog), { kind: 'min-energy' }, { earth: REAL_EARTH });
  if (!aim.ok) throw new Error(aim.reason);
  return { id, sources, path: pathFromHistory(aim.flight.history as StateHistory), aimedAt: { nation, id: cityId }, commitTime: COMMIT };
}

const toSeattle = threat('t-seattle', 'Seattle', 'seattle', 'US', ['uewr-clear']);
const toVancouver = threat('t-vancouver', 'Vancouver', 'vancouver', 'CA', ['p-othr']);
const interceptors = loadInterceptorCatalog();
const ngi = resolveSurfaceInterceptor(findSurfaceInterceptor(interceptors, 'ngi'));
const gbi = resolveSurfaceInterceptor(findSurfaceInterceptor(interceptors, 'gbi'));
const batteries: InterceptorBattery[] = [
  {
    id: 'ngi-fort-greely',
    owner: 'US',
    kind: 'interceptor',
    assetClass: 'midcourse',
    site: { latitude: 63.95 * DEG, longitude: -145.73 * DEG, altitude: 400 },
    spec: ngi,
    inventory: 4,
  },
  {
    id: 'gbi-vandenberg',
    owner: 'US',
    kind: 'interceptor',
    assetClass: 'midcourse',
    site: { latitude: 34.74 * DEG, longitude: -120.57 * DEG, altitude: 100 },
    spec: gbi,
    inventory: 4,
  },
];

function plan(policy: CoalitionPolicy, threats = [toSeattle, toVancouver]) {
  return planEngagements(policy, 'US', batteries, threats, policy.defended, REAL_EARTH);
}

const policy = (name: string): CoalitionPolicy => {
  const p = policies.get(name);
  if (!p) throw new Error(`no policy ${name}`);
  return p;
};

describe('the battle manager under national command', () => {
  it('with integrated NORAD sharing, engages both threats, each shot inside its window and its policy', () => {
    const p = policy('norad-integrated');
    const result = plan(p);
    expect(result.unseen).toEqual([]);
    const threatsShot = new Set(result.shots.map((s) => s.threat));
    expect(threatsShot).toEqual(new Set(['t-seattle', 't-vancouver']));
    for (const s of result.shots) {
      expect(s.launchTime).toBeGreaterThanOrEqual(COMMIT - 1e-6); // fire control locates window edges to 1e-6 s
      expect(s.interceptTime).toBeGreaterThan(s.launchTime);
      const b = batteries.find((x) => x.id === s.battery) as InterceptorBattery;
      const t = [toSeattle, toVancouver].find((x) => x.id === s.threat) as ThreatTrackPicture;
      expect(mayEngage(p, b, t.aimedAt, s.interceptPoint).allowed).toBe(true);
    }
    // doctrine: at most 2 rounds per threat, rounds taken from inventory
    for (const id of ['t-seattle', 't-vancouver']) expect(result.shots.filter((s) => s.threat === id).length).toBeLessThanOrEqual(2);
    expect(Object.values(result.remaining).reduce((a, b) => a + b, 0)).toBe(8 - result.shots.length);
  });

  it("withholding Canada's radar tracks removes exactly the engagements that depended on them", () => {
    const integrated = policy('norad-integrated');
    // the same policy, except that Canada shares nothing
    const withheld: CoalitionPolicy = { ...integrated, nations: { ...integrated.nations, CA: { ...integrated.nations.CA, sharing: [] } } };
    const before = plan(integrated);
    const after = plan(withheld);
    expect(after.unseen).toEqual(['t-vancouver']);
    expect(after.shots.some((s) => s.threat === 't-vancouver')).toBe(false);
    expect(before.shots.some((s) => s.threat === 't-vancouver')).toBe(true);
    // the engagement that rested on US sensors is untouched
    const key = (s: { battery: string; threat: string; launchTime: number }): string =>
      `${s.battery}/${s.threat}/${s.launchTime.toFixed(3)}`;
    expect(
      after.shots
        .filter((s) => s.threat === 't-seattle')
        .map(key)
        .sort(),
    ).toEqual(
      before.shots
        .filter((s) => s.threat === 't-seattle')
        .map(key)
        .sort(),
    );
  });

  it('never fires a US interceptor at a threat to Canada when US policy defends the US only', () => {
    const alone = policy('us-alone');
    // even if the Vancouver threat were held on a US radar, the owner's rules refuse it
    const seenByUs = { ...toVancouver, sources: ['uewr-clear'] };
    const result = plan(alone, [toSeattle, seenByUs]);
    expect(result.shots.some((s) => s.threat === 't-vancouver')).toBe(false);
    const refusals = result.refused.filter((r) => r.threat === 't-vancouver');
    expect(refusals).toHaveLength(2);
    for (const r of refusals) expect(r.reason).toMatch(/US policy.*defend US only.*CA/);
    expect(result.unengaged).toContain('t-vancouver');
    expect(result.shots.some((s) => s.threat === 't-seattle')).toBe(true);
  });

  it("under Canadian sovereignty, shots at the Vancouver threat wait for the late track and for Canada's consent", () => {
    const sovereign = policy('canada-sovereign');
    const result = plan(sovereign);
    const atVancouver = result.shots.filter((s) => s.threat === 't-vancouver');
    expect(atVancouver.length).toBeGreaterThan(0);
    const shareDelay =
      sovereign.nations.CA.sharing.find((r) => r.sensors?.includes('p-othr') || r.sensorClasses?.includes('oth-radar'))?.delay ?? 0;
    expect(shareDelay).toBeGreaterThan(0);
    for (const s of atVancouver) {
      expect(s.approvalDelay).toBeGreaterThan(0);
      expect(s.launchTime).toBeGreaterThanOrEqual(COMMIT + shareDelay + s.approvalDelay - 1e-6);
      expect(s.reason).toMatch(/CA/);
    }
    // the Seattle threat, on a US radar and over no foreign territory at launch, is not delayed by Canada
    const integrated = plan(policy('norad-integrated'));
    const first = (r: typeof result): number => Math.min(...r.shots.filter((s) => s.threat === 't-seattle').map((s) => s.launchTime));
    expect(first(result)).toBeCloseTo(first(integrated), 6);
  });
});

describe('layer hand-over', () => {
  it('a terminal battery holding its rounds in reserve backs up the midcourse shot after its kill assessment', () => {
    const thaad = resolveSurfaceInterceptor(findSurfaceInterceptor(interceptors, 'thaad'));
    const jblm: InterceptorBattery = {
      id: 'thaad-lewis-mcchord',
      owner: 'US',
      kind: 'interceptor',
      assetClass: 'terminal',
      site: { latitude: 47.1 * DEG, longitude: -122.55 * DEG, altitude: 90 },
      spec: thaad,
      inventory: 1,
    };
    const p = policy('norad-integrated');
    // THAAD's one round is all reserve (floor(1 x 0.5) = 0 usable now): it can only back up
    const result = planEngagements(p, 'US', [batteries[0], jblm], [toSeattle], p.defended, REAL_EARTH, {
      shotsPerThreat: 1,
      shootLookShoot: false,
      killAssessmentDelay: 60,
      reserveFraction: 0.5,
      layerOrder: ['midcourse', 'terminal'],
    });
    expect(result.shots).toHaveLength(1);
    const shot = result.shots[0];
    expect(shot.battery).toBe('ngi-fort-greely');
    expect(shot.handOver?.battery).toBe('thaad-lewis-mcchord');
    // the terminal shot is launched only after the midcourse intercept has been assessed, and before impact
    expect(shot.handOver?.launchTime ?? 0).toBeGreaterThanOrEqual(shot.interceptTime + 60 - 1e-6);
    expect(shot.handOver?.interceptTime ?? Infinity).toBeLessThan(toSeattle.path.end);
    // without rounds left there is no one to hand over to
    const empty = planEngagements(p, 'US', [batteries[0], { ...jblm, inventory: 0 }], [toSeattle], p.defended, REAL_EARTH, {
      shotsPerThreat: 1,
      shootLookShoot: false,
      killAssessmentDelay: 60,
      reserveFraction: 0.5,
      layerOrder: ['midcourse', 'terminal'],
    });
    expect(empty.shots[0].handOver).toBeNull();
  });
});
