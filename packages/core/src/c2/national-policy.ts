import type { LatLon } from '../geo/place.ts';
/**
 * National command as data: who owns each asset, which threats each nation lets its assets engage,
 * whose approval an engagement needs and how long that takes, what each nation shares with whom, and
 * how each nation ranks the defended assets. Pure predicates over that data are the one place these
 * rules are evaluated: the battle manager calls them to plan, the server calls the same ones to
 * enforce what each nation's users may see and do (../../../docs/architecture.md, "Sovereignty is
 * explicit").
 *
 * Units: SI inside — seconds for delays, radians for latitude and longitude.
 *
 * The rules, in the order {@link mayEngage} applies them:
 *  1. The asset's owner must have a policy, and the asset must be an interceptor.
 *  2. (a) Engagement scope: one of the owner's engagement rules whose asset classes include the asset's
 *     class must list the nation the threat is aimed at. A rule may say that defending that nation
 *     needs that nation's consent.
 *  3. (b) Approval: an owner whose policy says engagements by its own assets need its approval adds
 *     that approval; every nation whose territory contains the predicted intercept point and whose
 *     policy says intercepts over its territory need its approval (or forbids foreign ones) adds (or
 *     refuses) likewise; a consent named in step 2 adds the defended nation's approval; every nation on
 *     whose territory the asset's launch site is (a battery's site, a fighter unit's base) and whose
 *     policy says launches by other nations' interceptors from its soil need its approval (the host
 *     rule, `hostedLaunches`) adds its approval, wherever the intercept is.
 *     Approvals from different nations are requested at once, so the engagement waits for the
 *     slowest: approvalDelay = max over the approving nations' delays (0 when none is needed).
 * Every refusal's reason names the nation and the rule it applied.
 *
 * Pure and deterministic: no I/O, no clock, no random numbers.
 */

/** A nation code, e.g. 'US', 'CA', 'UK', 'DK', 'JP'. */
export type NationCode = string;

/** A sensor or an interceptor battery/constellation, owned by one nation. */
export interface PolicyAsset {
  id: string;
  owner: NationCode;
  kind: 'sensor' | 'interceptor';
  /** Free-form class used by per-class rules, e.g. 'midcourse', 'terminal', 'space', 'radar', 'oth-radar'. */
  assetClass: string;
  /**
   * Where it launches from (a battery's site, a fighter unit's base) [rad]; absent for assets with no
   * site on the ground (a space layer). The host rule ({@link ApprovalPolicy.hostedLaunches}) asks whose
   * territory this is.
   */
  site?: LatLon;
}

/** A city or site a nation defends; `value` is in the scenario's value unit (e.g. people). */
export interface DefendedAsset {
  id: string;
  nation: NationCode;
  value: number;
  name?: string;
}

/** What a threat is aimed at: at least the nation, and the defended asset when known. */
export interface ThreatAim {
  nation: NationCode;
  id?: string;
  name?: string;
}

/**
 * A region of a nation's territory. A box spans [south, north] x [west, east] and may cross the
 * antimeridian (west > east). A polygon's edges are straight lines in latitude/longitude and its inside
 * is found by the even-odd rule; it must not straddle the antimeridian or contain a pole.
 */
export type TerritoryRegion =
  { kind: 'box'; south: number; north: number; west: number; east: number } | { kind: 'polygon'; vertices: readonly LatLon[] };

/**
 * (a) Which of the nation's assets may engage threats aimed at which nations. The first rule (in the
 * nation's list) that covers the asset's class and lists the threatened nation applies.
 */
export interface EngagementRule {
  /** Asset classes this rule covers; absent = every interceptor of the nation. */
  assetClasses?: readonly string[];
  /** Nations whose threatened assets these interceptors may defend. */
  defend: readonly NationCode[];
  /** Defending a nation listed here (other than the owner) needs that nation's consent (its approval delay). */
  consentOf?: readonly NationCode[];
}

/** (b) Whether engagements need this nation's approval, and how long approval takes. */
export interface ApprovalPolicy {
  /** From request to decision [s], >= 0. */
  delay: number;
  /** Engagements by this nation's own interceptors need its approval (of these classes only, when a list). */
  ownAssets: boolean | readonly string[];
  /**
   * Intercepts whose predicted intercept point is over this nation's territory: 'open' (no approval),
   * 'approval' (any engagement needs this nation's approval), 'forbidden-to-others' (foreign assets may
   * not intercept there at all; its own assets still follow `ownAssets`).
   */
  overTerritory: 'open' | 'approval' | 'forbidden-to-others';
  /**
   * The host rule: launches by other nations' interceptors from sites on this nation's territory need
   * its approval (its `delay`, wherever they intercept). Absent: the host is not asked for them.
   */
  hostedLaunches?: HostedLaunchRule;
}

