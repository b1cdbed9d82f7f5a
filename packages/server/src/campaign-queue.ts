import { randomUUID } from 'node:crypto';
import type { NationCode, World } from '@golden-dome/core';
import { outcomeOfView } from './campaign-view.ts';
import type { CampaignOutcome, CampaignRunner, CampaignRunProgress } from './campaigns.ts';

export type CampaignState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface Campaign {
  id: string;
  scenario: string;
  trials: number;
  seed: number;
  startedBy: string;
  nation: NationCode;
  state: CampaignState;
  progress: CampaignRunProgress;
  /** When it was asked for (ISO time). */
  submittedAt: string;
  /** When it left the queue (ISO time); null while queued. */
  startedAt: string | null;
  outcome?: CampaignOutcome;
  world: World;
  error?: string;
  report?: Promise<string>;
  abort: AbortController;
}

export interface CampaignLimits {
  /** Campaigns running at once (slots). */
  running: number;
  /** Campaigns of one user running at once: below `running`, one user's long campaign never holds every slot. */
  runningPerUser: number;
  /** Campaigns of one user queued or running. */
  perUser: number;
  /** Campaigns waiting in all. */
  queued: number;
  /** Finished campaigns kept (the oldest finished dropped first). */
  kept: number;
}

export const DEFAULT_CAMPAIGN_LIMITS: CampaignLimits = { running: 2, runningPerUser: 1, perUser: 3, queued: 100, kept: 50 };

/**
 * The campaigns of the server: a queue in front of `running` slots. When a slot frees, the next
 * campaign is chosen fairly — first the nation with the fewest campaigns running, then the one served
 * longest ago; within it the user likewise; within a user, in order — so a 10,000-trial campaign of one
 * user holds one slot and another user's campaign takes the next free one, never waiting behind all of
 * the first user's. A campaign is cancelled (queued: removed at once; running: stopped at its runner's
 * next check, its slot freed when the runner returns) by its owner or an admin.
 */
export class CampaignQueue {
  private readonly campaigns = new Map<string, Campaign>();
  /** Campaigns whose runner has not returned yet (a cancelled one keeps its slot until then). */
  private readonly active = new Set<Campaign>();
  private readonly lastServed = new Map<string, number>();
  private served = 0;

  constructor(private readonly runner: CampaignRunner, private readonly limits: CampaignLimits, private readonly now: () => number) {}

  get(id: string): Campaign | undefined {
    return this.campaigns.get(id);
  }

  /** A new campaign, queued (and started at once if fair and a slot is free); a string saying why when refused. */
  submit(scenario: string, world: World, trials: number, seed: number, user: { id: string; nation: NationCode }): Campaign | string {
    const open = [...this.campaigns.values()].filter((c) => c.state === 'queued' || c.state === 'running');
    const mine = open.filter((c) => c.startedBy === user.id).length;
    if (mine >= this.limits.perUser) return `${user.id} has ${mine} campaigns queued or running (at most ${this.limits.perUser}): wait for one, or cancel one (DELETE /api/campaigns/:id)`;
    const waiting = open.filter((c) => c.state === 'queued').length;
    if (waiting >= this.limits.queued) return `the campaign queue is full (${waiting} waiting): try again later`;
    const c: Campaign = {
      id: randomUUID(), scenario, trials, seed, startedBy: user.id, nation: user.nation, state: 'queued', progress: { done: 0, total: trials, etaS: NaN },
      submittedAt: new Date(this.now()).toISOString(), startedAt: null, world, abort: new AbortController(),
    };
    this.campaigns.set(c.id, c);
    this.dropOldFinished();
    this.pump();
    return c;
  }

  /** Cancels a queued or running campaign; false when it had already ended. */
  cancel(c: Campaign): boolean {
    if (c.state !== 'queued' && c.state !== 'running') return false;
    const wasQueued = c.state === 'queued';
    c.state = 'cancelled';
    c.abort.abort();
    if (wasQueued) this.pump();
    return true;
  }

  /** Queued campaigns that would start before `c` if slots freed now, in order (for its status). */
  ahead(c: Campaign): number {
    if (c.state !== 'queued') return 0;
    return [...this.campaigns.values()].filter((x) => x.state === 'queued' && x !== c && x.submittedAt <= c.submittedAt).length;
  }

  /** Stops every campaign (server closing). */
  stopAll(): void {
    for (const c of this.campaigns.values()) c.abort.abort();
  }

  private runningOf(key: (c: Campaign) => string, value: string): number {
    let n = 0;
    for (const c of this.active) if (key(c) === value) n += 1;
    return n;
  }

  /** The next campaign to start, fairly (see the class comment); undefined when none may start. */
  private next(): Campaign | undefined {
    const queued = [...this.campaigns.values()].filter((c) => c.state === 'queued' && this.runningOf((x) => x.startedBy, c.startedBy) < this.limits.runningPerUser);
    if (queued.length === 0) return undefined;
    const rank = (c: Campaign): [number, number, number, number] => [
      this.runningOf((x) => x.nation, c.nation), this.lastServed.get(`n:${c.nation}`) ?? -1,
      this.runningOf((x) => x.startedBy, c.startedBy), this.lastServed.get(`u:${c.startedBy}`) ?? -1,
    ];
    let best = queued[0];
    let bestRank = rank(best);
    for (const c of queued.slice(1)) {
      const r = rank(c);
      const k = r.findIndex((v, i) => v !== bestRank[i]);
      if (k >= 0 && r[k] < bestRank[k]) {
        best = c;
        bestRank = r;
      }
    }
    return best;
  }

  private pump(): void {
    while (this.active.size < this.limits.running) {
      const c = this.next();
      if (!c) return;
      this.start(c);
    }
  }

  private start(c: Campaign): void {
    this.served += 1;
    this.lastServed.set(`n:${c.nation}`, this.served);
    this.lastServed.set(`u:${c.startedBy}`, this.served);
    c.state = 'running';
    c.startedAt = new Date(this.now()).toISOString();
    this.active.add(c);
    let run: Promise<CampaignOutcome>;
    try {
      // computed in the starter's nation's view; a runner that ignored the view fails closed (campaign-view.ts)
      run = this.runner.run(c.world, { scenario: c.scenario, trials: c.trials, seed: c.seed, nation: c.nation, signal: c.abort.signal, onProgress: (p) => { c.progress = p; } })
        .then((outcome) => outcomeOfView(outcome, c.nation));
    } catch (e) {
      run = Promise.reject(e);
    }
    run.then(
      (outcome) => {
        c.outcome = outcome;
        c.progress = { ...c.progress, done: outcome.trials, etaS: 0 };
        if (c.state === 'running') c.state = c.abort.signal.aborted ? 'cancelled' : 'done';
      },
      (e: unknown) => {
        if (c.state === 'running') {
          c.state = 'failed';
          c.error = e instanceof Error ? e.message : String(e);
        }
      },
    ).finally(() => {
      this.active.delete(c);
      this.dropOldFinished();
      this.pump();
    });
  }

  private dropOldFinished(): void {
    const finished = [...this.campaigns.values()].filter((c) => c.state !== 'queued' && !this.active.has(c) && c.state !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - this.limits.kept))) this.campaigns.delete(old.id);
  }
}
