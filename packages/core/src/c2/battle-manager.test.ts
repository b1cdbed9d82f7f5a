import { describe, expect, it } from 'vitest';
import { DEG, R_EARTH_MEAN } from '../constants.ts';
import { ecefToEciState } from '../geo/earth-rotation.ts';
import { enuToEcef } from '../geo/enu.ts';
import { geodeticToEcef } from '../geo/geodetic.ts';
import { greatCircleDistance, initialAzimuth } from '../geo/great-circle.ts';
import { arcFromRangeAndApogee } from '../threats/ballistic-closed-form.ts';
import { eciToGeodetic, REAL_EARTH } from '../geo/earth-model.ts';
import { interceptForLaunch, launchWindow, predictPath, type LaunchSite } from '../weapons/fire-control.ts';
import type { SurfaceInterceptorSpec } from '../weapons/surface-interceptor.ts';
import { type InterceptorBattery, planEngagements, type ThreatTrackPicture } from './battle-manager.ts';
import { type LatLon } from '../geo/place.ts';
import { type CoalitionPolicy, mayEngage, type NationPolicy } from './national-policy.ts';

// A small deterministic case: one ICBM-class threat from Pyongyang at Seattle (closed-form arc, flown
// on the rotating Earth; as fire-control.test.ts), one US GBI battery at Fort Greely, and a "Canada"
// whose territory is a band of longitude drawn over part of the GBI's intercept track, so that which
// launches intercept over it is known by construction. The US needs no approval of its own; Canada's
// policy says intercepts over its territory need its approval, which takes `delay` seconds.
const KM = 1000;
const earth = { ...REAL_EARTH };
const gbi: SurfaceInterceptorSpec = {
  burnoutSpeed: 6300,
  burnTime: 150,
  minInterceptAltitude: 120 * KM,
  maxInterceptAltitude: 1900 * KM,
  maxInterceptRange: 5300 * KM,
  divertVelocity: 500,
  singleShotPk: 9 / 17,
  minTimeOfFlight: 180,
  regime: 'exo',
};
const fortGreely: LaunchSite = { latitude: 63.95 * DEG, longitude: -145.73 * DEG, altitude: 0 };

function threatPath() {
  const from = { lat: 39.2 * DEG, lon: 125.67 * DEG },
    to = { lat: 47.61 * DEG, lon: -122.33 * DEG };
  const az = initialAzimuth(from.lat, from.lon, to.lat, to.lon);
  const range = greatCircleDistance(from.lat, from.lon, to.lat, to.lon);
  const r0 = R_EARTH_MEAN + 200 * KM;
  const arc = arcFromRangeAndApogee((range * r0) / R_EARTH_MEAN, 1200 * KM, r0);
  const pos = geodeticToEcef(from.lat, from.lon, 200 * KM);
  const dir = enuToEcef(
    from.lat,
    from.lon,
    Math.cos(arc.flightPathAngle) * Math.sin(az),
    Math.cos(arc.flightPathAngle) * Math.cos(az),
    Math.sin(arc.flightPathAngle),
  );
  const t0 = 300;
  const ecef = [pos[0], pos[1], pos[2], arc.speed * dir[0], arc.speed * dir[1], arc.speed * dir[2]];
  const eci = ecefToEciState(earth.theta0 + 7.2921159e-5 * t0, ecef, new Float64Array(6));
  return predictPath(eci, t0, earth, { ballisticCoefficient: 6000 });
}

const path = threatPath();
const battery: InterceptorBattery = {
  id: 'gbi-fort-greely',
  owner: 'US',
  kind: 'interceptor',
  assetClass: 'midcourse',
  site: fortGreely,
  spec: gbi,
  inventory: 1,
};
const window = launchWindow(gbi, fortGreely, path, { earth }) as NonNullable<ReturnType<typeof launchWindow>>;
const E = window.earliest.launchTime;
const span = window.latest.launchTime - E;
/** The intercept point of a launch at `t` (the battle manager's own geometry). */
const pointOf = (t: number): LatLon => {
  const s = interceptForLaunch(gbi, fortGreely, path, t, { earth });
  if (!s) throw new Error(`no intercept for a launch at ${t}`);
  return eciToGeodetic(earth, s.interceptTime, s.point);
};

