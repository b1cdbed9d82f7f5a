/**
 * A campaign worker thread: receives the World once (workerData, by structured clone), then runs the
 * seed ranges it is sent with runTrial and returns their trial summaries and partial aggregate, each
 * trial's log taken as the campaign's view receives it (core's campaignLog: the whole log, or a nation's).
 * Loaded through tsx by runner.ts (a worker does not inherit the main thread's loader).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
// Imported from the files rather than '@golden-dome/core' so that a worker loads only what it runs.
import { addTrial, canonicalAggregate, emptyAggregate } from '../../../core/src/analysis/campaign-metrics.ts';
import { campaignLog } from '../../../core/src/analysis/campaign-view.ts';
import { firstSeenObjects } from '../../../core/src/c2/nation-picture.ts';
import { summarizeTrial, type TrialSummary, trialSummaryContext } from '../../../core/src/analysis/trial-summary.ts';
import { runTrial } from '../../../core/src/engine/trial.ts';
import type { World } from '../../../core/src/engine/world.ts';
import { CAMPAIGN_WORKER_KIND, type CampaignWorkerData, type WorkerReply, type WorkerRequest } from './protocol.ts';

function serve(port: NonNullable<typeof parentPort>, data: CampaignWorkerData): void {
  const world: World = data.world;
  const ctx = trialSummaryContext(world, data.weaponTypes);
  port.on('message', (m: WorkerRequest) => {
    if (m.type !== 'run') return;
    try {
      const summaries: TrialSummary[] = [];
      const agg = emptyAggregate();
      const firstSeen = new Map<string, number>();
      for (let seed = m.from; seed < m.to; seed++) {
        const log = campaignLog(world, data.nation, runTrial(world, seed));
        const s = summarizeTrial(ctx, seed, log);
        if (data.nation !== undefined) firstSeenObjects(log, firstSeen);
        summaries.push(s);
        addTrial(agg, s);
      }
      const reply: WorkerReply = { type: 'done', id: m.id, summaries, aggregate: canonicalAggregate(agg), ...(data.nation !== undefined ? { firstSeen: Object.fromEntries(firstSeen) } : {}) };
      port.postMessage(reply);
    } catch (e) {
      port.postMessage({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
    }
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
}

if (!isMainThread && parentPort !== null && (workerData as { kind?: unknown } | null)?.kind === CAMPAIGN_WORKER_KIND) {
  serve(parentPort, workerData as CampaignWorkerData);
}
