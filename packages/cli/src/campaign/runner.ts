/**
 * The campaign runner: trials with seeds seed..seed+N-1 of one World over a pool of worker threads.
 *
 * Determinism, whatever the worker count and scheduling:
 * - trial k is runTrial(world, seed + k) wherever it runs (the World reaches each worker once, by
 *   structured clone; cloning does not change a trial's log — see engine.test.ts);
 * - partial aggregates are exact sums (core/analysis/exact-sum.ts), so merging them in any order gives
 *   the identical aggregate; trial summaries are kept in seed order;
 * - what is reported is always a prefix of the seeds: chunks of seeds are handed out dynamically (to
 *   keep every worker busy), but results are folded in seed order, and the early-stop rule is evaluated
 *   only at fixed checkpoints (every `checkEvery` trials, independent of the worker count). A run that
 *   stops early at checkpoint k reports exactly trials 0..k-1, the same as a 1-worker run would; work
 *   done beyond it is discarded.
 *
 * Early stop: at a checkpoint, stop when the 95 % interval of expected leakers has half-width at most
 * `ciHalfWidth`, with the half-width taken as at least 3/n (the "rule of three" bound on a rate never
 * seen in n trials: J. A. Hanley and A. Lippman-Hand, "If nothing goes wrong, is everything all right?",
 * JAMA 249(13):1743–1745, 1983): a sample in which every trial leaked the same number of warheads has a
 * zero standard deviation, which is not certainty.
 *
 * Interruption: when `signal` aborts, no more work is handed out, in-flight work is dropped, and the
 * completed prefix is returned with status 'interrupted'.
 *
 * Resuming (the server's campaigns after a restart): `resume` gives parts already run (consecutive from
 * trial 0, ending on a checkpoint); the run starts after them and folds them in, and the result is that
 * of a run straight through (exact sums). `onCheckpoint` receives each checkpoint's part as the prefix
 * reaches it, to be stored.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  type CampaignAggregate, type CampaignMetrics, campaignMetrics, combine, type CostExchange, costExchange, type CostExchangeInputs, countEstimate, emptyAggregate, type NationCode,
  SERIES, type TrialSummary, trialSummaryContext, type World,
} from '@golden-dome/core';
import { CAMPAIGN_WORKER_KIND, type CampaignWorkerData, type WorkerReply, type WorkerRequest } from './protocol.ts';
import { workerEntry } from '../worker-entries.ts';

export interface CampaignProgress {
  /** Trials finished (in any order). */
  done: number;
  total: number;
  elapsedS: number;
  /** Estimated seconds left at the current rate (NaN before the first chunk returns). */
  etaS: number;
  trialsPerS: number;
}

export interface CampaignOptions {
  trials: number;
  /** First seed (default 1). */
  seed?: number;
  /** Worker threads (default: available parallelism, at most the trial count). */
  workers?: number;
  /** Checkpoint interval in trials for the early-stop rule (default 100). */
  checkEvery?: number;
  /** Stop at the first checkpoint where the expected-leakers 95 % half-width is at most this. */
  ciHalfWidth?: number;
  /** Seeds a worker runs per request (default: up to 10, and at most a checkpoint / (2 workers)). */
  chunkSize?: number;
  /** Weapon id → interceptor type, for shots by type (e.g. from the scenario's batteries). */
  weaponTypes?: Record<string, string>;
  /** Unit costs of interceptor types and of the raid's missiles: with them the result carries the cost exchange. */
  costs?: CostExchangeInputs;
  /** Compute everything from this nation's view (core's campaignLog: the events eventsVisibleTo releases to it); absent: the whole log. */
  nation?: NationCode;
  signal?: AbortSignal;
  onProgress?: (p: CampaignProgress) => void;
  /** Parts already run (consecutive from trial 0, each ending on a checkpoint): the run goes on after them. */
  resume?: readonly CampaignPart[];
  /** Each checkpoint's part (trials since the last checkpoint), in seed order, as the prefix reaches it. */
  onCheckpoint?: (part: CampaignPart) => void;
}

/** Consecutive trials from..to-1 (seeds seed+from..): their exact aggregate, summaries in seed order and (a nation's view) first sightings. */
export interface CampaignPart {
  from: number;
  to: number;
  aggregate: CampaignAggregate;
  summaries: TrialSummary[];
  firstSeen?: Record<string, number>;
}

export type CampaignStatus = 'complete' | 'converged' | 'interrupted';

