/**
 * The partner study's trials on the one trial pool (@golden-dome/pool): each raid's flights are shared
 * once (a base world ref) and each option world is an overlay on them (policy, sensors, batteries,
 * windows), so a polar raid's hundreds of flights are deserialized once per worker, not once per option.
 *
 * Determinism: trial k of a world is runTrial(world, seed + k) wherever it runs, and each outcome is
 * stored at its own index, so the results are the same for any worker count and scheduling.
 */
import { setMaxListeners } from 'node:events';
import type { World } from '@golden-dome/core';
import { overlayRef, partRef, type TrialOutcome, type TrialPool } from '@golden-dome/pool';

export interface PoolWorld {
  key: string;
  world: World;
  weaponTypes: Record<string, string>;
  /**
   * The key of an earlier world of the run that this one equals (a removal lever whose ids this raid does
   * not hold): its trials are not run again, its outcomes are that world's (a trial is a pure function of
   * the world and the seed).
   */
  sameAs?: string;
}

export interface PoolProgress {
  done: number;
  total: number;
}

export interface RaidRun {
  raid: string;
  worlds: readonly PoolWorld[];
  partner: string;
  seed: number;
  trials: number;
  /** Seeds per task (default 4). */
  chunk?: number;
  /** Tasks handed to the pool at a time (default: all at once; the Redis queue of `--queue`: its chunks in flight). */
  inFlight?: number;
  signal?: AbortSignal;
  onProgress?: (p: PoolProgress) => void;
}

export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}

/** What every option world of a raid shares: its flights. */
const FLIGHTS: ReadonlyArray<keyof World> = ['missiles', 'objects'];

/** Runs seeds seed..seed+trials-1 of every world of one raid on the pool; outcomes per world key, in seed order. */
export async function runRaid(pool: Pick<TrialPool, 'run'>, run: RaidRun): Promise<Map<string, TrialOutcome[]>> {
  const chunk = run.chunk ?? 4;
  const results = new Map(run.worlds.map((pw) => [pw.key, new Array<TrialOutcome>(run.trials)]));
  if (run.worlds.length === 0 || run.trials === 0) return results;
  if (run.signal?.aborted) throw new InterruptedError();
  const base = partRef(run.worlds[0].world, FLIGHTS);
  const total = run.worlds.filter((pw) => !pw.sameAs).length * run.trials;
  let done = 0;
  const stop = new AbortController();
  // one listener per queued chunk
  setMaxListeners(0, stop.signal);
  const onAbort = (): void => stop.abort();
  run.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const tasks: Array<() => Promise<void>> = [];
    for (const pw of run.worlds) {
      if (pw.sameAs) continue;
      const ref = overlayRef(base, pw.world, FLIGHTS);
      const out = results.get(pw.key) as TrialOutcome[];
      for (let k = 0; k < run.trials; k += chunk) {
        const to = Math.min(run.trials, k + chunk);
        tasks.push(() =>
          pool
            .run(
              { kind: 'outcomes', world: ref, weaponTypes: pw.weaponTypes, partner: run.partner, from: run.seed + k, to: run.seed + to },
              { signal: stop.signal },
            )
            .then((outcomes) => {
              outcomes.forEach((o, i) => {
                out[k + i] = o;
              });
              done += outcomes.length;
              run.onProgress?.({ done, total });
            }),
        );
      }
    }
    // `inFlight` lanes, each handing the next task over as its last returns (all at once without a limit)
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < tasks.length && !stop.signal.aborted) await tasks[next++]();
    };
    const jobs = Array.from({ length: Math.min(tasks.length, run.inFlight ?? tasks.length) }, lane);
    try {
      await Promise.all(jobs);
    } catch (e) {
      stop.abort();
      await Promise.allSettled(jobs);
      if (run.signal?.aborted) throw new InterruptedError();
      throw new Error(`partner study worker: ${e instanceof Error ? e.message : String(e)}`);
    }
  } finally {
    run.signal?.removeEventListener('abort', onAbort);
  }
  for (const pw of run.worlds) if (pw.sameAs) results.set(pw.key, results.get(pw.sameAs) as TrialOutcome[]);
  return results;
}
