import { type EngineEvent, weaponOwners, type World } from '@golden-dome/core';
import type { AuditEntry, AuditLog, Decision } from './audit-log.ts';
import type { ServerDatabase, StoredDecision } from './server-database.ts';
import type { User } from './users.ts';

export type { AuditEntry, Decision } from './audit-log.ts';

export interface DecisionRequest {
  trial: { id: string; world: World; events: readonly EngineEvent[] };
  weapon: string;
  object: string;
  decision: Decision;
  note?: string;
  via: AuditEntry['via'];
  /** Scenario time of the decision [s] (a live trial's clock); default: the time the engagement was requested (its `assign`). */
  t?: number;
  /** The client's address. */
  ip?: string;
}

/** The answer to a decision: an HTTP-like status (201 recorded; 403, 404, 409 refused) and why. */
export type DecisionOutcome = { status: 201; entry: AuditEntry } | { status: 403 | 404 | 409; message: string };

/**
 * Commanders' engagement decisions, shared by REST and the WebSocket, written to the audit log.
 * A commander decides only on its own nation's weapons; another nation's or an unknown weapon is
 * refused (403, with the same message, so that the answer does not reveal which weapons exist).
 * One decision per engagement (409 after). Every decision — recorded or refused — is audited.
 * A decision records intent; it does not re-run a stored trial. With a database, recorded decisions are
 * stored with their trial (core's EngagementDecision shape: nation, weapon, object, verdict, t) and
 * survive a restart.
 */
export class Approvals {
  private readonly decided = new Set<string>();

  constructor(private readonly audit: AuditLog, private readonly db?: ServerDatabase) {
    for (const d of db?.decisions() ?? []) this.decided.add(`${d.trial}|${d.weapon}|${d.object}`);
  }

  /** The decisions recorded on a trial, in the order they were made (only with a database). */
  decisionsOf(trial: string): StoredDecision[] {
    return this.db?.decisions(trial) ?? [];
  }

  decide(user: User, r: DecisionRequest): DecisionOutcome {
    const owner = weaponOwners(r.trial.world.policy, r.trial.world).get(r.weapon.split('#')[0]);
    const entry = (outcome: AuditEntry['outcome'], reason: string): AuditEntry => this.audit.append({
      kind: 'decision', user: user.id, nation: user.nation, trial: r.trial.id, weapon: r.weapon, object: r.object, decision: r.decision,
      ...(owner !== undefined ? { weaponOwner: owner } : {}), via: r.via, outcome, reason, ...(r.note !== undefined ? { note: r.note } : {}),
      ...(r.ip !== undefined && outcome === 'refused' ? { ip: r.ip } : {}),
    });
    const refuse = (status: 403 | 404 | 409, why: string): DecisionOutcome => {
      entry('refused', why);
      return { status, message: why };
    };
    if (owner !== user.nation) return refuse(403, `${r.weapon} is not a weapon of ${user.nation} in this trial: a commander decides only on its own nation's weapons`);
    const engaged = r.trial.events.find((e) => e.type === 'assign' && e.weapon === r.weapon && e.object === r.object);
    if (!engaged) return refuse(404, `no engagement of ${r.object} by ${r.weapon} in trial ${r.trial.id}`);
    const key = `${r.trial.id}|${r.weapon}|${r.object}`;
    if (this.decided.has(key)) return refuse(409, `the engagement of ${r.object} by ${r.weapon} is already decided`);
    this.decided.add(key);
    const recorded = entry('recorded', `${user.id} (${user.nation} ${user.role}) ${r.decision === 'approve' ? 'approved' : 'denied'} the engagement`);
    this.db?.addDecision({ trial: r.trial.id, nation: user.nation, weapon: r.weapon, object: r.object, verdict: r.decision, t: r.t ?? engaged.t, auditSeq: recorded.seq });
    return { status: 201, entry: recorded };
  }
}