export interface CampaignResult {
  status: CampaignStatus;
  /** First seed; the trials reported are seeds seed..seed+trials-1. */
  seed: number;
  trials: number;
  requested: number;
  workers: number;
  checkEvery: number;
  ciHalfWidth: number | null;
  aggregate: CampaignAggregate;
  metrics: CampaignMetrics;
  /** Interceptors spent against the raid's cost (when the options gave unit costs). */
  cost?: CostExchange;
  /** In seed order. */
  summaries: TrialSummary[];
  /** The nation whose view this is (absent: the whole log). */
  nation?: NationCode;
  /** A nation's view only: per object the nation saw, the earliest time it saw it over the trials reported (its report's map starts each trajectory there). */
  firstSeen?: Record<string, number>;
  /** Wall time, worker start included. */
  seconds: number;
  startupSeconds: number;
}

/** The half-width the early-stop rule compares with the requested one. */
export function stoppingHalfWidth(agg: CampaignAggregate): number {
  const e = countEstimate(agg, SERIES.warheadLeakers);
  return agg.trials < 2 ? Infinity : Math.max(e.halfWidth, 3 / agg.trials);
}

interface Chunk {
  from: number; // trial index (seed - seed0)
  to: number;
}

/** Chunks of at most `size` trials that never straddle a checkpoint. */
function chunksOf(total: number, size: number, checkEvery: number, start = 0): Chunk[] {
  const out: Chunk[] = [];
  for (let c = start; c < total; c += checkEvery) {
    const end = Math.min(total, c + checkEvery);
    for (let f = c; f < end; f += size) out.push({ from: f, to: Math.min(end, f + size) });
  }
  return out;
}

/** Per key, the least time over the parts (order-free, so the same whatever the worker count); keys sorted. */
function earliest(parts: ReadonlyArray<Record<string, number>>): Record<string, number> {
  const out = new Map<string, number>();
  for (const p of parts) {
    for (const [k, t] of Object.entries(p)) {
      const before = out.get(k);
      if (before === undefined || t < before) out.set(k, t);
    }
  }
  return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`campaign: ${name} must be a positive integer, got ${v}`);
  return v;
}

