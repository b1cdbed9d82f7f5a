import { randomUUID } from 'node:crypto';
import {
  addTrial, campaignLog, type CampaignMetrics, campaignMetrics, emptyAggregate, type NationCode, runTrial, summarizeTrial, type TrialSummary, trialSummaryContext, type World,
} from '@golden-dome/core';
import { outcomeOfView } from './campaign-view.ts';

/** Progress of a running campaign. */
export interface CampaignRunProgress {
  done: number;
  total: number;
  /** Estimated seconds left (NaN before there is a rate). */
  etaS: number;
}

/** What a campaign runner returns: the metrics, and anything its report writer needs (opaque here). */
export interface CampaignOutcome {
  trials: number;
  metrics: CampaignMetrics;
  /** Whose view every number was computed from (core's campaignLog); absent: the whole log. */
  nation?: NationCode;
  /** One per trial, in seed order (trials.csv). */
  summaries?: TrialSummary[];
  detail?: unknown;
}

/**
 * Runs a campaign (trials seed..seed+trials-1 of one world). The server takes one as an option, so that
 * `dome serve` can hand it the cli's worker pool (packages/cli/src/campaign) without the server
 * importing the cli; {@link inProcessCampaignRunner} is the fallback.
 */
export interface CampaignRunner {
  run(world: World, options: {
    scenario: string; trials: number; seed: number; signal: AbortSignal; onProgress: (p: CampaignRunProgress) => void;
    /** Compute everything from this nation's view (core's campaignLog); the server always gives the starter's nation. */
    nation?: NationCode;
  }): Promise<CampaignOutcome>;
}

/** Writes a campaign's HTML report (the cli's report writer in `dome serve`; a plain table otherwise), in the outcome's view (`outcome.nation`). */
export type CampaignReportWriter = (outcome: CampaignOutcome, world: World, scenario: string) => Promise<string>;

/**
 * The fallback runner: runTrial in a loop on the server's own thread, yielding to the event loop after
 * every trial so that requests and sockets stay served; summaries folded with core's exact sums.
 */
export function inProcessCampaignRunner(wallMs: () => number = () => performance.now()): CampaignRunner {
  return {
    async run(world, { trials, seed, signal, onProgress, nation }) {
      const ctx = trialSummaryContext(world);
      let agg = emptyAggregate();
      const summaries: TrialSummary[] = [];
      const t0 = wallMs();
      for (let k = 0; k < trials && !signal.aborted; k++) {
        const s = summarizeTrial(ctx, seed + k, campaignLog(world, nation, runTrial(world, seed + k)));
        summaries.push(s);
        agg = addTrial(agg, s);
        const elapsed = (wallMs() - t0) / 1000;
        onProgress({ done: k + 1, total: trials, etaS: (elapsed / (k + 1)) * (trials - k - 1) });
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      return { trials: agg.trials, metrics: campaignMetrics(agg, ctx.valueThreatened), summaries, ...(nation !== undefined ? { nation } : {}) };
    },
  };
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The fallback report: the headline metrics as an HTML table (the cli's report has plots and a map). */
export const plainCampaignReport: CampaignReportWriter = async (outcome, _world, scenario) => {
  const m = outcome.metrics;
  const row = (label: string, est: { mean?: number; p?: number; ci: [number, number] }) => {
    const v = est.mean ?? est.p ?? NaN;
    return `<tr><th>${escapeHtml(label)}</th><td>${v.toFixed(4)}</td><td>[${est.ci[0].toFixed(4)}, ${est.ci[1].toFixed(4)}]</td></tr>`;
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Campaign: ${escapeHtml(scenario)}</title></head><body>
<h1>Campaign: ${escapeHtml(scenario)}</h1><p>${outcome.trials} trials${outcome.nation !== undefined ? `, as ${escapeHtml(outcome.nation)} sees them (its own and shared sensors, its own weapons; launches and impacts are public)` : ''}. Estimates with 95 % intervals.</p>
<table><thead><tr><th>metric</th><th>estimate</th><th>95 % interval</th></tr></thead><tbody>
${row('P(no warhead leaks)', m.pZeroLeakers)}${row('warheads leaking per trial', m.expectedLeakers)}${row('leakage (share of warheads)', m.leakage)}${row('warheads destroyed per trial', m.warheadsDestroyed)}${row('interceptors fired per trial', m.interceptors.total)}
</tbody></table></body></html>`;
};

export type CampaignState = 'running' | 'done' | 'failed' | 'cancelled';

export interface Campaign {
  id: string;
  scenario: string;
  trials: number;
  seed: number;
  startedBy: string;
  nation: NationCode;
  state: CampaignState;
  progress: CampaignRunProgress;
  startedAt: string;
  outcome?: CampaignOutcome;
  world: World;
  error?: string;
  report?: Promise<string>;
  abort: AbortController;
}

/** The campaigns started on this server (at most `maxKept`, oldest finished dropped first). */
export class CampaignBoard {
  private readonly campaigns = new Map<string, Campaign>();

  constructor(private readonly runner: CampaignRunner, private readonly maxRunning: number, private readonly maxKept: number, private readonly now: () => number) {}

  running(): number {
    return [...this.campaigns.values()].filter((c) => c.state === 'running').length;
  }

  get(id: string): Campaign | undefined {
    return this.campaigns.get(id);
  }

  /** Starts a campaign; null when `maxRunning` are already running. */
  start(scenario: string, world: World, trials: number, seed: number, user: { id: string; nation: NationCode }): Campaign | null {
    if (this.running() >= this.maxRunning) return null;
    const c: Campaign = {
      id: randomUUID(), scenario, trials, seed, startedBy: user.id, nation: user.nation, state: 'running', progress: { done: 0, total: trials, etaS: NaN },
      startedAt: new Date(this.now()).toISOString(), world, abort: new AbortController(),
    };
    this.campaigns.set(c.id, c);
    for (const old of this.campaigns.values()) {
      if (this.campaigns.size <= this.maxKept) break;
      if (old.state !== 'running') this.campaigns.delete(old.id);
    }
    this.runner.run(world, { scenario, trials, seed, nation: user.nation, signal: c.abort.signal, onProgress: (p) => { c.progress = p; } }).then((outcome) => outcomeOfView(outcome, c.nation)).then(
      (outcome) => { c.outcome = outcome; c.state = c.abort.signal.aborted ? 'cancelled' : 'done'; c.progress = { ...c.progress, done: outcome.trials, etaS: 0 }; },
      (e: unknown) => { c.state = 'failed'; c.error = e instanceof Error ? e.message : String(e); },
    );
    return c;
  }

  /** Stops every running campaign (server closing). */
  stopAll(): void {
    for (const c of this.campaigns.values()) c.abort.abort();
  }
}
