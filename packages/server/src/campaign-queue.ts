import { randomUUID } from 'node:crypto';
import type { NationCode, World } from '@golden-dome/core';
import { outcomeOfView } from './campaign-view.ts';
import type { CampaignChunk, CampaignOutcome, CampaignRunner, CampaignRunProgress } from './campaigns.ts';
import { decodeJson, encodeJson, type ServerDatabase, worldFingerprint } from './server-database.ts';

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
  /** Chunks run so far before a restart or a yield (the runner resumes after them). */
  resume?: CampaignChunk[];
  /** Times it gave its slot up between chunks for a campaign waiting (time-slicing). */
  yields: number;
  /** It has just given its slot up: every other campaign that may start goes before it. */
  yielded?: boolean;
}

/** What is stored of a campaign (its world is the library's, by scenario name and fingerprint). */
type CampaignRecord = Pick<
  Campaign,
  'id' | 'scenario' | 'trials' | 'seed' | 'startedBy' | 'nation' | 'state' | 'submittedAt' | 'startedAt' | 'error'
> & { world: string };

/** The database and the library's worlds, for campaigns that survive a restart. */
export interface DurableCampaigns {
  db: ServerDatabase;
  world(scenario: string): World | undefined;
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
 * the first user's. Slots are time-sliced: a running campaign gives its slot up after a chunk of
 * CAMPAIGN_CHUNK_TRIALS trials when another user's campaign waits for one, and is queued again
 * (resuming after its chunks, exact sums: its outcome is that of a run straight through), so a small
 * campaign waits for at most a chunk of each running one, not for their ends; the chunk in flight
 * beyond the yield (at most a pool thread's chunk of trials) is run again. A campaign is cancelled (queued: removed at once; running: stopped at its runner's
 * next check, its slot freed when the runner returns) by its owner or an admin.
 *
 * With a database (`durable`), every campaign is stored as it is submitted and changes state, its
 * progress in chunks of seeds (CAMPAIGN_CHUNK_TRIALS) as they complete, its outcome when it ends. A
 * server restarted on the same database (after a clean stop or a `kill -9`) queues again the
 * campaigns that were running or queued — those running first — and each resumes after its last
 * stored chunk; chunks are exact aggregates, so the outcome is that of a run straight through.
 */
export class CampaignQueue {
  private readonly campaigns = new Map<string, Campaign>();
  /** Campaigns whose runner has not returned yet (a cancelled one keeps its slot until then). */
  private readonly active = new Set<Campaign>();
  private readonly lastServed = new Map<string, number>();
  private served = 0;
  /** The server is stopping: campaigns are stopped but stored as they were (running ones resume at the next start). */
  private closing = false;

  constructor(
    private readonly runner: CampaignRunner,
    private readonly limits: CampaignLimits,
    private readonly now: () => number,
    private readonly durable?: DurableCampaigns,
  ) {
    if (!durable) return;
    const rows = durable.db.campaigns().map((row) => ({ row, record: decodeJson<CampaignRecord>(row.record) }));
    // those that were running first, so that they take the slots again
    rows.sort((a, b) => Number(b.record.state === 'running') - Number(a.record.state === 'running'));
    for (const { row, record } of rows) {
      const world = durable.world(record.scenario);
      if (!world) {
        durable.db.dropCampaign(record.id);
        continue;
      }
      const c: Campaign = {
        id: record.id,
        scenario: record.scenario,
        trials: record.trials,
        seed: record.seed,
        startedBy: record.startedBy,
        nation: record.nation,
        state: record.state,
        progress: { done: 0, total: record.trials, etaS: NaN },
        submittedAt: record.submittedAt,
        startedAt: record.startedAt,
        world,
        abort: new AbortController(),
        yields: 0,
        ...(record.error !== undefined ? { error: record.error } : {}),
      };
      if (row.outcome !== null) {
        c.outcome = decodeJson<CampaignOutcome>(row.outcome);
        c.progress = { done: c.outcome.trials, total: c.trials, etaS: 0 };
      } else if (c.state === 'running' || c.state === 'queued') {
        c.resume = durable.db.campaignChunks(c.id).map((text) => decodeJson<CampaignChunk>(text));
        c.progress.done = c.resume.at(-1)?.to ?? 0;
        c.state = 'queued';
        if (worldFingerprint(world) !== record.world) {
          c.state = 'failed';
          c.error = `the scenario '${c.scenario}' has changed since the campaign was started: it cannot resume`;
          this.save(c);
        }
      }
      this.campaigns.set(c.id, c);
    }
    this.pump();
  }

