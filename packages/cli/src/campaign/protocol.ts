/** Messages between the campaign runner and its worker threads (plain, structured-cloneable data). */
import type { CampaignAggregate } from '../../../core/src/analysis/campaign-metrics.ts';
import type { TrialSummary } from '../../../core/src/analysis/trial-summary.ts';
import type { NationCode } from '../../../core/src/c2/national-policy.ts';
import type { World } from '../../../core/src/engine/world.ts';

export const CAMPAIGN_WORKER_KIND = 'golden-dome/campaign-worker';

export interface CampaignWorkerData {
  kind: typeof CAMPAIGN_WORKER_KIND;
  world: World;
  weaponTypes: Record<string, string>;
  /** Summarise each trial as this nation receives it (core's campaignLog); absent: the whole log. */
  nation?: NationCode;
}

/** Run seeds from..to-1. */
export interface WorkerRequest {
  type: 'run';
  id: number;
  from: number;
  to: number;
}

export type WorkerReply =
  | { type: 'ready' }
  /** `firstSeen` (a nation's view only): per object, the earliest time the nation saw it over the seeds run. */
  | { type: 'done'; id: number; summaries: TrialSummary[]; aggregate: CampaignAggregate; firstSeen?: Record<string, number> }
  | { type: 'error'; id: number; message: string };