/** Which hosted launches need the host's approval: every other nation's interceptors unless narrowed. */
export interface HostedLaunchRule {
  /** The owners whose launches need it; absent = every nation but the host. */
  of?: readonly NationCode[];
  /** The asset classes whose launches need it; absent = every class. */
  assetClasses?: readonly string[];
}

/** (c) Which of the nation's sensors' tracks go to which nations, how late and how degraded. */
export interface SharingRule {
  /** Sensor ids covered; absent = all of the nation's sensors. */
  sensors?: readonly string[];
  /** Sensor classes covered; absent = all classes. A sensor is covered when both filters admit it. */
  sensorClasses?: readonly string[];
  with: readonly NationCode[];
  /** Added latency [s], >= 0. */
  delay: number;
  /** Multiplier >= 1 on the shared track's position standard deviation (1 = full quality). */
  sigmaFactor: number;
}

/**
 * (c') Whether the outcomes of this nation's engagements (its weapons' intercepts and kill assessments)
 * go to the listed nations, and how late: an integrated command shares them, so that a partner's picture
 * does not show a warhead another nation already destroyed still flying. Shots, assignments and
 * inventories stay the owner's.
 */
export interface EngagementSharingRule {
  with: readonly NationCode[];
  /** Added latency [s], >= 0. */
  delay: number;
}

/** (d) How the nation ranks defended assets: weight = assets[id] ?? nations[nation] ?? defaultWeight. */
export interface PriorityPolicy {
  assets: Readonly<Record<string, number>>;
  nations: Readonly<Record<NationCode, number>>;
  defaultWeight: number;
}

export interface NationPolicy {
  nation: NationCode;
  name: string;
  territory: readonly TerritoryRegion[];
  engagement: readonly EngagementRule[];
  approval?: ApprovalPolicy;
  sharing: readonly SharingRule[];
  /** Absent or empty: the nation's engagement outcomes are its own. */
  engagementSharing?: readonly EngagementSharingRule[];
  priorities: PriorityPolicy;
}

/** Every nation's policy, with the assets and defended assets it governs. */
export interface CoalitionPolicy {
  name: string;
  nations: Readonly<Record<NationCode, NationPolicy>>;
  assets: readonly PolicyAsset[];
  defended: readonly DefendedAsset[];
}

/** One approval an engagement waits for. */
export interface RequiredApproval {
  nation: NationCode;
  delay: number;
  reason: string;
}

export interface EngagementDecision {
  allowed: boolean;
  /** Why: for a refusal, the nation and its rule; for a permission, the rule that allowed it and any approvals. */
  reason: string;
  /** Time before the engagement may proceed [s] (max over `approvals`; 0 when refused or none needed). */
  approvalDelay: number;
  /** Approvals the engagement waits for, one per nation (empty when refused). */
  approvals: RequiredApproval[];
}

const DEG_PER_RAD = 180 / Math.PI;
const fmt = (p: LatLon): string => `${(p.latitude * DEG_PER_RAD).toFixed(2)}°, ${(p.longitude * DEG_PER_RAD).toFixed(2)}°`;
const aimName = (a: ThreatAim): string => {
  const label = a.name ?? a.id;
  return label ? `${a.nation} (${label})` : a.nation;
};

/** Wraps a longitude difference into (-pi, pi]. */
function wrapLon(x: number): number {
  let y = x % (2 * Math.PI);
  if (y > Math.PI) y -= 2 * Math.PI;
  if (y <= -Math.PI) y += 2 * Math.PI;
  return y;
}

/** Whether a point lies in a territory region (see {@link TerritoryRegion}). */
export function inRegion(region: TerritoryRegion, p: LatLon): boolean {
  if (region.kind === 'box') {
    if (p.latitude < region.south || p.latitude > region.north) return false;
    const span = wrapLon(region.east - region.west);
    const off = wrapLon(p.longitude - region.west);
    return span >= 0 ? off >= 0 && off <= span : off >= 0 || off <= span + 2 * Math.PI;
  }
  // even-odd ray casting in (latitude, longitude)
  const v = region.vertices;
  let inside = false;
  for (let i = 0, j = v.length - 1; i < v.length; j = i++) {
    const a = v[i],
      b = v[j];
    if (
      a.latitude > p.latitude !== b.latitude > p.latitude &&
      p.longitude < ((b.longitude - a.longitude) * (p.latitude - a.latitude)) / (b.latitude - a.latitude) + a.longitude
    )
      inside = !inside;
  }
  return inside;
}

