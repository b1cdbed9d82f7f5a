import { fileURLToPath } from 'node:url';

declare const DOME_COMPILED: boolean | undefined;

/**
 * The file a trial-pool worker thread starts from: the ONE place that knows how worker code is found
 * and loaded. Under the compiled CLI (packages/cli/build.mjs defines DOME_COMPILED and rewrites
 * import.meta.url to this source file's URL) it is the bundle `packages/cli/dist/pool-worker.js`; under
 * the TypeScript sources (vitest, tsx, DOME_TS=1, the server) it is worker-entry.mjs, which registers
 * tsx (a worker does not inherit the main thread's loader) and loads worker.ts.
 */
export function workerEntryFile(): string {
  if (typeof DOME_COMPILED !== 'undefined' && DOME_COMPILED)
    return fileURLToPath(new URL('../../cli/dist/pool-worker.js', import.meta.url));
  return fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));
}
