import type { ClientMessage, EngineEvent } from './protocol.ts';
import { engagementKey as key, type LiveCommandRule, pendingDecisions, pendingText } from './pending-decisions.ts';

/**
 * The decisions panel: the engagements waiting for this nation's commander, each with the time left
 * before the scenario's timeout rule decides (counting down on the scenario clock), approve and deny
 * buttons for a commander (or admin) of the nation, and the decisions taken so far. A partner's request
 * for this nation's consent is listed as such (`consent-request`: who asks, with what, where, by when);
 * this nation's own request for a partner's consent, and the partner's answer to it (its consent given,
 * denied, or fallen to the timeout rule), are listed among the decisions, and show the panel even where
 * this nation is not commanded.
 */
export class DecisionPanel {
  private readonly pendingList: HTMLOListElement;
  private readonly resolvedList: HTMLOListElement;
  private readonly rule: HTMLElement;
  private readonly rows = new Map<string, HTMLLIElement>();
  private events: EngineEvent[] = [];
  private nation = '';
  private commander = false;
  private command: LiveCommandRule | undefined;
  /** Pending engagements at the last render, with the seconds left (and the text of a consent request). */
  shown: Array<{ weapon: string; object: string; left: number; consent?: string }> = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly send: (message: ClientMessage) => void,
  ) {
    root.innerHTML =
      '<h2>Decisions</h2><p id="decision-rule"></p><ol id="pending-decisions"></ol><h3>Decided</h3><ol id="resolved-decisions"></ol>';
    this.pendingList = root.querySelector('#pending-decisions') as HTMLOListElement;
    this.resolvedList = root.querySelector('#resolved-decisions') as HTMLOListElement;
    this.rule = root.querySelector('#decision-rule') as HTMLElement;
    root.hidden = true;
  }

  setUser(role: string, nation: string): void {
    this.nation = nation;
    this.commander = role === 'commander' || role === 'admin';
  }

  /** A new scene: whether this nation's commanders decide live in it, and by which rule when nobody answers. */
  setScene(command: LiveCommandRule | undefined): void {
    this.command = command;
    this.root.hidden = command === undefined;
    this.rule.textContent = command
      ? `${this.nation} decides live: ${command.onTimeout} after ${command.timeoutS} s without an answer`
      : '';
    this.clear();
  }

  /** Whether an assign, or a partner's consent request, waits for this nation's decision (the event list's buttons follow it). */
  decides(e: EngineEvent): boolean {
    if (!this.commander || this.command === undefined) return false;
    return (e.type === 'assign' && e.approvals.some((a) => a.nation === this.nation)) || (e.type === 'consent' && e.nation === this.nation);
  }

  clear(): void {
    this.events = [];
    this.rows.clear();
    this.pendingList.replaceChildren();
    this.resolvedList.replaceChildren();
    this.shown = [];
  }

  add(events: readonly EngineEvent[]): void {
    for (const e of events) {
      this.events.push(e);
      if (e.type === 'consent' && e.owner === this.nation && e.nation !== this.nation) {
        // this nation's request for a partner's consent: it waits for the partner's answer (a `decision` of the partner)
        const row = document.createElement('li');
        row.className = 'decision consent-asked';
        row.textContent = `${e.t.toFixed(0).padStart(5)} s  ${e.weapon} → ${e.object}: asked ${e.nation}'s consent (deadline ${e.deadline.toFixed(0)} s)`;
        this.resolvedList.prepend(row);
        this.root.hidden = false;
        continue;
      }
      if (e.type !== 'decision') continue;
      const row = document.createElement('li');
      row.className = `decision decision-${e.verdict}`;
      const verdict = e.verdict === 'approve' ? 'approved' : 'denied';
      if (e.nation === this.nation) {
        row.textContent = `${e.t.toFixed(0).padStart(5)} s  ${e.weapon} → ${e.object}: ${verdict} by ${e.by === 'commander' ? 'the commander' : 'the timeout rule'}`;
      } else {
        // another nation's decision this view holds is its answer to this nation's request for its consent
        row.className += ' partner-consent';
        row.textContent = `${e.t.toFixed(0).padStart(5)} s  ${e.weapon} → ${e.object}: ${e.nation}'s consent ${verdict} by ${e.by === 'commander' ? `${e.nation}'s commander` : `the timeout rule (${e.nation} did not answer)`}`;
        this.root.hidden = false;
      }
      this.resolvedList.prepend(row);
    }
  }

  /** Renders the pending engagements at scenario time t (called as the clock moves). */
  render(t: number): void {
    if (!this.command) return;
    const pending = pendingDecisions(this.events, this.nation, this.command.timeoutS, t);
    const keep = new Set(pending.map(key));
    for (const [k, row] of this.rows) {
      if (!keep.has(k)) {
        row.remove();
        this.rows.delete(k);
      }
    }
    for (const p of pending) {
      let row = this.rows.get(key(p));
      if (!row) {
        row = document.createElement('li');
        row.className = p.consent ? 'pending consent-request' : 'pending';
        row.dataset.weapon = p.weapon;
        row.dataset.object = p.object;
        row.innerHTML = '<span class="what"></span> <span class="left"></span>';
        (row.querySelector('.what') as HTMLElement).textContent = pendingText(p, this.nation);
        if (this.commander) {
          for (const decision of ['approve', 'deny'] as const) {
            const button = document.createElement('button');
            button.type = 'button';
            button.textContent = decision;
            button.className = decision;
            const r = row;
            button.addEventListener('click', () => {
              this.send({ type: 'decide', assign: { weapon: p.weapon, object: p.object }, decision });
              r.querySelectorAll('button').forEach((b) => {
                b.disabled = true;
              });
            });
            row.append(' ', button);
          }
        }
        this.rows.set(key(p), row);
        this.pendingList.append(row);
      }
      (row.querySelector('.left') as HTMLElement).textContent = `${Math.max(0, Math.ceil(p.deadline - t))} s left`;
    }
    this.shown = pending.map((p) => ({
      weapon: p.weapon,
      object: p.object,
      left: p.deadline - t,
      ...(p.consent ? { consent: pendingText(p, this.nation) } : {}),
    }));
  }
}