/**
 * The nations whose territory contains the point (in code order). Latitude and longitude only: an
 * exoatmospheric intercept over a nation counts as over its territory (a modelling choice).
 */
export function territoryOf(policy: CoalitionPolicy, p: LatLon): NationCode[] {
  return Object.keys(policy.nations)
    .sort()
    .filter((n) => policy.nations[n].territory.some((r) => inRegion(r, p)));
}

function ownApprovalApplies(a: ApprovalPolicy, assetClass: string): boolean {
  return a.ownAssets === true || (Array.isArray(a.ownAssets) && a.ownAssets.includes(assetClass));
}

/** Whether a host's rule covers `asset`'s launches (the asset is another nation's). */
function hostRuleApplies(rule: HostedLaunchRule, asset: PolicyAsset): boolean {
  return (!rule.of || rule.of.includes(asset.owner)) && (!rule.assetClasses || rule.assetClasses.includes(asset.assetClass));
}

/**
 * The nations on whose territory `asset` launches and whose host rule asks for their approval of its
 * launches (in code order; empty for an asset without a site or where no nation has a host rule).
 */
export function hostApprovalsOf(policy: CoalitionPolicy, asset: PolicyAsset): NationCode[] {
  const site = asset.site;
  if (!site) return [];
  const out: NationCode[] = [];
  for (const n of Object.keys(policy.nations).sort()) {
    if (n === asset.owner) continue;
    const np = policy.nations[n];
    const rule = np.approval?.hostedLaunches;
    if (!rule || !hostRuleApplies(rule, asset)) continue;
    if (np.territory.some((r) => inRegion(r, site))) out.push(n);
  }
  return out;
}

function refuse(reason: string): EngagementDecision {
  return { allowed: false, reason, approvalDelay: 0, approvals: [] };
}

/**
 * May `asset` engage a threat aimed at `threatTarget` with its predicted intercept point at
 * `interceptPoint`, under every nation's policy? See the file comment for the rules and the delay.
 * A null point asks what the engagement needs wherever it intercepts (rules 1, 2 and the owner's and
 * consent approvals of 3, without the territorial ones): a refusal then holds at every point, and its
 * approvals are a lower bound on every point's.
 */
