import {
  addTrial, type CampaignAggregate, campaignLog, type CampaignMetrics, campaignMetrics, canonicalAggregate, combine, emptyAggregate, type NationCode, runTrial, summarizeTrial,
  type TrialSummary, trialSummaryContext, type World,
} from '@golden-dome/core';

/** Trials per chunk of a campaign's progress (what a restart resumes from). */
export const CAMPAIGN_CHUNK_TRIALS = 50;

/**
 * A run of consecutive trials of a campaign (trial indices from..to-1, seeds seed+from..seed+to-1):
 * their exact aggregate (core's combine merges chunks in any order to the same aggregate), their
 * summaries in seed order and, in a nation's view, the earliest time the nation saw each object.
 */
export interface CampaignChunk {
  from: number;
  to: number;
  aggregate: CampaignAggregate;
  summaries: TrialSummary[];
  firstSeen?: Record<string, number>;
}

/** The chunks' aggregate, canonical (the same for any split of the same trials). */
export function chunksAggregate(chunks: readonly CampaignChunk[]): CampaignAggregate {
  return chunks.reduce((agg, c) => combine(agg, c.aggregate), emptyAggregate());
}

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
    /** Chunks already run (consecutive from trial 0; a campaign resumed after a restart): run the rest, and fold these in. */
    resume?: readonly CampaignChunk[];
    /** Called with each chunk of CAMPAIGN_CHUNK_TRIALS trials (the last may be shorter) as it completes, in seed order. */
    onChunk?: (chunk: CampaignChunk) => void;
  }): Promise<CampaignOutcome>;
}

/** Writes a campaign's HTML report (the cli's report writer in `dome serve`; a plain table otherwise), in the outcome's view (`outcome.nation`). */
export type CampaignReportWriter = (outcome: CampaignOutcome, world: World, scenario: string) => Promise<string>;

/**
 * The fallback runner: runTrial in a loop on the server's own thread, yielding to the event loop after
 * every trial for as long as the trial took (at most half the thread) so that requests and sockets stay
 * served; summaries folded with core's exact sums, in chunks (resumable: the outcome of a campaign
 * resumed from its chunks is that of one run straight through).
 */
export function inProcessCampaignRunner(wallMs: () => number = () => performance.now()): CampaignRunner {
  return {
    async run(world, { trials, seed, signal, onProgress, nation, resume = [], onChunk }) {
      const ctx = trialSummaryContext(world);
      const chunks = [...resume];
      const start = chunks.at(-1)?.to ?? 0;
      let part: CampaignChunk = { from: start, to: start, aggregate: emptyAggregate(), summaries: [] };
      const t0 = wallMs();
      for (let k = start; k < trials && !signal.aborted; k++) {
        const started = wallMs();
        const s = summarizeTrial(ctx, seed + k, campaignLog(world, nation, runTrial(world, seed + k)));
        part.summaries.push(s);
        addTrial(part.aggregate, s);
        part.to = k + 1;
        if (part.to - part.from === CAMPAIGN_CHUNK_TRIALS || part.to === trials) {
          part.aggregate = canonicalAggregate(part.aggregate);
          chunks.push(part);
          onChunk?.(part);
          part = { from: part.to, to: part.to, aggregate: emptyAggregate(), summaries: [] };
        }
        const elapsed = (wallMs() - t0) / 1000;
        onProgress({ done: k + 1, total: trials, etaS: (elapsed / (k + 1 - start)) * (trials - k - 1) });
        // give the event loop back for as long as the trial took: campaigns get at most half of the
        // thread, requests and sockets the rest (a bare setImmediate let one trial per loop turn starve them)
        await new Promise<void>((resolve) => setTimeout(resolve, Math.min(1000, Math.max(0, wallMs() - started))));
      }
      // an interrupted run reports the trials done (its last, partial chunk included)
      if (part.to > part.from) chunks.push({ ...part, aggregate: canonicalAggregate(part.aggregate) });
      const agg = chunksAggregate(chunks);
      return { trials: agg.trials, metrics: campaignMetrics(agg, ctx.valueThreatened, undefined, ctx.threatened), summaries: chunks.flatMap((c) => c.summaries), ...(nation !== undefined ? { nation } : {}) };
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
