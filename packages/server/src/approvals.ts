import { type EngineEvent, type NationCode, weaponOwners, type World } from '@golden-dome/core';
import type { User } from './users.ts';

export type Decision = 'approve' | 'deny';

export interface AuditEntry {
  seq: number;
  time: string;
  user: string;
  nation: NationCode;
  trial: string;
  weapon: string;
  object: string;
  decision: Decision;
  /** The nation owning the weapon, when the weapon is known in the trial's world. */
  weaponOwner?: NationCode;
  /** Where the decision came from. */
  via: 'rest' | 'websocket';
  outcome: 'recorded' | 'refused';
  reason: string;
  note?: string;
}

export interface DecisionRequest {
  trial: { id: string; world: World; events: readonly EngineEvent[] };
  weapon: string;
  object: string;
  decision: Decision;
  note?: string;
  via: AuditEntry['via'];
}

/** The answer to a decision: an HTTP-like status (201 recorded; 403, 404, 409 refused) and why. */
export type DecisionOutcome = { status: 201; entry: AuditEntry } | { status: 403 | 404 | 409; message: string };

/**
 * Commanders' engagement decisions and the audit log, shared by REST and the WebSocket.
 * A commander decides only on its own nation's weapons; another nation's or an unknown weapon is
 * refused (403, with the same message, so that the answer does not reveal which weapons exist) and
 * audited. Every decision by a commander — recorded or refused — is appended to the log. One decision
 * per engagement (409 after, audited). A decision records intent; it does not re-run a stored trial.
 */
export class AuditLog {
  private readonly entries: AuditEntry[] = [];
  private readonly decided = new Set<string>();

  constructor(private readonly now: () => number) {}

  decide(user: User, r: DecisionRequest): DecisionOutcome {
    const owner = weaponOwners(r.trial.world.policy, r.trial.world).get(r.weapon.split('#')[0]);
    const entry = (outcome: AuditEntry['outcome'], reason: string): AuditEntry => {
      const e: AuditEntry = {
        seq: this.entries.length + 1, time: new Date(this.now()).toISOString(), user: user.id, nation: user.nation, trial: r.trial.id,
        weapon: r.weapon, object: r.object, decision: r.decision, ...(owner !== undefined ? { weaponOwner: owner } : {}), via: r.via,
        outcome, reason, ...(r.note !== undefined ? { note: r.note } : {}),
      };
      this.entries.push(e);
      return e;
    };
    if (owner !== user.nation) {
      const why = `${r.weapon} is not a weapon of ${user.nation} in this trial: a commander decides only on its own nation's weapons`;
      entry('refused', why);
      return { status: 403, message: why };
    }
    const engaged = r.trial.events.some((e) => e.type === 'assign' && e.weapon === r.weapon && e.object === r.object);
    if (!engaged) return { status: 404, message: `no engagement of ${r.object} by ${r.weapon} in trial ${r.trial.id}` };
    const key = `${r.trial.id}|${r.weapon}|${r.object}`;
    if (this.decided.has(key)) {
      const why = `the engagement of ${r.object} by ${r.weapon} is already decided`;
      entry('refused', why);
      return { status: 409, message: why };
    }
    this.decided.add(key);
    return { status: 201, entry: entry('recorded', `${user.id} (${user.nation} commander) ${r.decision === 'approve' ? 'approved' : 'denied'} the engagement`) };
  }

  /** The entries that concern a nation: made by its commanders, or about its weapons. */
  forNation(nation: NationCode): AuditEntry[] {
    return this.entries.filter((e) => e.nation === nation || e.weaponOwner === nation);
  }
}
