import type { EngineEvent } from './protocol.ts';

/** An engagement waiting for this nation's commander: requested (its `assign`) at `requested`, the timeout rule falls at `deadline`. */
export interface PendingDecision {
  weapon: string;
  object: string;
  requested: number;
  deadline: number;
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
 * each `assign` waiting for the nation's approval, from its time until a `decision` of the nation on it
 * arrives or its timeout passes. An engagement a commander has decided stays decided (the server takes
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
    if (e.type === 'decision' && e.nation === nation) {
      pending.delete(engagementKey(e));
      if (e.by === 'commander') byCommander.add(engagementKey(e));
    }
  }
  return [...pending.values()].filter((p) => p.deadline >= t);
}