export function mayEngage(
  policy: CoalitionPolicy,
  asset: PolicyAsset,
  threatTarget: ThreatAim,
  interceptPoint: LatLon | null,
): EngagementDecision {
  const owner = policy.nations[asset.owner];
  if (!owner)
    return refuse(`${asset.id}: its owner ${asset.owner} has no policy in '${policy.name}', so nothing authorizes its engagements`);
  if (asset.kind !== 'interceptor') return refuse(`${asset.id}: a ${asset.kind} of ${asset.owner}, not an interceptor`);
  const target = threatTarget.nation;

  // (a) engagement scope
  const rules = owner.engagement.filter((r) => !r.assetClasses || r.assetClasses.includes(asset.assetClass));
  if (rules.length === 0) {
    return refuse(
      `${asset.owner} policy, engagement rules: no rule covers ${asset.owner}'s ${asset.assetClass} interceptors (${asset.id}), so they may not engage`,
    );
  }
  const rule = rules.find((r) => r.defend.includes(target));
  if (!rule) {
    const scope = [...new Set(rules.flatMap((r) => r.defend))].join(', ') || 'no nation';
    return refuse(
      `${asset.owner} policy, engagement rules: ${asset.owner}'s ${asset.assetClass} interceptors (${asset.id}) may defend ${scope} only; this threat is aimed at ${aimName(threatTarget)}`,
    );
  }

  // (b) approvals, one per nation, the longest delay each nation's rules ask for
  const approvals = new Map<NationCode, RequiredApproval>();
  const need = (nation: NationCode, reason: string): string | null => {
    const np = policy.nations[nation];
    if (!np)
      return `${asset.owner} policy, engagement rules: defending ${nation} needs ${nation}'s consent, but ${nation} has no policy in '${policy.name}'`;
    const delay = np.approval?.delay ?? 0;
    const prev = approvals.get(nation);
    if (!prev) approvals.set(nation, { nation, delay, reason });
    else prev.reason += `; ${reason}`;
    return null;
  };
  if (owner.approval && ownApprovalApplies(owner.approval, asset.assetClass)) {
    need(
      asset.owner,
      `${asset.owner} policy, approval: engagements by its own ${asset.assetClass} interceptors need ${asset.owner}'s approval`,
    );
  }
  for (const host of hostApprovalsOf(policy, asset)) {
    need(
      host,
      `${host} policy, approval: launches by ${asset.owner}'s ${asset.assetClass} interceptors from ${host}'s territory (${asset.id} at ${fmt(asset.site as LatLon)}) need ${host}'s approval`,
    );
  }
  if (target !== asset.owner && rule.consentOf?.includes(target)) {
    const problem = need(target, `${asset.owner} policy, engagement rules: defending ${target} needs ${target}'s consent`);
    if (problem) return refuse(problem);
  }
  const over = interceptPoint ? territoryOf(policy, interceptPoint) : [];
  for (const n of over) {
    const a = policy.nations[n].approval;
    if (!a || a.overTerritory === 'open') continue;
    const where = fmt(interceptPoint as LatLon);
    if (a.overTerritory === 'forbidden-to-others' && n !== asset.owner) {
      return refuse(
        `${n} policy, territory: foreign interceptors may not intercept over ${n}; ${asset.id} (${asset.owner}) would intercept at ${where}`,
      );
    }
    if (a.overTerritory === 'approval') need(n, `${n} policy, territory: intercepts over ${n} (at ${where}) need ${n}'s approval`);
  }

  const list = [...approvals.values()];
  const approvalDelay = list.reduce((m, a) => Math.max(m, a.delay), 0);
  const scope = `${asset.owner} policy, engagement rules: ${asset.owner}'s ${asset.assetClass} interceptors may defend ${rule.defend.join(', ')}`;
  const why =
    list.length === 0
      ? `${scope}; no approval needed`
      : `${scope}; waits ${approvalDelay} s for ${list.map((a) => `${a.nation} (${a.reason})`).join(' and ')}`;
  return { allowed: true, reason: why, approvalDelay, approvals: list };
}

/** What one nation receives from one sensor. */
export interface SensorShare {
  shared: boolean;
  /** Latency added before the nation gets the sensor's data [s] (0 for its own sensors). */
  delay: number;
  /** Multiplier on the position standard deviation of what the nation gets (1 for its own sensors). */
  sigmaFactor: number;
  reason: string;
}

/**
 * Does `nation` get the tracks of sensor `sensorId`? Its own sensors always; another nation's when a
 * sharing rule of the owner covers the sensor and lists `nation` (the first such rule in the owner's
 * list applies). Unknown sensors and owners without a policy share nothing.
 */
export function sensorShare(policy: CoalitionPolicy, nation: NationCode, sensorId: string): SensorShare {
  const sensor = policy.assets.find((a) => a.id === sensorId);
  if (!sensor)
    return {
      shared: false,
      delay: 0,
      sigmaFactor: 1,
      reason: `sensor ${sensorId} is not an asset of '${policy.name}', so no nation's policy releases its tracks`,
    };
  if (sensor.owner === nation) return { shared: true, delay: 0, sigmaFactor: 1, reason: `${sensorId} is ${nation}'s own sensor` };
  const owner = policy.nations[sensor.owner];
  if (!owner)
    return {
      shared: false,
      delay: 0,
      sigmaFactor: 1,
      reason: `${sensorId}: its owner ${sensor.owner} has no policy in '${policy.name}', so it shares nothing`,
    };
  const rule = owner.sharing.find(
    (r) =>
      r.with.includes(nation) &&
      (!r.sensors || r.sensors.includes(sensorId)) &&
      (!r.sensorClasses || r.sensorClasses.includes(sensor.assetClass)),
  );
  if (!rule)
    return {
      shared: false,
      delay: 0,
      sigmaFactor: 1,
      reason: `${sensor.owner} policy, sharing: ${sensor.owner} does not share ${sensorId}'s tracks with ${nation}`,
    };
  return {
    shared: true,
    delay: rule.delay,
    sigmaFactor: rule.sigmaFactor,
    reason: `${sensor.owner} policy, sharing: ${sensorId}'s tracks go to ${nation}${rule.delay > 0 ? ` ${rule.delay} s late` : ''}${rule.sigmaFactor > 1 ? ` with sigma x${rule.sigmaFactor}` : ''}`,
  };
}

