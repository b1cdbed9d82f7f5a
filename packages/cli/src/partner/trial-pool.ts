/**
 * The partner study's worker pool: one set of worker threads for the whole study. Each raid's flights
 * go to each worker once; each option world is sent as an overlay on them (policy, sensors, batteries,
 * windows), so a polar raid's hundreds of flights are cloned once per worker, not once per option.
 *
 * Determinism: trial k of a world is runTrial(world, seed + k) wherever it runs, and each outcome is
 * stored at its own index, so the results are the same for any worker count and scheduling.
 */
import { Worker } from 'node:worker_threads';
import type { World } from '../../../core/src/engine/world.ts';
import { PARTNER_WORKER_KIND, type PartnerWorkerReply, type PartnerWorkerRequest, type WorldOverlay } from './protocol.ts';
import type { TrialOutcome } from './trial-outcome.ts';
import { workerEntry } from '../worker-entries.ts';

export interface PoolWorld {
  key: string;
  world: World;
  weaponTypes: Record<string, string>;
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
  /** Seeds per request (default 4). */
  chunk?: number;
  signal?: AbortSignal;
  onProgress?: (p: PoolProgress) => void;
}

export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}

const overlayOf = (w: World): WorldOverlay => {
  const { missiles: _m, objects: _o, ...rest } = w;
  return rest;
};

export class TrialPool {
  private constructor(private readonly workers: Worker[]) {}

  /** Starts `count` workers and waits until each is ready. */
  static async start(count: number): Promise<TrialPool> {
    const entry = workerEntry('partner');
    const workers: Worker[] = [];
    try {
      await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
        const w = new Worker(entry, { workerData: { kind: PARTNER_WORKER_KIND } });
        workers.push(w);
        const onMessage = (m: PartnerWorkerReply): void => {
          if (m.type === 'ready') {
            w.off('message', onMessage);
            w.off('error', reject);
            resolve();
          }
        };
        w.on('message', onMessage);
        w.on('error', reject);
      })));
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new TrialPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs seeds seed..seed+trials-1 of every world of one raid; outcomes per world key, in seed order. */
  async runRaid(run: RaidRun): Promise<Map<string, TrialOutcome[]>> {
    const chunk = run.chunk ?? 4;
    const { missiles, objects } = run.worlds[0].world;
    const post = (w: Worker, m: PartnerWorkerRequest): void => w.postMessage(m);
    for (const w of this.workers) {
      post(w, { type: 'raid', raid: run.raid, flights: { missiles, objects } });
      for (const pw of run.worlds) post(w, { type: 'world', key: pw.key, raid: run.raid, overlay: overlayOf(pw.world), partner: run.partner, weaponTypes: pw.weaponTypes });
    }
    const jobs: Array<{ key: string; from: number; to: number }> = [];
    for (const pw of run.worlds) for (let k = 0; k < run.trials; k += chunk) jobs.push({ key: pw.key, from: k, to: Math.min(run.trials, k + chunk) });
    const results = new Map(run.worlds.map((pw) => [pw.key, new Array<TrialOutcome>(run.trials)]));
    const total = jobs.length > 0 ? run.worlds.length * run.trials : 0;
    let done = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        let next = 0;
        let settled = false;
        let inFlight = 0;
        const pending = new Map<number, { key: string; from: number }>();
        let requestId = 0;
        const cleanups: Array<() => void> = [];
        const settle = (fn: () => void): void => {
          if (settled) return;
          settled = true;
          for (const c of cleanups) c();
          fn();
        };
        const onAbort = (): void => settle(() => reject(new InterruptedError()));
        if (run.signal?.aborted) return onAbort();
        run.signal?.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => run.signal?.removeEventListener('abort', onAbort));
        const dispatch = (w: Worker): void => {
          if (settled || next >= jobs.length) return;
          const j = jobs[next++];
          const id = ++requestId;
          pending.set(id, { key: j.key, from: j.from });
          inFlight++;
          post(w, { type: 'run', id, key: j.key, from: run.seed + j.from, to: run.seed + j.to });
        };
        for (const w of this.workers) {
          const onMessage = (m: PartnerWorkerReply): void => {
            if (settled || m.type === 'ready') return;
            const p = pending.get(m.id);
            pending.delete(m.id);
            inFlight--;
            if (m.type === 'error' || !p) {
              settle(() => reject(new Error(`partner study worker, ${p?.key ?? '?'}: ${m.type === 'error' ? m.message : 'unknown reply'}`)));
              return;
            }
            const out = results.get(p.key) as TrialOutcome[];
            m.outcomes.forEach((o, i) => { out[p.from + i] = o; });
            done += m.outcomes.length;
            run.onProgress?.({ done, total });
            dispatch(w);
            if (inFlight === 0 && next >= jobs.length) settle(resolve);
          };
          const onError = (e: Error): void => settle(() => reject(e));
          const onExit = (code: number): void => settle(() => reject(new Error(`partner study worker exited with code ${code}`)));
          w.on('message', onMessage);
          w.on('error', onError);
          w.on('exit', onExit);
          cleanups.push(() => {
            w.off('message', onMessage);
            w.off('error', onError);
            w.off('exit', onExit);
          });
        }
        for (const w of this.workers) dispatch(w);
        if (jobs.length === 0) settle(resolve);
      });
    } finally {
      for (const w of this.workers) post(w, { type: 'forget', raid: run.raid });
    }
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
