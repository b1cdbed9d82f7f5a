/**
 * What a `log` task computes (protocol.ts LogTask): one trial's event log, runTrial of the world and seed
 * (a live trial: with its command and the decisions so far), and with `nation` as that nation receives
 * it (core's campaignLog: a campaign's representative trial in the campaign's view). The worker runs it;
 * the server's in-thread default (its unit tests) runs the same function.
 */
import { campaignLog, type EngineEvent, runTrial, type World } from '@golden-dome/core';
import type { LogTask } from './protocol.ts';

export function logOf(world: World, task: Omit<LogTask, 'kind' | 'world'>): EngineEvent[] {
  const events = runTrial(world, task.seed, task.command ? { command: task.command } : {});
  // readonly only in its type: a fresh array in a nation's view, else `events` itself
  return campaignLog(world, task.nation, events) as EngineEvent[];
}