/** Canada's territory: the band of longitude the intercept points cross between launches at `from` and `to`. */
function policyWith(delay: number, from: number, to: number | null): CoalitionPolicy {
  const west = pointOf(from).longitude;
  const east = to === null ? pointOf(window.latest.launchTime).longitude + 5 * DEG : pointOf(to).longitude;
  const us: NationPolicy = {
    nation: 'US',
    name: 'United States',
    territory: [],
    engagement: [{ defend: ['US'] }],
    sharing: [],
    priorities: { assets: {}, nations: {}, defaultWeight: 1 },
  };
  const ca: NationPolicy = {
    nation: 'CA',
    name: 'Canada',
    territory: [{ kind: 'box', south: -90 * DEG, north: 90 * DEG, west, east }],
    engagement: [{ defend: ['CA'] }],
    approval: { delay, ownAssets: false, overTerritory: 'approval' },
    sharing: [],
    priorities: { assets: {}, nations: {}, defaultWeight: 1 },
  };
  return {
    name: 'test',
    nations: { US: us, CA: ca },
    assets: [battery, { id: 'radar', owner: 'US', kind: 'sensor', assetClass: 'early-warning' }],
    defended: [{ id: 'seattle', nation: 'US', value: 4e6 }],
  };
}

const track = (commitTime: number): ThreatTrackPicture => ({
  id: 'rv',
  sources: ['radar'],
  path,
  aimedAt: { nation: 'US', id: 'seattle' },
  commitTime,
});

// with a window cache, as the engine plans: the pair's window is the unconstrained one (it opens before the
// commit), so the window's earliest intercept point is not the point of the launch the plan can make
const plan = (policy: CoalitionPolicy, commit: number) =>
  planEngagements(
    policy,
    'US',
    [battery],
    [track(commit)],
    policy.defended,
    earth,
    { shotsPerThreat: 1, shootLookShoot: false, killAssessmentDelay: 60, reserveFraction: 0 },
    new Map(),
  );

const overCanada = (policy: CoalitionPolicy, p: LatLon): boolean =>
  mayEngage(policy, battery, { nation: 'US' }, p).approvals.some((a) => a.nation === 'CA');

describe("the battle manager asks for the approvals of a shot's real intercept point", () => {
  it('the case is what it says: a long window, and the intercept track enters the band after the window opens', () => {
    expect(span).toBeGreaterThan(300);
    const p = policyWith(60, E + 0.2 * span, null);
    expect(overCanada(p, pointOf(E))).toBe(false);
    for (const f of [0.25, 0.3, 0.5, 0.9]) expect(overCanada(p, pointOf(E + f * span))).toBe(true);
  });

  it("waits for Canada's approval when the launch it can make intercepts over Canada, and fires when it arrives", () => {
    // committed after the window opened: the window's earliest intercept point is not over Canada, the
    // launch at the commit is (before: refused "at the exact intercept point", now: it waits)
    const commit = E + 0.3 * span,
      delay = 60;
    const policy = policyWith(delay, E + 0.2 * span, null);
    const result = plan(policy, commit);
    expect(result.refused).toEqual([]);
    expect(result.shots).toHaveLength(1);
    const shot = result.shots[0];
    // the first launch opportunity after the approval arrives (requested at the commit)
    expect(shot.launchTime).toBe(commit + delay);
    expect(shot.approvalDelay).toBe(delay);
    expect(shot.approvals).toEqual([expect.objectContaining({ nation: 'CA', delay })]);
    // the approvals recorded are those of the shot's own intercept point
    expect(overCanada(policy, shot.interceptPoint)).toBe(true);
    expect(shot.approvals.map((a) => [a.nation, a.delay])).toEqual(
      mayEngage(policy, battery, { nation: 'US' }, shot.interceptPoint).approvals.map((a) => [a.nation, a.delay]),
    );
    // without the band (no approval anywhere) the same commit fires at once
    const open = plan(policyWith(delay, E + 0.2 * span, E + 0.2 * span + 1e-9), commit);
    expect(open.shots[0].launchTime).toBeCloseTo(commit, 9);
    expect(open.shots[0].approvals).toEqual([]);
  });

  it('reports an engagement whose window closes before the approval arrives as closed by the delay', () => {
    const commit = E + 0.3 * span,
      delay = Math.ceil(0.8 * span); // commit + delay is past the last launch
    const result = plan(policyWith(delay, E + 0.2 * span, null), commit);
    expect(result.shots).toEqual([]);
    expect(result.unengaged).toEqual(['rv']);
    expect(result.refused).toHaveLength(1);
    expect(result.refused[0].reason).toMatch(new RegExp(`the ${delay} s approval closes the launch window against rv`));
    expect(result.refused[0].reason).toMatch(/CA policy, territory/);
  });

  it('takes a sooner launch whose intercept is past the territory and needs no approval, rather than wait', () => {
    // the band covers the intercepts of launches between 0.2 and 0.4 of the window; committed at 0.3 with a
    // long approval, the first launch after the band (0.4) is sooner than the approval (0.3 + 0.5)
    const commit = E + 0.3 * span,
      leaves = E + 0.4 * span;
    const policy = policyWith(Math.round(0.5 * span), E + 0.2 * span, leaves);
    const shot = plan(policy, commit).shots[0];
    expect(shot.approvals).toEqual([]);
    expect(overCanada(policy, shot.interceptPoint)).toBe(false);
    // the band's edge, located by bisection to 0.5 s of launch time
    expect(shot.launchTime).toBeGreaterThan(leaves);
    expect(shot.launchTime).toBeLessThanOrEqual(leaves + 0.5 + 1e-9);
    expect(overCanada(policy, pointOf(shot.launchTime - 1))).toBe(true);
    // with a short approval, waiting for it is sooner than leaving the band: it waits
    const quick = plan(policyWith(10, E + 0.2 * span, leaves), commit).shots[0];
    expect(quick.launchTime).toBe(commit + 10);
    expect(quick.approvals.map((a) => a.nation)).toEqual(['CA']);
  });

  it('a withheld approval (one that never comes) closes an engagement whose whole remaining window is over Canada', () => {
    const result = plan(policyWith(Number.POSITIVE_INFINITY, E + 0.2 * span, null), E + 0.3 * span);
    expect(result.shots).toEqual([]);
    expect(result.refused[0].reason).toMatch(/the Infinity s approval closes the launch window/);
  });
});

