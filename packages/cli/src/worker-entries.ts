/**
 * Where each worker thread's entry file is: the one place that knows. Under the compiled CLI
 * (packages/cli/dist, built by build.mjs, which defines DOME_COMPILED) it is `dist/NAME-worker.js`;
 * under the TypeScript sources (vitest, tsx, DOME_TS=1) it is a small .mjs that registers tsx's
 * loader (a worker does not inherit the main thread's) and imports the worker module.
 * A new worker: one line here and one entry in build.mjs's ENTRIES (`NAME-worker`).
 */
declare const DOME_COMPILED: boolean | undefined;

const SOURCE_ENTRIES = {
  campaign: './campaign/worker-entry.mjs',
  partner: './partner/worker-entry.mjs',
  ballistic: './parallel/worker-entry.mjs',
} as const;

export type WorkerName = keyof typeof SOURCE_ENTRIES;

/** The URL to start worker `name` from (pass it to `new Worker`). */
export function workerEntry(name: WorkerName): URL {
  // build.mjs rewrites import.meta.url to this source file's URL, so dist/ is ../dist/ from here
  if (typeof DOME_COMPILED !== 'undefined' && DOME_COMPILED) return new URL(`../dist/${name}-worker.js`, import.meta.url);
  return new URL(SOURCE_ENTRIES[name], import.meta.url);
}