  private save(c: Campaign): void {
    if (!this.durable || this.closing) return;
    const record: CampaignRecord = {
      id: c.id,
      scenario: c.scenario,
      trials: c.trials,
      seed: c.seed,
      startedBy: c.startedBy,
      nation: c.nation,
      state: c.state,
      submittedAt: c.submittedAt,
      startedAt: c.startedAt,
      world: worldFingerprint(c.world),
      ...(c.error !== undefined ? { error: c.error } : {}),
    };
    if (!c.outcome) return this.durable.db.putCampaign(c.id, encodeJson(record));
    const { trials, metrics, nation, summaries, representative, detail } = c.outcome;
    const outcome = {
      trials,
      metrics,
      summaries,
      ...(nation !== undefined ? { nation } : {}),
      ...(representative ? { representative } : {}),
    };
    let text: string;
    try {
      text = encodeJson({ ...outcome, detail });
    } catch {
      // a runner's detail that is not plain data: its report falls back to what the outcome holds
      text = encodeJson(outcome);
    }
    this.durable.db.putCampaignOutcome(c.id, encodeJson(record), text);
  }

  get(id: string): Campaign | undefined {
    return this.campaigns.get(id);
  }

  /** A new campaign, queued (and started at once if fair and a slot is free); a string saying why when refused. */
  submit(scenario: string, world: World, trials: number, seed: number, user: { id: string; nation: NationCode }): Campaign | string {
    const open = [...this.campaigns.values()].filter((c) => c.state === 'queued' || c.state === 'running');
    const mine = open.filter((c) => c.startedBy === user.id).length;
    if (mine >= this.limits.perUser)
      return `${user.id} has ${mine} campaigns queued or running (at most ${this.limits.perUser}): wait for one, or cancel one (DELETE /api/campaigns/:id)`;
    const waiting = open.filter((c) => c.state === 'queued').length;
    if (waiting >= this.limits.queued) return `the campaign queue is full (${waiting} waiting): try again later`;
    const c: Campaign = {
      id: randomUUID(),
      scenario,
      trials,
      seed,
      startedBy: user.id,
      nation: user.nation,
      state: 'queued',
      progress: { done: 0, total: trials, etaS: NaN },
      submittedAt: new Date(this.now()).toISOString(),
      startedAt: null,
      world,
      abort: new AbortController(),
      yields: 0,
    };
    this.campaigns.set(c.id, c);
    this.save(c);
    this.dropOldFinished();
    this.pump();
    return c;
  }

  /** Cancels a queued or running campaign; false when it had already ended. */
  cancel(c: Campaign): boolean {
    if (c.state !== 'queued' && c.state !== 'running') return false;
    const wasQueued = c.state === 'queued';
    c.state = 'cancelled';
    this.save(c);
    c.abort.abort();
    if (wasQueued) this.pump();
    return true;
  }

  /** Queued campaigns that would start before `c` if slots freed now, in order (for its status). */
  ahead(c: Campaign): number {
    if (c.state !== 'queued') return 0;
    return [...this.campaigns.values()].filter((x) => x.state === 'queued' && x !== c && x.submittedAt <= c.submittedAt).length;
  }