export async function runCampaign(world: World, options: CampaignOptions): Promise<CampaignResult> {
  const t0 = performance.now();
  const total = positiveInt('trials', options.trials);
  const seed0 = options.seed ?? 1;
  if (!Number.isInteger(seed0) || seed0 < 0) throw new RangeError(`campaign: seed must be a non-negative integer, got ${seed0}`);
  const resumed = options.resume ?? [];
  const start = resumed.at(-1)?.to ?? 0;
  const workerCount = Math.max(1, Math.min(total - start, positiveInt('workers', options.workers ?? availableParallelism())));
  const checkEvery = positiveInt('checkEvery', options.checkEvery ?? 100);
  if (start % checkEvery !== 0 && start < total) throw new RangeError(`campaign: a resumed run must end on a checkpoint (every ${checkEvery} trials), not at ${start}`);
  const chunkSize = positiveInt('chunkSize', options.chunkSize ?? Math.max(1, Math.min(10, Math.floor(checkEvery / (2 * workerCount)))));
  const target = options.ciHalfWidth ?? null;
  const weaponTypes = options.weaponTypes ?? {};
  const chunks = chunksOf(total, chunkSize, checkEvery, start);
  const results: Array<{ summaries: TrialSummary[]; aggregate: CampaignAggregate; firstSeen?: Record<string, number> } | undefined> = new Array(chunks.length);

  let prefixChunks = 0;
  let prefix = resumed.reduce((agg, p) => combine(agg, p.aggregate), emptyAggregate());
  let status: CampaignStatus = 'complete';
  let done = start;
  /** The first chunk after the last checkpoint reached. */
  let checkpointChunk = 0;
  let startupSeconds = 0;

  const workers: Worker[] = [];
  const summaryContext = trialSummaryContext(world);
  const finish = (): CampaignResult => {
    const kept = [...resumed, ...(results.slice(0, prefixChunks) as Array<{ summaries: TrialSummary[]; firstSeen?: Record<string, number> }>)];
    const summaries = kept.flatMap((r) => r.summaries);
    return {
      status, seed: seed0, trials: prefix.trials, requested: total, workers: workerCount, checkEvery, ciHalfWidth: target,
      aggregate: prefix, summaries, ...(options.nation !== undefined ? { nation: options.nation, firstSeen: earliest(kept.map((r) => r.firstSeen ?? {})) } : {}),
      metrics: campaignMetrics(prefix, summaryContext.valueThreatened, { count: world.defended.length, totalValue: world.defended.reduce((x, d) => x + d.value, 0) }, summaryContext.threatened),
      ...(options.costs ? { cost: costExchange(summaries, options.costs) } : {}),
      seconds: (performance.now() - t0) / 1000, startupSeconds,
    };
  };
  if (options.signal?.aborted) {
    status = 'interrupted';
    return finish();
  }
  if (chunks.length === 0) return finish();

  const entry = workerEntry('campaign');
  const data: CampaignWorkerData = { kind: CAMPAIGN_WORKER_KIND, world, weaponTypes, ...(options.nation !== undefined ? { nation: options.nation } : {}) };

  try {
    return await new Promise<CampaignResult>((resolve, reject) => {
      let next = 0;
      let settled = false;
      let ready = 0;
      let requestId = 0;
      const inFlight = new Map<number, number>(); // request id -> chunk index
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        options.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const onAbort = (): void => {
        status = 'interrupted';
        settle(() => resolve(finish()));
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });

      const dispatch = (w: Worker): void => {
        if (settled || next >= chunks.length) return;
        const k = next++;
        const id = ++requestId;
        inFlight.set(id, k);
        w.postMessage({ type: 'run', id, from: seed0 + chunks[k].from, to: seed0 + chunks[k].to } satisfies WorkerRequest);
      };

      /** Folds finished chunks into the prefix in seed order; evaluates the stop rule at checkpoints. */
      const advance = (): void => {
        while (prefixChunks < chunks.length && results[prefixChunks] !== undefined) {
          prefix = combine(prefix, (results[prefixChunks] as { aggregate: CampaignAggregate }).aggregate);
          prefixChunks++;
          const end = chunks[prefixChunks - 1].to;
          if (options.onCheckpoint && (end % checkEvery === 0 || end === total)) {
            const part = results.slice(checkpointChunk, prefixChunks) as Array<{ summaries: TrialSummary[]; aggregate: CampaignAggregate; firstSeen?: Record<string, number> }>;
            options.onCheckpoint({
              from: chunks[checkpointChunk].from, to: end, aggregate: part.reduce((agg, r) => combine(agg, r.aggregate), emptyAggregate()), summaries: part.flatMap((r) => r.summaries),
              ...(options.nation !== undefined ? { firstSeen: earliest(part.map((r) => r.firstSeen ?? {})) } : {}),
            });
            checkpointChunk = prefixChunks;
          }
          if (end === total) {
            settle(() => resolve(finish()));
            return;
          }
          if (target !== null && end % checkEvery === 0 && stoppingHalfWidth(prefix) <= target) {
            status = 'converged';
            settle(() => resolve(finish()));
            return;
          }
        }
      };

      const onMessage = (w: Worker) => (m: WorkerReply): void => {
        if (settled) return;
        if (m.type === 'ready') {
          if (++ready === workerCount) startupSeconds = (performance.now() - t0) / 1000;
          dispatch(w);
          return;
        }
        const k = inFlight.get(m.id);
        inFlight.delete(m.id);
        if (m.type === 'error') {
          settle(() => reject(new Error(`campaign worker, seeds ${k === undefined ? '?' : `${seed0 + chunks[k].from}..${seed0 + chunks[k].to - 1}`}: ${m.message}`)));
          return;
        }
        if (k === undefined) return;
        results[k] = { summaries: m.summaries, aggregate: m.aggregate, ...(m.firstSeen ? { firstSeen: m.firstSeen } : {}) };
        done += chunks[k].to - chunks[k].from;
        dispatch(w);
        if (options.onProgress) {
          const elapsedS = (performance.now() - t0) / 1000;
          const rate = done / elapsedS;
          options.onProgress({ done, total, elapsedS, etaS: (total - done) / rate, trialsPerS: rate });
        }
        advance();
      };

      for (let i = 0; i < workerCount; i++) {
        const w = new Worker(entry, { workerData: data });
        workers.push(w);
        w.on('message', onMessage(w));
        w.on('error', (e) => settle(() => reject(e)));
        w.on('exit', (code) => {
          if (!settled) settle(() => reject(new Error(`campaign worker exited with code ${code}`)));
        });
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
