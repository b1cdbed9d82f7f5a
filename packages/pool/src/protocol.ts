/**
 * The one protocol between the trial pool and its worker threads: every task is plain data (structured
 * clone) naming its `kind`; worlds travel as WorldRefs (serialized once into shared memory, cached by
 * key in each worker). One protocol for the cli (run, sweep, compare, partner-study), the server (world
 * builds, validation, live trials, campaigns) and the bench (the ballistic batch).
 */
import type { CampaignAggregate, EngineEvent, LiveCommand, NationCode, TrialSummary } from '@golden-dome/core';
import type { TrialOutcome } from './trial-outcome.ts';

/**
 * A world in shared memory: `bytes` is v8.serialize of the world (or, with `base`, of an overlay laid
 * over the base world: `{...base, ...overlay}`). Sent with each task for free (shared, not copied); a
 * worker deserializes each key once and keeps it (LRU, worker.ts).
 */
export interface WorldRef {
  key: string;
  bytes: SharedArrayBuffer;
  base?: WorldRef;
}

/** A trial's log in shared memory, like a WorldRef: serialized once per log, deserialized once per worker (LRU). */
export interface LogRef {
  key: string;
  bytes: SharedArrayBuffer;
}

/**
 * A per-nation view of one trial computed by the server (its filtered log, its scene, an export): the
 * worker hands the world and log to the server's `edgeTask(fn, world, log, args)`
 * (`@golden-dome/server/pool-tasks`, loaded on the first such task), so that the server's event loop
 * does not compute them. `args` and the result are plain data, the server's.
 */
export interface EdgeTask {
  kind: 'edge';
  fn: string;
  world: WorldRef;
  log: LogRef;
  args: unknown;
}

/**
 * A campaign's HTML report, the cli's: the worker hands the world and `args` to the cli's
 * `reportTask(world, args)` (`@golden-dome/cli/pool-tasks`, loaded on the first such task), so that the
 * server (`dome serve`) does not build it on its event loop. Like `edge`, a task of a package above the
 * pool: the kind is data, and only the cli sends it.
 */
export interface ReportTask {
  kind: 'report';
  world: WorldRef;
  args: unknown;
}

/** A scenario to build: a file (the library's or the user's), read and checked by the scenario package's one loader. */
export interface BuildTask {
  kind: 'build';
  file: string;
}
export interface BuildResult {
  world: WorldRef;
  /** Weapon id → interceptor type (the request's batteries and space layers). */
  weaponTypes: Record<string, string>;
  /** The coalition policy's nations. */
  nations: string[];
  seconds: number;
}

/** A scenario text to check (the server's POST /api/scenarios/validate). */
export interface ValidateTask {
  kind: 'validate';
  text: string;
  file: string;
}
/** `limit`: refused as too large / an alias bomb (a 413), with located problems. */
export type ValidateResult = { ok: true; name: string } | { ok: false; errors: string[]; limit: boolean };

/**
 * One trial's log (a live trial: with its command and the decisions so far); with `nation`, as that nation
 * receives it (core's campaignLog: a campaign's representative trial in the campaign's view).
 */
export interface LogTask {
  kind: 'log';
  world: WorldRef;
  seed: number;
  command?: LiveCommand;
  nation?: NationCode;
}

/** Seeds from..to-1, each trial summarised as `nation` receives it (core's campaignLog; absent: the whole log). */
export interface SummariesTask {
  kind: 'summaries';
  world: WorldRef;
  weaponTypes: Record<string, string>;
  nation?: NationCode;
  from: number;
  to: number;
}
export interface SummariesResult {
  summaries: TrialSummary[];
  aggregate: CampaignAggregate;
  /** A nation's view only: per object, the earliest time the nation saw it over the seeds run. */
  firstSeen?: Record<string, number>;
}

/** Seeds from..to-1 reduced to the partner study's outcomes. */
export interface OutcomesTask {
  kind: 'outcomes';
  world: WorldRef;
  weaponTypes: Record<string, string>;
  partner: NationCode;
  from: number;
  to: number;
}

/** Claims chunks of a ballistic batch from a shared counter until none are left (bench W1). */
export interface BallisticTask {
  kind: 'ballistic';
  states: SharedArrayBuffer;
  flightTimes: SharedArrayBuffer;
  counter: SharedArrayBuffer;
  options: { dt: number; cutoffAltitude: number; maxSteps: number; j2?: number; chunkSize: number };
}
export interface BallisticResult {
  totalSteps: number;
  chunks: number;
}

export type PoolTask = BuildTask | ValidateTask | LogTask | SummariesTask | OutcomesTask | BallisticTask | EdgeTask | ReportTask;

export interface PoolResults {
  build: BuildResult;
  validate: ValidateResult;
  log: EngineEvent[];
  summaries: SummariesResult;
  outcomes: TrialOutcome[];
  ballistic: BallisticResult;
  edge: unknown;
  report: string;
}
export type ResultOf<T extends PoolTask> = PoolResults[T['kind']];
