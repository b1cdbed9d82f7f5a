import type { EngineEvent } from './protocol.ts';

type ConsentRequest = Extract<EngineEvent, { type: 'consent' }>;

/**
 * An engagement waiting for this nation's commander: requested (its `assign`, or a partner's `consent` request)
 * at `requested`, the timeout rule falls at `deadline`. `consent`: a partner's weapon asking for this nation's
 * consent (only what the request reveals: the requesting nation, the weapon's class, the intercept's time and area).
 */
export interface PendingDecision {
  weapon: string;
  object: string;
  requested: number;
  deadline: number;
  consent?: Pick<ConsentRequest, 'owner' | 'weaponClass' | 'intercept' | 'point'>;
}

const DEG = 180 / Math.PI;
const ns = (x: number): string => `${Math.abs(x * DEG).toFixed(1)}°${x < 0 ? 'S' : 'N'}`;
const ew = (x: number): string => `${Math.abs(x * DEG).toFixed(1)}°${x < 0 ? 'W' : 'E'}`;

/** A pending engagement as the decisions panel lists it: a consent request says who asks, with what, where and by when. */
export function pendingText(p: PendingDecision, nation: string): string {
  if (!p.consent) return `${p.weapon} → ${p.object}`;
  const c = p.consent;
  return `${c.owner} ${c.weaponClass.toUpperCase()} (${p.weapon}) requests ${nation}'s consent to engage ${p.object} near ${ns(c.point.latitude)} ${ew(c.point.longitude)}, ${(c.point.altitude / 1000).toFixed(0)} km, at ${c.intercept.toFixed(0)} s; deadline ${p.deadline.toFixed(0)} s`;
}

/** A decision taken (a `decision` event): by a commander, or by the timeout rule. */
export type ResolvedDecision = Extract<EngineEvent, { type: 'decision' }>;

/** The scene's timeout rule, when this nation's commanders decide live (docs/websocket-protocol.md). */
export interface LiveCommandRule {
  timeoutS: number;
  onTimeout: 'approve' | 'deny';
}

export const engagementKey = (e: { weapon: string; object: string }) => `${e.weapon}|${e.object}`;

/**
 * The engagements pending at scenario time t for `nation`, from the events received (in time order):
 * each `assign` waiting for the nation's approval, and each partner's `consent` request to the nation, from
 * its time until a `decision` of the nation on it arrives or its timeout passes. An engagement a commander has decided stays decided (the server takes
 * one decision per engagement); one the timeout rule decided is pending again if requested again.
 */
export function pendingDecisions(events: readonly EngineEvent[], nation: string, timeoutS: number, t: number): PendingDecision[] {
  const pending = new Map<string, PendingDecision>();
  const byCommander = new Set<string>();
  for (const e of events) {
    if (e.t > t) break;
    if (
      e.type === 'assign' &&
      e.approvals.some((a) => a.nation === nation) &&
      !byCommander.has(engagementKey(e)) &&
      !pending.has(engagementKey(e))
    ) {
      pending.set(engagementKey(e), { weapon: e.weapon, object: e.object, requested: e.t, deadline: e.t + timeoutS });
    }
    // a consent request (the nation may hold the partner's assign too, as its planner: the same engagement, one row)
    if (e.type === 'consent' && e.nation === nation && !byCommander.has(engagementKey(e))) {
      const { owner, weaponClass, intercept, point } = e;
      const held = pending.get(engagementKey(e));
      if (held) held.consent = { owner, weaponClass, intercept, point };
      else
        pending.set(engagementKey(e), {
          weapon: e.weapon,
          object: e.object,
          requested: e.t,
          deadline: e.deadline,
          consent: { owner, weaponClass, intercept, point },
        });
    }
    if (e.type === 'decision' && e.nation === nation) {
      pending.delete(engagementKey(e));
      if (e.by === 'commander') byCommander.add(engagementKey(e));
    }
  }
  return [...pending.values()].filter((p) => p.deadline >= t);
}
