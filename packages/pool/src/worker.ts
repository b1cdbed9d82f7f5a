/**
 * The trial pool's worker thread (piscina calls the default export with each task): one handler for
 * every kind of task (protocol.ts). Worlds arrive as WorldRefs and are kept per key (WorldCache); the
 * scenario package is loaded on the first build or validation only.
 */
import {
  addTrial,
  campaignLog,
  canonicalAggregate,
  emptyAggregate,
  firstSeenObjects,
  integrateBallisticBatch,
  BALLISTIC_BATCH_STRIDE,
  runTrial,
  summarizeTrial,
  type TrialSummary,
  trialSummaryContext,
} from '@golden-dome/core';
import type {
  BallisticTask,
  BuildTask,
  EdgeTask,
  OutcomesTask,
  PoolTask,
  ReportTask,
  SummariesTask,
  ValidateTask,
  ValidateResult,
  LogTask,
  PoolResults,
} from './protocol.ts';
import { logOf } from './trial-log.ts';
import { outcomeContext, trialOutcome } from './trial-outcome.ts';
import { LogCache, sharedWorld, WorldCache } from './world-ref.ts';

const worlds = new WorldCache();
const logs = new LogCache();

async function build(task: BuildTask): Promise<PoolResults['build']> {
  const t0 = performance.now();
  const { buildScenarioWorld, loadScenario } = await import('@golden-dome/scenario');
  const loaded = loadScenario(task.file);
  const world = buildScenarioWorld(loaded);
  const { request } = loaded;
  const weaponTypes = Object.fromEntries([...request.batteries, ...(request.spaceLayers ?? [])].map((w) => [w.id, w.interceptor]));
  return {
    world: sharedWorld(world),
    weaponTypes,
    nations: Object.keys(world.policy.nations).sort(),
    seconds: (performance.now() - t0) / 1000,
  };
}

async function validate(task: ValidateTask): Promise<ValidateResult> {
  const { InputError, InputLimitError, parseScenario } = await import('@golden-dome/scenario');
  try {
    return { ok: true, name: parseScenario(task.text, task.file).scenario.name };
  } catch (e) {
    if (e instanceof InputLimitError) return { ok: false, errors: [...e.problems], limit: true };
    if (e instanceof InputError) return { ok: false, errors: [...e.problems], limit: false };
    throw e;
  }
}

function log(task: LogTask): PoolResults['log'] {
  return logOf(worlds.get(task.world), task);
}

/** A campaign's trial; one that throws is reported with its seed (a chunk holds up to 10). */
function trialOf(world: Parameters<typeof runTrial>[0], seed: number): ReturnType<typeof runTrial> {
  try {
    return runTrial(world, seed);
  } catch (e) {
    throw new Error(`trial seed ${seed} threw: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function summaries(task: SummariesTask): PoolResults['summaries'] {
  const world = worlds.get(task.world);
  const ctx = worlds.derived(task.world, `summary:${JSON.stringify(task.weaponTypes)}`, (w) => trialSummaryContext(w, task.weaponTypes));
  const out: TrialSummary[] = [];
  const agg = emptyAggregate();
  const firstSeen = new Map<string, number>();
  for (let seed = task.from; seed < task.to; seed++) {
    const events = campaignLog(world, task.nation, trialOf(world, seed));
    const s = summarizeTrial(ctx, seed, events);
    if (task.nation !== undefined) firstSeenObjects(events, firstSeen);
    out.push(s);
    addTrial(agg, s);
  }
  return {
    summaries: out,
    aggregate: canonicalAggregate(agg),
    ...(task.nation !== undefined ? { firstSeen: Object.fromEntries(firstSeen) } : {}),
  };
}

function outcomes(task: OutcomesTask): PoolResults['outcomes'] {
  const world = worlds.get(task.world);
  const ctx = worlds.derived(task.world, `outcome:${task.partner}:${JSON.stringify(task.weaponTypes)}`, (w) =>
    outcomeContext(w, trialSummaryContext(w, task.weaponTypes), task.partner),
  );
  const out = [];
  for (let seed = task.from; seed < task.to; seed++) out.push(trialOutcome(ctx, seed, runTrial(world, seed)));
  return out;
}

function ballistic(task: BallisticTask): PoolResults['ballistic'] {
  const states = new Float64Array(task.states);
  const times = new Float64Array(task.flightTimes);
  const counter = new Int32Array(task.counter);
  const n = times.length;
  const { chunkSize, ...kernel } = task.options;
  let totalSteps = 0;
  let chunks = 0;
  for (;;) {
    const start = Atomics.add(counter, 0, chunkSize);
    if (start >= n) break;
    const end = Math.min(n, start + chunkSize);
    const r = integrateBallisticBatch(states.subarray(BALLISTIC_BATCH_STRIDE * start, BALLISTIC_BATCH_STRIDE * end), {
      ...kernel,
      blockSize: end - start,
      flightTimes: times.subarray(start, end),
    });
    totalSteps += r.totalSteps;
    chunks++;
  }
  return { totalSteps, chunks };
}

/** The server's per-nation views (protocol.ts EdgeTask): its module is loaded on the first such task only. */
async function edge(task: EdgeTask): Promise<unknown> {
  const { edgeTask } = await import('@golden-dome/server/pool-tasks');
  return edgeTask(task.fn, worlds.get(task.world), logs.get(task.log), task.args, (key, make) => logs.derived(task.log, key, make));
}

/** The cli's campaign report (protocol.ts ReportTask): its module is loaded on the first such task only. */
async function report(task: ReportTask): Promise<string> {
  const { reportTask } = await import('@golden-dome/cli/pool-tasks');
  return reportTask(worlds.get(task.world), task.args);
}

export default async function handle(task: PoolTask): Promise<unknown> {
  switch (task.kind) {
    case 'build':
      return build(task);
    case 'validate':
      return validate(task);
    case 'log':
      return log(task);
    case 'summaries':
      return summaries(task);
    case 'outcomes':
      return outcomes(task);
    case 'ballistic':
      return ballistic(task);
    case 'edge':
      return edge(task);
    case 'report':
      return report(task);
  }
}