describe("the battle manager waits for the host's approval of a launch from its soil", () => {
  // "Canada" is a box of 2° around the GBI site and asks for its approval of US launches from it (the host
  // rule), not of intercepts over it: the intercept points (over the Pacific and Alaska, far from the box)
  // need nothing, so any wait is the host's
  const hostPolicy = (delay: number, hosted: boolean): CoalitionPolicy => {
    const base = policyWith(delay, E, E + 1e-9);
    const box = {
      kind: 'box' as const,
      south: fortGreely.latitude - 1 * DEG,
      north: fortGreely.latitude + 1 * DEG,
      west: fortGreely.longitude - 1 * DEG,
      east: fortGreely.longitude + 1 * DEG,
    };
    const ca = base.nations.CA;
    return {
      ...base,
      nations: {
        ...base.nations,
        CA: {
          ...ca,
          territory: [box],
          approval: { delay, ownAssets: false, overTerritory: 'open', ...(hosted ? { hostedLaunches: { of: ['US'] } } : {}) },
        },
      },
    };
  };

  it('the case is what it says: no launch of the window intercepts over the box', () => {
    const p = hostPolicy(60, false);
    for (const f of [0, 0.25, 0.5, 0.75, 1]) expect(overCanada(p, pointOf(E + f * span))).toBe(false);
  });

  it('fires at commit + the host delay, with the host approval recorded; at the commit without the rule', () => {
    const commit = E + 0.3 * span,
      delay = 60;
    const shot = plan(hostPolicy(delay, true), commit).shots[0];
    expect(shot.launchTime).toBe(commit + delay);
    expect(shot.approvalDelay).toBe(delay);
    expect(shot.approvals.map((a) => [a.nation, a.delay])).toEqual([['CA', delay]]);
    expect(shot.approvals[0].reason).toMatch(
      /CA policy, approval: launches by US's midcourse interceptors from CA's territory \(gbi-fort-greely/,
    );
    const free = plan(hostPolicy(delay, false), commit).shots[0];
    expect(free.launchTime).toBeCloseTo(commit, 9);
    expect(free.approvals).toEqual([]);
  });

  it('a host approval that arrives before the window opens costs nothing; one that comes after the last launch closes it', () => {
    const early = plan(hostPolicy(30, true), E - 100).shots[0];
    expect(early.launchTime).toBeCloseTo(E, 9);
    expect(early.approvals.map((a) => a.nation)).toEqual(['CA']);
    const closed = plan(hostPolicy(Math.ceil(0.8 * span), true), E + 0.3 * span);
    expect(closed.shots).toEqual([]);
    expect(closed.refused[0].reason).toMatch(/approval closes the launch window against rv.*from CA's territory/);
  });

  it("a battery outside the host's territory does not wait", () => {
    const elsewhere: InterceptorBattery = { ...battery, site: { ...fortGreely, longitude: fortGreely.longitude + 5 * DEG } };
    const policy = hostPolicy(60, true);
    const r = planEngagements(
      policy,
      'US',
      [elsewhere],
      [track(E + 0.3 * span)],
      policy.defended,
      earth,
      { shotsPerThreat: 1, shootLookShoot: false, killAssessmentDelay: 60, reserveFraction: 0 },
      new Map(),
    );
    expect(r.shots[0].approvals).toEqual([]);
    expect(r.shots[0].launchTime).toBeCloseTo(E + 0.3 * span, 9);
  });
});