  /**
   * Stops every campaign (server closing) and waits (at most `waitMs`) for their runners to return.
   * Nothing is stored from then on: a campaign running stays stored as running, with its chunks, and
   * resumes at the next start.
   */
  async stopAll(waitMs = 5000): Promise<void> {
    this.closing = true;
    for (const c of this.campaigns.values()) c.abort.abort();
    const deadline = Date.now() + waitMs;
    while (this.active.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  private runningOf(key: (c: Campaign) => string, value: string): number {
    let n = 0;
    for (const c of this.active) if (key(c) === value) n += 1;
    return n;
  }

  /** Whether another user's campaign waits for a slot that `c` (running) would free: it then yields after its chunk. */
  private waitingForSlot(c: Campaign): boolean {
    for (const x of this.campaigns.values()) {
      if (
        x.state === 'queued' &&
        x.startedBy !== c.startedBy &&
        this.runningOf((y) => y.startedBy, x.startedBy) < this.limits.runningPerUser
      )
        return true;
    }
    return false;
  }

  /** The next campaign to start, fairly (see the class comment); undefined when none may start. */
  private next(): Campaign | undefined {
    const queued = [...this.campaigns.values()].filter(
      (c) => c.state === 'queued' && this.runningOf((x) => x.startedBy, c.startedBy) < this.limits.runningPerUser,
    );
    if (queued.length === 0) return undefined;
    const rank = (c: Campaign): [number, number, number, number, number] => [
      c.yielded === true ? 1 : 0,
      this.runningOf((x) => x.nation, c.nation),
      this.lastServed.get(`n:${c.nation}`) ?? -1,
      this.runningOf((x) => x.startedBy, c.startedBy),
      this.lastServed.get(`u:${c.startedBy}`) ?? -1,
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
    if (this.closing) return;
    while (this.active.size < this.limits.running) {
      const c = this.next();
      if (!c) return;
      this.start(c);
    }
  }

  private start(c: Campaign): void {
    c.yielded = false;
    this.served += 1;
    this.lastServed.set(`n:${c.nation}`, this.served);
    this.lastServed.set(`u:${c.startedBy}`, this.served);
    c.state = 'running';
    c.startedAt ??= new Date(this.now()).toISOString();
    this.save(c);
    this.active.add(c);
    // stopped to give the slot up (time-slicing), unlike c.abort (cancel, server closing)
    const slice = new AbortController();
    const chunks = [...(c.resume ?? [])];
    let run: Promise<CampaignOutcome>;
    try {
      // computed in the starter's nation's view; a runner that ignored the view fails closed (campaign-view.ts)
      run = this.runner
        .run(c.world, {
          scenario: c.scenario,
          trials: c.trials,
          seed: c.seed,
          nation: c.nation,
          user: c.startedBy,
          signal: AbortSignal.any([c.abort.signal, slice.signal]),
          onProgress: (p) => {
            c.progress = p;
          },
          ...(chunks.length > 0 ? { resume: [...chunks] } : {}),
          onChunk: (chunk) => {
            chunks.push(chunk);
            if (this.durable && !this.closing) this.durable.db.addCampaignChunk(c.id, chunk.from, encodeJson(chunk));
            if (chunk.to < c.trials && !slice.signal.aborted && this.waitingForSlot(c)) slice.abort();
          },
        })
        .then((outcome) => outcomeOfView(outcome, c.nation));
    } catch (e) {
      run = Promise.reject(e);
    }
    run
      .then(
        (outcome) => {
          if (this.closing) return;
          if (slice.signal.aborted && c.state === 'running') {
            // yielded: queued again, to resume after its chunks
            c.resume = chunks;
            c.yields += 1;
            c.yielded = true;
            c.state = 'queued';
            c.progress = { ...c.progress, done: chunks.at(-1)?.to ?? 0 };
            this.save(c);
            return;
          }
          c.outcome = outcome;
          c.resume = undefined;
          c.progress = { ...c.progress, done: outcome.trials, etaS: 0 };
          if (c.state === 'running') c.state = c.abort.signal.aborted ? 'cancelled' : 'done';
          this.save(c);
        },
        (e: unknown) => {
          if (c.state === 'running' && !this.closing) {
            c.state = 'failed';
            c.error = e instanceof Error ? e.message : String(e);
            this.save(c);
          }
        },
      )
      .finally(() => {
        this.active.delete(c);
        this.dropOldFinished();
        this.pump();
      });
  }

  private dropOldFinished(): void {
    const finished = [...this.campaigns.values()].filter((c) => c.state !== 'queued' && !this.active.has(c) && c.state !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - this.limits.kept))) {
      this.campaigns.delete(old.id);
      if (!this.closing) this.durable?.db.dropCampaign(old.id);
    }
  }
}
