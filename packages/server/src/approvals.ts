import { type EngagementDecision, weaponOwners } from '@golden-dome/core';
import type { AuditEntry, AuditLog, Decision } from './audit-log.ts';
import { pendingRefusal } from './live-command.ts';
import type { ServerDatabase } from './server-database.ts';
import type { StoredTrial } from './trial-store.ts';
import type { User } from './users.ts';

export type { AuditEntry, Decision } from './audit-log.ts';

export interface DecisionRequest {
  trial: StoredTrial;
  weapon: string;
  object: string;
  decision: Decision;
  /**
   * The scenario time of the decision [s]: the deciding connection's clock (WebSocket), or the furthest
   * clock of the nation's connections watching the trial (REST); undefined when none watches it.
   */
  t: number | undefined;
  note?: string;
  via: AuditEntry['via'];
  /** The client's address. */
  ip?: string;
}

/** The answer to a decision: an HTTP-like status (201 recorded; 403, 404, 409 refused) and why. */
export type DecisionOutcome =
  { status: 201; entry: AuditEntry; decision: EngagementDecision } | { status: 403 | 404 | 409; message: string };

/**
 * Commanders' engagement decisions, shared by REST and the WebSocket, written to the audit log.
 * A commander decides on its own nation's weapons, and on a partner's weapon only as the consent its nation
 * is asked for (a `consent` event of the trial, to its nation, at or before the decision's time: its decision
 * is its nation's, never the owner's own approval); any other weapon, a partner's or unknown, is refused (403,
 * with the same message, so that the answer does not reveal which weapons exist or what a partner plans).
 * A decision changes the fight: it is taken only on an engagement pending at its time in a live trial
 * under the nation's command (live-command.ts; 409 otherwise: not commanded, not waiting for the
 * nation, already decided, not requested yet, or too late), and `onDecided` computes the trial again
 * with it. Every decision — recorded or refused — is audited.
 */
export class Approvals {
  /** With a database, recorded decisions are stored with their trial (and restored with it after a restart). */
  constructor(
    private readonly audit: AuditLog,
    private readonly onDecided: (trial: StoredTrial, decision: EngagementDecision) => Promise<void>,
    private readonly db?: ServerDatabase,
  ) {}

  /** Checked at once; a decision taken is recorded (audited, stored) at once, and answered once the trial has been computed again with it. */
  async decide(user: User, r: DecisionRequest): Promise<DecisionOutcome> {
    const owner = weaponOwners(r.trial.world.policy, r.trial.world).get(r.weapon.split('#')[0]);
    // a consent the nation was asked for is the nation's own business: its audit entries are its own (the weapon's
    // owner learns the answer from the trial's `decision` event); any other attempt on a partner's weapon is shown
    // to that partner too (weaponOwner)
    let consent = false;
    const entry = (outcome: AuditEntry['outcome'], reason: string): AuditEntry =>
      this.audit.append({
        kind: 'decision',
        user: user.id,
        nation: user.nation,
        trial: r.trial.id,
        weapon: r.weapon,
        object: r.object,
        decision: r.decision,
        ...(owner !== undefined && !consent ? { weaponOwner: owner } : {}),
        via: r.via,
        outcome,
        reason,
        ...(r.note !== undefined ? { note: r.note } : {}),
        ...(r.ip !== undefined && outcome === 'refused' ? { ip: r.ip } : {}),
      });
    const refuse = (status: 403 | 404 | 409, why: string): DecisionOutcome => {
      entry('refused', why);
      return { status, message: why };
    };
    if (owner !== user.nation) {
      // a partner's weapon: decided only as the consent this nation is asked for, once asked by the nation's live
      // time (a request it has not received, or no live time, is refused as a weapon that does not exist: the
      // answer reveals no plan)
      const t = r.t;
      const asked =
        t !== undefined &&
        r.trial.events.some(
          (e) => e.type === 'consent' && e.nation === user.nation && e.weapon === r.weapon && e.object === r.object && e.t <= t + 1e-9,
        );
      if (!asked)
        return refuse(
          403,
          `${r.weapon} is not a weapon of ${user.nation} in this trial, and no engagement of ${r.object} by it asks for ${user.nation}'s consent: a commander decides on its own nation's weapons and on the consent its nation is asked for`,
        );
      consent = true;
    } else {
      const engaged = r.trial.events.some((e) => e.type === 'assign' && e.weapon === r.weapon && e.object === r.object);
      if (!engaged) return refuse(404, `no engagement of ${r.object} by ${r.weapon} in trial ${r.trial.id}`);
    }
    const why = pendingRefusal(r.trial, user.nation, r.weapon, r.object, r.t);
    if (why !== undefined || r.t === undefined) return refuse(409, why ?? 'no live time');
    const decision: EngagementDecision = { nation: user.nation, weapon: r.weapon, object: r.object, verdict: r.decision, t: r.t };
    const decided = this.onDecided(r.trial, decision);
    const verb = r.decision === 'approve' ? 'approved' : 'denied';
    const recorded = entry('recorded', `${user.id} (${user.nation} ${user.role}) ${verb} the engagement at t = ${r.t.toFixed(1)} s`);
    this.db?.addDecision({ ...decision, trial: r.trial.id, auditSeq: recorded.seq });
    await decided;
    return { status: 201, decision, entry: recorded };
  }
}
