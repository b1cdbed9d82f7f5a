import { fileURLToPath } from 'node:url';

/**
 * The file a trial-pool worker thread starts from: the ONE place that knows how worker code is found
 * and loaded. Today it is worker-entry.mjs, which registers tsx (the project runs TypeScript without a
 * build step) and loads worker.ts; a build that ships compiled JavaScript changes this function only.
 */
export function workerEntryFile(): string {
  return fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));
}
