import {
  addTrial, type CampaignMetrics, campaignMetrics, emptyAggregate, runTrial, summarizeTrial, trialSummaryContext, type World,
} from '@golden-dome/core';

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
  detail?: unknown;
}

/**
 * Runs a campaign (trials seed..seed+trials-1 of one world). The server takes one as an option, so that
 * `dome serve` can hand it the cli's worker pool (packages/cli/src/campaign) without the server
 * importing the cli; {@link inProcessCampaignRunner} is the fallback.
 */
export interface CampaignRunner {
  run(world: World, options: { scenario: string; trials: number; seed: number; signal: AbortSignal; onProgress: (p: CampaignRunProgress) => void }): Promise<CampaignOutcome>;
}

/** Writes a campaign's HTML report (the cli's report writer in `dome serve`; a plain table otherwise). */
export type CampaignReportWriter = (outcome: CampaignOutcome, world: World, scenario: string) => Promise<string>;

/**
 * The fallback runner: runTrial in a loop on the server's own thread, yielding to the event loop after
 * every trial for as long as the trial took (at most half the thread) so that requests and sockets stay
 * served; summaries folded with core's exact sums.
 */
export function inProcessCampaignRunner(wallMs: () => number = () => performance.now()): CampaignRunner {
  return {
    async run(world, { trials, seed, signal, onProgress }) {
      const ctx = trialSummaryContext(world);
      let agg = emptyAggregate();
      const t0 = wallMs();
      for (let k = 0; k < trials && !signal.aborted; k++) {
        const started = wallMs();
        agg = addTrial(agg, summarizeTrial(ctx, seed + k, runTrial(world, seed + k)));
        const elapsed = (wallMs() - t0) / 1000;
        onProgress({ done: k + 1, total: trials, etaS: (elapsed / (k + 1)) * (trials - k - 1) });
        // give the event loop back for as long as the trial took: campaigns get at most half of the
        // thread, requests and sockets the rest (a bare setImmediate let one trial per loop turn starve them)
        await new Promise<void>((resolve) => setTimeout(resolve, Math.min(1000, Math.max(0, wallMs() - started))));
      }
      return { trials: agg.trials, metrics: campaignMetrics(agg, ctx.valueThreatened) };
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
<h1>Campaign: ${escapeHtml(scenario)}</h1><p>${outcome.trials} trials. Estimates with 95 % intervals.</p>
<table><thead><tr><th>metric</th><th>estimate</th><th>95 % interval</th></tr></thead><tbody>
${row('P(no warhead leaks)', m.pZeroLeakers)}${row('warheads leaking per trial', m.expectedLeakers)}${row('leakage (share of warheads)', m.leakage)}${row('warheads destroyed per trial', m.warheadsDestroyed)}${row('interceptors fired per trial', m.interceptors.total)}
</tbody></table></body></html>`;
};
