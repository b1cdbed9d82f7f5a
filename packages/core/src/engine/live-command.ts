import type { NationCode } from '../c2/national-policy.ts';
import type { LatLon } from '../geo/place.ts';
import type { EngineEvent } from './events.ts';

/**
 * Live command: in a live trial, the nations named here decide the engagements that wait for their
 * approval through their commanders, instead of the policy's modelled approval delay.
 *
 * The battle manager plans as it always does (the policy's delay is its planning assumption), so that
 * a decision never changes anything before it is made: a trial with decisions is the trial without
 * them up to the first decision, and replaying a trial with the decisions it received reproduces its
 * log exactly (a trial stays a pure function of world, seed and decisions). Then, for each planned shot
 * that needs a commanded nation's approval:
 *  - approved at t: the shot launches at its planned time, or at t if the approval came later (it is
 *    withheld if the launch window has closed by then);
 *  - denied at t: the shot is withheld at t and its round returns to the battery;
 *  - no answer by the request time + `timeout.after`: the scenario's timeout rule decides, at that time.
 * Approvals of nations not commanded keep their modelled delays. A decision after the timeout comes too
 * late: the rule has already decided (the server refuses such decisions; the engine ignores them).
 *
 * A commanded nation's approval may be asked for another nation's weapon (its consent: a US fighter's intercept
 * over Canada under canada-sovereign): the engagement then logs a `consent` request to that nation at its request
 * ({@link consentRequests}), the nation's commander answers it with the same decision (its nation, the weapon and
 * the object), and the shot waits for every commanded approval, the owner's own and the partner's consent alike.
 */
export interface LiveCommand {
  /** Nations whose commanders decide live. */
  nations: readonly NationCode[];
  /** The decisions received so far. */
  decisions: readonly EngagementDecision[];
  /** What happens when a commander does not answer in time. */
  timeout: ApprovalTimeout;
}

export interface ApprovalTimeout {
  /** Seconds from the request (the `assign` event) to the rule. */
  after: number;
  then: 'approve' | 'deny';
}

/**
 * The timeout rule when a scenario states none (`live_command` in a scenario file): a commander has
 * 120 s, then the engagement is denied. Deny, because an engagement that waits for a nation's approval
 * is one that nation has not authorised in advance: without its commander's word it does not fire
 * (positive control); 120 s is a model choice, inside a midcourse engagement's launch window.
 */
export const DEFAULT_APPROVAL_TIMEOUT: ApprovalTimeout = Object.freeze({ after: 120, then: 'deny' as const });

/** A commander's decision on one engagement: its weapon (battery id) and object. */
export interface EngagementDecision {
  nation: NationCode;
  weapon: string;
  object: string;
  verdict: 'approve' | 'deny';
  /** Scenario time of the decision [s]. */
  t: number;
}

/** How a planned shot's commanded approvals resolve: when it may launch, or when and why it is withheld. */
export type CommandOutcome =
  { launch: number; decisions: ResolvedDecision[] } | { withheld: true; at: number; reason: string; decisions: ResolvedDecision[] };

/** One commanded approval, as decided (by the commander or by the timeout rule), for the log. */
export interface ResolvedDecision {
  t: number;
  nation: NationCode;
  verdict: 'approve' | 'deny';
  by: 'commander' | 'timeout';
}

/**
 * Resolves the commanded approvals of one planned shot: `request` is the time the engagement was
 * requested (its `assign` event), `launch` the planned launch, `approvals` the nations it waits for.
 * Without live command, or with no commanded nation among the approvals, the plan stands.
 */