/**
 * Does `nation` receive the outcomes (intercepts, kill assessments) of the engagements of `owner`'s
 * weapons? Its own always; another nation's when one of the owner's engagement-sharing rules lists it
 * (the first such rule applies). An owner without a policy shares nothing.
 */
export function engagementShare(
  policy: CoalitionPolicy,
  nation: NationCode,
  owner: NationCode,
): { shared: boolean; delay: number; reason: string } {
  if (owner === nation) return { shared: true, delay: 0, reason: `${nation}'s own engagement` };
  const rule = policy.nations[owner]?.engagementSharing?.find((r) => r.with.includes(nation));
  if (!rule)
    return { shared: false, delay: 0, reason: `${owner} policy: ${owner} does not share its engagements' outcomes with ${nation}` };
  return {
    shared: true,
    delay: rule.delay,
    reason: `${owner} policy, share_engagements: its intercepts and kill assessments go to ${nation}${rule.delay > 0 ? ` ${rule.delay} s late` : ''}`,
  };
}

/** A track as the policy sees it: the sensors whose measurements it contains. */
export interface SourcedTrack {
  sources: readonly string[];
}

/** A track a nation may plan on, with the part of it that nation gets. */
export interface VisibleTrack<T extends SourcedTrack> {
  track: T;
  /** The track's sources the nation gets, in the track's order. */
  sources: string[];
  /** Earliest latency over those sources [s]: when the nation first holds the track. */
  delay: number;
  /** Best (smallest) sigma factor over those sources. */
  sigmaFactor: number;
}

/**
 * The tracks `nation`'s battle manager may plan on: those with at least one source sensor that is the
 * nation's own or that its owner shares with the nation. A track fed only by withheld sensors is
 * dropped; a track fed by both keeps only the shared sources (the caller re-fuses from those).
 */
export function tracksVisibleTo<T extends SourcedTrack>(
  policy: CoalitionPolicy,
  nation: NationCode,
  tracks: readonly T[],
): VisibleTrack<T>[] {
  const out: VisibleTrack<T>[] = [];
  for (const track of tracks) {
    let delay = Infinity,
      sigmaFactor = Infinity;
    const sources: string[] = [];
    for (const s of track.sources) {
      const share = sensorShare(policy, nation, s);
      if (!share.shared) continue;
      sources.push(s);
      delay = Math.min(delay, share.delay);
      sigmaFactor = Math.min(sigmaFactor, share.sigmaFactor);
    }
    if (sources.length > 0) out.push({ track, sources, delay, sigmaFactor });
  }
  return out;
}

/** The priority weight `nation` gives a defended asset (see {@link PriorityPolicy}); 0 for a nation without a policy. */
export function priorityWeight(policy: CoalitionPolicy, nation: NationCode, defended: Pick<DefendedAsset, 'id' | 'nation'>): number {
  const p = policy.nations[nation]?.priorities;
  if (!p) return 0;
  return p.assets[defended.id] ?? p.nations[defended.nation] ?? p.defaultWeight;
}

/** The value `nation`'s battle manager puts on a defended asset in weapon-target assignment: value x weight. */
export function defendedValue(policy: CoalitionPolicy, nation: NationCode, defended: DefendedAsset): number {
  return defended.value * priorityWeight(policy, nation, defended);
}

/** A WTA target as the policy sees it: what the threat is aimed at and its predicted intercept point. */
export interface EngagementTarget {
  aimedAt: ThreatAim;
  interceptPoint: LatLon;
}

/**
 * The WTA eligibility mask, weapon-major (W rows of T: entry w * T + t), the layout of
 * `WtaProblem.eligible`: 1 where mayEngage(policy, weapons[w], targets[t].aimedAt, point) allows it.
 * `interceptPoint(w, t)`, when given, replaces the targets' own intercept points (a weapon-specific
 * predicted intercept point). Approval delays are not in the mask: compare them with launch windows.
 */
export function eligibilityMask(
  policy: CoalitionPolicy,
  weapons: readonly PolicyAsset[],
  targets: readonly EngagementTarget[],
  interceptPoint?: (w: number, t: number) => LatLon,
): Uint8Array {
  const W = weapons.length,
    T = targets.length;
  const mask = new Uint8Array(W * T);
  for (let w = 0; w < W; w++) {
    for (let t = 0; t < T; t++) {
      const p = interceptPoint ? interceptPoint(w, t) : targets[t].interceptPoint;
      mask[w * T + t] = mayEngage(policy, weapons[w], targets[t].aimedAt, p).allowed ? 1 : 0;
    }
  }
  return mask;
}
