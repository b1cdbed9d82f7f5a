import type { CampaignAggregate, CampaignMetrics, NationCode, TrialSummary, World } from '@golden-dome/core';
import { namedRepresentative, type RepresentativeTrial, runCampaign, type TrialPool } from '@golden-dome/pool';

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
  /** The trial a report draws, and the rule that chose it (the pool's representative.ts); its log, if kept, is the runner's `detail`. */
  representative?: Omit<RepresentativeTrial, 'log'>;
  detail?: unknown;
}

/**
 * Runs a campaign (trials seed..seed+trials-1 of one world). The server takes one as an option, so that
 * `dome serve` can add what the cli's report needs (costs, the scenario file) without the server
 * importing the cli; {@link poolCampaignRunner} is the default. Both run on the server's trial pool.
 */
export interface CampaignRunner {
  run(
    world: World,
    options: {
      scenario: string;
      trials: number;
      seed: number;
      signal: AbortSignal;
      onProgress: (p: CampaignRunProgress) => void;
      /** Compute everything from this nation's view (core's campaignLog); the server always gives the starter's nation. */
      nation?: NationCode;
      /** Who started it (with `nation`, its lane in the trial pool's fair queue). */
      user?: string;
      /** Chunks already run (consecutive from trial 0; a campaign resumed after a restart): run the rest, and fold these in. */
      resume?: readonly CampaignChunk[];
      /** Called with each chunk of CAMPAIGN_CHUNK_TRIALS trials (the last may be shorter) as it completes, in seed order. */
      onChunk?: (chunk: CampaignChunk) => void;
    },
  ): Promise<CampaignOutcome>;
}

/** Writes a campaign's HTML report (the cli's report writer in `dome serve`; a plain table otherwise), in the outcome's view (`outcome.nation`). */
export type CampaignReportWriter = (outcome: CampaignOutcome, world: World, scenario: string) => Promise<string>;

/**
 * The default runner: the campaign's chunks on the server's trial pool (@golden-dome/pool's runCampaign),
 * in the lane of its nation and user (fair with every other task of the pool), checkpointed every
 * CAMPAIGN_CHUNK_TRIALS trials (resumable: the outcome of a campaign resumed from its chunks is that of
 * one run straight through, exact sums). `pool` may be the Redis queue of `dome worker`s on other
 * machines (@golden-dome/pool's RedisTaskQueue: `dome serve --redis`), whose chunks are first in, first out.
 */
export function poolCampaignRunner(pool: Pick<TrialPool, 'run' | 'threads'>): CampaignRunner {
  return {
    async run(world, { trials, seed, signal, onProgress, nation, user, resume, onChunk }) {
      const result = await runCampaign(world, {
        trials,
        seed,
        signal,
        pool,
        checkEvery: CAMPAIGN_CHUNK_TRIALS,
        lane: { nation: nation ?? '', user: user ?? '' },
        ...(nation !== undefined ? { nation } : {}),
        ...(resume ? { resume } : {}),
        ...(onChunk ? { onCheckpoint: onChunk } : {}),
        onProgress: (p) => onProgress({ done: p.done, total: p.total, etaS: p.etaS }),
      });
      return {
        trials: result.trials,
        metrics: result.metrics,
        summaries: result.summaries,
        ...(result.nation !== undefined ? { nation: result.nation } : {}),
        ...(result.representative ? { representative: namedRepresentative(result.representative) } : {}),
      };
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