export function commandShot(
  command: LiveCommand | undefined,
  shot: {
    weapon: string;
    object: string;
    request: number;
    launch: number;
    approvals: ReadonlyArray<{ nation: NationCode; delay: number }>;
  },
): CommandOutcome {
  if (!command) return { launch: shot.launch, decisions: [] };
  const resolved: ResolvedDecision[] = [];
  let ready = -Infinity;
  let denied: { at: number; who: string } | undefined;
  // every commanded approval is resolved (each is its nation's own answer, logged as such: the owner's and a
  // partner's consent alike); the shot is withheld at the first denial in time, and otherwise waits for the last.
  // Withheld, it no longer waits: an answer due after the denial is moot and not logged
  for (const a of shot.approvals) {
    if (!command.nations.includes(a.nation)) continue;
    const deadline = shot.request + command.timeout.after;
    const d = command.decisions.find(
      (x) => x.nation === a.nation && x.weapon === shot.weapon && x.object === shot.object && x.t <= deadline + 1e-9,
    );
    const at = d ? Math.max(d.t, shot.request) : deadline;
    const verdict = d ? d.verdict : command.timeout.then;
    resolved.push({ t: at, nation: a.nation, verdict, by: d ? 'commander' : 'timeout' });
    if (verdict === 'deny') {
      const who = d
        ? `${a.nation}'s commander denied the engagement`
        : `${a.nation}'s commander did not answer within ${command.timeout.after} s (the rule: deny)`;
      if (!denied || at < denied.at) denied = { at, who };
    }
    ready = Math.max(ready, at);
  }
  if (denied) {
    const at = denied.at;
    return { withheld: true, at, reason: `${shot.weapon} at ${shot.object}: ${denied.who}`, decisions: resolved.filter((d) => d.t <= at) };
  }
  return { launch: Math.max(shot.launch, ready), decisions: resolved };
}

type ConsentRequest = Extract<EngineEvent, { type: 'consent' }>;

const DEG = Math.PI / 180;
/** A consent request's area: latitude and longitude to 0.1 degree (about 11 km), altitude to the km. */
const tenthDegree = (x: number): number => (Math.round(x / DEG / 0.1) / 10) * DEG;
const roundArea = (p: LatLon & { altitude: number }): LatLon & { altitude: number } => ({
  latitude: tenthDegree(p.latitude),
  longitude: tenthDegree(p.longitude),
  altitude: Math.round(p.altitude / 1000) * 1000,
});

/**
 * The consent requests one planned engagement sends under live command: one `consent` event, at the request,
 * to each commanded nation among its approvals other than the weapon's owner (the owner's own approval is asked
 * through its own `assign`, which its view holds). Without live command, or when no partner is commanded, none:
 * a partner that is not commanded grants its consent after the policy's modelled delay, and nobody is asked.
 *
 * What it carries is the least a nation needs to decide on an engagement over (or from, or for) it: who asks
 * (the requesting nation), with what (the weapon's class, and its id: the name the decision is keyed by; it names
 * an asset of the coalition's policy, with, for a fighter, its sortie number), at what (the threat's id), where
 * and when (the planned intercept point rounded to an area of 0.1 degree, about 11 km, and 1 km in altitude; the
 * planned intercept time to the second), and by when (the timeout rule's deadline). It does not carry the
 * requester's track, its estimated error or P(acquire), its reasons, approvals of other nations, its inventory or
 * its other assignments: the point is rounded so that the partner's track accuracy cannot be read off it, and the
 * rest would reveal the partner's sensors and stocks, which its sharing rules may withhold.
 */
export function consentRequests(
  command: LiveCommand | undefined,
  shot: {
    weapon: string;
    weaponClass: string;
    owner: NationCode;
    object: string;
    request: number;
    intercept: number;
    point: LatLon & { altitude: number };
    approvals: ReadonlyArray<{ nation: NationCode }>;
  },
): ConsentRequest[] {
  if (!command) return [];
  return shot.approvals
    .filter((a) => a.nation !== shot.owner && command.nations.includes(a.nation))
    .map((a) => ({
      t: shot.request,
      type: 'consent',
      object: shot.object,
      weapon: shot.weapon,
      weaponClass: shot.weaponClass,
      owner: shot.owner,
      nation: a.nation,
      intercept: Math.round(shot.intercept),
      point: roundArea(shot.point),
      deadline: shot.request + command.timeout.after,
    }));
}
