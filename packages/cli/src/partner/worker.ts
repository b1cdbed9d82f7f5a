/**
 * A partner-study worker thread: holds each raid's flights once and the option worlds laid over them,
 * and runs the seed ranges it is sent (runTrial, then trialOutcome). Loaded through tsx by
 * worker-entry.mjs (a worker does not inherit the main thread's loader).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { trialSummaryContext } from '../../../core/src/analysis/trial-summary.ts';
import { runTrial } from '../../../core/src/engine/trial.ts';
import type { World } from '../../../core/src/engine/world.ts';
import { PARTNER_WORKER_KIND, type PartnerWorkerReply, type PartnerWorkerRequest, type RaidFlights } from './protocol.ts';
import { type OutcomeContext, outcomeContext, trialOutcome, type TrialOutcome } from './trial-outcome.ts';

function serve(port: NonNullable<typeof parentPort>): void {
  const flights = new Map<string, RaidFlights>();
  const worlds = new Map<string, { raid: string; world: World; ctx: OutcomeContext }>();
  port.on('message', (m: PartnerWorkerRequest) => {
    if (m.type === 'raid') {
      flights.set(m.raid, m.flights);
    } else if (m.type === 'world') {
      const f = flights.get(m.raid);
      if (!f) throw new Error(`partner worker: world ${m.key} before raid ${m.raid}`);
      const world = { ...m.overlay, missiles: f.missiles, objects: f.objects } as World;
      worlds.set(m.key, { raid: m.raid, world, ctx: outcomeContext(world, trialSummaryContext(world, m.weaponTypes), m.partner) });
    } else if (m.type === 'forget') {
      flights.delete(m.raid);
      for (const [k, w] of worlds) if (w.raid === m.raid) worlds.delete(k);
    } else if (m.type === 'run') {
      try {
        const w = worlds.get(m.key);
        if (!w) throw new Error(`partner worker: no world ${m.key}`);
        const outcomes: TrialOutcome[] = [];
        for (let seed = m.from; seed < m.to; seed++) outcomes.push(trialOutcome(w.ctx, seed, runTrial(w.world, seed)));
        port.postMessage({ type: 'done', id: m.id, outcomes } satisfies PartnerWorkerReply);
      } catch (e) {
        port.postMessage({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) } satisfies PartnerWorkerReply);
      }
    }
  });
  port.postMessage({ type: 'ready' } satisfies PartnerWorkerReply);
}

if (!isMainThread && parentPort !== null && (workerData as { kind?: unknown } | null)?.kind === PARTNER_WORKER_KIND) serve(parentPort);
