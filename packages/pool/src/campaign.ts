/**
 * The campaign runner: trials with seeds seed..seed+N-1 of one World over the trial pool (its own, or
 * one shared with other callers: the server's, where its chunks take their fair turn with other
 * nations' and users' tasks, `lane`).
 *
 * Determinism, whatever the worker count and scheduling:
 * - trial k is runTrial(world, seed + k) wherever it runs (the World reaches each worker once, from
 *   shared memory: world-ref.ts; serializing does not change a trial's log — see trial-pool.test.ts);
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
 *
 * The representative trial (representative.ts: the first seed with the most common count of warheads
 * leaking) is named in every result; with `representativeLog` its event log, in the campaign's view, is
 * run once more on the same pool (or queue) after the last chunk: one extra `log` task, whatever the
 * number of trials. (The mode is known only once every trial is in; keeping candidate logs per chunk
 * would ship and hold up to one log per leaker count per chunk, and store them with each checkpoint for
 * a resume.) A trial is a pure function of (world, seed): it is the campaign's own trial, event for event.
 */
import { availableParallelism } from 'node:os';
import {
  type CampaignAggregate,
  type CampaignMetrics,
  campaignMetrics,
  combine,
  type CostExchange,
  costExchange,
  type CostExchangeInputs,
  countEstimate,
  emptyAggregate,
  type NationCode,
  SERIES,
  type TrialSummary,
  trialSummaryContext,
  type World,
} from '@golden-dome/core';
import type { Lane } from './fair-queue.ts';
import type { SummariesResult } from './protocol.ts';
import { type RepresentativeTrial, representativeTrial } from './representative.ts';
import { TrialPool } from './trial-pool.ts';
import { worldRef } from './world-ref.ts';

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
  /** Worker threads of the campaign's own pool (default: available parallelism, at most the trial count); with `pool`, chunks in flight at once (default: the pool's threads). */
  workers?: number;
  /** A pool shared with other work (the server's), or the Redis queue of many machines' workers; absent, the campaign starts its own and closes it at the end. */
  pool?: Pick<TrialPool, 'run' | 'threads'>;
  /** Whose campaign it is, for the shared pool's fair scheduling. */
  lane?: Lane;
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
  /**
   * Also return the representative trial's event log in the campaign's view (`representative.log`), for a
   * report's engagement timeline: one more trial, run on the campaign's pool (or queue) after its last
   * chunk, interrupted or not (not when no trial ran).
   */
  representativeLog?: boolean;
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
  /** The trial a report draws (representative.ts); with its log when `representativeLog` was asked for. Absent when no trial ran. */
  representative?: RepresentativeTrial;
  /** Wall time of the trials, worker start included (not the representative log's extra trial). */
  seconds: number;
  /** Wall time until the first chunk returned (thread start and the world's first load included). */
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
  const wanted = positiveInt('workers', options.workers ?? options.pool?.threads ?? availableParallelism());
  const workerCount = Math.max(1, Math.min(total - start, options.pool ? Math.min(wanted, options.pool.threads) : wanted));
  const checkEvery = positiveInt('checkEvery', options.checkEvery ?? 100);
  if (start % checkEvery !== 0 && start < total)
    throw new RangeError(`campaign: a resumed run must end on a checkpoint (every ${checkEvery} trials), not at ${start}`);
  const chunkSize = positiveInt('chunkSize', options.chunkSize ?? Math.max(1, Math.min(10, Math.floor(checkEvery / (2 * workerCount)))));
  const target = options.ciHalfWidth ?? null;
  const weaponTypes = options.weaponTypes ?? {};
  const chunks = chunksOf(total, chunkSize, checkEvery, start);
  const results: Array<SummariesResult | undefined> = new Array(chunks.length);

  let prefixChunks = 0;
  let prefix = resumed.reduce((agg, p) => combine(agg, p.aggregate), emptyAggregate());
  let status: CampaignStatus = 'complete';
  let done = start;
  /** The first chunk after the last checkpoint reached. */
  let checkpointChunk = 0;
  let startupSeconds = 0;

  const summaryContext = trialSummaryContext(world);
  const finish = (): CampaignResult => {
    const kept = [
      ...resumed,
      ...(results.slice(0, prefixChunks) as Array<{ summaries: TrialSummary[]; firstSeen?: Record<string, number> }>),
    ];
    const summaries = kept.flatMap((r) => r.summaries);
    const representative = representativeTrial(summaries);
    return {
      status,
      seed: seed0,
      trials: prefix.trials,
      requested: total,
      workers: workerCount,
      checkEvery,
      ciHalfWidth: target,
      aggregate: prefix,
      summaries,
      ...(options.nation !== undefined ? { nation: options.nation, firstSeen: earliest(kept.map((r) => r.firstSeen ?? {})) } : {}),
      ...(representative ? { representative } : {}),
      metrics: campaignMetrics(
        prefix,
        summaryContext.valueThreatened,
        { count: world.defended.length, totalValue: world.defended.reduce((x, d) => x + d.value, 0) },
        summaryContext.threatened,
      ),
      ...(options.costs ? { cost: costExchange(summaries, options.costs) } : {}),
      seconds: (performance.now() - t0) / 1000,
      startupSeconds,
    };
  };
  if (options.signal?.aborted) {
    status = 'interrupted';
    return finish();
  }
  const own = options.pool ? undefined : new TrialPool({ threads: workerCount });
  const pool = options.pool ?? (own as TrialPool);
  // stops the chunks still waiting for a thread when the campaign ends (stopped, converged or failed)
  const stop = new AbortController();
  const ref = worldRef(world);
  try {
    const result = await new Promise<CampaignResult>((resolve, reject) => {
      let next = 0;
      let settled = false;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        options.signal?.removeEventListener('abort', onAbort);
        stop.abort();
        fn();
      };
      const onAbort = (): void => {
        status = 'interrupted';
        settle(() => resolve(finish()));
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });

      /** Folds finished chunks into the prefix in seed order; evaluates the stop rule at checkpoints. */
      const advance = (): void => {
        while (prefixChunks < chunks.length && results[prefixChunks] !== undefined) {
          prefix = combine(prefix, (results[prefixChunks] as SummariesResult).aggregate);
          prefixChunks++;
          const end = chunks[prefixChunks - 1].to;
          if (options.onCheckpoint && (end % checkEvery === 0 || end === total)) {
            const part = results.slice(checkpointChunk, prefixChunks) as SummariesResult[];
            options.onCheckpoint({
              from: chunks[checkpointChunk].from,
              to: end,
              aggregate: part.reduce((agg, r) => combine(agg, r.aggregate), emptyAggregate()),
              summaries: part.flatMap((r) => r.summaries),
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

      /** Sends the next chunk; `workerCount` are in flight at a time (each return sends the next). */
      const dispatch = (): void => {
        if (settled || next >= chunks.length) return;
        const k = next++;
        const c = chunks[k];
        pool
          .run(
            {
              kind: 'summaries',
              world: ref,
              weaponTypes,
              ...(options.nation !== undefined ? { nation: options.nation } : {}),
              from: seed0 + c.from,
              to: seed0 + c.to,
            },
            { signal: stop.signal, ...(options.lane ? { lane: options.lane } : {}) },
          )
          .then(
            (r) => {
              if (settled) return;
              if (startupSeconds === 0) startupSeconds = (performance.now() - t0) / 1000;
              results[k] = r;
              done += c.to - c.from;
              dispatch();
              if (options.onProgress) {
                const elapsedS = (performance.now() - t0) / 1000;
                const rate = (done - start) / elapsedS;
                options.onProgress({ done, total, elapsedS, etaS: (total - done) / rate, trialsPerS: rate });
              }
              advance();
            },
            (e: unknown) => {
              if (settled) return;
              settle(() =>
                reject(
                  new Error(`campaign worker, seeds ${seed0 + c.from}..${seed0 + c.to - 1}: ${e instanceof Error ? e.message : String(e)}`),
                ),
              );
            },
          );
      };
      // a resumed campaign with nothing left to run (its pool's threads start only if its log is wanted)
      if (chunks.length === 0) settle(() => resolve(finish()));
      for (let i = 0; i < workerCount; i++) dispatch();
    });
    return options.representativeLog ? await withRepresentativeLog(result, pool, ref, options) : result;
  } finally {
    await own?.close();
  }
}

/** The result with its representative trial's log, run on `pool` in the campaign's view (core's campaignLog, in the worker). */
async function withRepresentativeLog(
  result: CampaignResult,
  pool: Pick<TrialPool, 'run'>,
  ref: ReturnType<typeof worldRef>,
  options: CampaignOptions,
): Promise<CampaignResult> {
  const r = result.representative;
  if (!r) return result;
  try {
    const log = await pool.run(
      { kind: 'log', world: ref, seed: r.seed, ...(options.nation !== undefined ? { nation: options.nation } : {}) },
      options.lane ? { lane: options.lane } : {},
    );
    return { ...result, representative: { ...r, log } };
  } catch (e) {
    throw new Error(`campaign's representative trial, seed ${r.seed}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
